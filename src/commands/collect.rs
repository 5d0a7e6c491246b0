//! `orgaudit collect`: the organisation into a snapshot file.

use crate::cli::CollectArgs;
use crate::collect;
use crate::exit::ExitCode;
use crate::output::write_json_atomic;
use crate::snapshot::{CollectionOutcome, Snapshot};
use std::io::Write;
use std::path::Path;

pub fn run(out: &Path, source: &CollectArgs, stderr: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let snapshot =
        super::runtime()?.block_on(collect::collect(&source.options(), super::progress::bar()))?;
    write_json_atomic(out, &snapshot)?;
    let _ = writeln!(stderr, "{}", summary_line(&snapshot, out));
    Ok(ExitCode::Ok)
}

/// One line for the operator: what was collected and what was not.
pub fn summary_line(snapshot: &Snapshot, out: &Path) -> String {
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
