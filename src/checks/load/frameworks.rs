//! Framework control lists (`checks/frameworks/*.toml`): every mapping in a
//! check must name a control listed there.

use super::source::{is_framework, toml_error, LoadError, SourceFile};
use std::collections::BTreeMap;

/// A framework file: control id → title.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
// `name` and `version` are required by the file format (and validated here)
// but not used by evaluation.
#[allow(dead_code)]
pub struct FrameworkFile {
    pub name: String,
    pub version: String,
    pub controls: BTreeMap<String, String>,
}

/// Every framework's controls, keyed by the framework key (file stem).
pub(super) fn read_frameworks(
    files: &[SourceFile],
    errors: &mut Vec<LoadError>,
) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for file in files.iter().filter(|f| is_framework(f)) {
        let key = file
            .relative
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        match toml::from_str::<FrameworkFile>(&file.text) {
            Ok(f) => {
                out.entry(key)
                    .or_insert_with(BTreeMap::new)
                    .extend(f.controls);
            }
            Err(e) => errors.push(toml_error(file, &e)),
        }
    }
    out
}
