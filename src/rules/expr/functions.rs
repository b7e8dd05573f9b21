//! The built-in functions: their names, signatures (for load-time checking) and the
//! implementations of those that only need their evaluated arguments. Functions that must not
//! evaluate every argument (`if`, `default`), need compiled data (`matches`, `fired`) or bind a
//! variable (the binding forms of `count` …) are evaluated in `eval`.

use super::Ty;
use super::ir::Cmp;
use super::ops;
use super::value::{AmountUnit, Value, pow10_decimal};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use std::borrow::Cow;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Func {
    Exists,
    Default,
    IsNumber,
    IsText,
    Len,
    Count,
    Any,
    All,
    Sum,
    Min,
    Max,
    Abs,
    Round,
    Pow10,
    Precision,
    Matches,
    Find,
    Contains,
    StartsWith,
    EndsWith,
    Trim,
    TrimSuffix,
    Compare,
    If,
    Fired,
    Pct,
    Amount,
}

pub(crate) const FUNCTIONS: &[(&str, Func)] = &[
    ("exists", Func::Exists),
    ("default", Func::Default),
    ("is_number", Func::IsNumber),
    ("is_text", Func::IsText),
    ("len", Func::Len),
    ("count", Func::Count),
    ("any", Func::Any),
    ("all", Func::All),
    ("sum", Func::Sum),
    ("min", Func::Min),
    ("max", Func::Max),
    ("abs", Func::Abs),
    ("round", Func::Round),
    ("pow10", Func::Pow10),
    ("precision", Func::Precision),
    ("matches", Func::Matches),
    ("find", Func::Find),
    ("contains", Func::Contains),
    ("starts_with", Func::StartsWith),
    ("ends_with", Func::EndsWith),
    ("trim", Func::Trim),
    ("trim_suffix", Func::TrimSuffix),
    ("compare", Func::Compare),
    ("if", Func::If),
    ("fired", Func::Fired),
    ("pct", Func::Pct),
    ("amount", Func::Amount),
];

/// What a parameter accepts, for load-time checking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Want {
    Any,
    Num,
    Text,
    Bool,
    List,
    TextOrList,
    /// A list, or a single number (`min(x)`).
    ListOrNum,
}

impl Want {
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Want::Any => "任意值（any value）",
            Want::Num => "数值（number）",
            Want::Text => "文本（text）",
            Want::Bool => "布尔值（boolean）",
            Want::List => "列表（list）",
            Want::TextOrList => "文本或列表（text or list）",
            Want::ListOrNum => "列表或数值（list or number）",
        }
    }
}

impl Func {
    pub(crate) fn lookup(name: &str) -> Option<Func> {
        FUNCTIONS.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
    }

    pub(crate) fn name(self) -> &'static str {
        FUNCTIONS.iter().find(|(_, f)| *f == self).map_or("?", |(n, _)| n)
    }

    /// How the function is called, for help texts.
    pub(crate) fn usage(self) -> &'static str {
        match self {
            Func::Exists => "exists(x)",
            Func::Default => "default(x, fallback)",
            Func::IsNumber => "is_number(x)",
            Func::IsText => "is_text(x)",
            Func::Len => "len(x)",
            Func::Count => "count(list) 或 count(v in list where cond)",
            Func::Any => "any(v in list where cond)",
            Func::All => "all(v in list where cond)",
            Func::Sum => "sum(list) 或 sum(expr for v in list where cond)",
            Func::Min => "min(a, b, …) 或 min(list)",
            Func::Max => "max(a, b, …) 或 max(list)",
            Func::Abs => "abs(x)",
            Func::Round => "round(x, n)",
            Func::Pow10 => "pow10(n)",
            Func::Precision => "precision(x)",
            Func::Matches => "matches(text, \"regex\")",
            Func::Find => "find(text, \"regex\")",
            Func::Contains => "contains(text, part) 或 contains(list, x)",
            Func::StartsWith => "starts_with(text, prefix)",
            Func::EndsWith => "ends_with(text, suffix)",
            Func::Trim => "trim(text)",
            Func::TrimSuffix => "trim_suffix(text, suffix)",
            Func::Compare => "compare(a, op, b)",
            Func::If => "if(cond, a, b)",
            Func::Fired => "fired(\"rule-id\")",
            Func::Pct => "pct(x) 或 pct(x, n)",
            Func::Amount => "amount(x)",
        }
    }

    /// Least and greatest number of arguments (`None`: no upper bound).
    pub(crate) fn arity(self) -> (usize, Option<usize>) {
        match self {
            Func::Min | Func::Max => (1, None),
            Func::Pct => (1, Some(2)),
            Func::Compare | Func::If => (3, Some(3)),
            Func::Default
            | Func::Round
            | Func::Matches
            | Func::Find
            | Func::Contains
            | Func::StartsWith
            | Func::EndsWith
            | Func::TrimSuffix => (2, Some(2)),
            _ => (1, Some(1)),
        }
    }

    /// Whether the function takes a binding form (`v in list where …`, `… for v in list`).
    pub(crate) fn folds(self) -> bool {
        matches!(self, Func::Count | Func::Any | Func::All | Func::Sum | Func::Min | Func::Max)
    }

    /// What argument `i` of a call with `n` arguments accepts.
    pub(crate) fn want(self, i: usize, n: usize) -> Want {
        match (self, i) {
            (Func::Len, _) => Want::TextOrList,
            (Func::Count | Func::Any | Func::All | Func::Sum, _) => Want::List,
            (Func::Min | Func::Max, _) if n == 1 => Want::ListOrNum,
            (Func::Min | Func::Max, _) => Want::Num,
            (Func::Abs | Func::Round | Func::Pow10 | Func::Precision | Func::Pct | Func::Amount, _) => {
                Want::Num
            }
            (
                Func::Matches
                | Func::Find
                | Func::StartsWith
                | Func::EndsWith
                | Func::Trim
                | Func::TrimSuffix,
                _,
            ) => Want::Text,
            (Func::Contains, 0) => Want::TextOrList,
            (Func::Compare, 1) => Want::Text,
            (Func::If, 0) => Want::Bool,
            (Func::Fired, _) => Want::Text,
            _ => Want::Any,
        }
    }

    /// The result type, given the argument types.
    pub(crate) fn returns(self, args: &[Ty]) -> Ty {
        let arg = |i: usize| args.get(i).copied().unwrap_or(Ty::Any);
        match self {
            Func::Default => Ty::unify(arg(0), arg(1)),
            Func::If => Ty::unify(arg(1), arg(2)),
            Func::Exists
            | Func::IsNumber
            | Func::IsText
            | Func::Any
            | Func::All
            | Func::Matches
            | Func::Contains
            | Func::StartsWith
            | Func::EndsWith
            | Func::Compare
            | Func::Fired => Ty::Bool,
            Func::Len
            | Func::Count
            | Func::Sum
            | Func::Min
            | Func::Max
            | Func::Abs
            | Func::Round
            | Func::Pow10
            | Func::Precision => Ty::Num,
            Func::Find | Func::Trim | Func::TrimSuffix | Func::Pct | Func::Amount => Ty::Text,
        }
    }
}

/// Rounds to `n` decimals, half away from zero (四舍五入), and pads to exactly `n` decimals so
/// that the result prints the way the report should have printed it (`round(96.2, 2)` is 96.20).
pub(crate) fn round_to(d: Decimal, n: u32) -> Decimal {
    let mut r = d.round_dp_with_strategy(n, RoundingStrategy::MidpointAwayFromZero);
    if r.scale() < n {
        // Raising the scale keeps the value; it stops early only when the digits do not fit.
        r.rescale(n);
    }
    r
}

/// An integer argument within `range`.
pub(crate) fn int_arg(v: &Value, range: std::ops::RangeInclusive<i64>) -> Option<i64> {
    let d = v.as_num()?;
    if !d.is_integer() {
        return None;
    }
    d.to_i64().filter(|n| range.contains(n))
}

/// The number of decimals `round`/`pct` accept.
pub(crate) const MAX_DECIMALS: i64 = 28;

/// Calls a function whose arguments are all evaluated. `count`/`any`/`all`/`sum`/`min`/`max`
/// here take a list (or, for `min`/`max`, several numbers).
///
/// The arguments are lent, so that the caller can keep them where they are; the functions that
/// return an argument (`trim`, `trim_suffix`, `min`/`max` of a list) take it out.
pub(crate) fn apply<'a>(func: Func, args: &mut [Value<'a>], unit: AmountUnit) -> Value<'a> {
    fn take<'a>(args: &mut [Value<'a>], i: usize) -> Value<'a> {
        args.get_mut(i).map_or(Value::Missing, std::mem::take)
    }
    fn get<'s, 'a>(args: &'s [Value<'a>], i: usize) -> &'s Value<'a> {
        args.get(i).unwrap_or(&Value::Missing)
    }
    match func {
        Func::Exists => Value::Bool(!get(args, 0).is_missing()),
        Func::IsNumber => Value::Bool(matches!(get(args, 0), Value::Num(_))),
        Func::IsText => Value::Bool(matches!(get(args, 0), Value::Text(_))),
        Func::Len => match get(args, 0) {
            Value::Text(t) => Value::Num(Decimal::from(t.chars().count())),
            list => list.element_count().map_or(Value::Missing, |n| Value::Num(Decimal::from(n))),
        },
        Func::Count => get(args, 0).element_count().map_or(Value::Missing, |n| Value::Num(Decimal::from(n))),
        Func::Any | Func::All | Func::Sum => fold_list(func, get(args, 0)),
        Func::Min | Func::Max if args.len() == 1 && get(args, 0).element_count().is_some() => {
            fold_list(func, get(args, 0))
        }
        Func::Min | Func::Max => fold(func, args),
        Func::Abs => get(args, 0).as_num().map_or(Value::Missing, |d| Value::Num(d.abs())),
        Func::Round => match (get(args, 0).as_num(), int_arg(get(args, 1), 0..=MAX_DECIMALS)) {
            (Some(d), Some(n)) => u32::try_from(n).map_or(Value::Missing, |n| Value::Num(round_to(d, n))),
            _ => Value::Missing,
        },
        Func::Pow10 => {
            int_arg(get(args, 0), -28..=28).and_then(pow10_decimal).map_or(Value::Missing, Value::Num)
        }
        Func::Precision => {
            get(args, 0).as_num().map_or(Value::Missing, |d| Value::Num(Decimal::from(d.scale())))
        }
        Func::Contains | Func::StartsWith | Func::EndsWith => text_relation(func, get(args, 0), get(args, 1)),
        Func::Trim => match take(args, 0) {
            Value::Text(t) => Value::Text(super::value::trim_text(t)),
            _ => Value::Missing,
        },
        Func::TrimSuffix => match (take(args, 0), get(args, 1)) {
            (Value::Text(text), Value::Text(suffix)) => match text {
                Cow::Borrowed(t) => Value::Text(Cow::Borrowed(t.strip_suffix(suffix.as_ref()).unwrap_or(t))),
                Cow::Owned(t) => {
                    Value::Text(Cow::Owned(t.strip_suffix(suffix.as_ref()).unwrap_or(&t).to_string()))
                }
            },
            _ => Value::Missing,
        },
        Func::Compare => compare(get(args, 0), get(args, 1), get(args, 2)),
        Func::Pct => pct(get(args, 0), args.get(1)),
        Func::Amount => match get(args, 0).as_num() {
            Some(d) => Value::Text(Cow::Owned(format!("{d}{}", unit.name()))),
            None => Value::Missing,
        },
        // Evaluated lazily or with compiled data in `eval`; reaching here means no value.
        Func::Default | Func::If | Func::Matches | Func::Find | Func::Fired => Value::Missing,
    }
}

/// `contains(text, part)` or `contains(list, x)`, `starts_with(text, prefix)`,
/// `ends_with(text, suffix)`.
pub(crate) fn text_relation<'a>(func: Func, text: &Value<'a>, part: &Value<'a>) -> Value<'a> {
    match (func, text, part) {
        (Func::Contains, Value::Text(t), Value::Text(p)) => Value::Bool(t.contains(p.as_ref())),
        (Func::StartsWith, Value::Text(t), Value::Text(p)) => Value::Bool(t.starts_with(p.as_ref())),
        (Func::EndsWith, Value::Text(t), Value::Text(s)) => Value::Bool(t.ends_with(s.as_ref())),
        (Func::Contains, Value::Text(_), _) | (Func::StartsWith | Func::EndsWith, ..) => Value::Missing,
        (_, list, item) => ops::from_truth(ops::member(item, list)),
    }
}

/// `compare(a, op, b)`: `op` is a comparator written as text (`"≥"`, `">="`, …).
pub(crate) fn compare<'a>(a: &Value<'a>, op: &Value<'a>, b: &Value<'a>) -> Value<'a> {
    match op.as_text().and_then(Cmp::from_text) {
        Some(op) => ops::from_truth(ops::compare(op, a, b)),
        None => Value::Missing,
    }
}

/// `pct(x)`: the ratio as a percentage with the digits it has; `pct(x, n)`: with `n` decimals.
fn pct<'a>(x: &Value<'a>, n: Option<&Value<'a>>) -> Value<'a> {
    let Some(percent) = x.as_num().and_then(|d| d.checked_mul(Decimal::ONE_HUNDRED)) else {
        return Value::Missing;
    };
    let shown = match n {
        None => percent.normalize(),
        Some(n) => match int_arg(n, 0..=MAX_DECIMALS).and_then(|n| u32::try_from(n).ok()) {
            Some(n) => round_to(percent, n),
            None => return Value::Missing,
        },
    };
    Value::Text(Cow::Owned(format!("{shown}%")))
}

/// `any`/`all`/`sum`/`min`/`max` over the given elements (`count` needs no values).
/// [`fold`] over the elements of a list or report array; not computable for anything else.
fn fold_list<'a>(func: Func, list: &Value<'a>) -> Value<'a> {
    list.elements().map_or(Value::Missing, |items| fold(func, &items))
}

pub(crate) fn fold<'a>(func: Func, items: &[Value<'a>]) -> Value<'a> {
    match func {
        Func::Count => Value::Num(Decimal::from(items.len())),
        Func::Any => {
            let mut acc = Some(false);
            for item in items {
                acc = ops::or(acc, ops::truth(item));
                if acc == Some(true) {
                    break;
                }
            }
            ops::from_truth(acc)
        }
        Func::All => {
            let mut acc = Some(true);
            for item in items {
                acc = ops::and(acc, ops::truth(item));
                if acc == Some(false) {
                    break;
                }
            }
            ops::from_truth(acc)
        }
        Func::Sum => {
            let mut total = Decimal::ZERO;
            for item in items {
                match item.as_num().and_then(|d| total.checked_add(d)) {
                    Some(t) => total = t,
                    None => return Value::Missing,
                }
            }
            Value::Num(total)
        }
        Func::Min | Func::Max => {
            let mut best: Option<Decimal> = None;
            for item in items {
                let d = match item.as_num() {
                    Some(d) => d,
                    None => return Value::Missing,
                };
                best = Some(match best {
                    None => d,
                    Some(b) if (func == Func::Min && d < b) || (func == Func::Max && d > b) => d,
                    Some(b) => b,
                });
            }
            best.map_or(Value::Missing, Value::Num)
        }
        _ => Value::Missing,
    }
}
