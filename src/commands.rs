//! The `audit` and `checks` commands.

use crate::checks::eval::evaluate;
use crate::checks::{build_catalogue, builtin_files, read_dir, Catalogue};
use crate::cli::{exit, runtime, CatalogueArgs, ChecksCommand, CollectArgs};
use crate::collect::{self, CollectProgress};
use crate::output::write_json_atomic;
use crate::results::{build, write_summary};
use crate::snapshot::load_snapshot;
use anyhow::Context as _;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

pub struct AuditRequest {
    pub snapshot: Option<PathBuf>,
    pub now: Option<jiff::Timestamp>,
    pub catalogue: CatalogueArgs,
    pub out: PathBuf,
    pub save_snapshot: Option<PathBuf>,
    pub source: CollectArgs,
    pub progress: Arc<dyn CollectProgress>,
}

pub fn audit(req: AuditRequest, stdout: &mut dyn Write) -> anyhow::Result<i32> {
    // Load the catalogue first: a bad check file stops the run before any
    // API call and before anything is written.
    let catalogue = req.catalogue.load()?;
    let snapshot = match &req.snapshot {
        Some(path) => load_snapshot(path)?,
        None => {
            let opts = req.source.options();
            let snapshot = runtime()?.block_on(collect::collect(&opts, req.progress))?;
            if let Some(path) = &req.save_snapshot {
                write_json_atomic(path, &snapshot)?;
            }
            snapshot
        }
    };
    let now = req.now.unwrap_or_else(jiff::Timestamp::now);
    let findings = evaluate(&snapshot, &catalogue, now);
    let results = build(&snapshot, &catalogue, now, findings);
    write_json_atomic(&req.out, &results)?;
    write_summary(&results, stdout).context("writing the summary")?;
    writeln!(stdout, "results: {}", req.out.display())?;
    Ok(exit::OK)
}

fn find<'a>(catalogue: &'a Catalogue, name: &str) -> Option<&'a crate::checks::Check> {
    catalogue
        .checks
        .iter()
        .find(|c| c.def.id == name || c.def.slug == name || c.def.aliases.iter().any(|a| a == name))
}

pub fn checks(action: ChecksCommand, out: &mut dyn Write) -> anyhow::Result<i32> {
    match action {
        ChecksCommand::List { catalogue } => {
            let catalogue = catalogue.load()?;
            for c in &catalogue.checks {
                writeln!(
                    out,
                    "{:<12} {:<9} {:<11} {:<40} {}",
                    c.def.id,
                    c.severity.as_str(),
                    c.def.scope.as_str(),
                    c.def.slug,
                    c.def.title
                )?;
            }
            Ok(exit::OK)
        }
        ChecksCommand::Show { id, catalogue } => {
            let catalogue = catalogue.load()?;
            let Some(c) = find(&catalogue, &id) else {
                anyhow::bail!("no check `{id}` (see `orgaudit checks list`)");
            };
            show(c, out)?;
            Ok(exit::OK)
        }
        ChecksCommand::Validate { dir } => {
            let files = match &dir {
                Some(d) => read_dir(d)?,
                None => builtin_files(),
            };
            let catalogue = build_catalogue(&files, None)?;
            writeln!(
                out,
                "{} checks valid ({})",
                catalogue.checks.len(),
                catalogue.digest
            )?;
            Ok(exit::OK)
        }
    }
}

fn show(c: &crate::checks::Check, out: &mut dyn Write) -> std::io::Result<()> {
    let d = &c.def;
    writeln!(out, "{} {} ({})", d.id, d.title, d.slug)?;
    writeln!(
        out,
        "severity: {}   scope: {}   source: {}",
        c.severity.as_str(),
        d.scope.as_str(),
        c.source
    )?;
    if !d.aliases.is_empty() {
        writeln!(out, "aliases: {}", d.aliases.join(", "))?;
    }
    writeln!(out, "\n{}\n\nRisk: {}", d.description.trim(), d.risk.trim())?;
    writeln!(
        out,
        "\nRemediation (console):\n{}",
        d.remediation.console.trim()
    )?;
    writeln!(
        out,
        "\nRemediation (AWS CLI):\n{}",
        d.remediation.cli.trim()
    )?;
    writeln!(out, "\nFrameworks:")?;
    for (name, ids) in d.frameworks.entries() {
        if !ids.is_empty() {
            writeln!(out, "  {name}: {}", ids.join(", "))?;
        }
    }
    if !c.params.as_object().is_none_or(|p| p.is_empty()) {
        writeln!(out, "\nParameters:")?;
        for (name, p) in &d.params {
            writeln!(
                out,
                "  {name} = {} (default {}): {}",
                c.params[name], p.default, p.description
            )?;
        }
    }
    if let Some(cond) = &d.condition {
        writeln!(
            out,
            "\nPasses when: {}\nExpected: {}",
            cond.pass.trim(),
            cond.expected
        )?;
    }
    writeln!(out, "\nReferences:")?;
    for r in &d.references {
        writeln!(out, "  {r}")?;
    }
    Ok(())
}
