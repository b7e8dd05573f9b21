//! `jixiao explain ID`: a rule's purpose, basis, parameters and examples.

use crate::args::{Color, RuleArgs};
use crate::error::{CliError, CliResult};
use crate::output::write_stdout;
use crate::prepare::{load_rules, style};

pub fn run(id: &str, args: &RuleArgs) -> CliResult {
    let set = load_rules(args)?;
    match jixiao::reference::explain(&set, id, style(Color::Auto)) {
        Some(text) => {
            write_stdout(&text);
            Ok(0)
        }
        None => {
            let hint = jixiao::diagnostic::suggest::suggestion(id, set.rules.iter().map(|r| r.id.as_str()));
            Err(CliError::usage(format!("未知规则 `{id}`{hint}（`jixiao rules` 列出全部规则）")))
        }
    }
}
