//! Load-time errors: each case compiles a wrong expression and checks what the error underlines.

use super::*;
use unicode_width::UnicodeWidthStr;

/// (source, the exact text the span covers, a part of the message).
const CASES: &[(&str, &str, &str)] = &[
    // Syntax.
    ("1 +", "", "unexpected end of expression"),
    ("(1 + 2", "", "expected `)`"),
    ("1 + 2)", ")", "unexpected token"),
    ("1 2", "2", "unexpected token"),
    ("@.budget.", "", "expected a field name"),
    ("@.indicators[x]", "x", "expected an index"),
    ("@.indicators[-1]", "-", "expected an index"),
    ("@.indicators[1.5]", "1.5", "non-negative integer"),
    ("@.indicators[0", "", "expected `]`"),
    ("1 < 2 < 3", "<", "cannot be chained"),
    ("@.a = 3", "=", "unexpected character"),
    ("@.a && @.b", "&&", "unexpected character"),
    ("!@.a", "!", "unexpected character"),
    ("@.a # b", "#", "unexpected character"),
    ("５００", "５", "unexpected character"),
    ("“产出”", "“", "unexpected character"),
    (r#""abc"#, r#""abc"#, "unterminated string"),
    ("12abc", "12abc", "invalid number"),
    ("500万", "500万", "invalid number"),
    ("99999999999999999999999999999999", "99999999999999999999999999999999", "out of range"),
    ("and", "and", "keyword"),
    ("f(1, )", ")", "expected a value"),
    ("max(1 2)", "2", "expected `,` or `)`"),
    ("[1, 2", "", "expected `,` or `]`"),
    ("x in [1] where x > 0", "where", "unexpected token"),
    ("count(1 where true)", "1 where", "expected `v in list`"),
    ("count(x.a in @.items where true)", "x.a", "expected a variable name"),
    ("sum(x for 1 in @.items)", "1", "expected a variable name"),
    ("sum(x for x of @.items)", "of", "expected `in`"),
    // Names, fields, functions, rules.
    ("rat + 1", "rat", "unknown name"),
    ("adjusted > 0", "adjusted", "unknown name"),
    ("@.budgte.adjusted", "budgte", "unknown field"),
    (r#"@.budget."adjusted-x""#, "\"adjusted-x\"", "unknown field"),
    ("summ(@.items[*])", "summ", "unknown function"),
    ("round(1)", "round(1)", "wrong number of arguments"),
    ("if(true, 1)", "if(true, 1)", "wrong number of arguments"),
    ("exists()", "exists()", "wrong number of arguments"),
    ("min()", "min()", "wrong number of arguments"),
    ("pct(1, 2, 3)", "pct(1, 2, 3)", "wrong number of arguments"),
    (r#"fired("no-such-rule")"#, r#""no-such-rule""#, "unknown rule"),
    ("fired(label)", "label", "string literal"),
    (r#"matches(@.name, "[")"#, r#""[""#, "invalid regex"),
    ("matches(@.name, label)", "label", "string literal"),
    // Binding forms.
    ("abs(v in @.items[*] where v > 0)", "v in @.items[*] where v > 0", "binding forms work only"),
    ("max(v in @.items[*] where v > 0, 1)", "v in @.items[*] where v > 0", "only argument"),
    ("count(i in @.items[*] where any(i in i.items[*] where true))", "i", "already bound"),
    ("count(i in 5 where true)", "5", "type error"),
    ("sum(i.name > 1 for i in @.items[*])", "i.name > 1", "type error"),
    ("any(1 for i in @.items[*])", "1", "type error"),
    ("count(i in @.items[*] where 1)", "1", "type error"),
    // Types known before a report is read.
    (r#""a" * 2"#, r#""a""#, "type error"),
    (r#"2 - "a""#, r#""a""#, "type error"),
    (r#""a" + 1"#, r#""a""#, "type error"),
    ("not 5", "5", "type error"),
    ("-true", "true", "type error"),
    ("sum(true)", "true", "type error"),
    ("count(5)", "5", "type error"),
    (r#"round(@.n, "2")"#, r#""2""#, "type error"),
    ("1 and true", "1", "type error"),
    (r#"true or "x""#, r#""x""#, "type error"),
    ("true == 1", "1", "type error"),
    ("exists(@.a) == 5", "5", "type error"),
    (r#"[1] == "a""#, r#""a""#, "type error"),
    (r#"5 == "abc""#, r#""abc""#, "type error"),
    (r#""abc" != 5"#, r#""abc""#, "type error"),
    ("true < 1", "true", "type error"),
    ("@.a in 5", "5", "type error"),
    (r#"@.a in "abc""#, r#""abc""#, "type error"),
    ("len(5)", "5", "type error"),
    ("trim(5)", "5", "type error"),
    ("if(1, 2, 3)", "1", "type error"),
    ("rate.name", "name", "cannot step into a number"),
    (r#""x"[0]"#, "[0]", "cannot step into a text"),
    ("flag + 1", "flag", "type error"),
    ("names * 2", "names", "type error"),
    // Literal arguments checked at load time.
    ("round(1.5, 29)", "29", "decimals out of range"),
    ("round(1.5, -1)", "-1", "decimals out of range"),
    ("round(1.5, 0.5)", "0.5", "decimals out of range"),
    ("pct(0.5, 30)", "30", "decimals out of range"),
    (r#"compare(1, "~", 2)"#, r#""~""#, "unknown comparator"),
];

#[test]
fn every_error_case_points_at_the_right_place() {
    for (src, covered, part) in CASES {
        let err = compile_err(src);
        let got =
            src.get(err.span.clone()).unwrap_or_else(|| panic!("{src}: span {:?} out of range", err.span));
        assert_eq!(got, *covered, "span of `{src}`: {err:?}");
        assert!(err.message.contains(part), "message of `{src}` lacks `{part}`: {}", err.message);
    }
}

#[test]
fn errors_at_the_end_point_at_the_end() {
    for src in ["1 +", "(1 + 2", "@.budget."] {
        assert_eq!(compile_err(src).span, src.len()..src.len(), "{src}");
    }
}

#[test]
fn suggestions() {
    let help = |src: &str| compile_err(src).help.unwrap_or_default();
    assert_eq!(help("summ(@.items[*])"), "你是否想用 `sum`？（did you mean `sum`?）");
    assert_eq!(help("rat + 1"), "你是否想用 `rate`？（did you mean `rate`?）");
    assert_eq!(help("tolerence"), "你是否想用 `tolerance`？（did you mean `tolerance`?）");
    assert_eq!(help("@.budgte"), "你是否想用 `budget`？（did you mean `budget`?）");
    assert_eq!(
        help(r#"fired("problem-missing")"#),
        "你是否想用 `problems-missing`？（did you mean `problems-missing`?）"
    );
    assert!(help("adjusted > 0").contains("`@.adjusted`"));
    assert!(help("sum + 1").contains("sum(list)"));
    assert!(help("null").contains("exists(x)"));
    assert!(help("@.a = 1").contains("`==`"));
    assert!(help("５００").contains("ASCII digits"));
    assert!(help("round(1)").contains("round(x, n)"));
    assert!(help(r#"round(@.n, "2")"#).contains("without quotes"));
    assert!(help("frobnicate(1)").contains("可用的函数"));
    assert_eq!(compile_err("qqqqqqqq").help, None);
}

#[test]
fn custom_fields_need_no_schema_entry() {
    let c = case(r#"{"x-note": "备注", "budget": {"x-extra": 1}}"#);
    assert_eq!(c.eval(r#"@."x-note""#), text("备注"));
    assert_eq!(c.eval(r#"@.budget."x-extra" + 1"#), num("2"));
}

#[test]
fn regex_limits() {
    let long = format!(r#"matches(@.name, "{}")"#, "a".repeat(1001));
    let err = compile_err(&long);
    assert!(err.message.contains("regex too long"), "{err:?}");
    assert_eq!(&long[err.span.clone()], format!("\"{}\"", "a".repeat(1001)));
    compile(&format!(r#"matches(@.name, "{}")"#, "a".repeat(1000)));
    // A pattern whose automaton would be huge is refused at load time, not at run time.
    let err = compile_err(r#"matches(@.name, "\w{1000}\w{1000}\w{1000}")"#);
    assert!(err.message.contains("invalid regex"), "{err:?}");
}

/// The error drawn the way a terminal shows it, for snapshots.
fn draw(src: &str) -> String {
    let err = compile_err(src);
    let before = src.get(..err.span.start).unwrap_or_default();
    let covered = src.get(err.span.clone()).unwrap_or_default();
    let pad = " ".repeat(before.width());
    let marks = "^".repeat(covered.width().max(1));
    let mut out = format!("{src}\n{pad}{marks} {}", err.message);
    if let Some(help) = &err.help {
        out.push_str(&format!("\nhelp: {help}"));
    }
    out
}

#[test]
fn snapshot_unknown_function() {
    insta::assert_snapshot!(draw("summ(@.indicators[*].score) > 0"));
}

#[test]
fn snapshot_unknown_field() {
    insta::assert_snapshot!(draw("abs(@.execution_rate_pc - rate) <= tolerance"));
}

#[test]
fn snapshot_type_error() {
    insta::assert_snapshot!(draw(r#"@.budget.adjusted * "万元" > threshold"#));
}

#[test]
fn snapshot_chained_comparison() {
    insta::assert_snapshot!(draw("0 <= rate <= 100"));
}

#[test]
fn snapshot_misplaced_binding_form() {
    insta::assert_snapshot!(draw("abs(i.score for i in @.indicators[*])"));
}
