//! `jixiao import`: read Excel, Word or text reports into v1 JSON reports, so that a user sees
//! (and can keep, correct and check) what jixiao understood of a form or a narrative.

use crate::args::ImportArgs;
use crate::error::{CliError, CliResult, EXIT_USAGE};
use crate::output::{write_file, write_stdout};
use crate::prepare::{importer, read_config};
use jixiao::diagnostic::{Diagnostic, Severity};
use jixiao::import::Input;
use jixiao::import::form::Imported;
use jixiao::load::Limits;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub fn run(args: ImportArgs) -> CliResult {
    if args.files.len() > 1 && args.output.is_some() {
        return Err(CliError::usage("-o 只能用于一个输入文件；多个文件请用 --out-dir DIR"));
    }
    if args.files.len() > 1 && args.out_dir.is_none() && !args.explain {
        return Err(CliError::usage("多个输入文件请用 --out-dir DIR 分别写出，或用 --explain 查看"));
    }
    let config = read_config(args.config.as_deref(), args.no_config)?;
    let importer = importer(&args.forms, config.as_ref())?;
    let limits =
        Limits { max_file_bytes: args.max_file_size.saturating_mul(1024 * 1024), ..Limits::default() };
    let mut exit = 0;
    let mut messages = String::new();
    for file in &args.files {
        let shown = file.to_string_lossy().into_owned();
        let imported = match jixiao::load::read_file(file, &limits) {
            Ok(bytes) => match importer.import(&bytes, &shown) {
                Ok(Input::Document(_, imported)) => imported,
                Ok(Input::Json) => {
                    let _ = writeln!(messages, "{shown}: 已是 JSON 报告，可直接用 jixiao check 检查");
                    exit = EXIT_USAGE;
                    continue;
                }
                Err(err) => {
                    let _ = writeln!(messages, "{shown}: 错误 import：{err}");
                    exit = EXIT_USAGE;
                    continue;
                }
            },
            Err(diagnostic) => {
                let _ = writeln!(messages, "{shown}: 错误 {}：{}", diagnostic.code, diagnostic.message);
                exit = EXIT_USAGE;
                continue;
            }
        };
        for note in &imported.notes {
            let _ = writeln!(messages, "{}", note_line(&shown, note));
        }
        if imported.notes.iter().any(|n| n.severity == Severity::Error) {
            exit = EXIT_USAGE;
            continue;
        }
        let text = if args.explain {
            explain(&shown, &imported)
        } else {
            let mut json = serde_json::to_string_pretty(&imported.report).unwrap_or_default();
            json.push('\n');
            json
        };
        let destination = match (&args.output, &args.out_dir) {
            (Some(path), _) => Some(path.clone()),
            (None, Some(dir)) if !args.explain => Some(dir.join(json_name(file))),
            _ => None,
        };
        match destination {
            Some(path) if same_file(&path, file) => {
                return Err(CliError::usage(format!("拒绝写入 {}：它是输入文件", path.display())));
            }
            Some(path) => write_file(&path, text.as_bytes()).map_err(CliError::usage)?,
            None => write_stdout(&text),
        }
    }
    if !messages.is_empty() {
        eprint!("{messages}");
    }
    Ok(exit)
}

/// One line for a note of the import: where, how serious, what.
fn note_line(shown: &str, note: &Diagnostic) -> String {
    let place = note.source.as_ref().map(|s| format!(" {}", s.label)).unwrap_or_default();
    format!("{shown}:{place}: {} import：{}", note.severity.zh(), note.message)
}

/// Each filled field with the place it was read from and the text there.
fn explain(shown: &str, imported: &Imported) -> String {
    let mut out = format!("{shown}\n");
    let width = imported.sources.iter().map(|(p, _)| p.chars().count()).max().unwrap_or(0);
    for (pointer, source) in &imported.sources {
        let value = imported.report.pointer(pointer).map(|v| shorten(&v.to_string(), 40)).unwrap_or_default();
        let _ = writeln!(out, "  {pointer:width$}  {value}  ← {}：{}", source.label, around(source));
    }
    out
}

/// The words around a value in its cell or sentence, the value in 「」: enough to recognise the
/// place at a glance, not the whole paragraph.
fn around(source: &jixiao::diagnostic::SourceRef) -> String {
    const CONTEXT: usize = 16;
    let text = &source.excerpt;
    let (before, value, after) = match source.highlight.clone() {
        Some(h) if text.get(h.clone()).is_some() => (&text[..h.start], &text[h.clone()], &text[h.end..]),
        _ => return shorten(text, CONTEXT * 3),
    };
    let skip = before.chars().count().saturating_sub(CONTEXT);
    let before: String = before.chars().skip(skip).collect();
    let lead = if skip > 0 { "…" } else { "" };
    let after_kept: String = after.chars().take(CONTEXT).collect();
    let tail = if after.chars().count() > CONTEXT { "…" } else { "" };
    format!("{lead}{before}「{}」{after_kept}{tail}", shorten(value, 40)).replace(['\n', '\r'], " ")
}

fn shorten(text: &str, at_most: usize) -> String {
    let mut out: String = text.chars().take(at_most).collect();
    if text.chars().count() > at_most {
        out.push('…');
    }
    out.replace(['\n', '\r'], " ")
}

/// `DIR/<name>.json` for an input `<name>.xlsx`.
fn json_name(file: &Path) -> PathBuf {
    let stem = file.file_stem().map(|s| s.to_os_string()).unwrap_or_else(|| "report".into());
    let mut name = stem;
    name.push(".json");
    PathBuf::from(name)
}

fn same_file(output: &Path, input: &Path) -> bool {
    match (std::fs::canonicalize(output), std::fs::canonicalize(input)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
