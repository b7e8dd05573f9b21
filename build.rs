//! Embeds the built-in rule pack (`rules/**/*.toml`) and the form layouts (`forms/*.toml`)
//! into the binary, so the default rules and forms need no files at run time.
//!
//! A rule file of the pack keeps its documentation of sources (`[[sources]]`) and then its
//! fixtures (`[examples]`, `[[tests]]`) after everything else; the build checks that and records
//! where each starts, so that a run that only checks reports can read each rule without its
//! fixtures (a third of the pack's text), and, unless it writes SARIF, without its sources and
//! its documentation (a copy with those left out is embedded beside each file).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    link_without_pie();
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let rules = root.join("rules");
    println!("cargo:rerun-if-changed=rules");
    let mut files = Vec::new();
    collect(&rules, &mut files);
    files.sort();
    let mut out = String::from(
        "/// Files of the built-in rule pack: (path relative to the crate, contents, length of the\n\
         /// part before the fixtures, what a check reads: the part before the sources without the\n\
         /// documentation).\n",
    );
    out.push_str("pub static BUILTIN_FILES: &[(&str, &str, usize, &str)] = &[\n");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default());
    for (number, file) in files.iter().enumerate() {
        let relative = file.strip_prefix(&root).unwrap_or(file).to_string_lossy().replace('\\', "/");
        println!("cargo:rerun-if-changed={}", file.display());
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let before_fixtures = match tail_start(&text, &["[examples]", "[[tests]]"]) {
            Ok(at) => at,
            Err(line) => panic!(
                "{relative}:{line}: a table after [examples] or [[tests]]: the pack's rule files keep their \
                 fixtures last"
            ),
        };
        let before_sources = match tail_start(&text, &["[[sources]]", "[examples]", "[[tests]]"]) {
            Ok(at) => at,
            Err(line) => panic!(
                "{relative}:{line}: a table after [[sources]]: the pack's rule files keep their sources \
                 just before their fixtures"
            ),
        };
        let checked = without_documentation(&relative, text.get(..before_sources).unwrap_or_default());
        let checked_path = out_dir.join(format!("builtin_checking_{number}.toml"));
        if let Err(err) = std::fs::write(&checked_path, checked) {
            panic!("cannot write {}: {err}", checked_path.display());
        }
        let _ = writeln!(
            out,
            "    ({relative:?}, include_str!({:?}), {before_fixtures}, include_str!({:?})),",
            file.display().to_string(),
            checked_path.display().to_string()
        );
    }
    out.push_str("];\n");
    let dest = out_dir.join("builtin_rules.rs");
    if let Err(err) = std::fs::write(&dest, out) {
        panic!("cannot write {}: {err}", dest.display());
    }
    embed_forms(&root);
    report_field_names(&root, &out_dir);
}

/// The property names the report schema declares anywhere, sorted: the field names rule files
/// may use. Worked out here so that a run does not parse the schema to know them.
fn report_field_names(root: &Path, out_dir: &Path) {
    fn collect(node: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
        match node {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::Object(properties)) = map.get("properties") {
                    out.extend(properties.keys().cloned());
                }
                map.values().for_each(|value| collect(value, out));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|item| collect(item, out)),
            _ => {}
        }
    }
    let path = root.join("schemas/report.schema.json");
    println!("cargo:rerun-if-changed={}", path.display());
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let schema: serde_json::Value = match serde_json::from_str(&text) {
        Ok(schema) => schema,
        Err(err) => panic!("{}: not JSON: {err}", path.display()),
    };
    let mut names = std::collections::BTreeSet::new();
    collect(&schema, &mut names);
    let mut out = String::from(
        "/// Every property name the report schema declares, sorted (by `build.rs`).\n\
         pub static REPORT_FIELD_NAMES: &[&str] = &[\n",
    );
    for name in &names {
        let _ = writeln!(out, "    {name:?},");
    }
    out.push_str("];\n");
    let dest = out_dir.join("report_field_names.rs");
    if let Err(err) = std::fs::write(&dest, out) {
        panic!("cannot write {}: {err}", dest.display());
    }
}

/// A rule file as a check reads it: the values of its `description` and `missing_data`, and
/// of the pack's parameters' `description`, emptied (`""`). They document the rules for
/// `explain`, `rules`, the reference and SARIF, which read the whole file; left out, a check
/// parses a quarter less text at every start.
fn without_documentation(relative: &str, text: &str) -> String {
    let parsed = match toml::de::DeTable::parse(text) {
        Ok(parsed) => parsed,
        Err(err) => panic!("{relative}: not TOML: {err}"),
    };
    let table = parsed.get_ref();
    let mut spans: Vec<std::ops::Range<usize>> = Vec::new();
    let mut documentation = |table: &toml::de::DeTable<'_>| {
        for (key, value) in table {
            if matches!(key.get_ref().as_ref(), "description" | "missing_data")
                && matches!(value.get_ref(), toml::de::DeValue::String(_))
            {
                spans.push(value.span());
            }
        }
    };
    documentation(table);
    let params = table.iter().find(|(key, _)| key.get_ref().as_ref() == "params");
    if let Some((_, params)) = params
        && let toml::de::DeValue::Table(params) = params.get_ref()
    {
        for (_, param) in params {
            if let toml::de::DeValue::Table(param) = param.get_ref() {
                documentation(param);
            }
        }
    }
    spans.sort_by_key(|span| span.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for span in spans {
        let value = text.get(span.clone()).unwrap_or_default();
        let quoted = |q: char| value.len() >= 2 && value.starts_with(q) && value.ends_with(q);
        if !(quoted('"') || quoted('\'')) {
            panic!("{relative}: the value at {span:?} is not a quoted string: {value:?}");
        }
        out.push_str(text.get(at..span.start).unwrap_or_default());
        out.push_str("\"\"");
        at = span.end;
    }
    out.push_str(text.get(at..).unwrap_or_default());
    out
}

/// Writes `builtin_forms.rs`: every `forms/*.toml` layout as (path relative to the crate, text).
fn embed_forms(root: &Path) {
    println!("cargo:rerun-if-changed=forms");
    let mut files = Vec::new();
    collect(&root.join("forms"), &mut files);
    files.sort();
    let mut out =
        String::from("/// Files of the built-in form layouts: (path relative to the crate, contents).\n");
    out.push_str("pub static BUILTIN_FORMS: &[(&str, &str)] = &[\n");
    for file in &files {
        let relative = file.strip_prefix(root).unwrap_or(file).to_string_lossy().replace('\\', "/");
        println!("cargo:rerun-if-changed={}", file.display());
        let _ = writeln!(out, "    ({relative:?}, include_str!({:?})),", file.display().to_string());
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("builtin_forms.rs");
    if let Err(err) = std::fs::write(&dest, out) {
        panic!("cannot write {}: {err}", dest.display());
    }
}

/// The offset of the first of the `tail` tables (the fixtures, or the sources then the
/// fixtures), or the text's length; `Err(line)` when another table follows one of them.
fn tail_start(text: &str, tail: &[&str]) -> Result<usize, usize> {
    let mut start = None;
    let mut offset = 0;
    for (number, line) in text.split_inclusive('\n').enumerate() {
        let header = line.trim_end();
        let fixture = tail.contains(&header);
        if fixture && start.is_none() {
            start = Some(offset);
        } else if start.is_some() && header.starts_with('[') && !fixture {
            return Err(number + 1);
        }
        offset += line.len();
    }
    Ok(start.unwrap_or(text.len()))
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

/// The `jixiao` binary is linked as a position-dependent executable on Linux: its addresses are
/// fixed when it is linked, so the loader has no relocations to apply and no pages to copy for
/// them at every start, which made up about a tenth of a one-report check (the shared libraries,
/// the heap and the stacks are still placed at random addresses).
///
/// A statically linked build (`-C target-feature=+crt-static`, as `scripts/pgo-build.sh` makes the
/// release binary) chooses its own relocation model, which `-no-pie` would contradict: the
/// binary would crash at start.
fn link_without_pie() {
    let target_os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let target_env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    let features = std::env::var("CARGO_CFG_TARGET_FEATURE").unwrap_or_default();
    let static_crt = features.split(',').any(|feature| feature == "crt-static");
    if target_os == "linux" && target_env == "gnu" && !static_crt {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
