//! The CI gate and the exit-code contract: 0 passed, 1 findings or
//! regressions per the options, 3 the scan saw less than allowed (UNKNOWN
//! results beyond `--max-unknown`, or, with a baseline, findings it judged
//! that this run could not read: lost visibility, unless
//! `--allow-lost-visibility`). Errors are 2 and never come from here.
//! When both fail, 1 wins: a regression that was seen is reported even if
//! the scan also saw less.

use crate::checks::definition::Severity;
use crate::diff::Diff;
use crate::findings::Tally;
use crate::results::AuditResults;

use crate::exit::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Report only.
    Never,
    /// FAIL results not failing in `--baseline` (regressions).
    New,
    /// Any FAIL result.
    Any,
}

#[derive(Debug, Clone)]
pub struct GateOptions {
    pub fail_on: FailOn,
    pub min_severity: Severity,
    /// More UNKNOWN (unwaived) results than this is an incomplete scan.
    pub max_unknown: Option<usize>,
    /// Lost visibility against the baseline does not fail the run (a run
    /// that knowingly narrows its scope).
    pub allow_lost_visibility: bool,
}

#[derive(Debug)]
pub struct Verdict {
    pub code: ExitCode,
    /// One line per reason, for the log.
    pub lines: Vec<String>,
}

/// One line naming the accounts where the baseline's findings were not
/// read; `None` when nothing was lost.
fn lost_line(diff: &Diff) -> Option<String> {
    if diff.lost_visibility.is_empty() {
        return None;
    }
    let mut accounts: Vec<String> = diff
        .lost_visibility
        .iter()
        .map(|c| match &c.account_name {
            // Names are attacker-controlled: printable only.
            Some(n) => format!(
                "{} ({})",
                c.account_id,
                n.chars().filter(|c| !c.is_control()).collect::<String>()
            ),
            None => c.account_id.clone(),
        })
        .collect();
    accounts.sort();
    accounts.dedup();
    Some(format!(
        "lost visibility: {} findings judged in the baseline were not read in this run, in accounts {} \
         (never counted as resolved; --allow-lost-visibility accepts a narrower run)",
        diff.lost_visibility.len(),
        accounts.join(", ")
    ))
}

pub fn judge(results: &AuditResults, diff: Option<&Diff>, opts: &GateOptions) -> Verdict {
    let at_least = |s: Severity| s >= opts.min_severity;
    let failing = match opts.fail_on {
        FailOn::Never => 0,
        FailOn::Any => Tally::of(results.findings.iter().filter(|f| at_least(f.severity))).fail,
        FailOn::New => diff
            .map(|d| {
                d.new_failures
                    .iter()
                    .filter(|c| at_least(c.severity))
                    .count()
            })
            .unwrap_or(0),
    };
    let unknown = Tally::of(results.findings.iter()).unknown;
    let mut lines = Vec::new();
    let what = match opts.fail_on {
        FailOn::New => "new failures (vs the baseline)",
        _ => "failures",
    };
    if failing > 0 {
        lines.push(format!(
            "gate failed: {failing} {what} at or above {}",
            opts.min_severity.as_str()
        ));
    }
    let too_unknown = opts.max_unknown.is_some_and(|max| unknown > max);
    if too_unknown {
        lines.push(format!(
            "scan incomplete: {unknown} UNKNOWN results, at most {} allowed",
            opts.max_unknown.unwrap_or(0)
        ));
    }
    let lost = diff.and_then(lost_line);
    let lost_fails = lost.is_some() && !opts.allow_lost_visibility;
    if let Some(line) = lost {
        lines.push(line);
    }
    let incomplete = too_unknown || lost_fails;
    let code = if failing > 0 {
        ExitCode::Failed
    } else if incomplete {
        ExitCode::Incomplete
    } else {
        lines.push(format!("gate passed ({} UNKNOWN results)", unknown));
        ExitCode::Ok
    };
    Verdict { code, lines }
}
