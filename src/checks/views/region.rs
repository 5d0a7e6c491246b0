//! The `region` scope: AWS Config state per region, and whether an SCP on
//! the account's path denies the region.

use super::account::effective_scp_statements;
use super::types::{to_value, RegionView};
use super::{account_pointer, compact, security, Resource};
use crate::iam_policy::scp::denies_in_region;
use crate::snapshot::config_service::ConfigRegion;
use crate::snapshot::{AccountSnapshot, Snapshot};
use serde_json::{json, Value};

/// The action whose denial marks a region as closed to AWS Config.
const CONFIG_ACTION: &str = "config:PutConfigurationRecorder";

/// The actions whose denial marks a region as closed to each security
/// service (`scp_denies`).
const SERVICE_ACTIONS: [&str; 4] = [
    "cloudtrail:CreateTrail",
    "guardduty:CreateDetector",
    "securityhub:EnableSecurityHub",
    "access-analyzer:CreateAnalyzer",
];

pub(super) fn regions(snapshot: &Snapshot, a: &AccountSnapshot) -> Vec<Resource> {
    let Some(selection) = &a.regions else {
        return Vec::new();
    };
    // Regions where SCPs deny AWS Config are NOT_APPLICABLE for regional
    // checks (MoJ denies everything outside the EU); unknown SCPs, UNKNOWN.
    let statements = effective_scp_statements(snapshot, a);
    // Snapshots from before the security services were collected say nothing.
    let collected = !a.security.is_empty();
    selection
        .regions
        .iter()
        .map(|region| {
            let config = a.config.get(region);
            let part = |f: fn(&ConfigRegion) -> Option<Value>| config.and_then(f).map(compact);
            let view = RegionView {
                region: region.clone(),
                scp_denied: statements
                    .as_ref()
                    .map(|s| denies_in_region(s, &a.id, CONFIG_ACTION, region)),
                recorders: part(|c| c.recorders.as_ref().map(|v| json!(v))),
                recorder_statuses: part(|c| c.recorder_statuses.as_ref().map(|v| json!(v))),
                delivery_channels: part(|c| c.delivery_channels.as_ref().map(|v| json!(v))),
                delivery_channel_statuses: part(|c| {
                    c.delivery_channel_statuses.as_ref().map(|v| json!(v))
                }),
                scp_denies: statements.as_ref().map(|s| {
                    SERVICE_ACTIONS
                        .iter()
                        .map(|action| {
                            let denied = denies_in_region(s, &a.id, action, region);
                            (action.to_string(), denied)
                        })
                        .collect()
                }),
                guardduty: collected.then(|| security::guardduty(snapshot, a, region)),
                securityhub: security::securityhub(a, region),
                access_analyzer: collected.then(|| security::access_analyzer(snapshot, a, region)),
            };
            Resource {
                value: to_value(&view),
                id: format!("{}/{region}", a.id).into(),
                name: region.clone().into(),
                region: Some(region.as_str().into()),
                pointer: format!("{}/config/{region}", account_pointer(a)).into(),
            }
        })
        .collect()
}
