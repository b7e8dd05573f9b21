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

#[test]
fn findings_match_the_planted_violations_and_a_missing_one_is_caught() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("corpus");
    gen_corpus().args(["--n", "60", "--seed", "7", "--out"]).arg(&out).assert().success();
    let manifest = out.join("manifest.json");
    let output = Command::cargo_bin("jixiao")
        .expect("binary")
        .arg("check")
        .arg(out.join("reports"))
        .args(["--format", "json", "--no-config"])
        .output()
        .expect("run jixiao");
    let mut findings: Value = serde_json::from_slice(&output.stdout).expect("JSON findings");
    let written = dir.path().join("findings.json");
    std::fs::write(&written, serde_json::to_vec(&findings).expect("serialize")).expect("write findings");
    let verified = gen_corpus().arg("--verify").arg(&manifest).arg(&written).output().expect("verify");
    let said = String::from_utf8_lossy(&verified.stdout);
    assert!(verified.status.success(), "{said}{}", String::from_utf8_lossy(&verified.stderr));
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
    let verified = gen_corpus().arg("--verify").arg(&manifest).arg(&written).output().expect("verify");
    let complaint = String::from_utf8_lossy(&verified.stderr);
    assert!(!verified.status.success(), "a missing {rule} finding in {name} went unnoticed");
    assert!(complaint.contains(&name), "{complaint}");
}
