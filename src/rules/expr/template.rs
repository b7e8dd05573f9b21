//! Message templates: text with `{expression}` holes; `{{` and `}}` write literal braces.

use super::parser::MAX_SOURCE;
use super::{Binding, Env, Expr, ExprError, Resolver, Ty};
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

/// A template: compiled, or kept as written until it is first rendered (see
/// [`Template::deferred`]).
#[derive(Debug, Clone)]
pub struct Template {
    body: Body,
}

#[derive(Debug, Clone)]
enum Body {
    Compiled(Compiled),
    Deferred(Arc<Deferred>),
}

#[derive(Debug, Clone)]
struct Compiled {
    parts: Vec<Part>,
    /// The length of the fixed text and a few bytes per hole: what a rendering starts with, so
    /// that most messages need no regrowth.
    capacity: usize,
}

#[derive(Debug)]
struct Deferred {
    source: Box<str>,
    scope: Arc<Scope>,
    /// `None` when the template does not compile, which the built-in pack's tests rule out.
    compiled: OnceLock<Option<Compiled>>,
}

/// The names a template kept as written resolves when it is compiled: its rule's `let` values
/// and the pack's parameters and rule ids, as they were when the rule loaded.
#[derive(Debug)]
pub struct Scope {
    pub lets: Vec<(String, Ty)>,
    pub params: Arc<[(String, Ty)]>,
    pub ids: Arc<BTreeMap<String, usize>>,
}

impl Resolver for Scope {
    fn binding(&self, name: &str) -> Option<(Binding, Ty)> {
        if let Some(i) = self.lets.iter().position(|(n, _)| n == name) {
            return self.lets.get(i).map(|(_, ty)| (Binding::Let(i), *ty));
        }
        let i = self.params.iter().position(|(n, _)| n == name)?;
        self.params.get(i).map(|(_, ty)| (Binding::Param(i), *ty))
    }

    fn field_known(&self, field: &str) -> bool {
        crate::schema::is_known_field(field)
    }

    fn rule_index(&self, id: &str) -> Option<usize> {
        self.ids.get(id).copied()
    }

    fn defer_patterns(&self) -> bool {
        true
    }
}

#[derive(Debug, Clone)]
enum Part {
    Text(String),
    Hole(Expr),
}

impl Template {
    /// Compiles the holes of `src`. Spans in the error are byte offsets in `src`.
    pub fn compile(src: &str, resolver: &dyn Resolver) -> Result<Template, ExprError> {
        Ok(Template { body: Body::Compiled(Compiled::new(src, resolver)?) })
    }

    /// A template of the built-in pack, whose templates the test suite compiles, kept as written
    /// and compiled the first time it is rendered. A check renders the templates of the few rules
    /// that fire; compiling all of them when the rules load was an eighth of a one-report check.
    /// Not for a template that reads `fired(…)`, whose dependencies order the rules when they
    /// load.
    pub fn deferred(src: &str, scope: Arc<Scope>) -> Template {
        Template {
            body: Body::Deferred(Arc::new(Deferred { source: src.into(), scope, compiled: OnceLock::new() })),
        }
    }

    fn compiled(&self) -> Option<&Compiled> {
        match &self.body {
            Body::Compiled(compiled) => Some(compiled),
            Body::Deferred(deferred) => deferred
                .compiled
                .get_or_init(|| Compiled::new(&deferred.source, deferred.scope.as_ref()).ok())
                .as_ref(),
        }
    }

    /// The text with every hole evaluated; a hole that is not computable prints `?`. A deferred
    /// template that does not compile prints as written.
    pub fn render(&self, env: &Env) -> String {
        match (self.compiled(), &self.body) {
            (Some(compiled), _) => compiled.render(env),
            (None, Body::Deferred(deferred)) => deferred.source.to_string(),
            (None, Body::Compiled(_)) => String::new(),
        }
    }

    /// Whether the template compiles (compiling a deferred one now).
    #[cfg(test)]
    pub(crate) fn compiles(&self) -> bool {
        self.compiled().is_some()
    }

    /// The expressions of the holes.
    #[cfg(test)]
    pub(crate) fn holes(&self) -> impl Iterator<Item = &Expr> {
        self.compiled().into_iter().flat_map(|compiled| {
            compiled.parts.iter().filter_map(|p| match p {
                Part::Hole(e) => Some(e),
                Part::Text(_) => None,
            })
        })
    }

    /// Indices of the rules named in `fired(…)` in any hole, sorted, without duplicates (none
    /// for a deferred template, which cannot read `fired(…)`).
    pub fn fired_dependencies(&self) -> Vec<usize> {
        match &self.body {
            Body::Compiled(compiled) => compiled.fired_dependencies(),
            Body::Deferred(_) => Vec::new(),
        }
    }
}

impl Compiled {
    fn new(src: &str, resolver: &dyn Resolver) -> Result<Compiled, ExprError> {
        if src.len() > MAX_SOURCE {
            return Err(ExprError::new(
                format!("模板过长：{} 字节，上限 {MAX_SOURCE} 字节（template too long）", src.len()),
                0..0,
            ));
        }
        let mut parts = Vec::new();
        let mut text = String::new();
        let mut pos = 0;
        while let Some(c) = src.get(pos..).and_then(|rest| rest.chars().next()) {
            let next = src.get(pos + 1..).and_then(|rest| rest.chars().next());
            match (c, next) {
                ('{', Some('{')) => {
                    text.push('{');
                    pos += 2;
                }
                ('}', Some('}')) => {
                    text.push('}');
                    pos += 2;
                }
                ('{', _) => {
                    let end = hole_end(src, pos)?;
                    let body = src.get(pos + 1..end).unwrap_or_default();
                    if body.trim().is_empty() {
                        return Err(ExprError::new("空的占位符 `{}`（empty hole）", pos..end + 1).with_help(
                            "占位符中写表达式，例如 `{round(rate, 2)}`；字面的花括号请写作 `{{` 和 `}}`",
                        ));
                    }
                    let expr = Expr::compile(body, resolver).map_err(|e| e.shifted(pos + 1))?;
                    if !text.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut text)));
                    }
                    parts.push(Part::Hole(expr));
                    pos = end + 1;
                }
                ('}', _) => {
                    return Err(ExprError::new("多余的 `}`（unmatched `}`）", pos..pos + 1)
                        .with_help("字面的花括号请写作 `}}`"));
                }
                _ => {
                    // Copied up to the next brace at once: most of a template is text.
                    let rest = src.get(pos..).unwrap_or_default();
                    let run = rest.find(['{', '}']).unwrap_or(rest.len()).max(c.len_utf8());
                    text.push_str(rest.get(..run).unwrap_or_default());
                    pos += run;
                }
            }
        }
        if !text.is_empty() {
            parts.push(Part::Text(text));
        }
        let capacity = parts.iter().map(|p| if let Part::Text(t) = p { t.len() } else { 16 }).sum();
        Ok(Compiled { parts, capacity })
    }

    fn render(&self, env: &Env) -> String {
        let mut out = String::with_capacity(self.capacity);
        for part in &self.parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Hole(e) => e.eval(env).display_into(&mut out),
            }
        }
        out
    }

    fn fired_dependencies(&self) -> Vec<usize> {
        let mut all: Vec<usize> = self
            .parts
            .iter()
            .flat_map(|p| match p {
                Part::Hole(e) => e.fired_dependencies(),
                Part::Text(_) => Vec::new(),
            })
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    }
}

/// The offset of the `}` closing the hole opened at `open`. Braces inside quoted texts do not
/// count, so `{trim_suffix(x, "}")}` works.
fn hole_end(src: &str, open: usize) -> Result<usize, ExprError> {
    let from = open + 1;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (k, c) in src.get(from..).unwrap_or_default().char_indices() {
        let at = from + k;
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                '"' | '\'' => quote = Some(c),
                '}' => return Ok(at),
                '{' => {
                    return Err(ExprError::new("占位符中不能再有 `{`（nested `{` in a hole）", at..at + 1)
                        .with_help("先用 `}` 结束前一个占位符"));
                }
                _ => {}
            },
        }
    }
    Err(ExprError::new("占位符缺少结尾的 `}`（unclosed `{`）", open..src.len())
        .with_help("字面的花括号请写作 `{{`"))
}
