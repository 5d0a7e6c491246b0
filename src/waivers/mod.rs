//! Waivers (`--waivers FILE`): an accepted risk, scoped to a check and to
//! accounts, OU paths or resources (anchored globs), with a reason, an owner
//! and an expiry no further ahead than the configured horizon. A waived
//! FAIL or UNKNOWN is reported as WAIVED and does not fail the gate; an
//! expired waiver stops applying; both expired and unused waivers are
//! reported.

mod glob;

use crate::checks::Catalogue;
use crate::diagnostics::{line_col, toml_error, LoadError, LoadErrors, SourceFile};
use crate::findings::{Finding, Findings, Status};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Default `--waiver-max-days`: a waiver is re-approved at least yearly.
pub const DEFAULT_MAX_DAYS: i64 = 365;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WaiverFile {
    #[serde(default)]
    waiver: Vec<toml::Spanned<Entry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    check: String,
    #[serde(default)]
    accounts: Vec<String>,
    #[serde(default)]
    ou_paths: Vec<String>,
    #[serde(default)]
    resources: Vec<String>,
    reason: String,
    owner: String,
    /// A TOML date (`2027-03-31`) or the same as a string.
    expires: toml::Value,
    ticket: Option<String>,
}

pub use crate::vocab::Waiver;

impl Waiver {
    fn covers(&self, f: &Finding) -> bool {
        let ou = f.account.ou_path.as_deref().unwrap_or("");
        f.check.id == self.check_id
            && (self.accounts.is_empty() || self.accounts.iter().any(|a| *a == f.account.id))
            && (self.ou_paths.is_empty() || self.ou_paths.iter().any(|p| glob::matches(p, ou)))
            && (self.resources.is_empty()
                || self.resources.iter().any(|p| {
                    glob::matches(p, &f.resource.id) || glob::matches(p, &f.resource.name)
                }))
    }
}

/// What became of each waiver in a run.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WaiverUse {
    pub waiver: Arc<Waiver>,
    pub state: WaiverState,
    /// Findings it waived (0 when expired or unused).
    pub waived: usize,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WaiverState {
    Applied,
    /// Past its expiry date: no longer applies.
    Expired,
    /// In force but matched no FAIL or UNKNOWN result.
    Unused,
}

fn date(value: &toml::Value) -> Result<Date, String> {
    let text = match value {
        toml::Value::Datetime(d) => d.to_string(),
        toml::Value::String(s) => s.clone(),
        other => {
            return Err(format!(
                "`expires` must be a date, not {}",
                other.type_str()
            ))
        }
    };
    text.parse::<Date>()
        .map_err(|e| format!("`expires = {text}` is not a date (YYYY-MM-DD): {e}"))
}

/// Read and validate a waivers file. `today` is the evaluation date; an
/// expiry beyond `today + max_days` is refused.
pub fn load(
    path: &Path,
    catalogue: &Catalogue,
    today: Date,
    max_days: i64,
) -> Result<Vec<Arc<Waiver>>, LoadErrors> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        LoadErrors(vec![LoadError::File {
            file: name.clone(),
            message: format!("cannot read: {e}"),
        }])
    })?;
    parse(&name, text, catalogue, today, max_days)
}

/// Validate a waivers file's text; `name` names it in errors.
pub fn parse(
    name: &str,
    text: String,
    catalogue: &Catalogue,
    today: Date,
    max_days: i64,
) -> Result<Vec<Arc<Waiver>>, LoadErrors> {
    let name = name.to_string();
    let file = SourceFile {
        name: name.clone(),
        relative: PathBuf::from(&name),
        text,
        builtin: false,
    };
    let parsed: WaiverFile =
        toml::from_str(&file.text).map_err(|e| LoadErrors(vec![toml_error(&file, &e)]))?;
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for spanned in parsed.waiver {
        let (line, column) = line_col(&file.text, spanned.span().start);
        let entry = spanned.into_inner();
        let mut fail = |message: String| {
            errors.push(LoadError::At {
                file: name.clone(),
                line,
                column,
                message,
            })
        };
        let check = catalogue.find(&entry.check);
        let Some(check) = check else {
            fail(format!("unknown or disabled check `{}`", entry.check));
            continue;
        };
        if entry.reason.trim().is_empty() || entry.owner.trim().is_empty() {
            fail("`reason` and `owner` must not be empty".into());
            continue;
        }
        if entry.accounts.is_empty() && entry.ou_paths.is_empty() && entry.resources.is_empty() {
            fail("a waiver needs a scope: `accounts`, `ou_paths` or `resources` (use `ou_paths = [\"*\"]` to mean everywhere)".into());
            continue;
        }
        let expires = match date(&entry.expires) {
            Ok(d) => d,
            Err(m) => {
                fail(m);
                continue;
            }
        };
        let horizon = jiff::Span::new()
            .try_days(max_days)
            .map(|span| today.saturating_add(span))
            .unwrap_or(Date::MAX);
        if expires > horizon {
            fail(format!(
                "expires {expires}, beyond the {max_days}-day horizon ({horizon}); shorten it or raise --waiver-max-days"
            ));
            continue;
        }
        out.push(Arc::new(Waiver {
            source: format!("{name}:{line}"),
            check_id: check.def.id.clone(),
            accounts: entry.accounts,
            ou_paths: entry.ou_paths,
            resources: entry.resources,
            reason: entry.reason,
            owner: entry.owner,
            expires,
            ticket: entry.ticket,
        }));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(LoadErrors(errors))
    }
}

/// Mark every FAIL or UNKNOWN finding a waiver in force covers as WAIVED
/// (the first waiver in file order wins); report what each waiver did.
pub fn apply(findings: &mut Findings, waivers: &[Arc<Waiver>], today: Date) -> Vec<WaiverUse> {
    let mut counts = vec![0usize; waivers.len()];
    for f in findings.iter_mut() {
        if !matches!(f.status, Status::Fail | Status::Unknown) {
            continue;
        }
        let hit = waivers
            .iter()
            .enumerate()
            .find(|(_, w)| w.expires >= today && w.covers(f));
        if let Some((i, w)) = hit {
            counts[i] += 1;
            f.waiver = Some(Box::new(crate::findings::Waived {
                original: f.status,
                waiver: w.clone(),
            }));
            f.status = Status::Waived;
        }
    }
    waivers
        .iter()
        .zip(counts)
        .map(|(w, waived)| WaiverUse {
            waiver: w.clone(),
            state: if w.expires < today {
                WaiverState::Expired
            } else if waived == 0 {
                WaiverState::Unused
            } else {
                WaiverState::Applied
            },
            waived,
        })
        .collect()
}
