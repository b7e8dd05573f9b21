//! A ZIP package (xlsx, docx) opened from bytes in memory, within [`Limits`].
//!
//! OOXML files are ZIP archives, and a ZIP can lie: ten thousand entries in a few hundred
//! kilobytes, a part that inflates a thousandfold, entries that share their bytes, a size field
//! that understates what the data inflates to. The guard answers each before anything is
//! inflated:
//! - the entry count is read from the end-of-central-directory record first, so a package of a
//!   hundred thousand entries is refused without parsing its directory;
//! - only XML parts (`.xml`, `.rels`) are ever inflated, media never; each one's declared size
//!   is checked against the per-part limit, and the parts read against the total;
//! - reads go through `ZipArchive`, which (zip ≥ 9.0.1) fails any read past an entry's declared
//!   size, so the declared size is a true bound;
//! - overlapping entries and truncated archives are errors.

use std::io::{Cursor, Read};

use zip::ZipArchive;
use zip::result::ZipError;

use super::error::ReadError;
use super::read::Limits;

/// One entry of the central directory.
#[derive(Debug, Clone)]
struct Entry {
    name: String,
    /// Declared inflated size.
    size: u64,
    encrypted: bool,
}

/// An opened package: its directory, and the budget of bytes left to inflate.
pub(crate) struct Archive<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    entries: Vec<Entry>,
    limits: Limits,
    inflated: u64,
}

impl<'a> Archive<'a> {
    /// Opens the package, refusing too many entries, overlapping entries and damaged archives.
    pub(crate) fn open(bytes: &'a [u8], limits: &Limits) -> Result<Self, ReadError> {
        let declared = declared_entry_count(bytes)?;
        if declared > limits.max_entries {
            return Err(ReadError::TooManyEntries { count: declared, limit: limits.max_entries });
        }
        let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
        let count = zip.len() as u64;
        if count > limits.max_entries {
            return Err(ReadError::TooManyEntries { count, limit: limits.max_entries });
        }
        if zip.has_overlapping_files().map_err(damaged)? {
            return Err(ReadError::OverlappingEntries);
        }
        let mut entries = Vec::with_capacity(zip.len());
        for index in 0..zip.len() {
            let file = zip.by_index_raw(index).map_err(damaged)?;
            let name = file.name().map_err(damaged)?.into_owned();
            entries.push(Entry { name, size: file.size(), encrypted: file.encrypted() });
        }
        Ok(Archive { zip, entries, limits: *limits, inflated: 0 })
    }

    /// Whether the package holds a part of this name (ZIP names are compared exactly, then
    /// without regard to ASCII case, as Office itself tolerates).
    pub(crate) fn contains(&self, part: &str) -> bool {
        self.find(part).is_some()
    }

    fn find(&self, part: &str) -> Option<usize> {
        let part = part.trim_start_matches('/');
        self.entries
            .iter()
            .position(|e| e.name == part)
            .or_else(|| self.entries.iter().position(|e| e.name.eq_ignore_ascii_case(part)))
    }

    /// Checks, before another parser reads the package, that every XML part is within the
    /// per-part limit and all of them within the total, and that none is encrypted.
    pub(crate) fn check_xml_parts(&self) -> Result<(), ReadError> {
        let mut total: u64 = 0;
        for entry in self.entries.iter().filter(|e| is_xml_part(&e.name)) {
            self.check_entry(entry)?;
            total = total.saturating_add(entry.size);
            if total > self.limits.max_total_bytes {
                return Err(ReadError::TotalTooLarge { total, limit: self.limits.max_total_bytes });
            }
        }
        Ok(())
    }

    fn check_entry(&self, entry: &Entry) -> Result<(), ReadError> {
        if entry.encrypted {
            return Err(ReadError::Encrypted);
        }
        if entry.size > self.limits.max_part_bytes {
            return Err(ReadError::PartTooLarge {
                part: entry.name.clone(),
                size: entry.size,
                limit: self.limits.max_part_bytes,
            });
        }
        Ok(())
    }

    /// The names of all entries, in directory order.
    pub(crate) fn part_names(&self) -> impl Iterator<Item = String> + use<> {
        self.entries.iter().map(|e| e.name.clone()).collect::<Vec<_>>().into_iter()
    }

    /// The first `max` bytes of an XML part and its declared size, or `None` when the package
    /// has no such part.
    pub(crate) fn read_xml_prefix(
        &mut self,
        part: &str,
        max: u64,
    ) -> Result<Option<(Vec<u8>, u64)>, ReadError> {
        let Some(index) = self.find(part) else { return Ok(None) };
        let entry = self.entries[index].clone();
        self.check_entry(&entry)?;
        let file = self
            .zip
            .by_index(index)
            .map_err(|err| ReadError::Damaged { detail: format!("部件 {}：{err}", entry.name) })?;
        let mut data = Vec::new();
        file.take(max).read_to_end(&mut data).map_err(|err| ReadError::Damaged {
            detail: format!("部件 {} 无法解压：{err}", entry.name),
        })?;
        Ok(Some((data, entry.size)))
    }

    /// The bytes of an XML part, or `None` when the package has no such part. Parts that are
    /// not XML are never inflated.
    pub(crate) fn read_xml_part(&mut self, part: &str) -> Result<Option<Vec<u8>>, ReadError> {
        let Some(index) = self.find(part) else { return Ok(None) };
        let entry = self.entries[index].clone();
        if !is_xml_part(&entry.name) {
            return Err(ReadError::Unsupported { found: format!("非 XML 部件 {}", entry.name) });
        }
        self.check_entry(&entry)?;
        let total = self.inflated.saturating_add(entry.size);
        if total > self.limits.max_total_bytes {
            return Err(ReadError::TotalTooLarge { total, limit: self.limits.max_total_bytes });
        }
        self.inflated = total;
        let in_part = |err: std::io::Error| ReadError::Damaged {
            detail: format!("部件 {} 无法解压：{err}", entry.name),
        };
        let file = self.zip.by_index(index).map_err(|err| match err {
            ZipError::UnsupportedArchive(_) if entry.encrypted => ReadError::Encrypted,
            other => ReadError::Damaged { detail: format!("部件 {}：{other}", entry.name) },
        })?;
        // The declared size is already within the limit; growing from a small start keeps a
        // size field that overstates the data from reserving memory the data never fills.
        let mut data = Vec::with_capacity(entry.size.min(1 << 20) as usize);
        file.take(entry.size.saturating_add(1)).read_to_end(&mut data).map_err(in_part)?;
        if data.len() as u64 != entry.size {
            return Err(ReadError::Damaged {
                detail: format!(
                    "部件 {} 声明解压后 {} 字节，实际 {} 字节",
                    entry.name,
                    entry.size,
                    data.len()
                ),
            });
        }
        Ok(Some(data))
    }
}

/// Whether a part is XML that a reader may inflate; everything else (images, embedded
/// objects, printer settings) is left compressed.
pub(crate) fn is_xml_part(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".xml") || lower.ends_with(".rels")
}

fn damaged(err: ZipError) -> ReadError {
    let detail = match err {
        ZipError::InvalidArchive(reason) => format!("不是有效的 ZIP 压缩包：{reason}"),
        ZipError::Io(io) => format!("读取压缩包时出错：{io}"),
        ZipError::UnsupportedArchive(reason) => format!("不支持的压缩方式：{reason}"),
        other => other.to_string(),
    };
    ReadError::Damaged { detail }
}

const EOCD_SIGNATURE: &[u8; 4] = b"PK\x05\x06";
const ZIP64_LOCATOR_SIGNATURE: &[u8; 4] = b"PK\x06\x07";
const ZIP64_EOCD_SIGNATURE: &[u8; 4] = b"PK\x06\x06";
/// The end-of-central-directory record without its comment.
const EOCD_LEN: usize = 22;

/// The number of entries the archive declares, from its end-of-central-directory record (and
/// the ZIP64 one when the classic field is saturated). Reading it costs a scan of at most the
/// last 64 KiB, whatever the number of entries.
fn declared_entry_count(bytes: &[u8]) -> Result<u64, ReadError> {
    let missing = || ReadError::Damaged {
        detail: "找不到 ZIP 中央目录结尾，文件可能被截断".to_owned()
    };
    if bytes.len() < EOCD_LEN {
        return Err(missing());
    }
    let last_start = bytes.len() - EOCD_LEN;
    let first_start = last_start.saturating_sub(u16::MAX as usize);
    let eocd = (first_start..=last_start)
        .rev()
        .find(|&at| bytes.get(at..at + 4) == Some(EOCD_SIGNATURE.as_slice()))
        .ok_or_else(missing)?;
    let entries = u16_at(bytes, eocd + 10).ok_or_else(missing)?;
    if entries != u16::MAX {
        return Ok(u64::from(entries));
    }
    // ZIP64: the locator sits just before the classic record and points at the ZIP64 record.
    let zip64 = eocd
        .checked_sub(20)
        .filter(|&at| bytes.get(at..at + 4) == Some(ZIP64_LOCATOR_SIGNATURE.as_slice()))
        .and_then(|at| u64_at(bytes, at + 8))
        .and_then(|offset| usize::try_from(offset).ok())
        .filter(|&at| bytes.get(at..at.saturating_add(4)) == Some(ZIP64_EOCD_SIGNATURE.as_slice()))
        .and_then(|at| u64_at(bytes, at + 32));
    Ok(zip64.unwrap_or(u64::from(entries)))
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    let b = bytes.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([b[0], b[1]]))
}

fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    let b: [u8; 8] = bytes.get(at..at.checked_add(8)?)?.try_into().ok()?;
    Some(u64::from_le_bytes(b))
}

/// Decodes an XML part to text for a parser that takes `&str`: UTF-8 (BOM dropped), or
/// UTF-16 with a BOM, which the XML specification also allows.
pub(crate) fn xml_text(part: &str, data: Vec<u8>) -> Result<String, ReadError> {
    if data.starts_with(b"\xFF\xFE") || data.starts_with(b"\xFE\xFF") {
        let encoding = if data[0] == 0xFF { encoding_rs::UTF_16LE } else { encoding_rs::UTF_16BE };
        return encoding
            .decode_without_bom_handling_and_without_replacement(&data[2..])
            .map(|text| text.into_owned())
            .ok_or_else(|| ReadError::Xml { part: part.to_owned(), detail: "UTF-16 编码有误".into() });
    }
    let mut text = String::from_utf8(data).map_err(|err| ReadError::Xml {
        part: part.to_owned(),
        detail: format!("第 {} 字节起不是 UTF-8 编码", err.utf8_error().valid_up_to() + 1),
    })?;
    if text.starts_with('\u{FEFF}') {
        text.drain(..'\u{FEFF}'.len_utf8());
    }
    Ok(text)
}
