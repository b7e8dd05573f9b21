//! The 整改清单 as CSV, for Excel and WPS.
//!
//! - UTF-8 with a byte-order mark: without one, Excel on Chinese Windows reads the file as
//!   GBK and shows mojibake.
//! - CRLF line ends, as RFC 4180 and Excel expect.
//! - A cell that starts with `=`, `+`, `-`, `@` (or a tab or CR) gets a leading `'`, so that
//!   a spreadsheet shows text from a report instead of running it as a formula.
//! - Every cell is text; numbers in messages keep the digits the report printed.

use super::{Form, HEADER, Item};
use crate::diagnostic::FileReport;
use std::borrow::Cow;

pub fn render(files: &[FileReport]) -> String {
    super::render_all(Form::Csv, files).1
}

/// The byte-order mark and the header row.
pub(super) fn head() -> String {
    let mut out = String::from('\u{feff}');
    out.push_str(&records(std::iter::once(HEADER.map(str::to_string))));
    out
}

/// Rows as CSV records.
pub(super) fn rows<'a>(items: impl Iterator<Item = Item<'a>>) -> String {
    records(items.map(|item| item.cells().map(|cell| defuse(&cell).into_owned())))
}

fn records(rows: impl Iterator<Item = [String; 10]>) -> String {
    let mut writer = ::csv::WriterBuilder::new().terminator(::csv::Terminator::CRLF).from_writer(Vec::new());
    let mut written = Ok(());
    for row in rows {
        written = written.and_then(|()| writer.write_record(&row));
    }
    // Writing to a `Vec` cannot fail, and every cell is a `String`, so the bytes are UTF-8.
    match (written.and_then(|()| writer.flush().map_err(::csv::Error::from)), writer.into_inner()) {
        (Ok(()), Ok(bytes)) => String::from_utf8(bytes).unwrap_or_default(),
        _ => String::new(),
    }
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
