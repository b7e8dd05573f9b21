//! Form layouts (自评表) imported into v1 reports: the shipped layouts' own examples, documents
//! built cell by cell for each layout and for the synonyms across provinces, the source map,
//! schema validity, and findings that match the same report written by hand.

use jixiao::import::form::{self, FormSet, IMPORT, Imported, table_from_rows};
use jixiao::import::model::{Block, Document, Paragraph, TableOrigin};
use jixiao::rules::{self, LoadOptions, RuleSet};
use serde_json::Value;
use std::collections::BTreeSet;

fn forms() -> FormSet {
    match FormSet::builtin() {
        Ok(set) => set,
        Err(err) => panic!("built-in forms do not load: {err}"),
    }
}

fn paragraph(number: usize, text: &str) -> Block {
    Block::Paragraph(Paragraph { number, text: text.into(), label: None, heading: None, line: None })
}

/// A document of an optional title paragraph and one table; `^` / `<` mark merged copies.
fn document(origin: TableOrigin, title: Option<&str>, rows: &[&[&str]]) -> Document {
    let rows: Vec<Vec<&str>> = rows.iter().map(|r| r.to_vec()).collect();
    let mut blocks = Vec::new();
    if let Some(title) = title {
        blocks.push(paragraph(1, title));
    }
    blocks.push(Block::Table(table_from_rows(origin, &rows)));
    Document { blocks }
}

fn text_at(imported: &Imported, pointer: &str) -> Option<String> {
    imported.report.pointer(pointer).map(form::value_text)
}

fn source<'a>(imported: &'a Imported, pointer: &str) -> Option<&'a jixiao::import::source_ref::SourceRef> {
    imported.sources.iter().find(|(p, _)| p == pointer).map(|(_, s)| s)
}

fn builtin_rules() -> RuleSet {
    match rules::load(&LoadOptions { builtin: true, ..LoadOptions::default() }) {
        Ok(set) => set,
        Err(_) => panic!("built-in rules do not load"),
    }
}

fn findings(set: &RuleSet, report: &Value) -> BTreeSet<(String, String)> {
    set.run(report).into_iter().map(|d| (d.code, d.pointer.unwrap_or_default())).collect()
}

#[test]
fn every_example_of_every_shipped_layout_imports_as_it_says() {
    let set = forms();
    let mut failures = Vec::new();
    for layout in &set.layouts {
        assert!(!layout.examples.is_empty(), "{} has no example", layout.id);
        failures.extend(form::check_examples(layout, &set));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_example_of_every_shipped_layout_is_a_valid_v1_report() {
    let set = forms();
    for layout in &set.layouts {
        for example in &layout.examples {
            let imported = form::import(&form::example_document(example), &set);
            let problems = jixiao::schema::validate(&imported.report);
            assert!(
                problems.is_empty(),
                "{} / {}: {problems:?}\n{}",
                layout.id,
                example.name,
                imported.report
            );
        }
    }
}

#[test]
fn docs_forms_md_is_generated_from_the_layouts() {
    let generated = form::forms_markdown(&forms());
    let path = format!("{}/docs/forms.md", env!("CARGO_MANIFEST_DIR"));
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == generated,
        "docs/forms.md is out of date: run `cargo run -- forms --format md > docs/forms.md`"
    );
}

const NATIONAL: &[&[&str]] = &[
    &["项目名称", "干部培训经费", "<", "<", "<", "<", "<", "<", "<"],
    &["主管部门", "示例市某区委组织部", "<", "<", "实施单位", "示例市某区委组织部干部教育科", "<", "<", "<"],
    &["项目资金（万元）", "", "<", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    &["^", "年度资金总额", "<", "180.00", "192.50", "186.73", "10", "97.00%", "9.70"],
    &["^", "其中：当年财政拨款", "<", "180.00", "185.00", "180.23", "—", "—", "—"],
    &["^", "上年结转资金", "<", "0.00", "7.50", "6.50", "—", "—", "—"],
    &["^", "其他资金", "<", "0.00", "0.00", "0.00", "—", "—", "—"],
    &["年度总体目标", "预期目标", "<", "<", "<", "实际完成情况", "<", "<", "<"],
    &["^", "全年举办培训班20期以上", "<", "<", "<", "举办培训班21期", "<", "<", "<"],
    &[
        "绩效指标",
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ],
    &["^", "产出指标", "数量指标", "举办培训班期数", "≥20期", "21期", "15", "15", ""],
    &["^", "^", "^", "培训干部人次", "≥38000人次", "40400人次", "10", "10", ""],
    &["^", "^", "质量指标", "参训学员结业考核合格率", "≥95%", "98.6%", "10", "10", ""],
    &["^", "^", "时效指标", "年度培训计划按期完成率", "=100%", "100%", "5", "5", ""],
    &["^", "^", "成本指标", "人均培训成本", "≤50元/人次", "46.22元/人次", "10", "10", ""],
    &["^", "效益指标", "社会效益指标", "参训干部履职能力提升评价优良率", "≥90%", "88%", "20", "20", ""],
    &["^", "^", "可持续影响指标", "干部培训课程资源库新增课程数", "≥30门", "32门", "10", "10", ""],
    &["^", "满意度指标", "服务对象满意度指标", "参训学员满意度", "≥90%", "95.3%", "10", "10", ""],
    &["总分", "<", "<", "<", "<", "<", "100", "99.70", ""],
];

/// The national form above, written by hand as a v1 report.
const NATIONAL_BY_HAND: &str = r#"{
  "schema_version": "1", "kind": "project", "fiscal_year": 2022,
  "department": {"name": "示例市某区委组织部"},
  "project": {"name": "干部培训经费", "implementing_unit": "示例市某区委组织部干部教育科"},
  "amount_unit": "万元",
  "budget": {
    "initial": 180.00, "adjusted": 192.50, "executed": 186.73, "execution_rate_pct": 97.00,
    "by_source": [
      {"source": "当年财政拨款", "initial": 180.00, "adjusted": 185.00, "executed": 180.23},
      {"source": "上年结转资金", "initial": 0.00, "adjusted": 7.50, "executed": 6.50},
      {"source": "其他资金", "initial": 0.00, "adjusted": 0.00, "executed": 0.00}
    ]
  },
  "self_evaluation": {"execution_weight": 10, "execution_score": 9.70, "score": 99.70},
  "indicators": [
    {"level1": "产出指标", "level2": "数量指标", "name": "举办培训班期数", "target": {"comparator": "≥", "value": 20, "unit": "期"}, "actual": {"value": 21, "unit": "期"}, "weight": 15, "score": 15},
    {"level1": "产出指标", "level2": "数量指标", "name": "培训干部人次", "target": {"comparator": "≥", "value": 38000, "unit": "人次"}, "actual": {"value": 40400, "unit": "人次"}, "weight": 10, "score": 10},
    {"level1": "产出指标", "level2": "质量指标", "name": "参训学员结业考核合格率", "target": {"comparator": "≥", "value": 95, "unit": "%"}, "actual": {"value": 98.6, "unit": "%"}, "weight": 10, "score": 10},
    {"level1": "产出指标", "level2": "时效指标", "name": "年度培训计划按期完成率", "target": {"comparator": "=", "value": 100, "unit": "%"}, "actual": {"value": 100, "unit": "%"}, "weight": 5, "score": 5},
    {"level1": "产出指标", "level2": "成本指标", "name": "人均培训成本", "target": {"comparator": "≤", "value": 50, "unit": "元/人次"}, "actual": {"value": 46.22, "unit": "元/人次"}, "weight": 10, "score": 10},
    {"level1": "效益指标", "level2": "社会效益指标", "name": "参训干部履职能力提升评价优良率", "target": {"comparator": "≥", "value": 90, "unit": "%"}, "actual": {"value": 88, "unit": "%"}, "weight": 20, "score": 20},
    {"level1": "效益指标", "level2": "可持续影响指标", "name": "干部培训课程资源库新增课程数", "target": {"comparator": "≥", "value": 30, "unit": "门"}, "actual": {"value": 32, "unit": "门"}, "weight": 10, "score": 10},
    {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "参训学员满意度", "target": {"comparator": "≥", "value": 90, "unit": "%"}, "actual": {"value": 95.3, "unit": "%"}, "weight": 10, "score": 10}
  ]
}"#;

fn national() -> Imported {
    form::import(
        &document(TableOrigin::WordTable { number: 1 }, Some("项目支出绩效自评表（2022年度）"), NATIONAL),
        &forms(),
    )
}

#[test]
fn the_national_form_imports_field_by_field() {
    let imported = national();
    let expect = [
        ("/schema_version", "1"),
        ("/kind", "project"),
        ("/fiscal_year", "2022"),
        ("/department/name", "示例市某区委组织部"),
        ("/project/name", "干部培训经费"),
        ("/project/implementing_unit", "示例市某区委组织部干部教育科"),
        ("/amount_unit", "万元"),
        ("/budget/initial", "180.00"),
        ("/budget/adjusted", "192.50"),
        ("/budget/executed", "186.73"),
        ("/budget/execution_rate_pct", "97.00"),
        ("/budget/by_source/0/source", "当年财政拨款"),
        ("/budget/by_source/2/source", "其他资金"),
        ("/self_evaluation/execution_score", "9.70"),
        ("/self_evaluation/score", "99.70"),
        ("/indicators/1/level1", "产出指标"),
        ("/indicators/1/level2", "数量指标"),
        ("/indicators/4/target/comparator", "≤"),
        ("/indicators/4/target/unit", "元/人次"),
        ("/indicators/4/actual/value", "46.22"),
        ("/indicators/7/name", "参训学员满意度"),
        ("/x-import/layout", "national-project"),
        ("/x-import/amount_unit_from", "label 项目资金（万元）"),
    ];
    for (pointer, value) in expect {
        assert_eq!(text_at(&imported, pointer).as_deref(), Some(value), "{pointer}");
    }
    assert_eq!(imported.report["indicators"].as_array().map(Vec::len), Some(8));
    assert!(jixiao::schema::validate(&imported.report).is_empty());
}

#[test]
fn every_imported_value_maps_back_to_its_word_cell() {
    let imported = national();
    let executed = source(&imported, "/budget/executed").expect("executed has a source");
    assert_eq!(executed.label, "表1 第4行第6列");
    assert_eq!((executed.table, executed.row, executed.column), (Some(1), Some(4), Some(6)));
    assert_eq!(executed.excerpt, "186.73");
    let target = source(&imported, "/indicators/2/target/value").expect("target has a source");
    assert_eq!(&target.excerpt[target.highlight.clone().unwrap_or_default()], "95");
    // A forward-filled level points at the merged region's first cell.
    let level = source(&imported, "/indicators/1/level1").expect("level1 has a source");
    assert_eq!(level.label, "表1 第11行第2列");
    let unit = source(&imported, "/amount_unit").expect("unit has a source");
    assert_eq!(&unit.excerpt[unit.highlight.clone().unwrap_or_default()], "万元");
    let year = source(&imported, "/fiscal_year").expect("year has a source");
    assert_eq!(
        (year.paragraph, &year.excerpt[year.highlight.clone().unwrap_or_default()]),
        (Some(1), "2022")
    );
    // Every leaf value of the report has a place.
    let mut leaves = Vec::new();
    collect_leaves(&imported.report, String::new(), &mut leaves);
    for pointer in leaves {
        if pointer.starts_with("/x-import") || pointer == "/schema_version" || pointer == "/kind" {
            continue;
        }
        assert!(source(&imported, &pointer).is_some(), "{pointer} has no source");
    }
}

fn collect_leaves(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => map.iter().for_each(|(k, v)| collect_leaves(v, format!("{at}/{k}"), out)),
        Value::Array(items) => {
            items.iter().enumerate().for_each(|(i, v)| collect_leaves(v, format!("{at}/{i}"), out))
        }
        _ => out.push(at),
    }
}

#[test]
fn the_imported_form_gives_the_same_findings_as_the_report_written_by_hand() {
    let set = builtin_rules();
    let by_hand: Value = serde_json::from_str(NATIONAL_BY_HAND).expect("hand-written report is JSON");
    assert!(jixiao::schema::validate(&by_hand).is_empty());
    let imported = national();
    let expected = findings(&set, &by_hand);
    // The form has findings to compare: 88% against ≥90% scored in full.
    assert!(expected.iter().any(|(rule, _)| rule == "full-score-on-missed-target"), "{expected:?}");
    assert_eq!(findings(&set, &imported.report), expected);
}

#[test]
fn a_sheet_reads_percent_formatted_numbers_as_displayed_and_names_cells_in_a1() {
    let mut table = table_from_rows(
        TableOrigin::Sheet { name: "项目支出绩效自评表".into() },
        &NATIONAL.iter().map(|r| r.to_vec()).collect::<Vec<_>>(),
    );
    table.rows[3][7].text = "97.00%".into();
    table.rows[3][7].number = Some(jixiao::import::model::NumberCell {
        value: rust_decimal::Decimal::new(97, 2),
        format: Some("0.00%".into()),
    });
    let doc = Document { blocks: vec![Block::Table(table)] };
    let imported = form::import(&doc, &forms());
    assert_eq!(text_at(&imported, "/budget/execution_rate_pct").as_deref(), Some("97.00"));
    let rate = source(&imported, "/budget/execution_rate_pct").expect("rate has a source");
    assert_eq!(rate.label, "项目支出绩效自评表!H4");
    assert_eq!(
        (rate.sheet.as_deref(), rate.cell.as_deref(), rate.row),
        (Some("项目支出绩效自评表"), Some("H4"), None)
    );
    // No title says the year: the report says so rather than guessing.
    assert_eq!(imported.report.pointer("/fiscal_year"), None);
    assert!(imported.notes.iter().any(|n| n.code == IMPORT && n.pointer.as_deref() == Some("/fiscal_year")));
}

#[test]
fn the_first_sheet_that_is_a_form_is_imported() {
    let cover =
        table_from_rows(TableOrigin::Sheet { name: "封面".into() }, &[vec!["填报说明", "请按表填写"]]);
    let form_sheet = table_from_rows(
        TableOrigin::Sheet { name: "自评表".into() },
        &NATIONAL.iter().map(|r| r.to_vec()).collect::<Vec<_>>(),
    );
    let doc = Document {
        blocks: vec![Block::Table(cover), Block::Table(form_sheet.clone()), Block::Table(form_sheet)],
    };
    let imported = form::import(&doc, &forms());
    assert_eq!(text_at(&imported, "/x-import/table").as_deref(), Some("自评表"));
}

#[test]
fn provincial_synonyms_and_suffixes_are_read_by_the_national_layout() {
    // Anhui's lettered headers, Chongqing's 全年(调整)预算数 and 全年完成值, 权重 for 分值,
    // full-width digits, a colon after the row label, amounts with 万 and no unit in the label.
    let rows: &[&[&str]] = &[
        &["项目名称", "219001-水利工程维修养护", "<", "<", "<", "<", "<", "<"],
        &["主管部门", "219-天长市水利局", "<", "<", "实施单位", "天长市水利工程管理所", "<", "<"],
        &[
            "项目资金",
            "",
            "年初预算数",
            "全年(调整)预算数（A）",
            "全年执行数（B）",
            "权重",
            "执行率（B/A）",
            "得分",
        ],
        &["^", "年度资金总额:", "１５０万", "150万", "125.25万", "10", "83.50％", "8.35"],
        &["^", "其中:本年财政拨款", "150万", "150万", "125.25万", "/", "/", "/"],
        &[
            "绩效指标",
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值（A）",
            "全年完成值（B）",
            "权重",
            "得分",
        ],
        &["^", "产出指标(50分)", "数量指标", "维修养护堤防长度", "≥ 12 公里", "12公里", "50", "50"],
        &["总分", "<", "<", "<", "<", "<", "100", "…"],
    ];
    let imported = form::import(
        &document(TableOrigin::WordTable { number: 3 }, Some("2022年度项目支出绩效自评表"), rows),
        &forms(),
    );
    assert_eq!(text_at(&imported, "/x-import/layout").as_deref(), Some("national-project"));
    assert_eq!(text_at(&imported, "/department/name").as_deref(), Some("天长市水利局"));
    assert_eq!(text_at(&imported, "/department/code").as_deref(), Some("219"));
    assert_eq!(text_at(&imported, "/budget/initial").as_deref(), Some("150"));
    assert_eq!(text_at(&imported, "/budget/adjusted").as_deref(), Some("150"));
    assert_eq!(text_at(&imported, "/budget/executed").as_deref(), Some("125.25"));
    assert_eq!(text_at(&imported, "/budget/execution_rate_pct").as_deref(), Some("83.50"));
    assert_eq!(text_at(&imported, "/self_evaluation/execution_weight").as_deref(), Some("10"));
    assert_eq!(text_at(&imported, "/budget/by_source/0/source").as_deref(), Some("本年财政拨款"));
    assert_eq!(text_at(&imported, "/amount_unit").as_deref(), Some("万元"));
    assert!(
        text_at(&imported, "/x-import/amount_unit_from")
            .is_some_and(|f| f.starts_with("cell 表3 第4行第3列"))
    );
    assert_eq!(text_at(&imported, "/indicators/0/level1").as_deref(), Some("产出指标"));
    assert_eq!(text_at(&imported, "/indicators/0/target/value").as_deref(), Some("12"));
    assert_eq!(text_at(&imported, "/indicators/0/target/unit").as_deref(), Some("公里"));
    assert_eq!(text_at(&imported, "/indicators/0/actual/value").as_deref(), Some("12"));
    // "…" in the total's score cell is template text, never a score.
    assert_eq!(imported.report.pointer("/self_evaluation/score"), None);
    assert!(jixiao::schema::validate(&imported.report).is_empty(), "{}", imported.report);
}

#[test]
fn template_rows_and_markers_never_become_values() {
    let mut rows: Vec<&[&str]> = NATIONAL[..10].to_vec();
    rows.push(&["^", "产出指标", "数量指标", "指标1：", "", "", "", "", ""]);
    rows.push(&["^", "^", "^", "指标2:", "", "", "", "", ""]);
    rows.push(&["^", "^", "^", "……", "", "", "", "", ""]);
    rows.push(&["^", "^", "质量指标", "验收合格率", "（请填写）", "—", "10", "/", ""]);
    rows.push(&["总分", "<", "<", "<", "<", "<", "100", "XX", ""]);
    let imported = form::import(&document(TableOrigin::WordTable { number: 1 }, None, &rows), &forms());
    let indicators = imported.report["indicators"].as_array().cloned().unwrap_or_default();
    assert_eq!(indicators.len(), 1, "{indicators:?}");
    assert_eq!(indicators[0]["name"], "验收合格率");
    assert_eq!(indicators[0].get("target"), None);
    assert_eq!(indicators[0].get("actual"), None);
    assert_eq!(indicators[0].get("score"), None);
    assert_eq!(imported.report.pointer("/self_evaluation/score"), None);
    let messages: Vec<&str> = imported.notes.iter().map(|n| n.message.as_str()).collect();
    assert!(messages.iter().any(|m| m.starts_with("指标表第 1 行缺“年度指标值”")), "{messages:?}");
    assert!(messages.iter().any(|m| m.starts_with("指标表第 1 行缺“实际完成值”")), "{messages:?}");
    let missing =
        imported.notes.iter().find(|n| n.message.starts_with("指标表第 1 行缺“年度指标值”")).expect("note");
    assert_eq!(
        (missing.pointer.as_deref(), missing.severity),
        (Some("/indicators/0/target"), jixiao::diagnostic::Severity::Info)
    );
}

#[test]
fn a_missing_column_is_said_and_left_empty() {
    let rows: Vec<Vec<&str>> = NATIONAL
        .iter()
        .map(|r| r.iter().map(|c| if *c == "全年执行数" { "备注" } else { *c }).collect())
        .collect();
    let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    let imported = form::import(&document(TableOrigin::WordTable { number: 1 }, None, &rows), &forms());
    assert_eq!(imported.report.pointer("/budget/executed"), None);
    let note = imported.notes.iter().find(|n| n.message == "未找到“全年执行数”").expect("note on 全年执行数");
    assert_eq!(note.pointer.as_deref(), Some("/budget/executed"));
}

#[test]
fn two_different_values_for_one_field_leave_it_empty_with_a_note() {
    let mut rows: Vec<&[&str]> = NATIONAL.to_vec();
    rows.push(&["项目名称", "另一个项目", "<", "<", "<", "<", "<", "<", "<"]);
    let imported = form::import(&document(TableOrigin::WordTable { number: 1 }, None, &rows), &forms());
    assert_eq!(imported.report.pointer("/project/name"), None);
    let note = imported.notes.iter().find(|n| n.pointer.as_deref() == Some("/project/name")).expect("note");
    assert!(note.message.contains("干部培训经费") && note.message.contains("另一个项目"), "{}", note.message);
}

#[test]
fn a_document_that_is_no_form_gives_one_error_naming_the_labels_not_found() {
    let rows: &[&[&str]] = &[&["序号", "姓名", "金额"], &["1", "张三", "100"]];
    let imported = form::import(&document(TableOrigin::WordTable { number: 1 }, None, rows), &forms());
    assert_eq!(imported.notes.len(), 1);
    let note = &imported.notes[0];
    assert_eq!((note.code.as_str(), note.severity), (IMPORT, jixiao::diagnostic::Severity::Error));
    assert!(note.message.contains("“项目名称”") || note.message.contains("“单位"), "{}", note.message);
    assert_eq!(imported.report, Value::Object(Default::default()));
    let empty = form::import(&Document::default(), &forms());
    assert_eq!(empty.notes.len(), 1);
    assert!(empty.notes[0].message.contains("没有表格"), "{}", empty.notes[0].message);
}

#[test]
fn the_sichuan_form_is_told_from_the_national_one() {
    let set = forms();
    let sichuan = set.layout("sichuan-project").expect("sichuan layout");
    let imported = form::import(&form::example_document(&sichuan.examples[0]), &set);
    assert_eq!(text_at(&imported, "/x-import/layout").as_deref(), Some("sichuan-project"));
    assert_eq!(imported.report["problems"].as_array().map(Vec::len), Some(2));
    let second = source(&imported, "/problems/1").expect("problem has a source");
    assert_eq!(
        &second.excerpt[second.highlight.clone().unwrap_or_default()],
        "网格事件跨部门协调机制不够顺畅。"
    );
}

#[test]
fn checking_an_imported_department_form_runs_the_rules_on_it() {
    let set = forms();
    let guizhou = set.layout("guizhou-department").expect("guizhou layout");
    let imported = form::import(&form::example_document(&guizhou.examples[0]), &set);
    assert!(jixiao::schema::validate(&imported.report).is_empty());
    // 88.5% against ≥90% with 18.5 of 20 points: the deviation has no reason given.
    let found = findings(&builtin_rules(), &imported.report);
    assert!(
        found.contains(&("deviation-unexplained".to_string(), "/indicators/3".to_string()))
            || found
                .iter()
                .any(|(rule, p)| rule == "deviation-unexplained" && p.starts_with("/indicators/3")),
        "{found:?}"
    );
}

mod hostile {
    use super::*;
    use proptest::prelude::*;

    fn word() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("项目名称".to_string()),
            Just("三级指标".to_string()),
            Just("全年执行数".to_string()),
            Just("年度资金总额".to_string()),
            Just("总分".to_string()),
            Just("^".to_string()),
            Just("<".to_string()),
            Just("—".to_string()),
            Just("≥95%".to_string()),
            Just("单位:万元".to_string()),
            "[0-9.,%万元-]{0,8}",
            "\\PC{0,6}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        #[test]
        fn any_grid_of_form_words_imports_without_panicking_and_names_only_existing_cells(
            rows in proptest::collection::vec(proptest::collection::vec(word(), 0..9), 0..14)
        ) {
            let table = table_from_rows(TableOrigin::Sheet { name: "表".into() }, &rows);
            let width = table.rows.iter().map(Vec::len).max().unwrap_or(0);
            let imported = form::import(&Document { blocks: vec![Block::Table(table)] }, &forms());
            for (pointer, place) in &imported.sources {
                prop_assert!(imported.report.pointer(pointer).is_some(), "{} has a source but no value", pointer);
                if let Some(range) = &place.highlight {
                    prop_assert!(place.excerpt.get(range.clone()).is_some(), "{} highlight off the text", pointer);
                }
                prop_assert!(place.cell.as_ref().is_some_and(|c| !c.is_empty()) && width > 0);
            }
        }
    }
}
