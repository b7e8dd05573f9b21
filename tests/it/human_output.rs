//! What a person reads: the grouped default, `--verbose` and `--format concise`, snapshotted on
//! the bundled examples so that every change of wording or layout is reviewed.

use assert_cmd::Command;

fn output_of(args: &[&str]) -> String {
    let output = Command::cargo_bin("jixiao")
        .expect("binary")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("COLUMNS", "100")
        .env_remove("NO_COLOR")
        .args(args)
        .output()
        .expect("run");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn grouped_output_of_the_example() {
    let text = output_of(&["check", "examples/huadu-2022.json", "--color", "never"]);
    // The basis of a rule with nine findings is printed once, under the group.
    let basis = text
        .lines()
        .filter(|l| l.contains("依据：四川省《部门预算项目支出绩效自评表（2023年度）》将年度指标值"))
        .count();
    assert_eq!(basis, 1, "{text}");
    insta::assert_snapshot!("grouped", text);
}

#[test]
fn verbose_output_of_the_example() {
    let text = output_of(&["check", "examples/huadu-2022.json", "--color", "never", "--verbose"]);
    let basis = text
        .lines()
        .filter(|l| l.contains("依据：四川省《部门预算项目支出绩效自评表（2023年度）》将年度指标值"))
        .count();
    assert_eq!(basis, 9, "every finding carries its basis");
    insta::assert_snapshot!("verbose", text);
}

#[test]
fn concise_output_of_the_example() {
    let text = output_of(&["check", "examples/huadu-2022.json", "--format", "concise"]);
    assert!(
        text.lines().all(|l| l.starts_with("examples/huadu-2022.json:") || l.starts_with("检查了")),
        "{text}"
    );
    insta::assert_snapshot!("concise", text);
}

#[test]
fn grouped_output_of_an_excel_form() {
    let text = output_of(&["check", "examples/forms/national-project.xlsx", "--color", "never"]);
    insta::assert_snapshot!("excel_form", text);
}

#[test]
fn json_output_of_an_excel_form() {
    let text = output_of(&["check", "examples/forms/national-project.xlsx", "--format", "json"]);
    insta::assert_snapshot!("excel_form_json", text);
}
