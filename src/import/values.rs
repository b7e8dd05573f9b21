//! Values read as printed in a form's cells: amounts (`2,322.60`, `150万`), percentages
//! (`96.20％`), targets (`≥95%` → comparator, value, unit), and the markers and template text
//! that mean "not filled".
//!
//! Every number is an exact [`Decimal`] made from the cleaned printed text, so the printed
//! decimals survive (`96.20` stays `96.20`): a rule compares what the clerk wrote, not a binary
//! float's neighbour of it. Nothing here knows about layouts or reports.

use crate::import::model::NumberCell;
use regex::Regex;
use rust_decimal::Decimal;
use std::ops::Range;
use std::str::FromStr;
use std::sync::OnceLock;

/// The money units a report may use (`amount_unit` of the v1 format).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyUnit {
    Yuan,
    WanYuan,
    YiYuan,
}

impl MoneyUnit {
    /// The unit as the v1 format spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            MoneyUnit::Yuan => "元",
            MoneyUnit::WanYuan => "万元",
            MoneyUnit::YiYuan => "亿元",
        }
    }

    /// Reads `元`, `万元`, `万`, `亿元`, `亿` (after width folding).
    pub fn parse(text: &str) -> Option<MoneyUnit> {
        match text.trim() {
            "元" => Some(MoneyUnit::Yuan),
            "万元" | "万" => Some(MoneyUnit::WanYuan),
            "亿元" | "亿" => Some(MoneyUnit::YiYuan),
            _ => None,
        }
    }
}

/// A comparator of a target (指标性质), folded to the v1 spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparator {
    AtLeast,
    AtMost,
    Equal,
    Above,
    Below,
}

impl Comparator {
    /// The v1 spelling: `≥`, `≤`, `=`, `>`, `<`.
    pub fn as_str(self) -> &'static str {
        match self {
            Comparator::AtLeast => "≥",
            Comparator::AtMost => "≤",
            Comparator::Equal => "=",
            Comparator::Above => ">",
            Comparator::Below => "<",
        }
    }

    /// Reads a comparator printed alone (`≥`, `>=`, `≧`, `＝`, `═`, `大于等于`).
    pub fn parse(text: &str) -> Option<Comparator> {
        let folded = fold(text);
        match folded.text.trim() {
            "≥" | ">=" | "大于等于" | "不低于" | "不少于" => Some(Comparator::AtLeast),
            "≤" | "<=" | "小于等于" | "不高于" | "不超过" | "不多于" => {
                Some(Comparator::AtMost)
            }
            "=" | "==" | "等于" => Some(Comparator::Equal),
            ">" | "大于" => Some(Comparator::Above),
            "<" | "小于" => Some(Comparator::Below),
            _ => None,
        }
    }
}

/// Text folded to half width, with the byte offset in the original of every byte of the
/// folded text, so that a range found in the folded text maps back to the printed one.
#[derive(Debug, Clone, PartialEq)]
pub struct Folded {
    pub text: String,
    /// `origin[i]` is the original byte offset of folded byte `i`; one extra entry for the end.
    origin: Vec<usize>,
}

impl Folded {
    /// The range in the original text of a range of the folded text.
    pub fn original(&self, range: Range<usize>) -> Range<usize> {
        let start = self.origin.get(range.start).copied().unwrap_or(0);
        let end = self.origin.get(range.end).copied().unwrap_or(start);
        start..end
    }
}

/// Folds full-width ASCII (digits, `％`, `．`, `，`, `（）`, `：`, `＝`…), the ideographic and
/// no-break spaces, and the comparator look-alikes seen in forms (`≧`, `≦`, `═`) to their
/// plain forms. Other characters are kept: a width fold, not full NFKC.
pub fn fold(text: &str) -> Folded {
    let mut out = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len() + 1);
    for (at, ch) in text.char_indices() {
        let folded = fold_char(ch);
        let before = out.len();
        out.push(folded);
        origin.extend(std::iter::repeat_n(at, out.len() - before));
    }
    origin.push(text.len());
    Folded { text: out, origin }
}

/// The width fold of one character (see [`fold`]): one character in, one out, so a text
/// folded character by character keeps its character positions.
pub fn fold_char(ch: char) -> char {
    match ch {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(ch as u32 - 0xFEE0).unwrap_or(ch),
        '\u{3000}' | '\u{00A0}' => ' ',
        '≧' => '≥',
        '≦' => '≤',
        '═' => '=',
        '﹪' => '%',
        '﹕' => ':',
        _ => ch,
    }
}

/// The number-token pattern: thousands grouped by `,` or a space, or plain digits; an optional
/// sign and decimal part.
const NUMBER: &str = r"[+-]?(?:\d{1,3}(?:[, ]\d{3})+|\d+)(?:\.\d+)?";

fn regex(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| match Regex::new(pattern) {
        Ok(re) => re,
        // The patterns are constants of this file; a test compiles each of them.
        Err(_) => Regex::new("$^").unwrap_or_else(|_| unreachable!()),
    })
}

fn amount_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(&RE, &format!(r"^\s*({NUMBER})\s*(万元|亿元|万|亿|元)?\s*$"))
}

fn percent_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(&RE, &format!(r"^\s*({NUMBER})\s*(%|百分比|个百分点)?\s*$"))
}

fn measure_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(&RE, &format!(r"^\s*(>=|<=|≥|≤|==|=|>|<)?\s*({NUMBER})\s*(\S.*?)?\s*$"))
}

fn comparator_text_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(&RE, r"^\s*(>=|<=|≥|≤|==|=|>|<)\s*(\S.*?)\s*$")
}

fn template_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(
        &RE,
        r"^(?:指标\s*\d*\s*:?|[…\.。·．]{2,}|\(?\s*\d+\s*字以内\s*\)?|\(?\s*请填写[^)]*\)?|[Xx×]{2,}|\(?\s*(?:此处)?填写[^)]*\)?)$",
    )
}

fn template_fragment_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(&RE, r"\(\s*\d+\s*字以内\s*\)|\(\s*请填写[^)]*\)|^\s*指标\s*\d+\s*:\s*")
}

/// The markers forms print for "nothing here / not applicable": `—`, `－`, `-`, `/`, `／`,
/// `无`, `不适用`, an empty cell (after folding and trimming).
pub fn is_marker(text: &str) -> bool {
    let folded = fold(text);
    let trimmed = folded.text.trim();
    trimmed.is_empty()
        || matches!(
            trimmed,
            "—" | "——"
                | "-"
                | "--"
                | "/"
                | "//"
                | "\\"
                | "–"
                | "*"
                | "无"
                | "暂无"
                | "不适用"
                | "—/—"
                | "N/A"
                | "n/a"
        )
}

/// Template text the blank form carries and a clerk left in place: `指标1：`, `……`,
/// `(100字以内)`, `（请填写）`, `XX`.
pub fn is_template(text: &str) -> bool {
    let folded = fold(text);
    template_pattern().is_match(folded.text.trim())
}

/// Whether a cell counts as not filled: a marker or template text.
pub fn not_filled(text: &str) -> bool {
    is_marker(text) || is_template(text)
}

/// A text value as printed, with template fragments (`（200字以内）`, a leading `指标1：`)
/// removed and surrounding space trimmed; `None` when nothing is left that a clerk wrote.
/// The range is where the kept text sits in `text`.
pub fn text_value(text: &str) -> Option<(String, Range<usize>)> {
    let folded = fold(text);
    let mut keep = String::new();
    let mut first: Option<usize> = None;
    let mut last = 0;
    let mut cursor = 0;
    for found in template_fragment_pattern().find_iter(&folded.text) {
        push_kept(text, &folded, cursor..found.start(), &mut keep, &mut first, &mut last);
        cursor = found.end();
    }
    push_kept(text, &folded, cursor..folded.text.len(), &mut keep, &mut first, &mut last);
    let kept = keep.trim();
    if not_filled(kept) {
        return None;
    }
    let start = first.unwrap_or(0);
    Some((kept.to_string(), start..last.max(start)))
}

fn push_kept(
    text: &str,
    folded: &Folded,
    range: Range<usize>,
    keep: &mut String,
    first: &mut Option<usize>,
    last: &mut usize,
) {
    let original = folded.original(range);
    let piece = text.get(original.clone()).unwrap_or("");
    let trimmed_start = piece.len() - piece.trim_start().len();
    let trimmed_end = piece.trim_end().len();
    if !piece.trim().is_empty() {
        if first.is_none() {
            *first = Some(original.start + trimmed_start);
        }
        *last = original.start + trimmed_end;
    }
    keep.push_str(piece);
}

/// Why a printed value could not be read as a number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    #[error("“{0}”不是数值")]
    NotANumber(String),
    #[error("“{0}”超出可精确表示的范围（28 位有效数字）")]
    OutOfRange(String),
}

/// What a cell says: a value, nothing (marker, template text, empty), or something unreadable.
#[derive(Debug, Clone, PartialEq)]
pub enum Reading<T> {
    Value(T),
    NotFilled,
    Unreadable(ValueError),
}

/// A money amount as printed, with the unit printed beside it (`150万`), if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Amount {
    pub value: Decimal,
    pub unit: Option<MoneyUnit>,
    /// Where the number sits in the printed text.
    pub span: Range<usize>,
}

/// A percentage in percent points (`96.20%` → 96.20).
#[derive(Debug, Clone, PartialEq)]
pub struct Percent {
    pub value: Decimal,
    pub span: Range<usize>,
}

/// A measured value: a number with its unit, or qualitative wording.
#[derive(Debug, Clone, PartialEq)]
pub enum Measure {
    Number { value: Decimal, unit: Option<String> },
    Text(String),
}

/// A target as one cell prints it: `≥95%` → (≥, 95, %), `≤15天`, `100%`, `12个`, `=达标`.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub comparator: Option<Comparator>,
    pub measure: Measure,
    pub span: Range<usize>,
}

/// Reads a number token (`2,322.60`, `2 322.6`, `-3`) exactly, keeping its printed decimals.
pub fn decimal(token: &str) -> Result<Decimal, ValueError> {
    let cleaned: String = token.chars().filter(|c| !matches!(c, ',' | ' ' | '+')).collect();
    Decimal::from_str(&cleaned).map_err(|err| match err {
        rust_decimal::Error::ExceedsMaximumPossibleValue
        | rust_decimal::Error::LessThanMinimumPossibleValue
        | rust_decimal::Error::ScaleExceedsMaximumPrecision(_) => ValueError::OutOfRange(token.to_string()),
        _ => ValueError::NotANumber(token.to_string()),
    })
}

/// Reads an amount: `2,322.60`, `2 322.6`, `150万`, `150万元`, `1.2亿`. A number cell whose
/// displayed text is empty is read from its stored value.
pub fn amount(text: &str, number: Option<&NumberCell>) -> Reading<Amount> {
    if not_filled(text) {
        return match number {
            Some(cell) if text.trim().is_empty() => {
                Reading::Value(Amount { value: cell.value, unit: None, span: 0..0 })
            }
            _ => Reading::NotFilled,
        };
    }
    let folded = fold(text);
    let Some(caps) = amount_pattern().captures(&folded.text) else {
        return Reading::Unreadable(ValueError::NotANumber(text.trim().to_string()));
    };
    let (Some(token), unit) = (caps.get(1), caps.get(2)) else {
        return Reading::Unreadable(ValueError::NotANumber(text.trim().to_string()));
    };
    match decimal(token.as_str()) {
        Ok(value) => Reading::Value(Amount {
            value,
            unit: unit.and_then(|u| MoneyUnit::parse(u.as_str())),
            span: folded.original(token.range()),
        }),
        Err(err) => Reading::Unreadable(err),
    }
}

/// Reads a percentage in percent points: `96.2%`, `96.20％`, `96.2`, `100百分比`. A number cell
/// with a percent format is read as displayed: 0.962 under `0.00%` is 96.20.
pub fn percent(text: &str, number: Option<&NumberCell>) -> Reading<Percent> {
    let percent_format = number.and_then(|n| n.format.as_deref()).is_some_and(|f| f.contains('%'));
    if not_filled(text) {
        return match number {
            Some(cell) if text.trim().is_empty() => {
                let value = if percent_format {
                    let decimals = format_decimals(cell.format.as_deref().unwrap_or(""));
                    (cell.value * Decimal::ONE_HUNDRED).round_dp_with_strategy(
                        decimals,
                        rust_decimal::RoundingStrategy::MidpointAwayFromZero,
                    )
                } else {
                    cell.value
                };
                Reading::Value(Percent { value, span: 0..0 })
            }
            _ => Reading::NotFilled,
        };
    }
    let folded = fold(text);
    let Some(token) = percent_pattern().captures(&folded.text).and_then(|c| c.get(1)) else {
        return Reading::Unreadable(ValueError::NotANumber(text.trim().to_string()));
    };
    match decimal(token.as_str()) {
        Ok(value) => Reading::Value(Percent { value, span: folded.original(token.range()) }),
        Err(err) => Reading::Unreadable(err),
    }
}

/// The count of decimals a number format shows: `0.00%` → 2, `0%` → 0.
fn format_decimals(format: &str) -> u32 {
    let section = format.split(';').next().unwrap_or("");
    match section.split_once('.') {
        Some((_, after)) => after.chars().take_while(|c| *c == '0' || *c == '#').count() as u32,
        None => 0,
    }
}

/// Reads a target printed in one cell: comparator, value and unit.
pub fn target(text: &str) -> Reading<Target> {
    let Some((kept, range)) = text_value(text) else { return Reading::NotFilled };
    let folded = fold(&kept);
    if let Some(caps) = measure_pattern().captures(&folded.text) {
        let comparator = caps.get(1).and_then(|c| Comparator::parse(c.as_str()));
        if let Some(token) = caps.get(2) {
            return match decimal(token.as_str()) {
                Ok(value) => {
                    let unit = caps.get(3).map(|u| unit_text(u.as_str()));
                    let span = folded.original(token.range());
                    Reading::Value(Target {
                        comparator,
                        measure: Measure::Number { value, unit },
                        span: range.start + span.start..range.start + span.end,
                    })
                }
                Err(err) => Reading::Unreadable(err),
            };
        }
    }
    if let Some(caps) = comparator_text_pattern().captures(&folded.text) {
        let comparator = caps.get(1).and_then(|c| Comparator::parse(c.as_str()));
        if let Some(rest) = caps.get(2) {
            let span = folded.original(rest.range());
            let wording = kept.get(span.clone()).unwrap_or(rest.as_str()).to_string();
            return Reading::Value(Target {
                comparator,
                measure: Measure::Text(wording),
                span: range.start + span.start..range.start + span.end,
            });
        }
    }
    Reading::Value(Target { comparator: None, measure: Measure::Text(kept), span: range })
}

/// Reads an actual value: a number with its optional unit (`98.6%`, `50`, `21期`), or the
/// wording (`达成预期指标`). A comparator printed with an actual value is not a measurement,
/// so such a cell is kept as wording.
pub fn actual(text: &str) -> Reading<(Measure, Range<usize>)> {
    match target(text) {
        Reading::Value(Target { comparator: None, measure, span }) => Reading::Value((measure, span)),
        Reading::Value(Target { comparator: Some(_), .. }) => match text_value(text) {
            Some((kept, range)) => Reading::Value((Measure::Text(kept), range)),
            None => Reading::NotFilled,
        },
        Reading::NotFilled => Reading::NotFilled,
        Reading::Unreadable(err) => Reading::Unreadable(err),
    }
}

/// A unit as the v1 format writes it: `百分比` is `%`.
pub fn unit_text(unit: &str) -> String {
    let folded = fold(unit.trim());
    match folded.text.as_str() {
        "百分比" | "百分率" => "%".to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap_or_default()
    }

    fn amount_of(text: &str) -> Option<(String, Option<MoneyUnit>)> {
        match amount(text, None) {
            Reading::Value(a) => Some((a.value.to_string(), a.unit)),
            _ => None,
        }
    }

    fn target_of(text: &str) -> Option<(Option<&'static str>, String, Option<String>)> {
        match target(text) {
            Reading::Value(Target { comparator, measure: Measure::Number { value, unit }, .. }) => {
                Some((comparator.map(Comparator::as_str), value.to_string(), unit))
            }
            _ => None,
        }
    }

    #[test]
    fn every_pattern_of_this_file_compiles() {
        for pattern in [
            amount_pattern(),
            percent_pattern(),
            measure_pattern(),
            comparator_text_pattern(),
            template_pattern(),
            template_fragment_pattern(),
        ] {
            assert_ne!(pattern.as_str(), "$^");
        }
    }

    #[test]
    fn amounts_keep_their_printed_decimals_through_separators_and_units() {
        assert_eq!(amount_of("2,322.60"), Some(("2322.60".into(), None)));
        assert_eq!(amount_of("2 322.6"), Some(("2322.6".into(), None)));
        assert_eq!(amount_of("150万"), Some(("150".into(), Some(MoneyUnit::WanYuan))));
        assert_eq!(amount_of("150万元"), Some(("150".into(), Some(MoneyUnit::WanYuan))));
        assert_eq!(amount_of("1.2亿"), Some(("1.2".into(), Some(MoneyUnit::YiYuan))));
        assert_eq!(amount_of("226,145,100.00 元"), Some(("226145100.00".into(), Some(MoneyUnit::Yuan))));
        assert_eq!(amount_of("１２５．２５万"), Some(("125.25".into(), Some(MoneyUnit::WanYuan))));
        assert_eq!(amount_of("-3.50"), Some(("-3.50".into(), None)));
    }

    #[test]
    fn an_amount_span_points_at_the_number_in_the_printed_text() {
        let Reading::Value(found) = amount(" １５０万", None) else { panic!("not read") };
        assert_eq!(&" １５０万"[found.span], "１５０");
    }

    #[test]
    fn words_and_broken_numbers_are_unreadable_not_zero() {
        assert!(matches!(amount("约150万", None), Reading::Unreadable(_)));
        assert!(matches!(amount("1,22.5", None), Reading::Unreadable(_)));
        assert!(matches!(amount("99999999999999999999999999999999", None), Reading::Unreadable(_)));
    }

    #[test]
    fn percentages_read_with_either_width_of_percent_sign() {
        for (text, expected) in [
            ("96.2%", "96.2"),
            ("96.20％", "96.20"),
            ("９６．２０％", "96.20"),
            ("100百分比", "100"),
            ("83.50", "83.50"),
        ] {
            match percent(text, None) {
                Reading::Value(p) => assert_eq!(p.value.to_string(), expected, "{text}"),
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_percent_formatted_number_cell_is_read_as_displayed() {
        let cell = NumberCell { value: dec("0.962"), format: Some("0.00%".into()) };
        let Reading::Value(shown) = percent("96.20%", Some(&cell)) else { panic!("not read") };
        assert_eq!(shown.value.to_string(), "96.20");
        let Reading::Value(stored) = percent("", Some(&cell)) else { panic!("not read") };
        assert_eq!(stored.value.to_string(), "96.20");
        let plain = NumberCell { value: dec("96.2"), format: Some("General".into()) };
        let Reading::Value(general) = percent("", Some(&plain)) else { panic!("not read") };
        assert_eq!(general.value.to_string(), "96.2");
    }

    #[test]
    fn targets_split_into_comparator_value_and_unit() {
        assert_eq!(target_of("≥95%"), Some((Some("≥"), "95".into(), Some("%".into()))));
        assert_eq!(target_of("≤15天"), Some((Some("≤"), "15".into(), Some("天".into()))));
        assert_eq!(target_of("100%"), Some((None, "100".into(), Some("%".into()))));
        assert_eq!(target_of("12个"), Some((None, "12".into(), Some("个".into()))));
        assert_eq!(target_of(">=90%"), Some((Some("≥"), "90".into(), Some("%".into()))));
        assert_eq!(target_of("≧90%"), Some((Some("≥"), "90".into(), Some("%".into()))));
        assert_eq!(target_of("<=5"), Some((Some("≤"), "5".into(), None)));
        assert_eq!(target_of("＝100%"), Some((Some("="), "100".into(), Some("%".into()))));
        assert_eq!(target_of("═100%"), Some((Some("="), "100".into(), Some("%".into()))));
        assert_eq!(target_of("=100%"), Some((Some("="), "100".into(), Some("%".into()))));
        assert_eq!(target_of("≥100百分比"), Some((Some("≥"), "100".into(), Some("%".into()))));
        assert_eq!(target_of("≥ 95 %"), Some((Some("≥"), "95".into(), Some("%".into()))));
        assert_eq!(target_of("≤50元/人次"), Some((Some("≤"), "50".into(), Some("元/人次".into()))));
    }

    #[test]
    fn qualitative_targets_keep_their_wording() {
        let Reading::Value(t) = target("=达成预期指标") else { panic!("not read") };
        assert_eq!(t.comparator, Some(Comparator::Equal));
        assert_eq!(t.measure, Measure::Text("达成预期指标".into()));
        let Reading::Value(plain) = target("有效提升") else { panic!("not read") };
        assert_eq!((plain.comparator, plain.measure), (None, Measure::Text("有效提升".into())));
    }

    #[test]
    fn markers_and_template_text_are_not_filled() {
        for text in [
            "",
            " ",
            "—",
            "－",
            "-",
            "/",
            "／",
            "无",
            "不适用",
            "/ ",
            "指标1：",
            "指标2:",
            "……",
            "(100字以内)",
            "（请填写）",
            "XX",
            "（200字以内）",
        ] {
            assert!(not_filled(text), "{text:?} counted as filled");
            assert_eq!(target(text), Reading::NotFilled, "{text:?}");
            assert!(matches!(amount(text, None), Reading::NotFilled), "{text:?}");
            assert_eq!(text_value(text), None, "{text:?}");
        }
        assert!(!not_filled("0"));
        assert!(!not_filled("培训人次"));
    }

    #[test]
    fn template_fragments_are_cut_from_text_that_a_clerk_wrote() {
        let text = "指标1：培训人次";
        let Some((kept, range)) = text_value(text) else { panic!("nothing kept") };
        assert_eq!(kept, "培训人次");
        assert_eq!(&text[range], "培训人次");
        let Some((kept, _)) = text_value("资金拨付偏慢（200字以内）") else {
            panic!("nothing kept")
        };
        assert_eq!(kept, "资金拨付偏慢");
    }

    #[test]
    fn actual_values_with_a_comparator_stay_wording() {
        assert_eq!(actual("≥95%"), Reading::Value((Measure::Text("≥95%".into()), 0.."≥95%".len())));
        let Reading::Value((Measure::Number { value, unit }, _)) = actual("98.60%") else {
            panic!("not read")
        };
        assert_eq!((value.to_string(), unit.as_deref()), ("98.60".into(), Some("%")));
    }

    #[test]
    fn comparators_printed_alone_fold_to_the_v1_spelling() {
        assert_eq!(Comparator::parse("＞＝").map(Comparator::as_str), Some("≥"));
        assert_eq!(Comparator::parse("≦").map(Comparator::as_str), Some("≤"));
        assert_eq!(Comparator::parse("═").map(Comparator::as_str), Some("="));
        assert_eq!(Comparator::parse("约"), None);
    }

    /// Prints a decimal as forms do: grouped by `,` or a space, optionally in full width.
    fn printed(value: Decimal, group: Option<char>, full_width: bool) -> String {
        let plain = value.to_string();
        let (sign, digits) = plain.strip_prefix('-').map_or(("", plain.as_str()), |d| ("-", d));
        let (int, frac) = digits.split_once('.').map_or((digits, None), |(i, f)| (i, Some(f)));
        let mut grouped = String::new();
        for (i, ch) in int.chars().enumerate() {
            if let Some(g) = group
                && i > 0
                && (int.len() - i) % 3 == 0
            {
                grouped.push(g);
            }
            grouped.push(ch);
        }
        let mut out = format!("{sign}{grouped}");
        if let Some(frac) = frac {
            out.push('.');
            out.push_str(frac);
        }
        if full_width {
            out.chars()
                .map(|c| match c {
                    '0'..='9' | '.' | ',' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
                    other => other,
                })
                .collect()
        } else {
            out
        }
    }

    proptest! {
        #[test]
        fn formatted_amounts_read_back_to_the_same_decimal_and_scale(
            mantissa in -10_000_000_000_000i64..10_000_000_000_000i64,
            scale in 0u32..7,
            group in prop_oneof![Just(None), Just(Some(',')), Just(Some(' '))],
            full_width in any::<bool>(),
            unit in prop_oneof![Just(""), Just("万元"), Just("万"), Just("元"), Just("亿")],
        ) {
            let value = Decimal::new(mantissa, scale);
            let text = format!("{}{unit}", printed(value, group, full_width));
            match amount(&text, None) {
                Reading::Value(read) => {
                    prop_assert_eq!(read.value.to_string(), value.to_string(), "{}", text);
                    prop_assert_eq!(read.value.scale(), scale);
                }
                other => prop_assert!(false, "{text}: {other:?}"),
            }
        }

        #[test]
        fn formatted_percentages_read_back_exactly(
            mantissa in 0i64..100_000_000,
            scale in 0u32..5,
            sign in prop_oneof![Just("%"), Just("％"), Just(""), Just(" %")],
        ) {
            let value = Decimal::new(mantissa, scale);
            let text = format!("{value}{sign}");
            match percent(&text, None) {
                Reading::Value(read) => prop_assert_eq!(read.value.to_string(), value.to_string()),
                other => prop_assert!(false, "{text}: {other:?}"),
            }
        }

        #[test]
        fn any_text_reads_without_panicking(text in "\\PC{0,40}") {
            let _ = amount(&text, None);
            let _ = percent(&text, None);
            let _ = target(&text);
            let _ = text_value(&text);
        }
    }
}
