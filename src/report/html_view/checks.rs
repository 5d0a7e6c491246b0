//! The drill-down by check: its text, its tally and its first non-passing
//! findings (the rest are counted).

use super::{verdict, Tallies};
use crate::findings::{Finding, Tally};
use crate::results::AuditResults;
use serde::Serialize;

/// Non-passing findings shown per check; the rest are counted.
pub(super) const FINDINGS_PER_CHECK: usize = 100;

#[derive(Serialize)]
pub struct CheckView {
    pub id: String,
    pub slug: String,
    pub title: String,
    pub severity: &'static str,
    pub scope: &'static str,
    pub description: String,
    pub risk: String,
    pub expected: String,
    pub remediation_console: String,
    pub remediation_cli: String,
    pub references: Vec<String>,
    pub frameworks: String,
    pub verdict: &'static str,
    pub counts: Tally,
    pub findings: Vec<FindingRow>,
    pub more: usize,
}

#[derive(Serialize)]
pub struct FindingRow {
    pub status: &'static str,
    pub account_id: String,
    pub account_name: String,
    pub region: String,
    pub resource: String,
    pub message: String,
    pub observed: String,
    pub reason: String,
    pub pointer: String,
    pub fingerprint: String,
    /// For WAIVED: reason, owner, expiry and ticket.
    pub waiver: String,
}

pub(super) fn finding_row(f: &Finding) -> FindingRow {
    FindingRow {
        status: f.status.as_str(),
        account_id: f.account.id.clone(),
        account_name: f.account.name.clone().unwrap_or_default(),
        region: f.resource.region.as_deref().unwrap_or("").to_string(),
        resource: f.resource.name.to_string(),
        message: f.message.to_string(),
        observed: f
            .evidence
            .observed
            .as_ref()
            .map(|o| o.get().to_string())
            .unwrap_or_default(),
        reason: f.evidence.reason().unwrap_or("").to_string(),
        pointer: f.resource.pointer.to_string(),
        fingerprint: f.fingerprint().to_string(),
        waiver: f
            .waiver
            .as_ref()
            .map(|w| {
                let ticket = w.waiver.ticket.as_deref().unwrap_or("no ticket");
                format!(
                    "{} (was {}; owner {}, expires {}, {ticket}, {})",
                    w.waiver.reason,
                    w.original.as_str(),
                    w.waiver.owner,
                    w.waiver.expires,
                    w.waiver.source
                )
            })
            .unwrap_or_default(),
    }
}

/// One view per check, in catalogue order; takes the findings shown.
pub(super) fn checks(results: &AuditResults, t: &mut Tallies) -> Vec<CheckView> {
    results
        .checks
        .iter()
        .map(|c| {
            let counts = t.by_check.get(c.id.as_str()).copied().unwrap_or_default();
            let findings = t.shown.remove(c.id.as_str()).unwrap_or_default();
            CheckView {
                id: c.id.clone(),
                slug: c.slug.clone(),
                title: c.title.clone(),
                severity: c.severity.as_str(),
                scope: c.scope.as_str(),
                description: c.description.clone(),
                risk: c.risk.clone(),
                expected: c.expected.clone().unwrap_or_default(),
                remediation_console: c.remediation.console.clone(),
                remediation_cli: c.remediation.cli.clone(),
                references: c.references.clone(),
                frameworks: crate::report::text::framework_ids(c),
                verdict: verdict(&counts),
                more: (counts.fail + counts.unknown + counts.waived).saturating_sub(findings.len()),
                counts,
                findings,
            }
        })
        .collect()
}
