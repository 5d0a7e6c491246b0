//! Parsing and validating check definitions: TOML, ids, slugs, uniqueness,
//! and compiling their CEL with errors located in the file.

use super::source::{is_check, line_col, locate, toml_error, LoadError, LoadErrors, SourceFile};
use crate::checks::definition::CheckDef;
use crate::checks::expr::Compiled;
use crate::checks::fields::{account_shape, params_shape, resource_shape, unknown_paths, Shape};
use crate::checks::template::{parts, Part, Template};
use std::collections::BTreeMap;

/// The value, or `None` after recording the error at the line where
/// `source` (or failing that, `field =`) is written in the file.
pub(super) fn located<T>(
    file: &SourceFile,
    field: &str,
    source: &str,
    result: Result<T, String>,
    errors: &mut Vec<LoadError>,
) -> Option<T> {
    result
        .map_err(|message| {
            let (line, column) = locate(file, source, field);
            errors.push(LoadError::At {
                file: file.name.clone(),
                line,
                column,
                message,
            });
        })
        .ok()
}

pub(super) fn compile(
    file: &SourceFile,
    field: &str,
    source: &str,
    errors: &mut Vec<LoadError>,
) -> Option<Compiled> {
    let result = Compiled::compile(source).map_err(|e| format!("`{field}` is not valid CEL: {e}"));
    located(file, field, source, result, errors)
}

/// The CEL variables a check sees, by name.
pub(super) fn variables(def: &CheckDef) -> BTreeMap<&'static str, Shape> {
    [
        ("account", account_shape()),
        ("resource", resource_shape(def.scope)),
        ("params", params_shape(def.params.keys())),
    ]
    .into_iter()
    .collect()
}

/// Record every path of `source` that no view has, at its line and column
/// in the file (`base`: the expression's offset within `source`).
fn check_paths(
    file: &SourceFile,
    field: &str,
    source: &str,
    expr: (usize, &str),
    variables: &BTreeMap<&str, Shape>,
    errors: &mut Vec<LoadError>,
) {
    let (base, expr) = expr;
    let lead = expr.len() - expr.trim_start().len();
    for p in unknown_paths(expr, variables) {
        let (line, column) = match file.text.find(source) {
            Some(start) => line_col(&file.text, start + base + lead + p.offset),
            None => locate(file, source, field),
        };
        errors.push(LoadError::At {
            file: file.name.clone(),
            line,
            column,
            message: format!("`{field}`: {}", p.message),
        });
    }
}

/// Check the paths of a condition expression.
pub(super) fn expression_paths(
    file: &SourceFile,
    field: &str,
    source: &str,
    variables: &BTreeMap<&str, Shape>,
    errors: &mut Vec<LoadError>,
) {
    check_paths(file, field, source, (0, source), variables, errors);
}

/// Check the paths of every placeholder of a message template.
pub(super) fn template_paths(
    file: &SourceFile,
    field: &str,
    source: &str,
    variables: &BTreeMap<&str, Shape>,
    errors: &mut Vec<LoadError>,
) {
    for part in parts(source).unwrap_or_default() {
        if let Part::Placeholder(offset, expr) = part {
            check_paths(file, field, source, (offset, expr), variables, errors);
        }
    }
}

pub(super) fn template(
    file: &SourceFile,
    field: &str,
    source: &str,
    errors: &mut Vec<LoadError>,
) -> Option<Template> {
    let result = Template::compile(source).map_err(|m| format!("`{field}`: {m}"));
    located(file, field, source, result, errors)
}

/// What is wrong with a check's [condition] for its kind, if anything.
fn condition_problem(def: &CheckDef) -> Option<&'static str> {
    match (&def.condition, def.manual) {
        (None, false) => Some("a check has a [condition] unless it is `manual = true`"),
        (Some(c), false) if !c.is_automated() => {
            Some("[condition] needs `pass`, `observed` and `expected`")
        }
        (Some(c), true) if !c.is_applicability_only() => {
            Some("a `manual = true` check's [condition] holds only `applies` and `not_applicable`")
        }
        _ => None,
    }
}

/// Check ids are `<PREFIX>-<AREA>-<NNN>`: `OA` for the built-in
/// catalogue, any upper-case prefix (`ACME`) for custom checks.
fn valid_id(id: &str, builtin: bool) -> bool {
    let upper = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_uppercase());
    let parts: Vec<&str> = id.split('-').collect();
    let prefix_ok = match parts.first() {
        Some(p) if builtin => *p == "OA",
        Some(p) => {
            p.len() <= 16
                && p.starts_with(|c: char| c.is_ascii_uppercase())
                && p.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        }
        None => false,
    };
    parts.len() == 3
        && prefix_ok
        && upper(parts[1])
        && parts[2].len() == 3
        && parts[2].chars().all(|c| c.is_ascii_digit())
}

fn valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
}

/// Parse and validate check definitions (no overrides yet).
pub(super) fn parse_checks(
    files: &[SourceFile],
    errors: &mut Vec<LoadError>,
) -> Vec<(SourceFile, CheckDef)> {
    let mut defs = Vec::new();
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for file in files.iter().filter(|f| is_check(f)) {
        let def: CheckDef = match toml::from_str(&file.text) {
            Ok(d) => d,
            Err(e) => {
                errors.push(toml_error(file, &e));
                continue;
            }
        };
        let stem = file
            .relative
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let mut problem = |key: &str, needle: &str, message: String| {
            let (line, column) = locate(file, needle, key);
            errors.push(LoadError::At {
                file: file.name.clone(),
                line,
                column,
                message,
            });
        };
        if def.slug != stem {
            problem(
                "slug",
                &def.slug,
                format!("slug `{}` must equal the file stem `{stem}`", def.slug),
            );
        }
        if !valid_slug(&def.slug) {
            problem(
                "slug",
                &def.slug,
                format!("slug `{}` must be kebab-case", def.slug),
            );
        }
        if !valid_id(&def.id, file.builtin) {
            let shape = if file.builtin {
                "OA-IAM-001"
            } else {
                "ACME-IAM-001 (prefix, area, three digits)"
            };
            problem(
                "id",
                &def.id,
                format!("id `{}` must look like {shape}", def.id),
            );
        }
        if let Some(message) = condition_problem(&def) {
            problem("condition", "[condition]", message.to_string());
        }
        for name in std::iter::once(&def.id)
            .chain(std::iter::once(&def.slug))
            .chain(def.aliases.iter())
        {
            if let Some(other) = names.insert(name.clone(), file.name.clone()) {
                problem("id", name, format!("`{name}` is already used by {other}"));
            }
        }
        defs.push((file.clone(), def));
    }
    defs
}

/// Every check definition in the files, enabled or not (no overrides).
pub fn definitions(files: &[SourceFile]) -> Result<Vec<CheckDef>, LoadErrors> {
    let mut errors = Vec::new();
    let defs = parse_checks(files, &mut errors);
    if errors.is_empty() {
        Ok(defs.into_iter().map(|(_, d)| d).collect())
    } else {
        Err(LoadErrors(errors))
    }
}
