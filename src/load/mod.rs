//! Stage 1: bytes → text → JSON with exact numbers, and where each value sits in the text.
//!
//! [`read_file`] reads a file within [`Limits`]; [`load_bytes`] decodes it
//! ([`TextEncoding`]) and parses it strictly ([`parse_json`]), noting the span of every value
//! ([`ValueSpans`]). Diagnostics are tied to places in the text by [`locate_all_in`], through
//! those spans, or for text that did not parse by scanning it ([`locate`] / [`locate_key`]);
//! spans become lines and columns through [`crate::diagnostic::LineIndex`].

mod encoding;
mod json;
mod locate;
mod spans;

use std::io::Read;
use std::path::Path;

use crate::diagnostic::{Diagnostic, codes};

pub use json::{Parsed, exact_decimal, parse as parse_json};
pub use locate::{Located, locate, locate_all, locate_all_in, locate_key, locate_many, string_at};
pub use spans::ValueSpans;

/// Limits that keep hostile input bounded.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest file accepted, in bytes.
    pub max_file_bytes: u64,
    /// Deepest nesting of arrays and objects accepted.
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_file_bytes: 256 * 1024 * 1024, max_depth: 256 }
    }
}

/// How the bytes of a file were decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Gb18030,
}

impl TextEncoding {
    pub fn as_str(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 (BOM)",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Gb18030 => "GB18030",
        }
    }
}

/// A report after loading.
#[derive(Debug)]
pub struct Loaded {
    /// The decoded text (UTF-8, BOM removed), when the bytes could be decoded.
    pub text: Option<String>,
    pub encoding: Option<TextEncoding>,
    /// The parsed document, when the text is JSON without duplicate keys.
    pub value: Option<serde_json::Value>,
    /// Where each value of `value` sits in `text`, recorded while parsing.
    pub spans: Option<ValueSpans>,
    /// Diagnostics of loading (encoding note, syntax error, duplicate keys, numbers out of range),
    /// with spans already set where there is a place to point at.
    pub diagnostics: Vec<Diagnostic>,
}

/// Decodes and parses one report. Never panics, whatever the bytes.
///
/// The size limit is [`read_file`]'s business; here only `limits.max_depth` applies.
pub fn load_bytes(bytes: &[u8], limits: &Limits) -> Loaded {
    let (text, encoding) = match encoding::decode(bytes) {
        Ok(decoded) => decoded,
        Err(diagnostic) => {
            return Loaded {
                text: None,
                encoding: None,
                value: None,
                spans: None,
                diagnostics: vec![diagnostic],
            };
        }
    };
    let mut diagnostics = Vec::new();
    if encoding == TextEncoding::Gb18030 {
        diagnostics.push(encoding::gb18030_note());
    }
    let parsed = json::parse(&text, limits.max_depth);
    diagnostics.extend(parsed.diagnostics);
    Loaded {
        text: Some(text),
        encoding: Some(encoding),
        value: parsed.value,
        spans: parsed.spans,
        diagnostics,
    }
}

/// Reads the file at `path`, refusing anything that is not a regular file within
/// `limits.max_file_bytes`. The error is an `io` diagnostic naming the file, in Chinese.
#[allow(
    clippy::result_large_err,
    reason = "called once per file; the diagnostic is the error every caller reports as is"
)]
pub fn read_file(path: &Path, limits: &Limits) -> Result<Vec<u8>, Diagnostic> {
    let shown = path.display();
    // Metadata first: opening a FIFO for reading would block until some writer appears.
    let metadata = std::fs::metadata(path).map_err(|err| io_error(path, &err))?;
    if metadata.is_dir() {
        return Err(Diagnostic::error(codes::IO, format!("{shown} 是目录，不是文件")));
    }
    if !metadata.is_file() {
        return Err(Diagnostic::error(
            codes::IO,
            format!("{shown} 不是普通文件（可能是管道、设备或套接字），无法作为报告读取"),
        ));
    }
    if metadata.len() > limits.max_file_bytes {
        return Err(too_large(path, metadata.len(), limits));
    }
    let mut file = std::fs::File::open(path).map_err(|err| io_error(path, &err))?;
    // The file may change between the size check and the read. The buffer has room for one
    // byte more than the size, so that the whole file usually comes in one read and the next
    // one tells the end; a file that grew is read on (in steps that double) up to one byte
    // past the limit, enough to notice without ever holding more than the limit allows.
    let ceiling = usize::try_from(limits.max_file_bytes.saturating_add(1)).unwrap_or(usize::MAX);
    let expected = usize::try_from(metadata.len()).unwrap_or(0);
    let mut bytes = vec![0u8; expected.saturating_add(1).min(ceiling)];
    let mut filled = 0;
    loop {
        if filled == bytes.len() {
            if filled >= ceiling {
                break;
            }
            bytes.resize(filled.saturating_mul(2).clamp(1, ceiling), 0);
        }
        match file.read(&mut bytes[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
            Err(err) => return Err(io_error(path, &err)),
        }
    }
    bytes.truncate(filled);
    let read = filled as u64;
    if read > limits.max_file_bytes {
        return Err(too_large(path, read, limits));
    }
    Ok(bytes)
}

fn too_large(path: &Path, size: u64, limits: &Limits) -> Diagnostic {
    Diagnostic::error(
        codes::IO,
        format!("文件 {} 大小为 {size} 字节，超过上限 {} 字节", path.display(), limits.max_file_bytes),
    )
    .with_actual(size.to_string())
    .with_expected(format!("不超过 {} 字节", limits.max_file_bytes))
}

fn io_error(path: &Path, err: &std::io::Error) -> Diagnostic {
    let shown = path.display();
    let message = match err.kind() {
        std::io::ErrorKind::NotFound => format!("文件 {shown} 不存在"),
        std::io::ErrorKind::PermissionDenied => format!("没有权限读取文件 {shown}"),
        std::io::ErrorKind::IsADirectory => format!("{shown} 是目录，不是文件"),
        _ => format!("无法读取文件 {shown}：{err}"),
    };
    Diagnostic::error(codes::IO, message)
}

/// An I/O error as a person reads it: the common causes in Chinese, the rest as the system says.
pub fn describe_io(err: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match err.kind() {
        ErrorKind::NotFound => "文件或目录不存在".to_string(),
        ErrorKind::PermissionDenied => "没有读取权限".to_string(),
        _ => {
            if err.raw_os_error() == Some(40) {
                "符号链接循环".to_string()
            } else {
                err.to_string()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    #[test]
    fn read_file_returns_the_whole_file_whatever_its_size() {
        let dir = tempfile::tempdir().unwrap();
        for size in [0usize, 1, 4095, 4096, 70_000] {
            let path = dir.path().join(format!("r{size}.json"));
            let content: Vec<u8> = (0..size).map(|i| b'a' + (i % 26) as u8).collect();
            std::fs::write(&path, &content).unwrap();
            let read = read_file(&path, &Limits::default()).unwrap();
            assert_eq!(read, content, "size {size}");
        }
    }

    #[test]
    fn read_file_refuses_a_file_over_the_limit_and_accepts_one_at_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.json");
        std::fs::write(&path, b"0123456789").unwrap();
        let at = Limits { max_file_bytes: 10, ..Limits::default() };
        assert_eq!(read_file(&path, &at).unwrap(), b"0123456789");
        let under = Limits { max_file_bytes: 9, ..Limits::default() };
        let err = read_file(&path, &under).unwrap_err();
        assert!(err.message.contains("超过上限 9 字节"), "{}", err.message);
    }

    /// A file whose size is not known in advance (reported as 0, as `/proc` files are) is read in
    /// growing steps to its end, and still stops one byte past the limit.
    #[cfg(target_os = "linux")]
    #[test]
    fn read_file_reads_a_file_longer_than_its_stated_size() {
        let path = Path::new("/proc/self/status");
        let read = read_file(path, &Limits::default()).unwrap();
        let text = String::from_utf8(read).unwrap();
        assert!(text.starts_with("Name:") && text.contains("\nPid:"), "{text}");
        let small = Limits { max_file_bytes: 16, ..Limits::default() };
        let err = read_file(path, &small).unwrap_err();
        assert!(err.message.contains("超过上限 16 字节"), "{}", err.message);
        assert!(err.message.contains("大小为 17 字节"), "{}", err.message);
    }

    #[test]
    fn load_utf8_document() {
        let loaded = load_bytes("{\"a\": 96.20}".as_bytes(), &Limits::default());
        assert_eq!(loaded.encoding, Some(TextEncoding::Utf8));
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let value = loaded.value.unwrap();
        assert_eq!(value["a"].to_string(), "96.20");
        assert_eq!(loaded.text.as_deref(), Some("{\"a\": 96.20}"));
    }

    #[test]
    fn load_gbk_adds_an_info_note() {
        let (bytes, _, _) = encoding_rs::GBK.encode("{\"a\":\"中文\"}");
        let loaded = load_bytes(&bytes, &Limits::default());
        assert_eq!(loaded.encoding, Some(TextEncoding::Gb18030));
        assert_eq!(loaded.value.unwrap()["a"], "中文");
        assert_eq!(loaded.diagnostics.len(), 1);
        assert_eq!(loaded.diagnostics[0].code, codes::ENCODING);
        assert_eq!(loaded.diagnostics[0].severity, Severity::Info);
    }

    #[test]
    fn load_undecodable_bytes() {
        let loaded = load_bytes(b"\xFF\xFF\x00", &Limits::default());
        assert!(loaded.text.is_none() && loaded.value.is_none() && loaded.encoding.is_none());
        assert_eq!(loaded.diagnostics.len(), 1);
        assert_eq!(loaded.diagnostics[0].code, codes::ENCODING);
        assert_eq!(loaded.diagnostics[0].severity, Severity::Error);
    }

    #[test]
    fn load_empty_file() {
        let loaded = load_bytes(b"", &Limits::default());
        assert_eq!(loaded.text.as_deref(), Some(""));
        assert!(loaded.value.is_none());
        assert_eq!(loaded.diagnostics[0].code, codes::INVALID_JSON);
        assert_eq!(loaded.diagnostics[0].message, "文件为空");
    }

    #[test]
    fn load_respects_max_depth() {
        let limits = Limits { max_depth: 2, ..Limits::default() };
        assert!(load_bytes(b"[[1]]", &limits).value.is_some());
        let loaded = load_bytes(b"[[[1]]]", &limits);
        assert!(loaded.value.is_none());
        assert_eq!(loaded.diagnostics[0].span, Some(2..3));
    }

    #[test]
    fn read_regular_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("报告.json");
        std::fs::write(&path, b"{}").unwrap();
        assert_eq!(read_file(&path, &Limits::default()).unwrap(), b"{}");
    }

    #[test]
    fn read_missing_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing.json");
        let err = read_file(&path, &Limits::default()).unwrap_err();
        assert_eq!(err.code, codes::IO);
        assert_eq!(err.message, format!("文件 {} 不存在", path.display()));
    }

    #[test]
    fn read_directory() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_file(dir.path(), &Limits::default()).unwrap_err();
        assert_eq!(err.code, codes::IO);
        assert!(err.message.contains("是目录"), "{}", err.message);
        assert!(err.message.contains(&dir.path().display().to_string()));
    }

    #[test]
    fn read_too_large_file_names_size_and_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.json");
        std::fs::write(&path, vec![b' '; 11]).unwrap();
        let limits = Limits { max_file_bytes: 10, ..Limits::default() };
        let err = read_file(&path, &limits).unwrap_err();
        assert_eq!(err.code, codes::IO);
        assert_eq!(err.message, format!("文件 {} 大小为 11 字节，超过上限 10 字节", path.display()));
        let exact = Limits { max_file_bytes: 11, ..Limits::default() };
        assert_eq!(read_file(&path, &exact).unwrap().len(), 11);
    }

    #[cfg(unix)]
    #[test]
    fn read_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pipe.json");
        let status = std::process::Command::new("mkfifo").arg(&path).status();
        if !status.is_ok_and(|s| s.success()) {
            // No mkfifo on this system: nothing to test.
            return;
        }
        let err = read_file(&path, &Limits::default()).unwrap_err();
        assert_eq!(err.code, codes::IO);
        assert!(err.message.contains("不是普通文件"), "{}", err.message);
    }

    #[cfg(unix)]
    #[test]
    fn read_device_is_refused() {
        let err = read_file(Path::new("/dev/null"), &Limits::default()).unwrap_err();
        assert!(err.message.contains("不是普通文件"), "{}", err.message);
    }
}
