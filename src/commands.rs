//! The `audit` and `checks` commands.

use crate::checks::config::AuditConfig;
use crate::checks::definition::{CheckDef, Severity};
use crate::checks::eval::evaluate;
use crate::checks::{build_catalogue, builtin_files, definitions, read_dir};
use crate::cli::{
    exit, runtime, CatalogueArgs, ChecksCommand, CollectArgs, DiffFormat, GateArgs, ReportArgs,
};
use crate::collect::{self, CollectProgress};
use crate::evidence::{redacted_command_line, verify, write_bundle, SnapshotSource};
use crate::gate::{judge, FailOn, GateOptions};
use crate::output::write_atomic;
use crate::output::write_json_atomic;
use crate::report::{write_reports, Templates};
use crate::results::{build, load_results, write_summary, EvaluationTime};
use crate::snapshot::load_snapshot;
use crate::waivers::WaiverState;
use anyhow::Context as _;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

pub struct AuditRequest {
    pub snapshot: Option<PathBuf>,
    pub now: Option<jiff::Timestamp>,
    pub catalogue: CatalogueArgs,
    pub out: PathBuf,
    pub report: ReportArgs,
    pub evidence: Option<PathBuf>,
    pub gate: GateArgs,
    pub save_snapshot: Option<PathBuf>,
    pub source: CollectArgs,
    pub progress: Arc<dyn CollectProgress>,
}

pub fn audit(req: AuditRequest, stdout: &mut dyn Write) -> anyhow::Result<i32> {
    // Load the catalogue first: a bad check file stops the run before any
    // API call and before anything is written.
    let catalogue = req.catalogue.load()?;
    let templates = Templates::load(req.report.templates.as_deref())?;
    // Waiver expiry limits are checked against the day the file is used.
    let load_day = utc_date(req.now.unwrap_or_else(jiff::Timestamp::now));
    // Inputs that can be wrong are read before the (long) collection.
    let waivers = match &req.gate.waivers {
        Some(path) => crate::waivers::load(path, &catalogue, load_day, req.gate.waiver_max_days)?,
        None => Vec::new(),
    };
    let baseline = req.gate.baseline.as_deref().map(load_results).transpose()?;
    let fail_on = req.gate.fail_on.unwrap_or(if baseline.is_some() {
        FailOn::New
    } else {
        FailOn::Never
    });
    if fail_on == FailOn::New && baseline.is_none() {
        anyhow::bail!("--fail-on new needs --baseline PREVIOUS_RESULTS");
    }
    let snapshot = match &req.snapshot {
        Some(path) => load_snapshot(path)?,
        None => {
            let opts = req.source.options();
            let snapshot = runtime()?.block_on(collect::collect(&opts, req.progress))?;
            if let Some(path) = &req.save_snapshot {
                write_json_atomic(path, &snapshot)?;
            }
            snapshot
        }
    };
    // Ages are measured from the collection start unless --now says
    // otherwise: re-reading an old snapshot must not change its verdicts.
    let now = EvaluationTime::choose(req.now, &snapshot);
    let today = utc_date(now);
    let findings = evaluate(&snapshot, &catalogue, now);
    let mut results = build(&snapshot, &catalogue, now, findings);
    // Before waivers: a carried finding is UNKNOWN like any other.
    if let Some(b) = &baseline {
        crate::diff::carry(b, &mut results);
    }
    results.waivers = crate::waivers::apply(&mut results.findings, &waivers, today);
    let mut written = write_reports(&results, &req.out, &req.report.formats, &templates)?;
    let diff = baseline
        .as_ref()
        .map(|b| crate::diff::compare(b, &results))
        .transpose()?;
    if let Some(d) = &diff {
        let md = req.out.join("diff.md");
        write_atomic(&md, |w| crate::diff::markdown(d, w))?;
        let json = req.out.join("diff.json");
        write_json_atomic(&json, d)?;
        written.extend([md, json]);
    }
    if let Some(dir) = &req.evidence {
        let source = match &req.snapshot {
            Some(path) => SnapshotSource::File(path),
            None => SnapshotSource::Value(&snapshot),
        };
        let command_line = redacted_command_line(std::env::args());
        let manifest = write_bundle(dir, &results, source, &templates, command_line)?;
        writeln!(stdout, "evidence: {}", manifest.display())?;
    }
    write_summary(&results, stdout).context("writing the summary")?;
    for path in written {
        writeln!(stdout, "report: {}", path.display())?;
    }
    for u in results
        .waivers
        .iter()
        .filter(|u| u.state != WaiverState::Applied)
    {
        let state = if u.state == WaiverState::Expired {
            "expired"
        } else {
            "matched nothing"
        };
        writeln!(
            stdout,
            "waiver {} ({}) {state}",
            u.waiver.source, u.waiver.check_id
        )?;
    }
    if let Some(d) = &diff {
        writeln!(stdout)?;
        crate::diff::table(d, stdout)?;
    }
    let verdict = judge(
        &results,
        diff.as_ref(),
        &GateOptions {
            fail_on,
            min_severity: req.gate.min_severity,
            max_unknown: if req.gate.fail_on_unknown {
                Some(0)
            } else {
                req.gate.max_unknown
            },
            allow_lost_visibility: req.gate.allow_lost_visibility,
        },
    );
    for line in &verdict.lines {
        writeln!(stdout, "{line}")?;
    }
    Ok(verdict.code)
}

fn utc_date(t: jiff::Timestamp) -> jiff::civil::Date {
    t.to_zoned(jiff::tz::TimeZone::UTC).date()
}

pub fn diff(
    previous: &std::path::Path,
    current: &std::path::Path,
    format: DiffFormat,
    out: &mut dyn Write,
) -> anyhow::Result<i32> {
    let d = crate::diff::compare(&load_results(previous)?, &load_results(current)?)?;
    match format {
        DiffFormat::Table => crate::diff::table(&d, out)?,
        DiffFormat::Markdown => crate::diff::markdown(&d, out)?,
        DiffFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &d)?;
            writeln!(out)?;
        }
    }
    Ok(exit::OK)
}

pub fn verify_evidence(dir: &std::path::Path, out: &mut dyn Write) -> anyhow::Result<i32> {
    let (manifest, problems) = verify(dir)?;
    for p in &problems {
        writeln!(out, "MISMATCH {p}")?;
    }
    if problems.is_empty() {
        writeln!(
            out,
            "ok: {} files match {} (orgaudit {}, ruleset {})",
            manifest.files.len(),
            dir.join(crate::evidence::MANIFEST).display(),
            manifest.tool.version,
            manifest.ruleset_digest
        )?;
        Ok(exit::OK)
    } else {
        writeln!(out, "evidence bundle {} does not verify", dir.display())?;
        Ok(exit::FAILED)
    }
}

fn list_line(
    out: &mut dyn Write,
    def: &CheckDef,
    severity: Severity,
    state: &str,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{:<12} {:<9} {:<4} {:<11} {:<48} {}",
        def.id,
        severity.as_str(),
        state,
        def.scope.as_str(),
        def.slug,
        def.title
    )
}

pub fn checks(action: ChecksCommand, out: &mut dyn Write) -> anyhow::Result<i32> {
    match action {
        ChecksCommand::List { catalogue: args } => {
            let catalogue = args.load()?;
            for c in &catalogue.checks {
                list_line(out, &c.def, c.severity, "on")?;
            }
            // Checks a profile or config can turn on.
            for def in definitions(&args.files()?)? {
                if catalogue.find(&def.id).is_none() {
                    list_line(out, &def, def.severity, "off")?;
                }
            }
            Ok(exit::OK)
        }
        ChecksCommand::Show {
            id,
            catalogue: args,
        } => {
            let catalogue = args.load()?;
            if let Some(c) = catalogue.find(&id) {
                show(c, out)?;
                return Ok(exit::OK);
            }
            let files = args.files()?;
            let Some(def) = definitions(&files)?.into_iter().find(|d| d.answers_to(&id)) else {
                anyhow::bail!("no check `{id}` (see `orgaudit checks list`)");
            };
            let config = AuditConfig {
                only: Some(vec![def.id.clone()]),
                ..AuditConfig::default()
            };
            let one = build_catalogue(&files, Some(("checks show", &config)))?;
            if let Some(c) = one.checks.first() {
                show(c, out)?;
            }
            writeln!(
                out,
                "\nThis check is off: enable it in a profile or with --config."
            )?;
            Ok(exit::OK)
        }
        ChecksCommand::Validate { dir } => {
            let files = match &dir {
                Some(d) => read_dir(d)?,
                None => builtin_files(),
            };
            // Compiles every check, including those off by default.
            let catalogue = build_catalogue(&files, None)?;
            let all = definitions(&files)?.len();
            writeln!(
                out,
                "{all} checks valid, {} on by default ({})",
                catalogue.checks.len(),
                catalogue.digest
            )?;
            Ok(exit::OK)
        }
    }
}

fn show(c: &crate::checks::Check, out: &mut dyn Write) -> std::io::Result<()> {
    let d = &c.def;
    writeln!(out, "{} {} ({})", d.id, d.title, d.slug)?;
    writeln!(
        out,
        "severity: {}   scope: {}   source: {}",
        c.severity.as_str(),
        d.scope.as_str(),
        c.source
    )?;
    if !d.aliases.is_empty() {
        writeln!(out, "aliases: {}", d.aliases.join(", "))?;
    }
    writeln!(out, "\n{}\n\nRisk: {}", d.description.trim(), d.risk.trim())?;
    writeln!(
        out,
        "\nRemediation (console):\n{}",
        d.remediation.console.trim()
    )?;
    writeln!(
        out,
        "\nRemediation (AWS CLI):\n{}",
        d.remediation.cli.trim()
    )?;
    writeln!(out, "\nFrameworks:")?;
    for (name, ids) in d.frameworks.entries() {
        if !ids.is_empty() {
            writeln!(out, "  {name}: {}", ids.join(", "))?;
        }
    }
    if !c.params.as_object().is_none_or(|p| p.is_empty()) {
        writeln!(out, "\nParameters:")?;
        for (name, p) in &d.params {
            writeln!(
                out,
                "  {name} = {} (default {}): {}",
                c.params[name], p.default, p.description
            )?;
        }
    }
    if let Some(cond) = &d.condition {
        if let Some(applies) = &cond.applies {
            writeln!(out, "\nApplies when: {}", applies.trim())?;
        }
        if let (Some(pass), Some(expected)) = (&cond.pass, &cond.expected) {
            writeln!(out, "\nPasses when: {}\nExpected: {expected}", pass.trim())?;
        }
    }
    writeln!(out, "\nReferences:")?;
    for r in &d.references {
        writeln!(out, "  {r}")?;
    }
    Ok(())
}

pub fn merge(
    inputs: &[PathBuf],
    out: &std::path::Path,
    report: &ReportArgs,
    stdout: &mut dyn Write,
) -> anyhow::Result<i32> {
    use crate::merge::{kind_of, merge_results, merge_snapshots, Kind};
    let kinds = inputs
        .iter()
        .map(|p| kind_of(p))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let notes = if kinds.iter().all(|k| *k == Kind::Snapshot) {
        let loaded = inputs
            .iter()
            .map(|p| Ok((p.display().to_string(), load_snapshot(p)?)))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let (merged, notes) = merge_snapshots(loaded)?;
        write_json_atomic(out, &merged)?;
        writeln!(
            stdout,
            "snapshot: {} ({} accounts)",
            out.display(),
            merged.accounts.len()
        )?;
        notes
    } else if kinds.iter().all(|k| *k == Kind::Results) {
        let templates = Templates::load(report.templates.as_deref())?;
        let loaded = inputs
            .iter()
            .map(|p| Ok((p.display().to_string(), load_results(p)?)))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let (merged, notes) = merge_results(loaded)?;
        for path in write_reports(&merged, out, &report.formats, &templates)? {
            writeln!(stdout, "report: {}", path.display())?;
        }
        write_summary(&merged, stdout)?;
        notes
    } else {
        anyhow::bail!("merge snapshots with snapshots, or results with results, not both");
    };
    for note in notes {
        writeln!(stdout, "note: {note}")?;
    }
    Ok(exit::OK)
}
