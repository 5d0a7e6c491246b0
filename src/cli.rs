//! Command-line interface: argument parsing and the command runners. The
//! binary only calls [`run`]; everything here writes to passed-in writers.

use crate::checks::load::SourceFile;
use crate::checks::{build_catalogue, builtin_files, read_config, read_dir, Catalogue, LoadErrors};
use crate::collect::{self, CollectOptions, CollectProgress};
use crate::output::write_json_atomic;
use crate::snapshot::{CollectionOutcome, Snapshot};
use clap::{Args, Parser, Subcommand};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

pub use crate::exit;

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
    Audit {
        /// Evaluate this snapshot instead of collecting.
        #[arg(long, value_name = "FILE")]
        snapshot: Option<PathBuf>,
        /// Evaluation time (RFC 3339); ages are measured from it. Default: the
        /// snapshot's collection start, so re-evaluation gives the same answer.
        #[arg(long, value_name = "TIME")]
        now: Option<jiff::Timestamp>,
        #[command(flatten)]
        catalogue: CatalogueArgs,
        /// Directory for the reports (each file written atomically).
        #[arg(long, value_name = "DIR", default_value = "orgaudit-report")]
        out: PathBuf,
        #[command(flatten)]
        report: ReportArgs,
        /// Also write an evidence bundle here: snapshot, results, every
        /// report, the framework view and a SHA-256 manifest.
        #[arg(long, value_name = "DIR")]
        evidence: Option<PathBuf>,
        #[command(flatten)]
        gate: GateArgs,
        /// Also keep the live collection's snapshot here.
        #[arg(long, value_name = "FILE")]
        save_snapshot: Option<PathBuf>,
        #[command(flatten)]
        source: CollectArgs,
    },
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

impl CatalogueArgs {
    /// The built-in check files plus every `--checks` directory.
    pub fn files(&self) -> Result<Vec<SourceFile>, LoadErrors> {
        let mut files = builtin_files();
        for dir in &self.extra {
            files.extend(read_dir(dir)?);
        }
        Ok(files)
    }

    pub fn load(&self) -> Result<Catalogue, LoadErrors> {
        let files = self.files()?;
        match &self.config {
            None => build_catalogue(&files, None),
            Some(path) => {
                let config = read_config(path)?;
                build_catalogue(&files, Some((&path.display().to_string(), &config)))
            }
        }
    }
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
    /// (`Root/Workloads`); repeatable. The management account is always
    /// collected. Split runs are combined with `orgaudit merge`.
    #[arg(long = "ou", value_name = "OU")]
    pub ous: Vec<String>,
}

impl CollectArgs {
    pub fn options(&self) -> CollectOptions {
        CollectOptions {
            profile: self.profile.clone(),
            endpoint_url: self.endpoint_url.clone(),
            home_region: self.region.clone(),
            role_name: self.role_name.clone(),
            external_id: self.external_id.clone(),
            regions: self.regions.clone(),
            concurrency: usize::from(self.concurrency),
            call_timeout: Duration::from_secs(self.call_timeout.max(1)),
            account_timeout: Duration::from_secs(self.account_timeout.max(1)),
            max_attempts: self.max_attempts,
            page_size: self.page_size,
            ous: self.ous.clone(),
            ..CollectOptions::default()
        }
    }
}

/// A progress bar on stderr when it is a terminal.
struct Bar(indicatif::ProgressBar);

impl CollectProgress for Bar {
    fn accounts_found(&self, total: usize) {
        self.0.set_length(total as u64);
    }
    fn account_done(&self, _account_id: &str) {
        self.0.inc(1);
    }
}

pub fn progress_bar() -> Arc<dyn CollectProgress> {
    if !std::io::stderr().is_terminal() {
        return Arc::new(collect::NoProgress);
    }
    let bar = indicatif::ProgressBar::new(0);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} accounts {pos}/{len} [{bar:30}] {elapsed}",
    ) {
        bar.set_style(style);
    }
    Arc::new(Bar(bar))
}

/// Run a parsed command line; returns the process exit code.
pub fn run(cli: Cli, stdout: &mut dyn Write, stderr: &mut dyn Write) -> i32 {
    let result = match cli.command {
        Command::Checks { action } => crate::commands::checks(action, stdout),
        Command::Audit {
            snapshot,
            now,
            catalogue,
            out,
            report,
            evidence,
            gate,
            save_snapshot,
            source,
        } => crate::commands::audit(
            crate::commands::AuditRequest {
                snapshot,
                now,
                catalogue,
                out,
                report,
                evidence,
                gate,
                save_snapshot,
                source,
                progress: progress_bar(),
            },
            stdout,
        ),
        Command::Diff {
            previous,
            current,
            format,
        } => crate::commands::diff(&previous, &current, format, stdout),
        Command::Merge {
            inputs,
            out,
            report,
        } => crate::commands::merge(&inputs, &out, &report, stdout),
        Command::Schema => stdout
            .write_all(crate::results::json_schema().as_bytes())
            .map(|_| exit::OK)
            .map_err(Into::into),
        Command::Evidence {
            action: EvidenceCommand::Verify { dir },
        } => crate::commands::verify_evidence(&dir, stdout),
        Command::Collect { out, source } => collect_command(out, source, stderr),
    };
    match result {
        Ok(code) => code,
        // `orgaudit ... | head` is not an error (ripgrep's convention).
        Err(e) if is_broken_pipe(&e) => exit::OK,
        Err(e) => {
            let _ = writeln!(stderr, "error: {e:#}");
            exit::ERROR
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// A tokio runtime for the commands that talk to AWS.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| anyhow::anyhow!("cannot start the async runtime: {e}"))
}

fn collect_command(
    out: PathBuf,
    source: CollectArgs,
    stderr: &mut dyn Write,
) -> anyhow::Result<i32> {
    let runtime = runtime()?;
    let opts = source.options();
    let snapshot = runtime.block_on(collect::collect(&opts, progress_bar()))?;
    write_json_atomic(&out, &snapshot)?;
    let _ = writeln!(stderr, "{}", summary_line(&snapshot, &out));
    Ok(exit::OK)
}

/// One line for the operator: what was collected and what was not.
pub fn summary_line(snapshot: &Snapshot, out: &std::path::Path) -> String {
    let count = |o: CollectionOutcome| snapshot.count_outcome(o);
    format!(
        "collected {} accounts ({} complete, {} partial, {} failed, {} skipped), {} gaps -> {}",
        snapshot.accounts.len(),
        count(CollectionOutcome::Complete),
        count(CollectionOutcome::Partial),
        count(CollectionOutcome::Failed),
        count(CollectionOutcome::Skipped),
        snapshot.gaps.len(),
        out.display()
    )
}
