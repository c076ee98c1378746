//! Reads a `--log` file back (a customer's): line by line in bounded memory, every string sanitised, and a
//! clear error naming the line for what is not a log.

use std::collections::VecDeque;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use serde::Deserialize;
use serde::de::{IgnoredAny, IntoDeserializer};
use serde_json::error::Category;

use super::log::LOG_FORMAT;
use super::sanitize::{needs_sanitizing, sanitize};
use super::{Exchange, OutcomeKind, RunContext};

/// The longest line read: a record is a few kilobytes (bodies are cut at 600 characters).
pub const MAX_LINE_BYTES: usize = 256 * 1024;
/// At most this many exchanges are kept, the last ones; earlier ones are counted and left out.
pub const MAX_KEPT: usize = 10_000;
/// At most this many bytes of lines are kept (whichever limit comes first).
const MAX_KEPT_BYTES: usize = 32 * 1024 * 1024;

/// At most this many `run` lines are kept, the last ones.
const MAX_RUNS_KEPT: usize = 100;

/// What a log held: the exchanges kept (oldest first), the contexts its `run` lines recorded (oldest
/// first, each told once; none in a log written before they were), and notes on what was left out or
/// cleaned.
#[derive(Debug, Default)]
pub struct LogContents {
    pub exchanges: Vec<Exchange>,
    pub contexts: Vec<RunContext>,
    pub notes: Vec<String>,
}

impl LogContents {
    /// The context of the log's last run, when the log recorded one.
    pub fn last_context(&self) -> Option<&RunContext> {
        self.contexts.last()
    }
}

/// Why a file could not be read as a log; names the line at fault.
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    #[error("cannot read {path}: {source}")]
    Io { path: String, source: io::Error },
    #[error("{path}, line {line}: {detail}")]
    Line {
        path: String,
        line: usize,
        detail: String,
    },
    #[error("{path} holds no exchange: it is empty")]
    Empty { path: String },
    #[error(
        "{path} holds no complete exchange: its only line (line {line}) is cut off (the program was \
         still writing, or the file was cut)"
    )]
    OnlyLineCut { path: String, line: usize },
}

/// What the first reading of a line needs: whether it is a `run` line (any other is an exchange).
#[derive(Deserialize)]
struct LogLine {
    #[serde(default)]
    run: Option<IgnoredAny>,
}

/// A `run` line: the context of the exchanges after it.
#[derive(Deserialize)]
struct RunRecord {
    run: RunContext,
}

/// One line of the log as written: the format version (absent before it existed), the outcome's kind
/// (absent before it was recorded) and the exchange.
#[derive(Deserialize)]
struct Record {
    log_format: Option<u32>,
    /// Read as text: a kind this version does not know is derived from the outcome line, as when absent.
    outcome_kind: Option<String>,
    #[serde(flatten)]
    exchange: Exchange,
}

/// Reads the log at `path`.
pub fn read(path: &Path) -> Result<LogContents, LogError> {
    let shown = sanitize(&path.display().to_string());
    let file = crate::bounded_read::open_regular(path).map_err(|source| LogError::Io {
        path: shown.clone(),
        source,
    })?;
    read_from(BufReader::with_capacity(64 * 1024, file), &shown)
}

/// The lines read so far: the last ones, raw, and counts of the rest.
#[derive(Default)]
struct Lines {
    kept: VecDeque<(usize, Vec<u8>)>,
    runs: VecDeque<(usize, Vec<u8>)>,
    kept_bytes: usize,
    left_out: usize,
    cut_last_line: Option<usize>,
}

impl Lines {
    /// Keeps line `number`, leaving out the oldest lines beyond the limits.
    fn keep(&mut self, number: usize, line: &[u8]) {
        self.kept.push_back((number, line.to_vec()));
        self.kept_bytes += line.len();
        while self.kept.len() > MAX_KEPT || self.kept_bytes > MAX_KEPT_BYTES {
            if let Some((_, dropped)) = self.kept.pop_front() {
                self.kept_bytes -= dropped.len();
                self.left_out += 1;
            }
        }
    }

    /// Keeps the `run` line `number`, leaving out the oldest beyond the limit.
    fn keep_run(&mut self, number: usize, line: &[u8]) {
        self.runs.push_back((number, line.to_vec()));
        if self.runs.len() > MAX_RUNS_KEPT {
            self.runs.pop_front();
        }
    }
}

/// Reads a log from `reader`; `path` names it in errors and notes. Every line is checked to be JSON as it
/// streams by; only the lines kept (the last ones) are read into exchanges, so a huge log costs little.
pub fn read_from(mut reader: impl BufRead, path: &str) -> Result<LogContents, LogError> {
    let line_error = |line: usize, detail: String| LogError::Line {
        path: path.to_string(),
        line,
        detail,
    };
    let mut lines = Lines::default();
    let mut buf = Vec::new();
    let mut number = 0;
    loop {
        buf.clear();
        let read = (&mut reader)
            .take(MAX_LINE_BYTES as u64 + 1)
            .read_until(b'\n', &mut buf)
            .map_err(|source| LogError::Io {
                path: path.to_string(),
                source,
            })?;
        if read == 0 {
            break;
        }
        number += 1;
        let complete = buf.ends_with(b"\n");
        if !complete && buf.len() > MAX_LINE_BYTES {
            return Err(line_error(
                number,
                format!(
                    "longer than {} KiB, so not a log record (a --log file has one JSON object per line)",
                    MAX_LINE_BYTES / 1024
                ),
            ));
        }
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<LogLine>(&buf) {
            Ok(LogLine { run: Some(_) }) => lines.keep_run(number, &buf),
            Ok(LogLine { run: None }) => lines.keep(number, &buf),
            Err(_) if !complete => lines.cut_last_line = Some(number),
            Err(e) => return Err(line_error(number, describe(&e))),
        }
    }
    if lines.kept.is_empty() {
        let path = path.to_string();
        return Err(match lines.cut_last_line {
            Some(line) => LogError::OnlyLineCut { path, line },
            None => LogError::Empty { path },
        });
    }
    let mut reading = Reading {
        left_out: lines.left_out,
        cut_last_line: lines.cut_last_line,
        ..Reading::default()
    };
    for (number, line) in lines.runs {
        let record = serde_json::from_slice::<RunRecord>(&line)
            .map_err(|e| line_error(number, describe(&e)))?;
        if reading.contexts.last() != Some(&record.run) {
            reading.contexts.push(record.run);
        }
    }
    for (number, line) in lines.kept {
        let record = serde_json::from_slice::<Record>(&line)
            .map_err(|e| line_error(number, describe(&e)))?;
        reading.keep(record);
    }
    Ok(reading.finish())
}

/// The records read, and what the notes will say.
#[derive(Default)]
struct Reading {
    exchanges: Vec<Exchange>,
    contexts: Vec<RunContext>,
    left_out: usize,
    unversioned: usize,
    newer: Option<u32>,
    cleaned: usize,
    cut_last_line: Option<usize>,
}

/// What is wrong with a line that is not a record, in words.
fn describe(error: &serde_json::Error) -> String {
    let message = sanitize(&error.to_string());
    match error.classify() {
        Category::Data => format!(
            "JSON, but not an autoshares-login log record ({message}); is this a --log file?"
        ),
        _ => format!("not a JSON line ({message}); a --log file has one JSON object per line"),
    }
}

impl Reading {
    fn keep(&mut self, record: Record) {
        match record.log_format {
            None => self.unversioned += 1,
            Some(version) if version > LOG_FORMAT => {
                self.newer = Some(self.newer.unwrap_or(version).max(version));
            }
            Some(_) => {}
        }
        let mut exchange = record.exchange;
        exchange.kind = record
            .outcome_kind
            .and_then(|kind| {
                OutcomeKind::deserialize(
                    IntoDeserializer::<serde::de::value::Error>::into_deserializer(kind),
                )
                .ok()
            })
            .unwrap_or_else(|| OutcomeKind::from_old_outcome(&exchange.outcome));
        let (exchange, changed) = cleaned(exchange);
        self.cleaned += usize::from(changed);
        self.exchanges.push(exchange);
    }

    fn finish(self) -> LogContents {
        let mut notes = Vec::new();
        if let Some(line) = self.cut_last_line {
            notes.push(format!(
                "The last line ({line}) is cut off (the program was still writing, or the file was cut); it is left out."
            ));
        }
        if self.left_out > 0 {
            notes.push(format!(
                "The log is large: the first {} exchanges are left out, the last {} are shown.",
                self.left_out,
                self.exchanges.len()
            ));
        }
        if self.unversioned > 0 {
            notes.push(format!(
                "{} lines have no log_format: written before the format was versioned, read as format {LOG_FORMAT}.",
                self.unversioned
            ));
        }
        if let Some(version) = self.newer {
            notes.push(format!(
                "Written by a newer autoshares-login (log format {version}; this one reads {LOG_FORMAT}): fields it does not know are not shown."
            ));
        }
        if self.contexts.len() > 1 {
            notes.push(format!(
                "The log holds {} runs with different contexts (profile, settings or version); the context shown is the last one's.",
                self.contexts.len()
            ));
        }
        if self.cleaned > 0 {
            notes.push(format!(
                "{} exchanges held escape sequences or control characters; they were removed.",
                self.cleaned
            ));
        }
        LogContents {
            exchanges: self.exchanges,
            contexts: self.contexts,
            notes,
        }
    }
}

/// The exchange with every string sanitised, and whether that changed anything.
fn cleaned(mut exchange: Exchange) -> (Exchange, bool) {
    let mut changed = false;
    let mut clean = |text: &mut String| {
        if needs_sanitizing(text) {
            *text = sanitize(text);
            changed = true;
        }
    };
    for text in [
        &mut exchange.method,
        &mut exchange.url,
        &mut exchange.response_body,
        &mut exchange.outcome,
    ] {
        clean(text);
    }
    for text in [&mut exchange.step, &mut exchange.hint]
        .into_iter()
        .flatten()
    {
        clean(text);
    }
    for (name, value) in exchange
        .request_headers
        .iter_mut()
        .chain(exchange.response_headers.iter_mut())
    {
        clean(name);
        clean(value);
    }
    (exchange, changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECORD: &str = r#"{"log_format":1,"at":"2026-11-27T20:47:25.389Z","method":"POST","url":"http://127.0.0.1:8787/api/token","request_headers":[["Username","alice"]],"status":401,"response_headers":[],"response_body":"{}","latency_ms":3,"step":"BaseAuthentication","outcome":"Failed at BaseAuthentication: Invalid credentials","hint":"The username or password is wrong."}"#;

    fn read_text(text: &str) -> Result<LogContents, LogError> {
        read_from(text.as_bytes(), "customer.jsonl")
    }

    #[test]
    fn records_are_read_with_their_hint() {
        let log = read_text(&format!("{RECORD}\n{RECORD}\n")).unwrap();
        assert_eq!(log.exchanges.len(), 2);
        assert_eq!(log.exchanges[0].status, Some(401));
        assert_eq!(
            log.exchanges[1].hint.as_deref(),
            Some("The username or password is wrong.")
        );
        assert!(log.notes.is_empty(), "{:?}", log.notes);
    }

    #[test]
    fn the_outcome_kind_is_read_or_derived_from_an_old_outcome_line() {
        let old = read_text(&format!("{RECORD}\n")).unwrap();
        assert_eq!(old.exchanges[0].kind, OutcomeKind::Failed);
        let kinded = RECORD.replace(
            r#""outcome":"#,
            r#""outcome_kind":"rate_limited","outcome":"#,
        );
        let log = read_text(&format!("{kinded}\n")).unwrap();
        assert_eq!(log.exchanges[0].kind, OutcomeKind::RateLimited);
        let newer = RECORD.replace(r#""outcome":"#, r#""outcome_kind":"postponed","outcome":"#);
        let log = read_text(&format!("{newer}\n")).unwrap();
        assert_eq!(log.exchanges[0].kind, OutcomeKind::Failed);
    }

    #[test]
    fn a_written_exchange_reads_back_with_its_kind() {
        let mut exchange = Exchange::request(std::time::SystemTime::now(), "POST", "u", &[]);
        exchange.conclude(None, OutcomeKind::Succeeded, "a token".into());
        let line = serde_json::to_string(&exchange).unwrap();
        assert!(line.contains(r#""outcome_kind":"succeeded""#), "{line}");
        let log = read_text(&format!("{line}\n")).unwrap();
        assert_eq!(log.exchanges[0].kind, OutcomeKind::Succeeded);
        assert_eq!(log.exchanges[0].at, exchange.at);
    }

    #[test]
    fn a_log_without_the_version_field_still_opens_with_a_note() {
        let old = RECORD.replace(r#""log_format":1,"#, "");
        let log = read_text(&format!("{old}\n")).unwrap();
        assert_eq!(log.exchanges.len(), 1);
        assert!(log.notes[0].contains("1 lines have no log_format"));
    }

    #[test]
    fn a_malformed_line_is_an_error_naming_it() {
        let err = read_text(&format!("{RECORD}\n{{\"at\": oops}}\n{RECORD}\n")).unwrap_err();
        let shown = err.to_string();
        assert!(
            shown.starts_with("customer.jsonl, line 2: not a JSON line"),
            "{shown}"
        );
    }

    #[test]
    fn foreign_json_is_an_error_naming_the_line() {
        let err = read_text("{\"name\":\"my-package\",\"version\":\"1.0.0\"}\n").unwrap_err();
        let shown = err.to_string();
        assert!(
            shown.contains("line 1: JSON, but not an autoshares-login log record"),
            "{shown}"
        );
        assert!(shown.contains("missing field"), "{shown}");
    }

    #[test]
    fn a_cut_off_last_line_is_left_out_with_a_note() {
        let cut = &RECORD[..RECORD.len() / 2];
        let log = read_text(&format!("{RECORD}\n{cut}")).unwrap();
        assert_eq!(log.exchanges.len(), 1);
        assert!(
            log.notes[0].contains("The last line (2) is cut off"),
            "{:?}",
            log.notes
        );
    }

    #[test]
    fn escape_sequences_in_server_text_are_removed_with_a_note() {
        let evil = RECORD.replace(
            "Invalid credentials",
            "Invalid\\u001b[2J\\u001b]0;pwned\\u0007 credentials\\u202e",
        );
        let log = read_text(&format!("{evil}\n")).unwrap();
        let outcome = &log.exchanges[0].outcome;
        assert!(
            !outcome.contains('\u{1b}') && !outcome.contains('\u{202e}'),
            "{outcome:?}"
        );
        assert!(outcome.contains("Invalid credentials"), "{outcome:?}");
        assert!(log.notes[0].contains("escape sequences"));
    }

    #[test]
    fn an_overlong_line_is_refused_without_reading_it_whole() {
        let long = format!("{}\n", "x".repeat(MAX_LINE_BYTES * 2));
        let err = read_text(&long).unwrap_err().to_string();
        assert!(err.contains("line 1: longer than 256 KiB"), "{err}");
    }

    #[test]
    fn an_empty_file_says_so() {
        assert!(matches!(read_text("\n\n"), Err(LogError::Empty { .. })));
    }

    #[test]
    fn a_file_whose_only_line_is_cut_off_is_an_error_naming_it() {
        let cut = &RECORD[..300];
        let err = read_text(&format!("\n{cut}")).unwrap_err();
        assert!(
            matches!(err, LogError::OnlyLineCut { line: 2, .. }),
            "{err:?}"
        );
        let shown = err.to_string();
        assert!(
            shown.starts_with(
                "customer.jsonl holds no complete exchange: its only line (line 2) is cut off"
            ),
            "{shown}"
        );
    }

    #[test]
    fn run_lines_give_the_context_and_are_no_exchange() {
        let run = |user: &str| {
            format!(
                r#"{{"log_format":2,"at":"2026-11-27T20:47:25.000Z","run":{{"settings":{{"username":"{user}","profile":"work"}}}}}}"#
            )
        };
        let text = format!(
            "{}\n{RECORD}\n{}\n{RECORD}\n{}\n{RECORD}\n",
            run("alice"),
            run("alice"),
            run("bob")
        );
        let log = read_text(&text).unwrap();
        assert_eq!(log.exchanges.len(), 3);
        assert_eq!(log.contexts.len(), 2, "the same context is told once");
        let last = log.last_context().unwrap();
        assert_eq!(last.settings.username.as_deref(), Some("bob"));
        assert!(
            log.notes[0].contains("2 runs with different contexts"),
            "{:?}",
            log.notes
        );
    }

    #[test]
    fn a_log_of_the_first_format_has_no_context() {
        let log = read_text(&format!("{RECORD}\n")).unwrap();
        assert!(log.last_context().is_none());
    }
}
