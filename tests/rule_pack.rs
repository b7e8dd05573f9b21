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
