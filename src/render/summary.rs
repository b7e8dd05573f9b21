//! The per-department summary that ends a batch check: what a finance bureau reads first.

use crate::diagnostic::FileReport;
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
    let mut tally = Tally::default();
    for file in files {
        tally.add(file);
    }
    tally.summaries()
}

/// The counts behind [`by_department`], kept file by file: a few numbers per department and
/// rule, whatever the number of files.
#[derive(Debug, Default, Clone)]
pub struct Tally {
    departments: BTreeMap<String, Counts>,
    /// Rule ids, each once: departments count findings by index into this list.
    rules: Vec<String>,
    rule_index: BTreeMap<String, usize>,
}

#[derive(Debug, Default, Clone)]
struct Counts {
    reports: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    /// Findings by rule index (see [`Tally::rules`]).
    rules: Vec<u32>,
}

impl Tally {
    /// Counts one more file (it still has its text, which may be needed for its department).
    pub fn add(&mut self, file: &FileReport) {
        let department =
            super::remediation::department_of(file).unwrap_or_else(|| UNKNOWN_DEPARTMENT.to_string());
        let counts = self.departments.entry(department).or_default();
        counts.reports += 1;
        for d in file.diagnostics.iter().filter(|d| !d.is_suppressed()) {
            match d.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Info => counts.infos += 1,
            }
            let index = match self.rule_index.get(d.code.as_str()) {
                Some(index) => *index,
                None => {
                    self.rules.push(d.code.clone());
                    self.rule_index.insert(d.code.clone(), self.rules.len() - 1);
                    self.rules.len() - 1
                }
            };
            if counts.rules.len() <= index {
                counts.rules.resize(index + 1, 0);
            }
            counts.rules[index] = counts.rules[index].saturating_add(1);
        }
    }

    /// The departments, sorted by name.
    pub fn summaries(&self) -> Vec<DepartmentSummary> {
        self.departments
            .iter()
            .map(|(department, counts)| {
                let mut top: Vec<(String, usize)> = counts
                    .rules
                    .iter()
                    .zip(&self.rules)
                    .filter(|(n, _)| **n > 0)
                    .map(|(n, rule)| (rule.clone(), *n as usize))
                    .collect();
                // Most frequent first; ties by rule id, so the order never depends on hashing.
                top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                top.truncate(3);
                DepartmentSummary {
                    department: department.clone(),
                    reports: counts.reports,
                    errors: counts.errors,
                    warnings: counts.warnings,
                    infos: counts.infos,
                    top_rules: top,
                }
            })
            .collect()
    }
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
