//! The `jixiao` command line: parse arguments, call the library, render, exit.

use clap::{Args, Parser, Subcommand, ValueEnum};
use jixiao::diagnostic::{Severity, codes};
use jixiao::engine::Checker;
use jixiao::load::Limits;
use jixiao::render::{self, FileReport, human};
use jixiao::rules::{self, LoadOptions, RuleSet};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

// Checking a report allocates many small values (the parsed document, rule values, messages);
// mimalloc serves them markedly faster than the system allocator.
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
    })
}

fn load_rules(args: &RuleArgs) -> Result<RuleSet, ExitCode> {
    let options = rule_options(args)?;
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

/// Loads the rules and checks every input: the reports in path order, and whether some input
/// could not be read or jixiao failed on one.
struct Run {
    rule_set: RuleSet,
    reports: Vec<FileReport>,
    unreadable: bool,
    internal: bool,
}

fn run(
    paths: &[PathBuf],
    outputs: &[&std::path::Path],
    input: &InputArgs,
    rule_args: &RuleArgs,
) -> Result<Run, ExitCode> {
    let rule_set = load_rules(rule_args)?;
    let limits =
        Limits { max_file_bytes: input.max_file_size.saturating_mul(1024 * 1024), ..Limits::default() };
    let checker = Checker { rules: &rule_set, limits };
    let inputs = jixiao::inputs::collect(paths);
    refuse_inputs_as_outputs(&inputs.files, outputs)?;
    let mut reports: Vec<FileReport> = checker.check_paths(&inputs.files);
    let has = |reports: &[FileReport], code: &str| {
        reports.iter().any(|r| r.diagnostics.iter().any(|d| d.code == code))
    };
    let unreadable = !inputs.problems.is_empty() || has(&reports, codes::IO);
    let internal = has(&reports, codes::INTERNAL);
    reports.extend(inputs.problems.into_iter().map(|(path, d)| jixiao::engine::unreadable(&path, d)));
    let used = jixiao::suppress::apply_ignores(&mut reports, &rule_set.ignores);
    if let Some(config) = &rule_set.config
        && let Some(unused) = jixiao::suppress::unused_ignores(config, &rule_set.ignores, &used)
    {
        reports.push(unused);
    }
    reports.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Run { rule_set, reports, unreadable, internal })
}

impl Run {
    /// The exit code when jixiao failed on a file (3) or an input could not be read (2), which
    /// take precedence over findings.
    fn failure_exit(&self) -> Option<ExitCode> {
        if self.internal {
            Some(ExitCode::from(EXIT_INTERNAL))
        } else if self.unreadable {
            Some(ExitCode::from(EXIT_USAGE))
        } else {
            None
        }
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

fn render_format(format: Format, run: &Run, args: &CheckArgs, color: Color) -> String {
    let metas = render::RuleMeta::enabled(&run.rule_set);
    match format {
        Format::Human => human::render(&run.reports, style(color), args.quiet),
        Format::Json => render::json::render(&run.reports),
        Format::Sarif => {
            let base = std::env::current_dir().unwrap_or_default();
            render::sarif::render(&run.reports, &metas, &base)
        }
        Format::Junit => render::junit::render(&run.reports, &metas, fail_on(args.fail_on)),
        Format::Github => render::github::render(&run.reports),
    }
}

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
    let mut run = match run(&args.paths, &outputs, &args.input, &args.rules) {
        Ok(run) => run,
        Err(code) => return code,
    };
    if let Some(path) = &args.write_baseline
        && let Err(message) = write_file(path, jixiao::suppress::write_baseline(&run.reports).as_bytes())
    {
        eprintln!("{message}");
        return ExitCode::from(EXIT_USAGE);
    }
    if let Some(baseline) = &baseline {
        jixiao::suppress::apply_baseline(&mut run.reports, baseline);
    }
    for output in &args.outputs {
        // Files never get colour codes.
        let text = render_format(output.format, &run, &args, Color::Never);
        if let Err(message) = write_file(&output.path, text.as_bytes()) {
            eprintln!("{message}");
            return ExitCode::from(EXIT_USAGE);
        }
    }
    write_stdout(&render_format(args.format, &run, &args, args.color));

    if let Some(code) = run.failure_exit() {
        return code;
    }
    let failed = fail_on(args.fail_on).is_some_and(|t| {
        run.reports.iter().any(|r| r.diagnostics.iter().any(|d| d.severity >= t && !d.is_suppressed()))
    });
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
    let run = match run(&args.paths, &outputs, &args.input, &args.rules) {
        Ok(run) => run,
        Err(code) => return code,
    };
    let bytes = match args.format {
        ListFormatRemediation::Md => render::remediation::markdown(&run.reports).into_bytes(),
        ListFormatRemediation::Csv => render::remediation::csv(&run.reports).into_bytes(),
        ListFormatRemediation::Xlsx => match render::remediation::xlsx(&run.reports) {
            Ok(bytes) => bytes,
            Err(err) => {
                eprintln!("无法生成 Excel 文件：{err}");
                return ExitCode::from(EXIT_INTERNAL);
            }
        },
    };
    match &args.output {
        Some(path) => {
            if let Err(message) = write_file(path, &bytes) {
                eprintln!("{message}");
                return ExitCode::from(EXIT_USAGE);
            }
        }
        None => {
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(&bytes);
            let _ = out.flush();
        }
    }
    run.failure_exit().unwrap_or(ExitCode::SUCCESS)
}

/// jixiao never writes to its inputs: an output path that names one of the files to be checked
/// (directly, through a symbolic link, or as a `*.json` found in an input directory) is refused
/// before anything is written.
fn refuse_inputs_as_outputs(inputs: &[PathBuf], outputs: &[&std::path::Path]) -> Result<(), ExitCode> {
    if outputs.is_empty() {
        return Ok(());
    }
    let canonical_inputs: std::collections::BTreeSet<PathBuf> =
        inputs.iter().filter_map(|p| std::fs::canonicalize(p).ok()).collect();
    for output in outputs {
        if canonical_target(output).is_some_and(|target| canonical_inputs.contains(&target)) {
            eprintln!("拒绝写入 {}：它是被检查的输入文件之一", output.display());
            return Err(ExitCode::from(EXIT_USAGE));
        }
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
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = dir.join(format!(".{name}.jixiao-{}.tmp", std::process::id()));
    // A leftover of an interrupted run (or a link planted under that name) is removed, and the
    // temporary file is created afresh, so the bytes never go through someone else's link.
    let _ = std::fs::remove_file(&temporary);
    let result = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temporary)
        .and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_all()
        })
        .and_then(|()| std::fs::rename(&temporary, path));
    if let Err(err) = result {
        let _ = std::fs::remove_file(&temporary);
        return Err(format!("无法写入 {}：{err}", path.display()));
    }
    Ok(())
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
