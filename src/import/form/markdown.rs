//! `docs/forms.md`, generated from the layouts so that the reference cannot drift from them.

use super::{FieldSpec, FormSet, Layout};
use std::fmt::Write as _;

/// The form reference: every layout with its labels and examples, then how to add one.
pub fn forms_markdown(set: &FormSet) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# jixiao 自评表版式参考 / Form layout reference\n");
    let _ = writeln!(
        out,
        "<!-- 由 `forms_markdown` 从 forms/*.toml 生成，请勿手工编辑；重新生成：`JIXIAO_WRITE_DOCS=1 cargo test --test forms`。\
         Generated from forms/*.toml; do not edit by hand. -->\n"
    );
    let _ = writeln!(
        out,
        "导入 .xlsx/.xls/.docx 自评表时，jixiao 按下列版式逐个比对每个工作表或 Word 表格，选用匹配度最高的版式，\
         按标签（而不是固定的行列位置）找到每个字段，生成 v1 报告，并记下每个值来自哪个单元格。\
         标签比对时忽略空格、全角半角差异、末尾的冒号和括号后缀（`（A）`、`(B/A)`、`（万元）`、`(%)`）；\
         括号中的金额单位记为报告的 `amount_unit`。\n"
    );
    let _ = writeln!(out, "| id | 标题 | 地区 | 报告类型 |\n|---|---|---|---|");
    for layout in &set.layouts {
        let _ = writeln!(
            out,
            "| [`{}`](#{}) | {} | {} | `{}` |",
            layout.id,
            layout.id,
            layout.title,
            layout.region,
            layout.kind.as_str()
        );
    }
    for layout in &set.layouts {
        section(&mut out, layout);
    }
    out.push_str(HOW_TO_ADD);
    if let Ok(phrasings) = crate::import::narrative::Phrasings::builtin() {
        out.push_str(&crate::import::narrative::phrasings_markdown(phrasings));
    }
    out
}

fn section(out: &mut String, layout: &Layout) {
    let _ = writeln!(
        out,
        "\n## {}\n\n**{}** · {} · `{}`\n",
        layout.id,
        layout.title,
        layout.region,
        layout.kind.as_str()
    );
    let _ = writeln!(out, "{}\n", layout.description.trim());
    let _ = writeln!(out, "**来源 / Source:** {}\n", layout.source.trim());
    let _ = writeln!(out, "### 识别 / Recognition\n");
    if !layout.recognise.title_words.is_empty() {
        let _ = writeln!(out, "- 标题含 / title words: {}", codes(&layout.recognise.title_words));
    }
    let required: Vec<String> = layout.recognise.required.iter().map(|r| codes(r.labels())).collect();
    let _ = writeln!(out, "- 必须出现的标签 / required labels: {}", required.join("；"));
    let _ = writeln!(
        out,
        "- 金额单位 / money unit: 标签括号 → 单元格后缀 → “单位：”注记 → {}\n",
        layout
            .amount_unit
            .as_deref()
            .map_or("不填（并提示）".to_string(), |u| format!("版式缺省 `{u}`"))
    );
    let _ = writeln!(out, "### 字段 / Fields\n\n| v1 字段 | 标签及同义词 | 值的位置 |\n|---|---|---|");
    for (pointer, spec) in layout.fields.all() {
        field_row(out, pointer, spec);
    }
    if let Some(money) = &layout.money {
        let rows: [(&str, &Vec<String>); 8] = [
            ("资金块标签 / block", &money.block),
            ("`budget.initial`", &money.initial),
            ("`budget.adjusted`", &money.adjusted),
            ("`budget.executed`", &money.executed),
            ("`budget.execution_rate_pct`", &money.rate),
            ("`self_evaluation.execution_weight`", &money.weight),
            ("`self_evaluation.execution_score`", &money.score),
            ("合计行 / total row", &money.total_rows),
        ];
        for (name, labels) in rows {
            if !labels.is_empty() {
                let _ = writeln!(out, "| {name} | {} | 资金表表头之下 |", codes(labels));
            }
        }
        let _ = writeln!(
            out,
            "| 其余各行 → `budget.{}` | 行标签（去掉“其中：”） | 合计行之外的行 |",
            money.breakdown
        );
    }
    if let Some(indicators) = &layout.indicators {
        for (column, labels) in indicators.columns() {
            let _ = writeln!(out, "| 指标表 {column:?} | {} | 表头之下各行 |", codes(labels));
        }
        if !indicators.end_rows.is_empty() {
            let _ = writeln!(out, "| 指标表结束于 / table ends at | {} | |", codes(&indicators.end_rows));
        }
    }
    if let Some(total) = &layout.total {
        let grade = if total.grade_after_score { "；其后一格为评价等级" } else { "" };
        let _ = writeln!(out, "| `self_evaluation.score` | {} | 该行“得分”列{grade} |", codes(&total.labels));
    }
    for example in &layout.examples {
        let _ = writeln!(out, "\n### 示例 / Example: {}\n", example.name);
        if let Some(title) = &example.title {
            let _ = writeln!(out, "标题 / title: {title}\n");
        }
        let width = example.rows.iter().map(Vec::len).max().unwrap_or(0);
        for (i, row) in example.rows.iter().enumerate() {
            let cells: Vec<String> = (0..width)
                .map(|c| row.get(c).map_or(String::new(), |t| t.replace('|', "\\|").replace('\n', " ")))
                .collect();
            let _ = writeln!(out, "| {} |", cells.join(" | "));
            if i == 0 {
                let _ = writeln!(out, "|{}", "---|".repeat(width));
            }
        }
        let _ = writeln!(out, "\n导入结果 / imports as:\n");
        for (pointer, value) in &example.expect {
            let _ = writeln!(out, "- `{pointer}` = `{value}`");
        }
        for pointer in &example.absent {
            let _ = writeln!(out, "- `{pointer}` 不填 / absent");
        }
    }
}

fn field_row(out: &mut String, pointer: &str, spec: &FieldSpec) {
    let place = match spec.value {
        super::Direction::Right => "标签右侧 / right",
        super::Direction::Below => "标签下方 / below",
    };
    let _ = writeln!(out, "| `{pointer}` | {} | {place} |", codes(&spec.labels));
}

fn codes(labels: &[String]) -> String {
    labels.iter().map(|l| format!("`{l}`")).collect::<Vec<_>>().join("、")
}

const HOW_TO_ADD: &str = "
## 如何新增一个地区的版式 / How to add a region's form

一个地区的自评表只需一个 TOML 文件，不写 Rust 代码。A region's form is one TOML file and no Rust.

1. 在 `forms/` 下新建 `地区-类型.toml`（文件名即 `id`，小写字母、数字和 `-`），写明 `id`、`title`、`region`、
   `kind`（`project` 或 `department_overall`）、`description` 和 `source`（表格出处：发文或公开的填报实例的网址）。
   Create `forms/<id>.toml` with the form's metadata and the citation of where the form comes from.
2. `[recognise]`：`title_words` 为标题中的词，`required` 为必须出现的标签（列表中任一出现即可）。
   版式之间按找到的标签计分，表单自己的用词（每个列表的第一个标签）得分更高。
3. `[fields]`：每个单值字段写 `labels`（第一个为本表用词，其后为同义词）和 `value = \"right\"` 或 `\"below\"`。
4. `[money]`：资金块标签 `block`，各列 `initial`、`adjusted`、`executed`、`rate`、`weight`、`score`，
   合计行 `total_rows`；其余各行写入 `breakdown`（缺省 `by_source`，不是资金来源时用 `x-` 字段）。
5. `[indicators]`：各列标签；指标值在一格时用 `target`，分列时用 `comparator`、`target_value`、`unit`；
   `end_rows` 为指标表结束处的行标签。`[total]`：总分行标签，`grade_after_score` 表示总分后一格为等级。
6. 至少写一个 `[[examples]]`：`rows` 为表格各行（`^` 表示与上格合并，`<` 表示与左格合并），
   `expect` 为“报告指针 = 期望值”。`cargo test --test forms` 会逐一导入并核对，
   `JIXIAO_WRITE_DOCS=1 cargo test --test forms` 重新生成本文件。
   Add at least one example; the tests import it and check every expected value.

未知的键会报错并指出文件和键名。Unknown keys are errors naming the file and the key.
";
