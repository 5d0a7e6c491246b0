//! The snapshot: raw evidence collected from an organisation, versioned and
//! reusable offline. Pure serde data; no SDK type leaks past this module.

mod account;
pub mod billing;
pub mod config_service;
pub mod credential_report;
mod gap;
pub mod iam;
pub mod identity;
mod load;
pub mod org;
mod policy_document;
pub mod security;

pub use account::{
    AccountSnapshot, AlternateContact, ApiStats, CollectionOutcome, CollectionStatus,
    RegionSelection, RegionSource,
};
pub use gap::{Gap, GapKind};
pub use load::{load_snapshot, parse_snapshot, SnapshotLoadError};
pub use policy_document::PolicyDocument;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Bumped whenever a field changes meaning or a required field is added.
pub const SCHEMA_VERSION: u32 = 1;

/// Everything one `orgaudit collect` run saw, and what it could not see.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    pub schema_version: u32,
    pub tool: ToolInfo,
    pub started_at: Timestamp,
    pub finished_at: Timestamp,
    pub caller: CallerIdentity,
    pub settings: CollectionSettings,
    pub organization: org::OrganizationView,
    /// API accounting for the caller's identity and organisation calls.
    pub organization_api: ApiStats,
    /// Keyed by account id (a string: ids may start with 0).
    pub accounts: BTreeMap<String, AccountSnapshot>,
    /// Every API call that failed, in a stable order.
    pub gaps: Vec<Gap>,
    /// Accounts the organisation listed that `--ou` left out: out of
    /// scope, so a comparison does not read their absence as lost or fixed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub out_of_scope: Vec<String>,
}

impl Snapshot {
    /// How many accounts ended with this collection outcome.
    pub fn count_outcome(&self, outcome: CollectionOutcome) -> usize {
        self.accounts
            .values()
            .filter(|a| a.collection.outcome == outcome)
            .count()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ToolInfo {
    pub name: String,
    pub version: String,
}

impl ToolInfo {
    pub fn current() -> Self {
        ToolInfo {
            name: env!("CARGO_PKG_NAME").to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }
}

/// Who ran the collection (sts:GetCallerIdentity), never their keys.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CallerIdentity {
    pub account_id: String,
    pub arn: String,
    pub user_id: String,
    /// `aws`, `aws-us-gov` or `aws-cn`, read from the caller ARN.
    pub partition: String,
}

/// The options that shaped the run, for reproducibility (no secrets).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CollectionSettings {
    pub role_name: String,
    pub external_id_used: bool,
    pub session_name: String,
    pub requested_regions: Option<Vec<String>>,
    pub concurrency: usize,
    /// The lowest the adaptive account concurrency went (it halves when an
    /// account meets throttling; see `collect::limit`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lowest_concurrency: Option<usize>,
    pub call_timeout_secs: u64,
    pub account_timeout_secs: u64,
    pub max_attempts: u32,
    /// `--ou` selectors: only accounts under these OUs (and the management
    /// account) were collected. Empty: the whole organisation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ous: Vec<String>,
}
