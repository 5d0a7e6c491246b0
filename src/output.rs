//! Atomic output: write to a temporary file beside the target, flush it to
//! disk, then rename. A reader never sees half a file, and a failed run
//! leaves the previous file in place.

use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
#[error("cannot write {path}: {source}")]
pub struct OutputError {
    pub path: PathBuf,
    pub source: std::io::Error,
}

/// Who may read a file orgaudit writes. Snapshots and evidence bundles
/// hold raw account details (e-mail addresses, IAM names, the credential
/// report): owner only (0600). Reports are made to be shared (published by
/// CI, sent to auditors): they follow the umask, as any command's output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    Private,
    Shared,
}

/// Write `path` atomically, owner-only (see [`Visibility`]).
pub fn write_atomic<F>(path: &Path, write: F) -> Result<(), OutputError>
where
    F: FnOnce(&mut dyn Write) -> std::io::Result<()>,
{
    write_atomic_as(path, Visibility::Private, write)
}

/// Write `path` atomically with the given visibility.
pub fn write_atomic_as<F>(path: &Path, visibility: Visibility, write: F) -> Result<(), OutputError>
where
    F: FnOnce(&mut dyn Write) -> std::io::Result<()>,
{
    let err = |source| OutputError {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".orgaudit-").suffix(".tmp");
    #[cfg(unix)]
    if visibility == Visibility::Shared {
        use std::os::unix::fs::PermissionsExt;
        // 0666 at creation, less the umask (open(2) applies it).
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(err)?;
    {
        let mut buffered = std::io::BufWriter::new(tmp.as_file_mut());
        write(&mut buffered).map_err(err)?;
        buffered.flush().map_err(err)?;
    }
    tmp.as_file().sync_all().map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}

/// Serialize `value` as pretty JSON with a trailing newline, atomically,
/// owner-only.
pub fn write_json_atomic<T: serde::Serialize>(path: &Path, value: &T) -> Result<(), OutputError> {
    write_json_atomic_as(path, Visibility::Private, value)
}

/// As [`write_json_atomic`], with the given visibility.
pub fn write_json_atomic_as<T: serde::Serialize>(
    path: &Path,
    visibility: Visibility,
    value: &T,
) -> Result<(), OutputError> {
    write_atomic_as(path, visibility, |w| {
        serde_json::to_writer_pretty(&mut *w, value).map_err(std::io::Error::other)?;
        w.write_all(b"\n")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_write_keeps_previous_file_and_leaves_no_temp() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("out.json");
        std::fs::write(&target, "previous").expect("seed");
        let result = write_atomic(&target, |w| {
            w.write_all(b"half")?;
            Err(std::io::Error::other("boom"))
        });
        assert!(result.is_err());
        assert_eq!(std::fs::read_to_string(&target).expect("read"), "previous");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).expect("ls").collect();
        assert_eq!(leftovers.len(), 1, "temp file must be removed");
    }

    #[test]
    fn successful_write_replaces_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("out.json");
        write_json_atomic(&target, &serde_json::json!({"a": 1})).expect("write");
        assert_eq!(
            std::fs::read_to_string(&target).expect("read"),
            "{\n  \"a\": 1\n}\n"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn reports_follow_the_umask_and_private_files_stay_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let umask = std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find_map(|l| l.strip_prefix("Umask:"))
                    .and_then(|m| u32::from_str_radix(m.trim(), 8).ok())
            })
            .expect("umask");
        let dir = tempfile::tempdir().expect("tempdir");
        let mode = |name: &str, v: Visibility| {
            let path = dir.path().join(name);
            write_atomic_as(&path, v, |w| w.write_all(b"x")).expect("write");
            std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777
        };
        assert_eq!(mode("report.html", Visibility::Shared), 0o666 & !umask);
        assert_eq!(mode("snapshot.json", Visibility::Private), 0o600);
    }
}
