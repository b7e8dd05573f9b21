//! Three-valued (Kleene) logic with "not computable".

use super::*;

/// The three truth values as expressions; `@.nothing` is absent, so not computable.
const T: &str = "true";
const F: &str = "false";
const U: &str = "@.nothing";

#[test]
fn kleene_and() {
    let table = [
        (T, T, Some(true)),
        (T, F, Some(false)),
        (T, U, None),
        (F, T, Some(false)),
        (F, F, Some(false)),
        (F, U, Some(false)),
        (U, T, None),
        (U, F, Some(false)),
        (U, U, None),
    ];
    for (a, b, want) in table {
        assert_eq!(truth(&format!("{a} and {b}")), want, "{a} and {b}");
    }
}

#[test]
fn kleene_or() {
    let table = [
        (T, T, Some(true)),
        (T, F, Some(true)),
        (T, U, Some(true)),
        (F, T, Some(true)),
        (F, F, Some(false)),
        (F, U, None),
        (U, T, Some(true)),
        (U, F, None),
        (U, U, None),
    ];
    for (a, b, want) in table {
        assert_eq!(truth(&format!("{a} or {b}")), want, "{a} or {b}");
    }
}

#[test]
fn kleene_not() {
    assert_eq!(truth("not true"), Some(false));
    assert_eq!(truth("not false"), Some(true));
    assert_eq!(truth("not @.nothing"), None);
    assert_eq!(truth("not not true"), Some(true));
}

#[test]
fn values_that_are_not_booleans_are_unknown_in_logic() {
    let c = case(r#"{"a": 1, "b": "yes"}"#);
    assert_eq!(c.bool("@.a and true"), None);
    assert_eq!(c.bool("@.a and false"), Some(false));
    assert_eq!(c.bool("@.b or true"), Some(true));
    assert_eq!(c.bool("not @.b"), None);
}

#[test]
fn the_right_side_is_skipped_once_the_left_decides() {
    assert_eq!(truth("false and 1 / 0 > 0"), Some(false));
    assert_eq!(truth("true or 1 / 0 > 0"), Some(true));
    assert_eq!(truth("true and 1 / 0 > 0"), None);
}

#[test]
fn eval_bool_is_none_for_non_booleans() {
    assert_eq!(truth("1"), None);
    assert_eq!(truth(r#""true""#), None);
    assert_eq!(truth("@.nothing"), None);
    assert_eq!(truth("1 < 2"), Some(true));
}

#[test]
fn missing_data_needs_exists_or_default_to_fire() {
    // A rule fires where its assertion is false: on missing data it is neither.
    let c = case(r#"{"budget": {"adjusted": 100}}"#);
    assert_eq!(c.bool("@.budget.executed <= @.budget.adjusted"), None);
    assert_eq!(c.bool("exists(@.budget.executed)"), Some(false));
    assert_eq!(c.bool("default(@.budget.executed, 0) <= @.budget.adjusted"), Some(true));
    assert_eq!(c.bool("not exists(@.budget.executed) or @.budget.executed <= @.budget.adjusted"), Some(true));
}
