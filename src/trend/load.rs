//! One past run, read for the trend: only what the trend needs (status,
//! severity, check, account and fingerprint of each finding, coverage and
//! ruleset), deserialised with borrowed strings and everything else skipped,
//! so a year of 1,000-account results reads in seconds.

use crate::checks::definition::Severity;
use crate::findings::Status;
use jiff::Timestamp;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

#[derive(Deserialize)]
struct RawResults<'a> {
    schema_version: u32,
    evaluated_at: Timestamp,
    #[serde(borrow)]
    ruleset_digest: &'a str,
    #[serde(borrow)]
    coverage: RawCoverage<'a>,
    #[serde(borrow)]
    findings: Vec<RawFinding<'a>>,
}

#[derive(Deserialize)]
struct RawCoverage<'a> {
    #[serde(borrow)]
    account_list: Vec<RawAccount<'a>>,
    #[serde(default)]
    gaps: Vec<serde::de::IgnoredAny>,
}

#[derive(Deserialize)]
struct RawAccount<'a> {
    #[serde(borrow)]
    id: &'a str,
    ou_path: Option<String>,
    #[serde(borrow)]
    outcome: &'a str,
}

#[derive(Deserialize)]
struct RawFinding<'a> {
    #[serde(borrow)]
    check_id: &'a str,
    severity: Severity,
    status: Status,
    #[serde(borrow)]
    account_id: &'a str,
    #[serde(borrow)]
    fingerprint: &'a str,
}

/// A finding as the trend keeps it: indices into the run's tables.
#[derive(Debug, Clone, Copy)]
pub struct Item {
    pub check: u32,
    pub account: u32,
    pub severity: Severity,
    pub status: Status,
}

/// An account's place and whether it was fully read.
#[derive(Debug, Clone)]
pub struct Account {
    pub id: String,
    pub ou_path: String,
    /// `complete`, `partial`, `failed` or `skipped`.
    pub outcome: String,
}

#[derive(Debug)]
pub struct Run {
    pub source: String,
    pub evaluated_at: Timestamp,
    pub ruleset_digest: String,
    pub gaps: usize,
    pub checks: Vec<String>,
    pub accounts: Vec<Account>,
    /// Fingerprint → finding.
    pub items: HashMap<u128, Item>,
}

/// The fingerprint's first 128 bits: unique enough to key a run's findings
/// without keeping 64-character strings.
fn key(fingerprint: &str) -> u128 {
    let hex = fingerprint.get(..32).unwrap_or(fingerprint);
    u128::from_str_radix(hex, 16).unwrap_or_else(|_| {
        // Not hex (hand-edited): hash it instead.
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        fingerprint.hash(&mut h);
        u128::from(h.finish())
    })
}

pub fn read(path: &Path) -> anyhow::Result<Run> {
    let shown = path.display();
    let bytes = std::fs::read(path).map_err(|e| anyhow::anyhow!("{shown}: {e}"))?;
    let raw: RawResults = serde_json::from_slice(&bytes)
        .map_err(|e| anyhow::anyhow!("{shown}:{}: not an orgaudit results file: {e}", e.line()))?;
    if raw.schema_version != crate::results::RESULTS_SCHEMA_VERSION {
        anyhow::bail!(
            "{shown}: results schema version {}, this orgaudit reads version {}",
            raw.schema_version,
            crate::results::RESULTS_SCHEMA_VERSION
        );
    }
    let mut checks: Vec<String> = Vec::new();
    let mut check_index: HashMap<&str, u32> = HashMap::new();
    let accounts: Vec<Account> = raw
        .coverage
        .account_list
        .iter()
        .map(|a| Account {
            id: a.id.to_string(),
            ou_path: a.ou_path.clone().unwrap_or_else(|| "(no OU)".into()),
            outcome: a.outcome.to_string(),
        })
        .collect();
    let account_index: HashMap<&str, u32> = raw
        .coverage
        .account_list
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id, i as u32))
        .collect();
    let mut items = HashMap::with_capacity(raw.findings.len());
    for f in &raw.findings {
        let check = *check_index.entry(f.check_id).or_insert_with(|| {
            checks.push(f.check_id.to_string());
            (checks.len() - 1) as u32
        });
        let Some(&account) = account_index.get(f.account_id) else {
            continue;
        };
        items.insert(
            key(f.fingerprint),
            Item {
                check,
                account,
                severity: f.severity,
                status: f.status,
            },
        );
    }
    Ok(Run {
        source: shown.to_string(),
        evaluated_at: raw.evaluated_at,
        ruleset_digest: raw.ruleset_digest.to_string(),
        gaps: raw.coverage.gaps.len(),
        checks,
        accounts,
        items,
    })
}
