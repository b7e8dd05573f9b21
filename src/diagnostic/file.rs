//! The outcome of checking one file, and counts over a run.

use super::{Diagnostic, IndexedSource, LineCursor, Severity, codes};

/// 1-based (line, column) of the start of a value and of the place just after it.
pub type Positions = ((usize, usize), (usize, usize));

/// The outcome of checking one file: its diagnostics and, when it could be decoded, its text
/// (needed to show lines and columns).
#[derive(Debug)]
pub struct FileReport {
    /// The path as given or found, shown to people and used in machine formats.
    pub path: String,
    /// `department.name` of the report, when it could be read: from the parsed report, or from
    /// the text of one that did not parse, when the report is checked.
    pub department: Option<String>,
    pub source: Option<IndexedSource>,
    pub diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    /// Where a report names its department (`department` above).
    pub const DEPARTMENT: &str = "/department/name";

    /// Findings of a severity that are not suppressed.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity && !d.is_suppressed()).count()
    }

    /// 1-based (line, column) of the start and end of a diagnostic's span, columns in
    /// characters; the end is exclusive (the column just after the value).
    ///
    /// A finding on a report read from a text file has no span in the generated JSON but the
    /// line and column of its value in the text, which are given instead.
    pub fn positions(&self, diagnostic: &Diagnostic) -> Option<Positions> {
        if diagnostic.position.is_some() {
            return diagnostic.position;
        }
        if let (Some(source), Some(span)) = (self.source.as_ref(), diagnostic.span.as_ref()) {
            return Some((source.position(span.start), source.position(span.end)));
        }
        diagnostic.source.as_ref().and_then(|source| source.text_position())
    }

    /// Each diagnostic with its [`FileReport::positions`], found in one walk over the text
    /// (diagnostics are sorted by position) rather than through an index of every line.
    pub fn diagnostics_with_positions(&self) -> impl Iterator<Item = (&Diagnostic, Option<Positions>)> {
        let mut cursor = self.source.as_ref().map(|source| LineCursor::new(source.text()));
        self.diagnostics.iter().map(move |diagnostic| {
            if diagnostic.position.is_some() {
                return (diagnostic, diagnostic.position);
            }
            let positions = match (cursor.as_mut(), diagnostic.span.as_ref()) {
                (Some(cursor), Some(span)) => Some((cursor.position(span.start), cursor.position(span.end))),
                _ => diagnostic.source.as_ref().and_then(|source| source.text_position()),
            };
            (diagnostic, positions)
        })
    }

    /// Works out the lines and columns of every diagnostic now and lets the report's text go:
    /// for a run whose outputs show where each finding is but quote nothing of the text (JSON,
    /// GitHub, concise). Called on the thread that checked the report, this frees the text
    /// there, while it is still in that thread's cache, rather than on the thread that writes
    /// the report out, a batch later; a batch then holds no texts.
    pub fn keep_places_only(&mut self) {
        if self.source.is_none() {
            return;
        }
        let positions: Vec<Option<Positions>> = self.diagnostics_with_positions().map(|(_, p)| p).collect();
        for (diagnostic, position) in self.diagnostics.iter_mut().zip(positions) {
            diagnostic.position = position;
        }
        self.source = None;
    }

    /// Whether the rules ran on this file. They run only on a report that was read, decoded
    /// and parsed without duplicate keys, and whose top level is an object; the earlier stages
    /// say otherwise with their fixed codes, so the answer is read from the diagnostics.
    pub fn rules_evaluated(&self) -> bool {
        let Some(source) = &self.source else { return false };
        let blocked = self
            .diagnostics
            .iter()
            .any(|d| matches!(d.code.as_str(), codes::INVALID_JSON | codes::DUPLICATE_KEY | codes::INTERNAL));
        !blocked && source.text().trim_start().starts_with('{')
    }
}

/// Counts over a whole run.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Findings accepted by `[[ignore]]` or a baseline; not counted above.
    pub suppressed: usize,
}

impl Summary {
    pub fn of(files: &[FileReport]) -> Summary {
        let mut summary = Summary::default();
        for file in files {
            summary.add(file);
        }
        summary
    }

    /// Counts one more file.
    pub fn add(&mut self, file: &FileReport) {
        self.files += 1;
        self.errors += file.count(Severity::Error);
        self.warnings += file.count(Severity::Warning);
        self.infos += file.count(Severity::Info);
        self.suppressed += file.diagnostics.iter().filter(|d| d.is_suppressed()).count();
    }
}

/// Deterministic order: by position (diagnostics without one first), then rule.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| d.span.as_ref().map(|s| (s.start, s.end));
        let place = |d: &Diagnostic| d.source.as_ref().map(|s| s.order_key());
        key(a)
            .cmp(&key(b))
            .then_with(|| place(a).cmp(&place(b)))
            .then_with(|| a.code.cmp(&b.code))
            .then_with(|| a.message.cmp(&b.message))
    });
}
