//! The machine and remediation formats (SARIF, JUnit, GitHub annotations, 整改清单 as
//! Markdown, CSV and XLSX), rendered from hand-built file reports and read back.

use jixiao::diagnostic::{Diagnostic, Severity};
use jixiao::diagnostic::{FileReport, IndexedSource, RuleMeta};
use jixiao::render::{github, junit, remediation, sarif};
use serde_json::Value;
use std::path::Path;

const BASIS: &str = "《项目支出绩效评价管理办法》（财预〔2020〕10号）";

/// A department report; the 𠮷 (outside the BMP) makes UTF-16 and character columns differ.
const FINANCE: &str = r#"{
  "schema_version": "1",
  "kind": "department_overall",
  "fiscal_year": 2022,
  "department": {"name": "示例市某区财政局"},
  "amount_unit": "万元",
  "budget": {
    "adjusted": 2322.60,
    "executed": 2233.44,
    "execution_rate_pct": 95.2,
    "adjustments": [{"amount": -5.00, "reason": ""}]
  },
  "indicators": [
    {"name": "培训𠮷人次", "actual": {"value": "基本完成"}},
    {"name": "满意度", "actual": {"value": "较高"}}
  ]
}
"#;

const EDUCATION: &str = r#"{
  "schema_version": "1",
  "kind": "department_overall",
  "fiscal_year": 2022,
  "department": {"name": "示例市某区教育局"},
  "declared_indicator_count": 10,
  "self_evaluation": {"score": 92.5, "grade": "良"}
}
"#;

const BROKEN: &str = "{\n  \"department\": {\"name\": \n";

const RULES: [RuleMeta<'static>; 6] = [
    RuleMeta {
        id: "execution-rate-mismatch",
        title: "预算执行率计算有误",
        description: "报告所列预算执行率应等于全年执行数除以全年预算数。",
        basis: BASIS,
        help_uri: None,
        severity: Severity::Error,
    },
    RuleMeta {
        id: "indicator-not-quantified",
        title: "指标完成值未量化",
        description: "定量指标的实际完成值应为数值。",
        basis: BASIS,
        help_uri: None,
        severity: Severity::Warning,
    },
    RuleMeta {
        id: "budget-incomplete",
        title: "预算资金信息不完整",
        description: "预算资金应列明年初预算数、全年预算数和全年执行数。",
        basis: "",
        help_uri: None,
        severity: Severity::Info,
    },
    RuleMeta {
        id: "adjustment-reason-missing",
        title: "预算调整未说明理由",
        description: "每笔年中预算调整或调剂都应说明理由。",
        basis: BASIS,
        help_uri: None,
        severity: Severity::Warning,
    },
    RuleMeta {
        id: "indicator-count-mismatch",
        title: "指标个数不符",
        description: "报告所称设定的指标个数应与指标表行数一致。",
        basis: BASIS,
        help_uri: None,
        severity: Severity::Warning,
    },
    RuleMeta {
        id: "mid-year-monitoring-missing",
        title: "未开展年中监控",
        description: "达到金额标准的项目应开展年中绩效运行监控。",
        basis: BASIS,
        help_uri: None,
        severity: Severity::Warning,
    },
];

fn located(text: &str, mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    jixiao::load::locate_all(text, &mut diagnostics);
    jixiao::diagnostic::sort(&mut diagnostics);
    diagnostics
}

fn report(path: &str, text: &str, diagnostics: Vec<Diagnostic>) -> FileReport {
    let diagnostics = located(text, diagnostics);
    FileReport {
        path: path.to_string(),
        // Read as the check reads it, also from a text that does not parse.
        department: jixiao::load::string_at(text, FileReport::DEPARTMENT),
        source: Some(IndexedSource::new(path, text)),
        diagnostics,
    }
}

fn finance() -> FileReport {
    let whole_budget = jixiao::load::locate(FINANCE, "/budget").expect("budget is in the text");
    report(
        "reports/财政局 2022.json",
        FINANCE,
        vec![
            Diagnostic::new(
                "execution-rate-mismatch",
                Severity::Error,
                "预算执行率 95.2% 与“全年执行数 ÷ 全年预算数”= 96.16% 不一致",
            )
            .with_pointer("/budget/execution_rate_pct")
            .with_help("按 2233.44 ÷ 2322.60 重新计算执行率，保留两位小数")
            .with_basis(BASIS)
            .with_actual("95.2")
            .with_expected("96.16"),
            Diagnostic::new(
                "indicator-not-quantified",
                Severity::Warning,
                "三级指标“培训𠮷人次”的实际完成值“基本完成”不是数值",
            )
            .with_pointer("/indicators/0/actual/value")
            .with_help("填写实际完成的人次 | 不要用定性表述")
            .with_basis(BASIS),
            Diagnostic::new(
                "indicator-not-quantified",
                Severity::Warning,
                "三级指标“满意度”的实际完成值“较高”不是数值",
            )
            .with_pointer("/indicators/1/actual/value")
            .with_help("填写满意度调查的百分比")
            .with_basis(BASIS),
            // The whole block, over several lines.
            Diagnostic::new(
                "budget-incomplete",
                Severity::Info,
                "预算资金缺少年初预算数（100% 的项目应列明）",
            )
            .with_pointer("/budget")
            .with_span(whole_budget)
            .with_help("补充年初预算数\n（见预算批复）"),
            Diagnostic::new("adjustment-reason-missing", Severity::Warning, "-5.00 万元的预算调整未说明理由")
                .with_pointer("/budget/adjustments/0/reason")
                .with_help("=补充调整理由")
                .with_basis(BASIS),
        ],
    )
}

fn education() -> FileReport {
    report(
        "reports/教育局,第二批.json",
        EDUCATION,
        vec![
            Diagnostic::new("encoding", Severity::Info, "文件按 GB18030 编码读取"),
            Diagnostic::new(
                "indicator-count-mismatch",
                Severity::Warning,
                "报告称设定 10 个指标，指标表没有列出指标",
            )
            .with_pointer("/declared_indicator_count")
            .with_suppressed("指标表另册报送"),
            Diagnostic::new(
                "score-grade-mismatch",
                Severity::Error,
                "自评得分 92.5 分应评为“优”，报告评为“良”",
            )
            .with_pointer("/self_evaluation/grade")
            .with_help("按得分重新确定评价等级"),
        ],
    )
}

fn broken() -> FileReport {
    report(
        "reports/坏文件.json",
        BROKEN,
        vec![
            Diagnostic::error("invalid-json", "JSON 在第 3 行意外结束").with_span(BROKEN.len()..BROKEN.len()),
        ],
    )
}

fn missing() -> FileReport {
    FileReport {
        path: "/srv/jixiao/archive/2021.json".to_string(),
        department: None,
        source: None,
        diagnostics: vec![Diagnostic::error("io", "文件 /srv/jixiao/archive/2021.json 不存在")],
    }
}

fn files() -> Vec<FileReport> {
    vec![missing(), broken(), finance(), education()]
}

const BASE: &str = "/srv/jixiao";

fn sarif_value(files: &[FileReport]) -> Value {
    let text = sarif::render(files, &RULES, Path::new(BASE));
    serde_json::from_str(&text).expect("SARIF is JSON")
}

// ---------------------------------------------------------------------------------------------
// SARIF

#[test]
fn sarif_validates_against_the_schema() {
    let schema_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sarif-schema-2.1.0.json");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).expect("schema file")).expect("schema");
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles");
    let log = sarif_value(&files());
    let errors: Vec<String> =
        validator.iter_errors(&log).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");

    // The schema is really applied: a wrong level is caught.
    let mut broken = log;
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator.is_valid(&broken));
}

#[test]
fn sarif_results_name_their_rules() {
    let log = sarif_value(&files());
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
    // Every rule that ran, then the fixed codes with results, then the other codes.
    let mut expected: Vec<&str> = RULES.iter().map(|r| r.id).collect();
    expected.extend(["io", "encoding", "invalid-json", "score-grade-mismatch"]);
    assert_eq!(ids, expected);
    let rate = &rules[0];
    assert_eq!(rate["name"], "execution-rate-mismatch");
    assert_eq!(rate["shortDescription"]["text"], "预算执行率计算有误");
    assert_eq!(rate["defaultConfiguration"]["level"], "error");
    assert_eq!(
        rate["help"]["text"],
        format!("报告所列预算执行率应等于全年执行数除以全年预算数。\n依据：{BASIS}")
    );

    let results = run["results"].as_array().expect("results");
    let total: usize = files().iter().map(|f| f.diagnostics.len()).sum();
    assert_eq!(results.len(), total);
    for result in results {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(result["partialFingerprints"]["jixiao/v1"].as_str().is_some_and(|f| f.len() == 16));
    }
}

#[test]
fn sarif_locations_count_utf16_and_skip_missing_regions() {
    let files = files();
    let log = sarif_value(&files);
    let results = log["runs"][0]["results"].as_array().expect("results");
    let find = |rule: &str, pointer: &str| {
        results
            .iter()
            .find(|r| r["ruleId"] == rule && r["properties"]["pointer"] == pointer)
            .unwrap_or_else(|| panic!("{rule} at {pointer}"))
    };
    let quantified = find("indicator-not-quantified", "/indicators/0/actual/value");
    let location = &quantified["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "reports/%E8%B4%A2%E6%94%BF%E5%B1%80%202022.json");
    assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    // 𠮷 is one character but two UTF-16 code units, so SARIF columns are one further right.
    let finance = &files[2];
    let diagnostic = finance
        .diagnostics
        .iter()
        .find(|d| d.pointer.as_deref() == Some("/indicators/0/actual/value"))
        .expect("diagnostic");
    let ((line, col), (end_line, end_col)) = finance.positions(diagnostic).expect("positions");
    let region = &location["region"];
    assert_eq!(region["startLine"], line);
    assert_eq!(region["startColumn"], col + 1);
    assert_eq!(region["endLine"], end_line);
    assert_eq!(region["endColumn"], end_col + 1);
    assert!(
        quantified["message"]["text"]
            .as_str()
            .is_some_and(|m| m.ends_with("\n整改建议：填写实际完成的人次 | 不要用定性表述"))
    );

    let encoding = results.iter().find(|r| r["ruleId"] == "encoding").expect("encoding");
    assert!(encoding["locations"][0]["physicalLocation"].get("region").is_none());
    assert_eq!(encoding["level"], "note");
    assert!(encoding.get("properties").is_none());

    let io = results.iter().find(|r| r["ruleId"] == "io").expect("io");
    assert_eq!(io["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "archive/2021.json");
    assert_eq!(log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"], "file:///srv/jixiao/");

    let suppressed = find("indicator-count-mismatch", "/declared_indicator_count");
    assert_eq!(suppressed["suppressions"][0]["kind"], "external");
    assert_eq!(suppressed["suppressions"][0]["justification"], "指标表另册报送");
    assert!(quantified.get("suppressions").is_none());
}

#[test]
fn sarif_fingerprints_ignore_line_moves() {
    let moved_text = FINANCE.replacen("{\n", "{\n\n\n", 1);
    let original = finance();
    let mut moved = finance();
    moved.source = Some(IndexedSource::new(&moved.path, moved_text.as_str()));
    // Two more line breaks before everything.
    for d in &mut moved.diagnostics {
        d.span = d.span.take().map(|s| s.start + 2..s.end + 2);
    }
    let prints = |file: FileReport| {
        let log = sarif_value(&[file]);
        log["runs"][0]["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|r| {
                (
                    r["partialFingerprints"].clone(),
                    r["locations"][0]["physicalLocation"]["region"]["startLine"].clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    let (a, b) = (prints(original), prints(moved));
    assert_eq!(a.len(), b.len());
    for ((print_a, line_a), (print_b, line_b)) in a.iter().zip(&b) {
        assert_eq!(print_a, print_b);
        assert_ne!(line_a, line_b);
    }
}

#[test]
fn sarif_rule_descriptors_link_an_official_source_and_omit_the_link_otherwise() {
    let url = "https://www.scqs.gov.cn/info/13206/211004.htm";
    let mut rules = RULES;
    rules[0].help_uri = Some(url);
    let text = sarif::render(&files(), &rules, Path::new(BASE));
    let log: Value = serde_json::from_str(&text).expect("SARIF is JSON");
    let descriptors = log["runs"][0]["tool"]["driver"]["rules"].as_array().expect("rules");
    let linked = descriptors.iter().find(|d| d["id"] == rules[0].id).expect("descriptor");
    assert_eq!(linked["helpUri"], url);
    assert!(linked["help"]["text"].as_str().is_some_and(|h| h.contains(BASIS)), "{linked}");
    let unlinked = descriptors.iter().find(|d| d["id"] == rules[1].id).expect("descriptor");
    assert!(unlinked.get("helpUri").is_none(), "{unlinked}");
}

#[test]
fn builtin_rules_link_only_sources_on_official_hosts() {
    let set = jixiao::rules::load(&jixiao::rules::LoadOptions { builtin: true, ..Default::default() })
        .expect("built-in pack loads");
    let meta = |id: &str| set.rule(id).expect("rule").meta();
    // The Sichuan form is on scqs.gov.cn; the 池州 form instance is on a third-party host.
    assert_eq!(meta("execution-rate-low").help_uri, Some("https://www.scqs.gov.cn/info/13206/211004.htm"));
    assert_eq!(meta("budget-amount-negative").help_uri, None);
    let mut linked = 0;
    for rule in &set.rules {
        if let Some(url) = rule.meta().help_uri {
            linked += 1;
            let host = url.split("://").nth(1).and_then(|rest| rest.split('/').next()).unwrap_or("");
            assert!(host.ends_with(".gov.cn"), "{}: {url}", rule.id);
        }
    }
    assert!(linked > 0, "some built-in rule has an official source");
}

#[test]
fn sarif_snapshot() {
    let text = sarif::render(&files(), &RULES, Path::new(BASE));
    let version = env!("CARGO_PKG_VERSION");
    let text = text
        .replace(&format!("\"version\": \"{version}\""), "\"version\": \"[version]\"")
        .replace(&format!("\"semanticVersion\": \"{version}\""), "\"semanticVersion\": \"[version]\"");
    insta::assert_snapshot!(text);
}

#[test]
fn sarif_of_nothing_is_still_valid_shape() {
    let log = sarif_value(&[]);
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(log["runs"][0]["results"].as_array().map(Vec::len), Some(0));
    assert_eq!(log["runs"][0]["tool"]["driver"]["rules"].as_array().map(Vec::len), Some(RULES.len()));
    assert!(jixiao::rules::RuleSet::empty().metas().is_empty());
}

// ---------------------------------------------------------------------------------------------
// JUnit

fn attr<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> &'a str {
    node.attribute(name).unwrap_or_else(|| panic!("attribute {name} on <{}>", node.tag_name().name()))
}

fn count(node: roxmltree::Node<'_, '_>, name: &str) -> usize {
    attr(node, name).parse().expect("a count")
}

#[test]
fn junit_counts_and_contents() {
    let xml = junit::render(&files(), &RULES, Some(Severity::Warning));
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites: Vec<_> = root.children().filter(|n| n.has_tag_name("testsuite")).collect();
    let names: Vec<&str> = suites.iter().map(|s| attr(*s, "name")).collect();
    assert_eq!(
        names,
        [
            "/srv/jixiao/archive/2021.json",
            "reports/坏文件.json",
            "reports/财政局 2022.json",
            "reports/教育局,第二批.json"
        ]
    );

    // (tests, failures, skipped) per suite: the rules, plus one case per extra code.
    let expected = [(7, 1, 6), (7, 1, 6), (6, 3, 0), (8, 1, 0)];
    for (suite, (tests, failures, skipped)) in suites.iter().zip(expected) {
        let cases: Vec<_> = suite.children().filter(|n| n.has_tag_name("testcase")).collect();
        let failed = cases.iter().filter(|c| c.children().any(|n| n.has_tag_name("failure"))).count();
        let skips = cases.iter().filter(|c| c.children().any(|n| n.has_tag_name("skipped"))).count();
        assert_eq!((cases.len(), failed, skips), (tests, failures, skipped), "{}", attr(*suite, "name"));
        let counted = (count(*suite, "tests"), count(*suite, "failures"), count(*suite, "skipped"));
        assert_eq!(counted, (tests, failures, skipped));
        assert_eq!(count(*suite, "errors"), 0);
        for case in &cases {
            assert_eq!(attr(*case, "classname"), attr(*suite, "name"));
            // At most one failure per case, as most readers expect.
            assert!(case.children().filter(|n| n.has_tag_name("failure")).count() <= 1);
        }
    }
    assert_eq!((count(root, "tests"), count(root, "failures"), count(root, "skipped")), (28, 6, 12));
    assert_eq!(count(root, "errors"), 0);

    let finance = suites[2];
    let case = |name: &str| {
        finance
            .children()
            .find(|c| c.has_tag_name("testcase") && c.attribute("name") == Some(name))
            .unwrap_or_else(|| panic!("test case {name}"))
    };
    let failure =
        case("indicator-not-quantified").children().find(|n| n.has_tag_name("failure")).expect("failure");
    assert_eq!(attr(failure, "message"), "三级指标“培训𠮷人次”的实际完成值“基本完成”不是数值（共 2 条）");
    assert_eq!(attr(failure, "type"), "warning");
    let body = failure.text().expect("body");
    assert!(body.contains("位置：reports/财政局 2022.json:14:"), "{body}");
    assert!(body.contains("JSON 指针：/indicators/1/actual/value"), "{body}");
    assert!(body.contains("整改建议：填写满意度调查的百分比"), "{body}");
    assert!(body.contains(&format!("依据：{BASIS}")), "{body}");
    // Below the threshold: listed, not failed.
    let info = case("budget-incomplete");
    assert!(info.children().all(|n| !n.has_tag_name("failure")));
    let out =
        info.children().find(|n| n.has_tag_name("system-out")).and_then(|n| n.text()).expect("system-out");
    assert!(out.contains("预算资金缺少年初预算数（100% 的项目应列明）"));
    assert!(out.contains("整改建议：补充年初预算数\n（见预算批复）"));
    // A rule that ran and found nothing passes.
    assert!(!case("mid-year-monitoring-missing").has_children());

    let education = suites[3];
    let suppressed =
        education.children().find(|c| c.attribute("name") == Some("indicator-count-mismatch")).expect("case");
    assert!(suppressed.children().all(|n| !n.has_tag_name("failure")));
    let out =
        suppressed.children().find(|n| n.has_tag_name("system-out")).and_then(|n| n.text()).expect("listed");
    assert!(out.contains("已豁免：指标表另册报送"));
}

#[test]
fn junit_threshold_decides_failures() {
    let totals = |fail_on: Option<Severity>| {
        let xml = junit::render(&files(), &RULES, fail_on);
        let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
        let root = doc.root_element();
        (count(root, "tests"), count(root, "failures"))
    };
    assert_eq!(totals(None), (28, 0));
    // Errors: io, invalid-json, execution-rate-mismatch, score-grade-mismatch.
    assert_eq!(totals(Some(Severity::Error)), (28, 4));
    // Info adds budget-incomplete and encoding; the suppressed finding never fails.
    assert_eq!(totals(Some(Severity::Info)), (28, 8));
}

#[test]
fn junit_escapes_markup_in_messages() {
    let text = "{\"department\": {\"name\": \"a\"}}";
    let file = report(
        "a&b<c>.json",
        text,
        vec![
            Diagnostic::error("schema", "值 \"<x>\" & 'y' 不合法\u{1b}[0m").with_pointer("/department/name"),
        ],
    );
    let xml = junit::render(&[file], &[], Some(Severity::Error));
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let failure = doc.descendants().find(|n| n.has_tag_name("failure")).expect("failure");
    assert_eq!(attr(failure, "message"), "值 \"<x>\" & 'y' 不合法\u{fffd}[0m");
    let suite = doc.descendants().find(|n| n.has_tag_name("testsuite")).expect("suite");
    assert_eq!(attr(suite, "name"), "a&b<c>.json");
}

// ---------------------------------------------------------------------------------------------
// GitHub annotations

#[test]
fn github_lines_follow_the_workflow_command_syntax() {
    let files = files();
    let text = github::render(&files);
    let syntax = regex::Regex::new(
        r"^::(error|warning|notice) file=[^,:\r\n]+(,line=\d+(,col=\d+)?,endLine=\d+(,endColumn=\d+)?)?,title=jixiao \([a-z0-9-]+\)::[^\r\n]*$",
    )
    .expect("regex");
    let lines: Vec<&str> = text.lines().collect();
    let unsuppressed = files.iter().flat_map(|f| &f.diagnostics).filter(|d| !d.is_suppressed()).count();
    assert_eq!(lines.len(), unsuppressed);
    for line in &lines {
        assert!(syntax.is_match(line), "not a workflow command: {line}");
        // Columns only with a line range on one line.
        if line.contains(",col=") {
            let number = |key: &str| {
                line.split([',', ' ']).find_map(|p| p.strip_prefix(key)).and_then(|v| v.parse::<usize>().ok())
            };
            assert_eq!(number("line="), number("endLine="), "{line}");
        }
    }
    assert!(!text.contains("指标表另册报送") && !text.contains("报告称设定 10 个指标"));

    // The budget block spans lines 7–12: no columns.
    let block = lines.iter().find(|l| l.contains("title=jixiao (budget-incomplete)")).expect("budget line");
    assert!(block.starts_with("::notice file=reports/财政局 2022.json,line=7,endLine=12,title="), "{block}");
    // `%` and line breaks in the message are escaped; `:` and `,` in the message are not.
    assert!(
        block.ends_with(
            "::预算资金缺少年初预算数（100%25 的项目应列明）%0A整改建议：补充年初预算数%0A（见预算批复）"
        ),
        "{block}"
    );

    // A comma in the path is escaped in the property.
    let education = lines.iter().find(|l| l.contains("score-grade-mismatch")).expect("education line");
    assert!(education.starts_with("::error file=reports/教育局%2C第二批.json,line="), "{education}");
    // Without a span, only the file.
    let encoding = lines.iter().find(|l| l.contains("(encoding)")).expect("encoding line");
    assert_eq!(
        *encoding,
        "::notice file=reports/教育局%2C第二批.json,title=jixiao (encoding)::文件按 GB18030 编码读取"
    );
    let io = lines.iter().find(|l| l.contains("(io)")).expect("io line");
    assert!(io.starts_with("::error file=/srv/jixiao/archive/2021.json,title=jixiao (io)::"), "{io}");
    // One line on one line.
    let rate = lines.iter().find(|l| l.contains("execution-rate-mismatch")).expect("rate line");
    assert!(
        rate.starts_with("::error file=reports/财政局 2022.json,line=10,col=27,endLine=10,endColumn=31,"),
        "{rate}"
    );
}

// ---------------------------------------------------------------------------------------------
// 整改清单

/// The unsuppressed messages in list order: departments by name (unknown last), files by path.
fn expected_problems() -> Vec<String> {
    let files = files();
    let order = [3, 2, 0, 1];
    order
        .iter()
        .flat_map(|&i| files[i].diagnostics.iter().filter(|d| !d.is_suppressed()).map(|d| d.message.clone()))
        .collect::<Vec<_>>()
}

#[test]
fn remediation_items_are_grouped_and_located() {
    let files = files();
    let items = remediation::items(&files);
    let problems: Vec<&str> = items.iter().map(|i| i.problem).collect();
    assert_eq!(problems, expected_problems());
    assert_eq!(items.iter().map(|i| i.number).collect::<Vec<_>>(), (1..=items.len()).collect::<Vec<_>>());
    let departments: Vec<&str> = items.iter().map(|i| i.department.as_str()).collect();
    assert_eq!(
        departments,
        [
            "示例市某区教育局",
            "示例市某区教育局",
            "示例市某区财政局",
            "示例市某区财政局",
            "示例市某区财政局",
            "示例市某区财政局",
            "示例市某区财政局",
            "（未知部门）",
            "（未知部门）",
        ]
    );
    let location = |problem: &str| {
        items.iter().find(|i| i.problem.starts_with(problem)).map(|i| i.location.as_str()).expect("item")
    };
    assert_eq!(location("预算执行率"), "预算执行·执行率（第10行）");
    assert_eq!(location("三级指标“满意度”"), "绩效指标第2项·实际完成值（第15行）");
    assert_eq!(location("-5.00"), "预算执行·预算调整第1项·调整理由（第11行）");
    assert_eq!(location("自评得分"), "自评结论·评价等级（第7行）");
    assert_eq!(location("文件按"), "整份报告");
}

#[test]
fn remediation_csv_reads_back() {
    let files = files();
    let text = remediation::csv(&files);
    let body = text.strip_prefix('\u{feff}').expect("a UTF-8 byte-order mark first");
    assert!(body.contains("\r\n"));
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(body.as_bytes());
    let header: Vec<String> = reader.headers().expect("header").iter().map(str::to_string).collect();
    assert_eq!(header, remediation::HEADER);
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().expect("records");
    let expected = expected_problems();
    assert_eq!(rows.len(), expected.len());
    for (i, (row, problem)) in rows.iter().zip(&expected).enumerate() {
        assert_eq!(row.len(), 10);
        assert_eq!(&row[0], (i + 1).to_string());
        let shown = if problem.starts_with('-') { format!("'{problem}") } else { problem.clone() };
        assert_eq!(&row[3], shown);
        assert_eq!((&row[8], &row[9]), ("", ""));
    }
    let adjustment = rows.iter().find(|r| r[3].contains("预算调整未说明理由")).expect("row");
    assert_eq!(&adjustment[3], "'-5.00 万元的预算调整未说明理由");
    assert_eq!(&adjustment[6], "'=补充调整理由");
    assert_eq!(&adjustment[7], "警告");
    assert_eq!(&adjustment[2], "reports/财政局 2022.json");
    let education = rows.iter().find(|r| r[3].contains("自评得分")).expect("row");
    assert_eq!(&education[2], "reports/教育局,第二批.json");
    assert_eq!(&education[7], "错误");
}

#[test]
fn remediation_xlsx_reads_back() {
    use calamine::{Data, Reader, Xlsx};
    let files = files();
    let bytes = remediation::xlsx(&files).expect("workbook");
    let mut workbook = Xlsx::new(std::io::Cursor::new(bytes)).expect("an XLSX file");
    assert_eq!(workbook.sheet_names(), ["整改清单"]);
    let range = workbook.worksheet_range("整改清单").expect("sheet");
    let rows: Vec<&[Data]> = range.rows().collect();
    let text = |cell: &Data| match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    };
    let header: Vec<String> = rows[0].iter().map(text).collect();
    assert_eq!(header, remediation::HEADER);
    let expected = expected_problems();
    assert_eq!(rows.len() - 1, expected.len());
    for (i, (row, problem)) in rows[1..].iter().zip(&expected).enumerate() {
        assert_eq!(row[0], Data::Float((i + 1) as f64));
        // A workbook cell is never a formula: no defusing needed.
        assert_eq!(&text(&row[3]), problem);
    }
    let items = remediation::items(&files);
    for (row, item) in rows[1..].iter().zip(&items) {
        let cells = item.cells();
        for col in 1..8 {
            assert_eq!(text(&row[col]), cells[col], "column {}", remediation::HEADER[col]);
        }
    }
}

#[test]
fn remediation_markdown_snapshot() {
    insta::assert_snapshot!(remediation::markdown(&files()));
}

#[test]
fn remediation_of_clean_reports_is_empty() {
    let clean = report("reports/clean.json", EDUCATION, Vec::new());
    assert_eq!(remediation::markdown(std::slice::from_ref(&clean)), "# 整改清单\n\n没有需要整改的问题。\n");
    let csv = remediation::csv(std::slice::from_ref(&clean));
    assert_eq!(csv.lines().count(), 1);
    assert!(remediation::xlsx(&[clean]).is_ok());
}
