//! Merging results (reports are then rendered from the merged document).

use super::choose;
use crate::findings::Findings;
use crate::results::{AuditResults, Coverage};
use crate::snapshot::{CollectionOutcome, Gap};
use crate::waivers::{WaiverState, WaiverUse};
use std::collections::BTreeSet;

pub fn merge_results(
    inputs: Vec<(String, AuditResults)>,
) -> anyhow::Result<(AuditResults, Vec<String>)> {
    let Some((first_name, first)) = inputs.first() else {
        anyhow::bail!("nothing to merge");
    };
    for (name, r) in &inputs {
        if r.ruleset_digest != first.ruleset_digest || r.profile != first.profile {
            anyhow::bail!(
                "{name} was evaluated with ruleset {} ({:?}), {first_name} with {} ({:?}): \
                 merge the snapshots instead and evaluate them once",
                r.ruleset_digest,
                r.profile,
                first.ruleset_digest,
                first.profile
            );
        }
        if r.collection.organization_id != first.collection.organization_id {
            anyhow::bail!("{name} is of another organisation than {first_name}");
        }
    }
    let mut notes = Vec::new();
    let same_time = inputs.iter().all(|(_, r)| {
        r.evaluated_at == first.evaluated_at && r.evaluated_at_source == first.evaluated_at_source
    });
    if !same_time {
        notes.push(
            "the inputs were evaluated at different times (each its own collection start or \
             --now); ages are each run's own"
                .into(),
        );
    }
    let chosen = choose(inputs.iter().enumerate().flat_map(|(i, (_, r))| {
        r.coverage
            .account_list
            .iter()
            .map(move |a| (i, a.id.as_str(), a.outcome))
    }));
    // The first input's metadata; everything per account is rebuilt below
    // (cloning the whole input would copy every finding once more).
    let mut merged = AuditResults {
        schema_version: first.schema_version,
        tool: first.tool.clone(),
        ruleset_digest: first.ruleset_digest.clone(),
        profile: first.profile.clone(),
        evaluated_at: first.evaluated_at,
        // One source only when every input agrees; else it cannot be named.
        evaluated_at_source: first.evaluated_at_source.filter(|_| same_time),
        collection: first.collection.clone(),
        checks: first.checks.clone(),
        frameworks: first.frameworks.clone(),
        coverage: Coverage {
            accounts: 0,
            complete: 0,
            partial: 0,
            failed: 0,
            skipped: Vec::new(),
            gaps: Vec::new(),
            account_list: Vec::new(),
            out_of_scope: Vec::new(),
        },
        waivers: Vec::new(),
        access: None,
        findings: Findings::default(),
    };
    // Known only if known in every input: an input without it hides its
    // accounts' assignments.
    let mut access: Option<Option<crate::access::AccessSection>> = Some(None);
    let mut gaps: BTreeSet<Gap> = BTreeSet::new();
    let mut out_of_scope = BTreeSet::new();
    let mut chunks = Vec::new();
    let mut waivers: Vec<WaiverUse> = Vec::new();
    for (i, (name, r)) in inputs.into_iter().enumerate() {
        let kept = |id: &str| chosen.get(id).is_some_and(|(from, _)| *from == i);
        merged.evaluated_at = merged.evaluated_at.max(r.evaluated_at);
        let window = &mut merged.collection;
        window.started_at = window.started_at.min(r.collection.started_at);
        window.finished_at = window.finished_at.max(r.collection.finished_at);
        out_of_scope.extend(r.coverage.out_of_scope);
        for a in r.coverage.account_list {
            if kept(&a.id) {
                merged.coverage.account_list.push(a);
            } else {
                notes.push(format!(
                    "{name}: account {} also in another input; kept one copy",
                    a.id
                ));
            }
        }
        gaps.extend(
            r.coverage
                .gaps
                .into_iter()
                .filter(|g| kept(&g.account_id) || g.service == "organizations"),
        );
        chunks.push(
            r.findings
                .into_iter()
                .filter(|f| kept(&f.account.id))
                .collect(),
        );
        access = match (access, r.access) {
            (Some(merged_access), Some(mut section)) => {
                section.accounts.retain(|a| kept(&a.account_id));
                Some(Some(match merged_access {
                    None => section,
                    Some(mut m) => {
                        m.accounts.extend(section.accounts);
                        m
                    }
                }))
            }
            _ => None,
        };
        for u in r.waivers {
            match waivers.iter_mut().find(|w| w.waiver == u.waiver) {
                Some(w) => w.waived += u.waived,
                None => waivers.push(u),
            }
        }
    }
    for w in &mut waivers {
        if w.state != WaiverState::Expired {
            w.state = if w.waived > 0 {
                WaiverState::Applied
            } else {
                WaiverState::Unused
            };
        }
    }
    merged.coverage.account_list.sort_by(|a, b| a.id.cmp(&b.id));
    let list = &merged.coverage.account_list;
    let count = |o: CollectionOutcome| list.iter().filter(|a| a.outcome == o).count();
    merged.coverage.accounts = list.len();
    merged.coverage.complete = count(CollectionOutcome::Complete);
    merged.coverage.partial = count(CollectionOutcome::Partial);
    merged.coverage.failed = count(CollectionOutcome::Failed);
    merged.coverage.skipped = list
        .iter()
        .filter(|a| a.outcome == CollectionOutcome::Skipped)
        .map(|a| a.id.clone())
        .collect();
    merged.coverage.gaps = gaps.into_iter().collect();
    // Out of one split run's scope is in another's: only what none read.
    merged.coverage.out_of_scope = out_of_scope
        .into_iter()
        .filter(|id| !chosen.contains_key(id.as_str()))
        .collect();
    merged.waivers = waivers;
    merged.access = access.flatten().map(|mut a| {
        a.accounts.sort_by(|x, y| x.account_id.cmp(&y.account_id));
        a
    });
    merged.findings = Findings::from_chunks(chunks);
    Ok((merged, notes))
}
