//! The per-department summary that ends a batch check: what a finance bureau reads first.

use super::FileReport;
use crate::diagnostic::Severity;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use unicode_width::UnicodeWidthStr;

/// Counts for one department.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DepartmentSummary {
    pub department: String,
    pub reports: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// The most frequent rules, most frequent first: (rule, count).
    pub top_rules: Vec<(String, usize)>,
}

use super::remediation::UNKNOWN_DEPARTMENT;

/// Groups the files by department (sorted by name) and counts their findings.
pub fn by_department(files: &[FileReport]) -> Vec<DepartmentSummary> {
    let mut groups: BTreeMap<String, Vec<&FileReport>> = BTreeMap::new();
    for file in files {
        let department = super::remediation::department_of(file);
        groups.entry(department.unwrap_or_else(|| UNKNOWN_DEPARTMENT.to_string())).or_default().push(file);
    }
    groups
        .into_iter()
        .map(|(department, files)| {
            let mut rules: BTreeMap<&str, usize> = BTreeMap::new();
            let mut summary = DepartmentSummary {
                department,
                reports: files.len(),
                errors: 0,
                warnings: 0,
                infos: 0,
                top_rules: Vec::new(),
            };
            for d in files.iter().flat_map(|f| f.diagnostics.iter()).filter(|d| !d.is_suppressed()) {
                match d.severity {
                    Severity::Error => summary.errors += 1,
                    Severity::Warning => summary.warnings += 1,
                    Severity::Info => summary.infos += 1,
                }
                *rules.entry(&d.code).or_default() += 1;
            }
            let mut top: Vec<(String, usize)> = rules.into_iter().map(|(r, n)| (r.to_string(), n)).collect();
            // Most frequent first; ties by rule id, so the order never depends on hashing.
            top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            top.truncate(3);
            summary.top_rules = top;
            summary
        })
        .collect()
}

/// A plain-text table, aligned for CJK text (a Chinese character is two columns wide).
pub fn table(summaries: &[DepartmentSummary]) -> String {
    let header = ["部门", "报告数", "错误", "警告", "提示", "最常见的问题"];
    let rows: Vec<[String; 6]> = summaries
        .iter()
        .map(|s| {
            [
                s.department.clone(),
                s.reports.to_string(),
                s.errors.to_string(),
                s.warnings.to_string(),
                s.infos.to_string(),
                s.top_rules.iter().map(|(r, n)| format!("{r} ×{n}")).collect::<Vec<_>>().join("，"),
            ]
        })
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row.iter()) {
            *w = (*w).max(cell.width());
        }
    }
    let mut out = String::new();
    let mut line = |cells: &[&str]| {
        let mut text = String::new();
        for (i, (cell, width)) in cells.iter().zip(widths.iter()).enumerate() {
            let pad = width.saturating_sub(cell.width());
            // Numbers right-aligned, text left-aligned.
            if (1..=4).contains(&i) {
                let _ = write!(text, "{}{cell}  ", " ".repeat(pad));
            } else {
                let _ = write!(text, "{cell}{}  ", " ".repeat(pad));
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(&header);
    let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
    line(&rule.iter().map(String::as_str).collect::<Vec<_>>());
    for row in &rows {
        line(&row.iter().map(String::as_str).collect::<Vec<_>>());
    }
    out
}
