//! A run: many reports checked in parallel, a batch at a time, and given out as a stream in
//! the order they are written ([`Checker::stream`]), with suppressions applied.
//!
//! [`Checker`] checks one report (see [`crate::check`]); this module adds the methods that
//! check many, so the one-report pipeline knows nothing of batches, order or scratch files.

pub mod inputs;
mod scratch;
mod sequencer;

pub use scratch::TemporaryFile;

use crate::check::{Checker, unreadable};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, FileReport, Severity};
use crate::render::stream::ScratchMaker;
use crate::suppress::{Baseline, Ignore, Recorder};
use inputs::{Inputs, Paths};
use sequencer::Sequencer;
use std::cmp::Ordering;

/// The most files a run checks as a single batch (one report in CI, a department's few
/// files), with no batch waiting to be written while the next is checked.
pub const ONE_BATCH: usize = 64;

impl Checker<'_> {
    /// Checks many files in parallel; the result is in the order of `paths`, whatever the
    /// scheduling. A file whose check panics gets an `internal-error` diagnostic, and the
    /// others are still checked.
    pub fn check_paths(&self, paths: &[std::path::PathBuf]) -> Vec<FileReport> {
        use rayon::prelude::*;
        paths.par_iter().map(|path| self.check_isolated(path, &inputs::display(path))).collect()
    }

    /// Checks the files `from..to` of `paths` in parallel, in order; see [`Checker::check_paths`].
    fn check_range(&self, paths: &Paths, from: usize, to: usize) -> Vec<FileReport> {
        use rayon::prelude::*;
        let check = |i: usize| self.check_isolated(&paths.path(i), &paths.display(i));
        if to.saturating_sub(from) == 1 {
            // A single report is checked on this thread: starting the pool would cost more.
            return vec![check(from)];
        }
        (from..to).into_par_iter().map(check).collect()
    }

    /// Checks a run's inputs and gives `emit` each report in the order they are written (by
    /// path, see [`inputs::Paths`]), with `[[ignore]]` entries and the baseline applied:
    /// the files checked, the inputs that could not be read, and the report of unused
    /// `[[ignore]]` entries of the configuration file.
    ///
    /// Files are checked a batch at a time, in parallel, while the previous batch is being
    /// emitted; a run holds a few batches of reports, whatever the number of files. `scratch`
    /// is asked for storage only when reports must wait (see [`Checker::stream_batched`]).
    pub fn stream(
        &self,
        inputs: Inputs,
        suppressions: &Suppressions<'_>,
        scratch: &mut ScratchMaker<'_>,
        emit: &mut dyn FnMut(FileReport),
    ) -> Result<Outcome, StreamError> {
        // Enough files per thread for the pool to balance its threads and for the wait at the
        // end of each batch (for its last file) to be rare, few enough that the batches in
        // flight (being checked, waiting, being written) stay a few megabytes. Asking the pool
        // its size starts it: a run of one batch (one report in CI) is checked without it.
        let batch = if inputs.files.len() <= ONE_BATCH {
            ONE_BATCH
        } else {
            (128 * rayon::current_num_threads()).max(ONE_BATCH)
        };
        self.stream_batched(inputs, suppressions, batch, scratch, emit)
    }

    /// [`Checker::stream`] with batches of `batch` files.
    ///
    /// # The report of unused `[[ignore]]` entries
    ///
    /// That report belongs where its path (the configuration file's) sorts among the others,
    /// but whether an entry was used is known only once every file after that place has been
    /// checked: an entry names a rule as well as files, so the paths alone cannot tell. So from
    /// that place on, while some entry is still unused, the reports are held in `scratch`
    /// rather than emitted (they are already checked and suppressed; nothing else waits). As
    /// soon as every entry has been used, there will be no such report: the held reports are
    /// emitted and the run goes on as before. At the end, the report of the entries still
    /// unused is emitted at its place, then the held reports. A configuration without
    /// `[[ignore]]` entries, or whose entries are all used before its place, holds nothing.
    pub fn stream_batched(
        &self,
        inputs: Inputs,
        suppressions: &Suppressions<'_>,
        batch: usize,
        scratch: &mut ScratchMaker<'_>,
        emit: &mut dyn FnMut(FileReport),
    ) -> Result<Outcome, StreamError> {
        let batch = batch.max(1);
        let files = &inputs.files;
        let mut problems = inputs.problems;
        // Reports were always sorted by path with a stable sort, after the files (already in
        // that order) the problems, then the configuration's report: ties keep that order.
        problems.sort_by(|a, b| a.0.cmp(&b.0));
        let mut sequencer = Sequencer::new(suppressions, scratch, emit);
        if files.len() <= batch {
            // One batch: checked here, with no thread to feed the next one.
            let mut checked = Some(self.check_range(files, 0, files.len()));
            merge(files, problems, &mut || checked.take(), &mut sequencer)?;
            return sequencer.end();
        }
        std::thread::scope(|scope| {
            let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<FileReport>>(1);
            scope.spawn(move || {
                let mut from = 0;
                while from < files.len() {
                    let to = from.saturating_add(batch).min(files.len());
                    if sender.send(self.check_range(files, from, to)).is_err() {
                        // The receiving side stopped (it failed); nothing more is wanted.
                        return;
                    }
                    from = to;
                }
            });
            // A closed channel before the last file means the checking side panicked, which
            // the scope reports when it ends.
            let merged = merge(files, problems, &mut || receiver.recv().ok(), &mut sequencer);
            drop(receiver);
            merged?;
            sequencer.end()
        })
    }
}

/// Gives the sequencer the files (from `batches`, in order), the problems and the place of the
/// configuration's report, merged in path order.
fn merge(
    files: &Paths,
    problems: Vec<(String, Diagnostic)>,
    batches: &mut dyn FnMut() -> Option<Vec<FileReport>>,
    sequencer: &mut Sequencer<'_, '_, '_>,
) -> Result<(), StreamError> {
    let mut problems = problems.into_iter().peekable();
    let mut checked = Vec::new().into_iter();
    let mut next_file = 0;
    let mut config = sequencer.suppressions.config.map(|c| c.path.as_str());
    loop {
        let file_first = next_file < files.len()
            && problems.peek().is_none_or(|(p, _)| files.cmp_display(next_file, p) != Ordering::Greater);
        let config_first = config.is_some_and(|c| {
            if file_first {
                files.cmp_display(next_file, c) == Ordering::Greater
            } else {
                problems.peek().is_none_or(|(p, _)| p.as_str() > c)
            }
        });
        if config_first {
            config = None;
            sequencer.reach_config();
        } else if file_first {
            let report = match checked.next() {
                Some(report) => report,
                None => {
                    let Some(batch) = batches() else { return Ok(()) };
                    checked = batch.into_iter();
                    let Some(report) = checked.next() else { return Ok(()) };
                    report
                }
            };
            next_file += 1;
            sequencer.take(report)?;
        } else if let Some((path, diagnostic)) = problems.next() {
            sequencer.take(unreadable(&path, diagnostic))?;
        } else {
            return Ok(());
        }
    }
}

/// How the reports of a run are suppressed, and whether their findings are recorded.
#[derive(Debug, Default, Clone, Copy)]
pub struct Suppressions<'a> {
    pub ignores: &'a [Ignore],
    /// The configuration file the entries come from.
    pub config: Option<&'a Config>,
    /// Findings to accept (`--baseline`).
    pub baseline: Option<&'a Baseline>,
    /// Whether to record the findings for a new baseline (`--write-baseline`).
    pub record: bool,
}

/// What a run found besides its reports.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Reports emitted.
    pub reports: usize,
    /// Some input could not be read.
    pub unreadable: bool,
    /// jixiao failed on some file.
    pub internal: bool,
    /// The highest severity of an unsuppressed finding.
    pub worst: Option<Severity>,
    /// The findings recorded for a new baseline, when asked for.
    pub recorder: Option<Recorder>,
}

/// Why a run stopped.
#[derive(Debug, thiserror::Error)]
pub enum StreamError {
    /// Reports that had to wait could not be kept aside or read back.
    #[error("无法暂存检查结果：{0}")]
    Scratch(#[from] std::io::Error),
}
