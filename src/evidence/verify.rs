//! `evidence verify DIR`: recompute every file's SHA-256 against the
//! manifest.

use super::manifest::{Manifest, MANIFEST};
use super::sha256_file;
use std::path::Path;

#[derive(Debug, PartialEq, Eq)]
pub enum Mismatch {
    Missing(String),
    Changed {
        path: String,
        expected: String,
        actual: String,
    },
    /// A file in the directory the manifest does not list.
    Unlisted(String),
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mismatch::Missing(p) => write!(f, "{p}: missing"),
            Mismatch::Changed {
                path,
                expected,
                actual,
            } => write!(f, "{path}: sha256 {actual}, manifest says {expected}"),
            Mismatch::Unlisted(p) => write!(f, "{p}: not listed in the manifest"),
        }
    }
}

/// The manifest and every mismatch (none: the bundle is intact). An
/// unreadable or malformed manifest is an error.
pub fn verify(dir: &Path) -> anyhow::Result<(Manifest, Vec<Mismatch>)> {
    let path = dir.join(MANIFEST);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    let manifest: Manifest = serde_json::from_str(&text)
        .map_err(|e| anyhow::anyhow!("{}:{}: {e}", path.display(), e.line()))?;
    let mut problems = Vec::new();
    for file in &manifest.files {
        // Names are plain file names: refuse anything that could leave the bundle.
        if file.path.contains(['/', '\\']) || file.path.starts_with('.') {
            anyhow::bail!("{}: unsafe file name `{}`", path.display(), file.path);
        }
        match sha256_file(&dir.join(&file.path)) {
            Err(_) => problems.push(Mismatch::Missing(file.path.clone())),
            Ok((actual, _)) if actual != file.sha256 => problems.push(Mismatch::Changed {
                path: file.path.clone(),
                expected: file.sha256.clone(),
                actual,
            }),
            Ok(_) => {}
        }
    }
    let entries = std::fs::read_dir(dir)
        .map_err(|e| anyhow::anyhow!("cannot list {}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if name != MANIFEST && !manifest.files.iter().any(|f| f.path == name) {
            problems.push(Mismatch::Unlisted(name));
        }
    }
    Ok((manifest, problems))
}
