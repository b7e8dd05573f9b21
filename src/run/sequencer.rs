//! Puts checked reports in their final order and state: `[[ignore]]` entries applied, the report
//! of unused entries at its place, the baseline applied; reports that must wait are held in
//! scratch storage.

use super::{Outcome, StreamError, Suppressions};
use crate::diagnostic::{
    Diagnostic, FileReport, Focus, IndexedSource, Positions, Severity, SourceRef, codes,
};
use crate::render::stream::{Scratch, ScratchMaker};
use crate::suppress::{BaselineFilter, Recorder};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::io::{BufRead, BufReader, Seek, SeekFrom, Write};

/// Puts checked reports in their final state and order: `[[ignore]]` entries, the place of the
/// unused entries' report (see [`Checker::stream_batched`]), the baseline.
pub(super) struct Sequencer<'s, 'm, 'e> {
    pub(super) suppressions: &'s Suppressions<'s>,
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
    pub(super) fn new(
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

    pub(super) fn reach_config(&mut self) {
        if !self.all_used() {
            self.hold = Hold::Armed;
        }
    }

    /// A report checked (or an input that could not be read), in path order.
    pub(super) fn take(&mut self, mut report: FileReport) -> Result<(), StreamError> {
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

    pub(super) fn end(mut self) -> Result<Outcome, StreamError> {
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
    position: Option<Positions>,
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
    source: Option<Cow<'a, SourceRef>>,
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
                    position,
                    label,
                    help,
                    basis,
                    actual,
                    expected,
                    focus,
                    source,
                    suppressed,
                } = d;
                HeldDiagnostic {
                    code: Cow::Borrowed(code),
                    severity: Cow::Borrowed(severity.as_str()),
                    message: Cow::Borrowed(message),
                    pointer: borrowed(pointer),
                    span: span.as_ref().map(|s| (s.start, s.end)),
                    position: *position,
                    label: borrowed(label),
                    help: borrowed(help),
                    basis: borrowed(basis),
                    actual: borrowed(actual),
                    expected: borrowed(expected),
                    key: *focus == Focus::Key,
                    source: source.as_deref().map(Cow::Borrowed),
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
                    position: d.position,
                    label: owned(d.label),
                    help: owned(d.help),
                    basis: owned(d.basis),
                    actual: owned(d.actual),
                    expected: owned(d.expected),
                    focus: if d.key { Focus::Key } else { Focus::Value },
                    source: d.source.map(|s| Box::new(s.into_owned())),
                    suppressed: owned(d.suppressed),
                })
                .collect(),
        }
    }
}
