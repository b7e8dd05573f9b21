//! Bytes → the workbook readers. The first byte chooses what the rest is: the whole file
//! (`.xlsx` or `.xls`), or the XML of the first sheet or of the shared strings inside a valid
//! workbook. Reading never panics, aborts or runs away; a document read is well-formed.

#![no_main]

use std::sync::OnceLock;

use jixiao::import::{Limits, read_with_limits};
use libfuzzer_sys::fuzz_target;

#[path = "common_document.rs"]
mod common_document;

use common_document::{check_document, replace_part};

fn template() -> &'static [u8] {
    static TEMPLATE: OnceLock<Vec<u8>> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        let percent = rust_xlsxwriter::Format::new().set_num_format("0.00%");
        sheet.write_string(0, 0, "执行率").expect("write");
        sheet.write_number_with_format(0, 1, 0.962, &percent).expect("write");
        sheet.merge_range(1, 0, 1, 1, "合计", &rust_xlsxwriter::Format::new()).expect("merge");
        workbook.save_to_buffer().expect("template workbook")
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    // Small limits keep every run fast while still exercising every refusal.
    let limits = Limits { max_rows: 200, max_columns: 50, max_cells: 5_000, ..Limits::default() };
    let bytes = match mode % 4 {
        0 => rest.to_vec(),
        1 => replace_part(template(), "xl/worksheets/sheet1.xml", rest),
        2 => replace_part(template(), "xl/sharedStrings.xml", rest),
        _ => replace_part(template(), "xl/styles.xml", rest),
    };
    let name = if mode % 8 == 4 { "fuzz.xls" } else { "fuzz.xlsx" };
    if let Ok((_, document)) = read_with_limits(&bytes, name, &limits) {
        check_document(&document);
    }
});
