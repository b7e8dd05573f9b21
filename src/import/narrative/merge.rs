//! One document read twice: its 自评表 through the form layouts and its prose through the
//! phrasings, merged into one report.
//!
//! The table wins wherever it has a value: a labelled cell is read with less room for doubt
//! than a sentence. The prose fills what the table lacks (the declared indicator count, the
//! monitoring statement, growth claims, problems in the text). Where both state a value and
//! they differ, the table's stays and a note names both, so the clerk can correct one of them.

use super::extract::{convert, number};
use crate::diagnostic::{Diagnostic, Severity};
use crate::import::form::{IMPORT, Imported};
use crate::import::values::MoneyUnit;
use rust_decimal::Decimal;
use serde_json::Value;
use std::str::FromStr;

/// The money amounts of a report that follow its `amount_unit`.
const MONEY: &[&str] = &["initial", "adjusted", "executed"];

/// Merges the form import and the narrative extraction of the same document.
pub fn merge(form: Imported, narrative: Imported) -> Imported {
    let form_found = form.report.as_object().is_some_and(|m| !m.is_empty());
    if !form_found {
        // No 自评表 in the document: the prose is all there is, and not finding a form is no news.
        return narrative;
    }
    let mut narrative = narrative;
    let mut notes = Vec::new();
    align_units(&form.report, &mut narrative.report, &mut notes);
    let mut report = form.report.clone();
    let mut taken: Vec<String> = Vec::new();
    merge_value(&mut report, &narrative.report, "", &mut taken, &mut notes, &narrative);
    let mut sources = form.sources;
    sources.extend(
        narrative.sources.into_iter().filter(|(pointer, _)| {
            taken.iter().any(|t| pointer == t || pointer.starts_with(&format!("{t}/")))
        }),
    );
    let filled = |pointer: &Option<String>| pointer.as_deref().is_some_and(|p| report.pointer(p).is_some());
    let mut all = Vec::new();
    for note in form.notes.into_iter().chain(narrative.notes) {
        // "Not found" from one side is answered when the other side filled the field.
        if note.severity == Severity::Info && filled(&note.pointer) {
            continue;
        }
        all.push(note);
    }
    all.extend(notes);
    Imported { report, sources, notes: all }
}

/// Converts the prose's amounts to the table's unit when the two print different units.
fn align_units(form: &Value, narrative: &mut Value, notes: &mut Vec<Diagnostic>) {
    let unit_of =
        |report: &Value| report.get("amount_unit").and_then(Value::as_str).and_then(MoneyUnit::parse);
    let (Some(to), Some(from)) = (unit_of(form), unit_of(narrative)) else { return };
    if to == from {
        return;
    }
    if let Some(budget) = narrative.get_mut("budget").and_then(Value::as_object_mut) {
        for key in MONEY {
            let Some(value) = budget.get(*key).and_then(decimal) else { continue };
            match convert(value, from, to) {
                Some(converted) => {
                    budget.insert((*key).to_string(), number(converted.normalize()));
                }
                None => {
                    budget.remove(*key);
                    notes.push(
                        Diagnostic::new(
                            IMPORT,
                            Severity::Warning,
                            "正文金额换算后超出可精确表示的范围，未采用",
                        )
                        .with_pointer(format!("/budget/{key}")),
                    );
                }
            }
        }
    }
    if let Some(object) = narrative.as_object_mut() {
        object.insert("amount_unit".into(), Value::String(to.as_str().into()));
    }
}

fn decimal(value: &Value) -> Option<Decimal> {
    match value {
        Value::Number(n) => Decimal::from_str(&n.to_string()).ok(),
        Value::String(s) => Decimal::from_str(s).ok(),
        _ => None,
    }
}

fn same(a: &Value, b: &Value) -> bool {
    match (decimal(a), decimal(b)) {
        (Some(x), Some(y)) if a.is_number() || b.is_number() => x == y,
        _ => a == b,
    }
}

fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn merge_value(
    into: &mut Value,
    from: &Value,
    pointer: &str,
    taken: &mut Vec<String>,
    notes: &mut Vec<Diagnostic>,
    narrative: &Imported,
) {
    let (Value::Object(target), Value::Object(source)) = (into, from) else { return };
    for (key, value) in source {
        let child = format!("{pointer}/{key}");
        match target.get_mut(key) {
            None => {
                target.insert(key.clone(), value.clone());
                taken.push(child);
            }
            Some(existing @ Value::Object(_)) if value.is_object() => {
                merge_value(existing, value, &child, taken, notes, narrative);
            }
            Some(existing) => {
                if key.starts_with("x-") || existing.is_array() || same(existing, value) {
                    continue;
                }
                let place = narrative
                    .sources
                    .iter()
                    .find(|(p, _)| *p == child)
                    .map_or_else(String::new, |(_, s)| format!("（{}）", s.label));
                notes.push(
                    Diagnostic::new(
                        IMPORT,
                        Severity::Warning,
                        format!(
                            "表格填“{}”，正文{place}写“{}”，两处不一致；采用表格的值",
                            shown(existing),
                            shown(value)
                        ),
                    )
                    .with_pointer(child),
                );
            }
        }
    }
}
