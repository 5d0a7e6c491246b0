//! The drill-down by account: the checks that fail or are unknown there.

use super::{serde_name, Tallies};
use crate::findings::Tally;
use crate::results::AuditResults;
use serde::Serialize;

#[derive(Serialize)]
pub struct AccountDetail {
    pub id: String,
    pub name: String,
    pub ou_path: String,
    pub outcome: String,
    pub counts: Tally,
    pub checks: Vec<AccountCheck>,
}

#[derive(Serialize)]
pub struct AccountCheck {
    pub id: String,
    pub title: String,
    pub severity: &'static str,
    pub fail: usize,
    pub unknown: usize,
}

/// One detail per account: the checks failing or unknown there, worst first.
pub(super) fn details(results: &AuditResults, t: &Tallies) -> Vec<AccountDetail> {
    results
        .coverage
        .account_list
        .iter()
        .map(|a| {
            let mut checks: Vec<AccountCheck> = results
                .checks
                .iter()
                .filter_map(|c| {
                    let cc = t.by_account_check.get(&(a.id.as_str(), c.id.as_str()))?;
                    Some(AccountCheck {
                        id: c.id.clone(),
                        title: c.title.clone(),
                        severity: c.severity.as_str(),
                        fail: cc.fail,
                        unknown: cc.unknown,
                    })
                })
                .collect();
            checks.sort_by(|x, y| y.fail.cmp(&x.fail).then(x.id.cmp(&y.id)));
            AccountDetail {
                id: a.id.clone(),
                name: a.name.clone().unwrap_or_default(),
                ou_path: a.ou_path.clone().unwrap_or_default(),
                outcome: serde_name(a.outcome),
                counts: t.by_account.get(a.id.as_str()).copied().unwrap_or_default(),
                checks,
            }
        })
        .collect()
}
