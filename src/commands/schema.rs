//! `orgaudit schema`: the JSON Schema of results.json.

use crate::exit::ExitCode;
use std::io::Write;

pub fn run(stdout: &mut dyn Write) -> anyhow::Result<ExitCode> {
    stdout.write_all(crate::results::json_schema().as_bytes())?;
    Ok(ExitCode::Ok)
}
