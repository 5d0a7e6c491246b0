//! The results document `orgaudit audit` writes: versioned, with the run's
//! provenance, coverage and every finding.

use crate::checks::definition::{DataRequirement, Frameworks, Remediation, Scope, Severity};
use crate::checks::load::FrameworkFile;
use crate::checks::Catalogue;
use crate::findings::{Findings, Status, Tally};
use crate::snapshot::{ApiStats, CallerIdentity, CollectionOutcome, Gap, Snapshot, ToolInfo};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;

pub const RESULTS_SCHEMA_VERSION: u32 = 1;

/// The JSON Schema of `results.json`, generated from these types (published
/// as `schema/results.schema.json`; a test keeps the file current).
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(AuditResults);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuditResults {
    pub schema_version: u32,
    pub tool: ToolInfo,
    pub ruleset_digest: String,
    pub profile: Option<String>,
    /// The evaluation time: ages are measured from it.
    pub evaluated_at: Timestamp,
    /// Where `evaluated_at` came from; absent in results written before
    /// it was recorded.
    #[serde(default)]
    pub evaluated_at_source: Option<EvaluationTime>,
    pub collection: CollectionInfo,
    pub checks: Vec<CheckInfo>,
    /// Framework key (`moj`, `cis_v3_0`, ...) → its name and controls.
    pub frameworks: BTreeMap<String, FrameworkFile>,
    pub coverage: Coverage,
    /// Every waiver of `--waivers` and what it did (applied, expired, unused).
    #[serde(default)]
    pub waivers: Vec<crate::waivers::WaiverUse>,
    /// Who can administer what through IAM Identity Center, per account;
    /// absent when its state is unknown (or in results from before it was read).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<crate::access::AccessSection>,
    pub findings: Findings,
}

/// Where the evaluation time came from.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EvaluationTime {
    /// The snapshot's collection start (the default), so re-evaluating a
    /// snapshot later gives the same verdicts.
    CollectionStart,
    /// Another time, given with `--now`.
    NowOption,
}

impl EvaluationTime {
    /// The time to evaluate at: `--now` when given, else the collection start.
    pub fn choose(now: Option<Timestamp>, snapshot: &Snapshot) -> Timestamp {
        now.unwrap_or(snapshot.started_at)
    }

    /// Which time `now` is: a `--now` equal to the collection start
    /// evaluates exactly as the default does, so it is named the same.
    pub fn of(now: Timestamp, snapshot: &Snapshot) -> EvaluationTime {
        if now == snapshot.started_at {
            EvaluationTime::CollectionStart
        } else {
            EvaluationTime::NowOption
        }
    }

    /// In words, for reports.
    pub fn describe(self) -> &'static str {
        match self {
            EvaluationTime::CollectionStart => "the collection start of the snapshot (the default)",
            EvaluationTime::NowOption => "given with --now",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CollectionInfo {
    pub started_at: Timestamp,
    pub finished_at: Timestamp,
    pub caller: CallerIdentity,
    pub organization_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckInfo {
    pub id: String,
    pub slug: String,
    pub title: String,
    pub severity: Severity,
    pub scope: Scope,
    pub manual: bool,
    /// What a PASS requires, in words.
    pub expected: Option<String>,
    pub frameworks: Frameworks,
    pub params: serde_json::Value,
    pub description: String,
    pub risk: String,
    pub remediation: Remediation,
    pub references: Vec<String>,
    /// The data the check needs: a gap in it hides the check's findings.
    /// Absent in results of older versions (then any gap of the account
    /// and region is taken to hide them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requires: Option<Vec<DataRequirement>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Coverage {
    pub accounts: usize,
    pub complete: usize,
    pub partial: usize,
    pub failed: usize,
    pub skipped: Vec<String>,
    pub gaps: Vec<Gap>,
    /// Every account of the snapshot, collected or not, with its API use.
    pub account_list: Vec<AccountCoverage>,
    /// Accounts of the organisation that `--ou` left out of this run.
    #[serde(default)]
    pub out_of_scope: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountCoverage {
    pub id: String,
    /// Attacker-controlled text.
    pub name: Option<String>,
    pub ou_path: Option<String>,
    pub state: Option<String>,
    pub outcome: CollectionOutcome,
    pub reason: Option<String>,
    pub gaps: usize,
    pub api: ApiStats,
    /// The regions read for regional services (`None`: none were).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions: Option<Vec<String>>,
}

/// Read a results file (`--baseline`, `diff`): a different schema version
/// is refused with a clear message, malformed JSON names the line.
pub fn load_results(path: &std::path::Path) -> anyhow::Result<AuditResults> {
    #[derive(Deserialize)]
    struct Version {
        schema_version: u32,
    }
    let shown = path.display();
    let text =
        std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("cannot read {shown}: {e}"))?;
    let version: Version = serde_json::from_str(&text)
        .map_err(|e| anyhow::anyhow!("{shown}:{}: not an orgaudit results file: {e}", e.line()))?;
    if version.schema_version != RESULTS_SCHEMA_VERSION {
        anyhow::bail!(
            "{shown}: results schema version {}, this orgaudit reads version {RESULTS_SCHEMA_VERSION}",
            version.schema_version
        );
    }
    serde_json::from_str(&text).map_err(|e| anyhow::anyhow!("{shown}:{}: {e}", e.line()))
}

pub fn build(
    snapshot: &Snapshot,
    catalogue: &Catalogue,
    now: Timestamp,
    findings: Findings,
) -> AuditResults {
    let count = |o: CollectionOutcome| snapshot.count_outcome(o);
    AuditResults {
        schema_version: RESULTS_SCHEMA_VERSION,
        tool: ToolInfo::current(),
        ruleset_digest: catalogue.digest.clone(),
        profile: catalogue.profile.clone(),
        evaluated_at: now,
        evaluated_at_source: Some(EvaluationTime::of(now, snapshot)),
        collection: CollectionInfo {
            started_at: snapshot.started_at,
            finished_at: snapshot.finished_at,
            caller: snapshot.caller.clone(),
            organization_id: snapshot.organization.organization().map(|o| o.id.clone()),
        },
        checks: catalogue
            .checks
            .iter()
            .map(|c| CheckInfo {
                id: c.def.id.clone(),
                slug: c.def.slug.clone(),
                title: c.def.title.clone(),
                severity: c.severity,
                scope: c.def.scope,
                manual: c.def.manual,
                expected: c.def.condition.as_ref().and_then(|x| x.expected.clone()),
                frameworks: c.def.frameworks.clone(),
                params: c.params.clone(),
                description: c.def.description.clone(),
                risk: c.def.risk.clone(),
                remediation: c.def.remediation.clone(),
                references: c.def.references.clone(),
                requires: Some(c.def.requires.clone()),
            })
            .collect(),
        frameworks: catalogue.frameworks.clone(),
        coverage: Coverage {
            accounts: snapshot.accounts.len(),
            complete: count(CollectionOutcome::Complete),
            partial: count(CollectionOutcome::Partial),
            failed: count(CollectionOutcome::Failed),
            skipped: snapshot
                .accounts
                .values()
                .filter(|a| a.collection.outcome == CollectionOutcome::Skipped)
                .map(|a| a.id.clone())
                .collect(),
            gaps: snapshot.gaps.clone(),
            account_list: snapshot
                .accounts
                .values()
                .map(|a| AccountCoverage {
                    id: a.id.clone(),
                    name: a.name.clone(),
                    ou_path: a.ou_path.clone(),
                    state: a.state.clone(),
                    outcome: a.collection.outcome,
                    reason: a.collection.reason.clone(),
                    gaps: snapshot
                        .gaps
                        .iter()
                        .filter(|g| g.account_id == a.id)
                        .count(),
                    api: a.api.clone(),
                    regions: a.regions.as_ref().map(|r| r.regions.clone()),
                })
                .collect(),
            out_of_scope: snapshot.out_of_scope.clone(),
        },
        waivers: Vec::new(),
        access: crate::access::access(snapshot),
        findings,
    }
}

fn row(out: &mut dyn Write, label: &str, counts: &Tally) -> std::io::Result<()> {
    write!(out, "{label:<32}")?;
    for s in Status::ALL {
        write!(out, "{:>15}", counts.get(s))?;
    }
    writeln!(out)
}

/// The short summary table: per severity and status, then per OU.
pub fn write_summary(results: &AuditResults, out: &mut dyn Write) -> std::io::Result<()> {
    let mut by_severity: BTreeMap<Severity, Tally> = BTreeMap::new();
    let mut by_ou: BTreeMap<String, Tally> = BTreeMap::new();
    let mut total = Tally::default();
    for f in &results.findings {
        by_severity.entry(f.severity).or_default().add(f.status);
        let ou = f
            .account
            .ou_path
            .as_deref()
            .unwrap_or("(no OU)")
            .to_string();
        by_ou.entry(ou).or_default().add(f.status);
        total.add(f.status);
    }
    write!(out, "{:<32}", "severity")?;
    for s in Status::ALL {
        write!(out, "{:>15}", s.as_str())?;
    }
    writeln!(out)?;
    for sev in Severity::ALL {
        if let Some(counts) = by_severity.get(&sev) {
            row(out, sev.as_str(), counts)?;
        }
    }
    row(out, "total", &total)?;
    writeln!(out)?;
    write!(out, "{:<32}", "OU")?;
    for s in Status::ALL {
        write!(out, "{:>15}", s.as_str())?;
    }
    writeln!(out)?;
    for (ou, counts) in &by_ou {
        // OU names are attacker-controlled: keep them printable and short.
        let label: String = ou.chars().filter(|c| !c.is_control()).take(31).collect();
        row(out, &label, counts)?;
    }
    let c = &results.coverage;
    writeln!(
        out,
        "\ncoverage: {} accounts ({} complete, {} partial, {} failed, {} skipped), {} gaps",
        c.accounts,
        c.complete,
        c.partial,
        c.failed,
        c.skipped.len(),
        c.gaps.len()
    )?;
    // Said once, so a split run is not mistaken for the whole organisation.
    if !c.out_of_scope.is_empty() {
        writeln!(
            out,
            "{} accounts of the organisation are outside this run's --ou selection",
            c.out_of_scope.len()
        )?;
    }
    Ok(())
}
