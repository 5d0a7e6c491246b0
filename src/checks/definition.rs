//! The check file format: one TOML file per check under `checks/<area>/`.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use crate::vocab::Severity;

/// Declares [`Scope`] with its names and the list of every scope from one
/// list of variants, so a new scope cannot be left out of the iteration.
macro_rules! scopes {
    ($($(#[$doc:meta])* $variant:ident => $name:literal,)*) => {
        /// What a check iterates over; each item is one resource and one finding.
        #[derive(
            Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, schemars::JsonSchema,
        )]
        #[serde(rename_all = "snake_case")]
        pub enum Scope {
            $($(#[$doc])* $variant,)*
        }

        impl Scope {
            /// Every scope, in evaluation order.
            pub const ALL: &'static [Scope] = &[$(Scope::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Scope::$variant => $name,)*
                }
            }
        }
    };
}

scopes! {
    /// The account itself.
    Account => "account",
    /// Each IAM user (credential report row joined with its authorization details).
    IamUser => "iam_user",
    /// Each active access-key slot of each user.
    AccessKey => "access_key",
    /// Each IAM group.
    IamGroup => "iam_group",
    /// Each IAM role.
    IamRole => "iam_role",
    /// Each policy document in use: inline (user, group, role) and attached managed.
    Policy => "policy",
    /// Each region the account was read in.
    Region => "region",
    /// Each IAM Identity Center permission set (in the management account).
    PermissionSet => "permission_set",
    /// Each Identity Center assignment (permission set, user or group) in the account.
    Assignment => "assignment",
}

impl Scope {
    /// Data without which the scope's resources cannot be listed: a check
    /// of the scope needs it whatever its `requires` says, or a missing
    /// list would read as "none here" (NOT_APPLICABLE).
    pub fn implied_requirement(self) -> Option<DataRequirement> {
        match self {
            Scope::IamGroup | Scope::IamRole | Scope::Policy => {
                Some(DataRequirement::AuthorizationDetails)
            }
            Scope::PermissionSet | Scope::Assignment => Some(DataRequirement::IdentityCenter),
            Scope::Account | Scope::IamUser | Scope::AccessKey | Scope::Region => None,
        }
    }
}

/// Data a check needs; a gap on any of them makes the result UNKNOWN.
#[derive(
    Debug,
    Clone,
    Copy,
    Serialize,
    Deserialize,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    schemars::JsonSchema,
)]
pub enum DataRequirement {
    #[serde(rename = "iam.credential_report")]
    CredentialReport,
    #[serde(rename = "iam.account_summary")]
    AccountSummary,
    #[serde(rename = "iam.password_policy")]
    PasswordPolicy,
    #[serde(rename = "iam.authorization_details")]
    AuthorizationDetails,
    #[serde(rename = "iam.virtual_mfa_devices")]
    VirtualMfaDevices,
    #[serde(rename = "iam.account_aliases")]
    AccountAliases,
    #[serde(rename = "account.alternate_contacts")]
    AlternateContacts,
    #[serde(rename = "billing")]
    Billing,
    #[serde(rename = "config")]
    Config,
    #[serde(rename = "organization")]
    Organization,
    #[serde(rename = "cloudtrail")]
    CloudTrail,
    #[serde(rename = "guardduty")]
    GuardDuty,
    #[serde(rename = "securityhub")]
    SecurityHub,
    #[serde(rename = "access_analyzer")]
    AccessAnalyzer,
    #[serde(rename = "identity_center")]
    IdentityCenter,
}

impl DataRequirement {
    pub fn as_str(self) -> &'static str {
        match self {
            DataRequirement::CredentialReport => "iam.credential_report",
            DataRequirement::AccountSummary => "iam.account_summary",
            DataRequirement::PasswordPolicy => "iam.password_policy",
            DataRequirement::AuthorizationDetails => "iam.authorization_details",
            DataRequirement::VirtualMfaDevices => "iam.virtual_mfa_devices",
            DataRequirement::AccountAliases => "iam.account_aliases",
            DataRequirement::AlternateContacts => "account.alternate_contacts",
            DataRequirement::Billing => "billing",
            DataRequirement::Config => "config",
            DataRequirement::Organization => "organization",
            DataRequirement::CloudTrail => "cloudtrail",
            DataRequirement::GuardDuty => "guardduty",
            DataRequirement::SecurityHub => "securityhub",
            DataRequirement::AccessAnalyzer => "access_analyzer",
            DataRequirement::IdentityCenter => "identity_center",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Remediation {
    pub console: String,
    pub cli: String,
}

/// Framework mappings: framework key (a file in `checks/frameworks/`) →
/// control ids. Adding a framework is a data change: its file, then its
/// ids in the checks; the loader refuses unknown keys and controls.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(transparent)]
pub struct Frameworks(pub BTreeMap<String, Vec<String>>);

impl Frameworks {
    /// (framework key, control ids) pairs with at least one id, by key.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &Vec<String>)> {
        self.0
            .iter()
            .filter(|(_, ids)| !ids.is_empty())
            .map(|(k, v)| (k.as_str(), v))
    }

    /// The ids mapped in one framework (empty when none).
    pub fn ids(&self, framework: &str) -> &[String] {
        self.0.get(framework).map_or(&[], Vec::as_slice)
    }
}

/// The logic, in CEL. Variables: `account`, `resource`, `params`; helpers in
/// [`super::cel_env`]. An automated check has `pass`, `observed` and
/// `expected`; a MANUAL one may have only `applies` and `not_applicable`
/// (the loader enforces both).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// When false, the resource is NOT_APPLICABLE.
    pub applies: Option<String>,
    /// Why it is not applicable (a message template).
    pub not_applicable: Option<String>,
    /// True means PASS, false FAIL; an evaluation error means UNKNOWN.
    #[serde(default)]
    pub pass: Option<String>,
    /// What was observed, recorded as evidence (a CEL expression).
    #[serde(default)]
    pub observed: Option<String>,
    /// What was expected, in words.
    #[serde(default)]
    pub expected: Option<String>,
}

impl Condition {
    /// Has everything an automated check needs.
    pub fn is_automated(&self) -> bool {
        self.pass.is_some() && self.observed.is_some() && self.expected.is_some()
    }

    /// Has only what a MANUAL check may have.
    pub fn is_applicability_only(&self) -> bool {
        self.pass.is_none() && self.observed.is_none() && self.expected.is_none()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Messages {
    pub pass: String,
    pub fail: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ParamDef {
    pub default: toml::Value,
    pub description: String,
}

fn enabled_by_default() -> bool {
    true
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CheckDef {
    /// Permanent id, never reused.
    pub id: String,
    /// Equals the file stem.
    pub slug: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub title: String,
    pub severity: Severity,
    pub description: String,
    pub risk: String,
    pub remediation: Remediation,
    pub references: Vec<String>,
    #[serde(default)]
    pub frameworks: Frameworks,
    pub scope: Scope,
    #[serde(default)]
    pub requires: Vec<DataRequirement>,
    /// A MANUAL evidence item: a human attests; its condition, if any, says
    /// only where it applies.
    #[serde(default)]
    pub manual: bool,
    /// Off unless a profile or config enables it (legacy or strict rules).
    #[serde(default = "enabled_by_default")]
    pub enabled: bool,
    pub condition: Option<Condition>,
    pub messages: Messages,
    #[serde(default)]
    pub params: BTreeMap<String, ParamDef>,
}

impl CheckDef {
    /// Is `name` this check's id, slug or one of its aliases?
    pub fn answers_to(&self, name: &str) -> bool {
        self.id == name || self.slug == name || self.aliases.iter().any(|a| a == name)
    }
}
