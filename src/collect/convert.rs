//! Small conversions from SDK values to snapshot values.

use crate::snapshot::PolicyDocument;
use jiff::Timestamp;
use serde_json::Value;

pub fn timestamp(dt: &aws_smithy_types::DateTime) -> Option<Timestamp> {
    i32::try_from(dt.subsec_nanos())
        .ok()
        .and_then(|nanos| Timestamp::new(dt.secs(), nanos).ok())
}

pub fn opt_timestamp(dt: Option<&aws_smithy_types::DateTime>) -> Option<Timestamp> {
    dt.and_then(timestamp)
}

/// IAM returns policy documents URL-encoded (RFC 3986). Decode and parse;
/// a document that is not JSON is kept as its decoded text.
pub fn policy_document(raw: &str) -> PolicyDocument {
    PolicyDocument::from_value(&decode_document(raw))
}

fn decode_document(raw: &str) -> Value {
    let text = if raw.trim_start().starts_with('{') {
        raw.to_string()
    } else {
        percent_encoding::percent_decode_str(raw)
            .decode_utf8_lossy()
            .into_owned()
    };
    serde_json::from_str(&text).unwrap_or(Value::String(text))
}

#[cfg(test)]
mod tests {
    use super::decode_document;
    use serde_json::json;

    #[test]
    fn url_encoded_documents_become_json() {
        let raw = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3A%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D";
        assert_eq!(
            decode_document(raw),
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]})
        );
    }

    #[test]
    fn plain_json_and_garbage_are_kept() {
        assert_eq!(decode_document(r#"{"a":1}"#), json!({"a": 1}));
        assert_eq!(decode_document("not json"), json!("not json"));
    }
}
