//! The doctor's findings as lines (marks on a UTF-8 colour terminal, words elsewhere) or as JSON for a ticket.

use std::fmt::Write as _;

use crossterm::style::Stylize;
use serde::Serialize;

use super::{Finding, Status};
use crate::diag::sanitize::sanitize;

/// How a status is shown at the start of its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marks {
    /// `✓` `✗` `!` `-`, coloured.
    Glyphs,
    /// `ok` `FAIL` `warn` `skip`, plain.
    Words,
}

impl Marks {
    /// Glyphs when the output is a terminal with colour allowed and a UTF-8 locale; words otherwise.
    pub fn detect(output_is_terminal: bool) -> Marks {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let colour = var("NO_COLOR").is_none() && var("TERM").is_some_and(|t| t != "dumb");
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"]
            .iter()
            .find_map(|name| var(name));
        let utf8 = locale.is_some_and(|l| {
            let l = l.to_ascii_lowercase();
            l.contains("utf-8") || l.contains("utf8")
        });
        if output_is_terminal && colour && utf8 {
            Marks::Glyphs
        } else {
            Marks::Words
        }
    }

    fn mark(self, status: Status) -> String {
        match (self, status) {
            (Marks::Glyphs, Status::Ok) => "✓".green().bold().to_string(),
            (Marks::Glyphs, Status::Fail) => "✗".red().bold().to_string(),
            (Marks::Glyphs, Status::Warn) => "!".yellow().bold().to_string(),
            (Marks::Glyphs, Status::Skip) => "-".dark_grey().to_string(),
            (Marks::Words, Status::Ok) => "ok  ".to_string(),
            (Marks::Words, Status::Fail) => "FAIL".to_string(),
            (Marks::Words, Status::Warn) => "warn".to_string(),
            (Marks::Words, Status::Skip) => "skip".to_string(),
        }
    }

    fn width(self) -> usize {
        match self {
            Marks::Glyphs => 1,
            Marks::Words => 4,
        }
    }
}

/// Width of the check names' column.
const TITLE_WIDTH: usize = 15;

/// One line per finding, each failure or warning followed by its hint, then a summary line.
pub fn text(findings: &[Finding], marks: Marks) -> String {
    let mut out = String::new();
    let indent = " ".repeat(marks.width() + 1 + TITLE_WIDTH);
    for finding in findings {
        let _ = writeln!(
            out,
            "{} {:<TITLE_WIDTH$}{}",
            marks.mark(finding.status),
            finding.check.title(),
            sanitize(&finding.detail)
        );
        if let Some(hint) = &finding.hint {
            let _ = writeln!(out, "{indent}hint: {}", sanitize(hint));
        }
    }
    out.push_str(&summary(findings));
    out.push('\n');
    out
}

fn count(findings: &[Finding], status: Status) -> usize {
    findings.iter().filter(|f| f.status == status).count()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `No check failed.`, or how many failed, with the warnings.
pub fn summary(findings: &[Finding]) -> String {
    let failed = count(findings, Status::Fail);
    let warnings = count(findings, Status::Warn);
    let head = match failed {
        0 => "No check failed".to_string(),
        n => plural(n, "check failed", "checks failed"),
    };
    match warnings {
        0 => format!("{head}."),
        n => format!("{head}, {}.", plural(n, "warning", "warnings")),
    }
}

#[derive(Serialize)]
struct JsonReport {
    tool: String,
    checks: Vec<JsonFinding>,
    failed: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct JsonFinding {
    check: super::Check,
    title: &'static str,
    status: Status,
    detail: String,
    hint: Option<String>,
}

/// The findings as one JSON document, for pasting into a ticket.
pub fn json(findings: &[Finding]) -> String {
    let report = JsonReport {
        tool: format!("autoshares-login {}", env!("CARGO_PKG_VERSION")),
        checks: findings
            .iter()
            .map(|f| JsonFinding {
                check: f.check,
                title: f.check.title(),
                status: f.status,
                detail: sanitize(&f.detail),
                hint: f.hint.as_deref().map(sanitize),
            })
            .collect(),
        failed: count(findings, Status::Fail),
        warnings: count(findings, Status::Warn),
    };
    serde_json::to_string_pretty(&report).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::super::{Check, Finding};
    use super::*;

    fn findings() -> Vec<Finding> {
        vec![
            Finding::ok(
                Check::Url,
                "requests go to POST https://h.example/api/token",
            ),
            Finding::fail(
                Check::AppKey,
                "the server does not know abcd…(8 chars)",
                "Set it right.",
            ),
            Finding::warn(Check::Clock, "5m ahead", "Fix the clock."),
            Finding::skip(Check::Tls, "not used: the URL is plain http://"),
        ]
    }

    #[test]
    fn words_without_a_terminal_with_hints_under_their_line() {
        let text = text(&findings(), Marks::Words);
        assert_eq!(
            text,
            "ok   URL            requests go to POST https://h.example/api/token\n\
             FAIL App key        the server does not know abcd…(8 chars)\n\
             \x20                   hint: Set it right.\n\
             warn Clock          5m ahead\n\
             \x20                   hint: Fix the clock.\n\
             skip TLS            not used: the URL is plain http://\n\
             1 check failed, 1 warning.\n"
        );
    }

    #[test]
    fn glyphs_are_coloured_marks() {
        let text = text(&findings(), Marks::Glyphs);
        assert!(text.contains('✓') && text.contains('✗') && text.contains('\u{1b}'));
        assert!(
            text.contains("\n                 hint: Set it right.\n"),
            "{text}"
        );
    }

    #[test]
    fn server_text_in_a_detail_cannot_reach_the_terminal_raw() {
        let evil = [Finding::fail(
            Check::Endpoint,
            "bad\u{1b}]0;pwned\u{7} answer",
            "x",
        )];
        assert!(!text(&evil, Marks::Words).contains('\u{1b}'));
        assert!(!json(&evil).contains("\\u001b"));
    }

    #[test]
    fn json_carries_status_and_hint_per_check() {
        let value: serde_json::Value = serde_json::from_str(&json(&findings())).unwrap();
        assert_eq!(value["failed"], 1);
        assert_eq!(value["warnings"], 1);
        assert_eq!(value["checks"][1]["check"], "app_key");
        assert_eq!(value["checks"][1]["status"], "fail");
        assert_eq!(value["checks"][1]["hint"], "Set it right.");
        assert_eq!(value["checks"][0]["hint"], serde_json::Value::Null);
    }
}
