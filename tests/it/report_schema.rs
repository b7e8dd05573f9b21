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

/// Names used as keywords (not as property names) anywhere in the schema, and the siblings of
/// every `$ref`.
fn keywords(node: &Value, out: &mut std::collections::BTreeSet<String>, ref_siblings: &mut Vec<String>) {
    match node {
        Value::Object(map) => {
            if map.contains_key("$ref") {
                ref_siblings.extend(map.keys().filter(|k| *k != "$ref").cloned());
            }
            for (key, child) in map {
                out.insert(key.clone());
                if matches!(key.as_str(), "properties" | "patternProperties" | "$defs") {
                    for schema in child.as_object().into_iter().flat_map(|m| m.values()) {
                        keywords(schema, out, ref_siblings);
                    }
                } else if !matches!(key.as_str(), "enum" | "const" | "default") {
                    keywords(child, out, ref_siblings);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| keywords(item, out, ref_siblings)),
        _ => {}
    }
}

/// The validator is built as a draft 7 schema (see `jixiao::schema`): that is only right while
/// the schema keeps to keywords that mean the same in both drafts and puts nothing but
/// annotations beside a `$ref`.
#[test]
fn schema_validates_alike_under_draft_7() {
    let schema = schema();
    let (mut used, mut ref_siblings) = (std::collections::BTreeSet::new(), Vec::new());
    keywords(&schema, &mut used, &mut ref_siblings);
    let other: Vec<&String> =
        used.iter().filter(|k| !jixiao::schema::DRAFT7_COMPATIBLE_KEYWORDS.contains(&k.as_str())).collect();
    assert!(other.is_empty(), "keywords outside the draft 7 compatible set: {other:?}");
    assert!(used.len() > 10, "only {} keywords found", used.len());
    ref_siblings.retain(|k| !matches!(k.as_str(), "description" | "title"));
    assert!(ref_siblings.is_empty(), "keywords beside a $ref, which draft 7 ignores: {ref_siblings:?}");

    // And the two validators agree on the examples and on reports broken in each keyword's way.
    let modern = jsonschema::draft202012::new(&schema).expect("compiles as 2020-12");
    let draft7 = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .build(&schema)
        .expect("compiles as draft 7");
    let example: Value =
        serde_json::from_str(include_str!("../../examples/huadu-2022.json")).expect("example");
    let project: Value =
        serde_json::from_str(include_str!("../../examples/project-sample.json")).expect("example");
    let mut reports = vec![example.clone(), project];
    for (pointer, value) in [
        ("/schema_version", json!("2")),
        ("/kind", json!("other")),
        ("/fiscal_year", json!(1999)),
        ("/fiscal_year", json!("2022")),
        ("/department", json!({})),
        ("/department/name", json!("")),
        ("/budget/adjusted", json!("一千")),
        ("/budget/by_source", json!({})),
        ("/indicators/0/weight", json!(-1)),
        ("/indicators/0/target", json!({"value": {"x": 1}})),
        ("/indicators/0/unknown", json!(1)),
        ("/unknown", json!(1)),
        ("/x-anything", json!({"a": [1, 2]})),
    ] {
        let mut report = example.clone();
        if let Some((parent, key)) = pointer.rsplit_once('/')
            && let Some(Value::Object(map)) = report.pointer_mut(parent)
        {
            map.insert(key.to_string(), value);
        }
        reports.push(report);
    }
    let mut invalid = 0;
    for report in &reports {
        let paths = |v: &jsonschema::Validator| -> Vec<String> {
            v.iter_errors(report).map(|e| format!("{} {:?}", e.instance_path(), e.kind())).collect()
        };
        assert_eq!(paths(&modern), paths(&draft7), "{report}");
        invalid += usize::from(!modern.is_valid(report));
        // jixiao's own validator, generated from the schema when jixiao is compiled, finds the
        // same violations at the same places (an unknown field is reported at the field).
        let expected: Vec<String> = modern
            .iter_errors(report)
            .flat_map(|e| match e.kind() {
                jsonschema::error::ValidationErrorKind::AdditionalProperties { unexpected } => {
                    unexpected.iter().map(|key| format!("{}/{key}", e.instance_path())).collect()
                }
                _ => vec![e.instance_path().to_string()],
            })
            .collect();
        assert_eq!(errors(report.clone()), expected, "{report}");
    }
    assert!(invalid >= 10, "only {invalid} of the broken reports are invalid");
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

/// The field names rule files may use are listed when jixiao is compiled: the list is every
/// property name the schema declares, sorted, as `is_known_field` searches it.
#[test]
fn the_field_names_listed_at_build_time_are_the_schemas() {
    fn collect(node: &Value, out: &mut std::collections::BTreeSet<String>) {
        match node {
            Value::Object(map) => {
                if let Some(Value::Object(properties)) = map.get("properties") {
                    out.extend(properties.keys().cloned());
                }
                map.values().for_each(|value| collect(value, out));
            }
            Value::Array(items) => items.iter().for_each(|item| collect(item, out)),
            _ => {}
        }
    }
    let mut names = std::collections::BTreeSet::new();
    collect(&schema(), &mut names);
    let listed: Vec<&str> = jixiao::schema::known_field_names().to_vec();
    assert_eq!(listed, names.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(listed.len() > 40, "only {} field names", listed.len());
    for name in &listed {
        assert!(jixiao::schema::is_known_field(name), "{name}");
    }
    assert!(!jixiao::schema::is_known_field("executed_amount"));
}
