//! Parsing and validating check definitions: TOML, ids, slugs, uniqueness,
//! and compiling their CEL with errors located in the file.

use super::source::{is_check, locate, toml_error, LoadError, LoadErrors, SourceFile};
use crate::checks::definition::CheckDef;
use crate::checks::expr::Compiled;
use crate::checks::template::Template;
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

/// Check ids are `OA-<AREA>-<NNN>`.
fn valid_id(id: &str) -> bool {
    let parts: Vec<&str> = id.split('-').collect();
    parts.len() == 3
        && parts[0] == "OA"
        && !parts[1].is_empty()
        && parts[1].chars().all(|c| c.is_ascii_uppercase())
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
        if !valid_id(&def.id) {
            problem(
                "id",
                &def.id,
                format!("id `{}` must look like OA-IAM-001", def.id),
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
