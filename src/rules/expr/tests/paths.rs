//! Reading the report: `@`, `$`, fields, indices, `[*]`, and how JSON values become values.

use super::*;

const REPORT: &str = r#"{
    "amount_unit": "万元",
    "budget": {"adjusted": 2322.60, "executed": 2233.44, "execution_rate_pct": 96.20},
    "indicators": [
        {"name": "产出数量", "score": 10, "weight": 10, "kind": "产出指标", "items": [1, 2]},
        {"name": "满意度", "score": 8.5, "weight": 10, "kind": "效益指标", "items": []},
        {"name": "时效", "weight": 5, "items": [3]}
    ],
    "x-note": "备注",
    "in": true,
    "empty": [],
    "xs": [1e2, 1.5E-3, 123456789012345678901234567890123, null, false],
    "code": null
}"#;

#[test]
fn subject_and_root() {
    let c = case(REPORT).at("/budget");
    assert_eq!(c.eval("@.adjusted"), num("2322.60"));
    assert_eq!(c.eval("$.budget.adjusted"), num("2322.60"));
    assert_eq!(c.eval("$.amount_unit"), text("万元"));
    assert_eq!(c.eval("@.amount_unit"), Value::Missing);
    assert!(matches!(c.eval("@"), Value::Json(Json::Object(_))));
    assert!(matches!(c.eval("$"), Value::Json(Json::Object(_))));
}

#[test]
fn numbers_keep_their_printed_decimals() {
    let c = case(REPORT);
    assert_eq!(c.show("@.budget.adjusted"), "2322.60");
    assert_eq!(c.show("@.budget.execution_rate_pct"), "96.20");
    assert_eq!(c.eval("precision(@.budget.execution_rate_pct)"), num("2"));
    assert_eq!(c.eval("precision(@.budget.executed)"), num("2"));
    assert_eq!(c.eval("precision(@.indicators[0].score)"), num("0"));
}

#[test]
fn json_values_become_values() {
    let c = case(REPORT);
    assert_eq!(c.eval("@.xs[0]"), num("100"), "exponent notation");
    assert_eq!(c.eval("@.xs[1]"), num("0.0015"));
    assert_eq!(c.eval("@.xs[2]"), Value::Missing, "beyond a decimal's range");
    assert_eq!(c.eval("@.xs[3]"), Value::Missing, "null");
    assert_eq!(c.eval("@.xs[4]"), Value::Bool(false));
    assert_eq!(c.eval("@.code"), Value::Missing);
    assert_eq!(c.eval("@.indicators[0].name"), text("产出数量"));
    assert!(matches!(c.eval("@.indicators[0]"), Value::Json(Json::Object(_))));
    assert!(matches!(c.eval("@.indicators"), Value::Json(Json::Array(_))));
}

#[test]
fn quoted_fields_and_keyword_fields() {
    let c = case(REPORT);
    assert_eq!(c.eval(r#"@."x-note""#), text("备注"));
    assert_eq!(c.eval(r#"@.'x-note'"#), text("备注"));
    assert_eq!(c.eval("@.in"), Value::Bool(true));
}

#[test]
fn indices() {
    let c = case(REPORT);
    assert_eq!(c.eval("@.indicators[1].score"), num("8.5"));
    assert_eq!(c.eval("@.indicators[3].score"), Value::Missing, "out of range");
    assert_eq!(c.eval("@.indicators[2].score"), Value::Missing, "absent field");
    assert_eq!(c.eval("@.budget[0]"), Value::Missing, "an object has no index");
    assert_eq!(c.eval("@.budget.adjusted.value"), Value::Missing, "a number has no fields");
    assert_eq!(c.eval("@.nothing.name"), Value::Missing);
}

#[test]
fn wildcard_makes_a_list_and_later_steps_map_over_it() {
    let c = case(REPORT);
    assert_eq!(c.eval("@.indicators[*].weight"), list(vec![num("10"), num("10"), num("5")]));
    assert_eq!(
        c.eval("@.indicators[*].score"),
        list(vec![num("10"), num("8.5"), Value::Missing]),
        "elements lacking the field stay in the list as not computable"
    );
    assert_eq!(c.eval("@.indicators[*].items[0]"), list(vec![num("1"), Value::Missing, num("3")]));
    assert_eq!(
        c.eval("@.indicators[*].items[*]"),
        list(vec![num("1"), num("2"), num("3")]),
        "a second [*] splices the inner arrays"
    );
    assert_eq!(c.eval("@.empty[*]"), list(vec![]));
    assert_eq!(c.eval("@.nothing[*]"), Value::Missing);
    assert_eq!(c.eval("@.budget[*]"), Value::Missing, "an object is not an array");
    assert_eq!(c.eval("names[*]"), Value::Missing, "names is missing in this case");
}

#[test]
fn wildcard_on_a_list_value() {
    let c = case(REPORT).with_let("names", list(vec![text("a"), text("b")]));
    assert_eq!(c.eval("names[*]"), list(vec![text("a"), text("b")]));
    assert_eq!(c.eval("len(names)"), num("2"));
}

#[test]
fn lists_of_the_report_are_counted_and_tested() {
    let c = case(REPORT);
    assert_eq!(c.eval("len(@.indicators)"), num("3"));
    assert_eq!(c.eval("count(@.indicators)"), num("3"));
    assert_eq!(c.eval("count(@.indicators[*])"), num("3"));
    assert_eq!(c.eval("len(@.empty)"), num("0"));
    assert_eq!(c.bool("exists(@.empty[*])"), Some(true), "an empty list from a present array exists");
    assert_eq!(c.bool("exists(@.empty)"), Some(true));
    assert_eq!(c.bool("exists(@.nothing[*])"), Some(false));
    assert_eq!(c.eval("sum(@.indicators[*].weight)"), num("25"));
}

#[test]
fn paths_from_lets_and_bound_variables() {
    let root: &'static Json = Box::leak(Box::new(serde_json::from_str(REPORT).expect("json")));
    let first = root.pointer("/indicators/0").expect("pointer");
    let c = case(REPORT).with_let("names", Value::Json(first));
    assert_eq!(c.eval("names.name"), text("产出数量"));
    assert_eq!(c.eval("sum(i.score for i in @.indicators[*] where exists(i.score))"), num("18.5"));
}
