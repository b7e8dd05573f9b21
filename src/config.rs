//! `jixiao.toml` → a [`Config`]: the profile, parameter values, severities, disabled rules and
//! `[[ignore]]` entries of a project, found from the working directory upwards as linters find
//! theirs.
//!
//! The rule compiler reads the profile, parameters, severities and disabled rules
//! ([`crate::rules::compile`]); suppressions build their ignores from the entries
//! ([`crate::suppress`]). Both point their diagnostics into the file's text, which the
//! configuration keeps.

use crate::diagnostic::suggest::suggestion;
use crate::diagnostic::{Diagnostic, codes};
use indexmap::IndexMap;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use toml::Spanned;

pub const CONFIG_FILE: &str = "jixiao.toml";

/// A configuration file: where it is, its text, and what it says.
#[derive(Debug, Clone)]
pub struct Config {
    /// The path as given or found, shown in diagnostics.
    pub path: String,
    pub text: String,
    pub settings: Settings,
}

/// The nearest `jixiao.toml` in `start` or one of its ancestors.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start.ancestors().map(|dir| dir.join(CONFIG_FILE)).find(|candidate| candidate.is_file())
}

/// Reads a configuration file as (path, text), to be parsed by [`Config::parse`].
pub fn read(path: &Path) -> std::io::Result<(String, String)> {
    let text = std::fs::read_to_string(path)?;
    Ok((path.to_string_lossy().into_owned(), text))
}

impl Config {
    /// Parses a configuration's text. An error is a `rule-file` diagnostic with its span in the
    /// text, worded as rule-file errors are.
    pub fn parse(path: String, text: String) -> Result<Config, Diagnostic> {
        match toml::from_str::<Settings>(&text) {
            Ok(settings) => Ok(Config { path, text, settings }),
            Err(err) => {
                let (message, help) = describe_toml_error(err.message().trim());
                let mut diagnostic = Diagnostic::error(codes::RULE_FILE, message);
                diagnostic.span = err.span();
                diagnostic.help = help;
                Err(diagnostic)
            }
        }
    }
}

/// What `jixiao.toml` says, with the places it says it (for diagnostics that point into it).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    #[serde(default)]
    pub profile: Option<Spanned<String>>,
    #[serde(default)]
    pub disable: Vec<Spanned<String>>,
    #[serde(default)]
    pub params: IndexMap<String, Spanned<toml::Value>>,
    #[serde(default)]
    pub severity: IndexMap<String, Spanned<String>>,
    #[serde(default)]
    pub ignore: Vec<Spanned<IgnoreEntry>>,
    /// Directories (or files) of form layouts to add, relative to the configuration file.
    #[serde(default)]
    pub forms: Vec<String>,
}

/// One `[[ignore]]` entry of `jixiao.toml`: findings of `rule` in files matching `file` (and at
/// `pointer`, when given) are accepted, for the stated `reason`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IgnoreEntry {
    pub file: String,
    pub rule: Spanned<String>,
    #[serde(default)]
    pub pointer: Option<String>,
    pub reason: String,
}

/// The message for a TOML error. A misspelt key is the most common mistake in a hand-written
/// rule file, so it is named in Chinese with the closest valid key and the list of valid keys;
/// other errors keep the TOML parser's own wording.
pub fn describe_toml_error(message: &str) -> (String, Option<String>) {
    let unknown = message.strip_prefix("unknown field `").and_then(|rest| rest.split_once('`'));
    let Some((name, rest)) = unknown else {
        return (format!("规则文件无法解析：{message}"), None);
    };
    let expected: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    let hint = suggestion(name, expected.iter().copied());
    let help = (!expected.is_empty()).then(|| format!("此处可用的键：{}", expected.join("、")));
    (format!("未知的键 `{name}`{hint}"), help)
}
