//! A layout's examples as documents: a grid of texts with `^` / `<` for merged copies becomes a
//! table, is imported, and is held to the values the example expects.

use super::{Example, FormSet, Layout, import};
use crate::import::model::{Block, Cell, Document, Paragraph, Table, TableOrigin};
use serde_json::Value;

/// A table from rows of texts. A cell `^` is a merged copy of the cell above, `<` of the cell
/// to its left: it carries the merged region's top-left text and `merged_from`, as readers give.
pub fn table_from_rows<S: AsRef<str>>(origin: TableOrigin, rows: &[Vec<S>]) -> Table {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut out: Vec<Vec<Cell>> = Vec::with_capacity(rows.len());
    for (r, row) in rows.iter().enumerate() {
        let mut cells: Vec<Cell> = Vec::with_capacity(width);
        for c in 0..width {
            let text = row.get(c).map_or("", AsRef::as_ref);
            let from = match text {
                "^" if r > 0 => {
                    out.get(r - 1).and_then(|above| above.get(c)).map(|a| a.merged_from.unwrap_or((r - 1, c)))
                }
                "<" if c > 0 => cells.get(c - 1).map(|left| left.merged_from.unwrap_or((r, c - 1))),
                _ => None,
            };
            let cell = match from {
                Some((fr, fc)) => {
                    let text = if fr == r { cells.get(fc) } else { out.get(fr).and_then(|x| x.get(fc)) }
                        .map(|o| o.text.clone())
                        .unwrap_or_default();
                    Cell { text, number: None, merged_from: Some((fr, fc)) }
                }
                None => Cell { text: text.to_string(), number: None, merged_from: None },
            };
            cells.push(cell);
        }
        out.push(cells);
    }
    Table { origin, rows: out }
}

/// The document of an example: its title paragraph, then its table as Word table 1.
pub fn example_document(example: &Example) -> Document {
    let mut blocks = Vec::new();
    if let Some(title) = &example.title {
        blocks.push(Block::Paragraph(Paragraph {
            number: 1,
            text: title.clone(),
            label: None,
            heading: None,
            line: None,
        }));
    }
    blocks.push(Block::Table(table_from_rows(TableOrigin::WordTable { number: 1 }, &example.rows)));
    Document { blocks }
}

/// The value at a pointer as the examples write it: a string as is, a number as printed.
pub fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Imports every example of `layout` with `forms` and lists what differs from its
/// expectations (empty when all hold).
pub fn check_examples(layout: &Layout, forms: &FormSet) -> Vec<String> {
    let mut failures = Vec::new();
    for example in &layout.examples {
        let imported = import(&example_document(example), forms);
        let chosen = imported.report.pointer("/x-import/layout").and_then(Value::as_str).unwrap_or("（无）");
        if chosen != layout.id {
            failures.push(format!("{} / {}: imported with layout {chosen}", layout.id, example.name));
            continue;
        }
        for (pointer, expected) in &example.expect {
            let found = imported.report.pointer(pointer).map(value_text);
            if found.as_deref() != Some(expected.as_str()) {
                failures.push(format!(
                    "{} / {}: {pointer} is {}, expected {expected}",
                    layout.id,
                    example.name,
                    found.unwrap_or_else(|| "absent".into())
                ));
            }
        }
        for pointer in &example.absent {
            if let Some(found) = imported.report.pointer(pointer) {
                failures.push(format!(
                    "{} / {}: {pointer} should be absent, is {found}",
                    layout.id, example.name
                ));
            }
        }
    }
    failures
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carets_and_angles_become_merged_copies_of_their_origin() {
        let rows = vec![vec!["绩效指标", "产出指标", "<"], vec!["^", "^", "数量指标"]];
        let table = table_from_rows(TableOrigin::WordTable { number: 1 }, &rows);
        assert_eq!(table.rows[0][2].merged_from, Some((0, 1)));
        assert_eq!(table.rows[0][2].text, "产出指标");
        assert_eq!(table.rows[1][0].merged_from, Some((0, 0)));
        assert_eq!(table.rows[1][1].merged_from, Some((0, 1)));
        assert_eq!(table.rows[1][1].text, "产出指标");
        assert_eq!(table.rows[1][2].merged_from, None);
    }

    #[test]
    fn short_rows_are_padded_with_empty_cells() {
        let rows = vec![vec!["a", "b"], vec!["c"]];
        let table = table_from_rows(TableOrigin::Sheet { name: "s".into() }, &rows);
        assert_eq!(table.rows[1].len(), 2);
        assert_eq!(table.rows[1][1].text, "");
    }
}
