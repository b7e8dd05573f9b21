//! Properties of the load stage: the parser agrees with serde_json on valid documents, every
//! pointer of a document is located at text that parses to the pointed-at value, the spans the
//! parser records locate pointers exactly as scanning the text does, and no input makes loading
//! or locating panic.

use jixiao::diagnostic::{Diagnostic, Focus};
use jixiao::diagnostic::{codes, escape_pointer_token};
use jixiao::load::{
    Limits, load_bytes, locate, locate_all, locate_all_in, locate_key, locate_many, parse_json,
};
use proptest::prelude::*;
use serde_json::Value;

/// A document plus the choices of how to spell it.
#[derive(Debug, Clone)]
enum Doc {
    Null,
    Bool(bool),
    Num(String),
    Str(Vec<(char, bool)>),
    Arr(Vec<Doc>),
    Obj(Vec<(Vec<(char, bool)>, Doc)>),
}

/// A character and whether to write it as an escape where that is optional.
fn text_char() -> impl Strategy<Value = (char, bool)> {
    let c = prop_oneof![
        4 => proptest::char::range('a', 'z'),
        1 => Just('"'),
        1 => Just('\\'),
        1 => Just('/'),
        1 => Just('~'),
        1 => Just('中'),
        1 => Just('文'),
        1 => Just('😀'),
        1 => Just('\n'),
        1 => Just('\t'),
        1 => Just('\u{1}'),
        1 => Just(' '),
        1 => Just('\u{7f}'),
        1 => proptest::char::range('\u{4e00}', '\u{9fff}'),
    ];
    (c, any::<bool>())
}

fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => "-?(0|[1-9][0-9]{0,12})(\\.[0-9]{1,6})?([eE][+-]?[0-9]{1,2})?",
        1 => "-?[1-9][0-9]{25,45}(\\.[0-9]{1,40})?",
        1 => "-?[1-9](\\.[0-9]{1,3})?[eE][+-]?[0-9]{3,4}",
    ]
}

fn doc() -> impl Strategy<Value = Doc> {
    let leaf = prop_oneof![
        Just(Doc::Null),
        any::<bool>().prop_map(Doc::Bool),
        number().prop_map(Doc::Num),
        proptest::collection::vec(text_char(), 0..8).prop_map(Doc::Str),
    ];
    leaf.prop_recursive(5, 64, 5, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(Doc::Arr),
            proptest::collection::vec((proptest::collection::vec(text_char(), 0..6), inner), 0..5)
                .prop_map(object),
        ]
    })
}

/// An object of `members`, the first of each key kept: keys are unique by their decoded text;
/// equal keys are the parser's business elsewhere, here the document must be one serde_json
/// reads the same way.
fn object(members: Vec<(Vec<(char, bool)>, Doc)>) -> Doc {
    let mut seen = std::collections::HashSet::new();
    Doc::Obj(
        members
            .into_iter()
            .filter(|(key, _)| seen.insert(key.iter().map(|&(c, _)| c).collect::<String>()))
            .collect(),
    )
}

/// A document as [`doc`] makes them, or an array or object with dozens of them: wider than any
/// container of `doc`, as wide as a report's indicator table.
fn wide_doc() -> impl Strategy<Value = Doc> {
    prop_oneof![
        doc(),
        proptest::collection::vec(doc(), 20..80).prop_map(Doc::Arr),
        proptest::collection::vec((proptest::collection::vec(text_char(), 1..4), doc()), 20..80)
            .prop_map(object),
    ]
}

/// A tiny deterministic generator for whitespace choices.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn ws(&mut self, out: &mut String) {
        for _ in 0..self.next() % 3 {
            out.push([' ', '\t', '\n', '\r'][(self.next() % 4) as usize]);
        }
    }
}

fn render_str(chars: &[(char, bool)], out: &mut String) {
    out.push('"');
    for &(c, escape) in chars {
        let mut units = [0u16; 2];
        let unicode = |out: &mut String, units: &[u16]| {
            for unit in units {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        };
        match c {
            '"' if escape => out.push_str("\\u0022"),
            '"' => out.push_str("\\\""),
            '\\' if escape => out.push_str("\\u005C"),
            '\\' => out.push_str("\\\\"),
            '/' if escape => out.push_str("\\/"),
            '\n' if escape => out.push_str("\\u000A"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || escape => unicode(out, c.encode_utf16(&mut units)),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn render(doc: &Doc, rng: &mut Rng, out: &mut String) {
    match doc {
        Doc::Null => out.push_str("null"),
        Doc::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Doc::Num(n) => out.push_str(n),
        Doc::Str(chars) => render_str(chars, out),
        Doc::Arr(items) => {
            out.push('[');
            rng.ws(out);
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                    rng.ws(out);
                }
                render(item, rng, out);
                rng.ws(out);
            }
            out.push(']');
        }
        Doc::Obj(members) => {
            out.push('{');
            rng.ws(out);
            for (i, (key, value)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                    rng.ws(out);
                }
                render_str(key, out);
                rng.ws(out);
                out.push(':');
                rng.ws(out);
                render(value, rng, out);
                rng.ws(out);
            }
            out.push('}');
        }
    }
}

fn document() -> impl Strategy<Value = String> {
    written(doc())
}

/// The text of each document of `docs`, with whitespace chosen at random.
fn written(docs: impl Strategy<Value = Doc>) -> impl Strategy<Value = String> {
    (docs, any::<u64>()).prop_map(|(doc, seed)| {
        let mut rng = Rng(seed | 1);
        let mut text = String::new();
        rng.ws(&mut text);
        render(&doc, &mut rng, &mut text);
        rng.ws(&mut text);
        text
    })
}

/// Every pointer of `value`, with the key of the member it names (if it names one).
fn pointers(value: &Value, prefix: String, key: Option<String>, out: &mut Vec<(String, Option<String>)>) {
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                pointers(item, format!("{prefix}/{i}"), None, out);
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                pointers(item, format!("{prefix}/{}", escape_pointer_token(k)), Some(k.clone()), out);
            }
        }
        _ => {}
    }
    out.push((prefix, key));
}

fn assert_spans_sound(text: &str, diagnostics: &[jixiao::diagnostic::Diagnostic]) {
    for d in diagnostics {
        if let Some(span) = &d.span {
            assert!(span.start <= span.end && span.end <= text.len(), "{d:?}");
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "{d:?}");
            if d.code == codes::INVALID_JSON && span.start < text.len() {
                assert!(span.end > span.start, "empty span inside the text: {d:?}");
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn parser_agrees_with_serde_json(text in document()) {
        let expected: Value = serde_json::from_str(&text).unwrap();
        let parsed = parse_json(&text, 256);
        prop_assert!(
            parsed.diagnostics.iter().all(|d| d.code == codes::NUMBER_OUT_OF_RANGE),
            "{:?}", parsed.diagnostics
        );
        prop_assert_eq!(parsed.value, Some(expected));
    }

    #[test]
    fn every_pointer_is_located(text in document()) {
        let value: Value = serde_json::from_str(&text).unwrap();
        let mut all = Vec::new();
        pointers(&value, String::new(), None, &mut all);
        for (pointer, key) in all {
            let span = locate(&text, &pointer);
            prop_assert!(span.is_some(), "{} not found in {}", pointer, text);
            let span = span.unwrap();
            let found: Value = serde_json::from_str(&text[span.clone()]).unwrap();
            prop_assert_eq!(Some(&found), value.pointer(&pointer), "{} at {:?}", pointer, span);
            let key_span = locate_key(&text, &pointer);
            match key {
                Some(key) => {
                    let key_span = key_span.unwrap();
                    let found: String = serde_json::from_str(&text[key_span]).unwrap();
                    prop_assert_eq!(found, key);
                }
                None => prop_assert_eq!(key_span, None),
            }
        }
    }

    #[test]
    fn locating_many_pointers_at_once_agrees_with_one_at_a_time(
        text in document(),
        extra in proptest::collection::vec("(/([a-z~01]{0,2}|[0-9]{1,2}|-))*", 0..6),
        cut in any::<prop::sample::Index>(),
    ) {
        let value: Value = serde_json::from_str(&text).unwrap();
        let mut all = Vec::new();
        pointers(&value, String::new(), None, &mut all);
        let mut wanted: Vec<String> = all.into_iter().map(|(pointer, _)| pointer).collect();
        // Pointers to nothing, malformed ones and repeats must not disturb the others.
        wanted.extend(extra);
        wanted.extend(wanted.clone().into_iter().take(2));
        // A truncated copy of the text: what broken text yields must agree as well.
        let mut end = cut.index(text.len() + 1);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        for text in [text.as_str(), &text[..end]] {
            let refs: Vec<&str> = wanted.iter().map(String::as_str).collect();
            let found = locate_many(text, &refs);
            prop_assert_eq!(found.len(), wanted.len());
            for (pointer, found) in wanted.iter().zip(found) {
                prop_assert_eq!(found.as_ref().map(|f| f.value.clone()), locate(text, pointer), "{} in {:?}", pointer, text);
                prop_assert_eq!(found.and_then(|f| f.key), locate_key(text, pointer), "{} in {:?}", pointer, text);
            }
        }
    }

    #[test]
    fn mutated_documents_agree_with_serde_json(
        text in document(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), 0u8..4, prop::sample::select(
            b"{}[],:\"\\ 0123456789.eE+-tfnu/*x\n\x01".to_vec())), 1..4),
    ) {
        let mut bytes = text.into_bytes();
        for (at, kind, byte) in edits {
            let at = at.index(bytes.len() + 1);
            match kind {
                0 if at < bytes.len() => { bytes.remove(at); }
                1 if at < bytes.len() => bytes[at] = byte,
                _ => bytes.insert(at, byte),
            }
        }
        let Ok(text) = String::from_utf8(bytes) else { return Ok(()) };
        let parsed = parse_json(&text, 256);
        assert_spans_sound(&text, &parsed.diagnostics);
        let serde = serde_json::from_str::<Value>(&text);
        match (&parsed.value, &serde) {
            (Some(mine), Ok(theirs)) => prop_assert_eq!(mine, theirs),
            (Some(_), Err(err)) => prop_assert!(false, "accepted what serde_json rejects ({}): {}", err, text),
            (None, Ok(_)) => prop_assert!(
                parsed.diagnostics.iter().any(|d| d.code == codes::DUPLICATE_KEY),
                "rejected what serde_json accepts: {:?} {}", parsed.diagnostics, text
            ),
            (None, Err(_)) => prop_assert!(
                parsed.diagnostics.iter().any(|d| d.code == codes::INVALID_JSON || d.code == codes::DUPLICATE_KEY),
                "{:?}", parsed.diagnostics
            ),
        }
        for pointer in ["", "/0", "/a", "/0/0", "/a/b", "/~1", "/~0/1"] {
            if let Some(span) = locate(&text, pointer) {
                prop_assert!(span.end <= text.len() && text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            }
            let _ = locate_key(&text, pointer);
        }
    }

    #[test]
    fn load_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let loaded = load_bytes(&bytes, &Limits::default());
        prop_assert!(loaded.value.is_some() || !loaded.diagnostics.is_empty());
        if let Some(text) = &loaded.text {
            assert_spans_sound(text, &loaded.diagnostics);
            let _ = locate(text, "/0");
        }
    }

    #[test]
    fn load_bytes_never_panics_on_json_like_bytes(
        bytes in proptest::collection::vec(prop::sample::select(
            b"{}[],:\"\\ 0123456789.eE+-truefalsnu\xe4\xb8\xad\xff\x00\n".to_vec()), 0..256),
    ) {
        let loaded = load_bytes(&bytes, &Limits { max_depth: 8, ..Limits::default() });
        prop_assert!(loaded.value.is_some() || !loaded.diagnostics.is_empty());
        if let Some(text) = &loaded.text {
            assert_spans_sound(text, &loaded.diagnostics);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn recorded_spans_locate_as_the_scanner_does(
        text in written(wide_doc()),
        extra in proptest::collection::vec("(/([a-z~01]{0,2}|[0-9]{1,2}|-))*", 0..6),
        focus_on_key in any::<bool>(),
    ) {
        let parsed = parse_json(&text, 256);
        let value = parsed.value.unwrap();
        let spans = parsed.spans.unwrap();
        let mut all = Vec::new();
        pointers(&value, String::new(), None, &mut all);
        let mut wanted: Vec<String> = all.into_iter().map(|(pointer, _)| pointer).collect();
        // Pointers past the real ones, to nothing, malformed, and repeated.
        let below: Vec<String> = wanted.iter().step_by(5).flat_map(|p| extra.iter().map(move |e| format!("{p}{e}"))).collect();
        wanted.extend(below);
        wanted.extend(extra);
        wanted.extend(wanted.clone().into_iter().take(2));
        let refs: Vec<&str> = wanted.iter().map(String::as_str).collect();
        let recorded = spans.locate_many(&text, &refs);
        let scanned = locate_many(&text, &refs);
        for ((pointer, recorded), scanned) in refs.iter().zip(&recorded).zip(&scanned) {
            prop_assert_eq!(recorded, scanned, "{} in {:?}", pointer, text);
        }
        let focus = if focus_on_key { Focus::Key } else { Focus::Value };
        let diagnostics: Vec<Diagnostic> =
            refs.iter().map(|p| Diagnostic::error("x", "m").with_pointer(*p).with_focus(focus)).collect();
        let (mut recorded, mut scanned) = (diagnostics.clone(), diagnostics);
        locate_all_in(&text, Some(&spans), &mut recorded);
        locate_all(&text, &mut scanned);
        for (recorded, scanned) in recorded.iter().zip(&scanned) {
            prop_assert_eq!(&recorded.span, &scanned.span, "{:?} in {:?}", recorded.pointer, text);
        }
    }
}

/// A report-shaped document of about `bytes` bytes: CJK text, amounts, nested indicator tables.
fn large_report(bytes: usize) -> String {
    let mut text = String::from("{\n  \"项目名称\": \"2024年度部门整体支出绩效自评\",\n  \"指标\": [\n");
    let mut i = 0u64;
    while text.len() < bytes {
        if i > 0 {
            text.push_str(",\n");
        }
        text.push_str(&format!(
            "    {{\"序号\": {i}, \"一级指标\": \"产出指标\", \"二级指标\": \"数量指标\", \
             \"三级指标\": \"完成项目数量第{i}项\", \"年度指标值\": \">=95%\", \"实际完成值\": {}.{:02}, \
             \"分值\": 10, \"得分\": 9.5, \"偏差原因\": \"受疫情影响部分工作延后\\n已整改\", \
             \"预算\": {{\"年初预算数\": 1234567.89, \"全年预算数\": 1300000.00, \"执行数\": -12.5e2, \
             \"资金来源\": [\"财政拨款\", \"其他资金\"], \"已审核\": true, \"备注\": null}}}}",
            90 + i % 10,
            i % 100
        ));
        i += 1;
    }
    text.push_str("\n  ]\n}\n");
    text
}

/// Run with `cargo test --release --test it load_props -- --ignored --nocapture`.
#[test]
#[ignore = "timing; meaningful only in release builds"]
fn parse_speed_compared_with_serde_json() {
    use std::time::{Duration, Instant};
    let text = large_report(1 << 20);
    let best = |f: &dyn Fn() -> Value| {
        let mut best = Duration::MAX;
        for _ in 0..30 {
            let start = Instant::now();
            std::hint::black_box(f());
            best = best.min(start.elapsed());
        }
        best
    };
    let ours = best(&|| parse_json(&text, 256).value.unwrap());
    let serde = best(&|| serde_json::from_str::<Value>(&text).unwrap());
    let percent = ours.as_nanos() * 100 / serde.as_nanos().max(1);
    println!(
        "{} bytes: parse_json {ours:?}, serde_json {serde:?}, parse_json takes {percent}% of serde_json's time",
        text.len()
    );
    assert_eq!(parse_json(&text, 256).value.unwrap(), serde_json::from_str::<Value>(&text).unwrap());
    assert!(percent < 150, "parse_json takes {percent}% of serde_json's time");
}
