//! The organisation's identity plane: IAM Identity Center (permission sets,
//! who is assigned them in which account, the identity store's users and
//! groups), read from the management account in every collected region.
//! Each part is `None` when it could not be read (a gap says why); an empty
//! list is a fact. No instance in any region read is "not enabled".

use super::PolicyDocument;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What ListInstances answered, per region read.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct IdentityCenter {
    /// Region → the instances there; `None` when ListInstances failed there.
    pub regions: BTreeMap<String, Option<Vec<IdentityCenterInstance>>>,
}

impl IdentityCenter {
    /// The instances found, with their region.
    pub fn instances(&self) -> impl Iterator<Item = (&str, &IdentityCenterInstance)> {
        self.regions
            .iter()
            .filter_map(|(r, list)| list.as_ref().map(|l| (r, l)))
            .flat_map(|(r, list)| list.iter().map(move |i| (r.as_str(), i)))
    }

    /// Every region answered ListInstances.
    pub fn all_regions_read(&self) -> bool {
        self.regions.values().all(Option::is_some)
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct IdentityCenterInstance {
    pub instance_arn: String,
    pub identity_store_id: Option<String>,
    pub owner_account_id: Option<String>,
    pub status: Option<String>,
    pub permission_sets: Option<Vec<PermissionSet>>,
    /// Every assignment of every provisioned permission set; `None` when any
    /// listing failed (a partial list could hide the one that matters).
    pub assignments: Option<Vec<AccountAssignment>>,
    pub users: Option<Vec<IdentityStoreUser>>,
    pub groups: Option<Vec<IdentityStoreGroup>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PermissionSet {
    pub arn: String,
    /// Attacker-controlled text (anyone who may create permission sets).
    pub name: Option<String>,
    pub description: Option<String>,
    /// ISO 8601 duration (`PT8H`); `None` when DescribePermissionSet failed.
    pub session_duration: Option<String>,
    /// ARNs of attached AWS managed policies.
    pub managed_policies: Option<Vec<String>>,
    /// Customer managed policies by name and path, resolved in each account
    /// the permission set is provisioned to.
    pub customer_managed_policies: Option<Vec<PolicyReference>>,
    pub inline_policy: Option<InlinePolicyState>,
    pub permissions_boundary: Option<BoundaryState>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PolicyReference {
    pub name: String,
    pub path: String,
}

/// A permission set without an inline policy is a fact, not an error.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "state", rename_all = "snake_case", deny_unknown_fields)]
pub enum InlinePolicyState {
    Absent,
    Present { document: PolicyDocument },
}

/// The permissions boundary of a permission set: an AWS managed policy, or
/// a customer managed one resolved per account.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "state", rename_all = "snake_case", deny_unknown_fields)]
pub enum BoundaryState {
    Absent,
    Managed { arn: String },
    CustomerManaged { reference: PolicyReference },
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(deny_unknown_fields)]
pub struct AccountAssignment {
    pub account_id: String,
    pub permission_set_arn: String,
    /// `USER` or `GROUP`.
    pub principal_type: String,
    pub principal_id: String,
}

/// No e-mail addresses or other profile data: names identify people.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct IdentityStoreUser {
    pub user_id: String,
    /// Attacker-controlled text.
    pub user_name: Option<String>,
    pub display_name: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct IdentityStoreGroup {
    pub group_id: String,
    /// Attacker-controlled text.
    pub display_name: Option<String>,
    /// User ids; `None` when ListGroupMemberships failed.
    pub members: Option<Vec<String>>,
}
