//! Human output: miette's graphical report per diagnostic, the value underlined and labelled,
//! then a one-line summary.

use crate::diagnostic::{Diagnostic, Severity};
use crate::diagnostic::{FileReport, Summary};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan};
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
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Without a place to point at, the header would not name the file: say it here.
        if self.diagnostic.span.is_none() || self.file.source.is_none() {
            write!(f, "{}: ", self.file.path)?;
        }
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
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
        self.diagnostic.span.as_ref()?;
        self.file.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.diagnostic.span.clone()?;
        self.file.source.as_ref()?;
        let label = self.diagnostic.label.clone().or_else(|| self.diagnostic.actual.clone());
        Some(Box::new(std::iter::once(LabeledSpan::new_primary_with_span(label, span))))
    }
}

/// The text under a diagnostic: what was found and expected, 整改建议, and the basis.
fn footer(diagnostic: &Diagnostic) -> Option<String> {
    let mut lines = Vec::new();
    match (&diagnostic.actual, &diagnostic.expected) {
        (Some(actual), Some(expected)) => lines.push(format!("实际：{actual}；应为：{expected}")),
        (Some(actual), None) => lines.push(format!("实际：{actual}")),
        (None, Some(expected)) => lines.push(format!("应为：{expected}")),
        (None, None) => {}
    }
    if let Some(help) = &diagnostic.help {
        // Problems of rule files are for rule authors, not a remediation of the report.
        if diagnostic.code == crate::diagnostic::codes::RULE_FILE {
            lines.push(help.clone());
        } else {
            lines.push(format!("整改建议：{help}"));
        }
    }
    if let Some(basis) = &diagnostic.basis {
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

/// [`render`] file by file: each file's diagnostics as it comes, the summary at the end.
pub struct Stream {
    handler: GraphicalReportHandler,
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
            quiet,
            wrote: false,
            summary: Summary::default(),
            departments: super::summary::Tally::default(),
        }
    }
}

impl super::stream::Streaming for Stream {
    fn file(&mut self, file: &FileReport) -> super::stream::Piece {
        self.summary.add(file);
        self.departments.add(file);
        let mut out = String::new();
        if !self.quiet {
            // Accepted findings are counted in the summary, not shown again.
            for diagnostic in file.diagnostics.iter().filter(|d| !d.is_suppressed()) {
                render_one(&self.handler, file, diagnostic, &mut out);
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
    let shown = Shown { diagnostic, file, footer: footer(diagnostic) };
    if handler.render_report(out, &shown).is_err() {
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
