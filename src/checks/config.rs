//! User configuration (`--config FILE`) and profiles (`checks/profiles/`):
//! parameter and severity overrides, enabled and disabled checks.

use super::definition::Severity;
use serde::Deserialize;
use std::collections::BTreeMap;

/// Overrides for one check, keyed by its id, slug or alias.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CheckOverride {
    pub enabled: Option<bool>,
    pub severity: Option<Severity>,
    #[serde(default)]
    pub params: BTreeMap<String, toml::Value>,
}

/// A profile file: named overrides shipped with the catalogue.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub description: String,
    #[serde(default)]
    pub checks: BTreeMap<String, CheckOverride>,
}

/// The `--config` file.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AuditConfig {
    /// A profile from `checks/profiles/` applied before the overrides below.
    pub profile: Option<String>,
    /// When set, only these checks run (ids, slugs or aliases).
    pub only: Option<Vec<String>>,
    #[serde(default)]
    pub checks: BTreeMap<String, CheckOverride>,
}
