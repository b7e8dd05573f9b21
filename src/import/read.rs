//! The entry point of the readers: bytes and a file name in, the kind and the [`Document`] out.
//!
//! The kind comes from the content ([`sniff`](super::sniff)); the name only serves to say
//! "named .xlsx but is a JPEG". Every reader works within [`Limits`], so a hostile file ends in
//! a [`ReadError`] rather than in a crash, a hang or an unbounded allocation.

use super::error::ReadError;
use super::model::{Document, DocumentKind};
use super::sniff::{Sniffed, sniff};
use super::{docx, text, xls, xlsx};

/// Bounds on what a reader accepts, so that work and memory stay proportional to a real form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Entries in a ZIP package.
    pub max_entries: u64,
    /// Declared inflated size of one XML part that is read.
    pub max_part_bytes: u64,
    /// Declared inflated size of all XML parts read, together.
    pub max_total_bytes: u64,
    /// Rows of a sheet (counted to the last cell that holds something).
    pub max_rows: usize,
    /// Columns of a sheet (counted to the last cell that holds something).
    pub max_columns: usize,
    /// Cells holding something, per sheet.
    pub max_cells: usize,
    /// Nodes of one parsed XML part (docx).
    pub max_xml_nodes: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_entries: 10_000,
            max_part_bytes: 64 * 1024 * 1024,
            max_total_bytes: 256 * 1024 * 1024,
            max_rows: 10_000,
            max_columns: 200,
            max_cells: 1_000_000,
            max_xml_nodes: 2_000_000,
        }
    }
}

/// Reads a document of any supported kind within the default [`Limits`].
///
/// `name_hint` is the file name as the user gave it; it is used only to name a mismatch between
/// the name and the content. A JSON report is refused with [`ReadError::Json`]: the JSON loader
/// reads those.
pub fn read(bytes: &[u8], name_hint: &str) -> Result<(DocumentKind, Document), ReadError> {
    read_with_limits(bytes, name_hint, &Limits::default())
}

/// [`read`] with explicit limits.
pub fn read_with_limits(
    bytes: &[u8],
    name_hint: &str,
    limits: &Limits,
) -> Result<(DocumentKind, Document), ReadError> {
    let kind = match sniff(bytes, name_hint, limits)? {
        Sniffed::Document(kind) => kind,
        Sniffed::Json => return Err(ReadError::Json),
    };
    let document = match kind {
        DocumentKind::Xlsx => caught("工作簿", || xlsx::read_xlsx(bytes, limits))?,
        DocumentKind::Xls => caught("工作簿", || xls::read_xls(bytes, limits))?,
        DocumentKind::Docx => docx::read_docx(bytes, limits)?,
        DocumentKind::Text => text::read_text(bytes)?,
    };
    Ok((kind, document))
}

/// Runs a reader built on a third-party parser, turning a panic inside that parser into an
/// error about the file: a malformed workbook must not end the run. (Aborts, which no unwinding
/// catches, are kept out by the readers' own pre-checks.)
fn caught(place: &str, reader: impl FnOnce() -> Result<Document, ReadError>) -> Result<Document, ReadError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(reader)).unwrap_or_else(|_| {
        Err(ReadError::Workbook {
            place: place.to_owned(), detail: "文件结构异常，无法解析".to_owned()
        })
    })
}
