//! Rule fixtures: every rule's `examples` and `[[tests]]` run against the whole pack, as
//! `jixiao test` and `cargo test` do. A fixture is a report fragment merged over a minimal
//! valid report, and must itself be valid against the report schema.

use super::{LoadOptions, Rule, RuleSet, RuleTest};
use crate::diagnostic::Diagnostic;
use serde_json::{Map, Value};

/// The minimal valid report that fragments are merged over.
pub const BASE_REPORT: &str = r#"{"schema_version": "1", "kind": "department_overall", "fiscal_year": 2022, "department": {"name": "示例部门"}}"#;

/// The outcome of one fixture.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub rule: String,
    pub name: String,
    /// `None` when the expectation held; otherwise what went wrong.
    pub failure: Option<String>,
}

/// Builds the full report of a fragment: objects merge key by key, other values replace.
pub fn merge_fragment(fragment: &str) -> Result<Value, String> {
    let loaded = crate::load::load_bytes(fragment.as_bytes(), &crate::load::Limits::default());
    let fragment = match loaded.value {
        Some(v) => v,
        None => {
            let reason =
                loaded.diagnostics.first().map_or_else(|| "无法解析".to_string(), |d| d.message.clone());
            return Err(format!("片段不是合法 JSON：{reason}"));
        }
    };
    let mut base: Value = serde_json::from_str(BASE_REPORT).map_err(|e| e.to_string())?;
    merge(&mut base, fragment);
    Ok(base)
}

fn merge(base: &mut Value, patch: Value) {
    match (base, patch) {
        (Value::Object(base), Value::Object(patch)) => merge_maps(base, patch),
        (base, patch) => *base = patch,
    }
}

fn merge_maps(base: &mut Map<String, Value>, patch: Map<String, Value>) {
    for (key, value) in patch {
        match base.get_mut(&key) {
            Some(existing) => merge(existing, value),
            None => {
                base.insert(key, value);
            }
        }
    }
}

/// Runs every fixture of every rule in `rules` whose file is under one of `only` (all when
/// empty). Fixtures with parameter overrides reload the pack with those overrides.
pub fn run(rules: &RuleSet, options: &LoadOptions, only: &[String]) -> Vec<Outcome> {
    let mut outcomes = Vec::new();
    for rule in &rules.rules {
        if !only.is_empty()
            && !only.iter().any(|prefix| rule.file.starts_with(prefix.as_str()) || rule.id == *prefix)
        {
            continue;
        }
        for test in fixtures(rule) {
            let failure = run_one(rules, options, rule, &test).err();
            outcomes.push(Outcome { rule: rule.id.clone(), name: test.name.clone(), failure });
        }
        if rule.examples.is_none() && rule.tests.is_empty() {
            outcomes.push(Outcome {
                rule: rule.id.clone(),
                name: "fixtures".to_string(),
                failure: Some("规则没有任何示例或测试（examples / tests）".to_string()),
            });
        }
    }
    outcomes
}

/// The rule's examples as fixtures, followed by its tests.
pub fn fixtures(rule: &Rule) -> Vec<RuleTest> {
    let mut out = Vec::new();
    if let Some((fail, pass)) = &rule.examples {
        out.push(RuleTest {
            name: "examples.fail".into(),
            expect_fire: true,
            count: None,
            pointer: None,
            params: Vec::new(),
            report: fail.clone(),
        });
        out.push(RuleTest {
            name: "examples.pass".into(),
            expect_fire: false,
            count: None,
            pointer: None,
            params: Vec::new(),
            report: pass.clone(),
        });
    }
    out.extend(rule.tests.iter().cloned());
    out
}

/// The findings of one rule on a fragment (with the pack as loaded).
pub fn findings_of(rules: &RuleSet, rule_id: &str, report: &Value) -> Vec<Diagnostic> {
    rules.run(report).into_iter().filter(|d| d.code == rule_id).collect()
}

fn run_one(rules: &RuleSet, options: &LoadOptions, rule: &Rule, test: &RuleTest) -> Result<(), String> {
    let report = merge_fragment(&test.report)?;
    let schema_errors = crate::schema::validate(&report);
    if let Some(first) = schema_errors.first() {
        return Err(format!(
            "片段不符合报告格式（{}）：{}",
            first.pointer.as_deref().unwrap_or(""),
            first.message
        ));
    }
    let reloaded;
    let rules = if test.params.is_empty() {
        rules
    } else {
        let mut options = options.clone();
        options.params.extend(test.params.iter().cloned());
        reloaded = super::load(&options).map_err(|reports| {
            let first = reports.iter().flat_map(|r| r.diagnostics.iter()).next();
            format!("参数覆盖无效：{}", first.map_or("", |d| d.message.as_str()))
        })?;
        &reloaded
    };
    let found = findings_of(rules, &rule.id, &report);
    match (test.expect_fire, found.is_empty()) {
        (true, true) => return Err("期望规则触发，但没有发现问题".to_string()),
        (false, false) => {
            return Err(format!(
                "期望规则不触发，但发现：{}",
                found.iter().map(|d| d.message.as_str()).collect::<Vec<_>>().join("；")
            ));
        }
        _ => {}
    }
    if let Some(count) = test.count
        && found.len() != count
    {
        return Err(format!("期望 {count} 条发现，实际 {} 条", found.len()));
    }
    if let Some(pointer) = &test.pointer {
        let first = found.first().and_then(|d| d.pointer.as_deref()).unwrap_or("");
        if first != pointer {
            return Err(format!("期望位置 {pointer}，实际 {first}"));
        }
    }
    Ok(())
}
