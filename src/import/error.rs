//! The one error a document reader returns: what went wrong, in Chinese, naming the place
//! (part, sheet, line) so that the caller can report it as an `import` diagnostic as it stands.

use thiserror::Error;

/// What a spreadsheet parser's error says when no more precise description fits it.
pub(crate) const MALFORMED_WORKBOOK: &str = "工作簿的结构或单元格内容不合规范";

/// Why a document could not be read. `Display` is the message shown to the user.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// An OOXML package protected by a password: Office stores it as an OLE compound file.
    #[error("文件已加密，请解密后另存为 .xlsx/.docx")]
    Encrypted,
    /// A Word 97–2003 (or WPS) binary document, which is not read.
    #[error("文件是 Word 97-2003 格式（.doc），请另存为 .docx")]
    LegacyWord,
    /// The name claims one kind of document and the content is another.
    #[error("文件名为“{name}”，但内容是{found}，请确认上传的是 .xlsx、.xls 或 .docx 文件")]
    WrongKind { name: String, found: String },
    /// Content that no reader takes (an image, a PDF, an unknown package).
    #[error("无法读取：文件内容是{found}")]
    Unsupported { found: String },
    /// A JSON report: the JSON loader reads it, not the document readers.
    #[error("文件是 JSON 报告，应按 JSON 格式检查")]
    Json,
    /// The ZIP container is damaged, cut short or not a ZIP at all.
    #[error("压缩包已损坏或不完整（{detail}），请重新导出文件")]
    Damaged { detail: String },
    /// More entries than any real workbook or document has.
    #[error("压缩包内有 {count} 个文件，超过上限 {limit}")]
    TooManyEntries { count: u64, limit: u64 },
    /// Entries that share bytes: a way to multiply the inflated size.
    #[error("压缩包内的文件相互重叠，拒绝读取")]
    OverlappingEntries,
    /// One XML part declares more bytes than the limit.
    #[error("部件 {part} 解压后 {size} 字节，超过单个部件上限 {limit} 字节")]
    PartTooLarge { part: String, size: u64, limit: u64 },
    /// The XML parts together declare more bytes than the limit.
    #[error("压缩包内 XML 部件解压后共 {total} 字节，超过上限 {limit} 字节")]
    TotalTooLarge { total: u64, limit: u64 },
    /// A part the kind of document needs is absent.
    #[error("压缩包内缺少 {part}，不是完整的{kind}")]
    MissingPart { part: String, kind: String },
    /// A part holds a DTD (`<!DOCTYPE`), which OOXML never needs and entity attacks use.
    #[error("部件 {part} 含有 DTD（<!DOCTYPE>），出于安全原因拒绝读取")]
    Dtd { part: String },
    /// A part is not well-formed XML, or exceeds the node limit.
    #[error("部件 {part} 不是合法的 XML：{detail}")]
    Xml { part: String, detail: String },
    /// A sheet whose cells lie beyond the row, column or cell limit.
    #[error(
        "工作表“{sheet}”的范围过大（{detail}），超过上限 {max_rows} 行 × {max_columns} 列、{max_cells} 个单元格"
    )]
    SheetTooLarge { sheet: String, detail: String, max_rows: usize, max_columns: usize, max_cells: usize },
    /// Any other problem inside a workbook, reported by the spreadsheet parser.
    #[error(
        "读取工作簿出错（{place}）：{detail}；请用 Excel 或 WPS 打开该文件，确认内容完整后另存为 .xlsx 再检查"
    )]
    Workbook { place: String, detail: String },
    /// An OLE compound file that could not be opened.
    #[error("OLE 复合文档已损坏：{detail}")]
    Compound { detail: String },
    /// The built-in phrasings of narrative reports could not be compiled (a defect of jixiao).
    #[error("叙述性报告的内置措辞规则无法使用：{detail}")]
    Phrasings { detail: String },
    /// A text file whose bytes are not text in a known encoding.
    #[error("{detail}")]
    Text { detail: String },
}

impl ReadError {
    /// An error of the spreadsheet parser at `place`, as the user reads it: `what` is wrong, in
    /// Chinese, then the parser's own words in brackets for whoever looks into the file.
    pub(crate) fn from_parser(place: &str, what: &str, err: &dyn std::fmt::Display) -> ReadError {
        ReadError::Workbook { place: place.to_owned(), detail: format!("{what}（{err}）") }
    }

    /// The part, sheet or place the error is about, when it names one.
    pub fn place(&self) -> Option<&str> {
        match self {
            ReadError::PartTooLarge { part, .. }
            | ReadError::MissingPart { part, .. }
            | ReadError::Dtd { part }
            | ReadError::Xml { part, .. } => Some(part),
            ReadError::SheetTooLarge { sheet, .. } => Some(sheet),
            ReadError::Workbook { place, .. } => Some(place),
            _ => None,
        }
    }
}
