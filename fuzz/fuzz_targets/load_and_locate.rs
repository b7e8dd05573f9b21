//! Any bytes → `load_bytes` → every diagnostic span and every value's location must be exact.
//!
//! Loading never panics; a span always lies on character boundaries inside the text; the span
//! that `locate` gives for each pointer of the parsed document slices text that parses back to
//! that very value; `locate_many` agrees with `locate`/`locate_key`, and so do the spans the
//! parser recorded; and `LineIndex` positions agree with counting lines and characters by hand.

#![no_main]

use jixiao::diagnostic::escape_pointer_token;
use jixiao::diagnostic::LineIndex;
use jixiao::load::{self, Limits};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

/// Pointers checked per input; enough to cover every value of the documents the fuzzer builds.
const MAX_POINTERS: usize = 2000;

fuzz_target!(|data: &[u8]| {
    let limits = Limits { max_depth: 64, ..Limits::default() };
    let loaded = load::load_bytes(data, &limits);
    let Some(text) = loaded.text.as_deref() else {
        assert!(loaded.value.is_none());
        return;
    };
    let index = LineIndex::new(text);
    for diagnostic in &loaded.diagnostics {
        if let Some(span) = &diagnostic.span {
            assert!(span.start <= span.end && span.end <= text.len(), "{span:?} outside the text");
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "{span:?}");
            check_position(text, &index, span.start);
            check_position(text, &index, span.end);
        }
    }
    let Some(value) = &loaded.value else { return };

    let mut values = Vec::new();
    collect(value, String::new(), &mut values);
    let mut pointers = Vec::with_capacity(values.len());
    for (pointer, expected) in &values {
        let span = load::locate(text, pointer).unwrap_or_else(|| panic!("{pointer:?} not located"));
        let slice = &text[span.clone()];
        let reparsed = load::parse_json(slice, 64).value;
        assert_eq!(reparsed.as_ref(), Some(*expected), "{pointer:?} located at {slice:?}");
        let key = load::locate_key(text, pointer);
        if let Some(key) = &key {
            let key_text = &text[key.clone()];
            assert!(key_text.starts_with('"') && key_text.ends_with('"'), "{key_text:?}");
            assert!(key.end <= span.start);
        }
        check_position(text, &index, span.start);
        pointers.push((pointer.as_str(), span, key));
    }
    let refs: Vec<&str> = pointers.iter().map(|(p, _, _)| *p).collect();
    let many = load::locate_many(text, &refs);
    let spans = loaded.spans.as_ref().expect("a parsed document has recorded spans");
    let recorded = spans.locate_many(text, &refs);
    for (((pointer, span, key), found), recorded) in pointers.iter().zip(many).zip(recorded) {
        assert_eq!(recorded, found, "{pointer:?}: recorded spans and the scanner disagree");
        let found = found.unwrap_or_else(|| panic!("{pointer:?} not located by locate_many"));
        assert_eq!(&found.value, span, "{pointer:?}");
        assert_eq!(&found.key, key, "{pointer:?}");
    }
});

/// Every (pointer, value) of the document, parents before children, up to [`MAX_POINTERS`].
fn collect<'v>(root: &'v Value, prefix: String, out: &mut Vec<(String, &'v Value)>) {
    let mut stack = vec![(prefix, root)];
    while let Some((pointer, value)) = stack.pop() {
        if out.len() >= MAX_POINTERS {
            return;
        }
        match value {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    stack.push((format!("{pointer}/{i}"), item));
                }
            }
            Value::Object(map) => {
                for (key, item) in map {
                    stack.push((format!("{pointer}/{}", escape_pointer_token(key)), item));
                }
            }
            _ => {}
        }
        out.push((pointer, value));
    }
}

/// `LineIndex::position` agrees with counting `\n`s and the characters after the last one.
fn check_position(text: &str, index: &LineIndex, byte: usize) {
    let before = &text[..byte];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |n| n + 1);
    let column = text[line_start..byte].chars().count() + 1;
    assert_eq!(index.position(text, byte), (line, column), "offset {byte}");
    let utf16 = text[line_start..byte].encode_utf16().count() + 1;
    assert_eq!(index.position_utf16(text, byte), (line, utf16), "offset {byte}");
}
