//! Merging snapshots (then `audit --snapshot` the result).

use super::choose;
use crate::snapshot::{ApiStats, Gap, Snapshot};
use std::collections::{BTreeMap, BTreeSet};

/// The merged snapshot, and notes on what was resolved (for the log).
pub fn merge_snapshots(inputs: Vec<(String, Snapshot)>) -> anyhow::Result<(Snapshot, Vec<String>)> {
    let Some((first_name, first)) = inputs.first() else {
        anyhow::bail!("nothing to merge");
    };
    let org_of = |s: &Snapshot| s.organization.organization().map(|o| o.id.clone());
    for (name, s) in &inputs {
        if org_of(s) != org_of(first) || s.caller.partition != first.caller.partition {
            anyhow::bail!(
                "{name} is of organisation {:?}, {first_name} of {:?}: only runs of one organisation can be merged",
                org_of(s),
                org_of(first)
            );
        }
    }
    let chosen = choose(inputs.iter().enumerate().flat_map(|(i, (_, s))| {
        s.accounts
            .values()
            .map(move |a| (i, a.id.as_str(), a.collection.outcome))
    }));
    let mut notes = Vec::new();
    // The first input's metadata; accounts, gaps and API totals are rebuilt
    // below from every input, moved rather than copied.
    let mut merged = Snapshot {
        schema_version: first.schema_version,
        tool: first.tool.clone(),
        started_at: first.started_at,
        finished_at: first.finished_at,
        caller: first.caller.clone(),
        settings: first.settings.clone(),
        organization: first.organization.clone(),
        organization_api: ApiStats::default(),
        accounts: BTreeMap::new(),
        gaps: Vec::new(),
        out_of_scope: Vec::new(),
    };
    let mut out_of_scope = BTreeSet::new();
    let mut gaps: BTreeSet<Gap> = BTreeSet::new();
    let mut whole_org = false;
    let mut ous = BTreeSet::new();
    for (i, (name, s)) in inputs.into_iter().enumerate() {
        merged.started_at = merged.started_at.min(s.started_at);
        merged.finished_at = merged.finished_at.max(s.finished_at);
        let (a, b) = (&mut merged.organization_api, &s.organization_api);
        a.calls += b.calls;
        a.requests += b.requests;
        a.retries += b.retries;
        a.throttles += b.throttles;
        whole_org |= s.settings.ous.is_empty();
        ous.extend(s.settings.ous);
        out_of_scope.extend(s.out_of_scope);
        for (id, a) in s.accounts {
            match chosen.get(&id) {
                Some((from, _)) if *from == i => {
                    merged.accounts.insert(id, a);
                }
                _ => notes.push(format!(
                    "{name}: account {} also in another input; kept one copy",
                    a.id
                )),
            }
        }
        // An account's gaps come with the copy kept; organisation-level gaps
        // (recorded against the caller) are kept once.
        gaps.extend(s.gaps.into_iter().filter(|g| {
            chosen.get(&g.account_id).is_none_or(|(from, _)| *from == i)
                || g.service == "organizations"
        }));
    }
    merged.gaps = gaps.into_iter().collect();
    // Out of one split run's scope is in another's: only what no input read.
    merged.out_of_scope = out_of_scope
        .into_iter()
        .filter(|id| !merged.accounts.contains_key(id))
        .collect();
    merged.settings.ous = if whole_org {
        Vec::new()
    } else {
        ous.into_iter().collect()
    };
    Ok((merged, notes))
}
