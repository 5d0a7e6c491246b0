//! Findings: one check evaluated against one resource, with its evidence and
//! a fingerprint that is stable across runs and unique per resource.

mod list;
mod tally;

pub use list::Findings;
pub use tally::Tally;

use crate::snapshot::Gap;
use crate::vocab::Severity;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};
use std::sync::Arc;

#[derive(
    Debug,
    Clone,
    Copy,
    Serialize,
    Deserialize,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    schemars::JsonSchema,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Status {
    Pass,
    Fail,
    /// The data was not collected (a gap) or could not be judged.
    Unknown,
    NotApplicable,
    /// Needs a human to provide evidence.
    Manual,
    /// A FAIL or UNKNOWN covered by a waiver in force (see `Finding::waiver`).
    Waived,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Fail,
        Status::Unknown,
        Status::Waived,
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
            Status::Waived => "WAIVED",
        }
    }
}

/// Identity of a check, shared by all its findings.
#[derive(Debug, PartialEq, Eq)]
pub struct CheckRef {
    pub id: String,
    pub slug: String,
}

/// Identity of an account, shared by all its findings.
#[derive(Debug, PartialEq, Eq)]
pub struct AccountRef {
    pub id: String,
    /// Attacker-controlled text.
    pub name: Option<String>,
    pub ou_path: Option<String>,
}

/// One evaluated resource, shared by the findings of every check on it.
#[derive(Debug, PartialEq, Eq)]
pub struct ResourceRef {
    /// Stable identifier (an ARN where AWS has one).
    pub id: Arc<str>,
    pub name: Arc<str>,
    /// `None` for global resources.
    pub region: Option<Arc<str>>,
    /// JSON pointer into the snapshot where the evidence lives.
    pub pointer: Arc<str>,
}

/// Why the status is what it is. What was expected is stated once per check
/// (`checks[].expected` in the results); where to look is the resource's
/// snapshot pointer.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    /// The value the check looked at, when it could be read (raw JSON text,
    /// so millions of findings stay compact).
    pub observed: Option<Box<RawValue>>,
    /// Why the result could not be judged (rare: boxed, so the common
    /// finding carries one pointer for it).
    pub unjudged: Option<Box<Unjudged>>,
}

#[derive(Debug, Clone, Default)]
pub struct Unjudged {
    /// Collection gaps behind an UNKNOWN.
    pub gaps: Vec<Gap>,
    pub reason: Option<String>,
    /// Set on an UNKNOWN the baseline had judged (lost visibility): the
    /// status the resource last had when it was read.
    pub previous_status: Option<Status>,
}

impl Evidence {
    pub fn gaps(&self) -> &[Gap] {
        self.unjudged
            .as_ref()
            .map(|u| u.gaps.as_slice())
            .unwrap_or_default()
    }

    pub fn reason(&self) -> Option<&str> {
        self.unjudged.as_ref().and_then(|u| u.reason.as_deref())
    }

    /// The baseline status of a finding carried for lost visibility.
    pub fn previous_status(&self) -> Option<Status> {
        self.unjudged.as_ref().and_then(|u| u.previous_status)
    }
}

/// One check evaluated against one resource. Identity is shared (`Arc`), so
/// a finding is a few pointers plus its message and evidence, and its
/// fingerprint is derived from that identity when asked for; the JSON form
/// is flat (see the `Serialize` impl).
#[derive(Debug, Clone)]
pub struct Finding {
    pub check: Arc<CheckRef>,
    /// Effective severity (title and framework mappings are in the results'
    /// `checks` list, once per check).
    pub severity: Severity,
    pub status: Status,
    pub account: Arc<AccountRef>,
    pub resource: Arc<ResourceRef>,
    pub message: Box<str>,
    pub evidence: Evidence,
    /// Set when the status is WAIVED.
    pub waiver: Option<Box<Waived>>,
}

/// Why a finding is WAIVED, and what it was before.
#[derive(Debug, Clone)]
pub struct Waived {
    pub original: Status,
    pub waiver: Arc<crate::vocab::Waiver>,
}

impl Finding {
    /// Stable across runs, unique per (check, account, region, resource).
    pub fn fingerprint(&self) -> Fingerprint {
        fingerprint(
            &self.check.id,
            &self.account.id,
            self.resource.region.as_deref(),
            &self.resource.id,
        )
    }
}

impl Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut f = s.serialize_struct("Finding", 13)?;
        f.serialize_field("check_id", &self.check.id)?;
        f.serialize_field("check_slug", &self.check.slug)?;
        f.serialize_field("severity", &self.severity)?;
        f.serialize_field("status", &self.status)?;
        f.serialize_field("account_id", &self.account.id)?;
        f.serialize_field("account_name", &self.account.name)?;
        f.serialize_field("ou_path", &self.account.ou_path)?;
        f.serialize_field("region", &self.resource.region)?;
        f.serialize_field("resource_id", &self.resource.id)?;
        f.serialize_field("resource_name", &self.resource.name)?;
        f.serialize_field("message", &self.message)?;
        f.serialize_field(
            "evidence",
            &EvidenceJson {
                pointer: &self.resource.pointer,
                observed: self.evidence.observed.as_deref(),
                gaps: self.evidence.gaps(),
                reason: self.evidence.reason(),
                previous_status: self.evidence.previous_status(),
            },
        )?;
        f.serialize_field("fingerprint", &self.fingerprint())?;
        if let Some(w) = &self.waiver {
            f.serialize_field(
                "waiver",
                &WaiverJson {
                    original_status: w.original,
                    waiver: &w.waiver,
                },
            )?;
        }
        f.end()
    }
}

#[derive(Serialize)]
struct WaiverJson<'a> {
    original_status: Status,
    #[serde(flatten)]
    waiver: &'a crate::vocab::Waiver,
}

/// The JSON form of a finding's waiver.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "FindingWaiver")]
struct WaiverDto {
    original_status: Status,
    #[serde(flatten)]
    waiver: crate::vocab::Waiver,
}

#[derive(Serialize)]
struct EvidenceJson<'a> {
    pointer: &'a str,
    /// Absent when nothing was evaluated (a requirement missing, a check not
    /// applicable); `null` when the value observed was null (no contact set).
    #[serde(skip_serializing_if = "Option::is_none")]
    observed: Option<&'a RawValue>,
    #[serde(skip_serializing_if = "<[Gap]>::is_empty")]
    gaps: &'a [Gap],
    reason: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    previous_status: Option<Status>,
}

/// The flat JSON form, read back (results files are inputs to `diff`).
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Finding")]
struct FindingDto {
    check_id: String,
    check_slug: String,
    severity: Severity,
    status: Status,
    account_id: String,
    account_name: Option<String>,
    ou_path: Option<String>,
    region: Option<String>,
    resource_id: String,
    resource_name: String,
    message: String,
    evidence: EvidenceDto,
    fingerprint: Fingerprint,
    #[serde(default)]
    waiver: Option<WaiverDto>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Evidence")]
struct EvidenceDto {
    pointer: String,
    #[serde(default, deserialize_with = "present")]
    #[schemars(with = "Option<serde_json::Value>")]
    observed: Option<Box<RawValue>>,
    #[serde(default)]
    gaps: Vec<Gap>,
    reason: Option<String>,
    /// Only on an UNKNOWN the baseline had judged (lost visibility: found
    /// now but not judged, or carried because it was not read at all): the
    /// status it had when its resource was last read.
    #[serde(default)]
    previous_status: Option<Status>,
}

/// A present `observed` is kept even when it is `null`.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Box<RawValue>>, D::Error> {
    Box::<RawValue>::deserialize(d).map(Some)
}

impl<'de> Deserialize<'de> for Finding {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let f = FindingDto::deserialize(d)?;
        let e = f.evidence;
        let judged = e.gaps.is_empty() && e.reason.is_none() && e.previous_status.is_none();
        let unjudged = (!judged).then(|| {
            Box::new(Unjudged {
                gaps: e.gaps,
                reason: e.reason,
                previous_status: e.previous_status,
            })
        });
        let finding = Finding {
            check: Arc::new(CheckRef {
                id: f.check_id,
                slug: f.check_slug,
            }),
            severity: f.severity,
            status: f.status,
            account: Arc::new(AccountRef {
                id: f.account_id,
                name: f.account_name,
                ou_path: f.ou_path,
            }),
            resource: Arc::new(ResourceRef {
                id: f.resource_id.into(),
                name: f.resource_name.into(),
                region: f.region.map(Into::into),
                pointer: e.pointer.into(),
            }),
            message: f.message.into_boxed_str(),
            evidence: Evidence {
                observed: e.observed,
                unjudged,
            },
            waiver: f.waiver.map(|w| {
                Box::new(Waived {
                    original: w.original_status,
                    waiver: Arc::new(w.waiver),
                })
            }),
        };
        // The fingerprint is a function of the identity: a file whose
        // fingerprints disagree was edited or made by an incompatible tool.
        if finding.fingerprint() != f.fingerprint {
            return Err(serde::de::Error::custom(format!(
                "fingerprint {} does not match check {}, account {}, resource {}",
                f.fingerprint, finding.check.id, finding.account.id, finding.resource.id
            )));
        }
        Ok(finding)
    }
}

/// The JSON form of a finding is `FindingDto`'s.
impl schemars::JsonSchema for Finding {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Finding".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        FindingDto::json_schema(generator)
    }
}

impl schemars::JsonSchema for Fingerprint {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Fingerprint".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9a-f]{32}$",
            "description": "128 bits of SHA-256 over check id, account, region and resource id"
        })
    }
}

/// 128 bits of SHA-256 over (check, account, region, resource); JSON carries
/// it as 32 lowercase hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fingerprint(pub [u8; 16]);

const HEX: &[u8; 16] = b"0123456789abcdef";

impl std::fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for byte in self.0 {
            write!(
                f,
                "{}{}",
                char::from(HEX[usize::from(byte >> 4)]),
                char::from(HEX[usize::from(byte & 0xf)])
            )?;
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
                (Some(h), Some(l))
                    if !pair[0].is_ascii_uppercase() && !pair[1].is_ascii_uppercase() =>
                {
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
