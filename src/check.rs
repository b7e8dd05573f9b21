//! One report through the pipeline: read, decode, parse, validate against the schema, run the
//! rules, and locate the diagnostics in the text.

use crate::diagnostic::{Diagnostic, FileReport, IndexedSource, SourceRef, codes, sort};
use crate::import::form::Imported;
use crate::import::{Importer, Input};
use crate::load::{self, Limits};
use crate::rules::RuleSet;
use std::path::Path;

/// Everything needed to check reports, prepared once per run and shared by all files.
pub struct Checker<'r> {
    pub rules: &'r RuleSet,
    pub limits: Limits,
    /// How office and text documents are read into reports.
    pub importer: &'r Importer,
    /// What the run's outputs show of each report, so that nothing more is made or kept.
    pub keep: Keep,
}

/// What a run keeps of each report it checks, by what its outputs show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Only how many findings each department and rule has (`check --quiet` with no baseline
    /// to read or write). Findings then need no place in their report, so none is looked for,
    /// and no report's text is kept: its department is read when it is checked, from the
    /// parsed document or, for a report that did not parse, from its text. The rules' findings
    /// are made without their texts (see [`RuleSet::run_counted`]).
    Counts,
    /// Each finding with its line and column, quoting nothing of the report's text (JSON,
    /// GitHub and concise output with no baseline): the lines and columns are worked out on
    /// the checking thread and the text is let go there (see [`FileReport::keep_places_only`]).
    Places,
    /// Each finding with the report's text, for the outputs that quote it (the annotated human
    /// output, SARIF's regions, JUnit's cases, remediation lists, the web page) and for the
    /// baseline, whose keys fingerprint each finding's value in the text.
    Text,
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
    pub fn check_isolated(&self, path: &Path, display: &str) -> FileReport {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.check_path(path, display)))
            .unwrap_or_else(|payload| internal_error(display, payload.as_ref()))
    }

    /// Checks one report given as bytes (an upload, say), named `display`; a panic while
    /// checking it becomes an `internal-error` diagnostic of that report, as for a file on disk.
    pub fn check_bytes_isolated(&self, display: &str, bytes: &[u8]) -> FileReport {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.check_bytes(display, bytes)))
            .unwrap_or_else(|payload| internal_error(display, payload.as_ref()))
    }

    /// Checks one file given as bytes: a JSON report as it is, an office or text document
    /// through the import stage. A file named `*.json` is always read as JSON.
    pub fn check_bytes(&self, display: &str, bytes: &[u8]) -> FileReport {
        if is_json_name(display) {
            return self.check_json(display, bytes);
        }
        match self.importer.import(bytes, display) {
            Ok(Input::Json) => self.check_json(display, bytes),
            Ok(Input::Document(_, imported)) => self.check_imported(display, imported),
            Err(err) => problem(display, crate::import::unreadable(&err)),
        }
    }

    /// Checks a report read from a document: the rules run on the v1 report the import made,
    /// and each finding is pointed at the cell or paragraph its value came from. Lines and
    /// columns of the generated JSON mean nothing to the person who wrote the document, so the
    /// findings carry none.
    pub fn check_imported(&self, display: &str, imported: Imported) -> FileReport {
        // The import built the report with exact numbers already: it is checked as it is, not
        // written out and parsed again.
        let mut diagnostics = self.evaluate(&imported.report);
        diagnostics.extend(imported.notes);
        for diagnostic in &mut diagnostics {
            if diagnostic.source.is_none()
                && let Some(pointer) = &diagnostic.pointer
                && let Some(source) = source_of(&imported.sources, pointer)
            {
                diagnostic.source = Some(Box::new(source.clone()));
            }
        }
        // The generated report is kept, as a JSON report's text is, only to show findings; the
        // findings' places are the cells and paragraphs, so a run that quotes no text needs none.
        let source = (!diagnostics.is_empty() && self.keep == Keep::Text).then(|| {
            IndexedSource::new(display, serde_json::to_string_pretty(&imported.report).unwrap_or_default())
        });
        sort(&mut diagnostics);
        FileReport {
            path: display.to_string(),
            department: department_of(&imported.report),
            source,
            diagnostics,
        }
    }

    /// The schema's and the rules' diagnostics of a parsed report (the rules run on an object
    /// only).
    fn evaluate(&self, value: &serde_json::Value) -> Vec<Diagnostic> {
        let mut diagnostics = crate::schema::validate(value);
        if value.is_object() {
            // A run that only counts findings reads no finding's message or help.
            diagnostics.extend(if self.keep == Keep::Counts {
                self.rules.run_counted(value)
            } else {
                self.rules.run(value)
            });
        }
        diagnostics
    }

    /// Checks one JSON report given as bytes.
    pub fn check_json(&self, display: &str, bytes: &[u8]) -> FileReport {
        let loaded = load::load_bytes(bytes, &self.limits);
        let mut diagnostics = loaded.diagnostics;
        let department = match &loaded.value {
            Some(value) => department_of(value),
            // A report that did not parse may still name its department, by which the summary
            // counts its findings: read now, whatever the run keeps of the text.
            None => loaded.text.as_deref().and_then(|text| load::string_at(text, FileReport::DEPARTMENT)),
        };
        if let Some(value) = &loaded.value {
            diagnostics.extend(self.evaluate(value));
        }
        // The text is kept only to show findings: a clean report's text is dropped here, so a
        // batch holds the texts of the reports with findings only.
        let source = if diagnostics.is_empty() || self.keep == Keep::Counts {
            None
        } else {
            loaded.text.map(|text| IndexedSource::new(display, text))
        };
        if let Some(source) = &source {
            load::locate_all_in(source.text(), loaded.spans.as_ref(), &mut diagnostics);
        }
        sort(&mut diagnostics);
        let mut report = FileReport { path: display.to_string(), department, source, diagnostics };
        if self.keep == Keep::Places {
            report.keep_places_only();
        }
        report
    }
}

/// `department.name` of a report, when it has one.
fn department_of(value: &serde_json::Value) -> Option<String> {
    value.pointer(FileReport::DEPARTMENT).and_then(serde_json::Value::as_str).map(str::to_string)
}

/// Whether a file's name says it is JSON.
fn is_json_name(display: &str) -> bool {
    Path::new(display).extension().is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// Where the value at `pointer` came from: the value itself, else the first value imported
/// inside it (a finding on an indicator points at its row), else the nearest value around it.
fn source_of<'s>(sources: &'s [(String, SourceRef)], pointer: &str) -> Option<&'s SourceRef> {
    // A finding on the whole report (a section it lacks) has no one place in the document.
    if pointer.is_empty() {
        return None;
    }
    if let Some((_, source)) = sources.iter().find(|(p, _)| p == pointer) {
        return Some(source);
    }
    let inside = format!("{pointer}/");
    if let Some((_, source)) = sources.iter().find(|(p, _)| p.starts_with(&inside)) {
        return Some(source);
    }
    sources
        .iter()
        .filter(|(p, _)| !p.is_empty() && pointer.starts_with(&format!("{p}/")))
        .max_by_key(|(p, _)| p.len())
        .map(|(_, source)| source)
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
