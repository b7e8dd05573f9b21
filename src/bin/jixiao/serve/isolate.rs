//! Checking an upload in a child process: `jixiao check --format json` on a private temporary
//! file, with its address space and CPU time limited and a kill after a time limit.
//!
//! Office files are parsed by readers that can be made to allocate without bound or abort the
//! process (a spreadsheet whose bounding box is enormous asks for it all at once, and an
//! allocation failure aborts rather than unwinds). In a child, such a file ends that child:
//! the request gets a diagnostic and the server goes on.

use crate::args::RuleArgs;
use jixiao::config::Config;
use jixiao::diagnostic::{Diagnostic, FileReport, Severity, SourceRef, codes};
use jixiao::render::remediation::UNKNOWN_DEPARTMENT;
use serde_json::Value;
use std::ffi::OsString;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;
use tokio::io::AsyncReadExt;

/// The child's address space: the checker needs a few tens of megabytes for a large report;
/// the rest is headroom for the allocator's reservations.
const MEMORY_LIMIT: u64 = 1 << 30;
/// CPU seconds a child may use; the wall-clock limit below usually ends it first.
const CPU_LIMIT: u64 = 30;
/// Wall-clock time a child may take.
const TIME_LIMIT: Duration = Duration::from_secs(30);
/// The most output read from a child: far more than the JSON of any real report's findings.
const MAX_OUTPUT: u64 = 64 << 20;

/// How to start a child check with the server's rules.
pub struct ChildCheck {
    program: PathBuf,
    /// The rule arguments of the server (extra rules, parameters, configuration), without the
    /// profile, which each request chooses.
    rule_args: Vec<OsString>,
}

/// A report checked, with the places of its findings that have no span in the report's text
/// (a line and column read back from a child, a cell or a paragraph), one per diagnostic.
pub struct Checked {
    pub report: FileReport,
    pub places: Vec<Option<String>>,
}

impl Checked {
    /// A report checked in this process: every finding that has a place has it as a span.
    pub fn in_process(report: FileReport) -> Self {
        let places = vec![None; report.diagnostics.len()];
        Checked { report, places }
    }
}

impl ChildCheck {
    /// The child is this program; it reads the configuration the server read, whatever its
    /// working directory.
    pub fn new(args: &RuleArgs, config: Option<&Config>) -> std::io::Result<Self> {
        let program = std::env::current_exe()?;
        let mut rule_args: Vec<OsString> = Vec::new();
        for path in &args.extra {
            rule_args.push("--rules".into());
            rule_args.push(std::path::absolute(path)?.into_os_string());
        }
        if args.no_default_rules {
            rule_args.push("--no-default-rules".into());
        }
        for (name, value) in &args.params {
            rule_args.push("--param".into());
            rule_args.push(format!("{name}={value}").into());
        }
        match config {
            Some(config) => {
                rule_args.push("--config".into());
                rule_args.push(std::path::absolute(&config.path)?.into_os_string());
            }
            None => rule_args.push("--no-config".into()),
        }
        Ok(ChildCheck { program, rule_args })
    }

    /// Checks `bytes`, an upload shown as `name`, whose kind is told by `extension` (one the
    /// server accepts: the temporary file is named by it, never by the upload's name).
    pub async fn check(&self, profile: &str, name: &str, extension: &str, bytes: &[u8]) -> Checked {
        match self.run(profile, extension, bytes).await {
            Ok(output) => read_output(name, &output),
            Err(message) => failed(name, message),
        }
    }

    async fn run(&self, profile: &str, extension: &str, bytes: &[u8]) -> Result<Vec<u8>, String> {
        let file = tempfile::Builder::new()
            .prefix("jixiao-upload-")
            .suffix(&format!(".{extension}"))
            .tempfile()
            .map_err(|err| format!("无法暂存上传的文件：{err}"))?;
        tokio::fs::write(file.path(), bytes).await.map_err(|err| format!("无法暂存上传的文件：{err}"))?;
        let mut command = tokio::process::Command::new(&self.program);
        command
            .args(["check", "--format", "json", "--fail-on", "never", "--color", "never"])
            .args(&self.rule_args)
            .arg("--profile")
            .arg(profile)
            .arg("--")
            .arg(file.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true);
        // SAFETY: the closure runs in the child between fork and exec; it only calls
        // `setrlimit`, which is async-signal-safe, and allocates nothing.
        unsafe { command.pre_exec(limit_resources) };
        let mut child = command.spawn().map_err(|err| format!("无法启动检查进程：{err}"))?;
        let Some(stdout) = child.stdout.take() else {
            return Err("无法读取检查进程的输出".to_string());
        };
        let work = async {
            let mut output = Vec::new();
            stdout.take(MAX_OUTPUT).read_to_end(&mut output).await?;
            let status = child.wait().await?;
            Ok::<_, std::io::Error>((output, status))
        };
        // On time-out the child is dropped, which kills it.
        let (output, status) = match tokio::time::timeout(TIME_LIMIT, work).await {
            Ok(Ok(done)) => done,
            Ok(Err(err)) => return Err(format!("检查进程出错：{err}")),
            Err(_) => return Err(format!("检查超过 {} 秒，已终止", TIME_LIMIT.as_secs())),
        };
        drop(file);
        match status.code() {
            // 0, 1 (findings) and 2 (an unreadable report) all come with the JSON document.
            Some(0..=2) => Ok(output),
            Some(code) => Err(format!("检查进程异常退出（退出码 {code}）")),
            None => Err("检查进程被终止（可能超出内存或 CPU 时间上限）".to_string()),
        }
    }
}

/// Caps the child's address space and CPU time.
fn limit_resources() -> std::io::Result<()> {
    for (resource, limit) in [(libc::RLIMIT_AS, MEMORY_LIMIT), (libc::RLIMIT_CPU, CPU_LIMIT)] {
        let value = libc::rlimit { rlim_cur: limit as libc::rlim_t, rlim_max: limit as libc::rlim_t };
        // SAFETY: `value` is a valid `rlimit` that outlives the call.
        if unsafe { libc::setrlimit(resource, &value) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
    }
    Ok(())
}

/// The report of an upload the child could not check.
fn failed(name: &str, message: String) -> Checked {
    let diagnostic = Diagnostic::error(codes::INTERNAL, format!("无法检查 {name}：{message}"));
    Checked::in_process(FileReport {
        path: name.to_string(),
        department: None,
        source: None,
        diagnostics: vec![diagnostic],
    })
}

/// The child's JSON document (output contract v1, one file) as a report named `name`.
fn read_output(name: &str, output: &[u8]) -> Checked {
    let Ok(document) = serde_json::from_slice::<Value>(output) else {
        return failed(name, "检查进程的输出无法读取".to_string());
    };
    let Some(file) = document.pointer("/files/0") else {
        return failed(name, "检查进程没有给出结果".to_string());
    };
    let text = |entry: &Value, key: &str| entry.get(key).and_then(Value::as_str).map(str::to_string);
    let mut diagnostics = Vec::new();
    let mut places = Vec::new();
    for entry in file.get("diagnostics").and_then(Value::as_array).into_iter().flatten() {
        let severity = entry.get("severity").and_then(Value::as_str).and_then(Severity::parse);
        let (Some(code), Some(severity), Some(message)) =
            (text(entry, "rule"), severity, text(entry, "message"))
        else {
            continue;
        };
        let mut diagnostic = Diagnostic::new(code, severity, message);
        diagnostic.pointer = text(entry, "pointer");
        diagnostic.help = text(entry, "help");
        diagnostic.basis = text(entry, "basis");
        diagnostic.actual = text(entry, "actual");
        diagnostic.expected = text(entry, "expected");
        diagnostic.suppressed = text(entry, "suppressed");
        let number = |key: &str| entry.get(key).and_then(Value::as_u64);
        diagnostic.source = entry.get("source").and_then(source_of).map(Box::new);
        // A line and column of the text the user wrote, else the place the reader named (a
        // cell, a paragraph).
        let place = number("line")
            .zip(number("column"))
            .map(|(line, column)| format!("{line}:{column}"))
            .or_else(|| diagnostic.source.as_ref().map(|s| s.label.clone()));
        diagnostics.push(diagnostic);
        places.push(place);
    }
    let department = document
        .pointer("/summary/departments/0/department")
        .and_then(Value::as_str)
        .filter(|d| *d != UNKNOWN_DEPARTMENT)
        .map(str::to_string);
    Checked { report: FileReport { path: name.to_string(), department, source: None, diagnostics }, places }
}

/// The `source` object of the JSON contract back into a place, its highlight from characters
/// into bytes of the excerpt.
fn source_of(value: &Value) -> Option<SourceRef> {
    let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_string);
    let number = |key: &str| value.get(key).and_then(Value::as_u64).and_then(|n| usize::try_from(n).ok());
    let excerpt = text("excerpt").unwrap_or_default();
    let byte = |chars: usize| excerpt.char_indices().map(|(i, _)| i).chain([excerpt.len()]).nth(chars);
    let highlight = value.get("highlight").and_then(Value::as_array).and_then(|pair| {
        let start = byte(usize::try_from(pair.first()?.as_u64()?).ok()?)?;
        let end = byte(usize::try_from(pair.get(1)?.as_u64()?).ok()?)?;
        (start <= end).then_some(start..end)
    });
    Some(SourceRef {
        label: text("label")?,
        sheet: text("sheet"),
        cell: text("cell"),
        table: number("table"),
        row: number("row"),
        column: number("column"),
        paragraph: number("paragraph"),
        highlight,
        line: None,
        line_column: None,
        excerpt,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_child_document_becomes_a_report_with_its_places() {
        let output = r#"{"version":1,"files":[{"path":"/tmp/x.txt","diagnostics":[
            {"rule":"indicator-count-mismatch","severity":"warning","message":"m","pointer":"/a",
             "line":3,"column":7,"end_line":3,"end_column":9,"help":"h","basis":"b","actual":"10",
             "expected":"9","suppressed":null},
            {"rule":"schema","severity":"error","message":"n","pointer":null,"line":null,
             "column":null,"end_line":null,"end_column":null,"help":null,"basis":null,
             "actual":null,"expected":null,"suppressed":null}]}],
            "summary":{"departments":[{"department":"区委组织部"}]}}"#;
        let checked = read_output("报告.txt", output.as_bytes());
        assert_eq!(checked.report.path, "报告.txt");
        assert_eq!(checked.report.department.as_deref(), Some("区委组织部"));
        assert_eq!(checked.report.diagnostics.len(), 2);
        assert_eq!(checked.report.diagnostics[0].severity, Severity::Warning);
        assert_eq!(checked.report.diagnostics[0].actual.as_deref(), Some("10"));
        assert_eq!(checked.places, vec![Some("3:7".to_string()), None]);
    }

    #[test]
    fn output_that_is_not_the_json_contract_is_a_failure_of_that_file() {
        let checked = read_output("x.xlsx", b"Killed");
        assert_eq!(checked.report.diagnostics.len(), 1);
        assert_eq!(checked.report.diagnostics[0].code, codes::INTERNAL);
        assert!(checked.report.diagnostics[0].message.contains("x.xlsx"));
    }
}
