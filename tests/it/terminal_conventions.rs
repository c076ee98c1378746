//! The conventions of a Unix tool, met where a user meets them (a real PTY): the token on stdout when
//! stdout is captured, line mode on a dumb terminal; output that stdout cannot take is an error.
#![cfg(unix)]

use crate::common;
use crate::pty;

use common::{Served, contains, scratch_dir, token_owner};
use pty::key::{CTRL_Q, ENTER, ESC};
use pty::{PATIENCE, login_as, login_form};

/// The form's title: the TUI is up and drawn.
const FORM: &str = "AutoShares login";

/// Entering the alternate screen: what a full-screen program does first.
const ALTERNATE_SCREEN: &[u8] = b"\x1b[?1049h";

#[test]
fn with_stdout_captured_the_token_is_printed_without_print() {
    let served = Served::start();
    let dir = scratch_dir("conventions-captured");
    let stdout = dir.join("stdout");
    // As in TOKEN=$(autoshares-login): stdout is a pipe or a file, the TUI on the terminal.
    let mut tui = login_as(&served, "plain").stdout_to(&stdout).spawn();
    tui.expect_text(FORM);
    tui.send(ENTER);
    tui.expect_text("Logged in as plain");
    tui.send(ESC);
    tui.expect_exit_restored(0);
    let printed = std::fs::read_to_string(&stdout).expect("the stdout file");
    let token = printed.strip_suffix('\n').expect("one line");
    assert_eq!(
        served.block_on(token_owner(&served.sandbox, token)),
        Some("plain".into()),
        "stdout holds plain's session token: {printed:?}"
    );
    assert!(!contains(&tui.raw_output(), token.as_bytes()));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn with_stdout_on_the_terminal_the_token_is_not_printed() {
    let served = Served::start();
    let mut tui = login_as(&served, "plain").spawn();
    tui.expect_text(FORM);
    tui.send(ENTER);
    tui.expect_text("Logged in as plain");
    tui.send(ESC);
    tui.expect_exit_restored(0);
    let token = checked_token(&served);
    assert!(
        !contains(&tui.raw_output(), token.as_bytes()),
        "the token reached the terminal"
    );
}

/// The session token the TUI proved with `GET …/users/@me/info` (its `Authorization: Bearer`).
fn checked_token(served: &Served) -> String {
    let received = served.sandbox.received();
    let check = received
        .iter()
        .find(|r| r.method == "GET")
        .expect("the TUI checked the token");
    let bearer = check.header("Authorization").expect("a bearer token");
    bearer.strip_prefix("Bearer ").expect("Bearer").to_string()
}

/// Logs in as `code` in line mode at a terminal whose TERM is `term` (`None`: unset); returns the screen.
fn line_mode_at_a_terminal(term: Option<&str>) -> String {
    let served = Served::start();
    let launch = login_form(&served, "code");
    let launch = match term {
        Some(term) => launch.env("TERM", term),
        None => launch.env_unset("TERM"),
    };
    let mut term = launch.spawn();
    term.expect_text("Password for code:");
    term.send(served.password("code"));
    term.send(ENTER);
    term.expect_text("Enter the code sent by email or SMS");
    term.send(served.user("code").code.as_deref().unwrap());
    term.send(ENTER);
    term.expect_text("Logged in as code.");
    assert_eq!(term.exit_code(), 0, "{}", term.screen().contents());
    let screen = term.wait_for("the token after the login", PATIENCE, |s| {
        s.trim_end().lines().last().is_some_and(|l| l.len() == 64)
    });
    assert!(
        !contains(&term.raw_output(), ALTERNATE_SCREEN),
        "no full-screen TUI on a dumb terminal"
    );
    let token = screen.trim_end().lines().last().unwrap_or_default();
    assert_eq!(
        served.block_on(token_owner(&served.sandbox, token)),
        Some("code".into()),
        "{screen}"
    );
    assert!(!screen.contains(served.password("code")), "echo was off");
    screen
}

#[test]
fn term_dumb_means_line_mode_and_says_so() {
    let screen = line_mode_at_a_terminal(Some("dumb"));
    let first = screen.lines().next().unwrap_or_default();
    assert_eq!(
        first, "TERM is dumb: using line mode (as --no-tui).",
        "{screen}"
    );
}

#[test]
fn no_term_means_line_mode_and_says_so() {
    let screen = line_mode_at_a_terminal(None);
    let first = screen.lines().next().unwrap_or_default();
    assert_eq!(
        first, "TERM is not set: using line mode (as --no-tui).",
        "{screen}"
    );
}

/// The terminal after the program is gone: no trace of the TUI, and the last line it wrote (a first-run
/// notice of where tokens are stored may come before it).
fn left_behind(tui: &mut pty::Tui, code: u32) -> String {
    tui.expect_exit_restored(code);
    let screen = tui.wait_for("the line left after the TUI", PATIENCE, |s| {
        s.lines().any(|l| !l.trim().is_empty())
    });
    assert!(
        !screen.contains('│') && !screen.contains("AutoShares login"),
        "the TUI left lines behind:\n{screen}"
    );
    let last = screen.lines().rfind(|l| !l.trim().is_empty());
    last.unwrap_or_default().to_string()
}

#[test]
fn closing_after_a_login_leaves_one_line_saying_where_the_token_went() {
    let served = Served::start();
    let dir = scratch_dir("conventions-summary");
    let stdout = dir.join("stdout");
    let mut tui = login_as(&served, "plain").stdout_to(&stdout).spawn();
    tui.expect_text(FORM);
    tui.send(ENTER);
    tui.expect_text("Logged in as plain");
    tui.send(ESC);
    let line = left_behind(&mut tui, 0);
    let url = served.sandbox.base_url();
    assert_eq!(
        line,
        format!(
            "Logged in as plain at {url}; the token was not copied (clipboard: off). The token was written to stdout."
        )
    );
    let token = std::fs::read_to_string(&stdout).unwrap();
    assert!(!contains(&tui.raw_output(), token.trim().as_bytes()));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn closing_after_a_failure_leaves_the_failure_in_one_line() {
    let served = Served::start();
    let mut tui = login_as(&served, "code")
        .env("AUTOSHARES_PASSWORD", "not-the-password")
        .spawn();
    tui.expect_text(FORM);
    tui.send(ENTER);
    tui.expect_text("Invalid credentials");
    tui.send(CTRL_Q);
    let line = left_behind(&mut tui, 1);
    let url = served.sandbox.base_url();
    assert!(
        line.starts_with(&format!("Login as code at {url} failed: ")),
        "{line}"
    );
    assert!(line.contains("Invalid credentials"), "{line}");
    assert!(!line.contains("not-the-password"), "{line}");
}

#[test]
fn closing_after_a_rate_limit_says_rate_limited_with_the_wait_not_a_fault() {
    let served = Served::start();
    let mut tui = login_as(&served, "busy").spawn();
    tui.expect_text(FORM);
    tui.send(ENTER);
    tui.expect_text("Too many login requests");
    tui.send(CTRL_Q);
    left_behind(&mut tui, 4);
    let screen = tui.wait_for("the summary", PATIENCE, |s| s.contains("Login as busy"));
    // The line is wider than the terminal: its rows joined back.
    let rows: Vec<&str> = screen.lines().map(str::trim_end).collect();
    let text = rows.join(" ");
    let url = served.sandbox.base_url();
    let said = format!("Login as busy at {url} was rate-limited (HTTP 429)");
    assert!(text.contains(&said), "{said:?} in\n{screen}");
    assert!(text.contains("Retry in "), "{screen}");
    assert!(
        !text.contains("Fault") && !text.contains("failed"),
        "{screen}"
    );
}

#[test]
fn quitting_before_a_login_says_so_in_one_line() {
    let served = Served::start();
    let mut tui = login_as(&served, "plain").spawn();
    tui.expect_text(FORM);
    tui.send(pty::key::CTRL_C);
    assert_eq!(
        left_behind(&mut tui, 130),
        "Quit before logging in; no token."
    );
}

#[test]
fn after_resizes_quitting_leaves_no_line_of_the_tui_in_the_shell() {
    if !common::tools::require_tool("tmux") {
        return;
    }
    let command = format!(
        "{} --demo --clipboard off; echo exit=$?; sleep 60",
        common::BIN
    );
    let tmux =
        common::tmux::Tmux::start("resize-quit", &command, &[("TERM", "xterm-256color")], &[]);
    tmux.wait_for("AutoShares login");
    for (cols, rows) in [(60, 15), (20, 5), (140, 45), (90, 25)] {
        tmux.resize(cols, rows);
    }
    tmux.wait_for("AutoShares login");
    tmux.keys(&["C-c"]);
    tmux.wait_for("exit=130");
    let history = tmux.run(&["capture-pane", "-p", "-S", "-200"]);
    let shell = String::from_utf8_lossy(&history.stdout);
    let lines: Vec<&str> = shell.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(
        lines,
        ["Quit before logging in; no token.", "exit=130"],
        "only the program's last line is left in the shell:\n{shell}"
    );
}

/// A stdout that cannot take the output (a full disk; `/dev/full` here) is an error on stderr and exit 3
/// (the contract's code for a fault, as for a token that cannot be written), never a silent success.
#[cfg(target_os = "linux")]
#[test]
fn a_stdout_that_cannot_be_written_is_an_error_not_a_silent_exit_0() {
    let commands: [&[&str]; 7] = [
        &["--help"],
        &["--version"],
        &["profiles"],
        &["doctor", "--store", "none", "--clipboard", "off"],
        &["status", "--store", "none"],
        &["completions", "bash"],
        &["man"],
    ];
    for args in commands {
        let out = common::run_with_stdout_full(args, &[], "");
        assert_eq!(out.code, Some(3), "{args:?}: {}", out.stderr);
        assert!(
            out.stderr
                .contains("error: cannot write to stdout: No space left on device"),
            "{args:?} says why on stderr: {}",
            out.stderr
        );
        assert!(!out.stderr.contains("panicked"), "{args:?}: {}", out.stderr);
    }
}
