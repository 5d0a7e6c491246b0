//! What the run could not see: incomplete accounts and collection gaps.

use super::serde_name;
use crate::results::AuditResults;
use crate::snapshot::CollectionOutcome;
use serde::Serialize;

/// Collection gaps listed; the rest are counted.
const GAPS_SHOWN: usize = 1000;

#[derive(Serialize)]
pub struct CoverageView {
    pub complete: usize,
    pub partial: usize,
    pub failed: usize,
    pub skipped: usize,
    pub incomplete_accounts: Vec<IncompleteAccount>,
    pub gaps: Vec<GapRow>,
    pub more_gaps: usize,
    pub calls: u64,
    pub retries: u64,
    pub throttles: u64,
}

#[derive(Serialize)]
pub struct IncompleteAccount {
    pub id: String,
    pub name: String,
    pub outcome: String,
    pub reason: String,
    pub gaps: usize,
}

#[derive(Serialize)]
pub struct GapRow {
    pub account_id: String,
    pub region: String,
    pub service: String,
    pub api: String,
    pub kind: String,
    pub error_code: String,
    pub message: String,
}

pub(super) fn coverage(results: &AuditResults) -> CoverageView {
    let cov = &results.coverage;
    let accounts = &cov.account_list;
    CoverageView {
        complete: cov.complete,
        partial: cov.partial,
        failed: cov.failed,
        skipped: cov.skipped.len(),
        incomplete_accounts: accounts
            .iter()
            .filter(|a| a.outcome != CollectionOutcome::Complete)
            .map(|a| IncompleteAccount {
                id: a.id.clone(),
                name: a.name.clone().unwrap_or_default(),
                outcome: serde_name(a.outcome),
                reason: a.reason.clone().unwrap_or_default(),
                gaps: a.gaps,
            })
            .collect(),
        gaps: cov
            .gaps
            .iter()
            .take(GAPS_SHOWN)
            .map(|g| GapRow {
                account_id: g.account_id.clone(),
                region: g.region.clone().unwrap_or_default(),
                service: g.service.clone(),
                api: g.api.clone(),
                kind: serde_name(g.kind),
                error_code: g.error_code.clone(),
                message: g.message.clone(),
            })
            .collect(),
        more_gaps: cov.gaps.len().saturating_sub(GAPS_SHOWN),
        calls: accounts.iter().map(|a| a.api.calls).sum(),
        retries: accounts.iter().map(|a| a.api.retries).sum(),
        throttles: accounts.iter().map(|a| a.api.throttles).sum(),
    }
}
