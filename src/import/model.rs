//! What a document is before any form layout reads it: blocks of paragraphs and tables, each
//! cell with the text a person sees in Excel or Word.
//!
//! Readers (xlsx, xls, docx, text) produce a [`Document`]; form layouts and narrative extractors
//! consume it. Nothing here knows about reports or rules.

use rust_decimal::Decimal;

/// Which kind of file a document was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    Xlsx,
    Xls,
    Docx,
    Text,
}

/// A document: its blocks in reading order (a workbook is one table per sheet).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    pub blocks: Vec<Block>,
}

/// A paragraph or a table, in the order they appear.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph(Paragraph),
    Table(Table),
}

/// One paragraph of body text (a Word paragraph, or a line-separated paragraph of a text file).
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    /// 1-based number among the document's paragraphs (table cells not counted).
    pub number: usize,
    /// The text as typed, without any numbering label Word draws in front of it.
    pub text: String,
    /// The numbering label Word draws in front of the paragraph ("一、", "（二）"), when known.
    pub label: Option<String>,
    /// Outline level of a heading (1 = top), when the paragraph is one.
    pub heading: Option<u8>,
    /// For text files: the 1-based line the paragraph starts on.
    pub line: Option<usize>,
}

/// Where a table comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableOrigin {
    /// A worksheet of a workbook, by its name.
    Sheet { name: String },
    /// The n-th table of a Word document (1-based, in body order, nested tables counted).
    WordTable { number: usize },
}

/// A rectangular grid of cells. Rows are dense: `rows[r][c]` is the cell at row `r`, column `c`
/// (0-based), with empty cells present as empty text.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub origin: TableOrigin,
    pub rows: Vec<Vec<Cell>>,
}

/// One cell, as displayed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cell {
    /// The text a person sees: for a number, the stored value under the cell's number format
    /// (`0.962` with `0.00%` is "96.20%"); paragraphs inside a cell joined with '\n'.
    pub text: String,
    /// For a number cell: the stored value, exact (read from the file's text, never through a
    /// binary float), and the format code that turned it into `text`.
    pub number: Option<NumberCell>,
    /// When the cell is covered by a merged region, the (row, column) of the region's top-left
    /// cell; the covered cell carries that cell's text.
    pub merged_from: Option<(usize, usize)>,
}

/// The stored value of a number cell and its format.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberCell {
    pub value: Decimal,
    /// The number format code (`0.00%`, `#,##0.00`, `General`), when the file has one.
    pub format: Option<String>,
}

impl Table {
    /// A cell's address as a person names it: `项目支出绩效自评表!G6` for a sheet,
    /// `表1 第6行第7列` for a Word table. `row` and `column` are 0-based.
    pub fn label(&self, row: usize, column: usize) -> String {
        match &self.origin {
            TableOrigin::Sheet { name } => format!("{name}!{}", a1(row, column)),
            TableOrigin::WordTable { number } => {
                format!("表{number} 第{}行第{}列", row + 1, column + 1)
            }
        }
    }
}

/// The A1 address of a 0-based (row, column): (5, 6) → "G6".
pub fn a1(row: usize, column: usize) -> String {
    let mut letters = Vec::new();
    let mut n = column + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_addresses_count_columns_in_base_26_without_zero() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(5, 6), "G6");
        assert_eq!(a1(9, 25), "Z10");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(1_048_575, 16_383), "XFD1048576");
    }

    #[test]
    fn labels_name_the_sheet_or_the_word_table() {
        let sheet = Table { origin: TableOrigin::Sheet { name: "自评表".into() }, rows: vec![] };
        assert_eq!(sheet.label(5, 6), "自评表!G6");
        let word = Table { origin: TableOrigin::WordTable { number: 1 }, rows: vec![] };
        assert_eq!(word.label(5, 6), "表1 第6行第7列");
    }
}
