//! `jixiao.toml`: found from the working directory upwards, as linters find theirs.

use std::path::{Path, PathBuf};

pub const CONFIG_FILE: &str = "jixiao.toml";

/// The nearest `jixiao.toml` in `start` or one of its ancestors.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start.ancestors().map(|dir| dir.join(CONFIG_FILE)).find(|candidate| candidate.is_file())
}

/// Reads a configuration file as (path, text) for [`super::LoadOptions::config`].
pub fn read(path: &Path) -> std::io::Result<(String, String)> {
    let text = std::fs::read_to_string(path)?;
    Ok((path.to_string_lossy().into_owned(), text))
}
