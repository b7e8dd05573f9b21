//! The 整改清单 as Markdown: a heading per department, a table per report file.

use super::{Form, Item};
use crate::diagnostic::FileReport;
use std::fmt::Write as _;

/// Columns of each table; department and file are the headings above it.
const COLUMNS: [&str; 8] = ["序号", "问题", "位置", "依据", "整改建议", "严重程度", "责任人", "完成时限"];

pub fn render(files: &[FileReport]) -> String {
    super::render_all(Form::Markdown, files).1
}

/// The title and the counts over the whole list.
pub(super) fn head(items: usize, departments: usize, reports: usize) -> String {
    let mut out = String::from("# 整改清单\n\n");
    if items == 0 {
        out.push_str("没有需要整改的问题。\n");
        return out;
    }
    let _ = writeln!(out, "共 {items} 个问题，涉及 {departments} 个部门、{reports} 份报告。");
    out
}

/// One file's rows, under a department heading when the department changed and in a new
/// table when the department or the file changed.
pub(super) fn file<'a>(
    items: impl Iterator<Item = Item<'a>>,
    department_changed: bool,
    new_table: bool,
) -> String {
    let mut out = String::new();
    for (n, item) in items.enumerate() {
        if n == 0 && department_changed {
            let _ = write!(out, "\n## {}\n", escape_line(&item.department));
        }
        if n == 0 && new_table {
            let _ = write!(out, "\n### 报告文件：{}\n\n", code_span(item.file));
            out.push_str(&format!("| {} |\n", COLUMNS.join(" | ")));
            out.push_str("|---:|---|---|---|---|---|---|---|\n");
        }
        row(&mut out, &item);
    }
    out
}

fn row(out: &mut String, item: &Item<'_>) {
    let cells = [
        item.number.to_string(),
        escape_cell(item.problem),
        escape_cell(&item.location),
        escape_cell(item.basis),
        escape_cell(item.help),
        item.severity.zh().to_string(),
        String::new(),
        String::new(),
    ];
    let _ = writeln!(out, "| {} |", cells.join(" | "));
}

/// A table cell: a `|` would end the cell, a line break the row, and `<` could open HTML.
fn escape_cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace("\r\n", "<br>")
        .replace(['\r', '\n'], "<br>")
}

/// A heading's text on one line.
fn escape_line(text: &str) -> String {
    text.replace(['\r', '\n'], " ")
}

/// A path in backticks, with enough of them that a backtick in the path does not end it.
fn code_span(text: &str) -> String {
    let text = escape_line(text);
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_and_paths_are_escaped() {
        assert_eq!(escape_cell("a|b\nc\r\nd<e"), "a\\|b<br>c<br>d&lt;e");
        assert_eq!(code_span("a.json"), "`a.json`");
        assert_eq!(code_span("a`b.json"), "``a`b.json``");
    }
}
