//! The values of direct evaluation: scalars, text borrowed from the views
//! or the expression, JSON lists and maps borrowed from the views, and the
//! few lists and maps an expression builds.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;
use std::borrow::Cow;

#[derive(Debug, Clone)]
pub enum Out<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Double(f64),
    Str(Cow<'a, str>),
    /// A JSON array or object of a view.
    Json(&'a Value),
    List(Vec<Out<'a>>),
    /// A map literal, keys unique (checked when compiled).
    Map(Vec<(&'a str, Out<'a>)>),
}

impl<'a> Out<'a> {
    /// A view's value as CEL sees it (`cel_env::convert`): integers signed,
    /// other numbers double.
    pub fn from_json(value: &'a Value) -> Out<'a> {
        match value {
            Value::Null => Out::Null,
            Value::Bool(b) => Out::Bool(*b),
            Value::Number(n) => match n.as_i64() {
                Some(i) => Out::Int(i),
                None => Out::Double(n.as_f64().unwrap_or(f64::NAN)),
            },
            Value::String(s) => Out::Str(Cow::Borrowed(s)),
            Value::Array(_) | Value::Object(_) => Out::Json(value),
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Out::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The elements of a list, or `None` for anything else.
    pub fn elements(&self) -> Option<Vec<Out<'a>>> {
        match self {
            Out::Json(Value::Array(items)) => Some(items.iter().map(Out::from_json).collect()),
            Out::List(items) => Some(items.clone()),
            _ => None,
        }
    }

    pub fn len(&self) -> Option<usize> {
        match self {
            Out::Str(s) => Some(s.chars().count()),
            Out::Json(Value::Array(items)) => Some(items.len()),
            Out::Json(Value::Object(map)) => Some(map.len()),
            Out::List(items) => Some(items.len()),
            Out::Map(entries) => Some(entries.len()),
            _ => None,
        }
    }

    /// A map's field: `None` when it is not a map or lacks the key.
    pub fn field(&self, key: &str) -> Option<Out<'a>> {
        match self {
            Out::Json(Value::Object(map)) => map.get(key).map(Out::from_json),
            Out::Map(entries) => entries
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.clone()),
            _ => None,
        }
    }

    /// Whether a map has the key; `None` when it is not a map.
    pub fn has_key(&self, key: &str) -> Option<bool> {
        match self {
            Out::Json(Value::Object(map)) => Some(map.contains_key(key)),
            Out::Map(entries) => Some(entries.iter().any(|(k, _)| *k == key)),
            _ => None,
        }
    }

    /// Text for messages: strings bare, everything else as JSON.
    pub fn into_text(self) -> String {
        match self {
            Out::Str(s) => s.into_owned(),
            other => serde_json::to_string(&other).unwrap_or_default(),
        }
    }
}

/// Equality of two scalars of one type; `None` for anything CEL might
/// judge differently (mixed types, lists, maps).
pub fn scalar_eq(a: &Out, b: &Out) -> Option<bool> {
    match (a, b) {
        (Out::Null, Out::Null) => Some(true),
        (Out::Bool(x), Out::Bool(y)) => Some(x == y),
        (Out::Int(x), Out::Int(y)) => Some(x == y),
        (Out::Double(x), Out::Double(y)) => Some(x == y),
        (Out::Str(x), Out::Str(y)) => Some(x == y),
        _ => None,
    }
}

pub fn compare(a: &Out, b: &Out) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Out::Int(x), Out::Int(y)) => Some(x.cmp(y)),
        (Out::Double(x), Out::Double(y)) => x.partial_cmp(y),
        (Out::Str(x), Out::Str(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

/// Serialised as `cel_env::to_json` would: map keys sorted, non-finite
/// doubles as null.
impl Serialize for Out<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Out::Null => s.serialize_unit(),
            Out::Bool(b) => s.serialize_bool(*b),
            Out::Int(i) => s.serialize_i64(*i),
            Out::Double(d) if d.is_finite() => s.serialize_f64(*d),
            Out::Double(_) => s.serialize_unit(),
            Out::Str(text) => s.serialize_str(text),
            Out::Json(v) => v.serialize(s),
            Out::List(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Out::Map(entries) => {
                let mut sorted: Vec<&(&str, Out)> = entries.iter().collect();
                sorted.sort_by(|a, b| a.0.cmp(b.0));
                let mut map = s.serialize_map(Some(sorted.len()))?;
                for (k, v) in sorted {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}
