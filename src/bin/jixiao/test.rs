//! `jixiao test`: run the examples and tests of rule files.

use crate::error::{CliResult, EXIT_FINDINGS};
use crate::output::write_stdout;
use crate::prepare::load_with;
use jixiao::rules::{self, LoadOptions};
use std::path::PathBuf;

pub fn run(path: PathBuf, with_builtin: bool) -> CliResult {
    let options = LoadOptions { builtin: with_builtin, extra: vec![path.clone()], ..LoadOptions::default() };
    let set = load_with(&options)?;
    let only = if with_builtin { vec![path.to_string_lossy().into_owned()] } else { Vec::new() };
    let outcomes = rules::testing::run(&set, &options, &only);
    let text = jixiao::reference::test_outcomes(&outcomes);
    write_stdout(&text);
    Ok(if outcomes.iter().any(|o| o.failure.is_some()) { EXIT_FINDINGS } else { 0 })
}
