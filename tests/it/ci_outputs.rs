//! Every CI format from one run, remediation lists through the command line, and suppressions
//! (baseline round trip, `[[ignore]]`) as a CI pipeline uses them.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn jixiao_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("jixiao").expect("binary");
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

/// An `[[ignore]]` entry that no file of the tests' workspaces uses.
const UNUSED_ENTRY: &str = "
[[ignore]]
file = \"reports/other-*.json\"
rule = \"problems-missing\"
reason = \"旧报告\"
";

/// Writes a configuration with one `[[ignore]]` entry and [`UNUSED_ENTRY`].
fn with_unused_entry(path: &Path, file: &str, rule: &str, reason: &str) {
    let text =
        format!("[[ignore]]\nfile = \"{file}\"\nrule = \"{rule}\"\nreason = \"{reason}\"\n{UNUSED_ENTRY}");
    std::fs::write(path, text).expect("config");
}

/// A working copy of a report and a project-local config, so tests may change them.
fn workspace(report: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("reports")).expect("mkdir");
    std::fs::copy(root().join(report), dir.path().join("reports/report.json")).expect("copy");
    dir
}

#[test]
fn all_formats_come_out_of_one_run() {
    let dir = workspace("examples/huadu-2022.json");
    let output = jixiao_in(dir.path())
        .args(["check", "reports", "--format", "json"])
        .args(["--output", "sarif=out.sarif", "--output", "junit=out.xml", "--output", "github=out.txt"])
        .args(["--output", "human=out.log"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(0));
    let json: Value = serde_json::from_slice(&output.stdout).expect("stdout is the JSON format");
    let findings =
        json["summary"]["warnings"].as_u64().unwrap_or(0) + json["summary"]["infos"].as_u64().unwrap_or(0);
    assert_eq!(findings, 12);

    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out.sarif")).expect("sarif"))
            .expect("sarif is JSON");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 12);
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "reports/report.json"
    );
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/fixtures/sarif-schema-2.1.0.json")).expect("schema"),
    )
    .expect("schema JSON");
    let validator = jsonschema::options().build(&schema).expect("schema compiles");
    let errors: Vec<String> = validator.iter_errors(&sarif).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");

    let junit = std::fs::read_to_string(dir.path().join("out.xml")).expect("junit");
    let doc = roxmltree::Document::parse(&junit).expect("junit is XML");
    let suite = doc.descendants().find(|n| n.has_tag_name("testsuite")).expect("suite");
    // Findings are warnings and notes: below the default --fail-on error, so no failures.
    assert_eq!(suite.attribute("failures"), Some("0"));
    assert!(suite.attribute("tests").and_then(|t| t.parse::<usize>().ok()).is_some_and(|t| t >= 31));

    let github = std::fs::read_to_string(dir.path().join("out.txt")).expect("github");
    assert_eq!(
        github.lines().filter(|l| l.starts_with("::warning file=reports/report.json,line=")).count(),
        10
    );
    assert_eq!(github.lines().filter(|l| l.starts_with("::notice ")).count(), 2);

    let human = std::fs::read_to_string(dir.path().join("out.log")).expect("human");
    assert!(human.contains("indicator-count-mismatch"));
    assert!(!human.contains('\u{1b}'), "files get no colour codes");
}

#[test]
fn remediation_lists_from_the_command_line() {
    let dir = workspace("examples/huadu-2022.json");
    let md = jixiao_in(dir.path()).args(["remediate", "reports"]).output().expect("run");
    assert_eq!(md.status.code(), Some(0));
    let md = String::from_utf8_lossy(&md.stdout);
    assert!(md.contains("中国共产党广州市花都区委员会组织部"));
    assert!(md.contains("| 序号 |"), "{md}");

    let csv = jixiao_in(dir.path()).args(["remediate", "reports", "--format", "csv"]).output().expect("run");
    assert!(csv.stdout.starts_with("\u{feff}".as_bytes()), "CSV starts with a BOM for Excel");
    let mut reader = csv::Reader::from_reader(&csv.stdout[3..]);
    assert_eq!(reader.records().count(), 12);

    let refused =
        jixiao_in(dir.path()).args(["remediate", "reports", "--format", "xlsx"]).output().expect("run");
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("-o"));

    let written = jixiao_in(dir.path())
        .args(["remediate", "reports", "--format", "xlsx", "-o", "整改清单.xlsx"])
        .output()
        .expect("run");
    assert_eq!(written.status.code(), Some(0));
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook(dir.path().join("整改清单.xlsx")).expect("xlsx");
    use calamine::Reader;
    let sheet = workbook.worksheet_range("整改清单").expect("sheet");
    assert_eq!(sheet.rows().count(), 13, "header + 12 findings");
}

#[test]
fn an_output_path_that_is_an_input_is_refused() {
    let dir = workspace("examples/huadu-2022.json");
    let before = std::fs::read(dir.path().join("reports/report.json")).expect("read");
    let output = jixiao_in(dir.path())
        .args(["check", "reports/report.json", "--output", "sarif=reports/report.json"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(std::fs::read(dir.path().join("reports/report.json")).expect("read"), before);
}

#[test]
fn baseline_round_trip() {
    let dir = workspace("tests/fixtures/reports/monitoring-300wan.json");
    let check = |extra: &[&str]| {
        let output = jixiao_in(dir.path())
            .args(["check", "reports", "--profile", "huangpu", "--format", "json"])
            .args(extra)
            .output()
            .expect("run");
        let json: Value = serde_json::from_slice(&output.stdout).expect("json");
        (output.status.code().unwrap_or(-1), json)
    };
    let (code, _) = check(&[]);
    assert_eq!(code, 1, "the huangpu profile finds an unmonitored 300万元 project");
    let (code, _) = check(&["--write-baseline", "baseline.json"]);
    assert_eq!(code, 1);
    let (code, json) = check(&["--baseline", "baseline.json"]);
    assert_eq!(code, 0, "nothing new: {json:#}");
    assert_eq!(json["summary"]["errors"], 0);
    assert!(json["summary"]["suppressed"].as_u64().is_some_and(|n| n >= 1));

    // Reformatting the report does not make old findings new.
    let path = dir.path().join("reports/report.json");
    let value: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
    std::fs::write(&path, serde_json::to_string(&value).expect("compact")).expect("write");
    let (code, _) = check(&["--baseline", "baseline.json"]);
    assert_eq!(code, 0, "compact reformatting keeps findings known");

    // A new fault is the only thing reported.
    let mut value = value;
    value["self_evaluation"] = serde_json::json!({"score": 85.5, "grade": "中"});
    std::fs::write(&path, serde_json::to_string_pretty(&value).expect("pretty")).expect("write");
    let (code, json) = check(&["--baseline", "baseline.json"]);
    assert_eq!(code, 1);
    let active: Vec<&Value> = json["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["suppressed"].is_null())
        .collect();
    assert_eq!(active.len(), 1, "{active:#?}");
    assert_eq!(active[0]["rule"], "grade-mismatch");
}

#[test]
fn ignore_entries_suppress_and_unused_ones_are_reported() {
    let dir = workspace("tests/fixtures/reports/monitoring-300wan.json");
    std::fs::write(
        dir.path().join("jixiao.toml"),
        r#"profile = "huangpu"

[[ignore]]
file = "reports/*.json"
rule = "mid-year-monitoring-missing"
pointer = "/projects/0/mid_year_monitoring"
reason = "该项目 2023 年 7 月已补做监控，见监控报告"

[[ignore]]
file = "reports/other-*.json"
rule = "problems-missing"
reason = "旧报告"
"#,
    )
    .expect("config");
    let output = jixiao_in(dir.path()).args(["check", "reports", "--format", "sarif"]).output().expect("run");
    let sarif: Value = serde_json::from_slice(&output.stdout).expect("sarif");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    let suppressed = results
        .iter()
        .find(|r| r["ruleId"] == "mid-year-monitoring-missing")
        .expect("suppressed result is kept");
    assert_eq!(suppressed["suppressions"][0]["kind"], "external");
    assert!(
        suppressed["suppressions"][0]["justification"].as_str().is_some_and(|j| j.contains("已补做监控"))
    );
    let unused = results.iter().find(|r| r["ruleId"] == "unused-ignore").expect("unused entry reported");
    assert_eq!(unused["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "jixiao.toml");
    // The ignore removed the only error; the unused entry is a warning.
    assert_eq!(output.status.code(), Some(0));

    std::fs::write(
        dir.path().join("jixiao.toml"),
        "[[ignore]]\nfile = \"*\"\nrule = \"problems-missing\"\nreason = \"\"\n",
    )
    .expect("config");
    let output = jixiao_in(dir.path()).args(["check", "reports"]).output().expect("run");
    assert_eq!(output.status.code(), Some(2), "an ignore without a reason is refused");
}

#[test]
fn unused_entries_are_reported_where_their_file_sorts() {
    let dir = workspace("tests/fixtures/reports/monitoring-300wan.json");
    for name in ["a.json", "z.json"] {
        std::fs::copy(root().join("examples/huadu-2022.json"), dir.path().join("reports").join(name))
            .expect("copy");
    }
    // The configuration sorts among the reports, and only the last one uses its first entry.
    with_unused_entry(
        &dir.path().join("reports/m.toml"),
        "reports/z.json",
        "indicator-not-quantified",
        "定性指标",
    );
    let output = jixiao_in(dir.path())
        .args(["check", "reports", "--config", "reports/m.toml", "--format", "json"])
        .args(["--output", "sarif=out.sarif", "--output", "junit=out.xml"])
        .output()
        .expect("run");
    let json: Value = serde_json::from_slice(&output.stdout).expect("json");
    let paths: Vec<&str> =
        json["files"].as_array().expect("files").iter().filter_map(|f| f["path"].as_str()).collect();
    assert_eq!(paths, ["reports/a.json", "reports/m.toml", "reports/report.json", "reports/z.json"]);
    assert_eq!(json["files"][1]["diagnostics"][0]["rule"], "unused-ignore");
    assert_eq!(json["files"][1]["diagnostics"].as_array().map(Vec::len), Some(1));
    let suppressed = |file: &Value| {
        file["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter(|d| !d["suppressed"].is_null())
            .count()
    };
    assert_eq!(suppressed(&json["files"][0]), 0);
    assert!(suppressed(&json["files"][3]) > 0);

    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out.sarif")).expect("sarif"))
            .expect("sarif");
    let mut uris: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str())
        .collect();
    uris.dedup();
    assert_eq!(uris, ["reports/a.json", "reports/m.toml", "reports/report.json", "reports/z.json"]);
    let junit = std::fs::read_to_string(dir.path().join("out.xml")).expect("junit");
    let suites: Vec<usize> =
        paths.iter().map(|p| junit.find(&format!("<testsuite name=\"{p}\"")).expect("suite")).collect();
    assert!(suites.windows(2).all(|w| w[0] < w[1]), "suites in path order");
    // No temporary file is left next to the outputs.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
}

/// A run whose outputs quote nothing of the reports' texts (JSON, GitHub, concise) lets each
/// text go as soon as its report is checked; it writes the same bytes as a run that keeps the
/// texts for another output, for JSON reports, one that does not parse, a narrative and a form.
/// The configuration has an entry that stays unused, so every report after its place waits
/// in scratch storage until the end and is read back from there.
#[test]
fn formats_without_excerpts_write_the_same_with_or_without_the_texts() {
    let dir = workspace("examples/huadu-2022.json");
    let config = dir.path().join("jixiao.toml");
    with_unused_entry(&config, "reports/report.json", "indicator-approximate-value", "约数已在附件说明");
    for (from, to) in [
        ("examples/huadu-2022.txt", "narrative.txt"),
        ("examples/huadu-2022.docx", "narrative.docx"),
        ("tests/fixtures/hostile/trailing-comma.json", "broken.json"),
        ("examples/project-sample.json", "project.json"),
    ] {
        std::fs::copy(root().join(from), dir.path().join("reports").join(to)).expect("copy");
    }
    for format in ["json", "github", "concise"] {
        let run = |extra: &[&str]| {
            let output = jixiao_in(dir.path())
                .args(["check", "reports", "--format", format])
                .args(extra)
                .output()
                .expect("run");
            assert_eq!(output.status.code(), Some(1), "{format} {extra:?}");
            String::from_utf8(output.stdout).expect("utf-8")
        };
        let without_texts = run(&[]);
        for expected in ["broken.json", "narrative.docx", "unused-ignore"] {
            assert!(without_texts.contains(expected), "{format}: {expected}");
        }
        // A human log quotes the texts, so this run keeps them.
        assert_eq!(without_texts, run(&["--output", "human=out.log"]), "{format}");
    }
}
