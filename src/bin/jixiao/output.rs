//! Where output goes: standard output that tolerates a closed pipe, files written through a
//! temporary name and a rename, and the refusal to write over an input.

use crate::error::CliError;
use jixiao::run::inputs::Paths;
use std::io::Write;
use std::path::PathBuf;

/// Standard output for a document: buffered, and a closed pipe (`jixiao … | head`) is not an
/// error worth stopping for, so after the first failure the rest is dropped.
pub struct Stdout {
    out: Option<std::io::BufWriter<std::io::StdoutLock<'static>>>,
}

impl Stdout {
    pub fn new() -> Self {
        Stdout { out: Some(std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock())) }
    }
}

impl Write for Stdout {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if let Some(out) = &mut self.out
            && out.write_all(bytes).is_err()
        {
            self.out = None;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if let Some(out) = &mut self.out
            && out.flush().is_err()
        {
            self.out = None;
        }
        Ok(())
    }
}

/// jixiao never writes to its inputs: an output path that names one of the files to be checked
/// (directly, through a symbolic link, or as a `*.json` found in an input directory) is refused
/// before anything is written.
pub fn refuse_inputs_as_outputs(inputs: &Paths, outputs: &[&std::path::Path]) -> Result<(), CliError> {
    if outputs.is_empty() {
        return Ok(());
    }
    // The few outputs are compared with each input in turn, so that no set of all the inputs'
    // canonical paths is built.
    let targets: Vec<Option<PathBuf>> = outputs.iter().map(|output| canonical_target(output)).collect();
    let mut refused = vec![false; outputs.len()];
    for input in inputs.iter() {
        let Ok(input) = std::fs::canonicalize(input) else { continue };
        for (refused, target) in refused.iter_mut().zip(&targets) {
            *refused |= target.as_ref() == Some(&input);
        }
    }
    if let Some(output) = outputs.iter().zip(&refused).find_map(|(output, refused)| refused.then_some(output))
    {
        return Err(CliError::usage(format!("拒绝写入 {}：它是被检查的输入文件之一", output.display())));
    }
    Ok(())
}

/// The canonical path `path` refers to, also when it does not exist yet (its directory's
/// canonical path joined with its name).
pub fn canonical_target(path: &std::path::Path) -> Option<PathBuf> {
    if let Ok(target) = std::fs::canonicalize(path) {
        return Some(target);
    }
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => std::path::Path::new("."),
    };
    Some(std::fs::canonicalize(dir).ok()?.join(path.file_name()?))
}

/// Writes a file through a temporary file in the same directory and a rename, so a reader never
/// sees a half-written file and an interrupted run leaves the old file intact.
pub fn write_file(path: &std::path::Path, bytes: &[u8]) -> Result<(), String> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes).map_err(|err| format!("无法写入 {}：{err}", path.display()))?;
    file.commit()
}

/// A file being written under a temporary name in its directory; [`AtomicFile::commit`] gives
/// it its name, and dropping it without that removes it.
pub struct AtomicFile {
    file: std::fs::File,
    temporary: PathBuf,
    path: PathBuf,
    committed: bool,
}

impl AtomicFile {
    pub fn create(path: &std::path::Path) -> Result<AtomicFile, String> {
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        // Several files of one run may be under way at once, even for the same path (the last
        // one put in place wins, as when they were written one after the other).
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let temporary = dir.join(format!(".{name}.jixiao-{}-{n}.tmp", std::process::id()));
        // A leftover of an interrupted run (or a link planted under that name) is removed, and
        // the temporary file is created afresh, so the bytes never go through someone else's link.
        let _ = std::fs::remove_file(&temporary);
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&temporary) {
            Ok(file) => Ok(AtomicFile { file, temporary, path: path.to_path_buf(), committed: false }),
            Err(err) => Err(format!("无法写入 {}：{err}", path.display())),
        }
    }

    pub fn commit(mut self) -> Result<(), String> {
        let result = self.file.sync_all().and_then(|()| std::fs::rename(&self.temporary, &self.path));
        match result {
            Ok(()) => {
                self.committed = true;
                Ok(())
            }
            Err(err) => Err(format!("无法写入 {}：{err}", self.path.display())),
        }
    }
}

/// Flushes a buffered [`AtomicFile`] and gives it its name.
pub fn commit_buffered(writer: std::io::BufWriter<AtomicFile>) -> Result<(), String> {
    match writer.into_inner() {
        Ok(file) => file.commit(),
        Err(err) => {
            let (error, writer) = err.into_parts();
            Err(format!("无法写入 {}：{error}", writer.get_ref().path.display()))
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.temporary);
        }
    }
}

impl Write for AtomicFile {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.file.write(bytes)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// Writes to stdout; a closed pipe (`jixiao … | head`) is not an error worth a panic.
pub fn write_stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}
