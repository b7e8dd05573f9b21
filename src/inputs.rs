//! Which files to check: paths given on the command line, directories searched recursively
//! for `*.json`. A path that cannot be read becomes an `io` diagnostic, never an abort.

use crate::diagnostic::{Diagnostic, codes};
use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

/// Inputs found, in the order reports are written (see [`Paths`]), and the problems met while
/// looking for them, in the order they were met.
#[derive(Debug, Default)]
pub struct Inputs {
    pub files: Paths,
    pub problems: Vec<(String, Diagnostic)>,
}

/// The files to check, each once, sorted by their display string (the order reports are
/// written in); files whose display strings are equal stay in `Path` order.
///
/// A run may find hundreds of thousands of files and holds this list from start to end, so it
/// is kept compact: one string of names, each ended by a NUL (which no file name contains), and
/// four bytes per file. A file found in a directory is stored as its name only; the directory
/// is stored once, with the text that precedes its files' names in their display strings.
#[derive(Debug, Default)]
pub struct Paths {
    /// The names, each followed by `\0`; names that are not valid Unicode are stored lossily
    /// here and exactly in `exact`.
    text: String,
    /// Where each run of names with the same base starts, ascending.
    blocks: Vec<Block>,
    bases: Vec<Base>,
    /// Exact names of the entries whose name is not valid Unicode, by offset, ascending.
    exact: Vec<(u32, OsString)>,
    /// The offset of each file's name in `text`.
    entries: Vec<u32>,
}

/// A directory whose files are stored by name.
#[derive(Debug)]
struct Base {
    path: PathBuf,
    /// The display string of the directory joined with a name, without the name.
    prefix: String,
}

#[derive(Debug, Clone, Copy)]
struct Block {
    start: u32,
    /// Index in `bases`, or [`NO_BASE`] for names that are whole paths.
    base: u32,
}

const NO_BASE: u32 = u32::MAX;

/// The list of names outgrew the four-byte offsets (some four thousand million bytes of names).
#[derive(Debug)]
struct TooMany;

impl Paths {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The path of the `index`th file, to read it.
    pub fn path(&self, index: usize) -> PathBuf {
        let offset = self.entries[index];
        let name = self.os_name(offset);
        match self.base_of(offset) {
            Some(base) => base.path.join(name),
            None => PathBuf::from(name.into_owned()),
        }
    }

    /// The display string of the `index`th file, as [`display`] gives it.
    pub fn display(&self, index: usize) -> String {
        let (prefix, name) = self.display_parts(self.entries[index]);
        let mut out = String::with_capacity(prefix.len() + name.len());
        out.push_str(prefix);
        out.push_str(name);
        out
    }

    /// The display string of the `index`th file compared with `other`, without building it.
    pub fn cmp_display(&self, index: usize, other: &str) -> Ordering {
        let (prefix, name) = self.display_parts(self.entries[index]);
        prefix.bytes().chain(name.bytes()).cmp(other.bytes())
    }

    pub fn iter(&self) -> impl Iterator<Item = PathBuf> + '_ {
        (0..self.len()).map(|i| self.path(i))
    }

    /// Appends a name (or a whole path, with [`NO_BASE`]) and returns its offset.
    fn push(&mut self, base: u32, name: &OsStr) -> Result<u32, TooMany> {
        let offset = u32::try_from(self.text.len()).map_err(|_| TooMany)?;
        // The offset just past the name must fit too, for the next name.
        u32::try_from(self.text.len() + name.len() + 1).map_err(|_| TooMany)?;
        if self.blocks.last().is_none_or(|b| b.base != base) {
            self.blocks.push(Block { start: offset, base });
        }
        match name.to_str() {
            Some(text) => self.text.push_str(text),
            None => {
                self.text.push_str(&name.to_string_lossy());
                self.exact.push((offset, name.to_os_string()));
            }
        }
        self.text.push('\0');
        Ok(offset)
    }

    fn add_base(&mut self, path: &Path) -> u32 {
        // What joining a name adds to the directory does not depend on the name (a plain name
        // from a directory listing), so one probe gives the prefix of all its files. Should a
        // platform disagree, the directory's files are stored as whole paths.
        let probe = path.join("x");
        let probe = probe.to_string_lossy();
        let Some(prefix) = probe.strip_suffix('x') else { return NO_BASE };
        let Ok(index) = u32::try_from(self.bases.len()) else { return NO_BASE };
        if index == NO_BASE {
            return NO_BASE;
        }
        self.bases.push(Base { path: path.to_path_buf(), prefix: prefix.to_string() });
        index
    }

    fn name(&self, offset: u32) -> &str {
        let rest = self.text.get(offset as usize..).unwrap_or("");
        rest.split('\0').next().unwrap_or("")
    }

    fn os_name(&self, offset: u32) -> Cow<'_, OsStr> {
        match self.exact.binary_search_by_key(&offset, |(o, _)| *o) {
            Ok(i) => Cow::Borrowed(self.exact[i].1.as_os_str()),
            Err(_) => Cow::Borrowed(OsStr::new(self.name(offset))),
        }
    }

    fn block_of(&self, offset: u32) -> u32 {
        let i = self.blocks.partition_point(|b| b.start <= offset);
        i.checked_sub(1).map_or(NO_BASE, |i| self.blocks[i].base)
    }

    fn base_of(&self, offset: u32) -> Option<&Base> {
        self.bases.get(self.block_of(offset) as usize)
    }

    fn display_parts(&self, offset: u32) -> (&str, &str) {
        (self.base_of(offset).map_or("", |b| b.prefix.as_str()), self.name(offset))
    }

    /// `Path` order of two entries (by components), as a `BTreeSet<PathBuf>` sorts them.
    fn cmp_path(&self, a: u32, b: u32) -> Ordering {
        let (base_a, base_b) = (self.block_of(a), self.block_of(b));
        if base_a == base_b && base_a != NO_BASE {
            // Files of one directory: their paths differ in the last component only.
            return self.os_name(a).cmp(&self.os_name(b));
        }
        let full = |offset: u32, base: u32| match self.bases.get(base as usize) {
            Some(base) => base.path.join(self.os_name(offset)),
            None => PathBuf::from(self.os_name(offset).into_owned()),
        };
        full(a, base_a).cmp(&full(b, base_b))
    }

    fn cmp_display_of(&self, a: u32, b: u32) -> Ordering {
        let (prefix_a, name_a) = self.display_parts(a);
        let (prefix_b, name_b) = self.display_parts(b);
        if prefix_a == prefix_b {
            return name_a.cmp(name_b);
        }
        prefix_a.bytes().chain(name_a.bytes()).cmp(prefix_b.bytes().chain(name_b.bytes()))
    }

    /// Puts the entries in their final order: each path once (the first one found, as a set
    /// of paths keeps it), by display string, `Path` order among equal display strings.
    fn finish(&mut self) {
        let mut entries = std::mem::take(&mut self.entries);
        // Both sorts are stable; the walk already yields each directory in `Path` order, which
        // these sorts notice, so they cost little more than a pass.
        entries.sort_by(|&a, &b| self.cmp_path(a, b));
        entries.dedup_by(|a, b| self.cmp_path(*a, *b) == Ordering::Equal);
        entries.sort_by(|&a, &b| self.cmp_display_of(a, b));
        self.entries = entries;
    }
}

pub fn collect(paths: &[PathBuf]) -> Inputs {
    let mut inputs = Inputs::default();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                let mut visited = BTreeSet::new();
                walk(path, &mut inputs, &mut visited);
            }
            // A file named explicitly is checked whatever its extension; reading decides
            // whether it is a regular file.
            Ok(_) => add(&mut inputs, NO_BASE, path.as_os_str(), path),
            Err(err) => inputs.problems.push((
                display(path),
                Diagnostic::error(codes::IO, format!("无法读取 {}：{}", display(path), describe_io(&err))),
            )),
        }
    }
    inputs.files.finish();
    inputs
}

/// Adds a file; should the list be full, the file is reported instead of silently left out.
fn add(inputs: &mut Inputs, base: u32, name: &OsStr, full: &Path) {
    match inputs.files.push(base, name) {
        Ok(offset) => inputs.files.entries.push(offset),
        Err(TooMany) => too_many(inputs, full),
    }
}

fn too_many(inputs: &mut Inputs, full: &Path) {
    inputs.problems.push((
        display(full),
        Diagnostic::error(codes::IO, format!("无法读取 {}：要检查的文件太多", display(full))),
    ));
}

fn walk(dir: &Path, inputs: &mut Inputs, visited: &mut BTreeSet<PathBuf>) {
    // Symbolic links can make a directory its own descendant; a directory already seen (by
    // its canonical path) is not entered again.
    let canonical = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if !visited.insert(canonical) {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            inputs.problems.push((
                display(dir),
                Diagnostic::error(codes::IO, format!("无法读取目录 {}：{}", display(dir), describe_io(&err))),
            ));
            return;
        }
    };
    let base = inputs.files.add_base(dir);
    // The children's names go into the list right away (those of directories and other files
    // stay there unused, a few bytes each), so a large directory is not held twice.
    let mut children: Vec<u32> = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let stored = if base == NO_BASE { dir.join(&name).into_os_string() } else { name };
        match inputs.files.push(base, &stored) {
            Ok(offset) => children.push(offset),
            Err(TooMany) => {
                let child = dir.join(entry.file_name());
                if is_json(&child) {
                    too_many(inputs, &child);
                }
            }
        }
    }
    // In `Path` order, as a directory's children were always visited.
    children.sort_by(|&a, &b| inputs.files.os_name(a).cmp(&inputs.files.os_name(b)));
    for offset in children {
        let child = match inputs.files.base_of(offset) {
            Some(base) => base.path.join(inputs.files.os_name(offset)),
            None => PathBuf::from(inputs.files.os_name(offset).into_owned()),
        };
        match std::fs::metadata(&child) {
            Ok(meta) if meta.is_dir() => walk(&child, inputs, visited),
            Ok(meta) if meta.is_file() => {
                if is_json(&child) {
                    inputs.files.entries.push(offset);
                }
            }
            // FIFOs, sockets and devices found while walking are not reports: skip them
            // silently, as a directory walk should not block on a pipe.
            Ok(_) => {}
            Err(err) => {
                if is_json(&child) {
                    inputs.problems.push((
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

fn is_json(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The order of a set of paths inserted one by one, then a stable sort by display string:
    /// how reports were always ordered.
    fn reference(paths: &[&str]) -> Vec<String> {
        let mut set: BTreeSet<PathBuf> = BTreeSet::new();
        for path in paths {
            set.insert(PathBuf::from(path));
        }
        let mut out: Vec<String> = set.iter().map(|p| display(p)).collect();
        out.sort();
        out
    }

    #[test]
    fn order_is_by_display_string_with_duplicates_removed() {
        let mut paths = Paths::default();
        let given = ["r/a/x.json", "r/a-b.json", "r//a-b.json", "./r/a.json", "r/a.json", "r/a/x.json"];
        for path in given {
            let offset = paths.push(NO_BASE, OsStr::new(path)).expect("room");
            paths.entries.push(offset);
        }
        paths.finish();
        let shown: Vec<String> = (0..paths.len()).map(|i| paths.display(i)).collect();
        assert_eq!(shown, reference(&given));
        // The first spelling of a path is kept, as a set keeps the first element inserted.
        assert!(shown.contains(&"r/a-b.json".to_string()));
        assert!(!shown.contains(&"r//a-b.json".to_string()));
    }

    #[test]
    fn directory_files_are_stored_by_name() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("a")).expect("mkdir");
        for name in ["a-b.json", "a/x.json", "b.JSON", "c.txt"] {
            std::fs::write(dir.path().join(name), "{}").expect("write");
        }
        let inputs = collect(&[dir.path().to_path_buf(), dir.path().join("c.txt")]);
        let shown: Vec<String> = (0..inputs.files.len()).map(|i| inputs.files.display(i)).collect();
        let root = display(dir.path());
        let expected: Vec<String> =
            ["a-b.json", "a/x.json", "b.JSON", "c.txt"].iter().map(|n| format!("{root}/{n}")).collect();
        assert_eq!(shown, expected);
        assert_eq!(inputs.files.path(1), dir.path().join("a").join("x.json"));
        assert!(inputs.problems.is_empty());
    }
}
