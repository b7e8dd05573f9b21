//! JUnit XML output, for CI systems that show test results (GitLab, Jenkins, Azure…).
//!
//! - One `<testsuite>` per report file, named by its path.
//! - One `<testcase>` per rule that ran (`classname` = the path, `name` = the rule id), then
//!   one per fixed code (`schema`, `invalid-json`, …) or other code that has findings in the
//!   file.
//! - A test case fails when it has findings at or above the `fail_on` severity that are not
//!   suppressed. Most readers show one `<failure>` per test case, so all its findings go into
//!   one: `message` is the first finding's message, with "（共 N 条）" when there are more;
//!   the body lists every finding with its place, 整改建议 and basis.
//! - Findings that do not fail the case (below the threshold, or suppressed) are listed in
//!   the case's `<system-out>`.
//! - When the rules could not run on a file (unreadable, not JSON, duplicate keys), the rules'
//!   test cases are `<skipped>`, so that they do not pass unseen.
//! - `tests`, `failures`, `errors` (always 0: a broken report is a failure of the report, not
//!   of jixiao) and `skipped` are counted per suite and in `<testsuites>`.

use crate::diagnostic::{Diagnostic, Severity};
use crate::diagnostic::{FileReport, RuleMeta, rules_with_codes_of};
use std::fmt::Write as _;

#[derive(Default)]
struct Counts {
    tests: usize,
    failures: usize,
    skipped: usize,
}

/// Renders one JUnit document for all files. `rules` are the rules that ran (see
/// [`crate::rules::RuleSet::metas`]); `fail_on` is the lowest severity that fails a test case (`None`:
/// nothing fails, every finding is only listed).
pub fn render(files: &[FileReport], rules: &[RuleMeta<'_>], fail_on: Option<Severity>) -> String {
    super::stream::render_text(Stream::new(rules, fail_on), files)
}

/// [`render`] file by file: one `<testsuite>` per file, held because `<testsuites>` opens with
/// the totals.
pub struct Stream<'r> {
    rules: &'r [RuleMeta<'r>],
    fail_on: Option<Severity>,
    total: Counts,
}

impl<'r> Stream<'r> {
    pub fn new(rules: &'r [RuleMeta<'r>], fail_on: Option<Severity>) -> Self {
        Stream { rules, fail_on, total: Counts::default() }
    }
}

impl super::stream::Streaming for Stream<'_> {
    fn holds(&self) -> bool {
        true
    }

    fn file(&mut self, file: &FileReport) -> super::stream::Piece {
        let (counts, xml) = suite(file, self.rules, self.fail_on);
        self.total.tests += counts.tests;
        self.total.failures += counts.failures;
        self.total.skipped += counts.skipped;
        xml.into()
    }

    fn head(&mut self) -> String {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        open_tag(&mut out, "", "testsuites", "jixiao", &self.total);
        out
    }

    fn finish(&mut self) -> String {
        "</testsuites>\n".to_string()
    }
}

/// `<testsuites …>` or `<testsuite …>` with its counts; `name` is already escaped.
fn open_tag(out: &mut String, indent: &str, tag: &str, name: &str, counts: &Counts) {
    let _ = writeln!(
        out,
        "{indent}<{tag} name=\"{name}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">",
        counts.tests, counts.failures, counts.skipped
    );
}

fn suite(file: &FileReport, rules: &[RuleMeta<'_>], fail_on: Option<Severity>) -> (Counts, String) {
    let cases = rules_with_codes_of(rules, &file.diagnostics);
    let rules_ran = file.rules_evaluated();
    let path = escape_attr(&file.path);
    let mut counts = Counts { tests: cases.len(), ..Counts::default() };
    let mut body = String::new();
    for case in &cases {
        let findings: Vec<&Diagnostic> = file.diagnostics.iter().filter(|d| d.code == case.id).collect();
        let (failing, listed): (Vec<&Diagnostic>, Vec<&Diagnostic>) = findings
            .iter()
            .copied()
            .partition(|d| !d.is_suppressed() && fail_on.is_some_and(|threshold| d.severity >= threshold));
        let _ = write!(body, "    <testcase classname=\"{path}\" name=\"{}\"", escape_attr(case.id));
        let skipped = findings.is_empty() && !rules_ran;
        if failing.is_empty() && listed.is_empty() && !skipped {
            body.push_str("/>\n");
            continue;
        }
        body.push_str(">\n");
        if let Some(first) = failing.first() {
            counts.failures += 1;
            let mut message = first.message.clone();
            if failing.len() > 1 {
                let _ = write!(message, "（共 {} 条）", failing.len());
            }
            let severity = failing.iter().map(|d| d.severity).max().unwrap_or(first.severity);
            let text: Vec<String> = failing.iter().map(|d| finding(file, d)).collect();
            let _ = writeln!(
                body,
                "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                escape_attr(&message),
                severity.as_str(),
                escape_text(&text.join("\n\n"))
            );
        } else if skipped {
            counts.skipped += 1;
            body.push_str("      <skipped message=\"报告未能读取或解析，规则未运行\"/>\n");
        }
        if !listed.is_empty() {
            let text: Vec<String> = listed.iter().map(|d| finding(file, d)).collect();
            let _ = writeln!(body, "      <system-out>{}</system-out>", escape_text(&text.join("\n\n")));
        }
        body.push_str("    </testcase>\n");
    }
    let mut xml = String::new();
    open_tag(&mut xml, "  ", "testsuite", &path, &counts);
    xml.push_str(&body);
    xml.push_str("  </testsuite>\n");
    (counts, xml)
}

/// One finding as text: severity and message, place, pointer, 整改建议, basis.
fn finding(file: &FileReport, diagnostic: &Diagnostic) -> String {
    let mut lines = vec![format!("[{}] {}", diagnostic.severity.zh(), diagnostic.message)];
    if let Some(reason) = &diagnostic.suppressed {
        lines.push(format!("已豁免：{reason}"));
    }
    match file.positions(diagnostic) {
        Some(((line, col), _)) => lines.push(format!("位置：{}:{line}:{col}", file.path)),
        None => lines.push(format!("位置：{}", file.path)),
    }
    if let Some(pointer) = &diagnostic.pointer {
        lines.push(format!("JSON 指针：{pointer}"));
    }
    if let Some(help) = &diagnostic.help {
        lines.push(format!("整改建议：{help}"));
    }
    if let Some(basis) = &diagnostic.basis {
        lines.push(format!("依据：{basis}"));
    }
    lines.join("\n")
}

/// Characters XML 1.0 allows; others (control characters such as ESC, U+FFFE, U+FFFF) make
/// the document unreadable, so they are replaced.
fn xml_char(c: char) -> char {
    match c {
        '\t' | '\n' | '\r' => c,
        '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => '\u{fffd}',
        _ => c,
    }
}

/// Escapes character data.
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().map(xml_char) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // A lone CR would be normalised to LF by every reader.
            '\r' => out.push_str("&#13;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes an attribute value in double quotes. Line breaks and tabs are written as character
/// references, because a reader normalises literal ones in attributes to spaces.
fn escape_attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().map(xml_char) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped() {
        assert_eq!(escape_text("a<b>&c\u{1b}[0m"), "a&lt;b&gt;&amp;c\u{fffd}[0m");
        assert_eq!(escape_attr("\"x\"\n'y'\t"), "&quot;x&quot;&#10;&apos;y&apos;&#9;");
    }
}
