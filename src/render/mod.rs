//! Stage 6: output formats, one file each. Renderers only format [`Diagnostic`]s; they never
//! decide what is wrong.

pub mod docs;
pub mod human;
pub mod json;
mod source;
pub mod summary;

pub use source::IndexedSource;

use crate::diagnostic::{Diagnostic, Severity};

/// The outcome of checking one file: its diagnostics and, when it could be decoded, its text
/// (needed to show lines and columns).
#[derive(Debug)]
pub struct FileReport {
    /// The path as given or found, shown to people and used in machine formats.
    pub path: String,
    /// `department.name` of the report, when it could be read.
    pub department: Option<String>,
    pub source: Option<IndexedSource>,
    pub diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }

    /// 1-based (line, column) of the start and end of a diagnostic's span, columns in
    /// characters; the end is exclusive (the column just after the value).
    pub fn positions(&self, diagnostic: &Diagnostic) -> Option<((usize, usize), (usize, usize))> {
        let source = self.source.as_ref()?;
        let span = diagnostic.span.as_ref()?;
        Some((source.position(span.start), source.position(span.end)))
    }
}

/// Counts over a whole run.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn of(files: &[FileReport]) -> Summary {
        let mut summary = Summary { files: files.len(), ..Summary::default() };
        for file in files {
            summary.errors += file.count(Severity::Error);
            summary.warnings += file.count(Severity::Warning);
            summary.infos += file.count(Severity::Info);
        }
        summary
    }
}
