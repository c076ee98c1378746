//! The `--log FILE` exchange log: one redacted JSON line per HTTP exchange, appended, owner-only.

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use super::{Exchange, private_file};

/// The version of the log's line format, written into every line as `log_format`. Lines without it are
/// from before it existed, and read as this version.
pub const LOG_FORMAT: u32 = 1;

/// One line of the log: the format version, then the exchange's own fields.
#[derive(Serialize)]
struct Line<'a> {
    log_format: u32,
    #[serde(flatten)]
    exchange: &'a Exchange,
}

/// An open exchange log.
pub struct ExchangeLog {
    file: File,
}

impl ExchangeLog {
    /// Opens `path` for appending, creating it readable by its owner only.
    pub fn open(path: &Path) -> io::Result<Self> {
        Ok(ExchangeLog {
            file: private_file::open_append(path)?,
        })
    }

    /// The file's mode when others may read or write it (a log that existed with a wider mode keeps it).
    pub fn shared_mode(&self) -> Option<u32> {
        private_file::shared_mode(&self.file)
    }

    /// Appends one exchange as a JSON line.
    pub fn append(&mut self, exchange: &Exchange) -> io::Result<()> {
        let line = Line {
            log_format: LOG_FORMAT,
            exchange,
        };
        let mut line = serde_json::to_string(&line).map_err(io::Error::other)?;
        line.push('\n');
        self.file.write_all(line.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::*;

    #[test]
    fn appends_redacted_json_lines_with_owner_only_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("exchanges.jsonl");
        let mut exchange = Exchange::request(
            SystemTime::now(),
            "POST",
            "http://127.0.0.1/api/token",
            &[("Password", "SECRET-PW")],
        );
        exchange.finish(
            Duration::from_millis(12),
            None,
            crate::diag::OutcomeKind::Succeeded,
            "Succeeded".into(),
        );
        for _ in 0..2 {
            ExchangeLog::open(&path).unwrap().append(&exchange).unwrap();
        }
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 2);
        assert!(!text.contains("SECRET-PW"));
        let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
        assert_eq!(first["latency_ms"], 12);
        assert_eq!(first["log_format"], LOG_FORMAT);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn an_existing_log_open_to_others_is_reported_and_left_alone() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("exchanges.jsonl");
        std::fs::write(&path, "").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(ExchangeLog::open(&path).unwrap().shared_mode(), Some(0o644));
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o644,
            "the mode is not changed"
        );
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(ExchangeLog::open(&path).unwrap().shared_mode(), None);
    }
}
