//! `orgaudit trend`, and `audit --history`: keep each run's results and
//! render the trend over all of them.

use crate::exit::ExitCode;
use crate::output::{write_json_atomic_as, Visibility};
use crate::results::AuditResults;
use std::io::Write;
use std::path::{Path, PathBuf};

pub fn run(inputs: &[PathBuf], out: &Path, stdout: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let trend = crate::trend::trend(inputs)?;
    crate::trend::write(&trend, out)?;
    writeln!(
        stdout,
        "trend of {} runs: {}",
        trend.runs.len(),
        out.join("trend.html").display()
    )?;
    Ok(ExitCode::Ok)
}

/// Store `results` in `history` (named by its evaluation time, so a rerun
/// of the same snapshot replaces its own entry), then write the trend over
/// the directory into `out`; returns the files written.
pub fn keep_and_render(
    results: &AuditResults,
    history: &Path,
    out: &Path,
) -> anyhow::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(history).map_err(|e| anyhow::anyhow!("{}: {e}", history.display()))?;
    let stamp = results.evaluated_at.to_string().replace(':', "-");
    let kept = history.join(format!("results-{stamp}.json"));
    write_json_atomic_as(&kept, Visibility::Shared, results)?;
    let trend = crate::trend::trend(&[history.to_path_buf()])?;
    crate::trend::write(&trend, out)?;
    Ok(vec![kept, out.join("trend.json"), out.join("trend.html")])
}
