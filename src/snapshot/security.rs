//! The security services the MoJ baseline requires in every account and
//! region: CloudTrail, GuardDuty, Security Hub and IAM Access Analyzer, as
//! one account sees them in one region. Each service is `None` when it could
//! not be read (a gap says why); an empty list is a fact ("none").
//! Organisation-wide facts (delegated administrators, an organisation trail,
//! an administrator's member list) are read where they live and credited to
//! members by the views.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SecurityRegion {
    pub cloudtrail: Option<Vec<Trail>>,
    pub guardduty: Option<GuardDuty>,
    pub securityhub: Option<SecurityHub>,
    pub access_analyzer: Option<Vec<Analyzer>>,
}

/// A trail as DescribeTrails lists it in this region (shadow trails of
/// multi-region and organisation trails included), with its status and
/// selectors where this region is its home and the account may read them.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Trail {
    pub name: String,
    pub arn: String,
    /// The account that owns the trail (from its ARN): the management
    /// account for an organisation trail seen from a member.
    pub owner_account: Option<String>,
    pub home_region: Option<String>,
    pub is_multi_region: Option<bool>,
    pub is_organization_trail: Option<bool>,
    pub s3_bucket_name: Option<String>,
    pub log_file_validation: Option<bool>,
    pub kms_key_id: Option<String>,
    /// GetTrailStatus; `None` when not read (another region's or account's trail, or a gap).
    pub is_logging: Option<bool>,
    /// Every management event, read and write, is recorded; `None` when
    /// the selectors were not read.
    pub management_events_all: Option<bool>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GuardDuty {
    pub detectors: Vec<Detector>,
    /// ListOrganizationAdminAccounts (read in the management account only).
    pub admin_accounts: Option<Vec<AdminAccount>>,
    /// The delegated administrator's view (read in that account only).
    pub organization: Option<GuardDutyOrganization>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Detector {
    pub id: String,
    /// `ENABLED` or `DISABLED`; `None` when GetDetector failed.
    pub status: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AdminAccount {
    pub account_id: String,
    pub status: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GuardDutyOrganization {
    /// `NEW`, `ALL` or `NONE` (AutoEnableOrganizationMembers).
    pub auto_enable: Option<String>,
    pub members: Vec<Member>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub account_id: String,
    /// GuardDuty `RelationshipStatus` (`Enabled`, `Disabled`, `Removed`, ...)
    /// or Security Hub `MemberStatus`.
    pub status: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SecurityHub {
    /// The account is subscribed to Security Hub in this region.
    pub enabled: bool,
    pub hub_arn: Option<String>,
    /// Enabled standards; `None` when not read.
    pub standards: Option<Vec<StandardSubscription>>,
    /// ListOrganizationAdminAccounts (read in the management account only).
    pub admin_accounts: Option<Vec<AdminAccount>>,
    /// The delegated administrator's view (read in that account only).
    pub organization: Option<SecurityHubOrganization>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StandardSubscription {
    pub standards_arn: String,
    /// `READY`, `PENDING`, `INCOMPLETE`, `DELETING`, `FAILED`.
    pub status: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SecurityHubOrganization {
    pub auto_enable: Option<bool>,
    pub members: Vec<Member>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Analyzer {
    pub name: String,
    pub arn: String,
    /// `ACCOUNT`, `ORGANIZATION`, `ACCOUNT_UNUSED_ACCESS`, `ORGANIZATION_UNUSED_ACCESS`.
    pub kind: String,
    /// `ACTIVE`, `CREATING`, `DISABLED`, `FAILED`.
    pub status: Option<String>,
    /// ACTIVE findings of this analyzer (only for analyzers this account
    /// owns); `None` when not read.
    pub active_findings: Option<Vec<AnalyzerFinding>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnalyzerFinding {
    pub id: String,
    pub resource: Option<String>,
    pub resource_type: Option<String>,
    pub resource_owner_account: Option<String>,
    pub finding_type: Option<String>,
    pub created_at: Option<Timestamp>,
}

/// A delegated administrator of the organisation and what it administers.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DelegatedAdministrator {
    pub account_id: String,
    /// Service principals (`guardduty.amazonaws.com`, ...); `None` when
    /// ListDelegatedServicesForAccount could not be read.
    pub services: Option<Vec<String>>,
}
