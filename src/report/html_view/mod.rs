//! What the HTML page shows, computed in Rust (templates only lay it out):
//! the executive summary, the severity chart's geometry, the OU/account heat
//! map, per-framework control status, drill-downs by check and by account,
//! the coverage section and the waivers, one file per section. Long lists
//! are capped so a 1,000-account report stays small; the CSV and JSON hold
//! everything.

mod access;
mod accounts;
mod chart;
mod checks;
mod coverage;
mod frameworks;
mod heatmap;
mod meta;
mod waivers;

pub use frameworks::FrameworkView;

use crate::checks::definition::Severity;
use crate::findings::{Status, Tally};
use crate::results::AuditResults;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Up to this many accounts, the heat map starts expanded.
const EXPANDED_ACCOUNTS: usize = 50;
/// Evidence pointers listed per check in the framework view.
const POINTERS_PER_CHECK: usize = 10;

#[derive(Serialize)]
pub struct Page {
    pub meta: meta::Meta,
    pub score: String,
    pub totals: Tally,
    pub chart: chart::Chart,
    pub ous: Vec<heatmap::OuRow>,
    /// Small organisations show every OU's accounts; large ones collapse them.
    pub expand_ous: bool,
    pub severities: Vec<&'static str>,
    pub frameworks: Vec<FrameworkView>,
    pub checks: Vec<checks::CheckView>,
    pub accounts: Vec<accounts::AccountDetail>,
    /// Identity Center assignments per account; absent when unknown.
    pub access: Option<access::AccessView>,
    pub coverage: coverage::CoverageView,
    pub waivers: Vec<waivers::WaiverRow>,
}

/// Every tally the page needs, from one pass over the findings, and the
/// non-passing findings each check shows.
struct Tallies<'r> {
    totals: Tally,
    by_severity: BTreeMap<Severity, Tally>,
    by_check: HashMap<&'r str, Tally>,
    by_account: HashMap<&'r str, Tally>,
    by_account_severity: HashMap<(&'r str, Severity), Tally>,
    /// FAIL, UNKNOWN and WAIVED only.
    by_account_check: HashMap<(&'r str, &'r str), Tally>,
    shown: HashMap<&'r str, Vec<checks::FindingRow>>,
    /// Where the first non-passing findings' data lives in the bundle.
    pointers: HashMap<&'r str, Vec<String>>,
}

impl<'r> Tallies<'r> {
    fn of(results: &'r AuditResults) -> Self {
        let mut t = Tallies {
            totals: Tally::default(),
            by_severity: BTreeMap::new(),
            by_check: HashMap::new(),
            by_account: HashMap::new(),
            by_account_severity: HashMap::new(),
            by_account_check: HashMap::new(),
            shown: HashMap::new(),
            pointers: HashMap::new(),
        };
        for f in &results.findings {
            t.totals.add(f.status);
            t.by_severity.entry(f.severity).or_default().add(f.status);
            t.by_check.entry(&f.check.id).or_default().add(f.status);
            t.by_account.entry(&f.account.id).or_default().add(f.status);
            t.by_account_severity
                .entry((&f.account.id, f.severity))
                .or_default()
                .add(f.status);
            if matches!(f.status, Status::Fail | Status::Unknown | Status::Waived) {
                t.by_account_check
                    .entry((&f.account.id, &f.check.id))
                    .or_default()
                    .add(f.status);
                let listed = t.pointers.entry(&f.check.id).or_default();
                if listed.len() < POINTERS_PER_CHECK {
                    listed.push(format!("snapshot.json#{}", f.resource.pointer));
                }
                let rows = t.shown.entry(&f.check.id).or_default();
                if rows.len() < checks::FINDINGS_PER_CHECK {
                    rows.push(checks::finding_row(f));
                }
            }
        }
        t
    }
}

/// The worst status present, for a control, a check or a cell.
fn verdict(t: &Tally) -> &'static str {
    if t.fail > 0 {
        "FAIL"
    } else if t.unknown > 0 {
        "UNKNOWN"
    } else if t.waived > 0 {
        "WAIVED"
    } else if t.pass > 0 {
        "PASS"
    } else if t.manual > 0 {
        "MANUAL"
    } else {
        "NOT_APPLICABLE"
    }
}

/// A unit enum as its serde name (`partial`, `access_denied`).
fn serde_name(value: impl Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

pub fn page(results: &AuditResults) -> Page {
    let mut t = Tallies::of(results);
    Page {
        meta: meta::meta(results, t.totals.total()),
        score: heatmap::percent(t.totals.score()),
        totals: t.totals,
        chart: chart::chart(&t.by_severity),
        ous: heatmap::ous(results, &t),
        expand_ous: results.coverage.account_list.len() <= EXPANDED_ACCOUNTS,
        severities: Severity::ALL.iter().map(|s| s.as_str()).collect(),
        frameworks: results
            .frameworks
            .iter()
            .map(|(key, file)| frameworks::framework_view(results, key, file, &t))
            .collect(),
        checks: checks::checks(results, &mut t),
        accounts: accounts::details(results, &t),
        access: access::access(results.access.as_ref()),
        coverage: coverage::coverage(results),
        waivers: waivers::rows(results),
    }
}
