//! The support report: a Markdown page for a ticket, with every exchange redacted and the outcome explained.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

pub use super::private_file::Replaced;
use super::sanitize::sanitize;
use super::{Exchange, attempts, private_file};

/// How the login ended, as far as the report is concerned.
#[derive(Debug, Clone)]
pub enum Conclusion {
    Token,
    /// Stopped without a token: what happened, in a line, and the advice for it.
    Stopped {
        summary: String,
        advice: String,
    },
    /// The report was written before the login ended (abandoned, or still at a step).
    Unfinished,
}

/// How the report's exchanges are redacted, said once above them.
pub const REDACTION_NOTE: &str = "Secrets are redacted: passwords, PINs and codes show only whether they were empty, never their length; tokens show a fingerprint (equal fingerprints, equal tokens); the app key shows its first characters. A server's text that held a secret is withheld whole, naming the secret it held. (Logs written by earlier builds may show a length in a marker.)";

/// What a report is made of; nothing in it is secret (exchanges are redacted when recorded).
#[derive(Debug, Clone)]
pub struct Report<'a> {
    pub url: &'a str,
    pub username: &'a str,
    pub exchanges: &'a [Exchange],
    pub conclusion: Conclusion,
}

/// A table cell: one sanitised line, with pipes escaped.
fn cell(text: &str) -> String {
    sanitize(text).replace('|', "\\|")
}

/// An indented (fence-free) code block, so nothing the server sent can end it early.
fn code_block(out: &mut String, lines: impl IntoIterator<Item = String>) {
    out.push('\n');
    for line in lines {
        let _ = writeln!(out, "    {line}");
    }
    out.push('\n');
}

impl Report<'_> {
    /// The report as Markdown, stamped with `now`.
    pub fn render(&self, now: SystemTime) -> String {
        let (outcome, advice) = match &self.conclusion {
            Conclusion::Token => ("Succeeded: a session token was issued.".to_string(), None),
            Conclusion::Stopped { summary, advice } => (summary.clone(), Some(advice)),
            Conclusion::Unfinished => (
                "Unfinished: the login did not reach a token or a failure.".to_string(),
                None,
            ),
        };
        let attempts = attempts::split(self.exchanges);
        let mut out = String::from("# autoshares-login support report\n\n| | |\n| --- | --- |\n");
        let rows = [
            (
                "Tool",
                format!("autoshares-login {}", env!("CARGO_PKG_VERSION")),
            ),
            (
                "Written",
                format!("{:.0}", jiff::Timestamp::try_from(now).unwrap_or_default()),
            ),
            ("Server", self.url.to_string()),
            ("Username", self.username.to_string()),
            ("Exchanges", self.exchanges.len().to_string()),
            ("Attempts", attempts.len().to_string()),
            ("Outcome", outcome),
        ];
        for (name, value) in rows {
            let _ = writeln!(out, "| {name} | {} |", cell(&value));
        }
        if let Some(advice) = advice {
            let _ = write!(out, "\n## What to do\n\n{}\n", sanitize(advice));
        }
        let _ = write!(out, "\n## Exchanges\n\n{REDACTION_NOTE}\n");
        for (number, attempt) in attempts.iter().enumerate() {
            let who = attempt.username.as_deref().unwrap_or("(none)");
            let _ = write!(
                out,
                "\n## Attempt {} of {}: username {}\n",
                number + 1,
                attempts.len(),
                cell(who)
            );
            for index in attempt.range() {
                write_exchange(&mut out, index + 1, &self.exchanges[index]);
            }
        }
        out
    }
}

fn write_exchange(out: &mut String, number: usize, exchange: &Exchange) {
    let status = exchange
        .status
        .map_or_else(|| "no answer".to_string(), |s| format!("HTTP {s}"));
    let _ = write!(
        out,
        "\n### {number}. {:.3} {} → {status} in {} ms\n\n",
        exchange.at, exchange.method, exchange.latency_ms
    );
    let _ = writeln!(out, "- URL: {}", cell(&exchange.url));
    let _ = writeln!(
        out,
        "- Step: {}",
        cell(exchange.step.as_deref().unwrap_or("—"))
    );
    let _ = writeln!(out, "- Outcome: {}", cell(&exchange.outcome));
    if let Some(hint) = &exchange.hint {
        let _ = writeln!(out, "- Hint: {}", cell(hint));
    }
    out.push_str("\nRequest headers:\n");
    code_block(
        out,
        exchange
            .request_headers
            .iter()
            .map(|(n, v)| format!("{n}: {v}")),
    );
    if exchange.status.is_some() {
        out.push_str("Response headers and body:\n");
        let headers = exchange
            .response_headers
            .iter()
            .map(|(n, v)| format!("{n}: {v}"));
        code_block(
            out,
            headers.chain([String::new(), exchange.response_body.clone()]),
        );
    }
}

/// How many numbered names are tried in one directory before giving up on it.
const MAX_NAMES_PER_DIR: u32 = 100;

/// Writes a report when no `--report FILE` was given: to a new `autoshares-login-report-<timestamp>.md` in
/// the current directory, or in the temp directory when no file can be created in the current one
/// (read-only, not ours, gone). The name is created, never reused: an existing file or symlink of that
/// name is skipped for `-2`, `-3`, …. Readable by its owner only; returns the absolute path written.
pub fn write_default(text: &str, now: SystemTime) -> io::Result<Written> {
    let here = std::env::current_dir()
        .map_err(|e| io::Error::new(e.kind(), format!("no current directory: {e}")));
    let path = write_new([here, Ok(std::env::temp_dir())], &default_stem(now), text)?;
    Ok(Written {
        path,
        replaced: Replaced::Nothing,
    })
}

/// `autoshares-login-report-<UTC timestamp, digits only>`.
fn default_stem(now: SystemTime) -> String {
    let stamp: String = format!("{:.0}", jiff::Timestamp::try_from(now).unwrap_or_default())
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    format!("autoshares-login-report-{stamp}")
}

/// Creates `<stem>.md` (or `<stem>-2.md`, …) in the first of `dirs` that takes one, and writes `text` to it.
fn write_new<const N: usize>(
    dirs: [io::Result<PathBuf>; N],
    stem: &str,
    text: &str,
) -> io::Result<PathBuf> {
    let mut refusals = Vec::new();
    for dir in dirs {
        match dir.and_then(|dir| create_in(&dir, stem)) {
            Ok((path, mut file)) => {
                if let Err(e) = file.write_all(text.as_bytes()) {
                    drop(file);
                    let _ = std::fs::remove_file(&path);
                    return Err(io::Error::new(
                        e.kind(),
                        format!("cannot write {}: {e}", path.display()),
                    ));
                }
                return Ok(path);
            }
            Err(e) => refusals.push(e),
        }
    }
    let kind = refusals
        .last()
        .map_or(io::ErrorKind::NotFound, io::Error::kind);
    let reasons: Vec<String> = refusals.iter().map(ToString::to_string).collect();
    Err(io::Error::new(kind, reasons.join("; ")))
}

/// Creates the first free name of `<stem>.md`, `<stem>-2.md`, … in `dir`, owner-only.
fn create_in(dir: &Path, stem: &str) -> io::Result<(PathBuf, File)> {
    let refused = |e: io::Error| io::Error::new(e.kind(), format!("{}: {e}", dir.display()));
    for number in 1..=MAX_NAMES_PER_DIR {
        let name = match number {
            1 => format!("{stem}.md"),
            n => format!("{stem}-{n}.md"),
        };
        let path = std::path::absolute(dir.join(name)).map_err(refused)?;
        match private_file::create_new(&path) {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(refused(e)),
        }
    }
    Err(refused(io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!("the first {MAX_NAMES_PER_DIR} report names are taken"),
    )))
}

/// Where a report went, and what the user should know about what it replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The absolute path written.
    pub path: PathBuf,
    pub replaced: Replaced,
}

impl std::fmt::Display for Written {
    /// `Report written to PATH`, with a warning when it replaced a file others could read or a symlink.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Report written to {}", self.path.display())?;
        match self.replaced {
            Replaced::Nothing => Ok(()),
            Replaced::Shared(mode) => write!(
                f,
                " (warning: the file it replaced could be read or written by others, mode {mode:o}; the new one is yours alone)"
            ),
            Replaced::Symlink => write!(
                f,
                " (warning: that name was a symbolic link; the link was replaced, the file it pointed to left alone)"
            ),
        }
    }
}

/// Writes `text` to `path` (`--report FILE`): a new owner-only file renamed into place, so whatever was
/// there (a file others could read, a symlink to elsewhere) is replaced, never written through.
pub fn write(path: &Path, text: &str) -> io::Result<Written> {
    let (path, replaced) = private_file::replace(path, text.as_bytes())?;
    Ok(Written { path, replaced })
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn exchange(status: u16, body: &[u8], outcome: &str) -> Exchange {
        let headers = [
            ("Et-App-Key", "APPKEY-123456"),
            ("Username", "alice"),
            ("Password", "PW-SECRET"),
            ("Authorization", "Bearer INTERIM-SECRET"),
        ];
        let mut e = Exchange::request(
            SystemTime::UNIX_EPOCH,
            "POST",
            "https://api.example.test/api/token",
            &headers,
        );
        e.record_response(status, &[("Content-Type", "application/json")], body);
        e.finish(
            Duration::from_millis(35),
            Some("VerificationCode"),
            crate::diag::OutcomeKind::from_old_outcome(outcome),
            outcome.into(),
        );
        e
    }

    #[test]
    fn a_failure_report_has_the_facts_the_hint_and_no_secret() {
        let exchanges = [
            exchange(202, br#"{"State":"Expecting","Step":"VerificationCode","Reason":"Expecting confirmation code","Token":"INTERIM-SECRET"}"#, "Expecting"),
            exchange(401, br#"{"State":"Failed","Step":"VerificationCode","Reason":"Corrupted ticket"}"#, "Failed"),
        ];
        let report = Report {
            url: "https://api.example.test/api/token",
            username: "alice",
            exchanges: &exchanges,
            conclusion: Conclusion::Stopped {
                summary: "Failed at step VerificationCode (HTTP 401): Corrupted ticket".into(),
                advice: "Start the login again: the interim token expired.".into(),
            },
        };
        let text = report.render(SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000));
        for expected in [
            "autoshares-login 0.1.0",
            "2027-01-15T08:00:00Z",
            "| Username | alice |",
            "Failed at step VerificationCode (HTTP 401): Corrupted ticket",
            "## What to do",
            "interim token",
            "### 2.",
            "Password: [redacted]",
            REDACTION_NOTE,
        ] {
            assert!(text.contains(expected), "missing {expected:?} in\n{text}");
        }
        for secret in ["PW-SECRET", "INTERIM-SECRET", "APPKEY-123456"] {
            assert!(!text.contains(secret), "{secret} leaked");
        }
    }

    #[test]
    fn server_text_cannot_break_the_markdown_or_the_terminal() {
        let exchanges = [exchange(
            401,
            b"<html>```\n|evil|\x1b[2J\xe2\x80\xae</html>",
            "Fault | with pipe",
        )];
        let text = Report {
            url: "u",
            username: "bob|x",
            exchanges: &exchanges,
            conclusion: Conclusion::Unfinished,
        }
        .render(SystemTime::UNIX_EPOCH);
        assert!(text.contains("| Username | bob\\|x |"));
        assert!(text.contains("- Outcome: Fault \\| with pipe"));
        assert!(!text.contains('\u{1b}') && !text.contains('\u{202e}'));
        assert!(
            text.contains("    <html>```"),
            "bodies sit in indented blocks that backticks cannot close"
        );
    }

    #[test]
    fn reports_are_written_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.md");
        let written = write(&path, "# r\n").unwrap();
        assert!(written.path.is_absolute() && written.replaced == Replaced::Nothing);
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
    fn a_default_report_never_follows_or_replaces_what_is_there() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path();
        let target = dir.join("target");
        std::fs::write(&target, "keep").unwrap();
        std::os::unix::fs::symlink(&target, dir.join("r.md")).unwrap();
        std::fs::write(dir.join("r-2.md"), "keep too").unwrap();
        let written = write_new([Ok(dir.to_path_buf())], "r", "# report\n").unwrap();
        assert_eq!(written, dir.join("r-3.md"));
        assert_eq!(std::fs::read_to_string(&written).unwrap(), "# report\n");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");
        assert_eq!(
            std::fs::read_to_string(dir.join("r-2.md")).unwrap(),
            "keep too"
        );
        assert_eq!(
            std::fs::metadata(&written).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }

    #[test]
    fn a_default_report_falls_back_when_the_first_directory_refuses() {
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path();
        let gone = dir.join("no-such-directory");
        let unreadable = Err(io::Error::new(io::ErrorKind::PermissionDenied, "cwd"));
        let written = write_new(
            [Ok(gone.clone()), unreadable, Ok(dir.to_path_buf())],
            "r",
            "x",
        )
        .unwrap();
        assert_eq!(written, dir.join("r.md"));
        let err = write_new([Ok(gone.clone())], "r", "x").unwrap_err();
        assert!(err.to_string().contains("no-such-directory"), "{err}");
    }

    #[test]
    fn the_default_report_name_is_timestamped() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        assert_eq!(default_stem(now), "autoshares-login-report-20270115080000");
    }
}
