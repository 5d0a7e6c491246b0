//! Reading a snapshot back, with errors that name the file and line.

use super::{Snapshot, SCHEMA_VERSION};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum SnapshotLoadError {
    #[error("cannot read snapshot {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: not a valid orgaudit snapshot: {reason}")]
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        reason: String,
    },
    #[error(
        "{path}: snapshot schema_version {found} is not supported (this orgaudit reads {expected})"
    )]
    Version {
        path: PathBuf,
        found: u64,
        expected: u32,
    },
}

/// Load and validate a snapshot file.
pub fn load_snapshot(path: &Path) -> Result<Snapshot, SnapshotLoadError> {
    let text = std::fs::read_to_string(path).map_err(|source| SnapshotLoadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_snapshot(path, &text)
}

/// Validate a snapshot's text; `path` names it in errors.
pub fn parse_snapshot(path: &Path, text: &str) -> Result<Snapshot, SnapshotLoadError> {
    /// Only the version, so a large file is not parsed into a tree first.
    #[derive(serde::Deserialize)]
    struct Probe {
        schema_version: Option<serde_json::Value>,
    }
    let invalid = |e: serde_json::Error| SnapshotLoadError::Invalid {
        path: path.to_path_buf(),
        line: e.line(),
        column: e.column(),
        reason: e.to_string(),
    };
    // Check the version first so an old or future file gets the right message.
    let probe: Probe = serde_json::from_str(text).map_err(invalid)?;
    let found = probe.schema_version.as_ref().and_then(|v| v.as_u64());
    match found {
        Some(v) if v == u64::from(SCHEMA_VERSION) => {}
        Some(v) => {
            return Err(SnapshotLoadError::Version {
                path: path.to_path_buf(),
                found: v,
                expected: SCHEMA_VERSION,
            })
        }
        None => {
            return Err(SnapshotLoadError::Invalid {
                path: path.to_path_buf(),
                line: 1,
                column: 1,
                reason: "missing numeric `schema_version`".to_string(),
            })
        }
    }
    serde_json::from_str(text).map_err(invalid)
}
