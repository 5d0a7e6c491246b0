//! `orgaudit merge`: combine the snapshots, or the results, of several runs
//! (an estate split by `--ou` across runners) into one, without counting an
//! account twice: each account is taken from one input only, the one whose
//! collection of it was best (complete, then partial, then failed), the
//! first on a tie. Inputs of different organisations, schema versions or
//! (for results) rulesets are refused.

mod results;
mod snapshots;

pub use results::merge_results;
pub use snapshots::merge_snapshots;

use crate::snapshot::CollectionOutcome;
use serde::de::IgnoredAny;
use serde::Deserialize;
use std::path::Path;

/// What a merge input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Snapshot,
    Results,
}

/// Tell a snapshot from a results file by its top-level keys.
pub fn kind_of(path: &Path) -> anyhow::Result<Kind> {
    #[derive(Deserialize)]
    struct Probe {
        findings: Option<IgnoredAny>,
        accounts: Option<IgnoredAny>,
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    let probe: Probe = serde_json::from_str(&text)
        .map_err(|e| anyhow::anyhow!("{}:{}: not JSON: {e}", path.display(), e.line()))?;
    match (probe.findings, probe.accounts) {
        (Some(_), _) => Ok(Kind::Results),
        (None, Some(_)) => Ok(Kind::Snapshot),
        _ => anyhow::bail!(
            "{}: neither an orgaudit snapshot nor a results file",
            path.display()
        ),
    }
}

/// How good a collection of one account was, for choosing between copies.
fn rank(outcome: CollectionOutcome) -> u8 {
    match outcome {
        CollectionOutcome::Complete => 3,
        CollectionOutcome::Partial => 2,
        CollectionOutcome::Failed => 1,
        CollectionOutcome::Skipped => 0,
    }
}

/// For each account id, the index of the input it is taken from.
fn choose<'a>(
    inputs: impl Iterator<Item = (usize, &'a str, CollectionOutcome)>,
) -> std::collections::BTreeMap<String, (usize, CollectionOutcome)> {
    let mut chosen = std::collections::BTreeMap::new();
    for (input, id, outcome) in inputs {
        chosen
            .entry(id.to_string())
            .and_modify(|best: &mut (usize, CollectionOutcome)| {
                if rank(outcome) > rank(best.1) {
                    *best = (input, outcome);
                }
            })
            .or_insert((input, outcome));
    }
    chosen
}
