//! orgaudit: audit every account of an AWS Organization against a security
//! baseline.
//!
//! Data flows one way: [`collect`] (the only code that talks to AWS) →
//! [`snapshot::Snapshot`] (versioned raw evidence) → evaluation → reports.

pub mod access;
pub mod checks;
pub mod cli;
pub mod collect;
pub mod commands;
pub mod diagnostics;
pub mod diff;
pub mod evidence;
pub mod exit;
pub mod findings;
pub mod gate;
pub mod iam_policy;
pub mod merge;
pub mod output;
pub mod report;
pub mod results;
pub mod snapshot;
pub mod trend;
pub mod vocab;
pub mod waivers;
