//! Rule files as written: TOML deserialised with spans, before anything is checked beyond
//! shape. [`super::compile`] turns these into runnable rules (ripgrep's low-level/high-level
//! split: nothing here is trusted yet).

use indexmap::IndexMap;
use serde::Deserialize;
use toml::Spanned;

/// One rule file (`rules/<category>/<id>.toml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub severity: Spanned<String>,
    pub category: Spanned<String>,
    pub basis: Spanned<String>,
    pub description: Spanned<String>,
    pub missing_data: Spanned<String>,
    #[serde(default)]
    pub select: Option<Spanned<toml::Value>>,
    #[serde(default)]
    pub when: Option<Spanned<String>>,
    pub assert: Spanned<String>,
    #[serde(default)]
    pub at: Option<Spanned<toml::Value>>,
    pub message: Spanned<String>,
    pub help: Spanned<String>,
    #[serde(default)]
    pub actual: Option<Spanned<String>>,
    #[serde(default)]
    pub expected: Option<Spanned<String>>,
    #[serde(default, rename = "let")]
    pub lets: IndexMap<String, Spanned<String>>,
    #[serde(default)]
    pub escalate: Vec<RawEscalate>,
    #[serde(default)]
    pub params: IndexMap<String, RawParam>,
    #[serde(default)]
    pub sources: Vec<RawSource>,
    #[serde(default)]
    pub examples: Option<RawExamples>,
    #[serde(default)]
    pub tests: Vec<RawTest>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEscalate {
    pub when: Spanned<String>,
    pub severity: Spanned<String>,
}

/// One `[[sources]]` entry: a document the rule rests on, and how far its text was seen.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub title: Spanned<String>,
    #[serde(default)]
    pub number: Option<String>,
    #[serde(default)]
    pub url: Option<Spanned<String>>,
    pub verified: super::Verified,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawParam {
    pub default: Spanned<toml::Value>,
    pub description: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExamples {
    pub fail: Spanned<String>,
    pub pass: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTest {
    pub name: String,
    pub expect: Spanned<String>,
    #[serde(default)]
    pub count: Option<usize>,
    #[serde(default)]
    pub pointer: Option<String>,
    #[serde(default)]
    pub params: IndexMap<String, Spanned<toml::Value>>,
    pub report: Spanned<String>,
}

/// `pack.toml` at the root of a rule directory.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPack {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub params: IndexMap<String, RawParam>,
}

/// A regional profile (`rules/profiles/<name>.toml`): parameters and severities only.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProfile {
    pub name: String,
    pub description: String,
    #[serde(default)]
    pub basis: Option<String>,
    #[serde(default)]
    pub extends: Option<String>,
    #[serde(default)]
    pub params: IndexMap<String, Spanned<toml::Value>>,
    #[serde(default)]
    pub severity: IndexMap<String, Spanned<String>>,
}
