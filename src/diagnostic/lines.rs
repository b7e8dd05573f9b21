//! Byte offsets → human (line, column) positions.

/// Maps byte offsets of a text to 1-based (line, column) pairs.
///
/// Lines end at `\n`; a `\r` before it stays at the end of its own line, so CRLF files get the
/// same line numbers as LF files. [`LineIndex::position`] counts columns in characters (one CJK
/// character is one column, as a person counts); [`LineIndex::position_utf16`] counts UTF-16
/// code units, the default column unit of SARIF and of editors speaking LSP.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = Vec::with_capacity(text.len() / 32 + 1);
        line_starts.push(0);
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { line_starts }
    }

    /// Number of lines; a text ending in `\n` has an empty last line.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte range of 1-based `line`, without its `\n` or `\r\n` terminator.
    pub fn line_range(&self, text: &str, line: usize) -> Option<std::ops::Range<usize>> {
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        let mut end = self.line_starts.get(line).map_or(text.len(), |&next| next - 1);
        let bytes = text.as_bytes();
        if end > start && bytes.get(end - 1) == Some(&b'\r') && end < text.len() {
            end -= 1;
        }
        Some(start.min(text.len())..end.min(text.len()))
    }

    /// 1-based (line, column) of `byte`, the column counted in characters.
    ///
    /// Offsets past the end clamp to the end; offsets inside a character count as that
    /// character, so a wrong offset still yields a usable position.
    pub fn position(&self, text: &str, byte: usize) -> (usize, usize) {
        let (line, prefix) = self.line_prefix(text, byte);
        (line + 1, prefix.chars().count() + 1)
    }

    /// 1-based (line, column) of `byte`, the column counted in UTF-16 code units.
    pub fn position_utf16(&self, text: &str, byte: usize) -> (usize, usize) {
        let (line, prefix) = self.line_prefix(text, byte);
        (line + 1, prefix.chars().map(char::len_utf16).sum::<usize>() + 1)
    }

    /// 0-based line containing a byte offset.
    pub fn line_of(&self, byte: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= byte).saturating_sub(1)
    }

    /// Byte offset where a 0-based line starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts.get(line).copied().unwrap_or(0)
    }

    /// Byte offset just after a 0-based line's line break (or the end of the text).
    pub fn line_end_with_break(&self, line: usize, text_len: usize) -> usize {
        self.line_starts.get(line + 1).copied().unwrap_or(text_len)
    }

    /// 0-based line of `byte` and the text of that line before it.
    fn line_prefix<'t>(&self, text: &'t str, byte: usize) -> (usize, &'t str) {
        let mut byte = byte.min(text.len());
        while !text.is_char_boundary(byte) {
            byte -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= byte).saturating_sub(1);
        let start = self.line_starts.get(line).copied().unwrap_or(0).min(byte);
        (line, text.get(start..byte).unwrap_or(""))
    }
}

/// Positions of offsets asked for mostly in order, as a file's sorted findings ask for theirs,
/// found by walking the text from one offset to the next rather than by a [`LineIndex`]: a
/// report with a few findings then counts the line breaks before its last finding once, and
/// indexes none of its lines. An offset before the previous one walks back, so any order gives
/// the right answer.
#[derive(Debug, Clone)]
pub struct LineCursor<'t> {
    text: &'t str,
    /// The offset asked for last, and the number of line breaks before it.
    byte: usize,
    breaks: usize,
}

impl<'t> LineCursor<'t> {
    pub fn new(text: &'t str) -> Self {
        LineCursor { text, byte: 0, breaks: 0 }
    }

    /// What [`LineIndex::position`] gives for `byte`: the 1-based line and the column in
    /// characters, clamped to the text and moved back to a character boundary likewise.
    pub fn position(&mut self, byte: usize) -> (usize, usize) {
        let mut byte = byte.min(self.text.len());
        while !self.text.is_char_boundary(byte) {
            byte -= 1;
        }
        let bytes = self.text.as_bytes();
        if byte >= self.byte {
            self.breaks += line_breaks(bytes.get(self.byte..byte).unwrap_or_default());
        } else {
            self.breaks -= line_breaks(bytes.get(byte..self.byte).unwrap_or_default());
        }
        self.byte = byte;
        let before = bytes.get(..byte).unwrap_or_default();
        let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
        let column = self.text.get(line_start..byte).map_or(0, |prefix| prefix.chars().count());
        (self.breaks + 1, column + 1)
    }
}

/// The number of `\n` in `bytes`, counted in blocks small enough for a byte to hold each
/// block's count, which the compiler turns into comparisons of many bytes at once: large blocks
/// for the long stretches between findings, small ones for what is left of them.
fn line_breaks(bytes: &[u8]) -> usize {
    fn in_block(block: &[u8]) -> usize {
        usize::from(block.iter().fold(0u8, |n, &b| n + u8::from(b == b'\n')))
    }
    let mut large = bytes.chunks_exact(128);
    let mut count: usize = large.by_ref().map(in_block).sum();
    let mut small = large.remainder().chunks_exact(16);
    count += small.by_ref().map(in_block).sum::<usize>();
    count + small.remainder().iter().filter(|&&b| b == b'\n').count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ascii_positions() {
        let text = "ab\ncd\n";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0), (1, 1));
        assert_eq!(index.position(text, 1), (1, 2));
        assert_eq!(index.position(text, 2), (1, 3));
        assert_eq!(index.position(text, 3), (2, 1));
        assert_eq!(index.position(text, 4), (2, 2));
        assert_eq!(index.position(text, 6), (3, 1));
        assert_eq!(index.line_count(), 3);
    }

    #[test]
    fn cjk_is_one_column_per_character() {
        let text = "{\"项目名称\": 1}";
        let index = LineIndex::new(text);
        let one = text.find('1').unwrap();
        // { " 项 目 名 称 " : space → the digit is the 10th character.
        assert_eq!(index.position(text, one), (1, 10));
        assert_eq!(index.position_utf16(text, one), (1, 10));
    }

    #[test]
    fn utf16_columns_count_surrogate_pairs_twice() {
        let text = "\"😀\"x";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(index.position(text, x), (1, 4));
        assert_eq!(index.position_utf16(text, x), (1, 5));
    }

    #[test]
    fn crlf_keeps_carriage_return_on_its_line() {
        let text = "{\r\n  \"a\": 1\r\n}";
        let index = LineIndex::new(text);
        let cr = text.find('\r').unwrap();
        assert_eq!(index.position(text, cr), (1, 2));
        let a = text.find('"').unwrap();
        assert_eq!(index.position(text, a), (2, 3));
        let close = text.find('}').unwrap();
        assert_eq!(index.position(text, close), (3, 1));
        assert_eq!(index.line_range(text, 1), Some(0..1));
        assert_eq!(&text[index.line_range(text, 2).unwrap()], "  \"a\": 1");
        assert_eq!(&text[index.line_range(text, 3).unwrap()], "}");
        assert_eq!(index.line_range(text, 4), None);
        assert_eq!(index.line_range(text, 0), None);
    }

    #[test]
    fn offsets_out_of_range_or_inside_a_character_do_not_panic() {
        let text = "中\n文";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 1), (1, 1));
        assert_eq!(index.position(text, 100), (2, 2));
        assert_eq!(index.position("", 5), (1, 1));
    }

    #[test]
    fn a_cursor_finds_what_the_index_finds_going_forward_and_back() {
        let text = "{\r\n  \"名称\": \"😀\",\n\n  \"b\": 1\n}";
        let index = LineIndex::new(text);
        let mut cursor = LineCursor::new(text);
        let forward: Vec<usize> = (0..=text.len() + 2).collect();
        for &byte in forward.iter().chain(forward.iter().rev()) {
            assert_eq!(cursor.position(byte), index.position(text, byte), "byte {byte}");
        }
    }

    #[test]
    fn line_breaks_are_counted_across_blocks() {
        let text = "a\n".repeat(300) + &"中".repeat(100) + "\n";
        assert_eq!(line_breaks(text.as_bytes()), 301);
        assert_eq!(line_breaks(&text.as_bytes()[1..257]), 128);
        assert_eq!(line_breaks(b""), 0);
        assert_eq!(line_breaks(&[b'\n'; 1000]), 1000);
    }

    proptest! {
        #[test]
        fn a_cursor_agrees_with_the_index_in_any_order(
            text in "[a\n\r中😀 ]{0,400}",
            offsets in prop::collection::vec(0usize..1700, 0..12),
        ) {
            let index = LineIndex::new(&text);
            let mut cursor = LineCursor::new(&text);
            for byte in offsets {
                prop_assert_eq!(cursor.position(byte), index.position(&text, byte));
            }
        }
    }
}
