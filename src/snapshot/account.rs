//! Per-account part of the snapshot.

use super::billing::Billing;
use super::config_service::ConfigRegion;
use super::iam::Iam;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AccountSnapshot {
    pub id: String,
    /// Attacker-controlled text: escape before rendering.
    pub name: Option<String>,
    pub email: Option<String>,
    /// Organizations `State` (ACTIVE, SUSPENDED, PENDING_ACTIVATION, CLOSED...),
    /// or the legacy `Status` when `State` was absent.
    pub state: Option<String>,
    /// `State` or `Status`: which field the state came from.
    pub state_field: Option<String>,
    pub joined_method: Option<String>,
    pub joined_at: Option<Timestamp>,
    /// Id of the root or OU directly holding the account.
    pub parent_id: Option<String>,
    /// OU names from the root down, e.g. `Root/Workloads/Prod`.
    pub ou_path: Option<String>,
    pub tags: BTreeMap<String, String>,
    pub is_management: bool,
    pub collection: CollectionStatus,
    pub regions: Option<RegionSelection>,
    pub iam: Iam,
    /// SECURITY, BILLING, OPERATIONS → contact; `None` inside means "not set".
    pub alternate_contacts: Option<BTreeMap<String, Option<AlternateContact>>>,
    pub billing: Option<Billing>,
    /// AWS Budgets of this account; in the management account these may
    /// cover members through `LinkedAccount` filters.
    #[serde(default)]
    pub budgets: Option<Vec<super::billing::Budget>>,
    /// AWS Config state per region.
    pub config: BTreeMap<String, ConfigRegion>,
    /// CloudTrail, GuardDuty, Security Hub and IAM Access Analyzer per
    /// region; a region missing here was not read (snapshots before these
    /// services were collected have none).
    #[serde(default)]
    pub security: BTreeMap<String, super::security::SecurityRegion>,
    /// S3 bucket names in the account (ListBuckets), to tell which account a
    /// trail's log bucket is in; `None` when not read.
    #[serde(default)]
    pub s3_buckets: Option<Vec<String>>,
    /// IAM Identity Center, read by the management account only; `None`
    /// elsewhere and in snapshots from before it was collected.
    #[serde(default)]
    pub identity_center: Option<super::identity::IdentityCenter>,
    pub api: ApiStats,
}

/// How (and whether) the account was collected.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CollectionStatus {
    pub outcome: CollectionOutcome,
    /// `caller` or the ARN of the role assumed.
    pub access: Option<String>,
    pub reason: Option<String>,
}

#[derive(
    Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum CollectionOutcome {
    /// Every API answered.
    Complete,
    /// Some APIs failed; see `gaps`.
    Partial,
    /// Nothing could be read (role not assumable, deadline before any answer).
    Failed,
    /// Not attempted (account not ACTIVE).
    #[default]
    Skipped,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RegionSelection {
    pub source: RegionSource,
    pub regions: Vec<String>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum RegionSource {
    /// `--regions` on the command line.
    Requested,
    /// account:ListRegions (ENABLED and ENABLED_BY_DEFAULT).
    AccountListRegions,
    /// ListRegions could not be read; the default-enabled commercial regions.
    BuiltInDefault,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AlternateContact {
    pub name: Option<String>,
    pub title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// Client-side API accounting for one account.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApiStats {
    /// Logical operations issued.
    pub calls: u64,
    /// HTTP requests sent (calls plus retries).
    pub requests: u64,
    pub retries: u64,
    /// Responses that were throttling errors.
    pub throttles: u64,
}
