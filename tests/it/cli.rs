//! The command line as scripts and CI see it: exit codes and the JSON contract.

use crate::util::jixiao;
use serde_json::Value;

fn json_of(args: &[&str]) -> (i32, Value) {
    let output = jixiao().args(args).args(["--format", "json"]).output().expect("run");
    let value: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", String::from_utf8_lossy(&output.stdout)));
    (output.status.code().unwrap_or(-1), value)
}

#[test]
fn clean_report_exits_zero() {
    let (code, out) = json_of(&["check", "--no-default-rules", "tests/fixtures/load/gbk.json"]);
    assert_eq!(code, 0);
    assert_eq!(out["summary"]["errors"], 0);
}

#[test]
fn errors_exit_one_and_fail_on_never_exits_zero() {
    let (code, _) = json_of(&["check", "--no-default-rules", "tests/fixtures/load/wrong-type.json"]);
    assert_eq!(code, 1);
    let (code, _) = json_of(&[
        "check",
        "--no-default-rules",
        "--fail-on",
        "never",
        "tests/fixtures/load/wrong-type.json",
    ]);
    assert_eq!(code, 0);
}

#[test]
fn fail_on_info_counts_infos() {
    // The GBK note is an info diagnostic: it fails only with --fail-on info.
    let (code, out) =
        json_of(&["check", "--no-default-rules", "--fail-on", "info", "tests/fixtures/load/gbk.json"]);
    assert_eq!(out["summary"]["infos"], 1);
    assert_eq!(code, 1);
}

#[test]
fn missing_input_exits_two() {
    let (code, out) = json_of(&["check", "--no-default-rules", "tests/fixtures/does-not-exist.json"]);
    assert_eq!(code, 2);
    assert_eq!(out["files"][0]["diagnostics"][0]["rule"], "io");
}

#[test]
fn usage_error_exits_two() {
    let output = jixiao().args(["check", "--format", "yaml", "x.json"]).output().expect("run");
    assert_eq!(output.status.code(), Some(2));
}

/// Usage errors say what is wrong in Chinese first, then clap's own message.
#[test]
fn usage_errors_say_in_chinese_what_is_wrong_before_clap_does() {
    for (args, hint) in [
        (&["check"][..], "缺少必需的参数"),
        (&["check", "--format", "yaml", "x.json"][..], "选项的值无效"),
        (&["chek", "x.json"][..], "没有这个命令"),
        (&["check", "--no-such-option", "x.json"][..], "无法识别的选项或参数"),
    ] {
        let output = jixiao().args(args).output().expect("run");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        let first = stderr.lines().next().unwrap_or_default();
        assert!(first.contains(hint) && first.contains("jixiao --help"), "{args:?}: {stderr}");
        assert!(stderr.contains("error:") && stderr.contains("try '--help'"), "{args:?}: {stderr}");
    }
    // Help is not an error: it goes to standard output, with nothing before it.
    let output = jixiao().args(["check", "--help"]).output().expect("run");
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stderr.is_empty());
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("检查报告"));
}

#[test]
fn json_output_carries_the_contract_fields() {
    let (_, out) = json_of(&["check", "--no-default-rules", "tests/fixtures/load/wrong-type.json"]);
    assert_eq!(out["version"], 1);
    assert_eq!(out["tool"]["name"], "jixiao");
    assert!(out["tool"]["version"].is_string());
    let file = &out["files"][0];
    assert_eq!(file["path"], "tests/fixtures/load/wrong-type.json");
    let d = &file["diagnostics"][0];
    assert_eq!(d["rule"], "schema");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["pointer"], "/budget/adjusted");
    // `"两千三百万"` sits on line 7; columns count characters, so the CJK text after it does
    // not shift the end column by bytes.
    assert_eq!(d["line"], 7);
    assert_eq!(d["column"], 27);
    assert_eq!(d["end_line"], 7);
    assert_eq!(d["end_column"], 34);
    for key in ["message", "help", "basis", "actual", "expected"] {
        assert!(d.get(key).is_some(), "key {key} missing");
    }
    assert_eq!(out["summary"]["files"], 1);
    assert_eq!(out["summary"]["errors"], 1);
}

#[test]
fn directories_are_searched_and_files_sorted() {
    let (_, out) = json_of(&["check", "--no-default-rules", "--fail-on", "never", "tests/fixtures/load"]);
    let paths: Vec<&str> =
        out["files"].as_array().expect("files").iter().filter_map(|f| f["path"].as_str()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert_eq!(paths.len(), 6);
}

#[test]
fn schema_command_prints_the_report_schema() {
    let output = jixiao().arg("schema").output().expect("run");
    assert_eq!(output.status.code(), Some(0));
    let schema: Value = serde_json::from_slice(&output.stdout).expect("schema is JSON");
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert!(schema["$id"].is_string());
}

#[test]
fn seed_example_loads_and_validates_cleanly() {
    let (_, out) = json_of(&["check", "--no-default-rules", "examples/huadu-2022.json"]);
    let diagnostics = out["files"][0]["diagnostics"].as_array().expect("diagnostics");
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
}

#[test]
fn sarif_links_rules_to_their_official_sources_on_stdout_and_in_files() {
    let output =
        jixiao().args(["check", "examples/huadu-2022.json", "--format", "sarif"]).output().expect("run");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("\"helpUri\": \"http"), "a rule of the pack cites an official page");
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("out.sarif");
    jixiao()
        .args(["check", "examples/huadu-2022.json", "--format", "concise", "--output"])
        .arg(format!("sarif={}", file.display()))
        .output()
        .expect("run");
    let written = std::fs::read_to_string(&file).expect("the SARIF file");
    assert!(written.contains("\"helpUri\": \"http"));
}

/// `--quiet` prints only the summary; everything else a run writes is what it writes without
/// `--quiet`: other formats, `--output` files, and baselines, whose keys fingerprint each
/// finding's value where it stands in the report.
#[test]
fn quiet_changes_only_what_the_human_format_prints() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    let inputs = ["examples/huadu-2022.json", "examples/project-sample.json", "tests/fixtures/hostile"];
    let run = |extra: &[&str]| {
        let output = jixiao()
            .arg("check")
            .args(inputs)
            .args(["--no-config", "--color", "never"])
            .args(extra)
            .output()
            .expect("run");
        (output.status.code(), String::from_utf8(output.stdout).expect("utf-8"))
    };
    let (code, full) = run(&[]);
    let (quiet_code, quiet) = run(&["--quiet"]);
    assert_eq!(quiet_code, code);
    assert!(quiet.starts_with("部门") && full.ends_with(&format!("\n\n{quiet}")), "{quiet}\n---\n{full}");

    // Outputs this long are compared without printing them.
    let (_, json) = run(&["--format", "json"]);
    assert!(run(&["--quiet", "--format", "json"]) == (code, json.clone()), "--quiet changed the JSON");
    let (_, also_quiet) = run(&["--quiet", "--output", &format!("json={}", file("out.json"))]);
    assert_eq!(also_quiet, quiet);
    assert!(std::fs::read_to_string(file("out.json")).expect("--output written") == json, "--output differs");

    run(&["--write-baseline", &file("full.baseline")]);
    run(&["--quiet", "--write-baseline", &file("quiet.baseline")]);
    let baseline = std::fs::read_to_string(file("full.baseline")).expect("baseline written");
    assert!(baseline.contains("fingerprint"));
    let quiet_baseline = std::fs::read_to_string(file("quiet.baseline")).expect("baseline written");
    assert!(quiet_baseline == baseline, "--quiet changed the baseline");
    // Every finding is in the baseline, so none is left, with `--quiet` or without.
    let (code, accepted) = run(&["--quiet", "--baseline", &file("full.baseline")]);
    assert_eq!(code, Some(0), "{accepted}");
    assert_eq!(run(&["--baseline", &file("full.baseline")]).0, Some(0));
}
