//! Bytes → the reader entry point with a text name: kind sniffing and the text reader never
//! panic, and a text document's paragraphs are numbered in order with rising line numbers.

#![no_main]

use jixiao::import::model::Block;
use jixiao::import::read;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok((_, document)) = read(data, "fuzz.txt") else { return };
    let mut last_line = 0;
    for (index, block) in document.blocks.iter().enumerate() {
        if let Block::Paragraph(paragraph) = block {
            assert_eq!(paragraph.number, index + 1);
            let line = paragraph.line.unwrap_or(0);
            assert!(line > last_line, "lines rise");
            last_line = line;
            assert!(!paragraph.text.trim().is_empty());
        }
    }
});
