//! The layering of ARCHITECTURE.md, enforced: every module of `src/` may use only the modules
//! listed for it there. The test reads the sources and finds each `crate::X` a module names
//! outside comments and its test module.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each top-level module of the library and the modules it may use. Kept in step with the
/// table in ARCHITECTURE.md (a test below compares them).
const ALLOWED: &[(&str, &[&str])] = &[
    ("diagnostic", &[]),
    ("load", &["diagnostic"]),
    ("schema", &["diagnostic", "load"]),
    ("config", &["diagnostic"]),
    ("rules", &["diagnostic", "load", "schema", "config"]),
    ("suppress", &["diagnostic", "config", "rules"]),
    ("import", &["diagnostic", "load", "schema", "config"]),
    ("check", &["diagnostic", "load", "schema", "config", "rules", "suppress", "import"]),
    ("render", &["diagnostic", "load"]),
    ("run", &["diagnostic", "load", "schema", "config", "rules", "suppress", "import", "check", "render"]),
    ("reference", &["diagnostic", "load", "schema", "config", "rules", "import", "check", "render"]),
];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level library module a file belongs to (`src/rules/expr/eval.rs` → `rules`), or
/// `None` for the crate root and the front ends under `src/bin/`.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).ok()?;
    let first = relative.components().next()?.as_os_str().to_string_lossy().into_owned();
    if first == "bin" || first == "lib.rs" {
        return None;
    }
    Some(first.trim_end_matches(".rs").to_string())
}

/// The modules a source text names as `crate::X` (also `crate::{X, Y}`), leaving out comments
/// and everything from the first module-level `#[cfg(test)]` on.
fn used_modules(text: &str) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for line in text.lines() {
        if line.starts_with("#[cfg(test)]") {
            break;
        }
        let code = line.trim_start();
        if code.starts_with("//") {
            continue;
        }
        let code = code.split("//").next().unwrap_or(code);
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let inner = group.split('}').next().unwrap_or("");
                used.extend(inner.split(',').map(|p| p.trim().split("::").next().unwrap_or("").to_string()));
            } else {
                let name: String =
                    rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                used.insert(name);
            }
        }
    }
    used.retain(|m| !m.is_empty() && m != "self");
    used
}

fn graph() -> BTreeMap<String, BTreeMap<String, Vec<String>>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    files.sort();
    let mut graph: BTreeMap<String, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    for file in files {
        let Some(module) = module_of(&src, &file) else { continue };
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        for used in used_modules(&text) {
            if used != module {
                let shown = file.strip_prefix(&src).unwrap_or(&file).display().to_string();
                graph.entry(module.clone()).or_default().entry(used).or_default().push(shown);
            }
        }
    }
    graph
}

#[test]
fn every_module_uses_only_the_modules_below_it() {
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut wrong = Vec::new();
    for (module, uses) in graph() {
        let Some(may) = allowed.get(module.as_str()) else {
            wrong.push(format!("module `{module}` is not in ARCHITECTURE.md's table"));
            continue;
        };
        for (used, files) in uses {
            if !may.contains(&used.as_str()) {
                wrong.push(format!("`{module}` uses `{used}` (in {}), which it may not", files.join(", ")));
            }
        }
    }
    assert!(wrong.is_empty(), "layering broken:\n{}", wrong.join("\n"));
}

#[test]
fn the_allowed_uses_form_no_cycle() {
    // Each module may use only modules listed before it in the table.
    for (index, (module, uses)) in ALLOWED.iter().enumerate() {
        let earlier: Vec<&str> = ALLOWED[..index].iter().map(|(m, _)| *m).collect();
        for used in *uses {
            assert!(earlier.contains(used), "`{module}` may use `{used}`, which is not below it");
        }
    }
}

#[test]
fn the_table_in_architecture_md_is_the_one_enforced() {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ARCHITECTURE.md"))
        .expect("ARCHITECTURE.md");
    for (module, uses) in ALLOWED {
        let row = if uses.is_empty() {
            format!("| `{module}` | — |")
        } else {
            format!(
                "| `{module}` | {} |",
                uses.iter().map(|u| format!("`{u}`")).collect::<Vec<_>>().join(", ")
            )
        };
        assert!(text.contains(&row), "ARCHITECTURE.md lacks the row {row}");
    }
}

#[test]
fn the_scanner_finds_uses_and_skips_comments_and_tests() {
    let text = "use crate::diagnostic::Diagnostic;\n// crate::render in a comment\nuse crate::{load, schema::validate};\nlet x = crate::rules::load(); // crate::run\n#[cfg(test)]\nuse crate::check;\n";
    let used: Vec<String> = used_modules(text).into_iter().collect();
    assert_eq!(used, ["diagnostic", "load", "rules", "schema"]);
}
