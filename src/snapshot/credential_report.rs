//! The IAM credential report, parsed by header name into typed rows.
//!
//! AWS has added columns before and test fixtures reorder them, so columns
//! are found by name and unknown ones are kept. The sentinels `N/A`,
//! `no_information` and `not_supported` are kept as distinct values and are
//! never read as dates; in JSON they keep their AWS spelling.

use jiff::Timestamp;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;

/// The root user's row is literally named this.
pub const ROOT_USER: &str = "<root_account>";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CredentialReport {
    pub generated_time: Option<Timestamp>,
    pub rows: Vec<CredentialReportRow>,
}

/// A timestamp cell: a UTC time or one of AWS's sentinels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportTime {
    At(Timestamp),
    /// `N/A`: the credential does not exist or was never used.
    NotApplicable,
    /// `no_information`: never used, or not since tracking began.
    NoInformation,
    /// `not_supported`: the value does not exist for this row (root).
    NotSupported,
    /// Anything else, kept verbatim so evidence shows what AWS sent.
    Unparsed(String),
}

/// A boolean cell: `true`/`false` (any case) or a sentinel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportBool {
    Value(bool),
    NotSupported,
    Unparsed(String),
}

/// A text cell that may hold `N/A` (last-used region/service).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportText {
    Value(String),
    NotApplicable,
    NoInformation,
    NotSupported,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CredentialReportRow {
    pub user: String,
    pub arn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_creation_time: Option<ReportTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_enabled: Option<ReportBool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_last_used: Option<ReportTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_last_changed: Option<ReportTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_next_rotation: Option<ReportTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa_active: Option<ReportBool>,
    /// Access-key slots 1 and 2, in that order.
    pub access_keys: Vec<AccessKeySlot>,
    /// Signing-certificate slots 1 and 2.
    pub certs: Vec<CertSlot>,
    /// Columns this version does not know, by header name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AccessKeySlot {
    pub slot: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<ReportBool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_rotated: Option<ReportTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used_date: Option<ReportTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used_region: Option<ReportText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used_service: Option<ReportText>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CertSlot {
    pub slot: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<ReportBool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_rotated: Option<ReportTime>,
}

#[derive(Debug, thiserror::Error)]
pub enum CredentialReportError {
    #[error("credential report is not valid CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("credential report has no `{0}` column")]
    MissingColumn(&'static str),
    #[error("credential report line {line}: {reason}")]
    BadRow { line: u64, reason: String },
}

const NA: &str = "N/A";
const NO_INFORMATION: &str = "no_information";
const NOT_SUPPORTED: &str = "not_supported";

impl ReportTime {
    pub fn parse(cell: &str) -> ReportTime {
        match cell.trim() {
            NA => ReportTime::NotApplicable,
            NO_INFORMATION => ReportTime::NoInformation,
            NOT_SUPPORTED => ReportTime::NotSupported,
            text => text
                .parse::<Timestamp>()
                .map(ReportTime::At)
                .unwrap_or_else(|_| ReportTime::Unparsed(text.to_string())),
        }
    }

    /// The time, if this cell holds one.
    pub fn timestamp(&self) -> Option<Timestamp> {
        match self {
            ReportTime::At(t) => Some(*t),
            _ => None,
        }
    }

    /// The cell as AWS writes it (a date, or a sentinel).
    pub fn as_text(&self) -> String {
        match self {
            ReportTime::At(t) => t.to_string(),
            ReportTime::NotApplicable => NA.to_string(),
            ReportTime::NoInformation => NO_INFORMATION.to_string(),
            ReportTime::NotSupported => NOT_SUPPORTED.to_string(),
            ReportTime::Unparsed(s) => s.clone(),
        }
    }
}

impl ReportBool {
    pub fn parse(cell: &str) -> ReportBool {
        let text = cell.trim();
        if text.eq_ignore_ascii_case("true") {
            ReportBool::Value(true)
        } else if text.eq_ignore_ascii_case("false") {
            ReportBool::Value(false)
        } else if text == NOT_SUPPORTED {
            ReportBool::NotSupported
        } else {
            ReportBool::Unparsed(text.to_string())
        }
    }

    pub fn value(&self) -> Option<bool> {
        match self {
            ReportBool::Value(b) => Some(*b),
            _ => None,
        }
    }
}

impl ReportText {
    pub fn parse(cell: &str) -> ReportText {
        match cell.trim() {
            NA => ReportText::NotApplicable,
            NO_INFORMATION => ReportText::NoInformation,
            NOT_SUPPORTED => ReportText::NotSupported,
            text => ReportText::Value(text.to_string()),
        }
    }

    fn as_text(&self) -> &str {
        match self {
            ReportText::Value(s) => s,
            ReportText::NotApplicable => NA,
            ReportText::NoInformation => NO_INFORMATION,
            ReportText::NotSupported => NOT_SUPPORTED,
        }
    }
}

impl Serialize for ReportTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.as_text())
    }
}

impl<'de> Deserialize<'de> for ReportTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(ReportTime::parse(&String::deserialize(d)?))
    }
}

impl Serialize for ReportText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_text())
    }
}

impl<'de> Deserialize<'de> for ReportText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(ReportText::parse(&String::deserialize(d)?))
    }
}

/// Booleans are JSON booleans; sentinels stay strings so they cannot be
/// mistaken for `false`.
impl Serialize for ReportBool {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ReportBool::Value(b) => s.serialize_bool(*b),
            ReportBool::NotSupported => s.serialize_str(NOT_SUPPORTED),
            ReportBool::Unparsed(text) => s.serialize_str(text),
        }
    }
}

impl<'de> Deserialize<'de> for ReportBool {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Bool(bool),
            Text(String),
        }
        Ok(match Raw::deserialize(d)? {
            Raw::Bool(b) => ReportBool::Value(b),
            Raw::Text(t) => ReportBool::parse(&t),
        })
    }
}

/// Column positions, looked up once from the header row.
struct Columns {
    by_name: BTreeMap<String, usize>,
}

impl Columns {
    fn get<'r>(&self, record: &'r csv::StringRecord, name: &str) -> Option<&'r str> {
        self.by_name.get(name).and_then(|i| record.get(*i))
    }
}

/// Every column this parser understands; the rest go to `extra`.
fn known_column(name: &str) -> bool {
    const FIXED: [&str; 8] = [
        "user",
        "arn",
        "user_creation_time",
        "password_enabled",
        "password_last_used",
        "password_last_changed",
        "password_next_rotation",
        "mfa_active",
    ];
    const KEY: [&str; 5] = [
        "active",
        "last_rotated",
        "last_used_date",
        "last_used_region",
        "last_used_service",
    ];
    if FIXED.contains(&name) {
        return true;
    }
    for slot in ["access_key_1_", "access_key_2_"] {
        if let Some(rest) = name.strip_prefix(slot) {
            return KEY.contains(&rest);
        }
    }
    for slot in ["cert_1_", "cert_2_"] {
        if let Some(rest) = name.strip_prefix(slot) {
            return rest == "active" || rest == "last_rotated";
        }
    }
    false
}

/// Parse the CSV bytes of `GetCredentialReport` (already base64-decoded).
pub fn parse_credential_report(
    csv_bytes: &[u8],
    generated_time: Option<Timestamp>,
) -> Result<CredentialReport, CredentialReportError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(csv_bytes);
    let headers = reader.headers()?.clone();
    let by_name: BTreeMap<String, usize> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| (h.trim().to_string(), i))
        .collect();
    for required in ["user", "arn"] {
        if !by_name.contains_key(required) {
            return Err(CredentialReportError::MissingColumn(required));
        }
    }
    let cols = Columns { by_name };
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record?;
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        rows.push(parse_row(&cols, &headers, &record, line)?);
    }
    Ok(CredentialReport {
        generated_time,
        rows,
    })
}

fn parse_row(
    cols: &Columns,
    headers: &csv::StringRecord,
    record: &csv::StringRecord,
    line: u64,
) -> Result<CredentialReportRow, CredentialReportError> {
    let text = |name: &str| cols.get(record, name);
    let time = |name: &str| text(name).map(ReportTime::parse);
    let boolean = |name: &str| text(name).map(ReportBool::parse);
    let user = text("user").unwrap_or_default().to_string();
    if user.is_empty() {
        return Err(CredentialReportError::BadRow {
            line,
            reason: "empty `user` cell".to_string(),
        });
    }
    let access_keys = (1u8..=2)
        .map(|slot| {
            let col = |field: &str| format!("access_key_{slot}_{field}");
            AccessKeySlot {
                slot,
                active: boolean(&col("active")),
                last_rotated: time(&col("last_rotated")),
                last_used_date: time(&col("last_used_date")),
                last_used_region: text(&col("last_used_region")).map(ReportText::parse),
                last_used_service: text(&col("last_used_service")).map(ReportText::parse),
            }
        })
        .collect();
    let certs = (1u8..=2)
        .map(|slot| CertSlot {
            slot,
            active: boolean(&format!("cert_{slot}_active")),
            last_rotated: time(&format!("cert_{slot}_last_rotated")),
        })
        .collect();
    let extra = headers
        .iter()
        .zip(record.iter())
        .filter(|(h, _)| !known_column(h.trim()))
        .map(|(h, v)| (h.trim().to_string(), v.to_string()))
        .collect();
    Ok(CredentialReportRow {
        arn: text("arn").unwrap_or_default().to_string(),
        user,
        user_creation_time: time("user_creation_time"),
        password_enabled: boolean("password_enabled"),
        password_last_used: time("password_last_used"),
        password_last_changed: time("password_last_changed"),
        password_next_rotation: time("password_next_rotation"),
        mfa_active: boolean("mfa_active"),
        access_keys,
        certs,
        extra,
    })
}

impl CredentialReport {
    /// The `<root_account>` row, present in real AWS reports.
    pub fn root(&self) -> Option<&CredentialReportRow> {
        self.rows.iter().find(|r| r.user == ROOT_USER)
    }

    /// Rows of IAM users (everything but root).
    pub fn users(&self) -> impl Iterator<Item = &CredentialReportRow> {
        self.rows.iter().filter(|r| r.user != ROOT_USER)
    }
}
