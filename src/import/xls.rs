//! `.xls` (BIFF8) workbooks → one [`Table`](super::model::Table) per worksheet.
//!
//! calamine parses every sheet of an `.xls` when the workbook is opened, and builds each as a
//! dense range: it reserves `rows × columns` cells from a sheet's DIMENSIONS record and then
//! allocates the bounding box of the cells it found. A few hundred bytes claiming 4 billion rows
//! abort the process, which no `catch_unwind` can stop. So the Workbook stream is scanned here
//! first, the way calamine will walk it (from each BOUNDSHEET offset to the sheet's EOF,
//! skipping embedded substreams), and a sheet is refused when its DIMENSIONS or any cell record
//! lies beyond the limits, or when a record is malformed in a way calamine would index past.
//!
//! Residual risk: the scan mirrors calamine 0.38's reading of the stream; a record calamine
//! reads and the scan does not know would escape it. Panics (as opposed to aborts) inside
//! calamine are caught by the caller and reported as an error.
//!
//! calamine gives no number formats for `.xls`, so numbers are shown plainly (the 15-digit
//! stored value, [`General`](super::numfmt)); dates, which calamine detects from the format,
//! are shown as dates.

use std::io::{Cursor, Read};

use calamine::{Data, DataRef, Reader, Xls, XlsError};

use super::error::{MALFORMED_WORKBOOK, ReadError};
use super::model::{Block, Document};
use super::read::Limits;
use super::sheet::{SheetBuilder, cell_from_value};

pub(crate) fn read_xls(bytes: &[u8], limits: &Limits) -> Result<Document, ReadError> {
    let stream = workbook_stream(bytes)?;
    prescan(&stream, limits)?;
    drop(stream);
    let mut workbook: Xls<Cursor<&[u8]>> =
        Xls::new(Cursor::new(bytes)).map_err(|err| workbook_error("工作簿", err))?;
    let mut blocks = Vec::new();
    for name in workbook.sheet_names() {
        let range = match workbook.worksheet_range(&name) {
            Ok(range) => range,
            Err(XlsError::WorksheetNotFound(_)) => continue,
            Err(err) => return Err(workbook_error(&name, err)),
        };
        let merges: Vec<_> = workbook
            .merge_cells_by_sheet_name(&name)
            .map_err(|err| workbook_error(&name, err))?
            .iter()
            .map(|region| (region.start.0, region.start.1, region.end.0, region.end.1))
            .collect();
        let (row0, column0) = range.start().unwrap_or((0, 0));
        let mut builder = SheetBuilder::new(&name, limits);
        for (row, column, value) in range.used_cells() {
            if let Some(cell) = cell_from_value(&data_ref(value), None) {
                builder.put(row0 + row as u32, column0 + column as u32, cell)?;
            }
        }
        blocks.push(Block::Table(builder.finish(&merges)?));
    }
    Ok(Document { blocks })
}

fn data_ref(value: &Data) -> DataRef<'_> {
    match value {
        Data::Int(int) => DataRef::Int(*int),
        Data::Float(float) => DataRef::Float(*float),
        Data::String(text) => DataRef::SharedString(text),
        Data::Bool(flag) => DataRef::Bool(*flag),
        Data::DateTime(datetime) => DataRef::DateTime(*datetime),
        Data::DateTimeIso(text) => DataRef::DateTimeIso(text.clone()),
        Data::DurationIso(text) => DataRef::DurationIso(text.clone()),
        Data::Error(error) => DataRef::Error(error.clone()),
        Data::Empty => DataRef::Empty,
    }
}

/// The spreadsheet parser's error as the user reads it (see [`ReadError::from_parser`]).
fn workbook_error(place: &str, err: XlsError) -> ReadError {
    let what = match &err {
        XlsError::Password => return ReadError::Encrypted,
        XlsError::Io(_) | XlsError::Cfb(_) => "OLE 复合文档的内容无法读出",
        XlsError::StackLen
        | XlsError::Len { .. }
        | XlsError::ContinueRecordTooShort
        | XlsError::EoStream(_)
        | XlsError::Unrecognized { .. } => "工作簿的记录已损坏或不完整",
        _ => MALFORMED_WORKBOOK,
    };
    ReadError::from_parser(place, what, &err)
}

/// The BIFF Workbook stream (`Book` in BIFF5 files), read through the `cfb` crate.
fn workbook_stream(bytes: &[u8]) -> Result<Vec<u8>, ReadError> {
    let compound_error = |err: std::io::Error| ReadError::Compound { detail: err.to_string() };
    let mut compound = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(compound_error)?;
    let name = ["/Workbook", "/Book"].into_iter().find(|name| compound.is_stream(name)).ok_or_else(|| {
        ReadError::MissingPart { part: "Workbook".into(), kind: "Excel 97-2003 工作簿".into() }
    })?;
    let stream = compound.open_stream(name).map_err(compound_error)?;
    let mut data = Vec::new();
    // A stream cannot hold more than the file; the bound keeps a lying length harmless.
    stream.take(bytes.len() as u64).read_to_end(&mut data).map_err(compound_error)?;
    Ok(data)
}

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const BOUNDSHEET: u16 = 0x0085;
const FILEPASS: u16 = 0x002F;
const DIMENSIONS: u16 = 0x0200;
const MULRK: u16 = 0x00BD;
/// Records whose data starts with the cell's row and column (u16 each), as calamine reads them:
/// FORMULA, RSTRING, LABELSST, NUMBER, LABEL, BOOLERR, RK.
const CELL_RECORDS: [u16; 7] = [0x0006, 0x00D6, 0x00FD, 0x0203, 0x0204, 0x0205, 0x027E];

/// One BIFF record: type and data (CONTINUE records are records of their own here).
struct Record<'a> {
    kind: u16,
    data: &'a [u8],
}

fn records(stream: &[u8]) -> impl Iterator<Item = Record<'_>> {
    let mut rest = stream;
    std::iter::from_fn(move || {
        let header = rest.get(..4)?;
        let kind = u16::from_le_bytes([header[0], header[1]]);
        let len = u16::from_le_bytes([header[2], header[3]]) as usize;
        let data = rest.get(4..4 + len)?;
        rest = &rest[4 + len..];
        Some(Record { kind, data })
    })
}

fn u16_at(data: &[u8], at: usize) -> Option<u32> {
    data.get(at..at + 2).map(|b| u32::from(u16::from_le_bytes([b[0], b[1]])))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    data.get(at..at + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Refuses a workbook that calamine could not open without an unbounded allocation.
fn prescan(stream: &[u8], limits: &Limits) -> Result<(), ReadError> {
    let malformed =
        |detail: &str| ReadError::Workbook { place: "Workbook".to_owned(), detail: detail.to_owned() };
    let mut sheets = Vec::new();
    for record in records(stream) {
        if record.kind == BOF && record.data.len() < 2 {
            // calamine reads the version without checking the length.
            return Err(malformed("BOF 记录过短"));
        }
        match record.kind {
            FILEPASS => return Err(ReadError::Encrypted),
            BOUNDSHEET => {
                let position = u32_at(record.data, 0)
                    .filter(|_| record.data.len() >= 8)
                    .ok_or_else(|| malformed("BOUNDSHEET 记录过短"))? as usize;
                if position > stream.len() {
                    return Err(malformed("BOUNDSHEET 指向工作簿流之外"));
                }
                sheets.push((position, sheet_name(record.data)));
            }
            EOF => break,
            _ => {}
        }
    }
    for (position, name) in sheets {
        scan_sheet(&stream[position..], &name, limits)?;
    }
    Ok(())
}

/// The sheet name of a BOUNDSHEET record, for messages: UTF-16 or one byte per character.
fn sheet_name(data: &[u8]) -> String {
    let count = data.get(6).copied().unwrap_or(0) as usize;
    let wide = data.get(7).is_some_and(|flags| flags & 1 == 1);
    let chars = data.get(8..).unwrap_or(&[]);
    if wide {
        let units: Vec<u16> =
            chars.chunks_exact(2).take(count).map(|pair| u16::from_le_bytes([pair[0], pair[1]])).collect();
        String::from_utf16_lossy(&units)
    } else {
        chars.iter().take(count).map(|&b| char::from(b)).collect()
    }
}

fn scan_sheet(stream: &[u8], name: &str, limits: &Limits) -> Result<(), ReadError> {
    let too_large = |detail: String| ReadError::SheetTooLarge {
        sheet: name.to_owned(),
        detail,
        max_rows: limits.max_rows,
        max_columns: limits.max_columns,
        max_cells: limits.max_cells,
    };
    let malformed = |detail: &str| ReadError::Workbook { place: name.to_owned(), detail: detail.to_owned() };
    let outside =
        |row: u32, column: u32| row as usize >= limits.max_rows || column as usize >= limits.max_columns;
    let mut seen_bof = false;
    let mut depth = 0usize;
    let mut cells = 0usize;
    for record in records(stream) {
        if depth > 0 {
            match record.kind {
                BOF => depth += 1,
                EOF => depth -= 1,
                _ => {}
            }
            continue;
        }
        let data = record.data;
        if record.kind == BOF && data.len() < 2 {
            return Err(malformed("BOF 记录过短"));
        }
        match record.kind {
            BOF if seen_bof => depth += 1,
            BOF => seen_bof = true,
            EOF => break,
            DIMENSIONS => {
                let (first_row, last_row, first_column, last_column) = match data.len() {
                    10 => (u16_at(data, 0), u16_at(data, 2), u16_at(data, 4), u16_at(data, 6)),
                    14 | 16 => (u32_at(data, 0), u32_at(data, 4), u16_at(data, 8), u16_at(data, 10)),
                    // calamine refuses other lengths with an error of its own.
                    _ => continue,
                };
                let (Some(first_row), Some(last_row), Some(first_column), Some(last_column)) =
                    (first_row, last_row, first_column, last_column)
                else {
                    continue;
                };
                // As calamine reads it: a first column beyond the last means column A.
                let first_column =
                    if first_column > 0xFF || last_column < first_column { 0 } else { first_column };
                if last_row >= 1 && last_column >= 1 {
                    // calamine takes last−1 − first + 1 and would wrap below zero.
                    if last_row - 1 < first_row || last_column - 1 < first_column {
                        return Err(malformed("DIMENSIONS 记录的范围首尾颠倒"));
                    }
                    let rows = (last_row - first_row) as usize;
                    let columns = (last_column - first_column) as usize;
                    if outside(last_row - 1, last_column - 1)
                        || rows.saturating_mul(columns) > limits.max_cells
                    {
                        return Err(too_large(format!("DIMENSIONS 记录声明 {rows} 行 × {columns} 列")));
                    }
                }
            }
            MULRK => {
                let (Some(row), Some(first), Some(last)) = (
                    u16_at(data, 0),
                    u16_at(data, 2),
                    data.len().checked_sub(2).and_then(|at| u16_at(data, at)),
                ) else {
                    return Err(malformed("MULRK 记录过短"));
                };
                if last < first || data.len() != 6 + 6 * (last - first + 1) as usize {
                    return Err(malformed("MULRK 记录的列范围有误"));
                }
                if outside(row, last) {
                    return Err(too_large(format!("第 {} 行第 {} 列有内容", row + 1, last + 1)));
                }
                cells += (last - first + 1) as usize;
            }
            kind if CELL_RECORDS.contains(&kind) => {
                let (Some(row), Some(column)) = (u16_at(data, 0), u16_at(data, 2)) else {
                    continue;
                };
                if outside(row, column) {
                    return Err(too_large(format!("第 {} 行第 {} 列有内容", row + 1, column + 1)));
                }
                cells += 1;
            }
            _ => {}
        }
        if cells > limits.max_cells {
            return Err(too_large(format!("超过 {} 个单元格有内容", limits.max_cells)));
        }
    }
    Ok(())
}
