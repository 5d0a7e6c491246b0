//! Lost visibility: a finding of the baseline that is absent now because
//! its account, region or data was not collected this run. It is never
//! "resolved" (breaking the audit role must not erase findings); it is
//! carried into the current results as UNKNOWN with the gap that hid it and
//! the status it last had. Resolved means read, and now passing or gone.

use crate::checks::definition::DataRequirement;
use crate::checks::eval::gaps_for;
use crate::findings::{Evidence, Finding, Fingerprint, Status, Unjudged};
use crate::results::{AccountCoverage, AuditResults};
use crate::snapshot::{CollectionOutcome, Gap};
use std::collections::{HashMap, HashSet};

/// Why a baseline finding is absent from the current results.
#[derive(Debug, Clone, PartialEq)]
pub enum Absence {
    /// Read, and the resource (or the check) is gone: resolved.
    Gone,
    /// This run did not cover the account on purpose (`--ou`, not ACTIVE).
    OutOfScope(String),
    /// Not collected this run: the gaps that hid it, and why, in words.
    Lost { gaps: Vec<Gap>, reason: String },
}

/// Organisation calls whose failure leaves the account list (or the OU
/// tree `--ou` selects from) incomplete.
const LISTING_APIS: [&str; 5] = [
    "DescribeOrganization",
    "ListAccounts",
    "ListRoots",
    "ListOrganizationalUnitsForParent",
    "ListAccountsForParent",
];

/// The status a finding last had when its resource was read: a carried
/// finding keeps the one it was carried with, run after run.
pub fn judged_status(f: &Finding) -> Status {
    f.evidence.previous_status().unwrap_or(f.status)
}

/// Statuses worth carrying: what the baseline knew about the resource.
fn was_judged(f: &Finding) -> bool {
    matches!(
        judged_status(f),
        Status::Pass | Status::Fail | Status::Waived
    )
}

pub fn absence(f: &Finding, current: &AuditResults) -> Absence {
    let Some(check) = current.checks.iter().find(|c| c.id == f.check.id) else {
        return Absence::Gone; // the check was removed from the catalogue
    };
    let account = f.account.id.as_str();
    let coverage = &current.coverage;
    let listing = listing_gaps(current);
    if coverage.out_of_scope.iter().any(|a| a == account) && listing.is_empty() {
        return Absence::OutOfScope(format!(
            "account {account} is outside this run's --ou selection"
        ));
    }
    let Some(a) = coverage.account_list.iter().find(|a| a.id == account) else {
        return absent_account(account, current, listing);
    };
    match a.outcome {
        CollectionOutcome::Skipped => Absence::OutOfScope(format!(
            "account {account} was not collected: {}",
            a.reason.as_deref().unwrap_or("not ACTIVE")
        )),
        CollectionOutcome::Failed => Absence::Lost {
            gaps: account_gaps(current, account),
            reason: format!(
                "account {account} could not be read: {}",
                a.reason.as_deref().unwrap_or("collection failed")
            ),
        },
        CollectionOutcome::Complete | CollectionOutcome::Partial => {
            within_account(f, a, current, check.requires.as_deref())
        }
    }
}

fn listing_gaps(current: &AuditResults) -> Vec<Gap> {
    current
        .coverage
        .gaps
        .iter()
        .filter(|g| g.service == "organizations" && LISTING_APIS.contains(&g.api.as_str()))
        .cloned()
        .collect()
}

fn account_gaps(current: &AuditResults, account: &str) -> Vec<Gap> {
    current
        .coverage
        .gaps
        .iter()
        .filter(|g| g.account_id == account)
        .cloned()
        .collect()
}

/// An account missing from the run: gone from a completely listed
/// organisation, otherwise lost.
fn absent_account(account: &str, current: &AuditResults, listing: Vec<Gap>) -> Absence {
    if listing.is_empty() && current.collection.organization_id.is_some() {
        return Absence::Gone;
    }
    Absence::Lost {
        gaps: listing,
        reason: format!(
            "account {account} is not in this run: the organisation's accounts could not be listed"
        ),
    }
}

/// A collected account: lost when the finding's region was not read or a
/// gap hides the data its check needs; otherwise the resource is gone.
fn within_account(
    f: &Finding,
    a: &AccountCoverage,
    current: &AuditResults,
    requires: Option<&[DataRequirement]>,
) -> Absence {
    let region = f.resource.region.as_deref();
    if let (Some(r), Some(read)) = (region, &a.regions) {
        if !read.iter().any(|x| x == r) {
            return Absence::Lost {
                gaps: Vec::new(),
                reason: format!("region {r} of account {} was not collected", a.id),
            };
        }
    }
    let gaps = hiding_gaps(&current.coverage.gaps, &a.id, region, requires);
    if gaps.is_empty() {
        return Absence::Gone;
    }
    let calls: Vec<String> = gaps
        .iter()
        .map(|g| format!("{}:{} {}", g.service, g.api, g.error_code))
        .collect();
    Absence::Lost {
        reason: format!(
            "data the check needs in account {} was not collected ({})",
            a.id,
            calls.join(", ")
        ),
        gaps,
    }
}

/// The gaps that can hide a finding. Results without the checks' data
/// requirements (older versions) take any gap of the account in the
/// finding's region, or any global one, to hide it: never resolved by
/// a guess.
fn hiding_gaps(
    gaps: &[Gap],
    account: &str,
    region: Option<&str>,
    requires: Option<&[DataRequirement]>,
) -> Vec<Gap> {
    let mut found: Vec<Gap> = match requires {
        Some(reqs) => reqs
            .iter()
            .flat_map(|r| gaps_for(gaps, account, *r, region))
            .collect(),
        None => gaps
            .iter()
            .filter(|g| g.account_id == account)
            .filter(|g| g.region.is_none() || g.region.as_deref() == region)
            .cloned()
            .collect(),
    };
    // A whole-account gap (AssumeRole, deadline) hides every check.
    found.extend(
        gaps.iter()
            .filter(|g| g.account_id == account && (g.api == "AssumeRole" || g.api == "*"))
            .cloned(),
    );
    found.sort();
    found.dedup();
    found
}

/// The baseline finding as UNKNOWN in this run, with what hid it.
fn carried(f: &Finding, gaps: Vec<Gap>, reason: String) -> Finding {
    let was = judged_status(f);
    Finding {
        check: f.check.clone(),
        severity: f.severity,
        status: Status::Unknown,
        account: f.account.clone(),
        resource: f.resource.clone(),
        message: format!("not read in this run (was {}): {reason}", was.as_str()).into(),
        evidence: Evidence {
            observed: None,
            unjudged: Some(Box::new(Unjudged {
                gaps,
                reason: Some(reason),
                previous_status: Some(was),
            })),
        },
        waiver: None,
    }
}

/// Mark this run's UNKNOWN findings that the baseline had judged with the
/// status they had, so a chain of runs keeps it while the gap lasts.
fn mark_unknown(baseline: &AuditResults, current: &mut AuditResults) {
    let judged: HashMap<Fingerprint, Status> = baseline
        .findings
        .iter()
        .filter(|f| was_judged(f))
        .map(|f| (f.fingerprint(), judged_status(f)))
        .collect();
    let mut marks = Vec::new();
    for (i, f) in current.findings.iter().enumerate() {
        if f.status != Status::Unknown {
            continue;
        }
        if let Some(was) = judged.get(&f.fingerprint()) {
            // Name the gap where evaluation could not (a failed account).
            let gaps = match (f.evidence.gaps().is_empty(), absence(f, current)) {
                (true, Absence::Lost { gaps, .. }) => gaps,
                _ => Vec::new(),
            };
            marks.push((i, *was, gaps));
        }
    }
    let mut marks = marks.into_iter().peekable();
    for (i, f) in current.findings.iter_mut().enumerate() {
        let Some((_, was, gaps)) = marks.next_if(|(at, ..)| *at == i) else {
            continue;
        };
        let unjudged = f.evidence.unjudged.get_or_insert_with(Default::default);
        unjudged.previous_status = Some(was);
        unjudged.gaps.extend(gaps);
    }
}

/// Add the baseline's judged findings that this run lost sight of to the
/// current results as UNKNOWN, and mark those it judged that are UNKNOWN
/// now; returns how many were added.
pub fn carry(baseline: &AuditResults, current: &mut AuditResults) -> usize {
    mark_unknown(baseline, current);
    let present: HashSet<Fingerprint> = current.findings.iter().map(|f| f.fingerprint()).collect();
    let lost: Vec<Finding> = baseline
        .findings
        .iter()
        .filter(|f| was_judged(f) && !present.contains(&f.fingerprint()))
        .filter_map(|f| match absence(f, current) {
            Absence::Lost { gaps, reason } => Some(carried(f, gaps, reason)),
            _ => None,
        })
        .collect();
    let count = lost.len();
    current.findings.push_chunk(lost);
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::GapKind;

    fn gap(account: &str, service: &str, api: &str, region: Option<&str>) -> Gap {
        Gap {
            account_id: account.into(),
            service: service.into(),
            region: region.map(Into::into),
            api: api.into(),
            kind: GapKind::AccessDenied,
            error_code: "AccessDenied".into(),
            message: String::new(),
        }
    }

    #[test]
    fn only_gaps_in_the_data_a_check_needs_hide_its_findings() {
        let gaps = vec![
            gap("1", "iam", "GetCredentialReport", None),
            gap(
                "1",
                "config",
                "DescribeDeliveryChannelStatus",
                Some("eu-west-1"),
            ),
            gap("2", "sts", "AssumeRole", None),
        ];
        let report = [DataRequirement::CredentialReport];
        assert_eq!(hiding_gaps(&gaps, "1", None, Some(&report)).len(), 1);
        // Its data was read: the resource is gone.
        let aliases = [DataRequirement::AccountAliases];
        assert!(hiding_gaps(&gaps, "1", None, Some(&aliases)).is_empty());
        // A regional gap hides that region only.
        let config = [DataRequirement::Config];
        assert_eq!(
            hiding_gaps(&gaps, "1", Some("eu-west-1"), Some(&config)).len(),
            1
        );
        assert!(hiding_gaps(&gaps, "1", Some("us-east-1"), Some(&config)).is_empty());
        // A whole-account gap hides every check, whatever it needs.
        assert_eq!(hiding_gaps(&gaps, "2", None, Some(&[])).len(), 1);
        // Results without requirements (older versions): any gap there.
        assert_eq!(hiding_gaps(&gaps, "1", None, None).len(), 1);
        assert_eq!(hiding_gaps(&gaps, "1", Some("eu-west-1"), None).len(), 2);
    }
}
