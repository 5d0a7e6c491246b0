//! The CI gate and the exit-code contract: 0 passed, 1 findings or
//! regressions per the options, 3 the scan saw less than allowed (UNKNOWN
//! results beyond `--max-unknown`). Errors are 2 and never come from here.
//! When both fail, 1 wins: a regression that was seen is reported even if
//! the scan also saw less.

use crate::checks::definition::Severity;
use crate::diff::Diff;
use crate::findings::Status;
use crate::results::AuditResults;

pub const PASSED: i32 = 0;
pub const FAILED: i32 = 1;
pub const INCOMPLETE: i32 = 3;

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
}

#[derive(Debug)]
pub struct Verdict {
    pub code: i32,
    /// One line per reason, for the log.
    pub lines: Vec<String>,
}

pub fn judge(results: &AuditResults, diff: Option<&Diff>, opts: &GateOptions) -> Verdict {
    let at_least = |s: Severity| s >= opts.min_severity;
    let failing = match opts.fail_on {
        FailOn::Never => 0,
        FailOn::Any => results
            .findings
            .iter()
            .filter(|f| f.status == Status::Fail && at_least(f.severity))
            .count(),
        FailOn::New => diff
            .map(|d| {
                d.new_failures
                    .iter()
                    .filter(|c| at_least(c.severity))
                    .count()
            })
            .unwrap_or(0),
    };
    let unknown = results
        .findings
        .iter()
        .filter(|f| f.status == Status::Unknown)
        .count();
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
    let incomplete = opts.max_unknown.is_some_and(|max| unknown > max);
    if incomplete {
        lines.push(format!(
            "scan incomplete: {unknown} UNKNOWN results, at most {} allowed",
            opts.max_unknown.unwrap_or(0)
        ));
    }
    let code = if failing > 0 {
        FAILED
    } else if incomplete {
        INCOMPLETE
    } else {
        lines.push(format!("gate passed ({} UNKNOWN results)", unknown));
        PASSED
    };
    Verdict { code, lines }
}
