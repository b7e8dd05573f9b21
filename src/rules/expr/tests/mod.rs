//! Tests of the expression language, one file per area. [`TestResolver`] plays the rule
//! compiler: a few `let` values and parameters, a small report schema and three rule ids.

mod binders;
mod builtins;
mod errors;
mod limits;
mod literals;
mod logic;
mod operators;
mod paths;
mod props;
mod templates;

use super::*;
use rust_decimal::Decimal;
use serde_json::Value as Json;

/// `let` values, in order: (name, static type).
const LETS: &[(&str, Ty)] = &[("rate", Ty::Num), ("names", Ty::List), ("note", Ty::Text), ("flag", Ty::Bool)];
/// Parameters: (name, literal text or JSON list / text).
const PARAMS: &[(&str, &str)] = &[
    ("tolerance", "0.05"),
    ("warn_below", "90%"),
    ("threshold", "500万元"),
    ("kinds", r#"["产出指标", "效益指标"]"#),
    ("label", r#""执行率""#),
];
const FIELDS: &[&str] = &[
    "budget",
    "adjusted",
    "executed",
    "execution_rate_pct",
    "indicators",
    "name",
    "score",
    "weight",
    "target",
    "value",
    "kind",
    "items",
    "amount",
    "amount_unit",
    "projects",
    "comparator",
    "rate",
    "text",
    "code",
    "xs",
    "n",
    "in",
    "a",
    "b",
    "nothing",
    "empty",
];
const RULES: &[&str] = &["execution-rate-mismatch", "weights-nonstandard", "problems-missing"];

pub(super) struct TestResolver;

fn param_ty(text: &str) -> Ty {
    if text.starts_with('[') {
        Ty::List
    } else if text.starts_with('"') {
        Ty::Text
    } else {
        Ty::Num
    }
}

impl Resolver for TestResolver {
    fn binding(&self, name: &str) -> Option<(Binding, Ty)> {
        if let Some(i) = LETS.iter().position(|(n, _)| *n == name) {
            return Some((Binding::Let(i), LETS[i].1));
        }
        let i = PARAMS.iter().position(|(n, _)| *n == name)?;
        Some((Binding::Param(i), param_ty(PARAMS[i].1)))
    }

    fn field_known(&self, field: &str) -> bool {
        FIELDS.contains(&field)
    }

    fn rule_index(&self, id: &str) -> Option<usize> {
        RULES.iter().position(|r| *r == id)
    }

    fn binding_names(&self) -> Vec<String> {
        LETS.iter().map(|(n, _)| n.to_string()).chain(PARAMS.iter().map(|(n, _)| n.to_string())).collect()
    }

    fn field_names(&self) -> Vec<String> {
        FIELDS.iter().map(|f| f.to_string()).collect()
    }

    fn rule_ids(&self) -> Vec<String> {
        RULES.iter().map(|r| r.to_string()).collect()
    }
}

pub(super) fn d(text: &str) -> Decimal {
    Decimal::from_str_exact(text).expect("test decimal")
}

pub(super) fn num(text: &str) -> Value<'static> {
    Value::Num(d(text))
}

pub(super) fn text(s: &str) -> Value<'static> {
    Value::Text(s.to_string().into())
}

pub(super) fn list(items: Vec<Value<'static>>) -> Value<'static> {
    Value::List(items.into())
}

pub(super) fn compile(src: &str) -> Expr {
    match Expr::compile(src, &TestResolver) {
        Ok(e) => e,
        Err(e) => panic!("`{src}` should compile, got {e:?}"),
    }
}

pub(super) fn compile_err(src: &str) -> ExprError {
    match Expr::compile(src, &TestResolver) {
        Ok(e) => panic!("`{src}` should not compile, got {e:?}"),
        Err(e) => e,
    }
}

/// A report to evaluate against, with the `let` values and fired rules of one test.
pub(super) struct Case {
    root: &'static Json,
    subject: &'static Json,
    unit: AmountUnit,
    lets: Vec<Value<'static>>,
    fired: Vec<usize>,
}

/// A case over `report` (JSON text), its unit read from `amount_unit`. The report is leaked so
/// that values borrowed from it can be returned from the helpers.
pub(super) fn case(report: &str) -> Case {
    let root: &'static Json = Box::leak(Box::new(serde_json::from_str(report).expect("test report")));
    let unit =
        root.get("amount_unit").and_then(Json::as_str).and_then(AmountUnit::from_name).unwrap_or_default();
    Case {
        root,
        subject: root,
        unit,
        lets: vec![Value::Missing, Value::Missing, Value::Missing, Value::Missing],
        fired: Vec::new(),
    }
}

impl Case {
    /// Evaluates with `@` at the JSON pointer `pointer`.
    pub(super) fn at(mut self, pointer: &str) -> Case {
        self.subject = self.root.pointer(pointer).expect("test pointer");
        self
    }

    pub(super) fn with_let(mut self, name: &str, value: Value<'static>) -> Case {
        let i = LETS.iter().position(|(n, _)| *n == name).expect("test let name");
        self.lets[i] = value;
        self
    }

    pub(super) fn with_fired(mut self, rule: usize) -> Case {
        self.fired.push(rule);
        self
    }

    fn params(&self) -> Vec<Value<'static>> {
        PARAMS
            .iter()
            .map(|(_, text)| match param_ty(text) {
                Ty::List => Value::List(
                    serde_json::from_str::<Vec<String>>(text)
                        .expect("test list")
                        .into_iter()
                        .map(|s| Value::Text(s.into()))
                        .collect(),
                ),
                Ty::Text => Value::Text(text.trim_matches('"').to_string().into()),
                _ => Literal::parse(text).expect("test literal").value(self.unit),
            })
            .collect()
    }

    fn with_env<R>(&self, f: impl FnOnce(&Env<'static, '_>) -> R) -> R {
        // Parameters live as long as the report (`Env::params`): made once per unit.
        static BY_UNIT: [std::sync::OnceLock<Vec<Value<'static>>>; 3] =
            [std::sync::OnceLock::new(), std::sync::OnceLock::new(), std::sync::OnceLock::new()];
        let slot = match self.unit {
            AmountUnit::Yuan => 0,
            AmountUnit::WanYuan => 1,
            AmountUnit::YiYuan => 2,
        };
        let params: &'static [Value<'static>] = BY_UNIT[slot].get_or_init(|| self.params());
        let fired = |i: usize| self.fired.contains(&i);
        let env = Env {
            root: self.root,
            subject: self.subject,
            lets: &self.lets,
            let_slots: &[],
            params,
            unit: self.unit,
            fired: &fired,
            searches: super::Searches::Many,
        };
        f(&env)
    }

    pub(super) fn eval(&self, src: &str) -> Value<'static> {
        let expr = compile(src);
        self.with_env(|env| expr.eval(env))
    }

    pub(super) fn bool(&self, src: &str) -> Option<bool> {
        let expr = compile(src);
        self.with_env(|env| expr.eval_bool(env))
    }

    /// The value as it prints in a message.
    pub(super) fn show(&self, src: &str) -> String {
        self.eval(src).display()
    }

    pub(super) fn render(&self, template: &str) -> String {
        let t = Template::compile(template, &TestResolver).expect("test template");
        self.with_env(|env| t.render(env))
    }
}

/// Evaluates against an empty report in 元.
pub(super) fn ev(src: &str) -> Value<'static> {
    case("{}").eval(src)
}

pub(super) fn show(src: &str) -> String {
    case("{}").show(src)
}

pub(super) fn truth(src: &str) -> Option<bool> {
    case("{}").bool(src)
}

#[test]
fn compiled_expressions_can_be_shared_between_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Expr>();
    assert_send_sync::<Template>();
    assert_send_sync::<Literal>();
    assert_eq!(compile("1 + 1").ty(), Ty::Num);
}
