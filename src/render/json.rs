//! JSON output: a stable, versioned contract for scripts and CI.
//!
//! # Wire format (version 1)
//!
//! ```text
//! {"version": 1,
//!  "tool": {"name": "jixiao", "version": "0.1.0"},
//!  "files": [{"path": "examples/huadu-2022.json",
//!             "diagnostics": [{"rule": "indicator-count-mismatch", "severity": "warning",
//!                              "message": "…", "pointer": "/declared_indicator_count",
//!                              "line": 12, "column": 29, "end_line": 12, "end_column": 31,
//!                              "help": "…", "basis": "…", "actual": "…", "expected": "…",
//!                              "source": null, "suppressed": null}]}],
//!  "summary": {"files": 1, "errors": 0, "warnings": 1, "infos": 0, "suppressed": 0,
//!              "departments": [{"department": "…", "reports": 1, "errors": 0, "warnings": 1,
//!                               "infos": 0, "top_rules": [{"rule": "…", "count": 1}]}]}}
//! ```
//!
//! - Every key is always present; a value that does not apply is `null`.
//! - `line` and `column` are 1-based; columns count characters (a CJK character is one
//!   column). `end_line`/`end_column` give the position just after the value (exclusive).
//! - `source` is `null` for a JSON report. For a report read from an Excel, Word or text file it
//!   says where the value is in that document: `{"label", "excerpt", "sheet", "cell", "table",
//!   "row", "column", "paragraph", "highlight"}`, keys that do not apply `null` — `label` is `SHEET!CELL`
//!   (`cell` the A1 address) for a workbook, `表1 第6行第7列` for a Word table (1-based `table`,
//!   `row`, `column`), `第3段` for a paragraph; `excerpt` is the text shown there and
//!   `highlight` the value's `[start, end)` in it, in characters. For a text
//!   file `line`/`column` are the value's place in that text; otherwise they are `null`, as the
//!   generated JSON is not what the user wrote.
//! - `suppressed` is `null`, or the reason a finding was accepted; a suppressed finding is
//!   still listed (and counted in `summary`) so that the decision stays visible.
//! - Files are in path order; diagnostics by position, then rule.
//! - Fields may be added in later versions; existing ones keep their meaning while `version`
//!   stays 1.

use crate::diagnostic::{Diagnostic, FileReport, Positions, SourceRef, Summary};
use serde::Serialize;

pub const FORMAT_VERSION: u32 = 1;

/// The document without its files: `files` is serialised empty and the files' text goes
/// between its brackets, so that the frame stays serde's.
#[derive(Serialize)]
struct Output {
    version: u32,
    tool: Tool,
    files: [(); 0],
    summary: SummaryOut,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct SummaryOut {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    suppressed: usize,
    departments: Vec<DepartmentOut>,
}

#[derive(Serialize)]
struct DepartmentOut {
    department: String,
    reports: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    top_rules: Vec<RuleCount>,
}

#[derive(Serialize)]
struct RuleCount {
    rule: String,
    count: usize,
}

pub fn render(files: &[FileReport]) -> String {
    super::stream::render_text(Stream::default(), files)
}

/// Where the files go in the serialised frame.
const FILES: &str = "\"files\": []";

/// [`render`] file by file: the frame up to `"files": [`, each file as it comes, then the
/// summary, from counters.
#[derive(Default)]
pub struct Stream {
    files: usize,
    summary: Summary,
    departments: super::summary::Tally,
}

impl Stream {
    fn frame(&self) -> String {
        let output = Output {
            version: FORMAT_VERSION,
            tool: Tool { name: "jixiao", version: env!("CARGO_PKG_VERSION") },
            files: [],
            summary: SummaryOut {
                files: self.summary.files,
                errors: self.summary.errors,
                warnings: self.summary.warnings,
                infos: self.summary.infos,
                suppressed: self.summary.suppressed,
                departments: self
                    .departments
                    .summaries()
                    .into_iter()
                    .map(|d| DepartmentOut {
                        department: d.department,
                        reports: d.reports,
                        errors: d.errors,
                        warnings: d.warnings,
                        infos: d.infos,
                        top_rules: d
                            .top_rules
                            .into_iter()
                            .map(|(rule, count)| RuleCount { rule, count })
                            .collect(),
                    })
                    .collect(),
            },
        };
        // Serialising plain structs of strings and integers cannot fail.
        serde_json::to_string_pretty(&output).unwrap_or_default()
    }
}

impl super::stream::Streaming for Stream {
    fn begin(&mut self) -> String {
        let frame = self.frame();
        let at = super::stream::list_end(&frame, FILES);
        frame[..at].to_string()
    }

    fn file(&mut self, file: &FileReport) -> super::stream::Piece {
        self.summary.add(file);
        self.departments.add(file);
        let mut out = String::with_capacity(capacity_for(file));
        if self.files > 0 {
            out.push(',');
        }
        self.files += 1;
        out.push_str("\n    ");
        write_file(&mut out, file);
        out.into()
    }

    fn finish(&mut self) -> String {
        super::stream::frame_tail(&self.frame(), FILES, self.files, "\n  ")
    }
}

// A file object, written by hand as `serde_json::to_string_pretty` would write it at its place
// in `files` (every line indented by four more spaces): the shape is fixed, and most of a
// file's text is its findings' strings, which are copied a run of plain bytes at a time rather
// than through serde's per-byte escaping and an adaptor indenting every piece it is given.
// The tests compare it with serde_json's own output.

/// Room for a file object, so that it is written without growing its buffer: its strings, and
/// more than enough for its keys, indentation, numbers and escapes.
fn capacity_for(file: &FileReport) -> usize {
    let optional = |text: &Option<String>| text.as_ref().map_or(0, String::len);
    let entries: usize = file
        .diagnostics
        .iter()
        .map(|d| {
            let source = d.source.as_ref().map_or(0, |s| 512 + s.label.len() + s.excerpt.len());
            512 + d.code.len()
                + d.message.len()
                + optional(&d.pointer)
                + optional(&d.help)
                + optional(&d.basis)
                + optional(&d.actual)
                + optional(&d.expected)
                + optional(&d.suppressed)
                + source
        })
        .sum();
    128 + file.path.len() + entries
}

/// Writes one element of `files`, from its `{` to its `}`; its lines after the first are
/// indented as they are at that place (the object's members by six spaces).
fn write_file(out: &mut String, file: &FileReport) {
    out.push_str("{\n      \"path\": ");
    write_str(out, &file.path);
    out.push_str(",\n      \"diagnostics\": ");
    if file.diagnostics.is_empty() {
        out.push_str("[]");
    } else {
        out.push('[');
        for (i, (diagnostic, positions)) in file.diagnostics_with_positions().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_entry(out, diagnostic, positions);
        }
        out.push_str("\n      ]");
    }
    out.push_str("\n    }");
}

/// A member of an entry of `diagnostics`: a comma unless it is the first, its line break and
/// indentation, and its key.
macro_rules! entry_key {
    (first $key:literal) => {
        concat!("\n          \"", $key, "\": ")
    };
    ($key:literal) => {
        concat!(",\n          \"", $key, "\": ")
    };
}

/// A member of a `source` object, one level deeper than [`entry_key`].
macro_rules! source_key {
    (first $key:literal) => {
        concat!("\n            \"", $key, "\": ")
    };
    ($key:literal) => {
        concat!(",\n            \"", $key, "\": ")
    };
}

/// One entry of `diagnostics`, with the line break and indentation before its `{`.
fn write_entry(out: &mut String, d: &Diagnostic, positions: Option<Positions>) {
    out.push_str("\n        {");
    out.push_str(entry_key!(first "rule"));
    write_str(out, &d.code);
    out.push_str(entry_key!("severity"));
    write_str(out, d.severity.as_str());
    out.push_str(entry_key!("message"));
    write_str(out, &d.message);
    out.push_str(entry_key!("pointer"));
    write_opt_str(out, d.pointer.as_deref());
    out.push_str(entry_key!("line"));
    write_opt_number(out, positions.map(|p| p.0.0));
    out.push_str(entry_key!("column"));
    write_opt_number(out, positions.map(|p| p.0.1));
    out.push_str(entry_key!("end_line"));
    write_opt_number(out, positions.map(|p| p.1.0));
    out.push_str(entry_key!("end_column"));
    write_opt_number(out, positions.map(|p| p.1.1));
    out.push_str(entry_key!("help"));
    write_opt_str(out, d.help.as_deref());
    out.push_str(entry_key!("basis"));
    write_opt_str(out, d.basis.as_deref());
    out.push_str(entry_key!("actual"));
    write_opt_str(out, d.actual.as_deref());
    out.push_str(entry_key!("expected"));
    write_opt_str(out, d.expected.as_deref());
    out.push_str(entry_key!("source"));
    match d.source.as_deref() {
        Some(source) => write_source(out, source),
        None => out.push_str("null"),
    }
    out.push_str(entry_key!("suppressed"));
    write_opt_str(out, d.suppressed.as_deref());
    out.push_str("\n        }");
}

/// Where a finding is in an imported document; keys that do not apply are `null`.
fn write_source(out: &mut String, s: &SourceRef) {
    out.push('{');
    out.push_str(source_key!(first "label"));
    write_str(out, &s.label);
    out.push_str(source_key!("excerpt"));
    write_str(out, &s.excerpt);
    out.push_str(source_key!("sheet"));
    write_opt_str(out, s.sheet.as_deref());
    out.push_str(source_key!("cell"));
    write_opt_str(out, s.cell.as_deref());
    out.push_str(source_key!("table"));
    write_opt_number(out, s.table);
    out.push_str(source_key!("row"));
    write_opt_number(out, s.row);
    out.push_str(source_key!("column"));
    write_opt_number(out, s.column);
    out.push_str(source_key!("paragraph"));
    write_opt_number(out, s.paragraph);
    out.push_str(source_key!("highlight"));
    // `[start, end)` of the value inside `excerpt`, in characters; `null` when either end is
    // not a character boundary of the excerpt.
    let chars = |to: usize| s.excerpt.get(..to).map(|t| t.chars().count());
    match s.highlight.as_ref().and_then(|h| Some((chars(h.start)?, chars(h.end)?))) {
        Some((start, end)) => {
            out.push_str("[\n              ");
            write_number(out, start);
            out.push_str(",\n              ");
            write_number(out, end);
            out.push_str("\n            ]");
        }
        None => out.push_str("null"),
    }
    out.push_str("\n          }");
}

fn write_opt_str(out: &mut String, value: Option<&str>) {
    match value {
        Some(value) => write_str(out, value),
        None => out.push_str("null"),
    }
}

fn write_opt_number(out: &mut String, value: Option<usize>) {
    match value {
        Some(value) => write_number(out, value),
        None => out.push_str("null"),
    }
}

fn write_number(out: &mut String, mut value: usize) {
    // Digits from the last: a usize has at most 20.
    let mut digits = [b'0'; 20];
    let mut at = digits.len();
    while at > 0 {
        at -= 1;
        digits[at] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    for &digit in digits.get(at..).unwrap_or_default() {
        out.push(char::from(digit));
    }
}

/// A JSON string as serde_json writes it: `"` and `\\` after a backslash, the control
/// characters U+0000–U+001F as `\b`, `\t`, `\n`, `\f`, `\r` or `\u00XX` (lower-case hex), and
/// everything else as it is (DEL, U+2028 and all non-ASCII text included). The text between
/// two characters to escape is copied in one piece.
fn write_str(out: &mut String, value: &str) {
    out.reserve(value.len() + 2);
    out.push('"');
    let mut rest = value;
    while let Some(at) = first_to_escape(rest.as_bytes()) {
        // Every byte to escape is ASCII, so the text before and after it are whole characters.
        out.push_str(rest.get(..at).unwrap_or_default());
        if let Some(&byte) = rest.as_bytes().get(at) {
            push_escape(out, byte);
        }
        rest = rest.get(at + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    out.push('"');
}

/// Bytes looked at together: a block's test compiles to a few comparisons of all its bytes at
/// once, and a block without a byte to escape (nearly all of them) is passed over whole.
const BLOCK: usize = 16;

/// The index of the first byte of `bytes` that needs escaping.
fn first_to_escape(bytes: &[u8]) -> Option<usize> {
    let mut at = 0;
    while let Some(block) = bytes.get(at..).and_then(<[u8]>::first_chunk::<BLOCK>) {
        if any_to_escape(block) {
            return block.iter().position(|&b| needs_escape(b)).map(|offset| at + offset);
        }
        at += BLOCK;
    }
    // Fewer than a block's bytes are left. Blocks that end with the text and overlap the bytes
    // already looked at (which need no escaping) clear them at once; only a text shorter than
    // eight bytes, or one with a byte to escape near its end, is searched byte by byte.
    let clean = if at > 0 {
        bytes.last_chunk::<BLOCK>().is_some_and(|block| !any_to_escape(block))
    } else {
        match (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) {
            (Some(first), Some(last)) => !any_to_escape(first) && !any_to_escape(last),
            _ => false,
        }
    };
    if clean {
        return None;
    }
    bytes.get(at..)?.iter().position(|&b| needs_escape(b)).map(|offset| at + offset)
}

/// Whether any byte of `block` needs escaping; every byte is tested, without a branch, so that
/// the test is done on all of them at once.
fn any_to_escape<const N: usize>(block: &[u8; N]) -> bool {
    let mut any = false;
    for &byte in block {
        any |= needs_escape(byte);
    }
    any
}

fn needs_escape(byte: u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\'
}

fn push_escape(out: &mut String, byte: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let short = match byte {
        b'"' => "\\\"",
        b'\\' => "\\\\",
        0x08 => "\\b",
        0x0c => "\\f",
        b'\n' => "\\n",
        b'\r' => "\\r",
        b'\t' => "\\t",
        _ => "",
    };
    if short.is_empty() {
        out.push_str("\\u00");
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0x0f)]));
    } else {
        out.push_str(short);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{IndexedSource, Severity};
    use proptest::prelude::*;
    use serde_json::{Value, json};

    fn written(value: &str) -> String {
        let mut out = String::new();
        write_str(&mut out, value);
        out
    }

    fn serde_of(value: &str) -> String {
        serde_json::to_string(value).unwrap_or_default()
    }

    #[test]
    fn every_ascii_character_is_escaped_as_serde_json_escapes_it() {
        for byte in 0u8..0x80 {
            let alone = char::from(byte).to_string();
            assert_eq!(written(&alone), serde_of(&alone), "byte {byte:#04x}");
        }
    }

    #[test]
    fn a_character_to_escape_is_found_at_every_place_of_a_block_and_of_the_end() {
        for special in ['"', '\\', '\n', '\r', '\t', '\u{8}', '\u{c}', '\0', '\u{1}', '\u{1f}'] {
            for before in 0..40 {
                for after in [0, 1, 2, 7, 8, 9, 15, 16, 17, 33] {
                    let ascii = format!("{}{special}{}", "a".repeat(before), "b".repeat(after));
                    assert_eq!(written(&ascii), serde_of(&ascii), "{ascii:?}");
                    let cjk = format!("{}{special}{}", "a".repeat(before), "中".repeat(after));
                    assert_eq!(written(&cjk), serde_of(&cjk), "{cjk:?}");
                    let twice = format!("{special}{ascii}{special}");
                    assert_eq!(written(&twice), serde_of(&twice), "{twice:?}");
                }
            }
        }
    }

    #[test]
    fn characters_that_need_no_escape_are_written_as_they_are() {
        for text in ["", "绩效自评", "\u{7f}", "\u{2028}\u{2029}", "😀𠮷", "</script>", "~/é"] {
            assert_eq!(written(text), serde_of(text));
            assert_eq!(written(text), format!("\"{text}\""));
        }
    }

    #[test]
    fn numbers_are_written_in_full() {
        for value in [0, 1, 9, 10, 99, 100, 12345, usize::MAX] {
            let mut out = String::new();
            write_number(&mut out, value);
            assert_eq!(out, value.to_string());
        }
    }

    proptest! {
        #[test]
        fn arbitrary_strings_are_escaped_as_serde_json_escapes_them(text in any::<String>()) {
            prop_assert_eq!(written(&text), serde_of(&text));
        }

        #[test]
        fn strings_full_of_characters_to_escape_match_serde_json(
            text in "[\\x00-\\x1f\"\\\\a-z 中😀\u{7f}\u{2028}]{0,40}",
        ) {
            prop_assert_eq!(written(&text), serde_of(&text));
        }
    }

    /// A file object as serde_json's pretty printer writes it at its place in `files`: the
    /// object the format documents, every line after the first indented by four spaces.
    fn reference(file: &FileReport) -> String {
        let diagnostics: Vec<Value> = file
            .diagnostics
            .iter()
            .map(|d| {
                let positions = file.positions(d);
                let source = d.source.as_deref().map(|s| {
                    let chars = |to: usize| s.excerpt.get(..to).map(|t| t.chars().count());
                    let highlight = s.highlight.as_ref().and_then(|h| Some([chars(h.start)?, chars(h.end)?]));
                    json!({
                        "label": s.label, "excerpt": s.excerpt, "sheet": s.sheet, "cell": s.cell,
                        "table": s.table, "row": s.row, "column": s.column,
                        "paragraph": s.paragraph, "highlight": highlight,
                    })
                });
                json!({
                    "rule": d.code,
                    "severity": d.severity.as_str(),
                    "message": d.message,
                    "pointer": d.pointer,
                    "line": positions.map(|p| p.0.0),
                    "column": positions.map(|p| p.0.1),
                    "end_line": positions.map(|p| p.1.0),
                    "end_column": positions.map(|p| p.1.1),
                    "help": d.help,
                    "basis": d.basis,
                    "actual": d.actual,
                    "expected": d.expected,
                    "source": source,
                    "suppressed": d.suppressed,
                })
            })
            .collect();
        let object = json!({"path": file.path, "diagnostics": diagnostics});
        serde_json::to_string_pretty(&object).unwrap_or_default().replace('\n', "\n    ")
    }

    fn streamed(file: &FileReport) -> String {
        let mut out = String::new();
        write_file(&mut out, file);
        out
    }

    const TEXT: &str = "{\n  \"department\": {\"name\": \"财政局\\\"\"},\r\n  \"indicators\": [\n    {\"name\": \"培训𠮷人次\", \"actual\": 12}\n  ]\n}\n";

    fn source_ref(highlight: Option<std::ops::Range<usize>>) -> SourceRef {
        SourceRef {
            label: "自评表!G6".to_string(),
            excerpt: "≥95%\t完成".to_string(),
            sheet: Some("自评表".to_string()),
            cell: Some("G6".to_string()),
            table: None,
            row: Some(6),
            column: Some(7),
            paragraph: None,
            highlight,
            line: None,
            line_column: None,
        }
    }

    #[test]
    fn a_file_object_is_written_as_serde_json_writes_it() {
        let text_line = SourceRef { line: Some(3), line_column: Some(5), ..source_ref(Some(0..3)) };
        let diagnostics = vec![
            Diagnostic::error("io", "无法读取\u{1}文件"),
            Diagnostic::new("indicator-not-quantified", Severity::Warning, "指标“培训𠮷人次”\n未量化")
                .with_pointer("/indicators/0/actual")
                .with_span(TEXT.find("12").unwrap_or(0)..TEXT.find("12").unwrap_or(0) + 2)
                .with_help("填写\"数值\"与单位")
                .with_basis("《办法》\\第3条")
                .with_actual("12")
                .with_expected("≥ 10 人次"),
            Diagnostic::new("score-grade-mismatch", Severity::Info, "等级不符")
                .with_pointer("/department/name")
                .with_span(TEXT.find("财政局").unwrap_or(0)..TEXT.find("\"},").unwrap_or(0) + 1)
                .with_suppressed("已核实"),
            Diagnostic::error("budget-incomplete", "缺预算").with_source(source_ref(Some(0..4))),
            Diagnostic::error("budget-incomplete", "高亮不在字符边界").with_source(source_ref(Some(1..4))),
            Diagnostic::error("budget-incomplete", "无高亮").with_source(source_ref(None)),
            Diagnostic::error("budget-incomplete", "文本文件").with_source(text_line),
            Diagnostic::error("invalid-json", "越界").with_span(TEXT.len() + 5..TEXT.len() + 9),
        ];
        let file = FileReport {
            path: "reports/财政局 \"2022\".json".to_string(),
            department: None,
            source: Some(IndexedSource::new("report.json", TEXT)),
            diagnostics,
        };
        assert_eq!(streamed(&file), reference(&file));
        let without_text = FileReport { source: None, ..file };
        assert_eq!(streamed(&without_text), reference(&without_text));
    }

    #[test]
    fn a_file_without_findings_has_an_empty_list() {
        let file = FileReport {
            path: "a.json".to_string(),
            department: None,
            source: None,
            diagnostics: Vec::new(),
        };
        assert_eq!(streamed(&file), reference(&file));
        assert_eq!(streamed(&file), "{\n      \"path\": \"a.json\",\n      \"diagnostics\": []\n    }");
    }

    fn optional_text() -> impl Strategy<Value = Option<String>> {
        proptest::option::of(any::<String>())
    }

    prop_compose! {
        fn diagnostic(text_len: usize)(
            code in "[a-z-]{1,12}",
            severity in prop_oneof![Just(Severity::Error), Just(Severity::Warning), Just(Severity::Info)],
            message in any::<String>(),
            pointer in optional_text(),
            span in proptest::option::of((0..text_len + 4, 0..text_len + 4)),
            help in optional_text(),
            basis in optional_text(),
            actual in optional_text(),
            expected in optional_text(),
            suppressed in optional_text(),
            source in proptest::option::of((any::<String>(), any::<String>(), proptest::option::of((0usize..12, 0usize..12)),
                proptest::option::of(1usize..1000), proptest::option::of(1usize..100))),
        ) -> Diagnostic {
            let mut d = Diagnostic::new(code, severity, message);
            d.pointer = pointer;
            d.span = span.map(|(a, b)| a.min(b)..a.max(b));
            d.help = help;
            d.basis = basis;
            d.actual = actual;
            d.expected = expected;
            d.suppressed = suppressed;
            d.source = source.map(|(label, excerpt, highlight, line, line_column)| Box::new(SourceRef {
                label,
                excerpt,
                sheet: None,
                cell: None,
                table: line.map(|l| l % 7),
                row: line,
                column: line_column,
                paragraph: line_column,
                highlight: highlight.map(|(a, b)| a..b),
                line,
                line_column,
            }));
            d
        }
    }

    proptest! {
        #[test]
        fn arbitrary_file_objects_are_written_as_serde_json_writes_them(
            path in any::<String>(),
            text in "[a-z{}\":, \\n\\r中😀]{0,60}",
            diagnostics in prop::collection::vec(diagnostic(60), 0..5),
            sorted in any::<bool>(),
        ) {
            let mut diagnostics = diagnostics;
            if sorted {
                crate::diagnostic::sort(&mut diagnostics);
            }
            let file = FileReport { path, department: None, source: Some(IndexedSource::new("r.json", text)), diagnostics };
            prop_assert_eq!(streamed(&file), reference(&file));
        }
    }
}
