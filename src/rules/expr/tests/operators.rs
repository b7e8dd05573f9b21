//! Arithmetic, comparison, membership and precedence.

use super::*;

#[test]
fn arithmetic_is_exact() {
    assert_eq!(show("1 + 2"), "3");
    assert_eq!(show("5 - 7"), "-2");
    assert_eq!(show("2.5 * 4"), "10.0");
    assert_eq!(show("2.5 × 4"), "10.0");
    assert_eq!(show("1 / 4"), "0.25");
    assert_eq!(show("1 ÷ 4"), "0.25");
    assert_eq!(show("2233.44 / 2322.6 * 100"), "96.16119865667786101782485146");
    assert_eq!(show("-3"), "-3");
    assert_eq!(show("- -3"), "3");
    assert_eq!(show("-(1 - 4)"), "3");
}

#[test]
fn quotients_are_rounded_at_28_significant_digits() {
    assert_eq!(show("1 / 3"), "0.3333333333333333333333333333");
    assert_eq!(show("2 / 3 * 3"), "2.0000000000000000000000000001");
}

#[test]
fn precedence_follows_the_table() {
    assert_eq!(show("1 + 2 * 3"), "7");
    assert_eq!(show("(1 + 2) * 3"), "9");
    assert_eq!(show("10 - 4 - 3"), "3", "left associative");
    assert_eq!(show("24 / 4 / 2"), "3", "left associative");
    assert_eq!(show("-2 * 3"), "-6");
    assert_eq!(show("2 * -3"), "-6");
    assert_eq!(truth("1 + 1 == 2"), Some(true));
    assert_eq!(truth("not 1 == 2"), Some(true), "`not` binds looser than comparison");
    assert_eq!(truth("true or false and false"), Some(true), "`and` binds tighter than `or`");
    assert_eq!(truth("(true or false) and false"), Some(false));
    assert_eq!(truth("not true or true"), Some(true), "`not` binds tighter than `or`");
    assert_eq!(truth("not (true or true)"), Some(false));
}

#[test]
fn division_by_zero_and_overflow_are_not_computable() {
    assert_eq!(ev("1 / 0"), Value::Missing);
    assert_eq!(ev("1 / (2 - 2)"), Value::Missing);
    assert_eq!(ev("79228162514264337593543950335 + 1"), Value::Missing);
    assert_eq!(ev("79228162514264337593543950335 * 2"), Value::Missing);
    assert_eq!(ev("-79228162514264337593543950335 - 1"), Value::Missing);
    assert_eq!(ev("79228162514264337593543950335 / 0.1"), Value::Missing);
    // Not computable spreads through arithmetic.
    assert_eq!(ev("(1 / 0) + 1"), Value::Missing);
    assert_eq!(ev("-(1 / 0)"), Value::Missing);
}

#[test]
fn plus_joins_texts() {
    assert_eq!(ev(r#""产出" + "指标""#), text("产出指标"));
    assert_eq!(ev(r#""1" + "2""#), text("12"), "two texts join even when both are numerals");
    assert_eq!(case(r#"{"a": "1"}"#).eval("@.a + 2"), num("3"), "a numeral text and a number add");
    let c = case(r#"{"name": "项目A", "code": "2021"}"#);
    assert_eq!(c.eval(r#"@.name + "（" + @.code + "）""#), text("项目A（2021）"));
    assert_eq!(compile(r#""a" + "b""#).ty(), Ty::Text);
    assert_eq!(compile(r#""a" + @.name"#).ty(), Ty::Any);
}

#[test]
fn numeral_text_counts_as_a_number() {
    let c = case(r#"{"rate": "96.2", "n": 3, "name": "abc", "code": "1e3"}"#);
    assert_eq!(c.eval("@.rate + 1"), num("97.2"));
    assert_eq!(c.eval("@.rate * @.n"), num("288.6"));
    assert_eq!(c.eval("-@.rate"), num("-96.2"));
    assert_eq!(c.bool("@.rate == 96.20"), Some(true));
    assert_eq!(c.bool("@.rate > 96"), Some(true));
    assert_eq!(c.eval("@.name + 1"), Value::Missing, "other text is not a number");
    assert_eq!(c.eval("@.code * 1"), Value::Missing, "exponents are not plain numerals");
    assert_eq!(c.eval("@.name * @.n"), Value::Missing);
}

#[test]
fn comparisons() {
    for (src, want) in [
        ("1 < 2", true),
        ("2 < 1", false),
        ("1 <= 1", true),
        ("1 ≤ 0", false),
        ("2 > 1", true),
        ("1 > 1", false),
        ("1 >= 1", true),
        ("0 ≥ 1", false),
        ("1 == 1", true),
        ("1 == 2", false),
        ("1 != 2", true),
        ("1 ≠ 1", false),
        ("2500 == 2500.00", true),
        ("-0.0 == 0", true),
        (r#""a" == "a""#, true),
        (r#""a" != "b""#, true),
        ("true == true", true),
        ("true != false", true),
        ("[1, 2] == [1, 2.0]", true),
        ("[1, 2] == [1]", false),
        ("[1, 2] != [2, 1]", true),
    ] {
        assert_eq!(truth(src), Some(want), "{src}");
    }
}

#[test]
fn comparisons_with_report_texts() {
    let c = case(r#"{"a": "96.2", "b": "96.20", "n": "9", "xs": ["10"], "name": "产出指标", "kind": "≥"}"#);
    assert_eq!(c.bool("@.a == @.b"), Some(true), "two numerals compare as numbers");
    assert_eq!(c.bool("@.n < @.xs[0]"), Some(true), "9 < 10 as numbers, not as texts");
    assert_eq!(c.bool(r#"@.name == "产出指标""#), Some(true));
    assert_eq!(c.bool(r#"@.name != "效益指标""#), Some(true));
    assert_eq!(c.bool("@.name == @.kind"), Some(false));
    assert_eq!(c.bool("@.name < @.kind"), None, "text orders only as numbers");
    assert_eq!(c.bool("@.name == 5"), None, "a number and other text do not compare");
    assert_eq!(c.bool("@.a == true"), None);
}

#[test]
fn comparisons_with_missing_values_are_not_computable() {
    for op in ["==", "!=", "<", "<=", ">", ">="] {
        assert_eq!(truth(&format!("@.nothing {op} 1")), None, "{op}");
        assert_eq!(truth(&format!("1 {op} @.nothing")), None, "{op}");
    }
}

#[test]
fn membership() {
    assert_eq!(truth("2 in [1, 2, 3]"), Some(true));
    assert_eq!(truth("4 in [1, 2, 3]"), Some(false));
    assert_eq!(truth("4 not in [1, 2, 3]"), Some(true));
    assert_eq!(truth("2 not in [1, 2.0]"), Some(false));
    assert_eq!(truth(r#""产出指标" in kinds"#), Some(true));
    assert_eq!(truth(r#""满意度指标" in kinds"#), Some(false));
    assert_eq!(truth("1 in []"), Some(false));
    assert_eq!(truth("@.nothing in [1]"), None);
    assert_eq!(truth("@.nothing not in [1]"), None);
    let c = case(r#"{"xs": [1, null, 3], "kind": "效益指标", "items": ["a", "b"]}"#);
    assert_eq!(c.bool("3 in @.xs"), Some(true), "found despite an unknown element");
    assert_eq!(c.bool("2 in @.xs"), None, "not found, but the null could have been 2");
    assert_eq!(c.bool("@.kind in kinds"), Some(true));
    assert_eq!(c.bool(r#""b" in @.items"#), Some(true));
    assert_eq!(c.bool("1 in @.kind"), None, "text is not a list");
}

#[test]
fn types_of_operators() {
    assert_eq!(compile("1 + 2").ty(), Ty::Num);
    assert_eq!(compile("@.a + 2").ty(), Ty::Num);
    assert_eq!(compile("@.a + @.b").ty(), Ty::Any);
    assert_eq!(compile("@.a * @.b").ty(), Ty::Num);
    assert_eq!(compile("-@.a").ty(), Ty::Num);
    assert_eq!(compile("@.a < 1").ty(), Ty::Bool);
    assert_eq!(compile("@.a in [1]").ty(), Ty::Bool);
    assert_eq!(compile("not @.a").ty(), Ty::Bool);
    assert_eq!(compile("@.a and @.b").ty(), Ty::Bool);
    assert_eq!(compile("@.a").ty(), Ty::Any);
    assert_eq!(compile("@.a[*]").ty(), Ty::List);
    assert_eq!(compile("rate").ty(), Ty::Num);
}

#[test]
fn equality_with_a_plain_text_is_equality_as_the_operator_answers_it() {
    use crate::rules::expr::ops::{equals, equals_plain_text};
    use crate::rules::expr::value::Value;
    use rust_decimal::Decimal;
    use std::borrow::Cow;
    let list = Value::List(vec![Value::Text("%".into())].into());
    let report = serde_json::json!(["a"]);
    let values = [
        Value::Missing,
        Value::Bool(true),
        Value::Num(Decimal::new(5, 0)),
        Value::Text(Cow::Borrowed("")),
        Value::Text(Cow::Borrowed("%")),
        Value::Text(Cow::Borrowed("5")),
        Value::Text(Cow::Borrowed("产出指标")),
        list,
        Value::Json(&report),
    ];
    for text in ["", "%", "产出指标", "a"] {
        for v in &values {
            let literal = Value::Text(Cow::Borrowed(text));
            assert_eq!(equals_plain_text(v, text), equals(v, &literal), "{v:?} == {text:?}");
        }
    }
}
