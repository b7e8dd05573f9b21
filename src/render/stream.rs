//! Formats written one file at a time, so that a run holds the reports of one batch rather
//! than of every file.
//!
//! Every format is a [`Streaming`] state machine: `begin`, then `file` for each report in the
//! order they are written, then `finish`. Counts for the end of a document (the summary, the
//! per-department table) are kept as small counters. A format whose start depends on every file
//! (JUnit's totals, SARIF's rule table), whose text has parts only known at the end (SARIF's
//! rule indexes) or whose order is not the files' order (整改清单, grouped by department)
//! *holds* its pieces: [`Output`] keeps them aside in scratch storage (a temporary file in the
//! command line tool, memory in [`render_all`]) and writes the document at the end.
//!
//! The whole-document functions of each format ([`super::json::render`] and so on) are
//! [`render_all`] over their streaming form, so both ways give the same bytes.

use crate::diagnostic::FileReport;
use std::collections::BTreeMap;
use std::io::{self, BufReader, Read, Seek, SeekFrom, Write};

/// Scratch storage for held text: a temporary file, or memory.
pub trait Scratch: Read + Write + Seek + Send {}

impl<T: Read + Write + Seek + Send> Scratch for T {}

/// Makes scratch storage when a format or a run first needs some.
pub type ScratchMaker<'a> = dyn FnMut() -> io::Result<Box<dyn Scratch>> + 'a;

/// Scratch storage in memory.
pub fn memory_scratch() -> io::Result<Box<dyn Scratch>> {
    Ok(Box::new(io::Cursor::new(Vec::new())))
}

/// One file's contribution to a document.
#[derive(Debug, Default)]
pub struct Piece {
    /// For formats that group their pieces: the group, `None` being the last one. Groups are
    /// written in name order, each group's pieces in the order of their files.
    pub group: Option<String>,
    pub text: String,
}

impl From<String> for Piece {
    fn from(text: String) -> Self {
        Piece { group: None, text }
    }
}

/// A format written file by file; see the module documentation.
pub trait Streaming {
    /// Whether pieces are held until the end (and then given to [`Streaming::resolve`]) rather
    /// than written as they come.
    fn holds(&self) -> bool {
        false
    }

    /// Whether held pieces are also shown to [`Streaming::count`], in their final order, before
    /// [`Streaming::head`] is asked for.
    fn counts(&self) -> bool {
        false
    }

    /// The text before the first file (of formats that do not hold their pieces).
    fn begin(&mut self) -> String {
        String::new()
    }

    /// One file's piece; an empty text adds nothing.
    fn file(&mut self, file: &FileReport) -> Piece;

    /// A held piece, in final order, before the document is written (when [`Streaming::counts`]).
    fn count(&mut self, _piece: &str) {}

    /// The start of the document of a format that holds its pieces, once every file was seen.
    fn head(&mut self) -> String {
        String::new()
    }

    /// The final text of a held piece; pieces come in final order.
    fn resolve(&mut self, piece: String) -> String {
        piece
    }

    /// The end of the document.
    fn finish(&mut self) -> String;
}

impl<S: Streaming + ?Sized> Streaming for Box<S> {
    fn holds(&self) -> bool {
        (**self).holds()
    }

    fn counts(&self) -> bool {
        (**self).counts()
    }

    fn begin(&mut self) -> String {
        (**self).begin()
    }

    fn file(&mut self, file: &FileReport) -> Piece {
        (**self).file(file)
    }

    fn count(&mut self, piece: &str) {
        (**self).count(piece);
    }

    fn head(&mut self) -> String {
        (**self).head()
    }

    fn resolve(&mut self, piece: String) -> String {
        (**self).resolve(piece)
    }

    fn finish(&mut self) -> String {
        (**self).finish()
    }
}

/// A document being written to `out`: the format's text goes there as it comes, or, for a
/// format that holds its pieces, at [`Output::finish`].
pub struct Output<R: Streaming, W: Write> {
    renderer: R,
    out: W,
    held: Option<Held>,
}

/// Pieces kept aside, as frames in scratch storage: a byte saying whether the piece has a group,
/// its length (8 bytes, little-endian) and its text.
struct Held {
    scratch: Box<dyn Scratch>,
    /// Offsets of the frames of each named group, in file order. Pieces without a group are
    /// found by reading all frames in order, so formats without groups need no index.
    named: BTreeMap<String, Vec<u64>>,
    end: u64,
}

const UNNAMED: u8 = 0;
const NAMED: u8 = 1;

impl Held {
    fn push(&mut self, piece: Piece) -> io::Result<()> {
        let tag = if piece.group.is_some() { NAMED } else { UNNAMED };
        if let Some(group) = piece.group {
            self.named.entry(group).or_default().push(self.end);
        }
        let length = piece.text.len() as u64;
        self.scratch.write_all(&[tag])?;
        self.scratch.write_all(&length.to_le_bytes())?;
        self.scratch.write_all(piece.text.as_bytes())?;
        self.end += 1 + 8 + length;
        Ok(())
    }

    /// Calls `each` with every piece in final order: named groups, then the rest.
    fn replay(&mut self, each: &mut dyn FnMut(String) -> io::Result<()>) -> io::Result<()> {
        self.scratch.flush()?;
        self.scratch.seek(SeekFrom::Start(0))?;
        let mut reader =
            Reader { inner: BufReader::with_capacity(64 * 1024, &mut self.scratch), position: 0 };
        for offsets in self.named.values() {
            for &offset in offsets {
                reader.seek_to(offset)?;
                let (_, text) = reader.frame()?;
                each(text)?;
            }
        }
        reader.seek_to(0)?;
        while reader.position < self.end {
            let (tag, text) = reader.frame()?;
            if tag == UNNAMED {
                each(text)?;
            }
        }
        Ok(())
    }
}

/// Reads frames back, knowing where it is, so that going to the next frame of a group moves
/// within the buffer instead of reading it again.
struct Reader<R> {
    inner: BufReader<R>,
    position: u64,
}

impl<R: Read + Seek> Reader<R> {
    fn seek_to(&mut self, offset: u64) -> io::Result<()> {
        let delta = i64::try_from(offset).ok().zip(i64::try_from(self.position).ok()).map(|(a, b)| a - b);
        match delta {
            Some(delta) => self.inner.seek_relative(delta)?,
            None => {
                self.inner.seek(SeekFrom::Start(offset))?;
            }
        }
        self.position = offset;
        Ok(())
    }

    fn frame(&mut self) -> io::Result<(u8, String)> {
        let mut header = [0u8; 9];
        self.inner.read_exact(&mut header)?;
        let mut length = [0u8; 8];
        length.copy_from_slice(&header[1..]);
        let length = u64::from_le_bytes(length);
        let size = usize::try_from(length)
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "暂存的片段过长"))?;
        let mut text = vec![0u8; size];
        self.inner.read_exact(&mut text)?;
        self.position += 9 + length;
        let text = String::from_utf8(text).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        Ok((header[0], text))
    }
}

impl<R: Streaming, W: Write> Output<R, W> {
    /// Starts a document; `scratch` is asked for storage when the format holds its pieces.
    pub fn new(mut renderer: R, mut out: W, scratch: &mut ScratchMaker<'_>) -> io::Result<Self> {
        let held = if renderer.holds() {
            Some(Held { scratch: scratch()?, named: BTreeMap::new(), end: 0 })
        } else {
            out.write_all(renderer.begin().as_bytes())?;
            None
        };
        Ok(Output { renderer, out, held })
    }

    pub fn file(&mut self, file: &FileReport) -> io::Result<()> {
        let piece = self.renderer.file(file);
        if piece.text.is_empty() {
            return Ok(());
        }
        match &mut self.held {
            Some(held) => held.push(piece),
            None => self.out.write_all(piece.text.as_bytes()),
        }
    }

    /// Writes the end of the document (and, for a format that holds, all of it); gives back the
    /// format, for what it gathered, and the writer, flushed.
    pub fn finish(mut self) -> io::Result<(R, W)> {
        if let Some(mut held) = self.held.take() {
            let renderer = &mut self.renderer;
            if renderer.counts() {
                held.replay(&mut |piece| {
                    renderer.count(&piece);
                    Ok(())
                })?;
            }
            self.out.write_all(renderer.head().as_bytes())?;
            let out = &mut self.out;
            held.replay(&mut |piece| out.write_all(renderer.resolve(piece).as_bytes()))?;
        }
        self.out.write_all(self.renderer.finish().as_bytes())?;
        self.out.flush()?;
        Ok((self.renderer, self.out))
    }
}

/// The whole document for `files`, through the streaming form in memory.
pub fn render_all<'f, R: Streaming>(
    renderer: R,
    files: impl IntoIterator<Item = &'f FileReport>,
) -> (R, Vec<u8>) {
    // Writing to memory cannot fail.
    let run = || -> io::Result<(R, Vec<u8>)> {
        let mut output = Output::new(renderer, Vec::new(), &mut memory_scratch)?;
        for file in files {
            output.file(file)?;
        }
        output.finish()
    };
    match run() {
        Ok(done) => done,
        Err(err) => unreachable!("rendering into memory failed: {err}"),
    }
}

/// [`render_all`] as text.
pub fn render_text<R: Streaming>(renderer: R, files: &[FileReport]) -> String {
    let (_, bytes) = render_all(renderer, files);
    // Every format writes `String`s only.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// A document whose one streamed list is written between a head and a tail: `frame` is the
/// whole document rendered with that list empty, `marker` the list's member as it appears there
/// (`"files": []`, the last one in the frame). Returns the byte offset of the list's `]`.
pub(super) fn list_end(frame: &str, marker: &str) -> usize {
    frame.rfind(marker).map_or(frame.len(), |i| i + marker.len() - 1)
}

/// The end of such a document: the list closed on its own line (indented by `indent`) when it has
/// items, and the rest of the frame.
pub(super) fn frame_tail(frame: &str, marker: &str, items: usize, indent: &str) -> String {
    let close = if items == 0 { "" } else { indent };
    format!("{close}{}\n", &frame[list_end(frame, marker)..])
}

/// One line per unsuppressed finding of a file, for the formats that list findings line by line.
pub(super) fn lines_of(
    file: &FileReport,
    line: impl Fn(&FileReport, &crate::diagnostic::Diagnostic) -> String,
) -> Piece {
    let mut out = String::new();
    for diagnostic in file.diagnostics.iter().filter(|d| !d.is_suppressed()) {
        out.push_str(&line(file, diagnostic));
        out.push('\n');
    }
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pieces named by the file's path up to its first `/`; paths starting with `-` have no
    /// group. The head counts the pieces seen before it.
    #[derive(Default)]
    struct Grouped {
        counted: usize,
    }

    impl Streaming for Grouped {
        fn holds(&self) -> bool {
            true
        }

        fn counts(&self) -> bool {
            true
        }

        fn file(&mut self, file: &FileReport) -> Piece {
            let group = file.path.split('/').next().filter(|g| !g.starts_with('-')).map(str::to_string);
            Piece { group, text: format!("{}\n", file.path) }
        }

        fn count(&mut self, _piece: &str) {
            self.counted += 1;
        }

        fn head(&mut self) -> String {
            format!("{} pieces\n", self.counted)
        }

        fn resolve(&mut self, piece: String) -> String {
            format!("> {piece}")
        }

        fn finish(&mut self) -> String {
            "end\n".to_string()
        }
    }

    fn report(path: &str) -> FileReport {
        FileReport { path: path.to_string(), department: None, source: None, diagnostics: Vec::new() }
    }

    #[test]
    fn held_pieces_come_back_by_group_then_in_order() {
        let files: Vec<FileReport> =
            ["b/1", "-x", "a/1", "b/2", "-y", "a/2", "c/1"].into_iter().map(report).collect();
        let text = render_text(Grouped::default(), &files);
        assert_eq!(text, "7 pieces\n> a/1\n> a/2\n> b/1\n> b/2\n> c/1\n> -x\n> -y\nend\n");
    }
}
