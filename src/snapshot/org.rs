//! The organisation as seen from the management or delegated-admin account.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Whether the organisation could be read, and if not, why.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "status", rename_all = "snake_case", deny_unknown_fields)]
pub enum OrganizationView {
    /// Accounts, OUs and SCPs were listed.
    Collected { organization: Organization },
    /// The caller's account is in an organisation it may not list; only the
    /// caller's own account was collected.
    NotPermitted {
        organization: Option<Organization>,
        reason: String,
    },
    /// The caller's account is not in an organisation.
    NotInOrganization { reason: String },
}

impl OrganizationView {
    pub fn organization(&self) -> Option<&Organization> {
        match self {
            OrganizationView::Collected { organization } => Some(organization),
            OrganizationView::NotPermitted { organization, .. } => organization.as_ref(),
            OrganizationView::NotInOrganization { .. } => None,
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    pub id: String,
    pub arn: String,
    pub management_account_id: String,
    pub feature_set: Option<String>,
    pub roots: Vec<OrgRoot>,
    /// Every OU, parents before children.
    pub units: Vec<OrganizationalUnit>,
    /// Service control policies by id, with their documents.
    pub policies: BTreeMap<String, ServiceControlPolicy>,
    /// Target id (root, OU or account) → ids of SCPs attached directly.
    pub attachments: BTreeMap<String, Vec<String>>,
    pub collected_at: Option<Timestamp>,
    /// ListDelegatedAdministrators with each one's services; `None` when
    /// not read.
    #[serde(default)]
    pub delegated_administrators: Option<Vec<super::security::DelegatedAdministrator>>,
    /// Service principals with trusted access
    /// (ListAWSServiceAccessForOrganization); `None` when not read.
    #[serde(default)]
    pub service_access: Option<Vec<String>>,
    /// iam:ListOrganizationsFeatures (`RootCredentialsManagement`,
    /// `RootSessions`): centralised root access. Empty when IAM's trusted
    /// access is off; `None` when not read.
    #[serde(default)]
    pub iam_features: Option<Vec<String>>,
    /// Resource control policies by id, with their documents; empty when
    /// the policy type is not enabled.
    #[serde(default)]
    pub resource_control_policies: BTreeMap<String, ServiceControlPolicy>,
    /// Target id → ids of RCPs attached directly (as `attachments` for SCPs).
    #[serde(default)]
    pub rcp_attachments: BTreeMap<String, Vec<String>>,
}

impl Organization {
    /// Is a policy type (`SERVICE_CONTROL_POLICY`, ...) enabled on the root?
    /// `None` when no root was read.
    pub fn policy_type_enabled(&self, policy_type: &str) -> Option<bool> {
        (!self.roots.is_empty()).then(|| {
            self.roots
                .iter()
                .any(|r| r.policy_types.get(policy_type).map(String::as_str) == Some("ENABLED"))
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct OrgRoot {
    pub id: String,
    pub arn: String,
    pub name: String,
    /// Policy type → status (e.g. SERVICE_CONTROL_POLICY → ENABLED).
    pub policy_types: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct OrganizationalUnit {
    pub id: String,
    pub arn: String,
    /// Attacker-controlled text.
    pub name: String,
    pub parent_id: String,
    /// Names from the root down, `/`-joined: `Root/Workloads/Prod`.
    pub path: String,
    pub depth: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ServiceControlPolicy {
    pub id: String,
    pub arn: String,
    pub name: String,
    pub description: Option<String>,
    pub aws_managed: bool,
    /// The policy document; `None` when DescribePolicy failed (a gap).
    pub document: Option<crate::snapshot::PolicyDocument>,
}
