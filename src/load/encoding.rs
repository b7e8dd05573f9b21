//! Bytes → text: UTF-8 (with or without BOM), UTF-16 with BOM, and GB18030/GBK, which many
//! reports exported from Chinese office software still use.

use super::TextEncoding;
use crate::diagnostic::{Diagnostic, codes};

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
const UTF16_LE_BOM: &[u8] = b"\xFF\xFE";
const UTF16_BE_BOM: &[u8] = b"\xFE\xFF";

/// Decodes `bytes` strictly: nothing is ever replaced by U+FFFD, because a silently altered
/// report would be checked as something it does not say.
#[allow(
    clippy::result_large_err,
    reason = "called once per file; the diagnostic is the error the caller reports as is"
)]
pub(crate) fn decode(bytes: &[u8]) -> Result<(String, TextEncoding), Diagnostic> {
    if let Some(body) = bytes.strip_prefix(UTF8_BOM) {
        return match utf8(body) {
            Ok(text) => Ok((text.to_owned(), TextEncoding::Utf8Bom)),
            Err(err) => {
                let offset = UTF8_BOM.len() + err.valid_up_to();
                Err(undecodable(
                    bytes,
                    offset,
                    format!("文件以 UTF-8 BOM 开头，但第 {} 字节起不是合法的 UTF-8", offset + 1),
                ))
            }
        };
    }
    for (bom, big_endian, encoding, name) in [
        (UTF16_LE_BOM, false, TextEncoding::Utf16Le, "UTF-16LE"),
        (UTF16_BE_BOM, true, TextEncoding::Utf16Be, "UTF-16BE"),
    ] {
        if let Some(body) = bytes.strip_prefix(bom) {
            return match decode_utf16(body, big_endian) {
                Ok(text) => Ok((text, encoding)),
                Err(at) => {
                    let offset = bom.len() + at;
                    Err(undecodable(
                        bytes,
                        offset,
                        format!(
                            "文件以 {name} BOM 开头，但第 {} 字节起不是合法的 UTF-16（孤立的代理项或字节数为奇数）",
                            offset + 1
                        ),
                    ))
                }
            };
        }
    }
    // Without a BOM, UTF-16 shows itself by its first characters: JSON text starts with ASCII, and
    // an ASCII character in UTF-16 has a zero byte that UTF-8 JSON never contains (RFC 4627 §3).
    if let Some((big_endian, encoding, name)) = utf16_without_bom(bytes) {
        return decode_utf16(bytes, big_endian).map(|text| (text, encoding)).map_err(|offset| {
            undecodable(
                bytes,
                offset,
                format!(
                    "文件看起来是不带 BOM 的 {name} 文本，但第 {} 字节起不是合法的 UTF-16（孤立的代理项或字节数为奇数）",
                    offset + 1
                ),
            )
        });
    }
    let utf8_error = match utf8(bytes) {
        Ok(text) => return Ok((text.to_owned(), TextEncoding::Utf8)),
        Err(err) => err,
    };
    if let Some(text) = encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes)
        && !text.chars().any(is_binary_control)
    {
        return Ok((text.into_owned(), TextEncoding::Gb18030));
    }
    // The UTF-8 error position is reported because UTF-8 is what the file should be; a GB18030
    // position would only confuse someone whose file is mostly UTF-8 with one bad byte.
    let offset = utf8_error.valid_up_to();
    Err(undecodable(
        bytes,
        offset,
        format!("文件不是 UTF-8、UTF-16 或 GB18030 编码的文本（第 {} 字节起无法解码）", offset + 1),
    ))
}

/// `std::str::from_utf8`, with the check itself done by a vectorised validator: every report is
/// checked this way, and most of them are valid. The error, where there is one, is the standard
/// one (it tells where the valid text ends).
fn utf8(bytes: &[u8]) -> Result<&str, std::str::Utf8Error> {
    simdutf8::basic::from_utf8(bytes).or_else(|_| std::str::from_utf8(bytes))
}

/// Recognises UTF-16 without a BOM by the zero bytes of its first two characters
/// (`xx 00 xx 00` is little-endian, `00 xx 00 xx` big-endian); a one-character file is judged
/// by its only character.
fn utf16_without_bom(bytes: &[u8]) -> Option<(bool, TextEncoding, &'static str)> {
    let pattern = |zero: usize| {
        let units = bytes.len().min(4) / 2;
        units > 0 && (0..units).all(|u| bytes[2 * u + zero] == 0 && bytes[2 * u + 1 - zero] != 0)
    };
    if pattern(1) {
        Some((false, TextEncoding::Utf16Le, "UTF-16LE"))
    } else if pattern(0) {
        Some((true, TextEncoding::Utf16Be, "UTF-16BE"))
    } else {
        None
    }
}

/// The note added when a file had to be read as GB18030: the report is checked, but the file
/// should be converted before it is submitted anywhere that expects UTF-8.
pub(crate) fn gb18030_note() -> Diagnostic {
    Diagnostic::new(
        codes::ENCODING,
        crate::diagnostic::Severity::Info,
        "文件不是 UTF-8 编码，已按 GB18030/GBK 编码解码；建议将文件另存为 UTF-8 编码",
    )
    .with_actual("GB18030")
    .with_expected("UTF-8")
    .with_help("在编辑器中选择“另存为”并将编码设为 UTF-8")
}

/// Random bytes are often valid GB18030 by accident; text never contains these characters,
/// so their presence means the file is binary, not a report in an old encoding.
fn is_binary_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// Decodes UTF-16 code units; on failure returns the byte offset (within `body`) of the first
/// unit that is not part of a valid character.
fn decode_utf16(body: &[u8], big_endian: bool) -> Result<String, usize> {
    let units = body.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if big_endian { u16::from_be_bytes(pair) } else { u16::from_le_bytes(pair) }
    });
    // Most report text is CJK: 2 bytes of UTF-16 become 3 of UTF-8.
    let mut text = String::with_capacity(body.len() / 2 * 3);
    let mut unit = 0;
    for decoded in char::decode_utf16(units) {
        match decoded {
            Ok(c) => {
                text.push(c);
                unit += c.len_utf16();
            }
            Err(_) => return Err(unit * 2),
        }
    }
    if body.len() % 2 == 1 {
        return Err(body.len() - 1);
    }
    Ok(text)
}

fn undecodable(bytes: &[u8], offset: usize, message: String) -> Diagnostic {
    let shown = bytes.get(offset..).unwrap_or_default().iter().take(4);
    let actual = shown.map(|b| format!("0x{b:02X}")).collect::<Vec<_>>().join(" ");
    Diagnostic::error(codes::ENCODING, message)
        .with_actual(actual)
        .with_help("请将文件另存为 UTF-8 编码的 JSON 文本")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        let mut bytes = if big_endian { UTF16_BE_BOM.to_vec() } else { UTF16_LE_BOM.to_vec() };
        for unit in text.encode_utf16() {
            let pair = if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() };
            bytes.extend_from_slice(&pair);
        }
        bytes
    }

    #[test]
    fn plain_utf8() {
        let (text, encoding) = decode("{\"a\":\"中文\"}".as_bytes()).unwrap();
        assert_eq!(text, "{\"a\":\"中文\"}");
        assert_eq!(encoding, TextEncoding::Utf8);
    }

    #[test]
    fn empty_file_is_empty_text() {
        assert_eq!(decode(b"").unwrap(), (String::new(), TextEncoding::Utf8));
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let mut bytes = UTF8_BOM.to_vec();
        bytes.extend_from_slice("{\"名称\":1}".as_bytes());
        assert_eq!(decode(&bytes).unwrap(), ("{\"名称\":1}".to_owned(), TextEncoding::Utf8Bom));
    }

    #[test]
    fn utf8_bom_with_invalid_body_is_an_error_at_the_bad_byte() {
        let bytes = b"\xEF\xBB\xBF{\"a\":\xFF}";
        let err = decode(bytes).unwrap_err();
        assert_eq!(err.code, codes::ENCODING);
        assert_eq!(err.message, "文件以 UTF-8 BOM 开头，但第 9 字节起不是合法的 UTF-8");
    }

    #[test]
    fn utf16_le_and_be_with_bom() {
        let source = "{\"项目\":\"绩效😀\"}";
        let (text, encoding) = decode(&utf16(source, false)).unwrap();
        assert_eq!((text.as_str(), encoding), (source, TextEncoding::Utf16Le));
        let (text, encoding) = decode(&utf16(source, true)).unwrap();
        assert_eq!((text.as_str(), encoding), (source, TextEncoding::Utf16Be));
    }

    #[test]
    fn utf16_unpaired_surrogate_is_an_error() {
        // BOM, '{', then a lone high surrogate followed by '}'.
        let bytes = b"\xFF\xFE{\x00\x00\xD8}\x00";
        let err = decode(bytes).unwrap_err();
        assert_eq!(err.code, codes::ENCODING);
        assert!(err.message.contains("UTF-16LE"), "{}", err.message);
        assert!(err.message.contains("第 5 字节"), "{}", err.message);
    }

    #[test]
    fn utf16_odd_length_is_an_error() {
        let mut bytes = utf16("{}", true);
        bytes.push(b'x');
        let err = decode(&bytes).unwrap_err();
        assert!(err.message.contains("第 7 字节"), "{}", err.message);
    }

    #[test]
    fn utf16_without_bom_is_recognised_by_its_zero_bytes() {
        let source = "{\"项目\":\"绩效\"}";
        for big_endian in [false, true] {
            let bytes = utf16(source, big_endian);
            let (text, encoding) = decode(&bytes[2..]).unwrap();
            assert_eq!(text, source);
            let expected = if big_endian { TextEncoding::Utf16Be } else { TextEncoding::Utf16Le };
            assert_eq!(encoding, expected);
        }
        let err = decode(b"{\x00\"\x00\x00\xD8").unwrap_err();
        assert_eq!(err.code, codes::ENCODING);
        assert!(err.message.contains("不带 BOM 的 UTF-16LE"), "{}", err.message);
        // Text whose second byte is not zero, or a single byte, is not taken for UTF-16.
        assert_eq!(decode(b"{}").unwrap().1, TextEncoding::Utf8);
        assert_eq!(decode(b"\x00").unwrap().1, TextEncoding::Utf8);
    }

    #[test]
    fn gbk_bytes_decode_as_gb18030() {
        let source = "{\"a\":\"中文\"}";
        let (bytes, _, unmappable) = encoding_rs::GBK.encode(source);
        assert!(!unmappable);
        assert!(std::str::from_utf8(&bytes).is_err());
        let (text, encoding) = decode(&bytes).unwrap();
        assert_eq!(text, source);
        assert_eq!(encoding, TextEncoding::Gb18030);
    }

    #[test]
    fn junk_is_an_encoding_error_naming_the_offset() {
        let err = decode(b"{\"a\": \xFF\xFF\xFF}").unwrap_err();
        assert_eq!(err.code, codes::ENCODING);
        assert_eq!(err.severity, crate::diagnostic::Severity::Error);
        assert_eq!(err.message, "文件不是 UTF-8、UTF-16 或 GB18030 编码的文本（第 7 字节起无法解码）");
        assert_eq!(err.actual.as_deref(), Some("0xFF 0xFF 0xFF 0x7D"));
    }

    #[test]
    fn binary_with_nul_is_not_taken_for_gb18030() {
        // Valid GB18030 ("\0丂\x01") but not text.
        let bytes = b"\x00\x81\x40\x01";
        assert!(encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes).is_some());
        let err = decode(bytes).unwrap_err();
        assert_eq!(err.code, codes::ENCODING);
        assert!(err.message.contains("第 2 字节"), "{}", err.message);
    }

    #[test]
    fn gb18030_note_is_info() {
        let note = gb18030_note();
        assert_eq!(note.severity, crate::diagnostic::Severity::Info);
        assert_eq!(note.code, codes::ENCODING);
        assert!(note.message.contains("GB18030/GBK"));
        assert!(note.message.contains("UTF-8"));
    }
}
