//! What checks see: per account, one JSON view of the account and one per
//! resource of each scope, built once from the snapshot and shared by every
//! check. Values AWS could not state (sentinels, unparseable cells) are left
//! out, so a condition that needs them fails to evaluate: UNKNOWN, not PASS.
//! Facts derived in Rust (normalised policy statements, full-admin holders,
//! SCP-denied regions, covering payer budgets) are computed here, in one place.

mod account;
mod iam;
mod identity;
mod policy;
mod region;
mod root_access;
mod security;
pub mod types;

pub use account::account_view;
pub use identity::{assignment_views, known as identity_center_known};
pub use policy::statements;

use super::definition::Scope;
use crate::snapshot::credential_report::{ReportBool, ReportTime};
use crate::snapshot::{AccountSnapshot, Snapshot};
use serde_json::Value;
use std::sync::Arc;

/// One item a check iterates over.
#[derive(Debug, Clone)]
pub struct Resource {
    /// Stable identifier (an ARN where AWS has one).
    pub id: Arc<str>,
    /// Human-readable name for messages and reports.
    pub name: Arc<str>,
    pub region: Option<Arc<str>>,
    /// JSON pointer into the snapshot where the evidence lives.
    pub pointer: Arc<str>,
    pub value: Value,
}

pub(super) fn time_text(t: &Option<ReportTime>) -> Option<String> {
    t.as_ref().map(ReportTime::as_text)
}

pub(super) fn known_bool(b: &Option<ReportBool>) -> Option<bool> {
    b.as_ref().and_then(ReportBool::value)
}

/// Drop null-valued keys, so `has()` means "AWS said something".
pub(super) fn compact(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, compact(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(compact).collect()),
        other => other,
    }
}

/// The management account, when it was collected.
pub(super) fn management(snapshot: &Snapshot) -> Option<&AccountSnapshot> {
    snapshot.accounts.values().find(|a| a.is_management)
}

pub(super) fn account_pointer(a: &AccountSnapshot) -> String {
    format!("/accounts/{}", a.id)
}

/// The resources of one scope in one account.
pub fn resources(scope: Scope, snapshot: &Snapshot, a: &AccountSnapshot) -> Vec<Resource> {
    let details = a.iam.authorization_details.as_ref();
    match scope {
        Scope::Account => vec![Resource {
            id: format!("account/{}", a.id).into(),
            name: (a.name.clone().unwrap_or_else(|| a.id.clone())).into(),
            region: None,
            pointer: account_pointer(a).into(),
            value: Value::Null,
        }],
        Scope::IamUser => iam::users(a),
        Scope::AccessKey => iam::access_keys(a),
        Scope::IamGroup => details.map(|d| iam::groups(a, d)).unwrap_or_default(),
        Scope::IamRole => details.map(|d| iam::roles(a, d)).unwrap_or_default(),
        Scope::Policy => details.map(|d| policy::policies(a, d)).unwrap_or_default(),
        Scope::Region => region::regions(snapshot, a),
        Scope::PermissionSet => identity::permission_sets(snapshot, a),
        Scope::Assignment => identity::assignments(snapshot, a),
    }
}
