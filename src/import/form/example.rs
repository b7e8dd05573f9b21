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

/// An example as an Excel workbook, the way a department fills the form in Excel: the title
/// merged across the first row, the grid below it with its merged regions, numbers stored as
/// numbers under the format that prints them as written (`97.00%` is 0.97 under `0.00%`,
/// `192.50` is 192.5 under `0.00`). Used to make example and test files; the numbers go
/// through a binary float here only because that is how a workbook stores them.
pub fn workbook(example: &Example, sheet_name: &str) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, FormatAlign, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name)?;
    let width = example.rows.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::VerticalCenter);
    let mut top = 0u32;
    if let Some(title) = &example.title {
        let bold = Format::new().set_bold().set_align(FormatAlign::Center);
        if width > 1 {
            sheet.merge_range(0, 0, 0, (width - 1) as u16, title, &bold)?;
        } else {
            sheet.write_string_with_format(0, 0, title, &bold)?;
        }
        top = 1;
    }
    let rows = &example.rows;
    let at = |r: usize, c: usize| rows.get(r).and_then(|row| row.get(c)).map_or("", String::as_str);
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if text == "^" || text == "<" {
                continue;
            }
            let mut right = c + 1;
            while at(r, right) == "<" {
                right += 1;
            }
            let mut down = r + 1;
            while at(down, c) == "^" {
                down += 1;
            }
            let (row0, col0) = (top + r as u32, c as u16);
            if right - c > 1 || down - r > 1 {
                sheet.merge_range(row0, col0, top + (down - 1) as u32, (right - 1) as u16, "", &wrap)?;
            }
            match number_cell(text) {
                Some((value, code)) => {
                    sheet.write_number_with_format(row0, col0, value, &Format::new().set_num_format(code))?
                }
                None => sheet.write_string_with_format(row0, col0, text, &wrap)?,
            };
        }
    }
    sheet.set_column_range_width(0, (width - 1) as u16, 14)?;
    book.save_to_buffer()
}

/// A plain number (`192.50`, `10`) or percentage (`97.00%`) and the format that prints it so.
fn number_cell(text: &str) -> Option<(f64, String)> {
    let (digits, percent) = match text.strip_suffix('%') {
        Some(d) => (d, true),
        None => (text, false),
    };
    if digits.is_empty() || !digits.chars().all(|ch| ch.is_ascii_digit() || ch == '.') {
        return None;
    }
    let value: f64 = digits.parse().ok()?;
    let decimals = digits.split_once('.').map_or(0, |(_, d)| d.len());
    let mut code = if decimals == 0 { "0".to_string() } else { format!("0.{}", "0".repeat(decimals)) };
    if percent {
        code.push('%');
        return Some((value / 100.0, code));
    }
    Some((value, code))
}

/// An example as a Word document, the way a form is pasted into Word: the title as a
/// paragraph, then the grid as a Word table whose merged regions are `gridSpan` and `vMerge`
/// cells. A package Word opens: content types, the document's relationships and the document.
pub fn word_document(example: &Example) -> Result<Vec<u8>, zip::result::ZipError> {
    use std::io::Write as _;
    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    let escape = |text: &str| text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let paragraph =
        |text: &str| format!("<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>", escape(text));
    let rows = &example.rows;
    let at = |r: usize, c: usize| rows.get(r).and_then(|row| row.get(c)).map_or("", String::as_str);
    let width = rows.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let mut body = String::new();
    if let Some(title) = &example.title {
        body.push_str(&paragraph(title));
    }
    body.push_str("<w:tbl><w:tblGrid>");
    body.push_str(&"<w:gridCol w:w=\"1200\"/>".repeat(width));
    body.push_str("</w:tblGrid>");
    for r in 0..rows.len() {
        body.push_str("<w:tr>");
        let mut c = 0;
        while c < width {
            let mut span = 1;
            while at(r, c + span) == "<" {
                span += 1;
            }
            let text = at(r, c);
            let mut properties = String::new();
            if span > 1 {
                properties.push_str(&format!("<w:gridSpan w:val=\"{span}\"/>"));
            }
            let content = match text {
                "^" => {
                    properties.push_str("<w:vMerge/>");
                    paragraph("")
                }
                _ => {
                    if at(r + 1, c) == "^" {
                        properties.push_str("<w:vMerge w:val=\"restart\"/>");
                    }
                    paragraph(text)
                }
            };
            body.push_str(&format!("<w:tc><w:tcPr>{properties}</w:tcPr>{content}</w:tc>"));
            c += span;
        }
        body.push_str("</w:tr>");
    }
    body.push_str("</w:tbl>");
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document xmlns:w=\"{W}\"><w:body>{body}</w:body></w:document>"
    );
    let content_types = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
    let relationships = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, data) in [
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", relationships),
        ("word/document.xml", &document),
    ] {
        writer.start_file(name, options)?;
        writer.write_all(data.as_bytes())?;
    }
    Ok(writer.finish()?.into_inner())
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
