//! Per-framework control status: every control of each framework version,
//! covered by automated checks, MANUAL items or nothing.

use super::{verdict, Tallies};
use crate::findings::Tally;
use crate::results::AuditResults;
use serde::Serialize;

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
    pub counts: Tally,
    pub checks: Vec<ControlCheck>,
}

#[derive(Serialize)]
pub struct ControlCheck {
    pub id: String,
    pub title: String,
    pub verdict: &'static str,
    pub counts: Tally,
    /// Where the raw data of the first FAIL/UNKNOWN results lives in the
    /// bundle's snapshot (`snapshot.json#<JSON pointer>`).
    pub evidence: Vec<String>,
}

/// A control's verdict: a MANUAL item still owing evidence outranks PASS
/// and WAIVED, so evidence nobody gave never reads as compliance.
fn control_verdict(counts: &Tally) -> &'static str {
    if counts.fail > 0 {
        "FAIL"
    } else if counts.unknown > 0 {
        "UNKNOWN"
    } else if counts.manual > 0 {
        "NEEDS_EVIDENCE"
    } else {
        verdict(counts)
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
    t: &Tallies,
) -> ControlView {
    let mut counts = Tally::default();
    let mapped = results
        .checks
        .iter()
        .filter(|c| c.frameworks.ids(key).contains(id));
    let mut automated = false;
    let mut checks = Vec::new();
    for c in mapped {
        automated |= !c.manual;
        let cc = t.by_check.get(c.id.as_str()).copied().unwrap_or_default();
        counts.merge(&cc);
        checks.push(ControlCheck {
            id: c.id.clone(),
            title: c.title.clone(),
            verdict: verdict(&cc),
            counts: cc,
            evidence: t.pointers.get(c.id.as_str()).cloned().unwrap_or_default(),
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

pub(super) fn framework_view(
    results: &AuditResults,
    key: &str,
    file: &crate::checks::load::FrameworkFile,
    t: &Tallies,
) -> FrameworkView {
    let mut controls: Vec<ControlView> = file
        .controls
        .iter()
        .map(|control| control_view(results, key, control, t))
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
