//! The support report: a Markdown page for a ticket, with every exchange redacted and the outcome explained.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::attempts::{self, Told};
pub use super::private_file::Replaced;
use super::sanitize::sanitize;
use super::{Exchange, RunContext, private_file};

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
pub const REDACTION_NOTE: &str = "Secrets are redacted: passwords, PINs and codes show only whether they were empty, never their length; tokens show a fingerprint, a hash and no character of the token (equal fingerprints, equal tokens); the app key shows its first characters. A server's text that held a secret is withheld whole, naming the secret it held. (Logs written by earlier builds may show a length in a marker.)";

/// What a report is made of; nothing in it is secret (exchanges are redacted when recorded, the context
/// holds none).
#[derive(Debug, Clone)]
pub struct Report<'a> {
    pub exchanges: &'a [Exchange],
    pub conclusion: Conclusion,
    /// The run's context; `None` for a log written before runs recorded theirs.
    pub context: Option<&'a RunContext>,
    /// Where the exchanges were read from, for a report written from a log (`inspect`).
    pub source: Option<Source<'a>>,
}

/// The log a report was written from, and the notes on reading it.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub path: &'a str,
    pub notes: &'a [String],
}

/// A table cell: one sanitised line, with pipes escaped.
pub fn cell(text: &str) -> String {
    sanitize(text).replace('|', "\\|")
}

/// A two-column Markdown table of `rows`.
fn table<'r>(out: &mut String, rows: impl IntoIterator<Item = (&'r str, String)>) {
    out.push_str("\n| | |\n| --- | --- |\n");
    for (name, value) in rows {
        let _ = writeln!(out, "| {name} | {} |", cell(&value));
    }
}

/// An indented (fence-free) code block, so nothing the server sent can end it early.
fn code_block(out: &mut String, lines: impl IntoIterator<Item = String>) {
    out.push('\n');
    for line in lines {
        let _ = writeln!(out, "    {line}");
    }
    out.push('\n');
}

/// The story: one row per attempt (when, username, how far it got, how it ended, the hint).
fn story(out: &mut String, told: &[Told]) {
    out.push_str("\n## What happened\n\n");
    if told.is_empty() {
        out.push_str("No exchange was recorded.\n");
        return;
    }
    out.push_str("| # | When (UTC) | Username | Reached | Outcome | Hint |\n");
    out.push_str("| --- | --- | --- | --- | --- | --- |\n");
    for (number, attempt) in told.iter().enumerate() {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            number + 1,
            attempt.when.strftime("%Y-%m-%d %H:%M:%S"),
            cell(attempt.username.as_deref().unwrap_or("(none)")),
            cell(attempt.reached.as_deref().unwrap_or("—")),
            cell(&attempt.outcome),
            cell(attempt.hint.as_deref().unwrap_or("—")),
        );
    }
}

/// The context as a two-column Markdown table.
pub fn context_table(context: &RunContext) -> String {
    let mut out = String::new();
    table(&mut out, context.rows());
    out
}

/// `markdown` one heading level down, to be nested in another document (its code blocks are indented,
/// so no line of theirs starts with `#`).
pub fn nested(markdown: &str) -> String {
    markdown
        .lines()
        .map(|line| match line.starts_with('#') {
            true => format!("#{line}\n"),
            false => format!("{line}\n"),
        })
        .collect()
}

/// The context block, or why there is none (and where the requests went, which the exchanges tell).
fn context_block(out: &mut String, context: Option<&RunContext>, exchanges: &[Exchange]) {
    out.push_str("\n## Context\n");
    match context {
        Some(context) => out.push_str(&context_table(context)),
        None => {
            let _ = write!(
                out,
                "\nNot recorded: the log was written before autoshares-login recorded each run's context (version, system, profile, settings)."
            );
            if let Some(first) = exchanges.first() {
                let _ = write!(out, " Its requests went to {}.", cell(&first.url));
            }
            out.push('\n');
        }
    }
}

impl Report<'_> {
    /// The report as Markdown, stamped with `now`: the story, the outcome and what to do, the counts,
    /// the context, where it was read from, then every exchange by attempt.
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
        let told: Vec<Told> = attempts.iter().map(|a| a.tell(self.exchanges)).collect();
        let mut out = format!(
            "# autoshares-login support report\n\nWritten {:.0}.\n",
            jiff::Timestamp::try_from(now).unwrap_or_default()
        );
        story(&mut out, &told);
        let _ = write!(out, "\nOutcome: {}\n", cell(&outcome));
        if let Some(advice) = advice {
            let _ = write!(out, "\n## What to do\n\n{}\n", sanitize(advice));
        }
        out.push_str("\n## Counts\n");
        let endings = attempts::count_endings(&told);
        let counts = std::iter::once(("Attempts", told.len()))
            .chain(endings.iter().map(|(ending, n)| (ending.word(), *n)))
            .chain([("Exchanges", self.exchanges.len())]);
        table(&mut out, counts.map(|(name, n)| (name, n.to_string())));
        context_block(&mut out, self.context, self.exchanges);
        if let Some(source) = &self.source {
            let _ = write!(
                out,
                "\n## Read from a log\n\nWritten by `inspect` from {}: {} exchanges in {} attempts.\n",
                cell(source.path),
                self.exchanges.len(),
                attempts.len()
            );
            for note in source.notes {
                let _ = write!(out, "\n- {}\n", sanitize(note));
            }
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
        let mut context = RunContext::default();
        context.settings.username = Some("alice".into());
        context.settings.profile = Some("work".into());
        let report = Report {
            exchanges: &exchanges,
            conclusion: Conclusion::Stopped {
                summary: "Failed at step VerificationCode (HTTP 401): Corrupted ticket".into(),
                advice: "Start the login again: the interim token expired.".into(),
            },
            context: Some(&context),
            source: None,
        };
        let text = report.render(SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000));
        for expected in [
            "Written 2027-01-15T08:00:00Z.",
            "| Username | alice |",
            "| Profile | work |",
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
        let mut context = RunContext::default();
        context.settings.username = Some("bob|x".into());
        let text = Report {
            exchanges: &exchanges,
            conclusion: Conclusion::Unfinished,
            context: Some(&context),
            source: None,
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
    fn the_story_opens_the_report_and_the_counts_match_the_details() {
        // Two logins: first requests, without an interim token.
        let exchanges = [
            exchange(
                401,
                br#"{"State":"Failed","Step":"BaseAuthentication","Reason":"Invalid credentials"}"#,
                "Failed at BaseAuthentication: Invalid credentials",
            ),
            exchange(200, br#"{"State":"Succeeded"}"#, "Succeeded"),
        ]
        .map(|mut e| {
            e.request_headers
                .retain(|(name, _)| name != "Authorization");
            e.hint = (e.status == Some(401)).then(|| "Check the password.".to_string());
            e
        });
        let text = Report {
            exchanges: &exchanges,
            conclusion: Conclusion::Token,
            context: None,
            source: None,
        }
        .render(SystemTime::UNIX_EPOCH);
        let story = text.find("## What happened").unwrap();
        let counts = text.find("## Counts").unwrap();
        let context = text.find("## Context").unwrap();
        let details = text.find("## Exchanges").unwrap();
        assert!(
            story < counts && counts < context && context < details,
            "{text}"
        );
        let rows: Vec<&str> = text[story..counts]
            .lines()
            .filter(|l| l.starts_with("| ") && !l.starts_with("| #") && !l.starts_with("| ---"))
            .collect();
        assert_eq!(rows.len(), 2, "{text}");
        assert!(rows[0].starts_with("| 1 | 1970-01-01 00:00:00 | alice | VerificationCode | Refused: Invalid credentials | Check the password. |"), "{}", rows[0]);
        assert!(
            rows[1].contains("| Succeeded: a session token was issued | — |"),
            "{}",
            rows[1]
        );
        let attempts = text.matches("\n## Attempt ").count();
        let shown = text.matches("\n### ").count();
        assert!(
            text.contains(&format!("| Attempts | {attempts} |")),
            "{text}"
        );
        assert!(text.contains(&format!("| Exchanges | {shown} |")), "{text}");
        assert!(text.contains("| Refused | 1 |") && text.contains("| Succeeded | 1 |"));
        assert!(
            text.contains("Not recorded: the log was written before"),
            "{text}"
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
