//! `autoshares-login inspect FILE`: a customer's `--log`, read back; the support report written from it.
//! The viewer is the TUI's timeline (`tui::inspect`).

use std::fmt::Write as _;
use std::time::SystemTime;

use crate::diag::OutcomeKind;
use crate::diag::attempts;
use crate::diag::log_reader::LogContents;
use crate::diag::report::{Conclusion, Report};

/// How the log ends: a token, the last failure with its hint, or neither.
fn conclusion(contents: &LogContents) -> Conclusion {
    let Some(last) = contents.exchanges.last() else {
        return Conclusion::Unfinished;
    };
    let token_request = last.url.trim_end_matches('/').ends_with("/token");
    match &last.hint {
        Some(advice) => Conclusion::Stopped {
            summary: last.outcome.clone(),
            advice: advice.clone(),
        },
        None if last.kind == OutcomeKind::Succeeded || !token_request => Conclusion::Token,
        None => Conclusion::Unfinished,
    }
}

/// The Markdown support report of the log, as the TUI writes it, with a section on where it came from
/// and on what was left out or cleaned.
pub fn support_report(contents: &LogContents, source: &str, now: SystemTime) -> String {
    let exchanges = &contents.exchanges;
    let attempts = attempts::split(exchanges);
    let username = attempts
        .last()
        .and_then(|a| a.username.clone())
        .unwrap_or_default();
    let url = exchanges
        .iter()
        .find(|e| attempts::starts_attempt(e))
        .or(exchanges.first())
        .map(|e| e.url.clone())
        .unwrap_or_default();
    let text = Report {
        url: &url,
        username: &username,
        exchanges,
        conclusion: conclusion(contents),
    }
    .render(now);
    let mut notes = format!(
        "\n## Read from a log\n\nWritten by `inspect` from {source}: {} exchanges in {} attempts.\n",
        exchanges.len(),
        attempts.len()
    );
    for note in &contents.notes {
        let _ = writeln!(notes, "\n- {note}");
    }
    match text.find("\n## Exchanges") {
        Some(at) => format!("{}{notes}{}", &text[..at], &text[at..]),
        None => text + &notes,
    }
}
