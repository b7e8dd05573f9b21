//! jixiao (绩效): a rule-based compliance checker for Chinese government budget performance
//! self-evaluation reports (部门整体支出绩效自评报告, 项目支出绩效自评表).
//!
//! The library is a pipeline, one module per stage of the data's path:
//!
//! 1. [`load`]: bytes → text (UTF-8, UTF-16, GB18030) → JSON with exact numbers; spans on demand.
//! 2. [`schema`]: validation against the v1 report schema (`schemas/report.schema.json`).
//! 3. [`rules`]: rule packs (TOML) compiled into rules with parsed expressions, once per run.
//! 4. [`engine`]: runs compiled rules against a report.
//! 5. [`diagnostic`]: the one `Diagnostic` type all stages emit.
//! 6. [`render`]: output formats, one file each.
//!
//! The library never prints: `main` and the renderers own all output.

// A Diagnostic is the error type of data problems; it is built rarely (once per finding), so its
// size on the error path does not matter.
#![allow(clippy::result_large_err)]
#![warn(clippy::print_stdout, clippy::print_stderr, clippy::dbg_macro, clippy::iter_over_hash_type)]

pub mod check;
pub mod config;
pub mod diagnostic;
pub mod import;
pub mod load;
pub mod reference;
pub mod render;
pub mod rules;
pub mod run;
pub mod schema;
pub mod suppress;
