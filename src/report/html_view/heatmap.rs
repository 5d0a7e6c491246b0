//! The OU/account heat map: a score and a heat level per OU and account,
//! and a FAIL/UNKNOWN cell per severity.

use super::{serde_name, verdict, Tallies};
use crate::checks::definition::Severity;
use crate::findings::Tally;
use crate::results::AuditResults;
use serde::Serialize;
use std::collections::BTreeMap;

pub(super) fn percent(score: Option<f64>) -> String {
    score
        .map(|s| format!("{s:.1}"))
        .unwrap_or_else(|| "n/a".into())
}

/// Heat level 0 (all pass) .. 4 (mostly failing), or `none`.
fn heat(score: Option<f64>) -> &'static str {
    match score {
        None => "none",
        Some(s) if s >= 99.95 => "0",
        Some(s) if s >= 90.0 => "1",
        Some(s) if s >= 75.0 => "2",
        Some(s) if s >= 50.0 => "3",
        Some(_) => "4",
    }
}

#[derive(Serialize)]
pub struct OuRow {
    pub path: String,
    pub score: String,
    pub heat: &'static str,
    pub counts: Tally,
    pub accounts: Vec<AccountRow>,
}

#[derive(Serialize)]
pub struct AccountRow {
    pub id: String,
    pub name: String,
    pub outcome: String,
    pub score: String,
    pub heat: &'static str,
    pub counts: Tally,
    /// FAIL count per severity, in `Page::severities` order.
    pub cells: Vec<Cell>,
}

#[derive(Serialize)]
pub struct Cell {
    pub fail: usize,
    pub unknown: usize,
    pub verdict: &'static str,
}

/// One row per OU (accounts without one under `(no OU)`), each with its
/// accounts.
pub(super) fn ous(results: &AuditResults, t: &Tallies) -> Vec<OuRow> {
    let mut ous: BTreeMap<String, OuRow> = BTreeMap::new();
    for a in &results.coverage.account_list {
        let counts = t.by_account.get(a.id.as_str()).copied().unwrap_or_default();
        let path = a.ou_path.clone().unwrap_or_else(|| "(no OU)".into());
        let ou = ous.entry(path.clone()).or_insert_with(|| OuRow {
            path,
            score: String::new(),
            heat: "none",
            counts: Tally::default(),
            accounts: Vec::new(),
        });
        ou.counts.merge(&counts);
        let cells = Severity::ALL
            .iter()
            .map(|sev| {
                let c = t
                    .by_account_severity
                    .get(&(a.id.as_str(), *sev))
                    .copied()
                    .unwrap_or_default();
                Cell {
                    fail: c.fail,
                    unknown: c.unknown,
                    verdict: if c.total() == 0 { "NONE" } else { verdict(&c) },
                }
            })
            .collect();
        ou.accounts.push(AccountRow {
            id: a.id.clone(),
            name: a.name.clone().unwrap_or_default(),
            outcome: serde_name(a.outcome),
            score: percent(counts.score()),
            heat: heat(counts.score()),
            counts,
            cells,
        });
    }
    ous.into_values()
        .map(|mut ou| {
            ou.score = percent(ou.counts.score());
            ou.heat = heat(ou.counts.score());
            ou
        })
        .collect()
}
