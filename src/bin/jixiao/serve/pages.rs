//! The HTML pages: the upload form, the result, the rule reference, errors. Templates are
//! `.html` files under `templates/`, so askama escapes every value they print; report text is
//! never marked safe. Highlighting is done by splitting the text in Rust (before, hit, after),
//! never by building HTML.

use super::isolate::Checked;
use askama::Template;
use jixiao::diagnostic::{Diagnostic, FileReport, Severity};
use jixiao::render::summary::{self, DepartmentSummary};
use jixiao::rules::RuleSet;

/// Characters of context kept either side of a highlighted value.
const CONTEXT_CHARS: usize = 60;

/// A profile offered in the form.
pub struct ProfileChoice {
    pub name: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "index.html")]
pub struct IndexPage {
    pub profiles: Vec<ProfileChoice>,
    pub max_upload: String,
    pub max_files: usize,
}

#[derive(Template)]
#[template(path = "result.html")]
pub struct ResultPage {
    pub profile: String,
    pub files: Vec<FileView>,
    pub total: Totals,
    /// The per-department table, for a batch.
    pub departments: Vec<DepartmentSummary>,
    /// The uploads, carried back for the downloads: (name, base64 of the bytes).
    pub carried: Vec<(String, String)>,
}

#[derive(Default)]
pub struct Totals {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

pub struct FileView {
    pub name: String,
    pub department: Option<String>,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub severities: Vec<SeverityGroup>,
}

/// The findings of one severity, grouped by rule.
pub struct SeverityGroup {
    /// `error`, `warning` or `info`, for the style.
    pub class: &'static str,
    pub title: &'static str,
    pub rules: Vec<RuleGroup>,
}

pub struct RuleGroup {
    pub rule: String,
    /// Whether `/rules/ID` documents the rule (fixed codes have no page).
    pub documented: bool,
    pub findings: Vec<FindingView>,
}

pub struct FindingView {
    /// Where the finding is: `line:column`, or a label such as a cell or a paragraph.
    pub place: Option<String>,
    pub excerpt: Option<Excerpt>,
    pub message: String,
    pub actual: Option<String>,
    pub expected: Option<String>,
    pub help: Option<String>,
    pub basis: Option<String>,
    pub suppressed: Option<String>,
}

/// The report's line around a finding, split at the offending value.
#[derive(Debug, PartialEq, Eq)]
pub struct Excerpt {
    /// The line number, or the cell or paragraph the excerpt is from.
    pub line: String,
    pub before: String,
    pub hit: String,
    pub after: String,
}

#[derive(Template)]
#[template(path = "rules.html")]
pub struct RulesPage {
    pub profile: String,
    pub rules: Vec<RuleRow>,
}

pub struct RuleRow {
    pub id: String,
    pub title: String,
    pub severity: &'static str,
    pub category: String,
    pub enabled: bool,
}

#[derive(Template)]
#[template(path = "rule.html")]
pub struct RulePage {
    pub id: String,
    pub title: String,
    pub text: String,
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub status: u16,
    pub message: String,
}

/// A page as text; a template that fails to render (it cannot with these types) gives a plain
/// message rather than a panic.
pub fn render(page: &impl Template) -> String {
    page.render().unwrap_or_else(|err| format!("页面生成失败：{err}"))
}

/// Sizes for people: `32 MB`, `500 KB`.
pub fn size_text(bytes: u64) -> String {
    if bytes >= 1 << 20 && bytes.is_multiple_of(1 << 20) {
        format!("{} MB", bytes >> 20)
    } else if bytes >= 1 << 10 {
        format!("{} KB", bytes >> 10)
    } else {
        format!("{bytes} 字节")
    }
}

pub fn result_page(profile: &str, checked: &[Checked], carried: Vec<(String, String)>) -> ResultPage {
    let mut total = Totals::default();
    let files: Vec<FileView> = checked
        .iter()
        .map(|c| {
            let view = file_view(c);
            total.files += 1;
            total.errors += view.errors;
            total.warnings += view.warnings;
            total.infos += view.infos;
            view
        })
        .collect();
    let departments = if checked.len() > 1 {
        let reports: Vec<&FileReport> = checked.iter().map(|c| &c.report).collect();
        let mut tally = summary::Tally::default();
        for report in reports {
            tally.add(report);
        }
        tally.summaries()
    } else {
        Vec::new()
    };
    ResultPage { profile: profile.to_string(), files, total, departments, carried }
}

fn file_view(checked: &Checked) -> FileView {
    let report = &checked.report;
    let mut severities = Vec::new();
    for severity in Severity::ALL {
        let mut rules: Vec<RuleGroup> = Vec::new();
        for (diagnostic, place) in report.diagnostics.iter().zip(&checked.places) {
            if diagnostic.severity != severity {
                continue;
            }
            let finding = finding_view(report, diagnostic, place.as_deref());
            match rules.iter_mut().find(|g| g.rule == diagnostic.code) {
                Some(group) => group.findings.push(finding),
                None => rules.push(RuleGroup {
                    rule: diagnostic.code.clone(),
                    documented: jixiao::diagnostic::RuleMeta::fixed(&diagnostic.code).is_none(),
                    findings: vec![finding],
                }),
            }
        }
        if !rules.is_empty() {
            let (class, title) = match severity {
                Severity::Error => ("error", "错误"),
                Severity::Warning => ("warning", "警告"),
                Severity::Info => ("info", "提示"),
            };
            severities.push(SeverityGroup { class, title, rules });
        }
    }
    FileView {
        name: report.path.clone(),
        department: jixiao::render::remediation::department_of(report),
        errors: report.count(Severity::Error),
        warnings: report.count(Severity::Warning),
        infos: report.count(Severity::Info),
        severities,
    }
}

fn finding_view(report: &FileReport, diagnostic: &Diagnostic, place: Option<&str>) -> FindingView {
    let place = match report.positions(diagnostic) {
        Some(((line, column), _)) => Some(format!("{line}:{column}")),
        None => place.map(str::to_string),
    };
    let excerpt = match (&report.source, &diagnostic.span, &diagnostic.source) {
        (Some(source), Some(span), _) => {
            excerpt(source.text(), span.start, span.end, source.position(span.start).0.to_string())
        }
        // A cell or a sentence of an imported document, its value marked.
        (_, _, Some(place)) => {
            let range = place.highlight.clone().unwrap_or(0..place.excerpt.len());
            excerpt(&place.excerpt, range.start, range.end, place.label.clone())
        }
        _ => None,
    };
    FindingView {
        place,
        excerpt,
        message: diagnostic.message.clone(),
        actual: diagnostic.actual.clone(),
        expected: diagnostic.expected.clone(),
        help: diagnostic.help.clone(),
        basis: diagnostic.basis.clone(),
        suppressed: diagnostic.suppressed.clone(),
    }
}

/// The line of `text` holding byte `start`, split at `start..end` (cut at the line's end), with
/// at most [`CONTEXT_CHARS`] characters either side. `None` when the span does not fall on
/// character boundaries of the text.
pub fn excerpt(text: &str, start: usize, end: usize, line: String) -> Option<Excerpt> {
    let line_start = text.get(..start)?.rfind('\n').map_or(0, |i| i + 1);
    let line_end = text.get(start..)?.find('\n').map_or(text.len(), |i| start + i);
    let hit_end = end.clamp(start, line_end);
    let before = text.get(line_start..start)?.trim_start();
    let hit = text.get(start..hit_end)?;
    let after = text.get(hit_end..line_end)?.trim_end_matches('\r');
    let skip = before.chars().count().saturating_sub(CONTEXT_CHARS);
    let before: String = if skip > 0 {
        std::iter::once('…').chain(before.chars().skip(skip)).collect()
    } else {
        before.to_string()
    };
    let mut after_kept: String = after.chars().take(CONTEXT_CHARS).collect();
    if after.chars().nth(CONTEXT_CHARS).is_some() {
        after_kept.push('…');
    }
    Some(Excerpt { line, before, hit: hit.to_string(), after: after_kept })
}

pub fn rules_page(set: &RuleSet) -> RulesPage {
    RulesPage {
        profile: set.profile.clone(),
        rules: set
            .rules
            .iter()
            .map(|rule| RuleRow {
                id: rule.id.clone(),
                title: rule.title.clone(),
                severity: rule.severity.zh(),
                category: rule.category.clone(),
                enabled: rule.enabled,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_splits_the_line_at_the_value() {
        let text = "{\n  \"declared_indicator_count\": 10,\n  \"x\": 1\n}";
        let start = text.find("10").unwrap_or_default();
        let got = excerpt(text, start, start + 2, "2".to_string());
        assert_eq!(
            got,
            Some(Excerpt {
                line: "2".to_string(),
                before: "\"declared_indicator_count\": ".to_string(),
                hit: "10".to_string(),
                after: ",".to_string()
            })
        );
    }

    #[test]
    fn an_excerpt_cuts_a_span_at_the_end_of_its_line_and_long_context() {
        let long = "甲".repeat(100);
        let text = format!("{long}\"值\"\n下一行");
        let start = text.find('"').unwrap_or_default();
        let got = excerpt(&text, start, text.len(), "1".to_string())
            .map(|e| (e.before.chars().count(), e.hit, e.after));
        assert_eq!(got, Some((CONTEXT_CHARS + 1, "\"值\"".to_string(), String::new())));
    }

    #[test]
    fn a_span_inside_a_character_gives_no_excerpt() {
        assert_eq!(excerpt("甲乙", 1, 2, "1".to_string()), None);
    }

    #[test]
    fn sizes_read_in_the_largest_whole_unit() {
        assert_eq!(size_text(32 << 20), "32 MB");
        assert_eq!(size_text(500 << 10), "500 KB");
        assert_eq!(size_text(10), "10 字节");
    }
}
