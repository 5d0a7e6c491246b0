//! The shared vocabulary: types that checks, findings, waivers and reports
//! all speak, kept in a leaf module so none of them imports another for it.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

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
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

/// A loaded waiver: what it covers and why.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    /// `file:line` where it is written.
    pub source: String,
    /// The check's id (the file may name its slug or an alias).
    pub check_id: String,
    pub accounts: Vec<String>,
    pub ou_paths: Vec<String>,
    pub resources: Vec<String>,
    pub reason: String,
    pub owner: String,
    #[schemars(with = "String")]
    pub expires: Date,
    pub ticket: Option<String>,
}
