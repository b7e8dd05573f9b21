//! The integration tests, as one binary: each module is a concern (the command line, hostile
//! inputs, renderers, rule behaviour, imports, …) and `util` holds what they share.
//!
//! One binary links the library once, where a file per concern would link it once each.

mod util;

#[cfg(feature = "serve")]
mod browser;
mod ci_outputs;
mod cli;
mod corpus;
mod forms;
mod hostile_inputs;
mod hostile_rules;
mod human_output;
mod import_cli;
mod layers;
mod load_props;
mod load_snapshots;
mod narrative;
mod native_pass;
mod office_readers;
mod renderers;
mod report_schema;
mod rule_behaviour;
mod rule_pack;
#[cfg(feature = "serve")]
mod serve;
mod streaming;
