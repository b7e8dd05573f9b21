//! Load-time checking: resolves names, fields, functions and rule ids, checks arity and the
//! types that are known before a report is read, compiles regular expressions, and produces the
//! tree that evaluation runs ([`Code`]). Every error carries the span of the offending part.

use super::ast::{BinOp, Binder, Call, Kind, Node, Step, StepKind};
use super::functions::{FUNCTIONS, Func, MAX_DECIMALS, Want};
use super::ir::{Arith, BinderCode, Cmp, Code, Step as CodeStep};
use super::value::{Value, parse_numeral};
use super::{Binding, ExprError, Resolver, Ty};
use crate::diagnostic::suggest::{closest, did_you_mean};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::sync::{Arc, OnceLock};

/// Longest regular expression accepted by `matches`, in characters.
pub(crate) const MAX_REGEX_CHARS: usize = 1000;
/// Size limits for compiling a regular expression, so that a pattern cannot make loading slow.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

pub(crate) struct Checked {
    pub code: Code,
    pub ty: Ty,
    pub fired: Vec<usize>,
    pub size: usize,
}

pub(crate) fn check(tree: &Node, resolver: &dyn Resolver) -> Result<Checked, ExprError> {
    let mut checker = Checker { resolver, bound: Vec::new(), fired: BTreeSet::new(), size: 0 };
    let (code, ty) = checker.expr(tree)?;
    Ok(Checked { code, ty, fired: checker.fired.into_iter().collect(), size: checker.size })
}

struct Checker<'r> {
    resolver: &'r dyn Resolver,
    /// Variables of the enclosing binding forms, innermost last; the index is the slot.
    bound: Vec<String>,
    fired: BTreeSet<usize>,
    /// Nodes seen, which scales the evaluation budget.
    size: usize,
}

/// A text literal: where a number is wanted, it is a mistake even when it reads as a numeral.
fn text_literal(node: &Node) -> Option<&str> {
    match &node.kind {
        Kind::Text(s) => Some(s),
        _ => None,
    }
}

/// A number literal, possibly negated.
fn number_literal(node: &Node) -> Option<Decimal> {
    match &node.kind {
        Kind::Num(d) => Some(*d),
        Kind::Neg(inner) => number_literal(inner).map(|d| -d),
        _ => None,
    }
}

fn type_error(context: &str, want: &str, found: &str, span: Range<usize>) -> ExprError {
    ExprError::new(format!("类型错误（type error）：{context}需要{want}，这里是{found}"), span)
}

impl Checker<'_> {
    /// Checks one node. The functions on the recursive path only recurse and hand the results to
    /// a second function that does the checking, so that the frames staying on the stack while
    /// deep input recurses are small.
    fn expr(&mut self, node: &Node) -> Result<(Code, Ty), ExprError> {
        self.size += 1;
        match &node.kind {
            Kind::List(items) => self.list(items),
            Kind::Path(base, steps) => self.path(base, steps),
            Kind::Neg(x) | Kind::Not(x) => self.unary(node, x),
            Kind::Binary(op, a, b) => self.binary(*op, a, b),
            Kind::Call(call) => self.call(call, node.span.clone()),
            _ => self.leaf(node),
        }
    }

    fn leaf(&mut self, node: &Node) -> Result<(Code, Ty), ExprError> {
        Ok(match &node.kind {
            Kind::Num(d) => (Code::Const(Value::Num(*d)), Ty::Num),
            Kind::Amount(d, unit) => (Code::Amount(*d, *unit), Ty::Num),
            Kind::Text(s) => (Code::Const(Value::Text(Cow::Owned(s.clone()))), Ty::Text),
            Kind::Bool(b) => (Code::Const(Value::Bool(*b)), Ty::Bool),
            Kind::Subject => (Code::Subject, Ty::Any),
            Kind::Root => (Code::Root, Ty::Any),
            Kind::Name(name) => return self.name(name, node.span.clone()),
            _ => {
                return Err(ExprError::new(
                    "绑定形式（`v in list where …` / `… for v in list`）只能作为 count/any/all/sum/min/max 的参数",
                    node.span.clone(),
                ));
            }
        })
    }

    fn unary(&mut self, node: &Node, operand: &Node) -> Result<(Code, Ty), ExprError> {
        let checked = self.expr(operand)?;
        self.finish_unary(node, operand, checked)
    }

    fn finish_unary(
        &self,
        node: &Node,
        operand: &Node,
        (code, ty): (Code, Ty),
    ) -> Result<(Code, Ty), ExprError> {
        if matches!(node.kind, Kind::Not(_)) {
            self.require(operand, ty, Want::Bool, "`not` ")?;
            Ok((Code::Not(Box::new(code)), Ty::Bool))
        } else {
            self.require(operand, ty, Want::Num, "负号 `-` ")?;
            Ok((Code::Neg(Box::new(code)), Ty::Num))
        }
    }

    /// Checks that a value of static type `ty` fits `want`; the error points at `node`.
    fn require(&self, node: &Node, ty: Ty, want: Want, context: &str) -> Result<(), ExprError> {
        self.require_in(node, ty, want, || context.to_string())
    }

    /// [`Checker::require`] for a context that has to be formatted: it is formatted only for
    /// the error, not for every operand and argument of a rule pack that type-checks.
    fn require_in(
        &self,
        node: &Node,
        ty: Ty,
        want: Want,
        context: impl Fn() -> String,
    ) -> Result<(), ExprError> {
        let text_lit = text_literal(node).is_some();
        let ok = match want {
            Want::Any => true,
            Want::Num => matches!(ty, Ty::Num | Ty::Any) || (ty == Ty::Text && !text_lit),
            Want::ListOrNum => matches!(ty, Ty::Num | Ty::List | Ty::Any) || (ty == Ty::Text && !text_lit),
            Want::Text => matches!(ty, Ty::Text | Ty::Any),
            Want::Bool => matches!(ty, Ty::Bool | Ty::Any),
            Want::List => matches!(ty, Ty::List | Ty::Any),
            Want::TextOrList => matches!(ty, Ty::Text | Ty::List | Ty::Any),
        };
        if ok {
            return Ok(());
        }
        let context = context();
        let found = match text_literal(node) {
            Some(s) => format!("文本 \"{s}\"（text）"),
            None => ty.describe().to_string(),
        };
        let err = type_error(&context, want.describe(), &found, node.span.clone());
        let numeral_in_quotes = text_literal(node).and_then(parse_numeral).is_some();
        Err(match want {
            Want::Num | Want::ListOrNum if numeral_in_quotes => {
                err.with_help("数字不要加引号（write numbers without quotes）")
            }
            _ => err,
        })
    }

    fn list(&mut self, items: &[Node]) -> Result<(Code, Ty), ExprError> {
        let mut codes = Vec::with_capacity(items.len());
        for item in items {
            codes.push(self.expr(item)?.0);
        }
        Ok((list_code(codes), Ty::List))
    }

    fn name(&mut self, name: &str, span: Range<usize>) -> Result<(Code, Ty), ExprError> {
        if let Some(slot) = self.bound.iter().rposition(|b| b == name) {
            return Ok((Code::Bound(slot), Ty::Any));
        }
        if let Some((binding, ty)) = self.resolver.binding(name) {
            let code = match binding {
                Binding::Let(i) => Code::Let(i),
                Binding::Param(i) => Code::Param(i),
            };
            return Ok((code, ty));
        }
        let err = ExprError::new(format!("未知名称 `{name}`（unknown name）"), span);
        let mut candidates = self.resolver.binding_names();
        candidates.extend(self.bound.iter().cloned());
        let help = if name.starts_with("x-") || self.resolver.field_known(name) {
            Some(format!("字段要从 `@` 或 `$` 取：写作 `@.{name}`（fields are read through `@.` or `$.`）"))
        } else if let Some(func) = Func::lookup(name) {
            Some(format!("`{name}` 是函数，调用时要加括号：{}", func.usage()))
        } else if matches!(name, "null" | "nil" | "None" | "none") {
            Some("没有空值字面量；用 `exists(x)` 判断是否填写（use `exists(x)`）".to_string())
        } else {
            closest(name, candidates.iter().map(String::as_str)).map(did_you_mean)
        };
        Err(err.with_help_opt(help))
    }

    fn field(&self, name: &str, span: Range<usize>) -> Result<(), ExprError> {
        if name.starts_with("x-") || self.resolver.field_known(name) {
            return Ok(());
        }
        let candidates = self.resolver.field_names();
        let help = match closest(name, candidates.iter().map(String::as_str)) {
            Some(c) => did_you_mean(c),
            None => "报告结构（report schema）中没有这个字段；自定义字段请以 `x-` 开头".to_string(),
        };
        Err(ExprError::new(format!("未知字段 `{name}`（unknown field）"), span).with_help(help))
    }

    fn path(&mut self, base: &Node, steps: &[Step]) -> Result<(Code, Ty), ExprError> {
        let checked = self.expr(base)?;
        self.finish_path(checked, steps)
    }

    fn finish_path(&self, (code, ty): (Code, Ty), steps: &[Step]) -> Result<(Code, Ty), ExprError> {
        if matches!(ty, Ty::Num | Ty::Text | Ty::Bool)
            && let Some(first) = steps.first()
        {
            return Err(ExprError::new(
                format!("不能对{}取字段或下标（cannot step into a {}）", ty.describe(), ty_en(ty)),
                first.span.clone(),
            ));
        }
        let mut list = ty == Ty::List;
        let mut out = Vec::with_capacity(steps.len());
        for step in steps {
            out.push(match &step.kind {
                StepKind::Field(name) => {
                    self.field(name, step.span.clone())?;
                    CodeStep::Field(name.clone())
                }
                StepKind::Index(i) => CodeStep::Index(*i),
                StepKind::All => {
                    list = true;
                    CodeStep::All
                }
            });
        }
        Ok((Code::Path(Box::new(code), out), if list { Ty::List } else { Ty::Any }))
    }

    fn binary(&mut self, op: BinOp, a: &Node, b: &Node) -> Result<(Code, Ty), ExprError> {
        let left = self.expr(a)?;
        let right = self.expr(b)?;
        self.finish_binary(op, (a, left), (b, right))
    }

    fn finish_binary(
        &self,
        op: BinOp,
        (a, (ca, ta)): (&Node, (Code, Ty)),
        (b, (cb, tb)): (&Node, (Code, Ty)),
    ) -> Result<(Code, Ty), ExprError> {
        let context = || format!("`{}` 的运算数", op.symbol());
        let (ba, bb) = (Box::new(ca), Box::new(cb));
        Ok(match op {
            BinOp::And | BinOp::Or => {
                self.require_in(a, ta, Want::Bool, context)?;
                self.require_in(b, tb, Want::Bool, context)?;
                (if op == BinOp::And { Code::And(ba, bb) } else { Code::Or(ba, bb) }, Ty::Bool)
            }
            BinOp::Add => {
                let ty = match (ta, tb) {
                    (Ty::Text, Ty::Text) => Ty::Text,
                    (Ty::Text | Ty::Any, Ty::Text | Ty::Any) => Ty::Any,
                    _ => {
                        self.require_in(a, ta, Want::Num, context)?;
                        self.require_in(b, tb, Want::Num, context)?;
                        Ty::Num
                    }
                };
                (Code::Arith(Arith::Add, ba, bb), ty)
            }
            BinOp::Sub | BinOp::Mul | BinOp::Div => {
                self.require_in(a, ta, Want::Num, context)?;
                self.require_in(b, tb, Want::Num, context)?;
                let arith = match op {
                    BinOp::Sub => Arith::Sub,
                    BinOp::Mul => Arith::Mul,
                    _ => Arith::Div,
                };
                (Code::Arith(arith, ba, bb), Ty::Num)
            }
            BinOp::Eq | BinOp::Ne => {
                self.equatable(op, (a, ta), (b, tb))?;
                (Code::Cmp(if op == BinOp::Eq { Cmp::Eq } else { Cmp::Ne }, ba, bb), Ty::Bool)
            }
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                self.require_in(a, ta, Want::Num, context)?;
                self.require_in(b, tb, Want::Num, context)?;
                let cmp = match op {
                    BinOp::Lt => Cmp::Lt,
                    BinOp::Le => Cmp::Le,
                    BinOp::Gt => Cmp::Gt,
                    _ => Cmp::Ge,
                };
                (Code::Cmp(cmp, ba, bb), Ty::Bool)
            }
            BinOp::In | BinOp::NotIn => {
                self.require_in(b, tb, Want::List, || format!("`{}` 的右侧", op.symbol()))?;
                (Code::In { item: ba, list: bb, negated: op == BinOp::NotIn }, Ty::Bool)
            }
        })
    }

    /// `==`/`!=` between values that can never be equal by type is a mistake in the rule.
    fn equatable(&self, op: BinOp, (a, ta): (&Node, Ty), (b, tb): (&Node, Ty)) -> Result<(), ExprError> {
        let non_numeral = |n: &Node| text_literal(n).is_some_and(|s| parse_numeral(s).is_none());
        let clash = match (ta, tb) {
            (Ty::Any, _) | (_, Ty::Any) => false,
            (Ty::Num, Ty::Text) => non_numeral(b),
            (Ty::Text, Ty::Num) => non_numeral(a),
            (x, y) => x != y && (x == Ty::Bool || y == Ty::Bool || x == Ty::List || y == Ty::List),
        };
        if !clash {
            return Ok(());
        }
        // Underline the text literal when it is the culprit, otherwise the right side.
        let span = if ta == Ty::Text && tb == Ty::Num { a.span.clone() } else { b.span.clone() };
        Err(ExprError::new(
            format!(
                "类型错误（type error）：`{}` 两侧类型不同，{}不能与{}比较（the two sides can never be equal）",
                op.symbol(),
                ta.describe(),
                tb.describe()
            ),
            span,
        ))
    }

    fn call(&mut self, call: &Call, span: Range<usize>) -> Result<(Code, Ty), ExprError> {
        let func = self.resolve_call(call, span)?;
        if let [arg] = call.args.as_slice()
            && let Kind::Binder(binder) = &arg.kind
        {
            return self.fold(func, binder);
        }
        match func {
            Func::Matches => return self.matches(call, false),
            Func::Find => return self.matches(call, true),
            Func::Fired => return self.fired(call),
            _ => {}
        }
        let mut args = Vec::with_capacity(call.args.len());
        for arg in &call.args {
            args.push(self.expr(arg)?);
        }
        self.finish_call(func, call, args)
    }

    /// The function called, after checking its name, the number of arguments and where binding
    /// forms stand.
    fn resolve_call(&self, call: &Call, span: Range<usize>) -> Result<Func, ExprError> {
        let Some(func) = Func::lookup(&call.name) else {
            let help = closest(&call.name, FUNCTIONS.iter().map(|(n, _)| *n))
                .map(did_you_mean)
                .unwrap_or_else(|| {
                    format!(
                        "可用的函数：{}",
                        FUNCTIONS.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
                    )
                });
            return Err(ExprError::new(
                format!("未知函数 `{}`（unknown function）", call.name),
                call.name_span.clone(),
            )
            .with_help(help));
        };
        let n = call.args.len();
        let (min, max) = func.arity();
        if n < min || max.is_some_and(|m| n > m) {
            let wanted = match max {
                Some(m) if m == min => format!("{min} 个参数"),
                Some(m) => format!("{min} 到 {m} 个参数"),
                None => format!("至少 {min} 个参数"),
            };
            return Err(ExprError::new(
                format!("`{}` 需要{wanted}，这里有 {n} 个（wrong number of arguments）", func.name()),
                span,
            )
            .with_help(format!("用法（usage）：{}", func.usage())));
        }
        let binder_at = call.args.iter().position(|a| matches!(a.kind, Kind::Binder(_)));
        if let Some(i) = binder_at
            && !(func.folds() && n == 1)
            && let Some(arg) = call.args.get(i)
        {
            let message = if func.folds() {
                format!(
                    "绑定形式必须是 `{}` 的唯一参数（a binding form must be the only argument）",
                    func.name()
                )
            } else {
                format!(
                    "`{}` 不接受绑定形式（binding forms work only in count/any/all/sum/min/max）",
                    func.name()
                )
            };
            return Err(ExprError::new(message, arg.span.clone()));
        }
        Ok(func)
    }

    fn finish_call(&self, func: Func, call: &Call, args: Vec<(Code, Ty)>) -> Result<(Code, Ty), ExprError> {
        let n = args.len();
        let mut codes = Vec::with_capacity(n);
        let mut tys = Vec::with_capacity(n);
        for (i, (arg, (code, ty))) in call.args.iter().zip(args).enumerate() {
            let context = || format!("`{}` 的第 {} 个参数", func.name(), i + 1);
            self.require_in(arg, ty, func.want(i, n), context)?;
            codes.push(code);
            tys.push(ty);
        }
        self.literal_arguments(func, &call.args)?;
        let ty = func.returns(&tys);
        Ok((Code::Call(func, codes), ty))
    }

    /// Arguments that are literals and can be checked now: the decimals of `round`/`pct` and the
    /// comparator of `compare`.
    fn literal_arguments(&self, func: Func, args: &[Node]) -> Result<(), ExprError> {
        let decimals = match func {
            Func::Round | Func::Pct => args.get(1),
            _ => None,
        };
        if let Some(arg) = decimals
            && let Some(d) = number_literal(arg)
            && !(d.is_integer() && d.to_i64().is_some_and(|n| (0..=MAX_DECIMALS).contains(&n)))
        {
            return Err(ExprError::new(
                format!(
                    "`{}` 的小数位数应为 0 到 {MAX_DECIMALS} 的整数，这里是 {d}（decimals out of range）",
                    func.name()
                ),
                arg.span.clone(),
            ));
        }
        if func == Func::Compare
            && let Some(arg) = args.get(1)
            && let Some(op) = text_literal(arg)
            && Cmp::from_text(op).is_none()
        {
            return Err(ExprError::new(
                format!("未知的比较符 \"{op}\"（unknown comparator）"),
                arg.span.clone(),
            )
            .with_help("可用：≥ ≤ = > < ≠（或 >= <= == !=）"));
        }
        Ok(())
    }

    /// `matches(text, "regex")`, or with `find` the first match's text (see [`Pattern`]).
    fn matches(&mut self, call: &Call, find: bool) -> Result<(Code, Ty), ExprError> {
        let (Some(text), Some(pattern)) = (call.args.first(), call.args.get(1)) else {
            return Err(ExprError::new("`matches` 需要 2 个参数", call.name_span.clone()));
        };
        let (code, ty) = self.expr(text)?;
        self.require(text, ty, Want::Text, "`matches` 的第 1 个参数")?;
        let Some(source) = text_literal(pattern) else {
            return Err(ExprError::new(
                "`matches` 的正则表达式必须是文本字面量（the pattern must be a string literal）",
                pattern.span.clone(),
            ));
        };
        if source.chars().count() > MAX_REGEX_CHARS {
            return Err(ExprError::new(
                format!("正则表达式过长：超过 {MAX_REGEX_CHARS} 个字符（regex too long）"),
                pattern.span.clone(),
            ));
        }
        let compiled = self::pattern(source, self.resolver.defer_patterns(), self.resolver.searches())
            .map_err(|e| {
                ExprError::new("正则表达式无效（invalid regex）", pattern.span.clone()).with_help(e)
            })?;
        self.size += 1;
        let ty = if find { Ty::Text } else { Ty::Bool };
        Ok((Code::Matches(Box::new(code), compiled, find), ty))
    }

    fn fired(&mut self, call: &Call) -> Result<(Code, Ty), ExprError> {
        let Some(arg) = call.args.first() else {
            return Err(ExprError::new("`fired` 需要 1 个参数", call.name_span.clone()));
        };
        let Some(id) = text_literal(arg) else {
            return Err(ExprError::new(
                "`fired` 的参数必须是规则 id 的文本字面量（the rule id must be a string literal）",
                arg.span.clone(),
            )
            .with_help("例如 `fired(\"execution-rate-mismatch\")`"));
        };
        let Some(index) = self.resolver.rule_index(id) else {
            let ids = self.resolver.rule_ids();
            let help = closest(id, ids.iter().map(String::as_str)).map(did_you_mean);
            return Err(ExprError::new(format!("未知规则 `{id}`（unknown rule）"), arg.span.clone())
                .with_help_opt(help));
        };
        self.size += 1;
        self.fired.insert(index);
        Ok((Code::Fired(index), Ty::Bool))
    }

    /// `count`/`any`/`all`/`sum`/`min`/`max` over a binding form.
    fn fold(&mut self, func: Func, binder: &Binder) -> Result<(Code, Ty), ExprError> {
        // The list is outside the variable's scope.
        let (list, list_ty) = self.expr(&binder.list)?;
        self.require(&binder.list, list_ty, Want::List, "`in` 的右侧")?;
        if self.bound.contains(&binder.var) {
            return Err(ExprError::new(
                format!("变量 `{}` 已在外层绑定，请换一个名字（variable already bound）", binder.var),
                binder.var_span.clone(),
            ));
        }
        let slot = self.bound.len();
        self.bound.push(binder.var.clone());
        let body = self.binder_body(func, binder);
        self.bound.truncate(slot);
        let (cond, map) = body?;
        let code = BinderCode { slot, list, cond, map };
        Ok((Code::Fold(func, Box::new(code)), func.returns(&[])))
    }

    fn binder_body(
        &mut self,
        func: Func,
        binder: &Binder,
    ) -> Result<(Option<Code>, Option<Code>), ExprError> {
        let cond = match &binder.cond {
            Some(node) => {
                let (code, ty) = self.expr(node)?;
                self.require(node, ty, Want::Bool, "`where` 条件")?;
                Some(code)
            }
            None => None,
        };
        let map = match &binder.map {
            Some(node) => {
                let (code, ty) = self.expr(node)?;
                let want = match func {
                    Func::Any | Func::All => Want::Bool,
                    Func::Sum | Func::Min | Func::Max => Want::Num,
                    _ => Want::Any,
                };
                self.require_in(node, ty, want, || format!("`{}` 中 `for` 前的表达式", func.name()))?;
                Some(code)
            }
            None => None,
        };
        Ok((cond, map))
    }
}

/// A `matches`/`find` pattern, compiled with size limits.
///
/// Compiling a pattern costs more than checking the rest of a rule. A pattern of a rule file
/// is compiled when the rule loads, so that one the limits refuse is reported there. The
/// built-in pack's patterns, which the test suite compiles, are not looked at when they load
/// and are compiled the first time a report needs one: a run whose reports never match a text
/// against a pattern does not compile any.
#[derive(Debug)]
pub(crate) struct Pattern {
    source: Box<str>,
    /// Compiled for each kind of run, when first needed (see [`Searches`]).
    for_few: OnceLock<Option<Regex>>,
    for_many: OnceLock<Option<Regex>>,
}

impl Pattern {
    pub(crate) fn as_str(&self) -> &str {
        &self.source
    }

    /// The pattern compiled for `searches`; `None` when its syntax or the limits refuse it (only
    /// possible for a pattern whose compilation was deferred, which the built-in pack's tests
    /// rule out).
    pub(crate) fn regex(&self, searches: Searches) -> Option<&Regex> {
        self.compiled(searches).get_or_init(|| build_regex(&self.source, searches).ok()).as_ref()
    }

    fn compiled(&self, searches: Searches) -> &OnceLock<Option<Regex>> {
        match searches {
            Searches::Few => &self.for_few,
            Searches::Many => &self.for_many,
        }
    }
}

/// A compiled pattern: the engines of the `regex` crate, with the same syntax and matches
/// (leftmost first, Unicode), chosen among as a run needs (see [`Searches`]).
pub(crate) type Regex = regex_automata::meta::Regex;

/// How many texts a run searches with each pattern, which decides how patterns are compiled.
/// Matches are the same either way; only their cost differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Searches {
    /// A few texts, such as one report's: patterns are compiled without the DFA that is built
    /// lazily while searching. That DFA makes a search of a short text a few times faster once
    /// its states are built (54 against 940 ns, on the built-in pack's pattern for approximate
    /// values), but compiling it and building its states as the first texts are searched costs
    /// far more than a few searches: for the built-in pack's three patterns, about 3.2 M
    /// instructions in a one-report check, a fifth of it.
    Few,
    /// Many texts: every engine, the lazily built DFA included.
    #[default]
    Many,
}

/// What went wrong compiling a pattern, as the `regex` crate words it: the syntax error with its
/// place, or the size limit exceeded.
fn build_error_text(error: &regex_automata::meta::BuildError) -> String {
    if let Some(syntax) = error.syntax_error() {
        syntax.to_string()
    } else if let Some(limit) = error.size_limit() {
        format!("Compiled regex exceeds size limit of {limit} bytes")
    } else {
        error.to_string()
    }
}

fn build_regex(source: &str, searches: Searches) -> Result<Regex, regex_automata::meta::BuildError> {
    use regex_automata::{meta, nfa::thompson::WhichCaptures};
    // Rules ask only whether and where a pattern matches, never for its groups; where is the
    // implicit group of the whole match, without which the engines other than the DFA find none.
    let config = meta::Config::new()
        .which_captures(WhichCaptures::Implicit)
        .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
        .hybrid_cache_capacity(REGEX_SIZE_LIMIT);
    let config = match searches {
        Searches::Few => config.hybrid(false).dfa(false),
        Searches::Many => config,
    };
    meta::Builder::new().configure(config).build(source)
}

/// The pattern for `source`, compiled now or, with `deferred`, when first used: the built-in
/// pack's patterns, which the test suite compiles (`builtin_patterns_compile`), are not even
/// parsed when the pack loads.
///
/// Rule packs repeat patterns (the built-in pack tests "is a numeral" the same way in eleven
/// places), so each thread keeps the patterns it has made, and a repeat shares the first one and
/// its compiled program. The cache is cleared when it grows large, so that a process loading
/// many packs does not keep them all.
fn pattern(source: &str, deferred: bool, searches: Searches) -> Result<Arc<Pattern>, String> {
    const MAX_CACHED: usize = 256;
    thread_local! {
        static MADE: RefCell<HashMap<String, Arc<Pattern>>> = RefCell::new(HashMap::new());
    }
    let pattern = match MADE.with_borrow(|made| made.get(source).cloned()) {
        Some(pattern) => pattern,
        None => {
            let pattern = Arc::new(Pattern {
                source: source.into(),
                for_few: OnceLock::new(),
                for_many: OnceLock::new(),
            });
            MADE.with_borrow_mut(|made| {
                if made.len() >= MAX_CACHED {
                    made.clear();
                }
                made.insert(source.to_string(), Arc::clone(&pattern));
            });
            pattern
        }
    };
    // A pattern whose deferred compilation already failed fails again here, with the error. It
    // is compiled as the rule set will search with it, so that it is compiled once.
    let compiled = pattern.compiled(searches);
    if !deferred && compiled.get().is_none_or(Option::is_none) {
        let regex = build_regex(source, searches).map_err(|e| build_error_text(&e))?;
        let _ = compiled.set(Some(regex));
    }
    Ok(pattern)
}

fn ty_en(ty: Ty) -> &'static str {
    match ty {
        Ty::Num => "number",
        Ty::Text => "text",
        Ty::Bool => "boolean",
        Ty::List => "list",
        Ty::Any => "value",
    }
}

/// A list of literals is itself a literal, built once here instead of at every evaluation.
fn list_code(codes: Vec<Code>) -> Code {
    let constants: Option<Vec<Value<'static>>> = codes
        .iter()
        .map(|c| match c {
            Code::Const(v) => Some(v.clone()),
            _ => None,
        })
        .collect();
    match constants {
        Some(values) => Code::Const(Value::List(values.into())),
        None => Code::List(codes),
    }
}

#[cfg(test)]
mod pattern_tests {
    use super::{Searches, build_regex, pattern};
    use proptest::prelude::*;

    /// The built-in pack's patterns: the approximate values' (`matches` and `find`) and the
    /// numeral's.
    const PATTERNS: [&str; 3] = [
        "[0-9０-９][ 　]*[十百千万亿]?[ 　]*[多余]|(^|[^节制预签合契公条集简])约[ 　]*[0-9０-９]|(^|[^最附])近[ 　]*[0-9０-９]|(超过|逾)[ 　]*[0-9０-９]|[0-9０-９][^0-9０-９]{0,3}左右",
        "[0-9０-９][0-9０-９.,]*[ 　]*[十百千万亿]?[ 　]*[多余][^，。；、 0-9０-９]{0,3}|约[ 　]*[0-9０-９][0-9０-９.]*[^，。；、 ]{0,3}|近[ 　]*[0-9０-９][0-9０-９.]*[^，。；、 ]{0,3}|(超过|逾)[ 　]*[0-9０-９][0-9０-９.%％]*|[0-9０-９][0-9０-９.]*[^0-9０-９，。]{0,3}左右",
        "^-?[0-9]+([.][0-9]+)?$",
    ];

    proptest! {
        /// Compiled for a few texts or for many, a pattern finds what the `regex` crate finds,
        /// on texts made of the characters those patterns are about.
        #[test]
        fn patterns_for_few_texts_match_as_for_many(
            text in proptest::string::string_regex("[0-9０-９.,%％ 　十百万多余约近超过逾左右节最附人次，。；、a-z-]{0,40}").expect("valid"),
            which in 0..PATTERNS.len(),
        ) {
            let source = PATTERNS[which];
            let reference = regex::Regex::new(source).expect("valid");
            let expected = reference.find(&text).map(|m| m.range());
            for searches in [Searches::Few, Searches::Many] {
                let compiled = build_regex(source, searches).expect("valid");
                prop_assert_eq!(compiled.find(text.as_str()).map(|m| m.range()), expected.clone(), "{:?}", searches);
                prop_assert_eq!(compiled.is_match(text.as_str()), expected.is_some());
            }
        }
    }

    #[test]
    fn a_pattern_the_limits_or_the_syntax_refuse_fails_when_it_loads_or_when_first_used() {
        let too_big = "[a-z]{1000}{1000}";
        assert!(pattern(too_big, false, Searches::Many).is_err());
        let deferred = pattern(too_big, true, Searches::Many).expect("valid syntax");
        assert!(deferred.regex(Searches::Many).is_none());
        // The failed deferred pattern is cached; a rule that wants it compiled still gets the error.
        assert!(pattern(too_big, false, Searches::Many).is_err());
        // A deferred pattern is not even parsed until it is first used (the built-in pack's
        // are compiled by the test suite); its syntax error then fails it as the limits do.
        let broken = pattern("[a-", true, Searches::Many).expect("not parsed when deferred");
        assert!(broken.regex(Searches::Few).is_none());
        assert!(pattern("[a-", false, Searches::Many).is_err());
        let numeral = pattern("^[0-9]+$", true, Searches::Many).expect("valid");
        for searches in [Searches::Few, Searches::Many] {
            assert!(numeral.regex(searches).is_some_and(|r| r.is_match("42")));
        }
    }

    /// A run of a few reports compiles its patterns for a few searches only, and a run of many
    /// for many: neither pays for the other's compilation.
    #[test]
    fn a_pattern_is_compiled_only_for_the_searches_a_run_makes() {
        let few = pattern("^[0-9]+[.]5$", true, Searches::Many).expect("valid");
        assert!(few.regex(Searches::Few).is_some_and(|r| r.is_match("12.5")));
        assert!(few.for_many.get().is_none(), "compiled for many searches as well");
        let many = pattern("^[0-9]+[.]25$", true, Searches::Many).expect("valid");
        assert!(many.regex(Searches::Many).is_some_and(|r| r.is_match("12.25")));
        assert!(many.for_few.get().is_none(), "compiled for a few searches as well");
    }
}
