//! `orgaudit checks`: list, show and validate the check catalogue.

use crate::checks::config::AuditConfig;
use crate::checks::definition::{CheckDef, Severity};
use crate::checks::load::is_framework;
use crate::checks::{build_catalogue, builtin_files, definitions, read_dir};
use crate::cli::ChecksCommand;
use crate::exit::ExitCode;
use std::io::Write;

fn list_line(
    out: &mut dyn Write,
    def: &CheckDef,
    severity: Severity,
    state: &str,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{:<12} {:<9} {:<4} {:<11} {:<48} {}",
        def.id,
        severity.as_str(),
        state,
        def.scope.as_str(),
        def.slug,
        def.title
    )
}

pub fn run(action: ChecksCommand, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    match action {
        ChecksCommand::List { catalogue: args } => {
            let catalogue = args.load()?;
            for c in &catalogue.checks {
                list_line(out, &c.def, c.severity, "on")?;
            }
            // Checks a profile or config can turn on.
            for def in definitions(&args.files()?)? {
                if catalogue.find(&def.id).is_none() {
                    list_line(out, &def, def.severity, "off")?;
                }
            }
            Ok(ExitCode::Ok)
        }
        ChecksCommand::Show {
            id,
            catalogue: args,
        } => {
            let catalogue = args.load()?;
            if let Some(c) = catalogue.find(&id) {
                show(c, out)?;
                return Ok(ExitCode::Ok);
            }
            let files = args.files()?;
            let Some(def) = definitions(&files)?.into_iter().find(|d| d.answers_to(&id)) else {
                anyhow::bail!("no check `{id}` (see `orgaudit checks list`)");
            };
            let config = AuditConfig {
                only: Some(vec![def.id.clone()]),
                ..AuditConfig::default()
            };
            let one = build_catalogue(&files, Some(("checks show", &config)))?;
            if let Some(c) = one.checks.first() {
                show(c, out)?;
            }
            writeln!(
                out,
                "\nThis check is off: enable it in a profile or with --config."
            )?;
            Ok(ExitCode::Ok)
        }
        ChecksCommand::Fields => {
            crate::checks::fields::write_reference(out)?;
            Ok(ExitCode::Ok)
        }
        ChecksCommand::Validate { dir } => {
            let files = match &dir {
                // Custom checks map to the built-in frameworks.
                Some(d) => builtin_files()
                    .into_iter()
                    .filter(is_framework)
                    .chain(read_dir(d)?)
                    .collect(),
                None => builtin_files(),
            };
            // Compiles every check, including those off by default.
            let catalogue = build_catalogue(&files, None)?;
            let all = definitions(&files)?.len();
            writeln!(
                out,
                "{all} checks valid, {} on by default ({})",
                catalogue.checks.len(),
                catalogue.digest
            )?;
            Ok(ExitCode::Ok)
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
        if let Some(applies) = &cond.applies {
            writeln!(out, "\nApplies when: {}", applies.trim())?;
        }
        if let (Some(pass), Some(expected)) = (&cond.pass, &cond.expected) {
            writeln!(out, "\nPasses when: {}\nExpected: {expected}", pass.trim())?;
        }
    }
    writeln!(out, "\nReferences:")?;
    for r in &d.references {
        writeln!(out, "  {r}")?;
    }
    Ok(())
}
