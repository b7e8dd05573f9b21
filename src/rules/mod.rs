//! Stage 3: rule packs. TOML rule files ([`raw`]) are compiled, once per run, into [`Rule`]s
//! with parsed expressions, resolved names and parameters, and compiled JSONPaths
//! ([`compile`]); [`RuleSet::run`] evaluates them against one report.

pub mod compile;
pub mod config;
pub mod expr;
pub mod raw;
pub mod testing;

use crate::diagnostic::{Diagnostic, Severity, escape_pointer_token};
use expr::{AmountUnit, Env, Expr, Literal, PathStep, Template, Value};
use serde_json::Value as Json;

pub use compile::{LoadOptions, load};

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));
}

/// The built-in pack's files, embedded at build time: (path such as `rules/budget/x.toml`, text).
pub fn builtin_files() -> &'static [(&'static str, &'static str)] {
    builtin::BUILTIN_FILES
}

/// A parameter's value: a literal of the expression language (number, percentage, amount),
/// text, a boolean or a list of texts.
#[derive(Debug, Clone)]
pub enum ParamValue {
    Literal { literal: Literal, text: String },
    Text(String),
    Bool(bool),
    List(Vec<String>),
}

impl ParamValue {
    pub fn ty(&self) -> expr::Ty {
        match self {
            ParamValue::Literal { literal, .. } => literal.ty(),
            ParamValue::Text(_) => expr::Ty::Text,
            ParamValue::Bool(_) => expr::Ty::Bool,
            ParamValue::List(_) => expr::Ty::List,
        }
    }

    /// The value as the expressions of one report see it (amounts in the report's unit).
    pub fn materialize(&self, unit: AmountUnit) -> Value<'_> {
        match self {
            ParamValue::Literal { literal, .. } => literal.value(unit),
            ParamValue::Text(text) => Value::Text(text.as_str().into()),
            ParamValue::Bool(b) => Value::Bool(*b),
            ParamValue::List(items) => {
                Value::List(items.iter().map(|s| Value::Text(s.as_str().into())).collect())
            }
        }
    }
}

impl std::fmt::Display for ParamValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParamValue::Literal { text, .. } => f.write_str(text),
            ParamValue::Text(text) => write!(f, "\"{text}\""),
            ParamValue::Bool(b) => write!(f, "{b}"),
            ParamValue::List(items) => {
                write!(f, "[{}]", items.iter().map(|s| format!("\"{s}\"")).collect::<Vec<_>>().join(", "))
            }
        }
    }
}

/// A declared parameter and the value in force for this run.
#[derive(Debug, Clone)]
pub struct Param {
    pub name: String,
    pub description: String,
    pub default: ParamValue,
    pub value: ParamValue,
    /// Where the value in force comes from: `default`, `profile huadu`, `jixiao.toml`, `--param`.
    pub origin: String,
}

/// A fixture of a rule: a report fragment and whether the rule must fire on it.
#[derive(Debug, Clone)]
pub struct RuleTest {
    pub name: String,
    pub expect_fire: bool,
    pub count: Option<usize>,
    pub pointer: Option<String>,
    pub params: Vec<(String, String)>,
    pub report: String,
}

/// A compiled rule, ready to run.
#[derive(Debug)]
pub struct Rule {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub default_severity: Severity,
    pub category: String,
    pub basis: String,
    pub description: String,
    pub missing_data: String,
    /// The rule file it came from (`rules/budget/execution-rate-mismatch.toml`).
    pub file: String,
    pub enabled: bool,
    pub select: Vec<(String, serde_json_path::JsonPath)>,
    pub lets: Vec<(String, Expr)>,
    pub when: Option<Expr>,
    pub assert: Expr,
    /// Candidate fields to underline, each with an optional condition; the first whose condition
    /// holds and whose field exists wins.
    pub at: Vec<(Option<Expr>, Vec<PathStep>)>,
    pub message: Template,
    pub help: Template,
    pub actual: Option<Template>,
    pub expected: Option<Template>,
    pub escalate: Vec<(Expr, Severity)>,
    /// Names of the parameters the rule's expressions and templates use.
    pub params_used: Vec<String>,
    /// `(fail, pass)` fragments.
    pub examples: Option<(String, String)>,
    pub tests: Vec<RuleTest>,
    /// Source texts of the expressions, for `explain`.
    pub sources: RuleSources,
}

/// The rule's expressions as written.
#[derive(Debug, Clone, Default)]
pub struct RuleSources {
    pub select: Vec<String>,
    pub when: Option<String>,
    pub assert: String,
    pub lets: Vec<(String, String)>,
}

/// All rules of a run with the parameters in force.
#[derive(Debug)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    /// Rule indices in evaluation order: a rule runs after the rules its `fired()` names.
    pub order: Vec<usize>,
    pub params: Vec<Param>,
    /// The profile in force (`national` by default).
    pub profile: String,
    /// `[[ignore]]` entries of `jixiao.toml`.
    pub ignores: Vec<crate::suppress::Ignore>,
    /// `jixiao.toml` as read: (path, text), to point at its entries.
    pub config: Option<(String, String)>,
}

/// The report's amount unit (`amount_unit`, default 元).
pub fn amount_unit(root: &Json) -> AmountUnit {
    match root.get("amount_unit").and_then(Json::as_str) {
        Some("万元") => AmountUnit::WanYuan,
        Some("亿元") => AmountUnit::YiYuan,
        _ => AmountUnit::Yuan,
    }
}

impl RuleSet {
    pub fn empty() -> RuleSet {
        RuleSet {
            rules: Vec::new(),
            order: Vec::new(),
            params: Vec::new(),
            profile: "national".to_string(),
            ignores: Vec::new(),
            config: None,
        }
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|p| p.name == name)
    }

    /// Runs every enabled rule on one report. Diagnostics carry pointers; spans are located
    /// later, and only if there is something to report.
    pub fn run(&self, root: &Json) -> Vec<Diagnostic> {
        let unit = amount_unit(root);
        let params: Vec<Value<'_>> = self.params.iter().map(|p| p.value.materialize(unit)).collect();
        let mut fired = vec![false; self.rules.len()];
        let mut out = Vec::new();
        for &index in &self.order {
            let rule = &self.rules[index];
            if !rule.enabled {
                continue;
            }
            let before = out.len();
            {
                let fired_now = |i: usize| fired.get(i).copied().unwrap_or(false);
                rule.run(root, unit, &params, &fired_now, &mut out);
            }
            fired[index] = out.len() > before;
        }
        out
    }
}

impl Rule {
    fn run<'a>(
        &'a self,
        root: &'a Json,
        unit: AmountUnit,
        params: &[Value<'a>],
        fired: &dyn Fn(usize) -> bool,
        out: &mut Vec<Diagnostic>,
    ) {
        for (_, path) in &self.select {
            for located in path.query_located(root) {
                let subject = located.node();
                let mut lets: Vec<Value<'a>> = Vec::with_capacity(self.lets.len());
                for (_, expr) in &self.lets {
                    let value = expr.eval(&Env { root, subject, lets: &lets, params, unit, fired });
                    lets.push(value);
                }
                let env = Env { root, subject, lets: &lets, params, unit, fired };
                if let Some(when) = &self.when
                    && when.eval_bool(&env) != Some(true)
                {
                    continue;
                }
                if self.assert.eval_bool(&env) != Some(false) {
                    continue;
                }
                let severity = self
                    .escalate
                    .iter()
                    .find(|(cond, _)| cond.eval_bool(&env) == Some(true))
                    .map_or(self.severity, |(_, s)| *s);
                let subject_pointer = located.location().to_json_pointer();
                let pointer = self.at_pointer(&env, subject, subject_pointer);
                let mut diagnostic = Diagnostic::new(self.id.clone(), severity, self.message.render(&env))
                    .with_pointer(pointer)
                    .with_label(self.title.clone())
                    .with_help(self.help.render(&env))
                    .with_basis(self.basis.clone());
                diagnostic.actual = self.actual.as_ref().map(|t| t.render(&env));
                diagnostic.expected = self.expected.as_ref().map(|t| t.render(&env));
                out.push(diagnostic);
            }
        }
    }

    /// The pointer of the first `at` path that exists in the subject, else the subject's.
    fn at_pointer(&self, env: &Env<'_, '_>, subject: &Json, subject_pointer: String) -> String {
        for (condition, steps) in &self.at {
            if condition.as_ref().is_some_and(|c| c.eval_bool(env) != Some(true)) {
                continue;
            }
            let mut node = subject;
            let mut pointer = subject_pointer.clone();
            let mut found = true;
            for step in steps {
                let next = match step {
                    PathStep::Key(key) => {
                        node.get(key.as_str()).map(|n| (n, escape_pointer_token(key).into_owned()))
                    }
                    PathStep::Index(i) => node.get(*i).map(|n| (n, i.to_string())),
                };
                match next {
                    Some((n, token)) => {
                        node = n;
                        pointer.push('/');
                        pointer.push_str(&token);
                    }
                    None => {
                        found = false;
                        break;
                    }
                }
            }
            if found {
                return pointer;
            }
        }
        subject_pointer
    }
}
