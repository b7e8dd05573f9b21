//! Stage 3: rule packs. TOML rule files are compiled, once per run, into rules with parsed
//! expressions and resolved paths.

pub mod expr;
