//! The waivers table: every waiver and what it did.

use crate::results::AuditResults;
use serde::Serialize;

#[derive(Serialize)]
pub struct WaiverRow {
    pub check_id: String,
    pub state: String,
    pub waived: usize,
    pub reason: String,
    pub owner: String,
    pub expires: String,
    pub ticket: String,
    pub scope: String,
    pub source: String,
}

pub(super) fn rows(results: &AuditResults) -> Vec<WaiverRow> {
    results
        .waivers
        .iter()
        .map(|u| {
            let w = &u.waiver;
            let scope = [
                ("accounts", &w.accounts),
                ("ou_paths", &w.ou_paths),
                ("resources", &w.resources),
            ]
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}: {}", v.join(", ")))
            .collect::<Vec<_>>()
            .join("; ");
            WaiverRow {
                check_id: w.check_id.clone(),
                state: format!("{:?}", u.state).to_uppercase(),
                waived: u.waived,
                reason: w.reason.clone(),
                owner: w.owner.clone(),
                expires: w.expires.to_string(),
                ticket: w.ticket.clone().unwrap_or_default(),
                scope,
                source: w.source.clone(),
            }
        })
        .collect()
}
