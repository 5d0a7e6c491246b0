//! `orgaudit evidence verify`: recompute a bundle's hashes.

use crate::exit::ExitCode;
use std::io::Write;

pub fn verify(dir: &std::path::Path, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let (manifest, problems) = crate::evidence::verify(dir)?;
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
        Ok(ExitCode::Ok)
    } else {
        writeln!(out, "evidence bundle {} does not verify", dir.display())?;
        Ok(ExitCode::Failed)
    }
}
