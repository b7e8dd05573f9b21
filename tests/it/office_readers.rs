//! Document readers: well-formed workbooks and Word documents read into the document model,
//! and hostile files (bombs, entity expansion, lying sizes, wrong kinds) refused with a clear
//! error. Every file is generated here, except the published seed report.

use std::io::{Cursor, Write};

use jixiao::import::model::{Block, Cell, Document, DocumentKind, NumberCell, Paragraph, Table, TableOrigin};
use jixiao::import::{Limits, ReadError, read, read_with_limits};
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Workbook};
use zip::write::SimpleFileOptions;

// ---------------------------------------------------------------------------------------------
// Helpers

fn dec(text: &str) -> Decimal {
    text.parse().expect("decimal literal")
}

fn tables(document: &Document) -> Vec<&Table> {
    document.blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).collect()
}

fn paragraphs(document: &Document) -> Vec<&Paragraph> {
    document.blocks.iter().filter_map(|b| if let Block::Paragraph(p) = b { Some(p) } else { None }).collect()
}

fn texts(table: &Table) -> Vec<Vec<&str>> {
    table.rows.iter().map(|row| row.iter().map(|c| c.text.as_str()).collect()).collect()
}

/// A ZIP written with the `zip` crate, deflated.
fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in parts {
        writer.start_file(*name, SimpleFileOptions::default()).expect("start entry");
        writer.write_all(data).expect("write entry");
    }
    writer.finish().expect("finish zip").into_inner()
}

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

fn docx_of(body: &str, numbering: Option<&str>, styles: Option<&str>) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}</w:body></w:document>"#
    );
    let content_types = r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#;
    let mut parts: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), content_types.as_bytes().to_vec()),
        ("word/document.xml".into(), document.into_bytes()),
    ];
    if let Some(numbering) = numbering {
        parts.push((
            "word/numbering.xml".into(),
            format!(r#"<?xml version="1.0"?><w:numbering {W}>{numbering}</w:numbering>"#).into_bytes(),
        ));
    }
    if let Some(styles) = styles {
        parts.push((
            "word/styles.xml".into(),
            format!(r#"<?xml version="1.0"?><w:styles {W}>{styles}</w:styles>"#).into_bytes(),
        ));
    }
    let borrowed: Vec<(&str, &[u8])> = parts.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect();
    zip_of(&borrowed)
}

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

/// One entry of a hand-built ZIP, where the sizes and CRC are whatever the test says.
struct RawEntry<'a> {
    name: &'a str,
    /// 0 stored, 8 deflated.
    method: u16,
    data: &'a [u8],
    declared_size: u32,
    crc: u32,
}

/// A ZIP built byte by byte, so that it can lie about sizes.
fn raw_zip(entries: &[RawEntry<'_>]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for entry in entries {
        let offset = out.len() as u32;
        let header = |sig: u32, central: bool| {
            let mut h = Vec::new();
            h.extend_from_slice(&sig.to_le_bytes());
            if central {
                h.extend_from_slice(&20u16.to_le_bytes());
            }
            h.extend_from_slice(&20u16.to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes());
            h.extend_from_slice(&entry.method.to_le_bytes());
            h.extend_from_slice(&0u32.to_le_bytes());
            h.extend_from_slice(&entry.crc.to_le_bytes());
            h.extend_from_slice(&(entry.data.len() as u32).to_le_bytes());
            h.extend_from_slice(&entry.declared_size.to_le_bytes());
            h.extend_from_slice(&(entry.name.len() as u16).to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes());
            if central {
                // Comment length, disk, internal and external attributes, then the offset.
                h.extend_from_slice(&[0; 6]);
                h.extend_from_slice(&0u32.to_le_bytes());
                h.extend_from_slice(&offset.to_le_bytes());
            }
            h.extend_from_slice(entry.name.as_bytes());
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend_from_slice(entry.data);
        central.extend(header(0x0201_4b50, true));
    }
    let central_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&central_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// Raw deflate of `chunks` MiB of zeros, built from one compressed MiB repeated: each repeat
/// only refers back to zeros, so the stream is valid and inflates to `chunks` MiB.
fn deflated_zeros(chunks: usize) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress};
    let mut compress = Compress::new(Compression::best(), false);
    let zeros = vec![0u8; 1 << 20];
    let mut chunk = Vec::with_capacity(1 << 16);
    compress.compress_vec(&zeros, &mut chunk, FlushCompress::Sync).expect("compress");
    let mut stream = Vec::with_capacity(chunk.len() * chunks + 8);
    for _ in 0..chunks {
        stream.extend_from_slice(&chunk);
    }
    // An empty final stored block ends the stream.
    stream.extend_from_slice(&[0x01, 0x00, 0x00, 0xFF, 0xFF]);
    stream
}

/// A minimal OLE compound file holding the named streams.
fn compound_of(streams: &[(&str, &[u8])]) -> Vec<u8> {
    let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).expect("create cfb");
    for (name, data) in streams {
        let mut stream = file.create_stream(format!("/{name}")).expect("create stream");
        stream.write_all(data).expect("write stream");
    }
    file.flush().expect("flush cfb");
    file.into_inner().into_inner()
}

fn err(result: Result<(DocumentKind, Document), ReadError>) -> ReadError {
    match result {
        Ok((kind, _)) => panic!("expected an error, read a {kind:?}"),
        Err(error) => error,
    }
}

// ---------------------------------------------------------------------------------------------
// Well-formed workbooks

fn form_workbook() -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("项目支出绩效自评表").expect("name");
    let percent = Format::new().set_num_format("0.00%");
    let money = Format::new().set_num_format("#,##0.00");
    sheet.merge_range(0, 0, 0, 3, "项目支出绩效自评表", &Format::new()).expect("merge title");
    sheet.write_string(1, 0, "项目资金（万元）").expect("write");
    sheet.merge_range(1, 0, 3, 0, "项目资金（万元）", &Format::new()).expect("merge down");
    sheet.write_string(1, 1, "全年预算数").expect("write");
    sheet.write_number_with_format(1, 2, 2322.6, &money).expect("write");
    sheet.write_string(2, 1, "执行率").expect("write");
    sheet.write_number_with_format(2, 2, 0.962, &percent).expect("write");
    sheet.write_number(3, 1, 95.16).expect("write");
    sheet.write_formula(3, 2, "=1/0").expect("write");
    sheet.write_boolean(3, 3, true).expect("write");
    let notes = workbook.add_worksheet();
    notes.set_name("说明").expect("name");
    notes.write_string(0, 0, "单位：万元").expect("write");
    workbook.save_to_buffer().expect("save workbook")
}

#[test]
fn a_workbook_reads_as_one_table_per_sheet_with_cells_as_displayed() {
    let (kind, document) = read(&form_workbook(), "自评表.xlsx").expect("read workbook");
    assert_eq!(kind, DocumentKind::Xlsx);
    let sheets = tables(&document);
    assert_eq!(sheets.len(), 2);
    let form = sheets[0];
    assert_eq!(form.origin, TableOrigin::Sheet { name: "项目支出绩效自评表".into() });
    assert_eq!(form.rows.len(), 4);
    assert_eq!(form.rows[0].len(), 4);
    assert_eq!(form.rows[1][2].text, "2,322.60");
    assert_eq!(
        form.rows[1][2].number,
        Some(NumberCell { value: dec("2322.6"), format: Some("#,##0.00".into()) })
    );
    assert_eq!(form.rows[2][2].text, "96.20%");
    assert_eq!(form.rows[2][2].number.as_ref().map(|n| n.value), Some(dec("0.962")));
    assert_eq!(form.rows[3][1].text, "95.16");
    assert_eq!(form.rows[3][3].text, "TRUE");
    assert_eq!(texts(sheets[1]), vec![vec!["单位：万元"]]);
}

#[test]
fn merged_regions_give_covered_cells_the_origin_text_and_where_it_is() {
    let (_, document) = read(&form_workbook(), "自评表.xlsx").expect("read workbook");
    let form = tables(&document)[0];
    assert_eq!(form.rows[0][0], Cell { text: "项目支出绩效自评表".into(), number: None, merged_from: None });
    assert_eq!(form.rows[0][3].text, "项目支出绩效自评表");
    assert_eq!(form.rows[0][3].merged_from, Some((0, 0)));
    assert_eq!(form.rows[3][0].text, "项目资金（万元）");
    assert_eq!(form.rows[3][0].merged_from, Some((1, 0)));
    assert_eq!(form.rows[1][0].merged_from, None);
}

#[test]
fn an_unwritten_formula_result_is_empty_and_a_cached_error_shows_as_excel_writes_it() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "得分").expect("write");
    sheet.write_formula(0, 1, rust_xlsxwriter::Formula::new("=1/0").set_result("#DIV/0!")).expect("write");
    let bytes = workbook.save_to_buffer().expect("save");
    let (_, document) = read(&bytes, "book.xlsx").expect("read");
    let sheet = tables(&document)[0];
    assert_eq!(sheet.rows[0][1].text, "#DIV/0!");
}

// ---------------------------------------------------------------------------------------------
// Well-formed Word documents

const NUMBERING: &str = r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="0"/></w:num>"#;

const STYLES: &str = r#"<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="a5"><w:name w:val="标题 2"/></w:style>"#;

fn numbered(level: usize, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
    )
}

fn sample_docx() -> Vec<u8> {
    let body = [
        r#"<w:p><w:pPr><w:pStyle w:val="1"/></w:pPr><w:r><w:t>部门整体支出绩效自评报告</w:t></w:r></w:p>"#.to_owned(),
        numbered(0, "基本情况"),
        numbered(1, "部门概况"),
        numbered(1, "部门职能"),
        numbered(0, "综合评价分析"),
        r#"<w:p><w:pPr><w:pStyle w:val="a5"/></w:pPr><w:r><w:t xml:space="preserve">预算执行率 </w:t></w:r><w:r><w:tab/><w:t>96.2%</w:t><w:br/><w:t>第二行</w:t></w:r><w:del><w:r><w:delText>删掉的字</w:delText></w:r></w:del><w:ins><w:r><w:t>插入的字</w:t></w:r></w:ins><w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#.to_owned(),
        // A table: header with a two-column span; a vertical merge down the first column; a row
        // starting one grid column in.
        concat!(
            "<w:tbl>",
            r#"<w:tr><w:tc><w:p><w:r><w:t>工作任务</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>绩效指标</w:t></w:r></w:p></w:tc></w:tr>"#,
            r#"<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>加强基层</w:t></w:r></w:p><w:p><w:r><w:t>党组织建设</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>指标1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>100%</w:t></w:r></w:p></w:tc></w:tr>"#,
            r#"<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>指标2</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>内表</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc><w:tc><w:p><w:r><w:t>24%</w:t></w:r></w:p></w:tc></w:tr>"#,
            r#"<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:tc><w:p><w:r><w:t>合计</w:t></w:r></w:p></w:tc></w:tr>"#,
            "</w:tbl>",
        )
        .to_owned(),
        r#"<mc:AlternateContent><mc:Choice Requires="wps"><w:p><w:r><w:t>文本框</w:t></w:r></w:p></mc:Choice><mc:Fallback><w:p><w:r><w:t>文本框</w:t></w:r></w:p></mc:Fallback></mc:AlternateContent>"#.to_owned(),
        p("结束"),
    ]
    .concat();
    docx_of(&body, Some(NUMBERING), Some(STYLES))
}

#[test]
fn a_word_document_reads_as_paragraphs_and_tables_in_body_order() {
    let (kind, document) = read(&sample_docx(), "报告.docx").expect("read docx");
    assert_eq!(kind, DocumentKind::Docx);
    let kinds: Vec<&str> =
        document.blocks.iter().map(|b| if let Block::Table(_) = b { "table" } else { "p" }).collect();
    assert_eq!(kinds, ["p", "p", "p", "p", "p", "p", "table", "table", "p", "p"]);
    let paragraphs = paragraphs(&document);
    let numbers: Vec<usize> = paragraphs.iter().map(|p| p.number).collect();
    assert_eq!(numbers, (1..=8).collect::<Vec<_>>());
    assert_eq!(paragraphs[0].heading, Some(1));
    assert_eq!(paragraphs[0].text, "部门整体支出绩效自评报告");
    assert_eq!(paragraphs[5].heading, Some(2));
    assert_eq!(paragraphs[6].text, "文本框");
    assert_eq!(paragraphs[7].text, "结束");
}

#[test]
fn numbering_labels_are_counted_as_word_counts_and_kept_apart_from_the_text() {
    let (_, document) = read(&sample_docx(), "报告.docx").expect("read docx");
    let labelled: Vec<(Option<&str>, &str)> =
        paragraphs(&document)[1..5].iter().map(|p| (p.label.as_deref(), p.text.as_str())).collect();
    assert_eq!(
        labelled,
        [
            (Some("一、"), "基本情况"),
            (Some("（一）"), "部门概况"),
            (Some("（二）"), "部门职能"),
            (Some("二、"), "综合评价分析"),
        ]
    );
    assert_eq!(paragraphs(&document)[0].label, None);
}

#[test]
fn runs_keep_tabs_and_breaks_and_drop_deleted_text_and_field_codes() {
    let (_, document) = read(&sample_docx(), "报告.docx").expect("read docx");
    assert_eq!(paragraphs(&document)[5].text, "预算执行率 \t96.2%\n第二行插入的字链接3");
}

#[test]
fn word_tables_resolve_spans_vertical_merges_grid_offsets_and_nested_tables() {
    let (_, document) = read(&sample_docx(), "报告.docx").expect("read docx");
    let found = tables(&document);
    assert_eq!(found[0].origin, TableOrigin::WordTable { number: 1 });
    assert_eq!(
        texts(found[0]),
        vec![
            vec!["工作任务", "绩效指标", "绩效指标"],
            vec!["加强基层\n党组织建设", "指标1", "100%"],
            vec!["加强基层\n党组织建设", "指标2", "24%"],
            vec!["", "合计", ""],
        ]
    );
    assert_eq!(found[0].rows[0][2].merged_from, Some((0, 1)));
    assert_eq!(found[0].rows[2][0].merged_from, Some((1, 0)));
    assert_eq!(found[0].rows[1][0].merged_from, None);
    assert_eq!(found[0].label(3, 1), "表1 第4行第2列");
    assert_eq!(found[1].origin, TableOrigin::WordTable { number: 2 });
    assert_eq!(texts(found[1]), vec![vec!["内表"]]);
}

#[test]
fn the_published_seed_report_reads_with_its_known_paragraphs_and_task_table() {
    let bytes = std::fs::read("examples/huadu-2022.docx").expect("seed docx");
    let (kind, document) = read(&bytes, "huadu.docx").expect("read seed");
    assert_eq!(kind, DocumentKind::Docx);
    let all: Vec<String> = paragraphs(&document)
        .iter()
        .map(|p| format!("{}{}", p.label.as_deref().unwrap_or(""), p.text))
        .collect();
    let has = |needle: &str| all.iter().any(|text| text.contains(needle));
    assert!(has("一、基本情况"), "{all:#?}");
    assert!(has("2022年度全年预算数为2,322.6万元，全年执行数为2,233.44万元，预算执行率为96.2%。"));
    assert!(has("绩效自评得分 95.16 分"));
    let task = tables(&document)
        .into_iter()
        .find(|t| t.rows.first().is_some_and(|row| row.iter().any(|c| c.text == "工作任务")))
        .expect("task table");
    assert_eq!(texts(task)[0], vec!["工作任务", "工作内容", "绩效指标完成情况"]);
    assert!(task.rows.len() >= 8, "{} rows", task.rows.len());
    assert!(task.rows.iter().all(|row| row.len() == 3));
    assert!(task.rows[2][0].merged_from.is_some(), "{:?}", texts(task));
}

#[test]
fn the_seed_text_reads_as_one_paragraph_per_line() {
    let bytes = std::fs::read("examples/huadu-2022.txt").expect("seed txt");
    let (kind, document) = read(&bytes, "huadu.txt").expect("read seed text");
    assert_eq!(kind, DocumentKind::Text);
    let first = paragraphs(&document)[0];
    assert_eq!(first.line, Some(3));
    assert!(first.text.starts_with("中国共产党广州市花都区委员会"));
    assert!(paragraphs(&document).iter().any(|p| p.text == "一、基本情况" && p.line == Some(5)));
}

// ---------------------------------------------------------------------------------------------
// Kinds decided by content

#[test]
fn json_is_left_to_the_json_loader() {
    assert_eq!(err(read(b"  {\"version\": 1}", "report.json")), ReadError::Json);
}

#[test]
fn a_jpeg_named_xlsx_is_named_as_a_jpeg() {
    let error = err(read(b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00", "自评表.xlsx"));
    assert!(matches!(&error, ReadError::WrongKind { found, .. } if found.contains("JPEG")), "{error}");
    assert!(error.to_string().contains("自评表.xlsx"));
}

#[test]
fn a_word_document_named_xlsx_is_named_as_a_word_document() {
    let error = err(read(&sample_docx(), "自评表.xlsx"));
    assert!(matches!(&error, ReadError::WrongKind { found, .. } if found.contains("Word")), "{error}");
}

#[test]
fn a_truncated_archive_is_a_damaged_archive() {
    let bytes = form_workbook();
    let error = err(read(&bytes[..bytes.len() / 2], "自评表.xlsx"));
    assert!(matches!(error, ReadError::Damaged { .. }), "{error}");
}

#[test]
fn a_package_without_its_main_part_names_the_missing_part() {
    let bytes = zip_of(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/_rels/document.xml.rels", b"<Relationships/>"),
    ]);
    let error = err(read(&bytes, "报告.docx"));
    assert!(matches!(&error, ReadError::MissingPart { part, .. } if part == "word/document.xml"), "{error}");
}

#[test]
fn an_encrypted_package_named_xlsx_asks_for_a_decrypted_copy() {
    let bytes = compound_of(&[("EncryptionInfo", b"\x04\x00\x04\x00"), ("EncryptedPackage", &[0u8; 64])]);
    let error = err(read(&bytes, "自评表.xlsx"));
    assert_eq!(error, ReadError::Encrypted);
    assert!(error.to_string().contains("文件已加密"));
}

#[test]
fn a_word_97_document_asks_to_be_saved_as_docx() {
    let bytes = compound_of(&[("WordDocument", &[0u8; 64])]);
    let error = err(read(&bytes, "报告.doc"));
    assert_eq!(error, ReadError::LegacyWord);
    assert!(error.to_string().contains("请另存为 .docx"));
}

// ---------------------------------------------------------------------------------------------
// Hostile packages

#[test]
fn a_part_declaring_a_gigabyte_is_refused_before_it_is_inflated() {
    let bomb = deflated_zeros(1024);
    assert!(bomb.len() < 2 << 20, "the bomb is small: {} bytes", bomb.len());
    let bytes = raw_zip(&[RawEntry {
        name: "word/document.xml",
        method: 8,
        data: &bomb,
        declared_size: 1 << 30,
        crc: 0,
    }]);
    let error = err(read(&bytes, "报告.docx"));
    assert!(
        matches!(&error, ReadError::PartTooLarge { part, size, .. } if part == "word/document.xml" && *size == 1 << 30),
        "{error}"
    );
}

#[test]
fn a_part_inflating_past_its_declared_size_is_an_error_not_a_gigabyte() {
    let bomb = deflated_zeros(1024);
    let bytes = raw_zip(&[RawEntry {
        name: "word/document.xml",
        method: 8,
        data: &bomb,
        declared_size: 4096,
        crc: 0,
    }]);
    let error = err(read(&bytes, "报告.docx"));
    assert!(matches!(error, ReadError::Damaged { .. }), "{error}");
}

#[test]
fn parts_together_beyond_the_total_are_refused() {
    let limits = Limits { max_part_bytes: 1000, max_total_bytes: 1500, ..Limits::default() };
    let filler = vec![b' '; 900];
    let bytes = zip_of(&[
        ("xl/workbook.xml", &filler),
        ("xl/styles.xml", &filler),
        ("[Content_Types].xml", b"<Types/>"),
    ]);
    let error = err(read_with_limits(&bytes, "book.xlsx", &limits));
    assert!(matches!(error, ReadError::TotalTooLarge { limit: 1500, .. }), "{error}");
}

#[test]
fn a_hundred_thousand_entries_are_refused_from_the_directory_end() {
    let entries: Vec<String> = (0..100_000).map(|i| format!("x/{i}.xml")).collect();
    let raw: Vec<RawEntry<'_>> = entries
        .iter()
        .map(|name| RawEntry { name, method: 0, data: b"", declared_size: 0, crc: 0 })
        .collect();
    // More than 65 535 entries saturates the classic count field; the ZIP64 record is absent,
    // so the guard reads the saturated count, which is already beyond the limit.
    let bytes = raw_zip(&raw);
    let error = err(read(&bytes, "book.xlsx"));
    assert!(matches!(error, ReadError::TooManyEntries { limit: 10_000, .. }), "{error}");
}

#[test]
fn overlapping_entries_are_refused() {
    let data = b"<w:document/>";
    let mut bytes = raw_zip(&[
        RawEntry { name: "word/document.xml", method: 0, data, declared_size: data.len() as u32, crc: 0 },
        RawEntry { name: "word/styles.xml", method: 0, data, declared_size: data.len() as u32, crc: 0 },
    ]);
    // Point the second central directory entry at the first entry's local header.
    let second = bytes
        .windows(4)
        .enumerate()
        .filter(|(_, w)| *w == b"PK\x01\x02")
        .nth(1)
        .map(|(at, _)| at)
        .expect("second central entry");
    bytes[second + 42..second + 46].copy_from_slice(&0u32.to_le_bytes());
    let error = err(read(&bytes, "报告.docx"));
    assert_eq!(error, ReadError::OverlappingEntries);
}

const LAUGHS: &str = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>"#;

#[test]
fn entity_expansion_in_a_word_document_is_refused_as_a_dtd() {
    let document = format!(
        "{LAUGHS}<w:document {W}><w:body><w:p><w:r><w:t>&lol4;</w:t></w:r></w:p></w:body></w:document>"
    );
    let bytes = zip_of(&[("word/document.xml", document.as_bytes())]);
    let error = err(read(&bytes, "报告.docx"));
    assert_eq!(error, ReadError::Dtd { part: "word/document.xml".into() });
}

#[test]
fn an_external_entity_in_a_word_document_is_refused_as_a_dtd() {
    let document = format!(
        r#"<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><w:document {W}><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"#
    );
    let bytes = zip_of(&[("word/document.xml", document.as_bytes())]);
    assert!(matches!(err(read(&bytes, "报告.docx")), ReadError::Dtd { .. }));
}

/// A one-sheet workbook with one of its parts replaced.
fn workbook_with_part(part: &str, xml: &str) -> Vec<u8> {
    workbook_with_part_bytes(part, xml.as_bytes())
}

/// A workbook with `part` replaced by `bytes`, which need not be text.
fn workbook_with_part_bytes(part: &str, bytes: &[u8]) -> Vec<u8> {
    let mut workbook = Workbook::new();
    workbook.add_worksheet().write_string(0, 0, "占位").expect("write");
    let original = workbook.save_to_buffer().expect("save");
    let mut archive = zip::ZipArchive::new(Cursor::new(original)).expect("reopen");
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).expect("entry");
        let name = file.name().expect("entry name").into_owned();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut file, &mut data).expect("read entry");
        if name == part {
            data = bytes.to_vec();
        }
        writer.start_file(name, SimpleFileOptions::default()).expect("start");
        writer.write_all(&data).expect("write");
    }
    writer.finish().expect("finish").into_inner()
}

fn workbook_with_sheet(sheet_xml: &str) -> Vec<u8> {
    workbook_with_part("xl/worksheets/sheet1.xml", sheet_xml)
}

const SHEET_NS: &str = r#"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main""#;

#[test]
fn a_cell_at_xfd1048576_refuses_the_sheet_by_name_without_allocating_it() {
    let sheet = format!(
        r#"<?xml version="1.0"?><worksheet {SHEET_NS}><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row></sheetData></worksheet>"#
    );
    let error = err(read(&workbook_with_sheet(&sheet), "book.xlsx"));
    match &error {
        ReadError::SheetTooLarge { sheet, detail, .. } => {
            assert_eq!(sheet, "Sheet1");
            assert!(detail.contains("XFD1048576"), "{detail}");
        }
        other => panic!("unexpected {other}"),
    }
    assert!(error.to_string().contains("Sheet1"));
}

#[test]
fn entity_expansion_in_a_sheet_yields_no_expansion() {
    let sheet = format!(
        r#"{LAUGHS}<worksheet {SHEET_NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol4;</t></is></c></row></sheetData></worksheet>"#
    );
    match read(&workbook_with_sheet(&sheet), "book.xlsx") {
        Err(error) => assert!(!error.to_string().is_empty()),
        Ok((_, document)) => {
            let cell = &tables(&document)[0].rows[0][0].text;
            assert!(cell.len() < 100, "entity expanded to {} bytes", cell.len());
        }
    }
}

#[test]
fn a_shared_string_count_beyond_the_part_is_refused_before_it_is_reserved() {
    let sst = format!(
        r#"<?xml version="1.0"?><sst {SHEET_NS} count="1" uniqueCount="1000000000000"><si><t>占位</t></si></sst>"#
    );
    let bytes = workbook_with_part("xl/sharedStrings.xml", &sst);
    let error = err(read(&bytes, "book.xlsx"));
    assert!(
        matches!(&error, ReadError::Workbook { place, .. } if place == "xl/sharedStrings.xml"),
        "{error}"
    );
}

/// A part cut short inside a character: the parser's complaint is put in Chinese first, with
/// its own words kept in brackets, and the user is told how to get a readable file.
#[test]
fn a_damaged_part_is_described_in_chinese_with_the_way_out() {
    let whole = format!(
        r#"<?xml version="1.0"?><sst {SHEET_NS} count="1" uniqueCount="1"><si><t>占位</t></si></sst>"#
    );
    let cut = whole.find("占").map_or(whole.len(), |at| at + 1);
    let mut bytes = whole.into_bytes();
    bytes.truncate(cut);
    let error = err(read(&workbook_with_part_bytes("xl/sharedStrings.xml", &bytes), "book.xlsx"));
    let message = error.to_string();
    assert!(matches!(&error, ReadError::Workbook { .. }), "{message}");
    assert!(message.contains("：XML 内容已损坏或不完整（"), "{message}");
    assert!(message.ends_with("另存为 .xlsx 再检查"), "{message}");
}

#[test]
fn deeply_nested_xml_is_refused_with_the_part_named() {
    let depth = 100_000;
    let document = format!(
        "<w:document {W}><w:body><w:p>{}{}</w:p></w:body></w:document>",
        "<w:hyperlink>".repeat(depth),
        "</w:hyperlink>".repeat(depth)
    );
    let bytes = zip_of(&[("word/document.xml", document.as_bytes())]);
    let error = err(read(&bytes, "报告.docx"));
    assert!(matches!(&error, ReadError::Xml { part, .. } if part == "word/document.xml"), "{error}");
}

#[test]
fn a_word_table_wider_than_the_limit_is_refused_by_table_number() {
    let body =
        r#"<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="4000000000"/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>"#;
    let error = err(read(&docx_of(body, None, None), "报告.docx"));
    assert!(matches!(&error, ReadError::SheetTooLarge { sheet, .. } if sheet == "表1"), "{error}");
}

// ---------------------------------------------------------------------------------------------
// Binary workbooks (.xls), built record by record

fn record(kind: u16, data: &[u8]) -> Vec<u8> {
    let mut out = kind.to_le_bytes().to_vec();
    out.extend_from_slice(&(data.len() as u16).to_le_bytes());
    out.extend_from_slice(data);
    out
}

fn bof(substream: u16) -> Vec<u8> {
    let mut data = 0x0600u16.to_le_bytes().to_vec();
    data.extend_from_slice(&substream.to_le_bytes());
    data.extend_from_slice(&[0; 12]);
    record(0x0809, &data)
}

fn dimensions(
    first_row: u32,
    last_row_plus_one: u32,
    first_column: u16,
    last_column_plus_one: u16,
) -> Vec<u8> {
    let mut data = first_row.to_le_bytes().to_vec();
    data.extend_from_slice(&last_row_plus_one.to_le_bytes());
    data.extend_from_slice(&first_column.to_le_bytes());
    data.extend_from_slice(&last_column_plus_one.to_le_bytes());
    data.extend_from_slice(&[0; 2]);
    record(0x0200, &data)
}

fn number(row: u16, column: u16, value: f64) -> Vec<u8> {
    let mut data = row.to_le_bytes().to_vec();
    data.extend_from_slice(&column.to_le_bytes());
    data.extend_from_slice(&0u16.to_le_bytes());
    data.extend_from_slice(&value.to_le_bytes());
    record(0x0203, &data)
}

fn label(row: u16, column: u16, text: &str) -> Vec<u8> {
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut data = row.to_le_bytes().to_vec();
    data.extend_from_slice(&column.to_le_bytes());
    data.extend_from_slice(&0u16.to_le_bytes());
    data.extend_from_slice(&(units.len() as u16).to_le_bytes());
    data.push(1);
    for unit in units {
        data.extend_from_slice(&unit.to_le_bytes());
    }
    record(0x0204, &data)
}

fn merge(first_row: u16, last_row: u16, first_column: u16, last_column: u16) -> Vec<u8> {
    let mut data = 1u16.to_le_bytes().to_vec();
    for value in [first_row, last_row, first_column, last_column] {
        data.extend_from_slice(&value.to_le_bytes());
    }
    record(0x00E5, &data)
}

/// An .xls holding one sheet named `name` with the given records between its BOF and EOF.
fn xls_of(name: &str, sheet_records: &[Vec<u8>]) -> Vec<u8> {
    let boundsheet_len = 4 + 8 + name.len();
    let globals_len = bof(0x0005).len() + boundsheet_len + 4;
    let mut boundsheet = (globals_len as u32).to_le_bytes().to_vec();
    boundsheet.extend_from_slice(&[0, 0, name.len() as u8, 0]);
    boundsheet.extend_from_slice(name.as_bytes());
    let mut stream = bof(0x0005);
    stream.extend(record(0x0085, &boundsheet));
    stream.extend(record(0x000A, &[]));
    assert_eq!(stream.len(), globals_len);
    stream.extend(bof(0x0010));
    for sheet_record in sheet_records {
        stream.extend_from_slice(sheet_record);
    }
    stream.extend(record(0x000A, &[]));
    compound_of(&[("Workbook", &stream)])
}

#[test]
fn an_xls_sheet_reads_its_cells_plainly_with_merges_resolved() {
    let bytes = xls_of(
        "Sheet1",
        &[
            dimensions(0, 3, 0, 3),
            label(0, 0, "项目支出绩效自评表"),
            merge(0, 0, 0, 2),
            label(1, 0, "执行率"),
            number(1, 1, 0.962),
            number(2, 2, 2322.6),
        ],
    );
    let (kind, document) = read(&bytes, "自评表.xls").expect("read xls");
    assert_eq!(kind, DocumentKind::Xls);
    let sheet = tables(&document)[0];
    assert_eq!(sheet.origin, TableOrigin::Sheet { name: "Sheet1".into() });
    assert_eq!(
        texts(sheet),
        vec![
            vec!["项目支出绩效自评表", "项目支出绩效自评表", "项目支出绩效自评表"],
            vec!["执行率", "0.962", ""],
            vec!["", "", "2322.6"],
        ]
    );
    assert_eq!(sheet.rows[0][2].merged_from, Some((0, 0)));
    assert_eq!(sheet.rows[1][1].number, Some(NumberCell { value: dec("0.962"), format: None }));
}

#[test]
fn an_xls_sheet_whose_dimensions_claim_four_billion_rows_is_refused_before_parsing() {
    let bytes = xls_of("Sheet1", &[dimensions(0, u32::MAX, 0, 255), number(0, 0, 1.0)]);
    let error = err(read(&bytes, "自评表.xls"));
    assert!(matches!(&error, ReadError::SheetTooLarge { sheet, .. } if sheet == "Sheet1"), "{error}");
}

#[test]
fn an_xls_dimensions_record_ending_before_it_starts_is_refused() {
    let bytes = xls_of("Sheet1", &[dimensions(10, 5, 0, 3), number(0, 0, 1.0)]);
    let error = err(read(&bytes, "自评表.xls"));
    assert!(matches!(&error, ReadError::Workbook { place, .. } if place == "Sheet1"), "{error}");
}

#[test]
fn an_xls_cell_beyond_the_row_limit_refuses_the_sheet_by_name() {
    let bytes = xls_of("Sheet2", &[number(0, 0, 1.0), number(65_000, 255, 2.0)]);
    let error = err(read(&bytes, "自评表.xls"));
    assert!(
        matches!(&error, ReadError::SheetTooLarge { sheet, detail, .. } if sheet == "Sheet2" && detail.contains("65001")),
        "{error}"
    );
}

#[test]
fn overlapping_merged_regions_are_refused_with_the_cell_named() {
    let sheet = format!(
        r#"<?xml version="1.0"?><worksheet {SHEET_NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>甲</t></is></c><c r="B1" t="inlineStr"><is><t>乙</t></is></c></row><row r="2"><c r="C2"><v>1</v></c></row></sheetData><mergeCells count="2"><mergeCell ref="A1:B2"/><mergeCell ref="B1:C2"/></mergeCells></worksheet>"#
    );
    let error = err(read(&workbook_with_sheet(&sheet), "book.xlsx"));
    assert!(matches!(&error, ReadError::Workbook { place, .. } if place == "Sheet1!B1"), "{error}");
}

#[test]
fn dates_show_as_dates_and_keep_their_serial_number() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet
        .write_number_with_format(0, 0, 44927.0, &Format::new().set_num_format("yyyy-mm-dd"))
        .expect("write");
    sheet
        .write_number_with_format(0, 1, 44927.0, &Format::new().set_num_format("yyyy\"年\"m\"月\"d\"日\""))
        .expect("write");
    let (_, document) = read(&workbook.save_to_buffer().expect("save"), "book.xlsx").expect("read");
    let row = &tables(&document)[0].rows[0];
    assert_eq!(row[0].text, "2023-01-01");
    assert_eq!(row[0].number.as_ref().map(|n| n.value), Some(dec("44927")));
    assert_eq!(row[1].text, "2023年1月1日");
}

#[test]
fn formatted_blank_cells_far_away_do_not_widen_the_table() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(1, 1, "得分").expect("write");
    sheet.write_blank(9_999, 199, &Format::new().set_bold()).expect("write blank");
    let (_, document) = read(&workbook.save_to_buffer().expect("save"), "book.xlsx").expect("read");
    assert_eq!(texts(tables(&document)[0]), vec![vec!["", ""], vec!["", "得分"]]);
}

#[test]
fn a_workbook_part_with_a_document_type_declaration_is_refused_by_name() {
    let sheet = br#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&a;</t></is></c></row></sheetData></worksheet>"#;
    let workbook = br#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let rels = br#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
    let bytes = zip_of(&[
        ("[Content_Types].xml", b"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", rels),
        ("xl/worksheets/sheet1.xml", sheet),
    ]);
    match err(read(&bytes, "form.xlsx")) {
        ReadError::Dtd { part } => assert_eq!(part, "xl/worksheets/sheet1.xml"),
        other => panic!("expected a refused DTD, got {other:?}"),
    }
}
