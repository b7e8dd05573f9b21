//! Concise output: one line per finding, as compilers print them, then the summary.
//!
//! ```text
//! examples/huadu-2022.json:23:31: warning indicator-count-mismatch 报告称设定了 10 个绩效指标……
//! examples/forms/national-project.xlsx:自评表!H4: info weights-nonstandard 一级指标权重为……
//! ```
//!
//! The place is `line:column` in the report's text, or the cell or paragraph of an imported
//! document (`SHEET!CELL`, `表1 第6行第7列`, `第3段`); a finding without a place gives the path
//! alone. Suppressed findings are counted in the summary, not listed.

use super::human::summary_line;
use crate::diagnostic::{Diagnostic, FileReport, Summary};

/// [`Stream`] over a whole list of files.
pub fn render(files: &[FileReport]) -> String {
    super::stream::render_text(Stream::default(), files)
}

/// One line per finding as each file comes, the summary line at the end.
#[derive(Default)]
pub struct Stream {
    summary: Summary,
}

impl super::stream::Streaming for Stream {
    fn file(&mut self, file: &FileReport) -> super::stream::Piece {
        self.summary.add(file);
        super::stream::lines_of(file, line)
    }

    fn finish(&mut self) -> String {
        let mut out = summary_line(&self.summary);
        out.push('\n');
        out
    }
}

/// `path:place: severity rule message`.
pub fn line(file: &FileReport, diagnostic: &Diagnostic) -> String {
    let place = match (file.positions(diagnostic), &diagnostic.source) {
        (Some(((line, column), _)), _) => format!(":{line}:{column}"),
        (None, Some(source)) => format!(":{}", source.label),
        (None, None) => String::new(),
    };
    let message = diagnostic.message.replace(['\n', '\r'], " ");
    format!("{}{place}: {} {} {message}", file.path, diagnostic.severity, diagnostic.code)
}
