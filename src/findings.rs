//! Findings: one check evaluated against one resource, with its evidence and
//! a fingerprint that is stable across runs and unique per resource.

use crate::checks::definition::Severity;
use crate::snapshot::Gap;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Status {
    Pass,
    Fail,
    /// The data was not collected (a gap) or could not be judged.
    Unknown,
    NotApplicable,
    /// Needs a human to provide evidence.
    Manual,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Fail,
        Status::Unknown,
        Status::Pass,
        Status::NotApplicable,
        Status::Manual,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "PASS",
            Status::Fail => "FAIL",
            Status::Unknown => "UNKNOWN",
            Status::NotApplicable => "NOT_APPLICABLE",
            Status::Manual => "MANUAL",
        }
    }
}

/// Why the status is what it is. What was expected is stated once per check
/// (`checks[].expected` in the results).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// JSON pointer into the snapshot.
    pub pointer: Arc<str>,
    /// The value the check looked at, when it could be read (raw JSON: kept
    /// as text so millions of findings stay compact).
    pub observed: Option<Box<RawValue>>,
    /// Collection gaps behind an UNKNOWN.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gaps: Vec<Gap>,
    /// Evaluation error or not-applicable reason.
    pub reason: Option<String>,
}

/// Strings shared by many findings (check and account identity) are `Arc`s.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    pub check_id: Arc<str>,
    pub check_slug: Arc<str>,
    /// Effective severity (title and framework mappings are in the results'
    /// `checks` list, once per check).
    pub severity: Severity,
    pub status: Status,
    pub account_id: Arc<str>,
    /// Attacker-controlled text.
    pub account_name: Option<Arc<str>>,
    pub ou_path: Option<Arc<str>>,
    pub region: Option<Arc<str>>,
    pub resource_id: Arc<str>,
    pub resource_name: Arc<str>,
    pub message: String,
    pub evidence: Evidence,
    pub fingerprint: Fingerprint,
}

/// 128 bits of SHA-256 over (check, account, region, resource); JSON carries
/// it as 32 lowercase hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fingerprint(pub [u8; 16]);

const HEX: &[u8; 16] = b"0123456789abcdef";

impl std::fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for byte in self.0 {
            write!(f, "{}{}", char::from(HEX[usize::from(byte >> 4)]), char::from(HEX[usize::from(byte & 0xf)]))?;
        }
        Ok(())
    }
}

impl std::str::FromStr for Fingerprint {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        let bytes = text.as_bytes();
        if bytes.len() != 32 {
            return Err(format!("fingerprint `{text}` is not 32 hex digits"));
        }
        let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
        let mut out = [0u8; 16];
        for (i, pair) in bytes.chunks(2).enumerate() {
            match (digit(pair[0]), digit(pair[1])) {
                (Some(h), Some(l)) if !pair[0].is_ascii_uppercase() && !pair[1].is_ascii_uppercase() => {
                    out[i] = h << 4 | l
                }
                _ => return Err(format!("fingerprint `{text}` is not lowercase hex")),
            }
        }
        Ok(Fingerprint(out))
    }
}

impl Serialize for Fingerprint {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Fingerprint {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// sha256(check id, account, region, resource), hex, first 32 characters.
pub fn fingerprint(
    check_id: &str,
    account_id: &str,
    region: Option<&str>,
    resource_id: &str,
) -> Fingerprint {
    let mut h = Sha256::new();
    for part in [check_id, account_id, region.unwrap_or(""), resource_id] {
        h.update(part.as_bytes());
        h.update([0x1f]);
    }
    let digest = h.finalize();
    let mut out = [0u8; 16];
    out.copy_from_slice(&digest[..16]);
    Fingerprint(out)
}

#[cfg(test)]
mod tests {
    use super::fingerprint;

    #[test]
    fn fingerprints_separate_every_part() {
        let a = fingerprint(
            "OA-IAM-001",
            "111111111111",
            None,
            "arn:aws:iam::111111111111:user/a#access_key_1",
        );
        let b = fingerprint(
            "OA-IAM-001",
            "111111111111",
            None,
            "arn:aws:iam::111111111111:user/a#access_key_2",
        );
        assert_ne!(a, b);
        assert_eq!(
            a,
            fingerprint(
                "OA-IAM-001",
                "111111111111",
                None,
                "arn:aws:iam::111111111111:user/a#access_key_1"
            )
        );
        assert_ne!(
            fingerprint("x", "1", Some("a"), "b"),
            fingerprint("x", "1", None, "ab")
        );
    }
}
