//! The rule expression language (stub: being implemented).
#![allow(dead_code, unused_variables)]
use rust_decimal::Decimal;
use std::borrow::Cow;
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    Num,
    Text,
    Bool,
    List,
    Any,
}
pub enum Binding {
    Let(usize),
    Param(usize),
}
pub trait Resolver {
    fn binding(&self, name: &str) -> Option<(Binding, Ty)>;
    fn field_known(&self, field: &str) -> bool;
    fn rule_index(&self, id: &str) -> Option<usize>;
}
#[derive(Debug, Clone)]
pub struct ExprError {
    pub message: String,
    pub span: std::ops::Range<usize>,
    pub help: Option<String>,
}
#[derive(Debug)]
pub struct Expr;
impl Expr {
    pub fn compile(src: &str, resolver: &dyn Resolver) -> Result<Expr, ExprError> {
        Ok(Expr)
    }
    pub fn ty(&self) -> Ty {
        Ty::Bool
    }
    pub fn fired_dependencies(&self) -> Vec<usize> {
        vec![]
    }
    pub fn eval<'a>(&self, env: &Env<'a, '_>) -> Value<'a> {
        Value::Missing
    }
    pub fn eval_bool(&self, env: &Env) -> Option<bool> {
        None
    }
}
#[derive(Debug)]
pub struct Template;
impl Template {
    pub fn compile(src: &str, resolver: &dyn Resolver) -> Result<Template, ExprError> {
        Ok(Template)
    }
    pub fn render(&self, env: &Env) -> String {
        String::new()
    }
    pub fn fired_dependencies(&self) -> Vec<usize> {
        vec![]
    }
}
#[derive(Debug, Clone)]
pub struct Literal;
impl Literal {
    pub fn parse(src: &str) -> Result<Literal, ExprError> {
        Ok(Literal)
    }
    pub fn ty(&self) -> Ty {
        Ty::Num
    }
    pub fn value<'a>(&self, unit: AmountUnit) -> Value<'a> {
        Value::Missing
    }
}
#[derive(Debug, Clone, Copy)]
pub enum AmountUnit {
    Yuan,
    WanYuan,
    YiYuan,
}
#[derive(Debug, Clone)]
pub enum Value<'a> {
    Missing,
    Bool(bool),
    Num(Decimal),
    Text(Cow<'a, str>),
    List(Vec<Value<'a>>),
    Json(&'a serde_json::Value),
}
pub struct Env<'a, 'r> {
    pub root: &'a serde_json::Value,
    pub subject: &'a serde_json::Value,
    pub lets: &'r [Value<'a>],
    pub params: &'r [Value<'a>],
    pub unit: AmountUnit,
    pub fired: &'r dyn Fn(usize) -> bool,
}
#[derive(Debug, Clone)]
pub enum PathStep {
    Key(String),
    Index(usize),
}
pub fn parse_field_path(src: &str) -> Result<Vec<PathStep>, ExprError> {
    Ok(vec![])
}
