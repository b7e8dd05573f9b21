//! Where a finding is in the document a person wrote, when that document is not the JSON the
//! rules read: a cell of a sheet, a cell of a Word table, or a paragraph, with the text shown
//! there and the part of it that is the value. The import stage fills it; renderers show it in
//! place of a line and column.

use serde::{Deserialize, Serialize};
use std::ops::Range;

/// The place of one imported value. Keys that do not apply to the place are `None`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRef {
    /// How a person names the place: `自评表!G6`, `表1 第6行第7列`, `第3段`.
    pub label: String,
    /// The cell's or paragraph's displayed text.
    pub excerpt: String,
    /// The sheet's name, for a workbook.
    pub sheet: Option<String>,
    /// The A1 address, for a workbook.
    pub cell: Option<String>,
    /// The 1-based number of the Word table.
    pub table: Option<usize>,
    /// 1-based row of the Word table.
    pub row: Option<usize>,
    /// 1-based column of the Word table.
    pub column: Option<usize>,
    /// 1-based paragraph number, for body text.
    pub paragraph: Option<usize>,
    /// Byte range of the value inside `excerpt`.
    pub highlight: Option<Range<usize>>,
    /// For a text file: the 1-based line the value is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// For a text file: the 1-based column of the value's first character on that line,
    /// counted in characters (not bytes), as an editor shows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_column: Option<usize>,
}

impl SourceRef {
    /// For a value in a text file: 1-based (line, column) of its start and of the place just
    /// after it, columns in characters; `None` for cells and Word paragraphs.
    pub fn text_position(&self) -> Option<((usize, usize), (usize, usize))> {
        let (line, column) = (self.line?, self.line_column?);
        let width = self
            .highlight
            .as_ref()
            .and_then(|h| self.excerpt.get(h.clone()))
            .map_or(0, |value| value.chars().count());
        Some(((line, column), (line, column + width)))
    }

    /// Reading order: paragraphs and Word tables by number, then row and column; sheet cells by
    /// sheet name, row and column.
    pub fn order_key(&self) -> (usize, String, usize, usize) {
        if let Some(cell) = &self.cell {
            let letters: String = cell.chars().take_while(char::is_ascii_alphabetic).collect();
            let row = cell[letters.len()..].parse().unwrap_or(0);
            let column =
                letters.bytes().fold(0usize, |n, b| n * 26 + usize::from(b.to_ascii_uppercase() - b'A' + 1));
            return (0, self.sheet.clone().unwrap_or_default(), row, column);
        }
        if let Some(table) = self.table {
            return (table, String::new(), self.row.unwrap_or(0), self.column.unwrap_or(0));
        }
        (self.paragraph.unwrap_or(0), String::new(), 0, 0)
    }
}
