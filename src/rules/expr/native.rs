//! The built-in pack's conditions as Rust, generated from its rule files: a quick pass that
//! tells, for most subjects, that a rule holds without running the interpreter.
//!
//! A rule's `when`, `assert` and the `let` values they need are turned into one function by
//! `native_gen` (a test writes `native_pack.rs` from the built-in rules and fails when it is
//! out of date). The function answers only "this subject passes": when its condition is not
//! true, or its assertion not false. Anything else — a failure, a value of a kind the generated
//! code does not handle, or data large enough that the interpreter's work allowance could come
//! into play — sends the subject to the interpreter, which gives the finding with its texts.
//! So a finding always comes from the interpreter, and the quick pass can only ever spare work.
//!
//! The generated code computes the same values as the interpreter's nodes (it calls the same
//! operations in `ops`, `functions` and `value`), without metering each node: it counts an
//! upper bound of the interpreter's work instead, and gives up unless that bound stays within
//! the fixed allowance every evaluation starts with, below which the interpreter's result does
//! not depend on the budget at all (see `eval`).
//!
//! A generated function is used for a rule only when the rule's checked tree is the one it was
//! generated from ([`key`]): a pack of the user's, or a built-in rule changed without
//! regenerating, runs on the interpreter alone.

use super::check::{Pattern, Searches};
pub(crate) use super::eval::{Place, lend};
use super::ir::{BinderCode, Code, Step};
use super::value::{AmountUnit, Value};
use super::{Expr, ops};
use rust_decimal::Decimal;
use serde_json::Value as Json;
use std::sync::Arc;

#[path = "native_pack.rs"]
#[rustfmt::skip]
#[allow(clippy::all, clippy::pedantic, unused_imports, unused_variables)]
mod pack;

/// The work allowance of one evaluation in the interpreter (`eval::BASE_FUEL`).
const ALLOWANCE: u64 = super::eval::BASE_FUEL;

/// The state of one quick pass over one subject.
pub(crate) struct Q<'q, 'a> {
    pub(crate) root: &'a Json,
    pub(crate) subject: &'a Json,
    pub(crate) params: &'a [Value<'a>],
    pub(crate) unit: AmountUnit,
    pub(crate) searches: Searches,
    patterns: &'q [Arc<Pattern>],
    /// Upper bound of the nodes the interpreter would evaluate.
    evals: u64,
    /// Largest weight (`eval::weight`) of any value seen.
    heaviest: u64,
    /// Most values a node of the generated expressions pays for.
    charges: u64,
    /// Something the generated code does not handle was met.
    gave_up: bool,
}

impl<'a> Q<'_, 'a> {
    #[inline]
    pub(crate) fn count(&mut self, nodes: u64) {
        self.evals = self.evals.saturating_add(nodes);
    }

    #[inline]
    fn weigh(&mut self, weight: usize) {
        let weight = u64::try_from(weight).unwrap_or(u64::MAX);
        if weight > self.heaviest {
            self.heaviest = weight;
        }
    }

    /// Records the weight of a value the expressions handle.
    #[inline]
    pub(crate) fn see(&mut self, v: &Value<'_>) {
        self.weigh(super::eval::weight(v));
    }

    /// Records the weight of a report node the expressions reach.
    #[inline]
    pub(crate) fn see_json(&mut self, json: Option<&Json>) {
        if let Some(json) = json {
            self.weigh(super::eval::json_weight(json));
        }
    }

    /// Counts one element of a binding form and the `inner` nodes evaluated for it; once the
    /// count alone is past the allowance the pass has given up, and stops, so that its work on
    /// a hostile report is bounded as the interpreter's is.
    #[inline]
    fn beyond(&mut self, inner: u64) -> bool {
        self.count(inner.saturating_add(1));
        if self.evals > ALLOWANCE {
            self.gave_up = true;
        }
        self.gave_up
    }

    // What the generated code calls depends on the rules it was generated from.
    #[allow(dead_code)]
    pub(crate) fn give_up(&mut self) {
        self.gave_up = true;
    }

    /// Whether the values computed so far are the interpreter's: nothing was left to it, and
    /// the interpreter's work for each evaluation stays within its fixed allowance (the bound
    /// counts every node as paying for its values at the heaviest weight seen).
    #[inline]
    pub(crate) fn sure(&self) -> bool {
        let per_node = self.heaviest.saturating_mul(self.charges).saturating_add(1);
        !self.gave_up && self.evals.saturating_mul(per_node) <= ALLOWANCE
    }

    /// A parameter, or missing.
    #[inline]
    pub(crate) fn param(&mut self, i: usize) -> &'a Value<'a> {
        let params: &'a [Value<'a>] = self.params;
        match params.get(i) {
            Some(v) => {
                self.see(v);
                v
            }
            None => &Value::Missing,
        }
    }

    /// A `matches`/`find` pattern of the rule, in the order [`patterns`] lists them.
    pub(crate) fn pattern(&mut self, i: usize) -> Option<&super::check::Regex> {
        let found = self.patterns.get(i).and_then(|p| p.regex(self.searches));
        if found.is_none() {
            self.gave_up = true;
        }
        found
    }

    /// The report node `name` of `json`, recorded.
    #[inline]
    pub(crate) fn field(&mut self, json: Option<&'a Json>, name: &str) -> Option<&'a Json> {
        let found = match json {
            Some(Json::Object(map)) => super::member(map, name).map(|(_, v)| v),
            _ => None,
        };
        self.see_json(found);
        found
    }

    /// The element `i` of a report array, recorded.
    #[inline]
    #[allow(dead_code)]
    pub(crate) fn index(&mut self, json: Option<&'a Json>, i: usize) -> Option<&'a Json> {
        let found = match json {
            Some(Json::Array(items)) => items.get(i),
            _ => None,
        };
        self.see_json(found);
        found
    }

    /// Where a path whose base is a value (a bound variable, a `let`) starts: the report node
    /// it holds. Steps from any other value are left to the interpreter.
    #[inline]
    pub(crate) fn base(&mut self, v: &Value<'a>, has_steps: bool) -> Place<'a> {
        match v {
            Value::Json(json) => Place::Json(json),
            _ if has_steps => {
                self.gave_up = true;
                Place::Value(Value::Missing)
            }
            other => Place::Value(other.clone()),
        }
    }

    /// `any`/`all` over the elements of `list`: `element` gives each element's truth as the
    /// interpreter's fold combines them (its selection and predicate); `inner` nodes are
    /// counted for each element.
    pub(crate) fn any_all(
        &mut self,
        list: &Value<'a>,
        is_all: bool,
        inner: u64,
        mut element: impl FnMut(&mut Self, &Value<'a>) -> Option<bool>,
    ) -> Value<'a> {
        let mut acc = Some(is_all);
        let mut step = |q: &mut Self, item: &Value<'a>| -> bool {
            q.see(item);
            if q.beyond(inner) {
                return true;
            }
            let truth = element(q, item);
            acc = if is_all { ops::and(acc, truth) } else { ops::or(acc, truth) };
            acc == Some(!is_all)
        };
        match list {
            Value::List(items) => {
                for item in items.iter() {
                    if step(self, item) {
                        break;
                    }
                }
            }
            Value::Json(Json::Array(items)) => {
                for item in items {
                    if step(self, &Value::from_json(item)) {
                        break;
                    }
                }
            }
            _ => return Value::Missing,
        }
        ops::from_truth(acc)
    }

    /// `count`/`sum`/`min`/`max` over the elements of `list`: `element` gives `None` when an
    /// element's condition is not computable (the fold is then not computable), `Some(None)`
    /// when it is not selected, and the selected value otherwise.
    pub(crate) fn gather(
        &mut self,
        list: &Value<'a>,
        func: super::functions::Func,
        inner: u64,
        mut element: impl FnMut(&mut Self, &Value<'a>) -> Option<Option<Value<'a>>>,
    ) -> Value<'a> {
        let mut selected = Vec::new();
        let mut step = |q: &mut Self, item: &Value<'a>| -> Option<()> {
            q.see(item);
            if q.beyond(inner) {
                return None;
            }
            if let Some(value) = element(q, item)? {
                q.see(&value);
                selected.push(value);
            }
            Some(())
        };
        let complete = match list {
            Value::List(items) => items.iter().try_for_each(|item| step(self, item)),
            Value::Json(Json::Array(items)) => {
                items.iter().try_for_each(|item| step(self, &Value::from_json(item)))
            }
            _ => None,
        };
        if complete.is_none() {
            return Value::Missing;
        }
        if func == super::functions::Func::Count {
            return Value::Num(selected.len().into());
        }
        super::functions::fold(func, &selected)
    }
}

/// A report node read as a number (`Place::number`), read once per subject.
#[inline]
pub(crate) fn number_of(json: Option<&Json>, cell: &std::cell::OnceCell<Option<Decimal>>) -> Option<Decimal> {
    *cell.get_or_init(|| Place::of(json).number())
}

/// `exists`, `is_number`, `is_text` of a report node (`Place::test`), a number's reading shared
/// with [`number_of`]: a JSON number exists and is a number when it reads as a decimal.
#[inline]
pub(crate) fn test_of(
    json: Option<&Json>,
    cell: &std::cell::OnceCell<Option<Decimal>>,
    func: super::functions::Func,
) -> bool {
    use super::functions::Func;
    match (json, func) {
        (Some(Json::Number(_)), Func::Exists | Func::IsNumber) => number_of(json, cell).is_some(),
        _ => Place::of(json).test(func),
    }
}

/// A rule's quick pass, found for it when it loads.
#[derive(Clone)]
pub struct Native {
    pass: for<'q, 'a> fn(&mut Q<'q, 'a>) -> bool,
    patterns: Vec<Arc<Pattern>>,
    charges: u64,
    /// The weight of the rule's heaviest literal.
    literal: u64,
}

impl std::fmt::Debug for Native {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Native").field("patterns", &self.patterns.len()).finish_non_exhaustive()
    }
}

impl Native {
    /// The generated pass for the rule `id` when its expressions are the ones it was generated
    /// from.
    pub fn find(id: &str, lets: &[(String, Expr)], when: Option<&Expr>, assert: &Expr) -> Option<Native> {
        let &(_, fingerprint, pass, charges, literal) = pack::PASSES.iter().find(|(rule, ..)| *rule == id)?;
        let codes = rule_codes(lets, when, assert);
        (key_hash(&codes) == fingerprint).then(|| Native {
            pass,
            patterns: patterns(&codes),
            charges,
            literal,
        })
    }

    /// Whether the rule holds on `subject` for sure: its condition is not true, or its
    /// assertion not false. `false` leaves the subject to the interpreter.
    pub fn passes<'a>(
        &self,
        root: &'a Json,
        subject: &'a Json,
        params: &'a [Value<'a>],
        unit: AmountUnit,
        searches: Searches,
    ) -> bool {
        let mut q = Q {
            root,
            subject,
            params,
            unit,
            searches,
            patterns: &self.patterns,
            evals: 0,
            heaviest: self.literal,
            charges: self.charges,
            gave_up: false,
        };
        // `@` and `$` are values like any other.
        q.see_json(Some(subject));
        q.see_json(Some(root));
        (self.pass)(&mut q)
    }
}

/// The checked trees of a rule in the order the generator reads them: its `let`s, then `when`
/// (`Const(Missing)` for none), then `assert`.
pub(crate) fn rule_codes<'e>(
    lets: &'e [(String, Expr)],
    when: Option<&'e Expr>,
    assert: &'e Expr,
) -> Vec<&'e Code> {
    static NONE: Code = Code::Const(Value::Missing);
    let mut codes: Vec<&Code> = lets.iter().map(|(_, e)| &e.code).collect();
    codes.push(when.map_or(&NONE, |e| &e.code));
    codes.push(&assert.code);
    codes
}

/// The `matches`/`find` patterns of `codes`, in the order the generator numbers them.
pub(crate) fn patterns(codes: &[&Code]) -> Vec<Arc<Pattern>> {
    let mut out = Vec::new();
    for code in codes {
        walk(code, &mut |c, _| {
            if let Code::Matches(_, pattern, _) = c {
                out.push(Arc::clone(pattern));
            }
        });
    }
    out
}

/// Visits `code` and its descendants, parents first, children in order; with each node, its
/// number of children.
pub(crate) fn walk<'c>(code: &'c Code, visit: &mut dyn FnMut(&'c Code, usize)) {
    let mut stack = vec![code];
    let mut children = Vec::new();
    while let Some(c) = stack.pop() {
        children.clear();
        c.push_children(&mut children);
        visit(c, children.len());
        stack.extend(children.iter().rev());
    }
}

/// A fingerprint of the checked trees: everything that decides what they compute. Worked out
/// for every built-in rule when the rules load, so it hashes the trees' own data rather than
/// writing them out.
pub(crate) fn key_hash(codes: &[&Code]) -> u64 {
    let mut hash = Fnv::default();
    for code in codes {
        // Each node followed by its number of children: the order of the nodes and those
        // numbers give back the tree.
        walk(code, &mut |c, children| {
            key(c, &mut hash);
            hash.number(children);
        });
        hash.byte(b'\n');
    }
    hash.0
}

/// FNV-1a: stable across builds and platforms, unlike the standard library's hasher, since the
/// generated table holds its values.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    const PRIME: u64 = 0x0100_0000_01b3;

    fn byte(&mut self, b: u8) {
        self.0 = (self.0 ^ u64::from(b)).wrapping_mul(Self::PRIME);
    }

    fn bytes(&mut self, bytes: &[u8]) {
        bytes.iter().for_each(|&b| self.byte(b));
    }

    /// A number, mixed in at once rather than byte by byte.
    fn number(&mut self, n: usize) {
        self.0 = (self.0 ^ u64::try_from(n).unwrap_or(u64::MAX)).wrapping_mul(Self::PRIME);
    }

    /// A tag and a number.
    fn tagged(&mut self, tag: u8, n: usize) {
        self.byte(tag);
        self.number(n);
    }

    /// A text, with its length, so that consecutive texts cannot run together.
    fn text(&mut self, text: &str) {
        self.number(text.len());
        self.bytes(text.as_bytes());
    }

    fn value(&mut self, v: &Value<'_>) {
        match v {
            Value::Missing => self.byte(b'm'),
            Value::Bool(b) => self.tagged(b'b', usize::from(*b)),
            Value::Num(d) => {
                self.byte(b'n');
                self.bytes(&d.serialize());
            }
            Value::Text(t) => {
                self.byte(b't');
                self.text(t);
            }
            Value::List(items) => {
                self.tagged(b'l', items.len());
                items.iter().for_each(|item| self.value(item));
            }
            // Literals never hold report values.
            Value::Json(_) => self.byte(b'j'),
        }
    }
}

/// Hashes a node's own data (its children are hashed by [`key_hash`]). Operators are hashed by
/// their place in their enum: reordering one changes every fingerprint, which the generated
/// file's test then asks to regenerate.
fn key(code: &Code, h: &mut Fnv) {
    match code {
        Code::Const(v) => {
            h.byte(b'C');
            h.value(v);
        }
        Code::Amount(d, unit) => {
            h.byte(b'A');
            h.bytes(&d.serialize());
            h.text(unit.name());
        }
        Code::Subject => h.byte(b'@'),
        Code::Root => h.byte(b'$'),
        Code::Let(i) => h.tagged(b'L', *i),
        Code::Param(i) => h.tagged(b'P', *i),
        Code::Bound(i) => h.tagged(b'B', *i),
        Code::Fired(i) => h.tagged(b'F', *i),
        Code::List(_) => h.byte(b'['),
        Code::Path(_, steps) => {
            h.tagged(b'.', steps.len());
            for step in steps {
                match step {
                    Step::Field(name) => {
                        h.byte(b'f');
                        h.text(name);
                    }
                    Step::Index(i) => h.tagged(b'i', *i),
                    Step::All => h.byte(b'*'),
                }
            }
        }
        Code::Neg(_) => h.byte(b'-'),
        Code::Not(_) => h.byte(b'!'),
        Code::And(..) => h.byte(b'&'),
        Code::Or(..) => h.byte(b'|'),
        Code::Arith(op, ..) => h.tagged(b'+', *op as usize),
        Code::Cmp(op, ..) => h.tagged(b'<', *op as usize),
        Code::In { negated, .. } => h.tagged(b'e', usize::from(*negated)),
        Code::Call(func, _) => {
            h.byte(b'c');
            h.text(func.name());
        }
        Code::Fold(func, binder) => {
            let BinderCode { slot, cond, map, .. } = &**binder;
            h.byte(b'r');
            h.text(func.name());
            h.number(*slot);
            h.number(usize::from(cond.is_some()) * 2 + usize::from(map.is_some()));
        }
        Code::Matches(_, pattern, find) => {
            h.tagged(b'M', usize::from(*find));
            h.text(pattern.as_str());
        }
    }
}
