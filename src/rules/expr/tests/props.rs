//! Properties over random input: arithmetic agrees with exact checked decimal arithmetic, and no
//! input makes compiling or evaluating panic.

use super::*;
use proptest::prelude::*;
use rust_decimal::RoundingStrategy;

fn decimal() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        Just(Decimal::MAX),
        Just(Decimal::MIN),
        Just(Decimal::ZERO),
        Just(Decimal::ONE),
        Just(d("79228162514264337593543950335")),
        Just(d("0.0000000000000000000000000001")),
        Just(d("2.5")),
        (-10_000i64..10_000, 0u32..5).prop_map(|(m, s)| Decimal::new(m, s)),
        (any::<i64>(), 0u32..=28)
            .prop_map(|(m, s)| Decimal::try_from_i128_with_scale(i128::from(m), s).unwrap_or_default()),
        (any::<u128>(), 0u32..=28, any::<bool>()).prop_map(|(m, s, negative)| {
            let m = i128::try_from(m % (1u128 << 96)).unwrap_or_default();
            let v = Decimal::try_from_i128_with_scale(m, s).unwrap_or_default();
            if negative { -v } else { v }
        }),
    ]
}

#[derive(Debug, Clone)]
enum Tree {
    Lit(Decimal),
    Neg(Box<Tree>),
    Bin(&'static str, Box<Tree>, Box<Tree>),
    Abs(Box<Tree>),
    Min(Box<Tree>, Box<Tree>),
    Max(Box<Tree>, Box<Tree>),
    Round(Box<Tree>, u32),
    Sum(Vec<Tree>),
}

fn tree() -> impl Strategy<Value = Tree> {
    decimal().prop_map(Tree::Lit).prop_recursive(6, 64, 3, |inner| {
        prop_oneof![
            inner.clone().prop_map(|t| Tree::Neg(Box::new(t))),
            (prop::sample::select(vec!["+", "-", "*", "/", "×", "÷"]), inner.clone(), inner.clone())
                .prop_map(|(op, a, b)| Tree::Bin(op, Box::new(a), Box::new(b))),
            inner.clone().prop_map(|t| Tree::Abs(Box::new(t))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Tree::Min(Box::new(a), Box::new(b))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Tree::Max(Box::new(a), Box::new(b))),
            (inner.clone(), 0u32..=28).prop_map(|(t, n)| Tree::Round(Box::new(t), n)),
            prop::collection::vec(inner, 0..4).prop_map(Tree::Sum),
        ]
    })
}

fn source(t: &Tree) -> String {
    match t {
        Tree::Lit(d) => d.to_string(),
        Tree::Neg(x) => format!("-({})", source(x)),
        Tree::Bin(op, a, b) => format!("({} {op} {})", source(a), source(b)),
        Tree::Abs(x) => format!("abs({})", source(x)),
        Tree::Min(a, b) => format!("min({}, {})", source(a), source(b)),
        Tree::Max(a, b) => format!("max({}, {})", source(a), source(b)),
        Tree::Round(x, n) => format!("round({}, {n})", source(x)),
        Tree::Sum(items) => format!("sum([{}])", items.iter().map(source).collect::<Vec<_>>().join(", ")),
    }
}

/// The documented meaning, computed directly with checked decimal operations.
fn reference(t: &Tree) -> Option<Decimal> {
    Some(match t {
        Tree::Lit(d) => *d,
        Tree::Neg(x) => -reference(x)?,
        Tree::Bin(op, a, b) => {
            let (a, b) = (reference(a)?, reference(b)?);
            match *op {
                "+" => a.checked_add(b)?,
                "-" => a.checked_sub(b)?,
                "*" | "×" => a.checked_mul(b)?,
                _ => a.checked_div(b)?,
            }
        }
        Tree::Abs(x) => reference(x)?.abs(),
        Tree::Min(a, b) => {
            let (a, b) = (reference(a)?, reference(b)?);
            if b < a { b } else { a }
        }
        Tree::Max(a, b) => {
            let (a, b) = (reference(a)?, reference(b)?);
            if b > a { b } else { a }
        }
        Tree::Round(x, n) => {
            let mut r = reference(x)?.round_dp_with_strategy(*n, RoundingStrategy::MidpointAwayFromZero);
            if r.scale() < *n {
                r.rescale(*n);
            }
            r
        }
        Tree::Sum(items) => {
            let mut total = Decimal::ZERO;
            for item in items {
                total = total.checked_add(reference(item)?)?;
            }
            total
        }
    })
}

const SAMPLE: &str = r#"{
    "amount_unit": "万元",
    "budget": {"adjusted": 2322.60, "executed": 2233.44, "execution_rate_pct": 96.20},
    "indicators": [{"name": "a", "score": 1, "items": [1, [2]]}, {"name": "b"}, null, 5, "x"],
    "name": "产出指标",
    "xs": [1, "2", null, true, {"a": 1}, [1, 2]],
    "n": 79228162514264337593543950335
}"#;

/// Evaluates a compiled expression against the sample report with every kind of `let` value.
fn eval_sample(expr: &Expr) -> Value<'static> {
    let c = case(SAMPLE)
        .with_let("rate", num("96.16"))
        .with_let("names", list(vec![text("a"), Value::Missing]))
        .with_let("note", text("备注"))
        .with_fired(0);
    c.with_env(|env| {
        let v = expr.eval(env);
        // eval_bool is eval seen as a condition.
        assert_eq!(
            expr.eval_bool(env),
            match &v {
                Value::Bool(b) => Some(*b),
                _ => None,
            }
        );
        v
    })
}

fn assert_valid_span(src: &str, err: &ExprError) {
    assert!(err.span.start <= err.span.end && err.span.end <= src.len(), "span {:?} in {src:?}", err.span);
    assert!(
        src.is_char_boundary(err.span.start) && src.is_char_boundary(err.span.end),
        "span {:?} in {src:?}",
        err.span
    );
    assert!(!err.message.is_empty());
}

/// Pieces of the language, to make random input that often gets past the lexer.
const VOCAB: &[&str] = &[
    "(",
    ")",
    "（",
    "）",
    "[",
    "]",
    ",",
    "，",
    ".",
    "@",
    "$",
    "@.",
    "$.",
    "[*]",
    "[0]",
    "+",
    "-",
    "*",
    "/",
    "×",
    "÷",
    "==",
    "!=",
    "≠",
    "<",
    "<=",
    "≤",
    ">",
    ">=",
    "≥",
    "and",
    "or",
    "not",
    "in",
    "not in",
    "where",
    "for",
    "true",
    "false",
    "1",
    "0",
    "2.50",
    "90%",
    "500万元",
    "0.05亿元",
    "79228162514264337593543950335",
    "\"a\"",
    "'产出指标'",
    "\"[\"",
    "rate",
    "names",
    "note",
    "flag",
    "tolerance",
    "kinds",
    "i",
    "x",
    "name",
    "budget",
    "indicators",
    "items",
    "score",
    "xs",
    "n",
    "sum",
    "count",
    "any",
    "all",
    "min",
    "max",
    "abs",
    "round",
    "pow10",
    "precision",
    "exists",
    "default",
    "len",
    "is_number",
    "is_text",
    "matches",
    "contains",
    "starts_with",
    "ends_with",
    "trim",
    "trim_suffix",
    "compare",
    "if",
    "fired",
    "pct",
    "amount",
    "\"execution-rate-mismatch\"",
    "\"≥\"",
    "i in",
    "for i in",
    "where i",
    "-",
    "not",
    "\"x-a\"",
    "日期",
];

proptest! {
    #[test]
    fn arithmetic_trees_agree_with_checked_decimals(t in tree()) {
        let src = source(&t);
        let expr = compile(&src);
        let got = eval_sample(&expr);
        let want = reference(&t).map_or(Value::Missing, Value::Num);
        prop_assert_eq!(got.display(), want.display(), "{}", src);
    }

    #[test]
    fn random_bytes_never_make_compile_panic(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let src = String::from_utf8_lossy(&bytes).into_owned();
        match Expr::compile(&src, &TestResolver) {
            Ok(expr) => { eval_sample(&expr); }
            Err(err) => assert_valid_span(&src, &err),
        }
    }

    #[test]
    fn random_token_sequences_never_panic(
        words in prop::collection::vec(prop::sample::select(VOCAB), 0..24),
        spaced in any::<bool>(),
    ) {
        let src = words.join(if spaced { " " } else { "" });
        match Expr::compile(&src, &TestResolver) {
            Ok(expr) => { eval_sample(&expr); }
            Err(err) => assert_valid_span(&src, &err),
        }
    }

    #[test]
    fn random_templates_never_panic(
        parts in prop::collection::vec(
            prop::sample::select(vec!["{", "}", "{{", "}}", "\"", "'", "\\", "rate", " + ", "1", "@.n", "文字", "pct(", ")"]),
            0..20,
        ),
    ) {
        let src = parts.concat();
        match Template::compile(&src, &TestResolver) {
            Ok(t) => {
                let c = case(SAMPLE).with_let("rate", num("0.5"));
                let _rendered: String = c.with_env(|env| t.render(env));
            }
            Err(err) => assert_valid_span(&src, &err),
        }
    }

    #[test]
    fn random_literals_and_field_paths_never_panic(src in "[ 0-9.%万亿元a-z\\[\\]*\"@$-]{0,16}") {
        if let Err(err) = Literal::parse(&src) {
            assert_valid_span(&src, &err);
        }
        if let Err(err) = parse_field_path(&src) {
            assert_valid_span(&src, &err);
        }
    }

    #[test]
    fn numeral_texts_equal_their_numbers(x in decimal()) {
        let report = format!(r#"{{"text": "{x}", "n": {x}}}"#);
        let c = case(&report);
        prop_assert_eq!(c.bool(&format!("@.text == {x}")), Some(true));
        prop_assert_eq!(c.bool("@.text == @.n"), Some(true));
        prop_assert_eq!(c.eval("precision(@.n)"), Value::Num(Decimal::from(x.scale())));
    }

    #[test]
    fn amounts_convert_exactly_between_units(m in -1_000_000_000i64..1_000_000_000, s in 0u32..6) {
        let x = Decimal::new(m, s);
        let wan = case(r#"{"amount_unit": "万元"}"#);
        let yuan = case(r#"{"amount_unit": "元"}"#);
        let in_yuan = yuan.eval(&format!("{}万元", x.abs()));
        let in_wan = wan.eval(&format!("{}万元", x.abs()));
        let expected = x.abs().checked_mul(Decimal::from(10_000)).map(|v| v.normalize());
        prop_assert_eq!(in_yuan.as_num().map(|v| v.normalize()), expected);
        prop_assert_eq!(in_wan, Value::Num(x.abs()));
    }
}
