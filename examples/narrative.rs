//! Extracts a v1 report from a narrative self-evaluation report (.txt or .docx) and prints it
//! with its notes and the time taken: `cargo run --release --example narrative -- FILE [REPEAT]`.
//!
//! The time covers reading the file into a document and extracting, the phrasings compiled
//! once before; with REPEAT > 1 the mean of that many extractions is shown as well.

use jixiao::import::narrative::{Phrasings, extract};
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: narrative FILE [REPEAT]");
        std::process::exit(2);
    };
    let repeat: u32 = args.next().and_then(|r| r.parse().ok()).unwrap_or(1).max(1);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(err) => {
            eprintln!("{path}: {err}");
            std::process::exit(1);
        }
    };
    let started = Instant::now();
    let phrasings = match Phrasings::builtin() {
        Ok(p) => p,
        Err(err) => {
            eprintln!("{err}");
            std::process::exit(1);
        }
    };
    let compiled = started.elapsed();
    let started = Instant::now();
    let mut imported = None;
    for _ in 0..repeat {
        let document = match jixiao::import::read(&bytes, &path) {
            Ok((_, document)) => document,
            Err(err) => {
                eprintln!("{path}: {err}");
                std::process::exit(1);
            }
        };
        imported = Some(extract(&document, phrasings));
    }
    let elapsed = started.elapsed();
    let Some(imported) = imported else { return };
    println!("{}", serde_json::to_string_pretty(&imported.report).unwrap_or_default());
    for note in &imported.notes {
        println!(
            "note [{}] {} {}",
            note.severity.as_str(),
            note.pointer.as_deref().unwrap_or("-"),
            note.message
        );
    }
    eprintln!(
        "phrasings compiled in {compiled:?}; read + extract {:?} per document ({} bytes, {repeat} runs)",
        elapsed / repeat,
        bytes.len()
    );
}
