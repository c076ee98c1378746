//! The `--log FILE` exchange log: one redacted JSON line per HTTP exchange, appended, owner-only, each
//! run's exchanges after a `run` line that records the run's context (and again when it changes).

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use super::{Exchange, RunContext, private_file};

/// The version of the log's line format, written into every line as `log_format`. Lines without it are
/// from before it existed. Format 2 added the `run` lines; a format 1 log has none.
pub const LOG_FORMAT: u32 = 2;

/// One line of the log: the format version, then the exchange's own fields.
#[derive(Serialize)]
struct Line<'a> {
    log_format: u32,
    #[serde(flatten)]
    exchange: &'a Exchange,
}

/// The line that opens a run's exchanges: when the run wrote its first one, and its context.
#[derive(Serialize)]
struct RunLine<'a> {
    log_format: u32,
    #[serde(with = "super::exchange::millis")]
    at: jiff::Timestamp,
    run: &'a RunContext,
}

/// An open exchange log.
pub struct ExchangeLog {
    file: File,
    /// The context of the last `run` line this log wrote.
    context: Option<RunContext>,
}

impl ExchangeLog {
    /// Opens `path` for appending, creating it readable by its owner only.
    pub fn open(path: &Path) -> io::Result<Self> {
        Ok(ExchangeLog {
            file: private_file::open_append(path)?,
            context: None,
        })
    }

    /// The file's mode when others may read or write it (a log that existed with a wider mode keeps it).
    pub fn shared_mode(&self) -> Option<u32> {
        private_file::shared_mode(&self.file)
    }

    /// Appends one exchange of a run in `context` as a JSON line, after a `run` line when this is the
    /// run's first exchange or its context changed (another profile, URL or username).
    pub fn append(&mut self, context: &RunContext, exchange: &Exchange) -> io::Result<()> {
        if self.context.as_ref() != Some(context) {
            let run = RunLine {
                log_format: LOG_FORMAT,
                at: exchange.at,
                run: context,
            };
            self.write_line(&run)?;
            self.context = Some(context.clone());
        }
        self.write_line(&Line {
            log_format: LOG_FORMAT,
            exchange,
        })
    }

    fn write_line(&mut self, line: &impl Serialize) -> io::Result<()> {
        let mut line = serde_json::to_string(line).map_err(io::Error::other)?;
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
        let context = RunContext::default();
        for _ in 0..2 {
            ExchangeLog::open(&path)
                .unwrap()
                .append(&context, &exchange)
                .unwrap();
        }
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text.lines().count(),
            4,
            "a run line and an exchange per run"
        );
        assert!(!text.contains("SECRET-PW"));
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        assert!(lines[0]["run"].is_object() && lines[2]["run"].is_object());
        assert_eq!(lines[1]["latency_ms"], 12);
        assert_eq!(lines[1]["log_format"], LOG_FORMAT);
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

    #[test]
    fn a_changed_context_gets_a_run_line_of_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("exchanges.jsonl");
        let exchange = Exchange::request(SystemTime::now(), "POST", "u", &[]);
        let first = RunContext::default();
        let mut second = RunContext::default();
        second.settings.username = Some("bob".into());
        let mut log = ExchangeLog::open(&path).unwrap();
        for context in [&first, &first, &second] {
            log.append(context, &exchange).unwrap();
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let runs: Vec<&str> = text.lines().filter(|l| l.contains(r#""run":"#)).collect();
        assert_eq!(runs.len(), 2, "{text}");
        assert!(runs[1].contains(r#""username":"bob""#));
        assert_eq!(text.lines().count(), 5);
    }
}
