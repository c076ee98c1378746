//! `autoshares-login inspect FILE`: a customer's `--log`, read back; the support report written from it.
//! The viewer is the TUI's timeline (`tui::inspect`).

use std::time::SystemTime;

use crate::diag::OutcomeKind;
use crate::diag::log_reader::LogContents;
use crate::diag::report::{Conclusion, Report, Source};

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

/// The Markdown support report of the log, as the TUI writes it, with the context of the log's last
/// run (when it recorded one) and a section on where it came from and on what was left out or cleaned.
pub fn support_report(contents: &LogContents, source: &str, now: SystemTime) -> String {
    Report {
        exchanges: &contents.exchanges,
        conclusion: conclusion(contents),
        context: contents.last_context(),
        source: Some(Source {
            path: source,
            notes: &contents.notes,
        }),
    }
    .render(now)
}
