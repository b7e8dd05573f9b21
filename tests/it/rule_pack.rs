//! The built-in pack kept honest: every rule's examples and fixtures hold, every rule is fully
//! documented, the generated reference is in sync, and the profiles change what they say.

use jixiao::rules::{self, LoadOptions, RuleSet, testing};

fn builtin() -> (RuleSet, LoadOptions) {
    let options = LoadOptions { builtin: true, ..LoadOptions::default() };
    match rules::load(&options) {
        Ok(set) => (set, options),
        Err(reports) => {
            let text = jixiao::render::human::render_problems(
                &reports,
                jixiao::render::human::Style { color: false, width: 100 },
            );
            panic!("built-in pack does not load:\n{text}");
        }
    }
}

#[test]
fn every_fixture_of_every_builtin_rule_holds() {
    let (set, options) = builtin();
    let outcomes = testing::run(&set, &options, &[]);
    let failures: Vec<String> = outcomes
        .iter()
        .filter_map(|o| o.failure.as_ref().map(|f| format!("{} / {}: {f}", o.rule, o.name)))
        .collect();
    assert!(failures.is_empty(), "{} fixture(s) failed:\n{}", failures.len(), failures.join("\n"));
    // Each rule has at least one fixture that fires it and one that must not.
    for rule in &set.rules {
        let fixtures = testing::fixtures(rule);
        assert!(fixtures.iter().any(|t| t.expect_fire), "{} has no failing fixture", rule.id);
        assert!(fixtures.iter().any(|t| !t.expect_fire), "{} has no passing fixture", rule.id);
    }
}

#[test]
fn every_rule_is_documented() {
    let (set, _) = builtin();
    for rule in &set.rules {
        for (what, text) in [
            ("title", &rule.title),
            ("basis", &rule.basis),
            ("description", &rule.description),
            ("missing_data", &rule.missing_data),
        ] {
            assert!(!text.trim().is_empty(), "{}: empty {what}", rule.id);
        }
        assert!(rule.examples.is_some(), "{}: no examples", rule.id);
        let expected_file = format!("rules/{}/{}.toml", rule.category, rule.id);
        assert_eq!(rule.file, expected_file, "rule file is named after its id and category");
    }
}

#[test]
fn the_issue_rule_ids_are_all_there() {
    let (set, _) = builtin();
    let ids = [
        "execution-rate-mismatch",
        "execution-rate-wrong-base",
        "executed-exceeds-budget",
        "budget-amount-negative",
        "funding-sources-sum-mismatch",
        "project-budgets-exceed-total",
        "execution-rate-low",
        "budget-adjustment-large",
        "budget-adjustment-unexplained",
        "grade-mismatch",
        "score-out-of-range",
        "score-sum-mismatch",
        "score-exceeds-weight",
        "weights-nonstandard",
        "score-exceeds-execution-cap",
        "execution-score-mismatch",
        "indicator-score-not-proportional",
        "full-score-on-missed-target",
        "overachievement-unexplained",
        "deviation-unexplained",
        "indicator-not-quantified",
        "indicator-unit-missing",
        "indicator-actual-missing",
        "indicator-approximate-value",
        "indicator-level-invalid",
        "indicator-dimension-missing",
        "indicator-count-mismatch",
        "mid-year-monitoring-missing",
        "monitoring-count-mismatch",
        "claimed-rate-mismatch",
        "problems-without-improvements",
        "problems-missing",
        "grade-overstated",
    ];
    for id in ids {
        assert!(set.rule(id).is_some(), "missing rule {id}");
    }
    assert_eq!(set.rules.len(), ids.len(), "unexpected extra rules");
}

#[test]
fn docs_rules_md_is_generated_from_the_rules() {
    let (set, _) = builtin();
    let generated = jixiao::reference::markdown(&set);
    let path = format!("{}/docs/rules.md", env!("CARGO_MANIFEST_DIR"));
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == generated,
        "docs/rules.md is out of date: run `cargo run -- rules --format md > docs/rules.md`"
    );
}

#[test]
fn the_readme_states_the_number_of_built_in_rules() {
    let (set, _) = builtin();
    let readme =
        std::fs::read_to_string(format!("{}/README.md", env!("CARGO_MANIFEST_DIR"))).unwrap_or_default();
    let stated = format!("The built-in pack has {} rules", set.rules.len());
    assert!(readme.contains(&stated), "README.md should say “{stated}”");
}

#[test]
fn markdown_table_cells_escape_the_cell_separator() {
    let (set, _) = builtin();
    let generated = jixiao::reference::markdown(&set);
    for line in generated.lines().filter(|l| l.starts_with("| `")) {
        let cells = line.trim_matches('|').split(" | ").count();
        let unescaped = line.match_indices('|').filter(|(at, _)| !line[..*at].ends_with('\\')).count();
        assert_eq!(unescaped, cells + 1, "a table row with a stray `|`: {line}");
    }
}

/// Words that tell how a source was researched: they belong in `[[sources]]`, never in the
/// `basis` that every finding carries.
const RESEARCH_WORDING: [&str; 8] =
    ["读得", "原文未核对", "据记忆", "转述", "未核对", "未见", "未找到", "http"];

#[test]
fn every_basis_is_a_short_citation_without_urls_or_research_notes() {
    let (set, _) = builtin();
    let mut problems = Vec::new();
    for rule in &set.rules {
        let length = rule.basis.chars().count();
        if length > 160 {
            problems.push(format!("{}: basis is {length} characters (at most 160)", rule.id));
        }
        for word in RESEARCH_WORDING {
            if rule.basis.contains(word) {
                problems.push(format!("{}: basis contains “{word}”", rule.id));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn pack_parameter_descriptions_carry_no_research_notes() {
    let (set, _) = builtin();
    assert!(!set.params.is_empty(), "the pack declares parameters");
    for param in &set.params {
        for word in RESEARCH_WORDING {
            assert!(
                !param.description.contains(word),
                "parameter {}: description contains “{word}”",
                param.name
            );
        }
    }
}

#[test]
fn every_builtin_rule_names_the_documents_it_rests_on() {
    let (set, _) = builtin();
    for rule in &set.rules {
        assert!(!rule.source_documents.is_empty(), "{}: no [[sources]] entry", rule.id);
        for source in &rule.source_documents {
            assert!(!source.title.trim().is_empty(), "{}: a source without a title", rule.id);
        }
    }
}

#[test]
fn explain_shows_every_source_of_every_rule() {
    let (set, _) = builtin();
    let style = jixiao::render::human::Style { color: false, width: 100 };
    for rule in &set.rules {
        let text = jixiao::reference::explain(&set, &rule.id, style).unwrap_or_default();
        let (_, sources) = text.split_once("来源 / Sources\n").unwrap_or(("", ""));
        for source in &rule.source_documents {
            assert!(
                sources.contains(&source.title),
                "{}: explain omits the source “{}”",
                rule.id,
                source.title
            );
            if let Some(url) = &source.url {
                assert!(sources.contains(url.as_str()), "{}: explain omits {url}", rule.id);
            }
        }
    }
}

#[test]
fn findings_carry_the_basis_and_never_the_sources() {
    let (set, _) = builtin();
    let mut checked = 0;
    for rule in &set.rules {
        let Some((fail, _)) = &rule.examples else { continue };
        let report = testing::merge_fragment(fail).unwrap_or_default();
        for finding in testing::findings_of(&set, &rule.id, &report) {
            checked += 1;
            assert_eq!(finding.basis.as_deref(), Some(rule.basis.as_str()), "{}", rule.id);
            let printed = format!("{finding:?}");
            for url in rule.source_documents.iter().filter_map(|s| s.url.as_deref()) {
                assert!(!printed.contains(url), "{}: a finding carries {url}", rule.id);
            }
            for word in RESEARCH_WORDING {
                assert!(!printed.contains(word), "{}: a finding says “{word}”", rule.id);
            }
        }
    }
    assert!(checked >= set.rules.len(), "every failing example gives at least one finding");
}

/// Where templates joined badly: doubled or dangling punctuation, empty brackets, placeholders
/// left unexpanded.
fn joining_glitches(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for pair in [
        "；；", "，，", "。。", "，。", "；。", "。，", "。；", "，；", "；，", "：；", "：，", "：。",
        "；（", "（）", "()",
    ] {
        if text.contains(pair) {
            found.push(format!("“{pair}”"));
        }
    }
    for lead in ['；', '，', '。', '：'] {
        if text.starts_with(lead) {
            found.push(format!("leading “{lead}”"));
        }
    }
    for tail in ['：', '；', '，', '（'] {
        if text.ends_with(tail) {
            found.push(format!("trailing “{tail}”"));
        }
    }
    if text.contains('{') || text.contains('}') {
        found.push("an unexpanded placeholder".to_string());
    }
    found
}

#[test]
fn the_glitch_check_finds_what_it_is_meant_to_find() {
    assert!(joining_glitches("指标缺少：满意度指标；（共 7 个指标）").len() == 1);
    assert!(!joining_glitches("无满意度指标；").is_empty());
    assert!(!joining_glitches("执行率 {pct(rate)} 偏低").is_empty());
    assert!(!joining_glitches("；缺计量单位").is_empty());
    assert!(joining_glitches("执行率 85.3% 低于 90%（全年执行数 85.3 ÷ 全年预算数 100）").is_empty());
}

#[test]
fn messages_of_every_failing_fixture_read_without_joining_glitches() {
    let (set, _) = builtin();
    let mut problems = Vec::new();
    let mut checked = 0;
    for rule in &set.rules {
        // Fixtures with parameter overrides need the pack reloaded; their wording is the same.
        for fixture in testing::fixtures(rule).iter().filter(|t| t.expect_fire && t.params.is_empty()) {
            let Ok(report) = testing::merge_fragment(&fixture.report) else { continue };
            for finding in testing::findings_of(&set, &rule.id, &report) {
                checked += 1;
                for (field, text) in [
                    ("message", Some(&finding.message)),
                    ("help", finding.help.as_ref()),
                    ("actual", finding.actual.as_ref()),
                    ("expected", finding.expected.as_ref()),
                ] {
                    let Some(text) = text else { continue };
                    for glitch in joining_glitches(text) {
                        problems
                            .push(format!("{} / {}: {field} has {glitch}: {text}", rule.id, fixture.name));
                    }
                }
            }
        }
    }
    assert!(checked >= set.rules.len(), "only {checked} findings checked");
    assert!(problems.is_empty(), "{} glitch(es):\n{}", problems.len(), problems.join("\n"));
}

/// The project a finding is about, if it is about one: an entry of `projects` (by its name, or
/// by its pointer when it has none), or, in a 项目支出自评表, the project of the form itself
/// (its header, its budget, or the report as a whole).
fn project_of(report: &serde_json::Value, pointer: &str) -> Option<String> {
    let mut tokens = pointer.split('/').skip(1);
    let first = tokens.next().unwrap_or("");
    if first == "projects" {
        let index = tokens.next()?;
        let entry = report.get("projects")?.get(index.parse::<usize>().ok()?)?;
        return Some(match entry.get("name").and_then(|n| n.as_str()) {
            Some(name) => name.to_string(),
            None => format!("/projects/{index}"),
        });
    }
    let own_project = report.get("kind").and_then(|k| k.as_str()) == Some("project")
        && matches!(first, "" | "project" | "budget");
    own_project.then(|| {
        report
            .pointer("/project/name")
            .and_then(|n| n.as_str())
            .map_or_else(|| "/project".to_string(), str::to_string)
    })
}

fn fixture_reports() -> Vec<std::path::PathBuf> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    for dir in ["tests/fixtures/reports", "examples"] {
        let entries = std::fs::read_dir(root.join(dir)).unwrap_or_else(|e| panic!("{dir}: {e}"));
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "json") {
                paths.push(path);
            }
        }
    }
    paths.sort();
    paths
}

#[test]
fn the_project_of_a_finding_is_read_from_its_pointer() {
    let department = serde_json::json!({"kind": "department_overall", "projects": [{"name": "甲项目"}, {}]});
    assert_eq!(project_of(&department, "/projects/0/budget/adjusted").as_deref(), Some("甲项目"));
    assert_eq!(project_of(&department, "/projects/1/mid_year_monitoring").as_deref(), Some("/projects/1"));
    assert_eq!(project_of(&department, "/budget/adjusted"), None);
    let project = serde_json::json!({"kind": "project", "project": {"name": "甲项目"}, "projects": [{"name": "甲项目"}]});
    assert_eq!(project_of(&project, "/project/mid_year_monitoring"), project_of(&project, "/projects/0"));
    assert_eq!(project_of(&project, "/budget/execution_rate_pct").as_deref(), Some("甲项目"));
    assert_eq!(project_of(&project, "/indicators/0/level1"), None);
}

/// A project listed twice — in a 项目支出自评表's own header and again in its `projects`, or
/// twice in a list — is one project: no rule reports it twice.
#[test]
fn no_fixture_report_gets_the_same_finding_twice_for_one_project() {
    let (set, _) = builtin();
    let paths = fixture_reports();
    assert!(paths.len() >= 8, "fixture reports found: {paths:?}");
    let mut attributed = 0;
    let mut repeats = Vec::new();
    for path in &paths {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let report: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut seen = std::collections::BTreeMap::new();
        for finding in set.run(&report) {
            let pointer = finding.pointer.clone().unwrap_or_default();
            let Some(project) = project_of(&report, &pointer) else { continue };
            attributed += 1;
            if let Some(first) = seen.insert((finding.code.clone(), project.clone()), pointer.clone()) {
                repeats.push(format!(
                    "{}: {} reports project “{project}” at {first} and again at {pointer}",
                    path.display(),
                    finding.code
                ));
            }
        }
    }
    assert!(attributed > 0, "no finding about a project in any fixture report");
    assert!(repeats.is_empty(), "{}", repeats.join("\n"));
}
