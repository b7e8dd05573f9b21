//! The rule expression language (`docs/rule-language.md` §3–§4).
//!
//! An expression goes through four stages, one module each:
//!
//! 1. `lexer`: source text → tokens with byte spans (numbers are exact decimals from the start).
//! 2. `parser`: tokens → syntax tree (`ast`), with limits on source size and nesting so that
//!    hostile input ends in an error, never in a stack overflow.
//! 3. `check`: names, fields, functions and statically known types are resolved once, when the
//!    rules load, into the tree that runs (`ir`); regular expressions are compiled here.
//! 4. `eval` (with `functions` and `ops`): the checked tree is built into a tree of nodes,
//!    once, and evaluated against one report. Evaluation is total: every failure (missing data,
//!    wrong type, division by zero, overflow) is [`Value::Missing`], "not computable", and logic
//!    is three-valued.
//!
//! `native` is a quick pass for the built-in rules: their conditions as Rust, generated from the
//! rule files by `native_gen` into `native_pack.rs`, which tells that a subject passes without
//! running the nodes; every other subject, and every finding, is left to `eval`.
//!
//! `analysis` tells the rule engine what an expression reads, so that rules checked together
//! compute a value they share once.
//!
//! `template` handles message templates with `{expr}` holes, `literal` the parameter literals
//! (`"90%"`, `"500万元"`), and `value` the run-time values.

mod analysis;
mod ast;
mod check;
mod eval;
mod functions;
mod ir;
mod lexer;
mod literal;
mod native;
#[cfg(test)]
pub(crate) mod native_gen;
mod ops;
mod parser;
mod template;
mod value;

#[cfg(test)]
mod tests;

use std::fmt;
use std::ops::Range;

pub use analysis::lets_needed;
pub use check::Searches;
pub use literal::Literal;
pub use native::Native;
pub use parser::{PathStep, parse_field_path};
pub use template::{Scope as TemplateScope, Template};
pub use value::{AmountUnit, Value, json_number, member};

/// Static types for load-time checking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ty {
    Num,
    Text,
    Bool,
    List,
    /// Not known before a report is read (report values, bound variables).
    Any,
}

impl Ty {
    /// The Chinese name with the English term, as used in error messages.
    pub fn describe(self) -> &'static str {
        match self {
            Ty::Num => "数值（number）",
            Ty::Text => "文本（text）",
            Ty::Bool => "布尔值（boolean）",
            Ty::List => "列表（list）",
            Ty::Any => "任意值（any）",
        }
    }

    /// The type both `a` and `b` fit: the same type, or [`Ty::Any`] when they differ.
    pub fn unify(a: Ty, b: Ty) -> Ty {
        if a == b { a } else { Ty::Any }
    }
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// What a bare name refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Binding {
    /// The n-th `let` value of the rule (an index into [`Env::lets`]).
    Let(usize),
    /// The n-th parameter (an index into [`Env::params`]).
    Param(usize),
}

/// Supplied by the rule compiler: what the names in an expression mean.
pub trait Resolver {
    /// Let values (only those defined earlier) and parameters.
    fn binding(&self, name: &str) -> Option<(Binding, Ty)>;
    /// Whether `field` is a property name that exists in the report schema. Names starting with
    /// `x-` are always accepted without asking.
    fn field_known(&self, field: &str) -> bool;
    /// The index of the rule with this id, for `fired("id")`.
    fn rule_index(&self, id: &str) -> Option<usize>;

    /// The names [`Resolver::binding`] knows, offered as suggestions for a misspelt name.
    fn binding_names(&self) -> Vec<String> {
        Vec::new()
    }
    /// The field names [`Resolver::field_known`] accepts, offered as suggestions.
    fn field_names(&self) -> Vec<String> {
        Vec::new()
    }
    /// The rule ids [`Resolver::rule_index`] knows, offered as suggestions.
    fn rule_ids(&self) -> Vec<String> {
        Vec::new()
    }
    /// Whether `matches`/`find` patterns may be compiled when first used instead of now, and
    /// not checked now: for rules whose patterns are known to compile (the built-in pack's,
    /// which the test suite compiles).
    fn defer_patterns(&self) -> bool {
        false
    }
    /// How the patterns compiled now are compiled: for the searches the rule set will make.
    fn searches(&self) -> Searches {
        Searches::default()
    }
}

/// An error in an expression or template, found when the rule loads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ExprError {
    pub message: String,
    /// Byte offsets in the expression (or template) source; always on character boundaries.
    pub span: Range<usize>,
    pub help: Option<String>,
}

impl ExprError {
    pub(crate) fn new(message: impl Into<String>, span: Range<usize>) -> ExprError {
        ExprError { message: message.into(), span, help: None }
    }

    pub(crate) fn with_help(mut self, help: impl Into<String>) -> ExprError {
        self.help = Some(help.into());
        self
    }

    pub(crate) fn with_help_opt(mut self, help: Option<String>) -> ExprError {
        self.help = help;
        self
    }

    /// The same error with its span moved by `offset` bytes (for a hole inside a template).
    pub(crate) fn shifted(mut self, offset: usize) -> ExprError {
        self.span = self.span.start + offset..self.span.end + offset;
        self
    }
}

/// What an expression is evaluated against.
pub struct Env<'a, 'r> {
    /// The report (`$`).
    pub root: &'a serde_json::Value,
    /// The current JSONPath match (`@`).
    pub subject: &'a serde_json::Value,
    /// The rule's `let` values computed so far: the i-th `let` ([`Binding::Let`]) is
    /// `lets[let_slots[i]]`, or `lets[i]` when `let_slots` is empty. (Rules checked together keep
    /// their `let` values in one table, so that a value several of them compute alike is
    /// computed once.)
    pub lets: &'r [Value<'a>],
    pub let_slots: &'r [usize],
    /// Parameter values, indexed by [`Binding::Param`]. They live as long as the report, so
    /// their texts are read in place rather than copied.
    pub params: &'a [Value<'a>],
    /// The report's `amount_unit`; amount literals are converted into it.
    pub unit: AmountUnit,
    /// Whether the rule with that index has a finding on this report.
    pub fired: &'r dyn Fn(usize) -> bool,
    /// How `matches`/`find` patterns are compiled for this run.
    pub searches: Searches,
}

/// A compiled expression: names resolved, types checked, regular expressions compiled, and
/// built into the tree of nodes that evaluates it.
#[derive(Clone)]
pub struct Expr {
    /// The checked tree, which the rule engine analyses (`analysis`).
    code: ir::Code,
    /// The same, built for evaluation (`eval`).
    tree: std::sync::Arc<dyn eval::Node>,
    ty: Ty,
    fired: Vec<usize>,
    /// Number of nodes, which scales the evaluation budget.
    size: usize,
}

impl<'a, 'r> Env<'a, 'r> {
    /// The i-th `let` value of the rule.
    #[inline]
    pub fn let_value(&self, i: usize) -> Option<&'r Value<'a>> {
        let lets: &'r [Value<'a>] = self.lets;
        lets.get(self.let_slots.get(i).copied().unwrap_or(i))
    }
}

impl fmt::Debug for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The node tree is built from `code`, which shows everything it does.
        f.debug_struct("Expr")
            .field("code", &self.code)
            .field("ty", &self.ty)
            .field("fired", &self.fired)
            .field("size", &self.size)
            .finish_non_exhaustive()
    }
}

impl Expr {
    /// Parses and checks `src`. Spans in the error are byte offsets in `src`.
    pub fn compile(src: &str, resolver: &dyn Resolver) -> Result<Expr, ExprError> {
        let tree = parser::parse(src)?;
        let checked = check::check(&tree, resolver)?;
        let tree = eval::build(&checked.code).into();
        Ok(Expr { code: checked.code, tree, ty: checked.ty, fired: checked.fired, size: checked.size })
    }

    /// The statically known type of the result ([`Ty::Any`] when it depends on the report).
    pub fn ty(&self) -> Ty {
        self.ty
    }

    /// Indices of the rules named in `fired(…)`, sorted, without duplicates.
    pub fn fired_dependencies(&self) -> Vec<usize> {
        self.fired.clone()
    }

    /// Evaluates the expression. Never panics; anything that cannot be computed is
    /// [`Value::Missing`].
    pub fn eval<'a>(&self, env: &Env<'a, '_>) -> Value<'a> {
        eval::run(&*self.tree, self.size, env)
    }

    /// Evaluates a condition: `None` when it is not computable or not a boolean.
    pub fn eval_bool(&self, env: &Env) -> Option<bool> {
        eval::run_truth(&*self.tree, self.size, env)
    }
}
