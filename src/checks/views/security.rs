//! CloudTrail, GuardDuty, Security Hub and IAM Access Analyzer as checks
//! see them: what covers an account or a region, wherever the control
//! lives. An organisation trail in the management account covers every
//! member; a GuardDuty administrator's membership covers a member whose own
//! detectors could not be read; an organisation analyzer covers every
//! member of its region. Facts that depend on data not read are left out,
//! so checks that need them are UNKNOWN, never PASS.

use super::management;
use super::types::{
    AnalyzerFindingView, AnalyzerFindingsView, AnalyzerRegionView, CloudTrailView, CoveringTrail,
    GuardDutyRegionView, SecurityHubRegionView,
};
use crate::snapshot::security::{SecurityRegion, Trail};
use crate::snapshot::{AccountSnapshot, Snapshot};

/// The collected account whose S3 bucket list names `bucket`; `None` when
/// no collected account lists it.
fn bucket_account<'s>(snapshot: &'s Snapshot, bucket: &str) -> Option<&'s str> {
    snapshot
        .accounts
        .values()
        .find(|a| a.s3_buckets.iter().flatten().any(|b| b == bucket))
        .map(|a| a.id.as_str())
}

/// The trail as read in its home region by its owner (status, selectors).
fn at_home<'s>(owner: &'s AccountSnapshot, trail: &Trail) -> Option<&'s Trail> {
    let home = trail.home_region.as_deref()?;
    owner
        .security
        .get(home)?
        .cloudtrail
        .as_ref()?
        .iter()
        .find(|t| t.arn == trail.arn)
}

fn covering(snapshot: &Snapshot, trail: &Trail) -> CoveringTrail {
    let bucket = trail.s3_bucket_name.clone();
    CoveringTrail {
        name: trail.name.clone(),
        arn: trail.arn.clone(),
        owner_account: trail.owner_account.clone(),
        home_region: trail.home_region.clone(),
        organization_trail: trail.is_organization_trail == Some(true),
        logging: trail.is_logging,
        management_events_all: trail.management_events_all,
        log_file_validation: trail.log_file_validation,
        kms_encrypted: trail.kms_key_id.as_deref().is_some_and(|k| !k.is_empty()),
        bucket_account: bucket
            .as_deref()
            .and_then(|b| bucket_account(snapshot, b))
            .map(str::to_string),
        s3_bucket: bucket,
    }
}

/// Multi-region trails that record this account: its own, and the
/// organisation trails of the management account. `sources_read` is left
/// out when a place such a trail could live was not read.
pub fn cloudtrail(snapshot: &Snapshot, a: &AccountSnapshot) -> Option<CloudTrailView> {
    if a.security.is_empty() {
        // Collected before these services were: nothing to say.
        return None;
    }
    let mut trails: Vec<CoveringTrail> = Vec::new();
    let mut complete = true;
    let mut seen = std::collections::BTreeSet::new();
    let mut add = |owner: &AccountSnapshot, trail: &Trail, complete: &mut bool| {
        if !seen.insert(trail.arn.clone()) {
            return;
        }
        match at_home(owner, trail) {
            Some(home) => trails.push(covering(snapshot, home)),
            None => {
                // The home region was not read: status unknown.
                *complete = false;
                trails.push(covering(snapshot, trail));
            }
        }
    };
    for region in a.security.values() {
        match &region.cloudtrail {
            Some(list) => {
                for t in list.iter().filter(|t| t.is_multi_region == Some(true)) {
                    if t.owner_account.as_deref() == Some(a.id.as_str()) {
                        add(a, t, &mut complete);
                    }
                }
            }
            None => complete = false,
        }
    }
    match management(snapshot) {
        Some(m) if !m.security.is_empty() => {
            for region in m.security.values() {
                match &region.cloudtrail {
                    Some(list) => {
                        let org_trails = list.iter().filter(|t| {
                            t.is_organization_trail == Some(true)
                                && t.is_multi_region == Some(true)
                                && t.owner_account.as_deref() == Some(m.id.as_str())
                        });
                        for t in org_trails {
                            add(m, t, &mut complete);
                        }
                    }
                    None => complete = false,
                }
            }
        }
        // No management account read: an organisation trail may exist.
        _ if a.is_management => {}
        _ => complete = false,
    }
    Some(CloudTrailView {
        trails,
        sources_read: complete.then_some(true),
    })
}

/// GuardDuty's administrator for a region, from the management account's
/// ListOrganizationAdminAccounts, and that account's view of the members.
fn guardduty_admin<'s>(
    snapshot: &'s Snapshot,
    region: &str,
) -> Option<(&'s AccountSnapshot, Option<&'s SecurityRegion>)> {
    let m = management(snapshot)?;
    let admins = m
        .security
        .get(region)?
        .guardduty
        .as_ref()?
        .admin_accounts
        .as_ref()?;
    let id = &admins.first()?.account_id;
    let admin = snapshot.accounts.get(id)?;
    Some((admin, admin.security.get(region)))
}

pub fn guardduty(snapshot: &Snapshot, a: &AccountSnapshot, region: &str) -> GuardDutyRegionView {
    let own = a.security.get(region).and_then(|s| s.guardduty.as_ref());
    let detector_status = own.map(|g| {
        let enabled = g
            .detectors
            .iter()
            .any(|d| d.status.as_deref() == Some("ENABLED"));
        let unknown = g.detectors.iter().any(|d| d.status.is_none());
        match (enabled, unknown, g.detectors.is_empty()) {
            (true, _, _) => "ENABLED".to_string(),
            (false, true, _) => "UNKNOWN".to_string(),
            (false, false, true) => "NONE".to_string(),
            (false, false, false) => "DISABLED".to_string(),
        }
    });
    let admin = guardduty_admin(snapshot, region);
    let membership = admin.and_then(|(admin, data)| {
        let org = data?.guardduty.as_ref()?.organization.as_ref()?;
        let status = org
            .members
            .iter()
            .find(|m| m.account_id == a.id)
            .and_then(|m| m.status.clone())
            .unwrap_or_else(|| "NOT_A_MEMBER".to_string());
        Some((admin.id.clone(), status, org.auto_enable.clone()))
    });
    // Its own detectors decide when they were read; the administrator's
    // membership only when they were not.
    let enabled = match detector_status.as_deref() {
        Some("ENABLED") => Some(true),
        Some("NONE") | Some("DISABLED") => Some(false),
        _ => membership
            .as_ref()
            .and_then(|(_, status, _)| (status == "Enabled").then_some(true)),
    };
    let via = match detector_status.as_deref() {
        Some("ENABLED") | Some("NONE") | Some("DISABLED") => "account's own detectors".to_string(),
        _ => match &membership {
            Some((admin, _, _)) => format!("membership of administrator {admin}"),
            None => "not read".to_string(),
        },
    };
    GuardDutyRegionView {
        enabled,
        via,
        detector_status,
        admin_account: membership.as_ref().map(|(id, _, _)| id.clone()),
        member_status: membership.as_ref().map(|(_, s, _)| s.clone()),
        auto_enable: membership.and_then(|(_, _, auto)| auto),
    }
}

pub fn securityhub(a: &AccountSnapshot, region: &str) -> Option<SecurityHubRegionView> {
    let hub = a.security.get(region)?.securityhub.as_ref()?;
    Some(SecurityHubRegionView {
        enabled: hub.enabled,
        standards: hub.standards.as_ref().map(|list| {
            list.iter()
                .filter(|s| matches!(s.status.as_deref(), Some("READY") | Some("INCOMPLETE")))
                .map(|s| s.standards_arn.clone())
                .collect()
        }),
    })
}

/// Accounts that may hold an organisation analyzer: the management
/// account and the Access Analyzer delegated administrator.
fn analyzer_hosts(snapshot: &Snapshot) -> Vec<&AccountSnapshot> {
    let mut hosts: Vec<&AccountSnapshot> = management(snapshot).into_iter().collect();
    let delegated = snapshot
        .organization
        .organization()
        .and_then(|o| o.delegated_administrators.as_ref());
    for admin in delegated.into_iter().flatten() {
        let serves = admin
            .services
            .iter()
            .flatten()
            .any(|s| s == "access-analyzer.amazonaws.com");
        if let (true, Some(acct)) = (serves, snapshot.accounts.get(&admin.account_id)) {
            hosts.push(acct);
        }
    }
    hosts
}

fn active_analyzer<'s>(
    owner: &'s AccountSnapshot,
    region: &str,
    kinds: &[&str],
) -> Option<Option<&'s str>> {
    let list = owner.security.get(region)?.access_analyzer.as_ref()?;
    Some(
        list.iter()
            .find(|x| x.status.as_deref() == Some("ACTIVE") && kinds.contains(&x.kind.as_str()))
            .map(|x| x.arn.as_str()),
    )
}

pub fn access_analyzer(
    snapshot: &Snapshot,
    a: &AccountSnapshot,
    region: &str,
) -> AnalyzerRegionView {
    let mut unread = false;
    let mut found: Option<String> = None;
    match active_analyzer(a, region, &["ACCOUNT", "ORGANIZATION"]) {
        Some(Some(arn)) => found = Some(arn.to_string()),
        Some(None) => {}
        None => unread = true,
    }
    if found.is_none() {
        for host in analyzer_hosts(snapshot) {
            match active_analyzer(host, region, &["ORGANIZATION"]) {
                Some(Some(arn)) => {
                    found = Some(arn.to_string());
                    break;
                }
                Some(None) => {}
                None => unread = true,
            }
        }
        // Without a delegation list, another account may host one.
        let delegation_read = snapshot
            .organization
            .organization()
            .is_some_and(|o| o.delegated_administrators.is_some());
        if !delegation_read && !a.is_management {
            unread = true;
        }
    }
    AnalyzerRegionView {
        active: match (&found, unread) {
            (Some(_), _) => Some(true),
            (None, false) => Some(false),
            (None, true) => None,
        },
        analyzer: found,
    }
}

/// ACTIVE findings about this account's resources, from its own analyzers
/// and the organisation's; `complete` is left out when an analyzer that
/// may report on the account had its findings unread.
pub fn analyzer_findings(snapshot: &Snapshot, a: &AccountSnapshot) -> Option<AnalyzerFindingsView> {
    if a.security.is_empty() {
        return None;
    }
    let mut owners: Vec<&AccountSnapshot> = vec![a];
    owners.extend(
        analyzer_hosts(snapshot)
            .into_iter()
            .filter(|h| h.id != a.id),
    );
    let mut active = Vec::new();
    let mut complete = true;
    for owner in owners {
        for (region, data) in &owner.security {
            let Some(list) = &data.access_analyzer else {
                complete = false;
                continue;
            };
            let relevant = list.iter().filter(|x| {
                x.status.as_deref() == Some("ACTIVE")
                    && (owner.id == a.id || x.kind == "ORGANIZATION")
                    && matches!(x.kind.as_str(), "ACCOUNT" | "ORGANIZATION")
            });
            for analyzer in relevant {
                let Some(findings) = &analyzer.active_findings else {
                    complete = false;
                    continue;
                };
                active.extend(
                    findings
                        .iter()
                        .filter(|f| f.resource_owner_account.as_deref() == Some(a.id.as_str()))
                        .map(|f| AnalyzerFindingView {
                            id: f.id.clone(),
                            analyzer: analyzer.arn.clone(),
                            region: region.clone(),
                            resource: f.resource.clone(),
                            resource_type: f.resource_type.clone(),
                            created_at: f.created_at,
                        }),
                );
            }
        }
    }
    Some(AnalyzerFindingsView {
        active,
        complete: complete.then_some(true),
    })
}
