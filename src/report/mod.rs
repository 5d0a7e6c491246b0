//! Reports: every format renders from the one results model
//! (`results::AuditResults`), so no two formats can disagree. Each file is
//! written atomically.

mod csv;
mod html;
mod html_view;
mod junit;
mod ocsf;
mod text;

pub use html::Templates;

/// Per framework, per control: the checks behind it, their status across
/// the organisation and evidence pointers (the bundle's `frameworks.json`).
pub fn framework_view(results: &AuditResults) -> Vec<html_view::FrameworkView> {
    html_view::page(results).frameworks
}

use crate::output::{write_atomic_as, OutputError, Visibility};
use crate::results::AuditResults;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Format {
    /// `results.json`: the machine contract (see `schema/results.schema.json`).
    Json,
    /// `findings.csv`: one row per finding.
    Csv,
    /// `report.html`: one self-contained page.
    Html,
    /// `junit.xml`: a suite per check, a case per account.
    Junit,
    /// `findings.ocsf.json`: OCSF Compliance Findings.
    Ocsf,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Json,
        Format::Csv,
        Format::Html,
        Format::Junit,
        Format::Ocsf,
    ];

    pub fn file_name(self) -> &'static str {
        match self {
            Format::Json => "results.json",
            Format::Csv => "findings.csv",
            Format::Html => "report.html",
            Format::Junit => "junit.xml",
            Format::Ocsf => "findings.ocsf.json",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error("report template: {0}")]
    Template(String),
}

/// Write the chosen formats into `dir` (created if missing); returns the
/// files written, in format order.
pub fn write_reports(
    results: &AuditResults,
    dir: &Path,
    formats: &[Format],
    templates: &Templates,
) -> Result<Vec<PathBuf>, ReportError> {
    // Render the page before writing anything: a template error loses nothing.
    let html = if formats.contains(&Format::Html) {
        Some(templates.render(results)?)
    } else {
        None
    };
    std::fs::create_dir_all(dir).map_err(|source| OutputError {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut sorted = formats.to_vec();
    sorted.sort();
    sorted.dedup();
    let mut written = Vec::new();
    for format in sorted {
        let path = dir.join(format.file_name());
        match format {
            // Compact: a large organisation's results run to hundreds of MB.
            Format::Json => write_atomic_as(&path, Visibility::Shared, |w| {
                serde_json::to_writer(&mut *w, results).map_err(std::io::Error::other)?;
                w.write_all(b"\n")
            })?,
            Format::Csv => write_atomic_as(&path, Visibility::Shared, |w| csv::write(results, w))?,
            Format::Html => {
                let page = html.as_deref().unwrap_or_default();
                write_atomic_as(&path, Visibility::Shared, |w| w.write_all(page.as_bytes()))?
            }
            Format::Junit => {
                write_atomic_as(&path, Visibility::Shared, |w| junit::write(results, w))?
            }
            Format::Ocsf => {
                write_atomic_as(&path, Visibility::Shared, |w| ocsf::write(results, w))?
            }
        }
        written.push(path);
    }
    Ok(written)
}
