//! The checked tree that evaluation runs: names resolved to slots, functions to [`Func`],
//! regular expressions compiled. Spans are gone; nothing here can fail to resolve at run time.

use super::functions::Func;
use super::value::{AmountUnit, Value};
use rust_decimal::Decimal;

#[derive(Debug, Clone)]
pub(crate) enum Code {
    /// A literal value (numbers, texts, booleans, and lists of literals).
    Const(Value<'static>),
    /// An amount literal, converted into the report's unit when evaluated.
    Amount(Decimal, AmountUnit),
    Subject,
    Root,
    Let(usize),
    Param(usize),
    /// A variable bound by a binding form; the index is its depth among enclosing binders.
    Bound(usize),
    List(Vec<Code>),
    Path(Box<Code>, Vec<Step>),
    Neg(Box<Code>),
    Not(Box<Code>),
    And(Box<Code>, Box<Code>),
    Or(Box<Code>, Box<Code>),
    Arith(Arith, Box<Code>, Box<Code>),
    Cmp(Cmp, Box<Code>, Box<Code>),
    /// `item in list`, or `item not in list` when `negated`.
    In {
        item: Box<Code>,
        list: Box<Code>,
        negated: bool,
    },
    Call(Func, Vec<Code>),
    /// `count`/`any`/`all`/`sum`/`min`/`max` over a binding form.
    Fold(Func, Box<BinderCode>),
    /// `matches`, or `find` when the flag is set.
    Matches(Box<Code>, std::sync::Arc<super::check::Pattern>, bool),
    Fired(usize),
}

impl Code {
    /// Pushes the node's direct children onto `stack`, for walks over the whole tree.
    pub(crate) fn push_children<'c>(&'c self, stack: &mut Vec<&'c Code>) {
        match self {
            Code::List(items) | Code::Call(_, items) => stack.extend(items.iter()),
            Code::Path(base, _) | Code::Neg(base) | Code::Not(base) | Code::Matches(base, ..) => {
                stack.push(base);
            }
            Code::And(a, b) | Code::Or(a, b) | Code::Arith(_, a, b) | Code::Cmp(_, a, b) => {
                stack.push(a);
                stack.push(b);
            }
            Code::In { item, list, .. } => {
                stack.push(item);
                stack.push(list);
            }
            Code::Fold(_, binder) => {
                stack.push(&binder.list);
                stack.extend(binder.cond.iter());
                stack.extend(binder.map.iter());
            }
            Code::Const(_)
            | Code::Amount(..)
            | Code::Subject
            | Code::Root
            | Code::Let(_)
            | Code::Param(_)
            | Code::Bound(_)
            | Code::Fired(_) => {}
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    Field(String),
    Index(usize),
    All,
}

#[derive(Debug, Clone)]
pub(crate) struct BinderCode {
    /// The variable's index in the stack of bound values.
    pub slot: usize,
    pub list: Code,
    pub cond: Option<Code>,
    /// `None` in the `v in list where cond` form: the elements themselves are the values.
    pub map: Option<Code>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Arith {
    Add,
    Sub,
    Mul,
    Div,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Cmp {
    /// The comparator named by a text, as `compare(a, op, b)` accepts it: `≥ ≤ = > <`, their
    /// ASCII spellings, `≠`/`!=`, and the full-width forms reports are typed with.
    pub(crate) fn from_text(text: &str) -> Option<Cmp> {
        match text.trim() {
            "=" | "==" | "＝" => Some(Cmp::Eq),
            "≠" | "!=" => Some(Cmp::Ne),
            "<" | "＜" => Some(Cmp::Lt),
            "≤" | "<=" | "≦" | "＜＝" => Some(Cmp::Le),
            ">" | "＞" => Some(Cmp::Gt),
            "≥" | ">=" | "≧" | "＞＝" => Some(Cmp::Ge),
            _ => None,
        }
    }
}
