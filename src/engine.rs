//! Stage 4: one report through the pipeline — read, decode, parse, validate, run the rules —
//! and its diagnostics located in the text; and a whole run as a stream of reports in the
//! order they are written, a batch at a time ([`Checker::stream`]).

use crate::diagnostic::{Diagnostic, Focus, Severity, codes};
use crate::inputs::{Inputs, Paths};
use crate::load::{self, Limits};
use crate::render::stream::{Scratch, ScratchMaker};
use crate::render::{FileReport, IndexedSource};
use crate::rules::RuleSet;
use crate::suppress::{Baseline, BaselineFilter, Ignore, Recorder};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::cmp::Ordering;
use std::io::{BufRead, BufReader, Seek, SeekFrom, Write};
use std::path::Path;

/// Everything needed to check reports, prepared once per run and shared by all files.
pub struct Checker<'r> {
    pub rules: &'r RuleSet,
    pub limits: Limits,
}

impl Checker<'_> {
    /// Checks one file on disk. Never fails: problems are diagnostics of the file.
    pub fn check_path(&self, path: &Path, display: &str) -> FileReport {
        // Debug builds only: lets the test suite make the check of one named file fail, to show
        // that the failure stays confined to that file. Release builds contain no such switch.
        #[cfg(debug_assertions)]
        if let Some(name) = std::env::var_os("JIXIAO_TEST_PANIC_ON")
            && path.file_name() == Some(name.as_os_str())
        {
            panic!("JIXIAO_TEST_PANIC_ON 要求的测试性故障");
        }
        match load::read_file(path, &self.limits) {
            Ok(bytes) => self.check_bytes(display, &bytes),
            Err(diagnostic) => problem(display, diagnostic),
        }
    }

    /// Checks one file; a panic while checking it becomes an `internal-error` diagnostic of that
    /// file, so that the other files of a batch are still checked.
    fn check_isolated(&self, path: &Path, display: &str) -> FileReport {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.check_path(path, display)))
            .unwrap_or_else(|payload| internal_error(display, payload.as_ref()))
    }

    /// Checks many files in parallel; the result is in the order of `paths`, whatever the
    /// scheduling. A file whose check panics gets an `internal-error` diagnostic, and the
    /// others are still checked.
    pub fn check_paths(&self, paths: &[std::path::PathBuf]) -> Vec<FileReport> {
        use rayon::prelude::*;
        paths.par_iter().map(|path| self.check_isolated(path, &crate::inputs::display(path))).collect()
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
    /// path, see [`crate::inputs::Paths`]), with `[[ignore]]` entries and the baseline applied:
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
        let batch = if inputs.files.len() <= 64 { 64 } else { (128 * rayon::current_num_threads()).max(64) };
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

    /// Checks one report given as bytes.
    pub fn check_bytes(&self, display: &str, bytes: &[u8]) -> FileReport {
        let loaded = load::load_bytes(bytes, &self.limits);
        let mut diagnostics = loaded.diagnostics;
        let department = loaded
            .value
            .as_ref()
            .and_then(|v| v.pointer("/department/name"))
            .and_then(serde_json::Value::as_str)
            .map(str::to_string);
        if let Some(value) = &loaded.value {
            diagnostics.extend(crate::schema::validate(value));
            if value.is_object() {
                diagnostics.extend(self.rules.run(value));
            }
        }
        // The text is kept only to show findings: a clean report's text is dropped here, so a
        // batch holds the texts of the reports with findings only.
        let source = if diagnostics.is_empty() {
            None
        } else {
            loaded.text.map(|text| IndexedSource::new(display, text))
        };
        if let Some(source) = &source {
            locate_all(source.text(), &mut diagnostics);
        }
        sort(&mut diagnostics);
        FileReport { path: display.to_string(), department, source, diagnostics }
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
    let mut config = sequencer.suppressions.config.map(|(path, _)| path.as_str());
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
    /// The configuration file the entries come from, as (path, text).
    pub config: Option<&'a (String, String)>,
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

/// Puts checked reports in their final state and order: `[[ignore]]` entries, the place of the
/// unused entries' report (see [`Checker::stream_batched`]), the baseline.
struct Sequencer<'s, 'm, 'e> {
    suppressions: &'s Suppressions<'s>,
    used: Vec<usize>,
    filter: Option<BaselineFilter<'s>>,
    outcome: Outcome,
    scratch: &'m mut ScratchMaker<'m>,
    hold: Hold,
    emit: &'e mut dyn FnMut(FileReport),
}

enum Hold {
    /// Reports go out as they come.
    Off,
    /// The configuration's place is passed with entries unused; nothing held yet.
    Armed,
    /// Reports wait in scratch storage, one JSON line each.
    On(Box<dyn Scratch>),
}

impl<'s, 'm, 'e> Sequencer<'s, 'm, 'e> {
    fn new(
        suppressions: &'s Suppressions<'s>,
        scratch: &'m mut ScratchMaker<'m>,
        emit: &'e mut dyn FnMut(FileReport),
    ) -> Self {
        Sequencer {
            suppressions,
            used: vec![0; suppressions.ignores.len()],
            filter: suppressions.baseline.map(BaselineFilter::new),
            outcome: Outcome { recorder: suppressions.record.then(Recorder::default), ..Outcome::default() },
            scratch,
            hold: Hold::Off,
            emit,
        }
    }

    fn all_used(&self) -> bool {
        self.used.iter().all(|n| *n > 0)
    }

    fn reach_config(&mut self) {
        if !self.all_used() {
            self.hold = Hold::Armed;
        }
    }

    /// A report checked (or an input that could not be read), in path order.
    fn take(&mut self, mut report: FileReport) -> Result<(), StreamError> {
        let has = |code: &str| report.diagnostics.iter().any(|d| d.code == code);
        self.outcome.unreadable |= has(codes::IO);
        self.outcome.internal |= has(codes::INTERNAL);
        crate::suppress::apply_ignores_to(&mut report, self.suppressions.ignores, &mut self.used);
        match &mut self.hold {
            Hold::Off => {
                self.release(report);
                return Ok(());
            }
            Hold::Armed => {
                let mut scratch = (self.scratch)()?;
                write_held(&mut scratch, &report)?;
                self.hold = Hold::On(scratch);
            }
            Hold::On(scratch) => write_held(scratch, &report)?,
        }
        if self.all_used() {
            self.replay()?;
        }
        Ok(())
    }

    /// Emits the held reports, in order, and stops holding.
    fn replay(&mut self) -> Result<(), StreamError> {
        let Hold::On(mut scratch) = std::mem::replace(&mut self.hold, Hold::Off) else { return Ok(()) };
        scratch.flush()?;
        scratch.seek(SeekFrom::Start(0))?;
        let mut reader = BufReader::new(scratch);
        let mut line = String::new();
        loop {
            line.clear();
            if reader.read_line(&mut line)? == 0 {
                return Ok(());
            }
            let held: HeldReport<'_> = serde_json::from_str(&line).map_err(std::io::Error::other)?;
            self.release(held.into_report());
        }
    }

    /// A report in its final place: recorded for a new baseline, the baseline applied, emitted.
    fn release(&mut self, mut report: FileReport) {
        if let Some(recorder) = &mut self.outcome.recorder {
            recorder.add(&report);
        }
        if let Some(filter) = &mut self.filter {
            filter.apply(&mut report);
        }
        let worst = report.diagnostics.iter().filter(|d| !d.is_suppressed()).map(|d| d.severity).max();
        self.outcome.worst = self.outcome.worst.max(worst);
        self.outcome.reports += 1;
        (self.emit)(report);
    }

    fn end(mut self) -> Result<Outcome, StreamError> {
        if !matches!(self.hold, Hold::Off)
            && let Some(config) = self.suppressions.config
            && let Some(unused) =
                crate::suppress::unused_ignores(config, self.suppressions.ignores, &self.used)
        {
            self.release(unused);
        }
        self.replay()?;
        Ok(self.outcome)
    }
}

/// A report as held in scratch storage.
#[derive(Serialize, Deserialize)]
struct HeldReport<'a> {
    #[serde(borrow)]
    path: Cow<'a, str>,
    #[serde(borrow)]
    department: Option<Cow<'a, str>>,
    /// Name and text of the source.
    #[serde(borrow)]
    source: Option<(Cow<'a, str>, Cow<'a, str>)>,
    #[serde(borrow)]
    diagnostics: Vec<HeldDiagnostic<'a>>,
}

#[derive(Serialize, Deserialize)]
struct HeldDiagnostic<'a> {
    #[serde(borrow)]
    code: Cow<'a, str>,
    #[serde(borrow)]
    severity: Cow<'a, str>,
    #[serde(borrow)]
    message: Cow<'a, str>,
    #[serde(borrow)]
    pointer: Option<Cow<'a, str>>,
    span: Option<(usize, usize)>,
    #[serde(borrow)]
    label: Option<Cow<'a, str>>,
    #[serde(borrow)]
    help: Option<Cow<'a, str>>,
    #[serde(borrow)]
    basis: Option<Cow<'a, str>>,
    #[serde(borrow)]
    actual: Option<Cow<'a, str>>,
    #[serde(borrow)]
    expected: Option<Cow<'a, str>>,
    key: bool,
    #[serde(borrow)]
    suppressed: Option<Cow<'a, str>>,
}

fn borrowed(text: &Option<String>) -> Option<Cow<'_, str>> {
    text.as_deref().map(Cow::Borrowed)
}

fn write_held(scratch: &mut Box<dyn Scratch>, report: &FileReport) -> std::io::Result<()> {
    let held = HeldReport {
        path: Cow::Borrowed(&report.path),
        department: borrowed(&report.department),
        source: report.source.as_ref().map(|s| (Cow::Borrowed(s.name()), Cow::Borrowed(s.text()))),
        diagnostics: report
            .diagnostics
            .iter()
            .map(|d| {
                // Every field, so that a new one cannot be left out unnoticed.
                let Diagnostic {
                    code,
                    severity,
                    message,
                    pointer,
                    span,
                    label,
                    help,
                    basis,
                    actual,
                    expected,
                    focus,
                    suppressed,
                } = d;
                HeldDiagnostic {
                    code: Cow::Borrowed(code),
                    severity: Cow::Borrowed(severity.as_str()),
                    message: Cow::Borrowed(message),
                    pointer: borrowed(pointer),
                    span: span.as_ref().map(|s| (s.start, s.end)),
                    label: borrowed(label),
                    help: borrowed(help),
                    basis: borrowed(basis),
                    actual: borrowed(actual),
                    expected: borrowed(expected),
                    key: *focus == Focus::Key,
                    suppressed: borrowed(suppressed),
                }
            })
            .collect(),
    };
    let mut line = serde_json::to_vec(&held).map_err(std::io::Error::other)?;
    line.push(b'\n');
    scratch.write_all(&line)
}

impl HeldReport<'_> {
    fn into_report(self) -> FileReport {
        let owned = |s: Option<Cow<'_, str>>| s.map(Cow::into_owned);
        FileReport {
            path: self.path.into_owned(),
            department: owned(self.department),
            source: self.source.map(|(name, text)| IndexedSource::new(name.into_owned(), text.into_owned())),
            diagnostics: self
                .diagnostics
                .into_iter()
                .map(|d| Diagnostic {
                    code: d.code.into_owned(),
                    // Written from a `Severity` above.
                    severity: Severity::parse(&d.severity).unwrap_or(Severity::Error),
                    message: d.message.into_owned(),
                    pointer: owned(d.pointer),
                    span: d.span.map(|(start, end)| start..end),
                    label: owned(d.label),
                    help: owned(d.help),
                    basis: owned(d.basis),
                    actual: owned(d.actual),
                    expected: owned(d.expected),
                    focus: if d.key { Focus::Key } else { Focus::Value },
                    suppressed: owned(d.suppressed),
                })
                .collect(),
        }
    }
}

/// Finds the span of every diagnostic that has a pointer but no span yet. Runs only for files
/// with findings, so a clean report pays nothing for spans; all pointers are located in one pass,
/// so a finding on each of many thousands of values costs no more than one scan per level.
pub fn locate_all(text: &str, diagnostics: &mut [Diagnostic]) {
    let pending: Vec<usize> = (0..diagnostics.len())
        .filter(|&i| diagnostics[i].span.is_none() && diagnostics[i].pointer.is_some())
        .collect();
    if pending.is_empty() {
        return;
    }
    let pointers: Vec<&str> = pending.iter().filter_map(|&i| diagnostics[i].pointer.as_deref()).collect();
    let found = load::locate_many(text, &pointers);
    for (&i, located) in pending.iter().zip(found) {
        let Some(located) = located else { continue };
        let diagnostic = &mut diagnostics[i];
        diagnostic.span = Some(match diagnostic.focus {
            Focus::Key => located.key.unwrap_or(located.value),
            Focus::Value => {
                // A whole object or array is a poor thing to underline: point at its key
                // (or its opening bracket) instead.
                let span = located.value;
                let multi_line = text.get(span.clone()).is_some_and(|s| s.contains('\n'));
                if multi_line { located.key.unwrap_or(span.start..span.start + 1) } else { span }
            }
        });
    }
}

/// Deterministic order: by position (diagnostics without one first), then rule.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| d.span.as_ref().map(|s| (s.start, s.end));
        key(a).cmp(&key(b)).then_with(|| a.code.cmp(&b.code)).then_with(|| a.message.cmp(&b.message))
    });
}

/// The report of a file that has only one problem and no text to show (unreadable, or its
/// check failed).
fn problem(display: &str, diagnostic: Diagnostic) -> FileReport {
    FileReport { path: display.to_string(), department: None, source: None, diagnostics: vec![diagnostic] }
}

/// The diagnostic for a path that could not be read at all.
pub fn unreadable(display: &str, diagnostic: Diagnostic) -> FileReport {
    debug_assert_eq!(diagnostic.code, codes::IO);
    problem(display, diagnostic)
}

/// The report of a file whose check panicked: the file is named so the failure can be reported.
pub fn internal_error(display: &str, payload: &(dyn std::any::Any + Send)) -> FileReport {
    let detail = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "未知错误".to_string());
    let diagnostic = Diagnostic::error(
        codes::INTERNAL,
        format!("jixiao 检查 {display} 时发生内部错误（{detail}）；请将该文件和此信息报告给 jixiao 的维护者"),
    );
    problem(display, diagnostic)
}
