//! `manifest.json`: what the bundle holds and how it was made.

use crate::snapshot::{CallerIdentity, ToolInfo};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const MANIFEST: &str = "manifest.json";
pub const MANIFEST_SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub schema_version: u32,
    pub tool: ToolInfo,
    pub ruleset_digest: String,
    pub profile: Option<String>,
    /// Effective parameters per check id.
    pub parameters: BTreeMap<String, serde_json::Value>,
    pub caller: CallerIdentity,
    pub organization_id: Option<String>,
    pub collection_started_at: Timestamp,
    pub collection_finished_at: Timestamp,
    pub evaluated_at: Timestamp,
    /// The command line, secret values replaced by `<redacted>`.
    pub command_line: Vec<String>,
    pub files: Vec<ManifestFile>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ManifestFile {
    /// Relative to the bundle directory.
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
}

/// Options whose values are secret.
const SECRET_OPTIONS: [&str; 1] = ["--external-id"];

/// The arguments with every secret option's value replaced.
pub fn redacted_command_line(args: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out = Vec::new();
    let mut hide_next = false;
    for arg in args {
        if hide_next {
            out.push("<redacted>".to_string());
            hide_next = false;
            continue;
        }
        match SECRET_OPTIONS
            .iter()
            .find(|o| arg == **o || arg.starts_with(&format!("{o}=")))
        {
            Some(option) if arg == *option => {
                hide_next = true;
                out.push(arg);
            }
            Some(option) => out.push(format!("{option}=<redacted>")),
            None => out.push(arg),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::redacted_command_line;

    #[test]
    fn secret_values_are_redacted() {
        let args = [
            "orgaudit",
            "audit",
            "--external-id",
            "s3cr3t",
            "--external-id=x",
            "--out",
            "d",
        ];
        let out = redacted_command_line(args.iter().map(|s| s.to_string()));
        assert_eq!(
            out,
            [
                "orgaudit",
                "audit",
                "--external-id",
                "<redacted>",
                "--external-id=<redacted>",
                "--out",
                "d"
            ]
        );
    }
}
