//! Writes `native_pack.rs`: each built-in rule's `when`, `assert` and the `let` values they
//! need as one Rust function (see `native`). Each construct is written as the interpreter's
//! node for it computes, reading its operands the way that node reads them (value, truth,
//! number, place, or lent in place).
//!
//! Editing a rule never breaks the build: the old function still compiles and is simply not
//! used for the edited rule (its fingerprint differs) until the file is written again. A change
//! to what the generated code calls (`native`, `ops`, `functions`) can leave the old file
//! uncompilable; then replace it by an empty table
//! (`pub(super) static PASSES: &[(&str, u64, for<'q, 'a> fn(&mut super::Q<'q, 'a>) -> bool, u64, u64)] = &[];`)
//! and write it again.

use super::functions::Func;
use super::ir::{Arith, BinderCode, Cmp, Code, Step};
use super::native::{key_hash, rule_codes};
use super::value::{AmountUnit, Value};
use super::{Expr, eval};
use std::collections::HashMap;
use std::fmt::Write as _;

/// What the generator needs of a rule.
pub(crate) struct RuleExprs<'r> {
    pub id: &'r str,
    pub lets: &'r [(String, Expr)],
    pub when: Option<&'r Expr>,
    pub assert: &'r Expr,
}

/// Why a rule gets no generated pass.
#[derive(Debug)]
struct Unsupported(&'static str);

/// The text of `native_pack.rs` for `rules`.
pub(crate) fn generate(rules: &[RuleExprs<'_>]) -> String {
    let mut out = String::from(
        "//! Generated from the built-in rules by `native_gen` (the test `native_pack_is_current`\n\
         //! rewrites it with `JIXIAO_WRITE_NATIVE=1`): do not edit. See `native`.\n\n\
         use super::super::functions::{self, Func};\n\
         use super::super::ir::{Arith, Cmp};\n\
         use super::super::ops;\n\
         use super::super::value::{AmountUnit, Value, trim_text};\n\
         use super::{Place, Q, lend};\n\
         use rust_decimal::Decimal;\n\
         use std::borrow::Cow;\n\
         use std::sync::LazyLock;\n\n",
    );
    let mut table = String::from(
        "/// (rule, fingerprint of its checked trees, pass, most values one node pays for, weight of\n\
         /// its heaviest literal)\n\
         #[allow(clippy::type_complexity)]\n\
         pub(super) static PASSES: &[(&str, u64, for<'q, 'a> fn(&mut Q<'q, 'a>) -> bool, u64, u64)] = &[\n",
    );
    let mut statics = String::new();
    for (n, rule) in rules.iter().enumerate() {
        let mut g = Gen::new(rule, n);
        match g.rule(rule) {
            Ok(body) => {
                let codes = rule_codes(rule.lets, rule.when, rule.assert);
                let heaviest = codes.iter().map(|c| heaviest_literal(c)).max().unwrap_or(0);
                let _ = writeln!(
                    table,
                    "    ({:?}, {:#018x}, r{n}, {}, {heaviest}),",
                    rule.id,
                    key_hash(&codes),
                    g.charges
                );
                let _ = writeln!(out, "/// `{}`\n{body}", rule.id);
                statics.push_str(&g.statics);
            }
            Err(Unsupported(why)) => {
                let _ = writeln!(out, "// `{}`: left to the interpreter ({why}).\n", rule.id);
            }
        }
    }
    table.push_str("];\n");
    out.push_str(&statics);
    out.push('\n');
    out.push_str(&table);
    out
}

struct Gen {
    rule: usize,
    /// The rule's list literals, made once per run.
    statics: String,
    /// Pattern numbers by the address of their `Matches` node, in `native::patterns` order.
    patterns: HashMap<*const Code, usize>,
    lists: usize,
    /// Most values one node pays for.
    charges: u64,
    /// The `let`s whose value is always a truth value, kept as `Option<bool>`.
    truths: Vec<bool>,
    /// Locals holding the report nodes that paths from `@` lead to, by their steps.
    places: HashMap<String, String>,
}

type R = Result<String, Unsupported>;

impl Gen {
    fn new(rule: &RuleExprs<'_>, n: usize) -> Gen {
        let codes = rule_codes(rule.lets, rule.when, rule.assert);
        let mut patterns = HashMap::new();
        for code in &codes {
            super::native::walk(code, &mut |c, _| {
                if matches!(c, Code::Matches(..)) {
                    let next = patterns.len();
                    patterns.insert(std::ptr::from_ref(c), next);
                }
            });
        }
        let truths = rule.lets.iter().map(|(_, e)| is_condition(&e.code)).collect();
        Gen {
            rule: n,
            statics: String::new(),
            patterns,
            lists: 0,
            charges: 3,
            truths,
            places: HashMap::new(),
        }
    }

    fn rule(&mut self, rule: &RuleExprs<'_>) -> R {
        let (for_when, for_assert) = super::lets_needed(rule.lets, rule.when, rule.assert);
        let lets_of = |indices: &[usize]| -> Vec<(usize, &Expr)> {
            indices.iter().filter_map(|&i| rule.lets.get(i).map(|(_, e)| (i, e))).collect()
        };
        let n = self.rule;
        let mut body = format!("fn r{n}<'a>(q: &mut Q<'_, 'a>) -> bool {{\n");
        // The `let`s the condition needs and the condition, then the others the assertion needs
        // and the assertion, each part with the report fields it reads looked up first.
        let first = lets_of(&for_when);
        let mut codes: Vec<&Code> = first.iter().map(|(_, e)| &e.code).collect();
        codes.extend(rule.when.map(|e| &e.code));
        self.hoist_places(&mut body, &codes);
        for (i, e) in first {
            self.let_value(&mut body, i, e)?;
        }
        if let Some(when) = rule.when {
            let truth = self.truth(&when.code)?;
            let _ = writeln!(body, "    q.count({});", nodes(&when.code));
            let _ = writeln!(
                body,
                "    let when = {truth};\n    if when != Some(true) {{\n        return q.sure();\n    }}"
            );
        }
        let second = lets_of(&for_assert);
        let mut codes: Vec<&Code> = second.iter().map(|(_, e)| &e.code).collect();
        codes.push(&rule.assert.code);
        self.hoist_places(&mut body, &codes);
        for (i, e) in second {
            self.let_value(&mut body, i, e)?;
        }
        let truth = self.truth(&rule.assert.code)?;
        let _ = writeln!(body, "    q.count({});", nodes(&rule.assert.code));
        let _ = writeln!(body, "    let holds = {truth};\n    holds != Some(false) && q.sure()\n}}");
        Ok(body)
    }

    /// Declares a local for each report node a path from `@` in `codes` leads to (and for
    /// the nodes on its way), not declared yet: the rule reads many fields more than once.
    fn hoist_places(&mut self, body: &mut String, codes: &[&Code]) {
        let mut paths: Vec<Vec<Step>> = Vec::new();
        for code in codes {
            super::native::walk(code, &mut |c, _| {
                if let Code::Path(base, steps) = c
                    && matches!(**base, Code::Subject)
                    && !steps.contains(&Step::All)
                {
                    paths.push(steps.clone());
                }
            });
        }
        for steps in paths {
            for end in 1..=steps.len() {
                let prefix = format!("{:?}", &steps[..end]);
                if self.places.contains_key(&prefix) {
                    continue;
                }
                let parent = match end {
                    1 => "Some(q.subject)".to_string(),
                    _ => self.places.get(&format!("{:?}", &steps[..end - 1])).cloned().unwrap_or_default(),
                };
                let name = format!("s{}", self.places.len());
                let step = match &steps[end - 1] {
                    Step::Field(field) => format!("q.field({parent}, {field:?})"),
                    Step::Index(i) => format!("q.index({parent}, {i})"),
                    Step::All => continue,
                };
                let _ = writeln!(body, "    let {name}: Option<&'a serde_json::Value> = {step};");
                let _ = writeln!(
                    body,
                    "    let n{name}: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();"
                );
                self.places.insert(prefix, name);
            }
        }
    }

    /// The local holding the report node a path from `@` leads to, when it was declared.
    fn hoisted(&self, code: &Code) -> Option<String> {
        match code {
            Code::Path(base, steps) if matches!(**base, Code::Subject) => {
                self.places.get(&format!("{steps:?}")).cloned()
            }
            _ => None,
        }
    }

    fn is_truth_let(&self, i: usize) -> bool {
        self.truths.get(i).copied().unwrap_or(false)
    }

    fn let_value(&mut self, body: &mut String, i: usize, e: &Expr) -> Result<(), Unsupported> {
        if self.is_truth_let(i) {
            let truth = self.truth(&e.code)?;
            let _ = writeln!(body, "    q.count({});", nodes(&e.code));
            let _ = writeln!(body, "    let l{i}: Option<bool> = {truth};");
            return Ok(());
        }
        let value = self.val(&e.code)?;
        let _ = writeln!(body, "    q.count({});", nodes(&e.code));
        let _ = writeln!(body, "    let l{i}: Value<'a> = {value};\n    q.see(&l{i});");
        Ok(())
    }

    /// An expression of type `Value<'a>`.
    fn val(&mut self, code: &Code) -> R {
        Ok(match code {
            Code::Const(v) => self.literal(v)?,
            Code::Amount(d, unit) => {
                format!(
                    "{}.convert({}, q.unit).map_or(Value::Missing, Value::Num)",
                    unit_name(*unit),
                    decimal(*d)
                )
            }
            Code::Subject => "Value::from_json(q.subject)".into(),
            Code::Root => "Value::from_json(q.root)".into(),
            Code::Let(i) if self.is_truth_let(*i) => format!("ops::from_truth(l{i})"),
            Code::Let(i) => format!("l{i}.clone()"),
            Code::Param(i) => format!("lend(q.param({i}))"),
            Code::Bound(i) => format!("b{i}.clone()"),
            Code::Fired(_) => return Err(Unsupported("fired()")),
            Code::List(items) => {
                let items = items.iter().map(|c| self.val(c)).collect::<Result<Vec<_>, _>>()?;
                format!(
                    "{{ let v = Value::List(std::sync::Arc::from(vec![{}])); q.see(&v); v }}",
                    items.join(", ")
                )
            }
            Code::Path(..) => format!("{}.value()", self.place(code)?),
            Code::Neg(x) => format!("ops::neg(&{})", self.val(x)?),
            Code::Not(_) | Code::And(..) | Code::Or(..) | Code::Cmp(..) | Code::In { .. } => {
                format!("ops::from_truth({})", self.truth(code)?)
            }
            Code::Arith(op, a, b) => {
                if eval::numeric(code) {
                    format!("{}.map_or(Value::Missing, Value::Num)", self.num(code)?)
                } else {
                    let (a, b) = (self.cow(a)?, self.cow(b)?);
                    format!("{{ let v = ops::arith(Arith::{op:?}, &{a}, &{b}); q.see(&v); v }}")
                }
            }
            Code::Call(func, args) => self.call_val(*func, args)?,
            Code::Fold(func, binder) => self.fold(*func, binder)?,
            Code::Matches(text, _, find) => {
                let k =
                    self.patterns.get(&std::ptr::from_ref(code)).copied().ok_or(Unsupported("pattern"))?;
                let text = self.val(text)?;
                let found = if *find {
                    "re.find(t.as_ref()).and_then(|m| t.get(m.range())).map_or(Value::Missing, |m| Value::Text(m.to_string().into()))"
                } else {
                    "Value::Bool(re.is_match(t.as_ref()))"
                };
                format!(
                    "match {text} {{ Value::Text(t) => match q.pattern({k}) {{ Some(re) => {found}, None => Value::Missing }}, _ => Value::Missing }}"
                )
            }
        })
    }

    fn call_val(&mut self, func: Func, args: &[Code]) -> R {
        Ok(match (func, args) {
            (Func::If, [c, a, b]) => self.if_call(c, a, b, Reading::Value)?,
            (Func::Default, [x, fallback]) => self.default_call(x, fallback, Reading::Value)?,
            (Func::Exists | Func::IsNumber | Func::IsText, [_]) => {
                format!("ops::from_truth({})", self.call_truth(func, args)?)
            }
            (Func::Trim, [x]) => {
                format!(
                    "match {} {{ Value::Text(t) => Value::Text(trim_text(t)), _ => Value::Missing }}",
                    self.val(x)?
                )
            }
            (Func::Len, [x]) => format!(
                "match {} {{ Value::Text(t) => Value::Num(t.chars().count().into()), list => list.element_count().map_or(Value::Missing, |n| Value::Num(n.into())) }}",
                self.val(x)?
            ),
            (Func::Abs, [x]) => {
                format!("{}.map(|d| d.abs()).map_or(Value::Missing, Value::Num)", self.num(x)?)
            }
            (Func::TrimSuffix, [text, suffix]) => format!(
                "{{ let text = {}; let suffix = {}; match (text, suffix.as_ref()) {{ \
                 (Value::Text(Cow::Borrowed(t)), Value::Text(s)) => Value::Text(Cow::Borrowed(t.strip_suffix(s.as_ref()).unwrap_or(t))), \
                 (Value::Text(Cow::Owned(t)), Value::Text(s)) => Value::Text(Cow::Owned(t.strip_suffix(s.as_ref()).unwrap_or(&t).to_string())), \
                 _ => Value::Missing }} }}",
                self.val(text)?,
                self.cow(suffix)?
            ),
            (Func::StartsWith | Func::EndsWith | Func::Contains, [text, part]) => {
                format!(
                    "functions::text_relation(Func::{func:?}, &{}, &{})",
                    self.cow(text)?,
                    self.cow(part)?
                )
            }
            (Func::Compare, [a, op, b]) => {
                format!("functions::compare(&{}, &{}, &{})", self.cow(a)?, self.cow(op)?, self.cow(b)?)
            }
            _ => {
                self.charges = self.charges.max(u64::try_from(args.len()).unwrap_or(u64::MAX));
                let args = args.iter().map(|a| self.val(a)).collect::<Result<Vec<_>, _>>()?;
                let args =
                    args.iter().map(|a| format!("{{ let v = {a}; q.see(&v); v }}")).collect::<Vec<_>>();
                format!(
                    "{{ let mut args: [Value<'a>; {}] = [{}]; let v = functions::apply(Func::{func:?}, &mut args, q.unit); q.see(&v); v }}",
                    args.len(),
                    args.join(", ")
                )
            }
        })
    }

    /// An expression of type `Option<bool>`: the truth of the value, as the node reads it.
    fn truth(&mut self, code: &Code) -> R {
        Ok(match code {
            Code::Const(Value::Bool(b)) => format!("Some({b})"),
            Code::Const(_) => "None".into(),
            Code::Let(i) if self.is_truth_let(*i) => format!("l{i}"),
            Code::Let(i) => format!("ops::truth(&l{i})"),
            Code::Path(..) => format!("{}.truth()", self.place(code)?),
            Code::Not(x) => format!("{}.map(|b| !b)", self.truth(x)?),
            Code::And(a, b) => format!(
                "{{ let x = {}; if x == Some(false) {{ Some(false) }} else {{ ops::and(x, {}) }} }}",
                self.truth(a)?,
                self.truth(b)?
            ),
            Code::Or(a, b) => format!(
                "{{ let x = {}; if x == Some(true) {{ Some(true) }} else {{ ops::or(x, {}) }} }}",
                self.truth(a)?,
                self.truth(b)?
            ),
            Code::Cmp(op, a, b) => {
                // As `eval::build` decides for a comparison.
                if !matches!(op, Cmp::Eq | Cmp::Ne) || eval::numeric(a) || eval::numeric(b) {
                    let sign = match op {
                        Cmp::Eq => "==",
                        Cmp::Ne => "!=",
                        Cmp::Lt => "<",
                        Cmp::Le => "<=",
                        Cmp::Gt => ">",
                        Cmp::Ge => ">=",
                    };
                    format!(
                        "{{ let x = {}; let y = {}; match (x, y) {{ (Some(x), Some(y)) => Some(x {sign} y), _ => None }} }}",
                        self.num(a)?,
                        self.num(b)?
                    )
                } else if let (Cmp::Eq | Cmp::Ne, Some((other, text))) = (op, plain_text_operand(a, b)) {
                    // Equality with a text that is not a numeral needs no number reading.
                    let negate = if *op == Cmp::Ne { ".map(|e| !e)" } else { "" };
                    format!("ops::equals_plain_text(&{}, {text:?}){negate}", self.cow(other)?)
                } else {
                    format!("ops::compare(Cmp::{op:?}, &{}, &{})", self.cow(a)?, self.cow(b)?)
                }
            }
            Code::In { item, list, negated } => {
                format!("ops::member(&{}, &{}).map(|m| m != {negated})", self.cow(item)?, self.cow(list)?)
            }
            Code::Call(func, args) => self.call_truth(*func, args)?,
            Code::Fired(_) => return Err(Unsupported("fired()")),
            _ => format!("ops::truth(&{})", self.val(code)?),
        })
    }

    fn call_truth(&mut self, func: Func, args: &[Code]) -> R {
        Ok(match (func, args) {
            (Func::If, [c, a, b]) => self.if_call(c, a, b, Reading::Truth)?,
            (Func::Default, [x, fallback]) => self.default_call(x, fallback, Reading::Truth)?,
            (Func::Exists | Func::IsNumber | Func::IsText, [x]) => match self.hoisted(x) {
                Some(local) => format!("Some(super::test_of({local}, &n{local}, Func::{func:?}))"),
                None => format!("Some({}.test(Func::{func:?}))", self.place(x)?),
            },
            _ => format!("ops::truth(&{})", self.call_val(func, args)?),
        })
    }

    /// `code` read as `reading` asks.
    fn read(&mut self, code: &Code, reading: Reading) -> R {
        match reading {
            Reading::Value => self.val(code),
            Reading::Truth => self.truth(code),
            Reading::Number => self.num(code),
        }
    }

    /// `if(c, a, b)`: only the branch taken is evaluated, and read as the parent reads `if`.
    fn if_call(&mut self, c: &Code, a: &Code, b: &Code, reading: Reading) -> R {
        Ok(format!(
            "match {} {{ Some(true) => {}, Some(false) => {}, None => {} }}",
            self.truth(c)?,
            self.read(a, reading)?,
            self.read(b, reading)?,
            reading.missing()
        ))
    }

    /// `default(x, fallback)`: the fallback is evaluated only when `x` is not computable.
    fn default_call(&mut self, x: &Code, fallback: &Code, reading: Reading) -> R {
        Ok(format!(
            "match {} {{ Value::Missing => {}, v => {} }}",
            self.val(x)?,
            self.read(fallback, reading)?,
            reading.of_value("v")
        ))
    }

    /// An expression of type `Option<Decimal>`: the value as a number, as the node reads it.
    fn num(&mut self, code: &Code) -> R {
        Ok(match code {
            Code::Const(v) => v.as_num().map_or_else(|| "None".into(), |d| format!("Some({})", decimal(d))),
            Code::Amount(d, unit) => format!("{}.convert({}, q.unit)", unit_name(*unit), decimal(*d)),
            Code::Let(i) if self.is_truth_let(*i) => "None::<Decimal>".into(),
            Code::Let(i) => format!("l{i}.as_num()"),
            Code::Path(..) => match self.hoisted(code) {
                Some(local) => format!("super::number_of({local}, &n{local})"),
                None => format!("{}.number()", self.place(code)?),
            },
            Code::Arith(op, a, b) if eval::numeric(code) => {
                let method = match op {
                    Arith::Add => "checked_add",
                    Arith::Sub => "checked_sub",
                    Arith::Mul => "checked_mul",
                    Arith::Div => "checked_div",
                };
                format!(
                    "{{ let x = {}; let y = {}; match (x, y) {{ (Some(x), Some(y)) => x.{method}(y), _ => None }} }}",
                    self.num(a)?,
                    self.num(b)?
                )
            }
            Code::Call(Func::If, args) if args.len() == 3 => {
                self.if_call(&args[0], &args[1], &args[2], Reading::Number)?
            }
            Code::Call(Func::Default, args) if args.len() == 2 => {
                self.default_call(&args[0], &args[1], Reading::Number)?
            }
            Code::Call(Func::Abs, args) if args.len() == 1 => {
                format!("{}.map(|d| d.abs())", self.num(&args[0])?)
            }
            _ => format!("{}.as_num()", self.val(code)?),
        })
    }

    /// An expression of type `Place<'a>`: the report node a path names, or a value.
    fn place(&mut self, code: &Code) -> R {
        let Code::Path(base, steps) = code else {
            return Ok(format!("Place::Value({})", self.val(code)?));
        };
        if steps.contains(&Step::All) {
            return Ok("{ q.give_up(); Place::Value(Value::Missing) }".into());
        }
        let chain = |start: &str| {
            let mut at = format!("{{ let j = {start}; ");
            for step in steps {
                match step {
                    Step::Field(name) => at.push_str(&format!("let j = q.field(j, {name:?}); ")),
                    Step::Index(i) => at.push_str(&format!("let j = q.index(j, {i}); ")),
                    Step::All => {}
                }
            }
            at.push_str("Place::of(j) }");
            at
        };
        let has_steps = !steps.is_empty();
        if let Some(local) = self.hoisted(code) {
            return Ok(format!("Place::of({local})"));
        }
        Ok(match &**base {
            Code::Subject => chain("Some(q.subject)"),
            Code::Root => chain("Some(q.root)"),
            Code::Bound(i) => {
                format!(
                    "match q.base(b{i}, {has_steps}) {{ Place::Json(j) => {}, other => other }}",
                    chain("Some(j)")
                )
            }
            other => {
                let v = self.val(other)?;
                format!(
                    "{{ let v = {v}; match q.base(&v, {has_steps}) {{ Place::Json(j) => {}, other => other }} }}",
                    chain("Some(j)")
                )
            }
        })
    }

    /// An expression of type `Cow<'_, Value<'a>>`: the value lent where it is kept.
    fn cow(&mut self, code: &Code) -> R {
        Ok(match code {
            Code::Let(i) if self.is_truth_let(*i) => {
                format!("Cow::<Value<'a>>::Owned(ops::from_truth(l{i}))")
            }
            Code::Let(i) => format!("Cow::<Value<'a>>::Borrowed(&l{i})"),
            Code::Param(i) => format!("Cow::<Value<'a>>::Borrowed(q.param({i}))"),
            Code::Bound(i) => format!("Cow::<Value<'a>>::Borrowed(b{i})"),
            Code::Const(Value::List(items)) => {
                format!("Cow::<Value<'a>>::Borrowed(&*{})", self.list_static(items)?)
            }
            _ => format!("Cow::<Value<'a>>::Owned({})", self.val(code)?),
        })
    }

    fn fold(&mut self, func: Func, binder: &BinderCode) -> R {
        let slot = binder.slot;
        let list = self.cow(&binder.list)?;
        let inner = binder.cond.as_ref().map_or(0, nodes) + binder.map.as_ref().map_or(0, nodes);
        let selected = match &binder.cond {
            Some(c) => self.truth(c)?,
            None => "Some(true)".into(),
        };
        Ok(match func {
            Func::Any | Func::All => {
                let is_all = func == Func::All;
                let element = match &binder.map {
                    None => selected,
                    Some(map) => {
                        let t = self.truth(map)?;
                        let combine = if is_all { "ops::or(s.map(|s| !s), t)" } else { "ops::and(s, t)" };
                        format!(
                            "{{ let s = {selected}; if s == Some(false) {{ Some({is_all}) }} else {{ let t = {t}; {combine} }} }}"
                        )
                    }
                };
                format!(
                    "{{ let list = {list}; q.any_all(&list, {is_all}, {inner}, |q: &mut Q<'_, 'a>, b{slot}: &Value<'a>| {element}) }}"
                )
            }
            Func::Count | Func::Sum | Func::Min | Func::Max => {
                let value = match (&binder.map, func) {
                    (_, Func::Count) => "Value::Missing".into(),
                    (Some(map), _) => self.val(map)?,
                    (None, _) => format!("b{slot}.clone()"),
                };
                format!(
                    "{{ let list = {list}; q.gather(&list, Func::{func:?}, {inner}, |q: &mut Q<'_, 'a>, b{slot}: &Value<'a>| match {selected} {{ None => None, Some(false) => Some(None), Some(true) => Some(Some({value})) }}) }}"
                )
            }
            _ => return Err(Unsupported("fold")),
        })
    }

    fn literal(&mut self, v: &Value) -> R {
        Ok(match v {
            Value::Missing => "Value::Missing".into(),
            Value::Bool(b) => format!("Value::Bool({b})"),
            Value::Num(d) => format!("Value::Num({})", decimal(*d)),
            Value::Text(t) => format!("Value::Text(Cow::Borrowed({:?}))", t.as_ref()),
            Value::List(items) => format!("(*{}).clone()", self.list_static(items)?),
            Value::Json(_) => return Err(Unsupported("report value in a literal")),
        })
    }

    /// A list literal, made once per run.
    fn list_static(&mut self, items: &[Value]) -> R {
        let items = items.iter().map(|v| self.literal(v)).collect::<Result<Vec<_>, _>>()?;
        let name = format!("K{}_{}", self.rule, self.lists);
        self.lists += 1;
        let _ = writeln!(
            self.statics,
            "static {name}: LazyLock<Value<'static>> = LazyLock::new(|| Value::List(std::sync::Arc::from(vec![{}])));",
            items.join(", ")
        );
        Ok(name)
    }
}

/// How a parent reads a child, as the interpreter's `Node` methods do.
#[derive(Clone, Copy)]
enum Reading {
    /// `Value<'a>`.
    Value,
    /// `Option<bool>`.
    Truth,
    /// `Option<Decimal>`.
    Number,
}

impl Reading {
    /// What a value that is not computable reads as.
    fn missing(self) -> &'static str {
        match self {
            Reading::Value => "Value::Missing",
            Reading::Truth | Reading::Number => "None",
        }
    }

    /// The local `value` (a `Value<'a>`) read this way.
    fn of_value(self, value: &str) -> String {
        match self {
            Reading::Value => value.to_string(),
            Reading::Truth => format!("ops::truth(&{value})"),
            Reading::Number => format!("{value}.as_num()"),
        }
    }
}

/// An upper bound of the nodes the interpreter evaluates for `code` once, outside the bodies
/// of its binding forms (counted for each element): every node may spend a unit for itself and
/// its base (paths) and for lending a value.
fn nodes(code: &Code) -> u64 {
    let mut count: u64 = 0;
    let mut stack = vec![code];
    while let Some(c) = stack.pop() {
        count += 3;
        match c {
            Code::Fold(_, binder) => stack.push(&binder.list),
            other => other.push_children(&mut stack),
        }
    }
    count
}

/// The operand compared with a literal text that is not a numeral, and that text.
fn plain_text_operand<'c>(a: &'c Code, b: &'c Code) -> Option<(&'c Code, &'c str)> {
    let plain = |c: &'c Code| match c {
        Code::Const(Value::Text(t)) if super::value::parse_numeral(t).is_none() => Some(t.as_ref()),
        _ => None,
    };
    match (plain(a), plain(b)) {
        (_, Some(text)) => Some((a, text)),
        (Some(text), None) => Some((b, text)),
        (None, None) => None,
    }
}

/// Whether `code`'s value is always a truth value or missing (`ops::from_truth` of a condition).
fn is_condition(code: &Code) -> bool {
    matches!(
        code,
        Code::Not(_) | Code::And(..) | Code::Or(..) | Code::Cmp(..) | Code::In { .. } | Code::Fired(_)
    ) || matches!(code, Code::Call(Func::Exists | Func::IsNumber | Func::IsText, args) if args.len() == 1)
        || matches!(code, Code::Fold(Func::Any | Func::All, _))
}

/// The largest weight (`eval::weight`) of a literal in `code`: literals are paid for like any
/// value.
fn heaviest_literal(code: &Code) -> u64 {
    let mut heaviest = 0;
    super::native::walk(code, &mut |c, _| {
        if let Code::Const(v) = c {
            heaviest = heaviest.max(u64::try_from(eval::weight(v)).unwrap_or(u64::MAX));
            if let Value::List(items) = v {
                for item in items.iter() {
                    heaviest = heaviest.max(u64::try_from(eval::weight(item)).unwrap_or(u64::MAX));
                }
            }
        }
    });
    heaviest
}

fn decimal(d: rust_decimal::Decimal) -> String {
    format!("Decimal::deserialize({:?})", d.serialize())
}

fn unit_name(unit: AmountUnit) -> &'static str {
    match unit {
        AmountUnit::Yuan => "AmountUnit::Yuan",
        AmountUnit::WanYuan => "AmountUnit::WanYuan",
        AmountUnit::YiYuan => "AmountUnit::YiYuan",
    }
}

#[cfg(test)]
mod tests {
    use super::{RuleExprs, generate};
    use crate::rules::{self, LoadOptions};

    const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/rules/expr/native_pack.rs");

    /// The generated passes are the built-in rules' current expressions. `JIXIAO_WRITE_NATIVE=1`
    /// rewrites the file instead of comparing it.
    #[test]
    fn native_pack_is_current() {
        let set = rules::load(&LoadOptions { builtin: true, ..LoadOptions::default() })
            .expect("the built-in pack loads");
        let exprs: Vec<RuleExprs<'_>> = set
            .rules
            .iter()
            .map(|r| RuleExprs { id: &r.id, lets: &r.lets, when: r.when.as_ref(), assert: &r.assert })
            .collect();
        let text = generate(&exprs);
        if std::env::var_os("JIXIAO_WRITE_NATIVE").is_some_and(|v| v == "1") {
            std::fs::write(PATH, &text).expect("native_pack.rs is written");
            return;
        }
        let current = std::fs::read_to_string(PATH).unwrap_or_default();
        assert!(
            current == text,
            "src/rules/expr/native_pack.rs is not what the built-in rules generate: rewrite it with \
             `JIXIAO_WRITE_NATIVE=1 cargo test --lib native_pack_is_current`"
        );
    }
}
