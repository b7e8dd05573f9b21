//! Stage 2: validation against the v1 report schema.
//!
//! The only module that uses `jsonschema`, so upgrades of that crate touch one file. Every
//! violation becomes a [`Diagnostic`] with code `schema` at the offending value; messages are
//! built from the error kind in Chinese rather than translated from the crate's English text.

use crate::diagnostic::{Diagnostic, Focus, codes, escape_pointer_token};
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;

/// The report schema (JSON Schema 2020-12), as published in `schemas/report.schema.json`.
/// Including it also makes cargo compile this crate again when the schema changes, and with it
/// `ReportValidator`, which is generated from the same file.
pub const REPORT_SCHEMA: &str = include_str!("../schemas/report.schema.json");

/// The keywords the report schema may use: their meaning is the same in JSON Schema draft 7
/// as in 2020-12, and a `$ref` has only annotations beside it (draft 7 ignores a `$ref`'s
/// siblings). A test holds the schema to this.
pub const DRAFT7_COMPATIBLE_KEYWORDS: &[&str] = &[
    "$schema",
    "$id",
    "$defs",
    "$ref",
    "title",
    "description",
    "default",
    "type",
    "const",
    "enum",
    "properties",
    "patternProperties",
    "additionalProperties",
    "required",
    "items",
    "anyOf",
    "minimum",
    "maximum",
    "minLength",
    "pattern",
];

/// The validator of the report schema, generated from `schemas/report.schema.json` when jixiao
/// is compiled: a run builds nothing before its first report (building it at run time took a
/// fifth of a one-report check, half of it checking the schema against its meta-schema). The
/// schema declares JSON Schema 2020-12 but keeps to the keywords of
/// [`DRAFT7_COMPATIBLE_KEYWORDS`], which validate alike under draft 7, as which it is built.
#[jsonschema::validator(path = "schemas/report.schema.json", draft = Draft7)]
struct ReportValidator;

include!(concat!(env!("OUT_DIR"), "/report_field_names.rs"));

/// Every property name the schema declares anywhere, sorted: rule files may only name these
/// fields (or `x-…` extension fields). Listed when jixiao is compiled, so that loading the rules
/// does not parse the schema.
pub fn known_field_names() -> &'static [&'static str] {
    REPORT_FIELD_NAMES
}

/// Whether the schema declares a property of this name anywhere.
pub fn is_known_field(name: &str) -> bool {
    REPORT_FIELD_NAMES.binary_search(&name).is_ok()
}

/// Validates a report and returns one diagnostic per violation (all of them, not only the
/// first). Spans are not located here; the caller locates them from the pointers.
pub fn validate(report: &Value) -> Vec<Diagnostic> {
    // Nearly every report is valid, and the yes/no check stops at nothing and builds no error
    // values; the full walk that collects every violation runs only when there is one.
    if ReportValidator::is_valid(report) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for error in ReportValidator::iter_errors(report) {
        let pointer = error.instance_path().to_string();
        let instance = error.instance();
        match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                for key in unexpected {
                    let member = format!("{pointer}/{}", escape_pointer_token(key));
                    out.push(
                        Diagnostic::error(
                            codes::SCHEMA,
                            format!("未知字段 `{key}`：v1 报告格式没有这个字段；自定义字段请以 `x-` 开头"),
                        )
                        .with_pointer(member)
                        .with_focus(Focus::Key)
                        .with_label("未知字段")
                        .with_help(format!("检查字段名拼写，或改为 `x-{key}` 作为自定义字段")),
                    );
                }
            }
            kind => {
                let (message, label) = describe(kind, instance, &pointer);
                out.push(
                    Diagnostic::error(codes::SCHEMA, message)
                        .with_pointer(pointer)
                        .with_label(label)
                        .with_help("对照 `jixiao schema` 输出的报告格式修改该字段"),
                );
            }
        }
    }
    out
}

fn type_name(kind: &TypeKind) -> String {
    let one = |t: &jsonschema::JsonType| match t.to_string().as_str() {
        "array" => "数组",
        "boolean" => "布尔值",
        "integer" => "整数",
        "null" => "null",
        "number" => "数值",
        "object" => "对象",
        "string" => "字符串",
        _ => "其他类型",
    };
    match kind {
        TypeKind::Single(t) => one(t).to_string(),
        TypeKind::Multiple(set) => set.iter().map(|t| one(&t)).collect::<Vec<_>>().join("或"),
    }
}

fn value_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "布尔值",
        Value::Number(_) => "数值",
        Value::String(_) => "字符串",
        Value::Array(_) => "数组",
        Value::Object(_) => "对象",
    }
}

/// A short rendering of a value for messages: long texts and containers are abbreviated.
fn short(value: &Value) -> String {
    match value {
        Value::String(s) if s.chars().count() > 24 => {
            format!("\"{}…\"", s.chars().take(24).collect::<String>())
        }
        Value::Object(_) => "{…}".to_string(),
        Value::Array(_) => "[…]".to_string(),
        other => other.to_string(),
    }
}

fn field_name(pointer: &str) -> String {
    if pointer.is_empty() {
        "报告".to_string()
    } else {
        format!("`{}`", pointer.trim_start_matches('/').replace('/', "."))
    }
}

fn describe(kind: &ValidationErrorKind, instance: &Value, pointer: &str) -> (String, String) {
    let field = field_name(pointer);
    match kind {
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or("?");
            let full = if pointer.is_empty() {
                name.to_string()
            } else {
                format!("{}.{name}", pointer.trim_start_matches('/').replace('/', "."))
            };
            (format!("缺少必填字段 `{full}`"), format!("此处缺少 `{name}`"))
        }
        ValidationErrorKind::Type { kind } => (
            format!("{field} 应为{}，实际为{} {}", type_name(kind), value_type(instance), short(instance)),
            format!("应为{}", type_name(kind)),
        ),
        ValidationErrorKind::Enum { options } => (
            format!("{field} 的取值 {} 不在允许范围内：{}", short(instance), options),
            "取值不在允许范围内".to_string(),
        ),
        ValidationErrorKind::Constant { expected_value } => (
            format!("{field} 应为 {expected_value}，实际为 {}", short(instance)),
            format!("应为 {expected_value}"),
        ),
        ValidationErrorKind::AnyOf { .. } | ValidationErrorKind::OneOfNotValid { .. } => (
            format!(
                "{field} 的取值 {} 不是允许的形式：金额、百分比等应为数值或数字字符串（如 2322.60）",
                short(instance)
            ),
            "不是数值或数字字符串".to_string(),
        ),
        ValidationErrorKind::MinLength { limit } => {
            (format!("{field} 不能为空（至少 {limit} 个字符）"), "不能为空".to_string())
        }
        ValidationErrorKind::Pattern { pattern } => (
            format!("{field} 的取值 {} 格式不符（应匹配 {pattern}）", short(instance)),
            "格式不符".to_string(),
        ),
        ValidationErrorKind::Minimum { limit } => (
            format!("{field} 的取值 {} 小于允许的最小值 {limit}", short(instance)),
            format!("最小为 {limit}"),
        ),
        ValidationErrorKind::Maximum { limit } => (
            format!("{field} 的取值 {} 大于允许的最大值 {limit}", short(instance)),
            format!("最大为 {limit}"),
        ),
        ValidationErrorKind::FalseSchema => (format!("{field} 在此处不允许出现"), "不允许的字段".to_string()),
        other => (format!("{field} 不符合报告格式：{other:?}"), "不符合报告格式".to_string()),
    }
}

/// The rule-file schema (`schemas/rules.schema.json`), printed by `jixiao schema --rules`.
pub const RULES_SCHEMA: &str = include_str!("../schemas/rules.schema.json");
