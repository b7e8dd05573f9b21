//! What the integration tests share.

use assert_cmd::Command;

/// The `jixiao` binary, run from the crate's root with a fixed terminal width and without the
/// environment switches a test may set for itself.
pub fn jixiao() -> Command {
    let mut cmd = Command::cargo_bin("jixiao").expect("binary");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("COLUMNS", "100")
        .env_remove("NO_COLOR")
        .env_remove("JIXIAO_TEST_PANIC_ON");
    cmd
}
