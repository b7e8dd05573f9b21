//! Generated from the built-in rules by `native_gen` (the test `native_pack_is_current`
//! rewrites it with `JIXIAO_WRITE_NATIVE=1`): do not edit. See `native`.

use super::super::functions::{self, Func};
use super::super::ir::{Arith, Cmp};
use super::super::ops;
use super::super::value::{AmountUnit, Value, trim_text};
use super::{Place, Q, lend};
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::sync::LazyLock;

/// `budget-adjustment-large`
fn r0<'a>(q: &mut Q<'_, 'a>) -> bool {
    let s0: Option<&'a serde_json::Value> = q.field(Some(q.subject), "initial");
    let ns0: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(12);
    let when = { let x = super::number_of(s0, &ns0); let y = Some(Decimal::deserialize([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => Some(x > y), _ => None } };
    if when != Some(true) {
        return q.sure();
    }
    let s1: Option<&'a serde_json::Value> = q.field(Some(q.subject), "adjusted");
    let ns1: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s2: Option<&'a serde_json::Value> = q.field(Some(q.subject), "adjustments");
    let ns2: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(27);
    let l0: Value<'a> = { let x = { let x = super::number_of(s1, &ns1); let y = super::number_of(s0, &ns0); match (x, y) { (Some(x), Some(y)) => x.checked_sub(y), _ => None } }.map(|d| d.abs()); let y = super::number_of(s0, &ns0); match (x, y) { (Some(x), Some(y)) => x.checked_div(y), _ => None } }.map_or(Value::Missing, Value::Num);
    q.see(&l0);
    q.count(9);
    let l1: Value<'a> = { let list = Cow::<Value<'a>>::Owned(Place::of(s2).value()); q.gather(&list, Func::Sum, 9, |q: &mut Q<'_, 'a>, b0: &Value<'a>| match Some(true) { None => None, Some(false) => Some(None), Some(true) => Some(Some(match q.base(b0, true) { Place::Json(j) => { let j = Some(j); let j = q.field(j, "amount"); Place::of(j) }, other => other }.number().map(|d| d.abs()).map_or(Value::Missing, Value::Num))) }) };
    q.see(&l1);
    q.count(12);
    let l2: Value<'a> = { let x = l1.as_num(); let y = super::number_of(s0, &ns0); match (x, y) { (Some(x), Some(y)) => x.checked_div(y), _ => None } }.map_or(Value::Missing, Value::Num);
    q.see(&l2);
    q.count(21);
    let holds = { let x = { let x = l0.as_num(); let y = lend(q.param(4)).as_num(); match (x, y) { (Some(x), Some(y)) => Some(x <= y), _ => None } }; if x == Some(false) { Some(false) } else { ops::and(x, { let x = l2.as_num(); let y = lend(q.param(4)).as_num(); match (x, y) { (Some(x), Some(y)) => Some(x <= y), _ => None } }) } };
    holds != Some(false) && q.sure()
}

/// `budget-adjustment-unexplained`
fn r1<'a>(q: &mut Q<'_, 'a>) -> bool {
    let s0: Option<&'a serde_json::Value> = q.field(Some(q.subject), "initial");
    let ns0: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s1: Option<&'a serde_json::Value> = q.field(Some(q.subject), "adjusted");
    let ns1: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(15);
    let when = ops::compare(Cmp::Ne, &Cow::<Value<'a>>::Owned(Place::of(s0).value()), &Cow::<Value<'a>>::Owned(Place::of(s1).value()));
    if when != Some(true) {
        return q.sure();
    }
    let s2: Option<&'a serde_json::Value> = q.field(Some(q.subject), "adjustments");
    let ns2: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(15);
    let holds = ops::truth(&{ let list = Cow::<Value<'a>>::Owned(match Place::of(s2).value() { Value::Missing => (*K1_0).clone(), v => v }); q.any_all(&list, false, 30, |q: &mut Q<'_, 'a>, b0: &Value<'a>| { let x = Some(match q.base(b0, true) { Place::Json(j) => { let j = Some(j); let j = q.field(j, "reason"); Place::of(j) }, other => other }.test(Func::Exists)); if x == Some(false) { Some(false) } else { ops::and(x, { let x = match match match q.base(b0, true) { Place::Json(j) => { let j = Some(j); let j = q.field(j, "reason"); Place::of(j) }, other => other }.value() { Value::Text(t) => Value::Text(trim_text(t)), _ => Value::Missing } { Value::Text(t) => Value::Num(t.chars().count().into()), list => list.element_count().map_or(Value::Missing, |n| Value::Num(n.into())) }.as_num(); let y = Some(Decimal::deserialize([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => Some(x > y), _ => None } }) } }) });
    holds != Some(false) && q.sure()
}

/// `budget-amount-negative`
fn r2<'a>(q: &mut Q<'_, 'a>) -> bool {
    q.count(9);
    let holds = { let x = Value::from_json(q.subject).as_num(); let y = Some(Decimal::deserialize([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => Some(x >= y), _ => None } };
    holds != Some(false) && q.sure()
}

/// `executed-exceeds-budget`
fn r3<'a>(q: &mut Q<'_, 'a>) -> bool {
    let s0: Option<&'a serde_json::Value> = q.field(Some(q.subject), "adjusted");
    let ns0: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s1: Option<&'a serde_json::Value> = q.field(Some(q.subject), "executed");
    let ns1: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(27);
    let when = { let x = { let x = super::number_of(s0, &ns0); let y = Some(Decimal::deserialize([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => Some(x >= y), _ => None } }; if x == Some(false) { Some(false) } else { ops::and(x, { let x = super::number_of(s1, &ns1); let y = Some(Decimal::deserialize([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => Some(x >= y), _ => None } }) } };
    if when != Some(true) {
        return q.sure();
    }
    q.count(15);
    let holds = { let x = super::number_of(s1, &ns1); let y = super::number_of(s0, &ns0); match (x, y) { (Some(x), Some(y)) => Some(x <= y), _ => None } };
    holds != Some(false) && q.sure()
}

/// `execution-rate-low`
fn r4<'a>(q: &mut Q<'_, 'a>) -> bool {
    let s0: Option<&'a serde_json::Value> = q.field(Some(q.subject), "adjusted");
    let ns0: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(18);
    let when = match ops::from_truth({ let x = super::number_of(s0, &ns0); let y = Some(Decimal::deserialize([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => Some(x != y), _ => None } }) { Value::Missing => Some(true), v => ops::truth(&v) };
    if when != Some(true) {
        return q.sure();
    }
    let s1: Option<&'a serde_json::Value> = q.field(Some(q.subject), "executed");
    let ns1: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s2: Option<&'a serde_json::Value> = q.field(Some(q.subject), "execution_rate_pct");
    let ns2: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(15);
    let l0: Value<'a> = { let x = super::number_of(s1, &ns1); let y = super::number_of(s0, &ns0); match (x, y) { (Some(x), Some(y)) => x.checked_div(y), _ => None } }.map_or(Value::Missing, Value::Num);
    q.see(&l0);
    q.count(18);
    let l1: Value<'a> = match l0.clone() { Value::Missing => { let x = super::number_of(s2, &ns2); let y = Some(Decimal::deserialize([0, 0, 0, 0, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => x.checked_div(y), _ => None } }.map_or(Value::Missing, Value::Num), v => v };
    q.see(&l1);
    q.count(9);
    let holds = { let x = l1.as_num(); let y = lend(q.param(2)).as_num(); match (x, y) { (Some(x), Some(y)) => Some(x >= y), _ => None } };
    holds != Some(false) && q.sure()
}

/// `execution-rate-mismatch`
fn r5<'a>(q: &mut Q<'_, 'a>) -> bool {
    let s0: Option<&'a serde_json::Value> = q.field(Some(q.subject), "executed");
    let ns0: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s1: Option<&'a serde_json::Value> = q.field(Some(q.subject), "adjusted");
    let ns1: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s2: Option<&'a serde_json::Value> = q.field(Some(q.subject), "execution_rate_pct");
    let ns2: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(21);
    let l0: Value<'a> = { let x = { let x = super::number_of(s0, &ns0); let y = super::number_of(s1, &ns1); match (x, y) { (Some(x), Some(y)) => x.checked_div(y), _ => None } }; let y = Some(Decimal::deserialize([0, 0, 0, 0, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => x.checked_mul(y), _ => None } }.map_or(Value::Missing, Value::Num);
    q.see(&l0);
    q.count(27);
    let l1: Value<'a> = { let mut args: [Value<'a>; 2] = [{ let v = { let x = Some(Decimal::deserialize([0, 0, 1, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); let y = { let mut args: [Value<'a>; 1] = [{ let v = ops::neg(&{ let mut args: [Value<'a>; 1] = [{ let v = Place::of(s2).value(); q.see(&v); v }]; let v = functions::apply(Func::Precision, &mut args, q.unit); q.see(&v); v }); q.see(&v); v }]; let v = functions::apply(Func::Pow10, &mut args, q.unit); q.see(&v); v }.as_num(); match (x, y) { (Some(x), Some(y)) => x.checked_mul(y), _ => None } }.map_or(Value::Missing, Value::Num); q.see(&v); v }, { let v = lend(q.param(0)); q.see(&v); v }]; let v = functions::apply(Func::Max, &mut args, q.unit); q.see(&v); v };
    q.see(&l1);
    q.count(21);
    let holds = { let x = { let x = super::number_of(s2, &ns2); let y = l0.as_num(); match (x, y) { (Some(x), Some(y)) => x.checked_sub(y), _ => None } }.map(|d| d.abs()); let y = l1.as_num(); match (x, y) { (Some(x), Some(y)) => Some(x <= y), _ => None } };
    holds != Some(false) && q.sure()
}

/// `execution-rate-wrong-base`
fn r6<'a>(q: &mut Q<'_, 'a>) -> bool {
    let s0: Option<&'a serde_json::Value> = q.field(Some(q.subject), "initial");
    let ns0: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s1: Option<&'a serde_json::Value> = q.field(Some(q.subject), "adjusted");
    let ns1: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(45);
    let when = { let x = { let x = ops::compare(Cmp::Ne, &Cow::<Value<'a>>::Owned(Place::of(s0).value()), &Cow::<Value<'a>>::Owned(Place::of(s1).value())); if x == Some(false) { Some(false) } else { ops::and(x, { let x = super::number_of(s0, &ns0); let y = Some(Decimal::deserialize([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => Some(x > y), _ => None } }) } }; if x == Some(false) { Some(false) } else { ops::and(x, { let x = super::number_of(s1, &ns1); let y = Some(Decimal::deserialize([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => Some(x > y), _ => None } }) } };
    if when != Some(true) {
        return q.sure();
    }
    let s2: Option<&'a serde_json::Value> = q.field(Some(q.subject), "executed");
    let ns2: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s3: Option<&'a serde_json::Value> = q.field(Some(q.subject), "execution_rate_pct");
    let ns3: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(21);
    let l0: Value<'a> = { let x = { let x = super::number_of(s2, &ns2); let y = super::number_of(s1, &ns1); match (x, y) { (Some(x), Some(y)) => x.checked_div(y), _ => None } }; let y = Some(Decimal::deserialize([0, 0, 0, 0, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => x.checked_mul(y), _ => None } }.map_or(Value::Missing, Value::Num);
    q.see(&l0);
    q.count(21);
    let l1: Value<'a> = { let x = { let x = super::number_of(s2, &ns2); let y = super::number_of(s0, &ns0); match (x, y) { (Some(x), Some(y)) => x.checked_div(y), _ => None } }; let y = Some(Decimal::deserialize([0, 0, 0, 0, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => x.checked_mul(y), _ => None } }.map_or(Value::Missing, Value::Num);
    q.see(&l1);
    q.count(27);
    let l2: Value<'a> = { let mut args: [Value<'a>; 2] = [{ let v = { let x = Some(Decimal::deserialize([0, 0, 1, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); let y = { let mut args: [Value<'a>; 1] = [{ let v = ops::neg(&{ let mut args: [Value<'a>; 1] = [{ let v = Place::of(s3).value(); q.see(&v); v }]; let v = functions::apply(Func::Precision, &mut args, q.unit); q.see(&v); v }); q.see(&v); v }]; let v = functions::apply(Func::Pow10, &mut args, q.unit); q.see(&v); v }.as_num(); match (x, y) { (Some(x), Some(y)) => x.checked_mul(y), _ => None } }.map_or(Value::Missing, Value::Num); q.see(&v); v }, { let v = lend(q.param(0)); q.see(&v); v }]; let v = functions::apply(Func::Max, &mut args, q.unit); q.see(&v); v };
    q.see(&l2);
    q.count(48);
    let holds = { let x = { let x = { let x = super::number_of(s3, &ns3); let y = l1.as_num(); match (x, y) { (Some(x), Some(y)) => x.checked_sub(y), _ => None } }.map(|d| d.abs()); let y = l2.as_num(); match (x, y) { (Some(x), Some(y)) => Some(x <= y), _ => None } }; if x == Some(false) { Some(false) } else { ops::and(x, { let x = { let x = super::number_of(s3, &ns3); let y = l0.as_num(); match (x, y) { (Some(x), Some(y)) => x.checked_sub(y), _ => None } }.map(|d| d.abs()); let y = l2.as_num(); match (x, y) { (Some(x), Some(y)) => Some(x > y), _ => None } }) } }.map(|b| !b);
    holds != Some(false) && q.sure()
}

/// `funding-sources-sum-mismatch`
fn r7<'a>(q: &mut Q<'_, 'a>) -> bool {
    let s0: Option<&'a serde_json::Value> = q.field(Some(q.subject), "by_source");
    let ns0: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(15);
    let when = { let x = match Place::of(s0).value() { Value::Text(t) => Value::Num(t.chars().count().into()), list => list.element_count().map_or(Value::Missing, |n| Value::Num(n.into())) }.as_num(); let y = Some(Decimal::deserialize([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => Some(x > y), _ => None } };
    if when != Some(true) {
        return q.sure();
    }
    let s1: Option<&'a serde_json::Value> = q.field(Some(q.subject), "initial");
    let ns1: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s2: Option<&'a serde_json::Value> = q.field(Some(q.subject), "adjusted");
    let ns2: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s3: Option<&'a serde_json::Value> = q.field(Some(q.subject), "executed");
    let ns3: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(9);
    let l0: Value<'a> = { let list = Cow::<Value<'a>>::Owned(Place::of(s0).value()); q.gather(&list, Func::Sum, 6, |q: &mut Q<'_, 'a>, b0: &Value<'a>| match Some(true) { None => None, Some(false) => Some(None), Some(true) => Some(Some(match q.base(b0, true) { Place::Json(j) => { let j = Some(j); let j = q.field(j, "initial"); Place::of(j) }, other => other }.value())) }) };
    q.see(&l0);
    q.count(9);
    let l1: Value<'a> = { let list = Cow::<Value<'a>>::Owned(Place::of(s0).value()); q.gather(&list, Func::Sum, 6, |q: &mut Q<'_, 'a>, b0: &Value<'a>| match Some(true) { None => None, Some(false) => Some(None), Some(true) => Some(Some(match q.base(b0, true) { Place::Json(j) => { let j = Some(j); let j = q.field(j, "adjusted"); Place::of(j) }, other => other }.value())) }) };
    q.see(&l1);
    q.count(9);
    let l2: Value<'a> = { let list = Cow::<Value<'a>>::Owned(Place::of(s0).value()); q.gather(&list, Func::Sum, 6, |q: &mut Q<'_, 'a>, b0: &Value<'a>| match Some(true) { None => None, Some(false) => Some(None), Some(true) => Some(Some(match q.base(b0, true) { Place::Json(j) => { let j = Some(j); let j = q.field(j, "executed"); Place::of(j) }, other => other }.value())) }) };
    q.see(&l2);
    q.count(21);
    let l3: Option<bool> = { let x = { let x = super::number_of(s1, &ns1); let y = l0.as_num(); match (x, y) { (Some(x), Some(y)) => x.checked_sub(y), _ => None } }.map(|d| d.abs()); let y = lend(q.param(1)).as_num(); match (x, y) { (Some(x), Some(y)) => Some(x <= y), _ => None } };
    q.count(21);
    let l4: Option<bool> = { let x = { let x = super::number_of(s2, &ns2); let y = l1.as_num(); match (x, y) { (Some(x), Some(y)) => x.checked_sub(y), _ => None } }.map(|d| d.abs()); let y = lend(q.param(1)).as_num(); match (x, y) { (Some(x), Some(y)) => Some(x <= y), _ => None } };
    q.count(21);
    let l5: Option<bool> = { let x = { let x = super::number_of(s3, &ns3); let y = l2.as_num(); match (x, y) { (Some(x), Some(y)) => x.checked_sub(y), _ => None } }.map(|d| d.abs()); let y = lend(q.param(1)).as_num(); match (x, y) { (Some(x), Some(y)) => Some(x <= y), _ => None } };
    q.count(15);
    let holds = { let x = { let x = l3; if x == Some(false) { Some(false) } else { ops::and(x, l4) } }; if x == Some(false) { Some(false) } else { ops::and(x, l5) } };
    holds != Some(false) && q.sure()
}

/// `project-budgets-exceed-total`
fn r8<'a>(q: &mut Q<'_, 'a>) -> bool {
    let s0: Option<&'a serde_json::Value> = q.field(Some(q.subject), "projects");
    let ns0: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s1: Option<&'a serde_json::Value> = q.field(Some(q.subject), "budget");
    let ns1: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s2: Option<&'a serde_json::Value> = q.field(s1, "adjusted");
    let ns2: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(45);
    let when = { let x = { let x = ops::equals_plain_text(&Cow::<Value<'a>>::Owned({ let j = Some(q.root); let j = q.field(j, "kind"); Place::of(j) }.value()), "department_overall"); if x == Some(false) { Some(false) } else { ops::and(x, { let x = match Place::of(s0).value() { Value::Text(t) => Value::Num(t.chars().count().into()), list => list.element_count().map_or(Value::Missing, |n| Value::Num(n.into())) }.as_num(); let y = Some(Decimal::deserialize([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => Some(x > y), _ => None } }) } }; if x == Some(false) { Some(false) } else { ops::and(x, { let x = super::number_of(s2, &ns2); let y = Some(Decimal::deserialize([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => Some(x >= y), _ => None } }) } };
    if when != Some(true) {
        return q.sure();
    }
    q.count(9);
    let l0: Value<'a> = { let list = Cow::<Value<'a>>::Owned(Place::of(s0).value()); q.gather(&list, Func::Sum, 15, |q: &mut Q<'_, 'a>, b0: &Value<'a>| match Some(match q.base(b0, true) { Place::Json(j) => { let j = Some(j); let j = q.field(j, "budget"); let j = q.field(j, "adjusted"); Place::of(j) }, other => other }.test(Func::Exists)) { None => None, Some(false) => Some(None), Some(true) => Some(Some(match q.base(b0, true) { Place::Json(j) => { let j = Some(j); let j = q.field(j, "budget"); let j = q.field(j, "adjusted"); Place::of(j) }, other => other }.value())) }) };
    q.see(&l0);
    q.count(18);
    let holds = { let x = l0.as_num(); let y = { let v = ops::arith(Arith::Add, &Cow::<Value<'a>>::Owned(Place::of(s2).value()), &Cow::<Value<'a>>::Borrowed(q.param(1))); q.see(&v); v }.as_num(); match (x, y) { (Some(x), Some(y)) => Some(x <= y), _ => None } };
    holds != Some(false) && q.sure()
}

/// `indicator-actual-missing`
fn r9<'a>(q: &mut Q<'_, 'a>) -> bool {
    let s0: Option<&'a serde_json::Value> = q.field(Some(q.subject), "actual");
    let ns0: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s1: Option<&'a serde_json::Value> = q.field(s0, "value");
    let ns1: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(45);
    let holds = { let x = Some(super::test_of(s1, &ns1, Func::Exists)); if x == Some(false) { Some(false) } else { ops::and(x, { let x = Some(super::test_of(s1, &ns1, Func::IsText)).map(|b| !b); if x == Some(true) { Some(true) } else { ops::or(x, { let x = match match Place::of(s1).value() { Value::Text(t) => Value::Text(trim_text(t)), _ => Value::Missing } { Value::Text(t) => Value::Num(t.chars().count().into()), list => list.element_count().map_or(Value::Missing, |n| Value::Num(n.into())) }.as_num(); let y = Some(Decimal::deserialize([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => Some(x > y), _ => None } }) } }) } };
    holds != Some(false) && q.sure()
}

/// `indicator-approximate-value`
fn r10<'a>(q: &mut Q<'_, 'a>) -> bool {
    let s0: Option<&'a serde_json::Value> = q.field(Some(q.subject), "actual");
    let ns0: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s1: Option<&'a serde_json::Value> = q.field(s0, "value");
    let ns1: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(9);
    let when = Some(super::test_of(s1, &ns1, Func::IsText));
    if when != Some(true) {
        return q.sure();
    }
    q.count(12);
    let holds = ops::truth(&match Place::of(s1).value() { Value::Text(t) => match q.pattern(1) { Some(re) => Value::Bool(re.is_match(t.as_ref())), None => Value::Missing }, _ => Value::Missing }).map(|b| !b);
    holds != Some(false) && q.sure()
}

/// `indicator-count-mismatch`
fn r11<'a>(q: &mut Q<'_, 'a>) -> bool {
    let s0: Option<&'a serde_json::Value> = q.field(Some(q.subject), "declared_indicator_count");
    let ns0: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(9);
    let when = Some(super::test_of(s0, &ns0, Func::Exists));
    if when != Some(true) {
        return q.sure();
    }
    let s1: Option<&'a serde_json::Value> = q.field(Some(q.subject), "indicators");
    let ns1: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(15);
    let l0: Value<'a> = match match Place::of(s1).value() { Value::Missing => (*K11_0).clone(), v => v } { Value::Text(t) => Value::Num(t.chars().count().into()), list => list.element_count().map_or(Value::Missing, |n| Value::Num(n.into())) };
    q.see(&l0);
    q.count(12);
    let holds = ops::compare(Cmp::Eq, &Cow::<Value<'a>>::Owned(Place::of(s0).value()), &Cow::<Value<'a>>::Borrowed(&l0));
    holds != Some(false) && q.sure()
}

/// `indicator-dimension-missing`
fn r12<'a>(q: &mut Q<'_, 'a>) -> bool {
    let s0: Option<&'a serde_json::Value> = q.field(Some(q.subject), "indicators");
    let ns0: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(21);
    let l0: Value<'a> = match ops::from_truth({ let x = match Place::of(s0).value() { Value::Text(t) => Value::Num(t.chars().count().into()), list => list.element_count().map_or(Value::Missing, |n| Value::Num(n.into())) }.as_num(); let y = Some(Decimal::deserialize([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => Some(x == y), _ => None } }) { Value::Missing => Value::Bool(false), v => v };
    q.see(&l0);
    q.count(15);
    let when = { let x = ops::truth(&l0); if x == Some(true) { Some(true) } else { ops::or(x, ops::truth(&{ let list = Cow::<Value<'a>>::Owned(Place::of(s0).value()); q.any_all(&list, false, 9, |q: &mut Q<'_, 'a>, b0: &Value<'a>| Some(match q.base(b0, true) { Place::Json(j) => { let j = Some(j); let j = q.field(j, "level1"); Place::of(j) }, other => other }.test(Func::Exists))) })) } };
    if when != Some(true) {
        return q.sure();
    }
    q.count(9);
    let l1: Option<bool> = ops::truth(&{ let list = Cow::<Value<'a>>::Owned(Place::of(s0).value()); q.any_all(&list, false, 51, |q: &mut Q<'_, 'a>, b0: &Value<'a>| { let x = match ops::from_truth(ops::member(&Cow::<Value<'a>>::Owned(match match q.base(b0, true) { Place::Json(j) => { let j = Some(j); let j = q.field(j, "level1"); Place::of(j) }, other => other }.value() { Value::Text(t) => Value::Text(trim_text(t)), _ => Value::Missing }), &Cow::<Value<'a>>::Borrowed(q.param(13))).map(|m| m != false)) { Value::Missing => Some(false), v => ops::truth(&v) }; if x == Some(false) { Some(false) } else { ops::and(x, match ops::from_truth(ops::equals_plain_text(&Cow::<Value<'a>>::Owned({ let text = match match q.base(b0, true) { Place::Json(j) => { let j = Some(j); let j = q.field(j, "level2"); Place::of(j) }, other => other }.value() { Value::Text(t) => Value::Text(trim_text(t)), _ => Value::Missing }; let suffix = Cow::<Value<'a>>::Owned(Value::Text(Cow::Borrowed("指标"))); match (text, suffix.as_ref()) { (Value::Text(Cow::Borrowed(t)), Value::Text(s)) => Value::Text(Cow::Borrowed(t.strip_suffix(s.as_ref()).unwrap_or(t))), (Value::Text(Cow::Owned(t)), Value::Text(s)) => Value::Text(Cow::Owned(t.strip_suffix(s.as_ref()).unwrap_or(&t).to_string())), _ => Value::Missing } }), "数量")) { Value::Missing => Some(false), v => ops::truth(&v) }) } }) });
    q.count(9);
    let l2: Option<bool> = ops::truth(&{ let list = Cow::<Value<'a>>::Owned(Place::of(s0).value()); q.any_all(&list, false, 21, |q: &mut Q<'_, 'a>, b0: &Value<'a>| match ops::from_truth(ops::member(&Cow::<Value<'a>>::Owned(match match q.base(b0, true) { Place::Json(j) => { let j = Some(j); let j = q.field(j, "level1"); Place::of(j) }, other => other }.value() { Value::Text(t) => Value::Text(trim_text(t)), _ => Value::Missing }), &Cow::<Value<'a>>::Borrowed(q.param(14))).map(|m| m != false)) { Value::Missing => Some(false), v => ops::truth(&v) }) });
    q.count(9);
    let l3: Option<bool> = ops::truth(&{ let list = Cow::<Value<'a>>::Owned(Place::of(s0).value()); q.any_all(&list, false, 21, |q: &mut Q<'_, 'a>, b0: &Value<'a>| match ops::from_truth(ops::member(&Cow::<Value<'a>>::Owned(match match q.base(b0, true) { Place::Json(j) => { let j = Some(j); let j = q.field(j, "level1"); Place::of(j) }, other => other }.value() { Value::Text(t) => Value::Text(trim_text(t)), _ => Value::Missing }), &Cow::<Value<'a>>::Borrowed(q.param(15))).map(|m| m != false)) { Value::Missing => Some(false), v => ops::truth(&v) }) });
    q.count(15);
    let holds = { let x = { let x = l1; if x == Some(false) { Some(false) } else { ops::and(x, l2) } }; if x == Some(false) { Some(false) } else { ops::and(x, l3) } };
    holds != Some(false) && q.sure()
}

/// `indicator-level-invalid`
fn r13<'a>(q: &mut Q<'_, 'a>) -> bool {
    let s0: Option<&'a serde_json::Value> = q.field(Some(q.subject), "level1");
    let ns0: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(27);
    let when = { let x = Some(super::test_of(s0, &ns0, Func::Exists)); if x == Some(false) { Some(false) } else { ops::and(x, ops::equals_plain_text(&Cow::<Value<'a>>::Owned(match Place::of(s0).value() { Value::Text(t) => Value::Text(trim_text(t)), _ => Value::Missing }), "").map(|e| !e)) } };
    if when != Some(true) {
        return q.sure();
    }
    let s1: Option<&'a serde_json::Value> = q.field(Some(q.subject), "level2");
    let ns1: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(18);
    let l0: Value<'a> = match { let x = lend(q.param(18)).as_num(); let y = Some(Decimal::deserialize([0, 0, 0, 0, 229, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => Some(x == y), _ => None } } { Some(true) => lend(q.param(20)), Some(false) => lend(q.param(19)), None => Value::Missing };
    q.see(&l0);
    q.count(9);
    let l1: Value<'a> = match Place::of(s0).value() { Value::Text(t) => Value::Text(trim_text(t)), _ => Value::Missing };
    q.see(&l1);
    q.count(69);
    let l2: Value<'a> = match ops::member(&Cow::<Value<'a>>::Borrowed(&l1), &Cow::<Value<'a>>::Borrowed(q.param(13))).map(|m| m != false) { Some(true) => Value::Text(Cow::Borrowed("产出")), Some(false) => match ops::member(&Cow::<Value<'a>>::Borrowed(&l1), &Cow::<Value<'a>>::Borrowed(q.param(14))).map(|m| m != false) { Some(true) => Value::Text(Cow::Borrowed("效益")), Some(false) => match ops::member(&Cow::<Value<'a>>::Borrowed(&l1), &Cow::<Value<'a>>::Borrowed(q.param(15))).map(|m| m != false) { Some(true) => Value::Text(Cow::Borrowed("满意度")), Some(false) => match ops::member(&Cow::<Value<'a>>::Borrowed(&l1), &Cow::<Value<'a>>::Borrowed(q.param(16))).map(|m| m != false) { Some(true) => Value::Text(Cow::Borrowed("成本")), Some(false) => { let text = l1.clone(); let suffix = Cow::<Value<'a>>::Owned(Value::Text(Cow::Borrowed("指标"))); match (text, suffix.as_ref()) { (Value::Text(Cow::Borrowed(t)), Value::Text(s)) => Value::Text(Cow::Borrowed(t.strip_suffix(s.as_ref()).unwrap_or(t))), (Value::Text(Cow::Owned(t)), Value::Text(s)) => Value::Text(Cow::Owned(t.strip_suffix(s.as_ref()).unwrap_or(&t).to_string())), _ => Value::Missing } }, None => Value::Missing }, None => Value::Missing }, None => Value::Missing }, None => Value::Missing };
    q.see(&l2);
    q.count(21);
    let l3: Value<'a> = { let text = match match Place::of(s1).value() { Value::Missing => Value::Text(Cow::Borrowed("")), v => v } { Value::Text(t) => Value::Text(trim_text(t)), _ => Value::Missing }; let suffix = Cow::<Value<'a>>::Owned(Value::Text(Cow::Borrowed("指标"))); match (text, suffix.as_ref()) { (Value::Text(Cow::Borrowed(t)), Value::Text(s)) => Value::Text(Cow::Borrowed(t.strip_suffix(s.as_ref()).unwrap_or(t))), (Value::Text(Cow::Owned(t)), Value::Text(s)) => Value::Text(Cow::Owned(t.strip_suffix(s.as_ref()).unwrap_or(&t).to_string())), _ => Value::Missing } };
    q.see(&l3);
    q.count(9);
    let l4: Value<'a> = { let v = ops::arith(Arith::Add, &Cow::<Value<'a>>::Borrowed(&l2), &Cow::<Value<'a>>::Owned(Value::Text(Cow::Borrowed("/")))); q.see(&v); v };
    q.see(&l4);
    q.count(6);
    let l5: Option<bool> = ops::truth(&{ let list = Cow::<Value<'a>>::Borrowed(&l0); q.any_all(&list, false, 9, |q: &mut Q<'_, 'a>, b0: &Value<'a>| ops::truth(&functions::text_relation(Func::StartsWith, &Cow::<Value<'a>>::Borrowed(b0), &Cow::<Value<'a>>::Borrowed(&l4)))) });
    q.count(27);
    let l6: Option<bool> = { let x = ops::equals_plain_text(&Cow::<Value<'a>>::Borrowed(&l3), ""); if x == Some(true) { Some(true) } else { ops::or(x, ops::member(&Cow::<Value<'a>>::Owned({ let v = ops::arith(Arith::Add, &Cow::<Value<'a>>::Borrowed(&l4), &Cow::<Value<'a>>::Borrowed(&l3)); q.see(&v); v }), &Cow::<Value<'a>>::Borrowed(&l0)).map(|m| m != false)) } };
    q.count(9);
    let holds = { let x = l5; if x == Some(false) { Some(false) } else { ops::and(x, l6) } };
    holds != Some(false) && q.sure()
}

/// `indicator-not-quantified`
fn r14<'a>(q: &mut Q<'_, 'a>) -> bool {
    let s0: Option<&'a serde_json::Value> = q.field(Some(q.subject), "target");
    let ns0: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s1: Option<&'a serde_json::Value> = q.field(s0, "unit");
    let ns1: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s2: Option<&'a serde_json::Value> = q.field(s0, "value");
    let ns2: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s3: Option<&'a serde_json::Value> = q.field(s0, "comparator");
    let ns3: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(24);
    let l0: Option<bool> = { let x = match match match Place::of(s1).value() { Value::Missing => Value::Text(Cow::Borrowed("")), v => v } { Value::Text(t) => Value::Text(trim_text(t)), _ => Value::Missing } { Value::Text(t) => Value::Num(t.chars().count().into()), list => list.element_count().map_or(Value::Missing, |n| Value::Num(n.into())) }.as_num(); let y = Some(Decimal::deserialize([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => Some(x > y), _ => None } };
    q.count(45);
    let l1: Option<bool> = { let x = Some(super::test_of(s2, &ns2, Func::Exists)); if x == Some(false) { Some(false) } else { ops::and(x, { let x = Some(super::test_of(s2, &ns2, Func::IsNumber)); if x == Some(true) { Some(true) } else { ops::or(x, { let x = Some(super::test_of(s2, &ns2, Func::IsText)); if x == Some(false) { Some(false) } else { ops::and(x, ops::truth(&match Place::of(s2).value() { Value::Text(t) => match q.pattern(0) { Some(re) => Value::Bool(re.is_match(t.as_ref())), None => Value::Missing }, _ => Value::Missing })) } }) } }) } };
    q.count(21);
    let holds = { let x = { let x = Some(super::test_of(s3, &ns3, Func::Exists)); if x == Some(false) { Some(false) } else { ops::and(x, l1) } }; if x == Some(false) { Some(false) } else { ops::and(x, l0) } };
    holds != Some(false) && q.sure()
}

/// `indicator-unit-missing`
fn r15<'a>(q: &mut Q<'_, 'a>) -> bool {
    let s0: Option<&'a serde_json::Value> = q.field(Some(q.subject), "target");
    let ns0: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s1: Option<&'a serde_json::Value> = q.field(s0, "value");
    let ns1: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s2: Option<&'a serde_json::Value> = q.field(Some(q.subject), "actual");
    let ns2: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s3: Option<&'a serde_json::Value> = q.field(s2, "value");
    let ns3: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s4: Option<&'a serde_json::Value> = q.field(s0, "unit");
    let ns4: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s5: Option<&'a serde_json::Value> = q.field(s2, "unit");
    let ns5: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(45);
    let l0: Option<bool> = { let x = Some(super::test_of(s1, &ns1, Func::Exists)); if x == Some(false) { Some(false) } else { ops::and(x, { let x = Some(super::test_of(s1, &ns1, Func::IsNumber)); if x == Some(true) { Some(true) } else { ops::or(x, { let x = Some(super::test_of(s1, &ns1, Func::IsText)); if x == Some(false) { Some(false) } else { ops::and(x, ops::truth(&match Place::of(s1).value() { Value::Text(t) => match q.pattern(0) { Some(re) => Value::Bool(re.is_match(t.as_ref())), None => Value::Missing }, _ => Value::Missing })) } }) } }) } };
    q.count(45);
    let l1: Option<bool> = { let x = Some(super::test_of(s3, &ns3, Func::Exists)); if x == Some(false) { Some(false) } else { ops::and(x, { let x = Some(super::test_of(s3, &ns3, Func::IsNumber)); if x == Some(true) { Some(true) } else { ops::or(x, { let x = Some(super::test_of(s3, &ns3, Func::IsText)); if x == Some(false) { Some(false) } else { ops::and(x, ops::truth(&match Place::of(s3).value() { Value::Text(t) => match q.pattern(1) { Some(re) => Value::Bool(re.is_match(t.as_ref())), None => Value::Missing }, _ => Value::Missing })) } }) } }) } };
    q.count(15);
    let l2: Value<'a> = match match Place::of(s4).value() { Value::Missing => Value::Text(Cow::Borrowed("")), v => v } { Value::Text(t) => Value::Text(trim_text(t)), _ => Value::Missing };
    q.see(&l2);
    q.count(15);
    let l3: Value<'a> = match match Place::of(s5).value() { Value::Missing => Value::Text(Cow::Borrowed("")), v => v } { Value::Text(t) => Value::Text(trim_text(t)), _ => Value::Missing };
    q.see(&l3);
    q.count(18);
    let l4: Value<'a> = match ops::equals_plain_text(&Cow::<Value<'a>>::Borrowed(&l3), "") { Some(true) => l2.clone(), Some(false) => l3.clone(), None => Value::Missing };
    q.see(&l4);
    q.count(15);
    let l5: Option<bool> = { let x = l0; if x == Some(false) { Some(false) } else { ops::and(x, ops::equals_plain_text(&Cow::<Value<'a>>::Borrowed(&l2), "")) } };
    q.count(15);
    let l6: Option<bool> = { let x = l1; if x == Some(false) { Some(false) } else { ops::and(x, ops::equals_plain_text(&Cow::<Value<'a>>::Borrowed(&l4), "")) } };
    q.count(60);
    let l7: Option<bool> = { let x = { let x = { let x = ops::equals_plain_text(&Cow::<Value<'a>>::Borrowed(&l2), "").map(|e| !e); if x == Some(false) { Some(false) } else { ops::and(x, ops::equals_plain_text(&Cow::<Value<'a>>::Borrowed(&l3), "").map(|e| !e)) } }; if x == Some(false) { Some(false) } else { ops::and(x, ops::compare(Cmp::Ne, &Cow::<Value<'a>>::Borrowed(&l2), &Cow::<Value<'a>>::Borrowed(&l3))) } }; if x == Some(false) { Some(false) } else { ops::and(x, { let x = ops::member(&Cow::<Value<'a>>::Borrowed(&l2), &Cow::<Value<'a>>::Borrowed(&*K15_0)).map(|m| m != false); if x == Some(false) { Some(false) } else { ops::and(x, ops::member(&Cow::<Value<'a>>::Borrowed(&l3), &Cow::<Value<'a>>::Borrowed(&*K15_1)).map(|m| m != false)) } }.map(|b| !b)) } };
    q.count(18);
    let holds = { let x = { let x = l5; if x == Some(true) { Some(true) } else { ops::or(x, l6) } }; if x == Some(true) { Some(true) } else { ops::or(x, l7) } }.map(|b| !b);
    holds != Some(false) && q.sure()
}

/// `mid-year-monitoring-missing`
fn r16<'a>(q: &mut Q<'_, 'a>) -> bool {
    let s0: Option<&'a serde_json::Value> = q.field(Some(q.subject), "kind");
    let ns0: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(18);
    let l0: Value<'a> = match ops::from_truth(ops::equals_plain_text(&Cow::<Value<'a>>::Owned(Place::of(s0).value()), "project")) { Value::Missing => Value::Bool(false), v => v };
    q.see(&l0);
    q.count(18);
    let when = { let x = ops::truth(&l0); if x == Some(true) { Some(true) } else { ops::or(x, Some(super::test_of(s0, &ns0, Func::Exists)).map(|b| !b)) } };
    if when != Some(true) {
        return q.sure();
    }
    let s1: Option<&'a serde_json::Value> = q.field(Some(q.subject), "project");
    let ns1: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s2: Option<&'a serde_json::Value> = q.field(s1, "mid_year_monitoring");
    let ns2: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s3: Option<&'a serde_json::Value> = q.field(Some(q.subject), "mid_year_monitoring");
    let ns3: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s4: Option<&'a serde_json::Value> = q.field(Some(q.subject), "budget");
    let ns4: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s5: Option<&'a serde_json::Value> = q.field(s4, "adjusted");
    let ns5: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(18);
    let l1: Value<'a> = match ops::truth(&l0) { Some(true) => Place::of(s2).value(), Some(false) => Place::of(s3).value(), None => Value::Missing };
    q.see(&l1);
    q.count(30);
    let holds = { let x = { let x = super::number_of(s5, &ns5); let y = lend(q.param(21)).as_num(); match (x, y) { (Some(x), Some(y)) => Some(x < y), _ => None } }; if x == Some(true) { Some(true) } else { ops::or(x, ops::compare(Cmp::Eq, &Cow::<Value<'a>>::Owned(match l1.clone() { Value::Missing => Value::Bool(false), v => v }), &Cow::<Value<'a>>::Owned(Value::Bool(true)))) } };
    holds != Some(false) && q.sure()
}

/// `monitoring-count-mismatch`
fn r17<'a>(q: &mut Q<'_, 'a>) -> bool {
    let s0: Option<&'a serde_json::Value> = q.field(Some(q.subject), "monitoring");
    let ns0: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s1: Option<&'a serde_json::Value> = q.field(s0, "declared_project_count");
    let ns1: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s2: Option<&'a serde_json::Value> = q.field(Some(q.subject), "projects");
    let ns2: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(45);
    let when = { let x = { let x = Some(super::test_of(s1, &ns1, Func::Exists)); if x == Some(false) { Some(false) } else { ops::and(x, { let x = match match Place::of(s2).value() { Value::Missing => (*K17_0).clone(), v => v } { Value::Text(t) => Value::Num(t.chars().count().into()), list => list.element_count().map_or(Value::Missing, |n| Value::Num(n.into())) }.as_num(); let y = Some(Decimal::deserialize([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => Some(x > y), _ => None } }) } }; if x == Some(false) { Some(false) } else { ops::and(x, ops::truth(&{ let list = Cow::<Value<'a>>::Owned(Place::of(s2).value()); q.any_all(&list, true, 9, |q: &mut Q<'_, 'a>, b0: &Value<'a>| Some(match q.base(b0, true) { Place::Json(j) => { let j = Some(j); let j = q.field(j, "budget"); let j = q.field(j, "adjusted"); Place::of(j) }, other => other }.test(Func::Exists))) })) } };
    if when != Some(true) {
        return q.sure();
    }
    q.count(9);
    let l0: Value<'a> = { let list = Cow::<Value<'a>>::Owned(Place::of(s2).value()); q.gather(&list, Func::Count, 12, |q: &mut Q<'_, 'a>, b0: &Value<'a>| match { let x = match q.base(b0, true) { Place::Json(j) => { let j = Some(j); let j = q.field(j, "budget"); let j = q.field(j, "adjusted"); Place::of(j) }, other => other }.number(); let y = lend(q.param(21)).as_num(); match (x, y) { (Some(x), Some(y)) => Some(x >= y), _ => None } } { None => None, Some(false) => Some(None), Some(true) => Some(Some(Value::Missing)) }) };
    q.see(&l0);
    q.count(12);
    let holds = ops::compare(Cmp::Eq, &Cow::<Value<'a>>::Owned(Place::of(s1).value()), &Cow::<Value<'a>>::Borrowed(&l0));
    holds != Some(false) && q.sure()
}

/// `claimed-rate-mismatch`
fn r18<'a>(q: &mut Q<'_, 'a>) -> bool {
    let s0: Option<&'a serde_json::Value> = q.field(Some(q.subject), "numerator");
    let ns0: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s1: Option<&'a serde_json::Value> = q.field(Some(q.subject), "denominator");
    let ns1: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s2: Option<&'a serde_json::Value> = q.field(Some(q.subject), "stated_pct");
    let ns2: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(21);
    let l0: Value<'a> = { let x = { let x = super::number_of(s0, &ns0); let y = super::number_of(s1, &ns1); match (x, y) { (Some(x), Some(y)) => x.checked_div(y), _ => None } }; let y = Some(Decimal::deserialize([0, 0, 0, 0, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => x.checked_mul(y), _ => None } }.map_or(Value::Missing, Value::Num);
    q.see(&l0);
    q.count(27);
    let l1: Value<'a> = { let mut args: [Value<'a>; 2] = [{ let v = { let x = Some(Decimal::deserialize([0, 0, 1, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); let y = { let mut args: [Value<'a>; 1] = [{ let v = ops::neg(&{ let mut args: [Value<'a>; 1] = [{ let v = Place::of(s2).value(); q.see(&v); v }]; let v = functions::apply(Func::Precision, &mut args, q.unit); q.see(&v); v }); q.see(&v); v }]; let v = functions::apply(Func::Pow10, &mut args, q.unit); q.see(&v); v }.as_num(); match (x, y) { (Some(x), Some(y)) => x.checked_mul(y), _ => None } }.map_or(Value::Missing, Value::Num); q.see(&v); v }, { let v = lend(q.param(0)); q.see(&v); v }]; let v = functions::apply(Func::Max, &mut args, q.unit); q.see(&v); v };
    q.see(&l1);
    q.count(21);
    let holds = { let x = { let x = super::number_of(s2, &ns2); let y = l0.as_num(); match (x, y) { (Some(x), Some(y)) => x.checked_sub(y), _ => None } }.map(|d| d.abs()); let y = l1.as_num(); match (x, y) { (Some(x), Some(y)) => Some(x <= y), _ => None } };
    holds != Some(false) && q.sure()
}

// `grade-overstated`: left to the interpreter (fired()).

/// `problems-missing`
fn r20<'a>(q: &mut Q<'_, 'a>) -> bool {
    let s0: Option<&'a serde_json::Value> = q.field(Some(q.subject), "problems");
    let ns0: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(15);
    let l0: Value<'a> = { let list = Cow::<Value<'a>>::Owned(match Place::of(s0).value() { Value::Missing => (*K20_0).clone(), v => v }); q.gather(&list, Func::Count, 15, |q: &mut Q<'_, 'a>, b0: &Value<'a>| match { let x = match match b0.clone() { Value::Text(t) => Value::Text(trim_text(t)), _ => Value::Missing } { Value::Text(t) => Value::Num(t.chars().count().into()), list => list.element_count().map_or(Value::Missing, |n| Value::Num(n.into())) }.as_num(); let y = Some(Decimal::deserialize([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => Some(x > y), _ => None } } { None => None, Some(false) => Some(None), Some(true) => Some(Some(Value::Missing)) }) };
    q.see(&l0);
    q.count(9);
    let holds = { let x = l0.as_num(); let y = Some(Decimal::deserialize([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => Some(x > y), _ => None } };
    holds != Some(false) && q.sure()
}

/// `problems-without-improvements`
fn r21<'a>(q: &mut Q<'_, 'a>) -> bool {
    let s0: Option<&'a serde_json::Value> = q.field(Some(q.subject), "problems");
    let ns0: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(15);
    let l0: Value<'a> = { let list = Cow::<Value<'a>>::Owned(match Place::of(s0).value() { Value::Missing => (*K21_0).clone(), v => v }); q.gather(&list, Func::Count, 15, |q: &mut Q<'_, 'a>, b0: &Value<'a>| match { let x = match match b0.clone() { Value::Text(t) => Value::Text(trim_text(t)), _ => Value::Missing } { Value::Text(t) => Value::Num(t.chars().count().into()), list => list.element_count().map_or(Value::Missing, |n| Value::Num(n.into())) }.as_num(); let y = Some(Decimal::deserialize([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => Some(x > y), _ => None } } { None => None, Some(false) => Some(None), Some(true) => Some(Some(Value::Missing)) }) };
    q.see(&l0);
    q.count(9);
    let when = { let x = l0.as_num(); let y = Some(Decimal::deserialize([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => Some(x > y), _ => None } };
    if when != Some(true) {
        return q.sure();
    }
    let s1: Option<&'a serde_json::Value> = q.field(Some(q.subject), "improvements");
    let ns1: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(15);
    let l1: Value<'a> = { let list = Cow::<Value<'a>>::Owned(match Place::of(s1).value() { Value::Missing => (*K21_1).clone(), v => v }); q.gather(&list, Func::Count, 15, |q: &mut Q<'_, 'a>, b0: &Value<'a>| match { let x = match match b0.clone() { Value::Text(t) => Value::Text(trim_text(t)), _ => Value::Missing } { Value::Text(t) => Value::Num(t.chars().count().into()), list => list.element_count().map_or(Value::Missing, |n| Value::Num(n.into())) }.as_num(); let y = Some(Decimal::deserialize([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => Some(x > y), _ => None } } { None => None, Some(false) => Some(None), Some(true) => Some(Some(Value::Missing)) }) };
    q.see(&l1);
    q.count(9);
    let holds = { let x = l1.as_num(); let y = l0.as_num(); match (x, y) { (Some(x), Some(y)) => Some(x >= y), _ => None } };
    holds != Some(false) && q.sure()
}

/// `deviation-unexplained`
fn r22<'a>(q: &mut Q<'_, 'a>) -> bool {
    let s0: Option<&'a serde_json::Value> = q.field(Some(q.subject), "target");
    let ns0: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s1: Option<&'a serde_json::Value> = q.field(s0, "comparator");
    let ns1: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s2: Option<&'a serde_json::Value> = q.field(s0, "value");
    let ns2: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s3: Option<&'a serde_json::Value> = q.field(Some(q.subject), "actual");
    let ns3: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s4: Option<&'a serde_json::Value> = q.field(s3, "value");
    let ns4: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s5: Option<&'a serde_json::Value> = q.field(Some(q.subject), "completed");
    let ns5: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(6);
    let l0: Value<'a> = Place::of(s1).value();
    q.see(&l0);
    q.count(6);
    let l1: Value<'a> = Place::of(s2).value();
    q.see(&l1);
    q.count(6);
    let l2: Value<'a> = Place::of(s4).value();
    q.see(&l2);
    q.count(45);
    let l3: Option<bool> = { let x = Some(super::test_of(s2, &ns2, Func::Exists)); if x == Some(false) { Some(false) } else { ops::and(x, { let x = Some(super::test_of(s2, &ns2, Func::IsNumber)); if x == Some(true) { Some(true) } else { ops::or(x, { let x = Some(super::test_of(s2, &ns2, Func::IsText)); if x == Some(false) { Some(false) } else { ops::and(x, ops::truth(&match Place::of(s2).value() { Value::Text(t) => match q.pattern(0) { Some(re) => Value::Bool(re.is_match(t.as_ref())), None => Value::Missing }, _ => Value::Missing })) } }) } }) } };
    q.count(45);
    let l4: Option<bool> = { let x = Some(super::test_of(s4, &ns4, Func::Exists)); if x == Some(false) { Some(false) } else { ops::and(x, { let x = Some(super::test_of(s4, &ns4, Func::IsNumber)); if x == Some(true) { Some(true) } else { ops::or(x, { let x = Some(super::test_of(s4, &ns4, Func::IsText)); if x == Some(false) { Some(false) } else { ops::and(x, ops::truth(&match Place::of(s4).value() { Value::Text(t) => match q.pattern(1) { Some(re) => Value::Bool(re.is_match(t.as_ref())), None => Value::Missing }, _ => Value::Missing })) } }) } }) } };
    q.count(21);
    let l5: Option<bool> = { let x = { let x = Some(super::test_of(s1, &ns1, Func::Exists)); if x == Some(false) { Some(false) } else { ops::and(x, l3) } }; if x == Some(false) { Some(false) } else { ops::and(x, l4) } };
    q.count(33);
    let l6: Value<'a> = match l5 { Some(true) => ops::from_truth(ops::truth(&functions::compare(&Cow::<Value<'a>>::Borrowed(&l2), &Cow::<Value<'a>>::Borrowed(&l0), &Cow::<Value<'a>>::Borrowed(&l1))).map(|b| !b)), Some(false) => ops::from_truth(ops::compare(Cmp::Eq, &Cow::<Value<'a>>::Owned(Place::of(s5).value()), &Cow::<Value<'a>>::Owned(Value::Bool(false)))), None => Value::Missing };
    q.see(&l6);
    q.count(3);
    let when = ops::truth(&l6);
    if when != Some(true) {
        return q.sure();
    }
    let s6: Option<&'a serde_json::Value> = q.field(Some(q.subject), "deviation_reason");
    let ns6: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(24);
    let holds = { let x = match match match Place::of(s6).value() { Value::Missing => Value::Text(Cow::Borrowed("")), v => v } { Value::Text(t) => Value::Text(trim_text(t)), _ => Value::Missing } { Value::Text(t) => Value::Num(t.chars().count().into()), list => list.element_count().map_or(Value::Missing, |n| Value::Num(n.into())) }.as_num(); let y = Some(Decimal::deserialize([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => Some(x > y), _ => None } };
    holds != Some(false) && q.sure()
}

/// `execution-score-mismatch`
fn r23<'a>(q: &mut Q<'_, 'a>) -> bool {
    let s0: Option<&'a serde_json::Value> = q.field(Some(q.subject), "budget");
    let ns0: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s1: Option<&'a serde_json::Value> = q.field(s0, "adjusted");
    let ns1: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(18);
    let when = match ops::from_truth({ let x = super::number_of(s1, &ns1); let y = Some(Decimal::deserialize([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => Some(x != y), _ => None } }) { Value::Missing => Some(true), v => ops::truth(&v) };
    if when != Some(true) {
        return q.sure();
    }
    let s2: Option<&'a serde_json::Value> = q.field(s0, "executed");
    let ns2: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s3: Option<&'a serde_json::Value> = q.field(s0, "execution_rate_pct");
    let ns3: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s4: Option<&'a serde_json::Value> = q.field(Some(q.subject), "self_evaluation");
    let ns4: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s5: Option<&'a serde_json::Value> = q.field(s4, "execution_weight");
    let ns5: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s6: Option<&'a serde_json::Value> = q.field(s4, "execution_score");
    let ns6: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(15);
    let l0: Value<'a> = { let x = super::number_of(s2, &ns2); let y = super::number_of(s1, &ns1); match (x, y) { (Some(x), Some(y)) => x.checked_div(y), _ => None } }.map_or(Value::Missing, Value::Num);
    q.see(&l0);
    q.count(18);
    let l1: Value<'a> = match l0.clone() { Value::Missing => { let x = super::number_of(s3, &ns3); let y = Some(Decimal::deserialize([0, 0, 0, 0, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => x.checked_div(y), _ => None } }.map_or(Value::Missing, Value::Num), v => v };
    q.see(&l1);
    q.count(18);
    let l2: Value<'a> = { let x = { let mut args: [Value<'a>; 2] = [{ let v = l1.clone(); q.see(&v); v }, { let v = Value::Num(Decimal::deserialize([0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); q.see(&v); v }]; let v = functions::apply(Func::Min, &mut args, q.unit); q.see(&v); v }.as_num(); let y = super::number_of(s5, &ns5); match (x, y) { (Some(x), Some(y)) => x.checked_mul(y), _ => None } }.map_or(Value::Missing, Value::Num);
    q.see(&l2);
    q.count(21);
    let holds = { let x = { let x = super::number_of(s6, &ns6); let y = l2.as_num(); match (x, y) { (Some(x), Some(y)) => x.checked_sub(y), _ => None } }.map(|d| d.abs()); let y = lend(q.param(8)).as_num(); match (x, y) { (Some(x), Some(y)) => Some(x <= y), _ => None } };
    holds != Some(false) && q.sure()
}

/// `full-score-on-missed-target`
fn r24<'a>(q: &mut Q<'_, 'a>) -> bool {
    let s0: Option<&'a serde_json::Value> = q.field(Some(q.subject), "target");
    let ns0: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s1: Option<&'a serde_json::Value> = q.field(s0, "comparator");
    let ns1: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s2: Option<&'a serde_json::Value> = q.field(s0, "value");
    let ns2: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s3: Option<&'a serde_json::Value> = q.field(Some(q.subject), "actual");
    let ns3: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s4: Option<&'a serde_json::Value> = q.field(s3, "value");
    let ns4: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(6);
    let l0: Value<'a> = Place::of(s1).value();
    q.see(&l0);
    q.count(6);
    let l1: Value<'a> = Place::of(s2).value();
    q.see(&l1);
    q.count(6);
    let l2: Value<'a> = Place::of(s4).value();
    q.see(&l2);
    q.count(45);
    let l3: Option<bool> = { let x = Some(super::test_of(s2, &ns2, Func::Exists)); if x == Some(false) { Some(false) } else { ops::and(x, { let x = Some(super::test_of(s2, &ns2, Func::IsNumber)); if x == Some(true) { Some(true) } else { ops::or(x, { let x = Some(super::test_of(s2, &ns2, Func::IsText)); if x == Some(false) { Some(false) } else { ops::and(x, ops::truth(&match Place::of(s2).value() { Value::Text(t) => match q.pattern(0) { Some(re) => Value::Bool(re.is_match(t.as_ref())), None => Value::Missing }, _ => Value::Missing })) } }) } }) } };
    q.count(45);
    let l4: Option<bool> = { let x = Some(super::test_of(s4, &ns4, Func::Exists)); if x == Some(false) { Some(false) } else { ops::and(x, { let x = Some(super::test_of(s4, &ns4, Func::IsNumber)); if x == Some(true) { Some(true) } else { ops::or(x, { let x = Some(super::test_of(s4, &ns4, Func::IsText)); if x == Some(false) { Some(false) } else { ops::and(x, ops::truth(&match Place::of(s4).value() { Value::Text(t) => match q.pattern(1) { Some(re) => Value::Bool(re.is_match(t.as_ref())), None => Value::Missing }, _ => Value::Missing })) } }) } }) } };
    q.count(21);
    let l5: Option<bool> = { let x = { let x = Some(super::test_of(s1, &ns1, Func::Exists)); if x == Some(false) { Some(false) } else { ops::and(x, l3) } }; if x == Some(false) { Some(false) } else { ops::and(x, l4) } };
    q.count(21);
    let when = { let x = l5; if x == Some(false) { Some(false) } else { ops::and(x, ops::truth(&functions::compare(&Cow::<Value<'a>>::Borrowed(&l2), &Cow::<Value<'a>>::Borrowed(&l0), &Cow::<Value<'a>>::Borrowed(&l1))).map(|b| !b)) } };
    if when != Some(true) {
        return q.sure();
    }
    let s5: Option<&'a serde_json::Value> = q.field(Some(q.subject), "score");
    let ns5: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s6: Option<&'a serde_json::Value> = q.field(Some(q.subject), "weight");
    let ns6: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s7: Option<&'a serde_json::Value> = q.field(Some(q.subject), "completed");
    let ns7: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(42);
    let holds = { let x = match ops::from_truth(ops::compare(Cmp::Ne, &Cow::<Value<'a>>::Owned(Place::of(s5).value()), &Cow::<Value<'a>>::Owned(Place::of(s6).value()))) { Value::Missing => Some(true), v => ops::truth(&v) }; if x == Some(false) { Some(false) } else { ops::and(x, ops::compare(Cmp::Ne, &Cow::<Value<'a>>::Owned(match Place::of(s7).value() { Value::Missing => Value::Bool(false), v => v }), &Cow::<Value<'a>>::Owned(Value::Bool(true)))) } };
    holds != Some(false) && q.sure()
}

/// `grade-mismatch`
fn r25<'a>(q: &mut Q<'_, 'a>) -> bool {
    let s0: Option<&'a serde_json::Value> = q.field(Some(q.subject), "score");
    let ns0: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s1: Option<&'a serde_json::Value> = q.field(Some(q.subject), "grade");
    let ns1: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(57);
    let l0: Value<'a> = match { let x = super::number_of(s0, &ns0); let y = lend(q.param(5)).as_num(); match (x, y) { (Some(x), Some(y)) => Some(x >= y), _ => None } } { Some(true) => Value::Text(Cow::Borrowed("优")), Some(false) => match { let x = super::number_of(s0, &ns0); let y = lend(q.param(6)).as_num(); match (x, y) { (Some(x), Some(y)) => Some(x >= y), _ => None } } { Some(true) => Value::Text(Cow::Borrowed("良")), Some(false) => match { let x = super::number_of(s0, &ns0); let y = lend(q.param(7)).as_num(); match (x, y) { (Some(x), Some(y)) => Some(x >= y), _ => None } } { Some(true) => Value::Text(Cow::Borrowed("中")), Some(false) => Value::Text(Cow::Borrowed("差")), None => Value::Missing }, None => Value::Missing }, None => Value::Missing };
    q.see(&l0);
    q.count(12);
    let holds = ops::compare(Cmp::Eq, &Cow::<Value<'a>>::Owned(Place::of(s1).value()), &Cow::<Value<'a>>::Borrowed(&l0));
    holds != Some(false) && q.sure()
}

/// `indicator-score-not-proportional`
fn r26<'a>(q: &mut Q<'_, 'a>) -> bool {
    let s0: Option<&'a serde_json::Value> = q.field(Some(q.subject), "target");
    let ns0: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s1: Option<&'a serde_json::Value> = q.field(s0, "value");
    let ns1: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s2: Option<&'a serde_json::Value> = q.field(Some(q.subject), "actual");
    let ns2: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s3: Option<&'a serde_json::Value> = q.field(s2, "value");
    let ns3: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s4: Option<&'a serde_json::Value> = q.field(s0, "comparator");
    let ns4: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(6);
    let l1: Value<'a> = Place::of(s1).value();
    q.see(&l1);
    q.count(6);
    let l2: Value<'a> = Place::of(s3).value();
    q.see(&l2);
    q.count(45);
    let l3: Option<bool> = { let x = Some(super::test_of(s1, &ns1, Func::Exists)); if x == Some(false) { Some(false) } else { ops::and(x, { let x = Some(super::test_of(s1, &ns1, Func::IsNumber)); if x == Some(true) { Some(true) } else { ops::or(x, { let x = Some(super::test_of(s1, &ns1, Func::IsText)); if x == Some(false) { Some(false) } else { ops::and(x, ops::truth(&match Place::of(s1).value() { Value::Text(t) => match q.pattern(0) { Some(re) => Value::Bool(re.is_match(t.as_ref())), None => Value::Missing }, _ => Value::Missing })) } }) } }) } };
    q.count(45);
    let l4: Option<bool> = { let x = Some(super::test_of(s3, &ns3, Func::Exists)); if x == Some(false) { Some(false) } else { ops::and(x, { let x = Some(super::test_of(s3, &ns3, Func::IsNumber)); if x == Some(true) { Some(true) } else { ops::or(x, { let x = Some(super::test_of(s3, &ns3, Func::IsText)); if x == Some(false) { Some(false) } else { ops::and(x, ops::truth(&match Place::of(s3).value() { Value::Text(t) => match q.pattern(1) { Some(re) => Value::Bool(re.is_match(t.as_ref())), None => Value::Missing }, _ => Value::Missing })) } }) } }) } };
    q.count(21);
    let l5: Option<bool> = { let x = { let x = Some(super::test_of(s4, &ns4, Func::Exists)); if x == Some(false) { Some(false) } else { ops::and(x, l3) } }; if x == Some(false) { Some(false) } else { ops::and(x, l4) } };
    q.count(27);
    let when = { let x = { let x = l5; if x == Some(false) { Some(false) } else { ops::and(x, { let x = l1.as_num(); let y = Some(Decimal::deserialize([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => Some(x >= y), _ => None } }) } }; if x == Some(false) { Some(false) } else { ops::and(x, { let x = l2.as_num(); let y = Some(Decimal::deserialize([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => Some(x >= y), _ => None } }) } };
    if when != Some(true) {
        return q.sure();
    }
    let s5: Option<&'a serde_json::Value> = q.field(Some(q.subject), "weight");
    let ns5: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s6: Option<&'a serde_json::Value> = q.field(Some(q.subject), "score");
    let ns6: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(6);
    let l0: Value<'a> = Place::of(s4).value();
    q.see(&l0);
    q.count(81);
    let l6: Value<'a> = match ops::truth(&functions::compare(&Cow::<Value<'a>>::Borrowed(&l2), &Cow::<Value<'a>>::Borrowed(&l0), &Cow::<Value<'a>>::Borrowed(&l1))) { Some(true) => Value::Num(Decimal::deserialize([0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])), Some(false) => match ops::member(&Cow::<Value<'a>>::Borrowed(&l0), &Cow::<Value<'a>>::Borrowed(&*K26_0)).map(|m| m != false) { Some(true) => { let x = l2.as_num(); let y = l1.as_num(); match (x, y) { (Some(x), Some(y)) => x.checked_div(y), _ => None } }.map_or(Value::Missing, Value::Num), Some(false) => match ops::member(&Cow::<Value<'a>>::Borrowed(&l0), &Cow::<Value<'a>>::Borrowed(&*K26_1)).map(|m| m != false) { Some(true) => { let x = l1.as_num(); let y = l2.as_num(); match (x, y) { (Some(x), Some(y)) => x.checked_div(y), _ => None } }.map_or(Value::Missing, Value::Num), Some(false) => { let mut args: [Value<'a>; 2] = [{ let v = { let x = l2.as_num(); let y = l1.as_num(); match (x, y) { (Some(x), Some(y)) => x.checked_div(y), _ => None } }.map_or(Value::Missing, Value::Num); q.see(&v); v }, { let v = { let x = l1.as_num(); let y = l2.as_num(); match (x, y) { (Some(x), Some(y)) => x.checked_div(y), _ => None } }.map_or(Value::Missing, Value::Num); q.see(&v); v }]; let v = functions::apply(Func::Min, &mut args, q.unit); q.see(&v); v }, None => Value::Missing }, None => Value::Missing }, None => Value::Missing };
    q.see(&l6);
    q.count(18);
    let l7: Value<'a> = { let x = { let mut args: [Value<'a>; 2] = [{ let v = l6.clone(); q.see(&v); v }, { let v = Value::Num(Decimal::deserialize([0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); q.see(&v); v }]; let v = functions::apply(Func::Min, &mut args, q.unit); q.see(&v); v }.as_num(); let y = super::number_of(s5, &ns5); match (x, y) { (Some(x), Some(y)) => x.checked_mul(y), _ => None } }.map_or(Value::Missing, Value::Num);
    q.see(&l7);
    q.count(21);
    let holds = { let x = { let x = super::number_of(s6, &ns6); let y = l7.as_num(); match (x, y) { (Some(x), Some(y)) => x.checked_sub(y), _ => None } }.map(|d| d.abs()); let y = lend(q.param(8)).as_num(); match (x, y) { (Some(x), Some(y)) => Some(x <= y), _ => None } };
    holds != Some(false) && q.sure()
}

/// `overachievement-unexplained`
fn r27<'a>(q: &mut Q<'_, 'a>) -> bool {
    let s0: Option<&'a serde_json::Value> = q.field(Some(q.subject), "target");
    let ns0: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s1: Option<&'a serde_json::Value> = q.field(s0, "comparator");
    let ns1: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s2: Option<&'a serde_json::Value> = q.field(s0, "value");
    let ns2: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s3: Option<&'a serde_json::Value> = q.field(Some(q.subject), "actual");
    let ns3: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s4: Option<&'a serde_json::Value> = q.field(s3, "value");
    let ns4: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(6);
    let l0: Value<'a> = Place::of(s1).value();
    q.see(&l0);
    q.count(6);
    let l1: Value<'a> = Place::of(s2).value();
    q.see(&l1);
    q.count(45);
    let l3: Option<bool> = { let x = Some(super::test_of(s2, &ns2, Func::Exists)); if x == Some(false) { Some(false) } else { ops::and(x, { let x = Some(super::test_of(s2, &ns2, Func::IsNumber)); if x == Some(true) { Some(true) } else { ops::or(x, { let x = Some(super::test_of(s2, &ns2, Func::IsText)); if x == Some(false) { Some(false) } else { ops::and(x, ops::truth(&match Place::of(s2).value() { Value::Text(t) => match q.pattern(0) { Some(re) => Value::Bool(re.is_match(t.as_ref())), None => Value::Missing }, _ => Value::Missing })) } }) } }) } };
    q.count(45);
    let l4: Option<bool> = { let x = Some(super::test_of(s4, &ns4, Func::Exists)); if x == Some(false) { Some(false) } else { ops::and(x, { let x = Some(super::test_of(s4, &ns4, Func::IsNumber)); if x == Some(true) { Some(true) } else { ops::or(x, { let x = Some(super::test_of(s4, &ns4, Func::IsText)); if x == Some(false) { Some(false) } else { ops::and(x, ops::truth(&match Place::of(s4).value() { Value::Text(t) => match q.pattern(1) { Some(re) => Value::Bool(re.is_match(t.as_ref())), None => Value::Missing }, _ => Value::Missing })) } }) } }) } };
    q.count(21);
    let l5: Option<bool> = { let x = { let x = Some(super::test_of(s1, &ns1, Func::Exists)); if x == Some(false) { Some(false) } else { ops::and(x, l3) } }; if x == Some(false) { Some(false) } else { ops::and(x, l4) } };
    q.count(27);
    let when = { let x = { let x = l5; if x == Some(false) { Some(false) } else { ops::and(x, ops::member(&Cow::<Value<'a>>::Borrowed(&l0), &Cow::<Value<'a>>::Borrowed(&*K27_0)).map(|m| m != false)) } }; if x == Some(false) { Some(false) } else { ops::and(x, { let x = l1.as_num(); let y = Some(Decimal::deserialize([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => Some(x > y), _ => None } }) } };
    if when != Some(true) {
        return q.sure();
    }
    let s5: Option<&'a serde_json::Value> = q.field(Some(q.subject), "deviation_reason");
    let ns5: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(6);
    let l2: Value<'a> = Place::of(s4).value();
    q.see(&l2);
    q.count(15);
    let l6: Value<'a> = { let x = { let x = l2.as_num(); let y = l1.as_num(); match (x, y) { (Some(x), Some(y)) => x.checked_div(y), _ => None } }; let y = Some(Decimal::deserialize([0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => x.checked_sub(y), _ => None } }.map_or(Value::Missing, Value::Num);
    q.see(&l6);
    q.count(36);
    let holds = { let x = { let x = l6.as_num(); let y = lend(q.param(17)).as_num(); match (x, y) { (Some(x), Some(y)) => Some(x <= y), _ => None } }; if x == Some(true) { Some(true) } else { ops::or(x, { let x = match match match Place::of(s5).value() { Value::Missing => Value::Text(Cow::Borrowed("")), v => v } { Value::Text(t) => Value::Text(trim_text(t)), _ => Value::Missing } { Value::Text(t) => Value::Num(t.chars().count().into()), list => list.element_count().map_or(Value::Missing, |n| Value::Num(n.into())) }.as_num(); let y = Some(Decimal::deserialize([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => Some(x > y), _ => None } }) } };
    holds != Some(false) && q.sure()
}

/// `score-exceeds-execution-cap`
fn r28<'a>(q: &mut Q<'_, 'a>) -> bool {
    let s0: Option<&'a serde_json::Value> = q.field(Some(q.subject), "budget");
    let ns0: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s1: Option<&'a serde_json::Value> = q.field(s0, "executed");
    let ns1: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s2: Option<&'a serde_json::Value> = q.field(s0, "adjusted");
    let ns2: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s3: Option<&'a serde_json::Value> = q.field(s0, "execution_rate_pct");
    let ns3: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(30);
    let l0: Value<'a> = match { let x = super::number_of(s1, &ns1); let y = super::number_of(s2, &ns2); match (x, y) { (Some(x), Some(y)) => x.checked_div(y), _ => None } }.map_or(Value::Missing, Value::Num) { Value::Missing => { let x = super::number_of(s3, &ns3); let y = Some(Decimal::deserialize([0, 0, 0, 0, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => x.checked_div(y), _ => None } }.map_or(Value::Missing, Value::Num), v => v };
    q.see(&l0);
    q.count(15);
    let l1: Value<'a> = { let mut args: [Value<'a>; 4] = [{ let v = lend(q.param(22)); q.see(&v); v }, { let v = lend(q.param(24)); q.see(&v); v }, { let v = lend(q.param(26)); q.see(&v); v }, { let v = lend(q.param(28)); q.see(&v); v }]; let v = functions::apply(Func::Max, &mut args, q.unit); q.see(&v); v };
    q.see(&l1);
    q.count(72);
    let when = { let x = { let x = { let x = match ops::from_truth(ops::equals_plain_text(&Cow::<Value<'a>>::Owned({ let j = Some(q.root); let j = q.field(j, "kind"); Place::of(j) }.value()), "project")) { Value::Missing => Some(false), v => ops::truth(&v) }; if x == Some(false) { Some(false) } else { ops::and(x, match ops::from_truth({ let x = super::number_of(s2, &ns2); let y = Some(Decimal::deserialize([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => Some(x > y), _ => None } }) { Value::Missing => Some(true), v => ops::truth(&v) }) } }; if x == Some(false) { Some(false) } else { ops::and(x, match ops::from_truth({ let x = super::number_of(s1, &ns1); let y = Some(Decimal::deserialize([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => Some(x >= y), _ => None } }) { Value::Missing => Some(true), v => ops::truth(&v) }) } }; if x == Some(false) { Some(false) } else { ops::and(x, { let x = l0.as_num(); let y = l1.as_num(); match (x, y) { (Some(x), Some(y)) => Some(x < y), _ => None } }) } };
    if when != Some(true) {
        return q.sure();
    }
    let s4: Option<&'a serde_json::Value> = q.field(Some(q.subject), "self_evaluation");
    let ns4: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s5: Option<&'a serde_json::Value> = q.field(s4, "score");
    let ns5: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(15);
    let l2: Value<'a> = { let mut args: [Value<'a>; 4] = [{ let v = lend(q.param(23)); q.see(&v); v }, { let v = lend(q.param(25)); q.see(&v); v }, { let v = lend(q.param(27)); q.see(&v); v }, { let v = lend(q.param(29)); q.see(&v); v }]; let v = functions::apply(Func::Max, &mut args, q.unit); q.see(&v); v };
    q.see(&l2);
    q.count(75);
    let l3: Value<'a> = { let mut args: [Value<'a>; 4] = [{ let v = match { let x = l0.as_num(); let y = lend(q.param(22)).as_num(); match (x, y) { (Some(x), Some(y)) => Some(x < y), _ => None } } { Some(true) => lend(q.param(23)), Some(false) => l2.clone(), None => Value::Missing }; q.see(&v); v }, { let v = match { let x = l0.as_num(); let y = lend(q.param(24)).as_num(); match (x, y) { (Some(x), Some(y)) => Some(x < y), _ => None } } { Some(true) => lend(q.param(25)), Some(false) => l2.clone(), None => Value::Missing }; q.see(&v); v }, { let v = match { let x = l0.as_num(); let y = lend(q.param(26)).as_num(); match (x, y) { (Some(x), Some(y)) => Some(x < y), _ => None } } { Some(true) => lend(q.param(27)), Some(false) => l2.clone(), None => Value::Missing }; q.see(&v); v }, { let v = match { let x = l0.as_num(); let y = lend(q.param(28)).as_num(); match (x, y) { (Some(x), Some(y)) => Some(x < y), _ => None } } { Some(true) => lend(q.param(29)), Some(false) => l2.clone(), None => Value::Missing }; q.see(&v); v }]; let v = functions::apply(Func::Min, &mut args, q.unit); q.see(&v); v };
    q.see(&l3);
    q.count(12);
    let holds = { let x = super::number_of(s5, &ns5); let y = l3.as_num(); match (x, y) { (Some(x), Some(y)) => Some(x <= y), _ => None } };
    holds != Some(false) && q.sure()
}

/// `score-exceeds-weight`
fn r29<'a>(q: &mut Q<'_, 'a>) -> bool {
    let s0: Option<&'a serde_json::Value> = q.field(Some(q.subject), "execution_score");
    let ns0: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s1: Option<&'a serde_json::Value> = q.field(Some(q.subject), "execution_weight");
    let ns1: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s2: Option<&'a serde_json::Value> = q.field(Some(q.subject), "weight");
    let ns2: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(21);
    let l0: Option<bool> = { let x = Some(super::test_of(s0, &ns0, Func::Exists)); if x == Some(true) { Some(true) } else { ops::or(x, Some(super::test_of(s1, &ns1, Func::Exists))) } };
    q.count(18);
    let l2: Value<'a> = match l0 { Some(true) => Place::of(s1).value(), Some(false) => Place::of(s2).value(), None => Value::Missing };
    q.see(&l2);
    q.count(9);
    let when = { let x = l2.as_num(); let y = Some(Decimal::deserialize([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => Some(x >= y), _ => None } };
    if when != Some(true) {
        return q.sure();
    }
    let s3: Option<&'a serde_json::Value> = q.field(Some(q.subject), "score");
    let ns3: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(18);
    let l1: Value<'a> = match l0 { Some(true) => Place::of(s0).value(), Some(false) => Place::of(s3).value(), None => Value::Missing };
    q.see(&l1);
    q.count(21);
    let holds = { let x = { let x = l1.as_num(); let y = Some(Decimal::deserialize([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => Some(x >= y), _ => None } }; if x == Some(false) { Some(false) } else { ops::and(x, { let x = l1.as_num(); let y = l2.as_num(); match (x, y) { (Some(x), Some(y)) => Some(x <= y), _ => None } }) } };
    holds != Some(false) && q.sure()
}

/// `score-out-of-range`
fn r30<'a>(q: &mut Q<'_, 'a>) -> bool {
    let s0: Option<&'a serde_json::Value> = q.field(Some(q.subject), "score");
    let ns0: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(27);
    let holds = { let x = { let x = super::number_of(s0, &ns0); let y = Some(Decimal::deserialize([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => Some(x >= y), _ => None } }; if x == Some(false) { Some(false) } else { ops::and(x, { let x = super::number_of(s0, &ns0); let y = Some(Decimal::deserialize([0, 0, 0, 0, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => Some(x <= y), _ => None } }) } };
    holds != Some(false) && q.sure()
}

/// `score-sum-mismatch`
fn r31<'a>(q: &mut Q<'_, 'a>) -> bool {
    let s0: Option<&'a serde_json::Value> = q.field(Some(q.subject), "indicators");
    let ns0: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(15);
    let when = { let x = match Place::of(s0).value() { Value::Text(t) => Value::Num(t.chars().count().into()), list => list.element_count().map_or(Value::Missing, |n| Value::Num(n.into())) }.as_num(); let y = Some(Decimal::deserialize([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => Some(x > y), _ => None } };
    if when != Some(true) {
        return q.sure();
    }
    let s1: Option<&'a serde_json::Value> = q.field(Some(q.subject), "self_evaluation");
    let ns1: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s2: Option<&'a serde_json::Value> = q.field(s1, "execution_score");
    let ns2: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s3: Option<&'a serde_json::Value> = q.field(s1, "score");
    let ns3: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(9);
    let l0: Value<'a> = { let list = Cow::<Value<'a>>::Owned(Place::of(s0).value()); q.gather(&list, Func::Sum, 6, |q: &mut Q<'_, 'a>, b0: &Value<'a>| match Some(true) { None => None, Some(false) => Some(None), Some(true) => Some(Some(match q.base(b0, true) { Place::Json(j) => { let j = Some(j); let j = q.field(j, "score"); Place::of(j) }, other => other }.value())) }) };
    q.see(&l0);
    q.count(12);
    let l1: Value<'a> = { let v = ops::arith(Arith::Add, &Cow::<Value<'a>>::Owned(Place::of(s2).value()), &Cow::<Value<'a>>::Borrowed(&l0)); q.see(&v); v };
    q.see(&l1);
    q.count(21);
    let holds = { let x = { let x = super::number_of(s3, &ns3); let y = l1.as_num(); match (x, y) { (Some(x), Some(y)) => x.checked_sub(y), _ => None } }.map(|d| d.abs()); let y = lend(q.param(8)).as_num(); match (x, y) { (Some(x), Some(y)) => Some(x <= y), _ => None } };
    holds != Some(false) && q.sure()
}

/// `weights-nonstandard`
fn r32<'a>(q: &mut Q<'_, 'a>) -> bool {
    let s0: Option<&'a serde_json::Value> = q.field(Some(q.subject), "self_evaluation");
    let ns0: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s1: Option<&'a serde_json::Value> = q.field(s0, "execution_weight");
    let ns1: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    let s2: Option<&'a serde_json::Value> = q.field(Some(q.subject), "indicators");
    let ns2: std::cell::OnceCell<Option<Decimal>> = std::cell::OnceCell::new();
    q.count(6);
    let l0: Value<'a> = Place::of(s1).value();
    q.see(&l0);
    q.count(33);
    let l1: Option<bool> = { let x = match ops::from_truth({ let x = match Place::of(s2).value() { Value::Text(t) => Value::Num(t.chars().count().into()), list => list.element_count().map_or(Value::Missing, |n| Value::Num(n.into())) }.as_num(); let y = Some(Decimal::deserialize([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); match (x, y) { (Some(x), Some(y)) => Some(x > y), _ => None } }) { Value::Missing => Some(false), v => ops::truth(&v) }; if x == Some(false) { Some(false) } else { ops::and(x, ops::truth(&{ let list = Cow::<Value<'a>>::Owned(Place::of(s2).value()); q.any_all(&list, true, 87, |q: &mut Q<'_, 'a>, b0: &Value<'a>| { let x = Some(match q.base(b0, true) { Place::Json(j) => { let j = Some(j); let j = q.field(j, "weight"); Place::of(j) }, other => other }.test(Func::Exists)); if x == Some(false) { Some(false) } else { ops::and(x, match ops::from_truth({ let x = { let x = { let x = ops::member(&Cow::<Value<'a>>::Owned(match match q.base(b0, true) { Place::Json(j) => { let j = Some(j); let j = q.field(j, "level1"); Place::of(j) }, other => other }.value() { Value::Text(t) => Value::Text(trim_text(t)), _ => Value::Missing }), &Cow::<Value<'a>>::Borrowed(q.param(13))).map(|m| m != false); if x == Some(true) { Some(true) } else { ops::or(x, ops::member(&Cow::<Value<'a>>::Owned(match match q.base(b0, true) { Place::Json(j) => { let j = Some(j); let j = q.field(j, "level1"); Place::of(j) }, other => other }.value() { Value::Text(t) => Value::Text(trim_text(t)), _ => Value::Missing }), &Cow::<Value<'a>>::Borrowed(q.param(16))).map(|m| m != false)) } }; if x == Some(true) { Some(true) } else { ops::or(x, ops::member(&Cow::<Value<'a>>::Owned(match match q.base(b0, true) { Place::Json(j) => { let j = Some(j); let j = q.field(j, "level1"); Place::of(j) }, other => other }.value() { Value::Text(t) => Value::Text(trim_text(t)), _ => Value::Missing }), &Cow::<Value<'a>>::Borrowed(q.param(14))).map(|m| m != false)) } }; if x == Some(true) { Some(true) } else { ops::or(x, ops::member(&Cow::<Value<'a>>::Owned(match match q.base(b0, true) { Place::Json(j) => { let j = Some(j); let j = q.field(j, "level1"); Place::of(j) }, other => other }.value() { Value::Text(t) => Value::Text(trim_text(t)), _ => Value::Missing }), &Cow::<Value<'a>>::Borrowed(q.param(15))).map(|m| m != false)) } }) { Value::Missing => Some(false), v => ops::truth(&v) }) } }) })) } };
    q.count(12);
    let when = { let x = Some(Place::Value(l0.clone()).test(Func::Exists)); if x == Some(true) { Some(true) } else { ops::or(x, l1) } };
    if when != Some(true) {
        return q.sure();
    }
    q.count(9);
    let l2: Value<'a> = { let list = Cow::<Value<'a>>::Owned(Place::of(s2).value()); q.gather(&list, Func::Sum, 39, |q: &mut Q<'_, 'a>, b0: &Value<'a>| match { let x = ops::member(&Cow::<Value<'a>>::Owned(match match q.base(b0, true) { Place::Json(j) => { let j = Some(j); let j = q.field(j, "level1"); Place::of(j) }, other => other }.value() { Value::Text(t) => Value::Text(trim_text(t)), _ => Value::Missing }), &Cow::<Value<'a>>::Borrowed(q.param(13))).map(|m| m != false); if x == Some(true) { Some(true) } else { ops::or(x, ops::member(&Cow::<Value<'a>>::Owned(match match q.base(b0, true) { Place::Json(j) => { let j = Some(j); let j = q.field(j, "level1"); Place::of(j) }, other => other }.value() { Value::Text(t) => Value::Text(trim_text(t)), _ => Value::Missing }), &Cow::<Value<'a>>::Borrowed(q.param(16))).map(|m| m != false)) } } { None => None, Some(false) => Some(None), Some(true) => Some(Some(match q.base(b0, true) { Place::Json(j) => { let j = Some(j); let j = q.field(j, "weight"); Place::of(j) }, other => other }.value())) }) };
    q.see(&l2);
    q.count(9);
    let l3: Value<'a> = { let list = Cow::<Value<'a>>::Owned(Place::of(s2).value()); q.gather(&list, Func::Sum, 21, |q: &mut Q<'_, 'a>, b0: &Value<'a>| match ops::member(&Cow::<Value<'a>>::Owned(match match q.base(b0, true) { Place::Json(j) => { let j = Some(j); let j = q.field(j, "level1"); Place::of(j) }, other => other }.value() { Value::Text(t) => Value::Text(trim_text(t)), _ => Value::Missing }), &Cow::<Value<'a>>::Borrowed(q.param(14))).map(|m| m != false) { None => None, Some(false) => Some(None), Some(true) => Some(Some(match q.base(b0, true) { Place::Json(j) => { let j = Some(j); let j = q.field(j, "weight"); Place::of(j) }, other => other }.value())) }) };
    q.see(&l3);
    q.count(9);
    let l4: Value<'a> = { let list = Cow::<Value<'a>>::Owned(Place::of(s2).value()); q.gather(&list, Func::Sum, 21, |q: &mut Q<'_, 'a>, b0: &Value<'a>| match ops::member(&Cow::<Value<'a>>::Owned(match match q.base(b0, true) { Place::Json(j) => { let j = Some(j); let j = q.field(j, "level1"); Place::of(j) }, other => other }.value() { Value::Text(t) => Value::Text(trim_text(t)), _ => Value::Missing }), &Cow::<Value<'a>>::Borrowed(q.param(15))).map(|m| m != false) { None => None, Some(false) => Some(None), Some(true) => Some(Some(match q.base(b0, true) { Place::Json(j) => { let j = Some(j); let j = q.field(j, "weight"); Place::of(j) }, other => other }.value())) }) };
    q.see(&l4);
    q.count(21);
    let l5: Option<bool> = { let x = Some(Place::Value(l0.clone()).test(Func::Exists)).map(|b| !b); if x == Some(true) { Some(true) } else { ops::or(x, ops::compare(Cmp::Eq, &Cow::<Value<'a>>::Borrowed(&l0), &Cow::<Value<'a>>::Borrowed(q.param(9)))) } };
    q.count(42);
    let l6: Option<bool> = { let x = l1.map(|b| !b); if x == Some(true) { Some(true) } else { ops::or(x, { let x = { let x = ops::compare(Cmp::Eq, &Cow::<Value<'a>>::Borrowed(&l2), &Cow::<Value<'a>>::Borrowed(q.param(10))); if x == Some(false) { Some(false) } else { ops::and(x, ops::compare(Cmp::Eq, &Cow::<Value<'a>>::Borrowed(&l3), &Cow::<Value<'a>>::Borrowed(q.param(11)))) } }; if x == Some(false) { Some(false) } else { ops::and(x, ops::compare(Cmp::Eq, &Cow::<Value<'a>>::Borrowed(&l4), &Cow::<Value<'a>>::Borrowed(q.param(12)))) } }) } };
    q.count(9);
    let holds = { let x = l5; if x == Some(false) { Some(false) } else { ops::and(x, l6) } };
    holds != Some(false) && q.sure()
}

static K1_0: LazyLock<Value<'static>> = LazyLock::new(|| Value::List(std::sync::Arc::from(vec![])));
static K11_0: LazyLock<Value<'static>> = LazyLock::new(|| Value::List(std::sync::Arc::from(vec![])));
static K15_0: LazyLock<Value<'static>> = LazyLock::new(|| Value::List(std::sync::Arc::from(vec![Value::Text(Cow::Borrowed("%")), Value::Text(Cow::Borrowed("％"))])));
static K15_1: LazyLock<Value<'static>> = LazyLock::new(|| Value::List(std::sync::Arc::from(vec![Value::Text(Cow::Borrowed("%")), Value::Text(Cow::Borrowed("％"))])));
static K17_0: LazyLock<Value<'static>> = LazyLock::new(|| Value::List(std::sync::Arc::from(vec![])));
static K20_0: LazyLock<Value<'static>> = LazyLock::new(|| Value::List(std::sync::Arc::from(vec![])));
static K21_0: LazyLock<Value<'static>> = LazyLock::new(|| Value::List(std::sync::Arc::from(vec![])));
static K21_1: LazyLock<Value<'static>> = LazyLock::new(|| Value::List(std::sync::Arc::from(vec![])));
static K26_0: LazyLock<Value<'static>> = LazyLock::new(|| Value::List(std::sync::Arc::from(vec![Value::Text(Cow::Borrowed("≥")), Value::Text(Cow::Borrowed(">=")), Value::Text(Cow::Borrowed(">"))])));
static K26_1: LazyLock<Value<'static>> = LazyLock::new(|| Value::List(std::sync::Arc::from(vec![Value::Text(Cow::Borrowed("≤")), Value::Text(Cow::Borrowed("<=")), Value::Text(Cow::Borrowed("<"))])));
static K27_0: LazyLock<Value<'static>> = LazyLock::new(|| Value::List(std::sync::Arc::from(vec![Value::Text(Cow::Borrowed("≥")), Value::Text(Cow::Borrowed(">=")), Value::Text(Cow::Borrowed(">"))])));

/// (rule, fingerprint of its checked trees, pass, most values one node pays for, weight of
/// its heaviest literal)
#[allow(clippy::type_complexity)]
pub(super) static PASSES: &[(&str, u64, for<'q, 'a> fn(&mut Q<'q, 'a>) -> bool, u64, u64)] = &[
    ("budget-adjustment-large", 0xc9eb71386e444e8b, r0, 3, 0),
    ("budget-adjustment-unexplained", 0xbbefdae286c4c302, r1, 3, 0),
    ("budget-amount-negative", 0x5a5293dacce87c15, r2, 3, 0),
    ("executed-exceeds-budget", 0xfd0de52ac6b468a8, r3, 3, 0),
    ("execution-rate-low", 0x5cf38d1b63fdbc20, r4, 3, 0),
    ("execution-rate-mismatch", 0x1428103055e7dc80, r5, 3, 0),
    ("execution-rate-wrong-base", 0xc644580e94fff431, r6, 3, 0),
    ("funding-sources-sum-mismatch", 0xa1667c9bdda94b9b, r7, 3, 0),
    ("project-budgets-exceed-total", 0xf1e4e8636d5c476e, r8, 3, 1),
    ("indicator-actual-missing", 0x0de6d3e8a4869a66, r9, 3, 0),
    ("indicator-approximate-value", 0x032e1fc2d3fcb525, r10, 3, 0),
    ("indicator-count-mismatch", 0x4f8b50fa1d205b87, r11, 3, 0),
    ("indicator-dimension-missing", 0xf61d86fb88b5e8fd, r12, 3, 0),
    ("indicator-level-invalid", 0x750d566ead0c3ff8, r13, 3, 0),
    ("indicator-not-quantified", 0x68f2114655765f82, r14, 3, 0),
    ("indicator-unit-missing", 0x5eea4993843e35c3, r15, 3, 2),
    ("mid-year-monitoring-missing", 0xb14203478076fb2b, r16, 3, 0),
    ("monitoring-count-mismatch", 0x49611d9334539b46, r17, 3, 0),
    ("claimed-rate-mismatch", 0xe1ae81270aadba0c, r18, 3, 0),
    ("problems-missing", 0x62bf5fb7d995f7ef, r20, 3, 0),
    ("problems-without-improvements", 0xfb585c0059652abf, r21, 3, 0),
    ("deviation-unexplained", 0xe413b6e555b73be4, r22, 3, 0),
    ("execution-score-mismatch", 0xdd975bde65f35a67, r23, 3, 0),
    ("full-score-on-missed-target", 0x5d5db17f4506cf1f, r24, 3, 3),
    ("grade-mismatch", 0x9ed59ba0f5a26a75, r25, 3, 0),
    ("indicator-score-not-proportional", 0x9b88fa097e764243, r26, 3, 3),
    ("overachievement-unexplained", 0xf0c7b914eaadadc0, r27, 3, 3),
    ("score-exceeds-execution-cap", 0xb75a612687f7c972, r28, 4, 0),
    ("score-exceeds-weight", 0x115a8e28ca35982a, r29, 3, 1),
    ("score-out-of-range", 0x871fac97052f3599, r30, 3, 0),
    ("score-sum-mismatch", 0x3ebd4de9e9a03203, r31, 3, 0),
    ("weights-nonstandard", 0x2f5639be8d1ee6f3, r32, 3, 0),
];
