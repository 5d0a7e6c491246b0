//! Diagnostics for every file orgaudit loads (check files, configs,
//! waivers): errors that name the file, line and column.

use std::path::PathBuf;

/// A source file: where it came from and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// `checks/iam/x.toml` for built-ins, the real path otherwise.
    pub name: String,
    /// Path relative to the catalogue root, used for the stem and area.
    pub relative: PathBuf,
    pub text: String,
    /// Shipped with orgaudit (only these must use the `OA-` id prefix).
    pub builtin: bool,
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum LoadError {
    #[error("{file}:{line}:{column}: {message}")]
    At {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{file}: {message}")]
    File { file: String, message: String },
}

/// All the errors found, so a user fixes them in one pass.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
pub struct LoadErrors(pub Vec<LoadError>);

pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rfind('\n')
        .map(|i| before.len() - i)
        .unwrap_or(before.len() + 1);
    (line, column)
}

pub fn toml_error(file: &SourceFile, e: &toml::de::Error) -> LoadError {
    let (line, column) = e
        .span()
        .map(|s| line_col(&file.text, s.start))
        .unwrap_or((1, 1));
    LoadError::At {
        file: file.name.clone(),
        line,
        column,
        message: e.message().to_string(),
    }
}

/// The closest name, when it is close enough to be a typo.
pub fn suggestion<'n>(wanted: &str, names: impl Iterator<Item = &'n str>) -> Option<&'n str> {
    names
        .map(|n| (strsim::damerau_levenshtein(wanted, n), n))
        .filter(|(d, n)| *d <= (wanted.len().max(n.len()) / 3).max(1))
        .min()
        .map(|(_, n)| n)
}
