//! The narrative part of `docs/forms.md`, generated from `forms/narrative.toml` so that the
//! reference cannot drift from the patterns actually matched.

use super::phrasings::Phrasings;
use std::fmt::Write as _;

/// The section on narrative phrasings: sections, extractors with their patterns, claims, lists,
/// projects and the task table, then how to add a phrasing.
pub fn phrasings_markdown(phrasings: &Phrasings) -> String {
    let raw = &phrasings.raw;
    let mut out = String::new();
    let _ = writeln!(out, "\n## 正文表述 / Narrative phrasings (`{}`)\n", phrasings.file);
    let _ = writeln!(out, "{}\n", raw.description.trim());
    let _ = writeln!(
        out,
        "句式在规范化后的正文上匹配：全角转半角（`，`→`,` `：`→`:` `（`→`(` `％`→`%`），繁体按下表转为简体，\
         汉字之间的空格和断行去掉，其余连续空白合为一个空格；.txt 中未以句读结束、下一行又不以编号开头的行并为一段。\
         导入的文字保持原样。Patterns match the normalised text; imported text keeps its printed form.\n"
    );
    if !raw.placeholders.is_empty() {
        let _ = writeln!(out, "### 占位符 / Placeholders\n\n| 占位符 | 正则 |\n|---|---|");
        for (name, pattern) in &raw.placeholders {
            let _ = writeln!(out, "| `{{{name}}}` | `{}` |", cell(pattern));
        }
    }
    let _ = writeln!(out, "\n### 章节 / Sections\n\n| id | 标题中的词 |\n|---|---|");
    for (id, words) in &raw.sections {
        let _ = writeln!(out, "| `{id}` | {} |", codes(words));
    }
    let _ = writeln!(
        out,
        "\n### 字段 / Fields\n\n| v1 字段 | 名称 | 类型 | 章节 | 句式 | 未找到时 |\n|---|---|---|---|---|---|"
    );
    for fact in &raw.facts {
        let mut place = Vec::new();
        if fact.title {
            place.push("标题".to_string());
        }
        if !fact.sections.is_empty() {
            place.push(format!("仅 {}", codes(&fact.sections)));
        }
        if !fact.not_in.is_empty() {
            place.push(format!("不在 {}", codes(&fact.not_in)));
        }
        let patterns: Vec<String> = fact.patterns.iter().map(|p| format!("`{}`", cell(p))).collect();
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} |",
            fact.field,
            fact.name,
            fact.kind.as_str(),
            if place.is_empty() { "任意".to_string() } else { place.join("；") },
            patterns.join("<br>"),
            fact.missing.as_deref().map_or("—".to_string(), cell)
        );
    }
    let _ = writeln!(
        out,
        "\n### 增长表述 / Growth claims → `claims`\n\n分子取 `added`；分母取 `base`，或 `current − added`。\n\n| 表述 | 句式 |\n|---|---|"
    );
    for claim in &raw.claims {
        let patterns: Vec<String> = claim.patterns.iter().map(|p| format!("`{}`", cell(p))).collect();
        let _ = writeln!(out, "| {} | {} |", claim.name, patterns.join("<br>"));
    }
    let _ = writeln!(out, "\n### 列表 / Lists\n");
    if let Some(markers) = &raw.item_markers {
        let _ = writeln!(out, "条目编号 / item markers: `{}`（在段首或句读之后）\n", cell(markers));
    }
    let _ = writeln!(out, "| v1 字段 | 名称 | 章节 | 引导语 |\n|---|---|---|---|");
    for list in &raw.lists {
        let leads: Vec<String> = list.leads.iter().map(|p| format!("`{}`", cell(p))).collect();
        let _ = writeln!(
            out,
            "| `{}` | {} | `{}` | {} |",
            list.field,
            list.name,
            list.section,
            leads.join("<br>")
        );
    }
    if let Some(projects) = &raw.projects {
        let patterns: Vec<String> = projects.patterns.iter().map(|p| format!("`{}`", cell(p))).collect();
        let _ = writeln!(
            out,
            "\n### 项目 / Projects → `projects`\n\n章节 `{}` 中的每一条：{}；`items` 以 `{}` 分隔。",
            projects.section,
            patterns.join("、"),
            cell(&projects.item_separators)
        );
    }
    if let Some(tasks) = &raw.tasks {
        let _ = writeln!(
            out,
            "\n### 工作任务表 / Task table → `indicators`\n\n| 列 | 表头 | v1 字段 |\n|---|---|---|\n\
             | 工作任务 | {} | `target.value` |\n| 工作内容 | {} | `name` |\n| 完成情况 | {} | `actual.value` |",
            codes(&tasks.task),
            codes(&tasks.name),
            codes(&tasks.result)
        );
    }
    let pairs: Vec<String> = raw.traditional.iter().map(|(t, s)| format!("{t}→{s}")).collect();
    let _ = writeln!(out, "\n### 繁体字形 / Traditional forms\n\n{}\n", pairs.join(" "));
    out.push_str(HOW_TO_ADD);
    out
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn codes(words: &[String]) -> String {
    words.iter().map(|w| format!("`{w}`")).collect::<Vec<_>>().join("、")
}

const HOW_TO_ADD: &str = "
### 如何新增一种表述 / How to add a phrasing

1. 在 `forms/narrative.toml` 找到该字段的 `[[facts]]`（或 `[[claims]]`、`[[lists]]`），在 `patterns` 中加一条正则。
   值用命名捕获组：`value`（金额、百分数、得分、等级、文字），`unit`（金额单位，可无），`count`（个数）；
   增长表述用 `stated`、`added` 和 `current` 或 `base`。可用 `{number}`、`{money_unit}`、`{count}`、`{grade}`、`{is}` 占位符。
   Add a regular expression to the field's `patterns`, capturing the value by name.
2. 句式按规范化后的文字写：半角标点（`,` `:` `(` `)` `%`），简体字，汉字之间不写空格；数字与汉字之间的空格用 `\\s*`。
3. 只该在某些章节出现的，用 `sections` 限定；项目、工作任务表等章节中同名而含义不同的，用 `not_in` 排除。
4. 在 `tests/narrative.rs` 加一句用这种表述写成的报告，核对导入的值；再运行
   `JIXIAO_WRITE_DOCS=1 cargo test --test forms` 重新生成本文件。
   Add a sentence in that phrasing to `tests/narrative.rs`, then regenerate this file.

同一字段出现两个不同的值，或金额既无单位、文中也无“单位：”说明时，不导入该字段并给出 `import` 提示。
A field stated twice with different values, or an amount whose unit cannot be told, is left empty with an `import` note.
";
