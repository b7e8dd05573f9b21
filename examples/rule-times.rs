//! What each rule of the built-in pack costs, on a directory of JSON reports, in one thread:
//! the whole pack once, then each rule alone (the others disabled), in microseconds per report,
//! with the findings it gave. A rule alone also pays for the `let` values it shares with the
//! rules checked beside it, so the rules alone add up to more than the pack.
//!
//! ```text
//! cargo run --release --example rule-times -- DIR
//! ```

use jixiao::load::{self, Limits};
use jixiao::rules::{self, LoadOptions, RuleSet};
use std::time::Instant;

// The allocator of the `jixiao` binary, so that allocation costs what it costs there.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn pack() -> RuleSet {
    rules::load(&LoadOptions { builtin: true, ..LoadOptions::default() }).unwrap_or_else(|_| {
        eprintln!("rule-times: the built-in pack does not load");
        std::process::exit(1);
    })
}

/// Microseconds per report and findings of running `set` on every report.
fn time(set: &RuleSet, reports: &[serde_json::Value]) -> (f64, usize) {
    let started = Instant::now();
    let findings: usize = reports.iter().map(|report| set.run(report).len()).sum();
    (started.elapsed().as_secs_f64() * 1e6 / reports.len().max(1) as f64, findings)
}

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: rule-times DIR");
        std::process::exit(2);
    };
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    let limits = Limits::default();
    let reports: Vec<serde_json::Value> = paths
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .filter_map(|bytes| load::load_bytes(&bytes, &limits).value)
        .collect();
    let (all, findings) = time(&pack(), &reports);
    println!("{} reports; the whole pack: {all:.2} µs per report, {findings} findings", reports.len());
    let ids: Vec<String> = pack().rules.iter().map(|r| r.id.clone()).collect();
    let mut alone: Vec<(f64, usize, String)> = ids
        .into_iter()
        .map(|id| {
            // A new set for each rule: the plans made on the first report depend on the rules
            // that run.
            let mut set = pack();
            for rule in &mut set.rules {
                rule.enabled = rule.id == id;
            }
            let (us, findings) = time(&set, &reports);
            (us, findings, id)
        })
        .collect();
    alone.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!("{:>10}  {:>8}  rule (alone)", "µs/report", "findings");
    for (us, findings, id) in &alone {
        println!("{us:>10.2}  {findings:>8}  {id}");
    }
    println!("{:>10.2}  {:>8}  sum of the rules alone", alone.iter().map(|a| a.0).sum::<f64>(), "");
}
