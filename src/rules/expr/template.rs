//! Message templates: text with `{expression}` holes; `{{` and `}}` write literal braces.

use super::parser::MAX_SOURCE;
use super::{Env, Expr, ExprError, Resolver};

/// A compiled template.
#[derive(Debug, Clone)]
pub struct Template {
    parts: Vec<Part>,
    /// The length of the fixed text and a few bytes per hole: what a rendering starts with, so
    /// that most messages need no regrowth.
    capacity: usize,
}

#[derive(Debug, Clone)]
enum Part {
    Text(String),
    Hole(Expr),
}

impl Template {
    /// Compiles the holes of `src`. Spans in the error are byte offsets in `src`.
    pub fn compile(src: &str, resolver: &dyn Resolver) -> Result<Template, ExprError> {
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
        Ok(Template { parts, capacity })
    }

    /// The text with every hole evaluated; a hole that is not computable prints `?`.
    pub fn render(&self, env: &Env) -> String {
        let mut out = String::with_capacity(self.capacity);
        for part in &self.parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Hole(e) => e.eval(env).display_into(&mut out),
            }
        }
        out
    }

    /// The expressions of the holes.
    #[cfg(test)]
    pub(crate) fn holes(&self) -> impl Iterator<Item = &Expr> {
        self.parts.iter().filter_map(|p| match p {
            Part::Hole(e) => Some(e),
            Part::Text(_) => None,
        })
    }

    /// Indices of the rules named in `fired(…)` in any hole, sorted, without duplicates.
    pub fn fired_dependencies(&self) -> Vec<usize> {
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
