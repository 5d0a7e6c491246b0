//! A policy document (IAM or SCP) as it was collected, kept as compact JSON
//! text: a large organisation holds hundreds of thousands of them, and as
//! parsed JSON trees they would dominate the snapshot's memory. Views parse
//! a document when they need its statements.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;

#[derive(Debug, Clone)]
pub struct PolicyDocument(Box<RawValue>);

impl PolicyDocument {
    pub fn from_value(value: &Value) -> PolicyDocument {
        // Serialising a JSON value cannot fail; `null` keeps the type total.
        PolicyDocument(serde_json::value::to_raw_value(value).unwrap_or_default())
    }

    /// The document as JSON (`null` never happens for a collected one).
    pub fn parse(&self) -> Value {
        serde_json::from_str(self.0.get()).unwrap_or(Value::Null)
    }

    pub fn text(&self) -> &str {
        self.0.get()
    }
}

impl PartialEq for PolicyDocument {
    fn eq(&self, other: &Self) -> bool {
        self.text() == other.text()
    }
}

impl Serialize for PolicyDocument {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

/// Read through a JSON value, so any deserializer works (not only text).
impl<'de> Deserialize<'de> for PolicyDocument {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Value::deserialize(d).map(|v| PolicyDocument::from_value(&v))
    }
}

#[cfg(test)]
mod tests {
    use super::PolicyDocument;
    use serde_json::json;

    #[test]
    fn round_trips_as_the_same_json() {
        let doc =
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*"}]});
        let p: PolicyDocument = serde_json::from_value(doc.clone()).expect("from value");
        assert_eq!(p.parse(), doc);
        assert_eq!(serde_json::to_value(&p).expect("to value"), doc);
        let q: PolicyDocument = serde_json::from_str(p.text()).expect("from text");
        assert_eq!(p, q);
    }
}
