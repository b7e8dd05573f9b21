//! A run streamed a batch at a time gives the reports, and every format, exactly as checking
//! everything first and then suppressing, sorting and rendering the whole list did: whatever
//! the batch size, with unreadable inputs, `[[ignore]]` entries used and unused (their report
//! placed first, in the middle or last), a baseline, and reports held and released.
//! A run that shows only counts (`check --quiet`), checked without looking for the place of
//! any finding, gives the same summary.

use jixiao::check::{Checker, Keep};
use jixiao::config::Config;
use jixiao::diagnostic::Severity;
use jixiao::diagnostic::{FileReport, RuleMeta};
use jixiao::load::Limits;
use jixiao::render::remediation::{self, Form};
use jixiao::render::stream::{Output, Streaming, memory_scratch};
use jixiao::render::{github, human, json, junit, sarif};
use jixiao::rules::{self, LoadOptions, RuleSet};
use jixiao::run::Suppressions;
use jixiao::suppress::{self, Baseline, Ignore};
use std::sync::LazyLock;

/// The built-in form layouts, as a run prepares them.
static IMPORTER: LazyLock<jixiao::import::Importer> =
    LazyLock::new(|| jixiao::import::Importer::builtin().expect("built-in layouts load"));
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Reports with findings, clean and broken ones, names whose display order differs from the
/// order of a directory walk (`a-b.json` before `a/x.json`), and an input that cannot be read.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let reports = dir.path().join("reports");
    std::fs::create_dir_all(reports.join("a")).expect("mkdir");
    std::fs::create_dir_all(reports.join("sub")).expect("mkdir");
    let copy = |from: &str, to: &str| {
        std::fs::copy(root().join(from), reports.join(to)).expect("copy");
    };
    copy("examples/huadu-2022.json", "huadu.json");
    copy("examples/huadu-2022.json", "sub/huadu-copy.json");
    copy("examples/project-sample.json", "a/x.json");
    copy("tests/fixtures/reports/monitoring-300wan.json", "a-b.json");
    copy("tests/fixtures/reports/monitoring-300wan.json", "sub/m.json");
    copy("tests/fixtures/hostile/clean.json", "clean.json");
    copy("tests/fixtures/hostile/trailing-comma.json", "sub/trailing-comma.json");
    copy("tests/fixtures/load/duplicate-key.json", "duplicate-key.json");
    copy("tests/fixtures/load/gbk.json", "gbk.json");
    std::fs::write(reports.join("notes.json"), "not json at all").expect("write");
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path().join("nowhere"), reports.join("m-missing.json")).expect("symlink");
    dir
}

const IGNORES: &str = r#"profile = "huangpu"

[[ignore]]
file = "**/huadu.json"
rule = "indicator-not-quantified"
reason = "定性指标，已说明"

[[ignore]]
file = "**/sub/m.json"
rule = "mid-year-monitoring-missing"
reason = "已补做监控"
"#;

const UNUSED: &str = r#"
[[ignore]]
file = "reports/other-*.json"
rule = "problems-missing"
reason = "旧报告"
"#;

/// The rules, the configuration and its ignores, as a run prepares them.
struct Setup {
    set: RuleSet,
    config: Option<Config>,
    ignores: Vec<Ignore>,
}

fn setup(config: Option<(String, String)>) -> Setup {
    let config = config.map(|(path, text)| Config::parse(path, text).expect("configuration parses"));
    let set = rules::load(&LoadOptions { builtin: true, config: config.clone(), ..LoadOptions::default() })
        .unwrap_or_else(|problems| panic!("rules load: {problems:?}"));
    let ignores = match &config {
        Some(config) => {
            Ignore::from_config(config, &set).unwrap_or_else(|report| panic!("ignores: {report:?}"))
        }
        None => Vec::new(),
    };
    Setup { set, config, ignores }
}

/// The run as it always was: every file checked, the unreadable inputs added, `[[ignore]]`
/// applied, the unused entries' report added, all sorted by path; then the baseline written
/// and applied.
fn whole(
    checker: &Checker<'_>,
    setup: &Setup,
    input: &Path,
    baseline: Option<&Baseline>,
) -> (Vec<FileReport>, String) {
    let inputs = jixiao::run::inputs::collect(&[input.to_path_buf()]);
    let paths: Vec<PathBuf> = inputs.files.iter().collect();
    let mut reports = checker.check_paths(&paths);
    reports.extend(inputs.problems.into_iter().map(|(path, d)| jixiao::check::unreadable(&path, d)));
    let used = suppress::apply_ignores(&mut reports, &setup.ignores);
    if let Some(config) = &setup.config
        && let Some(unused) = suppress::unused_ignores(config, &setup.ignores, &used)
    {
        reports.push(unused);
    }
    reports.sort_by(|a, b| a.path.cmp(&b.path));
    let written = suppress::write_baseline(&reports);
    if let Some(baseline) = baseline {
        suppress::apply_baseline(&mut reports, baseline);
    }
    (reports, written)
}

/// The same run streamed in batches of `batch`.
fn streamed(
    checker: &Checker<'_>,
    setup: &Setup,
    input: &Path,
    baseline: Option<&Baseline>,
    batch: usize,
) -> (Vec<FileReport>, String) {
    let inputs = jixiao::run::inputs::collect(&[input.to_path_buf()]);
    let suppressions =
        Suppressions { ignores: &setup.ignores, config: setup.config.as_ref(), baseline, record: true };
    let mut reports = Vec::new();
    let outcome = checker
        .stream_batched(inputs, &suppressions, batch, &mut memory_scratch, &mut |report| reports.push(report))
        .expect("stream");
    assert_eq!(outcome.reports, reports.len());
    let mut written = Vec::new();
    outcome.recorder.expect("recorded").write(&mut written).expect("write");
    (reports, String::from_utf8(written).expect("utf-8"))
}

fn same_reports(expected: &[FileReport], actual: &[FileReport], what: &str) {
    let paths = |reports: &[FileReport]| reports.iter().map(|r| r.path.clone()).collect::<Vec<_>>();
    assert_eq!(paths(expected), paths(actual), "{what}: order");
    for (e, a) in expected.iter().zip(actual) {
        assert_eq!(e.diagnostics, a.diagnostics, "{what}: diagnostics of {}", e.path);
        assert_eq!(e.department, a.department, "{what}: department of {}", e.path);
        assert_eq!(
            e.source.as_ref().map(|s| s.text()),
            a.source.as_ref().map(|s| s.text()),
            "{what}: {}",
            e.path
        );
    }
}

/// Every format of `reports`, whole and streamed (`Output` with scratch storage), must agree.
fn same_documents(reports: &[FileReport], metas: &[RuleMeta<'_>], what: &str) {
    fn stream(renderer: impl Streaming, reports: &[FileReport]) -> String {
        let mut output = Output::new(renderer, Vec::new(), &mut memory_scratch).expect("output");
        for report in reports {
            output.file(report).expect("file");
        }
        String::from_utf8(output.finish().expect("finish").1).expect("utf-8")
    }
    let style = human::Style { color: false, width: 100 };
    let base = Path::new("/somewhere");
    let cases: Vec<(&str, String, String)> = vec![
        ("human", human::render(reports, style, false), stream(human::Stream::new(style, false), reports)),
        ("quiet", human::render(reports, style, true), stream(human::Stream::new(style, true), reports)),
        ("json", json::render(reports), stream(json::Stream::default(), reports)),
        ("sarif", sarif::render(reports, metas, base), stream(sarif::Stream::new(metas, base), reports)),
        (
            "junit",
            junit::render(reports, metas, Some(Severity::Warning)),
            stream(junit::Stream::new(metas, Some(Severity::Warning)), reports),
        ),
        ("github", github::render(reports), stream(github::Stream, reports)),
        ("md", remediation::markdown(reports), stream(remediation::Stream::new(Form::Markdown), reports)),
        ("csv", remediation::csv(reports), stream(remediation::Stream::new(Form::Csv), reports)),
    ];
    for (format, whole, streamed) in cases {
        assert_eq!(whole, streamed, "{what}: {format}");
    }
}

fn compare(config: Option<(String, String)>, what: &str) -> Vec<FileReport> {
    let dir = corpus();
    compare_in(dir.path(), config, None, what)
}

/// Compares the whole and the streamed run over the corpus in `dir`; `{dir}` in the
/// configuration's path stands for `dir`.
fn compare_in(
    dir: &Path,
    config: Option<(String, String)>,
    baseline: Option<&Baseline>,
    what: &str,
) -> Vec<FileReport> {
    let input = dir.join("reports");
    let setup = setup(config.map(|(path, text)| (path.replace("{dir}", &dir.to_string_lossy()), text)));
    let checker =
        Checker { rules: &setup.set, limits: Limits::default(), importer: &IMPORTER, keep: Keep::Text };
    let (expected, expected_baseline) = whole(&checker, &setup, &input, baseline);
    let mut last = Vec::new();
    for batch in [1, 2, 3, 5, 100] {
        let (actual, actual_baseline) = streamed(&checker, &setup, &input, baseline, batch);
        let what = format!("{what}, batches of {batch}");
        same_reports(&expected, &actual, &what);
        assert_eq!(expected_baseline, actual_baseline, "{what}: baseline written");
        last = actual;
    }
    same_documents(&last, &setup.set.metas(), what);
    last
}

fn position_of(reports: &[FileReport], path: &str) -> Option<usize> {
    reports.iter().position(|r| r.path == path)
}

#[test]
fn a_streamed_run_equals_the_whole_run_without_configuration() {
    let reports = compare(None, "no configuration");
    assert!(reports.iter().any(|r| r.diagnostics.iter().any(|d| d.code == "io")), "an unreadable input");
    assert!(reports.iter().any(|r| r.diagnostics.iter().any(|d| d.code == "invalid-json")));
}

#[test]
fn the_unused_entries_report_is_placed_by_its_path() {
    let config = format!("{IGNORES}{UNUSED}");
    // Sorting before every report, among them, and after all of them.
    for (name, path) in
        [("first", "{dir}/0.toml"), ("middle", "{dir}/reports/m.toml"), ("last", "{dir}/zz.toml")]
    {
        let reports = compare(Some((path.to_string(), config.clone())), name);
        let unused: Vec<&FileReport> =
            reports.iter().filter(|r| r.diagnostics.iter().any(|d| d.code == "unused-ignore")).collect();
        assert_eq!(unused.len(), 1, "{name}");
        let at = position_of(&reports, &unused[0].path).expect("placed");
        match name {
            "first" => assert_eq!(at, 0),
            "last" => assert_eq!(at, reports.len() - 1),
            _ => assert!(at > 0 && at < reports.len() - 1, "{name}: at {at}"),
        }
        // The used entries suppressed their findings.
        assert!(reports.iter().flat_map(|r| &r.diagnostics).any(|d| d.suppressed.is_some()), "{name}");
    }
}

#[test]
fn held_reports_are_released_once_every_entry_is_used() {
    // All entries are used, by files after the configuration's place: the reports after it are
    // held until the last entry is used, and there is no report of unused entries.
    for path in ["{dir}/0.toml", "{dir}/reports/m.toml", "{dir}/zz.toml"] {
        let reports = compare(Some((path.to_string(), IGNORES.to_string())), path);
        assert!(reports.iter().all(|r| r.diagnostics.iter().all(|d| d.code != "unused-ignore")), "{path}");
    }
}

#[test]
fn a_baseline_applies_per_file_in_order() {
    // The baseline of one run, with one key recorded twice (it suppresses two findings, the
    // first two in path order) and one key dropped.
    let dir = corpus();
    let plain = setup(None);
    let checker =
        Checker { rules: &plain.set, limits: Limits::default(), importer: &IMPORTER, keep: Keep::Text };
    let (_, written) = whole(&checker, &plain, &dir.path().join("reports"), None);
    let mut baseline = suppress::read_baseline(&written).expect("baseline");
    assert!(baseline.findings.len() > 3);
    let again = baseline.findings[0].clone();
    baseline.findings.push(again);
    baseline.findings.remove(1);
    let config = format!("{IGNORES}{UNUSED}");
    let reports =
        compare_in(dir.path(), Some(("{dir}/0.toml".to_string(), config)), Some(&baseline), "baseline");
    let accepted = reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .filter(|d| d.suppressed.as_deref().is_some_and(|reason| reason.contains("--baseline")));
    assert!(accepted.count() > 3);
    // Unused entries are findings too, and not in the baseline.
    assert!(
        reports
            .iter()
            .flat_map(|r| &r.diagnostics)
            .any(|d| d.code == "unused-ignore" && d.suppressed.is_none())
    );
}

/// A run checked for counts only (see `Keep::Counts`), over the corpus with `[[ignore]]`
/// entries used and unused: the summary `--quiet` prints is the one of a full check, byte for
/// byte, although no report that parsed keeps its text.
#[test]
fn a_run_checked_for_counts_only_prints_the_same_summary() {
    let dir = corpus();
    let config = format!("{IGNORES}{UNUSED}");
    let path = dir.path().join("reports/m.toml").to_string_lossy().into_owned();
    let setup = setup(Some((path, config)));
    let style = human::Style { color: false, width: 100 };
    let summary = |keep: Keep, batch: usize| {
        let checker = Checker { rules: &setup.set, limits: Limits::default(), importer: &IMPORTER, keep };
        let inputs = jixiao::run::inputs::collect(&[dir.path().join("reports")]);
        let suppressions = Suppressions {
            ignores: &setup.ignores,
            config: setup.config.as_ref(),
            baseline: None,
            record: false,
        };
        let mut output =
            Output::new(human::Stream::new(style, true), Vec::new(), &mut memory_scratch).expect("output");
        let mut kept = 0;
        checker
            .stream_batched(inputs, &suppressions, batch, &mut memory_scratch, &mut |report| {
                kept += usize::from(report.source.is_some());
                output.file(&report).expect("file");
            })
            .expect("stream");
        (String::from_utf8(output.finish().expect("finish").1).expect("utf-8"), kept)
    };
    let (full, kept_in_full) = summary(Keep::Text, 100);
    assert!(full.contains("示例区财政局"), "{full}");
    for batch in [1, 3, 100] {
        let (counted, kept) = summary(Keep::Counts, batch);
        assert_eq!(counted, full, "batches of {batch}");
        // Only the configuration's report of unused entries, whose text is the configuration's.
        assert!(kept > 0 && kept < kept_in_full, "{kept} of {kept_in_full} texts kept");
    }
}

fn check_one(keep: Keep, path: &str) -> FileReport {
    static PACK: LazyLock<RuleSet> = LazyLock::new(|| setup(None).set);
    let checker = Checker { rules: &PACK, limits: Limits::default(), importer: &IMPORTER, keep };
    let bytes = std::fs::read(root().join(path)).expect("read");
    checker.check_bytes(path, &bytes)
}

/// A finding as a summary counts it: rule, severity and pointer.
type Counted = (String, Severity, Option<String>);

/// What a summary counts of a report: the department, and each finding.
fn counted(report: &FileReport) -> (Option<String>, Vec<Counted>) {
    let mut findings: Vec<_> =
        report.diagnostics.iter().map(|d| (d.code.clone(), d.severity, d.pointer.clone())).collect();
    findings.sort();
    (remediation::department_of(report), findings)
}

#[test]
fn a_report_that_parsed_checked_for_counts_keeps_neither_text_nor_spans() {
    for path in ["examples/huadu-2022.json", "examples/huadu-2022.txt"] {
        let full = check_one(Keep::Text, path);
        let counts = check_one(Keep::Counts, path);
        assert!(full.source.is_some() && counts.source.is_none(), "{path}");
        assert!(
            !counts.diagnostics.is_empty() && counts.diagnostics.iter().all(|d| d.span.is_none()),
            "{path}"
        );
        assert!(counted(&counts).0.is_some(), "{path}");
        assert_eq!(counted(&counts), counted(&full), "{path}");
    }
}

#[test]
fn a_report_that_did_not_parse_checked_for_counts_still_names_its_department() {
    for path in ["tests/fixtures/hostile/trailing-comma.json", "tests/fixtures/load/duplicate-key.json"] {
        let full = check_one(Keep::Text, path);
        let counts = check_one(Keep::Counts, path);
        assert!(full.source.is_some() && counts.source.is_none(), "{path}");
        assert!(counts.department.is_some() && counted(&counts).0.is_some(), "{path}: read from the text");
        assert_eq!(counted(&counts), counted(&full), "{path}");
    }
}

/// A report checked for its places only (see `Keep::Places`) keeps no text, yet its findings
/// have the same lines and columns and are written out byte for byte as from its text, for a
/// JSON report with findings, a narrative, a report that did not parse and one with a
/// duplicate key (located by scanning its text).
#[test]
fn a_report_checked_for_its_places_keeps_no_text_and_writes_the_same_findings() {
    let paths = [
        "examples/huadu-2022.json",
        "examples/huadu-2022.txt",
        "tests/fixtures/hostile/trailing-comma.json",
        "tests/fixtures/load/duplicate-key.json",
    ];
    for path in paths {
        let full = check_one(Keep::Text, path);
        let places = check_one(Keep::Places, path);
        assert!(full.source.is_some() && places.source.is_none(), "{path}");
        assert!(!places.diagnostics.is_empty(), "{path}");
        let positions = |report: &FileReport| -> Vec<_> {
            report.diagnostics.iter().map(|d| report.positions(d)).collect()
        };
        assert_eq!(positions(&places), positions(&full), "{path}");
        assert_eq!(remediation::department_of(&places), remediation::department_of(&full), "{path}");
        assert!(
            places.diagnostics.iter().any(|d| places.positions(d).is_some()),
            "{path}: places kept without the text"
        );
        // A new stream for each piece: a stream writes the separator before every file but the first.
        type NewStream = fn() -> Box<dyn Streaming>;
        let formats: [(&str, NewStream); 3] = [
            ("json", || Box::new(json::Stream::default())),
            ("github", || Box::new(github::Stream)),
            ("concise", || Box::new(jixiao::render::concise::Stream::default())),
        ];
        for (name, stream) in formats {
            assert_eq!(stream().file(&places).text, stream().file(&full).text, "{path}, {name}");
        }
    }
}
