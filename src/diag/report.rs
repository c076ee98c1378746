//! The support report: a Markdown page for a ticket, with every exchange redacted and the outcome explained.

use std::fmt::Write as _;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::hints;
use super::sanitize::sanitize;
use super::{Exchange, private_file};
use crate::auth::Stop;

/// How the login ended, as far as the report is concerned.
#[derive(Debug, Clone, Copy)]
pub enum Conclusion<'a> {
    Token,
    Stopped(&'a Stop),
    /// The report was written before the login ended (abandoned, or still at a step).
    Unfinished,
}

/// What a report is made of; nothing in it is secret (exchanges are redacted when recorded).
#[derive(Debug, Clone, Copy)]
pub struct Report<'a> {
    pub url: &'a str,
    pub username: &'a str,
    pub exchanges: &'a [Exchange],
    pub conclusion: Conclusion<'a>,
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
        let (outcome, advice) = match self.conclusion {
            Conclusion::Token => ("Succeeded: a session token was issued.".to_string(), None),
            Conclusion::Stopped(stop) => (stop_summary(stop), Some(hints::for_stop(stop).advice)),
            Conclusion::Unfinished => (
                "Unfinished: the login did not reach a token or a failure.".to_string(),
                None,
            ),
        };
        let mut out = String::from("# autoshares-login support report\n\n| | |\n| --- | --- |\n");
        let rows = [
            (
                "Tool",
                format!("autoshares-login {}", env!("CARGO_PKG_VERSION")),
            ),
            (
                "Written",
                humantime::format_rfc3339_seconds(now).to_string(),
            ),
            ("Server", self.url.to_string()),
            ("Username", self.username.to_string()),
            ("Exchanges", self.exchanges.len().to_string()),
            ("Outcome", outcome),
        ];
        for (name, value) in rows {
            let _ = writeln!(out, "| {name} | {} |", cell(&value));
        }
        if let Some(advice) = advice {
            let _ = write!(out, "\n## What to do\n\n{}\n", sanitize(&advice));
        }
        out.push_str("\n## Exchanges\n\nSecrets are redacted: passwords, PINs and codes show only their length; tokens show a fingerprint (equal fingerprints, equal tokens); the app key shows its first characters.\n");
        for (number, exchange) in self.exchanges.iter().enumerate() {
            write_exchange(&mut out, number + 1, exchange);
        }
        out
    }
}

fn stop_summary(stop: &Stop) -> String {
    match stop {
        Stop::Failed(f) => format!(
            "Failed at step {} (HTTP {}): {}",
            f.step, f.status, f.reason
        ),
        Stop::Fault(fault) => format!("Fault: {fault}"),
    }
}

fn write_exchange(out: &mut String, number: usize, exchange: &Exchange) {
    let status = exchange
        .status
        .map_or_else(|| "no answer".to_string(), |s| format!("HTTP {s}"));
    let _ = write!(
        out,
        "\n### {number}. {} {} → {status} in {} ms\n\n",
        exchange.at, exchange.method, exchange.latency_ms
    );
    let _ = writeln!(out, "- URL: {}", cell(&exchange.url));
    let _ = writeln!(
        out,
        "- Step: {}",
        cell(exchange.step.as_deref().unwrap_or("—"))
    );
    let _ = writeln!(out, "- Outcome: {}", cell(&exchange.outcome));
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

/// Where a report goes when no `--report FILE` was given: the current directory, else the temp directory.
pub fn default_path(now: SystemTime) -> PathBuf {
    let stamp: String = humantime::format_rfc3339_seconds(now)
        .to_string()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let name = format!("autoshares-login-report-{stamp}.md");
    let here = std::env::current_dir().ok().filter(|dir| is_writable(dir));
    here.unwrap_or_else(std::env::temp_dir).join(name)
}

fn is_writable(dir: &Path) -> bool {
    std::fs::metadata(dir).is_ok_and(|m| !m.permissions().readonly())
}

/// Writes `text` to `path`, readable by its owner only; returns the absolute path written.
pub fn write(path: &Path, text: &str) -> io::Result<PathBuf> {
    private_file::open(path, false)?.write_all(text.as_bytes())?;
    std::path::absolute(path)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::auth::wire::Failure;

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
            outcome.into(),
        );
        e
    }

    #[test]
    fn a_failure_report_has_the_facts_the_hint_and_no_secret() {
        let stop = Stop::Failed(Failure {
            status: 401,
            step: "VerificationCode".into(),
            reason: "Corrupted ticket".into(),
        });
        let exchanges = [
            exchange(202, br#"{"State":"Expecting","Step":"VerificationCode","Reason":"Expecting confirmation code","Token":"INTERIM-SECRET"}"#, "Expecting"),
            exchange(401, br#"{"State":"Failed","Step":"VerificationCode","Reason":"Corrupted ticket"}"#, "Failed"),
        ];
        let report = Report {
            url: "https://api.example.test/api/token",
            username: "alice",
            exchanges: &exchanges,
            conclusion: Conclusion::Stopped(&stop),
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
            "Password: [redacted, 9 chars]",
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
        let path = std::env::temp_dir().join(format!("asl-report-{}.md", std::process::id()));
        let written = write(&path, "# r\n").unwrap();
        assert!(written.is_absolute());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
        std::fs::remove_file(path).unwrap();
    }
}
