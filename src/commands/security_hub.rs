//! `audit --security-hub`: send the findings, record what happened in
//! `security-hub.json`, and make refused findings an error (the export is
//! then incomplete, and a scheduled run must notice).

use crate::cli::AuditArgs;
use crate::output::{write_json_atomic_as, Visibility};
use crate::results::AuditResults;
use std::io::Write;
use std::path::PathBuf;

pub fn send(
    args: &AuditArgs,
    results: &AuditResults,
    stdout: &mut dyn Write,
) -> anyhow::Result<PathBuf> {
    let opts = args.source.options();
    let report = super::runtime()?.block_on(crate::collect::export_to_security_hub(
        &opts,
        args.security_hub_region.as_deref(),
        results,
    ))?;
    let path = args.out.join("security-hub.json");
    write_json_atomic_as(&path, Visibility::Shared, &report)?;
    writeln!(
        stdout,
        "security hub ({}): {} FAIL and {} WAIVED findings sent, {} resolved findings archived, {} refused",
        report.product_arn,
        report.failed,
        report.waived,
        report.archived,
        report.rejected.len()
    )?;
    if !report.rejected.is_empty() {
        anyhow::bail!(
            "Security Hub refused {} findings (see {}): the export is incomplete",
            report.rejected.len(),
            path.display()
        );
    }
    Ok(path)
}
