//! Parameter literals (`"90%"`, `"500万元"`, `"0.05"`, `"2021"`), read with the number grammar
//! of the expression language. An amount keeps its unit until it is evaluated for a report, so
//! one parameter serves reports in 元, 万元 and 亿元 alike.

use super::lexer::{Tok, lex_number};
use super::value::{AmountUnit, Value};
use super::{ExprError, Ty};
use rust_decimal::Decimal;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Literal {
    number: Decimal,
    /// `Some` for an amount (`500万元`), `None` for a plain number or a percentage.
    unit: Option<AmountUnit>,
}

impl Literal {
    /// Parses a number, percentage or amount literal, optionally negative and surrounded by
    /// spaces. Anything else is an error.
    pub fn parse(src: &str) -> Result<Literal, ExprError> {
        let start = src.len() - src.trim_start().len();
        let end = start + src.trim().len();
        let body = src.get(start..end).unwrap_or_default();
        let (negative, digits_at) = match body.strip_prefix('-') {
            Some(_) => (true, start + 1),
            None => (false, start),
        };
        let not_a_literal = || {
            ExprError::new(
                format!("`{body}` 不是数字、百分数或金额（expected a number, percentage or amount）"),
                start..end,
            )
            .with_help("例如 `0.05`、`90%`、`500万元`")
        };
        if !src.get(digits_at..).and_then(|r| r.chars().next()).is_some_and(|c| c.is_ascii_digit()) {
            return Err(not_a_literal());
        }
        let (tok, tok_end) = lex_number(src, digits_at)?;
        if tok_end != end {
            return Err(not_a_literal());
        }
        let sign = |d: Decimal| if negative { -d } else { d };
        match tok {
            Tok::Num(d) => Ok(Literal { number: sign(d), unit: None }),
            Tok::Amount(d, unit) => Ok(Literal { number: sign(d), unit: Some(unit) }),
            _ => Err(not_a_literal()),
        }
    }

    pub fn ty(&self) -> Ty {
        Ty::Num
    }

    /// The number as written (a percentage already as its ratio).
    pub fn number(&self) -> Decimal {
        self.number
    }

    /// The unit of an amount literal.
    pub fn unit(&self) -> Option<AmountUnit> {
        self.unit
    }

    /// The value in a report whose amounts are in `unit`.
    pub fn value<'a>(&self, unit: AmountUnit) -> Value<'a> {
        match self.unit {
            None => Value::Num(self.number),
            Some(own) => own.convert(self.number, unit).map_or(Value::Missing, Value::Num),
        }
    }
}

impl fmt::Display for Literal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.number)?;
        if let Some(unit) = self.unit {
            f.write_str(unit.name())?;
        }
        Ok(())
    }
}
