//! Stage 3: rule packs. TOML rule files ([`raw`]) are compiled, once per run, into [`Rule`]s
//! with parsed expressions, resolved names and parameters, and compiled JSONPaths
//! ([`compile`]); [`RuleSet::run`] evaluates them against one report.

pub mod compile;
pub mod config;
pub mod expr;
pub mod raw;
pub mod testing;

use crate::diagnostic::{Diagnostic, Severity, escape_pointer_token};
use expr::{AmountUnit, Env, Expr, Literal, PathStep, Template, Value};
use serde_json::Value as Json;

pub use compile::{LoadOptions, load};

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));
}

/// The built-in pack's files, embedded at build time: (path such as `rules/budget/x.toml`, text,
/// length of the text before its fixtures — `[examples]` and `[[tests]]`, which come last).
pub fn builtin_files() -> &'static [(&'static str, &'static str, usize)] {
    builtin::BUILTIN_FILES
}

/// A parameter's value: a literal of the expression language (number, percentage, amount),
/// text, a boolean or a list of texts.
#[derive(Debug, Clone)]
pub enum ParamValue {
    Literal { literal: Literal, text: String },
    Text(String),
    Bool(bool),
    List(Vec<String>),
}

impl ParamValue {
    pub fn ty(&self) -> expr::Ty {
        match self {
            ParamValue::Literal { literal, .. } => literal.ty(),
            ParamValue::Text(_) => expr::Ty::Text,
            ParamValue::Bool(_) => expr::Ty::Bool,
            ParamValue::List(_) => expr::Ty::List,
        }
    }

    /// The value as the expressions of one report see it (amounts in the report's unit). Owned,
    /// so that it can be worked out once per run and unit (see [`RuleSet::run`]).
    pub fn materialize(&self, unit: AmountUnit) -> Value<'static> {
        match self {
            ParamValue::Literal { literal, .. } => literal.value(unit),
            ParamValue::Text(text) => Value::Text(text.clone().into()),
            ParamValue::Bool(b) => Value::Bool(*b),
            ParamValue::List(items) => {
                Value::List(items.iter().map(|s| Value::Text(s.clone().into())).collect())
            }
        }
    }
}

impl std::fmt::Display for ParamValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParamValue::Literal { text, .. } => f.write_str(text),
            ParamValue::Text(text) => write!(f, "\"{text}\""),
            ParamValue::Bool(b) => write!(f, "{b}"),
            ParamValue::List(items) => {
                write!(f, "[{}]", items.iter().map(|s| format!("\"{s}\"")).collect::<Vec<_>>().join(", "))
            }
        }
    }
}

/// A declared parameter and the value in force for this run.
#[derive(Debug, Clone)]
pub struct Param {
    pub name: String,
    pub description: String,
    pub default: ParamValue,
    pub value: ParamValue,
    /// Where the value in force comes from: `default`, `profile huadu`, `jixiao.toml`, `--param`.
    pub origin: String,
}

/// A fixture of a rule: a report fragment and whether the rule must fire on it.
#[derive(Debug, Clone)]
pub struct RuleTest {
    pub name: String,
    pub expect_fire: bool,
    pub count: Option<usize>,
    pub pointer: Option<String>,
    pub params: Vec<(String, String)>,
    pub report: String,
}

/// A compiled rule, ready to run.
#[derive(Debug)]
pub struct Rule {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub default_severity: Severity,
    pub category: String,
    pub basis: String,
    pub description: String,
    pub missing_data: String,
    /// The rule file it came from (`rules/budget/execution-rate-mismatch.toml`).
    pub file: String,
    pub enabled: bool,
    pub select: Vec<(String, serde_json_path::JsonPath)>,
    pub lets: Vec<(String, Expr)>,
    pub when: Option<Expr>,
    pub assert: Expr,
    /// Candidate fields to underline, each with an optional condition; the first whose condition
    /// holds and whose field exists wins.
    pub at: Vec<(Option<Expr>, Vec<PathStep>)>,
    pub message: Template,
    pub help: Template,
    pub actual: Option<Template>,
    pub expected: Option<Template>,
    pub escalate: Vec<(Expr, Severity)>,
    /// Names of the parameters the rule's expressions and templates use.
    pub params_used: Vec<String>,
    /// `(fail, pass)` fragments.
    pub examples: Option<(String, String)>,
    pub tests: Vec<RuleTest>,
    /// Source texts of the expressions, for `explain`.
    pub sources: RuleSources,
    /// The documents the rule rests on (`[[sources]]`), for `explain` and the rule reference;
    /// never part of a finding, which carries only the short `basis`.
    pub source_documents: Vec<SourceDocument>,
}

/// A document a rule rests on: what it is, where it can be read, and how much of it was seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceDocument {
    pub title: String,
    /// 文号, e.g. 财预〔2020〕10号.
    pub number: Option<String>,
    pub url: Option<String>,
    pub verified: Verified,
    pub note: Option<String>,
}

/// How much of a source's text stands behind a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verified {
    /// The original text was read.
    Original,
    /// The text was read as quoted or re-published by another body.
    Quoted,
    /// Only the title and 文号 are known; the content is not quoted from the text.
    TitleOnly,
}

impl Verified {
    /// The value as written in a rule file.
    pub fn as_str(self) -> &'static str {
        match self {
            Verified::Original => "original",
            Verified::Quoted => "quoted",
            Verified::TitleOnly => "title-only",
        }
    }

    /// What a reader of the rule reference is told: the text read was the original, a
    /// quotation, or only the title and number.
    pub fn label(self) -> &'static str {
        match self {
            Verified::Original => "原文",
            Verified::Quoted => "转引",
            Verified::TitleOnly => "仅名称和文号",
        }
    }
}

impl SourceDocument {
    /// The url when it is on an official government host (`*.gov.cn`), for links that tools
    /// show beside a rule (SARIF `helpUri`).
    pub fn official_url(&self) -> Option<&str> {
        let url = self.url.as_deref()?;
        let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
        let host = rest.split(['/', '?', '#']).next()?.split(':').next()?;
        let host = host.to_ascii_lowercase();
        (host == "gov.cn" || host.ends_with(".gov.cn")).then_some(url)
    }
}

/// The rule's expressions as written.
#[derive(Debug, Clone, Default)]
pub struct RuleSources {
    pub select: Vec<String>,
    pub when: Option<String>,
    pub assert: String,
    pub lets: Vec<(String, String)>,
}

/// All rules of a run with the parameters in force.
#[derive(Debug)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    /// Rule indices in evaluation order: a rule runs after the rules its `fired()` names.
    pub order: Vec<usize>,
    pub params: Vec<Param>,
    /// The profile in force (`national` by default).
    pub profile: String,
    /// `[[ignore]]` entries of `jixiao.toml`.
    pub ignores: Vec<crate::suppress::Ignore>,
    /// `jixiao.toml` as read: (path, text), to point at its entries.
    pub config: Option<(String, String)>,
    /// What every report's evaluation needs and would otherwise work out again: made on the
    /// first report (see [`Plans`]).
    pub(crate) plans: std::sync::OnceLock<Plans>,
}

/// The report's amount unit (`amount_unit`, default 元).
pub fn amount_unit(root: &Json) -> AmountUnit {
    match root.get("amount_unit").and_then(Json::as_str) {
        Some("万元") => AmountUnit::WanYuan,
        Some("亿元") => AmountUnit::YiYuan,
        _ => AmountUnit::Yuan,
    }
}

impl RuleSet {
    pub fn empty() -> RuleSet {
        RuleSet {
            rules: Vec::new(),
            order: Vec::new(),
            params: Vec::new(),
            profile: "national".to_string(),
            ignores: Vec::new(),
            config: None,
            plans: std::sync::OnceLock::new(),
        }
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|p| p.name == name)
    }

    /// Runs every enabled rule on one report. Diagnostics carry pointers; spans are located
    /// later, and only if there is something to report.
    pub fn run<'a>(&'a self, root: &'a Json) -> Vec<Diagnostic> {
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
            let cx = Cx { root, unit, params, fired: &fired_now };
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
    for ((_, path), walk) in first.select.iter().zip(&first_plan.selects) {
        match walk {
            Walk::Steps(steps) => walk_steps(cx.root, steps, &mut |subject, tokens| {
                check(subject, &|| pointer_of(tokens));
            }),
            Walk::JsonPath => {
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
        let select: Vec<&str> = rule.select.iter().map(|(source, _)| source.trim()).collect();
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

/// A `select` path of the forms rules use (`$`, `$.a.b`, `$.a[*].b`): walked directly, with
/// pointers built only for findings. Anything else goes through the JSONPath engine.
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
                walk(child, rest, tokens, visit);
                tokens.pop();
            }
        }
        (Sel::Members(names), Json::Object(map)) => {
            for name in names {
                if let Some((key, child)) = expr::member(map, name) {
                    tokens.push(Token::Key(key));
                    walk(child, rest, tokens, visit);
                    tokens.pop();
                }
            }
        }
        (Sel::All, Json::Array(items)) => {
            for (i, child) in items.iter().enumerate() {
                tokens.push(Token::Index(i));
                walk(child, rest, tokens, visit);
                tokens.pop();
            }
        }
        (Sel::All, Json::Object(map)) => {
            for (key, child) in map {
                tokens.push(Token::Key(key));
                walk(child, rest, tokens, visit);
                tokens.pop();
            }
        }
        _ => {}
    }
}

fn walk_steps<'a>(root: &'a Json, steps: &[Sel], visit: &mut dyn FnMut(&'a Json, &[Token<'a>])) {
    let mut tokens = Vec::with_capacity(steps.len());
    walk(root, steps, &mut tokens, visit);
}

impl RulePlan {
    fn new(rule: &Rule) -> RulePlan {
        let reads: Vec<Vec<usize>> = rule.lets.iter().map(|(_, expr)| expr.lets_used()).collect();
        // The lets an expression needs, with everything they read in turn.
        let closure = |roots: Vec<usize>| {
            let mut needed = vec![false; rule.lets.len()];
            let mut stack = roots;
            while let Some(i) = stack.pop() {
                if let Some(slot) = needed.get_mut(i)
                    && !*slot
                {
                    *slot = true;
                    stack.extend(reads[i].iter().copied());
                }
            }
            needed
        };
        let when = closure(rule.when.as_ref().map(Expr::lets_used).unwrap_or_default());
        let assert = closure(rule.assert.lets_used());
        RulePlan {
            selects: rule.select.iter().map(|(source, _)| Walk::parse(source)).collect(),
            for_when: (0..rule.lets.len()).filter(|&i| when[i]).collect(),
            for_assert: (0..rule.lets.len()).filter(|&i| assert[i] && !when[i]).collect(),
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
        ] {
            assert_same_selection(path, &document);
        }
    }

    #[test]
    fn other_paths_go_to_the_jsonpath_engine() {
        for path in ["$..x", "$.a[0]", "$.a[?@.b > 1]", "$['a\\'b']", "$.a[1:2]", "$['a',1]", "$[", "x"] {
            assert!(matches!(Walk::parse(path), Walk::JsonPath), "{path}");
        }
    }
}

#[cfg(test)]
mod plan_tests {
    use super::*;

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

#[cfg(test)]
mod source_tests {
    use super::{SourceDocument, Verified};

    fn with_url(url: &str) -> SourceDocument {
        SourceDocument {
            title: "广东省财政厅：广州市黄埔区预算绩效管理情况".to_string(),
            number: None,
            url: Some(url.to_string()),
            verified: Verified::Original,
            note: None,
        }
    }

    #[test]
    fn a_url_on_a_gov_cn_host_is_official() {
        let url = "http://czt.gd.gov.cn/jxglxxgk/content/post_3094592.html";
        assert_eq!(with_url(url).official_url(), Some(url));
        assert!(with_url("https://WWW.SCQS.GOV.CN:443/info/1.htm").official_url().is_some());
    }

    #[test]
    fn hosts_that_only_look_official_are_not() {
        for url in [
            "http://www.anthempetcare.com/upload_cz/download?id=502364",
            "https://gov.cn.example.com/a",
            "https://examplegov.cn/a",
            "https://example.com/?next=www.gov.cn",
            "ftp://czt.gd.gov.cn/a",
        ] {
            assert_eq!(with_url(url).official_url(), None, "{url}");
        }
    }

    #[test]
    fn verified_reads_as_written_in_a_rule_file() {
        for v in [Verified::Original, Verified::Quoted, Verified::TitleOnly] {
            let parsed: Verified = serde_json::from_value(serde_json::json!(v.as_str())).expect("parses");
            assert_eq!(parsed, v);
        }
    }
}
