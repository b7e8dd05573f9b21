//! Source text → tokens, each with its byte span.
//!
//! Numbers become exact decimals here, with their unit: `90%` is the ratio 0.9 and `500万元` an
//! amount tagged with its unit. Full-width `（）`/`，` and the symbols `≠ ≤ ≥ × ÷` are aliases of
//! their ASCII forms, since rule authors type in a Chinese input method.

use super::ExprError;
use super::value::AmountUnit;
use rust_decimal::Decimal;
use std::ops::Range;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    Num(Decimal),
    Amount(Decimal, AmountUnit),
    Str(String),
    /// An identifier or keyword; the parser tells them apart by position, so that a field may be
    /// named like a keyword (`@.in`).
    Word(String),
    Plus,
    Minus,
    Star,
    Slash,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Dot,
    At,
    Dollar,
    Eof,
}

impl Tok {
    /// How the token reads in an error message.
    pub(crate) fn describe(&self) -> String {
        match self {
            Tok::Num(d) => format!("数字 `{d}`"),
            Tok::Amount(d, u) => format!("金额 `{d}{}`", u.name()),
            Tok::Str(_) => "文本".to_string(),
            Tok::Word(w) => format!("`{w}`"),
            Tok::Plus => "`+`".to_string(),
            Tok::Minus => "`-`".to_string(),
            Tok::Star => "`*`".to_string(),
            Tok::Slash => "`/`".to_string(),
            Tok::Eq => "`==`".to_string(),
            Tok::Ne => "`!=`".to_string(),
            Tok::Lt => "`<`".to_string(),
            Tok::Le => "`<=`".to_string(),
            Tok::Gt => "`>`".to_string(),
            Tok::Ge => "`>=`".to_string(),
            Tok::LParen => "`(`".to_string(),
            Tok::RParen => "`)`".to_string(),
            Tok::LBracket => "`[`".to_string(),
            Tok::RBracket => "`]`".to_string(),
            Tok::Comma => "`,`".to_string(),
            Tok::Dot => "`.`".to_string(),
            Tok::At => "`@`".to_string(),
            Tok::Dollar => "`$`".to_string(),
            Tok::Eof => "表达式结尾（end of expression）".to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub tok: Tok,
    pub span: Range<usize>,
}

pub(crate) const KEYWORDS: &[&str] = &["and", "or", "not", "in", "where", "for", "true", "false"];

pub(crate) fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

pub(crate) fn is_ident_continue(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Splits `src` into tokens, ending with [`Tok::Eof`].
pub(crate) fn lex(src: &str) -> Result<Vec<Token>, ExprError> {
    // Rule expressions have about one token per four bytes; sizing the vector once saves the
    // reallocations of growing it token by token.
    let mut tokens = Vec::with_capacity(src.len() / 4 + 1);
    let bytes = src.as_bytes();
    let mut pos = 0;
    while let Some(&byte) = bytes.get(pos) {
        // Expressions are mostly ASCII: white space and ASCII names are read byte by byte,
        // without decoding characters (a run lexes every expression of the pack at start-up).
        if byte.is_ascii_whitespace() || byte == 0x0b {
            pos += 1;
            continue;
        }
        if byte.is_ascii_alphabetic() || byte == b'_' {
            let ascii_end = bytes
                .get(pos..)
                .and_then(|rest| rest.iter().position(|b| !(b.is_ascii_alphanumeric() || *b == b'_')))
                .map_or(bytes.len(), |n| pos + n);
            // A name that goes on in other letters (`项目x`) is scanned on by characters.
            let end = if bytes.get(ascii_end).is_some_and(|b| !b.is_ascii()) {
                scan_while(src, ascii_end, is_ident_continue)
            } else {
                ascii_end
            };
            let word = src.get(pos..end).unwrap_or_default().to_string();
            tokens.push(Token { tok: Tok::Word(word), span: pos..end });
            pos = end;
            continue;
        }
        let Some(c) = src.get(pos..).and_then(|rest| rest.chars().next()) else { break };
        let start = pos;
        if c.is_whitespace() {
            pos += c.len_utf8();
            continue;
        }
        if c.is_ascii_digit() {
            let (tok, end) = lex_number(src, start)?;
            tokens.push(Token { tok, span: start..end });
            pos = end;
            continue;
        }
        if c == '"' || c == '\'' {
            let (text, end) = lex_string(src, start, c)?;
            tokens.push(Token { tok: Tok::Str(text), span: start..end });
            pos = end;
            continue;
        }
        if is_ident_start(c) {
            let end = scan_while(src, start, is_ident_continue);
            let word = src.get(start..end).unwrap_or_default().to_string();
            tokens.push(Token { tok: Tok::Word(word), span: start..end });
            pos = end;
            continue;
        }
        let next = src.get(start + c.len_utf8()..).and_then(|rest| rest.chars().next());
        let (tok, len) = match (c, next) {
            ('=', Some('=')) => (Tok::Eq, 2),
            ('!', Some('=')) => (Tok::Ne, 2),
            ('<', Some('=')) => (Tok::Le, 2),
            ('>', Some('=')) => (Tok::Ge, 2),
            ('<', _) => (Tok::Lt, 1),
            ('>', _) => (Tok::Gt, 1),
            ('≠', _) => (Tok::Ne, c.len_utf8()),
            ('≤', _) => (Tok::Le, c.len_utf8()),
            ('≥', _) => (Tok::Ge, c.len_utf8()),
            ('+', _) => (Tok::Plus, 1),
            ('-', _) => (Tok::Minus, 1),
            ('*', _) => (Tok::Star, 1),
            ('×', _) => (Tok::Star, c.len_utf8()),
            ('/', _) => (Tok::Slash, 1),
            ('÷', _) => (Tok::Slash, c.len_utf8()),
            ('(' | '（', _) => (Tok::LParen, c.len_utf8()),
            (')' | '）', _) => (Tok::RParen, c.len_utf8()),
            ('[', _) => (Tok::LBracket, 1),
            (']', _) => (Tok::RBracket, 1),
            (',' | '，', _) => (Tok::Comma, c.len_utf8()),
            ('.', _) => (Tok::Dot, 1),
            ('@', _) => (Tok::At, 1),
            ('$', _) => (Tok::Dollar, 1),
            _ => return Err(unexpected_char(c, next, start)),
        };
        tokens.push(Token { tok, span: start..start + len });
        pos = start + len;
    }
    tokens.push(Token { tok: Tok::Eof, span: src.len()..src.len() });
    Ok(tokens)
}

/// The error for a character that starts no token, naming the operator meant where it is clear.
fn unexpected_char(c: char, next: Option<char>, start: usize) -> ExprError {
    let (len, help) = match (c, next) {
        ('=', _) => (1, Some("比较相等请用 `==`（use `==` to compare）")),
        ('&', Some('&')) => (2, Some("请用 `and`")),
        ('|', Some('|')) => (2, Some("请用 `or`")),
        ('!', _) => (1, Some("请用 `not`")),
        ('{' | '}', _) => (1, Some("花括号只用于消息模板中的占位符（braces mark holes in templates only）")),
        ('“' | '”' | '‘' | '’', _) => (c.len_utf8(), Some("文本请用半角引号 `\"…\"` 或 `'…'`")),
        _ if c.is_numeric() => {
            (c.len_utf8(), Some("数字请用半角阿拉伯数字（write numbers with ASCII digits）"))
        }
        _ => (c.len_utf8(), None),
    };
    let shown: String = if len == 2 { [c, next.unwrap_or(c)].iter().collect() } else { c.to_string() };
    let err = ExprError::new(format!("无法识别的符号 `{shown}`（unexpected character）"), start..start + len);
    match help {
        Some(h) => err.with_help(h),
        None => err,
    }
}

/// End of the run of characters from `start` that satisfy `pred`.
fn scan_while(src: &str, start: usize, pred: impl Fn(char) -> bool) -> usize {
    let rest = src.get(start..).unwrap_or_default();
    rest.char_indices().find(|&(_, c)| !pred(c)).map_or(src.len(), |(i, _)| start + i)
}

/// A number literal at `start`: digits, an optional fraction, and an optional unit (`%`, `元`,
/// `万元`, `亿元`). Returns the token and the end offset.
pub(crate) fn lex_number(src: &str, start: usize) -> Result<(Tok, usize), ExprError> {
    let mut end = scan_while(src, start, |c| c.is_ascii_digit());
    let rest = src.get(end..).unwrap_or_default();
    if rest.starts_with('.')
        && rest.get(1..).and_then(|r| r.chars().next()).is_some_and(|c| c.is_ascii_digit())
    {
        end = scan_while(src, end + 1, |c| c.is_ascii_digit());
    }
    let digits = src.get(start..end).unwrap_or_default();
    let value = Decimal::from_str_exact(digits).map_err(|_| {
        ExprError::new(format!("数字 `{digits}` 超出精确小数的范围（number out of range）"), start..end)
            .with_help("最多 28 位有效数字、28 位小数")
    })?;
    let rest = src.get(end..).unwrap_or_default();
    let (tok, end) = if rest.starts_with('%') {
        // 90% is the ratio 0.9: the same digits, two more decimals.
        let ratio = Decimal::try_from_i128_with_scale(value.mantissa(), value.scale() + 2)
            .map_err(|_| ExprError::new("百分数的小数位过多（percentage too precise）", start..end + 1))?;
        (Tok::Num(ratio.normalize()), end + 1)
    } else if let Some(unit) = ["万元", "亿元", "元"].into_iter().find(|u| rest.starts_with(u)) {
        let unit_enum = AmountUnit::from_name(unit).unwrap_or_default();
        (Tok::Amount(value, unit_enum), end + unit.len())
    } else {
        (Tok::Num(value), end)
    };
    if let Some(c) = src.get(end..).and_then(|r| r.chars().next())
        && (is_ident_continue(c) || c == '%')
    {
        let bad_end = scan_while(src, end, |c| is_ident_continue(c) || c == '%');
        let help = if matches!(c, '万' | '亿') {
            "金额请写作 `…万元` 或 `…亿元`（amounts end in 元, 万元 or 亿元）"
        } else {
            "数字后只能跟单位 `%`、`元`、`万元`、`亿元`（a number may end in %, 元, 万元 or 亿元）"
        };
        return Err(ExprError::new(
            format!("无效的数字写法 `{}`（invalid number）", src.get(start..bad_end).unwrap_or_default()),
            start..bad_end,
        )
        .with_help(help));
    }
    Ok((tok, end))
}

/// A text literal opened by `quote` at `start`. Returns its value and the end offset.
///
/// `\"`, `\'`, `\\` and `\n` are escapes; any other backslash is kept as written, so a regular
/// expression such as `"\d+"` needs no doubling.
fn lex_string(src: &str, start: usize, quote: char) -> Result<(String, usize), ExprError> {
    let body_start = start + quote.len_utf8();
    let body = src.get(body_start..).unwrap_or_default();
    // Most texts have no backslash: they are copied as they stand. Both quotes are ASCII, so
    // the first of them or of a backslash is found bytewise.
    if let Ok(quote_byte) = u8::try_from(quote)
        && let Some(end) = memchr::memchr2(quote_byte, b'\\', body.as_bytes())
        && body[end..].starts_with(quote)
    {
        return Ok((body[..end].to_string(), body_start + end + quote.len_utf8()));
    }
    let mut out = String::new();
    let mut chars = src.get(body_start..).unwrap_or_default().char_indices();
    while let Some((i, c)) = chars.next() {
        if c == quote {
            return Ok((out, body_start + i + c.len_utf8()));
        }
        if c == '\\' {
            match chars.next() {
                Some((_, '"')) => out.push('"'),
                Some((_, '\'')) => out.push('\''),
                Some((_, '\\')) => out.push('\\'),
                Some((_, 'n')) => out.push('\n'),
                Some((_, other)) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    Err(ExprError::new("文本缺少结束引号（unterminated string）", start..src.len())
        .with_help(format!("在文本末尾补上 `{quote}`")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words_and_spans(src: &str) -> Vec<(String, Range<usize>)> {
        let Ok(tokens) = lex(src) else { panic!("{src} lexes") };
        tokens
            .into_iter()
            .filter_map(|t| match t.tok {
                Tok::Word(w) => Some((w, t.span)),
                Tok::Str(s) => Some((format!("\"{s}\""), t.span)),
                _ => None,
            })
            .collect()
    }

    /// ASCII names and white space are read bytewise; names that go on in other letters, other
    /// white space and texts with escapes are read by characters, and all meet at the same spans.
    #[test]
    fn names_texts_and_white_space_ascii_or_not() {
        let src = "项目x + x项目\u{0b}_a1\u{3000}b1_ in ['产出\\'指标', \"效益\"]";
        let expected = [
            ("项目x", 0..7),
            ("x项目", 10..17),
            ("_a1", 18..21),
            ("b1_", 24..27),
            ("in", 28..30),
            ("\"产出'指标\"", 32..48),
            ("\"效益\"", 50..58),
        ];
        let expected: Vec<(String, Range<usize>)> =
            expected.into_iter().map(|(w, span)| (w.to_string(), span)).collect();
        assert_eq!(words_and_spans(src), expected);
        for (word, span) in &expected {
            if !word.starts_with('"') {
                assert_eq!(&src[span.clone()], word);
            }
        }
    }
}
