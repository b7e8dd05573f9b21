//! Rule packs: the data types of compiled rules. TOML rule files ([`raw`]) are compiled, once
//! per run, into [`Rule`]s with parsed expressions, resolved names and parameters, and compiled
//! JSONPaths ([`compile`]); [`RuleSet::run`] (in `evaluate`) evaluates them against one report.

pub mod compile;
mod evaluate;
use evaluate::Plans;
pub mod expr;
pub mod raw;
pub mod testing;

use crate::diagnostic::{RuleMeta, Severity};
use expr::{AmountUnit, Expr, Literal, PathStep, Template, Value};
use serde_json::Value as Json;

pub use compile::{LoadOptions, load};

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));
}

/// The built-in pack's files, embedded at build time: (path such as `rules/budget/x.toml`, text,
/// length of the text before its fixtures — `[examples]` and `[[tests]]`, which come last —, and
/// what a check reads: the text before its `[[sources]]`, which come just before the fixtures,
/// with the documentation of its rule and parameters emptied).
pub fn builtin_files() -> &'static [(&'static str, &'static str, usize, &'static str)] {
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

/// One path of a rule's `select`, as written, and as the JSONPath engine compiles it.
///
/// Most paths are walked directly (see `evaluate`), and compiling all of them with the engine
/// was a tenth of loading the built-in rules; a path is compiled when the rule loads only if
/// the direct walk cannot read it (so that a mistake in it is reported there), and otherwise
/// the first time a report needs the engine. The direct walk reads a part of the engine's
/// syntax, which the engine parses (a test checks it).
#[derive(Debug)]
pub struct SelectPath {
    pub source: String,
    compiled: std::sync::OnceLock<Option<serde_json_path::JsonPath>>,
}

impl SelectPath {
    /// A path the direct walk reads: the engine compiles it when first asked.
    fn deferred(source: String) -> SelectPath {
        SelectPath { source, compiled: std::sync::OnceLock::new() }
    }

    fn compiled(source: String, path: serde_json_path::JsonPath) -> SelectPath {
        SelectPath { source, compiled: std::sync::OnceLock::from(Some(path)) }
    }

    /// The path compiled by the JSONPath engine; `None` only for a path the direct walk reads
    /// and the engine refuses, which the tests rule out.
    pub fn jsonpath(&self) -> Option<&serde_json_path::JsonPath> {
        self.compiled.get_or_init(|| serde_json_path::JsonPath::parse(&self.source).ok()).as_ref()
    }
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
    pub select: Vec<SelectPath>,
    pub lets: Vec<(String, Expr)>,
    pub when: Option<Expr>,
    pub assert: Expr,
    /// The quick pass generated from the built-in rule's expressions, when they are the ones
    /// it was generated from (see `expr::native`).
    pub native: Option<expr::Native>,
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

/// The rule's expressions as written (its `select` paths keep theirs: [`SelectPath::source`]).
#[derive(Debug, Clone, Default)]
pub struct RuleSources {
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
    /// How many texts the run searches with each `matches`/`find` pattern.
    pub searches: expr::Searches,
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

impl Rule {
    /// What the machine formats say about this rule.
    pub fn meta(&self) -> RuleMeta<'_> {
        RuleMeta {
            id: &self.id,
            title: &self.title,
            description: &self.description,
            basis: &self.basis,
            help_uri: self.source_documents.iter().find_map(|s| s.official_url()),
            severity: self.severity,
        }
    }
}

impl RuleSet {
    /// The rules that run, in the set's order: a disabled rule checked nothing, so it is no
    /// test case and no SARIF rule.
    pub fn metas(&self) -> Vec<RuleMeta<'_>> {
        self.rules.iter().filter(|r| r.enabled).map(Rule::meta).collect()
    }

    pub fn empty() -> RuleSet {
        RuleSet {
            rules: Vec::new(),
            order: Vec::new(),
            params: Vec::new(),
            profile: "national".to_string(),
            searches: expr::Searches::default(),
            plans: std::sync::OnceLock::new(),
        }
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|p| p.name == name)
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
