//! A finding's identity across runs: file, rule, pointer and a fingerprint of the offending
//! value, as baselines and SARIF's `partialFingerprints` record it.

use super::{Diagnostic, FileReport};
use serde::{Deserialize, Serialize};

/// A finding's identity in a baseline: file, rule, pointer and a fingerprint of the offending
/// value. Positions are left out on purpose, so that reformatting a report (or adding lines
/// above) does not make an old finding new.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Key {
    pub file: String,
    pub rule: String,
    pub pointer: String,
    pub fingerprint: String,
}

/// The text of the offending value with insignificant whitespace removed (JSON values are
/// re-serialised compactly; numbers keep their exact text).
pub fn value_text(file: &FileReport, diagnostic: &Diagnostic) -> String {
    let raw = match (&file.source, &diagnostic.span) {
        (Some(source), Some(span)) => source.text().get(span.clone()),
        _ => None,
    };
    match raw {
        Some(raw) => serde_json::from_str::<serde_json::Value>(raw)
            .map(|v| v.to_string())
            .unwrap_or_else(|_| raw.trim().to_string()),
        None => diagnostic.actual.clone().unwrap_or_default(),
    }
}

/// A stable 64-bit FNV-1a fingerprint of rule, pointer and value, as hex.
pub fn fingerprint(rule: &str, pointer: &str, value: &str) -> String {
    format!("{:016x}", fingerprint_hash(rule, pointer, value))
}

pub fn fingerprint_hash(rule: &str, pointer: &str, value: &str) -> u64 {
    // The separators keep parts from running into each other ("/a1" + "" ≠ "/a" + "1").
    fnv1a_64([rule.as_bytes(), b"\0", pointer.as_bytes(), b"\0", value.as_bytes()])
}

/// FNV-1a, 64 bits: hand-written because `std`'s hashers are not stable across releases and a
/// fingerprint must be.
fn fnv1a_64<'b>(parts: impl IntoIterator<Item = &'b [u8]>) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    parts.into_iter().flatten().fold(OFFSET, |hash, byte| (hash ^ u64::from(*byte)).wrapping_mul(PRIME))
}

pub fn key(file: &FileReport, diagnostic: &Diagnostic) -> Key {
    let pointer = diagnostic.pointer.clone().unwrap_or_default();
    Key {
        file: normalize_path(&file.path),
        rule: diagnostic.code.clone(),
        fingerprint: fingerprint(&diagnostic.code, &pointer, &value_text(file, diagnostic)),
        pointer,
    }
}

/// Paths as compared in ignores and baselines: forward slashes, no leading `./`.
pub fn normalize_path(path: &str) -> String {
    let path = path.replace('\\', "/");
    path.strip_prefix("./").unwrap_or(&path).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_is_fnv1a_64() {
        // Published FNV-1a 64 test vectors.
        assert_eq!(fnv1a_64([b"".as_slice()]), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a_64([b"a".as_slice()]), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a_64([b"foo".as_slice(), b"bar"]), 0x8594_4171_f739_67e8);
        assert_eq!(fingerprint("r", "/a", "1").len(), 16);
        assert_ne!(fingerprint("r", "/a", "1"), fingerprint("r", "/a", "2"));
        assert_ne!(fingerprint("r", "/a1", ""), fingerprint("r", "/a", "1"));
    }

    #[test]
    fn paths_are_normalised() {
        assert_eq!(normalize_path("./reports\\a.json"), "reports/a.json");
    }
}
