//! The command line's one error type: what to tell the user, and the exit code it ends with.
//! Every subcommand returns it; `main` prints it once.

/// Findings at or above `--fail-on`, or a failing rule test.
pub const EXIT_FINDINGS: u8 = 1;
/// A usage error, a bad rule or configuration file, or an unreadable input.
pub const EXIT_USAGE: u8 = 2;
/// jixiao itself failed.
pub const EXIT_INTERNAL: u8 = 3;

/// An error that ends the command: its text (one line, or a rendered list of problems) and its
/// exit code.
#[derive(Debug)]
pub struct CliError {
    pub text: String,
    pub exit: u8,
}

impl CliError {
    pub fn new(exit: u8, text: impl Into<String>) -> Self {
        CliError { text: text.into(), exit }
    }

    /// A usage error (exit code 2).
    pub fn usage(text: impl Into<String>) -> Self {
        CliError::new(EXIT_USAGE, text)
    }
}

/// What a subcommand ends with: an exit code, or an error to print.
pub type CliResult = Result<u8, CliError>;
