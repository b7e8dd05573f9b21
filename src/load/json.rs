//! A strict RFC 8259 JSON parser producing `serde_json::Value`.
//!
//! serde_json alone is not enough for reports: it keeps the last of two equal keys without a
//! word, and its errors carry line/byte-column pairs instead of spans. This parser rejects
//! duplicate keys, reports every error as a byte span with a Chinese message, checks that each
//! number can be held exactly as a `Decimal`, and bounds nesting without recursion, so no input
//! can overflow the stack. Numbers keep their source text (`96.20` stays `96.20`), except that
//! exponents are spelled as serde_json spells them (`1E5` becomes `1e+5`), so that documents
//! compare equal to serde_json's reading of the same text.

use std::borrow::Cow;
use std::collections::{BinaryHeap, HashMap};
use std::ops::Range;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::map::Entry;
use serde_json::{Map, Number, Value};

use super::locate::first_key_offsets;
use super::spans::{Recorder, ValueSpans};
use crate::diagnostic::LineIndex;
use crate::diagnostic::{Diagnostic, codes, escape_pointer_token};

/// The outcome of parsing one text.
#[derive(Debug)]
pub struct Parsed {
    /// The document; `None` after a syntax error or when an object repeats a key.
    pub value: Option<Value>,
    /// Syntax error (at most one, parsing stops there), duplicate keys, numbers out of range;
    /// ordered by position.
    pub diagnostics: Vec<Diagnostic>,
    /// Where each value of `value` sits in the text; `None` when there is no value (or the text
    /// is longer than 4 GiB).
    pub spans: Option<ValueSpans>,
}

/// Parses `text` as one JSON document nested at most `max_depth` arrays/objects deep.
pub fn parse(text: &str, max_depth: usize) -> Parsed {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        max_depth,
        stack: Vec::new(),
        elements: Vec::new(),
        members: Vec::new(),
        diagnostics: Vec::new(),
        duplicates: BinaryHeap::new(),
        duplicate_keys: 0,
        out_of_range: 0,
        lines: None,
        spans: Recorder::for_text(text.len()),
    };
    let value = match parser.document() {
        Ok(value) => Some(value),
        Err(error) => {
            parser.diagnostics.push(error.into_diagnostic());
            // Keys repeated before the error are reported too, as their objects' closing would.
            while !parser.stack.is_empty() {
                parser.close();
            }
            None
        }
    };
    for (count, code, what) in [
        (parser.duplicate_keys, codes::DUPLICATE_KEY, "重复的键"),
        (parser.out_of_range, codes::NUMBER_OUT_OF_RANGE, "超出范围的数值"),
    ] {
        if count > MAX_REPORTED {
            parser
                .diagnostics
                .push(Diagnostic::error(code, format!("另有 {} 处{what}未逐一列出", count - MAX_REPORTED)));
        }
    }
    let mut diagnostics = parser.diagnostics;
    diagnostics.extend(parser.duplicates.into_iter().map(|duplicate| duplicate.diagnostic));
    diagnostics.sort_by_key(|d| d.span.as_ref().map_or(usize::MAX, |span| span.start));
    let value = value.filter(|_| parser.duplicate_keys == 0);
    let spans = if value.is_some() { parser.spans.finish(text.len()) } else { None };
    Parsed { value, diagnostics, spans }
}

/// The exact `Decimal` a JSON number literal denotes, or `None` when it has more significant
/// digits or decimal places than a `Decimal` holds (28 decimal places, mantissa below 2^96).
///
/// Exponents are applied exactly, and trailing zeros that only widen the scale are dropped,
/// so `1.5e2`, `150` and `0.150000000000000000000000000000e3` are all accepted.
pub fn exact_decimal(literal: &str) -> Option<Decimal> {
    let (negative, unsigned) = match literal.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, literal),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(e) => {
            let exponent = &unsigned[e + 1..];
            let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
            if exponent.is_empty() {
                return None;
            }
            // An exponent too long for i64 puts any nonzero value out of range whatever its
            // sign, and zero returns before the exponent is used.
            (&unsigned[..e], exponent.parse::<i64>().unwrap_or(i64::MAX))
        }
        None => (unsigned, 0),
    };
    let (integer, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if integer.is_empty()
        || !integer.bytes().chain(fraction.bytes()).all(|b| b.is_ascii_digit())
        || mantissa.ends_with('.')
    {
        return None;
    }
    let significant: Vec<u8> = integer.bytes().chain(fraction.bytes()).skip_while(|&d| d == b'0').collect();
    if significant.is_empty() {
        return Some(Decimal::ZERO);
    }
    let scale = (fraction.len() as i64).saturating_sub(exponent);
    // The literal's own scale is kept when it fits (`96.20` stays 96.20); only when it does not
    // are trailing zeros dropped, which changes the scale but not the value.
    decimal_from_digits(negative, &significant, scale).or_else(|| {
        let zeros = significant.iter().rev().take_while(|&&d| d == b'0').count();
        let strip = usize::try_from(scale).map_or(0, |scale| zeros.min(scale));
        let scale = scale - i64::try_from(strip).ok()?;
        (strip > 0)
            .then(|| decimal_from_digits(negative, &significant[..significant.len() - strip], scale))
            .flatten()
    })
}

/// `±digits × 10^-scale` as a `Decimal`, if it fits without changing the scale.
fn decimal_from_digits(negative: bool, digits: &[u8], scale: i64) -> Option<Decimal> {
    const MAX_SCALE: i64 = 28;
    const MAX_DIGITS: usize = 29;
    if scale > MAX_SCALE {
        return None;
    }
    let zeros = if scale < 0 { usize::try_from(-scale).unwrap_or(usize::MAX) } else { 0 };
    if digits.len().saturating_add(zeros) > MAX_DIGITS {
        return None;
    }
    // At most 29 digits: below 10^29, well inside i128.
    let mut value: i128 = 0;
    for &digit in digits {
        value = value * 10 + i128::from(digit - b'0');
    }
    for _ in 0..zeros {
        value *= 10;
    }
    if negative {
        value = -value;
    }
    Decimal::try_from_i128_with_scale(value, u32::try_from(scale.max(0)).ok()?).ok()
}

/// An array or object being parsed. Their contents wait on the parser's `elements` and
/// `members` stacks and become a `Vec` or `Map` of exactly the right size when the container
/// closes: growing them one element at a time would reallocate (and rehash) several times for
/// most objects of a report.
enum Frame {
    /// The array's elements so far are `elements[start..]`.
    Array {
        start: usize,
        /// The array's node in the span table.
        node: u32,
    },
    Object(ObjectFrame),
}

struct ObjectFrame {
    /// The object's members so far are `members[start..]`.
    start: usize,
    /// Key of the member whose value is being parsed.
    key: String,
    key_span: Range<usize>,
    /// Offset of the `{`, to find the first occurrence of a repeated key.
    open: usize,
    /// The object's node in the span table.
    node: u32,
}

/// A member of an object still open. Keys are checked for repeats when the object closes.
struct Member {
    key: String,
    value: Value,
    key_span: Range<usize>,
    /// Offset just past the value: repeated keys are reported in the order their values end.
    value_end: usize,
}

/// A repeated key's diagnostic, kept while it is among the first [`MAX_REPORTED`] repeats.
///
/// Repeats are found when their object closes, which is after the repeats inside its members'
/// values; ordering them by where the repeated member's value ends lists the same repeats
/// whatever the nesting: the first ones in the order the document completes them.
struct Duplicate {
    value_end: usize,
    diagnostic: Diagnostic,
}

impl PartialEq for Duplicate {
    fn eq(&self, other: &Self) -> bool {
        self.value_end == other.value_end
    }
}

impl Eq for Duplicate {}

impl PartialOrd for Duplicate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Duplicate {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.value_end.cmp(&other.value_end)
    }
}

struct Parser<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    max_depth: usize,
    stack: Vec<Frame>,
    /// Contents of the open arrays and objects, innermost last (see [`Frame`]).
    elements: Vec<Value>,
    members: Vec<Member>,
    diagnostics: Vec<Diagnostic>,
    /// The first repeated keys, latest-ending on top so it can give way to earlier ones.
    duplicates: BinaryHeap<Duplicate>,
    /// Repeated keys and out-of-range numbers seen, reported or not.
    duplicate_keys: usize,
    out_of_range: usize,
    /// Built on the first repeated key, to name the line of the first occurrence.
    lines: Option<LineIndex>,
    /// The span of every value so far, for locating findings without scanning the text again.
    spans: Recorder,
}

struct SyntaxError {
    span: Range<usize>,
    message: Cow<'static, str>,
    label: Option<String>,
}

impl SyntaxError {
    fn into_diagnostic(self) -> Diagnostic {
        let diagnostic = Diagnostic::error(codes::INVALID_JSON, self.message).with_span(self.span);
        match self.label {
            Some(label) => diagnostic.with_label(label),
            None => diagnostic,
        }
    }
}

type Result<T> = std::result::Result<T, SyntaxError>;

/// Literals long enough that they might not fit a `Decimal`; shorter plain literals always do
/// (at most 20 digits, at most 19 decimal places), so the check is skipped for them.
const LONG_NUMBER: usize = 20;

/// Containers with this many items or more are not built through the parser's reusable
/// buffers but take them (arrays) or free them afterwards (objects): a hostile file can hold
/// hundreds of millions of items, which must not stay allocated twice.
const HUGE_CONTAINER: usize = 1 << 16;

/// Diagnostics of one kind listed individually; a hostile file could otherwise hold millions,
/// costing more memory than the file itself. The rest are counted in one summary diagnostic.
const MAX_REPORTED: usize = 200;

impl<'t> Parser<'t> {
    fn document(&mut self) -> Result<Value> {
        self.skip_ws();
        if self.pos >= self.bytes.len() {
            return Err(SyntaxError {
                span: self.bytes.len()..self.bytes.len(),
                message: "文件为空".into(),
                label: Some("这里应有一个 JSON 值".into()),
            });
        }
        'value: loop {
            let start = self.pos;
            let mut value = match self.peek() {
                Some(b'{') => {
                    let open = self.open_container()?;
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                        Value::Object(Map::new())
                    } else {
                        let key = self.pending_key();
                        let node = self.spans.open(start, key);
                        let (key, key_span) = self.member_key()?;
                        self.stack.push(Frame::Object(ObjectFrame {
                            start: self.members.len(),
                            key,
                            key_span,
                            open,
                            node,
                        }));
                        continue 'value;
                    }
                }
                Some(b'[') => {
                    self.open_container()?;
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        Value::Array(Vec::new())
                    } else {
                        let key = self.pending_key();
                        let node = self.spans.open(start, key);
                        self.stack.push(Frame::Array { start: self.elements.len(), node });
                        continue 'value;
                    }
                }
                Some(b'"') => Value::String(self.string()?.0),
                Some(b'-' | b'0'..=b'9') => self.number()?,
                Some(b't') => self.literal("true", Value::Bool(true))?,
                Some(b'f') => self.literal("false", Value::Bool(false))?,
                Some(b'n') => self.literal("null", Value::Null)?,
                _ => return Err(self.not_a_value()),
            };
            let key = self.pending_key();
            self.spans.leaf(start..self.pos, key);
            // A value is complete: attach it to its container, then close containers for as
            // long as the text closes them.
            loop {
                let in_array = match self.stack.last_mut() {
                    None => {
                        self.skip_ws();
                        if self.pos < self.bytes.len() {
                            return Err(self.unexpected("顶层之后还有多余内容"));
                        }
                        return Ok(value);
                    }
                    Some(Frame::Array { .. }) => {
                        self.elements.push(value);
                        true
                    }
                    Some(Frame::Object(object)) => {
                        self.members.push(Member {
                            key: std::mem::take(&mut object.key),
                            value,
                            key_span: object.key_span.clone(),
                            value_end: self.pos,
                        });
                        false
                    }
                };
                self.skip_ws();
                match self.peek() {
                    Some(b',') => {
                        let comma = self.pos;
                        self.pos += 1;
                        self.skip_ws();
                        let close = if in_array { b']' } else { b'}' };
                        if self.peek() == Some(close) {
                            return Err(SyntaxError {
                                span: comma..comma + 1,
                                message: "不允许尾随逗号".into(),
                                label: Some("删除最后一个元素后的逗号".into()),
                            });
                        }
                        if !in_array {
                            let (key, key_span) = self.member_key()?;
                            if let Some(Frame::Object(object)) = self.stack.last_mut() {
                                object.key = key;
                                object.key_span = key_span;
                            }
                        }
                        continue 'value;
                    }
                    Some(b']') if in_array => {}
                    Some(b'}') if !in_array => {}
                    _ if in_array => return Err(self.unexpected("缺少逗号或右方括号")),
                    _ => return Err(self.unexpected("缺少逗号或右花括号")),
                }
                self.pos += 1;
                value = self.close();
            }
        }
    }

    /// Consumes `{` or `[` and the whitespace after it; returns the bracket's offset.
    fn open_container(&mut self) -> Result<usize> {
        let open = self.pos;
        if self.stack.len() >= self.max_depth {
            return Err(SyntaxError {
                span: open..open + 1,
                message: format!("嵌套层数超过上限 {} 层", self.max_depth).into(),
                label: Some("从这里开始嵌套过深".into()),
            });
        }
        self.pos += 1;
        self.skip_ws();
        Ok(open)
    }

    /// Parses `"key" :` and the whitespace after the colon.
    fn member_key(&mut self) -> Result<(String, Range<usize>)> {
        match self.peek() {
            Some(b'"') => {}
            Some(b'\'') => return Err(self.single_quote()),
            Some(c) if c.is_ascii_alphabetic() || c == b'_' => {
                let span = self.pos..self.word_end(self.pos);
                return Err(SyntaxError {
                    span,
                    message: "对象的键必须是带双引号的字符串".into(),
                    label: Some("给键加上双引号".into()),
                });
            }
            _ => return Err(self.unexpected("缺少键（带双引号的字符串）或右花括号")),
        }
        let (key, span) = self.string()?;
        self.skip_ws();
        if self.peek() != Some(b':') {
            return Err(self.unexpected("缺少冒号"));
        }
        self.pos += 1;
        self.skip_ws();
        Ok((key, span))
    }

    fn literal(&mut self, word: &'static str, value: Value) -> Result<Value> {
        let end = self.word_end(self.pos);
        if &self.bytes[self.pos..end] == word.as_bytes() {
            self.pos = end;
            Ok(value)
        } else {
            Err(self.not_a_value())
        }
    }

    /// Returns the decoded string and its span including the quotes.
    fn string(&mut self) -> Result<(String, Range<usize>)> {
        let start = self.pos;
        let bytes = self.bytes;
        let mut p = skip_plain(bytes, start + 1);
        if bytes.get(p) == Some(&b'"') {
            self.pos = p + 1;
            return Ok((self.text[start + 1..p].to_owned(), start..p + 1));
        }
        let mut out = String::with_capacity(p - start + 16);
        out.push_str(&self.text[start + 1..p]);
        loop {
            match bytes.get(p) {
                Some(b'"') => {
                    self.pos = p + 1;
                    return Ok((out, start..p + 1));
                }
                Some(b'\\') => p = self.escape(p, &mut out)?,
                Some(&c) if c < 0x20 => return Err(control_in_string(start, p, c)),
                Some(_) => {
                    let end = skip_plain(bytes, p);
                    out.push_str(&self.text[p..end]);
                    p = end;
                }
                None => {
                    return Err(SyntaxError {
                        span: start..start + 1,
                        message: "字符串未结束".into(),
                        label: Some("这个字符串直到文件末尾都没有结束引号".into()),
                    });
                }
            }
        }
    }

    /// Decodes the escape at `at` (a backslash) into `out`; returns the offset after it.
    fn escape(&self, at: usize, out: &mut String) -> Result<usize> {
        let simple = match self.bytes.get(at + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let high = self.hex4(at)?;
                let c = if (0xD800..0xDC00).contains(&high) {
                    let low = match self.bytes.get(at + 6..at + 8) {
                        Some(b"\\u") => Some(self.hex4(at + 6)?),
                        _ => None,
                    };
                    match low {
                        Some(low @ 0xDC00..0xE000) => {
                            char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
                        }
                        _ => None,
                    }
                } else {
                    char::from_u32(high)
                };
                let Some(c) = c else {
                    return Err(SyntaxError {
                        span: at..at + 6,
                        message: format!("\\u{high:04X} 是孤立的代理项（surrogate），不代表任何字符").into(),
                        label: Some("代理项必须成对出现：\\uD800–\\uDBFF 后紧跟 \\uDC00–\\uDFFF".into()),
                    });
                };
                out.push(c);
                return Ok(at + if c.len_utf16() == 2 { 12 } else { 6 });
            }
            None => {
                return Err(SyntaxError {
                    span: at..at + 1,
                    message: "字符串未结束".into(),
                    label: Some("反斜杠之后文件就结束了".into()),
                });
            }
            Some(_) => {
                let end = at + 1 + utf8_len(self.bytes, at + 1);
                return Err(SyntaxError {
                    span: at..end,
                    message: format!("无效的转义序列 {}", &self.text[at..end]).into(),
                    label: Some("可用的转义：\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX".into()),
                });
            }
        };
        out.push(simple);
        Ok(at + 2)
    }

    /// The value of the four hex digits of the `\u` escape at `at`.
    fn hex4(&self, at: usize) -> Result<u32> {
        let digits = self.bytes.get(at + 2..at + 6).filter(|d| d.iter().all(u8::is_ascii_hexdigit));
        let Some(digits) = digits else {
            let mut end = at + 2;
            while end < at + 6 && self.bytes.get(end).is_some_and(u8::is_ascii_hexdigit) {
                end += 1;
            }
            end += usize::from(end < self.bytes.len()) * utf8_len(self.bytes, end);
            return Err(SyntaxError {
                span: at..end.min(self.bytes.len()),
                message: "\\u 之后必须是 4 位十六进制数字".into(),
                label: None,
            });
        };
        Ok(digits.iter().fold(0, |acc, &d| acc * 16 + hex_value(d)))
    }

    fn number(&mut self) -> Result<Value> {
        let bytes = self.bytes;
        let start = self.pos;
        let mut p = start;
        if bytes.get(p) == Some(&b'-') {
            p += 1;
            if bytes[p..].starts_with(b"Infinity") {
                return Err(self.non_finite(start, start + 9));
            }
        }
        match bytes.get(p) {
            Some(b'0') => {
                p += 1;
                if bytes.get(p).is_some_and(u8::is_ascii_digit) {
                    return Err(self.bad_number(start, "数值不允许有前导零"));
                }
            }
            Some(b'1'..=b'9') => p = skip_digits(bytes, p + 1),
            _ => return Err(self.bad_number(start, "负号后缺少数字")),
        }
        let mut exponent = false;
        if bytes.get(p) == Some(&b'.') {
            if !bytes.get(p + 1).is_some_and(u8::is_ascii_digit) {
                return Err(self.bad_number(start, "小数点后缺少数字"));
            }
            p = skip_digits(bytes, p + 1);
        }
        if let Some(b'e' | b'E') = bytes.get(p) {
            exponent = true;
            p += 1;
            if let Some(b'+' | b'-') = bytes.get(p) {
                p += 1;
            }
            if !bytes.get(p).is_some_and(u8::is_ascii_digit) {
                return Err(self.bad_number(start, "指数部分缺少数字"));
            }
            p = skip_digits(bytes, p);
        }
        if bytes.get(p).is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'.') {
            return Err(self.bad_number(start, "数值格式不合法"));
        }
        self.pos = p;
        let literal = &self.text[start..p];
        if (exponent || literal.len() > LONG_NUMBER) && exact_decimal(literal).is_none() {
            self.out_of_range += 1;
            if self.out_of_range <= MAX_REPORTED {
                let diagnostic = Diagnostic::error(
                    codes::NUMBER_OUT_OF_RANGE,
                    format!("数值 {literal} 超出可精确表示的范围（最多 28 位有效数字、28 位小数）"),
                )
                .with_span(start..p)
                .with_pointer(self.pointer_here())
                .with_actual(literal)
                .with_help("金额以元为单位时保留两位小数即可；请核对该数值");
                self.diagnostics.push(diagnostic);
            }
        }
        if exponent {
            // serde_json respells exponents (`1E5` is `1e+5`); its own reading gives its spelling.
            return Number::from_str(literal)
                .map(Value::Number)
                .map_err(|_| self.bad_number(start, "数值格式不合法"));
        }
        // Without an exponent serde_json keeps a number's text as written (integers that fit 64
        // bits are re-spelled, but JSON allows no leading zeros or `+`, so identically), and the
        // literal has just been checked to be a JSON number: it is stored as it is, without
        // serde_json scanning it a second time digit by digit.
        Ok(Value::Number(Number::from_string_unchecked(literal.to_owned())))
    }

    /// The span of the key whose value is being parsed, when it is an object member's.
    #[inline]
    fn pending_key(&self) -> Option<Range<usize>> {
        match self.stack.last() {
            Some(Frame::Object(object)) => Some(object.key_span.clone()),
            _ => None,
        }
    }

    /// Turns the innermost container, just closed, into its value.
    fn close(&mut self) -> Value {
        match self.stack.last() {
            Some(&Frame::Array { start, node }) => {
                self.spans.close(node, self.pos);
                self.stack.pop();
                // A huge array alone on the stack takes the stack's buffer instead of a copy, so
                // that it is never held twice; the next arrays start a new buffer.
                if start == 0 && self.elements.len() >= HUGE_CONTAINER {
                    Value::Array(std::mem::take(&mut self.elements))
                } else {
                    Value::Array(self.elements.split_off(start))
                }
            }
            Some(Frame::Object(object)) => {
                let (start, open) = (object.start, object.open);
                self.spans.close(object.node, self.pos);
                // Taken out for the loop, so that reporting a repeat may borrow the parser.
                let mut members = std::mem::take(&mut self.members);
                let mut map = Map::with_capacity(members.len() - start);
                // Offsets of first occurrences, found on the object's first reported repeat.
                let mut first_keys = None;
                for member in members.drain(start..) {
                    match map.entry(member.key) {
                        Entry::Vacant(entry) => {
                            entry.insert(member.value);
                        }
                        Entry::Occupied(entry) => {
                            let repeat = (member.key_span, member.value_end);
                            self.duplicate_key(entry.key(), repeat, open, &mut first_keys);
                        }
                    }
                }
                // After a huge object, the members' buffer is not kept for the rest of the parse.
                if members.capacity() < HUGE_CONTAINER || !members.is_empty() {
                    self.members = members;
                }
                self.stack.pop();
                Value::Object(map)
            }
            // Not reached: a container closes only while its frame is on the stack.
            None => Value::Null,
        }
    }

    /// Records a repeat of `key` (its span, and the end of its value) in the innermost object,
    /// which opens at `open` and is closing; `first_keys` caches the offsets of the object's
    /// first occurrences of its keys.
    fn duplicate_key(
        &mut self,
        key: &str,
        (key_span, value_end): (Range<usize>, usize),
        open: usize,
        first_keys: &mut Option<HashMap<String, usize>>,
    ) {
        self.duplicate_keys += 1;
        if self.duplicates.len() >= MAX_REPORTED
            && self.duplicates.peek().is_some_and(|latest| latest.value_end < value_end)
        {
            return;
        }
        let text = self.text;
        let lines = self.lines.get_or_insert_with(|| LineIndex::new(text));
        // One scan of the object per object that repeats keys, however many it repeats.
        let first = (first_keys.get_or_insert_with(|| first_key_offsets(text, open)))
            .get(key)
            .map_or(String::new(), |&offset| format!("（第一次在第 {} 行）", lines.position(text, offset).0));
        // The object's own frame is still on the stack, above its parents'.
        let mut pointer = self.pointer_at(self.stack.len().saturating_sub(1));
        pointer.push('/');
        pointer.push_str(&escape_pointer_token(key));
        // The decoded key, quoted as JSON: both occurrences may be spelled differently.
        let shown = Value::String(key.to_owned());
        let diagnostic =
            Diagnostic::error(codes::DUPLICATE_KEY, format!("键 {shown} 在同一对象中重复出现{first}"))
                .with_span(key_span)
                .with_pointer(pointer)
                .with_label("重复的键")
                .with_help("同一对象中每个键只能出现一次；删除或合并重复的键");
        self.duplicates.push(Duplicate { value_end, diagnostic });
        if self.duplicates.len() > MAX_REPORTED {
            self.duplicates.pop();
        }
    }

    /// Pointer of the value being parsed now.
    fn pointer_here(&self) -> String {
        self.pointer_at(self.stack.len())
    }

    /// Pointer of the value being parsed inside the `depth` outermost frames: each array
    /// contributes the index its next element will get, each object the key whose value is
    /// pending.
    fn pointer_at(&self, depth: usize) -> String {
        let mut pointer = String::new();
        for (depth, frame) in self.stack[..depth].iter().enumerate() {
            pointer.push('/');
            match frame {
                Frame::Array { start, .. } => {
                    // The array's elements end where the next array inside it starts.
                    let end = self.stack[depth + 1..]
                        .iter()
                        .find_map(|frame| match frame {
                            Frame::Array { start, .. } => Some(*start),
                            Frame::Object(_) => None,
                        })
                        .unwrap_or(self.elements.len());
                    pointer.push_str(&(end - start).to_string());
                }
                Frame::Object(object) => pointer.push_str(&escape_pointer_token(&object.key)),
            }
        }
        pointer
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    /// End of the run of identifier-like bytes starting at `from` (at least one character).
    fn word_end(&self, from: usize) -> usize {
        let mut end = from;
        while self
            .bytes
            .get(end)
            .is_some_and(|&c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'+' | b'-'))
        {
            end += 1;
        }
        if end == from { from + utf8_len(self.bytes, from) } else { end }
    }

    /// Error for whatever stands at the current position when `expected` was due.
    fn unexpected(&self, expected: &'static str) -> SyntaxError {
        if let Some(comment) = self.comment() {
            return comment;
        }
        let at = self.pos;
        if at >= self.bytes.len() {
            return SyntaxError {
                span: at..at,
                message: format!("文件意外结束：{expected}").into(),
                label: Some("文件在这里结束".into()),
            };
        }
        let end = at + utf8_len(self.bytes, at);
        SyntaxError {
            span: at..end,
            message: expected.into(),
            label: Some(format!("这里是 `{}`", &self.text[at..end])),
        }
    }

    /// Error for a position where a value should start but does not.
    fn not_a_value(&self) -> SyntaxError {
        let at = self.pos;
        match self.peek() {
            Some(b'N') if self.bytes[at..].starts_with(b"NaN") => self.non_finite(at, at + 3),
            Some(b'I') if self.bytes[at..].starts_with(b"Infinity") => self.non_finite(at, at + 8),
            Some(b'+' | b'.') => self.bad_number(
                at,
                if self.peek() == Some(b'+') {
                    "数值不允许以 + 号开头"
                } else {
                    "小数点前必须有数字"
                },
            ),
            Some(b'\'') => self.single_quote(),
            // Nothing parsed yet: the file is prose, an exported document or some other format,
            // and saying so is clearer than naming the first character.
            Some(_) if self.stack.is_empty() && self.comment().is_none() => {
                let end = self.word_end(at);
                SyntaxError {
                    span: at..end,
                    message: "文件内容不是 JSON：报告应以 { 开头".into(),
                    label: Some(format!("这里是 `{}`", &self.text[at..end])),
                }
            }
            Some(c) if c.is_ascii_alphabetic() || c == b'_' => {
                let end = self.word_end(at);
                SyntaxError {
                    span: at..end,
                    message: format!("无法识别的值 {}", &self.text[at..end]).into(),
                    label: Some("值只能是字符串、数值、对象、数组、true、false 或 null".into()),
                }
            }
            _ => self.unexpected("缺少值"),
        }
    }

    fn comment(&self) -> Option<SyntaxError> {
        let at = self.pos;
        let rest = self.bytes.get(at..)?;
        let end = if rest.starts_with(b"//") {
            at + rest.iter().position(|&b| b == b'\n' || b == b'\r').unwrap_or(rest.len())
        } else if rest.starts_with(b"/*") {
            at + rest[2..].windows(2).position(|w| w == b"*/").map_or(rest.len(), |n| n + 4)
        } else {
            return None;
        };
        Some(SyntaxError {
            span: at..end, message: "JSON 不支持注释".into(), label: Some("删除注释".into())
        })
    }

    fn non_finite(&self, start: usize, end: usize) -> SyntaxError {
        SyntaxError {
            span: start..end,
            message: "NaN/Infinity 不是合法的 JSON 数值".into(),
            label: Some("缺失的数值请使用 null".into()),
        }
    }

    fn single_quote(&self) -> SyntaxError {
        SyntaxError {
            span: self.pos..self.pos + 1,
            message: "JSON 字符串必须使用双引号".into(),
            label: Some("把单引号换成双引号".into()),
        }
    }

    fn bad_number(&self, start: usize, message: &'static str) -> SyntaxError {
        let end = self.word_end(start);
        SyntaxError {
            span: start..end,
            message: message.into(),
            label: Some(format!("这里是 `{}`", &self.text[start..end])),
        }
    }
}

fn control_in_string(start: usize, at: usize, c: u8) -> SyntaxError {
    if c == b'\n' || c == b'\r' {
        SyntaxError {
            span: start..at,
            message: "字符串未结束".into(),
            label: Some("字符串中不能直接换行，换行请写作 \\n".into()),
        }
    } else {
        SyntaxError {
            span: at..at + 1,
            message: format!("字符串中不允许未转义的控制字符 U+{c:04X}").into(),
            label: Some(format!("请写作 \\u{c:04x}")),
        }
    }
}

fn skip_digits(bytes: &[u8], mut p: usize) -> usize {
    while bytes.get(p).is_some_and(u8::is_ascii_digit) {
        p += 1;
    }
    p
}

fn hex_value(digit: u8) -> u32 {
    match digit {
        b'0'..=b'9' => u32::from(digit - b'0'),
        b'a'..=b'f' => u32::from(digit - b'a' + 10),
        _ => u32::from(digit - b'A' + 10),
    }
}

/// Length of the UTF-8 character starting at `at` (1 past the end or on a continuation byte).
fn utf8_len(bytes: &[u8], at: usize) -> usize {
    match bytes.get(at) {
        Some(&b) if b >= 0xF0 => 4,
        Some(&b) if b >= 0xE0 => 3,
        Some(&b) if b >= 0xC0 => 2,
        _ => 1,
    }
}

/// Offset of the first `"`, `\` or control byte at or after `p`, or the end.
///
/// Strings make up most of a report's bytes, so eight bytes are tested at a time: after
/// `x - 0x20…` a byte's high bit is set (and `x` had it clear) only if that byte was below 0x20;
/// XOR with a repeated byte turns matches into zero bytes, found the same way. Borrows can only
/// mark bytes above a real match, so the lowest marked byte is exact.
fn skip_plain(bytes: &[u8], mut p: usize) -> usize {
    const ONES: u64 = u64::MAX / 255;
    const HIGHS: u64 = ONES << 7;
    let Some(rest) = bytes.get(p..) else {
        return bytes.len();
    };
    for chunk in rest.chunks_exact(8) {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        let control = x.wrapping_sub(ONES * 0x20) & !x;
        let q = x ^ (ONES * u64::from(b'"'));
        let quote = q.wrapping_sub(ONES) & !q;
        let b = x ^ (ONES * u64::from(b'\\'));
        let backslash = b.wrapping_sub(ONES) & !b;
        let hits = (control | quote | backslash) & HIGHS;
        if hits != 0 {
            return p + hits.trailing_zeros() as usize / 8;
        }
        p += 8;
    }
    while let Some(&c) = bytes.get(p) {
        if c == b'"' || c == b'\\' || c < 0x20 {
            break;
        }
        p += 1;
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    /// The single syntax error of `text`: (message, span).
    fn syntax_error(text: &str) -> (String, Range<usize>) {
        let parsed = parse(text, 256);
        assert!(parsed.value.is_none(), "{text} parsed");
        let errors: Vec<_> = parsed.diagnostics.iter().filter(|d| d.code == codes::INVALID_JSON).collect();
        assert_eq!(errors.len(), 1, "{text}: {:?}", parsed.diagnostics);
        assert_eq!(errors[0].severity, Severity::Error);
        (errors[0].message.clone(), errors[0].span.clone().unwrap())
    }

    fn ok(text: &str) -> Value {
        let parsed = parse(text, 256);
        assert!(parsed.diagnostics.is_empty(), "{text}: {:?}", parsed.diagnostics);
        parsed.value.unwrap()
    }

    #[test]
    fn empty_file() {
        assert_eq!(syntax_error(""), ("文件为空".into(), 0..0));
        assert_eq!(syntax_error(" \n\t"), ("文件为空".into(), 3..3));
    }

    #[test]
    fn missing_separators() {
        assert_eq!(syntax_error(r#"{"a":1 "b":2}"#), ("缺少逗号或右花括号".into(), 7..8));
        assert_eq!(syntax_error("[1 2]"), ("缺少逗号或右方括号".into(), 3..4));
        assert_eq!(syntax_error(r#"{"a" 1}"#), ("缺少冒号".into(), 5..6));
        assert_eq!(syntax_error(r#"{"a":}"#), ("缺少值".into(), 5..6));
        assert_eq!(syntax_error("[,1]"), ("缺少值".into(), 1..2));
        assert_eq!(syntax_error("{,}"), ("缺少键（带双引号的字符串）或右花括号".into(), 1..2));
        assert_eq!(syntax_error("[1：2]"), ("缺少逗号或右方括号".into(), 2..5));
    }

    #[test]
    fn unexpected_end_of_file() {
        assert_eq!(syntax_error(r#"{"a":1"#), ("文件意外结束：缺少逗号或右花括号".into(), 6..6));
        assert_eq!(syntax_error("[1,"), ("文件意外结束：缺少值".into(), 3..3));
        assert_eq!(syntax_error("{"), ("文件意外结束：缺少键（带双引号的字符串）或右花括号".into(), 1..1));
        assert_eq!(syntax_error(r#"{"a""#), ("文件意外结束：缺少冒号".into(), 4..4));
    }

    #[test]
    fn unterminated_strings() {
        assert_eq!(syntax_error(r#"{"a":"abc"#), ("字符串未结束".into(), 5..6));
        assert_eq!(syntax_error("[\"ab\ncd\"]"), ("字符串未结束".into(), 1..4));
        assert_eq!(syntax_error(r#"["ab\"#), ("字符串未结束".into(), 4..5));
    }

    #[test]
    fn trailing_commas() {
        assert_eq!(syntax_error("[1,2,]"), ("不允许尾随逗号".into(), 4..5));
        assert_eq!(syntax_error("{\"a\":1 ,\n}"), ("不允许尾随逗号".into(), 7..8));
    }

    #[test]
    fn comments() {
        assert_eq!(syntax_error("{\"a\":1 // 单位\n}"), ("JSON 不支持注释".into(), 7..16));
        assert_eq!(syntax_error("/* 注释 */ {}"), ("JSON 不支持注释".into(), 0..12));
        assert_eq!(syntax_error("[1, /* 未结束"), ("JSON 不支持注释".into(), 4..16));
        assert_eq!(syntax_error("{} // 结尾"), ("JSON 不支持注释".into(), 3..12));
    }

    #[test]
    fn text_that_is_not_json_at_all() {
        let message = "文件内容不是 JSON：报告应以 { 开头".to_owned();
        assert_eq!(syntax_error("花都区绩效自评报告"), (message.clone(), 0..3));
        assert_eq!(syntax_error("\n  Hello world"), (message.clone(), 3..8));
        assert_eq!(syntax_error("<?xml version=\"1.0\"?>"), (message, 0..1));
        // Inside a document the value that is missing is named instead.
        assert_eq!(syntax_error("[hello]"), ("无法识别的值 hello".into(), 1..6));
        assert_eq!(syntax_error("// 注释\n{}").0, "JSON 不支持注释");
    }

    #[test]
    fn nan_and_infinity() {
        let message = "NaN/Infinity 不是合法的 JSON 数值".to_owned();
        assert_eq!(syntax_error(r#"{"a": NaN}"#), (message.clone(), 6..9));
        assert_eq!(syntax_error("[Infinity]"), (message.clone(), 1..9));
        assert_eq!(syntax_error("[-Infinity]"), (message, 1..10));
    }

    #[test]
    fn trailing_content() {
        assert_eq!(syntax_error("{} x"), ("顶层之后还有多余内容".into(), 3..4));
        assert_eq!(syntax_error("1 2"), ("顶层之后还有多余内容".into(), 2..3));
        assert_eq!(syntax_error("{}}"), ("顶层之后还有多余内容".into(), 2..3));
    }

    #[test]
    fn malformed_numbers() {
        assert_eq!(syntax_error("[01]"), ("数值不允许有前导零".into(), 1..3));
        assert_eq!(syntax_error("[-012]"), ("数值不允许有前导零".into(), 1..5));
        assert_eq!(syntax_error("[+1]"), ("数值不允许以 + 号开头".into(), 1..3));
        assert_eq!(syntax_error("[.5]"), ("小数点前必须有数字".into(), 1..3));
        assert_eq!(syntax_error("[1.]"), ("小数点后缺少数字".into(), 1..3));
        assert_eq!(syntax_error("[1e]"), ("指数部分缺少数字".into(), 1..3));
        assert_eq!(syntax_error("[1e+]"), ("指数部分缺少数字".into(), 1..4));
        assert_eq!(syntax_error("[-]"), ("负号后缺少数字".into(), 1..2));
        assert_eq!(syntax_error("[0x1F]"), ("数值格式不合法".into(), 1..5));
        assert_eq!(syntax_error("[1.2.3]"), ("数值格式不合法".into(), 1..6));
        assert_eq!(syntax_error("[12abc]"), ("数值格式不合法".into(), 1..6));
    }

    #[test]
    fn keys_and_quotes() {
        assert_eq!(syntax_error("{a:1}"), ("对象的键必须是带双引号的字符串".into(), 1..2));
        assert_eq!(syntax_error("['a']"), ("JSON 字符串必须使用双引号".into(), 1..2));
        assert_eq!(syntax_error("{'a':1}"), ("JSON 字符串必须使用双引号".into(), 1..2));
    }

    #[test]
    fn unknown_words() {
        assert_eq!(syntax_error("[tru]"), ("无法识别的值 tru".into(), 1..4));
        assert_eq!(syntax_error("[True]"), ("无法识别的值 True".into(), 1..5));
        assert_eq!(syntax_error("{\"a\": undefined}"), ("无法识别的值 undefined".into(), 6..15));
        assert_eq!(syntax_error("[nulls]"), ("无法识别的值 nulls".into(), 1..6));
    }

    #[test]
    fn escapes() {
        assert_eq!(
            ok(r#"["\"\\\/\b\f\n\r\t\u4e2d\u0041\ud83d\ude00x"]"#),
            serde_json::json!(["\"\\/\u{8}\u{c}\n\r\t中A😀x"])
        );
        assert_eq!(syntax_error(r#"["\x"]"#), ("无效的转义序列 \\x".into(), 2..4));
        assert_eq!(syntax_error("[\"\\中\"]"), ("无效的转义序列 \\中".into(), 2..6));
        assert_eq!(syntax_error(r#"["\u12G4"]"#), ("\\u 之后必须是 4 位十六进制数字".into(), 2..7));
    }

    #[test]
    fn lone_surrogates() {
        let (message, span) = syntax_error(r#""\ud800""#);
        assert_eq!(span, 1..7);
        assert_eq!(message, "\\uD800 是孤立的代理项（surrogate），不代表任何字符");
        assert_eq!(syntax_error(r#"["ab\ud800\u0041"]"#).1, 4..10);
        assert_eq!(syntax_error(r#"["\udc00"]"#).1, 2..8);
        assert_eq!(syntax_error(r#"{"\ud83d": 1}"#).1, 2..8);
    }

    #[test]
    fn raw_control_characters_in_strings() {
        let (message, span) = syntax_error("[\"a\u{1}b\"]");
        assert_eq!((message.as_str(), span), ("字符串中不允许未转义的控制字符 U+0001", 3..4));
        assert_eq!(syntax_error("[\"a\tb\"]").1, 3..4);
        assert_eq!(syntax_error("[\"a\0b\"]").1, 3..4);
    }

    #[test]
    fn deep_nesting_is_a_clean_error() {
        let text = "[".repeat(200_000);
        assert_eq!(syntax_error(&text), ("嵌套层数超过上限 256 层".into(), 256..257));
        let text = "{\"a\":".repeat(300) + "1" + &"}".repeat(300);
        assert_eq!(syntax_error(&text).1, 1280..1281);
        let limit = "[".repeat(256) + &"]".repeat(256);
        assert!(parse(&limit, 256).value.is_some());
    }

    #[test]
    fn duplicate_keys_point_at_the_second_key() {
        let text = "{\n  \"amount_unit\": \"元\",\n  \"x\": 1,\n  \"amount_unit\": \"万元\"\n}";
        let parsed = parse(text, 256);
        assert!(parsed.value.is_none());
        assert_eq!(parsed.diagnostics.len(), 1);
        let d = &parsed.diagnostics[0];
        assert_eq!(d.code, codes::DUPLICATE_KEY);
        assert_eq!(d.severity, Severity::Error);
        assert_eq!(d.pointer.as_deref(), Some("/amount_unit"));
        let second = text.rfind("\"amount_unit\"").unwrap();
        assert_eq!(d.span, Some(second..second + "\"amount_unit\"".len()));
        assert_eq!(d.message, "键 \"amount_unit\" 在同一对象中重复出现（第一次在第 2 行）");
    }

    #[test]
    fn all_duplicates_are_collected() {
        let text = r#"{"a": [{"k~/": 1, "k~/": 2}], "b": 1, "b": {"c": 1, "\u0063": 2}}"#;
        let parsed = parse(text, 256);
        assert!(parsed.value.is_none());
        let found: Vec<_> = parsed
            .diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.pointer.as_deref().unwrap(), &text[d.span.clone().unwrap()]))
            .collect();
        assert_eq!(
            found,
            [
                (codes::DUPLICATE_KEY, "/a/0/k~0~1", "\"k~/\""),
                (codes::DUPLICATE_KEY, "/b", "\"b\""),
                (codes::DUPLICATE_KEY, "/b/c", "\"\\u0063\""),
            ]
        );
        assert_eq!(parsed.diagnostics[2].message, "键 \"c\" 在同一对象中重复出现（第一次在第 1 行）");
    }

    #[test]
    fn floods_of_diagnostics_are_capped() {
        let members: Vec<String> = (0..5000).map(|i| format!("\"k{}\": 1", i % 1000)).collect();
        let text = format!("{{{}}}", members.join(",\n"));
        let start = std::time::Instant::now();
        let parsed = parse(&text, 256);
        assert!(start.elapsed() < std::time::Duration::from_secs(5));
        assert!(parsed.value.is_none());
        assert_eq!(parsed.diagnostics.len(), MAX_REPORTED + 1);
        assert_eq!(parsed.diagnostics[0].message, "键 \"k0\" 在同一对象中重复出现（第一次在第 1 行）");
        assert_eq!(parsed.diagnostics[1].message, "键 \"k1\" 在同一对象中重复出现（第一次在第 2 行）");
        let summary = parsed.diagnostics.last().unwrap();
        assert_eq!(summary.code, codes::DUPLICATE_KEY);
        assert_eq!(summary.message, format!("另有 {} 处重复的键未逐一列出", 4000 - MAX_REPORTED));
        assert_eq!(summary.span, None);

        let text = format!("[{}]", vec!["1e400"; 300].join(","));
        let parsed = parse(&text, 256);
        assert!(parsed.value.is_some());
        assert_eq!(parsed.diagnostics.len(), MAX_REPORTED + 1);
        assert_eq!(parsed.diagnostics.last().unwrap().message, "另有 100 处超出范围的数值未逐一列出");
    }

    #[test]
    fn numbers_out_of_range_are_reported_and_kept() {
        let amount = "1234567890123456789012345678901234567890";
        let text = format!("{{\"金额\": [1e400, {amount}, 96.20]}}");
        let parsed = parse(&text, 256);
        let value = parsed.value.unwrap();
        assert_eq!(value["金额"][0].to_string(), "1e+400");
        assert_eq!(value["金额"][1].to_string(), amount);
        let found: Vec<_> = parsed
            .diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.pointer.as_deref().unwrap(), &text[d.span.clone().unwrap()]))
            .collect();
        assert_eq!(
            found,
            [
                (codes::NUMBER_OUT_OF_RANGE, "/金额/0", "1e400"),
                (codes::NUMBER_OUT_OF_RANGE, "/金额/1", amount),
            ]
        );
        assert_eq!(
            parsed.diagnostics[0].message,
            "数值 1e400 超出可精确表示的范围（最多 28 位有效数字、28 位小数）"
        );
    }

    #[test]
    fn numbers_keep_their_text() {
        let value = ok(r#"{"rate": 96.20, "n": -0, "e": 1.50E2, "z": 0.0, "big": 18446744073709551616}"#);
        assert_eq!(value["rate"].as_number().unwrap().as_str(), "96.20");
        assert_eq!(value["n"].as_number().unwrap().as_str(), "-0");
        assert_eq!(value["z"].as_number().unwrap().as_str(), "0.0");
        assert_eq!(value["big"].as_number().unwrap().as_str(), "18446744073709551616");
        // serde_json's own spelling of exponents, so values compare equal to its output.
        assert_eq!(value["e"].as_number().unwrap().as_str(), "1.50e+2");
    }

    #[test]
    fn exact_decimals() {
        let d = |s: &str| exact_decimal(s).map(|d| d.to_string());
        assert_eq!(d("96.20").as_deref(), Some("96.20"));
        assert_eq!(d("-1.5e2").as_deref(), Some("-150"));
        assert_eq!(d("1.50E-2").as_deref(), Some("0.0150"));
        assert_eq!(d("1e+28").as_deref(), Some("10000000000000000000000000000"));
        assert_eq!(d("0e999999999999999999999").as_deref(), Some("0"));
        assert_eq!(d("0.150000000000000000000000000000e3").as_deref(), Some("150"));
        assert_eq!(d("0.10000000000000000000000000000000").as_deref(), Some("0.1"));
        assert_eq!(d("1.0000000000000000000000000000").as_deref(), Some("1.0000000000000000000000000000"));
        assert_eq!(d("79228162514264337593543950335").as_deref(), Some("79228162514264337593543950335"));
        assert_eq!(d("79228162514264337593543950336"), None);
        assert_eq!(d("1e29"), None);
        assert_eq!(d("1e400"), None);
        assert_eq!(d("1e-29"), None);
        assert_eq!(d("0.00000000000000000000000000001"), None);
        assert_eq!(d("1e-99999999999999999999"), None);
        assert_eq!(d("abc"), None);
    }

    #[test]
    fn top_level_scalars_and_arrays_parse() {
        assert_eq!(ok("[1, \"二\", null]"), serde_json::json!([1, "二", null]));
        assert_eq!(ok(" true "), Value::Bool(true));
        assert_eq!(ok("\"x\""), Value::String("x".into()));
        assert_eq!(ok("-3"), serde_json::json!(-3));
        assert_eq!(ok("{}"), serde_json::json!({}));
        assert_eq!(ok("[[], {}]"), serde_json::json!([[], {}]));
    }

    #[test]
    fn matches_serde_json_and_keeps_key_order() {
        let text = "{\"z\": 1, \"a\": {\"项目\": [1.5, -2e-3, true, false, null, \"\\u4e2d文 长字符串长字符串\"]}, \"m\": \"\"}";
        let value = ok(text);
        assert_eq!(value, serde_json::from_str::<Value>(text).unwrap());
        let keys: Vec<_> = value.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["z", "a", "m"]);
    }

    #[test]
    fn skip_plain_finds_first_special_byte() {
        let text = "abcdefghijklmnop\"";
        assert_eq!(skip_plain(text.as_bytes(), 0), 16);
        assert_eq!(skip_plain(b"abcdefgh\\ijklmnop", 0), 8);
        assert_eq!(skip_plain(b"abc\x1fefgh", 0), 3);
        assert_eq!(skip_plain("中文中文中文\"".as_bytes(), 0), 18);
        assert_eq!(skip_plain(b"abc", 0), 3);
        assert_eq!(skip_plain(b"abc", 5), 3);
    }

    #[test]
    fn repeats_before_a_syntax_error_are_reported() {
        let text = "[{\"a\": 1, \"a\": 2}, {\"b\": [1, {\"c\": 1, \"c\": 2}], \"b\": 3, \"d\": ";
        let parsed = parse(text, 256);
        assert!(parsed.value.is_none());
        let found: Vec<_> =
            parsed.diagnostics.iter().map(|d| (d.code.as_str(), d.pointer.clone(), d.span.clone())).collect();
        let at = |key: &str| text.rfind(key).unwrap()..text.rfind(key).unwrap() + key.len();
        assert_eq!(
            found,
            [
                (codes::DUPLICATE_KEY, Some("/0/a".to_owned()), Some(at("\"a\""))),
                (codes::DUPLICATE_KEY, Some("/1/b/1/c".to_owned()), Some(at("\"c\""))),
                (codes::DUPLICATE_KEY, Some("/1/b".to_owned()), Some(at("\"b\""))),
                (codes::INVALID_JSON, None, Some(text.len()..text.len())),
            ]
        );
    }

    #[test]
    fn the_first_repeats_to_complete_are_the_ones_listed() {
        // The outer repeat of "a" completes before any of the inner ones, although its object
        // closes after theirs; of the 300 inner repeats the first 199 complete next.
        let inner: Vec<String> = (0..301).map(|i| format!("\"k\": {i}")).collect();
        let text = format!("{{\"a\": 1, \"a\": 2, \"n\": [{{{}}}]}}", inner.join(", "));
        let parsed = parse(&text, 256);
        let pointers: Vec<_> = parsed.diagnostics.iter().map(|d| d.pointer.as_deref()).collect();
        assert_eq!(pointers.len(), MAX_REPORTED + 1);
        assert_eq!(pointers[0], Some("/a"));
        assert!(pointers[1..MAX_REPORTED].iter().all(|&p| p == Some("/n/0/k")));
        let last = &parsed.diagnostics[MAX_REPORTED - 1];
        let expected = text.find(&format!("\"k\": {}", MAX_REPORTED - 1)).unwrap();
        assert_eq!(last.span.clone().map(|span| span.start), Some(expected));
        assert_eq!(parsed.diagnostics[MAX_REPORTED].message, "另有 101 处重复的键未逐一列出");
    }

    #[test]
    fn pointers_count_the_elements_of_nested_arrays() {
        let text = "[[1, 2], {\"x\": [3, [4], 1e400]}]";
        let parsed = parse(text, 256);
        assert_eq!(parsed.diagnostics.len(), 1);
        assert_eq!(parsed.diagnostics[0].pointer.as_deref(), Some("/1/x/2"));
        assert_eq!(parsed.value.unwrap(), serde_json::from_str::<Value>(text).unwrap());
    }

    #[test]
    fn huge_containers_parse_like_small_ones() {
        let items: Vec<String> = (0..HUGE_CONTAINER + 3).map(|i| i.to_string()).collect();
        let members: Vec<String> = (0..HUGE_CONTAINER + 3).map(|i| format!("\"k{i}\": [{i}]")).collect();
        for text in [
            format!("[{}]", items.join(",")),
            format!("[0, [{}], [1, 2]]", items.join(",")),
            format!("[[{}], [1, 2], 1e400]", items.join(",")),
            format!("{{{}}}", members.join(",")),
            format!("[{{{}}}, {{\"a\": [1]}}]", members.join(",")),
        ] {
            let parsed = parse(&text, 256);
            assert_eq!(parsed.value, serde_json::from_str::<Value>(&text).ok());
            // Pointers still count the elements that follow a huge array.
            let pointers: Vec<_> = parsed.diagnostics.iter().map(|d| d.pointer.as_deref()).collect();
            assert_eq!(pointers, if text.ends_with("1e400]") { vec![Some("/2")] } else { vec![] });
        }
    }
}
