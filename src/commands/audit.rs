//! `orgaudit audit`, as a straight pipeline: load the inputs that can be
//! wrong → collect or read the snapshot → evaluate → results (baseline
//! carried, waivers applied) → reports → summary → gate.

use crate::checks::eval::evaluate;
use crate::checks::Catalogue;
use crate::cli::AuditArgs;
use crate::collect::CollectProgress;
use crate::diff::Diff;
use crate::evidence::{redacted_command_line, write_bundle, SnapshotSource};
use crate::exit::ExitCode;
use crate::gate::{judge, FailOn, GateOptions};
use crate::output::{write_atomic_as, write_json_atomic, write_json_atomic_as, Visibility};
use crate::report::{write_reports, Templates};
use crate::results::{build, load_results, write_summary, AuditResults, EvaluationTime};
use crate::snapshot::{load_snapshot, Snapshot};
use crate::waivers::{Waiver, WaiverState};
use anyhow::Context as _;
use jiff::civil::Date;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

/// Everything read before the (long) collection, so a bad input stops the
/// run before any API call and before anything is written.
struct Inputs {
    catalogue: Catalogue,
    templates: Templates,
    waivers: Vec<Arc<Waiver>>,
    baseline: Option<AuditResults>,
    gate: GateOptions,
}

pub fn audit(
    args: AuditArgs,
    progress: Arc<dyn CollectProgress>,
    stdout: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let inputs = load_inputs(&args)?;
    let snapshot = read_or_collect(&args, progress)?;
    // Ages are measured from the collection start unless --now says
    // otherwise: re-reading an old snapshot must not change its verdicts.
    let now = EvaluationTime::choose(args.now, &snapshot);
    let findings = evaluate(&snapshot, &inputs.catalogue, now);
    let results = {
        let mut results = build(&snapshot, &inputs.catalogue, now, findings);
        // Before waivers: a carried finding is UNKNOWN like any other.
        if let Some(b) = &inputs.baseline {
            crate::diff::carry(b, &mut results);
        }
        results.waivers =
            crate::waivers::apply(&mut results.findings, &inputs.waivers, utc_date(now));
        results
    };
    let diff = inputs
        .baseline
        .as_ref()
        .map(|b| crate::diff::compare(b, &results))
        .transpose()?;
    let mut written = write_outputs(&args, &inputs, &snapshot, &results, diff.as_ref(), stdout)?;
    if args.security_hub {
        written.push(super::security_hub::send(&args, &results, stdout)?);
    }
    write_summary(&results, stdout).context("writing the summary")?;
    for path in written {
        writeln!(stdout, "report: {}", path.display())?;
    }
    print_waiver_notes(&results, stdout)?;
    if let Some(d) = &diff {
        writeln!(stdout)?;
        crate::diff::table(d, stdout)?;
    }
    let verdict = judge(&results, diff.as_ref(), &inputs.gate);
    for line in &verdict.lines {
        writeln!(stdout, "{line}")?;
    }
    Ok(verdict.code)
}

fn load_inputs(args: &AuditArgs) -> anyhow::Result<Inputs> {
    let catalogue = args.catalogue.load()?;
    let templates = Templates::load(args.report.templates.as_deref())?;
    // Waiver expiry limits are checked against the day the file is used.
    let load_day = utc_date(args.now.unwrap_or_else(jiff::Timestamp::now));
    let waivers = match &args.gate.waivers {
        Some(path) => crate::waivers::load(path, &catalogue, load_day, args.gate.waiver_max_days)?,
        None => Vec::new(),
    };
    let baseline = args
        .gate
        .baseline
        .as_deref()
        .map(load_results)
        .transpose()?;
    let fail_on = args.gate.fail_on.unwrap_or(if baseline.is_some() {
        FailOn::New
    } else {
        FailOn::Never
    });
    if fail_on == FailOn::New && baseline.is_none() {
        anyhow::bail!("--fail-on new needs --baseline PREVIOUS_RESULTS");
    }
    let gate = GateOptions {
        fail_on,
        min_severity: args.gate.min_severity,
        max_unknown: if args.gate.fail_on_unknown {
            Some(0)
        } else {
            args.gate.max_unknown
        },
        allow_lost_visibility: args.gate.allow_lost_visibility,
    };
    Ok(Inputs {
        catalogue,
        templates,
        waivers,
        baseline,
        gate,
    })
}

fn read_or_collect(
    args: &AuditArgs,
    progress: Arc<dyn CollectProgress>,
) -> anyhow::Result<Snapshot> {
    if let Some(path) = &args.snapshot {
        return Ok(load_snapshot(path)?);
    }
    let opts = args.source.options();
    let snapshot = super::runtime()?.block_on(crate::collect::collect(&opts, progress))?;
    if let Some(path) = &args.save_snapshot {
        write_json_atomic(path, &snapshot)?;
    }
    Ok(snapshot)
}

/// The reports, the diff against the baseline and the evidence bundle;
/// returns the report files written.
fn write_outputs(
    args: &AuditArgs,
    inputs: &Inputs,
    snapshot: &Snapshot,
    results: &AuditResults,
    diff: Option<&Diff>,
    stdout: &mut dyn Write,
) -> anyhow::Result<Vec<PathBuf>> {
    let mut written = write_reports(results, &args.out, &args.report.formats, &inputs.templates)?;
    if let Some(d) = diff {
        let md = args.out.join("diff.md");
        write_atomic_as(&md, Visibility::Shared, |w| crate::diff::markdown(d, w))?;
        let json = args.out.join("diff.json");
        write_json_atomic_as(&json, Visibility::Shared, d)?;
        written.extend([md, json]);
    }
    if let Some(dir) = &args.evidence {
        let source = match &args.snapshot {
            Some(path) => SnapshotSource::File(path),
            None => SnapshotSource::Value(snapshot),
        };
        let command_line = redacted_command_line(std::env::args());
        let manifest = write_bundle(dir, results, source, &inputs.templates, command_line)?;
        writeln!(stdout, "evidence: {}", manifest.display())?;
    }
    if let Some(dir) = &args.history {
        written.extend(super::trend::keep_and_render(results, dir, &args.out)?);
    }
    Ok(written)
}

/// Waivers that did nothing this run: expired, or matching no finding.
fn print_waiver_notes(results: &AuditResults, stdout: &mut dyn Write) -> std::io::Result<()> {
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
    Ok(())
}

fn utc_date(t: jiff::Timestamp) -> Date {
    t.to_zoned(jiff::tz::TimeZone::UTC).date()
}
