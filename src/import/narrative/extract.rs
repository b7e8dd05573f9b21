//! Matching the phrasings against a document's units and building the v1 report.
//!
//! Every pattern runs over every unit it may apply to; what it captures is read exactly (a
//! [`Decimal`] from the printed digits), and every value keeps its place. A field that the
//! document states twice with different values, or an amount whose unit cannot be told, is
//! left empty with a note: the clerk decides, not the importer.

use super::phrasings::{Fact, FactKind, Phrasings};
use super::prose::{self, Origin, Unit};
use super::tasks;
use crate::diagnostic::{Diagnostic, Severity};
use crate::import::form::{IMPORT, Imported};
use crate::import::model::Document;
use crate::import::source_ref::SourceRef;
use crate::import::values::{self, MoneyUnit};
use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde_json::{Map, Number, Value};
use std::ops::Range;
use std::str::FromStr;

/// What a capture read as.
#[derive(Debug, Clone, PartialEq)]
enum Read {
    Amount { value: Decimal, unit: Option<MoneyUnit> },
    Decimal(Decimal),
    Count(u64),
    Text(String),
    Flag,
    Unit(MoneyUnit),
}

/// One place a fact was stated.
#[derive(Debug, Clone)]
struct Found {
    read: Read,
    /// The printed value, for notes.
    printed: String,
    unit: usize,
    range: Range<usize>,
    also: Vec<(String, String, Range<usize>)>,
    sentence: Option<(String, Range<usize>)>,
}

/// Extracts a v1 report from the prose (and the task table) of `doc`.
pub fn extract(doc: &Document, phrasings: &Phrasings) -> Imported {
    let units = prose::units(doc, phrasings);
    let mut run =
        Run { units: &units, phrasings, fields: Vec::new(), sources: Vec::new(), notes: Vec::new() };
    let completed = run.facts();
    if let Some(tasks) = tasks::read(doc, phrasings) {
        let mut indicators = Vec::new();
        for (index, row) in tasks.rows.into_iter().enumerate() {
            let base = format!("/indicators/{index}");
            let mut indicator = Map::new();
            indicator.insert("name".into(), Value::String(row.name.0));
            run.sources.push((format!("{base}/name"), row.name.1));
            if let Some((task, place)) = row.task {
                let mut target = Map::new();
                target.insert("value".into(), Value::String(task));
                indicator.insert("target".into(), Value::Object(target));
                run.sources.push((format!("{base}/target/value"), place.clone()));
                run.sources.push((format!("{base}/target"), place));
            }
            if let Some((result, place)) = row.result {
                let mut actual = Map::new();
                actual.insert("value".into(), Value::String(result));
                indicator.insert("actual".into(), Value::Object(actual));
                run.sources.push((format!("{base}/actual/value"), place.clone()));
                run.sources.push((format!("{base}/actual"), place));
            }
            if let Some(place) = &completed {
                indicator.insert("completed".into(), Value::Bool(true));
                run.sources.push((format!("{base}/completed"), place.clone()));
            }
            run.sources.push((base, row.place));
            indicators.push(Value::Object(indicator));
        }
        run.fields.push(("/indicators".into(), Value::Array(indicators)));
    }
    run.claims();
    run.lists();
    run.projects();
    run.build()
}

struct Run<'u, 'a> {
    units: &'u [Unit<'a>],
    phrasings: &'u Phrasings,
    /// Pointer → value, in the order found.
    fields: Vec<(String, Value)>,
    sources: Vec<(String, SourceRef)>,
    notes: Vec<Diagnostic>,
}

impl Run<'_, '_> {
    fn note(&mut self, severity: Severity, message: String, pointer: &str) {
        self.notes.push(Diagnostic::new(IMPORT, severity, message).with_pointer(pointer));
    }

    fn applies(&self, fact: &Fact, unit: &Unit<'_>) -> bool {
        if fact.raw.title {
            return unit.title;
        }
        if unit.title && unit.heading.is_none() && matches!(unit.origin, Origin::Paragraphs(_)) {
            // The title names the report; its year and words state no body fact.
            return false;
        }
        let inside = fact.raw.sections.is_empty() || fact.raw.sections.iter().any(|s| unit.in_section(s));
        inside && !fact.raw.not_in.iter().any(|s| unit.in_section(s))
    }

    /// Reads every fact; returns the place of an "all indicators completed" statement.
    fn facts(&mut self) -> Option<SourceRef> {
        let phrasings = self.phrasings;
        let mut by_field: IndexMap<&str, (Vec<&Fact>, Vec<Found>)> = IndexMap::new();
        for fact in &phrasings.facts {
            let entry = by_field.entry(fact.raw.field.as_str()).or_default();
            entry.0.push(fact);
            for (index, unit) in self.units.iter().enumerate() {
                if !self.applies(fact, unit) {
                    continue;
                }
                for pattern in &fact.patterns {
                    for caps in pattern.captures_iter(&unit.text) {
                        let Some(whole) = caps.get(0) else { continue };
                        let capture = fact.raw.kind.capture().and_then(|name| caps.name(name));
                        let range = capture.map_or(whole.range(), |c| c.range());
                        if entry.1.iter().any(|f| f.unit == index && f.range.start == range.start) {
                            continue;
                        }
                        let unit_capture = caps.name("unit").map(|u| u.as_str());
                        let Some(read) = self.read(fact, unit, index, range.clone(), unit_capture) else {
                            continue;
                        };
                        let also = fact
                            .raw
                            .also
                            .iter()
                            .filter_map(|(name, pointer)| {
                                let c = caps.name(name)?;
                                Some((pointer.clone(), unit.display(c.range()), c.range()))
                            })
                            .collect();
                        let sentence = fact.raw.sentence.as_ref().map(|pointer| {
                            let around = unit.sentence(whole.range());
                            (pointer.clone(), around)
                        });
                        let printed = unit.display(range.clone());
                        entry.1.push(Found { read, printed, unit: index, range, also, sentence });
                    }
                }
            }
        }
        // The document's own unit statement, for amounts printed without one.
        let stated_unit = by_field.get("/amount_unit").and_then(|(_, found)| {
            let units: Vec<MoneyUnit> = found
                .iter()
                .filter_map(|f| match f.read {
                    Read::Unit(u) => Some(u),
                    _ => None,
                })
                .collect();
            let first = *units.first()?;
            units
                .iter()
                .all(|u| *u == first)
                .then(|| (first, found.first().map(|f| (f.unit, f.range.clone()))))
        });
        let mut amounts: Vec<(String, Decimal, MoneyUnit, usize, Range<usize>)> = Vec::new();
        let mut completed = None;
        for (field, (facts, found)) in &by_field {
            let name = facts.first().map_or("", |f| f.raw.name.as_str());
            let kind = facts.first().map_or(FactKind::Text, |f| f.raw.kind);
            if found.is_empty() {
                if let Some(missing) = facts.iter().find_map(|f| f.raw.missing.clone()) {
                    self.note(Severity::Info, missing, field);
                }
                continue;
            }
            match kind {
                FactKind::Unit => continue,
                FactKind::Flag => {
                    if let Some(f) = found.first() {
                        completed = Some(self.units[f.unit].source(f.range.clone()));
                    }
                    continue;
                }
                _ => {}
            }
            // Amounts take the document's unit when they print none; otherwise they are not read.
            let mut resolved: Vec<(Read, &Found)> = Vec::new();
            let mut unit_unknown = false;
            for f in found {
                match &f.read {
                    Read::Amount { value, unit: None } => match stated_unit {
                        Some((unit, _)) => {
                            resolved.push((Read::Amount { value: *value, unit: Some(unit) }, f))
                        }
                        None => {
                            unit_unknown = true;
                            let place = self.units[f.unit].label();
                            self.note(
                                Severity::Warning,
                                format!("{name} {}（{place}）未写金额单位，文中也没有“单位：”说明，看不出是元还是万元，未导入", f.printed),
                                field,
                            );
                        }
                    },
                    read => resolved.push((read.clone(), f)),
                }
            }
            if unit_unknown {
                continue;
            }
            let mut distinct: Vec<&(Read, &Found)> = Vec::new();
            for candidate in &resolved {
                if !distinct.iter().any(|d| same(&d.0, &candidate.0)) {
                    distinct.push(candidate);
                }
            }
            if distinct.len() > 1 {
                let listed: Vec<String> = distinct
                    .iter()
                    .map(|(_, f)| format!("{}（{}）", printed_with_unit(f), self.units[f.unit].label()))
                    .collect();
                self.note(
                    Severity::Warning,
                    format!(
                        "{name}有 {} 个不同的值：{}；无法确定采用哪一个，未导入",
                        distinct.len(),
                        listed.join("、")
                    ),
                    field,
                );
                continue;
            }
            let Some((read, f)) = distinct.first().map(|(r, f)| (r.clone(), *f)) else { continue };
            let unit = &self.units[f.unit];
            let value = match read {
                Read::Amount { value, unit: Some(money) } => {
                    amounts.push((field.to_string(), value, money, f.unit, f.range.clone()));
                    continue;
                }
                Read::Amount { .. } | Read::Unit(_) | Read::Flag => continue,
                Read::Decimal(value) => number(value),
                Read::Count(count) => Value::from(count),
                Read::Text(text) => Value::String(text),
            };
            self.sources.push((field.to_string(), unit.source(f.range.clone())));
            self.fields.push((field.to_string(), value));
            self.extras(f);
        }
        self.money(amounts, stated_unit, &by_field);
        completed
    }

    /// Writes the `also` captures and the sentence of a value that was taken.
    fn extras(&mut self, f: &Found) {
        let unit = &self.units[f.unit];
        for (pointer, text, range) in &f.also {
            self.sources.push((pointer.clone(), unit.source(range.clone())));
            self.fields.push((pointer.clone(), Value::String(text.clone())));
        }
        if let Some((pointer, range)) = &f.sentence
            && !self.fields.iter().any(|(p, _)| p == pointer)
        {
            self.sources.push((pointer.clone(), unit.source(range.clone())));
            self.fields.push((pointer.clone(), Value::String(unit.display(range.clone()))));
        }
    }

    /// The money amounts, in one unit: the unit of the budget figure (or of the first amount)
    /// when amounts are printed in different units, each converted exactly and said so.
    #[allow(clippy::type_complexity)]
    fn money(
        &mut self,
        amounts: Vec<(String, Decimal, MoneyUnit, usize, Range<usize>)>,
        stated_unit: Option<(MoneyUnit, Option<(usize, Range<usize>)>)>,
        by_field: &IndexMap<&str, (Vec<&Fact>, Vec<Found>)>,
    ) {
        let report_unit = amounts
            .iter()
            .find(|a| a.0 == "/budget/adjusted")
            .or(amounts.first())
            .map(|a| a.2)
            .or(stated_unit.as_ref().map(|s| s.0));
        let Some(report_unit) = report_unit else { return };
        let from_amount = amounts.iter().find(|a| a.2 == report_unit);
        match (from_amount, &stated_unit) {
            (Some((_, _, _, unit, range)), _) => {
                self.sources.push(("/amount_unit".into(), self.units[*unit].source(range.clone())));
            }
            (None, Some((_, Some((unit, range))))) => {
                self.sources.push(("/amount_unit".into(), self.units[*unit].source(range.clone())));
            }
            _ => {}
        }
        self.fields.push(("/amount_unit".into(), Value::String(report_unit.as_str().into())));
        for (field, value, unit, index, range) in amounts {
            let converted = if unit == report_unit {
                Some(value)
            } else {
                convert(value, unit, report_unit).inspect(|converted| {
                    self.notes.push(
                        Diagnostic::new(
                            IMPORT,
                            Severity::Info,
                            format!(
                                "{} 以{}写出，已按报告的金额单位换算为 {}{}",
                                self.units[index].display(range.clone()),
                                unit.as_str(),
                                converted.normalize(),
                                report_unit.as_str()
                            ),
                        )
                        .with_pointer(&field),
                    );
                })
            };
            let Some(converted) = converted else {
                self.note(Severity::Warning, "金额超出可精确表示的范围，未导入".to_string(), &field);
                continue;
            };
            let value = if unit == report_unit { converted } else { converted.normalize() };
            self.sources.push((field.clone(), self.units[index].source(range.clone())));
            self.fields.push((field.clone(), number(value)));
            if let Some((_, found)) = by_field.get(field.as_str())
                && let Some(f) = found.iter().find(|f| f.unit == index && f.range == range)
            {
                self.extras(f);
            }
        }
    }

    /// Reads one capture as the fact's kind; a value that is not one gives a note.
    fn read(
        &mut self,
        fact: &Fact,
        unit: &Unit<'_>,
        index: usize,
        range: Range<usize>,
        unit_capture: Option<&str>,
    ) -> Option<Read> {
        let text = unit.text.get(range.clone())?;
        let field = fact.raw.field.as_str();
        let unreadable = |run: &mut Self, why: String| {
            run.note(Severity::Warning, format!("{}（{}）{why}，未导入", fact.raw.name, unit.label()), field);
        };
        match fact.raw.kind {
            FactKind::Amount | FactKind::Percent | FactKind::Number => match values::decimal(text) {
                Ok(value) if fact.raw.kind == FactKind::Amount => {
                    Some(Read::Amount { value, unit: unit_capture.and_then(MoneyUnit::parse) })
                }
                Ok(value) => Some(Read::Decimal(value)),
                Err(err) => {
                    unreadable(self, err.to_string());
                    None
                }
            },
            FactKind::Count => match count(text) {
                Some(n) => Some(Read::Count(n)),
                None => {
                    unreadable(self, format!("“{text}”不是个数"));
                    None
                }
            },
            FactKind::Year => text.trim().parse::<u64>().ok().map(Read::Count),
            FactKind::Grade => match grade(text) {
                Some(g) => Some(Read::Text(g.into())),
                None => {
                    unreadable(self, format!("“{text}”不是评价等级（优、良、中、差）"));
                    None
                }
            },
            FactKind::Choice => {
                let key: String = text.split_whitespace().collect();
                fact.raw.choices.get(&key).map(|v| Read::Text(v.clone()))
            }
            FactKind::Text => {
                let own = unit.display(range.clone()).trim().to_string();
                if !own.is_empty() {
                    return Some(Read::Text(own));
                }
                if !fact.raw.next_paragraph {
                    return None;
                }
                let next = self
                    .units
                    .get(index + 1)
                    .filter(|u| u.heading.is_none() && matches!(u.origin, Origin::Paragraphs(_)))?;
                let whole = next.display(0..next.text.len()).trim().to_string();
                (!whole.is_empty()).then_some(Read::Text(whole))
            }
            FactKind::Unit => MoneyUnit::parse(text).map(Read::Unit),
            FactKind::Flag => Some(Read::Flag),
        }
    }

    fn claims(&mut self) {
        let mut claims: Vec<Value> = Vec::new();
        for claim in &self.phrasings.claims {
            for unit in self.units {
                for pattern in &claim.patterns {
                    for caps in pattern.captures_iter(&unit.text) {
                        let get = |name: &str| {
                            caps.name(name)
                                .and_then(|c| values::decimal(c.as_str()).ok().map(|v| (v, c.range())))
                        };
                        let (Some((added, _)), Some((stated, stated_at)), Some(whole)) =
                            (get("added"), get("stated"), caps.get(0))
                        else {
                            continue;
                        };
                        let (denominator, basis) = match (get("base"), get("current")) {
                            (Some((base, _)), _) => (Some(base), format!("上年基数 {base}")),
                            (None, Some((current, _))) => (
                                current.checked_sub(added),
                                format!(
                                    "上年基数 = 现有 {current} − 新增 {added} = {}",
                                    current.checked_sub(added).unwrap_or_default()
                                ),
                            ),
                            (None, None) => continue,
                        };
                        let Some(denominator) = denominator else { continue };
                        let sentence = unit.sentence(whole.range());
                        let text = unit.display(sentence.clone());
                        let duplicate = claims.iter().any(|c| {
                            c.get("text").and_then(Value::as_str) == Some(text.as_str())
                                && c.get("stated_pct") == Some(&number(stated))
                        });
                        if duplicate {
                            continue;
                        }
                        let base = format!("/claims/{}", claims.len());
                        let mut object = Map::new();
                        object.insert("text".into(), Value::String(text));
                        object.insert("numerator".into(), number(added));
                        object.insert("denominator".into(), number(denominator));
                        object.insert("stated_pct".into(), number(stated));
                        object.insert("x-denominator_basis".into(), Value::String(basis));
                        object.insert("x-phrasing".into(), Value::String(claim.raw.name.clone()));
                        self.sources.push((format!("{base}/stated_pct"), unit.source(stated_at)));
                        self.sources.push((format!("{base}/text"), unit.source(sentence.clone())));
                        self.sources.push((base, unit.source(sentence)));
                        claims.push(Value::Object(object));
                    }
                }
            }
        }
        if !claims.is_empty() {
            self.fields.push(("/claims".into(), Value::Array(claims)));
        }
    }

    /// Splits a unit's text into list items at the numbering markers: (range) of each item.
    fn items(&self, unit: &Unit<'_>, from: usize) -> Vec<Range<usize>> {
        let text = &unit.text;
        let Some(markers) = &self.phrasings.item_markers else {
            return std::iter::once(from..text.len()).collect();
        };
        let mut cuts: Vec<Range<usize>> = Vec::new();
        for found in markers.find_iter(text.get(from..).unwrap_or("")) {
            let (start, end) = (from + found.start(), from + found.end());
            let before = text[from..start].trim_end();
            let at_start = before.is_empty();
            let after_stop = before.ends_with([';', '。', '.', ',', ':', '、', '!', '?']);
            let decimal =
                found.as_str().ends_with('.') && text[end..].starts_with(|c: char| c.is_ascii_digit());
            if (at_start || after_stop) && !decimal {
                cuts.push(start..end);
            }
        }
        let mut pieces = Vec::new();
        let mut start = from;
        for cut in &cuts {
            pieces.push(start..cut.start);
            start = cut.end;
        }
        pieces.push(start..text.len());
        let first_is_lead = !cuts.is_empty();
        pieces
            .into_iter()
            .enumerate()
            .filter(|(i, piece)| {
                let part = text[piece.clone()].trim();
                // Words before the first number introduce the list (`主要有以下几点：`).
                !(part.is_empty() || (*i == 0 && first_is_lead && (part.ends_with(':') || part.len() < 4)))
            })
            .map(|(_, piece)| piece)
            .collect()
    }

    /// An item's text as printed, ended with one `。` whatever stop it had.
    fn item_text(unit: &Unit<'_>, range: Range<usize>) -> Option<(String, Range<usize>)> {
        let shown = unit.display(range.clone());
        let core = shown.trim().trim_end_matches([';', '；', ',', '，', '.', '。', '、', ' ', '．']).trim();
        if core.is_empty() || values::not_filled(core) {
            return None;
        }
        let part = &unit.text[range.clone()];
        let lead = part.len() - part.trim_start().len();
        let end = range.start + part.trim_end().len();
        Some((format!("{core}。"), range.start + lead..end.max(range.start + lead)))
    }

    fn lists(&mut self) {
        let phrasings = self.phrasings;
        for list in &phrasings.lists {
            let field = list.raw.field.as_str();
            let mut content: Vec<(usize, usize)> = Vec::new();
            let mut found_section = false;
            for (index, unit) in self.units.iter().enumerate() {
                if !matches!(unit.origin, Origin::Paragraphs(_)) || !unit.in_section(&list.raw.section) {
                    continue;
                }
                found_section = true;
                if unit.opens.contains(&list.raw.section) {
                    continue;
                }
                content.push((index, 0));
            }
            if content.is_empty() {
                // A paragraph that opens the list by itself, or a lead line followed by items.
                let mut index = 0;
                while index < self.units.len() {
                    let unit = &self.units[index];
                    let lead = list.leads.iter().find_map(|re| re.find(&unit.text));
                    let Some(lead) = lead.filter(|_| matches!(unit.origin, Origin::Paragraphs(_))) else {
                        index += 1;
                        continue;
                    };
                    found_section = true;
                    if unit.text[lead.end()..].trim().is_empty() {
                        let mut next = index + 1;
                        while let Some(u) = self.units.get(next) {
                            let other_lead =
                                phrasings.lists.iter().any(|l| l.leads.iter().any(|re| re.is_match(&u.text)));
                            if u.heading.is_some() || other_lead || !matches!(u.origin, Origin::Paragraphs(_))
                            {
                                break;
                            }
                            content.push((next, 0));
                            next += 1;
                        }
                    } else {
                        content.push((index, lead.end()));
                    }
                    break;
                }
            }
            if !found_section {
                continue;
            }
            let mut items = Vec::new();
            for (index, from) in content {
                let unit = &self.units[index];
                for range in self.items(unit, from) {
                    if let Some((text, at)) = Self::item_text(unit, range) {
                        self.sources.push((format!("{field}/{}", items.len()), unit.source(at)));
                        items.push(Value::String(text));
                    }
                }
            }
            self.fields.push((field.to_string(), Value::Array(items)));
        }
    }

    fn projects(&mut self) {
        let Some(projects) = &self.phrasings.projects else { return };
        let mut out = Vec::new();
        for unit in self.units {
            if !matches!(unit.origin, Origin::Paragraphs(_))
                || !unit.in_section(&projects.section)
                || unit.heading.is_some()
            {
                continue;
            }
            for range in self.items(unit, 0) {
                let part = &unit.text[range.clone()];
                let Some(caps) = projects.patterns.iter().find_map(|re| re.captures(part.trim_start()))
                else {
                    continue;
                };
                let offset = range.start + (part.len() - part.trim_start().len());
                let Some(name) = caps.name("name") else { continue };
                let base = format!("/projects/{}", out.len());
                let mut project = Map::new();
                let name_at = offset + name.start()..offset + name.end();
                project
                    .insert("name".into(), Value::String(unit.display(name_at.clone()).trim().to_string()));
                self.sources.push((format!("{base}/name"), unit.source(name_at.clone())));
                if let Some(items) = caps.name("items") {
                    let mut names = Vec::new();
                    let mut start = items.start();
                    let mut pieces = Vec::new();
                    for sep in projects.separators.find_iter(items.as_str()) {
                        pieces.push(start..items.start() + sep.start());
                        start = items.start() + sep.end();
                    }
                    pieces.push(start..items.end());
                    for piece in pieces {
                        let shown = unit.display(offset + piece.start..offset + piece.end).trim().to_string();
                        if !shown.is_empty() {
                            names.push(Value::String(shown));
                        }
                    }
                    project.insert("x-items".into(), Value::Array(names));
                }
                if let Some(rate) = caps.name("rate")
                    && let Ok(value) = values::decimal(rate.as_str())
                {
                    let mut budget = Map::new();
                    budget.insert("execution_rate_pct".into(), number(value));
                    project.insert("budget".into(), Value::Object(budget));
                    let at = offset + rate.start()..offset + rate.end();
                    self.sources.push((format!("{base}/budget/execution_rate_pct"), unit.source(at)));
                }
                self.sources.push((base, unit.source(name_at)));
                out.push(Value::Object(project));
            }
        }
        if !out.is_empty() {
            self.fields.push(("/projects".into(), Value::Array(out)));
        }
    }

    fn build(self) -> Imported {
        let mut report = Value::Object(Map::new());
        insert(&mut report, "/schema_version", Value::String("1".into()));
        for (pointer, value) in self.fields {
            insert(&mut report, &pointer, value);
        }
        let mut import = Map::new();
        import.insert("extractor".into(), Value::String("narrative".into()));
        insert(&mut report, "/x-import", Value::Object(import));
        let report = ordered(report);
        Imported { report, sources: self.sources, notes: self.notes }
    }
}

/// The v1 report's top-level keys in the order a person reads a report.
const ORDER: &[&str] = &[
    "schema_version",
    "kind",
    "fiscal_year",
    "x-source",
    "department",
    "amount_unit",
    "x-performance_goal",
    "budget",
    "self_evaluation",
    "declared_indicator_count",
    "x-declared_indicator_text",
    "indicators",
    "monitoring",
    "projects",
    "claims",
    "problems",
    "improvements",
];

fn ordered(report: Value) -> Value {
    let Value::Object(mut map) = report else { return report };
    let mut out = Map::new();
    for key in ORDER {
        if let Some(value) = map.shift_remove(*key) {
            out.insert((*key).to_string(), value);
        }
    }
    out.extend(map);
    Value::Object(out)
}

/// Sets `pointer` in `report`, making the objects on the way. Pointers here are the
/// extractor's own, written without `~` escapes.
pub(super) fn insert(report: &mut Value, pointer: &str, value: Value) {
    let tokens: Vec<&str> = pointer.split('/').skip(1).collect();
    let Some((last, path)) = tokens.split_last() else { return };
    let mut at = report;
    for token in path {
        let Value::Object(map) = at else { return };
        at = map.entry(token.to_string()).or_insert_with(|| Value::Object(Map::new()));
    }
    if let Value::Object(map) = at {
        map.insert((*last).to_string(), value);
    }
}

/// Whether two reads state the same value (amounts compared in yuan).
fn same(a: &Read, b: &Read) -> bool {
    match (a, b) {
        (Read::Amount { value: x, unit: Some(u) }, Read::Amount { value: y, unit: Some(v) }) => {
            match (convert(*x, *u, MoneyUnit::Yuan), convert(*y, *v, MoneyUnit::Yuan)) {
                (Some(p), Some(q)) => p == q,
                _ => false,
            }
        }
        _ => a == b,
    }
}

fn printed_with_unit(found: &Found) -> String {
    match &found.read {
        Read::Amount { unit: Some(unit), .. } => format!("{}{}", found.printed, unit.as_str()),
        _ => found.printed.clone(),
    }
}

fn factor(unit: MoneyUnit) -> Decimal {
    match unit {
        MoneyUnit::Yuan => Decimal::ONE,
        MoneyUnit::WanYuan => Decimal::from(10_000),
        MoneyUnit::YiYuan => Decimal::from(100_000_000),
    }
}

/// An amount in another unit, exactly (None when it would leave Decimal's range).
pub(super) fn convert(value: Decimal, from: MoneyUnit, to: MoneyUnit) -> Option<Decimal> {
    value.checked_mul(factor(from))?.checked_div(factor(to))
}

/// A JSON number with exactly the decimal's digits.
pub(super) fn number(value: Decimal) -> Value {
    Number::from_str(&value.to_string()).map_or_else(|_| Value::String(value.to_string()), Value::Number)
}

/// A count in digits or in Chinese numerals up to 99 (`10`, `七`, `十二`, `二十`, `两`).
fn count(text: &str) -> Option<u64> {
    let text = text.trim();
    if let Ok(n) = text.parse::<u64>() {
        return Some(n);
    }
    let digit = |c: char| {
        "零一二三四五六七八九".chars().position(|d| d == c).map(|d| d as u64).or((c == '两').then_some(2))
    };
    let chars: Vec<char> = text.chars().collect();
    match chars.as_slice() {
        [one] if *one == '十' => Some(10),
        [one] => digit(*one),
        ['十', ones] => Some(10 + digit(*ones)?),
        [tens, '十'] => Some(digit(*tens)? * 10),
        [tens, '十', ones] => Some(digit(*tens)? * 10 + digit(*ones)?),
        _ => None,
    }
}

/// The v1 grade of a printed grade: 优秀 is 优, 良好 is 良.
fn grade(text: &str) -> Option<&'static str> {
    match text.trim() {
        "优" | "优秀" => Some("优"),
        "良" | "良好" => Some("良"),
        "中" | "中等" | "一般" => Some("中"),
        "差" | "较差" => Some("差"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals_count_up_to_ninety_nine() {
        assert_eq!(count("10"), Some(10));
        assert_eq!(count("七"), Some(7));
        assert_eq!(count("十"), Some(10));
        assert_eq!(count("十二"), Some(12));
        assert_eq!(count("二十"), Some(20));
        assert_eq!(count("三十五"), Some(35));
        assert_eq!(count("两"), Some(2));
        assert_eq!(count("百"), None);
    }

    #[test]
    fn amounts_convert_between_units_exactly() {
        let wan = convert(Decimal::new(23_226_000, 0), MoneyUnit::Yuan, MoneyUnit::WanYuan);
        assert_eq!(wan.map(|d| d.normalize().to_string()).as_deref(), Some("2322.6"));
        let yuan = convert(Decimal::new(23_226, 1), MoneyUnit::WanYuan, MoneyUnit::Yuan);
        assert_eq!(yuan.map(|d| d.to_string()).as_deref(), Some("23226000.0"));
    }

    #[test]
    fn the_same_amount_in_two_units_is_one_value() {
        let a = Read::Amount { value: Decimal::new(23_226, 1), unit: Some(MoneyUnit::WanYuan) };
        let b = Read::Amount { value: Decimal::new(23_226_000, 0), unit: Some(MoneyUnit::Yuan) };
        let c = Read::Amount { value: Decimal::new(2_400, 0), unit: Some(MoneyUnit::WanYuan) };
        assert!(same(&a, &b));
        assert!(!same(&a, &c));
    }

    #[test]
    fn grades_fold_excellent_and_good_to_the_v1_words() {
        assert_eq!(grade("优秀"), Some("优"));
        assert_eq!(grade("良好"), Some("良"));
        assert_eq!(grade("合格"), None);
    }

    #[test]
    fn pointers_insert_through_new_objects() {
        let mut report = Value::Object(Map::new());
        insert(&mut report, "/budget/adjusted", Value::from(1));
        insert(&mut report, "/budget/executed", Value::from(2));
        assert_eq!(report, serde_json::json!({"budget": {"adjusted": 1, "executed": 2}}));
    }
}
