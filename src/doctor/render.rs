//! The doctor's findings and the run's context as lines that fit the terminal (marks on a UTF-8 colour
//! terminal, words elsewhere; wrapped under their column), as JSON, or as Markdown for a ticket.

use std::fmt::Write as _;

use crossterm::style::Stylize;
use serde::Serialize;

use super::{Finding, Status};
use crate::console;
use crate::diag::RunContext;
use crate::diag::report;
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
/// Width of the context's names' column.
const LABEL_WIDTH: usize = 13;
/// The widest the text gets: an 80-column terminal, and any pipe.
pub const MAX_WIDTH: usize = console::WIDTH;
/// The narrowest it is wrapped to, however narrow the terminal.
const MIN_WIDTH: usize = 40;

/// The width to wrap to: the terminal's when stdout is a narrower one, else [`MAX_WIDTH`].
pub fn width(terminal_columns: Option<u16>) -> usize {
    terminal_columns.map_or(MAX_WIDTH, |columns| {
        usize::from(columns).clamp(MIN_WIDTH, MAX_WIDTH)
    })
}

/// `text` wrapped to `width` at spaces (never inside a hyphenated word such as `set-clipboard`), its
/// first line after `first` (of the width of `indent`) and the others under `indent`.
fn wrapped(out: &mut String, first: &str, indent: &str, text: &str, width: usize) {
    out.push_str(&console::wrapped_to(width, first, indent, text));
    out.push('\n');
}

/// The run's context (under a heading), then one line per finding (its detail wrapped under its
/// column, each failure or warning followed by its hint), then a summary line; nothing wider than
/// `width`.
pub fn text(findings: &[Finding], context: &RunContext, marks: Marks, width: usize) -> String {
    let mut out =
        String::from("Context (`doctor --report FILE` writes it with the checks for a ticket)\n");
    let label_indent = " ".repeat(2 + LABEL_WIDTH);
    for (label, value) in context.rows() {
        let first = format!("  {label:<LABEL_WIDTH$}");
        wrapped(&mut out, &first, &label_indent, &value, width);
    }
    out.push('\n');
    let indent = " ".repeat(marks.width() + 1 + TITLE_WIDTH);
    let hint_indent = format!("{indent}      ");
    for finding in findings {
        let first = format!(
            "{} {:<TITLE_WIDTH$}",
            marks.mark(finding.status),
            finding.check.title()
        );
        wrapped(&mut out, &first, &indent, &sanitize(&finding.detail), width);
        if let Some(hint) = &finding.hint {
            let first = format!("{indent}hint: ");
            wrapped(&mut out, &first, &hint_indent, &sanitize(hint), width);
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
struct JsonReport<'a> {
    tool: String,
    /// The context the checks ran in: the build, the system, the terminal, the profile, the config file
    /// and the settings.
    context: &'a RunContext,
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

/// The findings and their context as one JSON document, for pasting into a ticket.
pub fn json(findings: &[Finding], context: &RunContext) -> String {
    let report = JsonReport {
        tool: format!("autoshares-login {}", crate::build_info::VERSION),
        context,
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

/// The checks and their context as Markdown, a section of the ticket `doctor --report` writes.
pub fn markdown(findings: &[Finding], context: &RunContext) -> String {
    let mut out = String::from(
        "## Checks\n\n| Check | Result | Detail | Hint |\n| --- | --- | --- | --- |\n",
    );
    for finding in findings {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            finding.check.title(),
            Marks::Words.mark(finding.status).trim_end(),
            report::cell(&finding.detail),
            report::cell(finding.hint.as_deref().unwrap_or("—"))
        );
    }
    let _ = write!(out, "\n{}\n", summary(findings));
    out.push_str("\n## Context\n");
    out.push_str(&report::context_table(context));
    out
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

    /// The checks' lines of the text, without the context above them.
    fn checks_text(findings: &[Finding], marks: Marks, width: usize) -> String {
        let text = text(findings, &RunContext::default(), marks, width);
        let (_context, checks) = text
            .split_once("\n\n")
            .expect("a blank line after the context");
        checks.to_string()
    }

    #[test]
    fn words_without_a_terminal_with_hints_under_their_line() {
        let text = checks_text(&findings(), Marks::Words, MAX_WIDTH);
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
        let text = checks_text(&findings(), Marks::Glyphs, MAX_WIDTH);
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
        assert!(!checks_text(&evil, Marks::Words, MAX_WIDTH).contains('\u{1b}'));
        assert!(!json(&evil, &RunContext::default()).contains("\\u001b"));
    }

    #[test]
    fn json_carries_status_and_hint_per_check() {
        let mut context = RunContext::default();
        context.settings.profile = Some("work".into());
        context.settings.config = "~/.config/autoshares-login/config.toml".into();
        let value: serde_json::Value = serde_json::from_str(&json(&findings(), &context)).unwrap();
        assert_eq!(value["context"]["settings"]["profile"], "work");
        assert_eq!(
            value["context"]["settings"]["config"],
            "~/.config/autoshares-login/config.toml"
        );
        assert_eq!(value["failed"], 1);
        assert_eq!(value["warnings"], 1);
        assert_eq!(value["checks"][1]["check"], "app_key");
        assert_eq!(value["checks"][1]["status"], "fail");
        assert_eq!(value["checks"][1]["hint"], "Set it right.");
        assert_eq!(value["checks"][0]["hint"], serde_json::Value::Null);
    }

    #[test]
    fn long_details_and_hints_wrap_under_their_column_within_the_width() {
        let long = [Finding::fail(
            Check::Store,
            "files in ~/.local/state/autoshares-login, which others may read (mode 755) and which a long sentence explains further",
            "The next login makes it readable by you only; or run `chmod 700` on it now, which is quicker than waiting.",
        )];
        for width in [MAX_WIDTH, 50] {
            let text = checks_text(&long, Marks::Words, width);
            let lines: Vec<&str> = text.lines().collect();
            assert!(lines.iter().all(|l| l.chars().count() <= width), "{text}");
            assert!(
                lines[0].starts_with("FAIL Store          files in"),
                "{text}"
            );
            assert!(
                lines[1].starts_with(&" ".repeat(20)) && !lines[1].starts_with(&" ".repeat(21)),
                "{text}"
            );
            let hint = lines
                .iter()
                .position(|l| l.trim_start().starts_with("hint: "))
                .unwrap();
            assert!(lines[hint + 1].starts_with(&" ".repeat(26)), "{text}");
            let words: Vec<&str> = text.split_whitespace().collect();
            assert!(
                words.contains(&"explains") && words.contains(&"waiting."),
                "no word is cut: {text}"
            );
        }
        assert_eq!(width(Some(200)), MAX_WIDTH);
        assert_eq!(width(Some(60)), 60);
        assert_eq!(width(None), MAX_WIDTH);
    }

    #[test]
    fn the_context_comes_first_one_row_a_line() {
        let text = text(&findings(), &RunContext::default(), Marks::Words, MAX_WIDTH);
        assert!(text.starts_with("Context"), "{text}");
        assert!(
            text.contains("\n  Config file  \n") || text.contains("\n  Config file"),
            "{text}"
        );
        assert!(text.contains("\n  Proxy        "), "{text}");
    }

    #[test]
    fn markdown_holds_every_check_and_the_context() {
        let text = markdown(&findings(), &RunContext::default());
        assert!(
            text.contains(
                "| App key | FAIL | the server does not know abcd…(8 chars) | Set it right. |"
            ),
            "{text}"
        );
        assert!(text.contains("| URL | ok |"), "{text}");
        assert!(text.contains("1 check failed, 1 warning."));
        assert!(
            text.contains("## Context") && text.contains("| Proxy |"),
            "{text}"
        );
    }
}
