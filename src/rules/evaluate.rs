//! The rule evaluator: a [`RuleSet`] run against one report.
//!
//! What every report's evaluation would otherwise work out again is planned once, on the first
//! report ([`Plans`]): which `let` values a rule's condition needs, which `let`s several rules
//! compute alike, and how each `select` walks the report. Rules with the same `select` run
//! together, subject by subject.

use super::expr::{self, AmountUnit, Env, Expr, PathStep, Searches, Template, Value};
use super::{Rule, RuleSet, amount_unit, compile};
use crate::diagnostic::{Diagnostic, escape_pointer_token};
use serde_json::Value as Json;

impl RuleSet {
    /// Runs every enabled rule on one report. Diagnostics carry pointers; spans are located
    /// later, and only if there is something to report.
    pub fn run<'a>(&'a self, root: &'a Json) -> Vec<Diagnostic> {
        self.run_as(root, Texts::Written)
    }

    /// Runs every enabled rule on one report for a run that only counts findings (by rule,
    /// severity and department): the findings are those of [`RuleSet::run`], with the same
    /// rule, severity and pointer, but their message, help, label, basis, actual and expected
    /// texts are left empty, since nothing will read them.
    pub fn run_counted<'a>(&'a self, root: &'a Json) -> Vec<Diagnostic> {
        self.run_as(root, Texts::Omitted)
    }

    fn run_as<'a>(&'a self, root: &'a Json, texts: Texts) -> Vec<Diagnostic> {
        let plans = self.plans.get_or_init(|| Plans::new(self));
        let unit = amount_unit(root);
        let params: &'a [Value<'a>] = &plans.params[match unit {
            AmountUnit::Yuan => 0,
            AmountUnit::WanYuan => 1,
            AmountUnit::YiYuan => 2,
        }];
        let mut fired = vec![false; self.rules.len()];
        let mut out = Vec::new();
        let mut table = LetTable::default();
        for group in &plans.groups {
            let fired_now = |i: usize| fired.get(i).copied().unwrap_or(false);
            let cx = Cx { root, unit, params, fired: &fired_now, texts, searches: self.searches };
            table.start(group.slots.len());
            let found = run_group(self, plans, group, &cx, &mut table, &mut out);
            for index in found {
                if let Some(flag) = fired.get_mut(index) {
                    *flag = true;
                }
            }
        }
        out
    }
}

/// Runs the rules of one group (see [`Plans::groups`]) subject by subject: the group's
/// `select` is walked once, and on each subject every rule of the group is checked in turn,
/// with the `let` values they compute alike computed once (see [`LetTable`]). Returns the
/// indices of the rules that found something.
fn run_group<'a>(
    set: &'a RuleSet,
    plans: &Plans,
    group: &Group,
    cx: &Cx<'a, '_>,
    table: &mut LetTable<'a>,
    out: &mut Vec<Diagnostic>,
) -> Vec<usize> {
    let members: Vec<(usize, &Rule, &RulePlan)> = group
        .rules
        .iter()
        .filter_map(|&i| Some((i, set.rules.get(i)?, plans.rules.get(i)?)))
        .filter(|(_, rule, _)| rule.enabled)
        .collect();
    let Some(&(_, first, first_plan)) = members.first() else { return Vec::new() };
    let mut found = vec![false; members.len()];
    let mut check = |subject: &'a Json, pointer: &dyn Fn() -> String| {
        table.next_subject();
        for ((index, rule, plan), found) in members.iter().zip(found.iter_mut()) {
            let before = out.len();
            let mut state = SubjectState { rule: *index, table, slots: &group.slots, out };
            rule.check_subject(plan, cx, subject, pointer, &mut state);
            *found |= out.len() > before;
        }
    };
    for (path, walk) in first.select.iter().zip(&first_plan.selects) {
        match walk {
            Walk::Steps(steps) if decidable(cx.root, cx.root, steps) => {
                walk_steps(cx.root, steps, &mut |subject, tokens| {
                    check(subject, &|| pointer_of(tokens));
                });
            }
            // A filter comparing two numbers is left to the JSONPath engine, whose number
            // equality the direct walk does not copy.
            Walk::Steps(_) | Walk::JsonPath => {
                let Some(path) = path.jsonpath() else { continue };
                for located in path.query_located(cx.root) {
                    check(located.node(), &|| located.location().to_json_pointer());
                }
            }
        }
    }
    members.iter().zip(found).filter(|(_, found)| *found).map(|((index, _, _), _)| *index).collect()
}

/// What every report's evaluation would otherwise redo, worked out once per run: which `let`
/// values each rule's condition needs, how its `select` paths walk the report, which `let`s
/// the rules checked together compute alike, and the parameter values in each amount unit.
#[derive(Debug)]
pub(crate) struct Plans {
    /// One per rule, in the order of `RuleSet::rules`.
    rules: Vec<RulePlan>,
    /// The rules in the order they run, grouped: the rules of a group have the same `select`
    /// and are checked together, subject by subject. A rule that reads `fired(…)` runs alone,
    /// after every group of rules that do not (its dependencies, in the rule set's order, run
    /// before it).
    groups: Vec<Group>,
    /// Parameter values as the expressions see them, for 元, 万元 and 亿元 reports.
    params: [Vec<Value<'static>>; 3],
}

impl Plans {
    fn new(set: &RuleSet) -> Plans {
        let mut rules: Vec<RulePlan> = set.rules.iter().map(RulePlan::new).collect();
        let groups = groups(set).into_iter().map(|members| Group::new(set, members, &mut rules)).collect();
        let params = [AmountUnit::Yuan, AmountUnit::WanYuan, AmountUnit::YiYuan]
            .map(|unit| set.params.iter().map(|p| p.value.materialize(unit)).collect());
        Plans { rules, groups, params }
    }
}

/// Rules checked together, and the slots of their `let` values.
#[derive(Debug)]
struct Group {
    rules: Vec<usize>,
    /// One per slot of the group's [`LetTable`]: whether its value depends on the subject (a
    /// value that does not is computed once per report).
    slots: Vec<Slot>,
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    reads_subject: bool,
}

impl Group {
    /// Gives each `let` of the rules a slot: `let`s that compute the same value (the same
    /// expression over the same fields, parameters and `let`s) share one, so that it is computed
    /// once per subject however many rules need it. Sets each rule's [`RulePlan::slots`].
    fn new(set: &RuleSet, rules: Vec<usize>, plans: &mut [RulePlan]) -> Group {
        let mut by_key: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        let mut slots: Vec<Slot> = Vec::new();
        for &index in &rules {
            let (Some(rule), Some(plan)) = (set.rules.get(index), plans.get_mut(index)) else { continue };
            let mut identities: Vec<Option<usize>> = Vec::with_capacity(rule.lets.len());
            let mut subject: Vec<bool> = Vec::with_capacity(rule.lets.len());
            for (_, expr) in &rule.lets {
                let reads_subject = expr.reads_subject(&subject);
                let mut new_slot = || {
                    slots.push(Slot { reads_subject });
                    slots.len() - 1
                };
                // A `let` that reads `fired(…)` has no key: its value is the rule's own.
                let slot = match expr.share_key(&identities) {
                    Some(key) => *by_key.entry(key).or_insert_with(new_slot),
                    None => new_slot(),
                };
                identities.push(Some(slot));
                subject.push(reads_subject);
                plan.slots.push(slot);
            }
        }
        Group { rules, slots }
    }
}

/// The working state of one rule on one subject.
struct SubjectState<'a, 's> {
    /// The rule's index.
    rule: usize,
    table: &'s mut LetTable<'a>,
    slots: &'s [Slot],
    out: &'s mut Vec<Diagnostic>,
}

/// What every rule evaluated on one report shares.
struct Cx<'a, 'r> {
    root: &'a Json,
    unit: AmountUnit,
    params: &'a [Value<'a>],
    fired: &'r dyn Fn(usize) -> bool,
    texts: Texts,
    searches: Searches,
}

/// Whether findings get their texts (message, help, label, basis, actual, expected).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Texts {
    Written,
    /// For runs that only count findings.
    Omitted,
}

impl<'a, 'r> Cx<'a, 'r> {
    /// What a rule's expressions see on `subject`, with the rule's `let` values.
    fn env<'e>(&'e self, subject: &'a Json, lets: &'e [Value<'a>], let_slots: &'e [usize]) -> Env<'a, 'e>
    where
        'r: 'e,
    {
        Env {
            root: self.root,
            subject,
            lets,
            let_slots,
            params: self.params,
            unit: self.unit,
            fired: self.fired,
            searches: self.searches,
        }
    }
}

/// The groups of [`Plans::groups`].
fn groups(set: &RuleSet) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut by_select: std::collections::HashMap<Vec<&str>, usize> = std::collections::HashMap::new();
    let mut late: Vec<Vec<usize>> = Vec::new();
    for &index in &set.order {
        let Some(rule) = set.rules.get(index) else { continue };
        if !compile::dependencies(rule).is_empty() {
            late.push(vec![index]);
            continue;
        }
        let select: Vec<&str> = rule.select.iter().map(|path| path.source.trim()).collect();
        match by_select.get(&select) {
            Some(&g) => groups[g].push(index),
            None => {
                by_select.insert(select, groups.len());
                groups.push(vec![index]);
            }
        }
    }
    groups.extend(late);
    groups
}

/// The `let` values of one group's rules on one report, a slot each (see [`Group::new`]).
/// A slot holds the value computed for the subject being checked, or, for values that do not
/// depend on the subject, for the whole report; moving on to the next subject costs nothing.
#[derive(Default)]
struct LetTable<'a> {
    values: Vec<Value<'a>>,
    /// When each slot was filled: the number of the subject, or [`FOR_REPORT`]; 0 for never.
    filled: Vec<u64>,
    /// The rule whose value a slot holds when the value may not be shared: its evaluation
    /// went beyond the fixed work allowance, so its result depends on that rule's other values
    /// (see `Expr::eval_shareable`). [`SHARED`] otherwise.
    owners: Vec<usize>,
    /// The number of the subject being checked.
    subject: u64,
}

const FOR_REPORT: u64 = u64::MAX;
const SHARED: usize = usize::MAX;

impl<'a> LetTable<'a> {
    /// Empties the table for a group of `slots` slots.
    fn start(&mut self, slots: usize) {
        self.filled.clear();
        self.filled.resize(slots, 0);
        self.owners.clear();
        self.owners.resize(slots, SHARED);
        if self.values.len() < slots {
            self.values.resize(slots, Value::Missing);
        }
    }

    fn next_subject(&mut self) {
        self.subject += 1;
    }

    /// Whether `slot` holds a value that `rule` may read.
    fn holds(&self, slot: usize, kind: Slot, rule: usize) -> bool {
        let stamp = if kind.reads_subject { self.subject } else { FOR_REPORT };
        self.filled.get(slot) == Some(&stamp)
            && self.owners.get(slot).is_some_and(|&o| o == SHARED || o == rule)
    }

    fn fill(&mut self, slot: usize, kind: Slot, value: Value<'a>, owner: usize) {
        if let (Some(v), Some(f), Some(o)) =
            (self.values.get_mut(slot), self.filled.get_mut(slot), self.owners.get_mut(slot))
        {
            *v = value;
            *f = if kind.reads_subject { self.subject } else { FOR_REPORT };
            *o = owner;
        }
    }
}

/// What one rule needs, worked out from its compiled expressions.
#[derive(Debug)]
struct RulePlan {
    /// How each `select` path is walked, in the order of `rule.select`.
    selects: Vec<Walk>,
    /// `let` values `when` needs (with the values they read), in evaluation order.
    for_when: Vec<usize>,
    /// Further `let` values `assert` needs, in evaluation order.
    for_assert: Vec<usize>,
    /// For each `let`: its slot in the group's [`LetTable`] (see [`Group::new`]).
    slots: Vec<usize>,
}

/// A `select` path of the forms rules use (`$`, `$.a.b`, `$.a[*].b`, and filters of equality
/// tests such as `$.projects[?$.kind != 'project' || @.name != $.project.name]`): walked
/// directly, with pointers built only for findings. Anything else goes through the JSONPath
/// engine.
#[derive(Debug)]
enum Walk {
    Steps(Vec<Sel>),
    JsonPath,
}

#[derive(Debug)]
enum Sel {
    /// `.name`: the member of an object.
    Member(String),
    /// `[*]` or `.*`: every element of an array, every member value of an object.
    All,
    /// `['a','b']`: the members of an object with these names, in this order, where present.
    Members(Vec<String>),
    /// `[?…]`: the elements of an array (member values of an object) for which the filter holds.
    Filter(Filter),
}

/// A filter of RFC 9535 made of what the rules use: tests of existence and equality (`==`,
/// `!=`) of singular queries (`@.a.b`, `$.a`) and literals (texts without escapes, `true`,
/// `false`, `null`), joined by `&&`, `||`, `!` and parentheses. Filters with other parts
/// (numbers, order comparisons, functions) go to the JSONPath engine.
#[derive(Debug, Clone, PartialEq)]
enum Filter {
    Or(Vec<Filter>),
    And(Vec<Filter>),
    Not(Box<Filter>),
    Exists(Query),
    Equal(Operand, Operand),
    NotEqual(Operand, Operand),
}

/// A singular query: from the root (`$`) or the current node (`@`), through member names.
#[derive(Debug, Clone, PartialEq)]
struct Query {
    from_root: bool,
    names: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
enum Operand {
    Query(Query),
    Literal(Json),
}

impl Query {
    fn resolve<'a>(&self, root: &'a Json, current: &'a Json) -> Option<&'a Json> {
        let mut node = if self.from_root { root } else { current };
        for name in &self.names {
            let Json::Object(map) = node else { return None };
            node = expr::member(map, name)?.1;
        }
        Some(node)
    }
}

impl Operand {
    fn resolve<'a>(&'a self, root: &'a Json, current: &'a Json) -> Option<&'a Json> {
        match self {
            Operand::Query(query) => query.resolve(root, current),
            Operand::Literal(value) => Some(value),
        }
    }
}

impl Filter {
    /// Whether the filter holds for `current`, as RFC 9535 says (a query that selects nothing
    /// equals only another that selects nothing); `None` when two numbers are compared.
    fn test(&self, root: &Json, current: &Json) -> Option<bool> {
        match self {
            Filter::Or(parts) => {
                let mut any = false;
                for part in parts {
                    any |= part.test(root, current)?;
                }
                Some(any)
            }
            Filter::And(parts) => {
                let mut all = true;
                for part in parts {
                    all &= part.test(root, current)?;
                }
                Some(all)
            }
            Filter::Not(inner) => inner.test(root, current).map(|b| !b),
            Filter::Exists(query) => Some(query.resolve(root, current).is_some()),
            Filter::Equal(left, right) => equal(left.resolve(root, current), right.resolve(root, current)),
            Filter::NotEqual(left, right) => {
                equal(left.resolve(root, current), right.resolve(root, current)).map(|b| !b)
            }
        }
    }

    fn parse(source: &str) -> Option<(Filter, &str)> {
        let (filter, rest) = parse_or(source)?;
        Some((filter, rest))
    }
}

/// RFC 9535 equality of two query results; `None` for two numbers.
fn equal(left: Option<&Json>, right: Option<&Json>) -> Option<bool> {
    match (left, right) {
        (None, None) => Some(true),
        (Some(Json::Number(_)), Some(Json::Number(_))) => None,
        (Some(left), Some(right)) => Some(left == right),
        _ => Some(false),
    }
}

fn parse_or(source: &str) -> Option<(Filter, &str)> {
    let (first, mut rest) = parse_and(source)?;
    let mut parts = vec![first];
    while let Some(after) = rest.trim_start().strip_prefix("||") {
        let (next, after) = parse_and(after)?;
        parts.push(next);
        rest = after;
    }
    Some((if parts.len() == 1 { parts.remove(0) } else { Filter::Or(parts) }, rest))
}

fn parse_and(source: &str) -> Option<(Filter, &str)> {
    let (first, mut rest) = parse_basic(source)?;
    let mut parts = vec![first];
    while let Some(after) = rest.trim_start().strip_prefix("&&") {
        let (next, after) = parse_basic(after)?;
        parts.push(next);
        rest = after;
    }
    Some((if parts.len() == 1 { parts.remove(0) } else { Filter::And(parts) }, rest))
}

fn parse_basic(source: &str) -> Option<(Filter, &str)> {
    let source = source.trim_start();
    if let Some(after) = source.strip_prefix('!') {
        let after = after.trim_start();
        if let Some(inner) = after.strip_prefix('(') {
            let (filter, rest) = parse_or(inner)?;
            let rest = rest.trim_start().strip_prefix(')')?;
            return Some((Filter::Not(Box::new(filter)), rest));
        }
        let (query, rest) = parse_query(after)?;
        return Some((Filter::Not(Box::new(Filter::Exists(query))), rest));
    }
    if let Some(inner) = source.strip_prefix('(') {
        let (filter, rest) = parse_or(inner)?;
        let rest = rest.trim_start().strip_prefix(')')?;
        return Some((filter, rest));
    }
    let (left, rest) = parse_operand(source)?;
    let after = rest.trim_start();
    let (equal, after) = if let Some(after) = after.strip_prefix("==") {
        (true, after)
    } else if let Some(after) = after.strip_prefix("!=") {
        (false, after)
    } else {
        // A query alone tests existence; a literal alone, or another operator, is not taken.
        return match left {
            Operand::Query(query) if !starts_comparison(after) => Some((Filter::Exists(query), rest)),
            _ => None,
        };
    };
    let (right, rest) = parse_operand(after)?;
    Some((if equal { Filter::Equal(left, right) } else { Filter::NotEqual(left, right) }, rest))
}

/// Whether `rest` starts with a comparison operator other than `==` and `!=`.
fn starts_comparison(rest: &str) -> bool {
    rest.starts_with(['<', '>', '='])
}

fn parse_operand(source: &str) -> Option<(Operand, &str)> {
    let source = source.trim_start();
    if let Some(quote) = source.chars().next().filter(|c| matches!(c, '\'' | '"')) {
        let body = &source[1..];
        let end = body.find([quote, '\\'])?;
        if !body[end..].starts_with(quote) {
            return None;
        }
        return Some((Operand::Literal(Json::String(body[..end].to_string())), &body[end + 1..]));
    }
    for (word, value) in [("true", Json::Bool(true)), ("false", Json::Bool(false)), ("null", Json::Null)] {
        if let Some(rest) = source.strip_prefix(word)
            && !rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
        {
            return Some((Operand::Literal(value), rest));
        }
    }
    let (query, rest) = parse_query(source)?;
    Some((Operand::Query(query), rest))
}

/// `$` or `@` and member names (`.name` or `['name']`).
fn parse_query(source: &str) -> Option<(Query, &str)> {
    let from_root = source.starts_with('$');
    let mut rest = source.strip_prefix('$').or_else(|| source.strip_prefix('@'))?;
    let mut names = Vec::new();
    loop {
        if let Some(after) = rest.strip_prefix('.') {
            let end = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(after.len());
            let name = &after[..end];
            if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
                return None;
            }
            names.push(name.to_string());
            rest = &after[end..];
        } else if let Some((mut quoted, after)) = rest.strip_prefix('[').and_then(quoted_names) {
            // `['a','b']` selects more than one node: not a singular query.
            if quoted.len() != 1 {
                return None;
            }
            names.append(&mut quoted);
            rest = after;
        } else if rest.starts_with('[') {
            return None;
        } else {
            return Some((Query { from_root, names }, rest));
        }
    }
}

/// Whether the direct walk reads `source`, so that the JSONPath engine need not compile it
/// when the rule loads (see [`super::SelectPath`]).
pub(super) fn walks_directly(source: &str) -> bool {
    matches!(Walk::parse(source), Walk::Steps(_))
}

impl Walk {
    fn parse(source: &str) -> Walk {
        let Some(mut rest) = source.trim().strip_prefix('$') else { return Walk::JsonPath };
        let mut steps = Vec::new();
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix("[*]").or_else(|| rest.strip_prefix(".*")) {
                steps.push(Sel::All);
                rest = after;
            } else if let Some(after) = rest.strip_prefix('.') {
                let end =
                    after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(after.len());
                let name = &after[..end];
                // A shorthand name starts with a letter or `_` (RFC 9535 member-name-shorthand).
                if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
                    return Walk::JsonPath;
                }
                steps.push(Sel::Member(name.to_string()));
                rest = &after[end..];
            } else if let Some((names, after)) = rest.strip_prefix('[').and_then(quoted_names) {
                steps.push(Sel::Members(names));
                rest = after;
            } else if let Some((filter, after)) = rest
                .strip_prefix("[?")
                .and_then(Filter::parse)
                .and_then(|(filter, after)| Some((filter, after.trim_start().strip_prefix(']')?)))
            {
                steps.push(Sel::Filter(filter));
                rest = after;
            } else {
                return Walk::JsonPath;
            }
        }
        Walk::Steps(steps)
    }
}

/// The names of a bracketed selector of quoted names, `'a','b']` (after the `[`), and the text
/// after it; `None` for anything else (escapes, numbers, filters), which the JSONPath engine
/// handles.
fn quoted_names(mut rest: &str) -> Option<(Vec<String>, &str)> {
    let mut names = Vec::new();
    loop {
        rest = rest.trim_start();
        let quote = rest.chars().next().filter(|c| matches!(c, '\'' | '"'))?;
        let body = &rest[1..];
        let end = body.find([quote, '\\'])?;
        if !body[end..].starts_with(quote) {
            return None;
        }
        names.push(body[..end].to_string());
        rest = body[end + 1..].trim_start();
        if let Some(after) = rest.strip_prefix(']') {
            return Some((names, after));
        }
        rest = rest.strip_prefix(',')?;
    }
}

/// The way from the root to a selected node, as pointer tokens.
#[derive(Clone, Copy)]
enum Token<'a> {
    Key(&'a str),
    Index(usize),
}

/// The RFC 6901 pointer of a path of tokens.
fn pointer_of(tokens: &[Token<'_>]) -> String {
    let mut pointer = String::new();
    for token in tokens {
        pointer.push('/');
        match token {
            Token::Key(key) => pointer.push_str(&escape_pointer_token(key)),
            Token::Index(i) => pointer.push_str(&i.to_string()),
        }
    }
    pointer
}

/// Calls `visit` with every node `steps` select below `node`, in document order, and the tokens
/// leading to it (after those in `tokens`).
fn walk<'a>(
    root: &'a Json,
    node: &'a Json,
    steps: &[Sel],
    tokens: &mut Vec<Token<'a>>,
    visit: &mut dyn FnMut(&'a Json, &[Token<'a>]),
) {
    let Some((step, rest)) = steps.split_first() else {
        visit(node, tokens);
        return;
    };
    match (step, node) {
        (Sel::Member(name), Json::Object(map)) => {
            if let Some((key, child)) = expr::member(map, name) {
                tokens.push(Token::Key(key));
                walk(root, child, rest, tokens, visit);
                tokens.pop();
            }
        }
        (Sel::Members(names), Json::Object(map)) => {
            for name in names {
                if let Some((key, child)) = expr::member(map, name) {
                    tokens.push(Token::Key(key));
                    walk(root, child, rest, tokens, visit);
                    tokens.pop();
                }
            }
        }
        (Sel::All, Json::Array(items)) => {
            for (i, child) in items.iter().enumerate() {
                tokens.push(Token::Index(i));
                walk(root, child, rest, tokens, visit);
                tokens.pop();
            }
        }
        (Sel::All, Json::Object(map)) => {
            for (key, child) in map {
                tokens.push(Token::Key(key));
                walk(root, child, rest, tokens, visit);
                tokens.pop();
            }
        }
        (Sel::Filter(filter), Json::Array(items)) => {
            for (i, child) in items.iter().enumerate() {
                if filter.test(root, child) == Some(true) {
                    tokens.push(Token::Index(i));
                    walk(root, child, rest, tokens, visit);
                    tokens.pop();
                }
            }
        }
        (Sel::Filter(filter), Json::Object(map)) => {
            for (key, child) in map {
                if filter.test(root, child) == Some(true) {
                    tokens.push(Token::Key(key));
                    walk(root, child, rest, tokens, visit);
                    tokens.pop();
                }
            }
        }
        _ => {}
    }
}

fn walk_steps<'a>(root: &'a Json, steps: &[Sel], visit: &mut dyn FnMut(&'a Json, &[Token<'a>])) {
    let mut tokens = Vec::with_capacity(steps.len());
    walk(root, root, steps, &mut tokens, visit);
}

/// Whether the direct walk can decide every filter on the way (see [`Filter::test`]); `true`
/// at once for paths without filters.
fn decidable(root: &Json, node: &Json, steps: &[Sel]) -> bool {
    let Some((step, rest)) = steps.split_first() else { return true };
    if !steps.iter().any(|s| matches!(s, Sel::Filter(_))) {
        return true;
    }
    // The elements of an array, the member values of an object.
    let children = || {
        node.as_array().into_iter().flatten().chain(node.as_object().into_iter().flat_map(|map| map.values()))
    };
    let member = |name: &str| match node {
        Json::Object(map) => expr::member(map, name).is_none_or(|(_, child)| decidable(root, child, rest)),
        _ => true,
    };
    match step {
        Sel::Member(name) => member(name),
        Sel::Members(names) => names.iter().all(|name| member(name)),
        Sel::All => children().all(|child| decidable(root, child, rest)),
        Sel::Filter(filter) => children().all(|child| match filter.test(root, child) {
            Some(true) => decidable(root, child, rest),
            Some(false) => true,
            None => false,
        }),
    }
}

impl RulePlan {
    fn new(rule: &Rule) -> RulePlan {
        let (for_when, for_assert) = expr::lets_needed(&rule.lets, rule.when.as_ref(), &rule.assert);
        RulePlan {
            selects: rule.select.iter().map(|path| Walk::parse(&path.source)).collect(),
            for_when,
            for_assert,
            slots: Vec::new(),
        }
    }
}

impl Rule {
    /// Evaluates the rule on one selected node and records a finding if its assertion fails.
    ///
    /// `let` values are computed in their order, each seeing only the earlier ones, as written;
    /// those the condition does not need are computed only when the rule fires, for the message.
    fn check_subject<'a>(
        &'a self,
        plan: &RulePlan,
        cx: &Cx<'a, '_>,
        subject: &'a Json,
        pointer: &dyn Fn() -> String,
        state: &mut SubjectState<'a, '_>,
    ) {
        if let Some(native) = &self.native
            && native.passes(cx.root, subject, cx.params, cx.unit, cx.searches)
        {
            return;
        }
        let let_slots = plan.slots.as_slice();
        let compute = |indices: &mut dyn Iterator<Item = usize>, state: &mut SubjectState<'a, '_>| {
            for i in indices {
                let (Some(&slot), Some((_, expr))) = (let_slots.get(i), self.lets.get(i)) else { continue };
                let Some(&kind) = state.slots.get(slot) else { continue };
                if state.table.holds(slot, kind, state.rule) {
                    continue;
                }
                let (value, shareable) =
                    expr.eval_shareable(&cx.env(subject, &state.table.values, let_slots));
                state.table.fill(slot, kind, value, if shareable { SHARED } else { state.rule });
            }
        };
        compute(&mut plan.for_when.iter().copied(), state);
        if let Some(when) = &self.when
            && when.eval_bool(&cx.env(subject, &state.table.values, let_slots)) != Some(true)
        {
            return;
        }
        compute(&mut plan.for_assert.iter().copied(), state);
        if self.assert.eval_bool(&cx.env(subject, &state.table.values, let_slots)) != Some(false) {
            return;
        }
        compute(&mut (0..self.lets.len()), state);
        let env = cx.env(subject, &state.table.values, let_slots);
        let severity = self
            .escalate
            .iter()
            .find(|(cond, _)| cond.eval_bool(&env) == Some(true))
            .map_or(self.severity, |(_, s)| *s);
        let pointer = self.at_pointer(&env, subject, pointer());
        if cx.texts == Texts::Omitted {
            state.out.push(Diagnostic::new(self.id.clone(), severity, String::new()).with_pointer(pointer));
            return;
        }
        let mut diagnostic = Diagnostic::new(self.id.clone(), severity, self.message.render(&env))
            .with_pointer(pointer)
            .with_label(self.title.clone())
            .with_help(self.help.render(&env))
            .with_basis(self.basis.clone());
        diagnostic.actual = self.actual.as_ref().map(|t| t.render(&env));
        diagnostic.expected = self.expected.as_ref().map(|t| t.render(&env));
        state.out.push(diagnostic);
    }

    /// The rule's expressions: `let` values, `when`, `assert`, escalation and `at` conditions.
    pub(crate) fn expressions(&self) -> impl Iterator<Item = &Expr> {
        self.lets
            .iter()
            .map(|(_, e)| e)
            .chain(self.when.iter())
            .chain(std::iter::once(&self.assert))
            .chain(self.escalate.iter().map(|(e, _)| e))
            .chain(self.at.iter().filter_map(|(e, _)| e.as_ref()))
    }

    /// The rule's message templates: `message`, `help`, `actual`, `expected`.
    pub(crate) fn templates(&self) -> impl Iterator<Item = &Template> {
        [Some(&self.message), Some(&self.help), self.actual.as_ref(), self.expected.as_ref()]
            .into_iter()
            .flatten()
    }

    /// The pointer of the first `at` path whose condition holds and that exists in the subject,
    /// else the subject's.
    fn at_pointer(&self, env: &Env<'_, '_>, subject: &Json, subject_pointer: String) -> String {
        for (condition, steps) in &self.at {
            if condition.as_ref().is_some_and(|c| c.eval_bool(env) != Some(true)) {
                continue;
            }
            let mut node = subject;
            let mut pointer = subject_pointer.clone();
            let mut found = true;
            for step in steps {
                let next = match step {
                    PathStep::Key(key) => {
                        node.get(key.as_str()).map(|n| (n, escape_pointer_token(key).into_owned()))
                    }
                    PathStep::Index(i) => node.get(*i).map(|n| (n, i.to_string())),
                };
                match next {
                    Some((n, token)) => {
                        node = n;
                        pointer.push('/');
                        pointer.push_str(&token);
                    }
                    None => {
                        found = false;
                        break;
                    }
                }
            }
            if found {
                return pointer;
            }
        }
        subject_pointer
    }
}

#[cfg(test)]
mod walk_tests {
    use super::*;
    use proptest::prelude::*;

    /// Pieces of `select` paths: the direct walk's syntax and some it leaves to the engine.
    const PIECES: [&str; 32] = [
        ".a",
        ".b_1",
        ".1x",
        "[*]",
        ".*",
        "['a','b']",
        "['a']",
        "[0]",
        "[?",
        "]",
        "@.a",
        "@.b.c",
        "$.c",
        "@",
        " == ",
        " != ",
        " < ",
        "'x'",
        "true",
        "null",
        " && ",
        " || ",
        "!",
        "(",
        "[?@.a == 'x']",
        "[?@.a != 'x' && @.b]",
        "[?(@.a == 'x' || $.c == true)]",
        "[?!@.a]",
        "[?@.a == 1]",
        "[?@.a == \"x\"]",
        "[?@.a == 'x\\'y']",
        "[?@['a'] == null]",
    ];

    proptest! {
        /// A path the direct walk reads is one the JSONPath engine parses: rules load without
        /// compiling such paths with the engine, which may be asked for them later.
        #[test]
        fn what_the_direct_walk_reads_the_engine_parses(pieces in proptest::collection::vec(0..PIECES.len(), 0..8)) {
            let path: String = std::iter::once("$").chain(pieces.iter().map(|&i| PIECES[i])).collect();
            if walks_directly(&path) {
                prop_assert!(serde_json_path::JsonPath::parse(&path).is_ok(), "{}", path);
            }
        }
    }

    #[test]
    fn the_built_in_rules_selects_are_walked_directly_and_parse() {
        let rules = crate::rules::load(&crate::rules::LoadOptions::default()).expect("built-in rules");
        let paths: Vec<&str> =
            rules.rules.iter().flat_map(|rule| &rule.select).map(|p| p.source.as_str()).collect();
        let direct = paths.iter().filter(|path| walks_directly(path)).count();
        assert!(direct * 10 >= paths.len() * 9, "{direct} of {} walked directly", paths.len());
        for rule in &rules.rules {
            for path in &rule.select {
                assert!(path.jsonpath().is_some(), "{}: {}", rule.id, path.source);
            }
        }
    }

    /// The nodes and pointers a `select` path gives through the direct walk and through the
    /// JSONPath engine must be the same, in the same order.
    fn assert_same_selection(path: &str, document: &Json) {
        let Walk::Steps(steps) = Walk::parse(path) else { panic!("{path} should take the direct walk") };
        let mut walked = Vec::new();
        walk_steps(document, &steps, &mut |node, tokens| walked.push((pointer_of(tokens), node.clone())));
        let compiled = serde_json_path::JsonPath::parse(path).expect("valid JSONPath");
        let queried: Vec<(String, Json)> = compiled
            .query_located(document)
            .into_iter()
            .map(|located| (located.location().to_json_pointer(), located.node().clone()))
            .collect();
        assert_eq!(walked, queried, "{path}");
    }

    #[test]
    fn direct_walk_selects_what_jsonpath_selects() {
        let document: Json = serde_json::from_str(
            r#"{"budget": {"initial": 1, "adjusted": -2, "by_source": [{"initial": 3, "executed": 4}, {"adjusted": 5}]},
                "projects": [{"budget": {"initial": 6, "executed": 7}}, {"name": "x"}, {"budget": {"adjusted": 8}}],
                "indicators": [{"a/b": 1, "~": 2}, 3],
                "self_evaluation": {"score": 95}}"#,
        )
        .expect("test document");
        // The same with the report a project report whose project is the second one listed.
        let mut project_report = document.clone();
        if let Json::Object(map) = &mut project_report {
            map.insert("kind".into(), Json::from("project"));
            map.insert("project".into(), serde_json::json!({"name": "x"}));
        }
        for path in [
            "$",
            "$.budget",
            "$.indicators[*]",
            "$.indicators.*",
            "$.budget.*",
            "$.projects[*].budget",
            "$.budget['initial','adjusted','executed']",
            "$.budget.by_source[*]['initial','adjusted','executed']",
            "$.projects[*].budget['initial','adjusted','executed']",
            "$.projects[*].budget.by_source[*]['initial','adjusted','executed']",
            "$.budget[\"executed\", \"initial\"]",
            "$.budget['initial','initial']",
            "$.indicators[*]['a/b','~']",
            "$.missing[*].x",
            "$.projects[?$.kind != 'project' || @.name != $.project.name]",
            "$.projects[?$.kind != 'project' || @.name != $.project.name].budget",
            "$.projects[?@.name == 'x']",
            "$.projects[?@.budget]",
            "$.projects[?!@.budget && @.name != \"y\"]",
            "$.projects[?(@.budget || @.name == 'x') && !(@.name == null)]",
            "$.projects[?@['name'] != $.self_evaluation.grade].budget.*",
            "$.budget.by_source[?@.initial == true]",
        ] {
            assert_same_selection(path, &document);
            assert_same_selection(path, &project_report);
        }
    }

    /// The direct walk does not decide a filter that compares two numbers: the JSONPath
    /// engine's number equality is its own.
    #[test]
    fn filters_comparing_numbers_are_left_to_the_engine() {
        let Walk::Steps(steps) = Walk::parse("$.projects[?@.name != $.project.name].budget") else {
            panic!("the filter should take the direct walk")
        };
        let named: Json =
            serde_json::from_str(r#"{"project": {"name": "x"}, "projects": [{"name": "x"}, {"name": "y"}]}"#)
                .expect("test document");
        let numbered: Json =
            serde_json::from_str(r#"{"project": {"name": 1}, "projects": [{"name": "x"}, {"name": 1.0}]}"#)
                .expect("test document");
        assert!(decidable(&named, &named, &steps));
        assert!(!decidable(&numbered, &numbered, &steps));
    }

    #[test]
    fn other_paths_go_to_the_jsonpath_engine() {
        for path in [
            "$..x",
            "$.a[0]",
            "$.a[?@.b > 1]",
            "$.a[?@.b == 1]",
            "$.a[?length(@.b) == 1]",
            "$.a[?@.b == 'x\\'y']",
            "$.a[?@.b]x",
            "$['a\\'b']",
            "$.a[1:2]",
            "$['a',1]",
            "$[",
            "x",
        ] {
            assert!(matches!(Walk::parse(path), Walk::JsonPath), "{path}");
        }
    }
}

#[cfg(test)]
mod plan_tests {
    use super::*;
    use crate::rules::{LoadOptions, load};

    /// A rule file with the fields every rule needs and `body` (select, lets, condition).
    fn rule_file(dir: &std::path::Path, id: &str, body: &str) {
        let text = format!(
            "id = \"{id}\"\ntitle = \"测试规则 {id}\"\nseverity = \"warning\"\ncategory = \"custom\"\n\
             basis = \"测试\"\ndescription = \"测试\"\nmissing_data = \"测试\"\n\
             message = \"{{y}}\"\nhelp = \"测试\"\n{body}"
        );
        std::fs::write(dir.join(format!("{id}.toml")), text).expect("write rule");
    }

    fn load_dir(dir: &std::path::Path) -> RuleSet {
        let options =
            LoadOptions { builtin: false, extra: vec![dir.to_path_buf()], ..LoadOptions::default() };
        load(&options).unwrap_or_else(|reports| panic!("rules do not load: {:?}", reports[0].diagnostics))
    }

    /// Two rules write `y = "x + 1"` alike, but their `x` reads different fields: the second
    /// must not reuse the first one's `y`, while lets that are the same in both are shared.
    #[test]
    fn lets_written_alike_are_shared_only_when_they_compute_the_same() {
        let dir = tempfile::tempdir().expect("tempdir");
        let lets = |field: &str| {
            format!(
                "select = \"$.indicators[*]\"\nassert = \"y < 10 and same >= 0\"\n[let]\nx = \"@.{field}\"\n\
                 y = \"x + 1\"\nsame = \"abs(@.weight) + abs(@.score)\"\n"
            )
        };
        rule_file(dir.path(), "reads-weight", &lets("weight"));
        rule_file(dir.path(), "reads-score", &lets("score"));
        let set = load_dir(dir.path());
        let report: Json =
            serde_json::from_str(r#"{"indicators": [{"weight": 20, "score": 1}, {"weight": 1, "score": 30}, {"weight": 2, "score": 3}]}"#)
                .expect("report");
        let mut found: Vec<(String, String, String)> = set
            .run(&report)
            .into_iter()
            .map(|d| (d.code, d.pointer.unwrap_or_default(), d.message))
            .collect();
        found.sort();
        assert_eq!(
            found,
            [
                ("reads-score".to_string(), "/indicators/1".to_string(), "31".to_string()),
                ("reads-weight".to_string(), "/indicators/0".to_string(), "21".to_string()),
            ]
        );
    }

    /// A run that only counts findings finds the same ones, rule, severity and pointer, in
    /// the same order, on the seed report and on a report that breaks many rules.
    #[test]
    fn counted_findings_are_the_written_ones_without_texts() {
        let set = load(&LoadOptions { builtin: true, ..LoadOptions::default() }).expect("built-in pack");
        let seed = include_str!("../../examples/huadu-2022.json");
        let broken = seed
            .replace("\"executed\": 2233.44", "\"executed\": 2500")
            .replace("\"grade\": \"优\"", "\"grade\": \"差\"")
            .replace("\"score\": 95.16", "\"score\": 105");
        assert_ne!(seed, broken, "the edits must change the report");
        for text in [seed, broken.as_str()] {
            let report: Json = serde_json::from_str(text).expect("report");
            let written = set.run(&report);
            let counted = set.run_counted(&report);
            assert!(!written.is_empty());
            let key = |d: &Diagnostic| (d.code.clone(), d.severity, d.pointer.clone());
            assert_eq!(
                counted.iter().map(key).collect::<Vec<_>>(),
                written.iter().map(key).collect::<Vec<_>>()
            );
            assert!(counted.iter().all(|d| d.message.is_empty() && d.help.is_none() && d.basis.is_none()));
        }
    }

    /// A let used only in the message is computed when the rule fires, and gives the same text
    /// as if every let had been computed first.
    #[test]
    fn message_lets_are_computed_for_findings() {
        let dir = tempfile::tempdir().expect("tempdir");
        rule_file(
            dir.path(),
            "late-let",
            "select = \"$.self_evaluation\"\nwhen = \"exists(@.score)\"\nassert = \"@.score <= 100\"\n\
             [let]\ny = \"@.score - 100\"\n",
        );
        let set = load_dir(dir.path());
        let over: Json = serde_json::from_str(r#"{"self_evaluation": {"score": 130}}"#).expect("report");
        let within: Json = serde_json::from_str(r#"{"self_evaluation": {"score": 90}}"#).expect("report");
        let messages: Vec<String> = set.run(&over).into_iter().map(|d| d.message).collect();
        assert_eq!(messages, ["30"]);
        assert!(set.run(&within).is_empty());
        // The plans made on the first report serve the next ones.
        assert_eq!(set.run(&over).len(), 1);
    }
}
