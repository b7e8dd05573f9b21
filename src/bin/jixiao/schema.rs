//! `jixiao schema`: print the JSON Schema of report format v1, or of rule files.

use crate::error::CliResult;
use crate::output::write_stdout;

pub fn run(rules: bool) -> CliResult {
    write_stdout(if rules { jixiao::schema::RULES_SCHEMA } else { jixiao::schema::REPORT_SCHEMA });
    Ok(0)
}
