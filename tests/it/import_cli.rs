//! Excel and Word forms checked as they are, through the command line: the kind told by the
//! content, findings pointed at the cell, `jixiao import` giving the report that `check` reads.

use crate::util::jixiao;
use jixiao::import::form::FormSet;
use jixiao::import::form::example::workbook;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// The first example of a built-in layout, written as a workbook into `dir`.
fn form_file(dir: &Path, layout: &str, name: &str) -> std::path::PathBuf {
    let forms = FormSet::builtin().expect("layouts");
    let example = forms.layout(layout).and_then(|l| l.examples.first()).expect("example");
    let path = dir.join(name);
    std::fs::write(&path, workbook(example, "自评表").expect("workbook")).expect("write");
    path
}

fn check_json(args: &[&str]) -> Value {
    let output = jixiao().arg("check").args(args).args(["--format", "json"]).output().expect("run");
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&output.stdout)))
}

/// (rule, pointer) of every finding of the first file, leaving out what the import itself says.
fn findings(output: &Value) -> BTreeSet<(String, String)> {
    output["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["rule"] != "import")
        .map(|d| {
            (d["rule"].as_str().unwrap_or("").to_string(), d["pointer"].as_str().unwrap_or("").to_string())
        })
        .collect()
}

#[test]
fn a_form_and_its_import_give_the_same_findings() {
    let dir = tempfile::tempdir().expect("tempdir");
    for layout in ["national-project", "sichuan-project", "guizhou-department"] {
        let form = form_file(dir.path(), layout, &format!("{layout}.xlsx"));
        let imported = dir.path().join(format!("{layout}.json"));
        let status = jixiao()
            .args(["import", form.to_str().unwrap_or_default(), "-o", imported.to_str().unwrap_or_default()])
            .output()
            .expect("import");
        assert!(status.status.success(), "{layout}: {}", String::from_utf8_lossy(&status.stderr));
        let from_form = check_json(&[form.to_str().unwrap_or_default()]);
        let from_json = check_json(&[imported.to_str().unwrap_or_default()]);
        let form_findings = findings(&from_form);
        assert!(!form_findings.is_empty(), "{layout}: the example forms have findings");
        assert_eq!(form_findings, findings(&from_json), "{layout}");
    }
}

#[test]
fn the_imported_report_is_valid_against_the_report_schema() {
    let dir = tempfile::tempdir().expect("tempdir");
    let form = form_file(dir.path(), "national-project", "form.xlsx");
    let output = jixiao().args(["import", form.to_str().unwrap_or_default()]).output().expect("import");
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    assert!(jixiao::schema::validate(&report).is_empty(), "{report}");
    assert_eq!(
        report["budget"]["execution_rate_pct"].to_string(),
        "97.00",
        "the displayed decimals are kept"
    );
}

#[test]
fn findings_on_a_form_point_at_the_cell_and_carry_no_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let form = form_file(dir.path(), "national-project", "form.xlsx");
    let output = check_json(&[form.to_str().unwrap_or_default()]);
    let diagnostics = output["files"][0]["diagnostics"].as_array().expect("diagnostics");
    let adjusted = diagnostics
        .iter()
        .find(|d| d["rule"] == "budget-adjustment-unexplained")
        .expect("the example's budget was adjusted without a reason");
    assert_eq!(adjusted["source"]["label"], "自评表!E5");
    assert_eq!(adjusted["source"]["sheet"], "自评表");
    assert_eq!(adjusted["source"]["cell"], "E5");
    assert_eq!(adjusted["source"]["excerpt"], "192.50");
    assert_eq!(adjusted["source"]["table"], Value::Null);
    assert_eq!(adjusted["line"], Value::Null);
    for d in diagnostics {
        assert!(d.as_object().is_some_and(|o| o.contains_key("source")), "every diagnostic has a source key");
    }
    let human = jixiao()
        .args(["check", form.to_str().unwrap_or_default(), "--color", "never"])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("自评表!E5"), "{text}");
    let concise = jixiao()
        .args(["check", form.to_str().unwrap_or_default(), "--format", "concise"])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&concise.stdout);
    assert!(text.contains("form.xlsx:自评表!E5: warning budget-adjustment-unexplained "), "{text}");
}

#[test]
fn the_remediation_list_names_the_cell() {
    let dir = tempfile::tempdir().expect("tempdir");
    let form = form_file(dir.path(), "national-project", "form.xlsx");
    let output = jixiao()
        .args(["remediate", form.to_str().unwrap_or_default(), "--format", "csv"])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("自评表!E5 预算执行·全年预算数"), "{text}");
}

#[test]
fn a_directory_walk_takes_forms_and_leaves_out_lock_files_and_excluded_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    form_file(dir.path(), "national-project", "a.xlsx");
    form_file(dir.path(), "sichuan-project", "b.xlsx");
    std::fs::write(dir.path().join("~$a.xlsx"), b"lock").expect("write");
    std::fs::write(dir.path().join("notes.txt"), "说明").expect("write");
    let paths = |output: &Value| -> Vec<String> {
        output["files"]
            .as_array()
            .expect("files")
            .iter()
            .map(|f| {
                Path::new(f["path"].as_str().unwrap_or(""))
                    .file_name()
                    .map_or(String::new(), |n| n.to_string_lossy().into_owned())
            })
            .collect()
    };
    let root = dir.path().to_str().unwrap_or_default();
    assert_eq!(paths(&check_json(&[root])), ["a.xlsx", "b.xlsx"]);
    assert_eq!(paths(&check_json(&[root, "--exclude", "b.*"])), ["a.xlsx"]);
    assert_eq!(paths(&check_json(&[root, "--include", "*.txt"])), ["a.xlsx", "b.xlsx", "notes.txt"]);
}

#[test]
fn a_file_named_xlsx_that_is_something_else_says_what_it_is() {
    let dir = tempfile::tempdir().expect("tempdir");
    let jpeg = dir.path().join("自评表.xlsx");
    std::fs::write(&jpeg, b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01rest of a picture").expect("write");
    let output = check_json(&[jpeg.to_str().unwrap_or_default()]);
    let diagnostic = &output["files"][0]["diagnostics"][0];
    assert_eq!(diagnostic["rule"], "import");
    assert_eq!(diagnostic["severity"], "error");
    let message = diagnostic["message"].as_str().unwrap_or("");
    assert!(message.contains("JPEG"), "{message}");
}

#[test]
fn one_bad_document_does_not_stop_the_others() {
    let dir = tempfile::tempdir().expect("tempdir");
    form_file(dir.path(), "national-project", "good.xlsx");
    let mut zip = b"PK\x03\x04".to_vec();
    zip.extend_from_slice(&[0; 64]);
    std::fs::write(dir.path().join("truncated.xlsx"), zip).expect("write");
    let output = check_json(&[dir.path().to_str().unwrap_or_default()]);
    let files = output["files"].as_array().expect("files");
    assert_eq!(files.len(), 2);
    let good = files.iter().find(|f| f["path"].as_str().unwrap_or("").ends_with("good.xlsx")).expect("good");
    assert!(good["diagnostics"].as_array().is_some_and(|d| d.iter().any(|d| d["rule"] != "import")));
    let bad =
        files.iter().find(|f| f["path"].as_str().unwrap_or("").ends_with("truncated.xlsx")).expect("bad");
    assert_eq!(bad["diagnostics"][0]["rule"], "import");
}

#[test]
fn import_explain_lists_each_field_with_its_cell() {
    let dir = tempfile::tempdir().expect("tempdir");
    let form = form_file(dir.path(), "national-project", "form.xlsx");
    let output =
        jixiao().args(["import", "--explain", form.to_str().unwrap_or_default()]).output().expect("run");
    let text = String::from_utf8_lossy(&output.stdout);
    let line =
        text.lines().find(|l| l.trim_start().starts_with("/budget/adjusted ")).expect("the adjusted budget");
    assert!(line.contains("自评表!E5") && line.contains("192.50"), "{line}");
}

#[test]
fn import_refuses_to_write_over_its_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let form = form_file(dir.path(), "national-project", "form.xlsx");
    let before = std::fs::read(&form).expect("read");
    let output = jixiao()
        .args(["import", form.to_str().unwrap_or_default(), "-o", form.to_str().unwrap_or_default()])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(std::fs::read(&form).expect("read"), before, "the input is untouched");
}

#[test]
fn a_layout_of_ones_own_is_added_with_forms() {
    let dir = tempfile::tempdir().expect("tempdir");
    let national =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("forms/national-project.toml"))
            .expect("layout");
    // The national layout replaced by one whose project name is labelled as only this region
    // labels it: the form's 项目名称 is then not found, which shows the replacement took effect.
    let own = national.replacen(
        r#"project_name      = { labels = ["项目名称"] }"#,
        r#"project_name = { labels = ["项目全称"] }"#,
        1,
    );
    assert_ne!(own, national, "the layout file labels the project name");
    let layouts = dir.path().join("layouts");
    std::fs::create_dir(&layouts).expect("mkdir");
    std::fs::write(layouts.join("my-region.toml"), own).expect("write");
    let output = jixiao()
        .args([
            "import",
            "--forms",
            layouts.to_str().unwrap_or_default(),
            "examples/forms/national-project.xlsx",
        ])
        .output()
        .expect("run");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stderr).contains("未找到“项目全称”"));
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["project"]["name"], Value::Null);
    let broken = dir.path().join("broken");
    std::fs::create_dir(&broken).expect("mkdir");
    std::fs::write(broken.join("x.toml"), "id = \"x\"\nnot_a_key = 1\n").expect("write");
    let output = jixiao()
        .args([
            "import",
            "--forms",
            broken.to_str().unwrap_or_default(),
            "examples/forms/national-project.xlsx",
        ])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("x.toml"));
}

#[test]
fn a_form_pasted_into_word_points_at_its_table_row_and_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    let forms = FormSet::builtin().expect("layouts");
    let example = forms.layout("national-project").and_then(|l| l.examples.first()).expect("example");
    let docx = dir.path().join("form.docx");
    std::fs::write(&docx, jixiao::import::form::example::word_document(example).expect("docx"))
        .expect("write");
    let xlsx = form_file(dir.path(), "national-project", "form.xlsx");
    let from_word = check_json(&[docx.to_str().unwrap_or_default()]);
    assert_eq!(findings(&from_word), findings(&check_json(&[xlsx.to_str().unwrap_or_default()])));
    let adjusted = from_word["files"][0]["diagnostics"]
        .as_array()
        .and_then(|d| d.iter().find(|d| d["rule"] == "budget-adjustment-unexplained"))
        .expect("finding");
    // The title is a paragraph above the table, so the money row is the table's fourth.
    assert_eq!(adjusted["source"]["label"], "表1 第4行第5列");
    assert_eq!(
        (adjusted["source"]["table"].as_u64(), adjusted["source"]["row"].as_u64()),
        (Some(1), Some(4))
    );
    assert_eq!(adjusted["source"]["column"].as_u64(), Some(5));
    assert_eq!(adjusted["source"]["cell"], Value::Null);
    assert_eq!(adjusted["source"]["excerpt"], "192.50");
}

#[test]
fn the_seed_report_as_word_and_as_text_gives_the_findings_of_its_transcription() {
    let transcription = findings(&check_json(&["examples/huadu-2022.json"]));
    assert!(transcription.len() >= 10, "{transcription:?}");
    for seed in ["examples/huadu-2022.docx", "examples/huadu-2022.txt"] {
        assert_eq!(findings(&check_json(&[seed])), transcription, "{seed}");
    }
    // In the text, a finding is at the line and column of its value, in the sentence that states it.
    let text = check_json(&["examples/huadu-2022.txt"]);
    let count = text["files"][0]["diagnostics"]
        .as_array()
        .and_then(|d| d.iter().find(|d| d["rule"] == "indicator-count-mismatch"))
        .expect("the declared count");
    let line = count["line"].as_u64().expect("a line");
    let column = count["column"].as_u64().expect("a column") as usize;
    let printed = std::fs::read_to_string("examples/huadu-2022.txt").expect("seed");
    let at: String =
        printed.lines().nth(line as usize - 1).expect("the line").chars().skip(column - 1).take(2).collect();
    assert_eq!(at, "10");
    assert!(count["source"]["excerpt"].as_str().is_some_and(|e| e.contains("共设定了10个绩效指标")));
}

#[test]
fn sarif_names_the_cell_of_a_form_as_a_logical_location() {
    let dir = tempfile::tempdir().expect("tempdir");
    let form = form_file(dir.path(), "national-project", "form.xlsx");
    let output = jixiao()
        .args(["check", form.to_str().unwrap_or_default(), "--format", "sarif"])
        .output()
        .expect("run");
    let sarif: Value = serde_json::from_slice(&output.stdout).expect("SARIF is JSON");
    let names: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|r| r["locations"][0]["logicalLocations"][0]["name"].as_str())
        .collect();
    assert!(names.contains(&"自评表!E5"), "{names:?}");
}
