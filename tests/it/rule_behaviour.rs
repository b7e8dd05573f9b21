//! What the rules say about real reports, and how profiles, parameters, `jixiao.toml` and user
//! rule packs change it — through the command line, as users run it.

use assert_cmd::Command;
use jixiao::rules::LoadOptions;
use serde_json::Value;
use std::collections::BTreeMap;

fn run_json(args: &[&str]) -> (i32, Vec<Value>) {
    let mut cmd = Command::cargo_bin("jixiao").expect("binary");
    let output = cmd
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .args(["--format", "json", "--no-config"])
        .output()
        .expect("run");
    let value: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let diagnostics = value["files"][0]["diagnostics"].as_array().cloned().unwrap_or_default();
    (output.status.code().unwrap_or(-1), diagnostics)
}

fn counts(diagnostics: &[Value]) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for d in diagnostics {
        *out.entry(d["rule"].as_str().unwrap_or("").to_string()).or_default() += 1;
    }
    out
}

#[test]
fn huadu_2022_tour() {
    let (code, diagnostics) = run_json(&["check", "examples/huadu-2022.json"]);
    // Warnings and notes only: the report is not bounced outright.
    assert_eq!(code, 0);
    let found = counts(&diagnostics);
    let expected: BTreeMap<String, usize> = [
        // Every indicator's target is prose: none can be shown to be met.
        ("indicator-not-quantified", 9),
        // "共设定了10个绩效指标" but the table lists 9.
        ("indicator-count-mismatch", 1),
        // "3600 多人次", "3400 多人次": approximate actual values.
        ("indicator-approximate-value", 2),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(found, expected);
    let count = diagnostics.iter().find(|d| d["rule"] == "indicator-count-mismatch").expect("count finding");
    assert_eq!(count["pointer"], "/declared_indicator_count");
    // The underlined value is the declared 10; what it should say is the 9 listed.
    assert!(count["actual"].as_str().is_some_and(|a| a.contains("10")), "{count}");
    assert!(count["expected"].as_str().is_some_and(|e| e.contains('9')), "{count}");
    // Nothing on what the report got right: 2233.44 / 2322.6 = 96.16% printed as 96.2%, 95.16
    // points graded 优, and 109 new on a base of 449 = 24.3% printed as 24%.
    for quiet in ["execution-rate-mismatch", "grade-mismatch", "claimed-rate-mismatch", "execution-rate-low"]
    {
        assert!(!found.contains_key(quiet), "{quiet} fired on the seed report");
    }
}

#[test]
fn consistent_project_report_is_clean() {
    let (code, diagnostics) = run_json(&["check", "examples/project-sample.json"]);
    assert_eq!(code, 0);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
}

/// What the pack says about one fixture report under `tests/fixtures/reports/`, with extra
/// command-line arguments (parameters).
fn fixture_findings(name: &str, extra: &[&str]) -> Vec<Value> {
    let path = format!("tests/fixtures/reports/{name}");
    let mut args = vec!["check", path.as_str()];
    args.extend_from_slice(extra);
    run_json(&args).1
}

fn expect_counts(diagnostics: &[Value], expected: &[(&str, usize)]) {
    let expected: BTreeMap<String, usize> = expected.iter().map(|(k, v)| ((*k).to_string(), *v)).collect();
    assert_eq!(counts(diagnostics), expected, "{diagnostics:#?}");
}

#[test]
fn an_empty_indicator_table_is_one_error_saying_no_indicator_was_set() {
    let diagnostics = fixture_findings("project-indicators-empty.json", &[]);
    expect_counts(&diagnostics, &[("indicator-dimension-missing", 1)]);
    let finding = &diagnostics[0];
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["pointer"], "/indicators");
    assert!(finding["message"].as_str().is_some_and(|m| m.starts_with("未设置任何绩效指标")), "{finding}");
}

#[test]
fn a_twenty_point_execution_row_with_regional_level_names_is_one_warning_on_the_weights() {
    let diagnostics = fixture_findings("project-execution-weight-20.json", &[]);
    expect_counts(&diagnostics, &[("weights-nonstandard", 1)]);
    let finding = &diagnostics[0];
    assert_eq!(finding["severity"], "warning");
    assert_eq!(finding["actual"], "20 / 40 / 30 / 10");
    assert_eq!(finding["expected"], "10 / 50 / 30 / 10");
}

#[test]
fn a_region_that_sets_twenty_points_for_execution_gets_no_weight_finding() {
    let diagnostics = fixture_findings(
        "project-execution-weight-20.json",
        &["--param", "weight_execution=20", "--param", "weight_output=40"],
    );
    expect_counts(&diagnostics, &[]);
}

#[test]
fn regional_level_names_with_standard_weights_are_clean() {
    // 项目产出 / 项目效益 / 满意度 group as 产出 / 效益 / 满意度 for every rule that groups by them.
    expect_counts(&fixture_findings("project-regional-level1-names.json", &[]), &[]);
}

#[test]
fn a_project_form_that_lists_its_project_again_gets_one_monitoring_finding() {
    let diagnostics = fixture_findings("project-listed-again-unmonitored.json", &[]);
    expect_counts(&diagnostics, &[("mid-year-monitoring-missing", 1)]);
    assert_eq!(diagnostics[0]["pointer"], "/project/mid_year_monitoring");
    expect_counts(&fixture_findings("project-listed-again-monitored.json", &[]), &[]);
}

#[test]
fn a_zero_totals_row_is_reported_by_the_funding_sum_alone() {
    let diagnostics = fixture_findings("project-totals-row-zero.json", &[]);
    // The execution rate is undefined on a zero base: no "执行率 0.0% 低于 60%".
    expect_counts(&diagnostics, &[("funding-sources-sum-mismatch", 1)]);
    assert_eq!(diagnostics[0]["pointer"], "/budget/by_source");
    expect_counts(&fixture_findings("project-totals-row-filled.json", &[]), &[]);
}

#[test]
fn a_score_above_the_cap_for_its_execution_rate_is_one_note() {
    let diagnostics = fixture_findings("project-score-above-execution-cap.json", &[]);
    // 65% is also a low rate, and 优 with it is overstated: both are findings of their own.
    expect_counts(
        &diagnostics,
        &[("score-exceeds-execution-cap", 1), ("execution-rate-low", 1), ("grade-overstated", 1)],
    );
    let cap = diagnostics.iter().find(|d| d["rule"] == "score-exceeds-execution-cap").expect("cap finding");
    assert_eq!(cap["severity"], "info");
    assert_eq!(cap["pointer"], "/self_evaluation/score");
    assert!(
        cap["message"]
            .as_str()
            .is_some_and(|m| m.contains("65.0%") && m.contains("79 分") && m.contains("96.06")),
        "{cap}"
    );
    let without_caps = fixture_findings(
        "project-score-above-execution-cap.json",
        &["--param", "score_cap_band1_rate=0%", "--param", "score_cap_band2_rate=0%"],
    );
    assert!(!counts(&without_caps).contains_key("score-exceeds-execution-cap"), "{without_caps:#?}");
}

#[test]
fn profiles_change_the_monitoring_threshold() {
    let report = "tests/fixtures/reports/monitoring-300wan.json";
    // National default: projects of 500万元 and up must be monitored; 300万元 need not be.
    let (_, national) = run_json(&["check", report]);
    assert!(!counts(&national).contains_key("mid-year-monitoring-missing"));
    let (_, huadu) = run_json(&["check", "--profile", "huadu", report]);
    assert!(!counts(&huadu).contains_key("mid-year-monitoring-missing"));
    // 黄埔区: 100万元 and up.
    let (code, huangpu) = run_json(&["check", "--profile", "huangpu", report]);
    assert_eq!(code, 1);
    let finding =
        huangpu.iter().find(|d| d["rule"] == "mid-year-monitoring-missing").expect("huangpu finding");
    assert_eq!(finding["pointer"], "/projects/0/mid_year_monitoring");
    assert!(finding["message"].as_str().is_some_and(|m| m.contains("100万元")), "{finding}");
}

#[test]
fn param_overrides_show_in_the_message() {
    let report = "tests/fixtures/reports/monitoring-300wan.json";
    let (_, default) = run_json(&["check", report]);
    let low = default.iter().find(|d| d["rule"] == "execution-rate-low").expect("rate finding");
    assert!(low["message"].as_str().is_some_and(|m| m.contains("85.0%") && m.contains("90%")), "{low}");
    let (_, raised) = run_json(&["check", "--param", "execution_rate_warn_below=95%", report]);
    let low = raised.iter().find(|d| d["rule"] == "execution-rate-low").expect("rate finding");
    assert!(low["message"].as_str().is_some_and(|m| m.contains("95%")), "{low}");
    let (_, lowered) = run_json(&["check", "--param", "execution_rate_warn_below=80%", report]);
    assert!(!counts(&lowered).contains_key("execution-rate-low"));
}

#[test]
fn unknown_param_and_profile_are_usage_errors() {
    let output =
        jixiao_plain(&["check", "--param", "executon_rate_warn_below=95%", "examples/huadu-2022.json"]);
    assert_eq!(output.0, 2);
    assert!(output.1.contains("execution_rate_warn_below"), "suggests the right name: {}", output.1);
    let output = jixiao_plain(&["check", "--profile", "atlantis", "examples/huadu-2022.json"]);
    assert_eq!(output.0, 2);
    assert!(output.1.contains("huangpu"), "lists the profiles: {}", output.1);
}

fn jixiao_plain(args: &[&str]) -> (i32, String) {
    let output = Command::cargo_bin("jixiao")
        .expect("binary")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("run");
    let text =
        format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.code().unwrap_or(-1), text)
}

#[test]
fn jixiao_toml_is_found_from_the_working_directory_upwards() {
    let dir = tempfile::tempdir().expect("tempdir");
    let nested = dir.path().join("reports").join("2023");
    std::fs::create_dir_all(&nested).expect("mkdir");
    std::fs::write(
        dir.path().join("jixiao.toml"),
        "profile = \"huangpu\"\ndisable = [\"execution-rate-low\"]\n[severity]\n\"monitoring-count-mismatch\" = \"info\"\n",
    )
    .expect("write config");
    let report = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/reports/monitoring-300wan.json");
    let output = Command::cargo_bin("jixiao")
        .expect("binary")
        .current_dir(&nested)
        .arg("check")
        .arg(&report)
        .args(["--format", "json"])
        .output()
        .expect("run");
    let value: Value = serde_json::from_slice(&output.stdout).expect("json");
    let diagnostics = value["files"][0]["diagnostics"].as_array().cloned().unwrap_or_default();
    let found = counts(&diagnostics);
    assert!(found.contains_key("mid-year-monitoring-missing"), "profile from jixiao.toml: {found:?}");
    assert!(!found.contains_key("execution-rate-low"), "disabled in jixiao.toml");
    let mismatch = diagnostics.iter().find(|d| d["rule"] == "monitoring-count-mismatch").expect("finding");
    assert_eq!(mismatch["severity"], "info");
}

#[test]
fn user_rules_run_through_dash_dash_rules() {
    let dir = tempfile::tempdir().expect("tempdir");
    let report = dir.path().join("training.json");
    std::fs::write(
        &report,
        r#"{"schema_version": "1", "kind": "department_overall", "fiscal_year": 2023,
            "department": {"name": "某区委组织部"}, "amount_unit": "万元",
            "projects": [{"name": "干部培训经费", "budget": {"adjusted": 100.00, "executed": 90.00}}]}"#,
    )
    .expect("write");
    let report = report.to_string_lossy().into_owned();
    let (_, with_rule) = run_json(&["check", "--rules", "examples/rules", &report]);
    let finding = with_rule.iter().find(|d| d["rule"] == "training-execution-rate").expect("user rule fired");
    assert_eq!(finding["pointer"], "/projects/0/budget/executed");
    assert!(finding["message"].as_str().is_some_and(|m| m.contains("90.0%") && m.contains("95%")));
    let (_, only_user) = run_json(&["check", "--no-default-rules", "--rules", "examples/rules", &report]);
    assert_eq!(counts(&only_user).keys().collect::<Vec<_>>(), vec!["training-execution-rate"]);
    let (_, without) = run_json(&["check", &report]);
    assert!(!counts(&without).contains_key("training-execution-rate"));
}

#[test]
fn jixiao_test_runs_a_user_pack() {
    let (code, text) = jixiao_plain(&["test", "examples/rules"]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("4 passed, 0 failed"), "{text}");
}

#[test]
fn explain_shows_why_basis_parameters_and_the_failing_example() {
    let (code, text) = jixiao_plain(&["explain", "execution-rate-low", "--no-config"]);
    assert_eq!(code, 0);
    let (_, sources) = text.split_once("来源 / Sources").unwrap_or(("", ""));
    assert!(sources.contains("https://www.scqs.gov.cn/info/13206/211004.htm"), "{text}");
    insta::assert_snapshot!(text);
    let (code, text) = jixiao_plain(&["explain", "execution-rate-lo", "--no-config"]);
    assert_eq!(code, 2);
    assert!(text.contains("execution-rate-low"), "suggests the id: {text}");
}

#[test]
fn rules_listing_shows_effective_values_of_a_profile() {
    let output = Command::cargo_bin("jixiao")
        .expect("binary")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["rules", "--format", "json", "--profile", "huangpu", "--no-config"])
        .output()
        .expect("run");
    let value: Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(value["profile"], "huangpu");
    let rule = value["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .find(|r| r["id"] == "mid-year-monitoring-missing")
        .expect("rule");
    let param = rule["parameters"]
        .as_array()
        .expect("params")
        .iter()
        .find(|p| p["name"] == "monitoring_threshold")
        .expect("param");
    assert_eq!(param["value"], "100万元");
    assert_eq!(param["default"], "500万元");
}

#[test]
fn every_rule_file_matches_the_published_rule_schema() {
    let schema: Value = serde_json::from_str(jixiao::schema::RULES_SCHEMA).expect("schema");
    let rule_validator = jsonschema::draft202012::new(&schema).expect("compiles");
    for (path, text, _, _) in jixiao::rules::builtin_files() {
        let toml_value: toml::Value = toml::from_str(text).expect(path);
        let json = serde_json::to_value(&toml_value).expect("toml to json");
        if path.ends_with("pack.toml") || path.contains("/profiles/") {
            continue;
        }
        let errors: Vec<String> =
            rule_validator.iter_errors(&json).map(|e| format!("{}: {e}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{path}: {errors:#?}");
    }
}

/// A run that checks reports reads the built-in rules without their examples and tests, and
/// (unless it writes SARIF) without their sources and documentation; the rules it gets, and
/// what they find, are the same.
#[test]
fn rules_read_without_fixtures_are_the_same_rules() {
    let full =
        jixiao::rules::load(&LoadOptions { builtin: true, ..LoadOptions::default() }).expect("pack loads");
    let lean = jixiao::rules::load(&LoadOptions {
        builtin: true,
        skip_builtin_fixtures: true,
        skip_builtin_sources: true,
        ..LoadOptions::default()
    })
    .expect("pack loads without fixtures");
    assert_eq!(full.rules.len(), lean.rules.len());
    let mut fixtures = 0;
    let mut sources = 0;
    for (a, b) in full.rules.iter().zip(&lean.rules) {
        assert_eq!(
            (&a.id, &a.title, &a.basis, a.severity, &a.sources.assert),
            (&b.id, &b.title, &b.basis, b.severity, &b.sources.assert)
        );
        assert!(b.examples.is_none() && b.tests.is_empty() && b.source_documents.is_empty(), "{}", b.id);
        assert!(b.description.is_empty() && b.missing_data.is_empty(), "{}", b.id);
        assert!(!a.description.is_empty() && !a.missing_data.is_empty(), "{}", a.id);
        fixtures += a.tests.len() + usize::from(a.examples.is_some());
        sources += a.source_documents.len();
    }
    assert!(fixtures > 100, "the full pack has its fixtures");
    assert!(sources >= full.rules.len(), "the full pack has its sources");
    // The same parameters and values; only their descriptions are left out.
    let undocumented = |set: &jixiao::rules::RuleSet| -> Vec<String> {
        set.params.iter().map(|p| format!("{} {:?} {:?} {}", p.name, p.default, p.value, p.origin)).collect()
    };
    assert_eq!(undocumented(&full), undocumented(&lean));
    assert!(full.params.iter().all(|p| !p.description.is_empty()));
    assert!(lean.params.iter().all(|p| p.description.is_empty()));
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string("examples/huadu-2022.json").expect("example"))
            .expect("json");
    let found = |set: &jixiao::rules::RuleSet| -> Vec<String> {
        set.run(&report)
            .iter()
            .map(|d| format!("{} {:?} {} {:?}", d.code, d.pointer, d.message, d.help))
            .collect()
    };
    assert!(!found(&full).is_empty());
    assert_eq!(found(&full), found(&lean));
}

#[test]
fn a_numeric_target_without_a_comparator_is_described_as_lacking_only_the_comparator() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("report.json");
    let report = r#"{"schema_version": "1", "kind": "department_overall", "fiscal_year": 2022,
        "department": {"name": "示例部门"},
        "indicators": [
            {"name": "培训覆盖率", "target": {"value": 100, "unit": "%"}},
            {"name": "党建质量", "target": {"comparator": "≥", "value": "明显提升"}}
        ]}"#;
    std::fs::write(&path, report).expect("write");
    let (_, diagnostics) = run_json(&["check", path.to_str().expect("utf-8 path")]);
    let messages: Vec<&str> = diagnostics
        .iter()
        .filter(|d| d["rule"] == "indicator-not-quantified")
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert_eq!(messages[0], "指标“培训覆盖率”的年度指标值“100%”缺比较符（≥、≤、=），无法判断完成方向");
    assert!(!messages[0].contains("未按"), "{}", messages[0]);
    assert_eq!(
        messages[1],
        "指标“党建质量”的年度指标值“明显提升”未按“比较符 + 数值 + 计量单位”填报：指标值不是数值；缺计量单位；无法判断是否完成"
    );
}
