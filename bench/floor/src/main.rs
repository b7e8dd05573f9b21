//! The parse-only floor: reads every report and parses it with plain serde_json (only the
//! `arbitrary_precision` feature, so that amounts keep their exact digits) into a
//! `serde_json::Value`, on one thread, and drops it. This is what anyone reading the reports
//! with serde_json would write, and no JSON checker can do less and still look at every value,
//! so it is the time jixiao's full check is measured against.
//!
//! ```text
//! cargo run --release --manifest-path bench/floor/Cargo.toml -- DIR_OR_FILE...
//! ```
//!
//! Directories are searched recursively for `*.json` files, as `jixiao check` does.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let roots: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if roots.iter().any(|r| r == "--help" || r == "-h") {
        println!("usage: parse-floor DIR_OR_FILE...");
        return ExitCode::SUCCESS;
    }
    if roots.is_empty() {
        eprintln!("usage: parse-floor DIR_OR_FILE...");
        return ExitCode::from(2);
    }
    let started = Instant::now();
    let mut files = Vec::new();
    for root in &roots {
        if root.is_dir() {
            walk(root, &mut files);
        } else {
            files.push(root.clone());
        }
    }
    files.sort();
    let mut bytes_total: u64 = 0;
    let mut values: u64 = 0;
    let mut failed = 0usize;
    for path in &files {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(err) => {
                eprintln!("{}: {err}", path.display());
                failed += 1;
                continue;
            }
        };
        bytes_total += bytes.len() as u64;
        match serde_json::from_slice::<serde_json::Value>(&bytes) {
            // Touch the document so that the parse cannot be optimised away.
            Ok(value) => values += u64::from(value.is_object()),
            Err(err) => {
                eprintln!("{}: {err}", path.display());
                failed += 1;
            }
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "parse-floor: {} files, {:.1} MB, {} objects parsed in {:.3} s ({:.0} files/s, {:.1} MB/s)",
        files.len(),
        bytes_total as f64 / 1e6,
        values,
        seconds,
        files.len() as f64 / seconds,
        bytes_total as f64 / 1e6 / seconds
    );
    if failed > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) {
            out.push(path);
        }
    }
}
