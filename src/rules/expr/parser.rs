//! Tokens → syntax tree, by recursive descent over the precedence table of
//! `docs/rule-language.md` §3 (loosest first): `or`, `and`, `not`, comparisons (not chained),
//! `+ -`, `* /`, unary `-`, then paths and primaries.
//!
//! Input is untrusted in the sense that a rule file may be wrong in any way, so the parser bounds
//! everything that could grow the stack: the source size, the nesting depth of brackets and
//! prefix operators, and the height of the resulting tree (long operator chains are built in a
//! loop, but later passes walk them recursively).

use super::ExprError;
use super::ast::{BinOp, Binder, Call, Kind, Node, Step, StepKind};
use super::lexer::{KEYWORDS, Tok, Token, lex};
use rust_decimal::prelude::ToPrimitive;
use std::ops::Range;

/// Longest expression source accepted, in bytes.
pub(crate) const MAX_SOURCE: usize = 64 * 1024;
/// Deepest nesting of brackets, calls, lists and prefix operators.
pub(crate) const MAX_DEPTH: usize = 64;
/// Highest syntax tree accepted (operator chains count one level per operator).
pub(crate) const MAX_HEIGHT: usize = 256;

// Binding strength, loosest first (`docs/rule-language.md` §3).
const PREC_OR: u8 = 1;
const PREC_AND: u8 = 2;
const PREC_NOT: u8 = 3;
const PREC_CMP: u8 = 4;
const PREC_ADD: u8 = 5;
const PREC_MUL: u8 = 6;
const PREC_NEG: u8 = 7;

/// One step of a field path (see [`parse_field_path`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PathStep {
    Key(String),
    Index(usize),
}

/// Parses a whole expression.
pub(crate) fn parse(src: &str) -> Result<Node, ExprError> {
    check_size(src)?;
    let mut p = Parser::new(lex(src)?);
    let node = p.parse_expr()?;
    match p.peek() {
        Tok::Eof => Ok(node),
        tok => Err(trailing(tok, p.span())),
    }
}

/// Parses a field path relative to the subject, such as `budget.adjusted`,
/// `indicators[2].actual` or `"x-note"` (used by a rule's `at`). A leading `@.` is allowed.
pub fn parse_field_path(src: &str) -> Result<Vec<PathStep>, ExprError> {
    check_size(src)?;
    let mut p = Parser::new(lex(src)?);
    let mut steps = Vec::new();
    if p.peek() == &Tok::At {
        p.bump();
        if p.peek() == &Tok::Eof {
            return Ok(steps);
        }
        p.expect(&Tok::Dot, "`@` 后应为 `.字段名`（expected `.` after `@`）")?;
    }
    let mut first = true;
    loop {
        let span = p.span();
        match p.peek().clone() {
            Tok::Eof if !first => return Ok(steps),
            Tok::Word(w) | Tok::Str(w) if first => {
                p.bump();
                steps.push(PathStep::Key(w));
            }
            Tok::Dot if !first => {
                p.bump();
                let (name, _) = p.field_name()?;
                steps.push(PathStep::Key(name));
            }
            Tok::LBracket => match p.index_step()? {
                StepKind::Index(i) => steps.push(PathStep::Index(i)),
                _ => {
                    return Err(ExprError::new(
                        "字段路径中不能使用 `[*]`（`[*]` is not allowed here）",
                        span,
                    )
                    .with_help("请写出具体的下标，例如 `indicators[0]`"));
                }
            },
            Tok::Dollar => {
                return Err(ExprError::new("字段路径相对于当前对象，不能以 `$` 开头", span)
                    .with_help("写作 `budget.adjusted` 这样的相对路径"));
            }
            Tok::Eof => return Err(ExprError::new("字段路径为空（empty field path）", span)),
            tok => {
                return Err(ExprError::new(
                    format!("字段路径中不应出现 {}（expected a field name, `.` or `[n]`）", tok.describe()),
                    span,
                ));
            }
        }
        first = false;
    }
}

fn check_size(src: &str) -> Result<(), ExprError> {
    if src.len() > MAX_SOURCE {
        return Err(ExprError::new(
            format!("表达式过长：{} 字节，上限 {MAX_SOURCE} 字节（expression too long）", src.len()),
            0..0,
        ));
    }
    Ok(())
}

fn chained(op: BinOp, next: BinOp, span: Range<usize>) -> ExprError {
    ExprError::new(
        format!(
            "比较运算不能连写：`{}` 之后又有 `{}`（comparisons cannot be chained）",
            op.symbol(),
            next.symbol()
        ),
        span,
    )
    .with_help("请写作 `a < b and b < c`")
}

fn trailing(tok: &Tok, span: Range<usize>) -> ExprError {
    let err = ExprError::new(format!("多余的 {}（unexpected token）", tok.describe()), span);
    match tok {
        Tok::Word(w) if w == "where" || w == "for" => {
            err.with_help("`where` 与 `for` 只能用在 count/any/all/sum/min/max 的括号内")
        }
        Tok::RParen => err.with_help("括号不配对（unbalanced parenthesis）"),
        Tok::Word(_) | Tok::Num(_) | Tok::Str(_) => err.with_help("两个值之间缺少运算符（missing operator）"),
        _ => err,
    }
}

/// Parsing stops at the first error, so a token is never looked at again once consumed, except
/// for its span: [`Parser::bump`] moves its text out instead of copying it.
struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    depth: usize,
    eof: Token,
}

impl Parser {
    fn new(tokens: Vec<Token>) -> Parser {
        let end = tokens.last().map_or(0, |t| t.span.end);
        Parser { tokens, pos: 0, depth: 0, eof: Token { tok: Tok::Eof, span: end..end } }
    }

    fn current(&self) -> &Token {
        self.tokens.get(self.pos).unwrap_or(&self.eof)
    }

    fn peek(&self) -> &Tok {
        &self.current().tok
    }

    fn peek_second(&self) -> &Tok {
        self.tokens.get(self.pos + 1).map_or(&Tok::Eof, |t| &t.tok)
    }

    fn span(&self) -> Range<usize> {
        self.current().span.clone()
    }

    /// Consumes the current token and returns it; what is left in its place keeps the span.
    fn bump(&mut self) -> Token {
        match self.tokens.get_mut(self.pos) {
            Some(token) => {
                self.pos += 1;
                Token { tok: std::mem::replace(&mut token.tok, Tok::Eof), span: token.span.clone() }
            }
            None => self.eof.clone(),
        }
    }

    fn is_word(&self, word: &str) -> bool {
        matches!(self.peek(), Tok::Word(w) if w == word)
    }

    fn expect(&mut self, tok: &Tok, message: &str) -> Result<Token, ExprError> {
        if self.peek() == tok {
            Ok(self.bump())
        } else {
            Err(ExprError::new(format!("{message}，却是 {}", self.peek().describe()), self.span()))
        }
    }

    /// Enters one level of nesting opened by the token at `opener`; every `enter` is paired with
    /// a `leave`.
    fn enter(&mut self, opener: Range<usize>) -> Result<(), ExprError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ExprError::new(format!("嵌套过深：超过 {MAX_DEPTH} 层（nesting too deep）"), opener)
                .with_help("请用 `let` 把表达式拆成几步"));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Builds a node, refusing trees higher than [`MAX_HEIGHT`].
    fn node(&self, kind: Kind, span: Range<usize>) -> Result<Node, ExprError> {
        let height = 1 + kind.child_height();
        if height > MAX_HEIGHT {
            return Err(ExprError::new(
                format!("表达式层次过多：超过 {MAX_HEIGHT} 层（expression too deep）"),
                span,
            )
            .with_help("请用 `let` 把表达式拆成几步，或用 `in [...]`、`sum(...)` 代替长串运算"));
        }
        Ok(Node { kind, span, height })
    }

    fn binary(&self, op: BinOp, lhs: Node, rhs: Node) -> Result<Node, ExprError> {
        let span = lhs.span.start..rhs.span.end;
        self.node(Kind::Binary(op, Box::new(lhs), Box::new(rhs)), span)
    }

    fn parse_expr(&mut self) -> Result<Node, ExprError> {
        self.parse_bp(PREC_OR)
    }

    /// Precedence climbing: an operand, then every infix operator that binds at least as
    /// tightly as `min`. All operators are left-associative except comparisons, which do not
    /// chain. The recursion per nesting level is a few small frames, which keeps deep (but
    /// accepted) input well within a thread's stack.
    fn parse_bp(&mut self, min: u8) -> Result<Node, ExprError> {
        let mut lhs = self.parse_prefix(min)?;
        while let Some((op, prec, len)) = self.infix_op() {
            if prec < min {
                break;
            }
            for _ in 0..len {
                self.bump();
            }
            let rhs = self.parse_bp(prec + 1)?;
            if prec == PREC_CMP
                && let Some((next, _, _)) = self.infix_op().filter(|(_, p, _)| *p == PREC_CMP)
            {
                return Err(chained(op, next, self.span()));
            }
            lhs = self.binary(op, lhs, rhs)?;
        }
        Ok(lhs)
    }

    /// The infix operator at the cursor: operator, precedence, and how many tokens it spans.
    fn infix_op(&self) -> Option<(BinOp, u8, usize)> {
        let op = match self.peek() {
            Tok::Word(w) if w == "or" => return Some((BinOp::Or, PREC_OR, 1)),
            Tok::Word(w) if w == "and" => return Some((BinOp::And, PREC_AND, 1)),
            Tok::Word(w) if w == "in" => BinOp::In,
            Tok::Word(w) if w == "not" && matches!(self.peek_second(), Tok::Word(x) if x == "in") => {
                return Some((BinOp::NotIn, PREC_CMP, 2));
            }
            Tok::Eq => BinOp::Eq,
            Tok::Ne => BinOp::Ne,
            Tok::Lt => BinOp::Lt,
            Tok::Le => BinOp::Le,
            Tok::Gt => BinOp::Gt,
            Tok::Ge => BinOp::Ge,
            Tok::Plus => return Some((BinOp::Add, PREC_ADD, 1)),
            Tok::Minus => return Some((BinOp::Sub, PREC_ADD, 1)),
            Tok::Star => return Some((BinOp::Mul, PREC_MUL, 1)),
            Tok::Slash => return Some((BinOp::Div, PREC_MUL, 1)),
            _ => return None,
        };
        Some((op, PREC_CMP, 1))
    }

    /// An operand: `not x` (only where a `not` may stand, i.e. at or below its precedence),
    /// `-x`, or a path.
    fn parse_prefix(&mut self, min: u8) -> Result<Node, ExprError> {
        let (kind_not, operand_min) = if self.is_word("not") && min <= PREC_NOT {
            (true, PREC_CMP)
        } else if self.peek() == &Tok::Minus {
            (false, PREC_NEG)
        } else {
            return self.parse_postfix();
        };
        let op_span = self.bump().span;
        let start = op_span.start;
        self.enter(op_span)?;
        // `not not x` nests; otherwise the operand of `not` is a comparison.
        let operand = if kind_not && !self.is_word("not") {
            self.parse_bp(operand_min)
        } else {
            self.parse_prefix(if kind_not { PREC_NOT } else { operand_min })
        };
        self.leave();
        let operand = Box::new(operand?);
        let span = start..operand.span.end;
        self.node(if kind_not { Kind::Not(operand) } else { Kind::Neg(operand) }, span)
    }

    fn parse_postfix(&mut self) -> Result<Node, ExprError> {
        let base = self.parse_primary()?;
        if matches!(self.peek(), Tok::Dot | Tok::LBracket) { self.parse_steps(base) } else { Ok(base) }
    }

    /// The field, index and `[*]` steps after `base`.
    fn parse_steps(&mut self, base: Node) -> Result<Node, ExprError> {
        let mut steps = Vec::new();
        loop {
            // A field step spans its name, an index step its brackets: what an error underlines.
            let (kind, span) = match self.peek() {
                Tok::Dot => {
                    self.bump();
                    let (name, span) = self.field_name()?;
                    (StepKind::Field(name), span)
                }
                Tok::LBracket => {
                    let start = self.span().start;
                    let kind = self.index_step()?;
                    let end = self.tokens.get(self.pos.saturating_sub(1)).map_or(start, |t| t.span.end);
                    (kind, start..end)
                }
                _ => break,
            };
            steps.push(Step { kind, span });
        }
        let end = steps.last().map_or(base.span.end, |s| s.span.end);
        let span = base.span.start..end;
        self.node(Kind::Path(Box::new(base), steps), span)
    }

    /// The name after a `.`: an identifier (keywords included, since the position is
    /// unambiguous) or a quoted text for names that are not identifiers (`."x-note"`).
    fn field_name(&mut self) -> Result<(String, Range<usize>), ExprError> {
        let Token { tok, span } = self.bump();
        match tok {
            Tok::Word(w) | Tok::Str(w) => Ok((w, span)),
            tok => Err(ExprError::new(
                format!("`.` 后应为字段名，却是 {}（expected a field name）", tok.describe()),
                span,
            )
            .with_help("字段名不是标识符时请加引号，例如 `@.\"x-note\"`")),
        }
    }

    /// `[n]` or `[*]`, with the cursor on `[`.
    fn index_step(&mut self) -> Result<StepKind, ExprError> {
        self.bump();
        let span = self.span();
        let kind = match self.peek() {
            Tok::Star => StepKind::All,
            Tok::Num(d) => match d.is_integer().then(|| d.to_usize()).flatten() {
                Some(i) => StepKind::Index(i),
                None => {
                    return Err(ExprError::new(
                        "下标应为非负整数（index must be a non-negative integer）",
                        span,
                    ));
                }
            },
            tok => {
                return Err(ExprError::new(
                    format!("`[` 后应为下标或 `*`，却是 {}（expected an index or `*`）", tok.describe()),
                    span,
                )
                .with_help("写作 `[0]`（第一个元素）或 `[*]`（全部元素）"));
            }
        };
        self.bump();
        self.expect(&Tok::RBracket, "缺少 `]`（expected `]`）")?;
        Ok(kind)
    }

    /// A primary. Only the forms that nest (brackets, calls, lists) are handled here, so that the
    /// frame that stays on the stack while they recurse is small.
    fn parse_primary(&mut self) -> Result<Node, ExprError> {
        match self.peek() {
            Tok::LParen => self.parse_group(),
            Tok::LBracket => self.parse_list(),
            Tok::Word(w) if self.peek_second() == &Tok::LParen && !KEYWORDS.contains(&w.as_str()) => {
                self.parse_call()
            }
            _ => self.parse_atom(),
        }
    }

    fn parse_group(&mut self) -> Result<Node, ExprError> {
        let open = self.bump().span;
        self.enter(open)?;
        let inner = self.parse_expr();
        self.leave();
        let inner = inner?;
        self.close_group()?;
        Ok(inner)
    }

    fn close_group(&mut self) -> Result<(), ExprError> {
        self.expect(&Tok::RParen, "缺少 `)`（expected `)`）")
            .map_err(|e| e.with_help("前面的 `(` 没有对应的 `)`（unclosed parenthesis）"))?;
        Ok(())
    }

    /// A primary that does not nest: a literal, `@`, `$` or a name.
    fn parse_atom(&mut self) -> Result<Node, ExprError> {
        let token = self.bump();
        let span = token.span.clone();
        let kind = match token.tok {
            Tok::Num(d) => Kind::Num(d),
            Tok::Amount(d, unit) => Kind::Amount(d, unit),
            Tok::Str(s) => Kind::Text(s),
            Tok::At => Kind::Subject,
            Tok::Dollar => Kind::Root,
            Tok::Word(w) if w == "true" || w == "false" => Kind::Bool(w == "true"),
            Tok::Word(w) if KEYWORDS.contains(&w.as_str()) => {
                return Err(ExprError::new(
                    format!("`{w}` 是关键字，这里应为值（expected a value, found keyword `{w}`）"),
                    span,
                ));
            }
            Tok::Word(w) => Kind::Name(w),
            Tok::Eof => {
                return Err(ExprError::new("表达式不完整（unexpected end of expression）", span)
                    .with_help("这里还缺少一个值"));
            }
            tok => {
                return Err(ExprError::new(
                    format!("这里应为值，却是 {}（expected a value）", tok.describe()),
                    span,
                ));
            }
        };
        self.node(kind, span)
    }

    fn parse_list(&mut self) -> Result<Node, ExprError> {
        let open = self.bump().span;
        let start = open.start;
        self.enter(open)?;
        let items = self.parse_items(&Tok::RBracket, "`]`", false);
        self.leave();
        let (items, end) = items?;
        self.node(Kind::List(items), start..end)
    }

    fn parse_call(&mut self) -> Result<Node, ExprError> {
        let token = self.bump();
        let Tok::Word(name) = token.tok else {
            return Err(ExprError::new("这里应为函数名（expected a function name）", token.span));
        };
        let open = self.bump().span;
        self.enter(open)?;
        let args = self.parse_items(&Tok::RParen, "`)`", true);
        self.leave();
        let (args, end) = args?;
        let name_span = token.span;
        let start = name_span.start;
        self.node(Kind::Call(Call { name, name_span, args }), start..end)
    }

    /// Comma-separated items up to `close`; returns them and the end offset of `close`.
    fn parse_items(
        &mut self,
        close: &Tok,
        close_text: &str,
        args: bool,
    ) -> Result<(Vec<Node>, usize), ExprError> {
        let mut items = Vec::new();
        if self.peek() == close {
            return Ok((items, self.bump().span.end));
        }
        loop {
            let item = if args { self.parse_arg()? } else { self.parse_expr()? };
            items.push(item);
            if self.peek() == &Tok::Comma {
                self.bump();
                continue;
            }
            if self.peek() == close {
                return Ok((items, self.bump().span.end));
            }
            return Err(self.separator_error(close_text));
        }
    }

    fn separator_error(&self, close_text: &str) -> ExprError {
        ExprError::new(
            format!(
                "这里应为 `,` 或 {close_text}，却是 {}（expected `,` or {close_text}）",
                self.peek().describe()
            ),
            self.span(),
        )
    }

    /// A call argument: an expression, or a binding form `v in list where cond` /
    /// `expr for v in list [where cond]`.
    fn parse_arg(&mut self) -> Result<Node, ExprError> {
        let expr = self.parse_expr()?;
        if self.is_word("where") || self.is_word("for") { self.parse_binder(expr) } else { Ok(expr) }
    }

    /// The rest of a binding form whose first part is `expr`, with the cursor on `where`/`for`.
    fn parse_binder(&mut self, expr: Node) -> Result<Node, ExprError> {
        if self.is_word("where") {
            let where_span = self.span();
            let Kind::Binary(BinOp::In, var, list) = expr.kind else {
                return Err(ExprError::new(
                    "`where` 前应为 `变量 in 列表`（expected `v in list` before `where`）",
                    expr.span.start..where_span.end,
                )
                .with_help("例如 `count(i in @.indicators[*] where i.score < 60)`"));
            };
            let Kind::Name(var_name) = var.kind else {
                return Err(ExprError::new("`in` 左侧应为变量名（expected a variable name）", var.span));
            };
            self.bump();
            let cond = self.parse_expr()?;
            let span = expr.span.start..cond.span.end;
            let binder =
                Binder { var: var_name, var_span: var.span, list: *list, cond: Some(cond), map: None };
            return self.node(Kind::Binder(Box::new(binder)), span);
        }
        if self.is_word("for") {
            self.bump();
            let Token { tok, span: var_span } = self.bump();
            let var = match tok {
                Tok::Word(w) if !KEYWORDS.contains(&w.as_str()) => w,
                tok => {
                    return Err(ExprError::new(
                        format!("`for` 后应为变量名，却是 {}（expected a variable name）", tok.describe()),
                        var_span,
                    ));
                }
            };
            if !self.is_word("in") {
                return Err(ExprError::new(
                    format!("这里应为 `in`，却是 {}（expected `in`）", self.peek().describe()),
                    self.span(),
                )
                .with_help("写作 `表达式 for 变量 in 列表`"));
            }
            self.bump();
            let list = self.parse_bp(PREC_ADD)?;
            let mut end = list.span.end;
            let cond = if self.is_word("where") {
                self.bump();
                let cond = self.parse_expr()?;
                end = cond.span.end;
                Some(cond)
            } else {
                None
            };
            let span = expr.span.start..end;
            let binder = Binder { var, var_span, list, cond, map: Some(expr) };
            return self.node(Kind::Binder(Box::new(binder)), span);
        }
        Ok(expr)
    }
}
