//! `inspect FILE` through the real binary: a log written by real logins against the sandbox, opened in the
//! viewer (a PTY) and turned into a report; malformed, foreign, cut-off, hostile and huge files.

use crate::common;
use crate::pty;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{BIN, Output, Served, run, scratch_dir};

/// A log of two attempts against the sandbox, as a customer would send it: `plain` with a wrong
/// password, then `code` with its password and code.
fn customer_log(served: &Served, dir: &Path) -> PathBuf {
    let log = dir.join("customer.jsonl");
    let log_arg = log.to_str().unwrap();
    let refused = served.line_mode("plain", &["--log", log_arg], "not-the-password\n");
    assert_eq!(refused.code, Some(1), "{}", refused.stderr);
    let code = served.user("code").code.clone().unwrap();
    let answers = format!("{}\n{code}\n", served.password("code"));
    let logged_in = served.line_mode("code", &["--log", log_arg], &answers);
    assert_eq!(logged_in.code, Some(0), "{}", logged_in.stderr);
    log
}

fn inspect_report(log: &Path, out: &Path) -> Output {
    run(
        &[
            "inspect",
            log.to_str().unwrap(),
            "--report",
            out.to_str().unwrap(),
        ],
        &[],
        "",
    )
}

/// One valid log line, as this version writes it, with `outcome` as its outcome.
fn record(outcome: &str) -> String {
    let value = serde_json::json!({
        "log_format": 1,
        "at": "2026-11-27T20:47:25.389Z",
        "method": "POST",
        "url": "https://api.example.test/api/token",
        "request_headers": [["Username", "alice"], ["Password", "[redacted]"]],
        "status": 401,
        "response_headers": [["Content-Type", "application/json"]],
        "response_body": "{\"State\":\"Failed\",\"Step\":\"BaseAuthentication\",\"Reason\":\"Invalid credentials\"}",
        "latency_ms": 42,
        "step": "BaseAuthentication",
        "outcome": outcome,
        "hint": "The username or password is wrong. Passwords are case-sensitive; check Caps Lock."
    });
    value.to_string()
}

#[test]
fn a_real_log_becomes_a_report_with_every_attempt_and_each_failures_hint() {
    let served = Served::start();
    let dir = scratch_dir("inspect-report");
    let log = customer_log(&served, &dir);
    let out = dir.join("report.md");
    let output = inspect_report(&log, &out);
    assert_eq!(output.code, Some(0), "{}", output.stderr);
    assert!(
        output.stderr.contains("Report written to"),
        "{}",
        output.stderr
    );
    let report = std::fs::read_to_string(&out).unwrap();
    for expected in [
        "# autoshares-login support report",
        "Outcome: Succeeded: a session token was issued.",
        "3 exchanges in 2 attempts",
        "- Outcome: Failed at BaseAuthentication: Invalid credentials",
        "- Hint: The username or password is wrong.",
        "Username: plain",
        "Username: code",
    ] {
        assert!(report.contains(expected), "{expected:?} not in\n{report}");
    }
    for secret in [
        served.password("plain"),
        served.password("code"),
        served.app_key(),
    ] {
        assert!(
            !report.contains(secret),
            "a secret of {} chars leaked",
            secret.len()
        );
    }
}

/// The rows of the report's first table (the story), without its header and rule.
fn story_rows(report: &str) -> Vec<Vec<String>> {
    let story = &report[report.find("## What happened").expect("a story section")..];
    story
        .lines()
        .skip_while(|line| !line.starts_with('|'))
        .take_while(|line| line.starts_with('|'))
        .skip(2)
        .map(|line| {
            line.trim_matches('|')
                .split(" | ")
                .map(|cell| cell.trim().to_string())
                .collect()
        })
        .collect()
}

/// The value of `name` in the report's two-column tables (the first such row).
fn row<'a>(report: &'a str, name: &str) -> Option<&'a str> {
    let start = format!("| {name} | ");
    report
        .lines()
        .find_map(|line| line.strip_prefix(start.as_str()))
        .map(|rest| rest.trim_end_matches(" |"))
}

#[test]
fn a_bad_morning_opens_the_report_with_one_row_per_attempt_in_order() {
    let served = Served::start();
    let dir = scratch_dir("inspect-story");
    let log = dir.join("morning.jsonl");
    let log_arg = log.to_str().unwrap();
    let mut wrong_key = served.line_mode_args("plain", &["--log", log_arg]);
    let key_at = wrong_key.iter().position(|a| a == "--app-key").unwrap() + 1;
    wrong_key[key_at] = "not-the-app-key".into();
    let stopped = run(&wrong_key, &[], &format!("{}\n", served.password("plain")));
    assert_eq!(stopped.code, Some(2), "{}", stopped.stderr);
    let refused = served.line_mode("plain", &["--log", log_arg], "not-the-password\n");
    assert_eq!(refused.code, Some(1), "{}", refused.stderr);
    let password = format!("{}\n", served.password("plain"));
    let logged_in = served.line_mode("plain", &["--log", log_arg], &password);
    assert_eq!(logged_in.code, Some(0), "{}", logged_in.stderr);

    let out = dir.join("report.md");
    let output = inspect_report(&log, &out);
    assert_eq!(output.code, Some(0), "{}", output.stderr);
    let report = std::fs::read_to_string(&out).unwrap();
    let story = report.find("## What happened").unwrap();
    assert!(
        story < report.find("## Counts").unwrap()
            && report.find("## Counts").unwrap() < report.find("## Context").unwrap()
            && report.find("## Context").unwrap() < report.find("## Exchanges").unwrap(),
        "the story, the counts, the context, then the details:\n{report}"
    );
    let rows = story_rows(&report);
    assert_eq!(rows.len(), 3, "one row per attempt:\n{report}");
    let outcomes: Vec<&str> = rows.iter().map(|r| r[4].as_str()).collect();
    assert!(
        outcomes[0]
            .starts_with("Fault: the server rejected the request (HTTP 401): Application key"),
        "{outcomes:?}"
    );
    assert_eq!(outcomes[1], "Refused: Invalid credentials");
    assert_eq!(outcomes[2], "Succeeded: a session token was issued");
    assert!(rows.iter().all(|r| r[2] == "plain"), "{rows:?}");
    assert_eq!(rows[1][3], "BaseAuthentication", "how far it got");
    assert!(
        rows[0][5].contains("BO Companies"),
        "the app key's hint: {rows:?}"
    );
    assert!(
        rows[1][5].contains("The username or password is wrong"),
        "{rows:?}"
    );
    assert_eq!(rows[2][5], "—");
    // The counts are those of the details below them.
    let attempts = report.matches("\n## Attempt ").count();
    let exchanges = report.matches("\n### ").count();
    assert_eq!(
        row(&report, "Attempts"),
        Some(attempts.to_string().as_str())
    );
    assert_eq!(
        row(&report, "Exchanges"),
        Some(exchanges.to_string().as_str())
    );
    for ending in ["Succeeded", "Refused", "Fault"] {
        assert_eq!(row(&report, ending), Some("1"), "{ending} in\n{report}");
    }
    // The context of the runs, as the log recorded it.
    assert_eq!(
        row(&report, "URL"),
        Some(served.sandbox.base_url().as_str())
    );
    assert_eq!(row(&report, "Username"), Some("plain"));
    assert_eq!(row(&report, "Profile"), Some("none"));
    assert!(
        row(&report, "Tool")
            .is_some_and(|t| t.starts_with("autoshares-login ") && t.contains("commit ")),
        "{report}"
    );
    assert!(row(&report, "Config file").is_some_and(|c| c.ends_with("config.toml")));
    for secret in [
        served.password("plain"),
        served.app_key(),
        "not-the-app-key",
        "not-the-password",
    ] {
        assert!(
            !report.contains(secret),
            "a secret of {} chars leaked",
            secret.len()
        );
    }
}

#[test]
fn a_log_of_the_first_format_is_reported_without_a_context() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/customer.jsonl");
    let text = std::fs::read_to_string(&fixture).unwrap();
    assert!(!text.contains(r#""run":"#), "the fixture has no run line");
    let dir = scratch_dir("inspect-first-format");
    let out = dir.join("r.md");
    let output = inspect_report(&fixture, &out);
    assert_eq!(output.code, Some(0), "{}", output.stderr);
    let report = std::fs::read_to_string(&out).unwrap();
    assert!(
        report.contains(
            "Not recorded: the log was written before autoshares-login recorded each run's context"
        ),
        "{report}"
    );
    assert!(
        report.contains("Its requests went to http://127.0.0.1:8787/api/token."),
        "{report}"
    );
    let rows = story_rows(&report);
    let endings: Vec<&str> = rows
        .iter()
        .map(|r| r[4].split(':').next().unwrap())
        .collect();
    assert_eq!(
        endings,
        ["Refused", "Succeeded", "Rate-limited"],
        "{report}"
    );
}

/// The viewer (in a PTY) on a log of real logins written in the scratch dir `name`, up and drawn.
fn viewer_on_a_customer_log(name: &str) -> pty::Tui {
    let served = Served::start();
    let log = customer_log(&served, &scratch_dir(name));
    let tui = pty::Launch::inspect(&log).spawn();
    tui.expect_text("Timeline: 3 exchanges in 2 attempts");
    tui
}

#[test]
fn the_viewer_groups_by_attempt_and_shows_the_hint() {
    let mut tui = viewer_on_a_customer_log("inspect-viewer");
    let screen = tui.expect_text("Attempt 1 of 2 as plain: exchange 1 of 1");
    assert!(
        screen.contains("2.2"),
        "exchanges are numbered by attempt:\n{screen}"
    );
    assert!(
        pty::folded(&screen).contains("The username or password is wrong"),
        "the failure's hint is shown:\n{screen}"
    );
    let row = screen
        .lines()
        .find(|l| l.contains("Expecting VerificationCode: Expecting"));
    assert!(
        row.is_some_and(|row| row.trim_end().trim_end_matches('│').ends_with('…')),
        "an outcome too long for its column ends with …:\n{screen}"
    );
    tui.send(pty::key::DOWN);
    tui.expect_text("Attempt 2 of 2 as code: exchange 1 of 2");
    tui.send(pty::key::F1);
    tui.expect_text("PageUp/PageDown  scroll the exchange's details");
    tui.send("q");
    tui.wait_for("q to close the help", pty::PATIENCE, |screen| {
        !screen.contains("scroll the exchange's details")
    });
    tui.send("q");
    tui.expect_exit_restored(0);
}

#[test]
fn on_a_small_terminal_page_down_scrolls_to_the_hint_and_q_is_still_in_the_bar() {
    let mut tui = viewer_on_a_customer_log("inspect-small");
    tui.resize(40, 14);
    let screen = tui.expect_text("↓ more (PgDn)");
    assert!(
        screen.contains("q quit"),
        "the way out is in the bar:\n{screen}"
    );
    assert!(!pty::folded(&screen).contains("Passwords are case-sensitive"));
    for _ in 0..4 {
        tui.send(pty::key::PAGE_DOWN);
    }
    let screen = tui.expect_text("↑ more (PgUp)");
    assert!(
        pty::folded(&screen).contains("Passwords are case-sensitive"),
        "PgDn reached the hint:\n{screen}"
    );
    assert!(
        screen.contains("› 1.1"),
        "PgDn scrolled the details, the selection stayed:\n{screen}"
    );
    tui.send("q");
    tui.expect_exit_restored(0);
}

#[test]
fn a_log_of_an_earlier_build_with_lengths_in_its_markers_is_still_read() {
    // Earlier builds wrote `[redacted, N chars]`, and scrubbed a password that was an ordinary word out
    // of the tool's own hint: such a log is read and reported as it is.
    let dir = scratch_dir("inspect-old-markers");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/customer.jsonl");
    let fixture = std::fs::read_to_string(&fixture).expect("the fixture");
    assert!(
        fixture.contains("[redacted, 4 chars]"),
        "the fixture has old markers"
    );
    let mut scrubbed: serde_json::Value = serde_json::from_str(&record(
        "Failed at BaseAuthentication: Invalid [redacted, 11 chars]",
    ))
    .unwrap();
    scrubbed["request_headers"][1][1] = "[redacted, 11 chars]".into();
    scrubbed["hint"] = "The username or [redacted, 8 chars] is wrong.".into();
    let log = dir.join("old.jsonl");
    std::fs::write(&log, format!("{scrubbed}\n{fixture}")).unwrap();
    let out = dir.join("r.md");
    let output = inspect_report(&log, &out);
    assert_eq!(output.code, Some(0), "{}", output.stderr);
    let report = std::fs::read_to_string(&out).unwrap();
    for expected in [
        "Password: [redacted, 4 chars]",
        "- Outcome: Failed at BaseAuthentication: Invalid [redacted, 11 chars]",
        "- Hint: The username or [redacted, 8 chars] is wrong.",
        "earlier builds may show a length in a marker",
    ] {
        assert!(
            report.contains(expected),
            "missing {expected:?} in\n{report}"
        );
    }
}

#[test]
fn a_malformed_line_is_an_error_naming_it() {
    let dir = scratch_dir("inspect-malformed");
    let log = dir.join("broken.jsonl");
    std::fs::write(
        &log,
        format!(
            "{}\n{{\"at\": oops\n{}\n",
            record("Failed"),
            record("Failed")
        ),
    )
    .unwrap();
    let output = inspect_report(&log, &dir.join("r.md"));
    assert_eq!(output.code, Some(2));
    assert!(
        output
            .stderr
            .contains("broken.jsonl, line 2: not a JSON line"),
        "{}",
        output.stderr
    );
    assert!(!dir.join("r.md").exists(), "no report from a broken log");
}

#[test]
fn a_foreign_json_file_is_an_error_naming_the_line() {
    let dir = scratch_dir("inspect-foreign");
    let package = dir.join("package.json");
    std::fs::write(&package, "{\"name\": \"x\", \"version\": \"1.0.0\"}\n").unwrap();
    let output = inspect_report(&package, &dir.join("r.md"));
    assert_eq!(output.code, Some(2));
    assert!(
        output
            .stderr
            .contains("line 1: JSON, but not an autoshares-login log record"),
        "{}",
        output.stderr
    );
    let pretty = dir.join("pretty.json");
    std::fs::write(&pretty, "{\n  \"name\": \"x\"\n}\n").unwrap();
    let output = inspect_report(&pretty, &dir.join("r.md"));
    assert_eq!(output.code, Some(2));
    assert!(
        output
            .stderr
            .contains("pretty.json, line 1: not a JSON line"),
        "{}",
        output.stderr
    );
}

#[test]
fn a_cut_off_last_line_is_left_out_with_a_note() {
    let dir = scratch_dir("inspect-cut");
    let log = dir.join("cut.jsonl");
    let whole = record("Failed at BaseAuthentication: Invalid credentials");
    std::fs::write(&log, format!("{whole}\n{}", &whole[..whole.len() / 3])).unwrap();
    let out = dir.join("r.md");
    let output = inspect_report(&log, &out);
    assert_eq!(output.code, Some(0), "{}", output.stderr);
    assert!(
        output.stderr.contains("note: The last line (2) is cut off"),
        "{}",
        output.stderr
    );
    let report = std::fs::read_to_string(&out).unwrap();
    assert!(
        report.contains("| Exchanges | 1 |") && report.contains("The last line (2) is cut off")
    );
}

#[test]
fn a_log_whose_only_line_is_cut_off_is_an_error_naming_the_file_not_an_empty_viewer() {
    let served = Served::start();
    let dir = scratch_dir("inspect-only-line-cut");
    let whole = dir.join("whole.jsonl");
    let whole_arg = whole.to_str().unwrap();
    let logged_in = served.line_mode(
        "plain",
        &["--log", whole_arg],
        &format!("{}\n", served.password("plain")),
    );
    assert_eq!(logged_in.code, Some(0), "{}", logged_in.stderr);
    // As `head -c 300 whole.jsonl > cut.jsonl` leaves it: the one line, cut off.
    let written = std::fs::read(&whole).unwrap();
    assert!(written.len() > 300 && !written[..300].contains(&b'\n'));
    let cut = dir.join("cut.jsonl");
    std::fs::write(&cut, &written[..300]).unwrap();
    let out = dir.join("r.md");
    let said = "cut.jsonl holds no complete exchange: its only line (line 1) is cut off";
    let report = inspect_report(&cut, &out);
    assert_eq!(report.code, Some(2), "{}", report.stderr);
    assert!(report.stderr.contains(said), "{}", report.stderr);
    assert!(!out.exists(), "no report of a log without an exchange");
    let viewer = run(&["inspect", cut.to_str().unwrap()], &[], "");
    assert_eq!(viewer.code, Some(2), "{}", viewer.stderr);
    assert!(viewer.stderr.contains(said), "{}", viewer.stderr);
    assert!(
        !viewer.stderr.contains("Nothing sent yet"),
        "{}",
        viewer.stderr
    );
}

#[test]
fn escape_sequences_in_server_text_never_reach_the_terminal_or_the_report() {
    let dir = scratch_dir("inspect-escapes");
    let log = dir.join("hostile.jsonl");
    let hostile =
        "Failed at BaseAuthentication: Invalid\u{1b}]0;pwned\u{7}\u{1b}[2J credentials\u{202e}";
    std::fs::write(&log, format!("{}\n", record(hostile))).unwrap();
    let out = dir.join("r.md");
    let output = inspect_report(&log, &out);
    assert_eq!(output.code, Some(0), "{}", output.stderr);
    assert!(
        output
            .stderr
            .contains("escape sequences or control characters"),
        "{}",
        output.stderr
    );
    let report = std::fs::read_to_string(&out).unwrap();
    assert!(!report.contains('\u{1b}') && !report.contains('\u{202e}'));
    assert!(report.contains("Invalid credentials"), "{report}");
    let tui = pty::Launch::inspect(&log).spawn();
    tui.expect_text("escape sequences or control characters");
    let raw = tui.raw_output();
    assert!(
        !common::contains(&raw, b"pwned"),
        "the title-setting sequence reached the terminal"
    );
    assert!(!common::contains(&raw, "\u{202e}".as_bytes()));
}

/// The peak resident memory of `child` in KiB, sampled until it exits; and its exit code.
fn peak_memory_until_exit(mut child: std::process::Child) -> (u64, Option<i32>) {
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Some(status) = child.try_wait().expect("the child's status") {
            return (peak, status.code());
        }
        if let Ok(status) = std::fs::read_to_string(&status_file) {
            let hwm = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok());
            peak = peak.max(hwm.unwrap_or(0));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn a_100_mb_log_is_read_in_bounded_memory_and_its_tail_reported() {
    const SIZE: usize = 100 * 1024 * 1024;
    let dir = scratch_dir("inspect-huge");
    let log = dir.join("huge.jsonl");
    let line = format!(
        "{}\n",
        record("Failed at BaseAuthentication: Invalid credentials")
    );
    let lines = SIZE / line.len() + 1;
    let mut file = std::io::BufWriter::new(std::fs::File::create(&log).unwrap());
    for _ in 0..lines {
        file.write_all(line.as_bytes()).unwrap();
    }
    file.flush().unwrap();
    drop(file);
    let out = dir.join("r.md");
    let started = Instant::now();
    let child = std::process::Command::new(BIN)
        .args([
            "inspect",
            log.to_str().unwrap(),
            "--report",
            out.to_str().unwrap(),
        ])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let (peak_kib, code) = peak_memory_until_exit(child);
    let took = started.elapsed();
    std::fs::remove_file(&log).unwrap();
    assert_eq!(code, Some(0));
    eprintln!(
        "inspect of {} MB: {took:?}, peak RSS {} MB",
        SIZE >> 20,
        peak_kib >> 10
    );
    assert!(
        peak_kib < 80 * 1024,
        "peak RSS {peak_kib} KiB for a 100 MB log: not bounded"
    );
    let report = std::fs::read_to_string(&out).unwrap();
    let left_out = lines - 10_000;
    assert!(
        report.contains(&format!(
            "the first {left_out} exchanges are left out, the last 10000 are shown"
        )),
        "{}",
        &report[..2000]
    );
}
