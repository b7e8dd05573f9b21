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

use super::{FileReport, RuleMeta, rules_with_codes_of};
use crate::diagnostic::{Diagnostic, Severity};
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

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    original_uri_base_ids: BTreeMap<&'static str, ArtifactLocation>,
    /// Messages and rule texts are Chinese.
    language: &'static str,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
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
/// `rules` are the rules that ran (see [`RuleMeta::enabled`]); `base` is the directory
/// artifact URIs are made relative to, normally the working directory, against which relative
/// report paths are already taken.
pub fn render(files: &[FileReport], rules: &[RuleMeta<'_>], base: &Path) -> String {
    let all_rules = rules_with_codes_of(rules, files.iter().flat_map(|f| &f.diagnostics));
    let mut original_uri_base_ids = BTreeMap::new();
    if let Some(uri) = directory_uri(base) {
        original_uri_base_ids.insert(SRCROOT, ArtifactLocation { uri, uri_base_id: None });
    }
    let mut results = Vec::new();
    for file in files {
        let artifact = artifact_location(&file.path, base);
        for diagnostic in &file.diagnostics {
            // Every code has an entry: `rules_with_codes_of` adds the ones `rules` lacks.
            let rule_index = all_rules.iter().position(|r| r.id == diagnostic.code).unwrap_or(0);
            results.push(result(file, diagnostic, rule_index, artifact.clone()));
        }
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
                    rules: all_rules.iter().map(descriptor).collect(),
                },
            },
            original_uri_base_ids,
            language: "zh-CN",
            column_kind: "utf16CodeUnits",
            results,
        }],
    };
    // Serialising plain structs of strings, integers and maps cannot fail.
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
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
        _ => None,
    };
    let pointer = diagnostic.pointer.as_deref();
    // The same fingerprint as baselines use, so both survive reformatting.
    let fingerprint = crate::suppress::key(file, diagnostic).fingerprint;
    SarifResult {
        rule_id: &diagnostic.code,
        rule_index,
        level: level(diagnostic.severity),
        message: Text { text: message.into() },
        locations: [Location { physical_location: PhysicalLocation { artifact_location, region } }],
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
