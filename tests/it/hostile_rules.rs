//! Rule files written by people who are not programmers: every mistake is an error when the rules
//! load (exit code 2) that names the file, line and column in the TOML, and no rule, however
//! pathological, makes a check hang or crash.
//!
//! Fixtures are under `tests/fixtures/hostile-rules/`, each a copy of `valid.toml` with one
//! mistake; huge and deeply nested cases are generated into a temporary directory.

use assert_cmd::Command;
use std::path::Path;

const FIXTURES: &str = "tests/fixtures/hostile-rules";
const REPORT: &str = "examples/huadu-2022.json";

fn jixiao() -> Command {
    // A fixed width (from `util`) and no colour keep the drawn errors the same on every terminal.
    let mut cmd = crate::util::jixiao();
    cmd.env("NO_COLOR", "1");
    cmd
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let output = jixiao().args(args).output().expect("run jixiao");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    for text in [&stdout, &stderr] {
        for marker in ["panicked", "RUST_BACKTRACE", "has overflowed its stack"] {
            assert!(!text.contains(marker), "output contains {marker:?}:\n{}", short(text));
        }
    }
    Run { code: output.status.code().unwrap_or(-1), stdout, stderr }
}

/// The start of a long output, for assertion messages: a drawn 100 KB line helps nobody.
fn short(text: &str) -> String {
    text.chars().take(2000).collect()
}

fn check_with(rules: &str) -> Run {
    run(&["check", "--no-default-rules", "--no-config", "--rules", rules, REPORT])
}

/// Loads `file` with `check` and with `test`: both refuse it with exit code 2, the error drawn
/// under a `[file:line:column]` header, and the message containing `message`. Returns the
/// `check` run's standard error.
fn assert_rule_error(file: &str, line: usize, column: usize, message: &str) -> String {
    let header = format!("[{file}:{line}:{column}]");
    let checked = check_with(file);
    assert_eq!(checked.code, 2, "{file}:\n{}", short(&checked.stderr));
    assert!(checked.stdout.is_empty(), "no report is checked with broken rules:\n{}", short(&checked.stdout));
    assert!(checked.stderr.contains("rule-file"), "{}", short(&checked.stderr));
    assert!(checked.stderr.contains(&header), "expected {header} in:\n{}", short(&checked.stderr));
    assert!(checked.stderr.contains(message), "expected {message:?} in:\n{}", short(&checked.stderr));
    let tested = run(&["test", file]);
    assert_eq!(tested.code, 2, "jixiao test {file}:\n{}", short(&tested.stderr));
    assert!(tested.stderr.contains(&header), "jixiao test {file}:\n{}", short(&tested.stderr));
    checked.stderr
}

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

fn valid_rule() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURES).join("valid.toml"))
        .expect("valid.toml")
}

/// `valid.toml` with its `assert` line replaced, written into `dir`.
fn with_assert(dir: &Path, name: &str, assert_line: &str) -> String {
    let text: String = valid_rule()
        .lines()
        .map(|line| if line.starts_with("assert ") { assert_line.to_string() } else { line.to_string() })
        .map(|line| line + "\n")
        .collect();
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write rule");
    path.to_string_lossy().into_owned()
}

#[test]
fn the_valid_rule_loads_and_runs() {
    let out = check_with(&fixture("valid.toml"));
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn misspelt_key() {
    let stderr =
        assert_rule_error(&fixture("unknown-key.toml"), 10, 1, "未知的键 `mesage`；你是否想用 `message`？");
    insta::assert_snapshot!("unknown_key", stderr);
}

#[test]
fn a_source_s_verified_must_be_one_of_three_words() {
    assert_rule_error(&fixture("source-verified.toml"), 15, 12, "original");
}

#[test]
fn a_source_s_url_must_be_a_web_address() {
    assert_rule_error(&fixture("source-url.toml"), 15, 12, "来源的 `url` 应为以 http:// 或 https:// 开头");
}

#[test]
fn unknown_function() {
    let stderr =
        assert_rule_error(&fixture("unknown-function.toml"), 9, 13, "未知函数 `summ`（unknown function）");
    insta::assert_snapshot!("unknown_function", stderr);
}

#[test]
fn unknown_function_after_escaped_quotes() {
    // `\"` in a basic string is two characters in the file but one in the expression: the column
    // is the one in the file.
    assert_rule_error(
        &fixture("unknown-function-escaped.toml"),
        9,
        50,
        "未知函数 `summ`（unknown function）",
    );
}

#[test]
fn type_error() {
    let stderr = assert_rule_error(&fixture("type-error.toml"), 9, 26, "类型错误（type error）");
    insta::assert_snapshot!("type_error", stderr);
}

#[test]
fn toml_syntax_error() {
    assert_rule_error(&fixture("syntax-error.toml"), 3, 20, "规则文件无法解析");
}

#[test]
fn unknown_name() {
    assert_rule_error(&fixture("unknown-name.toml"), 9, 13, "未知名称 `rate`");
}

#[test]
fn invalid_severity() {
    assert_rule_error(&fixture("bad-severity.toml"), 3, 12, "严重程度 `fatal` 无效");
}

#[test]
fn invalid_jsonpath() {
    assert_rule_error(&fixture("bad-jsonpath.toml"), 8, 12, "JSONPath `$.budget[` 无效");
}

#[test]
fn regex_whose_automaton_is_too_big() {
    // `(a{1000}){1000}` is short to write but a million states to compile: refused at load.
    let stderr = assert_rule_error(&fixture("regex-too-big.toml"), 9, 29, "正则表达式无效（invalid regex）");
    assert!(stderr.contains("size limit"), "{stderr}");
}

#[test]
fn long_regex_and_huge_expression() {
    let dir = tempfile::tempdir().expect("temp dir");
    // 20 000 characters: within the expression limit, beyond the pattern limit.
    let long = with_assert(
        dir.path(),
        "long.toml",
        &format!("assert   = 'matches(@.name, \"{}\")'", "a".repeat(20_000)),
    );
    assert_rule_error(&long, 9, 29, "正则表达式过长：超过 1000 个字符（regex too long）");
    // 100 KB: the whole expression is refused before it is parsed.
    let huge = with_assert(
        dir.path(),
        "huge.toml",
        &format!("assert   = 'matches(@.name, \"{}\")'", "a".repeat(100_000)),
    );
    assert_rule_error(&huge, 9, 13, "表达式过长：100019 字节，上限 65536 字节（expression too long）");
}

#[test]
fn ten_thousand_levels_of_expression() {
    let dir = tempfile::tempdir().expect("temp dir");
    let parens = with_assert(
        dir.path(),
        "parens.toml",
        &format!("assert   = \"{}1{} > 0\"", "(".repeat(10_000), ")".repeat(10_000)),
    );
    // The 65th bracket is the first one too deep.
    assert_rule_error(&parens, 9, 13 + 64, "嵌套过深：超过 64 层（nesting too deep）");
    let nots = with_assert(dir.path(), "nots.toml", &format!("assert   = \"{}true\"", "not ".repeat(10_000)));
    assert_rule_error(&nots, 9, 13 + 64 * 4, "嵌套过深");
    // A flat chain is no deeper in the text but builds a tall tree.
    let chain =
        with_assert(dir.path(), "chain.toml", &format!("assert   = \"1{} > 0\"", " + 1".repeat(10_000)));
    assert_rule_error(&chain, 9, 13, "表达式层次过多");
}

#[test]
fn deeply_nested_toml() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("deep.toml");
    std::fs::write(&path, format!("{}x = {}{}\n", valid_rule(), "[".repeat(10_000), "]".repeat(10_000)))
        .expect("write");
    let shown = path.to_string_lossy().into_owned();
    let out = check_with(&shown);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains(&format!("[{shown}:12:")), "{}", out.stderr);
    assert!(out.stderr.contains("规则文件无法解析"), "{}", out.stderr);
}

#[test]
fn rule_file_that_is_not_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("binary.toml");
    std::fs::write(&path, b"id = \"x\"\n\xFF\xFE\x00\x01").expect("write");
    let out = check_with(&path.to_string_lossy());
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("不是 UTF-8 文本"), "{}", out.stderr);
}

#[test]
fn rule_path_that_does_not_exist() {
    let out = check_with(&fixture("no-such-rule.toml"));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("无法读取规则路径"), "{}", out.stderr);
}

#[test]
fn select_everything_of_a_large_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    // About 1 MB and 110 000 values, every one of them a match of `$..*` and a finding.
    let items: Vec<String> = (0..10_000)
        .map(|i| format!("{{\"name\": \"第{i}项\", \"target\": {{\"value\": {i}, \"unit\": \"人次\"}}, \"tags\": [1, 2, \"x\"]}}"))
        .collect();
    let report = format!(
        "{{\"schema_version\": \"1\", \"kind\": \"department_overall\", \"fiscal_year\": 2022, \
         \"department\": {{\"name\": \"示例部门\"}}, \"x-items\": [\n{}\n]}}\n",
        items.join(",\n")
    );
    let path = dir.path().join("large.json");
    std::fs::write(&path, &report).expect("write");
    let output = jixiao()
        .args(["check", "--no-default-rules", "--no-config", "--rules", &fixture("select-everything.toml")])
        .arg(&path)
        .args(["--format", "json"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON output");
    let diagnostics = json["files"][0]["diagnostics"].as_array().expect("diagnostics");
    // Every value below the root: 5 top-level members and the department's name, then per item
    // the item, its 3 members, the target's 2 and the 3 tags.
    assert_eq!(diagnostics.len(), 6 + 10_000 * 9);
    assert!(diagnostics.iter().all(|d| d["rule"] == "my-check" && d["line"].is_u64()));
    assert_eq!(json["summary"]["warnings"], 6 + 10_000 * 9);
}
