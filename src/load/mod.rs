//! Stage 1: bytes → text → JSON with exact numbers; spans located on demand.
//! (Stub: being implemented.)

use crate::diagnostic::Diagnostic;
use std::ops::Range;

/// Limits that keep hostile input bounded.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest file accepted, in bytes.
    pub max_file_bytes: u64,
    /// Deepest nesting of arrays and objects accepted.
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_file_bytes: 256 * 1024 * 1024, max_depth: 256 }
    }
}

/// How the bytes of a file were decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Gb18030,
}

/// A report after loading.
#[derive(Debug)]
pub struct Loaded {
    /// The decoded text (UTF-8, BOM removed), when the bytes could be decoded.
    pub text: Option<String>,
    pub encoding: Option<TextEncoding>,
    /// The parsed document, when the text is JSON without duplicate keys.
    pub value: Option<serde_json::Value>,
    /// Diagnostics of loading (encoding note, syntax error, duplicate keys, numbers out of range),
    /// with spans already set where there is a place to point at.
    pub diagnostics: Vec<Diagnostic>,
}

pub fn load_bytes(_bytes: &[u8], _limits: &Limits) -> Loaded {
    Loaded { text: None, encoding: None, value: None, diagnostics: Vec::new() }
}

pub fn locate(_text: &str, _pointer: &str) -> Option<Range<usize>> {
    None
}

/// Maps byte offsets of a text to 1-based (line, column) pairs, columns counted in characters.
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { line_starts }
    }

    pub fn position(&self, text: &str, byte: usize) -> (usize, usize) {
        let line = self.line_starts.partition_point(|&s| s <= byte).saturating_sub(1);
        let start = self.line_starts[line];
        let col = text.get(start..byte).map_or(0, |s| s.chars().count());
        (line + 1, col + 1)
    }
}
