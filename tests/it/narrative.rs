//! Narrative reports read by the phrasings of `forms/narrative.toml`: the published seed report
//! as text and as Word gives the findings of its hand transcription; rewrites in other phrasings,
//! units, encodings and scripts read the same; planted errors each give their finding and their
//! corrected versions do not; ambiguity is a note, never a guess; every value keeps its place.

use jixiao::diagnostic::Severity;
use jixiao::import::form::{self, FormSet, IMPORT, Imported, table_from_rows};
use jixiao::import::model::{Block, Document, Paragraph, TableOrigin};
use jixiao::import::narrative::{Phrasings, extract, import_document, merge};
use jixiao::rules::{self, LoadOptions, RuleSet};
use proptest::prelude::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::sync::OnceLock;

const SEED_TXT: &str = "examples/huadu-2022.txt";
const SEED_DOCX: &str = "examples/huadu-2022.docx";

fn phrasings() -> &'static Phrasings {
    match Phrasings::builtin() {
        Ok(p) => p,
        Err(err) => panic!("built-in phrasings do not load: {err}"),
    }
}

fn rule_set() -> &'static RuleSet {
    static SET: OnceLock<RuleSet> = OnceLock::new();
    SET.get_or_init(|| match rules::load(&LoadOptions { builtin: true, ..LoadOptions::default() }) {
        Ok(set) => set,
        Err(_) => panic!("built-in rules do not load"),
    })
}

fn findings(report: &Value) -> BTreeSet<(String, String)> {
    rule_set().run(report).into_iter().map(|d| (d.code, d.pointer.unwrap_or_default())).collect()
}

fn rules_fired(report: &Value) -> BTreeSet<String> {
    findings(report).into_iter().map(|(rule, _)| rule).collect()
}

fn seed_text() -> String {
    std::fs::read_to_string(SEED_TXT).expect("seed text")
}

fn import_bytes(bytes: &[u8], name: &str) -> Imported {
    let (_, document) = jixiao::import::read(bytes, name).expect("document reads");
    extract(&document, phrasings())
}

fn import_text(text: &str) -> Imported {
    import_bytes(text.as_bytes(), "report.txt")
}

fn hand_transcription() -> Value {
    let text = std::fs::read_to_string("examples/huadu-2022.json").expect("hand transcription");
    serde_json::from_str(&text).expect("hand transcription is JSON")
}

fn at(imported: &Imported, pointer: &str) -> Option<String> {
    imported.report.pointer(pointer).map(form::value_text)
}

fn source<'a>(imported: &'a Imported, pointer: &str) -> &'a jixiao::import::source_ref::SourceRef {
    match imported.sources.iter().find(|(p, _)| p == pointer) {
        Some((_, place)) => place,
        None => panic!("no source for {pointer}"),
    }
}

fn highlighted(place: &jixiao::import::source_ref::SourceRef) -> &str {
    place.highlight.clone().and_then(|h| place.excerpt.get(h)).unwrap_or("")
}

fn notes_on<'a>(imported: &'a Imported, pointer: &str) -> Vec<&'a str> {
    imported
        .notes
        .iter()
        .filter(|n| n.code == IMPORT && n.pointer.as_deref() == Some(pointer))
        .map(|n| n.message.as_str())
        .collect()
}

fn assert_seed_facts(imported: &Imported) {
    let expect = [
        ("/kind", "department_overall"),
        ("/fiscal_year", "2022"),
        ("/department/name", "中国共产党广州市花都区委员会组织部"),
        ("/amount_unit", "万元"),
        ("/budget/adjusted", "2322.6"),
        ("/budget/executed", "2233.44"),
        ("/budget/execution_rate_pct", "96.2"),
        ("/self_evaluation/score", "95.16"),
        ("/self_evaluation/grade", "优"),
        ("/declared_indicator_count", "10"),
        ("/monitoring/declared_project_count", "2"),
        ("/monitoring/x-threshold", "500万"),
        ("/claims/0/numerator", "109"),
        ("/claims/0/denominator", "449"),
        ("/claims/0/stated_pct", "24"),
    ];
    for (pointer, value) in expect {
        assert_eq!(at(imported, pointer).as_deref(), Some(value), "{pointer}");
    }
    let count = |pointer: &str| imported.report.pointer(pointer).and_then(Value::as_array).map(Vec::len);
    assert_eq!(count("/indicators"), Some(9));
    assert_eq!(count("/problems"), Some(2));
    assert_eq!(count("/improvements"), Some(2));
    assert_eq!(count("/projects"), Some(4));
    assert_eq!(
        at(imported, "/indicators/5/target/value").as_deref(),
        Some("深入开展“两代表一委员”联系服务群众工作，深挖提振“两新”党建功能")
    );
    assert!(jixiao::schema::validate(&imported.report).is_empty(), "{}", imported.report);
}

#[test]
fn the_seed_text_gives_the_findings_of_its_hand_transcription() {
    let imported = import_bytes(seed_text().as_bytes(), "huadu.txt");
    assert_seed_facts(&imported);
    let expected = findings(&hand_transcription());
    assert!(!expected.is_empty());
    assert_eq!(findings(&imported.report), expected);
    assert!(imported.notes.is_empty(), "{:?}", imported.notes);
}

#[test]
fn the_seed_word_document_gives_the_findings_of_its_hand_transcription() {
    let bytes = std::fs::read(SEED_DOCX).expect("seed docx");
    let imported = import_bytes(&bytes, "huadu.docx");
    assert_seed_facts(&imported);
    assert_eq!(findings(&imported.report), findings(&hand_transcription()));
    let name = source(&imported, "/indicators/0/name");
    assert_eq!((name.table, name.row, name.column), (Some(1), Some(2), Some(2)));
    let task = source(&imported, "/indicators/1/target/value");
    assert_eq!((task.row, task.column), (Some(2), Some(1)), "a merged copy points at its region's cell");
}

#[test]
fn values_of_the_seed_text_point_at_their_line_and_column() {
    let text = seed_text();
    let imported = import_text(&text);
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).map(|i| i + 1);
    for (pointer, printed) in [
        ("/budget/adjusted", "2,322.6"),
        ("/budget/executed", "2,233.44"),
        ("/budget/execution_rate_pct", "96.2"),
        ("/self_evaluation/score", "95.16"),
        ("/declared_indicator_count", "10"),
    ] {
        let place = source(&imported, pointer);
        assert_eq!(highlighted(place), printed, "{pointer}");
        let line = line_of(&place.excerpt);
        assert_eq!(place.line, line, "{pointer}");
        let column = place.excerpt.find(printed).map(|at| place.excerpt[..at].chars().count() + 1);
        assert_eq!(place.line_column, column, "{pointer}");
    }
    let claim = source(&imported, "/claims/0/stated_pct");
    assert_eq!(highlighted(claim), "24");
    assert!(claim.excerpt.contains('\t'), "the place is the table line as printed");
}

#[test]
fn the_same_facts_in_other_phrasings_read_the_same() {
    let text = "\
示例区财政局2023年度部门整体支出绩效自评报告
一、基本情况
部门预算总金额 803.74 万元，实际支出 771.59 万元，完成率 96%。
本年度共设置绩效指标十二项，均已完成。
我局选取了4个重点项目进行了绩效监控。
二、自评结论
本部门对 2023 年整体支出开展绩 效自评，总得分为 91.5 分，等级为优秀。
存在的问题:一是年初编制项目资金 预算时对对象摸底不够准确，造成预算资金过大.二是专项资 金申报不够及时.
下一步改进措施:1、年初编制预算时应对 项目实施对象准确摸底，确保预算安排的准确性；2、按要求开展专项工作，及时拨付资金。
";
    let imported = import_text(text);
    for (pointer, value) in [
        ("/fiscal_year", "2023"),
        ("/budget/adjusted", "803.74"),
        ("/budget/executed", "771.59"),
        ("/budget/execution_rate_pct", "96"),
        ("/self_evaluation/score", "91.5"),
        ("/self_evaluation/grade", "优"),
        ("/declared_indicator_count", "12"),
        ("/monitoring/declared_project_count", "4"),
        ("/problems/1", "专项资金申报不够及时。"),
        ("/improvements/0", "年初编制预算时应对项目实施对象准确摸底，确保预算安排的准确性。"),
    ] {
        assert_eq!(at(&imported, pointer).as_deref(), Some(value), "{pointer}: {}", imported.report);
    }
    assert_eq!(imported.report.pointer("/improvements").and_then(Value::as_array).map(Vec::len), Some(2));
}

#[test]
fn amounts_in_yuan_keep_their_unit_and_digits() {
    let text = seed_text().replace(
        "全年预算数为2,322.6万元，全年执行数为2,233.44万元",
        "全年预算数为23,226,000.00元，全年执行数为22,334,400.00 元",
    );
    let imported = import_text(&text);
    assert_eq!(at(&imported, "/amount_unit").as_deref(), Some("元"));
    assert_eq!(at(&imported, "/budget/adjusted").as_deref(), Some("23226000.00"));
    assert_eq!(at(&imported, "/budget/executed").as_deref(), Some("22334400.00"));
    assert_eq!(highlighted(source(&imported, "/budget/adjusted")), "23,226,000.00");
    assert!(!rules_fired(&imported.report).contains("execution-rate-mismatch"));
}

#[test]
fn amounts_in_two_units_are_converted_exactly_to_the_budget_unit_with_a_note() {
    let text = seed_text().replace("全年执行数为2,233.44万元", "全年执行数为22,334,400元");
    let imported = import_text(&text);
    assert_eq!(at(&imported, "/amount_unit").as_deref(), Some("万元"));
    assert_eq!(at(&imported, "/budget/executed").as_deref(), Some("2233.44"));
    assert_eq!(notes_on(&imported, "/budget/executed").len(), 1, "{:?}", imported.notes);
    assert_eq!(findings(&imported.report), findings(&hand_transcription()));
}

#[test]
fn a_gb18030_text_reads_as_its_utf8_original() {
    let text = seed_text();
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    let imported = import_bytes(&bytes, "huadu.txt");
    assert_seed_facts(&imported);
    assert_eq!(findings(&imported.report), findings(&hand_transcription()));
}

#[test]
fn full_width_digits_traditional_forms_and_broken_words_read_as_plain_ones() {
    let text = "\
示例縣教育局２０２２年度部門整體支出績效自評報告
一、基本情況
全年預算數為２，３２２．６萬元，全年執行數為２，２３３．４４萬元，預算執行率為９６．２％。
二、自評結論
本部門整體支出績 效自評得分 ９５．１６ 分，評級為優秀。
三、存在的問題
一是資金撥付的審核時間比較長，二是績效指標設置還有待加強。
";
    let imported = import_text(text);
    for (pointer, value) in [
        ("/budget/adjusted", "2322.6"),
        ("/budget/executed", "2233.44"),
        ("/budget/execution_rate_pct", "96.2"),
        ("/self_evaluation/score", "95.16"),
        ("/self_evaluation/grade", "优"),
        ("/problems/0", "資金撥付的審核時間比較長。"),
    ] {
        assert_eq!(at(&imported, pointer).as_deref(), Some(value), "{pointer}: {}", imported.report);
    }
    assert_eq!(highlighted(source(&imported, "/budget/adjusted")), "２，３２２．６");
}

#[test]
fn two_different_budget_figures_leave_the_field_empty_with_a_note() {
    let text = seed_text().replace("预算执行率为96.2%。", "预算执行率为96.2%。部门预算总金额 2,400 万元。");
    let imported = import_text(&text);
    assert_eq!(at(&imported, "/budget/adjusted"), None);
    let notes = notes_on(&imported, "/budget/adjusted");
    assert_eq!(notes.len(), 1, "{:?}", imported.notes);
    assert!(notes[0].contains("2,322.6") && notes[0].contains("2,400"), "{}", notes[0]);
}

#[test]
fn the_same_figure_stated_twice_in_two_units_is_one_value() {
    let text =
        seed_text().replace("预算执行率为96.2%。", "预算执行率为96.2%。部门预算总金额 23,226,000 元。");
    let imported = import_text(&text);
    assert_eq!(at(&imported, "/budget/adjusted").as_deref(), Some("2322.6"));
    assert!(notes_on(&imported, "/budget/adjusted").is_empty(), "{:?}", imported.notes);
}

#[test]
fn an_amount_whose_unit_cannot_be_told_is_left_empty_unless_the_document_states_one() {
    let unitless =
        "示例区2023年度部门整体支出绩效自评报告\n一、基本情况\n预算总额 803.74，执行数 771.59 万元。\n";
    let imported = import_text(unitless);
    assert_eq!(at(&imported, "/budget/adjusted"), None);
    assert!(
        notes_on(&imported, "/budget/adjusted").iter().any(|n| n.contains("单位")),
        "{:?}",
        imported.notes
    );
    let stated = unitless.replace("一、基本情况\n", "一、基本情况\n金额单位：万元\n");
    let imported = import_text(&stated);
    assert_eq!(at(&imported, "/budget/adjusted").as_deref(), Some("803.74"));
}

#[test]
fn what_the_report_does_not_state_is_said_once() {
    let text = seed_text().replace("绩效自评得分 95.16 分，", "绩效自评已完成，");
    let imported = import_text(&text);
    assert_eq!(at(&imported, "/self_evaluation/score"), None);
    let notes = notes_on(&imported, "/self_evaluation/score");
    assert_eq!(notes, ["未找到自评得分，评分类规则未检查"]);
    assert!(imported.notes.iter().all(|n| n.severity == Severity::Info), "{:?}", imported.notes);
    assert!(!findings(&imported.report).iter().any(|(_, p)| p.starts_with("/self_evaluation/score")));
}

/// A planted error: the seed rewritten, the rule and pointer it must give, and the corrected
/// rewrite that must not give it.
struct Planted {
    what: &'static str,
    wrong: (&'static str, &'static str),
    right: (&'static str, &'static str),
    rule: &'static str,
    pointer: &'static str,
}

const PLANTED: &[Planted] = &[
    Planted {
        what: "a wrong execution rate",
        wrong: ("预算执行率为96.2%", "预算执行率为97.5%"),
        right: ("预算执行率为96.2%", "预算执行率为96.16%"),
        rule: "execution-rate-mismatch",
        pointer: "/budget/execution_rate_pct",
    },
    Planted {
        what: "a grade that does not match the score",
        wrong: ("自评得分 95.16 分", "自评得分 85.16 分"),
        right: ("自评得分 95.16 分，评级为“优”", "自评得分 85.16 分，评级为“良”"),
        rule: "grade-mismatch",
        pointer: "/self_evaluation/grade",
    },
    Planted {
        what: "a growth rate that does not follow",
        wrong: ("增长率为 24%", "增长率为 19.5%"),
        right: ("增长率为 24%", "增长率为 24.3%"),
        rule: "claimed-rate-mismatch",
        pointer: "/claims/0/stated_pct",
    },
    Planted {
        what: "fewer measures than problems",
        wrong: ("一是进一步细化项目，提高预算精细度；二是提高", "进一步细化项目，提高预算精细度，并提高"),
        right: ("一是进一步细化项目", "一是进一步细化项目"),
        rule: "problems-without-improvements",
        pointer: "/improvements",
    },
];

#[test]
fn each_planted_error_gives_its_finding_and_its_correction_does_not() {
    let seed = seed_text();
    for planted in PLANTED {
        assert!(seed.contains(planted.wrong.0) && seed.contains(planted.right.0), "{}", planted.what);
        let wrong = findings(&import_text(&seed.replace(planted.wrong.0, planted.wrong.1)).report);
        assert!(
            wrong.contains(&(planted.rule.to_string(), planted.pointer.to_string())),
            "{}: {wrong:?}",
            planted.what
        );
        let right = rules_fired(&import_text(&seed.replace(planted.right.0, planted.right.1)).report);
        assert!(!right.contains(planted.rule), "{}: {right:?}", planted.what);
    }
}

#[test]
fn a_declared_count_that_matches_the_table_gives_no_count_finding() {
    let seed = seed_text();
    let pointer = ("indicator-count-mismatch".to_string(), "/declared_indicator_count".to_string());
    assert!(findings(&import_text(&seed).report).contains(&pointer), "the seed says 10 and lists 9");
    let right = import_text(&seed.replace("共设定了10个绩效指标", "共设定了9个绩效指标"));
    assert_eq!(at(&right, "/declared_indicator_count").as_deref(), Some("9"));
    assert!(!rules_fired(&right.report).contains("indicator-count-mismatch"));
}

fn paragraph(number: usize, text: &str) -> Block {
    Block::Paragraph(Paragraph { number, text: text.into(), label: None, heading: None, line: None })
}

const NATIONAL: &[&[&str]] = &[
    &["项目名称", "干部培训经费", "<", "<", "<", "<", "<", "<", "<"],
    &["主管部门", "示例市某区委组织部", "<", "<", "实施单位", "示例市某区委组织部干部教育科", "<", "<", "<"],
    &["项目资金（万元）", "", "<", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    &["^", "年度资金总额", "<", "180.00", "192.50", "186.73", "10", "97.00%", "9.70"],
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
    &["^", "产出指标", "数量指标", "培训期数", "≥20期", "21期", "20", "20", "—"],
];

fn both_ways(prose: &[&str]) -> Imported {
    let rows: Vec<Vec<&str>> = NATIONAL.iter().map(|r| r.to_vec()).collect();
    let mut blocks: Vec<Block> = prose.iter().enumerate().map(|(i, t)| paragraph(i + 1, t)).collect();
    blocks.push(paragraph(prose.len() + 1, "项目支出绩效自评表"));
    blocks.push(Block::Table(table_from_rows(TableOrigin::WordTable { number: 1 }, &rows)));
    let forms = FormSet::builtin().expect("built-in forms");
    import_document(&Document { blocks }, &forms, phrasings())
}

#[test]
fn a_document_with_a_form_and_prose_takes_the_table_first_and_the_prose_for_the_rest() {
    let imported = both_ways(&[
        "干部培训经费2022年度项目支出绩效自评报告",
        "全年预算数为192.50万元，共设定了8个绩效指标。",
    ]);
    assert_eq!(at(&imported, "/budget/adjusted").as_deref(), Some("192.50"));
    assert_eq!(at(&imported, "/declared_indicator_count").as_deref(), Some("8"));
    assert!(source(&imported, "/budget/adjusted").table.is_some(), "the table's cell is the place");
    assert!(source(&imported, "/declared_indicator_count").paragraph.is_some());
    assert!(notes_on(&imported, "/budget/adjusted").is_empty(), "{:?}", imported.notes);
    assert!(notes_on(&imported, "/declared_indicator_count").is_empty(), "{:?}", imported.notes);
}

#[test]
fn prose_that_contradicts_the_table_is_noted_and_the_table_kept() {
    let imported = both_ways(&["干部培训经费2022年度项目支出绩效自评报告", "全年预算数为200万元。"]);
    assert_eq!(at(&imported, "/budget/adjusted").as_deref(), Some("192.50"));
    let notes = notes_on(&imported, "/budget/adjusted");
    assert_eq!(notes.len(), 1, "{:?}", imported.notes);
    assert!(notes[0].contains("192.50") && notes[0].contains("200"), "{}", notes[0]);
}

#[test]
fn prose_in_yuan_is_compared_with_a_table_in_wan_yuan_after_conversion() {
    let imported = both_ways(&["干部培训经费2022年度项目支出绩效自评报告", "全年预算数为1,925,000元。"]);
    assert!(notes_on(&imported, "/budget/adjusted").is_empty(), "{:?}", imported.notes);
    assert_eq!(at(&imported, "/amount_unit").as_deref(), Some("万元"));
}

#[test]
fn without_a_form_the_merge_is_the_prose_alone() {
    let doc = Document { blocks: vec![paragraph(1, "自评得分 88 分，评级为良。")] };
    let forms = FormSet::builtin().expect("built-in forms");
    let merged = merge(form::import(&doc, &forms), extract(&doc, phrasings()));
    assert_eq!(at(&merged, "/self_evaluation/grade").as_deref(), Some("良"));
    assert!(!merged.notes.iter().any(|n| n.severity == Severity::Error), "{:?}", merged.notes);
}

/// Text built from the words reports use, so that patterns fire, mixed with anything.
fn reportish() -> impl Strategy<Value = String> {
    let fragment = prop_oneof![
        Just("全年预算数为".to_string()),
        Just("执行率".to_string()),
        Just("自评得分".to_string()),
        Just("评级为“优”".to_string()),
        Just("共设定了".to_string()),
        Just("个绩效指标".to_string()),
        Just("现有".to_string()),
        Just("新增了".to_string()),
        Just("增长率为".to_string()),
        Just("一是".to_string()),
        Just("三、存在的主要问题".to_string()),
        Just("四、下一步改进措施".to_string()),
        Just("工作任务\t工作内容\t绩效指标完成情况".to_string()),
        Just("\t".to_string()),
        Just("\n".to_string()),
        Just("万元".to_string()),
        Just("％".to_string()),
        Just("２,３".to_string()),
        "[0-9.,]{1,8}".prop_map(|s| s),
        "\\PC{0,6}".prop_map(|s| s),
    ];
    prop::collection::vec(fragment, 0..60).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn any_text_extracts_without_panicking_and_every_highlight_lies_in_its_excerpt(text in reportish()) {
        let Ok((_, document)) = jixiao::import::read(text.as_bytes(), "fuzz.txt") else { return Ok(()) };
        let imported = extract(&document, phrasings());
        for (pointer, place) in &imported.sources {
            if let Some(h) = &place.highlight {
                prop_assert!(place.excerpt.get(h.clone()).is_some(), "{pointer}: {h:?} in {:?}", place.excerpt);
            }
            if place.paragraph.is_some() {
                prop_assert!(place.line.is_some() && place.line_column.is_some(), "{pointer}");
            }
            prop_assert!(imported.report.pointer(pointer).is_some(), "{pointer}: a source for no value");
        }
        prop_assert!(jixiao::schema::validate(&imported.report).iter().all(|d| d.pointer.as_deref() != Some("/claims/0/denominator")));
    }
}
