//! What the rule engine works out from an expression's checked tree before any report is read:
//! the `let` values it reads, whether it reads the subject, and a description that is equal for
//! expressions that compute the same value, so that rules can share that work.

use super::ir::{Code, Step};
use super::value::Value;

impl super::Expr {
    /// Indices of the `let` values the expression reads, sorted, without duplicates. Lets the
    /// rule engine evaluate only the values a rule's condition needs and leave the others (used
    /// only in messages) until the rule fires.
    pub fn lets_used(&self) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack: Vec<&Code> = vec![&self.code];
        while let Some(code) = stack.pop() {
            if let Code::Let(i) = code {
                out.push(*i);
            }
            code.push_children(&mut stack);
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// The `let` values a rule's `when` needs, with everything they read in turn, and those its
/// `assert` needs besides, each in the order of `lets`: the rule engine computes the first before
/// the condition and the second only when the condition holds.
pub fn lets_needed(
    lets: &[(String, super::Expr)],
    when: Option<&super::Expr>,
    assert: &super::Expr,
) -> (Vec<usize>, Vec<usize>) {
    let reads: Vec<Vec<usize>> = lets.iter().map(|(_, expr)| expr.lets_used()).collect();
    let closure = |roots: Vec<usize>| {
        let mut needed = vec![false; lets.len()];
        let mut stack = roots;
        while let Some(i) = stack.pop() {
            if let (Some(slot), Some(read)) = (needed.get_mut(i), reads.get(i))
                && !*slot
            {
                *slot = true;
                stack.extend(read.iter().copied());
            }
        }
        needed
    };
    let for_when = closure(when.map(super::Expr::lets_used).unwrap_or_default());
    let for_assert = closure(assert.lets_used());
    (
        (0..lets.len()).filter(|&i| for_when[i]).collect(),
        (0..lets.len()).filter(|&i| for_assert[i] && !for_when[i]).collect(),
    )
}

/// Writes a canonical description of `code` into `out`: two expressions with the same description
/// compute the same value on the same report, subject, parameters and `let` values. `lets` gives
/// the description identity of each `let` the expression may read. `None` for expressions that
/// read `fired(…)`, whose value depends on the rules evaluated before.
fn describe(code: &Code, lets: &[Option<usize>], out: &mut String) -> Option<()> {
    use std::fmt::Write as _;
    let pair = |name: &str, a: &Code, b: &Code, out: &mut String| {
        out.push_str(name);
        out.push('(');
        describe(a, lets, out)?;
        out.push(',');
        describe(b, lets, out)?;
        out.push(')');
        Some(())
    };
    match code {
        Code::Const(v) => {
            out.push('c');
            describe_value(v, out);
        }
        Code::Amount(d, unit) => {
            let _ = write!(out, "a{d:?}{unit:?}");
        }
        Code::Subject => out.push('@'),
        Code::Root => out.push('$'),
        Code::Let(i) => {
            let id = (*lets.get(*i)?)?;
            let _ = write!(out, "l{id}");
        }
        Code::Param(i) => {
            let _ = write!(out, "p{i}");
        }
        Code::Bound(i) => {
            let _ = write!(out, "b{i}");
        }
        Code::List(items) | Code::Call(_, items) => {
            if let Code::Call(func, _) = code {
                let _ = write!(out, "{func:?}");
            }
            out.push('[');
            for item in items {
                describe(item, lets, out)?;
                out.push(',');
            }
            out.push(']');
        }
        Code::Path(base, steps) => {
            out.push_str("path(");
            describe(base, lets, out)?;
            for step in steps {
                match step {
                    Step::Field(name) => {
                        let _ = write!(out, ".{}:{name}", name.len());
                    }
                    Step::Index(i) => {
                        let _ = write!(out, "[{i}]");
                    }
                    Step::All => out.push_str("[*]"),
                }
            }
            out.push(')');
        }
        Code::Neg(x) | Code::Not(x) => {
            out.push_str(if matches!(code, Code::Neg(_)) { "neg(" } else { "not(" });
            describe(x, lets, out)?;
            out.push(')');
        }
        Code::And(a, b) => pair("and", a, b, out)?,
        Code::Or(a, b) => pair("or", a, b, out)?,
        Code::Arith(op, a, b) => {
            let _ = write!(out, "{op:?}");
            pair("", a, b, out)?;
        }
        Code::Cmp(op, a, b) => {
            let _ = write!(out, "{op:?}");
            pair("", a, b, out)?;
        }
        Code::In { item, list, negated } => pair(if *negated { "notin" } else { "in" }, item, list, out)?,
        Code::Fold(func, binder) => {
            let _ = write!(out, "{func:?}{{{}:", binder.slot);
            describe(&binder.list, lets, out)?;
            for part in [&binder.cond, &binder.map] {
                out.push(';');
                if let Some(part) = part {
                    describe(part, lets, out)?;
                }
            }
            out.push('}');
        }
        Code::Matches(x, regex, find) => {
            out.push_str(if *find { "find(" } else { "matches(" });
            describe(x, lets, out)?;
            // Length-prefixed like texts (see [`describe_value`]), not escaped.
            let _ = write!(out, ",{}:{})", regex.as_str().len(), regex.as_str());
        }
        Code::Fired(_) => return None,
    }
    Some(())
}

/// Writes a literal for [`describe`]: texts length-prefixed rather than escaped (a run starts by
/// describing every `let`, and escaping Chinese text character by character is slow), numbers
/// with their scale (`90` and `90.0` differ: `precision()` tells them apart).
fn describe_value(v: &Value, out: &mut String) {
    use std::fmt::Write as _;
    match v {
        Value::Missing => out.push('?'),
        Value::Bool(b) => out.push(if *b { 'T' } else { 'F' }),
        Value::Num(d) => {
            let _ = write!(out, "n{d}");
        }
        Value::Text(t) => {
            let _ = write!(out, "s{}:{t}", t.len());
        }
        Value::List(items) => {
            out.push('[');
            for item in items.iter() {
                describe_value(item, out);
                out.push(',');
            }
            out.push(']');
        }
        Value::Json(json) => {
            let _ = write!(out, "j{json}");
        }
    }
}

/// Whether `code` reads the subject (`@`), directly or through the `let` values marked in `lets`.
fn reads_subject(code: &Code, lets: &[bool]) -> bool {
    let mut stack: Vec<&Code> = vec![code];
    while let Some(code) = stack.pop() {
        match code {
            Code::Subject => return true,
            Code::Let(i) if lets.get(*i).copied().unwrap_or(true) => return true,
            _ => code.push_children(&mut stack),
        }
    }
    false
}

impl super::Expr {
    /// A description that is equal for two expressions exactly when they compute the same value
    /// from the same report, subject, parameters and `let` values; `lets[i]` is the identity of
    /// the rule's i-th `let` (`None` when it has none). `None` when the expression reads
    /// `fired(…)`. Lets rules share the work of `let` values written alike.
    pub fn share_key(&self, lets: &[Option<usize>]) -> Option<String> {
        let mut out = String::new();
        describe(&self.code, lets, &mut out)?;
        Some(out)
    }

    /// Whether the value depends on the subject (`@`), directly or through the `let` values
    /// marked in `lets`; a value that does not is the same for every subject of a report.
    pub fn reads_subject(&self, lets: &[bool]) -> bool {
        reads_subject(&self.code, lets)
    }

    /// Number of nodes of the expression.
    pub fn node_count(&self) -> usize {
        self.size
    }

    /// Whether every `matches`/`find` pattern of the expression compiles (compiling those whose
    /// compilation was deferred).
    #[cfg(test)]
    pub(crate) fn patterns_compile(&self) -> bool {
        let mut stack: Vec<&Code> = vec![&self.code];
        while let Some(code) = stack.pop() {
            if let Code::Matches(_, pattern, _) = code
                && [super::Searches::Few, super::Searches::Many]
                    .into_iter()
                    .any(|s| pattern.regex(s).is_none())
            {
                return false;
            }
            code.push_children(&mut stack);
        }
        true
    }
}
