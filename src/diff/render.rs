//! The diff as a terminal table and as Markdown for a pull-request comment.

use super::{Change, Diff};
use std::io::Write;

/// Rows listed per section; the rest are counted.
const ROWS: usize = 50;

fn status(s: Option<crate::findings::Status>) -> &'static str {
    s.map(|s| s.as_str()).unwrap_or("(absent)")
}

fn sections(diff: &Diff) -> [(&'static str, &[Change]); 5] {
    [
        ("New failures", &diff.new_failures),
        (
            "Lost visibility (not read in this run)",
            &diff.lost_visibility,
        ),
        ("Resolved", &diff.resolved),
        ("Severity changes", &diff.severity_changes),
        ("Still failing", &diff.still_failing),
    ]
}

pub fn table(diff: &Diff, out: &mut dyn Write) -> std::io::Result<()> {
    for w in &diff.warnings {
        writeln!(out, "warning: {w}")?;
    }
    writeln!(
        out,
        "{} new failures, {} resolved, {} still failing, {} lost visibility, {} out of scope, {} severity changes, {} checks added, {} removed",
        diff.new_failures.len(),
        diff.resolved.len(),
        diff.still_failing.len(),
        diff.lost_visibility.len(),
        diff.out_of_scope.len(),
        diff.severity_changes.len(),
        diff.checks_added.len(),
        diff.checks_removed.len()
    )?;
    for (title, rows) in sections(diff) {
        if rows.is_empty() || title == "Still failing" {
            continue;
        }
        writeln!(out, "\n{title}:")?;
        for c in rows.iter().take(ROWS) {
            writeln!(
                out,
                "  {:<12} {:<9} {:<14} {:<12} {} -> {}  {}",
                c.check_id,
                c.severity.as_str(),
                c.account_id,
                c.region.as_deref().unwrap_or("-"),
                status(c.previous_status),
                status(c.current_status),
                c.resource
            )?;
        }
        if rows.len() > ROWS {
            writeln!(out, "  ... and {} more", rows.len() - ROWS)?;
        }
    }
    for (label, ids) in [
        ("added", &diff.checks_added),
        ("removed", &diff.checks_removed),
    ] {
        if !ids.is_empty() {
            writeln!(out, "\nchecks {label}: {}", ids.join(", "))?;
        }
    }
    Ok(())
}

/// Markdown cells: pipes and line breaks would break the table; angle
/// brackets would become HTML in most renderers (names are untrusted).
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace(['\n', '\r'], " ")
}

pub fn markdown(diff: &Diff, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "### orgaudit: changes since the previous run\n")?;
    for w in &diff.warnings {
        writeln!(out, "> **Warning:** {}\n", cell(w))?;
    }
    writeln!(out, "| | count |\n|---|---|")?;
    writeln!(out, "| New failures | {} |", diff.new_failures.len())?;
    writeln!(out, "| Resolved | {} |", diff.resolved.len())?;
    writeln!(out, "| Still failing | {} |", diff.still_failing.len())?;
    writeln!(out, "| Lost visibility | {} |", diff.lost_visibility.len())?;
    writeln!(
        out,
        "| Out of scope (accounts this run did not cover) | {} |",
        diff.out_of_scope.len()
    )?;
    writeln!(
        out,
        "| Severity changes | {} |",
        diff.severity_changes.len()
    )?;
    writeln!(
        out,
        "| Checks added / removed | {} / {} |",
        diff.checks_added.len(),
        diff.checks_removed.len()
    )?;
    for (title, rows) in sections(diff) {
        if rows.is_empty() || title == "Still failing" {
            continue;
        }
        writeln!(out, "\n#### {title}\n")?;
        writeln!(
            out,
            "| Check | Severity | Account | Region | Resource | Status | Message |"
        )?;
        writeln!(out, "|---|---|---|---|---|---|---|")?;
        for c in rows.iter().take(ROWS) {
            let account = match &c.account_name {
                Some(n) => format!("{} ({})", n, c.account_id),
                None => c.account_id.clone(),
            };
            writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} → {} | {} |",
                cell(&c.check_id),
                c.severity.as_str(),
                cell(&account),
                cell(c.region.as_deref().unwrap_or("")),
                cell(&c.resource),
                status(c.previous_status),
                status(c.current_status),
                cell(&c.message)
            )?;
        }
        if rows.len() > ROWS {
            writeln!(out, "\n{} more in diff.json.", rows.len() - ROWS)?;
        }
    }
    Ok(())
}
