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
use super::ir::{BinderCode, Code, Step};
use super::ops;
use super::value::Value;
use serde_json::Value as Json;

/// Work any expression may do regardless of data size.
const BASE_FUEL: u64 = 1 << 20;
/// Work allowed per expression node and per unit of data, once [`BASE_FUEL`] is spent.
const FUEL_PER_NODE_AND_DATUM: u64 = 256;

/// Evaluates `code` (an expression of `size` nodes).
pub(crate) fn run<'a>(code: &Code, size: usize, env: &Env<'a, '_>) -> Value<'a> {
    let mut cx = Ctx {
        env,
        bound: Vec::new(),
        size: u64::try_from(size).unwrap_or(u64::MAX),
        fuel: BASE_FUEL,
        spent: 0,
        extended: false,
        exhausted: false,
    };
    let value = cx.eval(code);
    // A partial result could be wrong, not just unknown (`exists` of an unfinished value).
    if cx.exhausted { Value::Missing } else { value }
}

struct Ctx<'e, 'a, 'r> {
    env: &'e Env<'a, 'r>,
    /// Values of the variables of the enclosing binding forms, by slot.
    bound: Vec<Value<'a>>,
    size: u64,
    fuel: u64,
    spent: u64,
    extended: bool,
    exhausted: bool,
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

impl<'a> Ctx<'_, 'a, '_> {
    /// Spends `n` units; `false` once the budget is exhausted.
    fn spend(&mut self, n: usize) -> bool {
        if self.exhausted {
            return false;
        }
        let n = u64::try_from(n).unwrap_or(u64::MAX);
        if self.fuel < n && !self.extended {
            self.extend();
        }
        if self.fuel < n {
            self.exhausted = true;
            return false;
        }
        self.fuel -= n;
        self.spent = self.spent.saturating_add(n);
        true
    }

    /// Raises the budget from the fixed allowance to one proportional to the data. Measuring the
    /// data costs a pass over it, so it is done only for expressions that are expensive anyway.
    fn extend(&mut self) {
        self.extended = true;
        let data = self.data_size().saturating_add(1);
        let total = FUEL_PER_NODE_AND_DATUM.saturating_mul(self.size).saturating_mul(data).max(BASE_FUEL);
        self.fuel = total.saturating_sub(self.spent);
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
            Code::Not(x) => {
                let v = self.eval(x);
                ops::from_truth(ops::truth(&v).map(|b| !b))
            }
            Code::And(a, b) => self.and(a, b),
            Code::Or(a, b) => self.or(a, b),
            Code::Arith(op, a, b) => {
                let (x, y) = self.operands(a, b);
                ops::arith(*op, x, y)
            }
            Code::Cmp(op, a, b) => {
                let (x, y) = self.operands(a, b);
                ops::from_truth(ops::compare(*op, &x, &y))
            }
            Code::In { item, list, negated } => {
                let (x, l) = self.operands(item, list);
                ops::from_truth(ops::member(&x, &l).map(|m| m != *negated))
            }
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
            Code::Param(i) => self.stored(self.env.params.get(*i)),
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
        for step in steps {
            v = self.step(v, step);
        }
        v
    }

    fn and(&mut self, a: &Code, b: &Code) -> Value<'a> {
        let x = ops::truth(&self.eval(a));
        if x == Some(false) {
            return Value::Bool(false);
        }
        let y = ops::truth(&self.eval(b));
        ops::from_truth(ops::and(x, y))
    }

    fn or(&mut self, a: &Code, b: &Code) -> Value<'a> {
        let x = ops::truth(&self.eval(a));
        if x == Some(true) {
            return Value::Bool(true);
        }
        let y = ops::truth(&self.eval(b));
        ops::from_truth(ops::or(x, y))
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

    /// A `let` value or parameter.
    fn stored(&mut self, v: Option<&Value<'a>>) -> Value<'a> {
        let Some(v) = v else {
            return Value::Missing;
        };
        if self.charge(v) { v.clone().normalized() } else { Value::Missing }
    }

    /// Evaluates two operands and pays for their size.
    fn operands(&mut self, a: &Code, b: &Code) -> (Value<'a>, Value<'a>) {
        let x = self.eval(a);
        let y = self.eval(b);
        if self.charge(&x) && self.charge(&y) { (x, y) } else { (Value::Missing, Value::Missing) }
    }

    fn arg(&mut self, args: &[Code], i: usize) -> Value<'a> {
        args.get(i).map_or(Value::Missing, |c| self.eval(c))
    }

    fn call(&mut self, func: Func, args: &[Code]) -> Value<'a> {
        match func {
            // Only the branch taken is evaluated.
            Func::If => match ops::truth(&self.arg(args, 0)) {
                Some(true) => self.arg(args, 1),
                Some(false) => self.arg(args, 2),
                None => Value::Missing,
            },
            Func::Default => match self.arg(args, 0) {
                Value::Missing => self.arg(args, 1),
                v => v,
            },
            _ => {
                let mut values = Vec::with_capacity(args.len());
                for arg in args {
                    let v = self.eval(arg);
                    if !self.charge(&v) {
                        return Value::Missing;
                    }
                    values.push(v);
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
                map.get(name.as_str()).map_or(Value::Missing, Value::from_json)
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
            Some(c) => ops::truth(&self.eval(c)),
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
        let list = self.eval(&binder.list);
        let Some(items) = list.into_elements() else {
            return Value::Missing;
        };
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
                            let t = ops::truth(&self.eval(map));
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
                if func == Func::Count { Value::Num(count.into()) } else { functions::fold(func, selected) }
            }
        };
        self.bound.truncate(slot);
        result
    }
}
