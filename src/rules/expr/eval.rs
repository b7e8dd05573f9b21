//! Evaluation of the checked tree against one report.
//!
//! Evaluation is total: it never panics and always ends. Every failure is
//! [`Value::Missing`]. The work is metered: each node evaluated and each element a list
//! operation touches spends one unit of a budget proportional to the expression's size times the
//! size of the data (report, `let` values, parameters). Without nested binding forms an
//! expression stays far below it; an expression that nests iterations over large data until it
//! exceeds the budget is not computable instead of running for a very long time.
//!
//! # Nodes
//!
//! When a rule loads, the checked tree ([`Code`]) is built into a tree of [`Node`]s ([`build`]),
//! one per construct. A node holds what its construct needs at hand (a literal, a compiled
//! pattern, the steps of a path) and runs only its own construct's code: which node it is was
//! decided once, when it was built, not again for every report. A parent reads a child the way
//! it needs it:
//!
//! - [`Node::value`]: its value;
//! - [`Node::truth`]: the truth of its value, for conditions; logic, comparisons and type tests
//!   answer without making a value;
//! - [`Node::number`]: its value as a number, once paid for by its size, for arithmetic and
//!   ordering; a number in the report is read straight from the report node;
//! - [`Node::read`]: its value lent where it is kept (a literal, a `let` value, a parameter)
//!   rather than copied, for operands that are only looked at;
//! - [`Node::locate`]: the report node it names, for a path, so that a type test looks at the
//!   node without making a value of it.
//!
//! Every reading spends the same units and gives the same result as reading the value and then
//! converting it (`truth` of the value; `as_num` of the value after paying for it), so a parent
//! is free to use whichever its construct needs.

use super::Env;
use super::functions::{self, Func};
use super::ir::{Arith, BinderCode, Cmp, Code, Step};
use super::ops;
use super::value::{Value, json_number, parse_numeral};
use rust_decimal::Decimal;
use serde_json::Value as Json;
use std::borrow::Cow;

/// Work any expression may do regardless of data size.
pub(super) const BASE_FUEL: u64 = 1 << 20;
/// Work allowed per expression node and per unit of data, once [`BASE_FUEL`] is spent.
const FUEL_PER_NODE_AND_DATUM: u64 = 256;

/// Evaluates `node` (the tree of an expression of `size` nodes).
pub(crate) fn run<'a>(node: &dyn Node, size: usize, env: &Env<'a, '_>) -> Value<'a> {
    run_tracked(node, size, env).0
}

/// Evaluates `node` as a condition: its truth (see [`ops::truth`]).
pub(crate) fn run_truth(node: &dyn Node, size: usize, env: &Env<'_, '_>) -> Option<bool> {
    let mut cx = Ctx::new(size, env);
    let truth = node.truth(&mut cx);
    if cx.exhausted { None } else { truth }
}

/// Evaluates `node` and tells whether it stayed within the fixed allowance ([`BASE_FUEL`]).
/// Such a value depends only on the expression and the values it read, not on how much data
/// the rest of the environment holds (which scales the budget beyond the allowance).
pub(crate) fn run_tracked<'a>(node: &dyn Node, size: usize, env: &Env<'a, '_>) -> (Value<'a>, bool) {
    let mut cx = Ctx::new(size, env);
    let value = node.value(&mut cx);
    // A partial result could be wrong, not just unknown (`exists` of an unfinished value).
    if cx.exhausted { (Value::Missing, false) } else { (value, !cx.extended) }
}

/// The state of one evaluation.
pub(crate) struct Ctx<'e, 'a, 'r> {
    env: &'e Env<'a, 'r>,
    /// Values of the variables of the enclosing binding forms, by slot.
    bound: Vec<Value<'a>>,
    size: u64,
    /// Units left to spend.
    fuel: u64,
    extended: bool,
    exhausted: bool,
}

/// The member `name` of an object.
#[inline]
fn field<'j>(map: &'j serde_json::Map<String, Json>, name: &str) -> Option<&'j Json> {
    super::member(map, name).map(|(_, value)| value)
}

/// A value that lives as long as the report, read in place: its texts are borrowed and its
/// lists shared.
pub(crate) fn lend<'a>(v: &'a Value<'a>) -> Value<'a> {
    match v {
        Value::Text(t) => Value::Text(Cow::Borrowed(t.as_ref())),
        other => other.clone().normalized(),
    }
}

/// How much work handling a value costs beyond the node itself: the elements of a list or array
/// (which membership, equality and the aggregating functions walk), or the length of a text in
/// blocks of 16 bytes. Objects are only ever looked up by key, which costs nothing extra.
#[inline]
pub(super) fn weight(v: &Value) -> usize {
    match v {
        Value::List(items) => items.len(),
        Value::Json(json) => json_weight(json),
        Value::Text(t) => t.len() / 16,
        _ => 0,
    }
}

impl<'e, 'a, 'r> Ctx<'e, 'a, 'r> {
    fn new(size: usize, env: &'e Env<'a, 'r>) -> Self {
        Ctx {
            env,
            bound: Vec::new(),
            size: u64::try_from(size).unwrap_or(u64::MAX),
            fuel: BASE_FUEL,
            extended: false,
            exhausted: false,
        }
    }

    /// Spends `n` units; `false` once the budget is exhausted.
    ///
    /// Every node evaluated comes through here, so the common case (budget left) is one
    /// comparison and one subtraction; raising the budget and running out take the slow path.
    /// Once exhausted, nothing is left (`fuel` is 0), so every node fails from then on; the
    /// evaluation's value is discarded in any case (see [`run_tracked`]).
    #[inline]
    fn spend(&mut self, n: usize) -> bool {
        let n = u64::try_from(n).unwrap_or(u64::MAX);
        if self.fuel >= n {
            self.fuel -= n;
            return true;
        }
        self.spend_slow(n)
    }

    #[inline(never)]
    fn spend_slow(&mut self, n: u64) -> bool {
        if !self.exhausted && !self.extended {
            self.extend();
            if self.fuel >= n {
                self.fuel -= n;
                return true;
            }
        }
        self.exhausted = true;
        self.fuel = 0;
        false
    }

    /// Raises the budget from the fixed allowance to one proportional to the data. Measuring the
    /// data costs a pass over it, so it is done only for expressions that are expensive anyway.
    fn extend(&mut self) {
        self.extended = true;
        let spent = BASE_FUEL.saturating_sub(self.fuel);
        let data = self.data_size().saturating_add(1);
        let total = FUEL_PER_NODE_AND_DATUM.saturating_mul(self.size).saturating_mul(data).max(BASE_FUEL);
        self.fuel = total.saturating_sub(spent);
    }

    #[inline]
    fn charge(&mut self, v: &Value) -> bool {
        self.spend(weight(v))
    }

    /// Number of values in the report plus the elements of the `let` values and parameters.
    fn data_size(&self) -> u64 {
        let mut count: u64 = 0;
        let mut stack: Vec<&Json> = vec![self.env.root];
        while let Some(json) = stack.pop() {
            count = count.saturating_add(1);
            match json {
                Json::Array(items) => stack.extend(items.iter()),
                Json::Object(map) => stack.extend(map.values()),
                _ => {}
            }
        }
        let extra: usize = self.env.lets.iter().chain(self.env.params.iter()).map(weight).sum();
        count.saturating_add(u64::try_from(extra).unwrap_or(u64::MAX))
    }

    /// Binds the variable of a binding form to `item`.
    fn bind(&mut self, slot: usize, item: Value<'a>) {
        self.bound.truncate(slot);
        self.bound.push(item);
    }

    /// A value kept where it lives as long as the report or the evaluation (a `let` value, a
    /// parameter), lent after the same charge as evaluating its name.
    fn lent<'c>(&mut self, stored: Option<&'c Value<'a>>) -> Cow<'c, Value<'a>> {
        if !self.spend(1) {
            return Cow::Owned(Value::Missing);
        }
        match stored {
            Some(v) if !self.charge(v) => Cow::Owned(Value::Missing),
            Some(Value::Json(json @ (Json::Object(_) | Json::Array(_)))) => Cow::Owned(Value::Json(json)),
            Some(Value::Json(scalar)) => Cow::Owned(Value::from_json(scalar)),
            Some(v) => Cow::Borrowed(v),
            None => Cow::Owned(Value::Missing),
        }
    }
}

/// One construct of an expression, built once per rule (see the module documentation). The
/// readings other than [`Node::value`] have defaults that read the value (through
/// [`Node::read`]); nodes override them where they can answer more cheaply, always with the same
/// result and the same charge.
pub(crate) trait Node: Send + Sync {
    /// The node's value. Like the parser and the checker, the recursive path goes through small
    /// functions only, so that the deepest accepted expression needs little stack.
    fn value<'a>(&self, cx: &mut Ctx<'_, 'a, '_>) -> Value<'a>;

    /// The truth of the value (see [`ops::truth`]).
    fn truth(&self, cx: &mut Ctx<'_, '_, '_>) -> Option<bool> {
        ops::truth(&self.read(cx))
    }

    /// The value as a number (a number, or a text that is a numeral), after paying for its size
    /// as an operand does; `None` when it is not one.
    fn number(&self, cx: &mut Ctx<'_, '_, '_>) -> Option<Decimal> {
        let v = self.read(cx);
        if cx.charge(&v) { v.as_num() } else { None }
    }

    /// The value, lent where it is kept instead of copied when it is a literal, a `let` value
    /// or a parameter, so that a list (the indicator taxonomy) is not copied each time it is
    /// searched.
    fn read<'c, 'a: 'c, 'r: 'c>(&'c self, cx: &mut Ctx<'_, 'a, 'r>) -> Cow<'c, Value<'a>> {
        Cow::Owned(self.value(cx))
    }

    /// The report node the value is, when the node is a path that names one, so that a parent
    /// that only tests it need not make a value of it; otherwise the value.
    fn locate<'a>(&self, cx: &mut Ctx<'_, 'a, '_>) -> Place<'a> {
        Place::Value(self.value(cx))
    }
}

type Tree = Box<dyn Node>;

/// A construct whose value is a truth value (logic, comparisons, membership, type tests):
/// it answers as a truth, and its value is made from that.
trait Condition: Send + Sync {
    fn test(&self, cx: &mut Ctx<'_, '_, '_>) -> Option<bool>;
}

impl<C: Condition> Node for C {
    fn value<'a>(&self, cx: &mut Ctx<'_, 'a, '_>) -> Value<'a> {
        ops::from_truth(self.test(cx))
    }

    fn truth(&self, cx: &mut Ctx<'_, '_, '_>) -> Option<bool> {
        self.test(cx)
    }
}

/// Builds the tree that evaluates `code`.
pub(crate) fn build(code: &Code) -> Tree {
    match code {
        Code::Const(v) => Box::new(Const(v.clone())),
        Code::Amount(d, unit) => Box::new(Amount(*d, *unit)),
        Code::Subject => Box::new(Subject),
        Code::Root => Box::new(Root),
        Code::Let(i) => Box::new(Let(*i)),
        Code::Param(i) => Box::new(Param(*i)),
        Code::Bound(i) => Box::new(Bound(*i)),
        Code::Fired(i) => Box::new(Fired(*i)),
        Code::List(items) => Box::new(List(items.iter().map(build).collect())),
        Code::Path(base, steps) => Box::new(Path::new(base, steps)),
        Code::Neg(x) => Box::new(Neg(build(x))),
        Code::Not(x) => Box::new(Not(build(x))),
        Code::And(a, b) => Box::new(And(build(a), build(b))),
        Code::Or(a, b) => Box::new(Or(build(a), build(b))),
        Code::Arith(op, a, b) => Box::new(Arithmetic {
            op: *op,
            numeric: *op != Arith::Add || numeric(a) || numeric(b),
            a: build(a),
            b: build(b),
        }),
        Code::Cmp(op, a, b) => Box::new(Comparison {
            op: *op,
            numeric: !matches!(op, Cmp::Eq | Cmp::Ne) || numeric(a) || numeric(b),
            a: build(a),
            b: build(b),
        }),
        Code::In { item, list, negated } => {
            Box::new(Membership { item: build(item), list: build(list), negated: *negated })
        }
        Code::Call(func, args) => call(*func, args),
        Code::Fold(func, binder) => Box::new(Fold::new(*func, binder)),
        Code::Matches(text, pattern, find) => {
            Box::new(Matches { text: build(text), pattern: std::sync::Arc::clone(pattern), find: *find })
        }
    }
}

/// Whether `code`'s value is always a number or not computable, whatever the report: then
/// `+` adds (it joins only two texts) and `==` compares numbers.
pub(super) fn numeric(code: &Code) -> bool {
    match code {
        Code::Const(Value::Num(_)) | Code::Amount(..) | Code::Neg(_) => true,
        Code::Arith(op, a, b) => *op != Arith::Add || numeric(a) || numeric(b),
        Code::Call(func, _) | Code::Fold(func, _) => matches!(
            func,
            Func::Abs
                | Func::Round
                | Func::Pow10
                | Func::Precision
                | Func::Len
                | Func::Count
                | Func::Sum
                | Func::Min
                | Func::Max
        ),
        _ => false,
    }
}

fn call(func: Func, args: &[Code]) -> Tree {
    let mut built: Vec<Tree> = args.iter().map(build).collect();
    let mut take = |i: usize| -> Tree {
        match built.get_mut(i) {
            Some(slot) => std::mem::replace(slot, Box::new(Const(Value::Missing))),
            None => Box::new(Const(Value::Missing)),
        }
    };
    match (func, args.len()) {
        (Func::If, 3) => Box::new(If { cond: take(0), then: take(1), otherwise: take(2) }),
        (Func::Default, 2) => Box::new(DefaultTo { value: take(0), fallback: take(1) }),
        (Func::Exists | Func::IsNumber | Func::IsText, 1) => Box::new(TypeTest { func, arg: take(0) }),
        (Func::Trim, 1) => Box::new(Trim(take(0))),
        (Func::Len, 1) => Box::new(Len(take(0))),
        (Func::Abs, 1) => Box::new(Abs(take(0))),
        (Func::TrimSuffix, 2) => Box::new(TrimSuffix { text: take(0), suffix: take(1) }),
        (Func::StartsWith | Func::EndsWith | Func::Contains, 2) => {
            Box::new(TextRelation { func, text: take(0), part: take(1) })
        }
        (Func::Compare, 3) => Box::new(CompareCall { a: take(0), op: take(1), b: take(2) }),
        _ => Box::new(Call { func, args: built }),
    }
}

// Leaves.

struct Const(Value<'static>);

impl Node for Const {
    fn value<'a>(&self, cx: &mut Ctx<'_, 'a, '_>) -> Value<'a> {
        if cx.spend(1) { self.0.clone() } else { Value::Missing }
    }

    fn truth(&self, cx: &mut Ctx<'_, '_, '_>) -> Option<bool> {
        if cx.spend(1) { ops::truth(&self.0) } else { None }
    }

    fn number(&self, cx: &mut Ctx<'_, '_, '_>) -> Option<Decimal> {
        if cx.spend(1) && cx.charge(&self.0) { self.0.as_num() } else { None }
    }

    fn read<'c, 'a: 'c, 'r: 'c>(&'c self, cx: &mut Ctx<'_, 'a, 'r>) -> Cow<'c, Value<'a>> {
        if cx.spend(1) { Cow::Borrowed(&self.0) } else { Cow::Owned(Value::Missing) }
    }
}

/// An amount literal, converted into the report's unit.
struct Amount(Decimal, super::AmountUnit);

impl Amount {
    fn converted(&self, cx: &mut Ctx<'_, '_, '_>) -> Option<Decimal> {
        if cx.spend(1) { self.1.convert(self.0, cx.env.unit) } else { None }
    }
}

impl Node for Amount {
    fn value<'a>(&self, cx: &mut Ctx<'_, 'a, '_>) -> Value<'a> {
        self.converted(cx).map_or(Value::Missing, Value::Num)
    }

    fn number(&self, cx: &mut Ctx<'_, '_, '_>) -> Option<Decimal> {
        self.converted(cx)
    }
}

struct Subject;

impl Node for Subject {
    fn value<'a>(&self, cx: &mut Ctx<'_, 'a, '_>) -> Value<'a> {
        if cx.spend(1) { Value::from_json(cx.env.subject) } else { Value::Missing }
    }
}

struct Root;

impl Node for Root {
    fn value<'a>(&self, cx: &mut Ctx<'_, 'a, '_>) -> Value<'a> {
        if cx.spend(1) { Value::from_json(cx.env.root) } else { Value::Missing }
    }
}

/// A `let` value of the rule.
struct Let(usize);

impl Node for Let {
    fn value<'a>(&self, cx: &mut Ctx<'_, 'a, '_>) -> Value<'a> {
        if !cx.spend(1) {
            return Value::Missing;
        }
        let Some(v) = cx.env.let_value(self.0) else {
            return Value::Missing;
        };
        if !cx.charge(v) {
            return Value::Missing;
        }
        match v {
            // The values lets hold most often are copied without a call.
            Value::Num(d) => Value::Num(*d),
            Value::Bool(b) => Value::Bool(*b),
            Value::Missing => Value::Missing,
            Value::Text(Cow::Borrowed(t)) => Value::Text(Cow::Borrowed(t)),
            other => other.clone().normalized(),
        }
    }

    fn truth(&self, cx: &mut Ctx<'_, '_, '_>) -> Option<bool> {
        match cx.env.let_value(self.0) {
            // The truth values lets hold most often, read without lending them.
            Some(Value::Bool(b)) => cx.spend(1).then_some(*b),
            stored => ops::truth(&cx.lent(stored)),
        }
    }

    fn number(&self, cx: &mut Ctx<'_, '_, '_>) -> Option<Decimal> {
        match cx.env.let_value(self.0) {
            Some(Value::Num(d)) => cx.spend(1).then_some(*d),
            stored => {
                let v = cx.lent(stored);
                if cx.charge(&v) { v.as_num() } else { None }
            }
        }
    }

    fn read<'c, 'a: 'c, 'r: 'c>(&'c self, cx: &mut Ctx<'_, 'a, 'r>) -> Cow<'c, Value<'a>> {
        let stored: Option<&'r Value<'a>> = cx.env.let_value(self.0);
        cx.lent(stored)
    }
}

/// A parameter, lent rather than copied: a list parameter (the indicator taxonomy) is read for
/// every indicator of every report.
struct Param(usize);

impl Node for Param {
    fn value<'a>(&self, cx: &mut Ctx<'_, 'a, '_>) -> Value<'a> {
        if !cx.spend(1) {
            return Value::Missing;
        }
        let params: &'a [Value<'a>] = cx.env.params;
        match params.get(self.0) {
            Some(v) if cx.charge(v) => lend(v),
            _ => Value::Missing,
        }
    }

    fn read<'c, 'a: 'c, 'r: 'c>(&'c self, cx: &mut Ctx<'_, 'a, 'r>) -> Cow<'c, Value<'a>> {
        let params: &'a [Value<'a>] = cx.env.params;
        cx.lent(params.get(self.0))
    }
}

/// A variable bound by a binding form.
struct Bound(usize);

impl Node for Bound {
    fn value<'a>(&self, cx: &mut Ctx<'_, 'a, '_>) -> Value<'a> {
        if !cx.spend(1) {
            return Value::Missing;
        }
        let v = cx.bound.get(self.0).cloned().unwrap_or(Value::Missing);
        if cx.charge(&v) { v } else { Value::Missing }
    }
}

/// `fired("rule-id")`.
struct Fired(usize);

impl Condition for Fired {
    fn test(&self, cx: &mut Ctx<'_, '_, '_>) -> Option<bool> {
        if cx.spend(1) { Some((cx.env.fired)(self.0)) } else { None }
    }
}

struct List(Vec<Tree>);

impl Node for List {
    fn value<'a>(&self, cx: &mut Ctx<'_, 'a, '_>) -> Value<'a> {
        if !cx.spend(1) {
            return Value::Missing;
        }
        Value::List(self.0.iter().map(|item| item.value(cx)).collect())
    }
}

// Paths.

/// Where a path starts.
enum Base {
    Subject,
    Root,
    Bound(usize),
    Other(Tree),
}

/// `base.a[0].b`, `base.items[*].x`.
struct Path {
    base: Base,
    steps: Vec<Step>,
    /// No `[*]` step: the path names one place in the report, or none.
    direct: bool,
}

impl Path {
    fn new(base: &Code, steps: &[Step]) -> Path {
        let base = match base {
            Code::Subject => Base::Subject,
            Code::Root => Base::Root,
            Code::Bound(i) => Base::Bound(*i),
            other => Base::Other(build(other)),
        };
        Path { base, steps: steps.to_vec(), direct: !steps.contains(&Step::All) }
    }

    /// Where a direct path leads, with the charge of evaluating the path and its base.
    fn place<'a>(&self, cx: &mut Ctx<'_, 'a, '_>) -> Place<'a> {
        if !cx.spend(1) {
            return Place::Value(Value::Missing);
        }
        let base = match &self.base {
            Base::Subject | Base::Root => {
                if !cx.spend(1) {
                    return Place::Value(Value::Missing);
                }
                if matches!(self.base, Base::Subject) { cx.env.subject } else { cx.env.root }
            }
            Base::Bound(slot) => {
                // A report node bound by a binding form (the usual case: `i` in `for i in
                // @.indicators`) is stepped into where it is bound, without a copy.
                if !cx.spend(1) {
                    return Place::Value(Value::Missing);
                }
                match cx.bound.get(*slot) {
                    Some(&Value::Json(json)) => {
                        // The charge of `Value::Json(json)`, without making the value.
                        if !cx.spend(json_weight(json)) {
                            return Place::Value(Value::Missing);
                        }
                        json
                    }
                    bound => {
                        let v = bound.cloned().unwrap_or(Value::Missing);
                        let v = if cx.charge(&v) { v } else { Value::Missing };
                        return Place::Value(stepped(cx, v, &self.steps));
                    }
                }
            }
            Base::Other(node) => match node.value(cx) {
                Value::Json(json) => json,
                other => return Place::Value(stepped(cx, other, &self.steps)),
            },
        };
        // Field and index steps go straight down the report; they cost no work units.
        descend(base, &self.steps).map_or(Place::Value(Value::Missing), Place::Json)
    }

    fn place_or_spread<'a>(&self, cx: &mut Ctx<'_, 'a, '_>) -> Place<'a> {
        if self.direct { self.place(cx) } else { Place::Value(self.spread(cx)) }
    }

    /// A path with `[*]` steps: after `[*]` (or on any list) a step applies to each element;
    /// `[*]` on a list splices in the elements of the arrays it holds.
    fn spread<'a>(&self, cx: &mut Ctx<'_, 'a, '_>) -> Value<'a> {
        if !cx.spend(1) {
            return Value::Missing;
        }
        let mut v = match &self.base {
            Base::Subject => Subject.value(cx),
            Base::Root => Root.value(cx),
            Base::Bound(slot) => Bound(*slot).value(cx),
            Base::Other(node) => node.value(cx),
        };
        let mut rest = &self.steps[..];
        // The steps before the first `[*]` go straight down the report, as in a direct path.
        if let Value::Json(json) = v {
            let direct = self.steps.iter().position(|step| *step == Step::All).unwrap_or(self.steps.len());
            let Some(json) = descend(json, &self.steps[..direct]) else { return Value::Missing };
            v = Value::from_json(json);
            rest = &self.steps[direct..];
        }
        stepped(cx, v, rest)
    }
}

/// The node that field and index `steps` lead to from `json`.
#[inline]
fn descend<'a>(mut json: &'a Json, steps: &[Step]) -> Option<&'a Json> {
    for step in steps {
        json = match (json, step) {
            (Json::Object(map), Step::Field(name)) => field(map, name)?,
            (Json::Array(items), Step::Index(i)) => items.get(*i)?,
            _ => return None,
        };
    }
    Some(json)
}

/// What handling a report node's value costs (see [`weight`]), without making the value.
pub(super) fn json_weight(json: &Json) -> usize {
    match json {
        Json::String(s) => s.len() / 16,
        Json::Array(items) => items.len(),
        _ => 0,
    }
}

/// Where a direct path leads: a report node, or a value when its base is not a report node (a
/// list, whose elements each take the steps, or a scalar, which has no fields).
pub(crate) enum Place<'a> {
    Json(&'a Json),
    Value(Value<'a>),
}

impl<'a> Place<'a> {
    /// The report node found, or missing.
    #[inline]
    pub(crate) fn of(json: Option<&'a Json>) -> Place<'a> {
        json.map_or(Place::Value(Value::Missing), Place::Json)
    }

    #[inline]
    pub(crate) fn value(self) -> Value<'a> {
        match self {
            Place::Json(json) => Value::from_json(json),
            Place::Value(v) => v,
        }
    }

    /// The truth of the value, read from a report node without making a value of it.
    #[inline]
    pub(crate) fn truth(self) -> Option<bool> {
        match self {
            Place::Json(Json::Bool(b)) => Some(*b),
            Place::Json(_) => None,
            Place::Value(v) => ops::truth(&v),
        }
    }

    /// The value as a number (see [`Node::number`]), without its charge: the quick pass's
    /// reading (`native`), which does not meter its work.
    #[inline]
    pub(crate) fn number(self) -> Option<Decimal> {
        match self {
            Place::Json(Json::Number(n)) => json_number(n),
            Place::Json(Json::String(s)) => parse_numeral(s),
            Place::Json(json) => Value::from_json(json).as_num(),
            Place::Value(v) => v.as_num(),
        }
    }

    /// `exists`, `is_number` or `is_text` of the value, a report node tested without making a
    /// value of it.
    #[inline]
    pub(crate) fn test(&self, func: Func) -> bool {
        match self {
            Place::Json(json) => match (func, json) {
                (Func::Exists, Json::Null) => false,
                (Func::Exists | Func::IsNumber, Json::Number(n)) => json_number(n).is_some(),
                (Func::Exists, _) | (Func::IsText, Json::String(_)) => true,
                _ => false,
            },
            Place::Value(v) => match func {
                Func::Exists => !v.is_missing(),
                Func::IsNumber => matches!(v, Value::Num(_)),
                _ => matches!(v, Value::Text(_)),
            },
        }
    }
}

/// The steps applied to a value one by one; see [`Path::spread`].
fn stepped<'a>(cx: &mut Ctx<'_, 'a, '_>, mut v: Value<'a>, steps: &[Step]) -> Value<'a> {
    for step in steps {
        v = step_value(cx, v, step);
    }
    v
}

/// Applies one path step to a value; see [`Path::spread`].
fn step_value<'a>(cx: &mut Ctx<'_, 'a, '_>, v: Value<'a>, step: &Step) -> Value<'a> {
    match v {
        Value::List(items) => {
            if !cx.spend(items.len()) {
                return Value::Missing;
            }
            let mut out = Vec::with_capacity(items.len());
            for item in items.iter().cloned() {
                match (item, step) {
                    (Value::Json(Json::Array(inner)), Step::All) => {
                        if !cx.spend(inner.len()) {
                            return Value::Missing;
                        }
                        out.extend(inner.iter().map(Value::from_json));
                    }
                    (Value::List(inner), Step::All) => out.extend(inner.iter().cloned()),
                    (other, Step::All) => out.push(other),
                    (other, _) => out.push(step_one(cx, other, step)),
                }
            }
            Value::List(out.into())
        }
        other => step_one(cx, other, step),
    }
}

fn step_one<'a>(cx: &mut Ctx<'_, 'a, '_>, v: Value<'a>, step: &Step) -> Value<'a> {
    let Value::Json(json) = v else {
        return Value::Missing;
    };
    match (json, step) {
        (Json::Object(map), Step::Field(name)) => field(map, name).map_or(Value::Missing, Value::from_json),
        (Json::Array(items), Step::Index(i)) => items.get(*i).map_or(Value::Missing, Value::from_json),
        (Json::Array(items), Step::All) => {
            if !cx.spend(items.len()) {
                return Value::Missing;
            }
            Value::List(items.iter().map(Value::from_json).collect())
        }
        _ => Value::Missing,
    }
}

impl Node for Path {
    fn locate<'a>(&self, cx: &mut Ctx<'_, 'a, '_>) -> Place<'a> {
        self.place_or_spread(cx)
    }

    fn value<'a>(&self, cx: &mut Ctx<'_, 'a, '_>) -> Value<'a> {
        if !self.direct {
            return self.spread(cx);
        }
        self.place(cx).value()
    }

    fn truth(&self, cx: &mut Ctx<'_, '_, '_>) -> Option<bool> {
        if !self.direct {
            return ops::truth(&self.spread(cx));
        }
        self.place(cx).truth()
    }

    fn number(&self, cx: &mut Ctx<'_, '_, '_>) -> Option<Decimal> {
        let v = match self.place_or_spread(cx) {
            Place::Value(v) => v,
            // The number is read from the report node without making a value of it; a text is
            // paid for as its value would be.
            Place::Json(Json::Number(n)) => return json_number(n),
            Place::Json(json @ Json::String(s)) => {
                return if cx.spend(json_weight(json)) { parse_numeral(s) } else { None };
            }
            Place::Json(json) => Value::from_json(json),
        };
        if cx.charge(&v) { v.as_num() } else { None }
    }
}

// Operators.

struct Neg(Tree);

impl Node for Neg {
    fn value<'a>(&self, cx: &mut Ctx<'_, 'a, '_>) -> Value<'a> {
        if !cx.spend(1) {
            return Value::Missing;
        }
        ops::neg(&self.0.value(cx))
    }
}

struct Not(Tree);

impl Condition for Not {
    fn test(&self, cx: &mut Ctx<'_, '_, '_>) -> Option<bool> {
        if !cx.spend(1) {
            return None;
        }
        self.0.truth(cx).map(|b| !b)
    }
}

struct And(Tree, Tree);

impl Condition for And {
    fn test(&self, cx: &mut Ctx<'_, '_, '_>) -> Option<bool> {
        if !cx.spend(1) {
            return None;
        }
        let x = self.0.truth(cx);
        if x == Some(false) {
            return Some(false);
        }
        ops::and(x, self.1.truth(cx))
    }
}

struct Or(Tree, Tree);

impl Condition for Or {
    fn test(&self, cx: &mut Ctx<'_, '_, '_>) -> Option<bool> {
        if !cx.spend(1) {
            return None;
        }
        let x = self.0.truth(cx);
        if x == Some(true) {
            return Some(true);
        }
        ops::or(x, self.1.truth(cx))
    }
}

/// Reads two operands in place, pays for their size and applies `f`; `None` once the budget is
/// spent. Both operands are always evaluated, as the budget counts them.
fn binary<'a, R>(
    cx: &mut Ctx<'_, 'a, '_>,
    a: &dyn Node,
    b: &dyn Node,
    f: impl FnOnce(&Value<'a>, &Value<'a>) -> R,
) -> Option<R> {
    let x = a.read(cx);
    let y = b.read(cx);
    (cx.charge(&x) && cx.charge(&y)).then(|| f(&x, &y))
}

/// `+ - * /`, and `+` joining two texts.
struct Arithmetic {
    op: Arith,
    /// The result is a number whatever the operands (anything but `+`, or `+` with an operand
    /// that is always a number): the operands are read as numbers.
    numeric: bool,
    a: Tree,
    b: Tree,
}

impl Arithmetic {
    fn compute(&self, cx: &mut Ctx<'_, '_, '_>) -> Option<Decimal> {
        let x = self.a.number(cx);
        let y = self.b.number(cx);
        let (x, y) = (x?, y?);
        match self.op {
            Arith::Add => x.checked_add(y),
            Arith::Sub => x.checked_sub(y),
            Arith::Mul => x.checked_mul(y),
            // checked_div is None for a zero divisor as well as for overflow.
            Arith::Div => x.checked_div(y),
        }
    }
}

impl Node for Arithmetic {
    fn value<'a>(&self, cx: &mut Ctx<'_, 'a, '_>) -> Value<'a> {
        if !cx.spend(1) {
            return Value::Missing;
        }
        if self.numeric {
            return self.compute(cx).map_or(Value::Missing, Value::Num);
        }
        binary(cx, &*self.a, &*self.b, |x, y| ops::arith(self.op, x, y)).unwrap_or(Value::Missing)
    }

    fn number(&self, cx: &mut Ctx<'_, '_, '_>) -> Option<Decimal> {
        if !self.numeric {
            let v = self.value(cx);
            return if cx.charge(&v) { v.as_num() } else { None };
        }
        if cx.spend(1) { self.compute(cx) } else { None }
    }
}

struct Comparison {
    op: Cmp,
    /// The operands are compared as numbers: an ordering, or an equality with an operand that
    /// is always a number (see [`ops::equals`]).
    numeric: bool,
    a: Tree,
    b: Tree,
}

impl Condition for Comparison {
    fn test(&self, cx: &mut Ctx<'_, '_, '_>) -> Option<bool> {
        if !cx.spend(1) {
            return None;
        }
        if !self.numeric {
            return binary(cx, &*self.a, &*self.b, |x, y| ops::compare(self.op, x, y)).flatten();
        }
        let x = self.a.number(cx);
        let y = self.b.number(cx);
        let (x, y) = (x?, y?);
        Some(match self.op {
            Cmp::Eq => x == y,
            Cmp::Ne => x != y,
            Cmp::Lt => x < y,
            Cmp::Le => x <= y,
            Cmp::Gt => x > y,
            Cmp::Ge => x >= y,
        })
    }
}

/// `item in list`, or `item not in list` when `negated`.
struct Membership {
    item: Tree,
    list: Tree,
    negated: bool,
}

impl Condition for Membership {
    fn test(&self, cx: &mut Ctx<'_, '_, '_>) -> Option<bool> {
        if !cx.spend(1) {
            return None;
        }
        binary(cx, &*self.item, &*self.list, |x, l| ops::member(x, l).map(|m| m != self.negated)).flatten()
    }
}

/// `matches(text, "regex")`, or `find` when `find` is set.
struct Matches {
    text: Tree,
    pattern: std::sync::Arc<super::check::Pattern>,
    find: bool,
}

impl Node for Matches {
    fn value<'a>(&self, cx: &mut Ctx<'_, 'a, '_>) -> Value<'a> {
        if !cx.spend(1) {
            return Value::Missing;
        }
        match self.text.value(cx) {
            Value::Text(t) if cx.spend(t.len() / 16) => {
                let Some(regex) = self.pattern.regex(cx.env.searches) else { return Value::Missing };
                if self.find {
                    regex
                        .find(t.as_ref())
                        .and_then(|m| t.get(m.range()))
                        .map_or(Value::Missing, |m| Value::Text(m.to_string().into()))
                } else {
                    Value::Bool(regex.is_match(t.as_ref()))
                }
            }
            _ => Value::Missing,
        }
    }
}

// Calls.

/// `if(cond, a, b)`: only the branch taken is evaluated, and read as the parent reads `if`.
struct If {
    cond: Tree,
    then: Tree,
    otherwise: Tree,
}

impl If {
    fn branch(&self, cx: &mut Ctx<'_, '_, '_>) -> Option<&dyn Node> {
        if !cx.spend(1) {
            return None;
        }
        match self.cond.truth(cx)? {
            true => Some(&*self.then),
            false => Some(&*self.otherwise),
        }
    }
}

impl Node for If {
    fn value<'a>(&self, cx: &mut Ctx<'_, 'a, '_>) -> Value<'a> {
        self.branch(cx).map_or(Value::Missing, |node| node.value(cx))
    }

    fn truth(&self, cx: &mut Ctx<'_, '_, '_>) -> Option<bool> {
        self.branch(cx)?.truth(cx)
    }

    fn number(&self, cx: &mut Ctx<'_, '_, '_>) -> Option<Decimal> {
        self.branch(cx)?.number(cx)
    }
}

/// `default(x, fallback)`: the fallback is evaluated only when `x` is not computable.
struct DefaultTo {
    value: Tree,
    fallback: Tree,
}

impl Node for DefaultTo {
    fn value<'a>(&self, cx: &mut Ctx<'_, 'a, '_>) -> Value<'a> {
        if !cx.spend(1) {
            return Value::Missing;
        }
        match self.value.value(cx) {
            Value::Missing => self.fallback.value(cx),
            v => v,
        }
    }

    fn truth(&self, cx: &mut Ctx<'_, '_, '_>) -> Option<bool> {
        if !cx.spend(1) {
            return None;
        }
        match self.value.value(cx) {
            Value::Missing => self.fallback.truth(cx),
            v => ops::truth(&v),
        }
    }

    fn number(&self, cx: &mut Ctx<'_, '_, '_>) -> Option<Decimal> {
        if !cx.spend(1) {
            return None;
        }
        match self.value.value(cx) {
            Value::Missing => self.fallback.number(cx),
            v => {
                if cx.charge(&v) {
                    v.as_num()
                } else {
                    None
                }
            }
        }
    }
}

/// `exists(x)`, `is_number(x)`, `is_text(x)`.
struct TypeTest {
    func: Func,
    arg: Tree,
}

impl Condition for TypeTest {
    fn test(&self, cx: &mut Ctx<'_, '_, '_>) -> Option<bool> {
        if !cx.spend(1) {
            return None;
        }
        let place = self.arg.locate(cx);
        // A report node is paid for and tested as its value would be, without making it.
        let paid = match &place {
            Place::Json(json) => cx.spend(json_weight(json)),
            Place::Value(v) => cx.charge(v),
        };
        paid.then(|| place.test(self.func))
    }
}

/// An argument's value, paid for by its size; `Missing` once the budget is spent.
fn paid<'a>(cx: &mut Ctx<'_, 'a, '_>, node: &dyn Node) -> Value<'a> {
    let v = node.value(cx);
    if cx.charge(&v) { v } else { Value::Missing }
}

/// An argument read in place (see [`Node::read`]), paid for by its size.
fn paid_read<'c, 'a: 'c, 'r: 'c>(cx: &mut Ctx<'_, 'a, 'r>, node: &'c dyn Node) -> Option<Cow<'c, Value<'a>>> {
    let v = node.read(cx);
    if cx.charge(&v) { Some(v) } else { None }
}

struct Trim(Tree);

impl Node for Trim {
    fn value<'a>(&self, cx: &mut Ctx<'_, 'a, '_>) -> Value<'a> {
        if !cx.spend(1) {
            return Value::Missing;
        }
        match paid(cx, &*self.0) {
            Value::Text(t) => Value::Text(super::value::trim_text(t)),
            _ => Value::Missing,
        }
    }
}

struct Len(Tree);

impl Node for Len {
    fn value<'a>(&self, cx: &mut Ctx<'_, 'a, '_>) -> Value<'a> {
        if !cx.spend(1) {
            return Value::Missing;
        }
        match paid(cx, &*self.0) {
            Value::Text(t) => Value::Num(t.chars().count().into()),
            list => list.element_count().map_or(Value::Missing, |n| Value::Num(n.into())),
        }
    }
}

struct Abs(Tree);

impl Node for Abs {
    fn value<'a>(&self, cx: &mut Ctx<'_, 'a, '_>) -> Value<'a> {
        self.number(cx).map_or(Value::Missing, Value::Num)
    }

    fn number(&self, cx: &mut Ctx<'_, '_, '_>) -> Option<Decimal> {
        if !cx.spend(1) {
            return None;
        }
        self.0.number(cx).map(|d| d.abs())
    }
}

/// `trim_suffix(text, suffix)`, with the suffix (a literal, usually) read in place.
struct TrimSuffix {
    text: Tree,
    suffix: Tree,
}

impl Node for TrimSuffix {
    fn value<'a>(&self, cx: &mut Ctx<'_, 'a, '_>) -> Value<'a> {
        if !cx.spend(1) {
            return Value::Missing;
        }
        let text = paid(cx, &*self.text);
        let Some(suffix) = paid_read(cx, &*self.suffix) else { return Value::Missing };
        match (text, suffix.as_ref()) {
            (Value::Text(Cow::Borrowed(t)), Value::Text(suffix)) => {
                Value::Text(Cow::Borrowed(t.strip_suffix(suffix.as_ref()).unwrap_or(t)))
            }
            (Value::Text(Cow::Owned(t)), Value::Text(suffix)) => {
                Value::Text(Cow::Owned(t.strip_suffix(suffix.as_ref()).unwrap_or(&t).to_string()))
            }
            _ => Value::Missing,
        }
    }
}

/// `starts_with(entry, prefix)`, `ends_with`, `contains`: both arguments read in place.
struct TextRelation {
    func: Func,
    text: Tree,
    part: Tree,
}

impl Node for TextRelation {
    fn value<'a>(&self, cx: &mut Ctx<'_, 'a, '_>) -> Value<'a> {
        if !cx.spend(1) {
            return Value::Missing;
        }
        let Some(text) = paid_read(cx, &*self.text) else { return Value::Missing };
        let Some(part) = paid_read(cx, &*self.part) else { return Value::Missing };
        functions::text_relation(self.func, &text, &part)
    }
}

/// `compare(a, op, b)`: the arguments read in place.
struct CompareCall {
    a: Tree,
    op: Tree,
    b: Tree,
}

impl Node for CompareCall {
    fn value<'a>(&self, cx: &mut Ctx<'_, 'a, '_>) -> Value<'a> {
        if !cx.spend(1) {
            return Value::Missing;
        }
        let Some(a) = paid_read(cx, &*self.a) else { return Value::Missing };
        let Some(op) = paid_read(cx, &*self.op) else { return Value::Missing };
        let Some(b) = paid_read(cx, &*self.b) else { return Value::Missing };
        functions::compare(&a, &op, &b)
    }
}

/// Any other call: every argument evaluated and paid for, then [`functions::apply`].
struct Call {
    func: Func,
    args: Vec<Tree>,
}

impl Node for Call {
    fn value<'a>(&self, cx: &mut Ctx<'_, 'a, '_>) -> Value<'a> {
        if !cx.spend(1) {
            return Value::Missing;
        }
        // Calls have at most three arguments but `min`/`max`; those fit on the stack.
        let mut few: [Value<'a>; 3] = Default::default();
        let mut many = Vec::new();
        let values: &mut [Value<'a>] = match few.get_mut(..self.args.len()) {
            Some(few) => few,
            None => {
                many.resize(self.args.len(), Value::Missing);
                &mut many
            }
        };
        for (arg, value) in self.args.iter().zip(values.iter_mut()) {
            *value = arg.value(cx);
            if !cx.charge(value) {
                return Value::Missing;
            }
        }
        functions::apply(self.func, values, cx.env.unit)
    }
}

// Binding forms.

/// `count`/`any`/`all`/`sum`/`min`/`max` over a binding form.
///
/// In `v in list where cond`, `cond` selects the elements (and is the predicate of `any`/`all`);
/// in `expr for v in list where cond`, `cond` selects and `expr` gives the values. An element
/// whose condition is not computable makes `count`/`sum`/`min`/`max` not computable; `any`/`all`
/// combine such elements by three-valued logic.
struct Fold {
    func: Func,
    /// The variable's index in the stack of bound values.
    slot: usize,
    list: Tree,
    /// The list is this parameter (the indicator taxonomy): read in place.
    param: Option<usize>,
    cond: Option<Tree>,
    /// `None` in the `v in list where cond` form: the elements themselves are the values.
    map: Option<Tree>,
}

impl Fold {
    fn new(func: Func, binder: &BinderCode) -> Fold {
        Fold {
            func,
            slot: binder.slot,
            list: build(&binder.list),
            param: match binder.list {
                Code::Param(i) => Some(i),
                _ => None,
            },
            cond: binder.cond.as_ref().map(build),
            map: binder.map.as_ref().map(build),
        }
    }

    fn condition(&self, cx: &mut Ctx<'_, '_, '_>) -> Option<bool> {
        match &self.cond {
            Some(c) => c.truth(cx),
            None => Some(true),
        }
    }

    /// The fold over the elements of its list.
    fn over<'a>(
        &self,
        cx: &mut Ctx<'_, 'a, '_>,
        items: impl ExactSizeIterator<Item = Value<'a>>,
    ) -> Value<'a> {
        if !cx.spend(items.len()) {
            return Value::Missing;
        }
        let slot = self.slot;
        let result = match self.func {
            Func::Any | Func::All => {
                let is_all = self.func == Func::All;
                let mut acc = Some(is_all);
                for item in items {
                    cx.bind(slot, item);
                    let selected = self.condition(cx);
                    let truth = match &self.map {
                        None => selected,
                        // any: some element is selected and true; all: every element is
                        // unselected or true.
                        Some(_) if selected == Some(false) => Some(is_all),
                        Some(map) => {
                            let t = map.truth(cx);
                            if is_all { ops::or(selected.map(|s| !s), t) } else { ops::and(selected, t) }
                        }
                    };
                    acc = if is_all { ops::and(acc, truth) } else { ops::or(acc, truth) };
                    if acc == Some(!is_all) {
                        break;
                    }
                }
                ops::from_truth(acc)
            }
            _ => {
                let mut selected = Vec::new();
                let mut count: usize = 0;
                for item in items {
                    cx.bind(slot, item);
                    match self.condition(cx) {
                        None => {
                            cx.bound.truncate(slot);
                            return Value::Missing;
                        }
                        Some(false) => continue,
                        Some(true) => count += 1,
                    }
                    if self.func == Func::Count {
                        continue;
                    }
                    let value = match &self.map {
                        Some(map) => map.value(cx),
                        None => {
                            cx.bound.truncate(slot + 1);
                            cx.bound.pop().unwrap_or(Value::Missing)
                        }
                    };
                    selected.push(value);
                }
                if self.func == Func::Count {
                    Value::Num(count.into())
                } else {
                    functions::fold(self.func, &selected)
                }
            }
        };
        cx.bound.truncate(slot);
        result
    }
}

impl Node for Fold {
    fn value<'a>(&self, cx: &mut Ctx<'_, 'a, '_>) -> Value<'a> {
        if !cx.spend(1) {
            return Value::Missing;
        }
        // A list parameter (the indicator taxonomy), `let` value or literal is read in place
        // rather than copied; the charge is the same as evaluating it.
        let params: &'a [Value<'a>] = cx.env.params;
        if let Some(i) = self.param
            && let Some(list @ Value::List(items)) = params.get(i)
        {
            if !(cx.spend(1) && cx.charge(list)) {
                return Value::Missing;
            }
            return self.over(cx, items.iter().map(lend));
        }
        let list = self.list.read(cx);
        match &*list {
            Value::List(items) => self.over(cx, items.iter().cloned()),
            &Value::Json(Json::Array(items)) => self.over(cx, items.iter().map(Value::from_json)),
            _ => Value::Missing,
        }
    }
}

impl super::Expr {
    /// Evaluates like [`super::Expr::eval`]; the flag says whether the value may be reused by
    /// expressions with the same [`share_key`](Self::share_key) on the same report and subject
    /// (it stayed within the fixed work allowance, so it depends on nothing else).
    pub fn eval_shareable<'a>(&self, env: &Env<'a, '_>) -> (Value<'a>, bool) {
        run_tracked(&*self.tree, self.size, env)
    }
}
