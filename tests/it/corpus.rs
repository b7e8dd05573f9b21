//! The benchmark corpus: `gen-corpus` plants violations, jixiao finds exactly those, and the
//! check of the findings against the manifest (the benchmark's correctness gate) fails when one
//! is missing. `cargo test` builds the examples, next to the test binaries.

use assert_cmd::Command;
use serde_json::Value;
use std::path::PathBuf;

/// The `gen-corpus` example built with this test (`target/<profile>/examples/gen-corpus`).
fn gen_corpus() -> Command {
    let exe = std::env::current_exe().expect("test binary path");
    let profile_dir = exe.parent().and_then(|deps| deps.parent()).expect("target profile directory");
    let path: PathBuf =
        profile_dir.join("examples").join(format!("gen-corpus{}", std::env::consts::EXE_SUFFIX));
    assert!(path.is_file(), "{} not built (cargo test builds the examples)", path.display());
    Command::new(path)
}

/// Generates a corpus with `args`, checks it with jixiao, and returns the directory, the
/// manifest, the findings as written for `--verify`, and the findings.
fn checked_corpus(args: &[&str]) -> (tempfile::TempDir, PathBuf, PathBuf, Value) {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("corpus");
    gen_corpus().args(args).arg("--out").arg(&out).assert().success();
    let output = Command::cargo_bin("jixiao")
        .expect("binary")
        .arg("check")
        .arg(out.join("reports"))
        .args(["--format", "json", "--no-config"])
        .output()
        .expect("run jixiao");
    let findings: Value = serde_json::from_slice(&output.stdout).expect("JSON findings");
    let written = dir.path().join("findings.json");
    std::fs::write(&written, serde_json::to_vec(&findings).expect("serialize")).expect("write findings");
    (dir, out.join("manifest.json"), written, findings)
}

/// Runs `gen-corpus --verify` and returns whether it passed, with what it printed.
fn verify(manifest: &std::path::Path, findings: &std::path::Path) -> (bool, String, String) {
    let verified = gen_corpus().arg("--verify").arg(manifest).arg(findings).output().expect("verify");
    (
        verified.status.success(),
        String::from_utf8_lossy(&verified.stdout).into_owned(),
        String::from_utf8_lossy(&verified.stderr).into_owned(),
    )
}

#[test]
fn findings_match_the_planted_violations_and_a_missing_one_is_caught() {
    let (_dir, manifest, written, mut findings) = checked_corpus(&["--n", "60", "--seed", "7"]);
    let (passed, said, complaint) = verify(&manifest, &written);
    assert!(passed, "{said}{complaint}");
    assert!(said.contains("all 60 files match the manifest exactly"), "{said}");

    // Drop the findings of one planted rule in one file: the gate must fail and name the file.
    let planted: Value = serde_json::from_slice(&std::fs::read(&manifest).expect("manifest")).expect("JSON");
    let (name, rule) = planted["files"]
        .as_object()
        .expect("manifest files")
        .iter()
        .find_map(|(name, rules)| Some((name.clone(), rules.as_array()?.first()?.as_str()?.to_string())))
        .expect("a file with a planted violation");
    let file = findings["files"]
        .as_array_mut()
        .expect("files")
        .iter_mut()
        .find(|file| file["path"].as_str().is_some_and(|path| path.ends_with(&name)))
        .expect("the file in jixiao's output");
    let diagnostics = file["diagnostics"].as_array_mut().expect("diagnostics");
    let before = diagnostics.len();
    diagnostics.retain(|d| d["rule"] != rule.as_str());
    assert!(diagnostics.len() < before, "{name} has no {rule} finding to drop");
    std::fs::write(&written, serde_json::to_vec(&findings).expect("serialize")).expect("write findings");
    let (passed, _, complaint) = verify(&manifest, &written);
    assert!(!passed, "a missing {rule} finding in {name} went unnoticed");
    assert!(complaint.contains(&name), "{complaint}");
}

/// The realistic shape: reports full of findings, spread over many rules, every one of them
/// planted; and a finding that was not planted fails the gate too.
#[test]
fn realistic_corpus_is_full_of_findings_that_match_the_manifest_and_an_extra_one_is_caught() {
    let (_dir, manifest, written, mut findings) =
        checked_corpus(&["--n", "40", "--seed", "3", "--shape", "realistic"]);
    let (passed, said, complaint) = verify(&manifest, &written);
    assert!(passed, "{said}{complaint}");
    assert!(said.contains("all 40 files match the manifest exactly"), "{said}");

    let files = findings["files"].as_array().expect("files");
    let diagnostics: Vec<&Value> =
        files.iter().flat_map(|f| f["diagnostics"].as_array().into_iter().flatten()).collect();
    let per_report = diagnostics.len() as f64 / files.len() as f64;
    assert!((5.0..=11.0).contains(&per_report), "{per_report} findings per report");
    let rules: std::collections::BTreeSet<&str> =
        diagnostics.iter().filter_map(|d| d["rule"].as_str()).collect();
    assert!(rules.len() >= 12, "only {} rules fire: {rules:?}", rules.len());
    let kinds: Value = serde_json::from_slice(&std::fs::read(&manifest).expect("manifest")).expect("JSON");
    assert_eq!(kinds["shape"], "realistic");

    // Copy a finding into a file that does not have that rule: the gate must name the file.
    let extra = diagnostics.first().map(|d| (*d).clone()).expect("a finding");
    let rule = extra["rule"].as_str().expect("rule").to_string();
    let target = findings["files"]
        .as_array_mut()
        .expect("files")
        .iter_mut()
        .find(|f| f["diagnostics"].as_array().is_some_and(|ds| ds.iter().all(|d| d["rule"] != rule.as_str())))
        .expect("a file without that rule");
    let name = target["path"].as_str().expect("path").rsplit(['/', '\\']).next().expect("name").to_string();
    target["diagnostics"].as_array_mut().expect("diagnostics").push(extra);
    std::fs::write(&written, serde_json::to_vec(&findings).expect("serialize")).expect("write findings");
    let (passed, _, complaint) = verify(&manifest, &written);
    assert!(!passed, "an unplanted {rule} finding in {name} went unnoticed");
    assert!(complaint.contains(&name), "{complaint}");
}
