//! 整改清单: the findings as a list of things to fix, for the people who fix them.
//!
//! Rows are grouped by department (read from the report's `/department/name`), then by
//! report file; each names the problem, where it is in words (绩效指标第3项·年度指标值 rather
//! than a JSON pointer), the basis, the 整改建议 and the severity, and leaves 责任人 and
//! 完成时限 empty for the department to fill in. Suppressed findings are accepted, so they are
//! not listed. Three forms share the rows: Markdown ([`markdown`]), CSV for Excel ([`csv`])
//! and an XLSX workbook ([`xlsx`]).

mod csv;
mod markdown;
mod xlsx;

pub use self::csv::render as csv;
pub use self::markdown::render as markdown;
pub use self::xlsx::{XlsxError, render as xlsx, workbook};

use crate::diagnostic::FileReport;
use crate::diagnostic::Severity;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The department of a report whose `/department/name` cannot be read.
pub const UNKNOWN_DEPARTMENT: &str = "（未知部门）";

/// Column headings, in order.
pub const HEADER: [&str; 10] =
    ["序号", "部门", "报告文件", "问题", "位置", "依据", "整改建议", "严重程度", "责任人", "完成时限"];

/// One thing to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item<'a> {
    /// 序号, counted from 1 over the whole list.
    pub number: usize,
    pub department: String,
    pub file: &'a str,
    /// 问题: the diagnostic's message.
    pub problem: &'a str,
    /// 位置: the field in words, and the line when known.
    pub location: String,
    pub basis: &'a str,
    pub help: &'a str,
    pub severity: Severity,
}

impl Item<'_> {
    /// The row's cells in [`HEADER`] order; 责任人 and 完成时限 are left empty.
    pub fn cells(&self) -> [String; 10] {
        [
            self.number.to_string(),
            self.department.clone(),
            self.file.to_string(),
            self.problem.to_string(),
            self.location.clone(),
            self.basis.to_string(),
            self.help.to_string(),
            self.severity.zh().to_string(),
            String::new(),
            String::new(),
        ]
    }
}

/// The list: unsuppressed diagnostics, grouped by department (departments in name order,
/// the unknown department last), then by file path, each file's findings in their order.
pub fn items(files: &[FileReport]) -> Vec<Item<'_>> {
    let mut groups: Vec<(Option<String>, &FileReport)> = files
        .iter()
        .filter(|file| file.diagnostics.iter().any(|d| !d.is_suppressed()))
        .map(|file| (department_of(file), file))
        .collect();
    // `None` sorts first; the unknown department belongs at the end.
    groups.sort_by(|(da, fa), (db, fb)| (da.is_none(), da, &fa.path).cmp(&(db.is_none(), db, &fb.path)));
    let mut out = Vec::new();
    for (department, file) in groups {
        let department = department.unwrap_or_else(|| UNKNOWN_DEPARTMENT.to_string());
        for row in rows_of(file) {
            out.push(Item {
                number: out.len() + 1,
                department: department.clone(),
                file: &file.path,
                problem: row.problem,
                location: row.location,
                basis: row.basis,
                help: row.help,
                severity: row.severity,
            });
        }
    }
    out
}

/// A file's things to fix, before they are numbered and placed.
#[derive(Debug, Serialize)]
struct Row<'a> {
    problem: &'a str,
    location: String,
    basis: &'a str,
    help: &'a str,
    #[serde(with = "severity_name")]
    severity: Severity,
}

/// A [`Row`] read back.
#[derive(Debug, Deserialize)]
struct HeldRow<'a> {
    #[serde(borrow)]
    problem: Cow<'a, str>,
    location: String,
    #[serde(borrow)]
    basis: Cow<'a, str>,
    #[serde(borrow)]
    help: Cow<'a, str>,
    #[serde(with = "severity_name")]
    severity: Severity,
}

fn rows_of(file: &FileReport) -> Vec<Row<'_>> {
    file.diagnostics
        .iter()
        .filter(|d| !d.is_suppressed())
        .map(|diagnostic| {
            let mut location = location_label(diagnostic.pointer.as_deref());
            if let Some(((line, _), _)) = file.positions(diagnostic) {
                location.push_str(&format!("（第{line}行）"));
            } else if let Some(source) = &diagnostic.source {
                // The cell or paragraph first: it is what the clerk opens to correct.
                location = if location.is_empty() {
                    source.label.clone()
                } else {
                    format!("{} {location}", source.label)
                };
            }
            Row {
                problem: &diagnostic.message,
                location,
                basis: diagnostic.basis.as_deref().unwrap_or(""),
                help: diagnostic.help.as_deref().unwrap_or(""),
                severity: diagnostic.severity,
            }
        })
        .collect()
}

mod severity_name {
    use crate::diagnostic::Severity;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(severity: &Severity, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(severity.as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Severity, D::Error> {
        let name = <&str>::deserialize(deserializer)?;
        Severity::parse(name).ok_or_else(|| serde::de::Error::custom(format!("unknown severity {name}")))
    }
}

/// One file's rows as held until the end (see [`Stream`]): one line of JSON.
#[derive(Debug, Serialize)]
struct Held<'a> {
    department: &'a str,
    file: &'a str,
    rows: Vec<Row<'a>>,
}

/// [`Held`] read back.
#[derive(Debug, Deserialize)]
struct HeldFile<'a> {
    #[serde(borrow)]
    department: Cow<'a, str>,
    #[serde(borrow)]
    file: Cow<'a, str>,
    #[serde(borrow)]
    rows: Vec<HeldRow<'a>>,
}

/// The form a [`Stream`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Markdown,
    Csv,
    /// No text: the rows are gathered for a workbook ([`Stream::into_rows`]).
    Rows,
}

/// The 整改清单 file by file. Its order is by department, so each file's rows are held, in
/// the group of its department, and numbered and written at the end; only the rows are held,
/// not the reports.
pub struct Stream {
    form: Form,
    /// Rows so far, in final order: the 序号 of the next one is this plus one.
    numbered: usize,
    /// Counts for the Markdown heading, from the pass over the held rows.
    items: usize,
    departments: usize,
    reports: usize,
    /// Department and file of the last row, in final order.
    current: Option<(String, String)>,
    rows: Vec<[String; 10]>,
}

impl Stream {
    pub fn new(form: Form) -> Self {
        Stream { form, numbered: 0, items: 0, departments: 0, reports: 0, current: None, rows: Vec::new() }
    }

    /// The rows gathered by a [`Form::Rows`] stream, numbered, in final order.
    pub fn into_rows(self) -> Vec<[String; 10]> {
        self.rows
    }

    /// Notes the department and file of the next held piece: whether each changed.
    fn next_place(&mut self, department: &str, file: &str) -> (bool, bool) {
        let department_changed = self.current.as_ref().is_none_or(|(d, _)| d != department);
        let file_changed = self.current.as_ref().is_none_or(|(_, f)| f != file);
        self.current = Some((department.to_string(), file.to_string()));
        (department_changed, file_changed)
    }
}

impl super::stream::Streaming for Stream {
    fn holds(&self) -> bool {
        true
    }

    fn counts(&self) -> bool {
        self.form == Form::Markdown
    }

    fn file(&mut self, file: &FileReport) -> super::stream::Piece {
        let rows = rows_of(file);
        if rows.is_empty() {
            return super::stream::Piece::default();
        }
        let department = department_of(file);
        let held =
            Held { department: department.as_deref().unwrap_or(UNKNOWN_DEPARTMENT), file: &file.path, rows };
        // Serialising strings cannot fail; a held piece is one line of JSON.
        let text = serde_json::to_string(&held).unwrap_or_default();
        super::stream::Piece { group: department, text }
    }

    fn count(&mut self, piece: &str) {
        let Ok(held) = serde_json::from_str::<HeldFile<'_>>(piece) else { return };
        let (department_changed, file_changed) = self.next_place(&held.department, &held.file);
        self.items += held.rows.len();
        self.departments += usize::from(department_changed);
        self.reports += usize::from(department_changed || file_changed);
    }

    fn head(&mut self) -> String {
        // The counting pass is over; placing starts again for the text.
        self.current = None;
        match self.form {
            Form::Markdown => markdown::head(self.items, self.departments, self.reports),
            Form::Csv => csv::head(),
            Form::Rows => String::new(),
        }
    }

    fn resolve(&mut self, piece: String) -> String {
        // The piece was written by `file` above, so it reads back.
        let Ok(held) = serde_json::from_str::<HeldFile<'_>>(&piece) else { return String::new() };
        let (department_changed, file_changed) = self.next_place(&held.department, &held.file);
        let first = self.numbered + 1;
        self.numbered += held.rows.len();
        let items = held.rows.iter().zip(first..).map(|(row, number)| Item {
            number,
            department: held.department.to_string(),
            file: &held.file,
            problem: &row.problem,
            location: row.location.clone(),
            basis: &row.basis,
            help: &row.help,
            severity: row.severity,
        });
        match self.form {
            Form::Markdown => markdown::file(items, department_changed, department_changed || file_changed),
            Form::Csv => csv::rows(items),
            Form::Rows => {
                self.rows.extend(items.map(|item| item.cells()));
                String::new()
            }
        }
    }

    fn finish(&mut self) -> String {
        String::new()
    }
}

/// Runs a [`Stream`] over `files` in memory. A run gives files in path order; so do these.
fn render_all(form: Form, files: &[FileReport]) -> (Stream, String) {
    let mut sorted: Vec<&FileReport> = files.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let (stream, bytes) = super::stream::render_all(Stream::new(form), sorted);
    (stream, String::from_utf8(bytes).unwrap_or_default())
}

/// The report's `/department/name`, when it is a non-empty string. It is read when the report
/// is checked, from the parsed report or, for one that did not parse, from its text (see
/// `Checker::check_json`), so it is there whatever the run kept of the text.
pub fn department_of(file: &FileReport) -> Option<String> {
    file.department.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(str::to_string)
}

/// Where a JSON pointer points, in words: `/indicators/2/target/value` →
/// "绩效指标第3项·年度指标值". Fields the report format does not know keep their name;
/// the whole report (or no pointer) is "整份报告".
pub fn location_label(pointer: Option<&str>) -> String {
    let Some(pointer) = pointer.filter(|p| !p.is_empty()) else {
        return "整份报告".to_string();
    };
    let mut parts: Vec<String> = Vec::new();
    let mut parent: Option<String> = None;
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        let index = token.parse::<usize>().ok().and_then(|i| i.checked_add(1));
        if let (Some(n), true) = (index, token.bytes().all(|b| b.is_ascii_digit())) {
            // An array element: "第N项" after the array's name; the array stays the parent, so
            // the element's fields are named in its context.
            match parts.last_mut() {
                Some(last) => last.push_str(&format!("第{n}项")),
                None => parts.push(format!("第{n}项")),
            }
            continue;
        }
        match field_label(parent.as_deref(), &token) {
            Some("") => {}
            Some(label) => parts.push(label.to_string()),
            None => parts.push(token.clone()),
        }
        parent = Some(token);
    }
    if parts.is_empty() { "整份报告".to_string() } else { parts.join("·") }
}

/// The Chinese name of a field of the report format, given the field (or array) it sits in.
/// `Some("")` means the field is the value of its parent and needs no words of its own
/// (`target/value` is simply the 年度指标值).
pub fn field_label(parent: Option<&str>, field: &str) -> Option<&'static str> {
    let label = match (parent, field) {
        (None, "schema_version") => "格式版本",
        (None, "kind") => "报告类型",
        (None, "fiscal_year") => "评价年度",
        (None, "department") => "部门信息",
        (None, "project") => "项目信息",
        (None, "amount_unit") => "金额单位",
        (None, "self_evaluation") => "自评结论",
        (None, "indicators") => "绩效指标",
        (None, "declared_indicator_count") => "所称指标个数",
        (None, "projects") => "项目",
        (None, "monitoring") => "绩效运行监控",
        (None, "claims") => "数字表述",
        (None, "problems") => "存在的问题",
        (None, "improvements") => "改进措施",

        (Some("department"), "name") => "部门名称",
        (Some("department"), "region") => "所属地区",
        (Some("department"), "code") => "部门编码",

        (Some("project" | "projects"), "name") => "项目名称",
        (Some("project"), "implementing_unit") => "实施单位",
        (Some("project" | "projects"), "mid_year_monitoring") => "年中监控",

        (Some("by_source"), "source") => "资金来源",
        (Some("adjustments"), "amount") => "调整金额",
        (Some("adjustments"), "reason") => "调整理由",

        (Some("indicators"), "level1") => "一级指标",
        (Some("indicators"), "level2") => "二级指标",
        (Some("indicators"), "name") => "指标名称",
        (Some("indicators"), "target") => "年度指标值",
        (Some("indicators"), "actual") => "实际完成值",
        (Some("indicators"), "weight") => "分值",
        (Some("indicators"), "score") => "得分",
        (Some("indicators"), "completed") => "是否完成",
        (Some("indicators"), "deviation_reason") => "偏差原因分析",
        (Some("target"), "comparator") => "指标性质",
        (Some("target" | "actual"), "value") => "",
        (Some("target" | "actual"), "unit") => "度量单位",

        (Some("claims"), "text") => "原文表述",
        (Some("claims"), "numerator") => "分子",
        (Some("claims"), "denominator") => "分母",
        (Some("claims"), "stated_pct") => "所列百分数",

        (Some("self_evaluation"), "score") => "自评总分",
        (Some("self_evaluation"), "grade") => "评价等级",
        (Some("self_evaluation"), "execution_weight") => "执行率分值",
        (Some("self_evaluation"), "execution_score") => "执行率得分",

        (Some("monitoring"), "declared_project_count") => "所称监控项目数",

        // A budget block has the same fields wherever it appears (report, project, source row).
        (_, "budget") => "预算执行",
        (_, "initial") => "年初预算数",
        (_, "adjusted") => "全年预算数",
        (_, "executed") => "全年执行数",
        (_, "execution_rate_pct") => "执行率",
        (_, "by_source") => "资金来源明细",
        (_, "adjustments") => "预算调整",
        _ => return None,
    };
    Some(label)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn pointers_read_as_places() {
        assert_eq!(location_label(Some("/indicators/2/target/value")), "绩效指标第3项·年度指标值");
        assert_eq!(location_label(Some("/indicators/0/target/unit")), "绩效指标第1项·年度指标值·度量单位");
        assert_eq!(location_label(Some("/budget/execution_rate_pct")), "预算执行·执行率");
        assert_eq!(location_label(Some("/projects/0/budget/adjusted")), "项目第1项·预算执行·全年预算数");
        assert_eq!(location_label(Some("/budget/by_source/1/source")), "预算执行·资金来源明细第2项·资金来源");
        assert_eq!(location_label(Some("/department/name")), "部门信息·部门名称");
        assert_eq!(location_label(Some("/problems/0")), "存在的问题第1项");
        assert_eq!(location_label(Some("/x-note/a~1b")), "x-note·a/b");
        assert_eq!(location_label(Some("")), "整份报告");
        assert_eq!(location_label(None), "整份报告");
    }

    /// Every field of the report format has a Chinese name in the context it appears in.
    #[test]
    fn every_schema_field_has_a_label() {
        fn walk(root: &Value, node: &Value, parent: Option<&str>, depth: usize, missing: &mut Vec<String>) {
            assert!(depth < 12, "schema nests too deep to walk");
            let node = match node.get("$ref").and_then(Value::as_str) {
                Some(reference) => {
                    let name = reference.trim_start_matches("#/$defs/");
                    root.get("$defs").and_then(|d| d.get(name)).unwrap_or(node)
                }
                None => node,
            };
            if let Some(Value::Object(properties)) = node.get("properties") {
                for (name, sub) in properties {
                    match field_label(parent, name) {
                        Some(label) if !label.is_empty() || name == "value" => {}
                        _ => missing.push(format!("{}/{name}", parent.unwrap_or(""))),
                    }
                    walk(root, sub, Some(name), depth + 1, missing);
                }
            }
            if let Some(items) = node.get("items") {
                walk(root, items, parent, depth + 1, missing);
            }
        }
        let Ok(root) = serde_json::from_str::<serde_json::Value>(crate::schema::REPORT_SCHEMA) else {
            panic!("the report schema is JSON")
        };
        let mut missing = Vec::new();
        walk(&root, &root, None, 0, &mut missing);
        assert!(missing.is_empty(), "fields without a Chinese name: {missing:?}");
    }
}
