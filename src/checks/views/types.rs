//! The typed contract of what checks read: every view is one of these
//! structs, serialised to the JSON the CEL variables are built from. Their
//! JSON Schema (with these doc comments) is the field reference
//! (`orgaudit checks fields`) and what check loading validates paths against.
//!
//! A field that is `Option` and skipped when `None` is absent when AWS did
//! not say (use `has()`); evaluating it otherwise makes the check UNKNOWN.

use crate::snapshot::billing::{BillingAlarm, Budget, Subscription};
use crate::snapshot::config_service::{
    ConfigRecorder, ConfigRegion, DeliveryChannel, DeliveryChannelStatus, RecorderStatus,
};
use crate::snapshot::iam::PasswordPolicy;
use crate::snapshot::AlternateContact;
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// The `account` variable: one per account, the same for every check.
#[derive(Debug, Default, Serialize, JsonSchema)]
pub struct AccountView {
    /// The 12-digit account id.
    pub id: String,
    /// The account name (attacker-controlled text); empty when unknown.
    pub name: String,
    /// `aws`, `aws-cn` or `aws-us-gov`.
    pub partition: String,
    /// The organisation's management (payer) account.
    pub is_management: bool,
    /// Organizations account state (`ACTIVE`, `SUSPENDED`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// OU names from the root down, e.g. `Root/Workloads/Prod`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ou_path: Option<String>,
    /// The account's tags in Organizations.
    pub tags: BTreeMap<String, String>,
    /// Whether the account is in an organisation; absent when the
    /// organisation could not be described.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_organization: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub management_account_id: Option<String>,
    /// `ALL` or `CONSOLIDATED_BILLING`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feature_set: Option<String>,
    /// The account sits directly under the root, outside any OU.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_is_root: Option<bool>,
    /// The SCP policy type is enabled on the root.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scp_enabled: Option<bool>,
    /// SCPs attached to the account and every OU above it (`[]` when SCPs
    /// are disabled); absent when the OU path or an attachment is unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scps: Option<Vec<ScpAttachmentView>>,
    /// What the SCPs on the path deny, judged with IAM policy semantics.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scp_guardrails: Option<ScpGuardrailsView>,
    /// GetAccountSummary's SummaryMap, keys as AWS spells them
    /// (`AccountMFAEnabled`, `AccountAccessKeysPresent`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<BTreeMap<String, i64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password_policy: Option<PasswordPolicyView>,
    /// The root user's credential-report row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub root: Option<CredentialRowView>,
    /// IAM users in the credential report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_count: Option<usize>,
    /// IAM users with a console password.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub console_user_count: Option<usize>,
    /// When AWS generated the credential report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report_generated: Option<jiff::Timestamp>,
    /// Root's MFA is a virtual device (not hardware).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub root_virtual_mfa: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aliases: Option<Vec<String>>,
    /// Alternate contacts by type (`SECURITY`, `BILLING`, `OPERATIONS`);
    /// an absent type is not set.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<BTreeMap<String, AlternateContact>>")]
    pub contacts: Option<Value>,
    /// The account's own CloudWatch billing alarms and their SNS topics.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing: Option<BillingView>,
    /// The account's own AWS Budgets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budgets: Option<Vec<BudgetView>>,
    /// The management account's billing alarms that watch this account
    /// (`[]` for the payer itself).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payer_alarms: Option<Vec<AlarmView>>,
    /// The management account's budgets that cover (or may cover) this
    /// account (`[]` for the payer itself).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payer_budgets: Option<Vec<BudgetView>>,
    /// AWS Config state by region.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<BTreeMap<String, ConfigRegion>>")]
    pub config: Option<Value>,
    /// Roles with AWSSupportAccess attached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub support_roles: Option<Vec<String>>,
    /// Regions audited for regional services.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regions: Option<Vec<String>>,
    /// The region list came from AWS (absent after a built-in fallback).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub all_regions_listed: Option<bool>,
    /// Multi-region trails that record this account (its own and the
    /// organisation's); absent for a snapshot without CloudTrail data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cloudtrail: Option<CloudTrailView>,
    /// ACTIVE IAM Access Analyzer findings about this account's resources.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analyzer_findings: Option<AnalyzerFindingsView>,
    /// The organisation's delegated administrators: service principal →
    /// administrator account ids; absent when the list (or one
    /// administrator's services) could not be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delegated_services: Option<BTreeMap<String, Vec<String>>>,
    /// IAM Identity Center in the organisation; absent when it could not be
    /// told (the management account not read, or a region unread).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity_center: Option<IdentityCenterView>,
    /// Centralised root access (iam:ListOrganizationsFeatures); absent when
    /// not read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub root_access: Option<RootAccessView>,
    /// The root user's credentials, from GetAccountSummary with the
    /// credential report's root row as fallback; absent when neither was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub root_credentials: Option<RootCredentialsView>,
    /// IAM role names (service-linked and Identity Center roles included);
    /// absent when GetAccountAuthorizationDetails was not read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iam_role_names: Option<Vec<String>>,
    /// IAM user names; absent when GetAccountAuthorizationDetails was not read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iam_user_names: Option<Vec<String>>,
    /// Resource control policies attached to the account and every OU above
    /// it (`[]` when RCPs are disabled); absent when unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rcps: Option<Vec<ScpAttachmentView>>,
}

/// The organisation's IAM Identity Center instance.
#[derive(Debug, Serialize, JsonSchema)]
pub struct IdentityCenterView {
    /// An instance exists (in the management account's view).
    pub enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub home_region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_arn: Option<String>,
    /// Permission set assignments in this account.
    pub assignments_here: usize,
}

/// Centralised root access for member accounts.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RootAccessView {
    /// `RootCredentialsManagement`: members' root credentials can be
    /// removed and their recovery is blocked.
    pub credentials_management: bool,
    /// `RootSessions`: privileged root tasks run as short sessions from the
    /// management account.
    pub root_sessions: bool,
    /// Trusted access for `iam.amazonaws.com`; absent when not read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trusted_access: Option<bool>,
}

/// What the root user still holds.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RootCredentialsView {
    /// Kinds present: `password`, `access_keys`, `signing_certificates`, `mfa`.
    pub present: Vec<String>,
    /// Every kind could be told (absent when one could not).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub complete: Option<bool>,
    /// A member whose root holds nothing while the organisation manages
    /// root credentials centrally; absent when that cannot be told.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub centrally_removed: Option<bool>,
}

/// `resource` of the `permission_set` scope: an Identity Center permission
/// set (in the account that holds the instance, the management account).
#[derive(Debug, Serialize, JsonSchema)]
pub struct PermissionSetView {
    /// Attacker-controlled text; the ARN when the name was not read.
    pub name: String,
    pub arn: String,
    /// ISO 8601 (`PT8H`); absent when DescribePermissionSet failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_duration: Option<String>,
    /// The session duration in minutes; absent when unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_minutes: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub managed_policies: Option<Vec<String>>,
    /// `path` + `name` of each customer managed policy reference.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_managed_policies: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub has_inline_policy: Option<bool>,
    /// Account ids where the permission set is assigned.
    pub assigned_accounts: Vec<String>,
}

/// `resource` of the `assignment` scope: one principal assigned one
/// permission set in this account.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AssignmentView {
    /// The permission set's name (its ARN when the name was not read).
    pub permission_set: String,
    pub permission_set_arn: String,
    /// `USER` or `GROUP`.
    pub principal_type: String,
    pub principal_id: String,
    /// User name or group display name (the id when not read).
    pub principal_name: String,
    /// The users it reaches: the user, or the group's members; absent when
    /// the group's members were not read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub members: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_minutes: Option<i64>,
    /// What the permission set grants in this account (AWS managed,
    /// customer managed resolved here, and inline policies, within its
    /// permissions boundary) allows every action on every resource; absent
    /// when a policy it needs was not read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub full_admin: Option<bool>,
    /// Full admin or as good as (see the `policy` scope); absent as above.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admin_equivalent: Option<bool>,
    /// The policies that grant it: `managed:ARN`, `customer:PATHNAME`, `inline`.
    pub policies: Vec<String>,
}

/// The trails that record an account.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CloudTrailView {
    pub trails: Vec<CoveringTrail>,
    /// Every place such a trail could live was read (the account in every
    /// region, the management account); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sources_read: Option<bool>,
}

/// A multi-region trail that records the account.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CoveringTrail {
    pub name: String,
    pub arn: String,
    /// The account that owns the trail (the management account for an
    /// organisation trail).
    pub owner_account: Option<String>,
    pub home_region: Option<String>,
    pub organization_trail: bool,
    /// GetTrailStatus `IsLogging` in the home region; absent when not read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logging: Option<bool>,
    /// Its selectors record every management event, read and write;
    /// absent when not read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub management_events_all: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_file_validation: Option<bool>,
    /// Log files are encrypted with a KMS key (SSE-KMS).
    pub kms_encrypted: bool,
    pub s3_bucket: Option<String>,
    /// The collected account whose bucket list holds the log bucket;
    /// absent when no collected account lists it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bucket_account: Option<String>,
}

/// ACTIVE Access Analyzer findings about an account's resources.
#[derive(Debug, Serialize, JsonSchema)]
pub struct AnalyzerFindingsView {
    pub active: Vec<AnalyzerFindingView>,
    /// Every analyzer that may report on the account was read; absent
    /// otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub complete: Option<bool>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct AnalyzerFindingView {
    pub id: String,
    /// The analyzer that reported it (an organisation analyzer lives in
    /// the delegated administrator).
    pub analyzer: String,
    pub region: String,
    pub resource: Option<String>,
    pub resource_type: Option<String>,
    /// When the finding was created; absent when not reported.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<jiff::Timestamp>,
}

/// GuardDuty in one region of one account.
#[derive(Debug, Serialize, JsonSchema)]
pub struct GuardDutyRegionView {
    /// An enabled detector of the account's own, or (when its detectors
    /// could not be read) an enabled membership of the organisation's
    /// GuardDuty administrator; absent when neither tells.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Where the answer came from.
    pub via: String,
    /// `ENABLED`, `DISABLED`, `NONE` (no detector) or `UNKNOWN`; absent when
    /// the detectors were not listed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detector_status: Option<String>,
    /// The organisation's GuardDuty administrator in this region.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admin_account: Option<String>,
    /// The account's status in the administrator's member list
    /// (`Enabled`, ..., `NOT_A_MEMBER`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member_status: Option<String>,
    /// The administrator's AutoEnableOrganizationMembers (`ALL`, `NEW`, `NONE`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_enable: Option<String>,
}

/// Security Hub in one region of one account.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SecurityHubRegionView {
    pub enabled: bool,
    /// ARNs of the standards enabled (READY or INCOMPLETE); absent when
    /// not read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub standards: Option<Vec<String>>,
}

/// IAM Access Analyzer in one region of one account.
#[derive(Debug, Serialize, JsonSchema)]
pub struct AnalyzerRegionView {
    /// An ACTIVE analyzer of the account, or an organisation analyzer of the
    /// organisation, analyses this region; absent when not known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// The ARN of that analyzer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analyzer: Option<String>,
}

/// An SCP attached on the account's path.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ScpAttachmentView {
    pub id: String,
    /// The account, OU or root it is attached to.
    pub target: String,
    /// `null` when the policy was not described.
    pub name: Option<String>,
    pub aws_managed: Option<bool>,
    /// `null` when the document was not collected.
    pub statements: Option<Vec<StatementView>>,
}

/// A policy statement normalised for evidence (single values become lists).
/// Judge documents through the derived facts, not these strings.
#[derive(Debug, Serialize, JsonSchema)]
pub struct StatementView {
    /// `Allow` or `Deny`.
    pub effect: String,
    pub actions: Vec<Value>,
    pub not_actions: Vec<Value>,
    pub resources: Vec<Value>,
    pub not_resources: Vec<Value>,
    pub principals_aws: Vec<Value>,
    pub principals_service: Vec<Value>,
    /// The `Condition` block as written, `null` when there is none.
    #[schemars(with = "Option<BTreeMap<String, BTreeMap<String, Value>>>")]
    pub condition: Value,
}

/// What the SCPs on the account's path deny an ordinary principal.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ScpGuardrailsView {
    /// Some Deny holds outside a list of regions.
    pub region_restricted: bool,
    /// The regions left open by that Deny (`[]` when none).
    pub region_allow_list: Vec<String>,
    /// Per judged action (`cloudtrail:StopLogging`, ...): denied in every region.
    pub denies: BTreeMap<String, bool>,
    /// Every action is denied to the root user.
    pub denies_root: bool,
}

/// The password policy; `present` is false when the account has none.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PasswordPolicyView {
    pub present: bool,
    #[serde(flatten)]
    #[schemars(with = "PasswordPolicy")]
    pub policy: Value,
}

/// A credential-report row: booleans only when known, times as AWS wrote
/// them (dates or sentinels such as `N/A`; use `is_date`).
#[derive(Debug, Serialize, JsonSchema)]
pub struct CredentialRowView {
    pub name: String,
    pub arn: String,
    #[serde(flatten)]
    pub report: ReportFields,
}

/// What the credential report says about a user.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ReportFields {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password_last_used: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password_last_changed: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mfa_active: Option<bool>,
    /// Both key slots of the report.
    pub access_keys: Vec<KeySlotView>,
    /// Active keys; absent when a slot's state is unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active_keys: Option<usize>,
}

/// One access-key slot (1 or 2) of a credential-report row.
#[derive(Debug, Serialize, JsonSchema)]
pub struct KeySlotView {
    pub slot: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_rotated: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_used_date: Option<String>,
}

/// CloudWatch billing alarms of an account.
#[derive(Debug, Serialize, JsonSchema)]
pub struct BillingView {
    /// Where billing metrics live (us-east-1).
    pub region: String,
    pub alarms: Vec<AlarmView>,
    /// Subscriptions of each SNS topic an alarm notifies, by topic ARN.
    #[schemars(with = "BTreeMap<String, Vec<Subscription>>")]
    pub topics: Value,
}

/// A billing alarm as the account being judged sees it.
#[derive(Debug, Serialize, JsonSchema)]
pub struct AlarmView {
    #[serde(flatten)]
    #[schemars(with = "BillingAlarm")]
    pub alarm: Value,
    /// It watches this account's charges (its `LinkedAccount` dimension, or
    /// the owner's whole bill).
    pub covers_account: bool,
    /// One of its SNS topics has a confirmed subscription; absent when none
    /// is confirmed and some topic could not be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reaches_confirmed_subscriber: Option<bool>,
}

/// An AWS Budget as the account being judged sees it.
#[derive(Debug, Serialize, JsonSchema)]
pub struct BudgetView {
    #[serde(flatten)]
    #[schemars(with = "Budget")]
    pub budget: Value,
    /// It watches this account's spend; absent for a filter expression
    /// (not collected).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub covers_account: Option<bool>,
}

/// `resource` of the `iam_user` scope: GetAccountAuthorizationDetails'
/// user, joined with its credential-report row when the report lists it.
#[derive(Debug, Serialize, JsonSchema)]
pub struct UserView {
    pub name: String,
    pub arn: String,
    #[serde(flatten)]
    pub report: Option<ReportFields>,
    #[serde(flatten)]
    pub details: Option<UserDetails>,
    /// The user has a virtual MFA device; absent when devices were not listed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub virtual_mfa: Option<bool>,
}

/// What GetAccountAuthorizationDetails says about a user.
#[derive(Debug, Serialize, JsonSchema)]
pub struct UserDetails {
    pub groups: Vec<String>,
    /// Inline policy names.
    pub inline_policies: Vec<String>,
    /// Attached managed policy names.
    pub attached_policies: Vec<String>,
    pub path: String,
    /// Everything that applies to the user (inline, attached and group
    /// policies, Denies included) makes it admin-equivalent; absent when a
    /// document it needs is missing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub has_admin_policy: Option<bool>,
}

/// `resource` of the `access_key` scope: an active (or not known inactive)
/// key slot, or a user the credential report does not list yet (then only
/// `user` and `user_arn`).
#[derive(Debug, Default, Serialize, JsonSchema)]
pub struct AccessKeyView {
    pub user: String,
    pub user_arn: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slot: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_rotated: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_used_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_password_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_created: Option<String>,
}

/// `resource` of the `iam_group` scope.
#[derive(Debug, Serialize, JsonSchema)]
pub struct GroupView {
    pub name: String,
    pub arn: String,
    /// User names.
    pub members: Vec<String>,
    pub inline_policies: Vec<String>,
    pub attached_policies: Vec<String>,
}

/// `resource` of the `iam_role` scope.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RoleView {
    pub name: String,
    pub arn: String,
    pub path: String,
    /// The trust policy's statements; `null` when it was not collected.
    pub trust: Option<Vec<StatementView>>,
    pub attached_policies: Vec<String>,
    /// Path `/aws-service-role/`.
    pub service_linked: bool,
    /// Who may assume the role and on what terms, per granting statement;
    /// absent when the trust policy was not collected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trust_grants: Option<Vec<TrustGrantView>>,
}

/// One trust statement that lets someone assume the role.
#[derive(Debug, Serialize, JsonSchema)]
pub struct TrustGrantView {
    pub sid: Option<String>,
    /// `sts:AssumeRole`, `sts:AssumeRoleWithWebIdentity`, ...
    pub actions: Vec<&'static str>,
    /// Exact 12-digit accounts, `*` for anyone.
    pub accounts: Vec<String>,
    /// Those other than the role's own account.
    pub outside_accounts: Vec<String>,
    pub services: Vec<String>,
    /// Without MFA the grant does not apply.
    pub requires_mfa: bool,
    /// Without the right `sts:ExternalId` the grant does not apply.
    pub requires_external_id: bool,
    /// An attacker with no MFA and no external id cannot use it.
    pub protected: bool,
}

/// `resource` of the `policy` scope: an inline policy, or a managed policy
/// attached to someone.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PolicyView {
    /// `managed`, `user_inline`, `group_inline` or `role_inline`.
    pub kind: String,
    pub name: String,
    /// Managed policies only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// `user/NAME`, `group/NAME`, `role/NAME` (inline: the owner's name).
    pub attached_to: Vec<String>,
    pub aws_managed: bool,
    /// Every holder is a role IAM Identity Center provisions (path
    /// `/aws-reserved/sso.amazonaws.com/`, which no one else may use): the
    /// grant is a permission set's, judged where it is assigned.
    pub identity_center_roles_only: bool,
    /// Absent when the document was not collected.
    #[serde(flatten)]
    pub document: Option<DocumentFacts>,
}

/// A policy document's statements and what they grant.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DocumentFacts {
    pub statements: Vec<StatementView>,
    /// Some statement allows every action on every resource.
    pub full_admin: bool,
    /// Full admin or as good as (NotAction, NotResource, IAM self-escalation).
    pub admin_equivalent: bool,
    /// Services granted in full (`svc:*`) on broad resources.
    pub service_wildcards: Vec<String>,
    /// IAM self-escalation actions allowed on every resource of their type.
    pub escalation_actions: Vec<String>,
}

/// `resource` of the `region` scope: AWS Config in one region.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RegionView {
    pub region: String,
    /// An SCP on the account's path denies AWS Config here; absent when the
    /// SCPs are unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scp_denied: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Vec<ConfigRecorder>>")]
    pub recorders: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Vec<RecorderStatus>>")]
    pub recorder_statuses: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Vec<DeliveryChannel>>")]
    pub delivery_channels: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Vec<DeliveryChannelStatus>>")]
    pub delivery_channel_statuses: Option<Value>,
    /// Per service action (`guardduty:CreateDetector`, ...): an SCP on the
    /// account's path denies it in this region; absent when the SCPs are
    /// unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scp_denies: Option<BTreeMap<String, bool>>,
    /// Absent when the account's security services were not collected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guardduty: Option<GuardDutyRegionView>,
    /// Absent when not read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub securityhub: Option<SecurityHubRegionView>,
    /// Absent when the account's security services were not collected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_analyzer: Option<AnalyzerRegionView>,
}

/// The JSON value of a view (its `Serialize` cannot fail: string keys only).
pub fn to_value<T: Serialize>(view: &T) -> Value {
    serde_json::to_value(view).unwrap_or(Value::Null)
}
