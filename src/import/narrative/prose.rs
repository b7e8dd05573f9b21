//! The document's text as the patterns see it, with a map back to what was printed.
//!
//! Reports reach us with words broken across lines (`落实落` / `地`), spaces inside Chinese text
//! (`绩 效自评`), full-width digits, and sometimes in traditional characters. Each unit of text
//! (a paragraph, several lines of a text file that make one paragraph, or a Word table cell) is
//! normalised once: width folded, traditional domain characters folded, white space between two
//! Chinese characters dropped and other runs made one space. Every normalised byte remembers the
//! printed character it came from, so a value found in the normalised text is highlighted where
//! the clerk typed it.

use super::phrasings::Phrasings;
use crate::import::model::{Block, Document, Paragraph, Table, TableOrigin};
use crate::import::source_ref::SourceRef;
use crate::import::values::fold_char;
use regex::Regex;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

/// Where a unit's text was printed.
#[derive(Debug, Clone)]
pub(super) enum Origin<'a> {
    /// One paragraph, or consecutive lines of a text file joined into one.
    Paragraphs(Vec<&'a Paragraph>),
    /// A cell of a Word table (0-based row and column).
    Cell { table: &'a Table, row: usize, column: usize },
}

/// A unit of text, normalised.
#[derive(Debug, Clone)]
pub(super) struct Unit<'a> {
    pub origin: Origin<'a>,
    /// The normalised text the patterns match.
    pub text: String,
    /// For each byte of `text`: (piece, byte offset of the printed character in the piece).
    map: Vec<(u32, u32)>,
    /// The outline level when the unit is a heading.
    pub heading: Option<u8>,
    /// Ids of the sections the unit is in (a heading is in its own section).
    pub sections: Vec<String>,
    /// For a heading: the ids of the sections it opens.
    pub opens: Vec<String>,
    /// Whether the unit is the document's title.
    pub title: bool,
}

impl<'a> Unit<'a> {
    fn piece(&self, index: usize) -> &'a str {
        match &self.origin {
            Origin::Paragraphs(paragraphs) => paragraphs.get(index).map_or("", |p| p.text.as_str()),
            Origin::Cell { table, row, column } => {
                table.rows.get(*row).and_then(|r| r.get(*column)).map_or("", |c| c.text.as_str())
            }
        }
    }

    /// The printed character a normalised byte came from: (piece, its byte range there).
    fn printed(&self, at: usize) -> Option<(usize, Range<usize>)> {
        let &(piece, offset) = self.map.get(at)?;
        let (piece, offset) = (piece as usize, offset as usize);
        let len = self.piece(piece).get(offset..)?.chars().next().map_or(0, char::len_utf8);
        Some((piece, offset..offset + len))
    }

    /// The place of a normalised range: the printed paragraph (or cell) it starts in, with the
    /// range highlighted there (cut at the paragraph's end when the value runs on).
    pub fn source(&self, range: Range<usize>) -> SourceRef {
        let start = self.printed(range.start);
        let end = range.end.checked_sub(1).and_then(|last| self.printed(last.max(range.start)));
        let (piece, highlight) = match (start, end) {
            (Some((piece, first)), Some((end_piece, last))) if end_piece == piece => {
                (piece, Some(first.start..last.end.max(first.start)))
            }
            (Some((piece, first)), _) => (piece, Some(first.start..self.piece(piece).len())),
            (None, _) => (0, None),
        };
        match &self.origin {
            Origin::Paragraphs(paragraphs) => {
                let Some(paragraph) = paragraphs.get(piece).or(paragraphs.first()) else {
                    return SourceRef::paragraph(0, "", None);
                };
                let place = SourceRef::paragraph(paragraph.number, &paragraph.text, highlight);
                match paragraph.line {
                    Some(line) => place.on_line(line),
                    None => place,
                }
            }
            Origin::Cell { table, row, column } => SourceRef::cell(table, *row, *column, highlight),
        }
    }

    /// The printed text of a normalised range: the characters as typed (full width and
    /// traditional forms kept), without the spaces and breaks normalising dropped.
    pub fn display(&self, range: Range<usize>) -> String {
        let Some(part) = self.text.get(range.clone()) else { return String::new() };
        let mut out = String::with_capacity(part.len());
        for (at, ch) in part.char_indices() {
            if ch == ' ' || ch == '\t' {
                out.push(ch);
                continue;
            }
            match self.printed(range.start + at) {
                Some((piece, bytes)) => out.push_str(self.piece(piece).get(bytes).unwrap_or("")),
                None => out.push(ch),
            }
        }
        out
    }

    /// The sentence around a normalised range: from after the previous `。！？` to the next one
    /// (included).
    pub fn sentence(&self, range: Range<usize>) -> Range<usize> {
        let stops = ['。', '!', '?', '\t'];
        let start = self
            .text
            .get(..range.start)
            .and_then(|b| b.rfind(stops))
            .map_or(0, |at| at + self.text[at..].chars().next().map_or(0, char::len_utf8));
        let end = self.text.get(range.end..).and_then(|a| a.find(stops)).map_or(self.text.len(), |at| {
            let stop = range.end + at;
            stop + self.text[stop..].chars().next().map_or(0, char::len_utf8)
        });
        let text = &self.text[start..end];
        let leading = text.len() - text.trim_start().len();
        start + leading..start + text.trim_end().len()
    }

    /// A 1-based paragraph number for messages (`第3段`), or the cell's label.
    pub fn label(&self) -> String {
        self.source(0..0).label
    }

    pub fn in_section(&self, id: &str) -> bool {
        self.sections.iter().any(|s| s == id)
    }
}

/// Whether a character belongs to Chinese text: an ideograph, or CJK or full-width punctuation,
/// or the quotation marks and dashes Chinese text uses.
pub(super) fn is_cjk(ch: char) -> bool {
    matches!(ch,
        '\u{3400}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3134F}'
        | '\u{3000}'..='\u{303F}'
        | '\u{FF00}'..='\u{FFEF}'
        | '\u{2018}'..='\u{201D}'
        | '\u{2014}'
        | '\u{2026}'
        | '\u{00B7}'
    )
}

/// Normalises printed pieces that read as one text: see the module documentation.
fn normalise(pieces: &[&str], traditional: &HashMap<char, char>) -> (String, Vec<(u32, u32)>) {
    let total: usize = pieces.iter().map(|p| p.len()).sum();
    let mut out = String::with_capacity(total);
    let mut map: Vec<(u32, u32)> = Vec::with_capacity(total);
    let mut pending: Option<(u32, u32)> = None;
    // A tab separates the cells of a table written as text: it stays, whatever surrounds it.
    let mut tab = false;
    let mut previous_cjk = false;
    for (index, piece) in pieces.iter().enumerate() {
        if index > 0 && pending.is_none() && !out.is_empty() {
            // A line break between the pieces reads as white space.
            pending = Some((index as u32, 0));
        }
        for (at, ch) in piece.char_indices() {
            let place = (index as u32, at as u32);
            if ch.is_whitespace() {
                pending = pending.or(Some(place));
                tab |= ch == '\t';
                continue;
            }
            if let Some(space) = pending.take()
                && !out.is_empty()
                && (tab || !(previous_cjk && is_cjk(ch)))
            {
                out.push(if tab { '\t' } else { ' ' });
                map.push(space);
            }
            tab = false;
            let folded = fold_char(traditional.get(&ch).copied().unwrap_or(ch));
            let before = out.len();
            out.push(folded);
            map.extend(std::iter::repeat_n(place, out.len() - before));
            previous_cjk = is_cjk(ch);
        }
    }
    (out, map)
}

/// A word of the phrasings file folded as the text is, without any white space.
pub(super) fn normalise_word(word: &str, traditional: &HashMap<char, char>) -> String {
    normalise(&[word], traditional).0.split_whitespace().collect()
}

/// The numbering a heading or list item starts with (`一、`, `(二)`, `3.`, `(4)`, `一是`),
/// matched in normalised text: (outline level, length of the marker with its spaces).
pub(super) fn marker(text: &str) -> Option<(u8, usize)> {
    static MARKER: OnceLock<Option<Regex>> = OnceLock::new();
    let re = MARKER
        .get_or_init(|| {
            Regex::new(
                r"^\s*(?:(?P<l1>[一二三四五六七八九十]{1,3})\s*[、.]|\(\s*(?P<l2>[一二三四五六七八九十]{1,3})\s*\)|(?P<l3>\d{1,2})\s*[、.]|\(\s*(?P<l4>\d{1,2})\s*\)|(?P<l5>[一二三四五六七八九十]{1,3})是)\s*",
            )
            .ok()
        })
        .as_ref()?;
    let caps = re.captures(text)?;
    let whole = caps.get(0)?;
    // `1.5万元` is a number, not an item `1.`.
    if caps.name("l3").is_some() && text[whole.end()..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let level = ["l1", "l2", "l3", "l4", "l5"].iter().position(|n| caps.name(n).is_some())? as u8 + 1;
    Some((level, whole.end()))
}

/// Whether a normalised paragraph reads as a heading: a numbering marker other than `一是`,
/// followed by a short text without sentence punctuation.
fn heading_like(text: &str) -> Option<u8> {
    let (level, end) = marker(text)?;
    if level == 5 {
        return None;
    }
    let rest = text[end..].trim();
    let short = !rest.is_empty() && rest.chars().count() <= 40;
    (short && !rest.contains([',', '。', ';', '!', '?'])).then_some(level)
}

/// Whether a normalised paragraph ends a sentence or introduces what follows.
fn ends_a_sentence(text: &str) -> bool {
    text.trim_end().ends_with(['。', '!', '?', ';', ':', '.', '…', '”', '"'])
}

/// The document as units of normalised text, in reading order, with their sections.
pub(super) fn units<'a>(doc: &'a Document, phrasings: &Phrasings) -> Vec<Unit<'a>> {
    let traditional = &phrasings.traditional;
    // Paragraphs first: normalised alone, to tell headings and where a text file's lines join.
    struct Line<'a> {
        block: usize,
        paragraph: &'a Paragraph,
        heading: Option<u8>,
        starts_marked: bool,
        ends_sentence: bool,
        tabbed: bool,
    }
    let mut groups: Vec<Vec<Line<'a>>> = Vec::new();
    let mut tables: Vec<(usize, &'a Table)> = Vec::new();
    let mut previous_was_paragraph = false;
    for (block, item) in doc.blocks.iter().enumerate() {
        let paragraph = match item {
            Block::Paragraph(paragraph) => paragraph,
            Block::Table(table) => {
                tables.push((block, table));
                previous_was_paragraph = false;
                continue;
            }
        };
        let (text, _) = normalise(&[paragraph.text.as_str()], traditional);
        let labelled = match &paragraph.label {
            Some(label) => format!("{label}{text}"),
            None => text.clone(),
        };
        let heading = heading_like(&labelled).or(paragraph.heading.map(|level| {
            // A heading style without numbering: its style level.
            marker(&labelled).map_or(level, |(l, _)| l)
        }));
        let line = Line {
            block,
            paragraph,
            heading,
            starts_marked: marker(&text).is_some(),
            ends_sentence: ends_a_sentence(&text),
            tabbed: paragraph.text.contains('\t'),
        };
        let joins = previous_was_paragraph
            && paragraph.line.is_some()
            && groups.last().and_then(|g| g.last()).is_some_and(|before| {
                before.paragraph.line.is_some()
                    && before.heading.is_none()
                    && !before.tabbed
                    && !before.ends_sentence
                    && line.heading.is_none()
                    && !line.tabbed
                    && !line.starts_marked
            });
        match groups.last_mut() {
            Some(group) if joins => group.push(line),
            _ => groups.push(vec![line]),
        }
        previous_was_paragraph = true;
    }
    let mut units = Vec::new();
    let mut stack: Vec<(u8, Vec<String>)> = Vec::new();
    let mut first_paragraph = true;
    let mut tables = tables.into_iter().peekable();
    for group in groups {
        let Some(first) = group.first() else { continue };
        let block = first.block;
        while let Some((_, table)) = tables.next_if(|(b, _)| *b < block) {
            push_cells(&mut units, table, &stack, traditional);
        }
        let mut opens = Vec::new();
        if let Some(level) = first.heading {
            while stack.last().is_some_and(|(l, _)| *l >= level) {
                stack.pop();
            }
            let (text, _) = normalise(&[first.paragraph.text.as_str()], traditional);
            let key: String = text.split_whitespace().collect();
            let ids = phrasings
                .sections
                .iter()
                .filter(|(_, words)| words.iter().any(|w| !w.is_empty() && key.contains(w.as_str())))
                .map(|(id, _)| id.clone())
                .collect();
            opens.clone_from(&ids);
            stack.push((level, ids));
        }
        let paragraphs: Vec<&Paragraph> = group.iter().map(|l| l.paragraph).collect();
        let pieces: Vec<&str> = paragraphs.iter().map(|p| p.text.as_str()).collect();
        let (text, map) = normalise(&pieces, traditional);
        // The title is the document's first paragraph when it reads as one: no heading, no
        // sentence, not long. (A title printed on two lines of a text file is joined above.)
        let title = first_paragraph
            && first.heading.is_none()
            && !text.trim_end().ends_with(['。', '!', '?', ';'])
            && text.chars().count() <= 100;
        first_paragraph = false;
        units.push(Unit {
            origin: Origin::Paragraphs(paragraphs),
            text,
            map,
            heading: first.heading,
            sections: section_ids(&stack),
            opens,
            title,
        });
    }
    for (_, table) in tables {
        push_cells(&mut units, table, &stack, traditional);
    }
    units
}

fn section_ids(stack: &[(u8, Vec<String>)]) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for (_, level_ids) in stack {
        for id in level_ids {
            if !ids.contains(id) {
                ids.push(id.clone());
            }
        }
    }
    ids
}

/// The cells of a Word table as units (a merged copy is not read twice).
fn push_cells<'a>(
    units: &mut Vec<Unit<'a>>,
    table: &'a Table,
    stack: &[(u8, Vec<String>)],
    traditional: &HashMap<char, char>,
) {
    if !matches!(table.origin, TableOrigin::WordTable { .. }) {
        return;
    }
    let sections = section_ids(stack);
    for (row, cells) in table.rows.iter().enumerate() {
        for (column, cell) in cells.iter().enumerate() {
            if cell.merged_from.is_some() || cell.text.trim().is_empty() {
                continue;
            }
            let (text, map) = normalise(&[cell.text.as_str()], traditional);
            units.push(Unit {
                origin: Origin::Cell { table, row, column },
                text,
                map,
                heading: None,
                sections: sections.clone(),
                opens: Vec::new(),
                title: false,
            });
        }
    }
}

/// Normalised text of one printed string, for the table reader.
pub(super) fn normalise_text(text: &str, traditional: &HashMap<char, char>) -> String {
    normalise(&[text], traditional).0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(pieces: &[&str]) -> String {
        let traditional: HashMap<char, char> = [('預', '预'), ('算', '算')].into_iter().collect();
        normalise(pieces, &traditional).0
    }

    #[test]
    fn spaces_and_line_breaks_between_chinese_characters_are_dropped() {
        assert_eq!(norm(&["本部门对 2017 年整体支出开展绩 效自评"]), "本部门对 2017 年整体支出开展绩效自评");
        assert_eq!(norm(&["落实落", "地，深化"]), "落实落地,深化");
        assert_eq!(norm(&["“两新” 党建功能"]), "“两新”党建功能");
    }

    #[test]
    fn full_width_and_traditional_forms_fold_for_matching() {
        assert_eq!(norm(&["預算執行率為９６．２％"]), "预算執行率為96.2%");
    }

    #[test]
    fn markers_give_the_outline_level_and_skip_decimal_numbers() {
        assert_eq!(marker("一、基本情况").map(|m| m.0), Some(1));
        assert_eq!(marker("(二) 各项工作").map(|m| m.0), Some(2));
        assert_eq!(marker("3. 干部").map(|m| m.0), Some(3));
        assert_eq!(marker("(4)资金"), Some((4, 3)));
        assert_eq!(marker("一是预算"), Some((5, "一是".len())));
        assert_eq!(marker("1.5万元"), None);
        assert_eq!(heading_like("三、存在的主要问题"), Some(1));
        assert_eq!(heading_like("4. 人才发展有关工作,主要是人才"), None);
    }
}
