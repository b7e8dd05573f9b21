//! What every subcommand that reads rules or reports does first: the configuration read, the
//! rules loaded, the inputs listed, the terminal's style chosen.

use crate::alloc::{release_freed_memory, small_pages_from_now};
use crate::args::{Color, FailOn, InputArgs, RuleArgs};
use crate::error::{CliError, EXIT_INTERNAL, EXIT_USAGE};
use crate::output::refuse_inputs_as_outputs;
use jixiao::config::Config;
use jixiao::diagnostic::Severity;
use jixiao::diagnostic::{FileReport, IndexedSource};
use jixiao::import::Importer;
use jixiao::load::Limits;
use jixiao::render::human;
use jixiao::rules::expr::Searches;
use jixiao::rules::{self, LoadOptions, RuleSet};
use jixiao::run::Outcome;
use jixiao::run::inputs::{Inputs, Selection};
use jixiao::suppress::Ignore;
use std::io::IsTerminal;
use std::path::PathBuf;

/// The rules' load options from the command line and `jixiao.toml` (given, found from the
/// working directory upwards, or none with `--no-config`).
pub fn rule_options(args: &RuleArgs) -> Result<LoadOptions, CliError> {
    Ok(LoadOptions {
        builtin: !args.no_default_rules,
        extra: args.extra.clone(),
        profile: args.profile.clone(),
        config: read_config(args.config.as_deref(), args.no_config)?,
        params: args.params.clone(),
        skip_builtin_fixtures: false,
        skip_builtin_sources: false,
        searches: Searches::Many,
    })
}

/// `jixiao.toml`: the one given, else the nearest from the working directory upwards, or none
/// with `--no-config`. A file that cannot be parsed is reported with its problems underlined.
pub fn read_config(given: Option<&std::path::Path>, no_config: bool) -> Result<Option<Config>, CliError> {
    let config_path = if no_config {
        None
    } else if let Some(path) = given {
        Some(path.to_path_buf())
    } else {
        std::env::current_dir().ok().and_then(|dir| jixiao::config::discover(&dir))
    };
    let config = match config_path {
        Some(path) => {
            let (path_text, text) = jixiao::config::read(&path)
                .map_err(|err| CliError::usage(format!("无法读取配置文件 {}：{err}", path.display())))?;
            match Config::parse(path_text.clone(), text.clone()) {
                Ok(config) => Some(config),
                Err(diagnostic) => {
                    let report = FileReport {
                        source: Some(IndexedSource::new(path_text.clone(), text)),
                        path: path_text,
                        department: None,
                        diagnostics: vec![diagnostic],
                    };
                    return Err(problems(&[report]));
                }
            }
        }
        None => None,
    };
    Ok(config)
}

/// Rule or configuration files that cannot be used, rendered for the terminal, as a usage error.
fn problems(reports: &[FileReport]) -> CliError {
    CliError::usage(human::render_problems(reports, style(Color::Auto)))
}

pub fn load_rules(args: &RuleArgs) -> Result<RuleSet, CliError> {
    let options = rule_options(args)?;
    load_with(&options)
}

pub fn load_with(options: &LoadOptions) -> Result<RuleSet, CliError> {
    rules::load(options).map_err(|reports| problems(&reports))
}

pub fn style(color: Color) -> human::Style {
    let enabled = match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let width = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).unwrap_or(100);
    human::Style { color: enabled, width }
}

/// What a run needs before the first file is checked: the rules, the configuration's
/// `[[ignore]]` entries, the inputs found, the limits.
pub struct Prepared {
    /// Kept until the process ends: it is never dropped, which would take longer than exiting.
    pub rule_set: &'static RuleSet,
    pub ignores: Vec<Ignore>,
    pub config: Option<Config>,
    pub inputs: Inputs,
    pub limits: Limits,
    /// How office and text documents are read; kept until the process ends, like the rules.
    pub importer: &'static Importer,
}

/// Up to this many files, a run's patterns are compiled for a few texts: compiling them and
/// building their automata as they search saves about 0.35 ms a run, and the searches without
/// them cost about 18 µs more a report (a realistic report has about 20 texts a pattern reads).
const FEW_FILES: usize = 8;

/// Loads the rules for a run that checks reports (the built-in rules are read without the
/// examples and tests that only `explain`, `rules` and `test` use), builds the ignores, lists
/// the inputs and refuses outputs that are inputs.
///
/// The built-in rules' `[[sources]]` are read only when `with_sources` (SARIF links each rule to
/// its official source); no other output of a check shows them.
pub fn prepare(
    paths: &[PathBuf],
    outputs: &[&std::path::Path],
    input: &InputArgs,
    rule_args: &RuleArgs,
    with_sources: bool,
) -> Result<Prepared, CliError> {
    // Decided before the rules load: a long run holds no huge page at all (a directory or more
    // than one batch of paths is a long run; see [`small_pages_from_now`]), and a run of a few
    // files compiles its patterns for a few texts.
    // A long list of paths is not looked at: listing the inputs reads each one once.
    let long_run = paths.len() > jixiao::run::ONE_BATCH || paths.iter().any(|path| path.is_dir());
    if long_run {
        small_pages_from_now();
    }
    let searches = if !long_run && paths.len() <= FEW_FILES { Searches::Few } else { Searches::Many };
    let mut options = LoadOptions {
        skip_builtin_fixtures: true,
        skip_builtin_sources: !with_sources,
        searches,
        ..rule_options(rule_args)?
    };
    let rule_set: &'static RuleSet = Box::leak(Box::new(load_with(&options)?));
    let config = options.config.take();
    let ignores = match &config {
        Some(config) => Ignore::from_config(config, rule_set).map_err(|report| problems(&[report]))?,
        None => Vec::new(),
    };
    let importer: &'static Importer = Box::leak(Box::new(importer(&input.forms, config.as_ref())?));
    let limits =
        Limits { max_file_bytes: input.max_file_size.saturating_mul(1024 * 1024), ..Limits::default() };
    let selection = Selection::new(&input.include, &input.exclude).map_err(CliError::usage)?;
    let inputs = jixiao::run::inputs::collect_with(paths, &selection);
    // A run of one batch takes again at once what loading and listing freed (see
    // [`release_freed_memory`]).
    if inputs.files.len() > jixiao::run::ONE_BATCH {
        release_freed_memory();
    }
    refuse_inputs_as_outputs(&inputs.files, outputs)?;
    Ok(Prepared { rule_set, ignores, config, inputs, limits, importer })
}

/// The form layouts in force: the built-in ones, those named by `forms` in `jixiao.toml`
/// (relative to that file), and those of `--forms`.
pub fn importer(forms: &[PathBuf], config: Option<&Config>) -> Result<Importer, CliError> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    if let Some(config) = config {
        let base = std::path::Path::new(&config.path).parent().unwrap_or(std::path::Path::new(""));
        dirs.extend(config.settings.forms.iter().map(|dir| base.join(dir)));
    }
    dirs.extend(forms.iter().cloned());
    Importer::with_forms(true, &dirs).map_err(|err| CliError::usage(format!("版式文件无法使用：{err}")))
}

/// The exit code when jixiao failed on a file (3) or an input could not be read (2), which
/// take precedence over findings.
pub fn failure_exit(outcome: &Outcome) -> Option<u8> {
    if outcome.internal {
        Some(EXIT_INTERNAL)
    } else if outcome.unreadable {
        Some(EXIT_USAGE)
    } else {
        None
    }
}

pub fn fail_on(level: FailOn) -> Option<Severity> {
    match level {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    }
}
