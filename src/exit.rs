//! The exit-code contract, in one place (documented in the README and in
//! `orgaudit --help`).

/// What the process tells its caller (a CI job) by its exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    /// Success, or the gate passed.
    Ok = 0,
    /// The gate failed, or `evidence verify` found a change.
    Failed = 1,
    /// Usage, input, configuration or credential error (never findings).
    Error = 2,
    /// The scan saw less than allowed: UNKNOWN results beyond
    /// `--max-unknown`, or lost visibility against the baseline.
    Incomplete = 3,
}

impl ExitCode {
    pub fn code(self) -> i32 {
        self as i32
    }
}
