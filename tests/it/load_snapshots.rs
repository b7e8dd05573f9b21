//! Human output for reports that fail before the rules: each fixture in `tests/fixtures/load/`
//! rendered exactly as a person sees it (no colour, fixed width).

use assert_cmd::Command;

fn human(fixture: &str) -> (i32, String) {
    let output = Command::cargo_bin("jixiao")
        .expect("binary")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("COLUMNS", "100")
        .args(["check", "--no-default-rules", "--no-config", "--color", "never"])
        .arg(format!("tests/fixtures/load/{fixture}"))
        .output()
        .expect("run jixiao");
    (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stdout).into_owned())
}

macro_rules! snapshot_case {
    ($name:ident, $fixture:literal, $exit:expr) => {
        #[test]
        fn $name() {
            let (code, stdout) = human($fixture);
            assert_eq!(code, $exit, "exit code for {}:\n{stdout}", $fixture);
            insta::assert_snapshot!(stdout);
        }
    };
}

snapshot_case!(syntax_error, "syntax-error.json", 1);
snapshot_case!(wrong_type, "wrong-type.json", 1);
snapshot_case!(missing_required_field, "missing-required.json", 1);
snapshot_case!(duplicate_key, "duplicate-key.json", 1);
snapshot_case!(gbk_encoded_report, "gbk.json", 0);
snapshot_case!(number_out_of_range, "out-of-range.json", 1);
