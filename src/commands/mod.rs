//! The command runners, one file per command. The binary only calls
//! [`run`]; everything here writes to passed-in writers.

mod args;
mod audit;
mod checks;
mod collect;
mod diff;
mod evidence;
mod merge;
mod progress;
mod schema;
mod security_hub;
mod trend;

pub use audit::audit;
pub use collect::summary_line;

use crate::cli::{Cli, Command, EvidenceCommand};
use crate::exit::ExitCode;
use std::io::Write;

/// Run a parsed command line; returns the process exit code.
pub fn run(cli: Cli, stdout: &mut dyn Write, stderr: &mut dyn Write) -> i32 {
    let result = match cli.command {
        Command::Checks { action } => checks::run(action, stdout),
        Command::Audit(request) => audit(request, progress::bar(), stdout),
        Command::Diff {
            previous,
            current,
            format,
        } => diff::run(&previous, &current, format, stdout),
        Command::Merge {
            inputs,
            out,
            report,
        } => merge::run(&inputs, &out, &report, stdout),
        Command::Schema => schema::run(stdout),
        Command::Trend { inputs, out } => trend::run(&inputs, &out, stdout),
        Command::Evidence {
            action: EvidenceCommand::Verify { dir },
        } => evidence::verify(&dir, stdout),
        Command::Collect { out, source } => collect::run(&out, &source, stderr),
    };
    match result {
        Ok(code) => code.code(),
        // `orgaudit ... | head` is not an error (ripgrep's convention).
        Err(e) if is_broken_pipe(&e) => ExitCode::Ok.code(),
        Err(e) => {
            let _ = writeln!(stderr, "error: {e:#}");
            ExitCode::Error.code()
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
fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| anyhow::anyhow!("cannot start the async runtime: {e}"))
}
