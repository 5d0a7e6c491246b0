//! Loading the catalogue: parse every check file, validate it as strictly
//! as code, compile its CEL once, apply the profile and config overrides.
//! Errors name the file, line and reason; loading stops the run (exit 2).

mod frameworks;
mod parse;
mod source;

pub use parse::definitions;
pub use source::{
    builtin_files, is_framework, line_col, read_dir, toml_error, LoadError, LoadErrors, SourceFile,
};

use super::cel_env::to_val_owned;
use super::config::{AuditConfig, CheckOverride, Profile};
use super::definition::{CheckDef, Severity};
use super::expr::Compiled;
use super::template::Template;
use crate::diagnostics::suggestion;
use frameworks::read_frameworks;
pub use frameworks::FrameworkFile;
use parse::{compile, expression_paths, parse_checks, template, template_paths, variables};
use sha2::{Digest, Sha256};
use source::{is_profile, locate};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A validated, compiled check with its effective parameters and severity.
#[derive(Debug)]
pub struct Check {
    pub def: CheckDef,
    pub source: String,
    pub severity: Severity,
    pub params: serde_json::Value,
    /// Parameters converted to CEL once, bound by reference at evaluation.
    pub params_val: Box<dyn cel::common::value::Val>,
    pub applies: Option<Compiled>,
    pub pass: Option<Compiled>,
    pub observed: Option<Compiled>,
    /// Shared by every finding of the check.
    pub check_ref: std::sync::Arc<crate::findings::CheckRef>,
    pub msg_pass: Template,
    pub msg_fail: Template,
    pub msg_na: Option<Template>,
}

#[derive(Debug)]
pub struct Catalogue {
    /// Enabled checks, sorted by id.
    pub checks: Vec<Check>,
    /// SHA-256 over every check and profile file used.
    pub digest: String,
    pub profile: Option<String>,
    /// Framework key (`moj`, `cis_v3_0`, ...) → its name and controls.
    pub frameworks: BTreeMap<String, FrameworkFile>,
}

impl Catalogue {
    /// The enabled check with this id, slug or alias.
    pub fn find(&self, name: &str) -> Option<&Check> {
        self.checks.iter().find(|c| c.def.answers_to(name))
    }

    /// `(check id, field)` of every expression that always runs in the
    /// interpreter (outside the direct subset): slower, never different.
    pub fn interpreted(&self) -> Vec<(String, &'static str)> {
        let mut out = Vec::new();
        for c in &self.checks {
            let exprs = [
                ("applies", &c.applies),
                ("pass", &c.pass),
                ("observed", &c.observed),
            ];
            for (field, e) in exprs {
                if e.as_ref().is_some_and(|e| !e.is_direct()) {
                    out.push((c.def.id.clone(), field));
                }
            }
            let templates = [
                ("messages.pass", Some(&c.msg_pass)),
                ("messages.fail", Some(&c.msg_fail)),
                ("not_applicable", c.msg_na.as_ref()),
            ];
            for (field, t) in templates {
                if t.is_some_and(|t| !t.is_direct()) {
                    out.push((c.def.id.clone(), field));
                }
            }
        }
        out
    }

    /// Evaluate every expression in the cel interpreter only: for tests
    /// that hold direct evaluation to the interpreter's results.
    pub fn interpreter_only(&mut self) {
        for check in &mut self.checks {
            for e in [&mut check.applies, &mut check.pass, &mut check.observed]
                .into_iter()
                .flatten()
            {
                e.interpreter_only();
            }
            check.msg_pass.interpreter_only();
            check.msg_fail.interpreter_only();
            if let Some(t) = &mut check.msg_na {
                t.interpreter_only();
            }
        }
    }
}

fn toml_to_json(v: &toml::Value) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

fn merge_override(into: &mut CheckOverride, from: &CheckOverride) {
    if from.enabled.is_some() {
        into.enabled = from.enabled;
    }
    if from.severity.is_some() {
        into.severity = from.severity;
    }
    for (k, v) in &from.params {
        into.params.insert(k.clone(), v.clone());
    }
}

/// Load a catalogue from the given files plus optional profile and config.
pub fn build_catalogue(
    files: &[SourceFile],
    config: Option<(&str, &AuditConfig)>,
) -> Result<Catalogue, LoadErrors> {
    let mut errors = Vec::new();
    let defs = parse_checks(files, &mut errors);
    let by_name: BTreeMap<&str, usize> = defs
        .iter()
        .enumerate()
        .flat_map(|(i, (_, d))| {
            std::iter::once(d.id.as_str())
                .chain(std::iter::once(d.slug.as_str()))
                .chain(d.aliases.iter().map(String::as_str))
                .map(move |n| (n, i))
        })
        .collect();
    let mut overrides: BTreeMap<usize, CheckOverride> = BTreeMap::new();
    let mut apply =
        |source: &str, map: &BTreeMap<String, CheckOverride>, errors: &mut Vec<LoadError>| {
            for (name, o) in map {
                match by_name.get(name.as_str()) {
                    Some(&i) => {
                        let (_, def) = &defs[i];
                        for param in o.params.keys() {
                            if !def.params.contains_key(param) {
                                errors.push(LoadError::File {
                                    file: source.to_string(),
                                    message: format!("check {} has no parameter `{param}`", def.id),
                                });
                            }
                        }
                        merge_override(overrides.entry(i).or_default(), o);
                    }
                    None => errors.push(LoadError::File {
                        file: source.to_string(),
                        message: format!("unknown check id `{name}`"),
                    }),
                }
            }
        };
    let mut digest_files: Vec<&SourceFile> = files.iter().filter(|f| !is_profile(f)).collect();
    let frameworks = read_frameworks(files, &mut errors);
    for (file, def) in &defs {
        for (name, ids) in def.frameworks.entries() {
            if !frameworks.contains_key(name) {
                let (line, column) = locate(file, &format!("{name} ="), name);
                let hint = suggestion(name, frameworks.keys().map(String::as_str))
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                errors.push(LoadError::At {
                    file: file.name.clone(),
                    line,
                    column,
                    message: format!(
                        "unknown framework `{name}`{hint} (each framework is a file in checks/frameworks/)"
                    ),
                });
                continue;
            }
            for id in ids {
                let known = frameworks
                    .get(name)
                    .is_some_and(|f| f.controls.contains_key(id));
                if !known {
                    let (line, column) = locate(file, id, name);
                    errors.push(LoadError::At {
                        file: file.name.clone(),
                        line,
                        column,
                        message: format!(
                            "`{name}` has no control `{id}` (see checks/frameworks/{name}.toml)"
                        ),
                    });
                }
            }
        }
    }
    let mut profile_name = None;
    let mut only: Option<BTreeSet<usize>> = None;
    if let Some((config_path, config)) = config {
        if let Some(name) = &config.profile {
            let wanted = PathBuf::from("profiles").join(format!("{name}.toml"));
            match files.iter().find(|f| f.relative == wanted) {
                Some(file) => match toml::from_str::<Profile>(&file.text) {
                    Ok(profile) => {
                        apply(&file.name, &profile.checks, &mut errors);
                        digest_files.push(file);
                        profile_name = Some(name.clone());
                    }
                    Err(e) => errors.push(toml_error(file, &e)),
                },
                None => errors.push(LoadError::File {
                    file: config_path.to_string(),
                    message: format!("unknown profile `{name}`"),
                }),
            }
        }
        apply(config_path, &config.checks, &mut errors);
        if let Some(list) = &config.only {
            let mut set = BTreeSet::new();
            for name in list {
                match by_name.get(name.as_str()) {
                    Some(&i) => {
                        set.insert(i);
                    }
                    None => errors.push(LoadError::File {
                        file: config_path.to_string(),
                        message: format!("unknown check id `{name}` in `only`"),
                    }),
                }
            }
            only = Some(set);
        }
    }
    let mut checks = Vec::new();
    for (i, (file, def)) in defs.into_iter().enumerate() {
        let o = overrides.remove(&i).unwrap_or_default();
        let selected = only.as_ref().is_none_or(|s| s.contains(&i));
        // Naming a check in `only` runs it even when it is off by default.
        let enabled = match &only {
            Some(_) => selected && o.enabled != Some(false),
            None => o.enabled.unwrap_or(def.enabled),
        };
        let mut params = serde_json::Map::new();
        for (name, p) in &def.params {
            let value = o.params.get(name).unwrap_or(&p.default);
            params.insert(name.clone(), toml_to_json(value));
        }
        let params = serde_json::Value::Object(params);
        let condition = def.condition.clone();
        let vars = variables(&def);
        if let Some(c) = &condition {
            for (field, source) in [
                ("applies", &c.applies),
                ("pass", &c.pass),
                ("observed", &c.observed),
            ] {
                if let Some(source) = source {
                    expression_paths(&file, field, source, &vars, &mut errors);
                }
            }
            if let Some(source) = &c.not_applicable {
                template_paths(&file, "not_applicable", source, &vars, &mut errors);
            }
        }
        template_paths(&file, "pass", &def.messages.pass, &vars, &mut errors);
        template_paths(&file, "fail", &def.messages.fail, &vars, &mut errors);
        let applies = condition
            .as_ref()
            .and_then(|c| c.applies.as_ref())
            .and_then(|s| compile(&file, "applies", s, &mut errors));
        let pass = condition
            .as_ref()
            .and_then(|c| c.pass.as_ref())
            .and_then(|s| compile(&file, "pass", s, &mut errors));
        let observed = condition
            .as_ref()
            .and_then(|c| c.observed.as_ref())
            .and_then(|s| compile(&file, "observed", s, &mut errors));
        let msg_na = condition
            .as_ref()
            .and_then(|c| c.not_applicable.as_ref())
            .and_then(|s| template(&file, "not_applicable", s, &mut errors));
        let msg_pass = template(&file, "pass", &def.messages.pass, &mut errors);
        let msg_fail = template(&file, "fail", &def.messages.fail, &mut errors);
        // Disabled checks are compiled too, so validation covers them.
        let (Some(msg_pass), Some(msg_fail)) = (msg_pass, msg_fail) else {
            continue;
        };
        if !enabled {
            continue;
        }
        checks.push(Check {
            check_ref: std::sync::Arc::new(crate::findings::CheckRef {
                id: def.id.clone(),
                slug: def.slug.clone(),
            }),
            severity: o.severity.unwrap_or(def.severity),
            params_val: to_val_owned(&params),
            params,
            source: file.name.clone(),
            def,
            applies,
            pass,
            observed,
            msg_pass,
            msg_fail,
            msg_na,
        });
    }
    if !errors.is_empty() {
        return Err(LoadErrors(errors));
    }
    checks.sort_by(|a, b| a.def.id.cmp(&b.def.id));
    let mut hasher = Sha256::new();
    digest_files.sort_by(|a, b| a.relative.cmp(&b.relative));
    for f in digest_files {
        hasher.update(f.relative.to_string_lossy().as_bytes());
        hasher.update([0]);
        hasher.update(f.text.as_bytes());
        hasher.update([0]);
    }
    if let Some((_, config)) = config {
        hasher.update(format!("{config:?}").as_bytes());
    }
    Ok(Catalogue {
        checks,
        digest: format!("sha256:{:x}", hasher.finalize()),
        profile: profile_name,
        frameworks,
    })
}

/// Read and parse a `--config` file.
pub fn read_config(path: &Path) -> Result<AuditConfig, LoadErrors> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        LoadErrors(vec![LoadError::File {
            file: path.display().to_string(),
            message: format!("cannot read: {e}"),
        }])
    })?;
    let file = SourceFile {
        name: path.display().to_string(),
        relative: PathBuf::from(path.file_name().unwrap_or_default()),
        text,
        builtin: false,
    };
    toml::from_str(&file.text).map_err(|e| LoadErrors(vec![toml_error(&file, &e)]))
}
