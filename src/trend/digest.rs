//! A compact digest of a results file, kept beside it in
//! `.orgaudit-trend-cache/` so the next trend reads a few megabytes instead
//! of re-parsing hundreds: a weekly schedule re-reads a year of history
//! every week. A digest is used only while the file's length and
//! modification time match; one that cannot be written (a read-only
//! directory) is simply not kept.

use super::load::{Item, Meta, Run};
use crate::findings::Status;
use crate::vocab::Severity;
use std::io::Read;
use std::path::{Path, PathBuf};

const MAGIC: &[u8; 8] = b"OATRND01";
const RECORD: usize = 16 + 4 + 4 + 1 + 1;

fn location(results: &Path) -> Option<PathBuf> {
    let dir = results.parent()?.join(".orgaudit-trend-cache");
    Some(dir.join(format!("{}.digest", results.file_name()?.to_str()?)))
}

/// The results file's length and modification time, which a digest must match.
fn stamp(results: &Path) -> Option<[u8; 20]> {
    let meta = std::fs::metadata(results).ok()?;
    let modified = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    let mut out = [0u8; 20];
    out[..8].copy_from_slice(&meta.len().to_le_bytes());
    out[8..16].copy_from_slice(&modified.as_secs().to_le_bytes());
    out[16..].copy_from_slice(&modified.subsec_nanos().to_le_bytes());
    Some(out)
}

fn code<T: PartialEq + Copy>(all: &[T], value: T) -> u8 {
    all.iter().position(|v| *v == value).unwrap_or(0) as u8
}

pub fn store(results: &Path, run: &Run) {
    let (Some(path), Some(stamp)) = (location(results), stamp(results)) else {
        return;
    };
    let Ok(meta) = serde_json::to_vec(&run.meta) else {
        return;
    };
    let mut body = Vec::with_capacity(64 + meta.len() + run.items.len() * RECORD);
    body.extend_from_slice(MAGIC);
    body.extend_from_slice(&stamp);
    body.extend_from_slice(&(meta.len() as u64).to_le_bytes());
    body.extend_from_slice(&meta);
    body.extend_from_slice(&(run.items.len() as u64).to_le_bytes());
    for x in &run.items {
        body.extend_from_slice(&x.fingerprint);
        body.extend_from_slice(&x.check.to_le_bytes());
        body.extend_from_slice(&x.account.to_le_bytes());
        body.push(code(&Severity::ALL, x.severity));
        body.push(code(&Status::ALL, x.status));
    }
    let kept = path
        .parent()
        .is_some_and(|d| std::fs::create_dir_all(d).is_ok())
        && crate::output::write_atomic(&path, |w| w.write_all(&body)).is_ok();
    if !kept {
        tracing::debug!(path = %path.display(), "trend digest not kept");
    }
}

fn take<'a>(bytes: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
    if bytes.len() < n {
        return None;
    }
    let (head, rest) = bytes.split_at(n);
    *bytes = rest;
    Some(head)
}

fn number(bytes: &mut &[u8]) -> Option<u64> {
    Some(u64::from_le_bytes(take(bytes, 8)?.try_into().ok()?))
}

/// The run from its digest; `None` when there is none, it is stale, or it
/// cannot be read (the results file is parsed instead).
pub fn load(results: &Path) -> Option<Run> {
    let path = location(results)?;
    let stamp = stamp(results)?;
    let mut data = Vec::new();
    std::fs::File::open(&path)
        .ok()?
        .read_to_end(&mut data)
        .ok()?;
    let mut bytes = data.as_slice();
    if take(&mut bytes, MAGIC.len())? != MAGIC || take(&mut bytes, stamp.len())? != stamp {
        return None;
    }
    let meta_len = usize::try_from(number(&mut bytes)?).ok()?;
    let meta: Meta = serde_json::from_slice(take(&mut bytes, meta_len)?).ok()?;
    let count = usize::try_from(number(&mut bytes)?).ok()?;
    if bytes.len() != count.checked_mul(RECORD)? {
        return None;
    }
    let mut items = Vec::with_capacity(count);
    for r in bytes.chunks_exact(RECORD) {
        let check = u32::from_le_bytes(r[16..20].try_into().ok()?);
        let account = u32::from_le_bytes(r[20..24].try_into().ok()?);
        if check as usize >= meta.checks.len() || account as usize >= meta.accounts.len() {
            return None;
        }
        items.push(Item {
            fingerprint: r[..16].try_into().ok()?,
            check,
            account,
            severity: *Severity::ALL.get(usize::from(r[24]))?,
            status: *Status::ALL.get(usize::from(r[25]))?,
        });
    }
    Some(Run {
        source: results.display().to_string(),
        meta,
        items,
    })
}
