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

const EXAMPLES: &str = "\
示例 / Examples:
  jixiao check examples/huadu-2022.json          检查一份报告
  jixiao check reports/ --format json            检查目录下所有 *.json，输出 JSON
  jixiao check reports/ --profile huangpu        按黄埔区参数（100万元以上项目须年中监控）检查
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
    /// 单个文件大小上限（MB）/ largest file accepted, in MB
    #[arg(long, default_value_t = 256, value_name = "MB")]
    max_file_size: u64,
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

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
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
    match cli.command {
        Command::Check(args) => check(args),
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

fn check(args: CheckArgs) -> ExitCode {
    let rule_set = match load_rules(&args.rules) {
        Ok(set) => set,
        Err(code) => return code,
    };
    let limits =
        Limits { max_file_bytes: args.max_file_size.saturating_mul(1024 * 1024), ..Limits::default() };
    let checker = Checker { rules: &rule_set, limits };
    let inputs = jixiao::inputs::collect(&args.paths);
    let mut reports: Vec<FileReport> = checker.check_paths(&inputs.files);
    let has = |reports: &[FileReport], code: &str| {
        reports.iter().any(|r| r.diagnostics.iter().any(|d| d.code == code))
    };
    let unreadable = !inputs.problems.is_empty() || has(&reports, codes::IO);
    let internal = has(&reports, codes::INTERNAL);
    reports.extend(inputs.problems.into_iter().map(|(path, d)| jixiao::engine::unreadable(&path, d)));
    reports.sort_by(|a, b| a.path.cmp(&b.path));

    let text = match args.format {
        Format::Human => human::render(&reports, style(args.color), args.quiet),
        Format::Json => render::json::render(&reports),
    };
    write_stdout(&text);

    if internal {
        return ExitCode::from(EXIT_INTERNAL);
    }
    if unreadable {
        return ExitCode::from(EXIT_USAGE);
    }
    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    let failed =
        threshold.is_some_and(|t| reports.iter().any(|r| r.diagnostics.iter().any(|d| d.severity >= t)));
    if failed { ExitCode::from(EXIT_FINDINGS) } else { ExitCode::SUCCESS }
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
