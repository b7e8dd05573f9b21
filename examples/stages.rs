//! Where the time of `jixiao check` goes, stage by stage, on a directory of JSON reports, in one
//! thread: decoding and parsing, schema validation, rules, locating and sorting findings, and
//! rendering them as `--format json` does; beside serde_json parsing the same bytes (with the
//! features jixiao enables, so slower than the floor of `scripts/bench.sh`). Files are read
//! into memory first, so no stage includes reading them.
//!
//! ```text
//! cargo run --release --example stages -- DIR
//! ```

use jixiao::diagnostic::{FileReport, IndexedSource, sort};
use jixiao::load::{self, Limits};
use jixiao::render::stream::Streaming;
use jixiao::rules::{self, LoadOptions};
use std::time::{Duration, Instant};

// The allocator of the `jixiao` binary, so that allocation costs what it costs there.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: stages DIR");
        std::process::exit(2);
    };
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    let files: Vec<Vec<u8>> = paths.iter().filter_map(|p| std::fs::read(p).ok()).collect();
    let Ok(set) = rules::load(&LoadOptions { builtin: true, ..LoadOptions::default() }) else {
        eprintln!("stages: the built-in pack does not load");
        std::process::exit(1);
    };
    let limits = Limits::default();
    let mut times = [Duration::ZERO; 6];
    let mut findings = 0usize;
    let mut stream = jixiao::render::json::Stream::default();
    let mut bytes_out = 0usize;
    for bytes in &files {
        let mut t = Instant::now();
        let mut lap = |slot: usize, times: &mut [Duration; 6]| {
            let now = Instant::now();
            times[slot] += now - t;
            t = now;
        };
        let floor = serde_json::from_slice::<serde_json::Value>(bytes).ok();
        std::hint::black_box(floor);
        lap(0, &mut times);
        let loaded = load::load_bytes(bytes, &limits);
        lap(1, &mut times);
        let Some(value) = &loaded.value else { continue };
        let department = value.pointer("/department/name").and_then(|v| v.as_str()).map(str::to_string);
        let mut diagnostics = jixiao::schema::validate(value);
        lap(2, &mut times);
        diagnostics.extend(set.run(value));
        lap(3, &mut times);
        findings += diagnostics.len();
        let source = loaded.text.map(|text| IndexedSource::new("report.json", text));
        if let Some(source) = &source {
            load::locate_all_in(source.text(), loaded.spans.as_ref(), &mut diagnostics);
        }
        sort(&mut diagnostics);
        lap(4, &mut times);
        let report = FileReport { path: "report.json".into(), department, source, diagnostics };
        bytes_out += stream.file(&report).text.len();
        lap(5, &mut times);
    }
    let names = ["serde_json floor", "load (decode+parse)", "schema", "rules", "locate+sort", "render json"];
    for (name, time) in names.iter().zip(times) {
        let per_report = time.as_secs_f64() * 1e6 / files.len().max(1) as f64;
        println!("{name:<22} {:8.1} ms  {per_report:6.1} us/report", time.as_secs_f64() * 1e3);
    }
    println!("{} reports, {findings} findings, {bytes_out} bytes of JSON", files.len());
}
