//! Applying a layout: pick the table and layout that match best, then read every field by its
//! label into a v1 report, remembering the cell of each value and saying what could not be read.

use super::grid::{Grid, Hit, label_key};
use super::{Column, Direction, FieldSpec, FormSet, Kind, Layout};
use crate::diagnostic::{Diagnostic, Severity, escape_pointer_token};
use crate::import::model::{Block, Document, Table, TableOrigin};
use crate::import::source_ref::SourceRef;
use crate::import::values::{self, Measure, MoneyUnit, Reading, fold};
use regex::Regex;
use rust_decimal::Decimal;
use serde_json::{Map, Number, Value};
use std::collections::{BTreeMap, HashSet};
use std::ops::Range;
use std::str::FromStr;
use std::sync::OnceLock;

/// The diagnostic code of everything the import says about a document.
pub use crate::diagnostic::codes::IMPORT;

/// A v1 report made from a document, where each value came from, and what could not be read.
#[derive(Debug, Clone)]
pub struct Imported {
    pub report: Value,
    /// RFC 6901 pointer of each filled value → its place in the document.
    pub sources: Vec<(String, SourceRef)>,
    pub notes: Vec<Diagnostic>,
}

/// Imports the form in `doc`: the first table (sheet or Word table) that some layout
/// recognises, read with the layout that matches it best.
pub fn import(doc: &Document, forms: &FormSet) -> Imported {
    let mut closest: Option<(usize, &Layout, Vec<String>)> = None;
    for (index, block) in doc.blocks.iter().enumerate() {
        let Block::Table(table) = block else { continue };
        let titles = titles(doc, index, table);
        let mut best: Option<(usize, &Layout)> = None;
        for layout in &forms.layouts {
            let (score, missing) = fit(table, layout, &titles);
            if missing.is_empty() {
                if best.is_none_or(|(s, _)| score > s) {
                    best = Some((score, layout));
                }
            } else if closest.as_ref().is_none_or(|(s, _, _)| score > *s) {
                closest = Some((score, layout, missing));
            }
        }
        if let Some((_, layout)) = best {
            return Reader::new(table, layout, titles).read();
        }
    }
    let message = match (&closest, forms.layouts.is_empty()) {
        (_, true) => "没有可用的自评表版式".to_string(),
        (None, false) => "文档中没有表格，无法按自评表导入".to_string(),
        (Some((_, layout, missing)), false) => format!(
            "未识别出自评表：最接近的版式“{}”（{}）所需的标签中未找到 {}；共比对了 {} 个版式",
            layout.title,
            layout.id,
            missing.iter().map(|m| format!("“{m}”")).collect::<Vec<_>>().join("、"),
            forms.layouts.len()
        ),
    };
    Imported {
        report: Value::Object(Map::new()),
        sources: Vec::new(),
        notes: vec![Diagnostic::new(IMPORT, Severity::Error, message)],
    }
}

/// Text that may hold the form's title: the paragraphs since the previous table, and the
/// table's own cells above its first label row (a sheet prints its title in merged top rows).
#[derive(Debug, Clone, Default)]
struct Titles {
    /// (text, where it is).
    lines: Vec<(String, Place)>,
}

#[derive(Debug, Clone, Copy)]
enum Place {
    Paragraph(usize),
    Cell(usize, usize),
}

fn titles(doc: &Document, index: usize, table: &Table) -> Titles {
    let mut lines = Vec::new();
    for block in doc.blocks[..index].iter().rev() {
        match block {
            Block::Paragraph(p) => lines.push((p.text.clone(), Place::Paragraph(p.number))),
            Block::Table(_) => break,
        }
    }
    lines.reverse();
    for (r, row) in table.rows.iter().take(3).enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if cell.merged_from.is_none() && !cell.text.trim().is_empty() {
                lines.push((cell.text.clone(), Place::Cell(r, c)));
            }
        }
    }
    Titles { lines }
}

/// Every label list of a layout, with whether it is required.
fn concepts(layout: &Layout) -> Vec<&[String]> {
    let mut out: Vec<&[String]> = layout.recognise.required.iter().map(|r| r.labels()).collect();
    out.extend(layout.fields.all().into_iter().map(|(_, spec)| &spec.labels[..]));
    if let Some(money) = &layout.money {
        for labels in [
            &money.block,
            &money.initial,
            &money.adjusted,
            &money.executed,
            &money.rate,
            &money.weight,
            &money.score,
            &money.total_rows,
        ] {
            if !labels.is_empty() {
                out.push(labels);
            }
        }
    }
    if let Some(indicators) = &layout.indicators {
        out.extend(indicators.columns().into_iter().map(|(_, labels)| labels));
    }
    if let Some(total) = &layout.total {
        out.push(&total.labels);
    }
    out
}

/// How well a layout fits a table: a point per concept found (two when by the layout's own
/// first word), three per title word; and the required labels not found.
fn fit(table: &Table, layout: &Layout, titles: &Titles) -> (usize, Vec<String>) {
    let grid = Grid::new(table);
    let present: HashSet<String> = (0..grid.rows())
        .flat_map(|r| (0..grid.width(r)).map(move |c| (r, c)))
        .filter(|&(r, c)| grid.origin(r, c) == (r, c))
        .flat_map(|(r, c)| {
            let text = grid.text(r, c);
            let whole = label_key(text).key;
            let before_colon =
                fold(text).text.split(':').next().map(|s| label_key(s).key).unwrap_or_default();
            [whole, before_colon]
        })
        .collect();
    let found = |label: &String| present.contains(&label_key(label).key);
    let mut score = 0;
    for labels in concepts(layout) {
        if labels.first().is_some_and(found) {
            score += 2;
        } else if labels.iter().any(found) {
            score += 1;
        }
    }
    for word in &layout.recognise.title_words {
        if titles
            .lines
            .iter()
            .any(|(line, _)| fold(line).text.split_whitespace().collect::<String>().contains(word))
        {
            score += 3;
        }
    }
    let missing = layout
        .recognise
        .required
        .iter()
        .filter(|r| !r.labels().iter().any(found))
        .map(|r| r.labels().join("”或“"))
        .collect();
    (score, missing)
}

/// What a label search gave.
enum Found {
    /// No such label in the table.
    Missing,
    /// The label, with no value next to it.
    Empty(Hit),
    /// One value: its text, cell and range inside the cell's text.
    Value { text: String, at: (usize, usize), span: Range<usize> },
    /// Different values under the same label: (text, cell label) of each.
    Ambiguous(Vec<(String, String)>),
}

/// A cell (row, column) and the part of its text that is the value.
type Highlighted = ((usize, usize), Option<Range<usize>>);

/// The indicator table's columns: where each is, and its header text.
type HeaderColumns = BTreeMap<Column, (usize, String)>;

/// A budget code split off a name, with its range.
type Code = Option<(String, Range<usize>)>;

/// Where the amount unit was found, for `x-import.amount_unit_from`.
struct UnitFound {
    unit: MoneyUnit,
    from: String,
    at: Option<Highlighted>,
}

struct Reader<'a> {
    table: &'a Table,
    grid: Grid<'a>,
    layout: &'a Layout,
    titles: Titles,
    /// Every label the layout knows, reduced: a cell holding one is a label, never a value.
    known: HashSet<String>,
    sources: Vec<(String, SourceRef)>,
    notes: Vec<Diagnostic>,
}

impl<'a> Reader<'a> {
    fn new(table: &'a Table, layout: &'a Layout, titles: Titles) -> Self {
        let known = concepts(layout).into_iter().flatten().map(|l| label_key(l).key).collect();
        Reader {
            table,
            grid: Grid::new(table),
            layout,
            titles,
            known,
            sources: Vec::new(),
            notes: Vec::new(),
        }
    }

    fn place(&self, row: usize, column: usize) -> String {
        self.table.label(row, column)
    }

    fn source(&mut self, pointer: &str, (row, column): (usize, usize), highlight: Option<Range<usize>>) {
        self.sources.push((pointer.to_string(), SourceRef::cell(self.table, row, column, highlight)));
    }

    fn note(&mut self, severity: Severity, message: String, pointer: Option<&str>) {
        let mut note = Diagnostic::new(IMPORT, severity, message);
        if let Some(pointer) = pointer {
            note = note.with_pointer(pointer);
        }
        self.notes.push(note);
    }

    fn read(mut self) -> Imported {
        let layout = self.layout;
        let mut report = Map::new();
        report.insert("schema_version".into(), Value::String("1".into()));
        report.insert("kind".into(), Value::String(layout.kind.as_str().into()));
        self.fiscal_year(&mut report);
        let fields = self.fields();
        let mut department = Map::new();
        let mut project = Map::new();
        let mut self_evaluation = Map::new();
        let mut extras = Map::new();
        for (pointer, value) in &fields {
            match pointer.as_str() {
                "/department/name" | "/department/code" => {
                    department.insert(pointer["/department/".len()..].into(), value.clone());
                }
                "/project/name" | "/project/x-code" | "/project/implementing_unit" => {
                    project.insert(pointer["/project/".len()..].into(), value.clone());
                }
                "/self_evaluation/grade" => {
                    self_evaluation.insert("grade".into(), value.clone());
                }
                _ => {
                    extras.insert(pointer[1..].to_string(), value.clone());
                }
            }
        }
        if !department.is_empty() {
            report.insert("department".into(), Value::Object(department));
        }
        if layout.kind == Kind::Project && !project.is_empty() {
            report.insert("project".into(), Value::Object(project));
        }
        let unit = self.amount_unit();
        if let Some(unit) = &unit {
            report.insert("amount_unit".into(), Value::String(unit.unit.as_str().into()));
            if let Some((at, span)) = unit.at.clone() {
                self.source("/amount_unit", at, span);
            }
        }
        let budget = self.money(unit.as_ref().map(|u| u.unit), &mut self_evaluation);
        if let Some(budget) = budget {
            report.insert("budget".into(), Value::Object(budget));
        }
        let indicators = self.indicators();
        self.total(indicators.as_ref().map(|i| &i.1), &mut self_evaluation);
        if self_evaluation.contains_key("grade") {
            // A grade found after the total score answers the search for a grade label.
            self.notes.retain(|n| n.pointer.as_deref() != Some("/self_evaluation/grade"));
        }
        if !self_evaluation.is_empty() {
            report.insert("self_evaluation".into(), Value::Object(self_evaluation));
        }
        if let Some((indicators, _)) = indicators {
            report.insert("indicators".into(), Value::Array(indicators));
        }
        for key in ["problems", "improvements"] {
            if let Some(value) = extras.shift_remove(key) {
                report.insert(key.into(), value);
            }
        }
        report.extend(extras);
        let mut import = Map::new();
        import.insert("layout".into(), Value::String(layout.id.clone()));
        import.insert("table".into(), Value::String(table_name(self.table)));
        import.insert(
            "amount_unit_from".into(),
            unit.as_ref().map_or(Value::Null, |u| Value::String(u.from.clone())),
        );
        report.insert("x-import".into(), Value::Object(import));
        Imported { report: Value::Object(report), sources: self.sources, notes: self.notes }
    }

    fn fiscal_year(&mut self, report: &mut Map<String, Value>) {
        static YEAR: OnceLock<Option<Regex>> = OnceLock::new();
        let Some(pattern) = YEAR.get_or_init(|| Regex::new(r"((?:19|20)\d{2})\s*年度").ok()) else {
            return;
        };
        let found = self.titles.lines.iter().find_map(|(line, place)| {
            let folded = fold(line);
            let caps = pattern.captures(&folded.text)?;
            let year = caps.get(1)?;
            Some((year.as_str().parse::<u64>().ok()?, folded.original(year.range()), *place, line.clone()))
        });
        match found {
            Some((year, span, place, line)) => {
                report.insert("fiscal_year".into(), Value::from(year));
                let source = match place {
                    Place::Paragraph(number) => SourceRef::paragraph(number, &line, Some(span)),
                    Place::Cell(r, c) => SourceRef::cell(self.table, r, c, Some(span)),
                };
                self.sources.push(("/fiscal_year".into(), source));
            }
            None => self.note(
                Severity::Info,
                "未找到评价年度（标题中的“20XX年度”），报告未填 fiscal_year，请补充".to_string(),
                Some("/fiscal_year"),
            ),
        }
    }

    /// Looks a field up by its labels in `rows`.
    fn find(&self, spec: &FieldSpec, rows: Range<usize>) -> Found {
        let hits = self.grid.find(&spec.labels, rows);
        let Some(first) = hits.first().cloned() else { return Found::Missing };
        let mut values: Vec<(String, (usize, usize), Range<usize>)> = Vec::new();
        for hit in &hits {
            let (at, raw_span) = match &hit.inline {
                Some(range) => ((hit.row, hit.column), Some(range.clone())),
                None => {
                    let next = match spec.value {
                        Direction::Right => self.grid.right_of(hit.row, hit.column),
                        Direction::Below => self.grid.below(hit.row, hit.column),
                    };
                    let Some((r, c)) = next else { continue };
                    (self.grid.origin(r, c), None)
                }
            };
            let text = self.grid.text(at.0, at.1);
            if raw_span.is_none() && self.known.contains(&label_key(text).key) {
                continue;
            }
            let piece = raw_span.clone().map_or(text, |s| text.get(s).unwrap_or(""));
            let Some((value, span)) = values::text_value(piece) else { continue };
            let offset = raw_span.map_or(0, |s| s.start);
            if !values.iter().any(|(v, _, _)| *v == value) {
                values.push((value, at, offset + span.start..offset + span.end));
            }
        }
        match values.len() {
            0 => Found::Empty(first),
            1 => {
                let (text, at, span) = values.remove(0);
                Found::Value { text, at, span }
            }
            _ => Found::Ambiguous(values.into_iter().map(|(v, at, _)| (v, self.place(at.0, at.1))).collect()),
        }
    }

    /// Reads the single-value fields: (pointer, value) pairs, with their sources.
    fn fields(&mut self) -> Vec<(String, Value)> {
        let mut out = Vec::new();
        let rows = 0..self.grid.rows();
        for (pointer, spec) in self.layout.fields.all() {
            if pointer.starts_with("/project/") && self.layout.kind != Kind::Project {
                continue;
            }
            let name = spec.labels.first().cloned().unwrap_or_default();
            match self.find(spec, rows.clone()) {
                Found::Missing => self.note(Severity::Info, format!("未找到“{name}”"), Some(pointer)),
                Found::Empty(hit) => self.note(
                    Severity::Info,
                    format!("“{name}”未填写（{}）", self.place(hit.row, hit.column)),
                    Some(pointer),
                ),
                Found::Ambiguous(seen) => self.ambiguous(&name, &seen, pointer),
                Found::Value { text, at, span } => match pointer {
                    "/department/name" | "/project/name" => {
                        let (code, name_text, name_span) = split_code(&text, span.clone());
                        let code_pointer = if pointer == "/department/name" {
                            "/department/code"
                        } else {
                            "/project/x-code"
                        };
                        if let Some((code, code_span)) = code {
                            self.source(code_pointer, at, Some(code_span));
                            out.push((code_pointer.to_string(), Value::String(code)));
                        }
                        self.source(pointer, at, Some(name_span));
                        out.push((pointer.to_string(), Value::String(name_text)));
                    }
                    "/self_evaluation/grade" => match grade(&text) {
                        Some(g) => {
                            self.source(pointer, at, Some(span));
                            out.push((pointer.to_string(), Value::String(g.into())));
                        }
                        None => self.note(
                            Severity::Info,
                            format!(
                                "“{name}”填的是“{text}”（{}），不是 优、良、中、差 之一，未导入",
                                self.place(at.0, at.1)
                            ),
                            Some(pointer),
                        ),
                    },
                    "/problems" | "/improvements" => {
                        let cell_text = self.grid.text(at.0, at.1).to_string();
                        let items = list_items(&cell_text, span);
                        if items.is_empty() {
                            self.note(Severity::Info, format!("“{name}”未填写"), Some(pointer));
                        } else {
                            let mut list = Vec::new();
                            for (i, (item, range)) in items.into_iter().enumerate() {
                                self.source(&format!("{pointer}/{i}"), at, Some(range));
                                list.push(Value::String(item));
                            }
                            self.source(pointer, at, None);
                            out.push((pointer.to_string(), Value::Array(list)));
                        }
                    }
                    _ => {
                        self.source(pointer, at, Some(span));
                        out.push((pointer.to_string(), Value::String(text)));
                    }
                },
            }
        }
        out
    }

    fn ambiguous(&mut self, name: &str, seen: &[(String, String)], pointer: &str) {
        let list = seen.iter().map(|(v, at)| format!("“{v}”（{at}）")).collect::<Vec<_>>().join("、");
        self.note(Severity::Warning, format!("“{name}”有不同的值：{list}，无法确定，未导入"), Some(pointer));
    }

    /// The money unit: from a label's brackets, else a cell's suffix, else a note in the
    /// document, else the layout's default.
    fn amount_unit(&mut self) -> Option<UnitFound> {
        let grid = self.grid;
        if let Some(money) = &self.layout.money {
            let labels: Vec<String> = [&money.block, &money.initial, &money.adjusted, &money.executed]
                .into_iter()
                .flatten()
                .cloned()
                .collect();
            for hit in grid.find(&labels, 0..grid.rows()) {
                if let Some(unit) = hit.key.unit {
                    let text = grid.text(hit.row, hit.column);
                    return Some(UnitFound {
                        unit,
                        from: format!("label {}", text.split_whitespace().collect::<String>()),
                        at: Some(((hit.row, hit.column), hit.key.unit_span)),
                    });
                }
            }
            if let Some((header, columns)) = self.money_header() {
                for r in header + 1..grid.rows() {
                    for &c in &columns {
                        let text = grid.text(r, c);
                        if let Reading::Value(amount) = values::amount(text, None)
                            && let Some(unit) = amount.unit
                        {
                            return Some(UnitFound {
                                unit,
                                from: format!("cell {} {}", self.place(r, c), text.trim()),
                                at: None,
                            });
                        }
                    }
                }
            }
        }
        static NOTE: OnceLock<Option<Regex>> = OnceLock::new();
        if let Some(pattern) = NOTE.get_or_init(|| Regex::new(r"单位\s*:\s*(万元|亿元|元)").ok()) {
            for r in 0..grid.rows() {
                for c in 0..grid.width(r) {
                    if grid.origin(r, c) != (r, c) {
                        continue;
                    }
                    let text = grid.text(r, c);
                    let folded = fold(text);
                    if let Some(unit) = pattern.captures(&folded.text).and_then(|m| m.get(1)) {
                        let span = folded.original(unit.range());
                        return MoneyUnit::parse(unit.as_str()).map(|found| UnitFound {
                            unit: found,
                            from: format!("note {}", text.trim()),
                            at: Some(((r, c), Some(span))),
                        });
                    }
                }
            }
            for (line, _) in &self.titles.lines {
                if let Some(unit) = pattern.captures(&fold(line).text).and_then(|m| m.get(1)) {
                    return MoneyUnit::parse(unit.as_str()).map(|found| UnitFound {
                        unit: found,
                        from: format!("note {}", line.trim()),
                        at: None,
                    });
                }
            }
        }
        if let Some(unit) = self.layout.amount_unit.as_deref().and_then(MoneyUnit::parse) {
            return Some(UnitFound { unit, from: format!("layout {} default", self.layout.id), at: None });
        }
        self.note(
            Severity::Info,
            "表中未写明金额单位，报告未填 amount_unit（v1 格式缺省按 元 计），请核对".to_string(),
            Some("/amount_unit"),
        );
        None
    }

    /// The money header row and its amount columns (initial, adjusted, executed found).
    fn money_header(&self) -> Option<(usize, Vec<usize>)> {
        let money = self.layout.money.as_ref()?;
        let grid = self.grid;
        for r in 0..grid.rows() {
            let columns: Vec<usize> = [&money.initial, &money.adjusted, &money.executed]
                .into_iter()
                .filter(|labels| !labels.is_empty())
                .filter_map(|labels| grid.find(labels, r..r + 1).first().map(|h| h.column))
                .collect();
            let wanted =
                [&money.initial, &money.adjusted, &money.executed].iter().filter(|l| !l.is_empty()).count();
            if columns.len() >= wanted.min(2) && !columns.is_empty() {
                return Some((r, columns));
            }
        }
        None
    }

    /// Reads the money block into a budget object; the total row's weight and score go to
    /// `self_evaluation`.
    fn money(
        &mut self,
        unit: Option<MoneyUnit>,
        self_evaluation: &mut Map<String, Value>,
    ) -> Option<Map<String, Value>> {
        let money = self.layout.money.as_ref()?;
        let grid = self.grid;
        let Some((header, _)) = self.money_header() else {
            let name = money.block.first().or(money.executed.first()).cloned().unwrap_or_default();
            self.note(Severity::Info, format!("未找到“{name}”表头，预算资金未导入"), Some("/budget"));
            return None;
        };
        let column = |labels: &[String]| -> Option<(usize, String)> {
            if labels.is_empty() {
                return None;
            }
            grid.find(labels, header..header + 1).first().map(|h| (h.column, labels[0].clone()))
        };
        let amounts = [
            ("initial", column(&money.initial), &money.initial),
            ("adjusted", column(&money.adjusted), &money.adjusted),
            ("executed", column(&money.executed), &money.executed),
        ];
        for (key, found, labels) in &amounts {
            if found.is_none()
                && let Some(name) = labels.first()
            {
                self.note(Severity::Info, format!("未找到“{name}”"), Some(&format!("/budget/{key}")));
            }
        }
        let rate = column(&money.rate);
        let weight = column(&money.weight);
        let score = column(&money.score);
        let first_column =
            amounts.iter().filter_map(|(_, f, _)| f.as_ref().map(|(c, _)| *c)).min().unwrap_or(0);
        // The block ends where its label's merge ends, else at the first row that is not one
        // of its rows.
        let block = grid
            .find(&money.block, 0..header + 1)
            .into_iter()
            .max_by_key(|h| (grid.merged_down_to(h.row, h.column), h.column));
        let last_row = match &block {
            Some(hit) if grid.merged_down_to(hit.row, hit.column) > header => {
                grid.merged_down_to(hit.row, hit.column)
            }
            _ => grid.rows().saturating_sub(1),
        };
        let block_origin = block.as_ref().map(|h| (h.row, h.column));
        let total_keys: Vec<String> = money.total_rows.iter().map(|l| label_key(l).key).collect();
        let mut budget = Map::new();
        let mut breakdown = Vec::new();
        let mut total_seen = false;
        for r in header + 1..=last_row {
            let label = (0..first_column)
                .rev()
                .map(|c| (c, grid.origin(r, c)))
                .filter(|&(_, origin)| Some(origin) != block_origin && origin.0 == r)
                .find(|&(c, _)| !grid.text(r, c).trim().is_empty());
            let any_amount = amounts
                .iter()
                .any(|(_, f, _)| f.as_ref().is_some_and(|(c, _)| !values::not_filled(grid.text(r, *c))));
            let label_text = label.map(|(c, _)| grid.text(r, c).trim().to_string());
            let key = label_text.as_deref().map(|t| label_key(t).key).unwrap_or_default();
            let is_total = if total_keys.is_empty() { !total_seen } else { total_keys.contains(&key) };
            if !is_total && (label.is_none() || self.known.contains(&key)) {
                if any_amount || block_origin.is_some_and(|_| last_row < grid.rows() - 1) {
                    continue;
                }
                break;
            }
            if !is_total && !any_amount {
                // A funding row marked "/" throughout is a source the project does not have.
                if let Some(text) = &label_text {
                    self.note(Severity::Info, format!("“{text}”行未填金额，未导入"), Some("/budget"));
                }
                continue;
            }
            let pointer_base = if is_total {
                total_seen = true;
                "/budget".to_string()
            } else {
                format!("/budget/{}/{}", escape_pointer_token(&money.breakdown), breakdown.len())
            };
            let mut row = Map::new();
            if !is_total && let (Some(text), Some((_, origin))) = (&label_text, label) {
                let name = source_name(text);
                let offset = grid.text(origin.0, origin.1).find(name.as_str()).unwrap_or(0);
                self.source(&format!("{pointer_base}/source"), origin, Some(offset..offset + name.len()));
                row.insert("source".into(), Value::String(name));
            }
            for (key, found, _) in &amounts {
                let Some((c, name)) = found else { continue };
                let pointer = format!("{pointer_base}/{key}");
                if let Some(value) = self.amount_at(r, *c, unit, &pointer, name) {
                    row.insert((*key).into(), value);
                }
            }
            if is_total {
                if let Some((c, name)) = &rate {
                    let pointer = "/budget/execution_rate_pct";
                    let cell = grid.cell(r, *c);
                    match values::percent(grid.text(r, *c), cell.and_then(|x| x.number.as_ref())) {
                        Reading::Value(p) => {
                            self.source(pointer, (r, *c), Some(p.span));
                            row.insert("execution_rate_pct".into(), number(p.value));
                        }
                        Reading::NotFilled => self.missing_cell(name, r, *c, pointer),
                        Reading::Unreadable(err) => self.unreadable(name, r, *c, pointer, &err),
                    }
                }
                for (found, key) in [(&weight, "execution_weight"), (&score, "execution_score")] {
                    let Some((c, name)) = found else { continue };
                    let pointer = format!("/self_evaluation/{key}");
                    if let Some(value) = self.amount_at(r, *c, None, &pointer, name) {
                        self_evaluation.insert(key.into(), value);
                    }
                }
                for (key, value) in row {
                    budget.insert(key, value);
                }
            } else {
                breakdown.push(Value::Object(row));
            }
        }
        if !total_seen {
            let name = money.total_rows.first().cloned().unwrap_or_default();
            self.note(Severity::Info, format!("未找到“{name}”行，预算合计未导入"), Some("/budget"));
        }
        if !breakdown.is_empty() {
            budget.insert(money.breakdown.clone(), Value::Array(breakdown));
        }
        Some(budget)
    }

    /// Reads an amount cell; a unit printed in the cell must be the report's unit.
    fn amount_at(
        &mut self,
        r: usize,
        c: usize,
        unit: Option<MoneyUnit>,
        pointer: &str,
        name: &str,
    ) -> Option<Value> {
        let cell = self.grid.cell(r, c);
        match values::amount(self.grid.text(r, c), cell.and_then(|x| x.number.as_ref())) {
            Reading::Value(amount) => {
                if let (Some(printed), Some(unit)) = (amount.unit, unit)
                    && printed != unit
                {
                    self.note(
                        Severity::Warning,
                        format!(
                            "“{name}”（{}）写的是“{}”，单位 {} 与表的金额单位 {} 不同，未导入",
                            self.place(r, c),
                            self.grid.text(r, c).trim(),
                            printed.as_str(),
                            unit.as_str()
                        ),
                        Some(pointer),
                    );
                    return None;
                }
                self.source(pointer, (r, c), Some(amount.span));
                Some(number(amount.value))
            }
            Reading::NotFilled => {
                self.missing_cell(name, r, c, pointer);
                None
            }
            Reading::Unreadable(err) => {
                self.unreadable(name, r, c, pointer, &err);
                None
            }
        }
    }

    fn missing_cell(&mut self, name: &str, r: usize, c: usize, pointer: &str) {
        self.note(Severity::Info, format!("“{name}”未填写（{}）", self.place(r, c)), Some(pointer));
    }

    fn unreadable(&mut self, name: &str, r: usize, c: usize, pointer: &str, err: &values::ValueError) {
        self.note(Severity::Warning, format!("“{name}”（{}）{err}，未导入", self.place(r, c)), Some(pointer));
    }

    /// The indicator header row and its columns; the header may take two rows (年度指标值 over
    /// 指标性质 / 指标值 / 度量单位).
    fn indicator_header(&self) -> Option<(usize, HeaderColumns)> {
        let spec = self.layout.indicators.as_ref()?;
        let grid = self.grid;
        let names = grid.find(&spec.name, 0..grid.rows());
        for hit in names {
            let mut columns = BTreeMap::new();
            let mut last = hit.row;
            for r in hit.row..(hit.row + 2).min(grid.rows()) {
                let mut added = false;
                for (column, labels) in spec.columns() {
                    if columns.contains_key(&column) {
                        continue;
                    }
                    if let Some(found) = grid.find(labels, r..r + 1).first() {
                        columns.insert(
                            column,
                            (found.column, grid.text(found.row, found.column).trim().to_string()),
                        );
                        added = true;
                    }
                }
                if added {
                    last = r;
                }
            }
            if columns.len() >= 2 {
                return Some((last, columns));
            }
        }
        None
    }

    /// Reads the indicator rows; also returns the columns for the total row.
    fn indicators(&mut self) -> Option<(Vec<Value>, IndicatorTable)> {
        let spec = self.layout.indicators.as_ref()?;
        let grid = self.grid;
        let Some((header, columns)) = self.indicator_header() else {
            let name = spec.name.first().cloned().unwrap_or_default();
            self.note(
                Severity::Info,
                format!("未找到指标表表头“{name}”，绩效指标未导入"),
                Some("/indicators"),
            );
            return None;
        };
        for (column, labels) in spec.columns() {
            if !columns.contains_key(&column) && column != Column::Deviation && !labels.is_empty() {
                let wanted = match column {
                    Column::Target => !columns.contains_key(&Column::TargetValue),
                    Column::TargetValue | Column::Comparator | Column::Unit => {
                        !columns.contains_key(&Column::Target)
                    }
                    _ => true,
                };
                if wanted {
                    self.note(Severity::Info, format!("指标表未找到“{}”列", labels[0]), Some("/indicators"));
                }
            }
        }
        let mut end_labels: Vec<String> = spec.end_rows.clone();
        if let Some(total) = &self.layout.total {
            end_labels.extend(total.labels.iter().cloned());
        }
        let end_keys: Vec<String> = end_labels.iter().map(|l| label_key(l).key).collect();
        let cell = |r: usize, col: Column| columns.get(&col).map(|(c, _)| (*c, grid.text(r, *c)));
        let mut out = Vec::new();
        let mut previous: (Option<String>, Option<String>) = (None, None);
        for r in header + 1..grid.rows() {
            let ends = (0..grid.width(r)).any(|c| {
                let origin = grid.origin(r, c);
                origin.0 == r && end_keys.contains(&label_key(grid.text(r, c)).key)
            });
            if ends {
                break;
            }
            let index = out.len();
            let base = format!("/indicators/{index}");
            let mut indicator = Map::new();
            let name = cell(r, Column::Name).and_then(|(c, t)| values::text_value(t).map(|v| (c, v)));
            let filled = [Column::Target, Column::TargetValue, Column::Actual, Column::Weight, Column::Score]
                .into_iter()
                .any(|col| cell(r, col).is_some_and(|(_, t)| !values::not_filled(t)));
            if name.is_none() && !filled {
                continue;
            }
            for (col, key, slot) in [(Column::Level1, "level1", 0), (Column::Level2, "level2", 1)] {
                let here = cell(r, col).and_then(|(c, t)| values::text_value(t).map(|v| (c, v)));
                let held = if slot == 0 { &mut previous.0 } else { &mut previous.1 };
                match here {
                    Some((c, (text, span))) => {
                        let text = level_name(&text);
                        let at = grid.origin(r, c);
                        self.source(
                            &format!("{base}/{key}"),
                            at,
                            if at == (r, c) { Some(span) } else { None },
                        );
                        *held = Some(text.clone());
                        indicator.insert(key.into(), Value::String(text));
                    }
                    None => {
                        if let Some(text) = held.clone() {
                            indicator.insert(key.into(), Value::String(text));
                        }
                    }
                }
            }
            let row_label = format!("指标表第 {} 行", index + 1);
            match name {
                Some((c, (text, span))) => {
                    self.source(&base, (r, c), Some(span.clone()));
                    self.source(&format!("{base}/name"), (r, c), Some(span));
                    indicator.insert("name".into(), Value::String(text));
                }
                None => self.row_missing(&row_label, &columns, Column::Name, r, &format!("{base}/name")),
            }
            self.target(r, &columns, &base, &row_label, &mut indicator);
            self.actual(r, &columns, &base, &row_label, &mut indicator);
            for (col, key) in [(Column::Weight, "weight"), (Column::Score, "score")] {
                let Some((c, text)) = cell(r, col) else { continue };
                let pointer = format!("{base}/{key}");
                match values::amount(text, grid.cell(r, c).and_then(|x| x.number.as_ref())) {
                    Reading::Value(v) => {
                        self.source(&pointer, (r, c), Some(v.span));
                        indicator.insert(key.into(), number(v.value));
                    }
                    Reading::NotFilled => self.row_missing(&row_label, &columns, col, r, &pointer),
                    Reading::Unreadable(err) => {
                        let name = columns.get(&col).map(|(_, n)| n.clone()).unwrap_or_default();
                        self.unreadable(&name, r, c, &pointer, &err);
                    }
                }
            }
            if let Some((c, text)) = cell(r, Column::Deviation)
                && let Some((reason, span)) = values::text_value(text)
            {
                self.source(&format!("{base}/deviation_reason"), (r, c), Some(span));
                indicator.insert("deviation_reason".into(), Value::String(reason));
            }
            out.push(Value::Object(indicator));
        }
        Some((out, IndicatorTable { header, columns }))
    }

    fn row_missing(
        &mut self,
        row_label: &str,
        columns: &HeaderColumns,
        column: Column,
        r: usize,
        pointer: &str,
    ) {
        let Some((c, name)) = columns.get(&column) else { return };
        let name = label_key(name).key;
        self.note(Severity::Info, format!("{row_label}缺“{name}”（{}）", self.place(r, *c)), Some(pointer));
    }

    fn target(
        &mut self,
        r: usize,
        columns: &HeaderColumns,
        base: &str,
        row_label: &str,
        indicator: &mut Map<String, Value>,
    ) {
        let grid = self.grid;
        let pointer = format!("{base}/target");
        let mut target = Map::new();
        let unit_column = columns.get(&Column::Unit).map(|(c, _)| *c);
        // The target is in one cell (年度指标值: comparator, value and unit), or split as in
        // Sichuan's form into 指标性质 / 指标值 / 度量单位 columns.
        let split = columns.get(&Column::TargetValue).map(|(c, _)| *c);
        let (c, column, name) = match (split, columns.get(&Column::Target)) {
            (Some(c), _) => (c, Column::TargetValue, "指标值"),
            (None, Some((c, _))) => (*c, Column::Target, "年度指标值"),
            (None, None) => return,
        };
        if split.is_some()
            && let Some((cc, _)) = columns.get(&Column::Comparator)
        {
            let text = grid.text(r, *cc);
            if let Some(comparator) = values::Comparator::parse(text) {
                self.source(&format!("{pointer}/comparator"), (r, *cc), Some(0..text.len()));
                target.insert("comparator".into(), Value::String(comparator.as_str().into()));
            }
        }
        match values::target(grid.text(r, c)) {
            Reading::Value(t) => {
                if let Some(comparator) = t.comparator
                    && !target.contains_key("comparator")
                {
                    if split.is_none() {
                        self.source(&format!("{pointer}/comparator"), (r, c), None);
                    }
                    target.insert("comparator".into(), Value::String(comparator.as_str().into()));
                }
                self.measure(t.measure, (r, c), t.span, unit_column, r, &pointer, &mut target);
            }
            Reading::NotFilled => self.row_missing(row_label, columns, column, r, &pointer),
            Reading::Unreadable(err) => self.unreadable(name, r, c, &pointer, &err),
        }
        if !target.is_empty() {
            // The object's own place is its value's cell (or its comparator's).
            let own = [format!("{pointer}/value"), format!("{pointer}/comparator")];
            if let Some((_, place)) = self.sources.iter().rev().find(|(p, _)| own.contains(p)).cloned() {
                self.sources.push((pointer.clone(), place));
            }
            indicator.insert("target".into(), Value::Object(target));
        }
    }

    fn actual(
        &mut self,
        r: usize,
        columns: &HeaderColumns,
        base: &str,
        row_label: &str,
        indicator: &mut Map<String, Value>,
    ) {
        let Some((c, _)) = columns.get(&Column::Actual) else { return };
        let pointer = format!("{base}/actual");
        let unit_column = columns.get(&Column::Unit).map(|(c, _)| *c);
        let mut actual = Map::new();
        match values::actual(self.grid.text(r, *c)) {
            Reading::Value((measure, span)) => {
                self.source(&pointer, (r, *c), Some(span.clone()));
                self.measure(measure, (r, *c), span, unit_column, r, &pointer, &mut actual);
                indicator.insert("actual".into(), Value::Object(actual));
            }
            Reading::NotFilled => self.row_missing(row_label, columns, Column::Actual, r, &pointer),
            Reading::Unreadable(err) => self.unreadable("实际完成值", r, *c, &pointer, &err),
        }
    }

    /// Writes `value` and `unit` of a target or actual object; a number without its own unit
    /// takes the unit column's (度量单位), which serves both.
    #[allow(clippy::too_many_arguments)]
    fn measure(
        &mut self,
        measure: Measure,
        at: (usize, usize),
        span: Range<usize>,
        unit_column: Option<usize>,
        r: usize,
        pointer: &str,
        out: &mut Map<String, Value>,
    ) {
        self.source(&format!("{pointer}/value"), at, Some(span));
        match measure {
            Measure::Number { value, unit } => {
                out.insert("value".into(), number(value));
                let from_column = unit_column.and_then(|c| {
                    let text = self.grid.text(r, c);
                    values::text_value(text).map(|(u, s)| (values::unit_text(&u), c, s))
                });
                match (unit, from_column) {
                    (Some(unit), _) => {
                        self.source(&format!("{pointer}/unit"), at, None);
                        out.insert("unit".into(), Value::String(unit));
                    }
                    (None, Some((unit, c, s))) => {
                        self.source(&format!("{pointer}/unit"), (r, c), Some(s));
                        out.insert("unit".into(), Value::String(unit));
                    }
                    (None, None) => {}
                }
            }
            Measure::Text(text) => {
                out.insert("value".into(), Value::String(text));
            }
        }
    }

    /// The total row: its score (and the grade printed after it, where the form does that).
    fn total(&mut self, table: Option<&IndicatorTable>, self_evaluation: &mut Map<String, Value>) {
        let Some(total) = &self.layout.total else { return };
        let grid = self.grid;
        let from = table.map_or(0, |t| t.header + 1);
        let name = total.labels.first().cloned().unwrap_or_default();
        let Some(hit) = grid.find(&total.labels, from..grid.rows()).into_iter().next() else {
            self.note(Severity::Info, format!("未找到“{name}”"), Some("/self_evaluation/score"));
            return;
        };
        let r = hit.row;
        let score_column = table.and_then(|t| t.columns.get(&Column::Score)).map(|(c, _)| *c);
        let Some(c) = score_column else {
            self.note(Severity::Info, format!("“{name}”行没有“得分”列可读"), Some("/self_evaluation/score"));
            return;
        };
        if let Some(value) = self.amount_at(r, c, None, "/self_evaluation/score", &name) {
            self_evaluation.insert("score".into(), value);
        }
        if total.grade_after_score && !self_evaluation.contains_key("grade") {
            let next = (c + 1..grid.width(r))
                .find(|&x| grid.origin(r, x) != grid.origin(r, c) && !values::not_filled(grid.text(r, x)));
            if let Some(x) = next {
                let text = grid.text(r, x).trim().to_string();
                match grade(&text) {
                    Some(g) => {
                        self.source("/self_evaluation/grade", (r, x), Some(0..grid.text(r, x).len()));
                        self_evaluation.insert("grade".into(), Value::String(g.into()));
                    }
                    None => self.note(
                        Severity::Info,
                        format!("“{name}”后的“{text}”（{}）不是评价等级，未导入", self.place(r, x)),
                        Some("/self_evaluation/grade"),
                    ),
                }
            }
        }
    }
}

/// Where the indicator table sits, for the total row.
struct IndicatorTable {
    header: usize,
    columns: HeaderColumns,
}

/// A JSON number with exactly the decimal's printed digits.
fn number(value: Decimal) -> Value {
    Number::from_str(&value.to_string()).map_or_else(|_| Value::String(value.to_string()), Value::Number)
}

fn table_name(table: &Table) -> String {
    match &table.origin {
        TableOrigin::Sheet { name } => name.clone(),
        TableOrigin::WordTable { number } => format!("表{number}"),
    }
}

/// Splits a budget code printed before a name (`219-池州市贵池区棠溪镇人民政府`,
/// `51000021R000000019951-项目`): ((code, range), name, name range).
fn split_code(text: &str, span: Range<usize>) -> (Code, String, Range<usize>) {
    static CODE: OnceLock<Option<Regex>> = OnceLock::new();
    let pattern =
        CODE.get_or_init(|| Regex::new(r"^([0-9A-Za-z]*[0-9][0-9A-Za-z]*)\s*[-－—]\s*(\S.*)$").ok());
    if let Some(caps) = pattern.as_ref().and_then(|p| p.captures(text))
        && let (Some(code), Some(name)) = (caps.get(1), caps.get(2))
    {
        return (
            Some((code.as_str().to_string(), span.start + code.start()..span.start + code.end())),
            name.as_str().to_string(),
            span.start + name.start()..span.start + name.end(),
        );
    }
    (None, text.to_string(), span)
}

/// A funding row's name as printed, without the structural `其中：`.
fn source_name(label: &str) -> String {
    let trimmed = label.trim();
    for prefix in ["其中：", "其中:", "其中"] {
        if let Some(rest) = trimmed.strip_prefix(prefix)
            && !rest.trim().is_empty()
        {
            return rest.trim().to_string();
        }
    }
    trimmed.trim_end_matches([':', '：']).to_string()
}

/// A level name without the points printed after it: `产出指标(50分)` → `产出指标`.
fn level_name(text: &str) -> String {
    static POINTS: OnceLock<Option<Regex>> = OnceLock::new();
    let pattern = POINTS.get_or_init(|| Regex::new(r"\s*[(（]\s*\d+(?:\.\d+)?\s*分\s*[)）]\s*$").ok());
    match pattern {
        Some(p) => p.replace(text.trim(), "").into_owned(),
        None => text.trim().to_string(),
    }
}

/// The v1 grade of a printed grade.
fn grade(text: &str) -> Option<&'static str> {
    match fold(text).text.split_whitespace().collect::<String>().as_str() {
        "优" | "优秀" => Some("优"),
        "良" | "良好" => Some("良"),
        "中" | "中等" | "一般" => Some("中"),
        "差" | "较差" => Some("差"),
        _ => None,
    }
}

/// Splits a problems or measures cell into items at line breaks and numbering (`1.`, `1、`,
/// `一是`, `(一)`, `（1）`), each with its range in `text`; `span` is the part to read.
fn list_items(text: &str, span: Range<usize>) -> Vec<(String, Range<usize>)> {
    static MARK: OnceLock<Option<Regex>> = OnceLock::new();
    let Some(mark) = MARK
        .get_or_init(|| {
            Regex::new(r"(?m)(?:^|[;。])\s*(?:\d{1,2}\s*[、.]|[一二三四五六七八九十]{1,3}是|\(\s*[一二三四五六七八九十\d]{1,3}\s*\))\s*")
                .ok()
        })
        .as_ref()
    else {
        return Vec::new();
    };
    let Some(part) = text.get(span.clone()) else { return Vec::new() };
    let folded = fold(part);
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    for found in mark.find_iter(&folded.text) {
        // Keep a sentence stop with the item before it.
        let stop = folded.text[found.start()..]
            .chars()
            .next()
            .filter(|c| matches!(c, ';' | '。'))
            .map_or(0, char::len_utf8);
        cuts.push((found.start() + stop, found.end()));
    }
    let mut pieces: Vec<Range<usize>> = Vec::new();
    let mut start = 0;
    for (cut_start, cut_end) in cuts {
        pieces.push(start..cut_start);
        start = cut_end;
    }
    pieces.push(start..folded.text.len());
    let mut items = Vec::new();
    for piece in pieces {
        let original = folded.original(piece);
        for line in split_lines(part, original) {
            let Some(raw) = part.get(line.clone()) else { continue };
            let Some((value, range)) = values::text_value(raw) else { continue };
            let value = value.trim_end_matches([';', '；']).trim().to_string();
            if value.is_empty() || values::not_filled(&value) {
                continue;
            }
            let at = span.start + line.start + range.start;
            items.push((value, at..span.start + line.start + range.end));
        }
    }
    items
}

fn split_lines(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let Some(piece) = text.get(range.clone()) else { return Vec::new() };
    let mut out = Vec::new();
    let mut start = 0;
    for (at, ch) in piece.char_indices() {
        if ch == '\n' {
            out.push(range.start + start..range.start + at);
            start = at + 1;
        }
    }
    out.push(range.start + start..range.end);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_problems_split_into_items_with_their_ranges() {
        let text = "一是资金拨付偏慢；二是绩效指标设置不够细化。";
        let items = list_items(text, 0..text.len());
        let names: Vec<&str> = items.iter().map(|(v, _)| v.as_str()).collect();
        assert_eq!(names, ["资金拨付偏慢", "绩效指标设置不够细化。"]);
        assert_eq!(&text[items[1].1.clone()], "绩效指标设置不够细化。");
    }

    #[test]
    fn lines_and_arabic_numbering_split_too() {
        let text = "1.训后评估覆盖面不足\n2、年初预算编制不够精细";
        let items: Vec<String> = list_items(text, 0..text.len()).into_iter().map(|(v, _)| v).collect();
        assert_eq!(items, ["训后评估覆盖面不足", "年初预算编制不够精细"]);
    }

    #[test]
    fn a_none_answer_gives_no_items() {
        assert!(list_items("无", 0..3).is_empty());
        assert!(list_items("暂无", 0.."暂无".len()).is_empty());
    }

    #[test]
    fn budget_codes_before_names_are_split_off() {
        let text = "219-池州市贵池区棠溪镇人民政府";
        let (code, name, range) = split_code(text, 0..text.len());
        assert_eq!(code.map(|c| c.0).as_deref(), Some("219"));
        assert_eq!(name, "池州市贵池区棠溪镇人民政府");
        assert_eq!(&text[range], name);
        let (none, same, _) = split_code("示例市某区委组织部", 0..27);
        assert_eq!((none, same.as_str()), (None, "示例市某区委组织部"));
    }

    #[test]
    fn grades_fold_to_the_four_v1_words() {
        assert_eq!(grade("优秀"), Some("优"));
        assert_eq!(grade(" 良 "), Some("良"));
        assert_eq!(grade("合格"), None);
    }

    #[test]
    fn level_names_drop_the_points_printed_after_them() {
        assert_eq!(level_name("产出指标(50分)"), "产出指标");
        assert_eq!(level_name("效益指标（30分）"), "效益指标");
        assert_eq!(level_name("满意度指标"), "满意度指标");
    }
}
