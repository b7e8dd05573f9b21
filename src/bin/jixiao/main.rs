//! The `jixiao` command line: parse the arguments, run one subcommand, print its error if it has
//! one, and exit. This is the only code (with the server) that prints or exits.

mod alloc;
mod args;
mod check;
mod error;
mod explain;
mod forms;
mod import;
mod output;
mod prepare;
mod remediate;
mod rules;
mod schema;
#[cfg(feature = "serve")]
mod serve;
mod test;

use args::{Cli, Command};
use clap::Parser;
use error::{CliResult, EXIT_INTERNAL};
use std::process::ExitCode;

// Checking a report allocates many small values (the parsed document, rule values, messages);
// mimalloc serves them markedly faster than the system allocator. It takes memory in
// transparent huge pages where the system allows them, until a run turns out to be long (see
// `alloc::small_pages_from_now`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    alloc::return_freed_memory_promptly();
    // A panic while checking a file is reported as that file's `internal-error` diagnostic;
    // the default hook would also print a raw panic message in the middle of the output.
    std::panic::set_hook(Box::new(|_| {}));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // clap words its usage errors in English; the people who run jixiao read Chinese
            // first. `--help` and `--version` come this way too, and print as they are.
            if err.use_stderr() {
                eprintln!("{}", usage_hint(err.kind()));
            }
            err.exit()
        }
    };
    // Anything that fails outside the per-file isolation (loading rules, rendering, writing) still
    // ends with a message asking for a report and exit code 3, never with a bare panic.
    let result =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| dispatch(cli))).unwrap_or_else(|payload| {
            let detail = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "未知错误".to_string());
            Err(error::CliError::new(
                EXIT_INTERNAL,
                format!(
                    "jixiao 发生内部错误（{detail}）；请将所用命令、输入文件和此信息报告给 jixiao 的维护者"
                ),
            ))
        });
    alloc::keep_memory_at_exit();
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            if !err.text.is_empty() {
                eprint!("{}", err.text);
                if !err.text.ends_with('\n') {
                    eprintln!();
                }
            }
            ExitCode::from(err.exit)
        }
    }
}

/// What went wrong with the command line, in Chinese, before clap's own message (exit code 2).
fn usage_hint(kind: clap::error::ErrorKind) -> String {
    use clap::error::ErrorKind;
    let what = match kind {
        ErrorKind::MissingRequiredArgument => "缺少必需的参数（如要检查的报告文件或目录）",
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => "缺少命令",
        ErrorKind::InvalidSubcommand => "没有这个命令",
        ErrorKind::UnknownArgument => "无法识别的选项或参数",
        ErrorKind::InvalidValue | ErrorKind::ValueValidation | ErrorKind::InvalidUtf8 => "选项的值无效",
        ErrorKind::ArgumentConflict => "这些选项不能同时使用",
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            "选项的值个数不对"
        }
        _ => "命令行用法有误",
    };
    format!("jixiao：{what}。用法见 `jixiao --help` 或 `jixiao <命令> --help`（英文说明如下）")
}

fn dispatch(cli: Cli) -> CliResult {
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Import(args) => import::run(args),
        Command::Remediate(args) => remediate::run(args),
        Command::Schema { rules } => schema::run(rules),
        Command::Rules { format, rules } => rules::run(format, &rules),
        Command::Forms { format, forms } => forms::run(format, &forms),
        Command::Explain { id, rules } => explain::run(&id, &rules),
        Command::Test { path, with_builtin } => test::run(path, with_builtin),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve::run(args),
    }
}
