//! The phrasings of `forms/narrative.toml`: which sentence states which v1 field, read and
//! compiled once per process.
//!
//! The file is data: an extractor names its field, its kind of value and its patterns, and a new
//! way of saying a thing is a new pattern, not new code. Patterns are compiled when the file is
//! loaded, so a broken pattern is an error naming the file and the field, never a failure while
//! reading a report.

use indexmap::IndexMap;
use regex::Regex;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Where the built-in phrasings live among the embedded `forms/*.toml` files.
pub const PHRASINGS_FILE: &str = "forms/narrative.toml";

/// Why a phrasings file cannot be used. The file is always named.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhrasingError {
    /// Not TOML, an unknown key, or a value of the wrong type.
    #[error("{file}: {message}")]
    Syntax { file: String, message: String },
    /// Well-formed, but not usable: a pattern that does not compile, a section not declared,
    /// a capture the kind needs and the pattern lacks.
    #[error("{file}: {message}")]
    Invalid { file: String, message: String },
}

/// What an extractor reads from its capture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FactKind {
    /// A money amount: `value` and, optionally, `unit` (元 / 万元 / 亿元 / 万 / 亿).
    Amount,
    /// A percentage in percent points: `value`.
    Percent,
    /// A plain number (a score): `value`.
    Number,
    /// A count in digits or Chinese numerals: `count`.
    Count,
    /// A grade folded to 优 / 良 / 中 / 差: `value`.
    Grade,
    /// A four-digit year: `value`.
    Year,
    /// Text as printed: `value`, or the next paragraph when `next_paragraph` is set.
    Text,
    /// A word looked up in `choices`: `value`.
    Choice,
    /// A statement that sets the field to `true` (no capture).
    Flag,
    /// The document's money unit statement (`单位：万元`): `unit`.
    Unit,
}

impl FactKind {
    /// The capture the kind reads, if any.
    pub fn capture(self) -> Option<&'static str> {
        match self {
            FactKind::Amount
            | FactKind::Percent
            | FactKind::Number
            | FactKind::Grade
            | FactKind::Year
            | FactKind::Text
            | FactKind::Choice => Some("value"),
            FactKind::Count => Some("count"),
            FactKind::Unit => Some("unit"),
            FactKind::Flag => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FactKind::Amount => "amount",
            FactKind::Percent => "percent",
            FactKind::Number => "number",
            FactKind::Count => "count",
            FactKind::Grade => "grade",
            FactKind::Year => "year",
            FactKind::Text => "text",
            FactKind::Choice => "choice",
            FactKind::Flag => "flag",
            FactKind::Unit => "unit",
        }
    }
}

/// The file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPhrasings {
    pub title: String,
    pub description: String,
    #[serde(default)]
    pub placeholders: IndexMap<String, String>,
    #[serde(default)]
    pub traditional: IndexMap<String, String>,
    #[serde(default)]
    pub sections: IndexMap<String, Vec<String>>,
    #[serde(default)]
    pub facts: Vec<RawFact>,
    #[serde(default)]
    pub claims: Vec<RawClaim>,
    #[serde(default)]
    pub item_markers: Option<String>,
    #[serde(default)]
    pub lists: Vec<RawList>,
    #[serde(default)]
    pub projects: Option<RawProjects>,
    #[serde(default)]
    pub tasks: Option<RawTasks>,
}

/// One extractor of a single value.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFact {
    /// The v1 pointer it fills (`/budget/adjusted`); `/indicators/*/completed` sets every row.
    pub field: String,
    /// How a clerk names the value, for notes (`全年预算数`).
    pub name: String,
    pub kind: FactKind,
    pub patterns: Vec<String>,
    /// Section ids it may appear in; empty: anywhere.
    #[serde(default)]
    pub sections: Vec<String>,
    /// Section ids it never appears in.
    #[serde(default)]
    pub not_in: Vec<String>,
    /// Only in the title (the paragraphs before the first heading).
    #[serde(default)]
    pub title: bool,
    /// For `text`: when the capture is empty, the next paragraph is the value.
    #[serde(default)]
    pub next_paragraph: bool,
    /// For `choice`: the captured word → the value written.
    #[serde(default)]
    pub choices: IndexMap<String, String>,
    /// Other captures → the pointer that receives their text.
    #[serde(default)]
    pub also: IndexMap<String, String>,
    /// A pointer that receives the whole sentence the value was found in.
    #[serde(default)]
    pub sentence: Option<String>,
    /// The note given once when the document states no such value.
    #[serde(default)]
    pub missing: Option<String>,
}

/// One kind of growth statement.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawClaim {
    pub name: String,
    pub patterns: Vec<String>,
}

/// A list of problems or measures.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawList {
    pub field: String,
    pub name: String,
    /// The section id whose heading starts the list.
    pub section: String,
    /// Patterns of a paragraph that opens the list by itself (`存在的问题：一是……`).
    #[serde(default)]
    pub leads: Vec<String>,
}

/// The project items of a department report.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProjects {
    pub section: String,
    /// Captures `name`, optionally `items` and `rate`.
    pub patterns: Vec<String>,
    /// Between the item names of `items`.
    pub item_separators: String,
}

/// The headers of the task table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTasks {
    pub task: Vec<String>,
    pub name: Vec<String>,
    pub result: Vec<String>,
}

/// A compiled extractor.
#[derive(Debug, Clone)]
pub struct Fact {
    pub raw: RawFact,
    pub patterns: Vec<Regex>,
}

#[derive(Debug, Clone)]
pub struct Claim {
    pub raw: RawClaim,
    pub patterns: Vec<Regex>,
}

#[derive(Debug, Clone)]
pub struct List {
    pub raw: RawList,
    pub leads: Vec<Regex>,
}

#[derive(Debug, Clone)]
pub struct Projects {
    pub section: String,
    pub patterns: Vec<Regex>,
    pub separators: Regex,
}

/// The phrasings, compiled: what [`extract`](super::extract) matches against a document.
#[derive(Debug, Clone)]
pub struct Phrasings {
    pub raw: RawPhrasings,
    pub file: String,
    /// Traditional character → simplified, for matching only.
    pub traditional: HashMap<char, char>,
    /// Section id → heading words, normalised.
    pub sections: IndexMap<String, Vec<String>>,
    pub facts: Vec<Fact>,
    pub claims: Vec<Claim>,
    pub item_markers: Option<Regex>,
    pub lists: Vec<List>,
    pub projects: Option<Projects>,
    /// Header words of the task table, normalised.
    pub tasks: Option<RawTasks>,
}

impl Phrasings {
    /// The built-in phrasings of `forms/narrative.toml`, compiled on first use and shared by
    /// every later call in the process.
    pub fn builtin() -> Result<&'static Phrasings, PhrasingError> {
        static BUILTIN: OnceLock<Result<Phrasings, PhrasingError>> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                let text = crate::import::form::builtin_files()
                    .iter()
                    .find(|(path, _)| *path == PHRASINGS_FILE)
                    .map(|(_, text)| *text)
                    .unwrap_or("");
                Phrasings::from_toml(PHRASINGS_FILE, text)
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Reads and compiles a phrasings file.
    pub fn from_toml(file: &str, text: &str) -> Result<Phrasings, PhrasingError> {
        let raw: RawPhrasings = toml::from_str(text).map_err(|err| PhrasingError::Syntax {
            file: file.to_string(),
            message: err.to_string().trim_end().to_string(),
        })?;
        let invalid = |message: String| PhrasingError::Invalid { file: file.to_string(), message };
        let mut traditional = HashMap::new();
        for (from, to) in &raw.traditional {
            if from.chars().count() != to.chars().count() {
                return Err(invalid(format!(
                    "traditional “{from}” = “{to}”: the two forms must have as many characters"
                )));
            }
            for (a, b) in from.chars().zip(to.chars()) {
                if a != b {
                    traditional.insert(a, b);
                }
            }
        }
        let fold_word = |word: &str| super::prose::normalise_word(word, &traditional);
        let sections: IndexMap<String, Vec<String>> = raw
            .sections
            .iter()
            .map(|(id, words)| (id.clone(), words.iter().map(|w| fold_word(w)).collect()))
            .collect();
        let known_section = |id: &String, place: &str| {
            if sections.contains_key(id) {
                Ok(())
            } else {
                Err(invalid(format!("{place}: section `{id}` is not declared in [sections]")))
            }
        };
        let compile = |pattern: &str, place: &str| -> Result<Regex, PhrasingError> {
            let expanded = expand(pattern, &raw.placeholders);
            Regex::new(&expanded).map_err(|err| invalid(format!("{place}: pattern `{pattern}`: {err}")))
        };
        let mut facts = Vec::new();
        for fact in &raw.facts {
            let place = format!("facts `{}`", fact.field);
            if !fact.field.starts_with('/') {
                return Err(invalid(format!("{place}: field must be a JSON pointer starting with `/`")));
            }
            if fact.patterns.is_empty() {
                return Err(invalid(format!("{place}: no patterns")));
            }
            if fact.kind == FactKind::Choice && fact.choices.is_empty() {
                return Err(invalid(format!("{place}: a choice needs `choices`")));
            }
            for id in fact.sections.iter().chain(&fact.not_in) {
                known_section(id, &place)?;
            }
            let mut patterns = Vec::new();
            for pattern in &fact.patterns {
                let re = compile(pattern, &place)?;
                let names: Vec<&str> = re.capture_names().flatten().collect();
                if let Some(needed) = fact.kind.capture()
                    && !names.contains(&needed)
                {
                    return Err(invalid(format!(
                        "{place}: a {} pattern needs the capture `{needed}`: `{pattern}`",
                        fact.kind.as_str()
                    )));
                }
                patterns.push(re);
            }
            facts.push(Fact { raw: fact.clone(), patterns });
        }
        let mut claims = Vec::new();
        for claim in &raw.claims {
            let place = format!("claims `{}`", claim.name);
            let mut patterns = Vec::new();
            for pattern in &claim.patterns {
                let re = compile(pattern, &place)?;
                let names: Vec<&str> = re.capture_names().flatten().collect();
                let complete = names.contains(&"stated")
                    && names.contains(&"added")
                    && (names.contains(&"current") || names.contains(&"base"));
                if !complete {
                    return Err(invalid(format!(
                        "{place}: a claim pattern needs `stated`, `added` and `current` or `base`: `{pattern}`"
                    )));
                }
                patterns.push(re);
            }
            claims.push(Claim { raw: claim.clone(), patterns });
        }
        let item_markers = match &raw.item_markers {
            Some(pattern) => Some(compile(pattern, "item_markers")?),
            None => None,
        };
        let mut lists = Vec::new();
        for list in &raw.lists {
            let place = format!("lists `{}`", list.field);
            known_section(&list.section, &place)?;
            let leads = list.leads.iter().map(|p| compile(p, &place)).collect::<Result<Vec<_>, _>>()?;
            lists.push(List { raw: list.clone(), leads });
        }
        let projects = match &raw.projects {
            Some(projects) => {
                known_section(&projects.section, "projects")?;
                let mut patterns = Vec::new();
                for pattern in &projects.patterns {
                    let re = compile(pattern, "projects")?;
                    if !re.capture_names().flatten().any(|n| n == "name") {
                        return Err(invalid(format!(
                            "projects: a pattern needs the capture `name`: `{pattern}`"
                        )));
                    }
                    patterns.push(re);
                }
                Some(Projects {
                    section: projects.section.clone(),
                    patterns,
                    separators: compile(&projects.item_separators, "projects.item_separators")?,
                })
            }
            None => None,
        };
        let tasks = raw.tasks.as_ref().map(|t| RawTasks {
            task: t.task.iter().map(|w| fold_word(w)).collect(),
            name: t.name.iter().map(|w| fold_word(w)).collect(),
            result: t.result.iter().map(|w| fold_word(w)).collect(),
        });
        Ok(Phrasings {
            file: file.to_string(),
            traditional,
            sections,
            facts,
            claims,
            item_markers,
            lists,
            projects,
            tasks,
            raw,
        })
    }
}

/// Replaces every `{name}` of a declared placeholder by its pattern (in a group, so that an
/// alternation stays inside it). Other braces (`\d{1,3}`) are left alone.
///
/// The normalised text has only ASCII digits and only ` ` and tab as white space, so `\d` and
/// `\s` become those small classes: the Unicode classes match nothing more there and make
/// every pattern several times slower to compile, a cost each run pays at start.
fn expand(pattern: &str, placeholders: &IndexMap<String, String>) -> String {
    let mut out = pattern.to_string();
    for (name, value) in placeholders {
        out = out.replace(&format!("{{{name}}}"), &format!("(?:{value})"));
    }
    out.replace(r"\d", "[0-9]").replace(r"\s", "[\t ]")
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
title = "t"
description = "d"
[placeholders]
number = '\d+(?:\.\d+)?'
[sections]
problems = ["存在问题"]
[[facts]]
field = "/self_evaluation/score"
name = "自评得分"
kind = "number"
patterns = ['自评得分\s*(?P<value>{number})\s*分']
"#;

    fn error_of(text: &str) -> String {
        Phrasings::from_toml("forms/x.toml", text)
            .map(|_| ())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    }

    #[test]
    fn a_minimal_phrasings_file_compiles_with_its_placeholders_expanded() {
        let phrasings = Phrasings::from_toml("forms/x.toml", MINIMAL);
        let Ok(phrasings) = phrasings else { panic!("{phrasings:?}") };
        assert!(phrasings.facts[0].patterns[0].is_match("自评得分 95.16 分"));
        assert!(!phrasings.facts[0].patterns[0].is_match("自评得分 优"));
    }

    #[test]
    fn a_pattern_without_the_capture_its_kind_reads_is_refused() {
        let err = error_of(&MINIMAL.replace("(?P<value>{number})", "({number})"));
        assert!(err.contains("forms/x.toml") && err.contains("`value`"), "{err}");
    }

    #[test]
    fn a_pattern_that_does_not_compile_is_named_with_its_field() {
        let err = error_of(&MINIMAL.replace(r"\s*分']", r"\s*(分']"));
        assert!(err.contains("/self_evaluation/score"), "{err}");
    }

    #[test]
    fn an_undeclared_section_is_refused() {
        let err = error_of(&format!("{MINIMAL}not_in = [\"tasks\"]\n"));
        assert!(err.contains("`tasks`"), "{err}");
    }

    #[test]
    fn an_unknown_key_is_named() {
        let err = error_of(&format!("{MINIMAL}colour = \"red\"\n"));
        assert!(err.contains("colour"), "{err}");
    }

    #[test]
    fn the_builtin_phrasings_compile() {
        let builtin = Phrasings::builtin();
        assert!(builtin.is_ok(), "{builtin:?}");
        let builtin = builtin.unwrap_or_else(|_| unreachable!());
        assert!(builtin.facts.iter().any(|f| f.raw.field == "/budget/adjusted"));
        assert_eq!(builtin.traditional.get(&'預'), Some(&'预'));
    }
}
