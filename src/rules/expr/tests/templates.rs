//! Message templates.

use super::*;

fn template_err(src: &str) -> ExprError {
    match Template::compile(src, &TestResolver) {
        Ok(t) => panic!("`{src}` should not compile, got {t:?}"),
        Err(e) => e,
    }
}

#[test]
fn holes_are_evaluated() {
    let c = case("{}").with_let("rate", num("0.8534"));
    assert_eq!(c.render("执行率 {pct(rate, 1)} 低于 {pct(warn_below)}"), "执行率 85.3% 低于 90%");
}

#[test]
fn the_example_rule_messages() {
    let c = case(r#"{"budget": {"adjusted": 2322.6, "executed": 2233.44, "execution_rate_pct": 96.20}}"#)
        .at("/budget")
        .with_let("rate", num("96.161198656677861104796348"));
    assert_eq!(
        c.render("填报执行率 {@.execution_rate_pct}% 与 全年执行数÷全年预算数 = {round(rate, 2)}% 不符"),
        "填报执行率 96.20% 与 全年执行数÷全年预算数 = 96.16% 不符"
    );
    assert_eq!(c.render("应填 {round(rate, precision(@.execution_rate_pct))}%"), "应填 96.16%");
}

#[test]
fn values_print_as_documented() {
    let c = case(r#"{"xs": [1, 2], "budget": {"a": 1.50}}"#);
    assert_eq!(c.render("{@.xs[*]}"), "[1, 2]");
    assert_eq!(c.render("{@.xs}"), "[1,2]", "a report array prints as JSON");
    assert_eq!(c.render("{@.budget}"), r#"{"a":1.50}"#);
    assert_eq!(c.render("{kinds}"), "[产出指标, 效益指标]");
    assert_eq!(c.render("{1 < 2}"), "true");
    assert_eq!(c.render("{label}"), "执行率");
}

#[test]
fn holes_that_are_not_computable_print_a_question_mark() {
    let c = case("{}");
    assert_eq!(c.render("值为 {@.nothing}，比例 {1 / 0}"), "值为 ?，比例 ?");
    assert_eq!(c.render("{[1, @.nothing]}"), "[1, ?]");
}

#[test]
fn doubled_braces_are_literal() {
    let c = case("{}");
    assert_eq!(c.render("{{x}} = {1 + 1}"), "{x} = 2");
    assert_eq!(c.render("}}{{"), "}{");
    assert_eq!(c.render("no holes"), "no holes");
    assert_eq!(c.render(""), "");
}

#[test]
fn braces_inside_quoted_text_do_not_close_a_hole() {
    let c = case("{}");
    assert_eq!(c.render(r#"{"}" + "{"}"#), "}{");
    assert_eq!(c.render(r#"{'a\'}'}"#), "a'}");
}

#[test]
fn fired_dependencies_of_all_holes() {
    let t = Template::compile(
        r#"{if(fired("problems-missing"), "a", "b")} {fired("execution-rate-mismatch")} {fired("problems-missing")}"#,
        &TestResolver,
    )
    .expect("compiles");
    assert_eq!(t.fired_dependencies(), vec![0, 2]);
}

#[test]
fn template_errors_point_into_the_template() {
    let src = "执行率 {pct(rat, 1)}";
    let err = template_err(src);
    assert_eq!(&src[err.span.clone()], "rat");
    assert_eq!(err.help.as_deref(), Some("你是否想用 `rate`？（did you mean `rate`?）"));

    let src = "值 {1 +";
    let err = template_err(src);
    assert_eq!(&src[err.span.clone()], "{1 +");
    assert!(err.message.contains("unclosed"), "{err:?}");

    let src = "值 } 多余";
    let err = template_err(src);
    assert_eq!(&src[err.span.clone()], "}");

    let src = "空 { } 洞";
    let err = template_err(src);
    assert_eq!(&src[err.span.clone()], "{ }");

    let src = "套 {1 + {2}}";
    let err = template_err(src);
    assert_eq!(err.span.start, src.find("{2").expect("brace"));

    let src = "表达式 {1 +} 不完整";
    let err = template_err(src);
    assert_eq!(err.span, src.find('}').expect("brace")..src.find('}').expect("brace"));
}
