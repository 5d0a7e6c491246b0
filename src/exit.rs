//! The exit-code contract, in one place (documented in the README and in
//! `orgaudit --help`): 0 success or the gate passed; 1 the gate failed or a
//! verification found a change; 2 usage, input, configuration or
//! credential error (never findings); 3 the scan saw less than allowed.

pub const OK: i32 = 0;
/// The gate failed, or `evidence verify` found a change.
pub const FAILED: i32 = 1;
pub const ERROR: i32 = 2;
/// UNKNOWN results beyond `--max-unknown`, or lost visibility.
pub const INCOMPLETE: i32 = 3;
