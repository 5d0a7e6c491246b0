//! The command line, as clap types only: what each command accepts. What
//! the commands do is in [`crate::commands`].

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "orgaudit",
    version,
    about = "Audit every account of an AWS Organization against a security baseline"
)]
#[command(
    after_help = "Exit codes: 0 success (the gate passed); 1 the gate failed: findings or regressions per --fail-on, or `evidence verify` found a change; 2 usage, input, configuration or credential error (never findings); 3 the scan was incomplete: UNKNOWN results beyond --max-unknown, or, with --baseline, findings this run could not read (lost visibility; see --allow-lost-visibility)."
)]
pub struct Cli {
    /// More logging on stderr (-v info, -vv debug, -vvv trace).
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    #[command(subcommand)]
    pub command: Command,
}

// Parsed once per process: the size of the `audit` variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Evaluate the baseline: collect live (same options as `collect`) or read
    /// `--snapshot FILE`, write the reports and print a summary.
    Audit(AuditArgs),
    /// Inspect the check catalogue.
    Checks {
        #[command(subcommand)]
        action: ChecksCommand,
    },
    /// Compare two results files: new, resolved and still failing results,
    /// lost visibility, severity changes, checks added or removed.
    Diff {
        previous: PathBuf,
        current: PathBuf,
        #[arg(long, value_enum, default_value = "table")]
        format: DiffFormat,
    },
    /// Combine the snapshots, or the results, of runs split with `--ou`
    /// (each account counted once): snapshots into one snapshot file,
    /// results into one set of reports.
    Merge {
        /// Snapshot or results files (all of one kind).
        #[arg(required = true, num_args = 1..)]
        inputs: Vec<PathBuf>,
        /// The merged snapshot file, or the report directory for results.
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
        /// Report formats and templates (when merging results).
        #[command(flatten)]
        report: ReportArgs,
    },
    /// How the estate moved across past runs: `trend.html` and `trend.json`
    /// (score per run and OU, FAIL and UNKNOWN per severity, new and
    /// resolved failures between runs, coverage, ruleset changes).
    Trend {
        /// results.json files, or directories of them (any order).
        #[arg(required = true, num_args = 1..)]
        inputs: Vec<PathBuf>,
        /// Directory for trend.html and trend.json (written atomically).
        #[arg(long, value_name = "DIR", default_value = "orgaudit-trend")]
        out: PathBuf,
    },
    /// Print the JSON Schema of results.json.
    Schema,
    /// Check an evidence bundle.
    Evidence {
        #[command(subcommand)]
        action: EvidenceCommand,
    },
    /// Collect the organisation and every ACTIVE account into a snapshot file.
    Collect {
        /// Where to write the snapshot (written atomically).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[command(flatten)]
        source: CollectArgs,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum DiffFormat {
    Table,
    Json,
    Markdown,
}

#[derive(Debug, Subcommand)]
pub enum EvidenceCommand {
    /// Recompute every file's SHA-256 against the bundle's manifest.json
    /// (exit 1 on any mismatch, missing or unlisted file).
    Verify { dir: PathBuf },
}

#[derive(Debug, Subcommand)]
pub enum ChecksCommand {
    /// One line per enabled check.
    List {
        #[command(flatten)]
        catalogue: CatalogueArgs,
    },
    /// Description, risk, remediation, mappings and parameters of one check.
    Show {
        /// Check id, slug or alias.
        id: String,
        #[command(flatten)]
        catalogue: CatalogueArgs,
    },
    /// Validate a directory of check files (default: the built-in catalogue).
    Validate { dir: Option<PathBuf> },
    /// Every field a check can read (`account`, `resource` per scope), as a
    /// Markdown reference (the same as docs/check-fields.md).
    Fields,
}

/// Which reports to write, from which templates.
#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// Report formats, comma-separated.
    #[arg(
        long = "format",
        value_name = "LIST",
        value_enum,
        value_delimiter = ',',
        default_value = "html,csv,json"
    )]
    pub formats: Vec<crate::report::Format>,
    /// A directory whose `report.html` replaces the built-in template.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

/// The CI gate: what fails the run (exit 1) and how much it may not see
/// (exit 3).
#[derive(Debug, Clone, Args)]
pub struct GateArgs {
    /// A previous results.json: report what changed (diff.md, diff.json in
    /// --out) and gate on regressions.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// What fails the gate (default: `new` with --baseline, else `never`).
    #[arg(long, value_enum)]
    pub fail_on: Option<crate::gate::FailOn>,
    /// Only failures at or above this severity fail the gate.
    #[arg(long, value_enum, default_value = "info")]
    pub min_severity: crate::checks::definition::Severity,
    /// More UNKNOWN results than this (not waived) is an incomplete scan: exit 3.
    #[arg(long, value_name = "N")]
    pub max_unknown: Option<usize>,
    /// Any UNKNOWN result is an incomplete scan (same as --max-unknown 0).
    #[arg(long, conflicts_with = "max_unknown")]
    pub fail_on_unknown: bool,
    /// With --baseline, findings of accounts, regions or data this run
    /// could not read (lost visibility) do not fail the run (exit 3 by
    /// default). For a run that knowingly narrows its scope.
    #[arg(long)]
    pub allow_lost_visibility: bool,
    /// TOML waivers: accepted risks with scope, reason, owner and expiry.
    #[arg(long, value_name = "FILE")]
    pub waivers: Option<PathBuf>,
    /// Waivers may not expire further ahead than this many days.
    #[arg(long, value_name = "DAYS", default_value_t = crate::waivers::DEFAULT_MAX_DAYS,
          value_parser = clap::value_parser!(i64).range(1..=3650))]
    pub waiver_max_days: i64,
}

/// Which checks run, with which parameters.
#[derive(Debug, Clone, Args)]
pub struct CatalogueArgs {
    /// A directory of custom checks added to the built-in catalogue (repeatable).
    #[arg(long = "checks", value_name = "DIR")]
    pub extra: Vec<PathBuf>,
    /// TOML config: profile, parameter and severity overrides, enabled checks.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// How to reach AWS and which accounts and regions to read.
#[derive(Debug, Clone, Args)]
pub struct CollectArgs {
    /// Named profile from the shared AWS config files (default: the standard credential chain).
    #[arg(long)]
    pub profile: Option<String>,
    /// Send every request to this AWS-compatible endpoint (e.g. the emulator).
    #[arg(long, value_name = "URL", env = "ORGAUDIT_ENDPOINT_URL")]
    pub endpoint_url: Option<String>,
    /// Region for the caller's own STS calls when the credential chain names none.
    #[arg(long)]
    pub region: Option<String>,
    /// Role assumed in each member account.
    #[arg(long, default_value = "OrganizationAccountAccessRole")]
    pub role_name: String,
    /// External id for the role's trust policy (prefer the environment variable: it stays out of process lists).
    #[arg(long, env = "ORGAUDIT_EXTERNAL_ID", hide_env_values = true)]
    pub external_id: Option<String>,
    /// Regions for regional services, comma-separated (default: each account's enabled regions).
    #[arg(long, value_delimiter = ',')]
    pub regions: Option<Vec<String>>,
    /// Accounts collected at the same time.
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub concurrency: u16,
    /// Timeout of one API call attempt, in seconds.
    #[arg(long, default_value_t = 30, value_name = "SECS")]
    pub call_timeout: u64,
    /// Deadline for collecting one account, in seconds.
    #[arg(long, default_value_t = 300, value_name = "SECS")]
    pub account_timeout: u64,
    /// Attempts per API call, including the first (SDK standard retry with backoff).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=20))]
    pub max_attempts: u32,
    /// Page size for paginated list calls (default: each service's maximum); small values exercise pagination.
    #[arg(long, value_parser = clap::value_parser!(i32).range(1..=1000))]
    pub page_size: Option<i32>,
    /// Only accounts under this OU: an id (`ou-...`, `r-...`) or a path
    /// (`Root/Workloads`); repeatable. The management account and the
    /// delegated administrators (whose organisation-wide controls members
    /// inherit) are always collected. Split runs are combined with
    /// `orgaudit merge`.
    #[arg(long = "ou", value_name = "OU")]
    pub ous: Vec<String>,
}

/// What `audit` reads, writes and gates on.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Evaluate this snapshot instead of collecting.
    #[arg(long, value_name = "FILE")]
    pub snapshot: Option<PathBuf>,
    /// Evaluation time (RFC 3339); ages are measured from it. Default: the
    /// snapshot's collection start, so re-evaluation gives the same answer.
    #[arg(long, value_name = "TIME")]
    pub now: Option<jiff::Timestamp>,
    #[command(flatten)]
    pub catalogue: CatalogueArgs,
    /// Directory for the reports (each file written atomically).
    #[arg(long, value_name = "DIR", default_value = "orgaudit-report")]
    pub out: PathBuf,
    #[command(flatten)]
    pub report: ReportArgs,
    /// Also write an evidence bundle here: snapshot, results, every
    /// report, the framework view and a SHA-256 manifest.
    #[arg(long, value_name = "DIR")]
    pub evidence: Option<PathBuf>,
    #[command(flatten)]
    pub gate: GateArgs,
    /// Also keep the live collection's snapshot here.
    #[arg(long, value_name = "FILE")]
    pub save_snapshot: Option<PathBuf>,
    /// Send FAIL and WAIVED findings to AWS Security Hub in the caller's
    /// account (BatchImportFindings; archives earlier ones this run judges
    /// resolved). Writes `security-hub.json` with what was sent and refused.
    #[arg(long)]
    pub security_hub: bool,
    /// Region of the Security Hub to send to (default: the caller's region).
    #[arg(long, value_name = "REGION", requires = "security_hub")]
    pub security_hub_region: Option<String>,
    /// Keep this run's results in DIR (as `results-<evaluated_at>.json`)
    /// and write the trend over every run there into `--out`.
    #[arg(long, value_name = "DIR")]
    pub history: Option<PathBuf>,
    #[command(flatten)]
    pub source: CollectArgs,
}
