//! Where an imported value came from: a cell of a sheet, a cell of a Word table, or a
//! paragraph, with the text a person sees there and the part of it that is the value.
//!
//! Findings on an imported report are shown at these places rather than at the generated
//! JSON, which the clerk never wrote.

pub use crate::diagnostic::SourceRef;
use crate::import::model::{Table, TableOrigin};
use std::ops::Range;

impl SourceRef {
    /// The place of the cell at 0-based (`row`, `column`) of `table`, with `highlight` inside
    /// the cell's text.
    pub fn cell(table: &Table, row: usize, column: usize, highlight: Option<Range<usize>>) -> SourceRef {
        let excerpt =
            table.rows.get(row).and_then(|r| r.get(column)).map(|c| c.text.clone()).unwrap_or_default();
        let highlight = highlight.filter(|h| h.start <= h.end && h.end <= excerpt.len());
        let label = table.label(row, column);
        match &table.origin {
            TableOrigin::Sheet { name } => SourceRef {
                label,
                excerpt,
                sheet: Some(name.clone()),
                cell: Some(crate::import::model::a1(row, column)),
                table: None,
                row: None,
                column: None,
                paragraph: None,
                highlight,
                line: None,
                line_column: None,
            },
            TableOrigin::WordTable { number } => SourceRef {
                label,
                excerpt,
                sheet: None,
                cell: None,
                table: Some(*number),
                row: Some(row + 1),
                column: Some(column + 1),
                paragraph: None,
                highlight,
                line: None,
                line_column: None,
            },
        }
    }

    /// The place of a body paragraph, with `highlight` inside its text.
    pub fn paragraph(number: usize, text: &str, highlight: Option<Range<usize>>) -> SourceRef {
        SourceRef {
            label: format!("第{number}段"),
            excerpt: text.to_string(),
            sheet: None,
            cell: None,
            table: None,
            row: None,
            column: None,
            paragraph: Some(number),
            highlight: highlight.filter(|h| h.start <= h.end && h.end <= text.len()),
            line: None,
            line_column: None,
        }
    }

    /// The same place with the line of a text file it is on: `line` is the 1-based line of
    /// the excerpt's first character; the column is that of the highlight's start (or of the
    /// excerpt's start without a highlight), in characters from 1.
    pub fn on_line(mut self, line: usize) -> SourceRef {
        let start = self.highlight.as_ref().map_or(0, |h| h.start);
        let before = self.excerpt.get(..start).unwrap_or("");
        self.line = Some(line);
        self.line_column = Some(before.chars().count() + 1);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::model::Cell;

    fn table(origin: TableOrigin) -> Table {
        let cell = |t: &str| Cell { text: t.into(), ..Cell::default() };
        Table { origin, rows: vec![vec![cell("项目名称"), cell("干部培训经费")]] }
    }

    #[test]
    fn a_sheet_cell_is_named_by_sheet_and_a1_address() {
        let place = SourceRef::cell(&table(TableOrigin::Sheet { name: "自评表".into() }), 0, 1, Some(0..6));
        assert_eq!(place.label, "自评表!B1");
        assert_eq!((place.sheet.as_deref(), place.cell.as_deref()), (Some("自评表"), Some("B1")));
        assert_eq!((place.table, place.row, place.column), (None, None, None));
        assert_eq!(&place.excerpt[place.highlight.clone().unwrap_or_default()], "干部");
    }

    #[test]
    fn a_word_cell_is_named_by_table_row_and_column_from_one() {
        let place = SourceRef::cell(&table(TableOrigin::WordTable { number: 2 }), 0, 1, None);
        assert_eq!(place.label, "表2 第1行第2列");
        assert_eq!((place.table, place.row, place.column), (Some(2), Some(1), Some(2)));
        assert_eq!(place.sheet, None);
    }

    #[test]
    fn a_text_line_place_counts_its_column_in_characters() {
        let text = "预算执行率为96.2%。";
        let at = text.find("96.2").unwrap_or_default();
        let place = SourceRef::paragraph(7, text, Some(at..at + 4)).on_line(12);
        assert_eq!((place.line, place.line_column), (Some(12), Some(7)));
        let plain = SourceRef::paragraph(7, text, None);
        assert_eq!((plain.line, plain.line_column), (None, None));
    }

    #[test]
    fn a_highlight_outside_the_excerpt_is_dropped() {
        let place = SourceRef::cell(&table(TableOrigin::WordTable { number: 1 }), 0, 0, Some(3..99));
        assert_eq!(place.highlight, None);
    }
}
