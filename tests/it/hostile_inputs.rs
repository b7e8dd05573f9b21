//! Whatever departments upload, jixiao answers with a diagnostic and carries on: each case here
//! runs the command line on one kind of bad input and asserts the exit code, the diagnostic codes
//! and where they point (`--format json`), and that no output shows a raw panic.
//!
//! Small cases are files under `tests/fixtures/hostile/` (derived from `clean.json`, a report
//! every built-in rule accepts); binary, re-encoded and large cases are generated into a
//! temporary directory. The 50 MB report runs through the release binary with `--ignored`; a
//! 5 MB report of the same shape runs every time.

use crate::util::jixiao;
use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

const FIXTURES: &str = "tests/fixtures/hostile";

/// One run of `jixiao check … --format json`.
struct Outcome {
    code: i32,
    json: Value,
    stderr: String,
}

impl Outcome {
    /// (rule, line, column) of every diagnostic of the file whose path ends with `name`.
    fn diagnostics(&self, name: &str) -> Vec<(String, Option<u64>, Option<u64>)> {
        self.file(name)["diagnostics"]
            .as_array()
            .map(|list| {
                list.iter()
                    .map(|d| {
                        (
                            d["rule"].as_str().unwrap_or("").to_string(),
                            d["line"].as_u64(),
                            d["column"].as_u64(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    fn file(&self, name: &str) -> &Value {
        self.json["files"]
            .as_array()
            .and_then(|files| files.iter().find(|f| f["path"].as_str().is_some_and(|p| p.ends_with(name))))
            .unwrap_or_else(|| panic!("no file {name} in {}", self.json))
    }

    /// The message of the first diagnostic of `name` with code `rule`.
    fn message(&self, name: &str, rule: &str) -> String {
        self.file(name)["diagnostics"]
            .as_array()
            .and_then(|list| list.iter().find(|d| d["rule"] == rule))
            .and_then(|d| d["message"].as_str())
            .unwrap_or_else(|| panic!("no {rule} diagnostic for {name}"))
            .to_string()
    }
}

/// Asserts that nothing a person sees looks like a crash of jixiao itself.
fn assert_no_panic(stdout: &str, stderr: &str) {
    for output in [stdout, stderr] {
        for marker in ["panicked", "RUST_BACKTRACE", "stack overflow", "has overflowed its stack"] {
            assert!(!output.contains(marker), "output contains {marker:?}:\n{output}");
        }
    }
}

fn run_json(mut cmd: Command, args: &[&str]) -> Outcome {
    let output = cmd.arg("check").args(args).args(["--format", "json"]).output().expect("run jixiao");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_no_panic(&stdout, &stderr);
    let json = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{stdout}\n{stderr}"));
    Outcome { code: output.status.code().unwrap_or(-1), json, stderr }
}

fn check(args: &[&str]) -> Outcome {
    run_json(jixiao(), args)
}

/// Runs the human format too, which draws the source around every span: it must not fail where
/// the JSON format succeeds.
fn check_human(args: &[&str]) -> i32 {
    let output = jixiao().arg("check").args(args).args(["--color", "never"]).output().expect("run jixiao");
    assert_no_panic(&String::from_utf8_lossy(&output.stdout), &String::from_utf8_lossy(&output.stderr));
    output.status.code().unwrap_or(-1)
}

type Expected<'a> = &'a [(&'a str, Option<u64>, Option<u64>)];

/// Checks one fixture with the built-in rules: exit code and the exact diagnostics, in order.
fn assert_fixture(name: &str, code: i32, expected: Expected) {
    let path = format!("{FIXTURES}/{name}");
    let out = check(&[&path]);
    let found = out.diagnostics(name);
    let expected: Vec<_> = expected.iter().map(|(r, l, c)| (r.to_string(), *l, *c)).collect();
    assert_eq!(found, expected, "{name}: {}", out.json);
    assert_eq!(out.code, code, "{name}: {}", out.json);
    assert_eq!(check_human(&[&path]), code, "{name} (human format)");
}

fn fixture_text(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURES).join(name)).expect("fixture")
}

#[test]
fn clean_report_has_no_findings() {
    assert_fixture("clean.json", 0, &[]);
}

#[test]
fn empty_file() {
    assert_fixture("empty.json", 1, &[("invalid-json", Some(1), Some(1))]);
    let out = check(&[&format!("{FIXTURES}/empty.json")]);
    assert_eq!(out.message("empty.json", "invalid-json"), "文件为空");
}

#[test]
fn prose_instead_of_json() {
    assert_fixture("prose.json", 1, &[("invalid-json", Some(1), Some(1))]);
    let out = check(&[&format!("{FIXTURES}/prose.json")]);
    assert_eq!(out.message("prose.json", "invalid-json"), "文件内容不是 JSON：报告应以 { 开头");
}

#[test]
fn truncated_document() {
    // Cut off after `"executed": 2` on line 12.
    assert_fixture("truncated.json", 1, &[("invalid-json", Some(12), Some(19))]);
    let out = check(&[&format!("{FIXTURES}/truncated.json")]);
    assert_eq!(out.message("truncated.json", "invalid-json"), "文件意外结束：缺少逗号或右花括号");
}

#[test]
fn random_bytes() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A fixed generator, so the bytes (and the offset named in the message) never change.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes: Vec<u8> = (0..64 * 1024)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    let path = dir.path().join("random.json");
    std::fs::write(&path, &bytes).expect("write");
    let shown = path.to_string_lossy().into_owned();
    let out = check(&[&shown]);
    // There is no text, so there is no line to point at; the message names the byte offset.
    assert_eq!(out.diagnostics("random.json"), [("encoding".to_string(), None, None)]);
    assert!(out.message("random.json", "encoding").contains("无法解码"), "{}", out.json);
    assert_eq!(out.code, 1);
    assert_eq!(check_human(&[&shown]), 1);
}

#[test]
fn nan_and_infinity_tokens() {
    assert_fixture("nan.json", 1, &[("invalid-json", Some(13), Some(27))]);
    assert_fixture("infinity.json", 1, &[("invalid-json", Some(12), Some(17))]);
    let out = check(&[&format!("{FIXTURES}/nan.json")]);
    assert_eq!(out.message("nan.json", "invalid-json"), "NaN/Infinity 不是合法的 JSON 数值");
}

#[test]
fn trailing_comma() {
    assert_fixture("trailing-comma.json", 1, &[("invalid-json", Some(13), Some(32))]);
}

#[test]
fn comments() {
    assert_fixture("comments.json", 1, &[("invalid-json", Some(9), Some(3))]);
    let out = check(&[&format!("{FIXTURES}/comments.json")]);
    assert_eq!(out.message("comments.json", "invalid-json"), "JSON 不支持注释");
}

#[test]
fn top_level_array() {
    assert_fixture("top-level-array.json", 1, &[("schema", Some(1), Some(1))]);
}

#[test]
fn string_where_an_amount_belongs() {
    assert_fixture("string-amount.json", 1, &[("schema", Some(11), Some(17))]);
}

#[test]
fn exponent_beyond_any_decimal() {
    assert_fixture("exponent-400.json", 1, &[("number-out-of-range", Some(12), Some(17))]);
}

#[test]
fn forty_digit_amount() {
    assert_fixture("amount-40-digits.json", 1, &[("number-out-of-range", Some(11), Some(17))]);
}

#[test]
fn zero_budget_does_not_divide_by_zero() {
    // Nothing adjusted, nothing spent: the rate is undefined on a zero base, so the rate rules
    // stay silent, the stated rate of 0% included.
    assert_fixture("zero-budget.json", 0, &[]);
    // Spending against a zero budget is reported; the rate in the message is not computable.
    assert_fixture("zero-budget-spent.json", 1, &[("executed-exceeds-budget", Some(12), Some(17))]);
}

#[test]
fn negative_amounts() {
    assert_fixture(
        "negative-amounts.json",
        1,
        &[("budget-amount-negative", Some(11), Some(17)), ("budget-amount-negative", Some(12), Some(17))],
    );
    let out = check(&[&format!("{FIXTURES}/negative-amounts.json")]);
    assert_eq!(out.message("negative-amounts.json", "budget-amount-negative"), "预算金额 -2322.6万元 为负数");
}

#[test]
fn two_hundred_thousand_levels_of_nesting() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in [
        ("arrays.json", "[".repeat(200_000) + &"]".repeat(200_000)),
        ("objects.json", "{\"a\":".repeat(200_000) + "1" + &"}".repeat(200_000)),
        ("unclosed.json", "[".repeat(200_000)),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write");
        let shown = path.to_string_lossy().into_owned();
        let out = check(&[&shown]);
        // The 257th bracket is the first one too deep; an object level is 5 characters wide.
        let column = if name == "objects.json" { 5 * 256 + 1 } else { 257 };
        assert_eq!(out.diagnostics(name), [("invalid-json".to_string(), Some(1), Some(column))], "{name}");
        assert_eq!(out.message(name, "invalid-json"), "嵌套层数超过上限 256 层");
        assert_eq!(out.code, 1);
    }
}

#[test]
fn duplicate_keys() {
    assert_fixture("duplicate-keys.json", 1, &[("duplicate-key", Some(10), Some(3))]);
    let out = check(&[&format!("{FIXTURES}/duplicate-keys.json")]);
    assert_eq!(
        out.message("duplicate-keys.json", "duplicate-key"),
        "键 \"amount_unit\" 在同一对象中重复出现（第一次在第 9 行）"
    );
}

#[test]
fn lone_surrogate_escape() {
    assert_fixture("lone-surrogate.json", 1, &[("invalid-json", Some(7), Some(18))]);
}

/// The clean report with a text where the adjusted budget belongs, so that the encoded copies
/// have a finding whose position shows the text was decoded correctly.
fn report_with_a_finding() -> String {
    fixture_text("string-amount.json")
}

#[test]
fn utf16_with_and_without_bom() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = report_with_a_finding();
    let mut names = Vec::new();
    for (name, bom, big_endian) in [
        ("le-bom.json", true, false),
        ("be-bom.json", true, true),
        ("le.json", false, false),
        ("be.json", false, true),
    ] {
        let mut bytes = Vec::new();
        if bom {
            bytes.extend_from_slice(if big_endian { &[0xFE, 0xFF] } else { &[0xFF, 0xFE] });
        }
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
        }
        std::fs::write(dir.path().join(name), bytes).expect("write");
        names.push(name);
    }
    let shown = dir.path().to_string_lossy().into_owned();
    let out = check(&[&shown]);
    for name in names {
        assert_eq!(out.diagnostics(name), [("schema".to_string(), Some(11), Some(17))], "{name}");
    }
    assert_eq!(out.code, 1);
    assert_eq!(check_human(&[&shown]), 1);
}

#[test]
fn gb18030_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = report_with_a_finding();
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    let path = dir.path().join("gbk.json");
    std::fs::write(&path, &bytes).expect("write");
    let shown = path.to_string_lossy().into_owned();
    let out = check(&[&shown]);
    // The note about the encoding belongs to the whole file; the finding is located in the
    // decoded text, counting Chinese characters as one column each.
    assert_eq!(
        out.diagnostics("gbk.json"),
        [("encoding".to_string(), None, None), ("schema".to_string(), Some(11), Some(17))]
    );
    assert_eq!(out.file("gbk.json")["diagnostics"][0]["severity"], "info");
    assert_eq!(out.code, 1);
    assert_eq!(check_human(&[&shown]), 1);
}

/// A report of `indicators` quantified indicators (each accepted by every built-in rule) with an
/// executed amount above the budget after them, so the one finding sits at the very end of the
/// file and locating it means scanning past every indicator.
fn big_report(indicators: usize) -> String {
    let mut text = String::with_capacity(indicators * 260 + 1024);
    text.push_str(
        "{\"schema_version\": \"1\", \"kind\": \"department_overall\", \"fiscal_year\": 2022,\n\
         \"department\": {\"name\": \"示例区财政局\"}, \"amount_unit\": \"元\",\n\
         \"problems\": [\"部分项目支出进度偏慢\"], \"improvements\": [\"按月跟踪项目支出进度\"],\n",
    );
    text.push_str(&format!("\"declared_indicator_count\": {indicators},\n\"indicators\": [\n"));
    let levels =
        [("产出指标", "数量指标"), ("效益指标", "社会效益指标"), ("满意度指标", "服务对象满意度指标")];
    for i in 0..indicators {
        let (level1, level2) = levels[i % levels.len()];
        if i > 0 {
            text.push_str(",\n");
        }
        text.push_str(&format!(
            "{{\"name\": \"第{i}项指标：培训基层干部人次\", \"level1\": \"{level1}\", \"level2\": \"{level2}\", \
             \"target\": {{\"comparator\": \"≥\", \"value\": 3000, \"unit\": \"人次\"}}, \
             \"actual\": {{\"value\": 3600}}, \"completed\": true, \"x-source\": \"自评表第{i}行\"}}"
        ));
    }
    text.push_str("\n],\n\"budget\": {\"adjusted\": 100, \"executed\": 120}\n}\n");
    text
}

/// Checks a generated big report with `cmd`; returns the line the finding is expected on.
fn check_big_report(cmd: Command, indicators: usize, min_bytes: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = big_report(indicators);
    assert!(text.len() >= min_bytes, "{} bytes", text.len());
    let lines = text.lines().count() as u64;
    let path = dir.path().join("big.json");
    std::fs::write(&path, &text).expect("write");
    drop(text);
    let shown = path.to_string_lossy().into_owned();
    let out = run_json(cmd, &[&shown]);
    assert_eq!(
        out.diagnostics("big.json"),
        [("executed-exceeds-budget".to_string(), Some(lines - 1), Some(41))]
    );
    assert_eq!(out.code, 1);
}

#[test]
fn five_megabyte_report() {
    check_big_report(jixiao(), 20_000, 5_000_000);
}

/// `cargo test --test it hostile_inputs -- --ignored` (builds and uses the release binary).
#[test]
#[ignore = "builds the release binary and checks a 50 MB report"]
fn fifty_megabyte_report_with_two_hundred_thousand_indicators() {
    let root = env!("CARGO_MANIFEST_DIR");
    let status = std::process::Command::new(env!("CARGO"))
        .args(["build", "--release", "--bin", "jixiao"])
        .current_dir(root)
        .status()
        .expect("cargo build --release");
    assert!(status.success());
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| Path::new(root).join("target"), PathBuf::from);
    let mut cmd = Command::new(target.join("release").join("jixiao"));
    cmd.current_dir(root);
    check_big_report(cmd, 200_000, 50_000_000);
}

#[test]
fn file_size_limit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.json");
    std::fs::write(&path, big_report(5_000)).expect("write");
    let shown = path.to_string_lossy().into_owned();
    let out = check(&["--max-file-size", "1", &shown]);
    assert_eq!(out.diagnostics("big.json"), [("io".to_string(), None, None)]);
    let message = out.message("big.json", "io");
    assert!(message.contains("超过上限 1048576 字节"), "{message}");
    assert_eq!(out.code, 2);
}

#[test]
fn path_that_does_not_exist() {
    let out = check(&[&format!("{FIXTURES}/no-such-report.json"), &format!("{FIXTURES}/clean.json")]);
    assert_eq!(out.diagnostics("no-such-report.json"), [("io".to_string(), None, None)]);
    assert!(out.message("no-such-report.json", "io").contains("不存在"));
    assert_eq!(out.diagnostics("clean.json"), []);
    assert_eq!(out.code, 2);
}

#[cfg(unix)]
#[test]
fn symlink_loop_in_a_directory_walk() {
    let dir = tempfile::tempdir().expect("temp dir");
    let reports = dir.path().join("reports");
    std::fs::create_dir_all(reports.join("a")).expect("mkdir");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURES).join("clean.json"),
        reports.join("a/r.json"),
    )
    .expect("copy");
    // A link back up the tree, a link to itself, and a `.json` link that loops.
    std::os::unix::fs::symlink("..", reports.join("a/up")).expect("symlink");
    std::os::unix::fs::symlink("self", reports.join("self")).expect("symlink");
    std::os::unix::fs::symlink("loop.json", reports.join("loop.json")).expect("symlink");
    let out = check(&[&reports.to_string_lossy()]);
    let paths: Vec<&str> =
        out.json["files"].as_array().expect("files").iter().filter_map(|f| f["path"].as_str()).collect();
    assert_eq!(paths.len(), 2, "{paths:?}");
    assert_eq!(out.diagnostics("a/r.json"), []);
    assert_eq!(out.diagnostics("loop.json"), [("io".to_string(), None, None)]);
    assert!(out.message("loop.json", "io").contains("符号链接循环"), "{}", out.json);
    assert_eq!(out.code, 2);
}

#[cfg(unix)]
#[test]
fn fifo_and_device_among_the_inputs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("pipe.json");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success());
    assert!(made, "mkfifo");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURES).join("clean.json"),
        dir.path().join("r.json"),
    )
    .expect("copy");
    // Found while walking a directory, a FIFO is not a report and is passed over without blocking.
    let out = check(&[&dir.path().to_string_lossy()]);
    assert_eq!(out.json["files"].as_array().map(Vec::len), Some(1), "{}", out.json);
    assert_eq!(out.code, 0);
    // Named explicitly, it is refused, and so is a device; the other input is still checked.
    let fifo_shown = fifo.to_string_lossy().into_owned();
    let out = check(&[&fifo_shown, "/dev/null", &dir.path().join("r.json").to_string_lossy()]);
    for name in ["pipe.json", "/dev/null"] {
        assert_eq!(out.diagnostics(name), [("io".to_string(), None, None)], "{name}");
        assert!(out.message(name, "io").contains("不是普通文件"), "{name}");
    }
    assert_eq!(out.diagnostics("r.json"), []);
    assert_eq!(out.code, 2);
}

#[test]
fn a_panic_on_one_file_spares_the_rest_of_the_batch() {
    // The switch that makes the check of a named file panic exists only in debug builds of
    // jixiao (`cargo test`); under `cargo test --release` the binary has none.
    if !cfg!(debug_assertions) {
        eprintln!(
            "a_panic_on_one_file_spares_the_rest_of_the_batch: NOT RUN: release builds have no switch \
             to make a check panic; run `cargo test` without `--release`"
        );
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let clean = fixture_text("clean.json");
    for name in ["a.json", "b.json", "c.json"] {
        std::fs::write(dir.path().join(name), &clean).expect("write");
    }
    std::fs::write(dir.path().join("d.json"), fixture_text("negative-amounts.json")).expect("write");
    let shown = dir.path().to_string_lossy().into_owned();
    let mut cmd = jixiao();
    cmd.env("JIXIAO_TEST_PANIC_ON", "b.json");
    let out = run_json(cmd, &[&shown]);
    assert_eq!(out.code, 3);
    assert_eq!(out.diagnostics("b.json"), [("internal-error".to_string(), None, None)]);
    let message = out.message("b.json", "internal-error");
    assert!(
        message.contains("b.json") && message.contains("请将该文件和此信息报告给 jixiao 的维护者"),
        "{message}"
    );
    assert_eq!(out.diagnostics("a.json"), []);
    assert_eq!(out.diagnostics("c.json"), []);
    assert_eq!(out.diagnostics("d.json").len(), 2);

    // The human format says the same, and so does every file written alongside.
    let report = dir.path().join("out").join("report.sarif");
    std::fs::create_dir_all(report.parent().expect("parent")).expect("mkdir");
    let output = jixiao()
        .env("JIXIAO_TEST_PANIC_ON", "b.json")
        .args(["check", "--color", "never", &shown, "--output", &format!("sarif={}", report.display())])
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_no_panic(&stdout, &String::from_utf8_lossy(&output.stderr));
    assert_eq!(output.status.code(), Some(3));
    assert!(stdout.contains("internal-error") && stdout.contains("b.json"), "{stdout}");
    let sarif = std::fs::read_to_string(&report).expect("sarif written");
    assert!(sarif.contains("internal-error"));
}

#[test]
fn outputs_never_overwrite_inputs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let clean = fixture_text("clean.json");
    let input = dir.path().join("r.json");
    std::fs::write(&input, &clean).expect("write");
    let shown = dir.path().to_string_lossy().into_owned();
    // The input itself, named directly, through the directory, or through a symbolic link.
    #[cfg(unix)]
    std::os::unix::fs::symlink("r.json", dir.path().join("link.json")).expect("symlink");
    let mut targets = vec![input.clone()];
    #[cfg(unix)]
    targets.push(dir.path().join("link.json"));
    for target in &targets {
        for inputs in [vec![input.to_string_lossy().into_owned()], vec![shown.clone()]] {
            let output = jixiao()
                .arg("check")
                .args(&inputs)
                .args(["--output", &format!("json={}", target.display())])
                .output()
                .expect("run");
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_no_panic(&String::from_utf8_lossy(&output.stdout), &stderr);
            assert_eq!(output.status.code(), Some(2), "{stderr}");
            assert!(stderr.contains("拒绝写入"), "{stderr}");
            let output = jixiao()
                .arg("remediate")
                .args(&inputs)
                .args(["-o", &target.to_string_lossy()])
                .output()
                .expect("run");
            assert_eq!(output.status.code(), Some(2));
        }
    }
    assert_eq!(std::fs::read_to_string(&input).expect("input"), clean, "the input was changed");

    // A new file next to the input is written whole, and no temporary file is left behind.
    let written = dir.path().join("out.sarif");
    let out = check(&[&input.to_string_lossy(), "--output", &format!("sarif={}", written.display())]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(&written).expect("written")).expect("SARIF");
    assert_eq!(sarif["version"], "2.1.0");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
