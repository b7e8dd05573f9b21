//! Plain text (`.txt`, `.md`) → one paragraph per non-empty line, each remembering its line.
//!
//! The bytes are decoded by the report loader's own detection (UTF-8 with or without BOM,
//! UTF-16 with or without BOM, GB18030), so a text report and a JSON report saved by the same
//! office software decode the same way.

use crate::load::{Limits as LoadLimits, load_bytes};

use super::error::ReadError;
use super::model::{Block, Document, Paragraph};

pub(crate) fn read_text(bytes: &[u8]) -> Result<Document, ReadError> {
    let loaded = load_bytes(bytes, &LoadLimits::default());
    let Some(text) = loaded.text else {
        let detail = loaded
            .diagnostics
            .into_iter()
            .next()
            .map(|diagnostic| diagnostic.message)
            .unwrap_or_else(|| "文件无法按文本解码".to_owned());
        return Err(ReadError::Text { detail });
    };
    Ok(paragraphs_of(&text))
}

/// Splits decoded text into paragraphs, one per line that holds more than white space.
fn paragraphs_of(text: &str) -> Document {
    let mut blocks = Vec::new();
    for (index, line) in text.split('\n').enumerate() {
        let line_text = line.strip_suffix('\r').unwrap_or(line);
        if line_text.trim().is_empty() {
            continue;
        }
        blocks.push(Block::Paragraph(Paragraph {
            number: blocks.len() + 1,
            text: line_text.to_owned(),
            label: None,
            heading: None,
            line: Some(index + 1),
        }));
    }
    Document { blocks }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraph(block: &Block) -> &Paragraph {
        match block {
            Block::Paragraph(paragraph) => paragraph,
            Block::Table(_) => panic!("a text file has no tables"),
        }
    }

    #[test]
    fn each_non_empty_line_is_a_paragraph_that_keeps_its_line_number() {
        let document = read_text("一、部门概况\r\n\r\n  \n（一）部门职能\n".as_bytes()).expect("text");
        assert_eq!(document.blocks.len(), 2);
        let second = paragraph(&document.blocks[1]);
        assert_eq!((second.number, second.line, second.text.as_str()), (2, Some(4), "（一）部门职能"));
        assert_eq!(paragraph(&document.blocks[0]).text, "一、部门概况");
    }

    #[test]
    fn gb18030_text_is_decoded_as_the_loader_decodes_it() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("项目支出绩效自评表\n执行率 96.2%");
        let document = read_text(&bytes).expect("GB18030 text");
        assert_eq!(paragraph(&document.blocks[1]).text, "执行率 96.2%");
    }

    #[test]
    fn bytes_that_are_no_text_are_an_error_naming_the_byte() {
        let error = read_text(b"abc\xFF\xFE\x00\x01\x02\x03").expect_err("not text");
        assert!(error.to_string().contains("字节"), "{error}");
    }
}
