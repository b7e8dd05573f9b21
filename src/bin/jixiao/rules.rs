//! `jixiao rules`: list the rules in force, as a table, JSON or Markdown.

use crate::args::{ListFormat, RuleArgs};
use crate::error::CliResult;
use crate::output::write_stdout;
use crate::prepare::load_rules;

pub fn run(format: ListFormat, args: &RuleArgs) -> CliResult {
    let set = load_rules(args)?;
    let text = match format {
        ListFormat::Table => jixiao::reference::table(&set),
        ListFormat::Json => jixiao::reference::json(&set),
        ListFormat::Md => jixiao::reference::markdown(&set),
    };
    write_stdout(&text);
    Ok(0)
}
