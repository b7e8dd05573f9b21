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

use crate::diagnostic::{FileReport, SourceRef, Summary};
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
struct File<'a> {
    path: &'a str,
    diagnostics: Vec<Entry<'a>>,
}

#[derive(Serialize)]
struct Entry<'a> {
    rule: &'a str,
    severity: &'static str,
    message: &'a str,
    pointer: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    help: Option<&'a str>,
    basis: Option<&'a str>,
    actual: Option<&'a str>,
    expected: Option<&'a str>,
    source: Option<SourceOut<'a>>,
    suppressed: Option<&'a str>,
}

/// Where a finding is in an imported document; keys that do not apply are `null`.
#[derive(Serialize)]
struct SourceOut<'a> {
    label: &'a str,
    excerpt: &'a str,
    sheet: Option<&'a str>,
    cell: Option<&'a str>,
    table: Option<usize>,
    row: Option<usize>,
    column: Option<usize>,
    paragraph: Option<usize>,
    /// `[start, end)` of the value inside `excerpt`, in characters.
    highlight: Option<[usize; 2]>,
}

impl<'a> From<&'a SourceRef> for SourceOut<'a> {
    fn from(s: &'a SourceRef) -> Self {
        SourceOut {
            label: &s.label,
            excerpt: &s.excerpt,
            sheet: s.sheet.as_deref(),
            cell: s.cell.as_deref(),
            table: s.table,
            row: s.row,
            column: s.column,
            paragraph: s.paragraph,
            highlight: s.highlight.as_ref().and_then(|h| {
                let chars = |to: usize| s.excerpt.get(..to).map(|t| t.chars().count());
                Some([chars(h.start)?, chars(h.end)?])
            }),
        }
    }
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
/// The indentation of a file object: the document's members are at two spaces, the elements
/// of `files` at four.
const FILE_INDENT: &str = "\n    ";

/// Writes pretty JSON with every line indented as a file object of `files` is. Pretty JSON has
/// line breaks only between tokens (a string's are escaped), so indenting after each line break
/// indents the object, as it is written, without a second pass.
struct Indented<'a>(&'a mut Vec<u8>);

impl std::io::Write for Indented<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut rest = buf;
        while let Some(at) = memchr::memchr(b'\n', rest) {
            self.0.extend_from_slice(&rest[..at]);
            self.0.extend_from_slice(FILE_INDENT.as_bytes());
            rest = &rest[at + 1..];
        }
        self.0.extend_from_slice(rest);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

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
        let value = File {
            path: &file.path,
            diagnostics: file
                .diagnostics
                .iter()
                .map(|d| {
                    let positions = file.positions(d);
                    Entry {
                        rule: &d.code,
                        severity: d.severity.as_str(),
                        message: &d.message,
                        pointer: d.pointer.as_deref(),
                        line: positions.map(|p| p.0.0),
                        column: positions.map(|p| p.0.1),
                        end_line: positions.map(|p| p.1.0),
                        end_column: positions.map(|p| p.1.1),
                        help: d.help.as_deref(),
                        basis: d.basis.as_deref(),
                        actual: d.actual.as_deref(),
                        expected: d.expected.as_deref(),
                        source: d.source.as_deref().map(SourceOut::from),
                        suppressed: d.suppressed.as_deref(),
                    }
                })
                .collect(),
        };
        let separator = if self.files == 0 { "" } else { "," };
        self.files += 1;
        let mut out: Vec<u8> = Vec::with_capacity(256 + 1024 * file.diagnostics.len());
        out.extend_from_slice(separator.as_bytes());
        out.extend_from_slice(FILE_INDENT.as_bytes());
        let mut serializer = serde_json::Serializer::with_formatter(
            Indented(&mut out),
            serde_json::ser::PrettyFormatter::new(),
        );
        // Serialising plain structs of strings and integers into memory cannot fail.
        let _ = value.serialize(&mut serializer);
        String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()).into()
    }

    fn finish(&mut self) -> String {
        super::stream::frame_tail(&self.frame(), FILES, self.files, "\n  ")
    }
}
