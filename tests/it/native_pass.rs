//! The built-in rules' quick pass (`rules::expr::Native`, generated from the rule files) only
//! ever spares the interpreter work: a check with it gives exactly the findings of a check
//! without it, on every fixture, on a generated corpus, on reports mutated at random, and on
//! reports large enough that the interpreter's work allowance comes into play.

use jixiao::load::{self, Limits};
use jixiao::rules::{self, LoadOptions, RuleSet, testing};
use proptest::prelude::*;
use serde_json::{Value, json};
use std::path::Path;

fn load_set(profile: Option<&str>, params: &[(String, String)]) -> RuleSet {
    let options = LoadOptions {
        builtin: true,
        profile: profile.map(str::to_string),
        params: params.to_vec(),
        ..LoadOptions::default()
    };
    rules::load(&options).unwrap_or_else(|_| panic!("the built-in pack loads with {profile:?} {params:?}"))
}

/// The same rule set twice: with the generated passes, and with the interpreter alone.
fn pair(profile: Option<&str>, params: &[(String, String)]) -> (RuleSet, RuleSet) {
    let with = load_set(profile, params);
    let mut without = load_set(profile, params);
    for rule in &mut without.rules {
        rule.native = None;
    }
    (with, without)
}

fn assert_same(with: &RuleSet, without: &RuleSet, report: &Value, what: &str) {
    let fast = with.run(report);
    let slow = without.run(report);
    assert!(
        fast == slow,
        "{what}: the quick pass changed the findings\nwith it: {fast:#?}\nwithout: {slow:#?}"
    );
}

fn report_of(bytes: &[u8]) -> Option<Value> {
    load::load_bytes(bytes, &Limits::default()).value
}

#[test]
fn every_rule_the_generator_handles_gets_its_pass_when_the_pack_loads() {
    let set = load_set(None, &[]);
    let with: Vec<&str> = set.rules.iter().filter(|r| r.native.is_some()).map(|r| r.id.as_str()).collect();
    let without: Vec<&str> = set.rules.iter().filter(|r| r.native.is_none()).map(|r| r.id.as_str()).collect();
    // Only a rule that reads `fired(…)` is left to the interpreter.
    assert_eq!(without, ["grade-overstated"], "rules without a quick pass");
    assert!(with.len() >= 30, "{} rules with a quick pass", with.len());
}

#[test]
fn a_changed_rule_runs_on_the_interpreter_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    // The built-in rule with another assertion: its checked tree is not the generated one.
    let original = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/scoring/score-out-of-range.toml"),
    )
    .expect("rule file");
    let changed = original.replace(
        r#"assert   = "@.score >= 0 and @.score <= 100""#,
        r#"assert   = "@.score >= 0 and @.score <= 50""#,
    );
    assert_ne!(changed, original, "the assertion was replaced");
    std::fs::write(dir.path().join("score-out-of-range.toml"), changed).expect("write rule");
    let options =
        LoadOptions { builtin: false, extra: vec![dir.path().to_path_buf()], ..LoadOptions::default() };
    let set = rules::load(&options).unwrap_or_else(|_| panic!("the changed rule loads"));
    assert!(set.rules.iter().all(|r| r.native.is_none()));
    let findings = set.run(&json!({"self_evaluation": {"score": 90}}));
    assert_eq!(findings.len(), 1, "the changed rule's own assertion decides: {findings:#?}");
}

#[test]
fn every_fixture_and_example_gives_the_same_findings() {
    let (with, without) = pair(None, &[]);
    let mut checked = 0;
    for rule in &with.rules {
        for fixture in testing::fixtures(rule) {
            let Some(report) = report_of(fixture.report.as_bytes()) else { continue };
            if fixture.params.is_empty() {
                assert_same(&with, &without, &report, &format!("{} / {}", rule.id, fixture.name));
            } else {
                let (w, wo) = pair(None, &fixture.params);
                assert_same(
                    &w,
                    &wo,
                    &report,
                    &format!("{} / {} with {:?}", rule.id, fixture.name, fixture.params),
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} fixtures checked");
}

#[test]
fn the_bundled_reports_give_the_same_findings_under_every_profile() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = [
        "benches/realistic-report.json",
        "benches/generated-report.json",
        "examples/huadu-2022.json",
        "examples/project-sample.json",
    ];
    for profile in ["national", "huadu", "huangpu"] {
        let (with, without) = pair(Some(profile), &[]);
        for file in files {
            let bytes = std::fs::read(root.join(file)).expect("bundled report");
            let report = report_of(&bytes).expect("bundled report parses");
            assert_same(&with, &without, &report, &format!("{file} ({profile})"));
        }
    }
}

#[test]
fn a_generated_corpus_gives_the_same_findings() {
    let exe = std::env::current_exe().expect("test binary path");
    let profile_dir = exe.parent().and_then(|deps| deps.parent()).expect("target profile directory");
    let gen_corpus = profile_dir.join("examples").join(format!("gen-corpus{}", std::env::consts::EXE_SUFFIX));
    assert!(gen_corpus.is_file(), "{} not built (cargo test builds the examples)", gen_corpus.display());
    let dir = tempfile::tempdir().expect("tempdir");
    let (with, without) = pair(None, &[]);
    let mut findings = 0;
    for (shape, seed) in [("realistic", "11"), ("sparse", "12")] {
        let out = dir.path().join(shape);
        let status = std::process::Command::new(&gen_corpus)
            .args(["--n", "300", "--seed", seed, "--shape", shape, "--out"])
            .arg(&out)
            .output()
            .expect("gen-corpus runs");
        assert!(status.status.success(), "gen-corpus failed: {}", String::from_utf8_lossy(&status.stderr));
        for entry in std::fs::read_dir(out.join("reports")).expect("reports") {
            let path = entry.expect("entry").path();
            let report = report_of(&std::fs::read(&path).expect("read")).expect("generated report parses");
            assert_same(&with, &without, &report, &path.display().to_string());
            findings += with.run(&report).len();
        }
    }
    assert!(findings > 1000, "the corpus gave only {findings} findings");
}

/// Reports whose values the interpreter's work allowance bounds: the quick pass must leave them
/// to it rather than answer.
#[test]
fn reports_beyond_the_work_allowance_give_the_same_findings() {
    let (with, without) = pair(None, &[]);
    let base = report_of(
        &std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/realistic-report.json"))
            .expect("read"),
    )
    .expect("parses");
    let long = "产出指标".repeat(60_000);
    let mut long_names = base.clone();
    if let Some(indicators) = long_names.get_mut("indicators").and_then(Value::as_array_mut) {
        for indicator in indicators {
            indicator["level1"] = json!(long.clone());
            indicator["name"] = json!(long.clone());
            indicator["target"]["unit"] = json!(long.clone());
        }
    }
    assert_same(&with, &without, &long_names, "indicators with 720 KB texts");
    let mut many = base.clone();
    if let Some(indicators) = many.get_mut("indicators").and_then(Value::as_array_mut) {
        let first = indicators.first().cloned().unwrap_or(Value::Null);
        indicators.resize(20_000, first);
    }
    assert_same(&with, &without, &many, "20 000 indicators");
}

/// The pass answers for a subject only while the interpreter's work on it stays within the
/// fixed allowance: the same indicator, with a short unit and with a unit of 16 MB, which every
/// operation on it pays for by its length.
#[test]
fn the_pass_leaves_a_subject_to_the_interpreter_once_its_values_are_heavy() {
    use jixiao::rules::expr::{AmountUnit, Searches};
    let set = load_set(None, &[]);
    let rule = set.rules.iter().find(|r| r.id == "indicator-unit-missing").expect("rule");
    let native = rule.native.as_ref().expect("the rule has a quick pass");
    let params: Vec<_> = set.params.iter().map(|p| p.value.materialize(AmountUnit::Yuan)).collect();
    let indicator = |unit: &str| json!({"name": "培训人次", "target": {"value": 100, "unit": unit}, "actual": {"value": 120, "unit": unit}});
    let light = indicator("人次");
    let root = json!({"indicators": [light.clone()]});
    assert!(native.passes(&root, &light, &params, AmountUnit::Yuan, Searches::Few), "a light subject passes");
    let heavy = indicator(&"人".repeat((16 << 20) / 3));
    let root = json!({"indicators": [heavy.clone()]});
    assert!(
        !native.passes(&root, &heavy, &params, AmountUnit::Yuan, Searches::Few),
        "a subject the allowance bounds is left to the interpreter"
    );
    let (with, without) = pair(None, &[]);
    assert_same(&with, &without, &root, "an indicator with 16 MB units");
}

/// Values that make rules take every branch: missing, `null`, the wrong type, numerals as text,
/// signs, scales, white space, the comparators and units of real forms, long texts.
fn odd_value() -> impl Strategy<Value = Option<Value>> {
    prop_oneof![
        Just(None),
        Just(Some(Value::Null)),
        Just(Some(json!(true))),
        Just(Some(json!(false))),
        Just(Some(json!(""))),
        Just(Some(json!(" 产出指标 "))),
        Just(Some(json!("数量指标"))),
        Just(Some(json!("成本指标"))),
        Just(Some(json!("满意度指标"))),
        Just(Some(json!("100"))),
        Just(Some(json!("100.00"))),
        Just(Some(json!("-5"))),
        Just(Some(json!("≥"))),
        Just(Some(json!("<="))),
        Just(Some(json!("="))),
        Just(Some(json!("%"))),
        Just(Some(json!("％"))),
        Just(Some(json!("约95%"))),
        Just(Some(json!([]))),
        Just(Some(json!({}))),
        Just(Some(json!(["a", 1]))),
        Just(Some(json!("文".repeat(5_000)))),
        (-1_000_000i64..1_000_000).prop_map(|n| Some(json!(n))),
        (0u32..6, -100_000i64..100_000).prop_map(|(scale, n)| {
            let d = rust_decimal::Decimal::new(n, scale);
            Some(serde_json::from_str(&d.to_string()).unwrap_or(Value::Null))
        }),
        Just(Some(serde_json::from_str("1e30").unwrap_or(Value::Null))),
        Just(Some(serde_json::from_str("0.0000000000000000000000000001").unwrap_or(Value::Null))),
    ]
}

/// Every place in `value` that holds a scalar, as JSON pointers.
fn leaves(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => map.iter().for_each(|(k, v)| leaves(v, format!("{at}/{k}"), out)),
        Value::Array(items) => {
            items.iter().enumerate().for_each(|(i, v)| leaves(v, format!("{at}/{i}"), out))
        }
        _ => out.push(at),
    }
}

fn realistic() -> Value {
    let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/realistic-report.json"))
        .expect("read");
    report_of(&bytes).expect("parses")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn mutated_reports_give_the_same_findings(
        changes in proptest::collection::vec((any::<prop::sample::Index>(), odd_value()), 1..12),
        unit in prop_oneof![Just(None), Just(Some("万元")), Just(Some("亿元"))],
    ) {
        thread_local! {
            static SETS: (RuleSet, RuleSet) = pair(None, &[]);
        }
        let mut report = realistic();
        let mut places = Vec::new();
        leaves(&report, String::new(), &mut places);
        for (index, value) in &changes {
            let pointer = index.get(&places).clone();
            let (parent, key) = pointer.rsplit_once('/').unwrap_or(("", ""));
            match (report.pointer_mut(parent), value) {
                (Some(Value::Object(map)), None) => { map.remove(key); }
                (Some(Value::Object(map)), Some(v)) => { map.insert(key.to_string(), v.clone()); }
                (Some(Value::Array(items)), v) => {
                    if let Some(slot) = key.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
                        *slot = v.clone().unwrap_or(Value::Null);
                    }
                }
                _ => {}
            }
        }
        if let (Some(unit), Some(map)) = (unit, report.as_object_mut()) {
            map.insert("amount_unit".into(), json!(unit));
        }
        SETS.with(|(with, without)| {
            let fast = with.run(&report);
            let slow = without.run(&report);
            prop_assert_eq!(fast, slow);
            Ok(())
        })?;
    }
}
