//! `.xlsx` workbooks → one [`Table`](super::model::Table) per worksheet, cells as displayed.
//!
//! The package is checked by the [archive guard](super::archive) before calamine sees it, and
//! cells are read with calamine's streaming cell reader, never `worksheet_range`: the latter
//! allocates the bounding box of a sheet's cells at once, and a 2 KB file with cells at A1 and
//! XFD1048576 asks for half a terabyte and aborts the process (calamine issue #693). Streaming,
//! each cell is placed as it comes and the first one beyond the limits ends the read.
//!
//! Numbers: calamine hands out the `<v>` text parsed to `f64`, and does not expose the text
//! itself; [`decimal_from_stored`](super::numfmt::decimal_from_stored) recovers the decimal
//! the file wrote (exact up to 15 significant digits, Excel's own precision). The displayed
//! text comes from the cell's number format through [`numfmt`](super::numfmt).

use std::io::Cursor;

use calamine::{Reader, Xlsx, XlsxError};
use quick_xml::events::Event;

use super::archive::{Archive, is_xml_part};
use super::error::{MALFORMED_WORKBOOK, ReadError};
use super::model::{Block, Document};
use super::read::Limits;
use super::sheet::{SheetBuilder, cell_from_value};

/// Bytes of a shared-strings part read to find its declared string count.
const SST_PREFIX_BYTES: u64 = 64 * 1024;
/// The smallest shared string entry, `<si/>`.
const SMALLEST_SHARED_STRING: u64 = 5;

pub(crate) fn read_xlsx(bytes: &[u8], limits: &Limits) -> Result<Document, ReadError> {
    precheck(bytes, limits)?;
    let mut workbook: Xlsx<Cursor<&[u8]>> =
        Xlsx::new(Cursor::new(bytes)).map_err(|err| workbook_error("工作簿", err))?;
    let mut blocks = Vec::new();
    for name in workbook.sheet_names() {
        let merges: Vec<_> = workbook
            .merge_cells_by_sheet_name(&name)
            .map_err(|err| workbook_error(&name, err))?
            .iter()
            .map(|region| (region.start.0, region.start.1, region.end.0, region.end.1))
            .collect();
        let mut builder = SheetBuilder::new(&name, limits);
        let mut reader = match workbook.worksheet_cells_reader(&name) {
            Ok(reader) => reader,
            // A chart sheet has no cells to read.
            Err(XlsxError::NotAWorksheet(_)) => continue,
            Err(err) => return Err(workbook_error(&name, err)),
        };
        while let Some((cell, style)) =
            reader.next_cell_with_style_id().map_err(|err| workbook_error(&name, err))?
        {
            let format = reader
                .styles()
                .get(style)
                .and_then(|style| style.number_format.as_ref())
                .map(|format| format.format_code.as_str());
            if let Some(shown) = cell_from_value(cell.get_value(), format) {
                let (row, column) = cell.get_position();
                builder.put(row, column, shown)?;
            }
        }
        drop(reader);
        blocks.push(Block::Table(builder.finish(&merges)?));
    }
    Ok(Document { blocks })
}

/// What calamine would take on trust, checked first: part sizes and encryption, and the
/// shared-string count, which calamine reserves room for before reading a single string.
/// How much of a part's start is searched for a document type declaration.
const DOCTYPE_PREFIX_BYTES: u64 = 1024;
const DOCTYPE: &[u8] = b"<!DOCTYPE";

fn precheck(bytes: &[u8], limits: &Limits) -> Result<(), ReadError> {
    let mut archive = Archive::open(bytes, limits)?;
    archive.check_xml_parts()?;
    // A document type declaration is where entity attacks live, and no workbook needs one; it
    // can only stand in a part's prolog, so the start of each part tells.
    for part in archive.part_names().filter(|n| is_xml_part(n)) {
        if let Some((prefix, _)) = archive.read_xml_prefix(&part, DOCTYPE_PREFIX_BYTES)?
            && prefix.windows(DOCTYPE.len()).any(|w| w.eq_ignore_ascii_case(DOCTYPE))
        {
            return Err(ReadError::Dtd { part });
        }
    }
    for part in archive.part_names().filter(|n| n.to_ascii_lowercase().ends_with("sharedstrings.xml")) {
        let Some((prefix, size)) = archive.read_xml_prefix(&part, SST_PREFIX_BYTES)? else {
            continue;
        };
        if let Some(count) = declared_unique_count(&prefix) {
            let plausible = (size / SMALLEST_SHARED_STRING).min(limits.max_cells as u64 * 4);
            if count > plausible {
                return Err(ReadError::Workbook {
                    place: part,
                    detail: format!("声明共有 {count} 个不同字符串，与部件大小 {size} 字节不符"),
                });
            }
        }
    }
    Ok(())
}

/// The `uniqueCount` of the first element (`<sst>`), when the prefix reaches it.
fn declared_unique_count(prefix: &[u8]) -> Option<u64> {
    let mut reader = quick_xml::Reader::from_reader(prefix);
    let mut buffer = Vec::new();
    loop {
        match reader.read_event_into(&mut buffer).ok()? {
            Event::Start(element) | Event::Empty(element) => {
                let attribute =
                    element.attributes().flatten().find(|a| a.key.local_name().as_ref() == "uniqueCount")?;
                return attribute.value.trim().parse().ok();
            }
            Event::Eof => return None,
            _ => buffer.clear(),
        }
    }
}

/// The spreadsheet parser's error as the user reads it (see [`ReadError::from_parser`]).
fn workbook_error(place: &str, err: XlsxError) -> ReadError {
    let missing;
    let what = match &err {
        XlsxError::Password => return ReadError::Encrypted,
        XlsxError::Xml(_)
        | XlsxError::XmlAttr(_)
        | XlsxError::XmlEof(_)
        | XlsxError::UnexpectedNode(_)
        | XlsxError::Unexpected(_) => "XML 内容已损坏或不完整",
        XlsxError::Zip(_) | XlsxError::Io(_) => "压缩包内的部件无法读出",
        XlsxError::FileNotFound(part) => {
            missing = format!("缺少部件 {part}");
            missing.as_str()
        }
        XlsxError::RelationshipNotFound => "工作表的关联信息缺失",
        _ => MALFORMED_WORKBOOK,
    };
    ReadError::from_parser(place, what, &err)
}
