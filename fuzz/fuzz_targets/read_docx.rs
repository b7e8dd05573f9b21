//! Bytes → the Word reader. The first byte chooses what the rest is: the whole file, or
//! `word/document.xml`, `word/numbering.xml` or `word/styles.xml` inside a valid package.
//! Reading never panics or runs away; a document read is well-formed.

#![no_main]

use std::io::{Cursor, Write};
use std::sync::OnceLock;

use jixiao::import::{Limits, read_with_limits};
use libfuzzer_sys::fuzz_target;
use zip::write::SimpleFileOptions;

#[path = "common_document.rs"]
mod common_document;

use common_document::{check_document, replace_part};

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

fn template() -> &'static [u8] {
    static TEMPLATE: OnceLock<Vec<u8>> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let document = format!(
            r#"<w:document {W}><w:body><w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>基本情况</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p/></w:tc></w:tr><w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr><w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl></w:body></w:document>"#
        );
        let numbering = format!(
            r#"<w:numbering {W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
        );
        let styles = format!(r#"<w:styles {W}><w:style w:styleId="1"><w:name w:val="heading 1"/></w:style></w:styles>"#);
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, text) in [
            ("word/document.xml", document),
            ("word/numbering.xml", numbering),
            ("word/styles.xml", styles),
        ] {
            writer.start_file(name, SimpleFileOptions::default()).expect("start entry");
            writer.write_all(text.as_bytes()).expect("write entry");
        }
        writer.finish().expect("template package").into_inner()
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let limits = Limits {
        max_rows: 200,
        max_columns: 50,
        max_cells: 5_000,
        max_xml_nodes: 200_000,
        ..Limits::default()
    };
    let bytes = match mode % 4 {
        0 => rest.to_vec(),
        1 => replace_part(template(), "word/document.xml", rest),
        2 => replace_part(template(), "word/numbering.xml", rest),
        _ => replace_part(template(), "word/styles.xml", rest),
    };
    if let Ok((_, document)) = read_with_limits(&bytes, "fuzz.docx", &limits) {
        check_document(&document);
    }
});
