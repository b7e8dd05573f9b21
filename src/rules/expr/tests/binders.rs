//! Binding forms: `v in list where cond` and `expr for v in list [where cond]`.

use super::*;

const REPORT: &str = r#"{
    "indicators": [
        {"name": "产出数量", "score": 10, "weight": 10, "kind": "产出指标", "items": [{"amount": 1}, {"amount": 2}]},
        {"name": "满意度", "score": 5, "weight": 10, "kind": "效益指标", "items": []},
        {"name": "时效", "score": 9, "weight": 5, "kind": "产出指标", "items": [{"amount": 4}]}
    ],
    "projects": [
        {"name": "甲", "score": 3},
        {"name": "乙"}
    ]
}"#;

#[test]
fn count_where() {
    let c = case(REPORT);
    assert_eq!(c.eval("count(i in @.indicators[*] where i.score < 9.5)"), num("2"));
    assert_eq!(c.eval(r#"count(i in @.indicators[*] where i.kind == "产出指标")"#), num("2"));
    assert_eq!(c.eval("count(i in @.indicators[*] where false)"), num("0"));
    assert_eq!(c.eval("count(i in @.indicators where true)"), num("3"), "a report array without [*]");
    assert_eq!(c.eval("count(p in @.projects[*] where p.score > 1)"), Value::Missing, "an unknown condition");
    assert_eq!(c.eval("count(p in @.projects[*] where exists(p.score) and p.score > 1)"), num("1"));
    assert_eq!(c.eval("count(x in @.nothing[*] where true)"), Value::Missing);
    assert_eq!(c.eval("count(i.name for i in @.indicators[*] where i.weight == 10)"), num("2"));
}

#[test]
fn any_and_all() {
    let c = case(REPORT);
    assert_eq!(c.bool("any(i in @.indicators[*] where i.score < 6)"), Some(true));
    assert_eq!(c.bool("any(i in @.indicators[*] where i.score > 10)"), Some(false));
    assert_eq!(c.bool("all(i in @.indicators[*] where i.score <= 10)"), Some(true));
    assert_eq!(c.bool("all(i in @.indicators[*] where i.score <= i.weight)"), Some(false));
    assert_eq!(c.bool("all(i in @.indicators[*] where i.score > 5)"), Some(false));
    assert_eq!(c.bool("any(x in [] where true)"), Some(false), "any of nothing");
    assert_eq!(c.bool("all(x in [] where false)"), Some(true), "all of nothing");
    // Kleene: an unknown element decides nothing unless the others leave it open.
    assert_eq!(c.bool("any(p in @.projects[*] where p.score > 1)"), Some(true));
    assert_eq!(c.bool("any(p in @.projects[*] where p.score > 5)"), None);
    assert_eq!(c.bool("all(p in @.projects[*] where p.score > 5)"), Some(false));
    assert_eq!(c.bool("all(p in @.projects[*] where p.score > 1)"), None);
}

#[test]
fn any_and_all_with_for() {
    let c = case(REPORT);
    assert_eq!(c.bool("any(i.score > 9 for i in @.indicators[*])"), Some(true));
    assert_eq!(c.bool("all(i.score > 4 for i in @.indicators[*])"), Some(true));
    assert_eq!(
        c.bool(r#"all(i.score >= 9 for i in @.indicators[*] where i.kind == "产出指标")"#),
        Some(true)
    );
    assert_eq!(
        c.bool(r#"any(i.score < 9 for i in @.indicators[*] where i.kind == "产出指标")"#),
        Some(false)
    );
    // An element whose condition is unknown: all = (not cond or expr), any = (cond and expr).
    assert_eq!(c.bool("all(true for p in @.projects[*] where p.score > 1)"), Some(true));
    assert_eq!(c.bool("any(false for p in @.projects[*] where p.score > 1)"), Some(false));
    assert_eq!(c.bool("any(true for p in @.projects[*] where p.score > 5)"), None);
}

#[test]
fn sum_min_max_with_for_and_where() {
    let c = case(REPORT);
    assert_eq!(c.eval("sum(i.weight for i in @.indicators[*])"), num("25"));
    assert_eq!(c.eval(r#"sum(i.score for i in @.indicators[*] where i.kind == "产出指标")"#), num("19"));
    assert_eq!(c.eval("sum(i.score * 2 for i in @.indicators[*] where i.score > 100)"), num("0"));
    assert_eq!(c.eval("sum(p.score for p in @.projects[*])"), Value::Missing, "a term is not computable");
    assert_eq!(c.eval("sum(p.score for p in @.projects[*] where exists(p.score))"), num("3"));
    assert_eq!(c.eval("min(i.score for i in @.indicators[*])"), num("5"));
    assert_eq!(c.eval("max(i.score / i.weight for i in @.indicators[*])"), num("1.8"));
    assert_eq!(c.eval("max(i.score for i in @.indicators[*] where false)"), Value::Missing);
    assert_eq!(c.eval("sum(x in [1, 2, 3, 4] where x > 2)"), num("7"), "the in form sums the elements");
    assert_eq!(c.eval("min(x in [4, 2, 3] where x > 2)"), num("3"));
}

#[test]
fn nested_binding_forms() {
    let c = case(REPORT);
    assert_eq!(c.eval("sum(sum(t.amount for t in i.items[*]) for i in @.indicators[*])"), num("7"));
    assert_eq!(c.eval("count(i in @.indicators[*] where any(t in i.items[*] where t.amount > 1))"), num("2"));
    assert_eq!(
        c.eval("count(i in @.indicators[*] where count(j in @.indicators[*] where j.score > i.score) == 0)"),
        num("1")
    );
}

#[test]
fn the_variable_is_visible_only_inside_the_call() {
    let err = compile_err("count(i in @.indicators[*] where true) + i.score");
    assert_eq!(err.message, "未知名称 `i`（unknown name）");
    // A bound variable hides a let value of the same name inside the call.
    let c = case(REPORT).with_let("rate", num("100"));
    assert_eq!(c.eval("sum(rate for rate in [1, 2])"), num("3"));
    assert_eq!(c.eval("sum(rate for rate in [1, 2]) + rate"), num("103"));
}

#[test]
fn binder_results_have_static_types() {
    assert_eq!(compile("count(i in @.indicators[*] where true)").ty(), Ty::Num);
    assert_eq!(compile("any(i in @.indicators[*] where true)").ty(), Ty::Bool);
    assert_eq!(compile("sum(i.score for i in @.indicators[*])").ty(), Ty::Num);
}
