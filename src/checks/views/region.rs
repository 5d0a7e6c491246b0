//! The `region` scope: AWS Config state per region, and whether an SCP on
//! the account's path denies the region.

use super::account::policy_targets;
use super::{account_pointer, compact, insert_opt, Resource};
use crate::snapshot::org::Organization;
use crate::snapshot::{AccountSnapshot, Snapshot};
use serde_json::{json, Map, Value};

/// SCP documents that apply to the account (its own and every ancestor's).
fn path_documents(org: &Organization, account: &AccountSnapshot) -> Vec<Value> {
    policy_targets(org, account)
        .iter()
        .filter_map(|t| org.attachments.get(t))
        .flatten()
        .filter_map(|id| org.policies.get(id)?.document.as_ref())
        .map(|d| d.parse())
        .collect()
}

/// Whether an SCP denies AWS Config in `region`: a Deny statement covering
/// config actions with `StringNotEquals`/`StringNotEqualsIfExists` on
/// `aws:RequestedRegion` whose list leaves the region out. Such regions are
/// NOT_APPLICABLE for regional checks (MoJ denies everything outside the EU).
fn region_denied(documents: &[Value], region: &str) -> bool {
    let as_list = |v: Option<&Value>| -> Vec<String> {
        match v {
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        }
    };
    let covers_config = |statement: &Value| {
        let actions = as_list(statement.get("Action"));
        let not_actions = as_list(statement.get("NotAction"));
        if !not_actions.is_empty() {
            return !not_actions
                .iter()
                .any(|a| a == "*" || a.starts_with("config:"));
        }
        actions.iter().any(|a| a == "*" || a == "config:*")
    };
    documents.iter().any(|doc| {
        let statements = match doc.get("Statement") {
            Some(Value::Array(list)) => list.clone(),
            Some(one) => vec![one.clone()],
            None => Vec::new(),
        };
        statements.iter().any(|st| {
            st.get("Effect").and_then(Value::as_str) == Some("Deny")
                && covers_config(st)
                && st
                    .get("Condition")
                    .and_then(Value::as_object)
                    .is_some_and(|ops| {
                        ops.iter()
                            .filter(|(op, _)| {
                                op.as_str() == "StringNotEquals"
                                    || op.as_str() == "StringNotEqualsIfExists"
                            })
                            .filter_map(|(_, keys)| keys.as_object())
                            .flat_map(|keys| keys.iter())
                            .any(|(k, v)| {
                                k.eq_ignore_ascii_case("aws:RequestedRegion")
                                    && !as_list(Some(v)).iter().any(|r| r == region)
                            })
                    })
        })
    })
}

pub(super) fn regions(snapshot: &Snapshot, a: &AccountSnapshot) -> Vec<Resource> {
    let Some(selection) = &a.regions else {
        return Vec::new();
    };
    // SCPs never restrict the management account.
    let documents = match snapshot.organization.organization() {
        Some(org) if !a.is_management => path_documents(org, a),
        _ => Vec::new(),
    };
    selection
        .regions
        .iter()
        .map(|region| {
            let mut m = Map::new();
            m.insert("region".into(), json!(region));
            m.insert(
                "scp_denied".into(),
                json!(region_denied(&documents, region)),
            );
            if let Some(c) = a.config.get(region) {
                insert_opt(&mut m, "recorders", c.recorders.as_ref().map(|v| json!(v)));
                insert_opt(
                    &mut m,
                    "recorder_statuses",
                    c.recorder_statuses.as_ref().map(|v| json!(v)),
                );
                insert_opt(
                    &mut m,
                    "delivery_channels",
                    c.delivery_channels.as_ref().map(|v| json!(v)),
                );
                insert_opt(
                    &mut m,
                    "delivery_channel_statuses",
                    c.delivery_channel_statuses.as_ref().map(|v| json!(v)),
                );
            }
            Resource {
                value: compact(Value::Object(m)),
                id: format!("{}/{region}", a.id).into(),
                name: region.clone().into(),
                region: Some(region.as_str().into()),
                pointer: format!("{}/config/{region}", account_pointer(a)).into(),
            }
        })
        .collect()
}
