//! Numbers as a spreadsheet shows them: the stored value under the cell's number format.
//!
//! Forms use a handful of format codes (`General`, `0`, `0.00`, `#,##0`, `#,##0.00`, `0%`,
//! `0.00%`, `@`, sometimes with `_ ` padding or a `;` negative section). [`display`] renders
//! those over a [`Decimal`], exactly; any other code shows the plain value and says so, so a
//! reader never invents a precision the file did not state.
//!
//! [`decimal_from_stored`] turns the binary float a spreadsheet parser hands out back into the
//! decimal the file stored; see there for why that is exact for what Excel writes.

use rust_decimal::{Decimal, RoundingStrategy};

/// Significant digits Excel keeps: it writes and shows at most 15, so a stored value is the
/// 15-digit decimal nearest to the float.
const EXCEL_SIGNIFICANT_DIGITS: u32 = 15;

/// The decimal a spreadsheet stored, recovered from the float its parser produced.
///
/// The cell's `<v>` text (`0.962`, `2322.6`) is parsed to the nearest `f64` by the parser.
/// Rust prints an `f64` as the shortest decimal that parses back to the same float, and every
/// decimal of at most 15 significant digits survives that round trip unchanged (an `f64` holds
/// 15.95 decimal digits), so for such text the printed decimal *is* the stored text. Excel
/// writes at most 17 digits, of which only 15 are meaningful (it shows and computes with 15);
/// rounding the shortest form to 15 significant digits, half away from zero, gives what Excel
/// itself shows. `None` for NaN, infinities and magnitudes a `Decimal` cannot hold.
pub(crate) fn decimal_from_stored(value: f64) -> Option<Decimal> {
    if !value.is_finite() {
        return None;
    }
    if value == 0.0 {
        return Some(Decimal::ZERO);
    }
    // The `e` form is the same shortest round-trip digits, and keeps 1e-30 or 1e20 short.
    let exact = Decimal::from_scientific(&format!("{value:e}")).ok()?;
    let rounded = exact
        .round_sf_with_strategy(EXCEL_SIGNIFICANT_DIGITS, RoundingStrategy::MidpointAwayFromZero)
        .unwrap_or(exact);
    Some(rounded.normalize())
}

/// How a value was displayed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Displayed {
    pub text: String,
    /// False when the format code is not one this formatter knows; `text` is then the plain
    /// value.
    pub recognised: bool,
}

/// Renders `value` under the number format `code` (`None` is `General`).
pub(crate) fn display(value: Decimal, code: Option<&str>) -> Displayed {
    let plain = || Displayed { text: plain_text(value), recognised: true };
    let Some(code) = code else { return plain() };
    let section = first_section(code);
    let trimmed = section.trim();
    if trimmed.is_empty() || trimmed.eq_ignore_ascii_case("general") || trimmed == "@" {
        return plain();
    }
    match parse_pattern(section) {
        Some(pattern) => Displayed { text: pattern.render(value), recognised: true },
        None => Displayed { text: plain_text(value), recognised: false },
    }
}

/// The value as `General` shows it: no exponent, no trailing zeros.
pub(crate) fn plain_text(value: Decimal) -> String {
    value.normalize().to_string()
}

/// The first `;`-separated section of a code, with quotes and escapes respected.
fn first_section(code: &str) -> &str {
    let mut in_quotes = false;
    let mut escaped = false;
    for (at, ch) in code.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match ch {
            '"' => in_quotes = !in_quotes,
            '\\' if !in_quotes => escaped = true,
            ';' if !in_quotes => return &code[..at],
            _ => {}
        }
    }
    code
}

/// A numeric format: literal text around one number with a fixed shape.
#[derive(Debug, Default)]
struct Pattern {
    prefix: String,
    suffix: String,
    /// `0` placeholders in the integer part: the minimum count of integer digits.
    integer_zeros: usize,
    grouping: bool,
    /// `0` placeholders after the point (always shown) and `#`/`?` ones (shown if not zero).
    fraction_zeros: u32,
    fraction_optional: u32,
    percent: bool,
}

impl Pattern {
    fn render(&self, value: Decimal) -> String {
        let scaled = if self.percent { value * Decimal::ONE_HUNDRED } else { value };
        let places = self.fraction_zeros + self.fraction_optional;
        let rounded = scaled.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
        let negative = rounded.is_sign_negative() && !rounded.is_zero();
        let digits = rounded.abs().to_string();
        let (integer, fraction) = digits.split_once('.').unwrap_or((digits.as_str(), ""));
        let mut fraction: String = fraction.to_owned();
        while fraction.len() < places as usize {
            fraction.push('0');
        }
        while fraction.len() > self.fraction_zeros as usize && fraction.ends_with('0') {
            fraction.pop();
        }
        let mut integer = if integer == "0" { String::new() } else { integer.to_owned() };
        while integer.len() < self.integer_zeros {
            integer.insert(0, '0');
        }
        if self.grouping {
            integer = group_thousands(&integer);
        }
        let mut out = String::with_capacity(self.prefix.len() + integer.len() + fraction.len() + 4);
        if negative {
            out.push('-');
        }
        out.push_str(&self.prefix);
        out.push_str(&integer);
        if !fraction.is_empty() || (places > 0 && self.fraction_zeros > 0) {
            out.push('.');
            out.push_str(&fraction);
        }
        if self.percent {
            // The `%` sits where the code put it; in form codes that is right after the number.
            out.push('%');
        }
        out.push_str(&self.suffix);
        out
    }
}

fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, ch) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Reads a section such as `#,##0.00_ `, `0.00%`, `"¥"#,##0.00` or `[Red]0.0`. `None` when
/// the section holds anything else (dates, exponents, fractions, scaling commas, text `@`
/// mixed with digits).
fn parse_pattern(section: &str) -> Option<Pattern> {
    let mut pattern = Pattern::default();
    let mut chars = section.chars().peekable();
    // 0: before the number, 1: integer part, 2: fraction part, 3: after the number.
    let mut stage = 0u8;
    let mut literal = String::new();
    let push_literal = |pattern: &mut Pattern, stage: u8, text: &str| match stage {
        0 => pattern.prefix.push_str(text),
        _ => pattern.suffix.push_str(text),
    };
    while let Some(ch) = chars.next() {
        match ch {
            '0' | '#' | '?' | ',' | '.' if stage < 3 => {
                if stage == 0 {
                    stage = 1;
                }
                match (ch, stage) {
                    ('0', 1) => pattern.integer_zeros += 1,
                    ('#' | '?', 1) => {}
                    (',', 1) => {
                        // A comma between placeholders groups; one after the last scales by
                        // 1000, which forms do not use.
                        match chars.peek() {
                            Some('0' | '#' | '?' | ',') => pattern.grouping = true,
                            _ => return None,
                        }
                    }
                    ('.', 1) => stage = 2,
                    ('0', 2) => pattern.fraction_zeros += 1,
                    ('#' | '?', 2) => pattern.fraction_optional += 1,
                    _ => return None,
                }
            }
            '0' | '#' | '?' | '.' => return None,
            '%' => {
                if pattern.percent || stage == 0 {
                    return None;
                }
                pattern.percent = true;
                stage = 3;
            }
            '"' => {
                literal.clear();
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some(c) => literal.push(c),
                        None => return None,
                    }
                }
                if stage > 0 {
                    stage = 3;
                }
                push_literal(&mut pattern, stage, &literal);
            }
            '\\' => {
                let c = chars.next()?;
                if stage > 0 {
                    stage = 3;
                }
                push_literal(&mut pattern, stage, &c.to_string());
            }
            // Padding as wide as the next character, and repeat-to-fill: width, not text.
            '_' | '*' => {
                chars.next()?;
                if stage > 0 {
                    stage = 3;
                }
            }
            '[' => {
                let mut bracket = String::new();
                loop {
                    match chars.next() {
                        Some(']') => break,
                        Some(c) => bracket.push(c),
                        None => return None,
                    }
                }
                // `[Red]`, `[Color10]` and locale tags `[$-804]` change nothing in the text; a
                // currency tag `[$¥-804]` shows its symbol; conditions `[>100]` are not read.
                if let Some(currency) = bracket.strip_prefix('$') {
                    let symbol = currency.split('-').next().unwrap_or("");
                    if stage > 0 {
                        stage = 3;
                    }
                    push_literal(&mut pattern, stage, symbol);
                } else if bracket.starts_with(['<', '>', '=']) {
                    return None;
                }
            }
            ' ' | '-' | '+' | '(' | ')' | ':' | '$' | '¥' | '￥' | '/' => {
                if ch == '/' || ch == ':' {
                    return None;
                }
                if stage > 0 {
                    stage = 3;
                }
                push_literal(&mut pattern, stage, &ch.to_string());
            }
            c if !c.is_ascii() => {
                // CJK units written without quotes (`0.00万元`) are literal text.
                if stage > 0 {
                    stage = 3;
                }
                push_literal(&mut pattern, stage, &c.to_string());
            }
            _ => return None,
        }
    }
    if stage == 0 {
        return None;
    }
    Some(pattern)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).expect("test literal")
    }

    fn shown(value: &str, code: &str) -> String {
        display(d(value), Some(code)).text
    }

    #[test]
    fn the_form_codes_show_what_excel_shows() {
        assert_eq!(shown("0.962", "0.00%"), "96.20%");
        assert_eq!(shown("2322.6", "#,##0.00"), "2,322.60");
        assert_eq!(shown("2322.6", "#,##0"), "2,323");
        assert_eq!(shown("2322.5", "0"), "2323");
        assert_eq!(shown("-2322.5", "0"), "-2323");
        assert_eq!(shown("0.5", "0%"), "50%");
        assert_eq!(shown("0.125", "0.00"), "0.13");
        assert_eq!(shown("1234567.891", "#,##0.00_ "), "1,234,567.89");
        assert_eq!(shown("12", "@"), "12");
        assert_eq!(shown("12.50", "General"), "12.5");
        assert_eq!(shown("-5", "#,##0.00;[Red]-#,##0.00"), "-5.00");
        assert_eq!(shown("0", "0.00"), "0.00");
        assert_eq!(shown("0.5", "#.##"), ".5");
    }

    #[test]
    fn literal_text_and_currency_tags_stay_around_the_number() {
        assert_eq!(shown("1500", "\"¥\"#,##0.00"), "¥1,500.00");
        assert_eq!(shown("1500", "[$¥-804]#,##0.00"), "¥1,500.00");
        assert_eq!(shown("3.5", "0.00\"万元\""), "3.50万元");
    }

    #[test]
    fn unknown_codes_fall_back_to_the_plain_value_and_say_so() {
        let date = display(d("44927"), Some("yyyy-mm-dd"));
        assert_eq!(date, Displayed { text: "44927".into(), recognised: false });
        let scientific = display(d("1234.5"), Some("0.00E+00"));
        assert!(!scientific.recognised);
        assert_eq!(scientific.text, "1234.5");
        assert!(!display(d("1234.5"), Some("#,##0,")).recognised);
    }

    #[test]
    fn stored_floats_come_back_as_the_decimal_the_file_wrote() {
        assert_eq!(decimal_from_stored(0.962), Some(d("0.962")));
        assert_eq!(decimal_from_stored(2322.6), Some(d("2322.6")));
        assert_eq!(decimal_from_stored(0.1 + 0.2), Some(d("0.3")));
        assert_eq!(decimal_from_stored(0.0900000762939453), Some(d("0.0900000762939453")));
        assert_eq!(decimal_from_stored(1234567890.123456), Some(d("1234567890.12346")));
        assert_eq!(decimal_from_stored(123456789012345.0), Some(d("123456789012345")));
        assert_eq!(decimal_from_stored(1e-7), Some(d("0.0000001")));
        assert_eq!(decimal_from_stored(f64::NAN), None);
        assert_eq!(decimal_from_stored(1e300), None);
    }
}
