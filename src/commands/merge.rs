//! `orgaudit merge`: combine the snapshots, or the results, of split runs.

use crate::cli::ReportArgs;
use crate::exit::ExitCode;
use crate::output::write_json_atomic;
use crate::report::{write_reports, Templates};
use crate::results::{load_results, write_summary};
use crate::snapshot::load_snapshot;
use std::io::Write;
use std::path::PathBuf;

pub fn run(
    inputs: &[PathBuf],
    out: &std::path::Path,
    report: &ReportArgs,
    stdout: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
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
    Ok(ExitCode::Ok)
}
