//! The `region` scope: AWS Config state per region, and whether an SCP on
//! the account's path denies the region.

use super::account::effective_scp_statements;
use super::{account_pointer, compact, insert_opt, Resource};
use crate::iam_policy::scp::denies_in_region;
use crate::snapshot::{AccountSnapshot, Snapshot};
use serde_json::{json, Map, Value};

/// The action whose denial marks a region as closed to AWS Config.
const CONFIG_ACTION: &str = "config:PutConfigurationRecorder";

pub(super) fn regions(snapshot: &Snapshot, a: &AccountSnapshot) -> Vec<Resource> {
    let Some(selection) = &a.regions else {
        return Vec::new();
    };
    // Regions where SCPs deny AWS Config are NOT_APPLICABLE for regional
    // checks (MoJ denies everything outside the EU); unknown SCPs, UNKNOWN.
    let statements = effective_scp_statements(snapshot, a);
    selection
        .regions
        .iter()
        .map(|region| {
            let mut m = Map::new();
            m.insert("region".into(), json!(region));
            if let Some(statements) = &statements {
                let denied = denies_in_region(statements, &a.id, CONFIG_ACTION, region);
                m.insert("scp_denied".into(), json!(denied));
            }
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
