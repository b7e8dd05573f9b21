//! SARIF 2.1.0 output, for code scanning services and editors.
//!
//! A small hand-written model of the parts of SARIF jixiao fills in:
//!
//! - one run; `tool.driver.rules` lists every rule that ran, then every fixed code (`schema`,
//!   `invalid-json`, …) that has a result, so each result's `ruleId`/`ruleIndex` names a rule;
//! - one result per diagnostic, with `level` `error`/`warning`/`note`, the message followed
//!   by the 整改建议, the JSON pointer in `properties.pointer`, and a region only when the
//!   diagnostic has a span (lines 1-based, columns in UTF-16 code units as `run.columnKind`
//!   says, the end column just after the value);
//! - artifact URIs relative to a base directory (`uriBaseId` `%SRCROOT%`), with forward
//!   slashes and percent-encoding;
//! - `partialFingerprints` from rule, pointer and the offending text, so that a finding keeps
//!   its identity when lines move;
//! - a suppressed diagnostic carries `suppressions: [{kind: "external", justification}]`.

use crate::diagnostic::{Diagnostic, Severity, codes};
use crate::diagnostic::{FileReport, RuleMeta};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Component, Path};

const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
const INFORMATION_URI: &str = "https://jixiao.dev/";
/// The base every relative artifact URI is resolved against.
const SRCROOT: &str = "%SRCROOT%";
/// Key of the fingerprint in `partialFingerprints`; the suffix changes if the hash input does.
const FINGERPRINT_KEY: &str = "jixiao/v1";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

/// The run without its results: `results` is serialised empty and the results' text goes
/// between its brackets, so that the frame stays serde's.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    original_uri_base_ids: BTreeMap<&'static str, ArtifactLocation>,
    /// Messages and rule texts are Chinese.
    language: &'static str,
    column_kind: &'static str,
    results: [(); 0],
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<ReportingDescriptor<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    short_description: Option<Text<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Text<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<Text<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<&'a str>,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Text<'a> {
    text: std::borrow::Cow<'a, str>,
}

impl<'a> Text<'a> {
    /// SARIF requires `text` in a message object; an empty one says nothing, so it is left out.
    fn non_empty(text: impl Into<std::borrow::Cow<'a, str>>) -> Option<Self> {
        let text = text.into();
        (!text.is_empty()).then_some(Text { text })
    }
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text<'a>,
    locations: [Location; 1],
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressions: Option<[Suppression<'a>; 1]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<Properties<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
    /// The cell or paragraph of an imported document (`自评表!G6`, `第3段`), which has no
    /// line and column.
    #[serde(skip_serializing_if = "Option::is_none")]
    logical_locations: Option<[LogicalLocation; 1]>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation {
    name: String,
    kind: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
struct Suppression<'a> {
    kind: &'static str,
    #[serde(skip_serializing_if = "str::is_empty")]
    justification: &'a str,
}

#[derive(Serialize)]
struct Properties<'a> {
    pointer: &'a str,
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Renders every diagnostic of every file as one SARIF log.
///
/// `rules` are the rules that ran (see [`crate::rules::RuleSet::metas`]); `base` is the directory
/// artifact URIs are made relative to, normally the working directory, against which relative
/// report paths are already taken.
pub fn render(files: &[FileReport], rules: &[RuleMeta<'_>], base: &Path) -> String {
    super::stream::render_text(Stream::new(rules, base), files)
}

/// Where the results go in the serialised frame.
const RESULTS: &str = "\"results\": []";
/// The indentation of a result: members of the run are at six spaces, its results at eight.
const RESULT_INDENT: &str = "\n        ";
/// Marks a rule index that is known only at the end: the byte never occurs in JSON text
/// (serialised strings escape control characters).
const MARK: char = '\0';

/// [`render`] file by file. The results are held: the rule table comes first in the log, and
/// it lists the fixed and unknown codes that have results, which also decides their indexes;
/// a result of such a code carries a mark in place of its index until the end.
pub struct Stream<'r> {
    /// The rules given, each id once; their indexes are known from the start.
    rules: Vec<RuleMeta<'r>>,
    base: std::path::PathBuf,
    fixed_seen: [bool; codes::ALL.len()],
    /// Other codes, in order of appearance, with the severity of their first finding.
    unknown: Vec<(String, Severity)>,
    results: usize,
    /// The final index of each fixed code and each unknown code, once all are known.
    fixed_index: [usize; codes::ALL.len()],
    unknown_index: Vec<usize>,
}

impl<'r> Stream<'r> {
    pub fn new(rules: &[RuleMeta<'r>], base: &Path) -> Self {
        let mut given: Vec<RuleMeta<'r>> = Vec::with_capacity(rules.len());
        for rule in rules {
            if !given.iter().any(|r| r.id == rule.id) {
                given.push(*rule);
            }
        }
        Stream {
            rules: given,
            base: base.to_path_buf(),
            fixed_seen: [false; codes::ALL.len()],
            unknown: Vec::new(),
            results: 0,
            fixed_index: [0; codes::ALL.len()],
            unknown_index: Vec::new(),
        }
    }

    /// The index of a rule given, or the mark of a code whose index is decided at the end.
    fn index_of(&mut self, diagnostic: &Diagnostic) -> Result<usize, String> {
        let code = diagnostic.code.as_str();
        if let Some(index) = self.rules.iter().position(|r| r.id == code) {
            return Ok(index);
        }
        if let Some(i) = codes::ALL.iter().position(|c| *c == code) {
            self.fixed_seen[i] = true;
            return Err(format!("{MARK}f{i}{MARK}"));
        }
        let j = match self.unknown.iter().position(|(id, _)| id == code) {
            Some(j) => j,
            None => {
                self.unknown.push((code.to_string(), diagnostic.severity));
                self.unknown.len() - 1
            }
        };
        Err(format!("{MARK}u{j}{MARK}"))
    }

    /// Every rule with results or given, in index order (see `rules_with_codes_of`).
    fn all_rules(&self) -> Vec<RuleMeta<'_>> {
        let mut out: Vec<RuleMeta<'_>> = self.rules.clone();
        for (code, seen) in codes::ALL.iter().zip(self.fixed_seen) {
            if let Some(meta) = RuleMeta::fixed(code).filter(|_| seen) {
                out.push(meta);
            }
        }
        out.extend(self.unknown.iter().map(|(id, severity)| RuleMeta {
            id,
            title: "",
            description: "",
            basis: "",
            help_uri: None,
            severity: *severity,
        }));
        out
    }

    fn frame(&self) -> String {
        let mut original_uri_base_ids = BTreeMap::new();
        if let Some(uri) = directory_uri(&self.base) {
            original_uri_base_ids.insert(SRCROOT, ArtifactLocation { uri, uri_base_id: None });
        }
        let log = Log {
            schema: SCHEMA_URI,
            version: "2.1.0",
            runs: [Run {
                tool: Tool {
                    driver: Driver {
                        name: "jixiao",
                        version: env!("CARGO_PKG_VERSION"),
                        semantic_version: env!("CARGO_PKG_VERSION"),
                        information_uri: INFORMATION_URI,
                        rules: self.all_rules().iter().map(descriptor).collect(),
                    },
                },
                original_uri_base_ids,
                language: "zh-CN",
                column_kind: "utf16CodeUnits",
                results: [],
            }],
        };
        // Serialising plain structs of strings, integers and maps cannot fail.
        serde_json::to_string_pretty(&log).unwrap_or_default()
    }
}

impl super::stream::Streaming for Stream<'_> {
    fn holds(&self) -> bool {
        true
    }

    fn file(&mut self, file: &FileReport) -> super::stream::Piece {
        let artifact = artifact_location(&file.path, &self.base);
        let mut out = String::new();
        for diagnostic in &file.diagnostics {
            let index = self.index_of(diagnostic);
            let value = result(file, diagnostic, *index.as_ref().unwrap_or(&0), artifact.clone());
            let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
            if let Err(mark) = index {
                // `ruleIndex` follows `ruleId`, whose string cannot contain this text (its
                // quotes would be escaped), so the first match is the member.
                text = text.replacen("\"ruleIndex\": 0,", &format!("\"ruleIndex\": {mark},"), 1);
            }
            out.push_str(if self.results == 0 { "" } else { "," });
            self.results += 1;
            // Pretty JSON has line breaks only between tokens, so indenting every line
            // indents the object.
            out.push_str(RESULT_INDENT);
            out.push_str(&text.replace('\n', RESULT_INDENT));
        }
        out.into()
    }

    fn head(&mut self) -> String {
        let fixed_base = self.rules.len();
        let mut next = fixed_base;
        for (i, seen) in self.fixed_seen.iter().enumerate() {
            if *seen {
                self.fixed_index[i] = next;
                next += 1;
            }
        }
        self.unknown_index = (next..next + self.unknown.len()).collect();
        let frame = self.frame();
        let at = super::stream::list_end(&frame, RESULTS);
        frame[..at].to_string()
    }

    fn resolve(&mut self, piece: String) -> String {
        if !piece.contains(MARK) {
            return piece;
        }
        // Marks come in pairs around `f<i>` or `u<j>`: every other part is a mark's content.
        let mut out = String::with_capacity(piece.len());
        for (n, part) in piece.split(MARK).enumerate() {
            if n % 2 == 0 {
                out.push_str(part);
                continue;
            }
            let number = |s: &str| s.parse::<usize>().ok();
            let index = match part.split_at_checked(1) {
                Some(("f", i)) => number(i).and_then(|i| self.fixed_index.get(i).copied()),
                Some(("u", j)) => number(j).and_then(|j| self.unknown_index.get(j).copied()),
                _ => None,
            };
            out.push_str(&index.unwrap_or(0).to_string());
        }
        out
    }

    fn finish(&mut self) -> String {
        super::stream::frame_tail(&self.frame(), RESULTS, self.results, "\n      ")
    }
}

fn descriptor<'a>(rule: &RuleMeta<'a>) -> ReportingDescriptor<'a> {
    let help = if rule.basis.is_empty() {
        rule.description.to_string()
    } else if rule.description.is_empty() {
        format!("依据：{}", rule.basis)
    } else {
        format!("{}\n依据：{}", rule.description, rule.basis)
    };
    ReportingDescriptor {
        id: rule.id,
        name: rule.id,
        short_description: Text::non_empty(rule.title),
        full_description: Text::non_empty(rule.description),
        help: Text::non_empty(help),
        help_uri: rule.help_uri,
        default_configuration: Configuration { level: level(rule.severity) },
    }
}

fn result<'a>(
    file: &'a FileReport,
    diagnostic: &'a Diagnostic,
    rule_index: usize,
    artifact_location: ArtifactLocation,
) -> SarifResult<'a> {
    let message = match &diagnostic.help {
        Some(help) => format!("{}\n整改建议：{help}", diagnostic.message),
        None => diagnostic.message.clone(),
    };
    let region = match (&file.source, &diagnostic.span) {
        (Some(source), Some(span)) => {
            let (start_line, start_column) = source.position_utf16(span.start);
            let (end_line, end_column) = source.position_utf16(span.end);
            Some(Region { start_line, start_column, end_line, end_column })
        }
        // A value in a text file: its line and column there (characters, which are UTF-16
        // units for the Chinese text of reports).
        _ => diagnostic.source.as_ref().and_then(|s| s.text_position()).map(
            |((start_line, start_column), (end_line, end_column))| Region {
                start_line,
                start_column,
                end_line,
                end_column,
            },
        ),
    };
    let pointer = diagnostic.pointer.as_deref();
    // The same fingerprint as baselines use, so both survive reformatting.
    let fingerprint = crate::diagnostic::key(file, diagnostic).fingerprint;
    SarifResult {
        rule_id: &diagnostic.code,
        rule_index,
        level: level(diagnostic.severity),
        message: Text { text: message.into() },
        locations: [Location {
            physical_location: PhysicalLocation { artifact_location, region },
            logical_locations: diagnostic
                .source
                .as_ref()
                .map(|source| [LogicalLocation { name: source.label.clone(), kind: "element" }]),
        }],
        partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, fingerprint)]),
        suppressions: diagnostic
            .suppressed
            .as_deref()
            .map(|justification| [Suppression { kind: "external", justification }]),
        properties: pointer.map(|pointer| Properties { pointer }),
    }
}

/// Where a report is, as SARIF wants it: relative to `%SRCROOT%` when it lies under `base`
/// (or is given relative), else an absolute `file:` URI.
fn artifact_location(path: &str, base: &Path) -> ArtifactLocation {
    let path = Path::new(path);
    let relative = if path.is_absolute() { path.strip_prefix(base).ok() } else { Some(path) };
    match relative {
        Some(relative) => ArtifactLocation { uri: relative_uri(relative), uri_base_id: Some(SRCROOT) },
        None => ArtifactLocation { uri: absolute_uri(path, false), uri_base_id: None },
    }
}

/// A relative URI reference from the path's components, `.` dropped.
fn relative_uri(path: &Path) -> String {
    let mut segments = Vec::new();
    for component in path.components() {
        match component {
            Component::Normal(name) => segments.push(encode_segment(&name.to_string_lossy())),
            Component::ParentDir => segments.push("..".to_string()),
            Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
        }
    }
    segments.join("/")
}

/// `file:///…` for an absolute path; a directory's URI ends in `/`, as a base URI must.
fn absolute_uri(path: &Path, directory: bool) -> String {
    let mut uri = String::from("file://");
    let mut wrote_segment = false;
    for component in path.components() {
        match component {
            // A Windows drive (`C:`) keeps its colon: `file:///C:/…`.
            Component::Prefix(prefix) => {
                uri.push('/');
                uri.push_str(&prefix.as_os_str().to_string_lossy().replace('\\', "/"));
            }
            Component::RootDir => {}
            Component::CurDir => continue,
            Component::ParentDir => {
                uri.push_str("/..");
                wrote_segment = true;
            }
            Component::Normal(name) => {
                uri.push('/');
                uri.push_str(&encode_segment(&name.to_string_lossy()));
                wrote_segment = true;
            }
        }
    }
    if directory || !wrote_segment {
        uri.push('/');
    }
    uri
}

/// The base directory as a `file:` URI, when it is absolute (a relative base has no URI).
fn directory_uri(base: &Path) -> Option<String> {
    base.is_absolute().then(|| absolute_uri(base, true))
}

/// Percent-encodes one path segment: everything but unreserved characters and the
/// sub-delimiters RFC 3986 allows in a segment. `:` is encoded so that a first segment like
/// `C:` is never read as a scheme; non-ASCII names are encoded byte by byte in UTF-8.
fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@".contains(&byte);
        if keep {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_percent_encoded() {
        assert_eq!(encode_segment("花都 2022.json"), "%E8%8A%B1%E9%83%BD%202022.json");
        assert_eq!(encode_segment("a:b#c?d%e"), "a%3Ab%23c%3Fd%25e");
        assert_eq!(encode_segment("x-(1)_~.json"), "x-(1)_~.json");
    }

    #[test]
    fn paths_become_relative_uris() {
        let base = Path::new("/srv/reports");
        let under = artifact_location("/srv/reports/2022/区 财政.json", base);
        assert_eq!(under.uri, "2022/%E5%8C%BA%20%E8%B4%A2%E6%94%BF.json");
        assert_eq!(under.uri_base_id, Some(SRCROOT));
        let given_relative = artifact_location("./examples/a.json", base);
        assert_eq!(given_relative.uri, "examples/a.json");
        let outside = artifact_location("/tmp/b c.json", base);
        assert_eq!(outside.uri, "file:///tmp/b%20c.json");
        assert_eq!(outside.uri_base_id, None);
        assert_eq!(directory_uri(base).as_deref(), Some("file:///srv/reports/"));
        assert_eq!(directory_uri(Path::new("/")).as_deref(), Some("file:///"));
        assert_eq!(directory_uri(Path::new("rel")), None);
    }
}
