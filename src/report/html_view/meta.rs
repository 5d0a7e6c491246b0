//! The page header: tool, times, caller and ruleset.

use crate::results::AuditResults;
use serde::Serialize;

#[derive(Serialize)]
pub struct Meta {
    pub tool: String,
    pub version: String,
    pub schema_version: u32,
    pub evaluated_at: String,
    /// Where the evaluation time came from, in words.
    pub evaluated_at_source: String,
    pub collection_started: String,
    pub collection_finished: String,
    pub caller_arn: String,
    pub organization_id: String,
    pub profile: String,
    pub ruleset_digest: String,
    pub findings: usize,
    pub accounts: usize,
}

pub(super) fn meta(results: &AuditResults, findings: usize) -> Meta {
    Meta {
        tool: results.tool.name.clone(),
        version: results.tool.version.clone(),
        schema_version: results.schema_version,
        evaluated_at: results.evaluated_at.to_string(),
        evaluated_at_source: results
            .evaluated_at_source
            .map(|s| s.describe())
            .unwrap_or("not recorded")
            .to_string(),
        collection_started: results.collection.started_at.to_string(),
        collection_finished: results.collection.finished_at.to_string(),
        caller_arn: results.collection.caller.arn.clone(),
        organization_id: results
            .collection
            .organization_id
            .clone()
            .unwrap_or_default(),
        profile: results.profile.clone().unwrap_or_else(|| "default".into()),
        ruleset_digest: results.ruleset_digest.clone(),
        findings,
        accounts: results.coverage.account_list.len(),
    }
}
