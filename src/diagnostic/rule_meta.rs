//! What the machine formats say about a rule: its id, title, description and basis.

use super::{Diagnostic, Severity, codes};

/// What the machine formats say about a rule: its id, what it checks and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleMeta<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    /// The regulation the rule rests on; empty when there is none.
    pub basis: &'a str,
    /// Where the rule's first source can be read on an official host (`*.gov.cn`), if any.
    pub help_uri: Option<&'a str>,
    /// The severity in force for this run (before any escalation of a single finding).
    pub severity: Severity,
}

impl RuleMeta<'static> {
    /// The metadata of a fixed code (see [`codes`]); `None` for anything else.
    pub fn fixed(code: &str) -> Option<RuleMeta<'static>> {
        let (id, title, description) = match code {
            codes::IO => (
                codes::IO,
                "文件无法读取",
                "报告文件无法读取：不存在、是目录、没有读取权限、不是普通文件或超过大小上限。",
            ),
            codes::ENCODING => (
                codes::ENCODING,
                "文本编码",
                "文件不是可读取的文本编码（UTF-8、带 BOM 的 UTF-16、GB18030/GBK）；按 GB18030 读取时给出提示。",
            ),
            codes::INVALID_JSON => (
                codes::INVALID_JSON,
                "JSON 格式错误",
                "文本不是合法的 JSON：语法错误、NaN、注释、尾随逗号或嵌套过深等。",
            ),
            codes::DUPLICATE_KEY => {
                (codes::DUPLICATE_KEY, "重复的键", "同一对象中出现了重复的键，报告的含义不明确。")
            }
            codes::NUMBER_OUT_OF_RANGE => (
                codes::NUMBER_OUT_OF_RANGE,
                "数值超出范围",
                "数值无法精确表示：超过 28 位有效数字或 28 位小数。",
            ),
            codes::IMPORT => (
                codes::IMPORT,
                "文档导入",
                "Excel、Word 或文本文档中读不出的内容：未找到的字段、缺值的指标行，或无法识别为自评表或自评报告的文档。",
            ),
            codes::SCHEMA => (
                codes::SCHEMA,
                "不符合报告格式",
                "报告不符合 v1 报告格式（schemas/report.schema.json）：缺少必填字段、类型不符或出现未知字段。",
            ),
            codes::RULE_FILE => (codes::RULE_FILE, "规则文件错误", "规则文件或配置文件无法使用。"),
            codes::INTERNAL => (codes::INTERNAL, "内部错误", "jixiao 处理该文件时自身出错，请报告此问题。"),
            _ => return None,
        };
        Some(RuleMeta { id, title, description, basis: "", help_uri: None, severity: Severity::Error })
    }
}

/// The rules given, each id once, followed by an entry for every other code the diagnostics
/// use: fixed codes in stage order, then codes of rules not given (in order of appearance,
/// with the severity of their first finding), so that every finding has a rule to refer to.
pub fn rules_with_codes_of<'a>(
    rules: &[RuleMeta<'a>],
    diagnostics: impl IntoIterator<Item = &'a Diagnostic>,
) -> Vec<RuleMeta<'a>> {
    let mut out: Vec<RuleMeta<'a>> = Vec::with_capacity(rules.len());
    for rule in rules {
        if !out.iter().any(|r| r.id == rule.id) {
            out.push(*rule);
        }
    }
    let mut unknown: Vec<RuleMeta<'a>> = Vec::new();
    let mut fixed_seen = [false; codes::ALL.len()];
    for diagnostic in diagnostics {
        let code = diagnostic.code.as_str();
        if out.iter().any(|r| r.id == code) {
            continue;
        }
        if let Some(i) = codes::ALL.iter().position(|c| *c == code) {
            fixed_seen[i] = true;
        } else if !unknown.iter().any(|r| r.id == code) {
            let severity = diagnostic.severity;
            unknown.push(RuleMeta {
                id: code,
                title: "",
                description: "",
                basis: "",
                help_uri: None,
                severity,
            });
        }
    }
    for (code, seen) in codes::ALL.iter().zip(fixed_seen) {
        if let Some(meta) = RuleMeta::fixed(code).filter(|_| seen) {
            out.push(meta);
        }
    }
    out.extend(unknown);
    out
}
