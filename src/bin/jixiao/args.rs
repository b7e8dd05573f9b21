//! The command line's arguments, as clap parses them.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const EXAMPLES: &str = "\
示例 / Examples:
  jixiao check examples/huadu-2022.json          检查一份报告
  jixiao check examples/forms/                   检查 Excel、Word 自评表
  jixiao import 自评表.xlsx -o 自评表.json         查看并保存 jixiao 从表格中读出的内容
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
    long_about = "jixiao（绩效）用声明式规则检查部门整体支出绩效自评报告和项目支出绩效自评表（JSON、Excel、Word 或文本）：\
执行率是否算对、得分与等级是否一致、指标能否量化、大额项目是否年中监控……并在报告中标出有问题的数值。\n\n\
jixiao checks budget performance self-evaluation reports (JSON, Excel, Word or text) against declarative rules and \
underlines the offending values.",
    after_help = EXAMPLES
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// 检查报告（文件或目录）/ Check reports (files, or directories searched for *.json, *.xlsx, *.xls, *.docx)
    Check(CheckArgs),
    /// 把 Excel、Word 或文本报告读成 v1 JSON 报告 / Read Excel, Word or text reports into v1 JSON reports
    Import(ImportArgs),
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
    /// 列出自评表版式 / List the form layouts jixiao reads Excel and Word forms by
    Forms {
        #[arg(long, value_enum, default_value_t = FormsFormat::Table)]
        format: FormsFormat,
        /// 追加自评表版式（TOML 文件或目录，可重复）/ add form layouts from a file or directory (repeatable)
        #[arg(long = "forms", value_name = "DIR")]
        forms: Vec<PathBuf>,
    },
    /// 解释一条规则：依据、参数、示例 / Explain a rule: why, basis, parameters, example
    Explain {
        /// 规则 id，如 execution-rate-mismatch
        id: String,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// 启动上传检查网页和 API / Serve the upload page and the HTTP API
    #[cfg(feature = "serve")]
    Serve(ServeArgs),
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
pub struct CheckArgs {
    /// 报告文件或目录 / report files or directories
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// 输出格式 / output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// 达到该级别的问题使退出码为 1 / exit 1 on findings at or above this level
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// 颜色 / colour
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// 只输出汇总（按部门的汇总表和总数）/ print only the summary (per-department table and totals)
    #[arg(short, long, visible_alias = "summary-only")]
    pub quiet: bool,
    /// 每个问题下都完整列出整改建议和依据（不按规则分组）/ print help and basis under every finding
    #[arg(short, long)]
    pub verbose: bool,
    /// 只对基线文件中没有的问题报错 / fail only on findings not recorded in this baseline
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// 把当前的问题记录为基线文件 / record the current findings as a baseline
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// 另外写入文件，如 sarif=out.sarif（可重复）/ also write FORMAT to PATH (repeatable)
    #[arg(long = "output", value_name = "FORMAT=PATH", value_parser = parse_output)]
    pub outputs: Vec<OutputSpec>,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub rules: RuleArgs,
}

#[derive(Args, Clone)]
pub struct InputArgs {
    /// 单个文件大小上限（MB）/ largest file accepted, in MB
    #[arg(long, default_value_t = 256, value_name = "MB")]
    pub max_file_size: u64,
    /// 追加自评表版式（TOML 文件或目录，可重复）/ add form layouts from a file or directory (repeatable)
    #[arg(long = "forms", value_name = "DIR")]
    pub forms: Vec<PathBuf>,
    /// 目录中另外检查名称匹配的文件，如 '*.txt'（可重复）/ also take files matching GLOB in directories
    #[arg(long = "include", value_name = "GLOB")]
    pub include: Vec<String>,
    /// 目录中跳过名称或路径匹配的文件（可重复）/ skip files whose name or path matches GLOB
    #[arg(long = "exclude", value_name = "GLOB")]
    pub exclude: Vec<String>,
}

#[derive(Args)]
pub struct ImportArgs {
    /// Excel（.xlsx、.xls）、Word（.docx）或文本（.txt）文件 / documents to read
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// 输出文件（只能有一个输入文件）/ write the report to FILE (one input only)
    #[arg(short = 'o', long = "output", value_name = "FILE", conflicts_with = "out_dir")]
    pub output: Option<PathBuf>,
    /// 输出目录：每个输入写成同名 .json / write each report to DIR/<name>.json
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// 列出每个字段及其来源（单元格或段落），不输出 JSON / list each field with the cell or
    /// sentence it was read from, instead of the JSON
    #[arg(long)]
    pub explain: bool,
    /// 追加自评表版式（TOML 文件或目录，可重复）/ add form layouts from a file or directory (repeatable)
    #[arg(long = "forms", value_name = "DIR")]
    pub forms: Vec<PathBuf>,
    /// 单个文件大小上限（MB）/ largest file accepted, in MB
    #[arg(long, default_value_t = 256, value_name = "MB")]
    pub max_file_size: u64,
    /// 配置文件（其中的 forms 指定版式目录；默认从当前目录向上查找 jixiao.toml）/ configuration file
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// 不读取 jixiao.toml / ignore jixiao.toml
    #[arg(long)]
    pub no_config: bool,
}

#[cfg(feature = "serve")]
#[derive(Args)]
pub struct ServeArgs {
    /// 监听地址（默认只对本机开放；端口 0 表示任选空闲端口）/ address to listen on
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "IP:PORT")]
    pub addr: std::net::SocketAddr,
    /// 单次上传的总大小上限，如 32MB、500KB / largest upload (all files of a request)
    #[arg(long, default_value = "32MB", value_name = "SIZE", value_parser = parse_size)]
    pub max_upload_size: u64,
    /// 单次上传的文件个数上限 / most files in one upload
    #[arg(long, default_value_t = 50, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub max_files: u32,
    /// 同时检查的请求数（默认等于 CPU 核数）/ requests checked at once (default: the cores)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub workers: Option<u32>,
    /// 排队等待的请求数上限，超出即答复 503 / requests allowed to wait for a worker before 503
    #[arg(long, default_value_t = 32, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=10_000))]
    pub queue: u32,
    /// 单个请求的时间上限（秒）：请求头须在此时间内收齐，上传和检查也须在此时间内完成 / time
    /// limit of one request, in seconds: for its head to arrive, then for its upload and check
    #[arg(long, default_value_t = 60, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub request_timeout: u64,
    /// 同时保持的连接数上限：已满时不再接受新连接，新连接在系统队列中等待 / connections held
    /// open at once; beyond it, new ones wait in the system's queue until one closes
    #[arg(long, default_value_t = 256, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=65_536))]
    pub max_connections: u32,
    #[command(flatten)]
    pub rules: RuleArgs,
}

/// A size such as `32MB`, `500KB`, `1GB` or a number of bytes; units are binary (1MB = 1024 KB).
#[cfg(feature = "serve")]
pub fn parse_size(text: &str) -> Result<u64, String> {
    let trimmed = text.trim();
    let upper = trimmed.to_ascii_uppercase();
    let (digits, factor) = [
        ("GB", 1u64 << 30),
        ("G", 1 << 30),
        ("MB", 1 << 20),
        ("M", 1 << 20),
        ("KB", 1 << 10),
        ("K", 1 << 10),
        ("B", 1),
    ]
    .iter()
    .find_map(|(suffix, factor)| upper.strip_suffix(suffix).map(|d| (d.trim().to_string(), *factor)))
    .unwrap_or((upper.clone(), 1));
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(factor))
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("应为大小，例如 32MB、500KB，而不是 `{trimmed}`"))
}

#[derive(Args)]
pub struct RemediateArgs {
    /// 报告文件或目录 / report files or directories
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// 整改清单格式 / format of the list
    #[arg(long, value_enum, default_value_t = RemediationFormat::Md)]
    pub format: RemediationFormat,
    /// 输出文件（xlsx 必须指定）/ output file (required for xlsx)
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub rules: RuleArgs,
}

#[derive(Args, Clone, Debug)]
pub struct RuleArgs {
    /// 追加自定义规则（文件或目录，可重复）/ add rules from a file or directory (repeatable)
    #[arg(long = "rules", value_name = "PATH")]
    pub extra: Vec<PathBuf>,
    /// 不加载内置规则 / do not load the built-in pack
    #[arg(long)]
    pub no_default_rules: bool,
    /// 地区配置：national、huadu、huangpu… / regional profile
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// 覆盖参数，如 monitoring_threshold=100万元 / override a parameter (repeatable)
    #[arg(long = "param", value_name = "NAME=VALUE", value_parser = parse_param)]
    pub params: Vec<(String, String)>,
    /// 配置文件（默认从当前目录向上查找 jixiao.toml）/ configuration file
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// 不读取 jixiao.toml / ignore jixiao.toml
    #[arg(long)]
    pub no_config: bool,
}

pub fn parse_param(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => {
            Ok((name.trim().to_string(), value.trim().to_string()))
        }
        _ => Err(format!("应为 NAME=VALUE，例如 monitoring_threshold=100万元，而不是 `{text}`")),
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// 带标注的人类可读输出，按规则分组 / annotated output for people, grouped by rule
    Human,
    /// 每个问题一行：路径:行:列: 严重程度 规则 说明 / one line per finding: path:line:col: severity rule message
    Concise,
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
pub enum RemediationFormat {
    /// Markdown 表格 / Markdown tables
    Md,
    /// CSV（UTF-8 带 BOM，Excel 可直接打开）/ CSV, UTF-8 with BOM for Excel
    Csv,
    /// Excel 工作簿（须配合 -o）/ Excel workbook (needs -o)
    Xlsx,
}

/// `--output FORMAT=PATH`.
#[derive(Clone)]
pub struct OutputSpec {
    pub format: Format,
    pub path: PathBuf,
}

pub fn parse_output(text: &str) -> Result<OutputSpec, String> {
    let Some((format, path)) = text.split_once('=') else {
        return Err(format!("应为 FORMAT=PATH，例如 sarif=out.sarif，而不是 `{text}`"));
    };
    let format = Format::from_str(format.trim(), true)
        .map_err(|_| format!("未知格式 `{format}`：可用 human、concise、json、sarif、junit、github"))?;
    if path.trim().is_empty() {
        return Err("输出路径为空".to_string());
    }
    Ok(OutputSpec { format, path: PathBuf::from(path.trim()) })
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
    Md,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum FormsFormat {
    /// id、地区、报告类型、标题 / id, region, report kind, title
    Table,
    /// docs/forms.md
    Md,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[cfg(all(test, feature = "serve"))]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes_are_read_with_binary_units_and_nonsense_is_refused() {
        assert_eq!(parse_size("32MB"), Ok(32 << 20));
        assert_eq!(parse_size("500 kb"), Ok(500 << 10));
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert_eq!(parse_size("4096"), Ok(4096));
        assert!(parse_size("0").is_err());
        assert!(parse_size("lots").is_err());
        assert!(parse_size("99999999999999GB").is_err(), "overflow is refused");
    }
}
