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
    let cli = Cli::parse();
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
