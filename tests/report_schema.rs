//! The report schema is a public contract: it must compile, describe every field in Chinese
//! and English, accept the examples and reject what v1 does not allow.

use serde_json::{Value, json};

fn schema() -> Value {
    serde_json::from_str(jixiao::schema::REPORT_SCHEMA).expect("schema is JSON")
}

fn errors(report: Value) -> Vec<String> {
    jixiao::schema::validate(&report).into_iter().map(|d| d.pointer.unwrap_or_default()).collect()
}

fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Every property and definition carries a description with Chinese and English text.
fn check_descriptions(node: &Value, path: &str, missing: &mut Vec<String>) {
    let Value::Object(map) = node else { return };
    for key in ["properties", "$defs"] {
        if let Some(Value::Object(children)) = map.get(key) {
            for (name, child) in children {
                let child_path = format!("{path}/{key}/{name}");
                let description = child.get("description").and_then(Value::as_str).unwrap_or("");
                let has_ascii_words = description.chars().filter(char::is_ascii_alphabetic).count() >= 3;
                if !has_cjk(description) || !has_ascii_words {
                    missing.push(child_path.clone());
                }
                check_descriptions(child, &child_path, missing);
            }
        }
    }
    for key in ["items", "additionalProperties"] {
        if let Some(child) = map.get(key) {
            check_descriptions(child, &format!("{path}/{key}"), missing);
        }
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        if let Some(Value::Array(children)) = map.get(key) {
            for (i, child) in children.iter().enumerate() {
                check_descriptions(child, &format!("{path}/{key}/{i}"), missing);
            }
        }
    }
}

#[test]
fn schema_is_2020_12_with_an_id() {
    let schema = schema();
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert!(schema["$id"].as_str().is_some_and(|id| id.starts_with("https://")));
    assert!(jsonschema::draft202012::meta::is_valid(&schema));
}

#[test]
fn every_field_is_described_in_chinese_and_english() {
    let mut missing = Vec::new();
    check_descriptions(&schema(), "", &mut missing);
    assert!(missing.is_empty(), "fields without a zh + en description: {missing:#?}");
}

#[test]
fn only_four_fields_are_required() {
    let minimal = json!({"schema_version": "1", "kind": "project", "fiscal_year": 2022, "department": {"name": "某部门"}});
    assert!(errors(minimal).is_empty());
    for field in ["schema_version", "kind", "fiscal_year", "department"] {
        let mut report = json!({"schema_version": "1", "kind": "project", "fiscal_year": 2022, "department": {"name": "某部门"}});
        report.as_object_mut().expect("object").remove(field);
        assert_eq!(errors(report), vec![String::new()], "removing {field}");
    }
    let no_name = json!({"schema_version": "1", "kind": "project", "fiscal_year": 2022, "department": {}});
    assert_eq!(errors(no_name), vec!["/department".to_string()]);
}

#[test]
fn unknown_fields_only_under_x_names() {
    let base = json!({"schema_version": "1", "kind": "project", "fiscal_year": 2022, "department": {"name": "某部门"}});
    let mut with_x = base.clone();
    with_x["x-note"] = json!("自定义");
    with_x["department"]["x-code"] = json!(1);
    assert!(errors(with_x).is_empty());
    let mut unknown = base.clone();
    unknown["budget"] = json!({"adjusted": 1, "excuted": 2});
    assert_eq!(errors(unknown), vec!["/budget/excuted".to_string()]);
}

#[test]
fn amounts_are_numbers_or_numeric_strings() {
    let base = json!({"schema_version": "1", "kind": "project", "fiscal_year": 2022, "department": {"name": "某部门"}});
    let mut numeric_text = base.clone();
    numeric_text["budget"] = json!({"adjusted": "2322.60", "executed": 2233.44});
    assert!(errors(numeric_text).is_empty());
    let mut prose = base.clone();
    prose["budget"] = json!({"adjusted": "两千万"});
    assert_eq!(errors(prose), vec!["/budget/adjusted".to_string()]);
    let mut unit = base;
    unit["amount_unit"] = json!("千元");
    assert_eq!(errors(unit), vec!["/amount_unit".to_string()]);
}

#[test]
fn examples_are_valid() {
    for path in ["examples/huadu-2022.json", "examples/project-sample.json"] {
        let text = std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).expect(path);
        let report: Value = serde_json::from_str(&text).expect(path);
        assert!(errors(report).is_empty(), "{path} is not valid");
    }
}
