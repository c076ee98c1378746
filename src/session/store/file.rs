//! The file backend: one owner-only JSON file per stored session, in an owner-only folder, replaced atomically.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::StoreError;
use crate::session::stored::Record;

/// The file of the session `stem` in `dir`.
pub fn path(dir: &Path, stem: &str) -> PathBuf {
    dir.join(format!("{stem}.json"))
}

/// The most a record file may hold: a token, an app key and a few names, with room to spare.
pub const MAX_RECORD_BYTES: u64 = 64 * 1024;

/// The record in `dir/stem.json`, if there is one. A file that cannot be used as one (not a regular file,
/// too big, not JSON, not this tool's record) is [`StoreError::Damaged`]; nothing here blocks.
pub fn read(dir: &Path, stem: &str, now: jiff::Timestamp) -> Result<Option<Record>, StoreError> {
    let path = path(dir, stem);
    let damaged = |detail: String| StoreError::Damaged {
        path: path.display().to_string(),
        detail,
    };
    let bytes = match crate::bounded_read::read_capped(&path, MAX_RECORD_BYTES) {
        Ok(bytes) => bytes,
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
            ) =>
        {
            return Ok(None);
        }
        Err(e) => return Err(damaged(e.to_string())),
    };
    let record: Record = serde_json::from_slice(&bytes).map_err(|e| damaged(e.to_string()))?;
    record.check_at(now).map_err(|e| damaged(e.to_string()))?;
    Ok(Some(record))
}

/// Replaces `dir/stem.json` with `record` in one step (a private temporary file renamed over it), so a
/// reader sees the old file or the new one, never half of one, and a symlink planted there is replaced,
/// not followed.
pub fn write(dir: &Path, stem: &str, record: &Record) -> Result<PathBuf, StoreError> {
    let path = path(dir, stem);
    private_dir(dir).map_err(|e| StoreError::io(dir, e))?;
    let text = serde_json::to_vec_pretty(record).map_err(|e| StoreError::io(&path, e.into()))?;
    let mut file = tempfile::Builder::new()
        .prefix(".session-")
        .tempfile_in(dir)
        .map_err(|e| StoreError::io(dir, e))?;
    file.write_all(&text)
        .and_then(|()| file.as_file().sync_all())
        .map_err(|e| StoreError::io(&path, e))?;
    file.persist(&path)
        .map_err(|e| StoreError::io(&path, e.error))?;
    Ok(path)
}

/// Removes `dir/stem.json`; false when it was not there.
pub fn remove(dir: &Path, stem: &str) -> Result<bool, StoreError> {
    let path = path(dir, stem);
    match fs::remove_file(&path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(StoreError::io(&path, e)),
    }
}

/// Every stored session's stem in `dir`, by name, with its record or why it cannot be used.
pub fn list(dir: &Path, now: jiff::Timestamp) -> Vec<(String, Result<Record, StoreError>)> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<(String, Result<Record, StoreError>)> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let stem = name.strip_suffix(".json")?.to_string();
            if stem.starts_with('.') {
                return None;
            }
            let record = read(dir, &stem, now).transpose()?;
            Some((stem, record))
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

/// Creates `dir` (and missing parents) readable by its owner only, and takes group and other
/// permissions off it if they were there. A symlink in its place is refused.
pub fn private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)?;
    let meta = fs::symlink_metadata(dir)?;
    if meta.file_type().is_symlink() || !meta.is_dir() {
        return Err(io::Error::other(
            "it is a symlink or not a folder; remove it and try again",
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o077 != 0 {
            fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
        }
    }
    Ok(())
}
