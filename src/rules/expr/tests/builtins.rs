//! Every built-in function (binding forms are in `binders.rs`).

use super::*;

const REPORT: &str = r#"{
    "name": "  项目A  ",
    "kind": "产出指标",
    "rate": "96.200",
    "n": 96.20,
    "xs": [3, 1.5, 2],
    "items": ["a", "b"],
    "text": "",
    "budget": {"adjusted": 1},
    "comparator": "≥",
    "code": "~"
}"#;

#[test]
fn exists() {
    let c = case(REPORT);
    assert_eq!(c.bool("exists(@.n)"), Some(true));
    assert_eq!(c.bool("exists(@.text)"), Some(true), "an empty text is present");
    assert_eq!(c.bool("exists(@.nothing)"), Some(false));
    assert_eq!(c.bool("exists(1 / 0)"), Some(false), "never not computable");
    assert_eq!(c.bool("exists(@.budget)"), Some(true));
    let nulls = case(r#"{"a": null}"#);
    assert_eq!(nulls.bool("exists(@.a)"), Some(false));
}

#[test]
fn default() {
    let c = case(REPORT);
    assert_eq!(c.eval("default(@.nothing, 0)"), num("0"));
    assert_eq!(c.eval("default(@.n, 0)"), num("96.20"));
    assert_eq!(c.eval("default(1 / 0, -1)"), num("-1"));
    assert_eq!(c.eval("default(@.nothing, @.nothing)"), Value::Missing);
    assert_eq!(compile("default(@.n, 0)").ty(), Ty::Any);
    assert_eq!(compile("default(rate, 0)").ty(), Ty::Num);
}

#[test]
fn type_tests() {
    let c = case(REPORT);
    assert_eq!(c.bool("is_number(@.n)"), Some(true));
    assert_eq!(c.bool("is_number(@.rate)"), Some(false), "a numeral text is not a number here");
    assert_eq!(c.bool("is_text(@.rate)"), Some(true));
    assert_eq!(c.bool("is_text(@.n)"), Some(false));
    assert_eq!(c.bool("is_number(@.nothing)"), Some(false));
    assert_eq!(c.bool("is_text(@.nothing)"), Some(false));
    assert_eq!(c.bool("is_number(@.xs)"), Some(false));
}

#[test]
fn len() {
    let c = case(REPORT);
    assert_eq!(c.eval("len(@.kind)"), num("4"), "characters, not bytes");
    assert_eq!(c.eval("len(@.text)"), num("0"));
    assert_eq!(c.eval("len(@.xs)"), num("3"));
    assert_eq!(c.eval("len(@.xs[*])"), num("3"));
    assert_eq!(c.eval("len([1, 2])"), num("2"));
    assert_eq!(c.eval("len(@.budget)"), Value::Missing, "an object has no length");
    assert_eq!(c.eval("len(@.n)"), Value::Missing);
    assert_eq!(c.eval("len(@.nothing)"), Value::Missing);
}

#[test]
fn count_any_all_over_lists() {
    let c = case(REPORT);
    assert_eq!(c.eval("count(@.xs)"), num("3"));
    assert_eq!(c.eval("count([])"), num("0"));
    assert_eq!(c.eval("count(@.nothing)"), Value::Missing);
    assert_eq!(c.bool("any([false, true])"), Some(true));
    assert_eq!(c.bool("any([])"), Some(false));
    assert_eq!(c.bool("all([])"), Some(true));
    assert_eq!(c.bool("all([true, @.nothing])"), None);
    assert_eq!(c.bool("all([false, @.nothing])"), Some(false));
    assert_eq!(c.bool("any([true, @.nothing])"), Some(true));
}

#[test]
fn sum() {
    let c = case(REPORT);
    assert_eq!(c.eval("sum(@.xs)"), num("6.5"));
    assert_eq!(c.eval("sum(@.xs[*])"), num("6.5"));
    assert_eq!(c.eval("sum([])"), num("0"));
    assert_eq!(c.eval("sum([1, @.nothing])"), Value::Missing, "not computable if any term is");
    assert_eq!(c.eval(r#"sum([1, "2.5"])"#), num("3.5"), "numeral texts count");
    assert_eq!(c.eval("sum(@.items)"), Value::Missing);
    assert_eq!(c.eval("sum([79228162514264337593543950335, 1])"), Value::Missing, "overflow");
}

#[test]
fn min_and_max() {
    let c = case(REPORT);
    assert_eq!(c.eval("min(3, 1, 2)"), num("1"));
    assert_eq!(c.eval("max(3, 1, 2)"), num("3"));
    assert_eq!(c.eval("min(@.xs)"), num("1.5"));
    assert_eq!(c.eval("max(@.xs[*])"), num("3"));
    assert_eq!(c.eval("max(5)"), num("5"));
    assert_eq!(c.eval("max(@.n, 100)"), num("100"));
    assert_eq!(c.eval("min(@.rate, 100)"), num("96.200"));
    assert_eq!(c.eval("min([])"), Value::Missing, "no smallest of nothing");
    assert_eq!(c.eval("max(1, @.nothing)"), Value::Missing);
    assert_eq!(c.eval("max(@.items)"), Value::Missing);
}

#[test]
fn abs() {
    assert_eq!(ev("abs(-2.50)"), num("2.50"));
    assert_eq!(ev("abs(3)"), num("3"));
    assert_eq!(ev("abs(@.nothing)"), Value::Missing);
    assert_eq!(ev("abs(-79228162514264337593543950335)"), num("79228162514264337593543950335"));
}

#[test]
fn round_half_away_from_zero() {
    assert_eq!(truth("round(96.1612, 1) == 96.2"), Some(true));
    assert_eq!(show("round(96.1612, 1)"), "96.2");
    assert_eq!(truth("round(2.5, 0) == 3"), Some(true));
    assert_eq!(show("round(2.5, 0)"), "3");
    assert_eq!(show("round(-2.5, 0)"), "-3");
    assert_eq!(show("round(1.005, 2)"), "1.01");
    assert_eq!(show("round(0.125, 2)"), "0.13");
    assert_eq!(show("round(96.2, 2)"), "96.20", "padded to the decimals asked for");
    assert_eq!(show("round(7, 3)"), "7.000");
    assert_eq!(show("round(1.23456789, 28)"), "1.2345678900000000000000000000");
    let c = case(REPORT);
    assert_eq!(c.eval("round(2233.44 / 2322.6 * 100, precision(@.n))"), num("96.16"));
    assert_eq!(c.show("round(96.2, precision(@.n))"), "96.20");
    assert_eq!(c.eval("round(1, 0 - 1)"), Value::Missing, "negative decimals at run time");
    assert_eq!(c.eval("round(1, 10 + 19)"), Value::Missing, "too many decimals at run time");
    assert_eq!(c.eval("round(1, 0.5 + 1)"), Value::Missing, "fractional decimals");
    assert_eq!(c.eval("round(@.nothing, 1)"), Value::Missing);
}

#[test]
fn pow10() {
    assert_eq!(ev("pow10(2)"), num("100"));
    assert_eq!(ev("pow10(0)"), num("1"));
    assert_eq!(ev("pow10(-2)"), num("0.01"));
    assert_eq!(ev("pow10(28)"), num("10000000000000000000000000000"));
    assert_eq!(ev("pow10(-28)"), num("0.0000000000000000000000000001"));
    assert_eq!(ev("pow10(29)"), Value::Missing);
    assert_eq!(ev("pow10(-29)"), Value::Missing);
    assert_eq!(ev("pow10(1.5)"), Value::Missing);
    let c = case(REPORT);
    assert_eq!(c.eval("0.5 * pow10(-precision(@.n))"), num("0.005"));
}

#[test]
fn precision() {
    assert_eq!(truth("precision(96.20) == 2"), Some(true));
    assert_eq!(ev("precision(96)"), num("0"));
    assert_eq!(ev("precision(0.125)"), num("3"));
    let c = case(REPORT);
    assert_eq!(c.eval("precision(@.n)"), num("2"));
    assert_eq!(c.eval("precision(@.rate)"), num("3"), "a numeral text counts its decimals");
    assert_eq!(c.eval("precision(@.kind)"), Value::Missing);
    assert_eq!(c.eval("precision(@.nothing)"), Value::Missing);
}

#[test]
fn matches() {
    let c = case(REPORT);
    assert_eq!(c.bool(r#"matches(@.kind, "指标$")"#), Some(true));
    assert_eq!(c.bool(r#"matches(@.kind, "^效益")"#), Some(false));
    assert_eq!(c.bool(r#"matches(@.rate, "^\d+\.\d{3}$")"#), Some(true));
    assert_eq!(c.bool(r#"matches(@.n, "9")"#), None, "a number is not text");
    assert_eq!(c.bool(r#"matches(@.nothing, "x")"#), None);
    assert_eq!(c.bool(r#"matches("ABC", "(?i)abc")"#), Some(true));
}

#[test]
fn a_pattern_compiled_again_behaves_the_same() {
    // Patterns are compiled once per thread and then shared; a failed pattern is not kept.
    let c = case(REPORT);
    for _ in 0..3 {
        assert_eq!(c.bool(r#"matches(@.kind, "^产出")"#), Some(true));
        assert_eq!(c.bool(r#"matches(@.name, "^产出")"#), Some(false));
        assert_eq!(c.eval(r#"find(@.kind, "^产出")"#), text("产出"));
        assert!(Expr::compile(r#"matches(@.kind, "(产出")"#, &TestResolver).is_err());
    }
}

#[test]
fn find_returns_the_first_match() {
    let c = case(REPORT);
    assert_eq!(c.eval(r#"find("累计培训 3600 多人次", "[0-9]+\s*多[^，。；]{0,3}")"#), text("3600 多人次"));
    assert_eq!(c.eval(r#"find("全部完成", "[0-9]+多")"#), Value::Missing, "no match is not computable");
    assert_eq!(c.eval(r#"find(@.n, "9")"#), Value::Missing, "a number is not text");
    assert!(Expr::compile(r#"find(@.kind, "(")"#, &TestResolver).is_err(), "the pattern is checked at load");
}

#[test]
fn contains() {
    let c = case(REPORT);
    assert_eq!(c.bool(r#"contains(@.kind, "产出")"#), Some(true));
    assert_eq!(c.bool(r#"contains(@.kind, "效益")"#), Some(false));
    assert_eq!(c.bool(r#"contains(@.items, "b")"#), Some(true), "membership in a report array");
    assert_eq!(c.bool(r#"contains(@.items, "c")"#), Some(false));
    assert_eq!(c.bool("contains(@.xs, 1.50)"), Some(true));
    assert_eq!(c.bool(r#"contains(kinds, "效益指标")"#), Some(true));
    assert_eq!(c.bool("contains(@.kind, 5)"), None);
    assert_eq!(c.bool(r#"contains(@.nothing, "a")"#), None);
}

#[test]
fn starts_and_ends_with() {
    let c = case(REPORT);
    assert_eq!(c.bool(r#"starts_with(@.kind, "产出")"#), Some(true));
    assert_eq!(c.bool(r#"starts_with(@.kind, "指标")"#), Some(false));
    assert_eq!(c.bool(r#"ends_with(@.kind, "指标")"#), Some(true));
    assert_eq!(c.bool(r#"ends_with(@.kind, "产出")"#), Some(false));
    assert_eq!(c.bool(r#"ends_with(@.nothing, "x")"#), None);
    assert_eq!(c.bool("starts_with(@.n, @.kind)"), None);
}

#[test]
fn trim_and_trim_suffix() {
    let c = case(REPORT);
    assert_eq!(c.eval("trim(@.name)"), text("项目A"));
    assert_eq!(ev("trim(\"\u{3000}全角空格\u{3000}\")"), text("全角空格"));
    assert_eq!(ev(r#"trim_suffix("产出指标", "指标")"#), text("产出"));
    assert_eq!(ev(r#"trim_suffix("产出", "指标")"#), text("产出"), "unchanged without the suffix");
    assert_eq!(c.eval(r#"trim_suffix(@.kind, "指标")"#), text("产出"));
    assert_eq!(c.eval("trim(@.n)"), Value::Missing);
    assert_eq!(c.eval(r#"trim_suffix(@.nothing, "x")"#), Value::Missing);
    assert_eq!(compile("trim(@.name)").ty(), Ty::Text);
}

#[test]
fn compare() {
    for (op, want) in [
        ("≥", true),
        (">=", true),
        ("＞＝", true),
        ("≤", false),
        ("<=", false),
        ("=", false),
        ("==", false),
        (">", true),
        ("<", false),
        ("≠", true),
        ("!=", true),
    ] {
        assert_eq!(truth(&format!(r#"compare(2, "{op}", 1)"#)), Some(want), "{op}");
    }
    let c = case(REPORT);
    assert_eq!(c.bool("compare(@.n, @.comparator, 96.2)"), Some(true));
    assert_eq!(c.bool("compare(@.n, @.code, 1)"), None, "an unknown comparator in the data");
    assert_eq!(c.bool(r#"compare(@.nothing, "≥", 1)"#), None);
}

#[test]
fn if_picks_a_branch_and_skips_the_other() {
    assert_eq!(ev("if(true, 1, 2)"), num("1"));
    assert_eq!(ev("if(false, 1, 2)"), num("2"));
    assert_eq!(ev("if(@.nothing, 1, 2)"), Value::Missing);
    assert_eq!(ev("if(true, 1, 1 / 0)"), num("1"));
    assert_eq!(ev(r#"if(1 < 2, "是", "否")"#), text("是"));
    assert_eq!(compile(r#"if(true, "a", "b")"#).ty(), Ty::Text);
    assert_eq!(compile(r#"if(true, "a", 1)"#).ty(), Ty::Any);
}

#[test]
fn fired_asks_the_engine() {
    let expr = compile(r#"fired("weights-nonstandard") and not fired("problems-missing")"#);
    assert_eq!(expr.fired_dependencies(), vec![1, 2]);
    assert_eq!(
        compile(r#"fired("problems-missing") or fired("problems-missing")"#).fired_dependencies(),
        vec![2]
    );
    assert_eq!(compile("1 + 1").fired_dependencies(), Vec::<usize>::new());
    let c = case("{}");
    assert_eq!(c.bool(r#"fired("weights-nonstandard")"#), Some(false));
    let c = case("{}").with_fired(1);
    assert_eq!(c.bool(r#"fired("weights-nonstandard") and not fired("problems-missing")"#), Some(true));
}

#[test]
fn pct() {
    assert_eq!(ev("pct(0.853, 1)"), text("85.3%"));
    assert_eq!(ev("pct(0.9)"), text("90%"));
    assert_eq!(ev("pct(90%)"), text("90%"));
    assert_eq!(ev("pct(0.8534)"), text("85.34%"));
    assert_eq!(ev("pct(0.5, 2)"), text("50.00%"));
    assert_eq!(ev("pct(0.12345, 2)"), text("12.35%"));
    assert_eq!(ev("pct(@.nothing)"), Value::Missing);
    assert_eq!(ev("pct(0.5, 29 + 0)"), Value::Missing);
    assert_eq!(ev("pct(79228162514264337593543950335)"), Value::Missing, "overflow");
}

#[test]
fn amount() {
    assert_eq!(case(r#"{"amount_unit": "万元"}"#).eval("amount(500万元)"), text("500万元"));
    assert_eq!(case(r#"{"amount_unit": "元"}"#).eval("amount(500万元)"), text("5000000元"));
    assert_eq!(case(r#"{"amount_unit": "亿元"}"#).eval("amount(threshold)"), text("0.05亿元"));
    assert_eq!(case(r#"{"amount_unit": "万元", "n": 2322.60}"#).eval("amount(@.n)"), text("2322.60万元"));
    assert_eq!(ev("amount(@.nothing)"), Value::Missing);
}

#[test]
fn parameters_and_lets_are_names() {
    let c = case(r#"{"amount_unit": "万元"}"#).with_let("rate", num("96.16"));
    assert_eq!(c.eval("tolerance"), num("0.05"));
    assert_eq!(c.eval("warn_below"), num("0.9"));
    assert_eq!(c.eval("threshold"), num("500"));
    assert_eq!(c.eval("label"), text("执行率"));
    assert_eq!(c.eval("rate - 0.16"), num("96.00"));
    assert_eq!(c.eval("note"), Value::Missing, "a let that was not computable");
}
