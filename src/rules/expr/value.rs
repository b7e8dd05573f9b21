//! Run-time values, how report values become values, and the coercions between them.

use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::Value as Json;
use std::borrow::Cow;

/// The unit amounts are written in: 元, 万元 or 亿元. A report states its unit in
/// `amount_unit` (default 元); amount literals are converted into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum AmountUnit {
    #[default]
    Yuan,
    WanYuan,
    YiYuan,
}

impl AmountUnit {
    /// The unit named `元`, `万元` or `亿元`.
    pub fn from_name(name: &str) -> Option<AmountUnit> {
        match name {
            "元" => Some(AmountUnit::Yuan),
            "万元" => Some(AmountUnit::WanYuan),
            "亿元" => Some(AmountUnit::YiYuan),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            AmountUnit::Yuan => "元",
            AmountUnit::WanYuan => "万元",
            AmountUnit::YiYuan => "亿元",
        }
    }

    /// Power of ten of one unit in 元.
    fn exponent(self) -> u32 {
        match self {
            AmountUnit::Yuan => 0,
            AmountUnit::WanYuan => 4,
            AmountUnit::YiYuan => 8,
        }
    }

    /// `amount`, written in `self`, expressed in `target`; `None` when it does not fit a decimal.
    ///
    /// The same unit keeps the number as written (so `2322.60万元` keeps its two decimals); a
    /// converted amount drops trailing zeros, which the conversion alone introduced.
    pub fn convert(self, amount: Decimal, target: AmountUnit) -> Option<Decimal> {
        let (from, to) = (self.exponent(), target.exponent());
        if from == to {
            return Some(amount);
        }
        let converted = if from > to {
            amount.checked_mul(pow10_decimal(i64::from(from - to))?)?
        } else {
            // Shifting the scale divides exactly. Beyond 28 decimals the digits that do not fit
            // are rounded off first, half away from zero like every rounding in the language.
            let shift = to - from;
            let fitted = if amount.scale() + shift > 28 {
                amount.round_dp_with_strategy(28 - shift, RoundingStrategy::MidpointAwayFromZero)
            } else {
                amount
            };
            Decimal::try_from_i128_with_scale(fitted.mantissa(), fitted.scale() + shift).ok()?
        };
        Some(converted.normalize())
    }
}

/// 10ⁿ for −28 ≤ n ≤ 28, the range a decimal holds exactly.
pub(crate) fn pow10_decimal(n: i64) -> Option<Decimal> {
    if !(-28..=28).contains(&n) {
        return None;
    }
    let exp = u32::try_from(n.unsigned_abs()).ok()?;
    if n >= 0 {
        Decimal::try_from_i128_with_scale(10i128.checked_pow(exp)?, 0).ok()
    } else {
        Decimal::try_from_i128_with_scale(1, exp).ok()
    }
}

/// A value during evaluation.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value<'a> {
    /// Not computable: absent, `null`, wrong type, division by zero, overflow.
    #[default]
    Missing,
    Bool(bool),
    /// An exact decimal. Its scale is the number of decimals written, which `precision()` returns.
    Num(Decimal),
    Text(Cow<'a, str>),
    /// A list, shared rather than owned: a list parameter, `let` value or literal is read
    /// without copying its elements. It also keeps a value's drop small and not recursive, so
    /// the compiler inlines it where a value is dropped (every step of an evaluation drops
    /// some); with a `Vec`, each drop was a call, and a check took 1% to 8% more CPU.
    List(std::sync::Arc<[Value<'a>]>),
    /// An object or array of the report.
    Json(&'a Json),
}

impl<'a> Value<'a> {
    /// Reads a report value: numbers exactly as written, strings borrowed, `null` as missing.
    pub fn from_json(json: &'a Json) -> Value<'a> {
        match json {
            Json::Null => Value::Missing,
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => json_number(n).map_or(Value::Missing, Value::Num),
            Json::String(s) => Value::Text(Cow::Borrowed(s.as_str())),
            Json::Array(_) | Json::Object(_) => Value::Json(json),
        }
    }

    /// The same value with report scalars turned into their own variants, so that `Json` only
    /// ever holds an object or an array.
    pub(crate) fn normalized(self) -> Value<'a> {
        match self {
            Value::Json(json) => Value::from_json(json),
            other => other,
        }
    }

    pub fn is_missing(&self) -> bool {
        matches!(self, Value::Missing)
    }

    /// The number this value stands for: a number, or a text that is a plain decimal numeral.
    pub fn as_num(&self) -> Option<Decimal> {
        match self {
            Value::Num(d) => Some(*d),
            Value::Text(t) => parse_numeral(t),
            _ => None,
        }
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(t) => Some(t),
            _ => None,
        }
    }

    /// The elements of a list (in place) or of a report array.
    pub(crate) fn elements(&self) -> Option<Cow<'_, [Value<'a>]>> {
        match self {
            Value::List(items) => Some(Cow::Borrowed(items)),
            Value::Json(Json::Array(items)) => Some(Cow::Owned(items.iter().map(Value::from_json).collect())),
            _ => None,
        }
    }

    /// Number of elements of a list or report array, without copying it.
    pub(crate) fn element_count(&self) -> Option<usize> {
        match self {
            Value::List(items) => Some(items.len()),
            Value::Json(Json::Array(items)) => Some(items.len()),
            _ => None,
        }
    }

    /// How the value prints in a message: numbers with the decimals they have (`96.20`), text as
    /// is, lists as `[a, b]`, report objects as JSON, missing as `?`.
    pub fn display(&self) -> String {
        let mut out = String::new();
        self.display_into(&mut out);
        out
    }

    /// [`Value::display`] written at the end of `out`: a message is rendered into one buffer
    /// rather than a string per hole.
    pub fn display_into(&self, out: &mut String) {
        use std::fmt::Write as _;
        match self {
            Value::Missing => out.push('?'),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            // Writing into a `String` cannot fail.
            Value::Num(d) => {
                let _ = write!(out, "{d}");
            }
            Value::Text(t) => out.push_str(t),
            Value::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    item.display_into(out);
                }
                out.push(']');
            }
            Value::Json(json @ (Json::Array(_) | Json::Object(_))) => {
                out.push_str(&serde_json::to_string(json).unwrap_or_default());
            }
            Value::Json(scalar) => Value::from_json(scalar).display_into(out),
        }
    }
}

/// A JSON number as an exact decimal. With `arbitrary_precision` the number keeps the text it was
/// written with, so `96.20` has scale 2. `None` when it does not fit a decimal.
///
/// Rules read numbers all the time; the common ones (plain decimals of up to 18 digits, not
/// negative) are converted directly instead of through the general decimal parser.
pub fn json_number(n: &serde_json::Number) -> Option<Decimal> {
    let text = n.as_str();
    plain_decimal(text)
        .or_else(|| Decimal::from_str_exact(text).ok())
        .or_else(|| Decimal::from_scientific(text).ok())
}

/// `digits[.digits]` with at most 18 digits as the exact decimal `Decimal::from_str_exact`
/// gives (same mantissa, same scale); `None` for anything else, which takes the general path.
fn plain_decimal(text: &str) -> Option<Decimal> {
    let bytes = text.as_bytes();
    // Up to 19 bytes: at most 19 digits, which cannot overflow a `u64`.
    if bytes.is_empty() || bytes.len() > 19 {
        return None;
    }
    let mut mantissa: u64 = 0;
    let mut dot: Option<usize> = None;
    for (i, &b) in bytes.iter().enumerate() {
        let digit = b.wrapping_sub(b'0');
        if digit < 10 {
            mantissa = mantissa * 10 + u64::from(digit);
        } else if b == b'.' && dot.is_none() && i > 0 && i + 1 < bytes.len() {
            dot = Some(i);
        } else {
            return None;
        }
    }
    let scale = dot.map_or(0, |i| bytes.len() - 1 - i);
    let digits = bytes.len() - usize::from(dot.is_some());
    if digits > 18 {
        return None;
    }
    // Below 10¹⁸, the mantissa fits the low two of a decimal's three 32-bit words.
    let low = u32::try_from(mantissa & 0xFFFF_FFFF).ok()?;
    let middle = u32::try_from(mantissa >> 32).ok()?;
    Some(Decimal::from_parts(low, middle, 0, false, u32::try_from(scale).ok()?))
}

/// `text.trim()`, answered at once for the usual text, which starts and ends with a character
/// that cannot be white space: `str::trim` decodes both end characters and looks the Chinese ones
/// up in the Unicode table, and `trim(…)` runs on nearly every name an indicator rule reads.
#[inline]
pub(crate) fn trim(text: &str) -> &str {
    let bytes = text.as_bytes();
    let Some(&first) = bytes.first() else { return text };
    // The last character starts at the last byte that is not a continuation byte.
    let last = bytes.iter().rev().take(4).find(|&&b| !(0x80..0xC0).contains(&b)).copied().unwrap_or(first);
    if never_space(first) && never_space(last) { text } else { text.trim() }
}

/// [`trim`] of a text that may be owned: a borrowed text stays borrowed, an owned one is kept
/// when there is nothing to trim.
pub(crate) fn trim_text(text: Cow<'_, str>) -> Cow<'_, str> {
    match text {
        Cow::Borrowed(t) => Cow::Borrowed(trim(t)),
        Cow::Owned(t) => {
            let kept = trim(&t);
            if kept.len() == t.len() { Cow::Owned(t) } else { Cow::Owned(kept.to_owned()) }
        }
    }
}

/// Whether a character whose UTF-8 encoding starts with `lead` is never white space
/// (`char::is_whitespace`): ASCII other than space and `\t`–`\r`, and the lead bytes of the
/// ranges with no white space (U+00C0–U+0FFF, and U+4000 up: CJK ideographs). The lead bytes of
/// U+0080–U+00BF, U+1000–U+3FFF (`\u{a0}`, `\u{1680}`, `\u{2000}`–`\u{205f}`, `\u{3000}`)
/// leave the answer to `str::trim`.
#[inline]
fn never_space(lead: u8) -> bool {
    match lead {
        b' ' | b'\t'..=b'\r' => false,
        0x00..0x80 => true,
        0xC3..=0xE0 | 0xE4..=0xF4 => true,
        _ => false,
    }
}

/// Whether `text` is a plain decimal numeral (`-?digits(.digits)?`) and its value.
///
/// Only this form counts as a number written as text: no spaces, signs other than a leading
/// `-`, exponents, digit separators or full-width digits, so that a text like `"1e3"` or
/// `"≥90%"` is never silently read as a number.
pub(crate) fn parse_numeral(text: &str) -> Option<Decimal> {
    // One pass over the bytes: most texts compared are not numerals and fail at the first byte.
    let body = text.strip_prefix('-').unwrap_or(text).as_bytes();
    let int_len = body.iter().take_while(|b| b.is_ascii_digit()).count();
    if int_len == 0 {
        return None;
    }
    match &body[int_len..] {
        [] => {}
        [b'.', frac @ ..] if !frac.is_empty() && frac.iter().all(u8::is_ascii_digit) => {}
        _ => return None,
    }
    Decimal::from_str_exact(text).ok()
}

/// The member `name` of an object, with its key. Report objects are small (a dozen keys at most,
/// outside `x-…` extensions), and comparing a few short keys is cheaper than hashing the name;
/// large objects use the map's index.
#[inline]
pub fn member<'j>(map: &'j serde_json::Map<String, Json>, name: &str) -> Option<(&'j String, &'j Json)> {
    if map.len() <= 16 {
        let wanted = name.as_bytes();
        // Lengths and first bytes tell most keys apart; the rest compare without a call.
        map.iter().find(|(key, _)| {
            let key = key.as_bytes();
            key.len() == wanted.len() && key.first() == wanted.first() && same_bytes(key, wanted)
        })
    } else {
        map.get_key_value(name)
    }
}

/// Whether two byte strings of the same length are equal. Keys are short: up to 16 bytes are
/// compared as two words that may overlap, which is exact, without a call to compare memory.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    fn word4(s: &[u8], at: usize) -> u32 {
        s.get(at..at + 4).and_then(|w| w.try_into().ok()).map_or(0, u32::from_ne_bytes)
    }
    fn word8(s: &[u8], at: usize) -> u64 {
        s.get(at..at + 8).and_then(|w| w.try_into().ok()).map_or(0, u64::from_ne_bytes)
    }
    match n {
        0..4 => a == b,
        4..=8 => word4(a, 0) == word4(b, 0) && word4(a, n - 4) == word4(b, n - 4),
        9..=16 => word8(a, 0) == word8(b, 0) && word8(a, n - 8) == word8(b, n - 8),
        _ => a == b,
    }
}

#[cfg(test)]
mod fast_paths {
    use super::*;

    #[test]
    fn short_keys_compare_as_bytes_do() {
        let words = [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "abce",
            "target",
            "targes",
            "weight",
            "execution_rate",
            "execution_ratf",
            "budget.by_source",
            "budget.by_sourcf",
            "一级指标",
            "一级指示",
            "x-performance_goal_",
        ];
        for a in words {
            for b in words {
                assert_eq!(same_bytes(a.as_bytes(), b.as_bytes()), a == b, "{a:?} {b:?}");
            }
        }
        // Every length, and a difference at every position.
        let base: Vec<u8> = (0u8..20).collect();
        for n in 0..=20 {
            assert!(same_bytes(&base[..n], &base[..n]));
            for at in 0..n {
                let mut other = base[..n].to_vec();
                other[at] ^= 0x80;
                assert!(!same_bytes(&base[..n], &other), "length {n}, byte {at}");
            }
        }
    }

    #[test]
    fn trim_is_str_trim() {
        // Every character that is white space, and neighbours of their lead bytes.
        let spaces: Vec<char> =
            (0..=0x10FFFFu32).filter_map(char::from_u32).filter(|c| c.is_whitespace()).collect();
        let others = [
            'a',
            '1',
            '产',
            '出',
            '。',
            '、',
            'é',
            '\u{85}',
            '\u{a1}',
            '\u{167f}',
            '\u{3001}',
            '\u{1f600}',
            '\u{0}',
        ];
        let mut texts = vec![String::new()];
        for &c in spaces.iter().chain(&others) {
            for &d in spaces.iter().chain(&others) {
                texts.push(format!("{c}"));
                texts.push(format!("{c}指标{d}"));
                texts.push(format!("{c}{d}"));
            }
        }
        for text in &texts {
            assert_eq!(trim(text), text.trim(), "{text:?}");
            assert_eq!(trim(text).as_ptr(), text.trim().as_ptr(), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn trim_is_str_trim_on_any_text(text in "\\PC*|[ \t\u{3000}\u{a0}a产]{0,6}") {
            proptest::prop_assert_eq!(trim(&text), text.trim());
        }
    }

    #[test]
    fn plain_decimals_read_as_the_general_parser_reads_them() {
        for text in [
            "0",
            "7",
            "10",
            "0.5",
            "0.50",
            "96.20",
            "2852",
            "100.00",
            "123456789012345678",
            "0.00000000000000001",
            "1234567890.12345678",
        ] {
            let fast = plain_decimal(text).unwrap_or_else(|| panic!("{text} takes the fast path"));
            let general = Decimal::from_str_exact(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(fast, general, "{text}");
            assert_eq!(fast.scale(), general.scale(), "{text}");
            assert_eq!(fast.mantissa(), general.mantissa(), "{text}");
            assert_eq!(fast.to_string(), general.to_string(), "{text}");
        }
        for text in ["-1", "-0", "1e5", "1.", ".5", "1234567890123456789", "", "1.2.3", "0x1"] {
            assert_eq!(plain_decimal(text), None, "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn plain_decimals_are_the_general_parsers_on_any_digits(
            text in "[0-9]{1,20}([.][0-9]{1,20})?|[0-9.]{0,21}"
        ) {
            if let Some(fast) = plain_decimal(&text) {
                let general = Decimal::from_str_exact(&text).ok();
                proptest::prop_assert_eq!(Some(fast), general);
                proptest::prop_assert_eq!(Some(fast.scale()), general.map(|d| d.scale()));
                proptest::prop_assert_eq!(Some(fast.mantissa()), general.map(|d| d.mantissa()));
            }
        }
    }
}
