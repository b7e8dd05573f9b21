//! Where each value of a parsed document sits in its text, noted by the parser as it goes.
//!
//! A report with findings needs the span of each finding's value. Scanning the text again for
//! them costs about as much as a tenth of a whole check; the parser already passes every value
//! and knows its offsets, so it writes them down, in document order, for a few instructions a
//! value. A pointer is then resolved by walking this table: from a container to its first child
//! is one step, from a child to the next is one jump over its subtree.
//!
//! Only a document that parsed has a table. Text that is not JSON, or repeats a key, is located
//! by the scanner of [`super::locate`], which makes the best of broken text.

use super::locate::{Located, array_index, unescape_into, unescape_token};
use std::collections::HashMap;
use std::ops::Range;

/// One value of the document: its span, its key's span (for an object member) and where its
/// subtree ends in the table. Offsets are `u32` to keep the table small; a text too long for
/// them gets no table.
#[derive(Debug, Clone, Copy)]
pub(super) struct Node {
    /// Start of the value (its quote or bracket).
    pub(super) start: u32,
    /// Just past the value.
    pub(super) end: u32,
    /// The key's span, quotes included; `0..0` for array elements and the document, whose
    /// values have no key (a key never starts at offset 0, where the document's `{` is).
    pub(super) key_start: u32,
    pub(super) key_end: u32,
    /// Index of the first node after this value's subtree: its next sibling when it has one.
    pub(super) next: u32,
}

/// The span of every value of a parsed document, in document order (a container before its
/// contents, members in the order they are written).
#[derive(Debug, Clone, Default)]
pub struct ValueSpans {
    nodes: Vec<Node>,
}

/// Children scanned one by one before a container gets an index of its own: the objects and
/// arrays of a report are far smaller, but a hostile one with a finding on each of its
/// hundreds of thousands of elements must not be walked again for every finding.
const WIDE: usize = 32;

/// Direct access to the children of a wide container, built on its first lookup past
/// [`WIDE`] children.
enum Index<'t> {
    Array(Vec<u32>),
    /// Decoded key → child; the last of repeated keys wins, as in the scanner.
    Object(HashMap<std::borrow::Cow<'t, str>, u32>),
}

impl ValueSpans {
    pub(super) fn new(nodes: Vec<Node>) -> Self {
        ValueSpans { nodes }
    }

    /// [`super::locate_many`] for the text this table was made from: the same answers, in the
    /// order of `pointers`, without scanning the text.
    pub fn locate_many(&self, text: &str, pointers: &[&str]) -> Vec<Option<Located>> {
        let mut wide = HashMap::new();
        let mut scratch = String::new();
        pointers.iter().map(|pointer| self.find(text, pointer, &mut wide, &mut scratch)).collect()
    }

    fn find<'t>(
        &self,
        text: &'t str,
        pointer: &str,
        wide: &mut HashMap<usize, Index<'t>>,
        scratch: &mut String,
    ) -> Option<Located> {
        let mut node = 0;
        self.nodes.first()?;
        if !pointer.is_empty() {
            for raw in pointer.strip_prefix('/')?.split('/') {
                let token = unescape_token(raw)?;
                node = self.child(text, node, &token, wide, scratch)?;
            }
        }
        let found = self.nodes.get(node)?;
        let key = (found.key_end != 0).then_some(found.key_start as usize..found.key_end as usize);
        Some(Located { key, value: found.start as usize..found.end as usize })
    }

    /// The child of `parent` that `token` names, if `parent` is a container that has it.
    fn child<'t>(
        &self,
        text: &'t str,
        parent: usize,
        token: &str,
        wide: &mut HashMap<usize, Index<'t>>,
        scratch: &mut String,
    ) -> Option<usize> {
        let container = self.nodes.get(parent)?;
        let end = container.next as usize;
        let is_array = match text.as_bytes().get(container.start as usize)? {
            b'[' => true,
            b'{' => false,
            _ => return None,
        };
        let index = if is_array { Some(array_index(token)?) } else { None };
        if let Some(found) = wide.get(&parent) {
            return lookup(found, index, token);
        }
        let mut child = parent + 1;
        let mut seen = 0;
        while child < end {
            if seen == WIDE {
                let found = wide.entry(parent).or_insert_with(|| self.index(text, parent, is_array));
                return lookup(found, index, token);
            }
            let node = self.nodes.get(child)?;
            let hit = match index {
                Some(index) => seen == index,
                None => key_is(text, node, token, scratch),
            };
            if hit {
                return Some(child);
            }
            // A subtree always ends past its own node; `max` keeps the walk moving whatever.
            child = (node.next as usize).max(child + 1);
            seen += 1;
        }
        None
    }

    /// The index of the children of the container at `parent`.
    fn index<'t>(&self, text: &'t str, parent: usize, is_array: bool) -> Index<'t> {
        let end = self.nodes.get(parent).map_or(0, |node| node.next as usize);
        let mut children = Vec::new();
        let mut child = parent + 1;
        while let Some(node) = self.nodes.get(child).filter(|_| child < end) {
            children.push(child as u32);
            child = (node.next as usize).max(child + 1);
        }
        if is_array {
            return Index::Array(children);
        }
        let mut keys = HashMap::with_capacity(children.len());
        for child in children {
            let Some(raw) = self.nodes.get(child as usize).and_then(|node| key_text(text, node)) else {
                continue;
            };
            let key = if raw.contains('\\') {
                let mut decoded = String::with_capacity(raw.len());
                if unescape_into(raw, &mut decoded).is_none() {
                    continue;
                }
                std::borrow::Cow::Owned(decoded)
            } else {
                std::borrow::Cow::Borrowed(raw)
            };
            keys.insert(key, child);
        }
        Index::Object(keys)
    }
}

fn lookup(found: &Index<'_>, index: Option<usize>, token: &str) -> Option<usize> {
    match (found, index) {
        (Index::Array(children), Some(index)) => children.get(index).map(|&child| child as usize),
        (Index::Object(keys), None) => keys.get(token).map(|&child| child as usize),
        _ => None,
    }
}

/// The text between the quotes of a member's key.
fn key_text<'t>(text: &'t str, node: &Node) -> Option<&'t str> {
    if node.key_end == 0 {
        return None;
    }
    text.get(node.key_start as usize + 1..(node.key_end as usize).saturating_sub(1))
}

/// Whether the key of `node` decodes to `token`.
fn key_is(text: &str, node: &Node, token: &str, scratch: &mut String) -> bool {
    let Some(raw) = key_text(text, node) else { return false };
    // An escape always takes more bytes than the character it stands for, so a key as long as
    // the token matches only as written, and one shorter never does.
    if raw.len() <= token.len() {
        return raw == token && !raw.contains('\\');
    }
    if !raw.contains('\\') {
        return false;
    }
    scratch.clear();
    unescape_into(raw, scratch).is_some() && scratch == token
}

/// Records the nodes of a document as the parser meets them.
#[derive(Debug, Default)]
pub(super) struct Recorder {
    nodes: Vec<Node>,
}

impl Recorder {
    /// A recorder for a text of `len` bytes.
    pub(super) fn for_text(len: usize) -> Self {
        // About one value in every 24 bytes of an indented report; a guess too small only
        // costs a few reallocations.
        Recorder { nodes: Vec::with_capacity(len / 24 + 1) }
    }

    /// A value that is complete where it starts: a scalar or an empty container.
    #[inline]
    pub(super) fn leaf(&mut self, value: Range<usize>, key: Option<Range<usize>>) {
        let next = self.nodes.len() as u32 + 1;
        self.nodes.push(node(value, key, next));
    }

    /// A container opening at `start`; its end and subtree are set by [`Recorder::close`].
    #[inline]
    pub(super) fn open(&mut self, start: usize, key: Option<Range<usize>>) -> u32 {
        let at = self.nodes.len() as u32;
        // Until it closes, the container has no contents.
        self.nodes.push(node(start..start, key, at + 1));
        at
    }

    /// The container recorded at `at` ends just before `end`, after all its contents.
    #[inline]
    pub(super) fn close(&mut self, at: u32, end: usize) {
        let next = self.nodes.len() as u32;
        if let Some(node) = self.nodes.get_mut(at as usize) {
            node.end = end as u32;
            node.next = next;
        }
    }

    /// The table, for a text whose offsets all fit the table's `u32`s.
    pub(super) fn finish(self, text_len: usize) -> Option<ValueSpans> {
        (u32::try_from(text_len).is_ok() && u32::try_from(self.nodes.len()).is_ok())
            .then(|| ValueSpans::new(self.nodes))
    }
}

#[inline]
fn node(value: Range<usize>, key: Option<Range<usize>>, next: u32) -> Node {
    let (key_start, key_end) = key.map_or((0, 0), |key| (key.start as u32, key.end as u32));
    Node { start: value.start as u32, end: value.end as u32, key_start, key_end, next }
}

#[cfg(test)]
mod tests {
    use super::super::{locate_all, locate_all_in, locate_many, parse_json};
    use super::*;
    use crate::diagnostic::{Diagnostic, Focus, escape_pointer_token};
    use serde_json::Value;

    /// Every pointer of `value`, parents before children.
    fn pointers(value: &Value, prefix: String, out: &mut Vec<String>) {
        out.push(prefix.clone());
        match value {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    pointers(item, format!("{prefix}/{i}"), out);
                }
            }
            Value::Object(map) => {
                for (key, item) in map {
                    pointers(item, format!("{prefix}/{}", escape_pointer_token(key)), out);
                }
            }
            _ => {}
        }
    }

    /// Pointers that name nothing or are malformed, around the real ones.
    const ODD: &[&str] = &[
        "",
        "/",
        "//",
        "x",
        "/nope",
        "/0",
        "/00",
        "/01",
        "/-",
        "/1e1",
        "/~",
        "/~2",
        "/~0",
        "/~1",
        "/99999999999999999999999",
        "/a/b/c",
        "/0/0/0",
    ];

    /// The recorded spans answer every pointer of `text` (and some that name nothing) as the
    /// scanner does; returns how many pointers were compared.
    fn agree(text: &str) -> usize {
        let parsed = parse_json(text, 256);
        let value = parsed.value.unwrap_or_else(|| panic!("{text} does not parse"));
        let spans = parsed.spans.expect("a parsed document has spans");
        let mut wanted = Vec::new();
        pointers(&value, String::new(), &mut wanted);
        let mut odd: Vec<String> = ODD.iter().map(|p| (*p).to_string()).collect();
        for pointer in wanted.iter().take(200) {
            odd.extend(ODD.iter().map(|suffix| format!("{pointer}{suffix}")));
        }
        wanted.extend(odd);
        let refs: Vec<&str> = wanted.iter().map(String::as_str).collect();
        let recorded = spans.locate_many(text, &refs);
        let scanned = locate_many(text, &refs);
        for ((pointer, recorded), scanned) in refs.iter().zip(&recorded).zip(&scanned) {
            assert_eq!(recorded, scanned, "{pointer:?} in {text}");
        }
        // Pointers resolved one call at a time give the same answers as all at once.
        for (pointer, recorded) in refs.iter().zip(&recorded).step_by(7) {
            assert_eq!(&spans.locate_many(text, &[pointer])[0], recorded, "{pointer:?}");
        }
        // And diagnostics get the same spans, whatever their focus.
        let diagnostics = |focus| -> Vec<Diagnostic> {
            refs.iter().map(|p| Diagnostic::error("x", "m").with_pointer(*p).with_focus(focus)).collect()
        };
        for focus in [Focus::Key, Focus::Value] {
            let (mut recorded, mut scanned) = (diagnostics(focus), diagnostics(focus));
            locate_all_in(text, Some(&spans), &mut recorded);
            locate_all(text, &mut scanned);
            let spans_of = |d: &[Diagnostic]| d.iter().map(|d| d.span.clone()).collect::<Vec<_>>();
            assert_eq!(spans_of(&recorded), spans_of(&scanned), "{focus:?} in {text}");
        }
        refs.len()
    }

    #[test]
    fn agrees_with_the_scanner_on_small_documents() {
        for text in [
            "{}",
            "[]",
            "0",
            " \"x\" ",
            "\n[1, [], {}, [[]], {\"a\": {}}]\n",
            r#"{"a": [1, {"b": [true, null, "s"]}], "": 0, "a/b": 1, "m~n": 2, "~1": 3}"#,
            r#"{"esc\"aped": 1, "\u4e2d": {"\u0061": 2}, "back\\slash": 3, "\ud83d\ude00": [4]}"#,
            "{\"绩效目标\": {\"完成率\": \"九十%\", \"列表\": [\"一\", \"二\"]}}",
            "{\n  \"name\": \"项目A\",\n  \"nested\": {\"list\": [1, {\"deep\": [true, null]}, \"x\"], \"n\": -1.5e3},\n  \"empty\": {}, \"arr\": []\n}\n",
        ] {
            assert!(agree(text) > ODD.len(), "{text}");
        }
    }

    #[test]
    fn finds_keys_spelt_with_escapes() {
        let text = r#"{"\u0061": 1, "b\/c": 2, "\\": 3, "a\\": 4, "\"": 5}"#;
        let spans = parse_json(text, 256).spans.unwrap();
        let found = |pointer: &str| spans.locate_many(text, &[pointer])[0].clone().map(|l| &text[l.value]);
        assert_eq!(found("/a"), Some("1"));
        assert_eq!(found("/b~1c"), Some("2"));
        assert_eq!(found("/\\"), Some("3"));
        assert_eq!(found("/a\\"), Some("4"));
        assert_eq!(found("/\""), Some("5"));
        // Written as they stand in the text, escaped keys are not the keys.
        assert_eq!(found("/\\u0061"), None);
        assert_eq!(found("/\\\\"), None);
        assert_eq!(found("/b\\~1c"), None);
        agree(text);
    }

    #[test]
    fn agrees_on_wide_arrays_and_objects() {
        for width in [WIDE - 1, WIDE, WIDE + 1, 3 * WIDE + 5] {
            let items: Vec<String> = (0..width).map(|i| format!("[{i}, {{\"k\": {i}}}]")).collect();
            let members: Vec<String> = (0..width)
                .map(|i| {
                    // Some keys spelt with escapes: a wide object's index decodes them.
                    let key = if i % 3 == 0 { format!("\\u006b{i}") } else { format!("k{i}") };
                    format!("\"{key}\": {{\"v\": [{i}]}}")
                })
                .collect();
            let text = format!(
                "{{\"items\": [{}], \"members\": {{{}}}, \"after\": 1}}",
                items.join(", "),
                members.join(",\n")
            );
            assert!(agree(&text) > width);
            let spans = parse_json(&text, 256).spans.unwrap();
            let last = format!("/items/{}/1/k", width - 1);
            let found = spans.locate_many(&text, &[&last, "/members/k0/v/0", "/after"]);
            let texts: Vec<_> = found.iter().map(|l| l.clone().map(|l| &text[l.value])).collect();
            assert_eq!(texts, [Some(&*(width - 1).to_string()), Some("0"), Some("1")]);
        }
    }

    #[test]
    fn agrees_on_the_example_reports() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        let mut compared = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                let text = std::fs::read_to_string(&path).unwrap();
                compared += agree(text.trim_start_matches('\u{feff}'));
            }
        }
        assert!(compared > 1000, "only {compared} pointers compared");
    }

    #[test]
    fn a_document_that_did_not_parse_has_no_spans() {
        for text in ["", "{", "[1,]", "{\"a\": 1, \"a\": 2}", "{\"a\": [1, 2}"] {
            let parsed = parse_json(text, 256);
            assert!(parsed.value.is_none() && parsed.spans.is_none(), "{text}");
        }
        // Too deep for the limit: no value, no spans.
        assert!(parse_json("[[[1]]]", 2).spans.is_none());
    }

    #[test]
    fn an_empty_table_locates_nothing() {
        let spans = ValueSpans::default();
        assert_eq!(spans.locate_many("{}", &["", "/a"]), [None, None]);
    }
}
