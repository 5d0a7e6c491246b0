//! Comparing two results documents by fingerprint: what failed anew, what
//! was resolved, what still fails, where visibility was lost (a PASS or
//! FAIL became UNKNOWN, or its resource was not read at all: see [`lost`]),
//! what this run left out of scope, which severities changed, and which
//! checks were added to or removed from the catalogue.

pub mod lost;
mod render;

pub use lost::{absence, carry, judged_status, Absence};
pub use render::{markdown, table};

use crate::checks::definition::Severity;
use crate::findings::{Finding, Fingerprint, Status};
use crate::results::AuditResults;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

#[derive(Debug, Serialize)]
pub struct Diff {
    pub previous: RunInfo,
    pub current: RunInfo,
    /// Differences that make the comparison less meaningful (another
    /// ruleset or profile).
    pub warnings: Vec<String>,
    pub new_failures: Vec<Change>,
    pub resolved: Vec<Change>,
    pub still_failing: Vec<Change>,
    /// Judged in the previous run, not read in this one (its account,
    /// region or data was not collected): never counted as resolved.
    pub lost_visibility: Vec<Change>,
    /// Previous findings of accounts this run did not cover on purpose
    /// (outside its `--ou` selection, or no longer ACTIVE).
    pub out_of_scope: Vec<Change>,
    pub severity_changes: Vec<Change>,
    pub checks_added: Vec<String>,
    pub checks_removed: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct RunInfo {
    pub evaluated_at: String,
    pub ruleset_digest: String,
    pub profile: Option<String>,
    pub findings: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub fingerprint: String,
    pub check_id: String,
    pub severity: Severity,
    pub previous_severity: Option<Severity>,
    pub account_id: String,
    pub account_name: Option<String>,
    pub region: Option<String>,
    pub resource: String,
    /// `None`: the resource was not in that run.
    pub previous_status: Option<Status>,
    pub current_status: Option<Status>,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    #[error(
        "cannot compare results of schema version {previous} with schema version {current}: \
         re-run the older audit with this version of orgaudit"
    )]
    Schema { previous: u32, current: u32 },
}

fn run(r: &AuditResults) -> RunInfo {
    RunInfo {
        evaluated_at: r.evaluated_at.to_string(),
        ruleset_digest: r.ruleset_digest.clone(),
        profile: r.profile.clone(),
        findings: r.findings.len(),
    }
}

fn change(previous: Option<&Finding>, current: Option<&Finding>) -> Option<Change> {
    let f = current.or(previous)?;
    Some(Change {
        fingerprint: f.fingerprint().to_string(),
        check_id: f.check.id.clone(),
        severity: f.severity,
        previous_severity: previous.map(|p| p.severity),
        account_id: f.account.id.clone(),
        account_name: f.account.name.clone(),
        region: f.resource.region.as_deref().map(str::to_string),
        resource: f.resource.name.to_string(),
        previous_status: previous.map(judged_status),
        current_status: current.map(|c| c.status),
        message: f.message.to_string(),
    })
}

/// A previous finding absent now: resolved only when its resource was read
/// and is gone (deleted, or the check was removed); lost when it was not
/// read; out of scope when the run did not cover its account.
fn absent(diff: &mut Diff, f: &Finding, current: &AuditResults) {
    let was = judged_status(f);
    if !matches!(was, Status::Pass | Status::Fail | Status::Waived) {
        return;
    }
    let list = match absence(f, current) {
        Absence::Gone if was == Status::Fail => &mut diff.resolved,
        Absence::Gone => return,
        Absence::OutOfScope(_) => &mut diff.out_of_scope,
        Absence::Lost { .. } => &mut diff.lost_visibility,
    };
    list.extend(change(Some(f), None));
}

pub fn compare(previous: &AuditResults, current: &AuditResults) -> Result<Diff, DiffError> {
    if previous.schema_version != current.schema_version {
        return Err(DiffError::Schema {
            previous: previous.schema_version,
            current: current.schema_version,
        });
    }
    let mut warnings = Vec::new();
    if previous.ruleset_digest != current.ruleset_digest {
        warnings.push(format!(
            "the rulesets differ ({} then {}): checks or their parameters changed, so some changes below come from the catalogue, not the estate",
            previous.ruleset_digest, current.ruleset_digest
        ));
    }
    if previous.profile != current.profile {
        warnings.push(format!(
            "the profiles differ ({:?} then {:?})",
            previous.profile, current.profile
        ));
    }
    let before: HashMap<Fingerprint, &Finding> = previous
        .findings
        .iter()
        .map(|f| (f.fingerprint(), f))
        .collect();
    let mut seen = std::collections::HashSet::new();
    let mut diff = Diff {
        previous: run(previous),
        current: run(current),
        warnings,
        new_failures: Vec::new(),
        resolved: Vec::new(),
        still_failing: Vec::new(),
        lost_visibility: Vec::new(),
        out_of_scope: Vec::new(),
        severity_changes: Vec::new(),
        checks_added: Vec::new(),
        checks_removed: Vec::new(),
    };
    for f in &current.findings {
        let fp = f.fingerprint();
        seen.insert(fp);
        let p = before.get(&fp).copied();
        // A finding carried for lost visibility is compared by the status
        // it had when last read.
        let was = p.map(judged_status);
        let list = match (was, f.status) {
            _ if f.evidence.previous_status().is_some() => Some(&mut diff.lost_visibility),
            (Some(Status::Fail), Status::Fail) => Some(&mut diff.still_failing),
            (_, Status::Fail) => Some(&mut diff.new_failures),
            (Some(Status::Pass | Status::Fail | Status::Waived), Status::Unknown) => {
                Some(&mut diff.lost_visibility)
            }
            (Some(Status::Fail), _) => Some(&mut diff.resolved),
            _ => None,
        };
        if let (Some(list), Some(c)) = (list, change(p, Some(f))) {
            list.push(c);
        }
        if p.is_some_and(|p| p.severity != f.severity) {
            diff.severity_changes.extend(change(p, Some(f)));
        }
    }
    for f in &previous.findings {
        if !seen.contains(&f.fingerprint()) {
            absent(&mut diff, f, current);
        }
    }
    let ids =
        |r: &AuditResults| -> BTreeSet<String> { r.checks.iter().map(|c| c.id.clone()).collect() };
    let (was, now) = (ids(previous), ids(current));
    diff.checks_added = now.difference(&was).cloned().collect();
    diff.checks_removed = was.difference(&now).cloned().collect();
    Ok(diff)
}
