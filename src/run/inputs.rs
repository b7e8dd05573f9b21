//! Which files to check: paths given on the command line, directories searched recursively
//! for `*.json`. A path that cannot be read becomes an `io` diagnostic, never an abort.

use crate::diagnostic::{Diagnostic, codes};
use crate::load::describe_io;
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
/// is kept small. A file found in a directory is stored as its name, the directory once. The
/// names are front- and back-coded in order: each stores how many bytes it shares with the
/// start and the end of the name before it, and the bytes in between (`report-000123.json`
/// after `report-000122.json` is 12, 5 and `3`); every sixteenth name is stored whole, so
/// that any name is found by decoding at most that many.
#[derive(Debug, Default)]
pub struct Paths {
    bases: Vec<Base>,
    /// The base of each run of entries, by the index of the run's first entry, ascending;
    /// [`NO_BASE`] for entries that are whole paths.
    base_runs: Vec<(u32, u32)>,
    /// The coded names: per entry, three LEB128 numbers (shared start, shared end, length of
    /// the rest) and the rest.
    coded: Vec<u8>,
    /// Where every [`RESTART`]th entry starts in `coded`.
    restarts: Vec<usize>,
    len: usize,
    /// Exact names of the entries whose name is not valid Unicode (their coded name is
    /// lossy), by index, ascending.
    exact: Vec<(u32, OsString)>,
}

/// Every this many names, one is stored whole.
const RESTART: usize = 16;

/// A directory whose files are stored by name.
#[derive(Debug)]
struct Base {
    path: PathBuf,
    /// The display string of the directory joined with a name, without the name.
    prefix: String,
}

const NO_BASE: u32 = u32::MAX;

impl Paths {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The path of the `index`th file, to read it.
    pub fn path(&self, index: usize) -> PathBuf {
        let name = self.name(index);
        let exact = u32::try_from(index)
            .ok()
            .and_then(|i| self.exact.binary_search_by_key(&i, |(e, _)| *e).ok())
            .map(|i| self.exact[i].1.as_os_str());
        let name = exact.unwrap_or(OsStr::new(&name));
        match self.base(index) {
            Some(base) => base.path.join(name),
            None => PathBuf::from(name),
        }
    }

    /// The display string of the `index`th file, as [`display`] gives it.
    pub fn display(&self, index: usize) -> String {
        let name = self.name(index);
        match self.base(index) {
            Some(base) => {
                let mut out = String::with_capacity(base.prefix.len() + name.len());
                out.push_str(&base.prefix);
                out.push_str(&name);
                out
            }
            None => name,
        }
    }

    /// The display string of the `index`th file compared with `other`.
    pub fn cmp_display(&self, index: usize, other: &str) -> Ordering {
        self.display(index).as_str().cmp(other)
    }

    pub fn iter(&self) -> impl Iterator<Item = PathBuf> + '_ {
        (0..self.len()).map(|i| self.path(i))
    }

    fn base(&self, index: usize) -> Option<&Base> {
        let index = u32::try_from(index).ok()?;
        let run = self.base_runs.partition_point(|(first, _)| *first <= index).checked_sub(1)?;
        self.bases.get(self.base_runs[run].1 as usize)
    }

    /// The (lossy) name of the `index`th entry, decoded from the nearest whole one.
    fn name(&self, index: usize) -> String {
        let mut name = String::new();
        let Some(&start) = self.restarts.get(index / RESTART) else { return name };
        let mut reader = Bytes { bytes: &self.coded, at: start };
        for _ in 0..=index % RESTART {
            let (Some(head), Some(tail), Some(length)) = (reader.number(), reader.number(), reader.number())
            else {
                break;
            };
            let rest = reader.take(length);
            let tail_from = name.len().saturating_sub(tail);
            let mut next = String::with_capacity(head + rest.len() + tail);
            next.push_str(name.get(..head).unwrap_or(""));
            next.push_str(rest);
            next.push_str(name.get(tail_from..).unwrap_or(""));
            name = next;
        }
        name
    }
}

/// Reads coded names.
struct Bytes<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Bytes<'a> {
    fn number(&mut self) -> Option<usize> {
        let mut value = 0usize;
        for shift in (0..64).step_by(7) {
            let byte = *self.bytes.get(self.at)?;
            self.at += 1;
            value |= usize::from(byte & 0x7f).checked_shl(shift)?;
            if byte & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    fn take(&mut self, length: usize) -> &'a str {
        let end = self.at.saturating_add(length).min(self.bytes.len());
        let text = self.bytes.get(self.at..end).and_then(|b| std::str::from_utf8(b).ok()).unwrap_or("");
        self.at = end;
        text
    }
}

fn write_number(out: &mut Vec<u8>, mut value: usize) {
    loop {
        let low = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(low);
            return;
        }
        out.push(low | 0x80);
    }
}

/// The files as they are found: every name in one string, four bytes per file. Turned into
/// [`Paths`] once all are found.
#[derive(Debug, Default)]
struct Found {
    /// The names, each followed by `\0` (which no file name contains); names that are not
    /// valid Unicode are stored lossily here and exactly in `exact`.
    text: String,
    /// Where each run of names with the same base starts, ascending.
    blocks: Vec<Block>,
    bases: Vec<Base>,
    /// Exact names of the names that are not valid Unicode, by offset, ascending.
    exact: Vec<(u32, OsString)>,
    /// The offset of each file's name in `text`.
    entries: Vec<u32>,
}

#[derive(Debug, Clone, Copy)]
struct Block {
    start: u32,
    /// Index in `bases`, or [`NO_BASE`] for names that are whole paths.
    base: u32,
}

/// The list of names outgrew the four-byte offsets (some four thousand million bytes of names).
#[derive(Debug)]
struct TooMany;

impl Found {
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
        // The terminator is one byte, which no other character contains.
        rest.get(..rest.bytes().position(|b| b == 0).unwrap_or(rest.len())).unwrap_or(rest)
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

    fn full_path(&self, offset: u32) -> PathBuf {
        match self.bases.get(self.block_of(offset) as usize) {
            Some(base) => base.path.join(self.os_name(offset)),
            None => PathBuf::from(self.os_name(offset).into_owned()),
        }
    }

    fn display_parts(&self, offset: u32) -> (&str, &str) {
        let prefix = self.bases.get(self.block_of(offset) as usize).map_or("", |b| b.prefix.as_str());
        (prefix, self.name(offset))
    }

    /// `Path` order of two entries (by components), as a `BTreeSet<PathBuf>` sorts them.
    fn cmp_path(&self, a: u32, b: u32) -> Ordering {
        let (base_a, base_b) = (self.block_of(a), self.block_of(b));
        if base_a == base_b && base_a != NO_BASE {
            // Files of one directory: their paths differ in the last component only.
            return self.os_name(a).cmp(&self.os_name(b));
        }
        self.full_path(a).cmp(&self.full_path(b))
    }

    fn cmp_display(&self, a: u32, b: u32) -> Ordering {
        let (prefix_a, name_a) = self.display_parts(a);
        let (prefix_b, name_b) = self.display_parts(b);
        if prefix_a == prefix_b {
            return name_a.cmp(name_b);
        }
        prefix_a.bytes().chain(name_a.bytes()).cmp(prefix_b.bytes().chain(name_b.bytes()))
    }

    /// Puts the entries in their final order — each path once (the first one found, as a set
    /// of paths keeps it), by display string, `Path` order among equal display strings — and
    /// codes them.
    fn finish(mut self) -> Paths {
        let mut entries = std::mem::take(&mut self.entries);
        // Both sorts are stable; the walk already yields each directory in `Path` order, which
        // these sorts notice, so they cost little more than a pass.
        entries.sort_by(|&a, &b| self.cmp_path(a, b));
        entries.dedup_by(|a, b| self.cmp_path(*a, *b) == Ordering::Equal);
        entries.sort_by(|&a, &b| self.cmp_display(a, b));

        let mut paths = Paths { bases: std::mem::take(&mut self.bases), ..Paths::default() };
        let mut previous = "";
        for (index, &offset) in entries.iter().enumerate() {
            // Fewer than four thousand million entries fit in `text` at all.
            let Ok(index_u32) = u32::try_from(index) else { break };
            let base = self.block_of(offset);
            if paths.base_runs.last().is_none_or(|(_, b)| *b != base) {
                paths.base_runs.push((index_u32, base));
            }
            if let Ok(i) = self.exact.binary_search_by_key(&offset, |(o, _)| *o) {
                paths.exact.push((index_u32, self.exact[i].1.clone()));
            }
            let name = self.name(offset);
            let (head, tail) = if index % RESTART == 0 {
                paths.restarts.push(paths.coded.len());
                (0, 0)
            } else {
                shared(previous, name)
            };
            write_number(&mut paths.coded, head);
            write_number(&mut paths.coded, tail);
            let rest = name.get(head..name.len() - tail).unwrap_or(name);
            write_number(&mut paths.coded, rest.len());
            paths.coded.extend_from_slice(rest.as_bytes());
            paths.len += 1;
            previous = name;
        }
        paths.coded.shrink_to_fit();
        paths
    }
}

/// How many bytes `name` shares with the start and with the end of `previous`, at character
/// boundaries and without overlapping.
fn shared(previous: &str, name: &str) -> (usize, usize) {
    let mut head = previous.bytes().zip(name.bytes()).take_while(|(a, b)| a == b).count();
    while !name.is_char_boundary(head) {
        head -= 1;
    }
    let room = previous.len().min(name.len()) - head;
    let mut tail =
        previous.bytes().rev().zip(name.bytes().rev()).take(room).take_while(|(a, b)| a == b).count();
    while !name.is_char_boundary(name.len() - tail) {
        tail -= 1;
    }
    (head, tail)
}

pub fn collect(paths: &[PathBuf]) -> Inputs {
    collect_with(paths, &Selection::default())
}

/// Which files a directory walk takes: by default reports as JSON and forms and reports as
/// Excel or Word files (`*.json`, `*.xlsx`, `*.xls`, `*.docx`), leaving out the `~$…` lock
/// files Office leaves beside an open document; `--include GLOB` adds files whose name matches,
/// `--exclude GLOB` leaves out files whose name or path matches. A file named on the command
/// line is always taken.
#[derive(Debug, Default, Clone)]
pub struct Selection {
    include: Option<globset::GlobSet>,
    exclude: Option<globset::GlobSet>,
}

/// The extensions a directory walk takes by default.
pub const REPORT_EXTENSIONS: [&str; 4] = ["json", "xlsx", "xls", "docx"];

impl Selection {
    /// A selection from `--include` and `--exclude` patterns; an invalid pattern is named.
    pub fn new(include: &[String], exclude: &[String]) -> Result<Selection, String> {
        let set = |patterns: &[String]| -> Result<Option<globset::GlobSet>, String> {
            if patterns.is_empty() {
                return Ok(None);
            }
            let mut builder = globset::GlobSetBuilder::new();
            for pattern in patterns {
                let glob = globset::GlobBuilder::new(pattern)
                    .literal_separator(false)
                    .build()
                    .map_err(|e| format!("文件模式 `{pattern}` 无效：{e}"))?;
                builder.add(glob);
            }
            builder.build().map(Some).map_err(|e| e.to_string())
        };
        Ok(Selection { include: set(include)?, exclude: set(exclude)? })
    }

    /// Whether a file met in a directory walk is taken, by its name (and its path, for
    /// `--exclude`).
    fn takes(&self, name: &Path, path: impl FnOnce() -> PathBuf) -> bool {
        let plain = name.to_string_lossy();
        if plain.starts_with("~$") {
            return false;
        }
        let default = name
            .extension()
            .is_some_and(|e| REPORT_EXTENSIONS.iter().any(|known| e.eq_ignore_ascii_case(known)));
        let included = default || self.include.as_ref().is_some_and(|set| set.is_match(name));
        if !included {
            return false;
        }
        match &self.exclude {
            Some(set) => !(set.is_match(name) || set.is_match(path())),
            None => true,
        }
    }
}

/// [`collect`] with a [`Selection`] of the files directory walks take.
pub fn collect_with(paths: &[PathBuf], selection: &Selection) -> Inputs {
    let mut found = Found::default();
    let mut problems = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                let mut visited = BTreeSet::new();
                walk(path, selection, &mut found, &mut problems, &mut visited);
            }
            // A file named explicitly is checked whatever its extension; reading decides
            // whether it is a regular file.
            Ok(_) => match found.push(NO_BASE, path.as_os_str()) {
                Ok(offset) => found.entries.push(offset),
                Err(TooMany) => too_many(&mut problems, path),
            },
            Err(err) => problems.push((
                display(path),
                Diagnostic::error(codes::IO, format!("无法读取 {}：{}", display(path), describe_io(&err))),
            )),
        }
    }
    Inputs { files: found.finish(), problems }
}

/// A file left out because the list is full is reported, not silently dropped.
fn too_many(problems: &mut Vec<(String, Diagnostic)>, full: &Path) {
    problems.push((
        display(full),
        Diagnostic::error(codes::IO, format!("无法读取 {}：要检查的文件太多", display(full))),
    ));
}

fn walk(
    dir: &Path,
    selection: &Selection,
    found: &mut Found,
    problems: &mut Vec<(String, Diagnostic)>,
    visited: &mut BTreeSet<PathBuf>,
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
    let base = found.add_base(dir);
    // The children's names go into the list right away (those of directories and other files
    // stay there unused, a few bytes each), so a large directory is not held twice.
    let mut children: Vec<(u32, Option<std::fs::FileType>)> = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let stored = if base == NO_BASE { dir.join(&name).into_os_string() } else { name };
        match found.push(base, &stored) {
            Ok(offset) => children.push((offset, entry.file_type().ok())),
            Err(TooMany) => {
                let child = dir.join(entry.file_name());
                if selection.takes(Path::new(&entry.file_name()), || child.clone()) {
                    too_many(problems, &child);
                }
            }
        }
    }
    // In `Path` order, as a directory's children were always visited. A large directory's sort
    // is most of the time spent before the first report is checked: each name is looked up
    // once, not at every comparison.
    children.sort_by_cached_key(|&(offset, _)| found.os_name(offset));
    for (offset, kind) in children {
        // The directory entry tells a plain file or directory without asking the file system
        // again (a directory of ten thousand reports is listed before any is checked); links,
        // which are followed, and entries of unknown kind are looked up. A plain file needs
        // only its name, so no path is built for it.
        let kind = match kind {
            Some(kind) if kind.is_file() || kind.is_dir() => Ok(kind),
            _ => std::fs::metadata(found.full_path(offset)).map(|meta| meta.file_type()),
        };
        let taken =
            |found: &Found| selection.takes(Path::new(&found.os_name(offset)), || found.full_path(offset));
        match kind {
            Ok(kind) if kind.is_dir() => walk(&found.full_path(offset), selection, found, problems, visited),
            Ok(kind) if kind.is_file() => {
                if taken(found) {
                    found.entries.push(offset);
                }
            }
            // FIFOs, sockets and devices found while walking are not reports: skip them
            // silently, as a directory walk should not block on a pipe.
            Ok(_) => {}
            Err(err) => {
                if taken(found) {
                    let child = display(&found.full_path(offset));
                    let message = format!("无法读取 {child}：{}", describe_io(&err));
                    problems.push((child, Diagnostic::error(codes::IO, message)));
                }
            }
        }
    }
}

/// A path as shown to people and written into machine formats.
pub fn display(path: &Path) -> String {
    path.to_string_lossy().into_owned()
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
        let mut found = Found::default();
        let given = ["r/a/x.json", "r/a-b.json", "r//a-b.json", "./r/a.json", "r/a.json", "r/a/x.json"];
        for path in given {
            let offset = found.push(NO_BASE, OsStr::new(path)).expect("room");
            found.entries.push(offset);
        }
        let paths = found.finish();
        let shown: Vec<String> = (0..paths.len()).map(|i| paths.display(i)).collect();
        assert_eq!(shown, reference(&given));
        // The first spelling of a path is kept, as a set keeps the first element inserted.
        assert!(shown.contains(&"r/a-b.json".to_string()));
        assert!(!shown.contains(&"r//a-b.json".to_string()));
    }

    #[test]
    fn coded_names_decode_to_what_was_stored() {
        let mut found = Found::default();
        let base = found.add_base(Path::new("reports/"));
        let mut names: Vec<String> = (0..50).map(|i| format!("report-{i:06}.json")).collect();
        names.extend(
            ["财政局.json", "财务局.json", "a", "ab", "b", "éa", "èa", "x.json.json"].map(String::from),
        );
        for name in &names {
            let offset = found.push(base, OsStr::new(name)).expect("room");
            found.entries.push(offset);
        }
        let paths = found.finish();
        names.sort();
        assert_eq!(paths.len(), names.len());
        for (i, name) in names.iter().enumerate() {
            assert_eq!(paths.display(i), format!("reports/{name}"));
            assert_eq!(paths.path(i), Path::new("reports").join(name));
            assert_eq!(paths.cmp_display(i, &format!("reports/{name}")), Ordering::Equal);
        }
        // Names that share most of their text take a few bytes each.
        assert!(paths.coded.len() < names.iter().map(String::len).sum::<usize>() / 2);
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_unicode_are_kept_exactly() {
        use std::os::unix::ffi::OsStrExt;
        let mut found = Found::default();
        let base = found.add_base(Path::new("r"));
        let odd = OsStr::from_bytes(b"b\xff.json");
        for name in [OsStr::new("a.json"), odd, OsStr::new("c.json")] {
            let offset = found.push(base, name).expect("room");
            found.entries.push(offset);
        }
        let paths = found.finish();
        assert_eq!(paths.path(1), Path::new("r").join(odd));
        assert_eq!(paths.display(1), "r/b\u{fffd}.json");
        assert_eq!(paths.path(2), Path::new("r/c.json"));
    }

    #[test]
    fn a_directory_is_walked_in_path_order() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("a")).expect("mkdir");
        let names = [
            "a-b.json",
            "a.json",
            "a/x.json",
            "ab.json",
            "a b.json",
            "B.json",
            "财政局.json",
            "财务局.json",
            "é.json",
            "z.json",
            "0.json",
        ];
        for name in names {
            std::fs::write(dir.path().join(name), "{}").expect("write");
        }
        let inputs = collect(&[dir.path().to_path_buf()]);
        let shown: Vec<String> = (0..inputs.files.len()).map(|i| inputs.files.display(i)).collect();
        let root = display(dir.path());
        let given: Vec<String> = names.iter().map(|n| format!("{root}/{n}")).collect();
        assert_eq!(shown, reference(&given.iter().map(String::as_str).collect::<Vec<_>>()));
    }

    #[cfg(unix)]
    #[test]
    fn a_directory_with_a_name_that_is_not_unicode_is_walked_in_path_order() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let odd = OsStr::from_bytes(b"b\xff.json");
        for name in [OsStr::new("c.json"), odd, OsStr::new("a.json"), OsStr::new("b.json")] {
            std::fs::write(dir.path().join(name), "{}").expect("write");
        }
        let inputs = collect(&[dir.path().to_path_buf()]);
        let paths: Vec<PathBuf> = inputs.files.iter().collect();
        let expected: Vec<PathBuf> = [OsStr::new("a.json"), OsStr::new("b.json"), odd, OsStr::new("c.json")]
            .map(|n| dir.path().join(n))
            .into();
        assert_eq!(paths, expected);
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
