//! Which kind of document the bytes are, decided by their content.
//!
//! A ZIP holding `xl/workbook.xml` is a workbook, one holding `word/document.xml` a Word
//! document; an OLE compound file is a binary workbook, unless it is an encrypted OOXML package
//! (Office wraps those in OLE) or a Word 97–2003 document. JSON and plain text are what is left.
//! The name only matters when it promises an office document the content is not: a JPEG named
//! `.xlsx` is refused with a message that says it is a JPEG.

use std::io::Cursor;

use super::archive::Archive;
use super::error::ReadError;
use super::model::DocumentKind;
use super::read::Limits;

/// What the content was found to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    Document(DocumentKind),
    /// A JSON report, for the JSON loader.
    Json,
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const EMPTY_ZIP_MAGIC: &[u8] = b"PK\x05\x06";
const CFB_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Decides the kind of `bytes`; `name_hint` is the file name the user gave.
pub fn sniff(bytes: &[u8], name_hint: &str, limits: &Limits) -> Result<Sniffed, ReadError> {
    let claimed = claimed_kind(name_hint);
    let found = if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(EMPTY_ZIP_MAGIC) {
        sniff_zip(bytes, limits)?
    } else if bytes.starts_with(CFB_MAGIC) {
        sniff_compound(bytes)?
    } else if let Some(what) = foreign_format(bytes) {
        return Err(mismatch(name_hint, claimed, what));
    } else if looks_like_json(bytes) {
        Sniffed::Json
    } else {
        Sniffed::Document(DocumentKind::Text)
    };
    match (claimed, found) {
        (Some(Claimed::Spreadsheet), Sniffed::Document(DocumentKind::Xlsx | DocumentKind::Xls))
        | (Some(Claimed::Word), Sniffed::Document(DocumentKind::Docx))
        | (None, _) => Ok(found),
        (Some(_), Sniffed::Document(DocumentKind::Docx)) => {
            Err(mismatch(name_hint, claimed, "Word 文档（.docx）"))
        }
        (Some(_), Sniffed::Document(DocumentKind::Xlsx)) => {
            Err(mismatch(name_hint, claimed, "Excel 工作簿（.xlsx）"))
        }
        (Some(_), Sniffed::Document(DocumentKind::Xls)) => {
            Err(mismatch(name_hint, claimed, "Excel 97-2003 工作簿（.xls）"))
        }
        (Some(_), Sniffed::Json) => Err(mismatch(name_hint, claimed, "JSON 文本")),
        (Some(_), Sniffed::Document(DocumentKind::Text)) => {
            Err(mismatch(name_hint, claimed, "纯文本或其他非 Office 内容"))
        }
    }
}

/// The family of office document a file name promises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Claimed {
    Spreadsheet,
    Word,
}

fn claimed_kind(name: &str) -> Option<Claimed> {
    let extension = name.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase())?;
    match extension.as_str() {
        "xlsx" | "xlsm" | "xls" | "et" => Some(Claimed::Spreadsheet),
        "docx" | "docm" | "doc" | "wps" => Some(Claimed::Word),
        _ => None,
    }
}

fn mismatch(name: &str, claimed: Option<Claimed>, what: &str) -> ReadError {
    match claimed {
        // The file's own name: the folders it was found in say nothing about what it is.
        Some(_) => ReadError::WrongKind {
            name: std::path::Path::new(name)
                .file_name()
                .map_or(name.to_owned(), |n| n.to_string_lossy().into_owned()),
            found: what.to_owned(),
        },
        None => ReadError::Unsupported { found: what.to_owned() },
    }
}

fn sniff_zip(bytes: &[u8], limits: &Limits) -> Result<Sniffed, ReadError> {
    let archive = Archive::open(bytes, limits)?;
    if archive.contains("xl/workbook.xml") {
        Ok(Sniffed::Document(DocumentKind::Xlsx))
    } else if archive.contains("word/document.xml") {
        Ok(Sniffed::Document(DocumentKind::Docx))
    } else if archive.contains("xl/workbook.bin") {
        Err(ReadError::Unsupported {
            found: "Excel 二进制工作簿（.xlsb），请另存为 .xlsx".into()
        })
    } else if archive.contains("content.xml") && archive.contains("mimetype") {
        Err(ReadError::Unsupported {
            found: "OpenDocument 文档（.ods/.odt），请另存为 .xlsx 或 .docx".into(),
        })
    } else if archive.contains("ppt/presentation.xml") {
        Err(ReadError::Unsupported { found: "PowerPoint 演示文稿".into() })
    } else if archive.contains("[Content_Types].xml") && archive.contains("word/_rels/document.xml.rels") {
        Err(ReadError::MissingPart { part: "word/document.xml".into(), kind: "Word 文档".into() })
    } else if archive.contains("[Content_Types].xml") {
        Err(ReadError::MissingPart {
            part: "xl/workbook.xml 或 word/document.xml".into(),
            kind: "Office 文档".into(),
        })
    } else {
        Err(ReadError::Unsupported {
            found: "ZIP 压缩包，其中没有 Excel 工作簿或 Word 文档".into()
        })
    }
}

/// Looks into an OLE compound file for the streams that tell what it holds.
fn sniff_compound(bytes: &[u8]) -> Result<Sniffed, ReadError> {
    let compound = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|err| ReadError::Compound { detail: err.to_string() })?;
    let mut names = Vec::new();
    for entry in compound.read_root_storage() {
        names.push(entry.name().to_owned());
    }
    let has = |stream: &str| names.iter().any(|n| n.eq_ignore_ascii_case(stream));
    if has("EncryptionInfo") || has("EncryptedPackage") {
        Err(ReadError::Encrypted)
    } else if has("WordDocument") {
        Err(ReadError::LegacyWord)
    } else if has("Workbook") || has("Book") {
        Ok(Sniffed::Document(DocumentKind::Xls))
    } else if has("PowerPoint Document") {
        Err(ReadError::Unsupported { found: "PowerPoint 97-2003 演示文稿".into() })
    } else {
        Err(ReadError::Unsupported { found: "无法识别的 OLE 复合文档".into() })
    }
}

/// Names formats that are plainly not a report, by their magic numbers.
fn foreign_format(bytes: &[u8]) -> Option<&'static str> {
    const MAGICS: &[(&[u8], &str)] = &[
        (b"\xFF\xD8\xFF", "JPEG 图片"),
        (b"\x89PNG\r\n\x1A\n", "PNG 图片"),
        (b"GIF87a", "GIF 图片"),
        (b"GIF89a", "GIF 图片"),
        (b"%PDF-", "PDF 文件"),
        (b"Rar!\x1A\x07", "RAR 压缩包"),
        (b"7z\xBC\xAF\x27\x1C", "7z 压缩包"),
        (b"\x1F\x8B", "gzip 压缩包"),
        (b"{\\rtf", "RTF 文档"),
    ];
    if let Some(found) = MAGICS.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Some(found.1);
    }
    // "BM" alone starts plenty of text; a bitmap also has four zero reserved bytes after its size.
    (bytes.starts_with(b"BM") && bytes.get(6..10) == Some(&[0, 0, 0, 0])).then_some("BMP 图片")
}

/// Whether the text starts, after a byte-order mark and white space, with `{` or `[`.
fn looks_like_json(bytes: &[u8]) -> bool {
    let first = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        first_non_space(rest.iter().copied())
    } else if bytes.starts_with(b"\xFF\xFE") || (bytes.len() >= 2 && bytes[1] == 0 && bytes[0] != 0) {
        let start = if bytes.starts_with(b"\xFF\xFE") { 2 } else { 0 };
        first_non_space(bytes[start..].chunks_exact(2).map(|u| if u[1] == 0 { u[0] } else { 0xFF }))
    } else if bytes.starts_with(b"\xFE\xFF") || (bytes.len() >= 2 && bytes[0] == 0 && bytes[1] != 0) {
        let start = if bytes.starts_with(b"\xFE\xFF") { 2 } else { 0 };
        first_non_space(bytes[start..].chunks_exact(2).map(|u| if u[0] == 0 { u[1] } else { 0xFF }))
    } else {
        first_non_space(bytes.iter().copied())
    };
    matches!(first, Some(b'{' | b'['))
}

fn first_non_space(mut bytes: impl Iterator<Item = u8>) -> Option<u8> {
    bytes.find(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(bytes: &[u8], name: &str) -> Result<Sniffed, ReadError> {
        sniff(bytes, name, &Limits::default())
    }

    #[test]
    fn text_is_what_is_left_and_json_starts_with_a_bracket() {
        assert_eq!(kind("一、基本情况".as_bytes(), "报告.txt"), Ok(Sniffed::Document(DocumentKind::Text)));
        assert_eq!(kind(b"BMI report\n", "notes"), Ok(Sniffed::Document(DocumentKind::Text)));
        assert_eq!(kind(b"\xEF\xBB\xBF\n [1]", "r"), Ok(Sniffed::Json));
        assert_eq!(kind(b"{\x00\"\x00", "r"), Ok(Sniffed::Json));
    }

    #[test]
    fn foreign_formats_are_named_with_or_without_an_office_name() {
        assert_eq!(kind(b"%PDF-1.7", "a.pdf"), Err(ReadError::Unsupported { found: "PDF 文件".into() }));
        assert_eq!(
            kind(b"\x89PNG\r\n\x1A\n....", "表.docx"),
            Err(ReadError::WrongKind { name: "表.docx".into(), found: "PNG 图片".into() })
        );
    }

    #[test]
    fn plain_text_named_as_a_workbook_is_refused() {
        let error = kind(b"<html><table>", "export.xls").expect_err("html named xls");
        assert!(matches!(error, ReadError::WrongKind { .. }), "{error}");
    }
}
