//! Literals: numbers, percentages, amounts in 元/万元/亿元 reports, texts, booleans, lists, and
//! parameter literals.

use super::*;

#[test]
fn numbers_are_exact_and_keep_their_decimals() {
    assert_eq!(ev("12"), num("12"));
    assert_eq!(ev("0.05"), num("0.05"));
    assert_eq!(show("2322.60"), "2322.60");
    assert_eq!(show("0.1 + 0.2"), "0.3");
    assert_eq!(truth("0.1 + 0.2 == 0.3"), Some(true));
    assert_eq!(show("79228162514264337593543950335"), "79228162514264337593543950335");
}

#[test]
fn percentages_are_ratios() {
    assert_eq!(ev("90%"), num("0.9"));
    assert_eq!(ev("96.2%"), num("0.962"));
    assert_eq!(ev("100%"), num("1"));
    assert_eq!(truth("90% == 0.9"), Some(true));
    assert_eq!(truth("0.853 < 90%"), Some(true));
}

#[test]
fn amounts_in_a_yuan_report() {
    let c = case(r#"{"amount_unit": "元", "budget": {"adjusted": 5000000}}"#);
    assert_eq!(c.bool("500万元 == 5000000"), Some(true));
    assert_eq!(c.bool("@.budget.adjusted >= 500万元"), Some(true));
    assert_eq!(c.bool("@.budget.adjusted > 500万元"), Some(false));
    assert_eq!(c.show("500万元"), "5000000");
    assert_eq!(c.show("0.05亿元"), "5000000");
    assert_eq!(c.show("5000000元"), "5000000");
    assert_eq!(c.show("2322.60元"), "2322.60", "the report's own unit keeps the decimals as written");
}

#[test]
fn amounts_default_to_yuan_without_amount_unit() {
    let c = case(r#"{"budget": {"adjusted": 5000000}}"#);
    assert_eq!(c.bool("@.budget.adjusted == 500万元"), Some(true));
}

#[test]
fn amounts_in_a_wan_yuan_report() {
    let c = case(r#"{"amount_unit": "万元"}"#);
    assert_eq!(c.bool("500万元 == 500"), Some(true));
    assert_eq!(c.show("500万元"), "500");
    assert_eq!(c.show("5000000元"), "500");
    assert_eq!(c.show("0.05亿元"), "500");
    assert_eq!(c.show("12345元"), "1.2345");
    assert_eq!(c.show("2322.60万元"), "2322.60");
}

#[test]
fn amounts_in_a_yi_yuan_report() {
    let c = case(r#"{"amount_unit": "亿元"}"#);
    assert_eq!(c.show("500万元"), "0.05");
    assert_eq!(c.show("1元"), "0.00000001");
    assert_eq!(c.show("3亿元"), "3");
}

#[test]
fn amount_conversion_that_does_not_fit_is_not_computable() {
    let c = case(r#"{"amount_unit": "元"}"#);
    assert_eq!(c.eval("79228162514264337593543950335亿元"), Value::Missing);
}

#[test]
fn texts_with_both_quotes_and_escapes() {
    assert_eq!(ev(r#""产出指标""#), text("产出指标"));
    assert_eq!(ev("'单引号'"), text("单引号"));
    assert_eq!(ev(r#""a\"b""#), text("a\"b"));
    assert_eq!(ev(r#"'it\'s'"#), text("it's"));
    assert_eq!(ev(r#""back\\slash""#), text("back\\slash"));
    assert_eq!(ev(r#""line\nbreak""#), text("line\nbreak"));
    // Other backslashes stay, so regular expressions need no doubling.
    assert_eq!(ev(r#""\d+""#), text("\\d+"));
    // The other quote is an ordinary character.
    assert_eq!(ev(r#""it's""#), text("it's"));
    assert_eq!(ev(r#"'say "中"'"#), text("say \"中\""));
    assert_eq!(ev(r#""""#), text(""));
    assert_eq!(ev(r#""a" + "\\" + 'b'"#), text("a\\b"));
}

#[test]
fn booleans_and_lists() {
    assert_eq!(ev("true"), Value::Bool(true));
    assert_eq!(ev("false"), Value::Bool(false));
    assert_eq!(ev(r#"["产出指标", "效益指标"]"#), list(vec![text("产出指标"), text("效益指标")]));
    assert_eq!(ev("[]"), list(vec![]));
    assert_eq!(show("[1, 1 + 1, 3.0]"), "[1, 2, 3.0]");
    assert_eq!(compile("[1, 2]").ty(), Ty::List);
}

#[test]
fn full_width_brackets_and_comma_and_math_symbols() {
    assert_eq!(ev("max（1，2）"), num("2"));
    assert_eq!(ev("（1 + 2）× 3 ÷ 2"), num("4.5"));
    assert_eq!(truth("1 ≠ 2 and 1 ≤ 1 and 2 ≥ 1"), Some(true));
}

#[test]
fn cjk_identifiers_are_names() {
    struct Cjk;
    impl Resolver for Cjk {
        fn binding(&self, name: &str) -> Option<(Binding, Ty)> {
            (name == "执行率").then_some((Binding::Let(0), Ty::Num))
        }
        fn field_known(&self, field: &str) -> bool {
            field == "全年预算数"
        }
        fn rule_index(&self, _: &str) -> Option<usize> {
            None
        }
    }
    let expr = Expr::compile("执行率 * 2 + @.全年预算数", &Cjk).expect("compiles");
    let root: Json = serde_json::from_str(r#"{"全年预算数": 1}"#).expect("json");
    let lets = [num("0.5")];
    let env = Env {
        root: &root,
        subject: &root,
        lets: &lets,
        let_slots: &[],
        params: &[],
        unit: AmountUnit::Yuan,
        fired: &|_| false,
        searches: super::super::Searches::Many,
    };
    assert_eq!(expr.eval(&env), num("2.0"));
}

#[test]
fn parameter_literals() {
    let p = |s: &str| Literal::parse(s).expect("literal");
    assert_eq!(p("90%").value(AmountUnit::Yuan), num("0.9"));
    assert_eq!(p("0.05").value(AmountUnit::WanYuan), num("0.05"));
    assert_eq!(p("2021").value(AmountUnit::Yuan), num("2021"));
    assert_eq!(p("-5").value(AmountUnit::Yuan), num("-5"));
    assert_eq!(p(" 7 ").value(AmountUnit::Yuan), num("7"));
    assert_eq!(p("500万元").value(AmountUnit::WanYuan), num("500"));
    assert_eq!(p("500万元").value(AmountUnit::Yuan), num("5000000"));
    assert_eq!(p("500万元").value(AmountUnit::YiYuan), num("0.05"));
    assert_eq!(p("0.05亿元").value(AmountUnit::Yuan), num("5000000"));
    assert_eq!(p("500万元").unit(), Some(AmountUnit::WanYuan));
    assert_eq!(p("90%").unit(), None);
    assert_eq!(p("500万元").ty(), Ty::Num);
    assert_eq!(p("500万元").to_string(), "500万元");
    assert_eq!(p("2322.60").number(), d("2322.60"));
}

#[test]
fn parameter_literals_reject_anything_else() {
    for bad in ["", "  ", "abc", "5x", "500万", "true", "1e5", "5 %", "--5", "\"5\"", "5 5", "1,000", ".5"] {
        let err = Literal::parse(bad).expect_err(bad);
        assert!(err.span.end <= bad.len() && err.span.start <= err.span.end, "{bad}: {err:?}");
    }
}

#[test]
fn amount_units_by_name() {
    assert_eq!(AmountUnit::from_name("万元"), Some(AmountUnit::WanYuan));
    assert_eq!(AmountUnit::from_name("亿元"), Some(AmountUnit::YiYuan));
    assert_eq!(AmountUnit::from_name("元"), Some(AmountUnit::Yuan));
    assert_eq!(AmountUnit::from_name("千元"), None);
    assert_eq!(AmountUnit::default(), AmountUnit::Yuan);
    assert_eq!(AmountUnit::WanYuan.name(), "万元");
}
