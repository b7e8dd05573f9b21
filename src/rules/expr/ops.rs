//! The meaning of the operators: exact arithmetic, comparison with numeric-text coercion,
//! membership, and three-valued (Kleene) logic. `None` / [`Value::Missing`] is "not computable".

use super::ir::{Arith, Cmp};
use super::value::Value;
use serde_json::Value as Json;
use std::borrow::Cow;
use std::cmp::Ordering;

/// Deepest nesting of lists compared element by element; deeper structures are not computable,
/// which keeps the recursion bounded whatever the report holds.
const MAX_COMPARE_DEPTH: usize = 64;

/// A value as a truth value: only booleans are; anything else is unknown.
pub(crate) fn truth(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        _ => None,
    }
}

pub(crate) fn from_truth<'a>(t: Option<bool>) -> Value<'a> {
    t.map_or(Value::Missing, Value::Bool)
}

/// Kleene `and`: false wins over unknown.
pub(crate) fn and(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (Some(false), _) | (_, Some(false)) => Some(false),
        (Some(true), Some(true)) => Some(true),
        _ => None,
    }
}

/// Kleene `or`: true wins over unknown.
pub(crate) fn or(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        _ => None,
    }
}

/// `+ - * /` on exact decimals. `+` on two texts joins them. Overflow, division by zero and
/// operands that are not numbers (or numeral texts) are not computable.
pub(crate) fn arith<'a>(op: Arith, a: &Value<'a>, b: &Value<'a>) -> Value<'a> {
    if op == Arith::Add
        && let (Value::Text(x), Value::Text(y)) = (a, b)
    {
        let mut joined = String::with_capacity(x.len() + y.len());
        joined.push_str(x);
        joined.push_str(y);
        return Value::Text(Cow::Owned(joined));
    }
    let (Some(x), Some(y)) = (a.as_num(), b.as_num()) else {
        return Value::Missing;
    };
    let result = match op {
        Arith::Add => x.checked_add(y),
        Arith::Sub => x.checked_sub(y),
        Arith::Mul => x.checked_mul(y),
        // checked_div is None for a zero divisor as well as for overflow.
        Arith::Div => x.checked_div(y),
    };
    result.map_or(Value::Missing, Value::Num)
}

pub(crate) fn neg<'a>(v: &Value<'a>) -> Value<'a> {
    // A decimal's range is symmetric, so negation cannot overflow.
    v.as_num().map_or(Value::Missing, |d| Value::Num(-d))
}

/// Applies a comparison operator.
pub(crate) fn compare(op: Cmp, a: &Value, b: &Value) -> Option<bool> {
    match op {
        Cmp::Eq => equals(a, b),
        Cmp::Ne => equals(a, b).map(|e| !e),
        Cmp::Lt => order(a, b).map(Ordering::is_lt),
        Cmp::Le => order(a, b).map(Ordering::is_le),
        Cmp::Gt => order(a, b).map(Ordering::is_gt),
        Cmp::Ge => order(a, b).map(Ordering::is_ge),
    }
}

/// Ordering: numbers (and numeral texts) by value; anything else is not comparable.
pub(crate) fn order(a: &Value, b: &Value) -> Option<Ordering> {
    Some(a.as_num()?.cmp(&b.as_num()?))
}

/// Equality. Numbers compare by value (`2500 == 2500.00`), also against numeral texts; two
/// texts that are not both numerals compare as texts; booleans with booleans; lists element by
/// element. Any other pairing is a type mismatch and not computable.
pub(crate) fn equals(a: &Value, b: &Value) -> Option<bool> {
    equals_at(a, b, 0)
}

fn equals_at(a: &Value, b: &Value, depth: usize) -> Option<bool> {
    if depth > MAX_COMPARE_DEPTH {
        return None;
    }
    match (a, b) {
        (Value::Missing, _) | (_, Value::Missing) => None,
        (Value::Bool(x), Value::Bool(y)) => Some(x == y),
        // The same text is equal whether or not it is a numeral; only different texts need
        // reading as numbers (`"90" == "90.0"`), which most texts compared (units, comparators,
        // names) are not.
        (Value::Text(x), Value::Text(y)) if x == y => Some(true),
        (Value::Text(_), Value::Text(_)) => match (a.as_num(), b.as_num()) {
            (Some(m), Some(n)) => Some(m == n),
            _ => Some(false),
        },
        (Value::Num(_), _) | (_, Value::Num(_)) => Some(a.as_num()? == b.as_num()?),
        _ => {
            let (xs, ys) = (a.elements()?, b.elements()?);
            if xs.len() != ys.len() {
                return Some(false);
            }
            let mut all = Some(true);
            for (x, y) in xs.iter().zip(ys.iter()) {
                all = and(all, equals_at(x, y, depth + 1));
                if all == Some(false) {
                    break;
                }
            }
            all
        }
    }
}

/// `v == text` for a `text` that is not a numeral, as [`equals`] answers it without reading
/// numbers: two texts compare as texts, and nothing else is comparable with such a text. The
/// quick pass (`native`) compares with literal texts this way.
#[inline]
pub(crate) fn equals_plain_text(v: &Value, text: &str) -> Option<bool> {
    match v {
        Value::Text(t) => Some(t.as_ref() == text),
        _ => None,
    }
}

/// `item in list`: Kleene "or" of `item == element` over the list's elements, read in place.
pub(crate) fn member(item: &Value, list: &Value) -> Option<bool> {
    if item.is_missing() {
        return None;
    }
    // A text that is not a numeral equals another text exactly when the two are the same
    // string (`equals` compares texts by value only when both are numerals); knowing that once
    // spares reading every element as a number.
    let plain_text = match item {
        Value::Text(t) if item.as_num().is_none() => Some(t.as_ref()),
        _ => None,
    };
    let mut any = Some(false);
    let mut test = |element: &Value| {
        let equal = match (plain_text, element) {
            (Some(text), Value::Text(other)) => Some(text == other.as_ref()),
            _ => equals(item, element),
        };
        any = or(any, equal);
        any == Some(true)
    };
    match list {
        Value::List(items) => {
            for element in items.iter() {
                if test(element) {
                    break;
                }
            }
        }
        Value::Json(Json::Array(items)) => {
            for element in items {
                if test(&Value::from_json(element)) {
                    break;
                }
            }
        }
        _ => return None,
    }
    any
}
