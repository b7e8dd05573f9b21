//! Which files to check: paths given on the command line, directories searched recursively
//! for `*.json`. A path that cannot be read becomes an `io` diagnostic, never an abort.

use crate::diagnostic::{Diagnostic, codes};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Inputs found, in path order, and the problems met while looking for them.
#[derive(Debug, Default)]
pub struct Inputs {
    pub files: Vec<PathBuf>,
    pub problems: Vec<(String, Diagnostic)>,
}

pub fn collect(paths: &[PathBuf]) -> Inputs {
    let mut inputs = Inputs::default();
    let mut files = BTreeSet::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                let mut visited = BTreeSet::new();
                walk(path, &mut files, &mut visited, &mut inputs.problems);
            }
            // A file named explicitly is checked whatever its extension; reading decides
            // whether it is a regular file.
            Ok(_) => {
                files.insert(path.clone());
            }
            Err(err) => inputs.problems.push((
                display(path),
                Diagnostic::error(codes::IO, format!("无法读取 {}：{}", display(path), describe_io(&err))),
            )),
        }
    }
    inputs.files = files.into_iter().collect();
    inputs
}

fn walk(
    dir: &Path,
    files: &mut BTreeSet<PathBuf>,
    visited: &mut BTreeSet<PathBuf>,
    problems: &mut Vec<(String, Diagnostic)>,
) {
    // Symbolic links can make a directory its own descendant; a directory already seen (by
    // its canonical path) is not entered again.
    let canonical = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if !visited.insert(canonical) {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            problems.push((
                display(dir),
                Diagnostic::error(codes::IO, format!("无法读取目录 {}：{}", display(dir), describe_io(&err))),
            ));
            return;
        }
    };
    let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    children.sort();
    for child in children {
        match std::fs::metadata(&child) {
            Ok(meta) if meta.is_dir() => walk(&child, files, visited, problems),
            Ok(meta) if meta.is_file() => {
                if child.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) {
                    files.insert(child);
                }
            }
            // FIFOs, sockets and devices found while walking are not reports: skip them
            // silently, as a directory walk should not block on a pipe.
            Ok(_) => {}
            Err(err) => {
                if child.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) {
                    problems.push((
                        display(&child),
                        Diagnostic::error(
                            codes::IO,
                            format!("无法读取 {}：{}", display(&child), describe_io(&err)),
                        ),
                    ));
                }
            }
        }
    }
}

/// A path as shown to people and written into machine formats.
pub fn display(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

pub fn describe_io(err: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match err.kind() {
        ErrorKind::NotFound => "文件或目录不存在".to_string(),
        ErrorKind::PermissionDenied => "没有读取权限".to_string(),
        _ => {
            if err.raw_os_error() == Some(40) {
                "符号链接循环".to_string()
            } else {
                err.to_string()
            }
        }
    }
}
