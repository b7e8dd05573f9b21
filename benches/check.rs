//! Benchmarks of the hot paths of `jixiao check`, one report at a time, stage by stage: parsing
//! (`load_bytes`), schema validation (`schema_validate`), rules (`rules_run`), finding rendering
//! (`locate_spans`, then `render_json`), and the whole per-file check (`check_report`); plus
//! serde_json parsing into a `Value` and the one-off cost of preparing the built-in pack.
//!
//! ```text
//! cargo bench --bench check
//! ```
//!
//! Inputs are one report of each generated benchmark corpus (`generated`: `gen-corpus --n 1
//! --seed 1`, the first report of every sparse corpus of that seed; `realistic`: the twelfth
//! report of `gen-corpus --shape realistic --seed 1`, a department report with 20 indicators,
//! 8 projects and 8 findings), the bundled samples, and copies of the project
//! sample with its indicator table repeated to 100, 1 000 and 10 000 rows, so that each benchmark also shows how its cost grows with the
//! size of a report; in the `faulty` copies every tenth indicator has mismatched units, one
//! finding each, to measure the cost of locating many findings.

use divan::{Bencher, black_box};
use jixiao::check::{Checker, Keep};
use jixiao::load::{self, Limits};
use jixiao::load::{locate_all, locate_all_in};
use jixiao::render::stream::Streaming as _;
use jixiao::rules::{self, LoadOptions, RuleSet};
use serde_json::Value;

/// The built-in form layouts, as a run prepares them.
static IMPORTER: LazyLock<jixiao::import::Importer> =
    LazyLock::new(|| jixiao::import::Importer::builtin().expect("built-in layouts load"));
use std::sync::LazyLock;

fn main() {
    divan::main();
}

const PROJECT: &str = include_str!("../examples/project-sample.json");
const HUADU: &str = include_str!("../examples/huadu-2022.json");
const GENERATED: &str = include_str!("generated-report.json");
const REALISTIC: &str = include_str!("realistic-report.json");

static RULES: LazyLock<RuleSet> = LazyLock::new(|| {
    rules::load(&LoadOptions { builtin: true, ..LoadOptions::default() })
        .unwrap_or_else(|_| panic!("the built-in pack compiles"))
});

/// The project sample with `rows` indicators (the original ones repeated); with `faulty`, every
/// tenth one reports its achieved value in another unit.
fn scaled(rows: usize, faulty: bool) -> String {
    let mut report: Value = serde_json::from_str(PROJECT).unwrap_or_default();
    let original = report["indicators"].as_array().cloned().unwrap_or_default();
    let mut indicators = Vec::with_capacity(rows);
    for i in 0..rows {
        let mut indicator = original[i % original.len()].clone();
        if faulty && i % 10 == 0 {
            indicator["actual"]["unit"] = Value::from("件");
        }
        indicators.push(indicator);
    }
    report["declared_indicator_count"] = Value::from(rows);
    report["indicators"] = Value::Array(indicators);
    serde_json::to_string_pretty(&report).unwrap_or_default()
}

static INPUTS: LazyLock<Vec<(&'static str, String)>> = LazyLock::new(|| {
    vec![
        ("generated", GENERATED.to_string()),
        ("realistic", REALISTIC.to_string()),
        ("huadu", HUADU.to_string()),
        ("project", PROJECT.to_string()),
        ("rows-100", scaled(100, false)),
        ("rows-1000", scaled(1000, false)),
        ("rows-10000", scaled(10_000, false)),
        ("faulty-100", scaled(100, true)),
        ("faulty-1000", scaled(1000, true)),
        ("faulty-10000", scaled(10_000, true)),
    ]
});

const NAMES: &[&str] = &[
    "generated",
    "realistic",
    "huadu",
    "project",
    "rows-100",
    "rows-1000",
    "rows-10000",
    "faulty-100",
    "faulty-1000",
    "faulty-10000",
];

fn input(name: &str) -> &'static str {
    INPUTS.iter().find(|(n, _)| *n == name).map_or("", |(_, text)| text.as_str())
}

/// serde_json parsing bytes into a `Value`, nothing else. Built here with the features jixiao
/// enables (`preserve_order`), so slower than the floor of `scripts/bench.sh` (`bench/floor`).
#[divan::bench(args = NAMES)]
fn parse_serde_json(bencher: Bencher, name: &str) {
    let text = input(name);
    bencher.counter(divan::counter::BytesCount::of_str(text)).bench(|| {
        black_box(serde_json::from_slice::<Value>(black_box(text.as_bytes())).ok());
    });
}

/// Decoding and strict parsing alone: what jixiao does where the floor runs serde_json.
#[divan::bench(args = NAMES)]
fn load_bytes(bencher: Bencher, name: &str) {
    let text = input(name);
    let limits = Limits::default();
    bencher.counter(divan::counter::BytesCount::of_str(text)).bench(|| {
        black_box(load::load_bytes(black_box(text.as_bytes()), &limits));
    });
}

/// Decoding and strict parsing, then validation against the report schema.
#[divan::bench(args = NAMES)]
fn load_and_validate(bencher: Bencher, name: &str) {
    let text = input(name);
    let limits = Limits::default();
    bencher.counter(divan::counter::BytesCount::of_str(text)).bench(|| {
        let loaded = load::load_bytes(black_box(text.as_bytes()), &limits);
        let diagnostics = loaded.value.as_ref().map(jixiao::schema::validate);
        black_box((loaded, diagnostics));
    });
}

/// Schema validation alone, on a parsed report.
#[divan::bench(args = NAMES)]
fn schema_validate(bencher: Bencher, name: &str) {
    let value: Value = load::load_bytes(input(name).as_bytes(), &Limits::default()).value.unwrap_or_default();
    bencher.bench(|| black_box(jixiao::schema::validate(black_box(&value))));
}

/// The whole built-in pack on a parsed report.
#[divan::bench(args = NAMES)]
fn rules_run(bencher: Bencher, name: &str) {
    let value: Value = load::load_bytes(input(name).as_bytes(), &Limits::default()).value.unwrap_or_default();
    let rules = &*RULES;
    bencher.bench(|| black_box(rules.run(black_box(&value))));
}

/// Locating the spans of a report's findings, through the spans its parser recorded.
#[divan::bench(args = NAMES)]
fn locate_spans(bencher: Bencher, name: &str) {
    let text = input(name);
    let loaded = load::load_bytes(text.as_bytes(), &Limits::default());
    let diagnostics = loaded.value.as_ref().map(|value| RULES.run(value)).unwrap_or_default();
    bencher.counter(divan::counter::ItemsCount::new(diagnostics.len())).bench(|| {
        let mut diagnostics = diagnostics.clone();
        locate_all_in(black_box(text), loaded.spans.as_ref(), &mut diagnostics);
        black_box(diagnostics);
    });
}

/// Locating the same spans by scanning the text, as for a report that did not parse.
#[divan::bench(args = NAMES)]
fn locate_spans_scanning(bencher: Bencher, name: &str) {
    let text = input(name);
    let value: Value = load::load_bytes(text.as_bytes(), &Limits::default()).value.unwrap_or_default();
    let diagnostics = RULES.run(&value);
    bencher.counter(divan::counter::ItemsCount::new(diagnostics.len())).bench(|| {
        let mut diagnostics = diagnostics.clone();
        locate_all(black_box(text), &mut diagnostics);
        black_box(diagnostics);
    });
}

/// Writing a report's located findings as `--format json` does, one file's piece (their lines
/// and columns were worked out by the check, as in that run).
#[divan::bench(args = NAMES)]
fn render_json(bencher: Bencher, name: &str) {
    let report =
        Checker { rules: &RULES, limits: Limits::default(), importer: &IMPORTER, keep: Keep::Places }
            .check_bytes("report.json", input(name).as_bytes());
    bencher.counter(divan::counter::ItemsCount::new(report.diagnostics.len())).bench(|| {
        let mut stream = jixiao::render::json::Stream::default();
        black_box(stream.file(black_box(&report)));
    });
}

/// One report through the whole pipeline, as `jixiao check --format json` does for each file.
#[divan::bench(args = NAMES)]
fn check_report(bencher: Bencher, name: &str) {
    let text = input(name);
    let checker =
        Checker { rules: &RULES, limits: Limits::default(), importer: &IMPORTER, keep: Keep::Places };
    bencher.counter(divan::counter::BytesCount::of_str(text)).bench(|| {
        black_box(checker.check_bytes("report.json", black_box(text.as_bytes())));
    });
}

/// Preparing the built-in pack: what every run pays once before the first report. Each load
/// runs on a new thread, because a thread keeps the regular expressions it has compiled and a
/// run compiles them once.
#[divan::bench(sample_count = 20)]
fn compile_builtin_pack() -> RuleSet {
    std::thread::scope(|scope| {
        scope
            .spawn(|| rules::load(&LoadOptions { builtin: true, ..LoadOptions::default() }))
            .join()
            .ok()
            .and_then(Result::ok)
            .unwrap_or_else(|| panic!("the built-in pack compiles"))
    })
}
