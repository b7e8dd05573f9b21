//! GitHub Actions workflow commands: one annotation line per diagnostic, which the runner
//! shows on the pull request's changed files and in the job summary.
//!
//! ```text
//! ::error file=reports/a.json,line=7,col=27,endLine=7,endColumn=34,title=jixiao (schema)::…
//! ```
//!
//! - `error`, `warning` and `notice` follow the severity.
//! - Lines are 1-based; columns count characters and the end column is just after the value.
//! - A span over several lines gives no `col`/`endColumn`: GitHub rejects columns unless
//!   `line` equals `endLine`. A diagnostic without a span gives only `file`.
//! - The message is followed by the 整改建议 and the basis, on lines of their own.
//! - Suppressed diagnostics are left out: an annotation cannot say that it was accepted.

use crate::diagnostic::FileReport;
use crate::diagnostic::{Diagnostic, Severity};
use std::fmt::Write as _;

/// Renders every diagnostic of every file, one workflow command per line.
pub fn render(files: &[FileReport]) -> String {
    super::stream::render_text(Stream, files)
}

/// [`render`] file by file; the format has neither a start nor an end.
pub struct Stream;

impl super::stream::Streaming for Stream {
    fn file(&mut self, file: &FileReport) -> super::stream::Piece {
        super::stream::lines_of(file, line)
    }

    fn finish(&mut self) -> String {
        String::new()
    }
}

fn line(file: &FileReport, diagnostic: &Diagnostic) -> String {
    let command = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut properties = format!("file={}", escape_property(&file.path));
    if let Some(((line, col), (end_line, end_col))) = file.positions(diagnostic) {
        if line == end_line {
            let _ = write!(properties, ",line={line},col={col},endLine={end_line},endColumn={end_col}");
        } else {
            let _ = write!(properties, ",line={line},endLine={end_line}");
        }
    }
    let title = format!("jixiao ({})", diagnostic.code);
    let _ = write!(properties, ",title={}", escape_property(&title));

    let mut message = match (&diagnostic.source, file.positions(diagnostic)) {
        (Some(source), None) => format!("{}：{}", source.label, diagnostic.message),
        _ => diagnostic.message.clone(),
    };
    if let Some(help) = &diagnostic.help {
        let _ = write!(message, "\n整改建议：{help}");
    }
    if let Some(basis) = &diagnostic.basis {
        let _ = write!(message, "\n依据：{basis}");
    }
    format!("::{command} {properties}::{}", escape_data(&message))
}

/// Escapes the message of a workflow command: `%`, CR and LF would end or corrupt it.
pub fn escape_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes a property value: as the message, and also `:` and `,`, which separate properties.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_runner() {
        assert_eq!(escape_data("100%\r\n完成: a,b"), "100%25%0D%0A完成: a,b");
        assert_eq!(escape_property("100%\r\n完成: a,b"), "100%25%0D%0A完成%3A a%2Cb");
        // `%` is escaped first, so an escape already in the text is not mistaken for one.
        assert_eq!(escape_property("%3A"), "%253A");
    }
}
