//! Declarative form layouts (自评表): which labels name which v1 field, read from
//! `forms/*.toml`, and how a layout is applied to a table to make a v1 report.
//!
//! A new region's form is one TOML file and no Rust: the file lists the words that recognise
//! the form and, for every field, the label and its synonyms. Cells are found by label, never
//! by coordinates, because the same form's grid differs from one office's copy to the next.

mod apply;
pub mod example;
pub mod grid;
mod markdown;

pub use apply::{IMPORT, Imported, import};
pub use example::{check_examples, example_document, table_from_rows, value_text};
pub use markdown::forms_markdown;

use indexmap::IndexMap;
use serde::Deserialize;

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_forms.rs"));
}

/// The built-in layouts' files, embedded at build time: (path such as `forms/x.toml`, text).
pub fn builtin_files() -> &'static [(&'static str, &'static str)] {
    builtin::BUILTIN_FORMS
}

/// Why a layout file cannot be used. The file is always named.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormError {
    /// Not TOML, or a key the layout format does not have, or a value of the wrong type.
    #[error("{file}: {message}")]
    Syntax { file: String, message: String },
    /// Well-formed, but not usable as a layout.
    #[error("{file}: {message}")]
    Invalid { file: String, message: String },
}

/// The report kind a form produces (`kind` of the v1 format).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Kind {
    #[serde(rename = "project")]
    Project,
    #[serde(rename = "department_overall")]
    DepartmentOverall,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Project => "project",
            Kind::DepartmentOverall => "department_overall",
        }
    }
}

/// One form layout, as a `forms/*.toml` file declares it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    /// Stable id, the file's name without `.toml` (`national-project`).
    pub id: String,
    /// The form's printed title.
    pub title: String,
    /// Where the form is used (`全国`, `四川省`).
    pub region: String,
    pub kind: Kind,
    /// What the form looks like and what is special about it.
    pub description: String,
    /// Citation of the form's source: the document that issues it, or published filled copies.
    pub source: String,
    /// The money unit when the form prints none anywhere (`万元`); without it, a form that
    /// prints no unit is imported without `amount_unit` and a note says so.
    #[serde(default)]
    pub amount_unit: Option<String>,
    pub recognise: Recognise,
    #[serde(default)]
    pub fields: Fields,
    #[serde(default)]
    pub money: Option<Money>,
    #[serde(default)]
    pub indicators: Option<Indicators>,
    #[serde(default)]
    pub total: Option<Total>,
    /// Small filled copies of the form, imported by the tests and shown in `docs/forms.md`.
    #[serde(default)]
    pub examples: Vec<Example>,
    /// The file the layout was read from.
    #[serde(skip)]
    pub file: String,
}

/// How to tell this form from others.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recognise {
    /// Words of the title (in a paragraph above a Word table, or the top rows of a sheet).
    #[serde(default)]
    pub title_words: Vec<String>,
    /// Labels that must all be present; an entry that is a list is satisfied by any of them.
    pub required: Vec<OneOf>,
}

/// One label, or a list of labels any of which will do.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOf {
    One(String),
    Any(Vec<String>),
}

impl OneOf {
    pub fn labels(&self) -> &[String] {
        match self {
            OneOf::One(label) => std::slice::from_ref(label),
            OneOf::Any(labels) => labels,
        }
    }
}

/// Where a label's value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// In the first cell to the right that is not a merged copy of the label.
    #[default]
    Right,
    /// In the first cell below that is not a merged copy of the label.
    Below,
}

/// A field found by a label: the first label is the form's own word, the rest are synonyms.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    pub labels: Vec<String>,
    #[serde(default)]
    pub value: Direction,
}

/// The single-value fields of a form and the v1 field each fills.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fields {
    /// 项目名称 → `project.name`.
    pub project_name: Option<FieldSpec>,
    /// 主管部门 / 单位名称 → `department.name` (a leading budget code goes to `department.code`).
    pub department: Option<FieldSpec>,
    /// 实施单位 → `project.implementing_unit`.
    pub implementing_unit: Option<FieldSpec>,
    /// 预期目标 → `x-performance_goal`.
    pub goal_expected: Option<FieldSpec>,
    /// 实际完成情况 → `x-performance_goal_achieved`.
    pub goal_actual: Option<FieldSpec>,
    /// 自评等级 / 评价等级 → `self_evaluation.grade`.
    pub grade: Option<FieldSpec>,
    /// 评价结论 → `x-conclusion`.
    pub conclusion: Option<FieldSpec>,
    /// 存在问题 → `problems`, one item per numbered point or line.
    pub problems: Option<FieldSpec>,
    /// 改进措施 → `improvements`, one item per numbered point or line.
    pub improvements: Option<FieldSpec>,
}

impl Fields {
    /// Every field with its v1 pointer, in report order.
    pub fn all(&self) -> Vec<(&'static str, &FieldSpec)> {
        [
            ("/project/name", &self.project_name),
            ("/department/name", &self.department),
            ("/project/implementing_unit", &self.implementing_unit),
            ("/x-performance_goal", &self.goal_expected),
            ("/x-performance_goal_achieved", &self.goal_actual),
            ("/self_evaluation/grade", &self.grade),
            ("/x-conclusion", &self.conclusion),
            ("/problems", &self.problems),
            ("/improvements", &self.improvements),
        ]
        .into_iter()
        .filter_map(|(pointer, spec)| spec.as_ref().map(|s| (pointer, s)))
        .collect()
    }
}

/// The money block (项目资金 / 预算执行情况): a header row of column labels and rows of amounts.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Money {
    /// The block's label (`项目资金（万元）`); a unit in its brackets is the report's unit.
    #[serde(default)]
    pub block: Vec<String>,
    /// 年初预算数 column → `initial`.
    #[serde(default)]
    pub initial: Vec<String>,
    /// 全年预算数 column → `adjusted`.
    #[serde(default)]
    pub adjusted: Vec<String>,
    /// 全年执行数 column → `executed`.
    #[serde(default)]
    pub executed: Vec<String>,
    /// 执行率 column → `budget.execution_rate_pct` (total row only).
    #[serde(default)]
    pub rate: Vec<String>,
    /// 分值 column → `self_evaluation.execution_weight` (total row only).
    #[serde(default)]
    pub weight: Vec<String>,
    /// 得分 column → `self_evaluation.execution_score` (total row only).
    #[serde(default)]
    pub score: Vec<String>,
    /// Labels of the total row (年度资金总额). Empty: the first row under the header is the total.
    #[serde(default)]
    pub total_rows: Vec<String>,
    /// The v1 field of the other rows: `by_source` (funding sources), or an `x-` field when
    /// the rows are not funding sources (基本支出 / 项目支出).
    #[serde(default = "by_source")]
    pub breakdown: String,
}

fn by_source() -> String {
    "by_source".to_string()
}

/// The indicator table (绩效指标): a header row of column labels, one indicator per row.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicators {
    #[serde(default)]
    pub level1: Vec<String>,
    #[serde(default)]
    pub level2: Vec<String>,
    /// 三级指标 / 指标名称: the column that makes a row an indicator.
    pub name: Vec<String>,
    /// 年度指标值 printed in one cell (`≥95%`).
    #[serde(default)]
    pub target: Vec<String>,
    /// 指标性质: the comparator in its own column.
    #[serde(default)]
    pub comparator: Vec<String>,
    /// 指标值: the target's number in its own column.
    #[serde(default)]
    pub target_value: Vec<String>,
    /// 度量单位: the unit in its own column (for the target and the actual value).
    #[serde(default)]
    pub unit: Vec<String>,
    #[serde(default)]
    pub actual: Vec<String>,
    #[serde(default)]
    pub weight: Vec<String>,
    #[serde(default)]
    pub score: Vec<String>,
    #[serde(default)]
    pub deviation: Vec<String>,
    /// Row labels that end the table (其他需要说明事项, 评价结论); the total row ends it too.
    #[serde(default)]
    pub end_rows: Vec<String>,
}

impl Indicators {
    /// The columns with their names in messages, in header order.
    pub fn columns(&self) -> Vec<(Column, &[String])> {
        vec![
            (Column::Level1, &self.level1[..]),
            (Column::Level2, &self.level2[..]),
            (Column::Name, &self.name[..]),
            (Column::Target, &self.target[..]),
            (Column::Comparator, &self.comparator[..]),
            (Column::TargetValue, &self.target_value[..]),
            (Column::Unit, &self.unit[..]),
            (Column::Actual, &self.actual[..]),
            (Column::Weight, &self.weight[..]),
            (Column::Score, &self.score[..]),
            (Column::Deviation, &self.deviation[..]),
        ]
        .into_iter()
        .filter(|(_, labels)| !labels.is_empty())
        .collect()
    }
}

/// A column of the indicator table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    Level1,
    Level2,
    Name,
    Target,
    Comparator,
    TargetValue,
    Unit,
    Actual,
    Weight,
    Score,
    Deviation,
}

/// The total row (总分 / 合计) under the indicator table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Total {
    pub labels: Vec<String>,
    /// Whether the grade (优/良/中/差) is printed in the cell after the total score (Yunnan).
    #[serde(default)]
    pub grade_after_score: bool,
}

/// A small filled copy of the form and what importing it must give.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub name: String,
    /// A paragraph printed above the table (the title), if any.
    #[serde(default)]
    pub title: Option<String>,
    /// The table's rows; a cell `^` is a merged copy of the cell above, `<` of the cell left.
    pub rows: Vec<Vec<String>>,
    /// Report pointer → the value as text (a number as printed, a string as is).
    pub expect: IndexMap<String, String>,
    /// Pointers that must be absent from the report.
    #[serde(default)]
    pub absent: Vec<String>,
}

/// The layouts an import chooses from.
#[derive(Debug, Clone, Default)]
pub struct FormSet {
    pub layouts: Vec<Layout>,
}

impl FormSet {
    /// The built-in layouts of `forms/`.
    pub fn builtin() -> Result<FormSet, FormError> {
        FormSet::from_files(
            builtin_files()
                .iter()
                .filter(|(path, _)| *path != crate::import::narrative::PHRASINGS_FILE)
                .map(|(path, text)| (*path, *text)),
        )
    }

    /// Layouts from (file name, TOML text) pairs, in the order given.
    pub fn from_files<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<FormSet, FormError> {
        let mut layouts: Vec<Layout> = Vec::new();
        for (file, text) in files {
            let layout = parse_layout(file, text)?;
            if let Some(other) = layouts.iter().find(|l| l.id == layout.id) {
                return Err(FormError::Invalid {
                    file: file.to_string(),
                    message: format!("id `{}` is already used by {}", layout.id, other.file),
                });
            }
            layouts.push(layout);
        }
        Ok(FormSet { layouts })
    }

    pub fn layout(&self, id: &str) -> Option<&Layout> {
        self.layouts.iter().find(|l| l.id == id)
    }
}

/// Reads and checks one layout file.
pub fn parse_layout(file: &str, text: &str) -> Result<Layout, FormError> {
    let mut layout: Layout = toml::from_str(text).map_err(|err| FormError::Syntax {
        file: file.to_string(),
        message: err.to_string().trim_end().to_string(),
    })?;
    layout.file = file.to_string();
    let invalid = |message: String| Err(FormError::Invalid { file: file.to_string(), message });
    if layout.id.trim().is_empty()
        || !layout.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return invalid(format!("id `{}` must be lower-case letters, digits and `-`", layout.id));
    }
    if let Some(unit) = &layout.amount_unit
        && crate::import::values::MoneyUnit::parse(unit).is_none()
    {
        return invalid(format!("amount_unit `{unit}` must be 元, 万元 or 亿元"));
    }
    if layout.recognise.required.is_empty() || layout.recognise.required.iter().any(|r| r.labels().is_empty())
    {
        return invalid("recognise.required must name at least one label, and no empty list".to_string());
    }
    if let Some(money) = &layout.money
        && money.breakdown != "by_source"
        && !money.breakdown.starts_with("x-")
    {
        return invalid(format!(
            "money.breakdown `{}` must be `by_source` or an `x-` field",
            money.breakdown
        ));
    }
    if let Some(indicators) = &layout.indicators
        && indicators.name.is_empty()
    {
        return invalid("indicators.name must list the label of the indicator-name column".to_string());
    }
    for spec in layout.fields.all() {
        if spec.1.labels.is_empty() {
            return invalid(format!("field {} has no labels", spec.0));
        }
    }
    Ok(layout)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
id = "minimal"
title = "测试表"
region = "测试"
kind = "project"
description = "最小的版式"
source = "无"
[recognise]
required = ["项目名称"]
"#;

    #[test]
    fn a_minimal_layout_file_loads() {
        let layout = parse_layout("forms/minimal.toml", MINIMAL);
        assert!(layout.is_ok(), "{layout:?}");
    }

    #[test]
    fn an_unknown_key_is_an_error_naming_the_file_and_the_key() {
        let text = MINIMAL.replace("[recognise]", "colour = \"red\"\n[recognise]");
        let err = parse_layout("forms/minimal.toml", &text)
            .map(|_| ())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.starts_with("forms/minimal.toml:"), "{err}");
        assert!(err.contains("colour"), "{err}");
    }

    #[test]
    fn an_unknown_key_inside_a_section_is_named_too() {
        let text = format!("{MINIMAL}\n[money]\nblok = [\"项目资金\"]\n");
        let err = parse_layout("forms/minimal.toml", &text)
            .map(|_| ())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("blok"), "{err}");
    }

    #[test]
    fn a_breakdown_that_is_no_v1_field_is_refused() {
        let text = format!("{MINIMAL}\n[money]\nbreakdown = \"categories\"\n");
        let err = parse_layout("forms/minimal.toml", &text)
            .map(|_| ())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("money.breakdown"), "{err}");
    }

    #[test]
    fn two_layouts_with_one_id_are_refused() {
        let result = FormSet::from_files([("forms/a.toml", MINIMAL), ("forms/b.toml", MINIMAL)]);
        let err = result.map(|_| ()).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("forms/b.toml") && err.contains("forms/a.toml"), "{err}");
    }

    #[test]
    fn the_builtin_layouts_load() {
        let set = FormSet::builtin();
        assert!(set.is_ok(), "{set:?}");
        let set = set.unwrap_or_default();
        for id in ["national-project", "sichuan-project", "guizhou-department"] {
            assert!(set.layout(id).is_some(), "{id} missing");
        }
        for layout in &set.layouts {
            assert_eq!(format!("forms/{}.toml", layout.id), layout.file, "file name and id differ");
        }
    }
}
