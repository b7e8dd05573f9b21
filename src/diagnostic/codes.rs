//! Codes of diagnostics that are not rules: they come from the stages before the rules run.

/// The file could not be read (missing, a directory, permission, not a regular file).
pub const IO: &str = "io";
/// The bytes are not text in an encoding jixiao reads (UTF-8, UTF-16 with BOM, GB18030/GBK).
pub const ENCODING: &str = "encoding";
/// The text is not JSON (syntax error, NaN, comments, trailing commas, nesting too deep…).
pub const INVALID_JSON: &str = "invalid-json";
/// The same key appears twice in one object, so the report is ambiguous.
pub const DUPLICATE_KEY: &str = "duplicate-key";
/// A number that cannot be held exactly (beyond 28 significant digits or out of range).
pub const NUMBER_OUT_OF_RANGE: &str = "number-out-of-range";
/// A violation of the report schema (`schemas/report.schema.json`).
pub const SCHEMA: &str = "schema";
/// What an office or text document did not give (a field not found, a table row without its
/// value), or a document that could not be read or recognised at all.
pub const IMPORT: &str = "import";
/// A rule file or configuration file that cannot be used.
pub const RULE_FILE: &str = "rule-file";
/// jixiao itself failed on this file; please report it.
pub const INTERNAL: &str = "internal-error";

/// Every fixed code, in the order of the stages that emit them.
pub const ALL: [&str; 9] =
    [IO, ENCODING, INVALID_JSON, DUPLICATE_KEY, NUMBER_OUT_OF_RANGE, IMPORT, SCHEMA, RULE_FILE, INTERNAL];
