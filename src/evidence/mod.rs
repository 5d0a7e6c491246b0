//! The evidence bundle for security reviews (`audit --evidence DIR`): the
//! snapshot, the results, every report, the framework view and a manifest
//! with the SHA-256 of every file; `evidence verify DIR` checks it.

mod manifest;
mod verify;

pub use manifest::{redacted_command_line, Manifest, ManifestFile, MANIFEST};
pub use verify::{verify, Mismatch};

use crate::output::{write_atomic, write_json_atomic, OutputError};
use crate::report::{write_reports, Format, ReportError, Templates};
use crate::results::AuditResults;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const SNAPSHOT: &str = "snapshot.json";
pub const FRAMEWORKS: &str = "frameworks.json";

/// Where the snapshot in the bundle comes from.
pub enum SnapshotSource<'a> {
    /// Copied byte for byte (`--snapshot FILE`).
    File(&'a Path),
    /// Written from memory (a live collection).
    Value(&'a crate::snapshot::Snapshot),
}

pub fn sha256_file(path: &Path) -> std::io::Result<(String, u64)> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let bytes = std::io::copy(&mut file, &mut hasher)?;
    Ok((format!("{:x}", hasher.finalize()), bytes))
}

/// Write the bundle; the manifest goes last, so a bundle with a manifest is
/// complete.
pub fn write_bundle(
    dir: &Path,
    results: &AuditResults,
    snapshot: SnapshotSource,
    templates: &Templates,
    command_line: Vec<String>,
) -> Result<PathBuf, ReportError> {
    let mut files = write_reports(results, dir, &Format::ALL, templates)?;
    let snapshot_path = dir.join(SNAPSHOT);
    match snapshot {
        SnapshotSource::File(source) => write_atomic(&snapshot_path, |w| {
            let mut input = std::fs::File::open(source)?;
            std::io::copy(&mut input, w).map(|_| ())
        })?,
        SnapshotSource::Value(s) => write_json_atomic(&snapshot_path, s)?,
    }
    files.push(snapshot_path);
    let frameworks_path = dir.join(FRAMEWORKS);
    write_json_atomic(&frameworks_path, &crate::report::framework_view(results))?;
    files.push(frameworks_path);
    let mut listed = Vec::new();
    for path in &files {
        let (sha256, bytes) = sha256_file(path).map_err(|source| OutputError {
            path: path.clone(),
            source,
        })?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        listed.push(ManifestFile {
            path: name,
            sha256,
            bytes,
        });
    }
    listed.sort_by(|a, b| a.path.cmp(&b.path));
    let manifest = Manifest {
        schema_version: manifest::MANIFEST_SCHEMA_VERSION,
        tool: results.tool.clone(),
        ruleset_digest: results.ruleset_digest.clone(),
        profile: results.profile.clone(),
        parameters: results
            .checks
            .iter()
            .map(|c| (c.id.clone(), c.params.clone()))
            .collect::<BTreeMap<_, _>>(),
        caller: results.collection.caller.clone(),
        organization_id: results.collection.organization_id.clone(),
        collection_started_at: results.collection.started_at,
        collection_finished_at: results.collection.finished_at,
        evaluated_at: results.evaluated_at,
        command_line,
        files: listed,
    };
    let path = dir.join(MANIFEST);
    write_json_atomic(&path, &manifest)?;
    Ok(path)
}
