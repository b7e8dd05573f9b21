//! Scratch storage for a run: what has to wait until the end (held reports, the parts of
//! formats whose start depends on every report) goes into a temporary file.

use crate::render::stream::Scratch;
use std::io::Write;
use std::path::PathBuf;

/// Scratch storage for what has to wait until the end of a run: a temporary file, buffered,
/// removed when dropped (on Unix as soon as it is open, so that nothing is left behind even if
/// the process is killed).
pub struct TemporaryFile {
    file: std::io::BufWriter<std::fs::File>,
    path: PathBuf,
}

impl TemporaryFile {
    /// Scratch storage: a temporary file, or memory where no temporary file can be made (a
    /// read-only system), which costs memory but still gives the same output.
    pub fn scratch() -> std::io::Result<Box<dyn Scratch>> {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let dir = std::env::temp_dir();
        for _ in 0..100 {
            let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let path = dir.join(format!(".jixiao-{}-{n}.tmp", std::process::id()));
            // Created afresh, never through a link someone left under that name.
            match std::fs::OpenOptions::new().read(true).write(true).create_new(true).open(&path) {
                Ok(file) => {
                    #[cfg(unix)]
                    let _ = std::fs::remove_file(&path);
                    let file = std::io::BufWriter::with_capacity(64 * 1024, file);
                    return Ok(Box::new(TemporaryFile { file, path }));
                }
                Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(_) => break,
            }
        }
        crate::render::stream::memory_scratch()
    }
}

impl Drop for TemporaryFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

impl std::io::Read for TemporaryFile {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        // What is still buffered must be in the file before reading it.
        self.file.flush()?;
        self.file.get_mut().read(buffer)
    }
}

impl Write for TemporaryFile {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.file.write(bytes)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

impl std::io::Seek for TemporaryFile {
    fn seek(&mut self, position: std::io::SeekFrom) -> std::io::Result<u64> {
        // Writes what is buffered first.
        self.file.seek(position)
    }
}
