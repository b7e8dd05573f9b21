//! Hostile or oversized input ends in a clean error or a bounded evaluation, never in a stack
//! overflow or an endless run.

use super::*;
use crate::rules::expr::parser::{MAX_DEPTH, MAX_HEIGHT, MAX_SOURCE};

#[test]
fn ten_thousand_open_parentheses() {
    let src = format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000));
    let err = compile_err(&src);
    assert!(err.message.contains("nesting too deep"), "{err:?}");
    assert_eq!(err.span, MAX_DEPTH..MAX_DEPTH + 1, "at the first parenthesis too many");
}

#[test]
fn ten_thousand_minus_signs() {
    let src = format!("{}1", "- ".repeat(10_000));
    let err = compile_err(&src);
    assert!(err.message.contains("nesting too deep"), "{err:?}");
}

#[test]
fn ten_thousand_nots() {
    let src = format!("{}true", "not ".repeat(10_000));
    let err = compile_err(&src);
    assert!(err.message.contains("nesting too deep"), "{err:?}");
}

#[test]
fn ten_thousand_nested_calls_and_lists() {
    let src = format!("{}1{}", "abs(".repeat(10_000), ")".repeat(10_000));
    assert!(compile_err(&src).message.contains("nesting too deep"));
    let src = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(compile_err(&src).message.contains("nesting too deep"));
}

#[test]
fn ten_thousand_operators_in_a_row() {
    let src = vec!["1"; 10_000].join(" + ");
    let err = compile_err(&src);
    assert!(err.message.contains("expression too deep"), "{err:?}");
    let src = vec!["true"; 5_000].join(" and ");
    assert!(compile_err(&src).message.contains("expression too deep"));
}

#[test]
fn the_deepest_accepted_expressions_evaluate() {
    let src = format!("{}1{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
    assert_eq!(ev(&src), num("1"));
    let src = format!("{}1{}", "abs(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
    assert_eq!(ev(&src), num("1"));
    let src = format!("{}true", "not ".repeat(MAX_DEPTH));
    assert_eq!(ev(&src), Value::Bool(true));
    let src = vec!["1"; MAX_HEIGHT].join(" + ");
    assert_eq!(ev(&src), Value::Num(Decimal::from(MAX_HEIGHT)));
    // Nesting and long chains together: every level holds a chain of additions.
    let mut src = String::from("1");
    for _ in 0..MAX_DEPTH - 1 {
        src = format!("abs({src} + 1 + 1)");
    }
    assert_eq!(ev(&src), Value::Num(Decimal::from(1 + 2 * (MAX_DEPTH - 1))));
}

#[test]
fn source_size_is_limited() {
    let src = format!("1{}", " ".repeat(MAX_SOURCE));
    let err = compile_err(&src);
    assert!(err.message.contains("expression too long"), "{err:?}");
    let template = "x".repeat(MAX_SOURCE + 1);
    assert!(Template::compile(&template, &TestResolver).is_err());
    assert!(parse_field_path(&"a".repeat(MAX_SOURCE + 1)).is_err());
    // Just under the limit is fine.
    compile(&format!("1{}", " ".repeat(MAX_SOURCE - 1)));
}

#[test]
fn nested_iteration_over_large_data_is_cut_off() {
    let xs: Vec<String> = (0..400).map(|i| i.to_string()).collect();
    let report = format!(r#"{{"xs": [{}]}}"#, xs.join(","));
    let c = case(&report);
    // Two levels: 160 000 steps, well within the budget.
    assert_eq!(c.eval("count(a in @.xs[*] where count(b in @.xs[*] where b < a) == 0)"), num("1"));
    // Three levels: 64 million conditions, beyond the budget: not computable, and quickly so.
    let started = std::time::Instant::now();
    let deep = "sum(sum(count(c in @.xs[*] where c < b) for b in @.xs[*]) for a in @.xs[*])";
    assert_eq!(c.eval(deep), Value::Missing);
    assert_eq!(c.eval(&format!("exists({deep})")), Value::Missing, "a cut-off result is not a result");
    assert!(started.elapsed() < std::time::Duration::from_secs(60));
    // The same expression over little data completes.
    let small = case(r#"{"xs": [3, 1, 2]}"#);
    assert_eq!(small.eval(deep), num("9"), "3 × the 3 pairs c < b");
}

#[test]
fn field_paths_for_at() {
    assert_eq!(
        parse_field_path("budget.adjusted"),
        Ok(vec![PathStep::Key("budget".into()), PathStep::Key("adjusted".into())])
    );
    assert_eq!(
        parse_field_path("indicators[2].actual"),
        Ok(vec![PathStep::Key("indicators".into()), PathStep::Index(2), PathStep::Key("actual".into())])
    );
    assert_eq!(parse_field_path(r#""x-note""#), Ok(vec![PathStep::Key("x-note".into())]));
    assert_eq!(parse_field_path("@.budget"), Ok(vec![PathStep::Key("budget".into())]));
    assert_eq!(parse_field_path("@"), Ok(vec![]));
    assert_eq!(parse_field_path(r#"a."b c"[0]"#).map(|s| s.len()), Ok(3));
    for bad in ["", "a.", "a[*]", "$.a", "a b", "a[x]", ".a", "a..b", "1"] {
        let err = parse_field_path(bad).expect_err(bad);
        assert!(err.span.start <= err.span.end && err.span.end <= bad.len(), "{bad}: {err:?}");
    }
}
