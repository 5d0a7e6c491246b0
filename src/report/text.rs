//! Small shared pieces of the report writers.

use crate::results::{AuditResults, CheckInfo};
use std::collections::HashMap;

/// Check id → its description in the results.
pub fn checks_by_id(results: &AuditResults) -> HashMap<&str, &CheckInfo> {
    results.checks.iter().map(|c| (c.id.as_str(), c)).collect()
}

/// `moj:Config; cis_v3_0:3.3` — every framework control a check maps to.
pub fn framework_ids(check: &CheckInfo) -> String {
    let mut parts = Vec::new();
    for (framework, ids) in check.frameworks.entries() {
        for id in ids {
            parts.push(format!("{framework}:{id}"));
        }
    }
    parts.join("; ")
}
