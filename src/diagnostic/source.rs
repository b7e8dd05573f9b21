//! A report's text with its line index, as miette reads it.
//!
//! miette's own `SourceCode` for strings rescans the text from the start for every span and
//! counts columns in bytes; a Chinese line then shows a column far past the value. This type
//! answers from a precomputed line index and counts columns in characters.

use super::LineIndex;
use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use std::sync::{Arc, OnceLock};

#[derive(Clone)]
pub struct IndexedSource {
    name: String,
    /// The `String` the text was decoded into, kept as it is: making it an `Arc<str>` would
    /// copy every report with findings once more.
    text: Arc<String>,
    /// Built on first use: a file without findings never pays for it.
    lines: Arc<OnceLock<LineIndex>>,
}

impl std::fmt::Debug for IndexedSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IndexedSource").field("name", &self.name).finish_non_exhaustive()
    }
}

impl IndexedSource {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        IndexedSource { name: name.into(), text: Arc::new(text.into()), lines: Arc::new(OnceLock::new()) }
    }

    fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// 1-based (line, character column) of a byte offset.
    pub fn position(&self, byte: usize) -> (usize, usize) {
        self.lines().position(&self.text, byte)
    }

    /// 1-based (line, UTF-16 column) of a byte offset, as SARIF counts by default.
    pub fn position_utf16(&self, byte: usize) -> (usize, usize) {
        self.lines().position_utf16(&self.text, byte)
    }
}

impl SourceCode for IndexedSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text: &str = &self.text;
        let start = span.offset();
        let end = start + span.len();
        if end > text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let first_line = self.lines().line_of(start);
        let last_line = self.lines().line_of(end.saturating_sub(1).max(start));
        let ctx_first = first_line.saturating_sub(context_lines_before);
        let ctx_last = (last_line + context_lines_after).min(self.lines().line_count() - 1);
        let (data_start, column) = if context_lines_before == 0 {
            let line_start = self.lines().line_start(first_line);
            (start, text.get(line_start..start).map_or(0, |s| s.chars().count()))
        } else {
            (self.lines().line_start(ctx_first), 0)
        };
        let data_end = self.lines().line_end_with_break(ctx_last, text.len()).max(end);
        let data = text.get(data_start..data_end).ok_or(MietteError::OutOfBounds)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            data.as_bytes(),
            SourceSpan::new(data_start.into(), data_end - data_start),
            ctx_first,
            column,
            ctx_last - ctx_first,
        )))
    }
}
