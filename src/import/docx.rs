//! `.docx` documents → body paragraphs and tables, in order, as [`Block`]s.
//!
//! The package goes through the [archive guard](super::archive) and each XML part through
//! roxmltree with DTDs refused (no entity expansion, no external entities) and a node limit.
//!
//! - Text: `w:t`, `w:tab` → `\t`, `w:br`/`w:cr` → `\n`; deleted and moved-away text
//!   (`w:del`, `w:delText`, `w:moveFrom`) and field instructions (`w:instrText`) are dropped;
//!   hyperlinks, smart tags, custom XML, content controls, simple fields, insertions and
//!   moved-to text are read through. Of an `mc:AlternateContent` only the first branch is read,
//!   since text boxes appear in both and would otherwise be doubled.
//! - Tables: `w:gridBefore` shifts a row, `w:gridSpan` widens a cell, `w:vMerge` continues the
//!   cell above and legacy `w:hMerge` the cell to the left; covered grid cells carry the
//!   origin's text and `merged_from`. Nested tables follow their outer table, numbered in body
//!   order. A cell's paragraphs are joined with `\n`, numbering labels included, since a cell
//!   has no place for them apart.
//! - Headings: from the outline level of the paragraph or its style, or a style named
//!   `heading N` / `标题 N`.
//! - Numbering: `w:numPr` (direct or from the style) → `numbering.xml` formats and `w:lvlText`,
//!   counted as Word counts, into [`Paragraph::label`], apart from the typed text.

use std::collections::HashMap;

use roxmltree::{Document as Xml, Node, ParsingOptions};

use super::archive::{Archive, xml_text};
use super::error::ReadError;
use super::model::{Block, Cell, Document, Paragraph, Table, TableOrigin};
use super::read::Limits;

const DOCUMENT_PART: &str = "word/document.xml";
const STYLES_PART: &str = "word/styles.xml";
const NUMBERING_PART: &str = "word/numbering.xml";
/// Element nesting followed; real documents stay far below (a table in a table in a cell).
const MAX_DEPTH: usize = 128;
/// `basedOn` links followed from one style.
const MAX_STYLE_CHAIN: usize = 16;
/// Numbering levels Word defines.
const LEVELS: usize = 9;

pub(crate) fn read_docx(bytes: &[u8], limits: &Limits) -> Result<Document, ReadError> {
    let mut archive = Archive::open(bytes, limits)?;
    let document_text = part_text(&mut archive, DOCUMENT_PART)?.ok_or_else(|| ReadError::MissingPart {
        part: DOCUMENT_PART.to_owned(),
        kind: "Word 文档".to_owned(),
    })?;
    let styles_text = part_text(&mut archive, STYLES_PART)?;
    let numbering_text = part_text(&mut archive, NUMBERING_PART)?;

    let styles = match &styles_text {
        Some(text) => Styles::parse(&parse_xml(STYLES_PART, text, limits)?),
        None => Styles::default(),
    };
    let numbering = match &numbering_text {
        Some(text) => Numbering::parse(&parse_xml(NUMBERING_PART, text, limits)?),
        None => Numbering::default(),
    };
    let xml = parse_xml(DOCUMENT_PART, &document_text, limits)?;
    let body = xml
        .root_element()
        .children()
        .find(|n| is(n, "body"))
        .ok_or_else(|| ReadError::Xml { part: DOCUMENT_PART.into(), detail: "缺少 w:body".into() })?;
    let mut reader = BodyReader {
        styles,
        numbering,
        counters: HashMap::new(),
        limits: *limits,
        paragraphs: 0,
        tables: 0,
        blocks: Vec::new(),
    };
    reader.block_content(body, 0)?;
    Ok(Document { blocks: reader.blocks })
}

fn part_text(archive: &mut Archive<'_>, part: &str) -> Result<Option<String>, ReadError> {
    match archive.read_xml_part(part)? {
        Some(data) => xml_text(part, data).map(Some),
        None => Ok(None),
    }
}

fn parse_xml<'t>(part: &str, text: &'t str, limits: &Limits) -> Result<Xml<'t>, ReadError> {
    let options =
        ParsingOptions { allow_dtd: false, nodes_limit: limits.max_xml_nodes, entity_resolver: None };
    Xml::parse_with_options(text, options).map_err(|err| match err {
        roxmltree::Error::DtdDetected => ReadError::Dtd { part: part.to_owned() },
        roxmltree::Error::NodesLimitReached => ReadError::Xml {
            part: part.to_owned(),
            detail: format!("节点数超过上限 {}", limits.max_xml_nodes),
        },
        other => ReadError::Xml { part: part.to_owned(), detail: other.to_string() },
    })
}

fn is(node: &Node<'_, '_>, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|n| is(n, name))
}

/// The `w:val` (any namespace prefix) of an element.
fn val<'a>(node: Node<'a, '_>) -> Option<&'a str> {
    node.attributes().find(|a| a.name() == "val").map(|a| a.value())
}

fn child_val<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    child(node, name).and_then(val)
}

fn too_deep() -> ReadError {
    ReadError::Xml { part: DOCUMENT_PART.into(), detail: format!("元素嵌套超过 {MAX_DEPTH} 层") }
}

/// Paragraph styles: heading level and numbering of each style id.
#[derive(Default)]
struct Styles {
    by_id: HashMap<String, StyleInfo>,
}

#[derive(Default, Clone)]
struct StyleInfo {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    num: Option<(String, usize)>,
}

impl Styles {
    fn parse(xml: &Xml<'_>) -> Self {
        let mut by_id = HashMap::new();
        for style in xml.root_element().children().filter(|n| is(n, "style")) {
            let Some(id) = style.attributes().find(|a| a.name() == "styleId").map(|a| a.value()) else {
                continue;
            };
            let ppr = child(style, "pPr");
            let info = StyleInfo {
                name: child_val(style, "name").unwrap_or("").to_owned(),
                based_on: child_val(style, "basedOn").map(str::to_owned),
                outline: ppr.and_then(|p| child_val(p, "outlineLvl")).and_then(outline_level),
                num: ppr.and_then(num_pr),
            };
            by_id.insert(id.to_owned(), info);
        }
        Styles { by_id }
    }

    /// The style and its ancestors, nearest first.
    fn chain(&self, id: &str) -> Vec<&StyleInfo> {
        let mut chain = Vec::new();
        let mut next = Some(id);
        while let Some(id) = next {
            let Some(info) = self.by_id.get(id) else { break };
            chain.push(info);
            if chain.len() >= MAX_STYLE_CHAIN {
                break;
            }
            next = info.based_on.as_deref();
        }
        chain
    }

    fn heading(&self, id: &str) -> Option<u8> {
        if let Some(level) = heading_from_name(id) {
            return Some(level);
        }
        self.chain(id).iter().find_map(|info| heading_from_name(&info.name).or(info.outline))
    }

    fn num(&self, id: &str) -> Option<(String, usize)> {
        self.chain(id).iter().find_map(|info| info.num.clone())
    }
}

/// `heading 2`, `Heading2`, `标题 2`, `标题2` → 2.
fn heading_from_name(name: &str) -> Option<u8> {
    let lower = name.to_lowercase();
    let rest = lower.strip_prefix("heading").or_else(|| lower.strip_prefix("标题"))?;
    let level: u8 = rest.trim().parse().ok()?;
    (1..=9).contains(&level).then_some(level)
}

/// `w:outlineLvl` is 0-based, and 9 means body text.
fn outline_level(value: &str) -> Option<u8> {
    let level: u8 = value.parse().ok()?;
    (level < 9).then_some(level + 1)
}

/// `w:numPr` → (numId, level).
fn num_pr(ppr: Node<'_, '_>) -> Option<(String, usize)> {
    let num = child(ppr, "numPr")?;
    let id = child_val(num, "numId")?.to_owned();
    let level = child_val(num, "ilvl").and_then(|v| v.parse().ok()).unwrap_or(0usize);
    Some((id, level.min(LEVELS - 1)))
}

/// One level of a list definition.
#[derive(Clone, Default)]
struct Level {
    format: String,
    text: String,
    start: u32,
}

/// `numbering.xml`: list instances and their abstract definitions.
#[derive(Default)]
struct Numbering {
    abstracts: HashMap<String, Vec<Level>>,
    /// numId → (abstractNumId, start overrides by level).
    nums: HashMap<String, (String, Vec<(usize, u32)>)>,
}

impl Numbering {
    fn parse(xml: &Xml<'_>) -> Self {
        let mut numbering = Numbering::default();
        let attribute = |node: Node<'_, '_>, name: &str| {
            node.attributes().find(|a| a.name() == name).map(|a| a.value().to_owned())
        };
        for node in xml.root_element().children() {
            if is(&node, "abstractNum") {
                let Some(id) = attribute(node, "abstractNumId") else { continue };
                let mut levels = vec![Level { start: 1, ..Level::default() }; LEVELS];
                for lvl in node.children().filter(|n| is(n, "lvl")) {
                    let Some(index) = attribute(lvl, "ilvl").and_then(|v| v.parse::<usize>().ok()) else {
                        continue;
                    };
                    if let Some(level) = levels.get_mut(index) {
                        level.format = child_val(lvl, "numFmt").unwrap_or("decimal").to_owned();
                        level.text = child_val(lvl, "lvlText").unwrap_or("").to_owned();
                        level.start = child_val(lvl, "start").and_then(|v| v.parse().ok()).unwrap_or(1);
                    }
                }
                numbering.abstracts.insert(id, levels);
            } else if is(&node, "num") {
                let Some(id) = attribute(node, "numId") else { continue };
                let Some(abstract_id) = child_val(node, "abstractNumId") else { continue };
                let mut overrides = Vec::new();
                for over in node.children().filter(|n| is(n, "lvlOverride")) {
                    let index = attribute(over, "ilvl").and_then(|v| v.parse::<usize>().ok());
                    let start = child_val(over, "startOverride").and_then(|v| v.parse().ok());
                    if let (Some(index), Some(start)) = (index, start) {
                        overrides.push((index, start));
                    }
                }
                numbering.nums.insert(id, (abstract_id.to_owned(), overrides));
            }
        }
        numbering
    }
}

/// Counters of one list, per level; `None` until the level is first used.
type Counters = [Option<u32>; LEVELS];

struct BodyReader {
    styles: Styles,
    numbering: Numbering,
    /// Word continues a list across list instances of one abstract definition, so counters are
    /// kept per abstract definition; a `startOverride` restarts them when its instance is
    /// first used.
    counters: HashMap<String, (Counters, Vec<String>)>,
    limits: Limits,
    paragraphs: usize,
    tables: usize,
    blocks: Vec<Block>,
}

impl BodyReader {
    /// Paragraphs and tables of the body or of a block-level container.
    fn block_content(&mut self, container: Node<'_, '_>, depth: usize) -> Result<(), ReadError> {
        if depth > MAX_DEPTH {
            return Err(too_deep());
        }
        for node in container.children().filter(Node::is_element) {
            match node.tag_name().name() {
                "p" => {
                    let (text, label, heading) = self.paragraph(node, depth)?;
                    self.paragraphs += 1;
                    self.blocks.push(Block::Paragraph(Paragraph {
                        number: self.paragraphs,
                        text,
                        label,
                        heading,
                        line: None,
                    }));
                }
                "tbl" => {
                    let mut nested = Vec::new();
                    let table = self.table(node, depth, &mut nested)?;
                    self.blocks.push(Block::Table(table));
                    self.blocks.extend(nested);
                }
                "sdt" => {
                    if let Some(content) = child(node, "sdtContent") {
                        self.block_content(content, depth + 1)?;
                    }
                }
                "customXml" | "ins" | "moveTo" => self.block_content(node, depth + 1)?,
                "AlternateContent" => {
                    if let Some(branch) = node.children().find(Node::is_element) {
                        self.block_content(branch, depth + 1)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// A paragraph's typed text, numbering label and heading level.
    fn paragraph(
        &mut self,
        node: Node<'_, '_>,
        depth: usize,
    ) -> Result<(String, Option<String>, Option<u8>), ReadError> {
        let ppr = child(node, "pPr");
        let style = ppr.and_then(|p| child_val(p, "pStyle"));
        let heading = ppr
            .and_then(|p| child_val(p, "outlineLvl"))
            .and_then(outline_level)
            .or_else(|| style.and_then(|s| self.styles.heading(s)));
        let num = ppr.and_then(num_pr).or_else(|| style.and_then(|s| self.styles.num(s)));
        let label = num.and_then(|(id, level)| self.label(&id, level));
        let mut text = String::new();
        inline_text(node, &mut text, depth + 1)?;
        Ok((text, label, heading))
    }

    /// Advances the list's counter and renders the level's text (`%1、` → `一、`).
    fn label(&mut self, num_id: &str, level: usize) -> Option<String> {
        let (abstract_id, overrides) = self.numbering.nums.get(num_id)?;
        let levels = self.numbering.abstracts.get(abstract_id)?;
        let (counters, started) =
            self.counters.entry(abstract_id.clone()).or_insert_with(|| ([None; LEVELS], Vec::new()));
        if !overrides.is_empty() && !started.iter().any(|id| id == num_id) {
            started.push(num_id.to_owned());
            for (index, start) in overrides {
                if let Some(counter) = counters.get_mut(*index) {
                    *counter = Some(start.saturating_sub(1));
                }
            }
        }
        let current = levels.get(level)?;
        if current.format == "none" {
            return None;
        }
        counters[level] = Some(match counters[level] {
            Some(count) => count.saturating_add(1),
            None => current.start,
        });
        for deeper in counters.iter_mut().skip(level + 1) {
            *deeper = None;
        }
        let mut label = String::new();
        let mut chars = current.text.chars().peekable();
        while let Some(ch) = chars.next() {
            if ch == '%'
                && let Some(digit) = chars.peek().and_then(|d| d.to_digit(10))
            {
                chars.next();
                let index = (digit as usize).saturating_sub(1);
                if let Some(shown) = levels.get(index) {
                    let count = counters.get(index).copied().flatten().unwrap_or(shown.start);
                    label.push_str(&format_counter(count, &shown.format));
                }
            } else {
                label.push(ch);
            }
        }
        (!label.is_empty()).then_some(label)
    }

    /// A table, with nested tables collected into `nested` in body order.
    fn table(
        &mut self,
        node: Node<'_, '_>,
        depth: usize,
        nested: &mut Vec<Block>,
    ) -> Result<Table, ReadError> {
        if depth > MAX_DEPTH {
            return Err(too_deep());
        }
        self.tables += 1;
        let number = self.tables;
        let limits = self.limits;
        let too_large = |detail: String| ReadError::SheetTooLarge {
            sheet: format!("表{number}"),
            detail,
            max_rows: limits.max_rows,
            max_columns: limits.max_columns,
            max_cells: limits.max_cells,
        };
        let mut grid: Vec<Vec<Cell>> = Vec::new();
        let mut cells = 0usize;
        for row in table_rows(node) {
            let r = grid.len();
            if r >= self.limits.max_rows {
                return Err(too_large(format!("超过 {} 行", self.limits.max_rows)));
            }
            let mut cursor = child(row, "trPr")
                .and_then(|p| child_val(p, "gridBefore"))
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(0);
            let mut line: Vec<Cell> = Vec::new();
            for cell in row_cells(row) {
                let tcpr = child(cell, "tcPr");
                let span = tcpr
                    .and_then(|p| child_val(p, "gridSpan"))
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or(1)
                    .max(1);
                let end = cursor.saturating_add(span);
                if end > self.limits.max_columns {
                    return Err(too_large(format!("第 {} 行超过 {} 列", r + 1, self.limits.max_columns)));
                }
                cells += span;
                if cells > self.limits.max_cells {
                    return Err(too_large(format!("超过 {} 个单元格", self.limits.max_cells)));
                }
                let vmerge = tcpr.and_then(|p| child(p, "vMerge")).map(|m| val(m).unwrap_or("continue"));
                let hmerge = tcpr.and_then(|p| child(p, "hMerge")).map(|m| val(m).unwrap_or("continue"));
                let text = self.cell_text(cell, depth + 1, nested)?;
                if line.len() < end {
                    line.resize(end, Cell::default());
                }
                let above = (vmerge == Some("continue") && r > 0)
                    .then(|| grid[r - 1].get(cursor))
                    .flatten()
                    .map(|cell| (cell.merged_from.unwrap_or((r - 1, cursor)), cell.text.clone()));
                let left = (hmerge == Some("continue") && cursor > 0)
                    .then(|| line.get(cursor - 1))
                    .flatten()
                    .map(|cell| (cell.merged_from.unwrap_or((r, cursor - 1)), cell.text.clone()));
                let (origin, shown) = match above.or(left) {
                    Some((origin, shown)) => (Some(origin), shown),
                    None => (None, text),
                };
                for (column, slot) in line.iter_mut().enumerate().take(end).skip(cursor) {
                    let merged_from = match origin {
                        Some(origin) => Some(origin),
                        None if column > cursor => Some((r, cursor)),
                        None => None,
                    };
                    *slot = Cell { text: shown.clone(), number: None, merged_from };
                }
                cursor = end;
            }
            grid.push(line);
        }
        let width = grid.iter().map(Vec::len).max().unwrap_or(0);
        for line in &mut grid {
            line.resize(width, Cell::default());
        }
        Ok(Table { origin: TableOrigin::WordTable { number }, rows: grid })
    }

    /// A cell's paragraphs joined with `\n`, each with its numbering label in front.
    fn cell_text(
        &mut self,
        cell: Node<'_, '_>,
        depth: usize,
        nested: &mut Vec<Block>,
    ) -> Result<String, ReadError> {
        if depth > MAX_DEPTH {
            return Err(too_deep());
        }
        let mut parts: Vec<String> = Vec::new();
        for node in cell.children().filter(Node::is_element) {
            match node.tag_name().name() {
                "p" => {
                    let (text, label, _) = self.paragraph(node, depth)?;
                    parts.push(match label {
                        Some(label) => format!("{label}{text}"),
                        None => text,
                    });
                }
                "tbl" => {
                    let mut inner = Vec::new();
                    let table = self.table(node, depth + 1, &mut inner)?;
                    nested.push(Block::Table(table));
                    nested.extend(inner);
                }
                "sdt" | "customXml" | "ins" | "moveTo" | "AlternateContent" => {
                    let content = match node.tag_name().name() {
                        "sdt" => child(node, "sdtContent"),
                        "AlternateContent" => node.children().find(Node::is_element),
                        _ => Some(node),
                    };
                    if let Some(content) = content {
                        let text = self.cell_text(content, depth + 1, nested)?;
                        if !text.is_empty() {
                            parts.push(text);
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(parts.join("\n"))
    }
}

/// Rows of a table, through row-level content controls and custom XML.
fn table_rows<'a, 'i>(table: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
    let mut rows = Vec::new();
    collect(table, "tr", &mut rows, 0);
    rows
}

/// Cells of a row, through cell-level content controls and custom XML.
fn row_cells<'a, 'i>(row: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
    let mut cells = Vec::new();
    collect(row, "tc", &mut cells, 0);
    cells
}

fn collect<'a, 'i>(node: Node<'a, 'i>, name: &str, out: &mut Vec<Node<'a, 'i>>, depth: usize) {
    if depth > 8 {
        return;
    }
    for item in node.children().filter(Node::is_element) {
        match item.tag_name().name() {
            found if found == name => out.push(item),
            "sdt" => {
                if let Some(content) = child(item, "sdtContent") {
                    collect(content, name, out, depth + 1);
                }
            }
            "customXml" | "ins" | "moveTo" => collect(item, name, out, depth + 1),
            _ => {}
        }
    }
}

/// The text of a paragraph's runs, in order, through inline containers.
fn inline_text(node: Node<'_, '_>, out: &mut String, depth: usize) -> Result<(), ReadError> {
    if depth > MAX_DEPTH {
        return Err(too_deep());
    }
    for item in node.children().filter(Node::is_element) {
        match item.tag_name().name() {
            "t" => out.push_str(item.text().unwrap_or("")),
            "tab" => out.push('\t'),
            "br" | "cr" => out.push('\n'),
            "noBreakHyphen" => out.push('-'),
            "sym" => {
                let symbol = item
                    .attributes()
                    .find(|a| a.name() == "char")
                    .and_then(|a| u32::from_str_radix(a.value(), 16).ok())
                    .and_then(char::from_u32);
                if let Some(symbol) = symbol {
                    out.push(symbol);
                }
            }
            // Properties, deleted or moved-away text, field codes: not what the reader sees.
            "pPr" | "rPr" | "del" | "delText" | "moveFrom" | "instrText" | "delInstrText" | "fldData"
            | "sectPr" => {}
            "AlternateContent" => {
                if let Some(branch) = item.children().find(Node::is_element) {
                    inline_text(branch, out, depth + 1)?;
                }
            }
            // A paragraph inside a text box starts a new line of the outer paragraph.
            "p" => {
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
                inline_text(item, out, depth + 1)?;
            }
            _ => inline_text(item, out, depth + 1)?,
        }
    }
    Ok(())
}

/// A list counter in a Word number format.
fn format_counter(count: u32, format: &str) -> String {
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "chineseLegalSimplified" => chinese_number(count),
        "ideographTraditional" => {
            const STEMS: [&str; 10] = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"];
            STEMS.get((count as usize).wrapping_sub(1)).map_or_else(|| count.to_string(), |s| (*s).to_owned())
        }
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&count) => {
            char::from_u32(0x2460 + count - 1).map_or_else(|| count.to_string(), String::from)
        }
        "decimalFullWidth" | "decimalFullWidth2" => count
            .to_string()
            .chars()
            .map(|d| char::from_u32(d as u32 - '0' as u32 + 0xFF10).unwrap_or(d))
            .collect(),
        "decimalZero" if count < 10 => format!("0{count}"),
        "upperLetter" => letters(count, b'A'),
        "lowerLetter" => letters(count, b'a'),
        "upperRoman" => roman(count),
        "lowerRoman" => roman(count).to_lowercase(),
        "bullet" | "none" => String::new(),
        _ => count.to_string(),
    }
}

/// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (as Word's chineseCounting).
fn chinese_number(count: u32) -> String {
    const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    if count == 0 {
        return "〇".to_owned();
    }
    if count >= 10_000 {
        return count.to_string();
    }
    let units = [(1000, '千'), (100, '百'), (10, '十')];
    let mut out = String::new();
    let mut rest = count;
    let mut pending_zero = false;
    for (unit, name) in units {
        let digit = rest / unit;
        rest %= unit;
        if digit == 0 {
            if !out.is_empty() {
                pending_zero = true;
            }
            continue;
        }
        if pending_zero {
            out.push('〇');
            pending_zero = false;
        }
        if !(unit == 10 && digit == 1 && out.is_empty()) {
            out.push(DIGITS[digit as usize]);
        }
        out.push(name);
    }
    if rest > 0 {
        if pending_zero {
            out.push('〇');
        }
        out.push(DIGITS[rest as usize]);
    }
    out
}

fn letters(count: u32, base: u8) -> String {
    if count == 0 {
        return String::new();
    }
    // Word repeats the letter: 27 → AA, 28 → BB.
    let letter = char::from(base + ((count - 1) % 26) as u8);
    std::iter::repeat_n(letter, ((count - 1) / 26 + 1) as usize).collect()
}

fn roman(mut count: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    if count == 0 || count >= 4000 {
        return count.to_string();
    }
    let mut out = String::new();
    for (value, digits) in TABLE {
        while count >= value {
            out.push_str(digits);
            count -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_counting_writes_numbers_as_word_does() {
        let shown: Vec<String> = [1, 9, 10, 11, 20, 21, 100, 105, 110].map(chinese_number).to_vec();
        assert_eq!(shown, ["一", "九", "十", "十一", "二十", "二十一", "一百", "一百〇五", "一百一十"]);
    }

    #[test]
    fn other_counter_formats_follow_their_names() {
        assert_eq!(format_counter(3, "decimal"), "3");
        assert_eq!(format_counter(2, "ideographTraditional"), "乙");
        assert_eq!(format_counter(1, "decimalEnclosedCircle"), "①");
        assert_eq!(format_counter(28, "upperLetter"), "BB");
        assert_eq!(format_counter(14, "lowerRoman"), "xiv");
        assert_eq!(format_counter(7, "decimalFullWidth"), "７");
    }

    #[test]
    fn heading_style_names_in_english_and_chinese_give_the_level() {
        assert_eq!(heading_from_name("heading 2"), Some(2));
        assert_eq!(heading_from_name("Heading1"), Some(1));
        assert_eq!(heading_from_name("标题 3"), Some(3));
        assert_eq!(heading_from_name("Normal"), None);
        assert_eq!(heading_from_name("heading 12"), None);
    }
}
