//! Suppressions a CI can live with — `[[ignore]]` entries of `jixiao.toml` and a
//! baseline of accepted findings. Suppressed findings are marked, not dropped: JSON and SARIF
//! still show them (with the reason), and an ignore entry that matches nothing is reported.

use crate::config::Config;
use crate::diagnostic::suggest::suggestion;
use crate::diagnostic::{Diagnostic, Severity, codes};
use crate::diagnostic::{FileReport, IndexedSource, Key, fingerprint_hash, key, normalize_path, value_text};
use crate::rules::RuleSet;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write as _;
use std::ops::Range;

/// Code of the warning for an `[[ignore]]` entry that suppressed nothing.
pub const UNUSED_IGNORE: &str = "unused-ignore";

/// One `[[ignore]]` entry, compiled.
#[derive(Debug, Clone)]
pub struct Ignore {
    pub file: String,
    matcher: globset::GlobMatcher,
    pub rule: String,
    pub pointer: Option<String>,
    pub reason: String,
    /// Where the entry is in `jixiao.toml`, for the unused-entry warning.
    pub span: Range<usize>,
}

impl Ignore {
    pub fn new(
        file: &str,
        rule: String,
        pointer: Option<String>,
        reason: String,
        span: Range<usize>,
    ) -> Result<Ignore, String> {
        let glob = globset::GlobBuilder::new(file)
            .literal_separator(false)
            .build()
            .map_err(|e| format!("文件模式 `{file}` 无效：{e}"))?;
        Ok(Ignore { file: file.to_string(), matcher: glob.compile_matcher(), rule, pointer, reason, span })
    }

    /// The `[[ignore]]` entries of a configuration, compiled. Every entry must name a rule of
    /// `rules` and give a reason; problems are reported as a report of the configuration file.
    pub fn from_config(config: &Config, rules: &RuleSet) -> Result<Vec<Ignore>, FileReport> {
        let mut ignores = Vec::new();
        let mut problems = Vec::new();
        for entry in &config.settings.ignore {
            let raw = entry.get_ref();
            let rule = raw.rule.get_ref();
            if rules.rule(rule).is_none() {
                let hint = suggestion(rule, rules.rules.iter().map(|r| r.id.as_str()));
                problems.push(
                    Diagnostic::error(codes::RULE_FILE, format!("未知规则 `{rule}`{hint}"))
                        .with_span(raw.rule.span()),
                );
                continue;
            }
            if raw.reason.trim().is_empty() {
                problems.push(
                    Diagnostic::error(codes::RULE_FILE, "忽略条目必须写明理由（reason）")
                        .with_span(entry.span()),
                );
                continue;
            }
            match Ignore::new(&raw.file, rule.clone(), raw.pointer.clone(), raw.reason.clone(), entry.span())
            {
                Ok(ignore) => ignores.push(ignore),
                Err(message) => {
                    problems.push(Diagnostic::error(codes::RULE_FILE, message).with_span(entry.span()))
                }
            }
        }
        if problems.is_empty() {
            return Ok(ignores);
        }
        crate::diagnostic::sort(&mut problems);
        Err(FileReport {
            path: config.path.clone(),
            department: None,
            source: Some(IndexedSource::new(config.path.clone(), config.text.clone())),
            diagnostics: problems,
        })
    }

    fn matches(&self, path: &str, diagnostic: &Diagnostic) -> bool {
        diagnostic.code == self.rule
            && self.matcher.is_match(normalize_path(path))
            && self.pointer.as_deref().is_none_or(|p| diagnostic.pointer.as_deref() == Some(p))
    }
}

/// Marks findings matched by an ignore entry as suppressed; returns, for each entry, how many
/// findings it matched.
pub fn apply_ignores(files: &mut [FileReport], ignores: &[Ignore]) -> Vec<usize> {
    let mut used = vec![0; ignores.len()];
    for file in files.iter_mut() {
        apply_ignores_to(file, ignores, &mut used);
    }
    used
}

/// [`apply_ignores`] for one file, adding to `used` (one count per entry).
pub fn apply_ignores_to(file: &mut FileReport, ignores: &[Ignore], used: &mut [usize]) {
    if ignores.is_empty() {
        return;
    }
    for diagnostic in file.diagnostics.iter_mut().filter(|d| !d.is_suppressed()) {
        if let Some(i) = ignores.iter().position(|ignore| ignore.matches(&file.path, diagnostic)) {
            diagnostic.suppressed = Some(format!("jixiao.toml [[ignore]]：{}", ignores[i].reason));
            if let Some(n) = used.get_mut(i) {
                *n += 1;
            }
        }
    }
}

/// The warnings for ignore entries that matched nothing, as a report of the configuration file.
pub fn unused_ignores(config: &Config, ignores: &[Ignore], used: &[usize]) -> Option<FileReport> {
    let diagnostics: Vec<Diagnostic> = ignores
        .iter()
        .zip(used)
        .filter(|(_, n)| **n == 0)
        .map(|(ignore, _)| {
            Diagnostic::new(
                UNUSED_IGNORE,
                Severity::Warning,
                format!("忽略条目（rule = \"{}\"，file = \"{}\"）没有匹配任何发现", ignore.rule, ignore.file),
            )
            .with_span(ignore.span.clone())
            .with_label("未使用的忽略条目")
            .with_help("问题已整改的，删除该条目；否则检查 file、rule 和 pointer 是否写对")
        })
        .collect();
    (!diagnostics.is_empty()).then(|| FileReport {
        path: config.path.clone(),
        department: None,
        source: Some(IndexedSource::new(config.path.clone(), config.text.clone())),
        diagnostics,
    })
}

/// The baseline file: a versioned JSON list of keys.
#[derive(Debug, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Key>,
}

/// Records the current, unsuppressed findings (rule findings and data errors alike, but not
/// `io` problems: a missing file is not a finding to accept).
pub fn write_baseline(files: &[FileReport]) -> String {
    let mut recorder = Recorder::default();
    for file in files {
        recorder.add(file);
    }
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = recorder.write(&mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// [`write_baseline`] file by file: keeps the keys only, compactly — paths and pointers as
/// ranges of one string (a file's path once for all its keys), rules by index, fingerprints as
/// numbers, 24 bytes a key besides the text — and writes them sorted at the end.
#[derive(Debug, Default)]
pub struct Recorder {
    text: String,
    /// Each file's path, as a range of `text`.
    files: Vec<(u32, u32)>,
    rules: Vec<String>,
    keys: Vec<CompactKey>,
}

#[derive(Debug, Clone, Copy)]
struct CompactKey {
    /// Index in `files`.
    file: u32,
    /// Index in `rules`.
    rule: u32,
    /// The pointer, as a range of `text`.
    pointer: (u32, u32),
    fingerprint: u64,
}

/// A key as written, borrowing its parts.
#[derive(Serialize)]
struct KeyRef<'a> {
    file: &'a str,
    rule: &'a str,
    pointer: &'a str,
    fingerprint: String,
}

impl Recorder {
    /// Records a file's findings (after `[[ignore]]`, before a baseline is applied).
    pub fn add(&mut self, file: &FileReport) {
        let mut file_index = None;
        for diagnostic in file.diagnostics.iter().filter(|d| !d.is_suppressed() && d.code != codes::IO) {
            let index = match file_index {
                Some(index) => index,
                None => {
                    let Some(range) = self.push(&normalize_path(&file.path)) else { return };
                    self.files.push(range);
                    let Ok(index) = u32::try_from(self.files.len() - 1) else { return };
                    *file_index.insert(index)
                }
            };
            let rule = match self.rules.iter().position(|r| *r == diagnostic.code) {
                Some(i) => i,
                None => {
                    self.rules.push(diagnostic.code.clone());
                    self.rules.len() - 1
                }
            };
            let pointer = diagnostic.pointer.as_deref().unwrap_or_default();
            let fingerprint = fingerprint_hash(&diagnostic.code, pointer, &value_text(file, diagnostic));
            // Offsets and indexes are four bytes: four thousand million bytes of paths and
            // pointers do not occur; should they, the rest is not recorded.
            let (Some(pointer), Ok(rule)) = (self.push(pointer), u32::try_from(rule)) else { return };
            self.keys.push(CompactKey { file: index, rule, pointer, fingerprint });
        }
    }

    /// Appends text; returns its range.
    fn push(&mut self, text: &str) -> Option<(u32, u32)> {
        let start = u32::try_from(self.text.len()).ok()?;
        let end = u32::try_from(self.text.len() + text.len()).ok()?;
        self.text.push_str(text);
        Some((start, end))
    }

    fn range(&self, (start, end): (u32, u32)) -> &str {
        self.text.get(start as usize..end as usize).unwrap_or("")
    }

    fn file(&self, key: &CompactKey) -> &str {
        self.files.get(key.file as usize).map_or("", |range| self.range(*range))
    }

    fn rule(&self, key: &CompactKey) -> &str {
        self.rules.get(key.rule as usize).map_or("", String::as_str)
    }

    /// Writes the baseline file: the keys sorted, as JSON (the [`Baseline`] document).
    pub fn write(mut self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let mut keys = std::mem::take(&mut self.keys);
        // Hex of the same width orders as the numbers do.
        keys.sort_by(|a, b| {
            (self.file(a), self.rule(a), self.range(a.pointer), a.fingerprint).cmp(&(
                self.file(b),
                self.rule(b),
                self.range(b.pointer),
                b.fingerprint,
            ))
        });
        // The frame is serde's: an empty list, the keys written between its brackets.
        let frame = serde_json::to_string_pretty(&Baseline { version: 1, findings: Vec::new() })
            .map_err(std::io::Error::other)?;
        let at = frame.rfind("[]").map_or(frame.len(), |i| i + 1);
        let mut writer = std::io::BufWriter::new(out);
        writer.write_all(&frame.as_bytes()[..at])?;
        for (n, key) in keys.iter().enumerate() {
            let key = KeyRef {
                file: self.file(key),
                rule: self.rule(key),
                pointer: self.range(key.pointer),
                fingerprint: format!("{:016x}", key.fingerprint),
            };
            let json = serde_json::to_string_pretty(&key).map_err(std::io::Error::other)?;
            writer.write_all(if n == 0 { b"\n    " } else { b",\n    " })?;
            writer.write_all(json.replace('\n', "\n    ").as_bytes())?;
        }
        if !keys.is_empty() {
            writer.write_all(b"\n  ")?;
        }
        writer.write_all(&frame.as_bytes()[at..])?;
        writer.write_all(b"\n")?;
        writer.flush()
    }
}

pub fn read_baseline(text: &str) -> Result<Baseline, String> {
    let baseline: Baseline = serde_json::from_str(text).map_err(|e| format!("基线文件格式不对：{e}"))?;
    if baseline.version != 1 {
        return Err(format!("不支持的基线文件版本 {}", baseline.version));
    }
    Ok(baseline)
}

/// Marks findings that the baseline already records as suppressed. A key recorded twice
/// suppresses two matching findings, not more.
pub fn apply_baseline(files: &mut [FileReport], baseline: &Baseline) -> usize {
    let mut filter = BaselineFilter::new(baseline);
    files.iter_mut().map(|file| filter.apply(file)).sum()
}

/// [`apply_baseline`] file by file: what is left of each key after the files so far.
#[derive(Debug)]
pub struct BaselineFilter<'b> {
    remaining: BTreeMap<&'b Key, usize>,
}

impl<'b> BaselineFilter<'b> {
    pub fn new(baseline: &'b Baseline) -> Self {
        let mut remaining: BTreeMap<&Key, usize> = BTreeMap::new();
        for key in &baseline.findings {
            *remaining.entry(key).or_default() += 1;
        }
        BaselineFilter { remaining }
    }

    /// Marks the file's findings the baseline still has a key for; returns how many.
    pub fn apply(&mut self, file: &mut FileReport) -> usize {
        let keys: Vec<Key> = file.diagnostics.iter().map(|d| key(file, d)).collect();
        let mut suppressed = 0;
        for (diagnostic, key) in file.diagnostics.iter_mut().zip(keys) {
            if diagnostic.is_suppressed() {
                continue;
            }
            if let Some(n) = self.remaining.get_mut(&key).filter(|n| **n > 0) {
                *n -= 1;
                diagnostic.suppressed = Some("基线中已有（--baseline）".to_string());
                suppressed += 1;
            }
        }
        suppressed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_written_baseline_is_the_sorted_keys() {
        let report = |path: &str, findings: &[(&str, &str, &str)]| FileReport {
            path: path.to_string(),
            department: None,
            source: None,
            diagnostics: findings
                .iter()
                .map(|(code, pointer, actual)| {
                    Diagnostic::new(*code, Severity::Warning, "…").with_pointer(*pointer).with_actual(*actual)
                })
                .collect(),
        };
        let files = vec![
            report("./b.json", &[("r2", "/x", "1"), ("r1", "/y", "2"), ("r1", "/y", "1")]),
            report("a.json", &[("r1", "/z", "\"引号\""), (codes::IO, "", "")]),
            report("c.json", &[]),
        ];
        let mut keys: Vec<Key> = files
            .iter()
            .flat_map(|f| f.diagnostics.iter().filter(|d| d.code != codes::IO).map(move |d| key(f, d)))
            .collect();
        keys.sort();
        let mut expected =
            serde_json::to_string_pretty(&Baseline { version: 1, findings: keys }).expect("json");
        expected.push('\n');
        assert_eq!(write_baseline(&files), expected);
        assert_eq!(write_baseline(&[]), "{\n  \"version\": 1,\n  \"findings\": []\n}\n");
    }
}
