//! `orgaudit trend`: how the estate moves across past runs. Each run's
//! score (organisation and per OU), FAIL and UNKNOWN counts per severity and
//! coverage; between consecutive runs the new and resolved failures with the
//! diff's semantics (lost visibility is neither); the checks that regressed
//! most; and where the ruleset changed, so a dip from lost access or a new
//! check is not read as the estate getting worse.

mod digest;
mod html;
mod load;

pub use html::render as render_html;

use crate::checks::definition::Severity;
use crate::findings::{Status, Tally};
use load::{Item, Run};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Checks listed as regressing most.
const TOP_CHECKS: usize = 10;

#[derive(Debug, Serialize)]
pub struct Trend {
    /// Oldest first.
    pub runs: Vec<RunPoint>,
    /// `steps[i]` is from `runs[i]` to `runs[i + 1]`.
    pub steps: Vec<Step>,
    /// The checks with most new failures over the period, most first.
    pub regressed_checks: Vec<CheckRegression>,
    /// Score per OU and run (`null` where the OU had nothing judged).
    pub ous: Vec<OuSeries>,
}

#[derive(Debug, Serialize)]
pub struct RunPoint {
    pub source: String,
    pub evaluated_at: String,
    pub ruleset_digest: String,
    /// Another ruleset than the run before: checks or parameters changed.
    pub ruleset_changed: bool,
    /// PASS over everything judged or not judgeable (as in the report).
    pub score: Option<f64>,
    pub counts: Tally,
    pub fail_by_severity: BTreeMap<Severity, usize>,
    pub unknown_by_severity: BTreeMap<Severity, usize>,
    pub coverage: Coverage,
}

#[derive(Debug, Default, Serialize)]
pub struct Coverage {
    pub accounts: usize,
    pub complete: usize,
    pub partial: usize,
    pub failed: usize,
    pub skipped: usize,
    pub gaps: usize,
    /// Fewer accounts fully read than the run before.
    pub dropped: bool,
}

#[derive(Debug, Default, Serialize)]
pub struct Step {
    pub from: String,
    pub to: String,
    pub new_failures: usize,
    pub resolved: usize,
    pub still_failing: usize,
    /// Judged before, not read now: neither resolved nor new.
    pub lost_visibility: usize,
    pub ruleset_changed: bool,
}

#[derive(Debug, Serialize)]
pub struct CheckRegression {
    pub check_id: String,
    pub new_failures: usize,
    pub resolved: usize,
    pub fail_first: usize,
    pub fail_last: usize,
}

#[derive(Debug, Serialize)]
pub struct OuSeries {
    pub ou_path: String,
    pub scores: Vec<Option<f64>>,
}

/// The results files named: files as given; in a directory, its
/// `results*.json` files (as `audit --history` keeps them) and its
/// subdirectories' `results.json` (audit output directories).
pub fn inputs(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if !p.is_dir() {
            out.push(p.clone());
            continue;
        }
        let entries = std::fs::read_dir(p).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
        for entry in entries {
            let path = entry
                .map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?
                .path();
            let nested = path.join("results.json");
            if path.is_dir() && nested.is_file() {
                out.push(nested);
            } else if path.is_file()
                && path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("results") && n.ends_with(".json"))
            {
                out.push(path);
            }
        }
    }
    out.sort();
    out.dedup();
    if out.is_empty() {
        anyhow::bail!("no results files found in {paths:?}");
    }
    Ok(out)
}

/// Read every run (in parallel) and build the trend, oldest run first.
pub fn trend(paths: &[PathBuf]) -> anyhow::Result<Trend> {
    let files = inputs(paths)?;
    let mut loaded: Vec<Run> = files
        .par_iter()
        .map(|p| load::read(p))
        .collect::<anyhow::Result<_>>()?;
    loaded.sort_by(|a, b| (a.meta.evaluated_at, &a.source).cmp(&(b.meta.evaluated_at, &b.source)));
    let mut trend = Trend {
        runs: Vec::new(),
        steps: Vec::new(),
        regressed_checks: Vec::new(),
        ous: Vec::new(),
    };
    let mut ou_scores: BTreeMap<String, Vec<Option<f64>>> = BTreeMap::new();
    let mut per_check: HashMap<String, (usize, usize)> = HashMap::new();
    for (i, run) in loaded.iter().enumerate() {
        let previous = i.checked_sub(1).map(|p| &loaded[p]);
        let point = point(run, previous);
        for (ou, tally) in ou_tallies(run) {
            let series = ou_scores.entry(ou).or_default();
            series.resize(i, None);
            series.push(tally.score());
        }
        if let Some(previous) = previous {
            trend
                .steps
                .push(step(previous, run, &point, &mut per_check));
        }
        trend.runs.push(point);
    }
    for series in ou_scores.values_mut() {
        series.resize(loaded.len(), None);
    }
    trend.ous = ou_scores
        .into_iter()
        .map(|(ou_path, scores)| OuSeries { ou_path, scores })
        .collect();
    let fails = |run: Option<&Run>, check: &str| -> usize {
        run.map_or(0, |r| {
            r.items
                .iter()
                .filter(|x| x.status == Status::Fail && r.meta.checks[x.check as usize] == check)
                .count()
        })
    };
    let mut regressed: Vec<CheckRegression> = per_check
        .into_iter()
        .filter(|(_, (new, _))| *new > 0)
        .map(|(check_id, (new_failures, resolved))| CheckRegression {
            fail_first: fails(loaded.first(), &check_id),
            fail_last: fails(loaded.last(), &check_id),
            check_id,
            new_failures,
            resolved,
        })
        .collect();
    regressed.sort_by(|a, b| {
        b.new_failures
            .cmp(&a.new_failures)
            .then(a.resolved.cmp(&b.resolved))
            .then(a.check_id.cmp(&b.check_id))
    });
    regressed.truncate(TOP_CHECKS);
    trend.regressed_checks = regressed;
    Ok(trend)
}

fn point(run: &Run, previous: Option<&Run>) -> RunPoint {
    let mut counts = Tally::default();
    let mut fail_by_severity = BTreeMap::new();
    let mut unknown_by_severity = BTreeMap::new();
    for x in &run.items {
        counts.add(x.status);
        match x.status {
            Status::Fail => *fail_by_severity.entry(x.severity).or_insert(0) += 1,
            Status::Unknown => *unknown_by_severity.entry(x.severity).or_insert(0) += 1,
            _ => {}
        }
    }
    let coverage = coverage(run, previous);
    RunPoint {
        source: run.source.clone(),
        evaluated_at: run.meta.evaluated_at.to_string(),
        ruleset_digest: run.meta.ruleset_digest.clone(),
        ruleset_changed: previous.is_some_and(|p| p.meta.ruleset_digest != run.meta.ruleset_digest),
        score: counts.score(),
        counts,
        fail_by_severity,
        unknown_by_severity,
        coverage,
    }
}

fn complete(run: &Run) -> usize {
    run.meta
        .accounts
        .iter()
        .filter(|a| a.outcome == "complete")
        .count()
}

fn coverage(run: &Run, previous: Option<&Run>) -> Coverage {
    let count = |o: &str| run.meta.accounts.iter().filter(|a| a.outcome == o).count();
    Coverage {
        accounts: run.meta.accounts.len(),
        complete: complete(run),
        partial: count("partial"),
        failed: count("failed"),
        skipped: count("skipped"),
        gaps: run.meta.gaps,
        dropped: previous.is_some_and(|p| complete(run) < complete(p)),
    }
}

fn ou_tallies(run: &Run) -> BTreeMap<String, Tally> {
    // Per account first (an index), then per OU: no lookup per finding.
    let mut by_account = vec![Tally::default(); run.meta.accounts.len()];
    for x in &run.items {
        by_account[x.account as usize].add(x.status);
    }
    let mut out: BTreeMap<String, Tally> = BTreeMap::new();
    for (a, t) in run.meta.accounts.iter().zip(by_account) {
        out.entry(a.ou_path.clone()).or_default().merge(&t);
    }
    out
}

/// Whether `run` read this account completely (absent findings there are
/// gone, not unseen).
fn fully_read(run: &Run) -> HashMap<&str, bool> {
    run.meta
        .accounts
        .iter()
        .map(|a| (a.id.as_str(), a.outcome == "complete"))
        .collect()
}

/// The diff's semantics, on compact findings: a FAIL that was not a FAIL
/// is new; a FAIL that is judged otherwise (or gone from an account read
/// completely) is resolved; a PASS, FAIL or WAIVED that is now UNKNOWN, or
/// gone from an account not read completely, is lost visibility.
fn step(
    previous: &Run,
    current: &Run,
    point: &RunPoint,
    per_check: &mut HashMap<String, (usize, usize)>,
) -> Step {
    let mut s = Step {
        from: previous.meta.evaluated_at.to_string(),
        to: current.meta.evaluated_at.to_string(),
        ruleset_changed: point.ruleset_changed,
        ..Step::default()
    };
    let read = fully_read(current);
    let judged = |x: &Item| matches!(x.status, Status::Pass | Status::Fail | Status::Waived);
    for now in &current.items {
        let was = previous.get(&now.fingerprint);
        let check = &current.meta.checks[now.check as usize];
        match (was.map(|w| w.status), now.status) {
            (Some(Status::Fail), Status::Fail) => s.still_failing += 1,
            (_, Status::Fail) => {
                s.new_failures += 1;
                per_check.entry(check.clone()).or_default().0 += 1;
            }
            (Some(_), Status::Unknown) if was.is_some_and(judged) => s.lost_visibility += 1,
            (Some(Status::Fail), _) => {
                s.resolved += 1;
                per_check.entry(check.clone()).or_default().1 += 1;
            }
            _ => {}
        }
    }
    for was in &previous.items {
        if current.get(&was.fingerprint).is_some() || !judged(was) {
            continue;
        }
        let account = &previous.meta.accounts[was.account as usize].id;
        if read.get(account.as_str()).copied().unwrap_or(false) {
            if was.status == Status::Fail {
                s.resolved += 1;
                let check = &previous.meta.checks[was.check as usize];
                per_check.entry(check.clone()).or_default().1 += 1;
            }
        } else {
            s.lost_visibility += 1;
        }
    }
    s
}

/// Write `trend.json` and `trend.html` into `dir` (each atomically).
pub fn write(trend: &Trend, dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))?;
    use crate::output::{write_atomic_as, write_json_atomic_as, Visibility};
    write_json_atomic_as(&dir.join("trend.json"), Visibility::Shared, trend)?;
    let html = render_html(trend)?;
    write_atomic_as(&dir.join("trend.html"), Visibility::Shared, |w| {
        w.write_all(html.as_bytes())
    })?;
    Ok(())
}
