//! `orgaudit diff`: what changed between two results files.

use crate::cli::DiffFormat;
use crate::exit::ExitCode;
use crate::results::load_results;
use std::io::Write;

pub fn run(
    previous: &std::path::Path,
    current: &std::path::Path,
    format: DiffFormat,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let d = crate::diff::compare(&load_results(previous)?, &load_results(current)?)?;
    match format {
        DiffFormat::Table => crate::diff::table(&d, out)?,
        DiffFormat::Markdown => crate::diff::markdown(&d, out)?,
        DiffFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &d)?;
            writeln!(out)?;
        }
    }
    Ok(ExitCode::Ok)
}
