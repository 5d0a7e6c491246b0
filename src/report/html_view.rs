//! What the HTML page shows, computed in Rust (templates only lay it out):
//! the executive summary, the severity chart's geometry, the OU/account heat
//! map, per-framework control status, drill-downs by check and by account,
//! and the coverage section. Long lists are capped so a 1,000-account report
//! stays small; the CSV and JSON hold everything.

use crate::checks::definition::Severity;
use crate::findings::{Finding, Status};
use crate::results::AuditResults;
use crate::snapshot::CollectionOutcome;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Non-passing findings shown per check; the rest are counted.
const FINDINGS_PER_CHECK: usize = 100;
/// Up to this many accounts, the heat map starts expanded.
const EXPANDED_ACCOUNTS: usize = 50;
/// Evidence pointers listed per check in the framework view.
const POINTERS_PER_CHECK: usize = 10;
/// Collection gaps listed; the rest are counted.
const GAPS_SHOWN: usize = 1000;
const CHART_WIDTH: f64 = 560.0;

#[derive(Debug, Default, Clone, Copy, Serialize)]
pub struct Counts {
    pub pass: usize,
    pub fail: usize,
    pub unknown: usize,
    pub not_applicable: usize,
    pub manual: usize,
    pub waived: usize,
}

impl Counts {
    fn add(&mut self, s: Status) {
        match s {
            Status::Pass => self.pass += 1,
            Status::Fail => self.fail += 1,
            Status::Unknown => self.unknown += 1,
            Status::NotApplicable => self.not_applicable += 1,
            Status::Manual => self.manual += 1,
            Status::Waived => self.waived += 1,
        }
    }

    fn merge(&mut self, o: &Counts) {
        self.pass += o.pass;
        self.fail += o.fail;
        self.unknown += o.unknown;
        self.not_applicable += o.not_applicable;
        self.manual += o.manual;
        self.waived += o.waived;
    }

    fn total(&self) -> usize {
        self.pass + self.fail + self.unknown + self.not_applicable + self.manual + self.waived
    }

    /// PASS over everything judged or not judgeable: UNKNOWN counts
    /// against the score, since missing data is never a pass. WAIVED
    /// (accepted risk) is left out of both sides.
    fn score(&self) -> Option<f64> {
        let judged = self.pass + self.fail + self.unknown;
        (judged > 0).then(|| 100.0 * self.pass as f64 / judged as f64)
    }

    /// The worst status present, for a control or cell.
    fn verdict(&self) -> &'static str {
        if self.fail > 0 {
            "FAIL"
        } else if self.unknown > 0 {
            "UNKNOWN"
        } else if self.waived > 0 {
            "WAIVED"
        } else if self.pass > 0 {
            "PASS"
        } else if self.manual > 0 {
            "MANUAL"
        } else {
            "NOT_APPLICABLE"
        }
    }
}

fn percent(score: Option<f64>) -> String {
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
pub struct Page {
    pub meta: Meta,
    pub score: String,
    pub totals: Counts,
    pub chart: Chart,
    pub ous: Vec<OuRow>,
    /// Small organisations show every OU's accounts; large ones collapse them.
    pub expand_ous: bool,
    pub severities: Vec<&'static str>,
    pub frameworks: Vec<FrameworkView>,
    pub checks: Vec<CheckView>,
    pub accounts: Vec<AccountDetail>,
    pub coverage: CoverageView,
    pub waivers: Vec<WaiverRow>,
}

#[derive(Serialize)]
pub struct WaiverRow {
    pub check_id: String,
    pub state: String,
    pub waived: usize,
    pub reason: String,
    pub owner: String,
    pub expires: String,
    pub ticket: String,
    pub scope: String,
    pub source: String,
}

#[derive(Serialize)]
pub struct Meta {
    pub tool: String,
    pub version: String,
    pub schema_version: u32,
    pub evaluated_at: String,
    /// Where the evaluation time came from, in words.
    pub evaluated_at_source: String,
    pub collection_started: String,
    pub collection_finished: String,
    pub caller_arn: String,
    pub organization_id: String,
    pub profile: String,
    pub ruleset_digest: String,
    pub findings: usize,
    pub accounts: usize,
}

#[derive(Serialize)]
pub struct Chart {
    pub width: f64,
    pub height: f64,
    pub bars: Vec<Bar>,
}

#[derive(Serialize)]
pub struct Bar {
    pub label: &'static str,
    pub y: f64,
    pub total: usize,
    pub segments: Vec<Segment>,
}

#[derive(Serialize)]
pub struct Segment {
    pub status: &'static str,
    pub x: f64,
    pub width: f64,
    pub count: usize,
}

#[derive(Serialize)]
pub struct OuRow {
    pub path: String,
    pub score: String,
    pub heat: &'static str,
    pub counts: Counts,
    pub accounts: Vec<AccountRow>,
}

#[derive(Serialize)]
pub struct AccountRow {
    pub id: String,
    pub name: String,
    pub outcome: String,
    pub score: String,
    pub heat: &'static str,
    pub counts: Counts,
    /// FAIL count per severity, in `Page::severities` order.
    pub cells: Vec<Cell>,
}

#[derive(Serialize)]
pub struct Cell {
    pub fail: usize,
    pub unknown: usize,
    pub verdict: &'static str,
}

#[derive(Serialize)]
pub struct FrameworkView {
    pub key: String,
    pub name: String,
    pub version: String,
    /// Where the control list came from.
    pub source: String,
    /// How many controls are automated, MANUAL or NOT CHECKED.
    pub coverage: CoverageCounts,
    /// Every control of the framework version, in id order.
    pub controls: Vec<ControlView>,
}

#[derive(Debug, Default, Serialize)]
pub struct CoverageCounts {
    pub controls: usize,
    pub automated: usize,
    pub manual: usize,
    pub not_checked: usize,
}

/// How a control is covered: by at least one automated check, only by
/// MANUAL evidence items, or by nothing at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ControlCoverage {
    Automated,
    Manual,
    NotChecked,
}

#[derive(Serialize)]
pub struct ControlView {
    pub id: String,
    pub title: String,
    pub coverage: ControlCoverage,
    /// `NOT_CHECKED` when no check maps to the control; `NEEDS_EVIDENCE`
    /// when a MANUAL item is owed and nothing fails or is unknown.
    pub verdict: &'static str,
    pub counts: Counts,
    pub checks: Vec<ControlCheck>,
}

#[derive(Serialize)]
pub struct ControlCheck {
    pub id: String,
    pub title: String,
    pub verdict: &'static str,
    pub counts: Counts,
    /// Where the raw data of the first FAIL/UNKNOWN results lives in the
    /// bundle's snapshot (`snapshot.json#<JSON pointer>`).
    pub evidence: Vec<String>,
}

#[derive(Serialize)]
pub struct CheckView {
    pub id: String,
    pub slug: String,
    pub title: String,
    pub severity: &'static str,
    pub scope: &'static str,
    pub description: String,
    pub risk: String,
    pub expected: String,
    pub remediation_console: String,
    pub remediation_cli: String,
    pub references: Vec<String>,
    pub frameworks: String,
    pub verdict: &'static str,
    pub counts: Counts,
    pub findings: Vec<FindingRow>,
    pub more: usize,
}

#[derive(Serialize)]
pub struct FindingRow {
    pub status: &'static str,
    pub account_id: String,
    pub account_name: String,
    pub region: String,
    pub resource: String,
    pub message: String,
    pub observed: String,
    pub reason: String,
    pub pointer: String,
    pub fingerprint: String,
    /// For WAIVED: reason, owner, expiry and ticket.
    pub waiver: String,
}

#[derive(Serialize)]
pub struct AccountDetail {
    pub id: String,
    pub name: String,
    pub ou_path: String,
    pub outcome: String,
    pub counts: Counts,
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

#[derive(Serialize)]
pub struct CoverageView {
    pub complete: usize,
    pub partial: usize,
    pub failed: usize,
    pub skipped: usize,
    pub incomplete_accounts: Vec<IncompleteAccount>,
    pub gaps: Vec<GapRow>,
    pub more_gaps: usize,
    pub calls: u64,
    pub retries: u64,
    pub throttles: u64,
}

#[derive(Serialize)]
pub struct IncompleteAccount {
    pub id: String,
    pub name: String,
    pub outcome: String,
    pub reason: String,
    pub gaps: usize,
}

#[derive(Serialize)]
pub struct GapRow {
    pub account_id: String,
    pub region: String,
    pub service: String,
    pub api: String,
    pub kind: String,
    pub error_code: String,
    pub message: String,
}

/// A unit enum as its serde name (`partial`, `access_denied`).
fn serde_name(value: impl Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn chart(by_severity: &BTreeMap<Severity, Counts>) -> Chart {
    let max = by_severity
        .values()
        .map(Counts::total)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let mut bars = Vec::new();
    for (row, severity) in Severity::ALL.iter().enumerate() {
        let counts = by_severity.get(severity).copied().unwrap_or_default();
        let mut x = 0.0;
        let mut segments = Vec::new();
        for (status, count) in [
            ("FAIL", counts.fail),
            ("UNKNOWN", counts.unknown),
            ("WAIVED", counts.waived),
            ("PASS", counts.pass),
            ("NOT_APPLICABLE", counts.not_applicable),
            ("MANUAL", counts.manual),
        ] {
            if count == 0 {
                continue;
            }
            let width = (CHART_WIDTH * count as f64 / max * 10.0).round() / 10.0;
            segments.push(Segment {
                status,
                x,
                width,
                count,
            });
            x = ((x + width) * 10.0).round() / 10.0;
        }
        bars.push(Bar {
            label: severity.as_str(),
            y: row as f64 * 28.0,
            total: counts.total(),
            segments,
        });
    }
    Chart {
        width: CHART_WIDTH + 140.0,
        height: Severity::ALL.len() as f64 * 28.0,
        bars,
    }
}

fn finding_row(f: &Finding) -> FindingRow {
    FindingRow {
        status: f.status.as_str(),
        account_id: f.account.id.clone(),
        account_name: f.account.name.clone().unwrap_or_default(),
        region: f.resource.region.as_deref().unwrap_or("").to_string(),
        resource: f.resource.name.to_string(),
        message: f.message.to_string(),
        observed: f
            .evidence
            .observed
            .as_ref()
            .map(|o| o.get().to_string())
            .unwrap_or_default(),
        reason: f.evidence.reason().unwrap_or("").to_string(),
        pointer: f.resource.pointer.to_string(),
        fingerprint: f.fingerprint().to_string(),
        waiver: f
            .waiver
            .as_ref()
            .map(|w| {
                let ticket = w.waiver.ticket.as_deref().unwrap_or("no ticket");
                format!(
                    "{} (was {}; owner {}, expires {}, {ticket}, {})",
                    w.waiver.reason,
                    w.original.as_str(),
                    w.waiver.owner,
                    w.waiver.expires,
                    w.waiver.source
                )
            })
            .unwrap_or_default(),
    }
}

/// A control's verdict: a MANUAL item still owing evidence outranks PASS
/// and WAIVED, so evidence nobody gave never reads as compliance.
fn control_verdict(counts: &Counts) -> &'static str {
    if counts.fail > 0 {
        "FAIL"
    } else if counts.unknown > 0 {
        "UNKNOWN"
    } else if counts.manual > 0 {
        "NEEDS_EVIDENCE"
    } else {
        counts.verdict()
    }
}

/// Dotted ids (`1.10`, `2.1.4`, `IAM.12`) in reading order, not string order.
fn id_order(id: &str) -> Vec<(u64, String)> {
    id.split('.')
        .map(|part| match part.parse::<u64>() {
            Ok(n) => (n, String::new()),
            Err(_) => (0, part.to_string()),
        })
        .collect()
}

fn control_view(
    results: &AuditResults,
    key: &str,
    (id, title): (&String, &String),
    by_check: &HashMap<&str, Counts>,
    pointers: &HashMap<&str, Vec<String>>,
) -> ControlView {
    let mut counts = Counts::default();
    let mapped = results
        .checks
        .iter()
        .filter(|c| c.frameworks.ids(key).contains(id));
    let mut automated = false;
    let mut checks = Vec::new();
    for c in mapped {
        automated |= !c.manual;
        let cc = by_check.get(c.id.as_str()).copied().unwrap_or_default();
        counts.merge(&cc);
        checks.push(ControlCheck {
            id: c.id.clone(),
            title: c.title.clone(),
            verdict: cc.verdict(),
            counts: cc,
            evidence: pointers.get(c.id.as_str()).cloned().unwrap_or_default(),
        });
    }
    let (coverage, verdict) = match (checks.is_empty(), automated) {
        (true, _) => (ControlCoverage::NotChecked, "NOT_CHECKED"),
        (false, true) => (ControlCoverage::Automated, control_verdict(&counts)),
        (false, false) => (ControlCoverage::Manual, control_verdict(&counts)),
    };
    ControlView {
        id: id.clone(),
        title: title.clone(),
        coverage,
        verdict,
        counts,
        checks,
    }
}

fn framework_view(
    results: &AuditResults,
    key: &str,
    file: &crate::checks::load::FrameworkFile,
    by_check: &HashMap<&str, Counts>,
    pointers: &HashMap<&str, Vec<String>>,
) -> FrameworkView {
    let mut controls: Vec<ControlView> = file
        .controls
        .iter()
        .map(|control| control_view(results, key, control, by_check, pointers))
        .collect();
    controls.sort_by_cached_key(|c| id_order(&c.id));
    let mut coverage = CoverageCounts {
        controls: controls.len(),
        ..CoverageCounts::default()
    };
    for c in &controls {
        match c.coverage {
            ControlCoverage::Automated => coverage.automated += 1,
            ControlCoverage::Manual => coverage.manual += 1,
            ControlCoverage::NotChecked => coverage.not_checked += 1,
        }
    }
    FrameworkView {
        key: key.to_string(),
        name: file.name.clone(),
        version: file.version.clone(),
        source: file.source.clone(),
        coverage,
        controls,
    }
}

pub fn page(results: &AuditResults) -> Page {
    let mut totals = Counts::default();
    let mut by_severity: BTreeMap<Severity, Counts> = BTreeMap::new();
    let mut by_check: HashMap<&str, Counts> = HashMap::new();
    let mut by_account: HashMap<&str, Counts> = HashMap::new();
    let mut by_account_severity: HashMap<(&str, Severity), Counts> = HashMap::new();
    let mut by_account_check: HashMap<(&str, &str), Counts> = HashMap::new();
    let mut shown: HashMap<&str, Vec<FindingRow>> = HashMap::new();
    let mut pointers: HashMap<&str, Vec<String>> = HashMap::new();
    for f in &results.findings {
        totals.add(f.status);
        by_severity.entry(f.severity).or_default().add(f.status);
        by_check.entry(&f.check.id).or_default().add(f.status);
        by_account.entry(&f.account.id).or_default().add(f.status);
        by_account_severity
            .entry((&f.account.id, f.severity))
            .or_default()
            .add(f.status);
        if matches!(f.status, Status::Fail | Status::Unknown | Status::Waived) {
            by_account_check
                .entry((&f.account.id, &f.check.id))
                .or_default()
                .add(f.status);
            let listed = pointers.entry(&f.check.id).or_default();
            if listed.len() < POINTERS_PER_CHECK {
                listed.push(format!("snapshot.json#{}", f.resource.pointer));
            }
            let rows = shown.entry(&f.check.id).or_default();
            if rows.len() < FINDINGS_PER_CHECK {
                rows.push(finding_row(f));
            }
        }
    }

    let accounts = &results.coverage.account_list;
    let mut ous: BTreeMap<String, OuRow> = BTreeMap::new();
    for a in accounts {
        let counts = by_account.get(a.id.as_str()).copied().unwrap_or_default();
        let path = a.ou_path.clone().unwrap_or_else(|| "(no OU)".into());
        let ou = ous.entry(path.clone()).or_insert_with(|| OuRow {
            path,
            score: String::new(),
            heat: "none",
            counts: Counts::default(),
            accounts: Vec::new(),
        });
        ou.counts.merge(&counts);
        let cells = Severity::ALL
            .iter()
            .map(|sev| {
                let c = by_account_severity
                    .get(&(a.id.as_str(), *sev))
                    .copied()
                    .unwrap_or_default();
                Cell {
                    fail: c.fail,
                    unknown: c.unknown,
                    verdict: if c.total() == 0 { "NONE" } else { c.verdict() },
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
    let ous: Vec<OuRow> = ous
        .into_values()
        .map(|mut ou| {
            ou.score = percent(ou.counts.score());
            ou.heat = heat(ou.counts.score());
            ou
        })
        .collect();

    let frameworks = results
        .frameworks
        .iter()
        .map(|(key, file)| framework_view(results, key, file, &by_check, &pointers))
        .collect();

    let checks = results
        .checks
        .iter()
        .map(|c| {
            let counts = by_check.get(c.id.as_str()).copied().unwrap_or_default();
            let findings = shown.remove(c.id.as_str()).unwrap_or_default();
            CheckView {
                id: c.id.clone(),
                slug: c.slug.clone(),
                title: c.title.clone(),
                severity: c.severity.as_str(),
                scope: c.scope.as_str(),
                description: c.description.clone(),
                risk: c.risk.clone(),
                expected: c.expected.clone().unwrap_or_default(),
                remediation_console: c.remediation.console.clone(),
                remediation_cli: c.remediation.cli.clone(),
                references: c.references.clone(),
                frameworks: super::text::framework_ids(c),
                verdict: counts.verdict(),
                more: (counts.fail + counts.unknown + counts.waived).saturating_sub(findings.len()),
                counts,
                findings,
            }
        })
        .collect();

    let account_details = accounts
        .iter()
        .map(|a| {
            let mut checks: Vec<AccountCheck> = results
                .checks
                .iter()
                .filter_map(|c| {
                    let cc = by_account_check.get(&(a.id.as_str(), c.id.as_str()))?;
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
                counts: by_account.get(a.id.as_str()).copied().unwrap_or_default(),
                checks,
            }
        })
        .collect();

    let cov = &results.coverage;
    let coverage = CoverageView {
        complete: cov.complete,
        partial: cov.partial,
        failed: cov.failed,
        skipped: cov.skipped.len(),
        incomplete_accounts: accounts
            .iter()
            .filter(|a| a.outcome != CollectionOutcome::Complete)
            .map(|a| IncompleteAccount {
                id: a.id.clone(),
                name: a.name.clone().unwrap_or_default(),
                outcome: serde_name(a.outcome),
                reason: a.reason.clone().unwrap_or_default(),
                gaps: a.gaps,
            })
            .collect(),
        gaps: cov
            .gaps
            .iter()
            .take(GAPS_SHOWN)
            .map(|g| GapRow {
                account_id: g.account_id.clone(),
                region: g.region.clone().unwrap_or_default(),
                service: g.service.clone(),
                api: g.api.clone(),
                kind: serde_name(g.kind),
                error_code: g.error_code.clone(),
                message: g.message.clone(),
            })
            .collect(),
        more_gaps: cov.gaps.len().saturating_sub(GAPS_SHOWN),
        calls: accounts.iter().map(|a| a.api.calls).sum(),
        retries: accounts.iter().map(|a| a.api.retries).sum(),
        throttles: accounts.iter().map(|a| a.api.throttles).sum(),
    };

    Page {
        meta: Meta {
            tool: results.tool.name.clone(),
            version: results.tool.version.clone(),
            schema_version: results.schema_version,
            evaluated_at: results.evaluated_at.to_string(),
            evaluated_at_source: results
                .evaluated_at_source
                .map(|s| s.describe())
                .unwrap_or("not recorded")
                .to_string(),
            collection_started: results.collection.started_at.to_string(),
            collection_finished: results.collection.finished_at.to_string(),
            caller_arn: results.collection.caller.arn.clone(),
            organization_id: results
                .collection
                .organization_id
                .clone()
                .unwrap_or_default(),
            profile: results.profile.clone().unwrap_or_else(|| "default".into()),
            ruleset_digest: results.ruleset_digest.clone(),
            findings: totals.total(),
            accounts: accounts.len(),
        },
        score: percent(totals.score()),
        totals,
        chart: chart(&by_severity),
        expand_ous: accounts.len() <= EXPANDED_ACCOUNTS,
        ous,
        severities: Severity::ALL.iter().map(|s| s.as_str()).collect(),
        frameworks,
        checks,
        accounts: account_details,
        coverage,
        waivers: results
            .waivers
            .iter()
            .map(|u| {
                let w = &u.waiver;
                let scope = [
                    ("accounts", &w.accounts),
                    ("ou_paths", &w.ou_paths),
                    ("resources", &w.resources),
                ]
                .iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| format!("{k}: {}", v.join(", ")))
                .collect::<Vec<_>>()
                .join("; ");
                WaiverRow {
                    check_id: w.check_id.clone(),
                    state: format!("{:?}", u.state).to_uppercase(),
                    waived: u.waived,
                    reason: w.reason.clone(),
                    owner: w.owner.clone(),
                    expires: w.expires.to_string(),
                    ticket: w.ticket.clone().unwrap_or_default(),
                    scope,
                    source: w.source.clone(),
                }
            })
            .collect(),
    }
}
