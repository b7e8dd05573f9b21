//! Human output: miette's graphical report per finding, the value underlined and labelled in
//! the report's text (or in the cell or sentence of an imported document), then a summary.
//!
//! By default a file's findings are grouped by rule: the rule's title, severity and 依据 once,
//! each finding with its place, excerpt and 实际/应为, and the 整改建议 once when every finding of
//! the rule shares it. `--verbose` prints everything under every finding.

use crate::diagnostic::{Diagnostic, RuleMeta, Severity, SourceRef};
use crate::diagnostic::{FileReport, Summary};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource};
use std::fmt::{self, Write as _};

/// How to draw: colours and width are decided by the caller (terminal, `--color`, `NO_COLOR`).
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

/// One diagnostic as miette sees it.
struct Shown<'a> {
    diagnostic: &'a Diagnostic,
    file: &'a FileReport,
    footer: Option<String>,
    /// The cell or sentence of an imported document, named by file and place, to draw instead
    /// of the report's text.
    imported: Option<(NamedSource<String>, std::ops::Range<usize>)>,
    /// Under a group's heading, which names the rule: the code is not repeated.
    in_group: bool,
}

impl<'a> Shown<'a> {
    fn new(file: &'a FileReport, diagnostic: &'a Diagnostic, footer: Option<String>) -> Self {
        let imported = diagnostic.source.as_deref().and_then(|source| excerpt_of(&file.path, source));
        Shown { diagnostic, file, footer, imported, in_group: false }
    }
}

/// The excerpt of an imported place as a source to draw, with the value's range in it (the
/// whole excerpt when the value's own place in it is not known).
fn excerpt_of(path: &str, source: &SourceRef) -> Option<(NamedSource<String>, std::ops::Range<usize>)> {
    if source.excerpt.trim().is_empty() {
        return None;
    }
    let range = source
        .highlight
        .clone()
        .filter(|h| {
            h.end <= source.excerpt.len()
                && source.excerpt.is_char_boundary(h.start)
                && source.excerpt.is_char_boundary(h.end)
        })
        .unwrap_or(0..source.excerpt.len());
    // A value in a text file is named as an editor names it, `path:line:column`.
    let name = match source.text_position() {
        Some(((line, column), _)) => format!("{path}:{line}:{column} {}", source.label),
        None => format!("{path} {}", source.label),
    };
    Some((NamedSource::new(name, source.excerpt.clone()), range))
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Without a place to point at, the header would not name the file: say it here.
        if self.imported.is_none() && (self.diagnostic.span.is_none() || self.file.source.is_none()) {
            write!(f, "{}: ", self.file.path)?;
            if let Some(source) = &self.diagnostic.source {
                write!(f, "{}: ", source.label)?;
            }
        }
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        if self.in_group {
            return None;
        }
        Some(Box::new(&self.diagnostic.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.footer.as_ref().map(|f| Box::new(f) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        if let Some((source, _)) = &self.imported {
            return Some(source as &dyn miette::SourceCode);
        }
        self.diagnostic.span.as_ref()?;
        self.file.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = match &self.imported {
            Some((_, range)) => range.clone(),
            None => {
                self.file.source.as_ref()?;
                self.diagnostic.span.clone()?
            }
        };
        let label = self.diagnostic.label.clone().or_else(|| self.diagnostic.actual.clone());
        Some(Box::new(std::iter::once(LabeledSpan::new_primary_with_span(label, span))))
    }
}

/// The text under a diagnostic: what was found and expected, 整改建议, and the basis.
fn footer(diagnostic: &Diagnostic) -> Option<String> {
    footer_with(diagnostic, true, true)
}

/// [`footer`] with or without the 整改建议 and the basis, which a group of findings of one rule
/// prints once.
fn footer_with(diagnostic: &Diagnostic, help: bool, basis: bool) -> Option<String> {
    let mut lines = Vec::new();
    match (&diagnostic.actual, &diagnostic.expected) {
        (Some(actual), Some(expected)) => lines.push(format!("实际：{actual}；应为：{expected}")),
        (Some(actual), None) => lines.push(format!("实际：{actual}")),
        (None, Some(expected)) => lines.push(format!("应为：{expected}")),
        (None, None) => {}
    }
    if let Some(help) = diagnostic.help.as_ref().filter(|_| help) {
        // Problems of rule files are for rule authors, not a remediation of the report.
        if diagnostic.code == crate::diagnostic::codes::RULE_FILE {
            lines.push(help.clone());
        } else {
            lines.push(format!("整改建议：{help}"));
        }
    }
    if let Some(basis) = diagnostic.basis.as_ref().filter(|_| basis) {
        lines.push(format!("依据：{basis}"));
    }
    (!lines.is_empty()).then(|| lines.join("\n"))
}

fn handler(style: Style) -> GraphicalReportHandler {
    let theme = if style.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    GraphicalReportHandler::new_themed(theme).with_width(style.width).with_links(false)
}

/// Renders every diagnostic of every file, then the summary.
pub fn render(files: &[FileReport], style: Style, quiet: bool) -> String {
    super::stream::render_text(Stream::new(style, quiet), files)
}

/// How much to print under each finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Detail {
    /// Findings grouped by rule, the 依据 and a shared 整改建议 once per rule.
    #[default]
    Grouped,
    /// Everything under every finding.
    Verbose,
}

/// [`render`] file by file: each file's diagnostics as it comes, the summary at the end.
pub struct Stream {
    handler: GraphicalReportHandler,
    detail: Detail,
    /// Titles of the rules, by id, for the heading of each group.
    titles: std::collections::HashMap<String, String>,
    quiet: bool,
    /// Whether any diagnostic was written, so that the table is set off by a blank line.
    wrote: bool,
    summary: Summary,
    departments: super::summary::Tally,
}

impl Stream {
    pub fn new(style: Style, quiet: bool) -> Self {
        Stream {
            handler: handler(style),
            detail: Detail::Verbose,
            titles: std::collections::HashMap::new(),
            quiet,
            wrote: false,
            summary: Summary::default(),
            departments: super::summary::Tally::default(),
        }
    }
}

impl Stream {
    /// Findings grouped by rule (see [`Detail`]), with the rules' titles from `rules`.
    pub fn grouped(mut self, rules: &[RuleMeta<'_>]) -> Self {
        self.detail = Detail::Grouped;
        self.titles = rules.iter().map(|r| (r.id.to_string(), r.title.to_string())).collect();
        self
    }
}

impl super::stream::Streaming for Stream {
    fn file(&mut self, file: &FileReport) -> super::stream::Piece {
        self.summary.add(file);
        self.departments.add(file);
        let mut out = String::new();
        if !self.quiet {
            // Accepted findings are counted in the summary, not shown again.
            let shown: Vec<&Diagnostic> = file.diagnostics.iter().filter(|d| !d.is_suppressed()).collect();
            match self.detail {
                Detail::Verbose => {
                    for diagnostic in shown {
                        render_one(&self.handler, file, diagnostic, &mut out);
                    }
                }
                Detail::Grouped => render_grouped(&self.handler, &self.titles, file, &shown, &mut out),
            }
        }
        self.wrote |= !out.is_empty();
        out.into()
    }

    fn finish(&mut self) -> String {
        let mut out = String::new();
        // A batch ends with the table a finance bureau reads first; `--quiet` shows only that.
        if self.summary.files > 1 || self.quiet {
            if self.wrote {
                out.push('\n');
            }
            out.push_str(&super::summary::table(&self.departments.summaries()));
            out.push('\n');
        }
        out.push_str(&summary_line(&self.summary));
        out.push('\n');
        out
    }
}

fn render_one(
    handler: &GraphicalReportHandler,
    file: &FileReport,
    diagnostic: &Diagnostic,
    out: &mut String,
) {
    render_with(handler, Shown::new(file, diagnostic, footer(diagnostic)), out);
}

/// A file's findings by rule, in the order each rule is first met: a heading with the rule's
/// title, severity and count, each finding with only what is its own, then the 整改建议 (when
/// every finding shares it) and the 依据, once.
fn render_grouped(
    handler: &GraphicalReportHandler,
    titles: &std::collections::HashMap<String, String>,
    file: &FileReport,
    shown: &[&Diagnostic],
    out: &mut String,
) {
    let mut order: Vec<&str> = Vec::new();
    for diagnostic in shown {
        if !order.contains(&diagnostic.code.as_str()) {
            order.push(&diagnostic.code);
        }
    }
    for code in order {
        let group: Vec<&Diagnostic> = shown.iter().copied().filter(|d| d.code == code).collect();
        let Some(first) = group.first() else { continue };
        if group.len() == 1 {
            render_one(handler, file, first, out);
            continue;
        }
        let shared_help = group.iter().all(|d| d.help == first.help);
        let shared_basis = group.iter().all(|d| d.basis == first.basis);
        let severity = group.iter().map(|d| d.severity).max().unwrap_or(first.severity);
        let title = titles.get(code).map(|t| format!(" {t}")).unwrap_or_default();
        let _ = writeln!(out, "{code}{title}（{}，{} 处）· {}\n", severity.zh(), group.len(), file.path);
        for diagnostic in &group {
            let own = footer_with(diagnostic, !shared_help, !shared_basis);
            render_with(handler, Shown { in_group: true, ..Shown::new(file, diagnostic, own) }, out);
            out.push('\n');
        }
        let mut tail = Vec::new();
        if shared_help && let Some(help) = &first.help {
            tail.push(format!("整改建议：{help}"));
        }
        if shared_basis && let Some(basis) = &first.basis {
            tail.push(format!("依据：{basis}"));
        }
        for line in tail {
            let _ = writeln!(out, "  {line}");
        }
        if shared_help || shared_basis {
            out.push('\n');
        }
    }
}

fn render_with(handler: &GraphicalReportHandler, shown: Shown<'_>, out: &mut String) {
    let (file, diagnostic) = (shown.file, shown.diagnostic);
    // A cell or a sentence is named by its place (`自评表!E5`); a line and column inside the
    // excerpt would only mislead.
    let rendered = match shown.imported {
        Some(_) => handler.clone().without_primary_span_start().render_report(out, &shown),
        None => handler.render_report(out, &shown),
    };
    if rendered.is_err() {
        // A span miette cannot draw still deserves the message.
        let _ = writeln!(out, "{}: {} [{}]", file.path, diagnostic.message, diagnostic.code);
    }
}

/// "检查了 3 个文件：2 个错误，1 个警告，0 个提示"
pub fn summary_line(summary: &Summary) -> String {
    let mut line = format!(
        "检查了 {} 个文件：{} 个错误，{} 个警告，{} 个提示",
        summary.files, summary.errors, summary.warnings, summary.infos
    );
    if summary.suppressed > 0 {
        line.push_str(&format!("（另有 {} 个已豁免）", summary.suppressed));
    }
    line
}

/// Renders problems (rule files, configuration) without the summary line.
pub fn render_problems(files: &[FileReport], style: Style) -> String {
    let handler = handler(style);
    let mut out = String::new();
    for file in files {
        for diagnostic in &file.diagnostics {
            render_one(&handler, file, diagnostic, &mut out);
        }
    }
    out
}
