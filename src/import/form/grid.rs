//! Finding cells by their label in a table: label keys that ignore spaces, widths, a trailing
//! colon and bracketed suffixes (`（A）`, `(B/A)`, `（万元）`, `(%)`), and the value beside or
//! below a label, skipping the label's own merged copies.

use crate::import::model::{Cell, Table};
use crate::import::values::{MoneyUnit, fold};
use std::ops::Range;

/// A label reduced to what identifies it, and the money unit its brackets named, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelKey {
    pub key: String,
    pub unit: Option<MoneyUnit>,
    /// The byte range of the unit inside the label's printed text.
    pub unit_span: Option<Range<usize>>,
}

/// Reduces a label: folds widths, drops whitespace, a trailing colon and any trailing bracketed
/// groups, and captures a money unit named in those brackets. `项目资金（万元）` → `项目资金`
/// with 万元; `执行率(B/A)` → `执行率`; `年 度 指 标 值` → `年度指标值`.
pub fn label_key(text: &str) -> LabelKey {
    let folded = fold(text);
    // Characters kept with their byte offsets in the folded text.
    let kept: Vec<(usize, char)> = folded.text.char_indices().filter(|(_, c)| !c.is_whitespace()).collect();
    let mut end = kept.len();
    let mut unit = None;
    let mut unit_span = None;
    loop {
        while end > 0 && matches!(kept[end - 1].1, ':' | '：') {
            end -= 1;
        }
        if end == 0 || kept[end - 1].1 != ')' {
            break;
        }
        let Some(open) = kept[..end - 1].iter().rposition(|(_, c)| *c == '(') else { break };
        if open == 0 {
            break;
        }
        let inner: String = kept[open + 1..end - 1].iter().map(|(_, c)| *c).collect();
        if unit.is_none()
            && let Some(found) =
                MoneyUnit::parse(inner.trim_start_matches("金额单位:").trim_start_matches("单位:"))
        {
            unit = Some(found);
            let start = kept[open + 1].0;
            let stop = kept[end - 1].0;
            unit_span = Some(folded.original(start..stop));
        }
        end = open;
    }
    LabelKey { key: kept[..end].iter().map(|(_, c)| *c).collect(), unit, unit_span }
}

/// A label found in a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub row: usize,
    pub column: usize,
    /// For `单位(盖章):某某局`, the value written after the colon in the same cell, with its
    /// byte range in the cell's text.
    pub inline: Option<Range<usize>>,
    pub key: LabelKey,
}

/// A table seen as a grid of labels and values.
#[derive(Debug, Clone, Copy)]
pub struct Grid<'a> {
    pub table: &'a Table,
}

impl<'a> Grid<'a> {
    pub fn new(table: &'a Table) -> Self {
        Grid { table }
    }

    pub fn rows(&self) -> usize {
        self.table.rows.len()
    }

    pub fn width(&self, row: usize) -> usize {
        self.table.rows.get(row).map_or(0, Vec::len)
    }

    pub fn cell(&self, row: usize, column: usize) -> Option<&'a Cell> {
        self.table.rows.get(row).and_then(|r| r.get(column))
    }

    pub fn text(&self, row: usize, column: usize) -> &'a str {
        self.cell(row, column).map_or("", |c| c.text.as_str())
    }

    /// The top-left cell of the merged region covering (`row`, `column`), or the cell itself.
    pub fn origin(&self, row: usize, column: usize) -> (usize, usize) {
        self.cell(row, column).and_then(|c| c.merged_from).unwrap_or((row, column))
    }

    /// Every cell (merged copies excluded) whose label is one of `synonyms`, in reading order;
    /// `rows` limits the search.
    pub fn find(&self, synonyms: &[String], rows: Range<usize>) -> Vec<Hit> {
        let keys: Vec<String> = synonyms.iter().map(|s| label_key(s).key).filter(|k| !k.is_empty()).collect();
        let mut hits = Vec::new();
        for row in rows.start..rows.end.min(self.rows()) {
            for column in 0..self.width(row) {
                if self.origin(row, column) != (row, column) {
                    continue;
                }
                if let Some(hit) = self.matches(row, column, &keys) {
                    hits.push(hit);
                }
            }
        }
        hits
    }

    /// Whether the cell is one of the labels `keys` (already reduced), alone or followed by a
    /// colon and an inline value.
    pub fn matches(&self, row: usize, column: usize, keys: &[String]) -> Option<Hit> {
        let text = self.text(row, column);
        if text.trim().is_empty() {
            return None;
        }
        let key = label_key(text);
        if keys.contains(&key.key) {
            return Some(Hit { row, column, inline: None, key });
        }
        let folded = fold(text);
        let colon = folded.text.find(':')?;
        let label = label_key(&folded.text[..colon]);
        if !keys.contains(&label.key) {
            return None;
        }
        let rest = folded.original(colon + 1..folded.text.len());
        let value = text.get(rest.clone()).unwrap_or("");
        if value.trim().is_empty() {
            return Some(Hit { row, column, inline: None, key: label });
        }
        let start = rest.start + (value.len() - value.trim_start().len());
        let end = rest.start + value.trim_end().len();
        Some(Hit { row, column, inline: Some(start..end), key: label })
    }

    /// The first cell to the right of (`row`, `column`) that is not a merged copy of it.
    pub fn right_of(&self, row: usize, column: usize) -> Option<(usize, usize)> {
        let own = self.origin(row, column);
        (column + 1..self.width(row)).find(|&c| self.origin(row, c) != own).map(|c| (row, c))
    }

    /// The first cell below (`row`, `column`) that is not a merged copy of it.
    pub fn below(&self, row: usize, column: usize) -> Option<(usize, usize)> {
        let own = self.origin(row, column);
        (row + 1..self.rows())
            .find(|&r| column < self.width(r) && self.origin(r, column) != own)
            .map(|r| (r, column))
    }

    /// The last row covered by the merged region whose top-left cell is (`row`, `column`).
    pub fn merged_down_to(&self, row: usize, column: usize) -> usize {
        let mut last = row;
        while last + 1 < self.rows()
            && self.cell(last + 1, column).and_then(|c| c.merged_from) == Some((row, column))
        {
            last += 1;
        }
        last
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::model::TableOrigin;

    fn grid(rows: &[&[&str]]) -> Table {
        Table {
            origin: TableOrigin::Sheet { name: "表".into() },
            rows: rows
                .iter()
                .map(|r| r.iter().map(|t| Cell { text: (*t).into(), ..Cell::default() }).collect())
                .collect(),
        }
    }

    #[test]
    fn label_keys_ignore_spaces_widths_colons_and_bracketed_suffixes() {
        assert_eq!(label_key("年 度 指 标 值").key, "年度指标值");
        assert_eq!(label_key("全年预算数（A）").key, "全年预算数");
        assert_eq!(label_key("执行率(B/A)").key, "执行率");
        assert_eq!(label_key("执行率(%)").key, "执行率");
        assert_eq!(label_key("年度资金总额:").key, "年度资金总额");
        assert_eq!(label_key("全年(调整)预算数").key, "全年(调整)预算数");
        assert_eq!(label_key("产出指标（50分）").key, "产出指标");
    }

    #[test]
    fn a_money_unit_in_the_label_brackets_is_captured_with_its_place() {
        let text = "项目资金（万元）";
        let key = label_key(text);
        assert_eq!((key.key.as_str(), key.unit), ("项目资金", Some(MoneyUnit::WanYuan)));
        assert_eq!(&text[key.unit_span.unwrap_or_default()], "万元");
        assert_eq!(label_key("项目资金 (元)").unit, Some(MoneyUnit::Yuan));
        assert_eq!(label_key("执行率(B/A)").unit, None);
    }

    #[test]
    fn a_label_with_an_inline_value_gives_the_value_range() {
        let table = grid(&[&["单位(盖章):绥阳县太白镇人民政府", "填报日期:2022年2月3日"]]);
        let hits = Grid::new(&table).find(&["单位".to_string()], 0..1);
        assert_eq!(hits.len(), 1);
        let range = hits[0].inline.clone().unwrap_or_default();
        assert_eq!(&table.rows[0][0].text[range], "绥阳县太白镇人民政府");
    }

    #[test]
    fn the_value_right_of_a_label_skips_the_labels_merged_copies() {
        let mut table = grid(&[&["项目名称", "项目名称", "干部培训经费"]]);
        table.rows[0][1].merged_from = Some((0, 0));
        assert_eq!(Grid::new(&table).right_of(0, 0), Some((0, 2)));
        assert_eq!(Grid::new(&table).find(&["项目名称".to_string()], 0..1).len(), 1);
    }
}
