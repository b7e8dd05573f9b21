//! The `jixiao` command line: parse arguments, call the library, render, exit.

use clap::{Args, Parser, Subcommand, ValueEnum};
use jixiao::check::Checker;
use jixiao::diagnostic::Severity;
use jixiao::load::Limits;
use jixiao::render::remediation::{self, Form};
use jixiao::render::stream::{Output, Streaming};
use jixiao::render::{self, human};
use jixiao::rules::{self, LoadOptions, RuleSet};
use jixiao::run::inputs::{Inputs, Paths};
use jixiao::run::{Outcome, Suppressions, TemporaryFile};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

// Checking a report allocates many small values (the parsed document, rule values, messages);
// mimalloc serves them markedly faster than the system allocator. It is built without
// transparent huge pages (`no_thp`): with them, memory is taken and zeroed 2 MB at a time,
// which roughly doubled the peak memory of a run and slowed a one-report run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const EXAMPLES: &str = "\
示例 / Examples:
  jixiao check examples/huadu-2022.json          检查一份报告
  jixiao check reports/ --format json            检查目录下所有 *.json，输出 JSON
  jixiao check reports/ --profile huangpu        按黄埔区参数（100万元以上项目须年中监控）检查
  jixiao check reports/ --format sarif --output junit=junit.xml
                                                 SARIF 输出到标准输出，同时写 JUnit 文件
  jixiao remediate reports/ --format xlsx -o 整改清单.xlsx
                                                 生成可分发的整改清单（md、csv、xlsx）
  jixiao check r.json --param execution_rate_warn_below=95%
  jixiao explain execution-rate-mismatch         规则说明、依据、参数和示例
  jixiao rules --format md                       列出全部规则
  jixiao test my-rules/                          运行自定义规则的示例和测试
  jixiao schema > report.schema.json             导出报告格式（JSON Schema）

退出码 / Exit codes:
  0  没有达到 --fail-on 级别的问题 / nothing at or above --fail-on
  1  发现达到 --fail-on 级别的问题 / findings at or above --fail-on
  2  用法错误、规则文件错误或输入文件无法读取 / usage error, bad rule file, or an unreadable input
  3  内部错误（请报告）/ internal error in jixiao (please report it)";

#[derive(Parser)]
#[command(
    name = "jixiao",
    version,
    about = "绩效自评报告合规检查 / compliance checker for budget performance self-evaluation reports",
    long_about = "jixiao（绩效）用声明式规则检查部门整体支出绩效自评报告和项目支出绩效自评表（JSON 格式）：\
执行率是否算对、得分与等级是否一致、指标能否量化、大额项目是否年中监控……并在报告中标出有问题的数值。\n\n\
jixiao checks budget performance self-evaluation reports (JSON) against declarative rules and \
underlines the offending values.",
    after_help = EXAMPLES
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 检查报告（文件或目录）/ Check reports (files, or directories searched for *.json)
    Check(CheckArgs),
    /// 生成整改清单（Markdown、CSV、Excel）/ Turn findings into a remediation list (整改清单)
    Remediate(RemediateArgs),
    /// 输出报告格式的 JSON Schema / Print the report JSON Schema
    Schema {
        /// 输出规则文件的 schema / print the rule-file schema instead
        #[arg(long)]
        rules: bool,
    },
    /// 列出规则 / List the rules
    Rules {
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// 解释一条规则：依据、参数、示例 / Explain a rule: why, basis, parameters, example
    Explain {
        /// 规则 id，如 execution-rate-mismatch
        id: String,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// 运行规则文件中的示例和测试 / Run the examples and tests of rule files
    Test {
        /// 规则文件或目录 / rule file or directory
        path: PathBuf,
        /// 同时加载内置规则（自定义规则使用内置参数时需要）/ load the built-in pack too
        #[arg(long)]
        with_builtin: bool,
    },
}

#[derive(Args)]
struct CheckArgs {
    /// 报告文件或目录 / report files or directories
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// 输出格式 / output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// 达到该级别的问题使退出码为 1 / exit 1 on findings at or above this level
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
    /// 颜色 / colour
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// 只输出汇总（按部门的汇总表和总数）/ print only the summary (per-department table and totals)
    #[arg(short, long, visible_alias = "summary-only")]
    quiet: bool,
    /// 只对基线文件中没有的问题报错 / fail only on findings not recorded in this baseline
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// 把当前的问题记录为基线文件 / record the current findings as a baseline
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// 另外写入文件，如 sarif=out.sarif（可重复）/ also write FORMAT to PATH (repeatable)
    #[arg(long = "output", value_name = "FORMAT=PATH", value_parser = parse_output)]
    outputs: Vec<OutputSpec>,
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    rules: RuleArgs,
}

#[derive(Args, Clone)]
struct InputArgs {
    /// 单个文件大小上限（MB）/ largest file accepted, in MB
    #[arg(long, default_value_t = 256, value_name = "MB")]
    max_file_size: u64,
}

#[derive(Args)]
struct RemediateArgs {
    /// 报告文件或目录 / report files or directories
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// 整改清单格式 / format of the list
    #[arg(long, value_enum, default_value_t = ListFormatRemediation::Md)]
    format: ListFormatRemediation,
    /// 输出文件（xlsx 必须指定）/ output file (required for xlsx)
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    rules: RuleArgs,
}

#[derive(Args, Clone)]
struct RuleArgs {
    /// 追加自定义规则（文件或目录，可重复）/ add rules from a file or directory (repeatable)
    #[arg(long = "rules", value_name = "PATH")]
    extra: Vec<PathBuf>,
    /// 不加载内置规则 / do not load the built-in pack
    #[arg(long)]
    no_default_rules: bool,
    /// 地区配置：national、huadu、huangpu… / regional profile
    #[arg(long, value_name = "NAME")]
    profile: Option<String>,
    /// 覆盖参数，如 monitoring_threshold=100万元 / override a parameter (repeatable)
    #[arg(long = "param", value_name = "NAME=VALUE", value_parser = parse_param)]
    params: Vec<(String, String)>,
    /// 配置文件（默认从当前目录向上查找 jixiao.toml）/ configuration file
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// 不读取 jixiao.toml / ignore jixiao.toml
    #[arg(long)]
    no_config: bool,
}

fn parse_param(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => {
            Ok((name.trim().to_string(), value.trim().to_string()))
        }
        _ => Err(format!("应为 NAME=VALUE，例如 monitoring_threshold=100万元，而不是 `{text}`")),
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// 带标注的人类可读输出 / annotated output for people
    Human,
    /// 稳定的 JSON（见 README）/ the stable JSON contract
    Json,
    /// SARIF 2.1.0（代码扫描）/ SARIF 2.1.0 for code scanning
    Sarif,
    /// JUnit XML
    Junit,
    /// GitHub Actions 注释 / GitHub Actions workflow commands
    Github,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ListFormatRemediation {
    /// Markdown 表格 / Markdown tables
    Md,
    /// CSV（UTF-8 带 BOM，Excel 可直接打开）/ CSV, UTF-8 with BOM for Excel
    Csv,
    /// Excel 工作簿（须配合 -o）/ Excel workbook (needs -o)
    Xlsx,
}

/// `--output FORMAT=PATH`.
#[derive(Clone)]
struct OutputSpec {
    format: Format,
    path: PathBuf,
}

fn parse_output(text: &str) -> Result<OutputSpec, String> {
    let Some((format, path)) = text.split_once('=') else {
        return Err(format!("应为 FORMAT=PATH，例如 sarif=out.sarif，而不是 `{text}`"));
    };
    let format = Format::from_str(format.trim(), true)
        .map_err(|_| format!("未知格式 `{format}`：可用 human、json、sarif、junit、github"))?;
    if path.trim().is_empty() {
        return Err("输出路径为空".to_string());
    }
    Ok(OutputSpec { format, path: PathBuf::from(path.trim()) })
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Table,
    Json,
    Md,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

const EXIT_FINDINGS: u8 = 1;
const EXIT_USAGE: u8 = 2;
const EXIT_INTERNAL: u8 = 3;

fn main() -> ExitCode {
    return_freed_memory_promptly();
    // A panic while checking a file is reported as that file's `internal-error` diagnostic;
    // the default hook would also print a raw panic message in the middle of the output.
    std::panic::set_hook(Box::new(|_| {}));
    let cli = Cli::parse();
    // Anything that fails outside the per-file isolation (loading rules, rendering, writing) still
    // ends with a message asking for a report and exit code 3, never with a bare panic.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| dispatch(cli))).unwrap_or_else(|payload| {
        let detail = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "未知错误".to_string());
        eprintln!("jixiao 发生内部错误（{detail}）；请将所用命令、输入文件和此信息报告给 jixiao 的维护者");
        ExitCode::from(EXIT_INTERNAL)
    })
}

fn dispatch(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Check(args) => check(args),
        Command::Remediate(args) => remediate(args),
        Command::Schema { rules } => {
            let text = if rules { jixiao::schema::RULES_SCHEMA } else { jixiao::schema::REPORT_SCHEMA };
            write_stdout(text);
            ExitCode::SUCCESS
        }
        Command::Rules { format, rules } => match load_rules(&rules) {
            Ok(set) => {
                let text = match format {
                    ListFormat::Table => render::docs::table(&set),
                    ListFormat::Json => render::docs::json(&set),
                    ListFormat::Md => render::docs::markdown(&set),
                };
                write_stdout(&text);
                ExitCode::SUCCESS
            }
            Err(code) => code,
        },
        Command::Explain { id, rules } => match load_rules(&rules) {
            Ok(set) => match render::docs::explain(&set, &id, style(Color::Auto)) {
                Some(text) => {
                    write_stdout(&text);
                    ExitCode::SUCCESS
                }
                None => {
                    let hint = rules::compile::suggest(&id, set.rules.iter().map(|r| r.id.as_str()));
                    eprintln!("未知规则 `{id}`{hint}（`jixiao rules` 列出全部规则）");
                    ExitCode::from(EXIT_USAGE)
                }
            },
            Err(code) => code,
        },
        Command::Test { path, with_builtin } => test(path, with_builtin),
    }
}

fn rule_options(args: &RuleArgs) -> Result<LoadOptions, ExitCode> {
    let config_path = if args.no_config {
        None
    } else if let Some(path) = &args.config {
        Some(path.clone())
    } else {
        std::env::current_dir().ok().and_then(|dir| rules::config::discover(&dir))
    };
    let config = match config_path {
        Some(path) => match rules::config::read(&path) {
            Ok(config) => Some(config),
            Err(err) => {
                eprintln!("无法读取配置文件 {}：{err}", path.display());
                return Err(ExitCode::from(EXIT_USAGE));
            }
        },
        None => None,
    };
    Ok(LoadOptions {
        builtin: !args.no_default_rules,
        extra: args.extra.clone(),
        profile: args.profile.clone(),
        config,
        params: args.params.clone(),
        skip_builtin_fixtures: false,
    })
}

fn load_rules(args: &RuleArgs) -> Result<RuleSet, ExitCode> {
    let options = rule_options(args)?;
    load_with(&options)
}

/// [`load_rules`] for a run that checks reports: the built-in rules are read without the
/// examples and tests that only `explain`, `rules` and `test` use.
///
/// The schema validator is built when the first report is validated, on the same thread: on a
/// shared two-core machine, a thread started to build it meanwhile took longer to get going
/// than the validator takes to build.
fn load_rules_to_check(args: &RuleArgs) -> Result<RuleSet, ExitCode> {
    let options = LoadOptions { skip_builtin_fixtures: true, ..rule_options(args)? };
    load_with(&options)
}

fn load_with(options: &LoadOptions) -> Result<RuleSet, ExitCode> {
    rules::load(options).map_err(|reports| {
        let text = human::render_problems(&reports, style(Color::Auto));
        let _ = std::io::stderr().write_all(text.as_bytes());
        ExitCode::from(EXIT_USAGE)
    })
}

fn style(color: Color) -> human::Style {
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

/// What a run needs before the first file is checked: the rules, the inputs found, the limits.
struct Prepared {
    /// Kept until the process ends: it is never dropped, which would take longer than exiting.
    rule_set: &'static RuleSet,
    inputs: Inputs,
    limits: Limits,
}

fn prepare(
    paths: &[PathBuf],
    outputs: &[&std::path::Path],
    input: &InputArgs,
    rule_args: &RuleArgs,
) -> Result<Prepared, ExitCode> {
    let rule_set: &'static RuleSet = Box::leak(Box::new(load_rules_to_check(rule_args)?));
    let limits =
        Limits { max_file_bytes: input.max_file_size.saturating_mul(1024 * 1024), ..Limits::default() };
    let inputs = jixiao::run::inputs::collect(paths);
    release_freed_memory();
    refuse_inputs_as_outputs(&inputs.files, outputs)?;
    Ok(Prepared { rule_set, inputs, limits })
}

/// mimalloc's `purge_delay` option, by its position in mimalloc's list of options (the crate
/// gives numbers only to its stable options; the test below checks that this one is it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Memory freed while checking goes back to the system at once rather than a second later. A
/// batch of reports is freed while the next is being checked, often by another thread than the
/// one that made it; with the delay, a long run kept a little more of that memory each time,
/// and its peak memory grew with the number of reports (by a fifth at 100 000).
fn return_freed_memory_promptly() {
    // SAFETY: sets an option that mimalloc reads when it frees memory; called first thing in
    // `main`, before any other thread exists (the setter is not thread-safe).
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
}

/// Listing a large directory leaves freed memory behind on this thread, which the allocator
/// would keep for a second or so while the checking threads take memory of their own. Handed
/// back once the list is made, so that a run's peak memory is that of checking, whatever the
/// number of files listed.
fn release_freed_memory() {
    // SAFETY: `mi_collect` has no preconditions; it only releases memory no longer in use.
    unsafe { libmimalloc_sys::mi_collect(true) };
}

/// The exit code when jixiao failed on a file (3) or an input could not be read (2), which
/// take precedence over findings.
fn failure_exit(outcome: &Outcome) -> Option<ExitCode> {
    if outcome.internal {
        Some(ExitCode::from(EXIT_INTERNAL))
    } else if outcome.unreadable {
        Some(ExitCode::from(EXIT_USAGE))
    } else {
        None
    }
}

fn fail_on(level: FailOn) -> Option<Severity> {
    match level {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    }
}

/// The streaming form of a format.
fn renderer<'a>(
    format: Format,
    metas: &'a [jixiao::diagnostic::RuleMeta<'a>],
    args: &CheckArgs,
    color: Color,
) -> Box<dyn Streaming + 'a> {
    match format {
        Format::Human => Box::new(human::Stream::new(style(color), args.quiet)),
        Format::Json => Box::new(render::json::Stream::default()),
        Format::Sarif => {
            let base = std::env::current_dir().unwrap_or_default();
            Box::new(render::sarif::Stream::new(metas, &base))
        }
        Format::Junit => Box::new(render::junit::Stream::new(metas, fail_on(args.fail_on))),
        Format::Github => Box::new(render::github::Stream),
    }
}

/// A document written to a file given with `--output`.
type FileOutput<'a> = Output<Box<dyn Streaming + 'a>, std::io::BufWriter<AtomicFile>>;

fn check(args: CheckArgs) -> ExitCode {
    let baseline = match &args.baseline {
        Some(path) => match std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|t| jixiao::suppress::read_baseline(&t))
        {
            Ok(baseline) => Some(baseline),
            Err(err) => {
                eprintln!("无法读取基线文件 {}：{err}", path.display());
                return ExitCode::from(EXIT_USAGE);
            }
        },
        None => None,
    };
    let mut outputs: Vec<&std::path::Path> = args.outputs.iter().map(|o| o.path.as_path()).collect();
    outputs.extend(args.write_baseline.as_deref());
    let Prepared { rule_set, inputs, limits } = match prepare(&args.paths, &outputs, &args.input, &args.rules)
    {
        Ok(prepared) => prepared,
        Err(code) => return code,
    };
    let checker = Checker { rules: rule_set, limits };
    let metas = rule_set.metas();

    // Each `--output` file is written as the reports come, into a temporary file that takes
    // its name at the end; stdout gets its format the same way.
    let mut files: Vec<(&std::path::Path, FileOutput<'_>)> = Vec::new();
    for output in &args.outputs {
        // Files never get colour codes.
        let renderer = renderer(output.format, &metas, &args, Color::Never);
        let opened = AtomicFile::create(&output.path).and_then(|file| {
            Output::new(renderer, std::io::BufWriter::new(file), &mut TemporaryFile::scratch)
                .map_err(|err| format!("无法写入 {}：{err}", output.path.display()))
        });
        match opened {
            Ok(document) => files.push((&output.path, document)),
            Err(message) => {
                eprintln!("{message}");
                return ExitCode::from(EXIT_USAGE);
            }
        }
    }
    let stdout = Stdout::new();
    let mut terminal = match Output::new(
        renderer(args.format, &metas, &args, args.color),
        stdout,
        &mut TemporaryFile::scratch,
    ) {
        Ok(document) => document,
        Err(err) => {
            eprintln!("无法暂存输出：{err}");
            return ExitCode::from(EXIT_USAGE);
        }
    };

    let suppressions = Suppressions {
        ignores: &rule_set.ignores,
        config: rule_set.config.as_ref(),
        baseline: baseline.as_ref(),
        record: args.write_baseline.is_some(),
    };
    // A file that cannot be written is reported once, at the end; the run goes on for the others.
    let mut failed_write: Option<String> = None;
    let streamed = checker.stream(inputs, &suppressions, &mut TemporaryFile::scratch, &mut |report| {
        for (path, document) in &mut files {
            if failed_write.is_none()
                && let Err(err) = document.file(&report)
            {
                failed_write = Some(format!("无法写入 {}：{err}", path.display()));
            }
        }
        // stdout swallows its own errors (a closed pipe is no reason to stop).
        let _ = terminal.file(&report);
    });
    let mut outcome = match streamed {
        Ok(outcome) => outcome,
        Err(err) => {
            eprintln!("{err}");
            return ExitCode::from(EXIT_USAGE);
        }
    };

    // Written in the order they always were: baseline, `--output` files, stdout. A file that
    // cannot be written stops the others from being put in place, as before; stdout, already
    // under way, is completed.
    let mut result = failed_write.map_or(Ok(()), Err);
    if let (Ok(()), Some(path), Some(recorder)) = (&result, &args.write_baseline, outcome.recorder.take()) {
        result = AtomicFile::create(path).and_then(|mut file| {
            recorder
                .write(&mut file)
                .map_err(|err| format!("无法写入 {}：{err}", path.display()))
                .and_then(|()| file.commit())
        });
    }
    for (path, document) in files {
        if result.is_ok() {
            result = document
                .finish()
                .map_err(|err| format!("无法写入 {}：{err}", path.display()))
                .and_then(|(_, writer)| commit_buffered(writer));
        }
    }
    let _ = terminal.finish();
    if let Err(message) = result {
        eprintln!("{message}");
        return ExitCode::from(EXIT_USAGE);
    }

    if let Some(code) = failure_exit(&outcome) {
        return code;
    }
    let failed = fail_on(args.fail_on).is_some_and(|t| outcome.worst.is_some_and(|worst| worst >= t));
    if failed { ExitCode::from(EXIT_FINDINGS) } else { ExitCode::SUCCESS }
}

fn remediate(args: RemediateArgs) -> ExitCode {
    if args.format == ListFormatRemediation::Xlsx && args.output.is_none() {
        eprintln!(
            "Excel 格式需要用 -o 指定输出文件，例如：jixiao remediate reports/ --format xlsx -o 整改清单.xlsx"
        );
        return ExitCode::from(EXIT_USAGE);
    }
    let outputs: Vec<&std::path::Path> = args.output.as_deref().into_iter().collect();
    let Prepared { rule_set, inputs, limits } = match prepare(&args.paths, &outputs, &args.input, &args.rules)
    {
        Ok(prepared) => prepared,
        Err(code) => return code,
    };
    let checker = Checker { rules: rule_set, limits };
    let suppressions = Suppressions {
        ignores: &rule_set.ignores,
        config: rule_set.config.as_ref(),
        ..Suppressions::default()
    };
    let form = match args.format {
        ListFormatRemediation::Md => Form::Markdown,
        ListFormatRemediation::Csv => Form::Csv,
        // The workbook is built from the rows at the end.
        ListFormatRemediation::Xlsx => Form::Rows,
    };
    // The list is grouped by department, so it is written only at the end; in the meantime
    // each report's rows wait in scratch storage. A workbook is built from the rows.
    let destination = match (&args.output, form) {
        (_, Form::Rows) => Destination::Memory(Vec::new()),
        (Some(path), _) => match AtomicFile::create(path) {
            Ok(file) => Destination::File(std::io::BufWriter::new(file)),
            Err(message) => {
                eprintln!("{message}");
                return ExitCode::from(EXIT_USAGE);
            }
        },
        (None, _) => Destination::Stdout(Stdout::new()),
    };
    let mut document =
        match Output::new(remediation::Stream::new(form), destination, &mut TemporaryFile::scratch) {
            Ok(document) => document,
            Err(err) => {
                eprintln!("无法暂存输出：{err}");
                return ExitCode::from(EXIT_USAGE);
            }
        };
    let mut failed_write = None;
    let streamed = checker.stream(inputs, &suppressions, &mut TemporaryFile::scratch, &mut |report| {
        if failed_write.is_none()
            && let Err(err) = document.file(&report)
        {
            failed_write = Some(err);
        }
    });
    let written = match (streamed, failed_write) {
        (Ok(outcome), None) => document.finish().map(|done| (outcome, done)),
        (Err(err), _) => {
            eprintln!("{err}");
            return ExitCode::from(EXIT_USAGE);
        }
        (Ok(_), Some(err)) => Err(err),
    };
    let (outcome, (stream, destination)) = match written {
        Ok(done) => done,
        Err(err) => {
            match &args.output {
                Some(path) => eprintln!("无法写入 {}：{err}", path.display()),
                None => eprintln!("无法暂存输出：{err}"),
            }
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let written = match destination {
        Destination::File(writer) => commit_buffered(writer),
        Destination::Stdout(_) => Ok(()),
        Destination::Memory(_) => match remediation::workbook(&stream.into_rows()) {
            Ok(bytes) => match &args.output {
                Some(path) => write_file(path, &bytes),
                None => Ok(()),
            },
            Err(err) => {
                eprintln!("无法生成 Excel 文件：{err}");
                return ExitCode::from(EXIT_INTERNAL);
            }
        },
    };
    if let Err(message) = written {
        eprintln!("{message}");
        return ExitCode::from(EXIT_USAGE);
    }
    failure_exit(&outcome).unwrap_or(ExitCode::SUCCESS)
}

/// Where a remediation list goes.
enum Destination {
    File(std::io::BufWriter<AtomicFile>),
    Stdout(Stdout),
    /// Nothing is written as text: a workbook is made of the rows.
    Memory(Vec<u8>),
}

impl Write for Destination {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        match self {
            Destination::File(file) => file.write(bytes),
            Destination::Stdout(out) => out.write(bytes),
            Destination::Memory(memory) => memory.write(bytes),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Destination::File(file) => file.flush(),
            Destination::Stdout(out) => out.flush(),
            Destination::Memory(memory) => memory.flush(),
        }
    }
}

/// Standard output for a document: buffered, and a closed pipe (`jixiao … | head`) is not an
/// error worth stopping for, so after the first failure the rest is dropped.
struct Stdout {
    out: Option<std::io::BufWriter<std::io::StdoutLock<'static>>>,
}

impl Stdout {
    fn new() -> Self {
        Stdout { out: Some(std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock())) }
    }
}

impl Write for Stdout {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if let Some(out) = &mut self.out
            && out.write_all(bytes).is_err()
        {
            self.out = None;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if let Some(out) = &mut self.out
            && out.flush().is_err()
        {
            self.out = None;
        }
        Ok(())
    }
}

/// jixiao never writes to its inputs: an output path that names one of the files to be checked
/// (directly, through a symbolic link, or as a `*.json` found in an input directory) is refused
/// before anything is written.
fn refuse_inputs_as_outputs(inputs: &Paths, outputs: &[&std::path::Path]) -> Result<(), ExitCode> {
    if outputs.is_empty() {
        return Ok(());
    }
    // The few outputs are compared with each input in turn, so that no set of all the inputs'
    // canonical paths is built.
    let targets: Vec<Option<PathBuf>> = outputs.iter().map(|output| canonical_target(output)).collect();
    let mut refused = vec![false; outputs.len()];
    for input in inputs.iter() {
        let Ok(input) = std::fs::canonicalize(input) else { continue };
        for (refused, target) in refused.iter_mut().zip(&targets) {
            *refused |= target.as_ref() == Some(&input);
        }
    }
    if let Some(output) = outputs.iter().zip(&refused).find_map(|(output, refused)| refused.then_some(output))
    {
        eprintln!("拒绝写入 {}：它是被检查的输入文件之一", output.display());
        return Err(ExitCode::from(EXIT_USAGE));
    }
    Ok(())
}

/// The canonical path `path` refers to, also when it does not exist yet (its directory's
/// canonical path joined with its name).
fn canonical_target(path: &std::path::Path) -> Option<PathBuf> {
    if let Ok(target) = std::fs::canonicalize(path) {
        return Some(target);
    }
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => std::path::Path::new("."),
    };
    Some(std::fs::canonicalize(dir).ok()?.join(path.file_name()?))
}

/// Writes a file through a temporary file in the same directory and a rename, so a reader never
/// sees a half-written file and an interrupted run leaves the old file intact.
fn write_file(path: &std::path::Path, bytes: &[u8]) -> Result<(), String> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes).map_err(|err| format!("无法写入 {}：{err}", path.display()))?;
    file.commit()
}

/// A file being written under a temporary name in its directory; [`AtomicFile::commit`] gives
/// it its name, and dropping it without that removes it.
struct AtomicFile {
    file: std::fs::File,
    temporary: PathBuf,
    path: PathBuf,
    committed: bool,
}

impl AtomicFile {
    fn create(path: &std::path::Path) -> Result<AtomicFile, String> {
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        // Several files of one run may be under way at once, even for the same path (the last
        // one put in place wins, as when they were written one after the other).
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let temporary = dir.join(format!(".{name}.jixiao-{}-{n}.tmp", std::process::id()));
        // A leftover of an interrupted run (or a link planted under that name) is removed, and
        // the temporary file is created afresh, so the bytes never go through someone else's link.
        let _ = std::fs::remove_file(&temporary);
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&temporary) {
            Ok(file) => Ok(AtomicFile { file, temporary, path: path.to_path_buf(), committed: false }),
            Err(err) => Err(format!("无法写入 {}：{err}", path.display())),
        }
    }

    fn commit(mut self) -> Result<(), String> {
        let result = self.file.sync_all().and_then(|()| std::fs::rename(&self.temporary, &self.path));
        match result {
            Ok(()) => {
                self.committed = true;
                Ok(())
            }
            Err(err) => Err(format!("无法写入 {}：{err}", self.path.display())),
        }
    }
}

/// Flushes a buffered [`AtomicFile`] and gives it its name.
fn commit_buffered(writer: std::io::BufWriter<AtomicFile>) -> Result<(), String> {
    match writer.into_inner() {
        Ok(file) => file.commit(),
        Err(err) => {
            let (error, writer) = err.into_parts();
            Err(format!("无法写入 {}：{error}", writer.get_ref().path.display()))
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.temporary);
        }
    }
}

impl Write for AtomicFile {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.file.write(bytes)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

fn test(path: PathBuf, with_builtin: bool) -> ExitCode {
    let options = LoadOptions { builtin: with_builtin, extra: vec![path.clone()], ..LoadOptions::default() };
    let set = match load_with(&options) {
        Ok(set) => set,
        Err(code) => return code,
    };
    let only = if with_builtin { vec![path.to_string_lossy().into_owned()] } else { Vec::new() };
    let outcomes = rules::testing::run(&set, &options, &only);
    let text = render::docs::test_outcomes(&outcomes);
    write_stdout(&text);
    if outcomes.iter().any(|o| o.failure.is_some()) {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    }
}

/// Writes to stdout; a closed pipe (`jixiao … | head`) is not an error worth a panic.
fn write_stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

#[cfg(test)]
mod allocator_tests {
    use super::MI_OPTION_PURGE_DELAY;

    /// The option number names `purge_delay`: it starts at that option's default (1000 ms; no
    /// other option has it) and takes the value set.
    #[test]
    fn the_purge_option_is_the_purge_delay() {
        // SAFETY: reads and sets an option; no other test of this binary touches allocator options.
        let before = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        assert_eq!(before, 1000, "mimalloc's default purge delay");
        super::return_freed_memory_promptly();
        // SAFETY: as above.
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) }, 0);
    }
}
