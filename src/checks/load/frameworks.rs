//! Framework control lists (`checks/frameworks/*.toml`): every control of
//! the framework version, checked or not, so a report can show what nobody
//! checks; every mapping in a check must name a control listed there.

use super::source::{is_framework, toml_error, LoadError, SourceFile};
use std::collections::BTreeMap;

/// A framework file: its name and version, where its control list came
/// from, and control id → title.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FrameworkFile {
    pub name: String,
    pub version: String,
    /// The published list the controls were copied from (title or URL).
    /// Empty only in results written before it was recorded.
    #[serde(default)]
    pub source: String,
    pub controls: BTreeMap<String, String>,
}

/// Every framework's controls, keyed by the framework key (file stem).
pub(super) fn read_frameworks(
    files: &[SourceFile],
    errors: &mut Vec<LoadError>,
) -> BTreeMap<String, FrameworkFile> {
    let mut out = BTreeMap::new();
    for file in files.iter().filter(|f| is_framework(f)) {
        let key = file
            .relative
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        match toml::from_str::<FrameworkFile>(&file.text) {
            Ok(f) => match out.entry(key) {
                // A new framework must say where its control list came from.
                std::collections::btree_map::Entry::Vacant(_) if f.source.trim().is_empty() => {
                    errors.push(LoadError::File {
                        file: file.name.clone(),
                        message: "a framework file needs `source`: the published control list \
                                  it copies (title or URL)"
                            .to_string(),
                    });
                }
                std::collections::btree_map::Entry::Vacant(slot) => {
                    slot.insert(f);
                }
                // A custom directory may add controls to a built-in framework.
                std::collections::btree_map::Entry::Occupied(mut slot) => {
                    slot.get_mut().controls.extend(f.controls);
                }
            },
            Err(e) => errors.push(toml_error(file, &e)),
        }
    }
    out
}
