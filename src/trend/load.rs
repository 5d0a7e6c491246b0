//! One past run, read for the trend: only what the trend needs (status,
//! severity, check, account and fingerprint of each finding, coverage and
//! ruleset), deserialised with borrowed strings and everything else skipped,
//! so a year of 1,000-account results reads in seconds.

use crate::checks::definition::Severity;
use crate::findings::Status;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
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

/// A finding as the trend keeps it: its fingerprint and indices into the
/// run's tables (28 bytes; a year of 1,000-account runs fits in memory).
#[derive(Debug, Clone, Copy)]
pub struct Item {
    pub fingerprint: [u8; 16],
    pub check: u32,
    pub account: u32,
    pub severity: Severity,
    pub status: Status,
}

/// An account's place and whether it was fully read.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Account {
    pub id: String,
    pub ou_path: String,
    /// `complete`, `partial`, `failed` or `skipped`.
    pub outcome: String,
}

/// Everything of a run but its findings (the digest's header).
#[derive(Debug, Serialize, Deserialize)]
pub struct Meta {
    pub evaluated_at: Timestamp,
    pub ruleset_digest: String,
    pub gaps: usize,
    pub checks: Vec<String>,
    pub accounts: Vec<Account>,
}

#[derive(Debug)]
pub struct Run {
    pub source: String,
    pub meta: Meta,
    /// Sorted by fingerprint.
    pub items: Vec<Item>,
}

impl Run {
    pub fn get(&self, fingerprint: &[u8; 16]) -> Option<&Item> {
        self.items
            .binary_search_by(|x| x.fingerprint.cmp(fingerprint))
            .ok()
            .map(|i| &self.items[i])
    }
}

/// The fingerprint's 16 bytes from its hex text (a hash of the text when it
/// is not hex: a hand-edited file still gets stable keys).
fn key(fingerprint: &str) -> [u8; 16] {
    match u128::from_str_radix(fingerprint.get(..32).unwrap_or(fingerprint), 16) {
        Ok(v) => v.to_be_bytes(),
        Err(_) => {
            use sha2::Digest;
            let hash = sha2::Sha256::digest(fingerprint.as_bytes());
            let mut out = [0u8; 16];
            out.copy_from_slice(&hash[..16]);
            out
        }
    }
}

/// Read a results file, through its digest when one is current.
pub fn read(path: &Path) -> anyhow::Result<Run> {
    if let Some(run) = super::digest::load(path) {
        return Ok(run);
    }
    let run = parse(path)?;
    super::digest::store(path, &run);
    Ok(run)
}

fn parse(path: &Path) -> anyhow::Result<Run> {
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
    let mut items = Vec::with_capacity(raw.findings.len());
    for f in &raw.findings {
        let check = *check_index.entry(f.check_id).or_insert_with(|| {
            checks.push(f.check_id.to_string());
            (checks.len() - 1) as u32
        });
        let Some(&account) = account_index.get(f.account_id) else {
            continue;
        };
        items.push(Item {
            fingerprint: key(f.fingerprint),
            check,
            account,
            severity: f.severity,
            status: f.status,
        });
    }
    items.sort_unstable_by_key(|x| x.fingerprint);
    Ok(Run {
        source: shown.to_string(),
        meta: Meta {
            evaluated_at: raw.evaluated_at,
            ruleset_digest: raw.ruleset_digest.to_string(),
            gaps: raw.coverage.gaps.len(),
            checks,
            accounts,
        },
        items,
    })
}
