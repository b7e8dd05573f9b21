//! The 整改清单 as CSV, for Excel and WPS.
//!
//! - UTF-8 with a byte-order mark: without one, Excel on Chinese Windows reads the file as
//!   GBK and shows mojibake.
//! - CRLF line ends, as RFC 4180 and Excel expect.
//! - A cell that starts with `=`, `+`, `-`, `@` (or a tab or CR) gets a leading `'`, so that
//!   a spreadsheet shows text from a report instead of running it as a formula.
//! - Every cell is text; numbers in messages keep the digits the report printed.

use super::{HEADER, items};
use crate::render::FileReport;
use std::borrow::Cow;

pub fn render(files: &[FileReport]) -> String {
    let mut writer = ::csv::WriterBuilder::new().terminator(::csv::Terminator::CRLF).from_writer(Vec::new());
    let written = write_all(&mut writer, files);
    // Writing to a `Vec` cannot fail, and every cell is a `String`, so the bytes are UTF-8.
    let bytes = match (written, writer.into_inner()) {
        (Ok(()), Ok(bytes)) => bytes,
        _ => Vec::new(),
    };
    let mut out = String::from('\u{feff}');
    out.push_str(&String::from_utf8_lossy(&bytes));
    out
}

fn write_all(writer: &mut ::csv::Writer<Vec<u8>>, files: &[FileReport]) -> Result<(), ::csv::Error> {
    writer.write_record(HEADER)?;
    for item in items(files) {
        writer.write_record(item.cells().iter().map(|cell| defuse(cell).into_owned()))?;
    }
    writer.flush()?;
    Ok(())
}

/// Prefixes a cell a spreadsheet would read as a formula with `'`.
pub fn defuse(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused() {
        assert_eq!(defuse("=1+1"), "'=1+1");
        assert_eq!(defuse("-5"), "'-5");
        assert_eq!(defuse("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defuse("+86"), "'+86");
        assert_eq!(defuse("执行率 96%"), "执行率 96%");
        assert_eq!(defuse(""), "");
    }
}
