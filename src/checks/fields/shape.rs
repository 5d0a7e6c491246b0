//! The shape of a view, read from its JSON Schema (generated from the view
//! structs, so it cannot drift from what checks are given).

use schemars::JsonSchema;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// Anything (a raw policy fragment, a parameter).
    Any,
    /// `string`, `integer`, `number`, `boolean`.
    Scalar(String),
    List(Box<Shape>),
    Object(Object),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Object {
    pub fields: BTreeMap<String, Field>,
    /// A map's values (any key is valid); `None` for a struct.
    pub extra: Option<Box<Shape>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub shape: Shape,
    pub doc: Option<String>,
    /// Absent when AWS did not say or the data was not read (use `has()`).
    pub optional: bool,
}

impl Shape {
    pub fn of<T: JsonSchema>() -> Shape {
        let schema = schemars::schema_for!(T);
        let value = schema.as_value();
        let defs = value
            .get("$defs")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        from_schema(value, &defs, 0)
    }

    /// How the reference names it.
    pub fn describe(&self) -> String {
        match self {
            Shape::Any => "any".into(),
            Shape::Scalar(t) => t.clone(),
            Shape::List(item) => format!("list of {}", item.describe()),
            Shape::Object(o) => match &o.extra {
                Some(v) if o.fields.is_empty() => format!("map of {}", v.describe()),
                _ => "object".into(),
            },
        }
    }
}

/// `$ref`s nest at most this deep (the views are not recursive).
const MAX_DEPTH: usize = 16;

fn description(schema: &Value, defs: &Map<String, Value>) -> Option<String> {
    schema
        .get("description")
        .or_else(|| referenced(schema, defs).and_then(|d| d.get("description")))
        .and_then(Value::as_str)
        .map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn referenced<'d>(schema: &Value, defs: &'d Map<String, Value>) -> Option<&'d Value> {
    let name = schema.get("$ref")?.as_str()?.strip_prefix("#/$defs/")?;
    defs.get(name)
}

fn from_schema(schema: &Value, defs: &Map<String, Value>, depth: usize) -> Shape {
    if depth > MAX_DEPTH {
        return Shape::Any;
    }
    let Some(map) = schema.as_object() else {
        return Shape::Any;
    };
    if let Some(target) = referenced(schema, defs) {
        return from_schema(target, defs, depth + 1);
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        if let Some(Value::Array(variants)) = map.get(key) {
            let shapes: Vec<Shape> = variants
                .iter()
                .filter(|v| v.get("type").and_then(Value::as_str) != Some("null"))
                .map(|v| from_schema(v, defs, depth + 1))
                .collect();
            return merge(shapes);
        }
    }
    let types: Vec<&str> = match map.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let types: Vec<&str> = types.into_iter().filter(|t| *t != "null").collect();
    match types.as_slice() {
        ["object"] => Shape::Object(object(map, defs, depth)),
        ["array"] => Shape::List(Box::new(
            map.get("items")
                .map_or(Shape::Any, |items| from_schema(items, defs, depth + 1)),
        )),
        [scalar] => Shape::Scalar((*scalar).to_string()),
        _ if map.contains_key("properties") => Shape::Object(object(map, defs, depth)),
        _ => Shape::Any,
    }
}

fn object(map: &Map<String, Value>, defs: &Map<String, Value>, depth: usize) -> Object {
    let required: Vec<&str> = map
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let fields = map
        .get("properties")
        .and_then(Value::as_object)
        .map(|props| {
            props
                .iter()
                .map(|(name, schema)| {
                    let field = Field {
                        shape: from_schema(schema, defs, depth + 1),
                        doc: description(schema, defs),
                        optional: !required.contains(&name.as_str()),
                    };
                    (name.clone(), field)
                })
                .collect()
        })
        .unwrap_or_default();
    let extra = match map.get("additionalProperties") {
        Some(Value::Bool(true)) => Some(Box::new(Shape::Any)),
        Some(schema @ Value::Object(_)) => Some(Box::new(from_schema(schema, defs, depth + 1))),
        _ => None,
    };
    Object { fields, extra }
}

/// One shape for alternatives: objects merge their fields; anything else
/// that differs is `Any` (no path is refused on a guess).
fn merge(shapes: Vec<Shape>) -> Shape {
    let mut iter = shapes.into_iter();
    let Some(first) = iter.next() else {
        return Shape::Any;
    };
    iter.fold(first, |a, b| match (a, b) {
        (a, b) if a == b => a,
        (Shape::Object(mut a), Shape::Object(b)) => {
            for (k, v) in b.fields {
                a.fields.entry(k).or_insert(v);
            }
            a.extra = a.extra.or(b.extra);
            Shape::Object(a)
        }
        _ => Shape::Any,
    })
}
