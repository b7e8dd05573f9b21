//! Any text → rule expression and message template → evaluation against a fixed report.
//!
//! Compiling never panics and its error spans lie on character boundaries of the source;
//! evaluation and rendering never panic and always end.

#![no_main]

use jixiao::rules::expr::{AmountUnit, Binding, Env, Expr, Resolver, Template, Ty, Value};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

/// A report with every kind of value the rules meet: amounts as numbers and as numeral text,
/// percentages, nested lists of objects, nulls, an empty list, Chinese text.
const REPORT: &str = r#"{
  "schema_version": "1", "kind": "department_overall", "fiscal_year": 2022,
  "department": {"name": "示例部门"}, "amount_unit": "万元",
  "budget": {"initial": 2000, "adjusted": 2322.6, "executed": "2233.44", "execution_rate_pct": 96.2,
             "by_source": [{"source": "本年财政拨款", "adjusted": 0, "executed": -1}]},
  "self_evaluation": {"score": 95.16, "grade": "优"},
  "declared_indicator_count": 3,
  "indicators": [
    {"name": "培训人次", "level1": "产出指标", "target": {"comparator": "≥", "value": 3000, "unit": "人次"},
     "actual": {"value": "3600多"}, "weight": 10, "score": 10},
    {"name": "满意度", "target": {"value": "90%"}, "actual": {"value": 0}, "weight": 0, "score": null},
    {"name": "", "target": {}, "actual": {"value": 79228162514264337593543950335}, "weight": 1e-28}
  ],
  "projects": [],
  "x-note": "备注"
}"#;

static JSON: LazyLock<serde_json::Value> =
    LazyLock::new(|| serde_json::from_str(REPORT).unwrap_or(serde_json::Value::Null));

/// `let` values: (name, type); their values are in [`lets`].
const LETS: &[(&str, Ty)] = &[("rate", Ty::Num), ("names", Ty::List), ("note", Ty::Text), ("flag", Ty::Bool)];
const PARAMS: &[(&str, Ty)] = &[("tolerance", Ty::Num), ("kinds", Ty::List), ("label", Ty::Text)];
const RULES: &[&str] = &["execution-rate-mismatch", "weights-nonstandard"];

struct FuzzResolver;

impl Resolver for FuzzResolver {
    fn binding(&self, name: &str) -> Option<(Binding, Ty)> {
        if let Some(i) = LETS.iter().position(|(n, _)| *n == name) {
            return Some((Binding::Let(i), LETS[i].1));
        }
        let i = PARAMS.iter().position(|(n, _)| *n == name)?;
        Some((Binding::Param(i), PARAMS[i].1))
    }

    fn field_known(&self, field: &str) -> bool {
        jixiao::schema::known_field_names().contains(field)
    }

    fn rule_index(&self, id: &str) -> Option<usize> {
        RULES.iter().position(|r| *r == id)
    }

    fn binding_names(&self) -> Vec<String> {
        LETS.iter().map(|(n, _)| n.to_string()).chain(PARAMS.iter().map(|(n, _)| n.to_string())).collect()
    }

    fn field_names(&self) -> Vec<String> {
        jixiao::schema::known_field_names().iter().cloned().collect()
    }

    fn rule_ids(&self) -> Vec<String> {
        RULES.iter().map(|r| r.to_string()).collect()
    }
}

fn decimal(text: &str) -> Value<'static> {
    rust_decimal::Decimal::from_str_exact(text).map_or(Value::Missing, Value::Num)
}

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else { return };
    let root = &*JSON;
    let lets = vec![
        decimal("96.16"),
        Value::List(vec![Value::Text("培训人次".into()), Value::Missing]),
        Value::Text("说明".into()),
        Value::Bool(true),
    ];
    let params = vec![
        decimal("0.05"),
        Value::List(vec![Value::Text("产出指标".into()), Value::Text("效益指标".into())]),
        Value::Text("执行率".into()),
    ];
    let fired = |i: usize| i == 0;
    let subjects = [root, &root["budget"], &root["indicators"][0], &root["indicators"][2]];
    let env = |subject, unit| Env { root, subject, lets: &lets, let_slots: &[], params: &params, unit, fired: &fired };
    match Expr::compile(src, &FuzzResolver) {
        Ok(expr) => {
            for subject in subjects {
                let env = env(subject, AmountUnit::WanYuan);
                let _ = expr.eval(&env);
                let _ = expr.eval_bool(&env);
            }
        }
        Err(err) => assert_span_in(src, &err),
    }
    match Template::compile(src, &FuzzResolver) {
        Ok(template) => {
            for subject in subjects {
                let _ = template.render(&env(subject, AmountUnit::Yuan));
            }
        }
        Err(err) => assert_span_in(src, &err),
    }
});

/// An error's span lies within the source, on character boundaries.
fn assert_span_in(src: &str, err: &jixiao::rules::expr::ExprError) {
    assert!(err.span.start <= err.span.end && err.span.end <= src.len(), "{err:?}");
    assert!(src.is_char_boundary(err.span.start) && src.is_char_boundary(err.span.end), "{err:?}");
}
