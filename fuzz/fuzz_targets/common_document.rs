//! Shared by the document-reader targets: what every document a reader returns must satisfy,
//! and ZIP packaging of fuzzer bytes as one part of an otherwise valid package.

use std::io::{Cursor, Read, Write};

use jixiao::import::model::{Block, Document};
use zip::write::SimpleFileOptions;

/// Tables are rectangular, a covered cell points at an uncovered cell of its own table that
/// lies above or to the left, and paragraphs are numbered 1, 2, 3… in order.
pub fn check_document(document: &Document) {
    let mut expected_number = 1;
    for block in &document.blocks {
        match block {
            Block::Paragraph(paragraph) => {
                assert_eq!(paragraph.number, expected_number, "paragraph numbers run in order");
                expected_number += 1;
            }
            Block::Table(table) => {
                let width = table.rows.first().map_or(0, Vec::len);
                for (r, row) in table.rows.iter().enumerate() {
                    assert_eq!(row.len(), width, "rows are dense");
                    for (c, cell) in row.iter().enumerate() {
                        if let Some((origin_row, origin_column)) = cell.merged_from {
                            assert!(origin_row <= r && origin_column <= c, "origin is above or left");
                            assert!((origin_row, origin_column) != (r, c), "a cell is not its own origin");
                            let origin = &table.rows[origin_row][origin_column];
                            assert!(origin.merged_from.is_none(), "an origin is not covered");
                        }
                    }
                }
            }
        }
    }
}

/// `template` with the part `part` replaced by `data` (or added when absent).
pub fn replace_part(template: &[u8], part: &str, data: &[u8]) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(template)).expect("template is a zip");
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let mut replaced = false;
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).expect("template entry");
        let name = file.name().expect("template name").into_owned();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).expect("template entry reads");
        if name == part {
            bytes = data.to_vec();
            replaced = true;
        }
        writer.start_file(name, SimpleFileOptions::default()).expect("start entry");
        writer.write_all(&bytes).expect("write entry");
    }
    if !replaced {
        writer.start_file(part, SimpleFileOptions::default()).expect("start entry");
        writer.write_all(data).expect("write entry");
    }
    writer.finish().expect("finish zip").into_inner()
}
