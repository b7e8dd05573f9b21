//! Finding where a JSON pointer's value sits in the source text, by scanning it.
//!
//! A document that parsed is located through the spans its parser recorded
//! ([`super::ValueSpans`]); this scanner serves text that did not parse (a syntax error, a
//! repeated key) and callers that have text without a parse. The scan skips whole subtrees it
//! does not need and allocates nothing but the unescaped key it compares. It trusts nothing: on
//! text that is not JSON it returns `None` or a best-effort span, and it never panics.

use crate::diagnostic::{Diagnostic, Focus};
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

/// Byte span of the value that the RFC 6901 `pointer` names (`""` is the whole document).
///
/// A string's span includes its quotes. When a key occurs more than once in an object the last
/// occurrence wins, as it does for serde_json. Returns `None` when nothing is there.
pub fn locate(text: &str, pointer: &str) -> Option<Range<usize>> {
    find(text, pointer).map(|found| found.value)
}

/// The string at `pointer`, when there is one: found by [`locate`], so also in a text that
/// does not parse as a whole (a report with a trailing comma still names its department).
pub fn string_at(text: &str, pointer: &str) -> Option<String> {
    serde_json::from_str(text.get(locate(text, pointer)?)?).ok()
}

/// Byte span of the key string (quotes included) of the object member that `pointer` names.
///
/// `None` for the whole document, for array elements and when nothing is there.
pub fn locate_key(text: &str, pointer: &str) -> Option<Range<usize>> {
    find(text, pointer)?.key
}

/// Where one pointer's value sits: the key of its member (objects only) and the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The key string, quotes included; `None` for the document and for array elements.
    pub key: Option<Range<usize>>,
    pub value: Range<usize>,
}

/// [`locate`] and [`locate_key`] for many pointers at once, in one pass over the text.
///
/// A report with a finding on each of 200 000 indicators needs 200 000 spans; locating them one
/// by one rescans the text up to each value, which is quadratic in the report's size. Here the
/// pointers are merged into a tree of reference tokens and every object or array on the way to
/// some pointer is scanned once, so the cost is the size of the text times the depth of the
/// deepest pointer. Results are in the order of `pointers` and agree with [`locate`] and
/// [`locate_key`] (the last of repeated keys wins).
pub fn locate_many(text: &str, pointers: &[&str]) -> Vec<Option<Located>> {
    let mut results = vec![None; pointers.len()];
    let mut trie = vec![TrieNode::default()];
    for (index, pointer) in pointers.iter().enumerate() {
        if let Some(node) = trie_insert(&mut trie, pointer) {
            trie[node].targets.push(index);
        }
    }
    let bytes = text.as_bytes();
    // Each tree node is one pointer prefix, which names at most one place in the text, so every
    // node is visited at most once and an explicit stack needs no ordering.
    let mut stack = vec![(0usize, skip_ws(bytes, 0), None::<Range<usize>>)];
    let mut scratch = String::new();
    while let Some((node, pos, key)) = stack.pop() {
        let Some(TrieNode { children, targets }) = trie.get(node) else { continue };
        if !targets.is_empty()
            && let Some(end) = skip_value(bytes, pos)
        {
            for &target in targets {
                results[target] = Some(Located { key: key.clone(), value: pos..end });
            }
        }
        if children.is_empty() {
            continue;
        }
        match bytes.get(pos) {
            Some(b'{') => {
                let mut last: HashMap<usize, (Range<usize>, usize)> = HashMap::new();
                for (key_span, value) in Members::new(text, pos).into_iter().flatten() {
                    let Some(raw) = text.get(key_span.start + 1..key_span.end.saturating_sub(1)) else {
                        continue;
                    };
                    let decoded = if raw.contains('\\') {
                        scratch.clear();
                        if unescape_into(raw, &mut scratch).is_none() {
                            continue;
                        }
                        scratch.as_str()
                    } else {
                        raw
                    };
                    if let Some(&child) = children.get(decoded) {
                        last.insert(child, (key_span, value));
                    }
                }
                stack.extend(
                    last.into_iter().map(|(child, (key_span, value))| (child, value, Some(key_span))),
                );
            }
            Some(b'[') => {
                let wanted: HashMap<usize, usize> = children
                    .iter()
                    .filter_map(|(token, &child)| array_index(token).map(|index| (index, child)))
                    .collect();
                let Some(&last_wanted) = wanted.keys().max() else { continue };
                let mut at = skip_ws(bytes, pos + 1);
                if bytes.get(at) == Some(&b']') {
                    continue;
                }
                for index in 0..=last_wanted {
                    if let Some(&child) = wanted.get(&index) {
                        stack.push((child, at, None));
                    }
                    if index == last_wanted {
                        break;
                    }
                    let Some(end) = skip_value(bytes, at) else { break };
                    at = skip_ws(bytes, end);
                    if bytes.get(at) != Some(&b',') {
                        break;
                    }
                    at = skip_ws(bytes, at + 1);
                }
            }
            _ => {}
        }
    }
    results
}

#[derive(Default)]
struct TrieNode {
    /// Child per decoded reference token.
    children: HashMap<String, usize>,
    /// Indices of the pointers that end here.
    targets: Vec<usize>,
}

/// Adds `pointer`'s tokens to the tree; the node where it ends, or `None` for a malformed one.
fn trie_insert(trie: &mut Vec<TrieNode>, pointer: &str) -> Option<usize> {
    let mut node = 0;
    if pointer.is_empty() {
        return Some(node);
    }
    for raw in pointer.strip_prefix('/')?.split('/') {
        let token = unescape_token(raw)?.into_owned();
        let next = trie.len();
        let child = *trie.get_mut(node)?.children.entry(token).or_insert(next);
        if child == next {
            trie.push(TrieNode::default());
        }
        node = child;
    }
    Some(node)
}

/// Offset of the first occurrence of each key of the object opening at `open`, by decoded key.
pub(crate) fn first_key_offsets(text: &str, open: usize) -> HashMap<String, usize> {
    let mut first = HashMap::new();
    for (key_span, _) in Members::new(text, open).into_iter().flatten() {
        let raw = text.get(key_span.start + 1..key_span.end.saturating_sub(1)).unwrap_or("");
        let mut key = String::with_capacity(raw.len());
        if unescape_into(raw, &mut key).is_some() {
            first.entry(key).or_insert(key_span.start);
        }
    }
    first
}

struct Found {
    key: Option<Range<usize>>,
    value: Range<usize>,
}

fn find(text: &str, pointer: &str) -> Option<Found> {
    let bytes = text.as_bytes();
    let mut pos = skip_ws(bytes, 0);
    let mut key = None;
    if !pointer.is_empty() {
        let mut scratch = String::new();
        for raw in pointer.strip_prefix('/')?.split('/') {
            let token = unescape_token(raw)?;
            match bytes.get(pos)? {
                b'{' => {
                    let (key_span, value) = Members::new(text, pos)?
                        .filter(|(key_span, _)| key_matches(text, key_span, &token, &mut scratch))
                        .last()?;
                    key = Some(key_span);
                    pos = value;
                }
                b'[' => {
                    pos = element(bytes, pos, array_index(&token)?)?;
                    key = None;
                }
                _ => return None,
            }
        }
    }
    let end = skip_value(bytes, pos)?;
    Some(Found { key, value: pos..end })
}

/// The members of one object: (key span with quotes, offset where the value starts).
///
/// Stops quietly at the first thing that is not well-formed, so a broken document yields the
/// members up to the damage.
struct Members<'t> {
    text: &'t str,
    pos: usize,
    done: bool,
}

impl<'t> Members<'t> {
    fn new(text: &'t str, open: usize) -> Option<Self> {
        let bytes = text.as_bytes();
        if bytes.get(open) != Some(&b'{') {
            return None;
        }
        let pos = skip_ws(bytes, open + 1);
        Some(Members { text, pos, done: bytes.get(pos) != Some(&b'"') })
    }
}

impl Iterator for Members<'_> {
    type Item = (Range<usize>, usize);

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        self.done = true;
        let bytes = self.text.as_bytes();
        let key_start = self.pos;
        if bytes.get(key_start) != Some(&b'"') {
            return None;
        }
        let key_end = skip_string(bytes, key_start)?;
        let colon = skip_ws(bytes, key_end);
        if bytes.get(colon) != Some(&b':') {
            return None;
        }
        let value = skip_ws(bytes, colon + 1);
        // The value is skipped now so the next call starts at the next key; a value that cannot
        // be skipped still belongs to this member, which is returned.
        if let Some(value_end) = skip_value(bytes, value) {
            let after = skip_ws(bytes, value_end);
            if bytes.get(after) == Some(&b',') {
                self.pos = skip_ws(bytes, after + 1);
                self.done = false;
            }
        }
        Some((key_start..key_end, value))
    }
}

/// Offset where element `index` of the array opening at `open` starts.
fn element(bytes: &[u8], open: usize, index: usize) -> Option<usize> {
    let mut pos = skip_ws(bytes, open + 1);
    if bytes.get(pos) == Some(&b']') {
        return None;
    }
    for _ in 0..index {
        let end = skip_value(bytes, pos)?;
        pos = skip_ws(bytes, end);
        if bytes.get(pos) != Some(&b',') {
            return None;
        }
        pos = skip_ws(bytes, pos + 1);
    }
    Some(pos)
}

/// RFC 6901 array index: `0` or digits without a leading zero; `-` (past the end) names nothing.
pub(super) fn array_index(token: &str) -> Option<usize> {
    let digits = token.as_bytes();
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    if digits.len() > 1 && digits[0] == b'0' {
        return None;
    }
    token.parse().ok()
}

/// Undoes RFC 6901 escaping of one reference token; `None` for a `~` not followed by 0 or 1.
pub(super) fn unescape_token(raw: &str) -> Option<Cow<'_, str>> {
    if !raw.contains('~') {
        return Some(Cow::Borrowed(raw));
    }
    let mut token = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '~' {
            match chars.next() {
                Some('0') => token.push('~'),
                Some('1') => token.push('/'),
                _ => return None,
            }
        } else {
            token.push(c);
        }
    }
    Some(Cow::Owned(token))
}

/// Whether the JSON string at `key_span` (quotes included) decodes to `key`.
fn key_matches(text: &str, key_span: &Range<usize>, key: &str, scratch: &mut String) -> bool {
    let Some(raw) = text.get(key_span.start + 1..key_span.end.saturating_sub(1)) else {
        return false;
    };
    if !raw.contains('\\') {
        return raw == key;
    }
    scratch.clear();
    unescape_into(raw, scratch).is_some() && scratch == key
}

/// Decodes the escapes of a JSON string body; `None` if one is malformed.
pub(super) fn unescape_into(raw: &str, out: &mut String) -> Option<()> {
    let mut rest = raw;
    while let Some(backslash) = rest.find('\\') {
        out.push_str(&rest[..backslash]);
        let escape = rest.get(backslash + 1..)?;
        let mut consumed = 2;
        let c = match escape.as_bytes().first()? {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let high = hex4(escape.get(1..5)?)?;
                consumed = 6;
                if (0xD800..0xDC00).contains(&high) {
                    let low =
                        escape.get(5..11).filter(|s| s.starts_with("\\u")).and_then(|s| hex4(&s[2..]))?;
                    if !(0xDC00..0xE000).contains(&low) {
                        return None;
                    }
                    consumed = 12;
                    char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))?
                } else {
                    char::from_u32(high)?
                }
            }
            _ => return None,
        };
        out.push(c);
        rest = rest.get(backslash + consumed..)?;
    }
    out.push_str(rest);
    Some(())
}

fn hex4(digits: &str) -> Option<u32> {
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(digits, 16).ok()
}

fn skip_ws(bytes: &[u8], mut pos: usize) -> usize {
    while let Some(b' ' | b'\t' | b'\n' | b'\r') = bytes.get(pos) {
        pos += 1;
    }
    pos
}

/// Offset just past the string opening at `pos`; `None` if it never closes.
fn skip_string(bytes: &[u8], pos: usize) -> Option<usize> {
    let mut p = pos + 1;
    loop {
        // Report strings are mostly long runs of text without quotes or escapes.
        p += memchr::memchr2(b'"', b'\\', bytes.get(p..)?)?;
        match bytes.get(p)? {
            b'"' => return Some(p + 1),
            _ => p += 2,
        }
    }
}

/// Offset just past the value starting at `pos`; `None` if there is no value there or a
/// container never closes.
fn skip_value(bytes: &[u8], pos: usize) -> Option<usize> {
    match bytes.get(pos)? {
        b'"' => skip_string(bytes, pos),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut p = pos;
            loop {
                match bytes.get(p)? {
                    b'"' => p = skip_string(bytes, p)?,
                    b'{' | b'[' => {
                        depth += 1;
                        p += 1;
                    }
                    b'}' | b']' => {
                        depth -= 1;
                        p += 1;
                        if depth == 0 {
                            return Some(p);
                        }
                    }
                    _ => p += 1,
                }
            }
        }
        b'}' | b']' | b',' | b':' => None,
        _ => {
            let end = bytes[pos..]
                .iter()
                .position(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b',' | b']' | b'}' | b':' | b'"'))
                .map_or(bytes.len(), |n| pos + n);
            Some(end)
        }
    }
}

/// Finds the span of every diagnostic that has a pointer but no span yet, by scanning `text`.
/// Runs only for files with findings, so a clean report pays nothing for spans; all pointers are
/// located in one pass, so a finding on each of many thousands of values costs no more than one
/// scan per level.
pub fn locate_all(text: &str, diagnostics: &mut [Diagnostic]) {
    place_all(text, diagnostics, |pointers| locate_many(text, pointers));
}

/// [`locate_all`] for the text `spans` were recorded from, without scanning it; text without
/// recorded spans (`None`: it did not parse) is scanned.
pub fn locate_all_in(text: &str, spans: Option<&super::ValueSpans>, diagnostics: &mut [Diagnostic]) {
    match spans {
        Some(spans) => place_all(text, diagnostics, |pointers| spans.locate_many(text, pointers)),
        None => locate_all(text, diagnostics),
    }
}

/// Sets the span of each diagnostic that has a pointer but no span, from where `find` locates
/// the pointers (given in one slice, answered in its order).
fn place_all(text: &str, diagnostics: &mut [Diagnostic], find: impl FnOnce(&[&str]) -> Vec<Option<Located>>) {
    let pending: Vec<usize> = (0..diagnostics.len())
        .filter(|&i| diagnostics[i].span.is_none() && diagnostics[i].pointer.is_some())
        .collect();
    if pending.is_empty() {
        return;
    }
    let pointers: Vec<&str> = pending.iter().filter_map(|&i| diagnostics[i].pointer.as_deref()).collect();
    let found = find(&pointers);
    for (&i, located) in pending.iter().zip(found) {
        let Some(located) = located else { continue };
        let diagnostic = &mut diagnostics[i];
        diagnostic.span = Some(match diagnostic.focus {
            Focus::Key => located.key.unwrap_or(located.value),
            Focus::Value => {
                // A whole object or array is a poor thing to underline: point at its key
                // (or its opening bracket) instead.
                let span = located.value;
                let multi_line = text.get(span.clone()).is_some_and(|s| s.contains('\n'));
                if multi_line { located.key.unwrap_or(span.start..span.start + 1) } else { span }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at<'t>(text: &'t str, pointer: &str) -> Option<&'t str> {
        locate(text, pointer).map(|span| &text[span])
    }

    const DOC: &str = r#" {
  "name": "项目A",
  "nested": {"list": [1, {"deep": [true, null]}, "x"], "n": -1.5e3},
  "a/b": 1, "m~n": 2, "esc\"aped": 3, "\u4e2d": "unicode key",
  "empty": {}, "arr": []
}
"#;

    #[test]
    fn whole_document() {
        assert_eq!(at(DOC, ""), Some(DOC.trim()));
        assert_eq!(locate_key(DOC, ""), None);
    }

    #[test]
    fn nested_objects_and_arrays() {
        assert_eq!(at(DOC, "/name"), Some("\"项目A\""));
        assert_eq!(at(DOC, "/nested/list"), Some(r#"[1, {"deep": [true, null]}, "x"]"#));
        assert_eq!(at(DOC, "/nested/list/0"), Some("1"));
        assert_eq!(at(DOC, "/nested/list/1/deep/1"), Some("null"));
        assert_eq!(at(DOC, "/nested/list/2"), Some("\"x\""));
        assert_eq!(at(DOC, "/nested/n"), Some("-1.5e3"));
        assert_eq!(at(DOC, "/empty"), Some("{}"));
        assert_eq!(at(DOC, "/arr"), Some("[]"));
    }

    #[test]
    fn key_spans() {
        assert_eq!(locate_key(DOC, "/nested/n").map(|s| &DOC[s]), Some("\"n\""));
        assert_eq!(locate_key(DOC, "/nested/list/0"), None);
        assert_eq!(locate_key(DOC, "/中").map(|s| &DOC[s]), Some(r#""\u4e2d""#));
    }

    #[test]
    fn escaped_keys_and_pointer_escapes() {
        assert_eq!(at(DOC, "/a~1b"), Some("1"));
        assert_eq!(at(DOC, "/m~0n"), Some("2"));
        assert_eq!(at(DOC, "/esc\"aped"), Some("3"));
        assert_eq!(at(DOC, "/中"), Some("\"unicode key\""));
        assert_eq!(at(DOC, "/a~2b"), None);
        assert_eq!(at(DOC, "/a/b"), None);
    }

    #[test]
    fn duplicate_key_names_the_last_occurrence() {
        let text = r#"{"a": 1, "b": {"a": 0}, "a": [2]}"#;
        assert_eq!(at(text, "/a"), Some("[2]"));
        assert_eq!(locate_key(text, "/a"), Some(24..27));
        let first = first_key_offsets(text, 0);
        assert_eq!(first.get("a"), Some(&1));
        assert_eq!(first.get("b"), Some(&9));
        assert_eq!(first.len(), 2);
        assert!(first_key_offsets(text, 1).is_empty());
        assert_eq!(at(text, "/a/0"), Some("2"));
    }

    #[test]
    fn cjk_keys_and_values() {
        let text = "{\"绩效目标\": {\"完成率\": \"九十%\"}}";
        assert_eq!(at(text, "/绩效目标/完成率"), Some("\"九十%\""));
        assert_eq!(locate_key(text, "/绩效目标/完成率").map(|s| &text[s]), Some("\"完成率\""));
    }

    #[test]
    fn missing_things_are_none() {
        assert_eq!(at(DOC, "/nope"), None);
        assert_eq!(at(DOC, "/nested/list/3"), None);
        assert_eq!(at(DOC, "/nested/list/01"), None);
        assert_eq!(at(DOC, "/nested/list/-"), None);
        assert_eq!(at(DOC, "/name/0"), None);
        assert_eq!(at(DOC, "/arr/0"), None);
        assert_eq!(at(DOC, "/empty/x"), None);
        assert_eq!(at(DOC, "name"), None);
        assert_eq!(at(DOC, "/nested/list/99999999999999999999999"), None);
    }

    #[test]
    fn broken_text_never_panics() {
        for text in [
            "",
            "{",
            "[",
            "{\"a\"",
            "{\"a\":",
            "{\"a\": [1,",
            "\"abc",
            "{\"a\\",
            "}",
            "]]",
            "{\"\\u",
            "{\"\\ud800\":1}",
        ] {
            for pointer in ["", "/a", "/0", "/a/0", "/\\"] {
                let _ = locate(text, pointer);
                let _ = locate_key(text, pointer);
            }
        }
        assert_eq!(at("{\"a\": 1, \"b\"", "/a"), Some("1"));
        assert_eq!(at("[1, 2", "/1"), Some("2"));
        assert_eq!(at("[1, 2", ""), None);
    }
}
