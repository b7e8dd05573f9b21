//! The syntax tree, as written: names are still text and every node keeps its byte span, so
//! that the checker can point at the exact place of an error.

use super::value::AmountUnit;
use rust_decimal::Decimal;
use std::ops::Range;

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub kind: Kind,
    pub span: Range<usize>,
    /// Height of the subtree (a leaf is 1); bounded by the parser so that every later recursive
    /// walk over the tree has a bounded depth.
    pub height: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    Num(Decimal),
    /// An amount literal (`500万元`), converted into the report's unit when evaluated.
    Amount(Decimal, AmountUnit),
    Text(String),
    Bool(bool),
    List(Vec<Node>),
    /// `@`
    Subject,
    /// `$`
    Root,
    /// A bare name: a `let` value, a bound variable or a parameter.
    Name(String),
    /// A value followed by field, index and `[*]` steps.
    Path(Box<Node>, Vec<Step>),
    Neg(Box<Node>),
    Not(Box<Node>),
    Binary(BinOp, Box<Node>, Box<Node>),
    Call(Call),
    /// `v in list where cond` or `expr for v in list [where cond]`; only valid as the argument of
    /// an aggregating function, which the checker enforces.
    Binder(Box<Binder>),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Step {
    pub kind: StepKind,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum StepKind {
    Field(String),
    Index(usize),
    All,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Call {
    pub name: String,
    pub name_span: Range<usize>,
    pub args: Vec<Node>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Binder {
    pub var: String,
    pub var_span: Range<usize>,
    pub list: Node,
    /// The `where` condition.
    pub cond: Option<Node>,
    /// The expression before `for`; `None` in the `v in list where cond` form.
    pub map: Option<Node>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BinOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    NotIn,
    Add,
    Sub,
    Mul,
    Div,
}

impl BinOp {
    pub(crate) fn symbol(self) -> &'static str {
        match self {
            BinOp::Or => "or",
            BinOp::And => "and",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::In => "in",
            BinOp::NotIn => "not in",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
        }
    }
}

impl Kind {
    /// The height of the highest direct child (0 for a leaf), for computing heights without
    /// collecting the children.
    pub(crate) fn child_height(&self) -> usize {
        let highest = |nodes: &[Node]| nodes.iter().map(|n| n.height).max().unwrap_or(0);
        match self {
            Kind::Num(_)
            | Kind::Amount(..)
            | Kind::Text(_)
            | Kind::Bool(_)
            | Kind::Subject
            | Kind::Root
            | Kind::Name(_) => 0,
            Kind::List(items) => highest(items),
            Kind::Path(x, _) | Kind::Neg(x) | Kind::Not(x) => x.height,
            Kind::Binary(_, a, b) => a.height.max(b.height),
            Kind::Call(call) => highest(&call.args),
            Kind::Binder(b) => {
                let optional = |n: &Option<Node>| n.as_ref().map_or(0, |n| n.height);
                b.list.height.max(optional(&b.cond)).max(optional(&b.map))
            }
        }
    }
}
