//! IAM state of one account. Each field is `None` when its API failed
//! (the failure is a gap), so "not collected" never looks like "empty".

use super::credential_report::CredentialReport;
use super::PolicyDocument;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Iam {
    pub credential_report: Option<CredentialReport>,
    /// GetAccountSummary's SummaryMap, keys as AWS spells them.
    pub account_summary: Option<BTreeMap<String, i64>>,
    pub password_policy: Option<PasswordPolicyState>,
    pub authorization_details: Option<AuthorizationDetails>,
    /// Assigned virtual MFA devices (root's shows as `arn:...:root`).
    pub virtual_mfa_devices: Option<Vec<VirtualMfaDevice>>,
    pub account_aliases: Option<Vec<String>>,
}

/// An absent password policy is a fact about the account, not an error.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "state", rename_all = "snake_case", deny_unknown_fields)]
pub enum PasswordPolicyState {
    Absent,
    Present { policy: PasswordPolicy },
}

/// Fields as AWS returns them; `max_password_age` is omitted by AWS when
/// passwords do not expire (moto sends 0: neither means expiry).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordPolicy {
    pub minimum_password_length: Option<i32>,
    pub require_symbols: Option<bool>,
    pub require_numbers: Option<bool>,
    pub require_uppercase_characters: Option<bool>,
    pub require_lowercase_characters: Option<bool>,
    pub allow_users_to_change_password: Option<bool>,
    pub expire_passwords: Option<bool>,
    pub max_password_age: Option<i32>,
    pub password_reuse_prevention: Option<i32>,
    pub hard_expiry: Option<bool>,
}

/// GetAccountAuthorizationDetails, every page, documents decoded to JSON.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AuthorizationDetails {
    pub users: Vec<IamUser>,
    pub groups: Vec<IamGroup>,
    pub roles: Vec<IamRole>,
    /// Managed policies (customer and AWS) with their default version.
    pub policies: Vec<ManagedPolicy>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct IamUser {
    pub name: String,
    pub id: String,
    pub arn: String,
    pub path: String,
    pub create_date: Option<Timestamp>,
    pub groups: Vec<String>,
    pub inline_policies: Vec<InlinePolicy>,
    pub attached_policies: Vec<AttachedPolicy>,
    pub permissions_boundary: Option<String>,
    pub tags: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct IamGroup {
    pub name: String,
    pub id: String,
    pub arn: String,
    pub path: String,
    pub create_date: Option<Timestamp>,
    pub inline_policies: Vec<InlinePolicy>,
    pub attached_policies: Vec<AttachedPolicy>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct IamRole {
    pub name: String,
    pub id: String,
    pub arn: String,
    pub path: String,
    pub create_date: Option<Timestamp>,
    /// The trust policy, decoded.
    pub assume_role_policy: Option<PolicyDocument>,
    pub inline_policies: Vec<InlinePolicy>,
    pub attached_policies: Vec<AttachedPolicy>,
    pub permissions_boundary: Option<String>,
    pub last_used: Option<Timestamp>,
    pub tags: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct InlinePolicy {
    pub name: String,
    pub document: Option<PolicyDocument>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AttachedPolicy {
    pub name: String,
    pub arn: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ManagedPolicy {
    pub name: String,
    pub id: String,
    pub arn: String,
    pub path: String,
    /// `true` for `arn:<partition>:iam::aws:policy/...`.
    pub aws_managed: bool,
    pub attachment_count: Option<i32>,
    pub default_version_id: Option<String>,
    pub default_document: Option<PolicyDocument>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct VirtualMfaDevice {
    pub serial_number: String,
    pub user_arn: Option<String>,
    pub enable_date: Option<Timestamp>,
}
