//! Evaluation of the checked tree against one report.
//!
//! Evaluation is total: it never panics and always ends. Every failure is
//! [`Value::Missing`]. The work is metered: each node evaluated and each element a list
//! operation touches spends one unit of a budget proportional to the expression's size times the
//! size of the data (report, `let` values, parameters). Without nested binding forms an
//! expression stays far below it; an expression that nests iterations over large data until it
//! exceeds the budget is not computable instead of running for a very long time.

use super::Env;
use super::functions::{self, Func};
use super::ir::{Arith, BinderCode, Cmp, Code, Step};
use super::ops;
use super::value::Value;
use serde_json::Value as Json;
use std::borrow::Cow;

/// Work any expression may do regardless of data size.
const BASE_FUEL: u64 = 1 << 20;
/// Work allowed per expression node and per unit of data, once [`BASE_FUEL`] is spent.
const FUEL_PER_NODE_AND_DATUM: u64 = 256;

/// Evaluates `code` (an expression of `size` nodes).
pub(crate) fn run<'a>(code: &Code, size: usize, env: &Env<'a, '_>) -> Value<'a> {
    run_tracked(code, size, env).0
}

/// Evaluates `code` as a condition: its truth (see [`ops::truth`]).
pub(crate) fn run_truth(code: &Code, size: usize, env: &Env<'_, '_>) -> Option<bool> {
    let mut cx = Ctx::new(size, env);
    let truth = cx.truth(code);
    if cx.exhausted { None } else { truth }
}

/// Evaluates `code` and tells whether it stayed within the fixed allowance ([`BASE_FUEL`]).
/// Such a value depends only on the expression and the values it read, not on how much data
/// the rest of the environment holds (which scales the budget beyond the allowance).
fn run_tracked<'a>(code: &Code, size: usize, env: &Env<'a, '_>) -> (Value<'a>, bool) {
    let mut cx = Ctx::new(size, env);
    let value = cx.eval(code);
    // A partial result could be wrong, not just unknown (`exists` of an unfinished value).
    if cx.exhausted { (Value::Missing, false) } else { (value, !cx.extended) }
}

struct Ctx<'e, 'a, 'r> {
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

/// A value that lives as long as the report, read in place: its texts are borrowed.
fn lend<'a>(v: &'a Value<'a>) -> Value<'a> {
    match v {
        Value::Text(t) => Value::Text(Cow::Borrowed(t.as_ref())),
        Value::List(items) => Value::List(items.iter().map(lend).collect()),
        other => other.clone().normalized(),
    }
}

/// How much work handling a value costs beyond the node itself: the elements of a list or array
/// (which membership, equality and the aggregating functions walk), or the length of a text in
/// blocks of 16 bytes. Objects are only ever looked up by key, which costs nothing extra.
fn weight(v: &Value) -> usize {
    match v {
        Value::List(items) => items.len(),
        Value::Json(Json::Array(items)) => items.len(),
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

    /// Evaluates one node. Like the parser and the checker, the recursive path goes through small
    /// functions only, so that the deepest accepted expression needs little stack.
    fn eval(&mut self, code: &Code) -> Value<'a> {
        if !self.spend(1) {
            return Value::Missing;
        }
        match code {
            Code::List(items) => self.list(items),
            Code::Path(base, steps) => self.path(base, steps),
            Code::Neg(x) => {
                let v = self.eval(x);
                ops::neg(&v)
            }
            Code::Not(x) => ops::from_truth(self.truth(x).map(|b| !b)),
            Code::And(a, b) => ops::from_truth(self.and(a, b)),
            Code::Or(a, b) => ops::from_truth(self.or(a, b)),
            Code::Arith(op, a, b) => self.arith(*op, a, b),
            Code::Cmp(op, a, b) => ops::from_truth(self.compare(*op, a, b)),
            Code::In { item, list, negated } => ops::from_truth(self.membership(item, list, *negated)),
            Code::Call(func, args) => self.call(*func, args),
            Code::Fold(func, binder) => self.fold(*func, binder),
            Code::Matches(text, regex, find) => {
                let v = self.eval(text);
                self.matches(v, regex, *find)
            }
            _ => self.leaf(code),
        }
    }

    /// Nodes without children.
    fn leaf(&mut self, code: &Code) -> Value<'a> {
        match code {
            Code::Const(v) => v.clone(),
            Code::Amount(d, unit) => unit.convert(*d, self.env.unit).map_or(Value::Missing, Value::Num),
            Code::Subject => Value::from_json(self.env.subject),
            Code::Root => Value::from_json(self.env.root),
            Code::Let(i) => self.stored(self.env.lets.get(*i)),
            Code::Param(i) => self.param(*i),
            Code::Bound(i) => {
                let v = self.bound.get(*i).cloned().unwrap_or(Value::Missing);
                if self.charge(&v) { v } else { Value::Missing }
            }
            Code::Fired(i) => Value::Bool((self.env.fired)(*i)),
            _ => Value::Missing,
        }
    }

    fn list(&mut self, items: &[Code]) -> Value<'a> {
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            out.push(self.eval(item));
        }
        Value::List(out)
    }

    fn path(&mut self, base: &Code, steps: &[Step]) -> Value<'a> {
        let mut v = self.eval(base);
        let mut rest = steps;
        // Field and index steps into a report object go straight down the JSON tree; only the
        // node reached becomes a value. (Stepping value by value gives the same result: a step
        // that finds nothing, or a scalar, yields `Missing` from there on, and these steps cost
        // no work units.)
        if let Value::Json(mut json) = v {
            let mut taken = 0;
            for step in steps {
                json = match (json, step) {
                    (_, Step::All) => break,
                    (Json::Object(map), Step::Field(name)) => match field(map, name) {
                        Some(child) => child,
                        None => return Value::Missing,
                    },
                    (Json::Array(items), Step::Index(i)) => match items.get(*i) {
                        Some(child) => child,
                        None => return Value::Missing,
                    },
                    _ => return Value::Missing,
                };
                taken += 1;
            }
            v = Value::from_json(json);
            rest = &steps[taken..];
        }
        for step in rest {
            v = self.step(v, step);
        }
        v
    }

    /// The truth of `code`'s value (see [`ops::truth`]). Conditions (logic, comparisons,
    /// membership) are worked out without making a value: the same evaluation and charge as
    /// `eval`, one step shorter.
    fn truth(&mut self, code: &Code) -> Option<bool> {
        if let Code::Let(_) = code {
            // A `let` condition (`quantitative`) is read where it is stored.
            return ops::truth(&self.operand(code));
        }
        let type_test =
            matches!(code, Code::Call(Func::Exists | Func::IsNumber | Func::IsText, args) if args.len() == 1);
        if !type_test
            && !matches!(code, Code::And(..) | Code::Or(..) | Code::Not(_) | Code::Cmp(..) | Code::In { .. })
        {
            return ops::truth(&self.eval(code));
        }
        if !self.spend(1) {
            return None;
        }
        match code {
            Code::And(a, b) => self.and(a, b),
            Code::Or(a, b) => self.or(a, b),
            Code::Not(x) => self.truth(x).map(|b| !b),
            Code::Cmp(op, a, b) => self.compare(*op, a, b),
            Code::In { item, list, negated } => self.membership(item, list, *negated),
            Code::Call(func, args) => self.type_test(*func, args),
            _ => None,
        }
    }

    /// `exists(x)`, `is_number(x)`, `is_text(x)`.
    fn type_test(&mut self, func: Func, args: &[Code]) -> Option<bool> {
        let v = self.arg(args, 0);
        if !self.charge(&v) {
            return None;
        }
        Some(match func {
            Func::Exists => !v.is_missing(),
            Func::IsNumber => matches!(v, Value::Num(_)),
            _ => matches!(v, Value::Text(_)),
        })
    }

    fn and(&mut self, a: &Code, b: &Code) -> Option<bool> {
        let x = self.truth(a);
        if x == Some(false) {
            return Some(false);
        }
        let y = self.truth(b);
        ops::and(x, y)
    }

    fn or(&mut self, a: &Code, b: &Code) -> Option<bool> {
        let x = self.truth(a);
        if x == Some(true) {
            return Some(true);
        }
        let y = self.truth(b);
        ops::or(x, y)
    }

    fn matches(&mut self, v: Value<'a>, regex: &regex::Regex, find: bool) -> Value<'a> {
        match v {
            Value::Text(t) if self.spend(t.len() / 16) => {
                if find {
                    regex.find(&t).map_or(Value::Missing, |m| Value::Text(m.as_str().to_string().into()))
                } else {
                    Value::Bool(regex.is_match(&t))
                }
            }
            _ => Value::Missing,
        }
    }

    /// A parameter, lent rather than copied: a list parameter (the indicator taxonomy) is read
    /// for every indicator of every report.
    fn param(&mut self, i: usize) -> Value<'a> {
        let params: &'a [Value<'a>] = self.env.params;
        match params.get(i) {
            Some(v) if self.charge(v) => lend(v),
            _ => Value::Missing,
        }
    }

    /// A `let` value.
    fn stored(&mut self, v: Option<&Value<'a>>) -> Value<'a> {
        let Some(v) = v else {
            return Value::Missing;
        };
        if !self.charge(v) {
            return Value::Missing;
        }
        match v {
            // The values lets hold most often are copied without a call; the others as before.
            Value::Num(d) => Value::Num(*d),
            Value::Bool(b) => Value::Bool(*b),
            Value::Missing => Value::Missing,
            Value::Text(Cow::Borrowed(t)) => Value::Text(Cow::Borrowed(t)),
            other => other.clone().normalized(),
        }
    }

    // Comparisons and membership read their operands without owning them, so that a literal
    // (`"产出"`, `["≥", ">=", ">"]`) is not copied each time it is compared. Kept out of `eval`,
    // whose frame every nested evaluation pays for.
    #[inline(never)]
    fn compare(&mut self, op: Cmp, a: &Code, b: &Code) -> Option<bool> {
        self.binary(a, b, |x, y| ops::compare(op, x, y)).flatten()
    }

    #[inline(never)]
    fn membership(&mut self, item: &Code, list: &Code, negated: bool) -> Option<bool> {
        self.binary(item, list, |x, l| ops::member(x, l).map(|m| m != negated)).flatten()
    }

    /// Evaluates an operand that is only read: a literal, a `let` value or a parameter is lent
    /// rather than copied (after the same charge as evaluating it), so that a list (the
    /// indicator taxonomy) is not copied each time it is searched.
    fn operand<'c>(&mut self, code: &'c Code) -> Cow<'c, Value<'a>>
    where
        'r: 'c,
        'a: 'c,
    {
        let lets: &'r [Value<'a>] = self.env.lets;
        let params: &'a [Value<'a>] = self.env.params;
        let stored = match code {
            Code::Const(v) => {
                return if self.spend(1) { Cow::Borrowed(v) } else { Cow::Owned(Value::Missing) };
            }
            Code::Let(i) => lets.get(*i),
            Code::Param(i) => params.get(*i),
            _ => return Cow::Owned(self.eval(code)),
        };
        // The same charge as evaluating the name (see `stored` and `param`).
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

    /// [`Self::operand`], paid for by its size; `None` once the budget is spent.
    fn paid_operand<'c>(&mut self, code: &'c Code) -> Option<Cow<'c, Value<'a>>>
    where
        'r: 'c,
        'a: 'c,
    {
        let v = self.operand(code);
        if self.charge(&v) { Some(v) } else { None }
    }

    /// Arithmetic, and the joining of texts (`level1 + "/"`), on operands read in place.
    fn arith(&mut self, op: Arith, a: &Code, b: &Code) -> Value<'a> {
        self.binary(a, b, |x, y| ops::arith(op, x, y)).unwrap_or(Value::Missing)
    }

    /// Evaluates two operands, read in place (see [`Self::operand`]), pays for their size and
    /// applies `f`; `None` once the budget is spent.
    fn binary<R>(&mut self, a: &Code, b: &Code, f: impl FnOnce(&Value<'a>, &Value<'a>) -> R) -> Option<R> {
        let x = self.operand(a);
        let y = self.operand(b);
        (self.charge(&x) && self.charge(&y)).then(|| f(&x, &y))
    }

    fn arg(&mut self, args: &[Code], i: usize) -> Value<'a> {
        args.get(i).map_or(Value::Missing, |c| self.eval(c))
    }

    fn call(&mut self, func: Func, args: &[Code]) -> Value<'a> {
        match func {
            // Only the branch taken is evaluated.
            Func::If => match args.first().and_then(|c| self.truth(c)) {
                Some(true) => self.arg(args, 1),
                Some(false) => self.arg(args, 2),
                None => Value::Missing,
            },
            Func::Default => match self.arg(args, 0) {
                Value::Missing => self.arg(args, 1),
                v => v,
            },
            // The type tests are the most frequent calls; answered here without collecting the
            // argument into a list for `functions::apply` (same evaluation, same charge).
            Func::Exists | Func::IsNumber | Func::IsText if args.len() == 1 => {
                ops::from_truth(self.type_test(func, args))
            }
            Func::Trim | Func::Len if args.len() == 1 => {
                let v = self.arg(args, 0);
                if !self.charge(&v) {
                    return Value::Missing;
                }
                match (func, v) {
                    (Func::Trim, Value::Text(Cow::Borrowed(t))) => Value::Text(Cow::Borrowed(t.trim())),
                    (Func::Trim, Value::Text(Cow::Owned(t))) => Value::Text(Cow::Owned(t.trim().to_string())),
                    (Func::Len, Value::Text(t)) => Value::Num(t.chars().count().into()),
                    (Func::Len, list) => {
                        list.element_count().map_or(Value::Missing, |n| Value::Num(n.into()))
                    }
                    _ => Value::Missing,
                }
            }
            // `trim_suffix(x, "指标")` and `compare(a, op, b)`: literal arguments are read in
            // place rather than copied into an argument list.
            Func::TrimSuffix if args.len() == 2 => {
                let text = self.arg(args, 0);
                if !self.charge(&text) {
                    return Value::Missing;
                }
                let Some(suffix) = self.paid_operand(&args[1]) else { return Value::Missing };
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
            // `starts_with(entry, prefix)` and the like: both arguments read in place.
            Func::StartsWith | Func::EndsWith | Func::Contains if args.len() == 2 => {
                let Some(text) = self.paid_operand(&args[0]) else { return Value::Missing };
                let Some(part) = self.paid_operand(&args[1]) else { return Value::Missing };
                functions::text_relation(func, &text, &part)
            }
            Func::Compare if args.len() == 3 => {
                let Some(a) = self.paid_operand(&args[0]) else { return Value::Missing };
                let Some(op) = self.paid_operand(&args[1]) else { return Value::Missing };
                let Some(b) = self.paid_operand(&args[2]) else { return Value::Missing };
                functions::compare(&a, &op, &b)
            }
            _ => {
                // Calls have at most three arguments but `min`/`max`; those fit on the stack.
                let mut few: [Value<'a>; 3] = Default::default();
                let mut many = Vec::new();
                let values: &mut [Value<'a>] = match few.get_mut(..args.len()) {
                    Some(few) => few,
                    None => {
                        many.resize(args.len(), Value::Missing);
                        &mut many
                    }
                };
                for (arg, value) in args.iter().zip(values.iter_mut()) {
                    *value = self.eval(arg);
                    if !self.charge(value) {
                        return Value::Missing;
                    }
                }
                functions::apply(func, values, self.env.unit)
            }
        }
    }

    /// Applies one path step. After `[*]` (or on any list) a step applies to each element;
    /// `[*]` on a list splices in the elements of the arrays it holds.
    fn step(&mut self, v: Value<'a>, step: &Step) -> Value<'a> {
        match v {
            Value::List(items) => {
                if !self.spend(items.len()) {
                    return Value::Missing;
                }
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    match (item, step) {
                        (Value::Json(Json::Array(inner)), Step::All) => {
                            if !self.spend(inner.len()) {
                                return Value::Missing;
                            }
                            out.extend(inner.iter().map(Value::from_json));
                        }
                        (Value::List(inner), Step::All) => out.extend(inner),
                        (other, Step::All) => out.push(other),
                        (other, _) => out.push(self.step_one(other, step)),
                    }
                }
                Value::List(out)
            }
            other => self.step_one(other, step),
        }
    }

    fn step_one(&mut self, v: Value<'a>, step: &Step) -> Value<'a> {
        let Value::Json(json) = v else {
            return Value::Missing;
        };
        match (json, step) {
            (Json::Object(map), Step::Field(name)) => {
                field(map, name).map_or(Value::Missing, Value::from_json)
            }
            (Json::Array(items), Step::Index(i)) => items.get(*i).map_or(Value::Missing, Value::from_json),
            (Json::Array(items), Step::All) => {
                if !self.spend(items.len()) {
                    return Value::Missing;
                }
                Value::List(items.iter().map(Value::from_json).collect())
            }
            _ => Value::Missing,
        }
    }

    /// Binds the variable of a binding form to `item`.
    fn bind(&mut self, slot: usize, item: Value<'a>) {
        self.bound.truncate(slot);
        self.bound.push(item);
    }

    fn condition(&mut self, cond: Option<&Code>) -> Option<bool> {
        match cond {
            Some(c) => self.truth(c),
            None => Some(true),
        }
    }

    /// `count`/`any`/`all`/`sum`/`min`/`max` over a binding form.
    ///
    /// In `v in list where cond`, `cond` selects the elements (and is the predicate of
    /// `any`/`all`); in `expr for v in list where cond`, `cond` selects and `expr` gives the values.
    /// An element whose condition is not computable makes `count`/`sum`/`min`/`max` not computable;
    /// `any`/`all` combine such elements by three-valued logic.
    fn fold(&mut self, func: Func, binder: &BinderCode) -> Value<'a> {
        // A list parameter (the indicator taxonomy), `let` value or literal is read in place
        // rather than copied; the charge is the same as evaluating it.
        let params: &'a [Value<'a>] = self.env.params;
        if let Code::Param(i) = &binder.list
            && let Some(list @ Value::List(items)) = params.get(*i)
        {
            if !(self.spend(1) && self.charge(list)) {
                return Value::Missing;
            }
            return self.fold_items(func, binder, items.iter().map(lend));
        }
        match self.operand(&binder.list) {
            Cow::Borrowed(Value::List(items)) => self.fold_items(func, binder, items.iter().cloned()),
            Cow::Borrowed(Value::Json(Json::Array(items))) => {
                self.fold_items(func, binder, items.iter().map(Value::from_json))
            }
            Cow::Borrowed(_) => Value::Missing,
            Cow::Owned(list) => match list.into_elements() {
                Some(items) => self.fold_items(func, binder, items.into_iter()),
                None => Value::Missing,
            },
        }
    }

    /// [`Self::fold`] over the elements of its list.
    fn fold_items(
        &mut self,
        func: Func,
        binder: &BinderCode,
        items: impl ExactSizeIterator<Item = Value<'a>>,
    ) -> Value<'a> {
        if !self.spend(items.len()) {
            return Value::Missing;
        }
        let slot = binder.slot;
        let result = match func {
            Func::Any | Func::All => {
                let is_all = func == Func::All;
                let mut acc = Some(is_all);
                for item in items {
                    self.bind(slot, item);
                    let selected = self.condition(binder.cond.as_ref());
                    let truth = match &binder.map {
                        None => selected,
                        // any: some element is selected and true; all: every element is
                        // unselected or true.
                        Some(_) if selected == Some(false) => Some(is_all),
                        Some(map) => {
                            let t = self.truth(map);
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
                    self.bind(slot, item);
                    match self.condition(binder.cond.as_ref()) {
                        None => {
                            self.bound.truncate(slot);
                            return Value::Missing;
                        }
                        Some(false) => continue,
                        Some(true) => count += 1,
                    }
                    if func == Func::Count {
                        continue;
                    }
                    let value = match &binder.map {
                        Some(map) => self.eval(map),
                        None => {
                            self.bound.truncate(slot + 1);
                            self.bound.pop().unwrap_or(Value::Missing)
                        }
                    };
                    selected.push(value);
                }
                if func == Func::Count { Value::Num(count.into()) } else { functions::fold(func, &selected) }
            }
        };
        self.bound.truncate(slot);
        result
    }
}

impl super::Expr {
    /// Indices of the `let` values the expression reads, sorted, without duplicates. Lets the
    /// rule engine evaluate only the values a rule's condition needs and leave the others (used
    /// only in messages) until the rule fires.
    pub fn lets_used(&self) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack: Vec<&Code> = vec![&self.code];
        while let Some(code) = stack.pop() {
            if let Code::Let(i) = code {
                out.push(*i);
            }
            code.push_children(&mut stack);
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Writes a canonical description of `code` into `out`: two expressions with the same description
/// compute the same value on the same report, subject, parameters and `let` values. `lets` gives
/// the description identity of each `let` the expression may read. `None` for expressions that
/// read `fired(…)`, whose value depends on the rules evaluated before.
fn describe(code: &Code, lets: &[Option<usize>], out: &mut String) -> Option<()> {
    use std::fmt::Write as _;
    let pair = |name: &str, a: &Code, b: &Code, out: &mut String| {
        out.push_str(name);
        out.push('(');
        describe(a, lets, out)?;
        out.push(',');
        describe(b, lets, out)?;
        out.push(')');
        Some(())
    };
    match code {
        Code::Const(v) => {
            out.push('c');
            describe_value(v, out);
        }
        Code::Amount(d, unit) => {
            let _ = write!(out, "a{d:?}{unit:?}");
        }
        Code::Subject => out.push('@'),
        Code::Root => out.push('$'),
        Code::Let(i) => {
            let id = (*lets.get(*i)?)?;
            let _ = write!(out, "l{id}");
        }
        Code::Param(i) => {
            let _ = write!(out, "p{i}");
        }
        Code::Bound(i) => {
            let _ = write!(out, "b{i}");
        }
        Code::List(items) | Code::Call(_, items) => {
            if let Code::Call(func, _) = code {
                let _ = write!(out, "{func:?}");
            }
            out.push('[');
            for item in items {
                describe(item, lets, out)?;
                out.push(',');
            }
            out.push(']');
        }
        Code::Path(base, steps) => {
            out.push_str("path(");
            describe(base, lets, out)?;
            for step in steps {
                match step {
                    Step::Field(name) => {
                        let _ = write!(out, ".{}:{name}", name.len());
                    }
                    Step::Index(i) => {
                        let _ = write!(out, "[{i}]");
                    }
                    Step::All => out.push_str("[*]"),
                }
            }
            out.push(')');
        }
        Code::Neg(x) | Code::Not(x) => {
            out.push_str(if matches!(code, Code::Neg(_)) { "neg(" } else { "not(" });
            describe(x, lets, out)?;
            out.push(')');
        }
        Code::And(a, b) => pair("and", a, b, out)?,
        Code::Or(a, b) => pair("or", a, b, out)?,
        Code::Arith(op, a, b) => {
            let _ = write!(out, "{op:?}");
            pair("", a, b, out)?;
        }
        Code::Cmp(op, a, b) => {
            let _ = write!(out, "{op:?}");
            pair("", a, b, out)?;
        }
        Code::In { item, list, negated } => pair(if *negated { "notin" } else { "in" }, item, list, out)?,
        Code::Fold(func, binder) => {
            let _ = write!(out, "{func:?}{{{}:", binder.slot);
            describe(&binder.list, lets, out)?;
            for part in [&binder.cond, &binder.map] {
                out.push(';');
                if let Some(part) = part {
                    describe(part, lets, out)?;
                }
            }
            out.push('}');
        }
        Code::Matches(x, regex, find) => {
            out.push_str(if *find { "find(" } else { "matches(" });
            describe(x, lets, out)?;
            let _ = write!(out, ",{:?})", regex.as_str());
        }
        Code::Fired(_) => return None,
    }
    Some(())
}

/// Writes a literal for [`describe`]: texts length-prefixed rather than escaped (a run starts by
/// describing every `let`, and escaping Chinese text character by character is slow), numbers
/// with their scale (`90` and `90.0` differ: `precision()` tells them apart).
fn describe_value(v: &Value, out: &mut String) {
    use std::fmt::Write as _;
    match v {
        Value::Missing => out.push('?'),
        Value::Bool(b) => out.push(if *b { 'T' } else { 'F' }),
        Value::Num(d) => {
            let _ = write!(out, "n{d}");
        }
        Value::Text(t) => {
            let _ = write!(out, "s{}:{t}", t.len());
        }
        Value::List(items) => {
            out.push('[');
            for item in items {
                describe_value(item, out);
                out.push(',');
            }
            out.push(']');
        }
        Value::Json(json) => {
            let _ = write!(out, "j{json}");
        }
    }
}

/// Whether `code` reads the subject (`@`), directly or through the `let` values marked in `lets`.
fn reads_subject(code: &Code, lets: &[bool]) -> bool {
    let mut stack: Vec<&Code> = vec![code];
    while let Some(code) = stack.pop() {
        match code {
            Code::Subject => return true,
            Code::Let(i) if lets.get(*i).copied().unwrap_or(true) => return true,
            _ => code.push_children(&mut stack),
        }
    }
    false
}

impl super::Expr {
    /// A description that is equal for two expressions exactly when they compute the same value
    /// from the same report, subject, parameters and `let` values; `lets[i]` is the identity of
    /// the rule's i-th `let` (`None` when it has none). `None` when the expression reads
    /// `fired(…)`. Lets rules share the work of `let` values written alike.
    pub fn share_key(&self, lets: &[Option<usize>]) -> Option<String> {
        let mut out = String::new();
        describe(&self.code, lets, &mut out)?;
        Some(out)
    }

    /// Whether the value depends on the subject (`@`), directly or through the `let` values
    /// marked in `lets`; a value that does not is the same for every subject of a report.
    pub fn reads_subject(&self, lets: &[bool]) -> bool {
        reads_subject(&self.code, lets)
    }

    /// Number of nodes of the expression.
    pub fn node_count(&self) -> usize {
        self.size
    }

    /// Evaluates like [`super::Expr::eval`]; the flag says whether the value may be reused by
    /// expressions with the same [`share_key`](Self::share_key) on the same report and subject
    /// (it stayed within the fixed work allowance, so it depends on nothing else).
    pub fn eval_shareable<'a>(&self, env: &Env<'a, '_>) -> (Value<'a>, bool) {
        run_tracked(&self.code, self.size, env)
    }
}
