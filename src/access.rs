//! Who can administer what: every IAM Identity Center assignment per
//! account, with what it grants there, as the reports show it. Built from
//! the same views the checks judge, so the table and the verdicts agree.

use crate::checks::views::{assignment_views, identity_center_known};
use crate::snapshot::Snapshot;
use serde::{Deserialize, Serialize};

/// The organisation's Identity Center access, per account.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccessSection {
    /// An Identity Center instance exists.
    pub enabled: bool,
    pub home_region: Option<String>,
    /// Accounts with at least one assignment, by account id.
    pub accounts: Vec<AccountAccess>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountAccess {
    pub account_id: String,
    /// Attacker-controlled text.
    pub account_name: Option<String>,
    pub ou_path: Option<String>,
    /// Administrator rows first, then by permission set and principal.
    pub assignments: Vec<AccessRow>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccessRow {
    /// Attacker-controlled text, as every name below.
    pub permission_set: String,
    /// `USER` or `GROUP`.
    pub principal_type: String,
    pub principal_name: String,
    /// The users reached; absent when a group's members were not read.
    pub members: Option<Vec<String>>,
    /// Full admin or admin-equivalent in this account; absent when unknown.
    pub admin: Option<bool>,
    pub session_minutes: Option<i64>,
    /// `managed:ARN`, `customer:PATHNAME`, `inline`.
    pub policies: Vec<String>,
}

/// `None` when Identity Center's state is unknown.
pub fn access(snapshot: &Snapshot) -> Option<AccessSection> {
    if !identity_center_known(snapshot) {
        return None;
    }
    let mut home_region = None;
    let mut accounts = Vec::new();
    for a in snapshot.accounts.values() {
        let mut rows: Vec<AccessRow> = assignment_views(snapshot, a)
            .into_iter()
            .map(|v| AccessRow {
                admin: match (v.full_admin, v.admin_equivalent) {
                    (Some(true), _) | (_, Some(true)) => Some(true),
                    (Some(false), Some(false)) => Some(false),
                    _ => None,
                },
                permission_set: v.permission_set,
                principal_type: v.principal_type,
                principal_name: v.principal_name,
                members: v.members,
                session_minutes: v.session_minutes,
                policies: v.policies,
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        // Admin first (unknown next), so the table answers "who" at a glance.
        rows.sort_by(|x, y| {
            let rank = |r: &AccessRow| match r.admin {
                Some(true) => 0,
                None => 1,
                Some(false) => 2,
            };
            (rank(x), &x.permission_set, &x.principal_name).cmp(&(
                rank(y),
                &y.permission_set,
                &y.principal_name,
            ))
        });
        accounts.push(AccountAccess {
            account_id: a.id.clone(),
            account_name: a.name.clone(),
            ou_path: a.ou_path.clone(),
            assignments: rows,
        });
    }
    if let Some(m) = snapshot.accounts.values().find(|a| a.is_management) {
        home_region = m
            .identity_center
            .as_ref()
            .and_then(|ic| ic.instances().next().map(|(r, _)| r.to_string()));
    }
    Some(AccessSection {
        enabled: home_region.is_some(),
        home_region,
        accounts,
    })
}
