//! Rule files → a [`RuleSet`]: every file parsed, every name resolved, every expression
//! compiled and type-checked, before any report is read. All problems of all files are
//! reported at once, each pointing into the TOML text.

use super::expr::{self, Binding, Expr, ExprError, Literal, PathStep, Resolver, Template, TemplateScope, Ty};
use super::raw::{RawPack, RawProfile, RawRule, RawSource};
use super::{Param, ParamValue, Rule, RuleSet, RuleSources, RuleTest, SelectPath, SourceDocument};
use crate::config::{Config, describe_toml_error};
use crate::diagnostic::suggest::suggestion;
use crate::diagnostic::{Diagnostic, Severity, codes};
use crate::diagnostic::{FileReport, IndexedSource};
use indexmap::IndexMap;
use std::borrow::Cow;
use std::cell::{OnceCell, RefCell};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::Spanned;

/// What to load and which overrides apply.
#[derive(Debug, Default, Clone)]
pub struct LoadOptions {
    /// Include the built-in pack (off with `--no-default-rules`).
    pub builtin: bool,
    /// User rule files or directories (`--rules`).
    pub extra: Vec<PathBuf>,
    /// `--profile`, which overrides the configuration's `profile`.
    pub profile: Option<String>,
    /// `jixiao.toml`, parsed: its profile, parameters, severities and disabled rules apply.
    pub config: Option<Config>,
    /// `--param name=value`, applied last.
    pub params: Vec<(String, String)>,
    /// Leave out the built-in rules' examples and tests, which only `explain`, `rules` and
    /// `test` show or run: a run that checks reports starts faster without reading them.
    pub skip_builtin_fixtures: bool,
    /// Leave out the built-in rules' `[[sources]]` too, which only the rule reference and SARIF's
    /// `helpUri` use, and their documentation (each rule's `description` and `missing_data`,
    /// each parameter's `description`), which only `explain`, `rules`, the reference and SARIF
    /// show: those are read empty.
    pub skip_builtin_sources: bool,
    /// How many texts the run will search with each `matches`/`find` pattern: a run of a few
    /// reports compiles its patterns for a few (see [`expr::Searches`]).
    pub searches: expr::Searches,
}

/// A TOML file of a pack, with its problems.
struct SourceFile {
    path: String,
    /// Borrowed for the built-in pack, which is embedded in the binary: its texts are not copied.
    text: Cow<'static, str>,
    /// A file of the built-in pack, whose patterns the test suite compiles (see
    /// [`Resolver::defer_patterns`]).
    builtin: bool,
    diagnostics: Vec<Diagnostic>,
}

impl SourceFile {
    fn error(&mut self, span: Option<Range<usize>>, message: impl Into<String>) {
        let mut d = Diagnostic::error(codes::RULE_FILE, message);
        d.span = span;
        self.diagnostics.push(d);
    }

    fn error_with_help(&mut self, span: Range<usize>, message: String, help: Option<String>) {
        let mut d = Diagnostic::error(codes::RULE_FILE, message).with_span(span);
        d.help = help;
        self.diagnostics.push(d);
    }
}

/// Problems that belong to no file (an unknown `--profile`, an unknown `--param`).
const COMMAND_LINE: &str = "<命令行>";

struct Files(Vec<SourceFile>);

impl Files {
    fn add(&mut self, path: String, text: impl Into<Cow<'static, str>>) -> usize {
        self.0.push(SourceFile { path, text: text.into(), builtin: false, diagnostics: Vec::new() });
        self.0.len() - 1
    }

    fn add_builtin(&mut self, path: &str, text: &'static str) -> usize {
        self.0.push(SourceFile {
            path: path.to_string(),
            text: text.into(),
            builtin: true,
            diagnostics: Vec::new(),
        });
        self.0.len() - 1
    }

    fn error(&mut self, file: usize, span: Option<Range<usize>>, message: impl Into<String>) {
        if let Some(f) = self.0.get_mut(file) {
            f.error(span, message);
        }
    }

    fn text(&self, file: usize) -> &str {
        self.0.get(file).map_or("", |f| &f.text)
    }

    fn has_errors(&self) -> bool {
        self.0.iter().any(|f| !f.diagnostics.is_empty())
    }

    fn into_reports(self) -> Vec<FileReport> {
        self.0
            .into_iter()
            .filter(|f| !f.diagnostics.is_empty())
            .map(|f| {
                let mut diagnostics = f.diagnostics;
                crate::diagnostic::sort(&mut diagnostics);
                let source = (f.path != COMMAND_LINE).then(|| IndexedSource::new(f.path.clone(), f.text));
                FileReport { path: f.path, department: None, source, diagnostics }
            })
            .collect()
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Pack,
    Rule,
    Profile,
}

fn kind_of(path: &str) -> Kind {
    let path = Path::new(path);
    if path.file_name().is_some_and(|n| n == "pack.toml") {
        Kind::Pack
    } else if path.parent().and_then(Path::file_name).is_some_and(|n| n == "profiles") {
        Kind::Profile
    } else {
        Kind::Rule
    }
}

/// Loads and compiles the rules. On failure, returns the rule files with their diagnostics.
///
/// The phases run in order, each reporting into the files it read, and all problems of all
/// files are reported together: the files are read and parsed ([`read_sources`]), the
/// parameters declared ([`declare_params`]) and set from the profile, `jixiao.toml` and
/// `--param` ([`set_params`]), the rules compiled ([`compile_rules`]), then severities and
/// disabled rules applied ([`apply_overrides`]) and the evaluation order worked out.
pub fn load(options: &LoadOptions) -> Result<RuleSet, Vec<FileReport>> {
    let mut files = Files(Vec::new());
    let command_line = files.add(COMMAND_LINE.to_string(), String::new());
    let parsed = read_sources(options, &mut files, command_line);
    let config =
        options.config.as_ref().map(|config| (files.add(config.path.clone(), config.text.clone()), config));
    let mut params = declare_params(&parsed, &mut files);
    let (profile, mut overrides) =
        set_params(options, &parsed, config, &mut params, &mut files, command_line);
    let ids = rule_ids(&parsed, &mut files);
    let param_list: Vec<Param> = params.into_values().collect();
    // A check reads the built-in rules without their fixtures: their templates are then compiled
    // when first rendered (see [`Template::deferred`]).
    let deferral = options.skip_builtin_fixtures.then(|| Deferral {
        params: param_list.iter().map(|p| (p.name.clone(), p.value.ty())).collect(),
        ids: Arc::new(ids.clone()),
    });
    let mut compiled =
        compile_rules(&parsed, &param_list, &ids, deferral.as_ref(), options.searches, &mut files);
    if let Some((file, config)) = config {
        overrides.disabled.extend(config.settings.disable.iter().map(|d| (file, d.clone())));
    }
    apply_overrides(overrides, &mut compiled, &ids, &mut files);
    if files.has_errors() {
        return Err(files.into_reports());
    }
    let order = evaluation_order(&compiled).map_err(|cycle| {
        vec![FileReport {
            department: None,
            path: COMMAND_LINE.to_string(),
            source: None,
            diagnostics: vec![Diagnostic::error(
                codes::RULE_FILE,
                format!("规则之间的 fired() 依赖形成循环：{}", cycle.join(" → ")),
            )],
        }]
    })?;
    Ok(RuleSet {
        rules: compiled,
        order,
        params: param_list,
        profile,
        searches: options.searches,
        plans: std::sync::OnceLock::new(),
    })
}

/// The files of a load, parsed: packs, rules and profiles, each with the index of its file.
struct Parsed {
    packs: Vec<(usize, RawPack)>,
    rules: Vec<(usize, RawRule)>,
    /// By name: a user's profile of the same name replaces the built-in one.
    profiles: BTreeMap<String, (usize, RawProfile)>,
}

/// Severity overrides and disabled rules, from profiles and `jixiao.toml`, to be applied once
/// the rules are compiled.
#[derive(Default)]
struct Overrides {
    severity: Vec<(usize, Spanned<String>, Spanned<String>)>,
    disabled: Vec<(usize, Spanned<String>)>,
}

/// Reads the built-in pack and the user's rule paths, and parses every file.
fn read_sources(options: &LoadOptions, files: &mut Files, command_line: usize) -> Parsed {
    let mut sources: Vec<(usize, Kind)> = Vec::new();
    if options.builtin {
        for &(path, text, before_fixtures, checking) in super::builtin_files() {
            let text = if options.skip_builtin_sources {
                checking
            } else if options.skip_builtin_fixtures {
                text.get(..before_fixtures).unwrap_or(text)
            } else {
                text
            };
            let index = files.add_builtin(path, text);
            sources.push((index, kind_of(path)));
        }
    }
    for path in &options.extra {
        read_user_path(path, files, &mut sources, command_line);
    }
    let mut parsed = Parsed { packs: Vec::new(), rules: Vec::new(), profiles: BTreeMap::new() };
    for &(index, kind) in &sources {
        let Some(file) = files.0.get_mut(index) else { continue };
        match kind {
            Kind::Pack => parsed.packs.extend(parse::<RawPack>(file).map(|pack| (index, pack))),
            Kind::Rule => parsed.rules.extend(parse::<RawRule>(file).map(|rule| (index, rule))),
            Kind::Profile => {
                if let Some(profile) = parse::<RawProfile>(file) {
                    parsed.profiles.insert(profile.name.clone(), (index, profile));
                }
            }
        }
    }
    parsed
}

/// The parameters declared in pack.toml files and in rule files, at their defaults.
fn declare_params(parsed: &Parsed, files: &mut Files) -> IndexMap<String, Param> {
    let mut params: IndexMap<String, Param> = IndexMap::new();
    let declared = parsed
        .packs
        .iter()
        .flat_map(|(file, pack)| pack.params.iter().map(move |(n, p)| (*file, n, p)))
        .chain(
            parsed.rules.iter().flat_map(|(file, rule)| rule.params.iter().map(move |(n, p)| (*file, n, p))),
        );
    for (file, name, raw) in declared {
        let span = raw.default.span();
        let Some(value) = param_value(files, file, &raw.default) else { continue };
        if params.contains_key(name) {
            files.error(file, Some(span), format!("参数 `{name}` 重复声明"));
            continue;
        }
        params.insert(
            name.clone(),
            Param {
                name: name.clone(),
                description: raw.description.clone(),
                default: value.clone(),
                value,
                origin: "default".to_string(),
            },
        );
    }
    params
}

/// Sets parameters from the profile in force (and those it extends), then `jixiao.toml`, then
/// `--param`. Returns the profile's name and the severity overrides met on the way.
fn set_params(
    options: &LoadOptions,
    parsed: &Parsed,
    config: Option<(usize, &Config)>,
    params: &mut IndexMap<String, Param>,
    files: &mut Files,
    command_line: usize,
) -> (String, Overrides) {
    let profile_name = options
        .profile
        .clone()
        .or_else(|| config.and_then(|(_, c)| c.settings.profile.as_ref().map(|p| p.get_ref().clone())))
        .unwrap_or_else(|| "national".to_string());
    let mut overrides = Overrides::default();
    for name in profile_chain(&profile_name, options, parsed, config, files, command_line).iter().rev() {
        if let Some((file, profile)) = parsed.profiles.get(name) {
            for (param, value) in &profile.params {
                override_param(files, params, *file, param, value, &format!("profile {name}"));
            }
            for (rule, severity) in &profile.severity {
                overrides.severity.push((*file, Spanned::new(0..0, rule.clone()), severity.clone()));
            }
        }
    }
    if let Some((file, config)) = config {
        for (param, value) in &config.settings.params {
            override_param(files, params, file, param, value, "jixiao.toml");
        }
        for (rule, severity) in &config.settings.severity {
            overrides.severity.push((file, Spanned::new(0..0, rule.clone()), severity.clone()));
        }
    }
    for (name, text) in &options.params {
        match params.get_mut(name) {
            Some(param) => match cli_param_value(text) {
                Some(value) if compatible(&param.default, &value) => {
                    param.value = value;
                    param.origin = "--param".to_string();
                }
                _ => files.error(
                    command_line,
                    None,
                    format!("参数 `{name}` 的取值 `{text}` 类型不对：默认值为 {}", param.default),
                ),
            },
            None => files.error(
                command_line,
                None,
                format!("未知参数 `{name}`{}", suggestion(name, params.keys().map(String::as_str))),
            ),
        }
    }
    (profile_name, overrides)
}

/// The profile and those it extends, most specific first; an unknown name is reported where it
/// was given (`--profile` or `jixiao.toml`).
fn profile_chain(
    profile_name: &str,
    options: &LoadOptions,
    parsed: &Parsed,
    config: Option<(usize, &Config)>,
    files: &mut Files,
    command_line: usize,
) -> Vec<String> {
    let mut chain = Vec::new();
    let mut next = Some(profile_name.to_string());
    while let Some(name) = next.take() {
        if chain.len() > 8 || chain.contains(&name) {
            break;
        }
        match parsed.profiles.get(&name) {
            Some((_, profile)) => {
                next = profile.extends.clone().filter(|e| e != &name);
                chain.push(name);
            }
            None if name == "national" && parsed.profiles.is_empty() => break,
            None => {
                let known: Vec<&str> = parsed.profiles.keys().map(String::as_str).collect();
                let (file, span) = match (&options.profile, config) {
                    (None, Some((file, c))) => (file, c.settings.profile.as_ref().map(Spanned::span)),
                    _ => (command_line, None),
                };
                files.error(
                    file,
                    span,
                    format!("未知的地区配置（profile）`{name}`；可用：{}", known.join("、")),
                );
                break;
            }
        }
    }
    chain
}

/// Every rule's id, checked for form and uniqueness; ids are known before any expression is
/// compiled, since `fired()` may name a rule defined later.
fn rule_ids(parsed: &Parsed, files: &mut Files) -> BTreeMap<String, usize> {
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    for (index, (file, rule)) in parsed.rules.iter().enumerate() {
        let id = rule.id.get_ref();
        if !valid_id(id) {
            files.error(
                *file,
                Some(rule.id.span()),
                format!("规则 id `{id}` 应为 kebab-case（小写字母、数字和连字符）"),
            );
        }
        if ids.insert(id.clone(), index).is_some() {
            files.error(*file, Some(rule.id.span()), format!("规则 id `{id}` 重复"));
        }
    }
    ids
}

/// What the built-in rules' deferred templates resolve their names against, shared by all.
struct Deferral {
    params: Arc<[(String, Ty)]>,
    ids: Arc<BTreeMap<String, usize>>,
}

fn compile_rules(
    parsed: &Parsed,
    params: &[Param],
    ids: &BTreeMap<String, usize>,
    deferral: Option<&Deferral>,
    searches: expr::Searches,
    files: &mut Files,
) -> Vec<Rule> {
    let mut compiled = Vec::new();
    for (index, raw) in &parsed.rules {
        let rule = files.0.get_mut(*index).and_then(|file| {
            let deferral = deferral.filter(|_| file.builtin);
            compile_rule(file, raw, params, ids, deferral, searches)
        });
        if let Some(rule) = rule {
            compiled.push(rule);
        }
    }
    compiled
}

/// Applies severity overrides and disables rules; both must name rules that exist.
fn apply_overrides(
    overrides: Overrides,
    compiled: &mut [Rule],
    ids: &BTreeMap<String, usize>,
    files: &mut Files,
) {
    let unknown = |id: &str| format!("未知规则 `{id}`{}", suggestion(id, ids.keys().map(String::as_str)));
    for (file, rule, severity) in overrides.severity {
        let Some(target) = compiled.iter_mut().find(|r| &r.id == rule.get_ref()) else {
            let span = if rule.span().is_empty() { Some(severity.span()) } else { Some(rule.span()) };
            files.error(file, span, unknown(rule.get_ref()));
            continue;
        };
        match Severity::parse(severity.get_ref()) {
            Some(s) => target.severity = s,
            None => files.error(
                file,
                Some(severity.span()),
                format!("严重程度 `{}` 无效：应为 error、warning 或 info", severity.get_ref()),
            ),
        }
    }
    for (file, id) in overrides.disabled {
        match compiled.iter_mut().find(|r| &r.id == id.get_ref()) {
            Some(rule) => rule.enabled = false,
            None => files.error(file, Some(id.span()), unknown(id.get_ref())),
        }
    }
}

fn read_user_path(path: &Path, files: &mut Files, sources: &mut Vec<(usize, Kind)>, command_line: usize) {
    let display = path.to_string_lossy().into_owned();
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(err) => {
            files.error(
                command_line,
                None,
                format!("无法读取规则路径 {display}：{}", crate::load::describe_io(&err)),
            );
            return;
        }
    };
    if meta.is_dir() {
        let mut found = Vec::new();
        walk_toml(path, &mut found, 0);
        found.sort();
        for file in found {
            read_user_path(&file, files, sources, command_line);
        }
        return;
    }
    match std::fs::read(path).map(String::from_utf8) {
        Ok(Ok(text)) => {
            let index = files.add(display.clone(), text);
            sources.push((index, kind_of(&display)));
        }
        Ok(Err(_)) => files.error(command_line, None, format!("规则文件 {display} 不是 UTF-8 文本")),
        Err(err) => files.error(
            command_line,
            None,
            format!("无法读取规则文件 {display}：{}", crate::load::describe_io(&err)),
        ),
    }
}

fn walk_toml(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) {
    // Rule directories are shallow; the depth bound also stops symbolic-link loops.
    if depth > 16 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk_toml(&path, out, depth + 1);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

fn parse<T: serde::de::DeserializeOwned>(file: &mut SourceFile) -> Option<T> {
    match toml::from_str::<T>(&file.text) {
        Ok(value) => Some(value),
        Err(err) => {
            let (message, help) = describe_toml_error(err.message().trim());
            file.error(err.span(), message);
            if let Some(d) = file.diagnostics.last_mut() {
                d.help = help;
            }
            None
        }
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// A parameter value from TOML. Decimals are read from their text as written, never through a
/// binary float.
fn param_value(files: &mut Files, file: usize, value: &Spanned<toml::Value>) -> Option<ParamValue> {
    let span = value.span();
    let parsed = match value.get_ref() {
        toml::Value::String(s) => Some(text_param(s)),
        toml::Value::Integer(i) => literal_param(&i.to_string()),
        toml::Value::Float(_) => {
            let raw = files.text(file).get(span.clone()).unwrap_or("").replace('_', "");
            literal_param(&raw)
        }
        toml::Value::Boolean(b) => Some(ParamValue::Bool(*b)),
        toml::Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
            .map(ParamValue::List),
        _ => None,
    };
    if parsed.is_none() {
        files.error(file, Some(span), "参数取值应为字符串、整数、小数、布尔值或字符串列表");
    }
    parsed
}

fn literal_param(text: &str) -> Option<ParamValue> {
    Literal::parse(text).ok().map(|literal| ParamValue::Literal { literal, text: text.to_string() })
}

fn text_param(text: &str) -> ParamValue {
    literal_param(text).unwrap_or_else(|| ParamValue::Text(text.to_string()))
}

fn cli_param_value(text: &str) -> Option<ParamValue> {
    match text {
        "true" => Some(ParamValue::Bool(true)),
        "false" => Some(ParamValue::Bool(false)),
        _ if text.starts_with('[') => serde_json::from_str::<Vec<String>>(text).ok().map(ParamValue::List),
        _ => Some(text_param(text)),
    }
}

/// An override must keep the parameter's type: a threshold stays a number.
fn compatible(default: &ParamValue, value: &ParamValue) -> bool {
    match (default.ty(), value.ty()) {
        (Ty::Num, Ty::Num) | (Ty::Bool, Ty::Bool) | (Ty::List, Ty::List) => true,
        // Text parameters (a taxonomy version such as "2021") accept numerals too.
        (Ty::Text, _) => !matches!(value, ParamValue::List(_) | ParamValue::Bool(_)),
        (Ty::Num, Ty::Text) => false,
        _ => false,
    }
}

fn override_param(
    files: &mut Files,
    params: &mut IndexMap<String, Param>,
    file: usize,
    name: &str,
    value: &Spanned<toml::Value>,
    origin: &str,
) {
    let Some(parsed) = param_value(files, file, value) else { return };
    match params.get_mut(name) {
        Some(param) if compatible(&param.default, &parsed) => {
            param.value = parsed;
            param.origin = origin.to_string();
        }
        Some(param) => {
            let default = param.default.to_string();
            files.error(
                file,
                Some(value.span()),
                format!("参数 `{name}` 的取值类型不对：默认值为 {default}"),
            );
        }
        None => {
            let hint = suggestion(name, params.keys().map(String::as_str));
            files.error(file, Some(value.span()), format!("未知参数 `{name}`{hint}"));
        }
    }
}

/// Names visible to one rule's expressions.
struct RuleScope<'a> {
    lets: Vec<(String, Ty)>,
    params: &'a [Param],
    ids: &'a BTreeMap<String, usize>,
    params_used: RefCell<BTreeSet<String>>,
    builtin: bool,
    /// How the rule set's patterns are compiled (see [`LoadOptions::searches`]).
    searches: expr::Searches,
}

impl Resolver for RuleScope<'_> {
    fn binding(&self, name: &str) -> Option<(Binding, Ty)> {
        if let Some(i) = self.lets.iter().position(|(n, _)| n == name) {
            return Some((Binding::Let(i), self.lets[i].1));
        }
        let i = self.params.iter().position(|p| p.name == name)?;
        self.params_used.borrow_mut().insert(name.to_string());
        Some((Binding::Param(i), self.params[i].value.ty()))
    }

    fn field_known(&self, field: &str) -> bool {
        crate::schema::is_known_field(field)
    }

    fn rule_index(&self, id: &str) -> Option<usize> {
        self.ids.get(id).copied()
    }

    fn binding_names(&self) -> Vec<String> {
        self.lets.iter().map(|(n, _)| n.clone()).chain(self.params.iter().map(|p| p.name.clone())).collect()
    }

    fn field_names(&self) -> Vec<String> {
        crate::schema::known_field_names().iter().map(|name| (*name).to_string()).collect()
    }

    fn rule_ids(&self) -> Vec<String> {
        self.ids.keys().cloned().collect()
    }

    fn defer_patterns(&self) -> bool {
        self.builtin
    }

    fn searches(&self) -> expr::Searches {
        self.searches
    }
}

/// Where an expression's byte range lands in the TOML text. Exact for literal strings
/// (`'…'`, `'''…'''`) and for basic strings (`"…"`, `"""…"""`), whose escapes (`\"` is common:
/// `"$.kind == \"department_overall\""`) are mapped back to the text as written; the whole string
/// when the text does not decode to the value.
fn inner_span(text: &str, string_span: Range<usize>, inner: Range<usize>, value: &str) -> Range<usize> {
    let raw = text.get(string_span.clone()).unwrap_or("");
    let delimiter = ["'''", "\"\"\"", "'", "\""].into_iter().find(|d| raw.starts_with(d)).unwrap_or("");
    let mut body_start = string_span.start + delimiter.len();
    if delimiter.len() == 3 {
        // TOML drops a newline right after the opening delimiter of a multi-line string.
        let rest = text.get(body_start..).unwrap_or("");
        if rest.starts_with("\r\n") {
            body_start += 2;
        } else if rest.starts_with('\n') {
            body_start += 1;
        }
    }
    // An empty span (the end of the expression) still underlines one character.
    let end = match value.get(inner.start..).and_then(|rest| rest.chars().next()) {
        Some(c) if inner.is_empty() => inner.start + c.len_utf8(),
        _ => inner.end,
    };
    if inner.start > end || end > value.len() {
        return string_span;
    }
    if text.get(body_start..body_start + value.len()) == Some(value) {
        return body_start + inner.start..body_start + end;
    }
    let body_end = string_span.end.saturating_sub(delimiter.len()).max(body_start);
    let body = text.get(body_start..body_end).unwrap_or("");
    let offsets = if delimiter.starts_with('"') { basic_string_offsets(body, value) } else { None };
    match offsets.as_deref().map(|offsets| (offsets.get(inner.start), offsets.get(end))) {
        Some((Some(&start), Some(&end))) => body_start + start..body_start + end,
        _ => string_span,
    }
}

/// For the body of a TOML basic string that decodes to `value`: the offset in the body of each
/// byte of `value`, and of its end. `None` when the body does not decode to `value`.
fn basic_string_offsets(body: &str, value: &str) -> Option<Vec<usize>> {
    let mut offsets = Vec::with_capacity(value.len() + 1);
    let mut decoded = String::with_capacity(value.len());
    let mut at = 0;
    while decoded.len() < value.len() {
        let c = body.get(at..)?.chars().next()?;
        if c != '\\' {
            offsets.extend((0..c.len_utf8()).map(|k| at + k));
            decoded.push(c);
            at += c.len_utf8();
            continue;
        }
        let hex = |digits: usize| {
            let code = body.get(at + 2..at + 2 + digits)?;
            if !code.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            char::from_u32(u32::from_str_radix(code, 16).ok()?).map(|c| (c, 2 + digits))
        };
        let (escaped, len) = match body.get(at + 1..)?.chars().next()? {
            'b' => ('\u{8}', 2),
            't' => ('\t', 2),
            'n' => ('\n', 2),
            'f' => ('\u{c}', 2),
            'r' => ('\r', 2),
            'e' => ('\u{1b}', 2),
            '"' => ('"', 2),
            '\\' => ('\\', 2),
            'x' => hex(2)?,
            'u' => hex(4)?,
            'U' => hex(8)?,
            ' ' | '\t' | '\r' | '\n' => {
                // A backslash ending a line of a multi-line string drops the line break and the
                // whitespace after it.
                let rest = body.get(at + 1..)?;
                at += 1 + rest.len() - rest.trim_start_matches([' ', '\t', '\r', '\n']).len();
                continue;
            }
            _ => return None,
        };
        offsets.extend(std::iter::repeat_n(at, escaped.len_utf8()));
        decoded.push(escaped);
        at += len;
    }
    offsets.push(at);
    (decoded == value).then_some(offsets)
}

/// Compiles one rule: its `let`s, conditions, templates, `select`, `at` and fixtures, each by a
/// phase of its own, every problem reported into the rule's file. `None` when any failed.
fn compile_rule(
    file: &mut SourceFile,
    raw: &RawRule,
    params: &[Param],
    ids: &BTreeMap<String, usize>,
    deferral: Option<&Deferral>,
    searches: expr::Searches,
) -> Option<Rule> {
    let errors_before = file.diagnostics.len();
    let mut compiler = RuleCompiler {
        scope: RuleScope {
            lets: Vec::new(),
            params,
            ids,
            params_used: RefCell::new(BTreeSet::new()),
            builtin: file.builtin,
            searches,
        },
        text: file.text.clone(),
        deferral,
        deferred_scope: OnceCell::new(),
    };
    let severity = parse_severity(file, &raw.severity);
    let lets = compiler.lets(file, raw);
    let when = raw.when.as_ref().map(|w| compiler.condition(file, w));
    let assert = compiler.condition(file, &raw.assert);
    let escalate = compiler.escalations(file, raw);
    let message = compiler.template(file, &raw.message);
    let help = compiler.template(file, &raw.help);
    let actual = raw.actual.as_ref().map(|t| compiler.template(file, t));
    let expected = raw.expected.as_ref().map(|t| compiler.template(file, t));
    let select = compile_select(file, raw);
    let at = compiler.anchors(file, raw);
    let examples = raw.examples.as_ref().map(|e| (e.fail.get_ref().clone(), e.pass.get_ref().clone()));
    let tests = compile_tests(file, raw);
    let source_documents = compile_sources(file, &raw.sources);

    if file.diagnostics.len() > errors_before {
        return None;
    }
    let severity = severity?;
    let params_used = compiler.scope.params_used.borrow().iter().cloned().collect();
    let (when, assert) = (when.flatten(), assert?);
    let native = expr::Native::find(raw.id.get_ref(), &lets, when.as_ref(), &assert);
    Some(Rule {
        id: raw.id.get_ref().clone(),
        title: raw.title.get_ref().clone(),
        severity,
        default_severity: severity,
        category: raw.category.get_ref().clone(),
        basis: raw.basis.get_ref().trim().to_string(),
        description: raw.description.get_ref().trim().to_string(),
        missing_data: raw.missing_data.get_ref().trim().to_string(),
        file: file.path.clone(),
        enabled: true,
        select,
        lets,
        when,
        assert,
        native,
        at,
        message: message?,
        help: help?,
        actual: actual.flatten(),
        expected: expected.flatten(),
        escalate,
        params_used,
        examples,
        tests,
        sources: RuleSources {
            when: raw.when.as_ref().map(|w| w.get_ref().clone()),
            assert: raw.assert.get_ref().clone(),
            lets: raw.lets.iter().map(|(n, s)| (n.clone(), s.get_ref().clone())).collect(),
        },
        source_documents,
    })
}

/// The names one rule's expressions see, and the rule file's text, for compiling its
/// expressions and templates with errors underlined inside the TOML string they come from.
struct RuleCompiler<'a> {
    scope: RuleScope<'a>,
    text: Cow<'static, str>,
    /// Set for a built-in rule of a check: its templates are compiled when first rendered.
    deferral: Option<&'a Deferral>,
    /// The names the rule's deferred templates resolve, made for its first one.
    deferred_scope: OnceCell<Arc<TemplateScope>>,
}

impl RuleCompiler<'_> {
    fn report(&self, file: &mut SourceFile, source: &Spanned<String>, err: ExprError) {
        let span = inner_span(&self.text, source.span(), err.span.clone(), source.get_ref());
        file.error_with_help(span, format!("表达式错误：{}", err.message), err.help.clone());
    }

    /// The `[let]` values in order: each may use those before it.
    fn lets(&mut self, file: &mut SourceFile, raw: &RawRule) -> Vec<(String, Expr)> {
        let mut lets = Vec::new();
        for (name, source) in &raw.lets {
            match Expr::compile(source.get_ref(), &self.scope) {
                Ok(e) => {
                    self.scope.lets.push((name.clone(), e.ty()));
                    lets.push((name.clone(), e));
                }
                Err(err) => {
                    self.report(file, source, err);
                    // Keep the name so later expressions do not report it as unknown too.
                    self.scope.lets.push((name.clone(), Ty::Any));
                }
            }
        }
        lets
    }

    /// A condition (`when`, `assert`, an escalation's `when`): an expression whose value is a
    /// truth.
    fn condition(&self, file: &mut SourceFile, source: &Spanned<String>) -> Option<Expr> {
        match Expr::compile(source.get_ref(), &self.scope) {
            Ok(e) if !matches!(e.ty(), Ty::Bool | Ty::Any) => {
                file.error(Some(source.span()), "条件表达式的结果应为布尔值（true/false）");
                None
            }
            Ok(e) => Some(e),
            Err(err) => {
                self.report(file, source, err);
                None
            }
        }
    }

    fn escalations(&self, file: &mut SourceFile, raw: &RawRule) -> Vec<(Expr, Severity)> {
        let mut escalate = Vec::new();
        for entry in &raw.escalate {
            let cond = self.condition(file, &entry.when);
            let sev = parse_severity(file, &entry.severity);
            if let (Some(c), Some(s)) = (cond, sev) {
                escalate.push((c, s));
            }
        }
        escalate
    }

    fn template(&self, file: &mut SourceFile, source: &Spanned<String>) -> Option<Template> {
        // Any mention of `fired` compiles now: the rules it reads order the pack.
        if let Some(deferral) = self.deferral
            && !source.get_ref().contains("fired")
        {
            let scope = self.deferred_scope.get_or_init(|| {
                Arc::new(TemplateScope {
                    lets: self.scope.lets.clone(),
                    params: Arc::clone(&deferral.params),
                    ids: Arc::clone(&deferral.ids),
                })
            });
            return Some(Template::deferred(source.get_ref(), Arc::clone(scope)));
        }
        match Template::compile(source.get_ref(), &self.scope) {
            Ok(t) => Some(t),
            Err(err) => {
                self.report(file, source, err);
                None
            }
        }
    }

    /// The `at` entries: a field path, or `{ path = "…", when = "…" }` to underline that field
    /// only when the condition holds (e.g. the level that is actually wrong).
    fn anchors(&self, file: &mut SourceFile, raw: &RawRule) -> Vec<(Option<Expr>, Vec<PathStep>)> {
        let mut at = Vec::new();
        let at_span = raw.at.as_ref().map(Spanned::span);
        let at_items: Vec<toml::Value> = match raw.at.as_ref().map(Spanned::get_ref) {
            None => Vec::new(),
            Some(toml::Value::Array(items)) => items.clone(),
            Some(other) => vec![other.clone()],
        };
        for item in at_items {
            let (path, condition) = match &item {
                toml::Value::String(path) => (path.clone(), None),
                toml::Value::Table(table) => {
                    match (table.get("path").and_then(toml::Value::as_str), table.len()) {
                        (Some(path), 1) => (path.to_string(), None),
                        (Some(path), 2) if table.get("when").is_some_and(toml::Value::is_str) => (
                            path.to_string(),
                            table.get("when").and_then(toml::Value::as_str).map(str::to_string),
                        ),
                        _ => {
                            file.error(
                                at_span.clone(),
                                "`at` 的条目应为字段路径，或 { path = \"…\", when = \"…\" }",
                            );
                            continue;
                        }
                    }
                }
                _ => {
                    file.error(at_span.clone(), "`at` 应为字段路径字符串或列表");
                    continue;
                }
            };
            let steps = match expr::parse_field_path(&path) {
                Ok(steps) => steps,
                Err(err) => {
                    file.error(at_span.clone(), format!("`at` 路径 `{path}` 无效：{}", err.message));
                    continue;
                }
            };
            let condition = match condition {
                Some(source) => match Expr::compile(&source, &self.scope) {
                    Ok(e) => Some(e),
                    Err(err) => {
                        file.error(at_span.clone(), format!("`at` 中 `{path}` 的条件有误：{}", err.message));
                        continue;
                    }
                },
                None => None,
            };
            at.push((condition, steps));
        }
        at
    }
}

/// The rule's `select`: one JSONPath or a list (default `$`), each compiled, with its text.
fn compile_select(file: &mut SourceFile, raw: &RawRule) -> Vec<SelectPath> {
    let mut select = Vec::new();
    let select_values: Vec<String> = match raw.select.as_ref().map(Spanned::get_ref) {
        None => vec!["$".to_string()],
        Some(toml::Value::String(s)) => vec![s.clone()],
        Some(toml::Value::Array(items)) if items.iter().all(toml::Value::is_str) => {
            items.iter().filter_map(|i| i.as_str().map(str::to_string)).collect()
        }
        Some(_) => {
            file.error(raw.select.as_ref().map(Spanned::span), "`select` 应为 JSONPath 字符串或字符串列表");
            Vec::new()
        }
    };
    for path in select_values {
        if super::evaluate::walks_directly(&path) {
            select.push(SelectPath::deferred(path));
            continue;
        }
        match serde_json_path::JsonPath::parse(&path) {
            Ok(compiled) => select.push(SelectPath::compiled(path, compiled)),
            Err(err) => file.error(
                raw.select.as_ref().map(Spanned::span),
                format!("`select` 中的 JSONPath `{path}` 无效：{err}"),
            ),
        }
    }
    select
}

/// The rule's `[[tests]]`, with their parameter overrides as text.
fn compile_tests(file: &mut SourceFile, raw: &RawRule) -> Vec<RuleTest> {
    let mut tests = Vec::new();
    for t in &raw.tests {
        let expect_fire = match t.expect.get_ref().as_str() {
            "fail" => true,
            "pass" => false,
            other => {
                file.error(
                    Some(t.expect.span()),
                    format!("`expect` 应为 \"fail\" 或 \"pass\"，而不是 \"{other}\""),
                );
                continue;
            }
        };
        let mut overrides = Vec::new();
        for (name, value) in &t.params {
            let text_value = match value.get_ref() {
                toml::Value::String(s) => s.clone(),
                toml::Value::Float(_) => file.text.get(value.span()).unwrap_or("").to_string(),
                toml::Value::Integer(i) => i.to_string(),
                toml::Value::Boolean(b) => b.to_string(),
                toml::Value::Array(items) => {
                    serde_json::to_string(&items.iter().filter_map(|i| i.as_str()).collect::<Vec<_>>())
                        .unwrap_or_default()
                }
                _ => String::new(),
            };
            overrides.push((name.clone(), text_value));
        }
        tests.push(RuleTest {
            name: t.name.clone(),
            expect_fire,
            count: t.count,
            pointer: t.pointer.clone(),
            params: overrides,
            report: t.report.get_ref().clone(),
        });
    }
    tests
}

/// The `[[sources]]` of a rule, checked: a title to cite, and a url a reader can open.
fn compile_sources(file: &mut SourceFile, raw: &[RawSource]) -> Vec<SourceDocument> {
    let mut out = Vec::with_capacity(raw.len());
    for source in raw {
        let title = source.title.get_ref().trim();
        if title.is_empty() {
            file.error(Some(source.title.span()), "来源的 `title` 不能为空：写明文件名称");
        }
        if let Some(url) = &source.url {
            let text = url.get_ref().trim();
            let scheme = text.strip_prefix("https://").or_else(|| text.strip_prefix("http://"));
            if scheme.is_none_or(|rest| rest.is_empty() || rest.contains(char::is_whitespace)) {
                file.error(
                    Some(url.span()),
                    format!(
                        "来源的 `url` 应为以 http:// 或 https:// 开头、不含空白的网址，而不是 \"{text}\""
                    ),
                );
            }
        }
        let optional = |text: &Option<String>| {
            text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(String::from)
        };
        out.push(SourceDocument {
            title: title.to_string(),
            number: optional(&source.number),
            url: source.url.as_ref().map(|u| u.get_ref().trim().to_string()),
            verified: source.verified,
            note: optional(&source.note),
        });
    }
    out
}

fn parse_severity(file: &mut SourceFile, raw: &Spanned<String>) -> Option<Severity> {
    let parsed = Severity::parse(raw.get_ref());
    if parsed.is_none() {
        file.error(
            Some(raw.span()),
            format!("严重程度 `{}` 无效：应为 error、warning 或 info", raw.get_ref()),
        );
    }
    parsed
}

/// Rules in an order where every rule runs after those its `fired()` calls name.
fn evaluation_order(rules: &[Rule]) -> Result<Vec<usize>, Vec<String>> {
    let deps: Vec<Vec<usize>> = rules.iter().map(dependencies).collect();
    let mut state = vec![0u8; rules.len()]; // 0 new, 1 in progress, 2 done
    let mut order = Vec::with_capacity(rules.len());
    for start in 0..rules.len() {
        // Iterative depth-first search: rule packs written by users must not overflow the stack.
        let mut stack = vec![(start, 0usize)];
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if *next == 0 {
                if state[node] == 2 {
                    stack.pop();
                    continue;
                }
                state[node] = 1;
            }
            if let Some(&dep) = deps[node].get(*next) {
                *next += 1;
                match state.get(dep) {
                    Some(0) => stack.push((dep, 0)),
                    Some(1) => {
                        let mut cycle: Vec<String> =
                            stack.iter().map(|(i, _)| rules[*i].id.clone()).collect();
                        cycle.push(rules[dep].id.clone());
                        return Err(cycle);
                    }
                    _ => {}
                }
            } else {
                state[node] = 2;
                order.push(node);
                stack.pop();
            }
        }
    }
    Ok(order)
}

/// The rules whose findings `rule` reads through `fired(…)`, in any expression or template.
pub(crate) fn dependencies(rule: &Rule) -> Vec<usize> {
    let mut deps: Vec<usize> = rule.expressions().flat_map(Expr::fired_dependencies).collect();
    deps.extend(rule.templates().flat_map(Template::fired_dependencies));
    deps.sort_unstable();
    deps.dedup();
    deps
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A check reads the built-in pack's templates as written and compiles each when it is first
    /// rendered: they must all compile, and give the findings the same texts as when they are
    /// compiled as the pack loads.
    #[test]
    fn builtin_templates_kept_as_written_compile_and_render_the_same() {
        let loaded = |skip_builtin_fixtures| {
            let options = LoadOptions { builtin: true, skip_builtin_fixtures, ..LoadOptions::default() };
            let Ok(set) = load(&options) else { panic!("the built-in pack loads") };
            set
        };
        let (deferring, compiled) = (loaded(true), loaded(false));
        let mut findings = 0;
        for example in ["examples/huadu-2022.json", "examples/project-sample.json"] {
            let text = std::fs::read_to_string(example).expect("example");
            let report: serde_json::Value = serde_json::from_str(&text).expect("JSON");
            let texts = |set: &RuleSet| -> Vec<_> {
                set.run(&report)
                    .into_iter()
                    .map(|d| (d.code, d.message, d.help, d.actual, d.expected))
                    .collect()
            };
            let expected = texts(&compiled);
            assert_eq!(texts(&deferring), expected, "{example}");
            findings += expected.len();
        }
        assert!(findings >= 10, "only {findings} findings");
        let mut templates = 0;
        for rule in &deferring.rules {
            for template in rule.templates() {
                assert!(template.compiles(), "a template of {} does not compile", rule.id);
                templates += 1;
            }
        }
        assert!(templates > 60, "only {templates} templates");
    }

    /// The built-in pack's patterns are compiled when a report first needs them, not when the
    /// pack loads: they must all compile.
    #[test]
    fn builtin_patterns_compile() {
        let options = LoadOptions {
            builtin: true,
            extra: Vec::new(),
            profile: None,
            config: None,
            params: Vec::new(),
            skip_builtin_fixtures: false,
            skip_builtin_sources: false,
            searches: expr::Searches::Many,
        };
        let Ok(set) = load(&options) else { panic!("the built-in pack loads") };
        let mut expressions = 0;
        for rule in &set.rules {
            let exprs = rule.expressions().chain(rule.templates().flat_map(Template::holes));
            for expr in exprs {
                assert!(expr.patterns_compile(), "a pattern of {} does not compile", rule.id);
                expressions += 1;
            }
        }
        assert!(expressions > 100, "only {expressions} expressions walked");
    }

    /// The text `inner_span` underlines for `inner` (a range of the decoded value) in `toml`.
    fn underlined(toml: &str, value: &str, inner: Range<usize>) -> String {
        let start = toml.find(['"', '\'']).unwrap_or(0);
        toml[inner_span(toml, start..toml.len(), inner, value)].to_string()
    }

    #[test]
    fn spans_inside_strings_without_escapes() {
        assert_eq!(underlined("'summ(@.a) > 0'", "summ(@.a) > 0", 0..4), "summ");
        assert_eq!(underlined("\"summ(@.a) > 0\"", "summ(@.a) > 0", 0..4), "summ");
        assert_eq!(underlined("'\'\'\nsum(x)\'\'\'", "sum(x)", 4..5), "x");
        // An empty span at the end of the expression underlines its last character.
        assert_eq!(underlined("'1 +'", "1 +", 2..2), "+");
        assert_eq!(underlined("'1 + 中'", "1 + 中", 4..4), "中");
    }

    #[test]
    fn spans_inside_basic_strings_with_escapes() {
        let toml = r#""$.kind == \"x\" and summ(1) > 0""#;
        let value = "$.kind == \"x\" and summ(1) > 0";
        let at = value.find("summ").unwrap_or(0);
        assert_eq!(underlined(toml, value, at..at + 4), "summ");
        assert_eq!(underlined(toml, value, 10..13), "\\\"x\\\"");
        let toml = r#""matches(@.name, \"\\d+\") and \u4e2d + q""#;
        let value = "matches(@.name, \"\\d+\") and 中 + q";
        assert_eq!(underlined(toml, value, value.len() - 1..value.len()), "q");
        assert_eq!(underlined(toml, value, value.find('中').unwrap_or(0)..value.len() - 4), "\\u4e2d");
        let toml = "\"\"\"\na + \\\n    b\"\"\"";
        assert_eq!(underlined(toml, "a + b", 4..5), "b");
    }

    #[test]
    fn text_that_does_not_decode_to_the_value_gives_the_whole_string() {
        assert_eq!(underlined("\"a\\qb\"", "aqb", 1..2), "\"a\\qb\"");
        assert_eq!(underlined("\"abc\"", "xyz", 0..1), "\"abc\"");
        assert_eq!(underlined("\"abc\"", "abc", 2..9), "\"abc\"");
    }
}
