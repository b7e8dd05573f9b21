//! The task table of a department report (工作任务 / 工作内容 / 绩效指标完成情况): one
//! indicator per row, read from a Word table or from tab-separated lines of a text file.
//!
//! In a text file the table's merged first column arrives in pieces: a task's name is spread
//! over the rows it spans, and may spill into a row of its own with the other cells empty. A
//! piece continues the task above when the row above was an indicator row whose task cell did
//! not end a sentence and no row without a task piece came between; otherwise it starts a task.

use super::phrasings::{Phrasings, RawTasks};
use super::prose::{is_cjk, normalise_text};
use crate::import::model::{Block, Document, Paragraph, Table};
use crate::import::source_ref::SourceRef;
use std::collections::HashMap;
use std::ops::Range;

/// One row: the indicator's name, its task (the target) and what was achieved.
pub(super) struct Row {
    pub name: (String, SourceRef),
    pub task: Option<(String, SourceRef)>,
    pub result: Option<(String, SourceRef)>,
    /// The row's own place (its name cell).
    pub place: SourceRef,
}

pub(super) struct Tasks {
    pub rows: Vec<Row>,
}

/// The columns of the header: (task, name, result).
type Columns = (Option<usize>, usize, Option<usize>);

fn header(cells: &[String], words: &RawTasks, traditional: &HashMap<char, char>) -> Option<Columns> {
    let keys: Vec<String> =
        cells.iter().map(|c| normalise_text(c, traditional).split_whitespace().collect()).collect();
    let find = |wanted: &[String]| keys.iter().position(|k| wanted.iter().any(|w| w == k));
    let name = find(&words.name)?;
    let result = find(&words.result);
    result?;
    Some((find(&words.task), name, result))
}

/// Finds and reads the task table, if the document has one.
pub(super) fn read(doc: &Document, phrasings: &Phrasings) -> Option<Tasks> {
    let words = phrasings.tasks.as_ref()?;
    let traditional = &phrasings.traditional;
    for (index, block) in doc.blocks.iter().enumerate() {
        match block {
            Block::Table(table) => {
                for (r, row) in table.rows.iter().enumerate().take(3) {
                    let cells: Vec<String> = row.iter().map(|c| c.text.clone()).collect();
                    if let Some(columns) = header(&cells, words, traditional) {
                        return Some(from_table(table, r, columns));
                    }
                }
            }
            Block::Paragraph(paragraph) if paragraph.text.contains('\t') => {
                let cells: Vec<String> = paragraph.text.split('\t').map(str::to_string).collect();
                if let Some(columns) = header(&cells, words, traditional) {
                    return Some(from_lines(&doc.blocks[index + 1..], columns));
                }
            }
            Block::Paragraph(_) => {}
        }
    }
    None
}

/// Printed text with the spaces inside Chinese text dropped and the rest trimmed, and the
/// range of the kept text in the printed one.
pub(super) fn tidy(text: &str) -> (String, Range<usize>) {
    let trimmed = text.trim();
    let start = text.len() - text.trim_start().len();
    let mut out = String::with_capacity(trimmed.len());
    let mut pending = false;
    let mut previous: Option<char> = None;
    for ch in trimmed.chars() {
        if ch.is_whitespace() {
            pending = true;
            continue;
        }
        if pending && !(previous.is_some_and(is_cjk) && is_cjk(ch)) {
            out.push(' ');
        }
        pending = false;
        out.push(ch);
        previous = Some(ch);
    }
    (out, start..start + trimmed.len())
}

fn from_table(table: &Table, header: usize, (task, name, result): Columns) -> Tasks {
    let cell = |r: usize, c: usize| table.rows.get(r).and_then(|row| row.get(c));
    let mut rows = Vec::new();
    for r in header + 1..table.rows.len() {
        let Some(name_cell) = cell(r, name) else { continue };
        let (name_text, name_range) = tidy(&name_cell.text);
        if name_text.is_empty() {
            continue;
        }
        let name_place = SourceRef::cell(table, r, name, Some(name_range));
        let read = |c: Option<usize>| {
            let c = c?;
            let found = cell(r, c)?;
            // A merged copy carries its region's text; the place is the region's own cell.
            let (or, oc) = found.merged_from.unwrap_or((r, c));
            let (text, range) = tidy(&found.text);
            (!text.is_empty()).then(|| (text, SourceRef::cell(table, or, oc, Some(range))))
        };
        rows.push(Row {
            task: read(task),
            result: read(result),
            place: name_place.clone(),
            name: (name_text, name_place),
        });
    }
    Tasks { rows }
}

/// A tab-separated line's cells: (text, byte range in the line).
fn cells_of(text: &str) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    let mut start = 0;
    for part in text.split('\t') {
        let (tidied, range) = tidy(part);
        out.push((tidied, start + range.start..start + range.end));
        start += part.len() + 1;
    }
    out
}

fn line_place(paragraph: &Paragraph, range: Range<usize>) -> SourceRef {
    let place = SourceRef::paragraph(paragraph.number, &paragraph.text, Some(range));
    match paragraph.line {
        Some(line) => place.on_line(line),
        None => place,
    }
}

fn from_lines(blocks: &[Block], (task, name, result): Columns) -> Tasks {
    struct Pending {
        name: (String, SourceRef),
        task: Option<usize>,
        result: Option<(String, SourceRef)>,
    }
    // Each task: its pieces joined, and the place of its first piece.
    let mut tasks: Vec<(String, SourceRef)> = Vec::new();
    let mut pending: Vec<Pending> = Vec::new();
    let mut current: Option<usize> = None;
    let mut gap_since_task = false;
    let mut previous_open = false;
    for block in blocks {
        let Block::Paragraph(paragraph) = block else { break };
        if !paragraph.text.contains('\t') {
            break;
        }
        let cells = cells_of(&paragraph.text);
        let get = |c: Option<usize>| c.and_then(|c| cells.get(c)).filter(|(t, _)| !t.is_empty());
        let task_piece = get(task);
        let name_cell = get(Some(name));
        let result_cell = get(result);
        if name_cell.is_none() && result_cell.is_none() {
            // A row of its own for the end of a task's name.
            if let (Some((piece, _)), Some(at)) = (task_piece, current)
                && let Some(entry) = tasks.get_mut(at)
            {
                entry.0 = join(&entry.0, piece);
            }
            previous_open = false;
            continue;
        }
        match task_piece {
            None => gap_since_task = true,
            Some((piece, range)) => {
                let continues = current.is_some() && !gap_since_task && previous_open;
                match current.and_then(|at| tasks.get_mut(at)).filter(|_| continues) {
                    Some(entry) => entry.0 = join(&entry.0, piece),
                    None => {
                        tasks.push((piece.clone(), line_place(paragraph, range.clone())));
                        current = Some(tasks.len() - 1);
                        gap_since_task = false;
                    }
                }
            }
        }
        previous_open =
            task_piece.is_some_and(|(piece, _)| !piece.trim_end().ends_with(['。', '.', '；', ';']));
        let Some((name_text, name_range)) = name_cell else { continue };
        pending.push(Pending {
            name: (name_text.clone(), line_place(paragraph, name_range.clone())),
            task: current,
            result: result_cell.map(|(text, range)| (text.clone(), line_place(paragraph, range.clone()))),
        });
    }
    let rows = pending
        .into_iter()
        .map(|p| Row {
            place: p.name.1.clone(),
            task: p.task.and_then(|at| tasks.get(at).cloned()),
            result: p.result,
            name: p.name,
        })
        .collect();
    Tasks { rows }
}

/// Two pieces of one cell's text, joined as the cell printed them.
fn join(before: &str, after: &str) -> String {
    tidy(&format!("{before} {after}")).0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_drops_spaces_inside_chinese_text_only() {
        assert_eq!(tidy(" 加强基层 党组织建 设 ").0, "加强基层党组织建设");
        assert_eq!(tidy("“10 号工作室”服务").0, "“10 号工作室”服务");
        let (text, range) = tidy("  制作 情况");
        assert_eq!((text.as_str(), range), ("制作情况", 2.."  制作 情况".len()));
    }

    #[test]
    fn pieces_of_a_task_name_join_without_the_break() {
        assert_eq!(
            join("深入开展“两代表一委员”", "联系服务群众工作，深挖提振"),
            "深入开展“两代表一委员”联系服务群众工作，深挖提振"
        );
    }
}
