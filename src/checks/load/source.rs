//! Where check files come from (the embedded catalogue or a directory), and
//! load errors that name the file, line and column.

use std::path::{Path, PathBuf};

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_checks.rs"));
}

pub use crate::diagnostics::{line_col, toml_error, LoadError, LoadErrors, SourceFile};

/// Where in the file an expression (or, failing that, a key) is written.
pub(super) fn locate(file: &SourceFile, needle: &str, key: &str) -> (usize, usize) {
    let offset = file
        .text
        .find(needle)
        .or_else(|| file.text.find(&format!("{key} =")))
        .unwrap_or(0);
    line_col(&file.text, offset)
}

/// The files of a catalogue directory (checks and profiles).
pub fn read_dir(dir: &Path) -> Result<Vec<SourceFile>, LoadErrors> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<SourceFile>, errors: &mut Vec<LoadError>) {
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                errors.push(LoadError::File {
                    file: dir.display().to_string(),
                    message: format!("cannot read directory: {e}"),
                });
                return;
            }
        };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            if path.is_dir() {
                walk(root, &path, out, errors);
            } else if path.extension().is_some_and(|e| e == "toml") {
                match std::fs::read_to_string(&path) {
                    Ok(text) => out.push(SourceFile {
                        name: path.display().to_string(),
                        relative: path.strip_prefix(root).unwrap_or(&path).to_path_buf(),
                        text,
                        builtin: false,
                    }),
                    Err(e) => errors.push(LoadError::File {
                        file: path.display().to_string(),
                        message: format!("cannot read: {e}"),
                    }),
                }
            }
        }
    }
    let mut files = Vec::new();
    let mut errors = Vec::new();
    walk(dir, dir, &mut files, &mut errors);
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(LoadErrors(errors))
    }
}

/// The catalogue compiled into the binary.
pub fn builtin_files() -> Vec<SourceFile> {
    builtin::BUILTIN_FILES
        .iter()
        .map(|(rel, text)| SourceFile {
            name: format!("checks/{rel}"),
            relative: PathBuf::from(rel),
            text: text.to_string(),
            builtin: true,
        })
        .collect()
}

pub(super) fn is_profile(file: &SourceFile) -> bool {
    file.relative.starts_with("profiles")
}

pub fn is_framework(file: &SourceFile) -> bool {
    file.relative.starts_with("frameworks")
}

pub(super) fn is_check(file: &SourceFile) -> bool {
    !is_profile(file) && !is_framework(file)
}
