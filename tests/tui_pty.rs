//! The real binary in a pseudo-terminal against an in-process sandbox: logins, hostile servers, quitting.
#![cfg(unix)]

mod pty;

use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

use pty::key::{CTRL_C, CTRL_U, ENTER, ESC, TAB};
use pty::{LineDiscipline, PATIENCE, TestSandbox, focus_on, folded, form_value};

/// The form's title: the TUI is up and drawn.
const FORM: &str = "AutoShares login";

#[test]
fn pin_then_code_logs_in_and_print_puts_the_token_on_stdout_only() {
    let sandbox = TestSandbox::start();
    let stdout = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("tui_pty-print-{}.out", std::process::id()));
    let mut tui = sandbox
        .login_as("pin-code")
        .args(["--print"])
        .stdout_to(&stdout)
        .spawn();
    tui.expect_text(FORM);
    tui.send(ENTER);
    let step = tui.expect_text("Step 1: SecutityPin");
    assert!(folded(&step).contains("in the PinCode header"), "{step}");
    tui.send("1234");
    tui.wait_for("the PIN typed, masked", PATIENCE, |t| {
        form_value(t, "PIN").as_deref() == Some("••••")
    });
    tui.send(ENTER);
    let step = tui.expect_text("Step 2: VerificationCode");
    assert!(
        folded(&step).contains("in the VerificationCode header"),
        "{step}"
    );
    tui.send("123456");
    tui.send(ENTER);
    let success = tui.expect_text("Logged in as pin-code");
    assert!(
        success.contains("press s to show"),
        "the token is masked:\n{success}"
    );
    let early = std::fs::read_to_string(&stdout).expect("the stdout file");
    assert_eq!(early, "", "nothing reaches stdout while the TUI is up");

    tui.send("q");
    tui.expect_exit_restored(0);
    let printed = std::fs::read_to_string(&stdout).expect("the stdout file");
    let _ = std::fs::remove_file(&stdout);
    let token = printed
        .strip_suffix('\n')
        .expect("the token ends with a newline");
    assert!(
        token.len() == 64 && token.chars().all(|c| c.is_ascii_hexdigit()),
        "stdout holds exactly one line, a 64-hex token: {printed:?}"
    );
    assert!(
        !contains(&tui.raw_output(), token.as_bytes()),
        "the token never went to the terminal"
    );
}

#[test]
fn a_wrong_password_fails_then_a_retry_from_the_form_logs_in() {
    let sandbox = TestSandbox::start();
    let mut tui = sandbox
        .login_as("code")
        .env("AUTOSHARES_PASSWORD", "not-the-password")
        .spawn();
    tui.expect_text(FORM);
    tui.send(ENTER);
    let failure = tui.expect_text("Invalid credentials");
    for shown in ["Login refused", "401", "BaseAuthentication", "What to do"] {
        assert!(failure.contains(shown), "{shown:?} on:\n{failure}");
    }
    assert!(
        folded(&failure).contains("username or password is wrong"),
        "a hint:\n{failure}"
    );

    tui.send(ENTER);
    tui.wait_for("the form, the focus on Password", PATIENCE, |t| {
        t.contains(FORM) && focus_on(t, "Password")
    });
    tui.send(CTRL_U);
    tui.wait_for("the password cleared", PATIENCE, |t| {
        form_value(t, "Password").as_deref() == Some("")
    });
    let password = sandbox.password("code");
    tui.send(&password);
    tui.wait_for("the new password, masked", PATIENCE, |t| {
        form_value(t, "Password") == Some("•".repeat(password.chars().count()))
    });
    tui.send(ENTER);
    tui.expect_text("Step 1: VerificationCode");
    tui.send("123456");
    tui.send(ENTER);
    tui.expect_text("Logged in as code");
    tui.send("q");
    tui.expect_exit_restored(0);
}

#[test]
fn escape_sequences_in_a_reason_never_reach_the_terminal() {
    let sandbox = TestSandbox::start();
    let mut tui = sandbox.login_as("evil").spawn();
    tui.expect_text(FORM);
    let drawn_before_login = tui.raw_output().len();
    tui.send(ENTER);
    let step = tui.expect_text("Code sent to");
    assert!(
        step.contains("Reason    Code sent to ✉ j…@example.com"),
        "the Reason's visible text, non-ASCII intact:\n{step}"
    );
    assert!(
        step.contains("Step 1: VerificationCode"),
        "the screen was not wiped:\n{step}"
    );

    let raw = tui.raw_output();
    assert!(
        !contains(&raw, b"]0;pwned"),
        "the OSC title reached the PTY"
    );
    assert!(
        !contains(&raw, "\u{202e}".as_bytes()),
        "the bidi override reached the PTY"
    );
    assert!(
        !contains(&raw[drawn_before_login..], b"\x1b[2J"),
        "the screen was cleared after the server answered"
    );
    let (title, icon_name) = tui.titles();
    assert!(
        !title.contains("pwned") && !icon_name.contains("pwned"),
        "the window title was changed to {title:?} / {icon_name:?}"
    );
    tui.send(CTRL_C);
    tui.expect_exit_restored(130);
}

#[test]
fn esc_cancels_a_slow_request_and_its_late_answer_is_ignored() {
    let delay = Duration::from_secs(3);
    let sandbox = TestSandbox::with_slow_user(delay);
    let mut tui = sandbox.login_as("slow").spawn();
    tui.expect_text(FORM);
    tui.send(ENTER);
    let sent = Instant::now();
    tui.wait_for("the elapsed time to count past 1 s", PATIENCE, |t| {
        waiting_seconds(t).is_some_and(|s| s >= 1.0)
    });
    tui.send(ESC);
    let form = tui.expect_text("Request cancelled");
    assert!(
        form.contains(FORM) && !form.contains("Waiting for the server"),
        "{form}"
    );
    assert!(focus_on(&form, "PIN"), "the focus is where it was:\n{form}");

    // The server answers `delay` after the request: wait that out (the point of this test), then
    // check the screen, and that the app still answers keys.
    thread::sleep((delay + Duration::from_millis(500)).saturating_sub(sent.elapsed()));
    let after = tui.screen().contents();
    assert!(
        after.contains(FORM) && after.contains("Request cancelled") && !after.contains("Step"),
        "the late answer changed the screen:\n{after}"
    );
    tui.send(TAB);
    tui.wait_for("Tab to move the focus", PATIENCE, |t| {
        focus_on(t, "API URL")
    });
    tui.send(CTRL_C);
    tui.expect_exit_restored(130);
}

#[test]
fn ctrl_c_on_the_form_quits_with_130_and_restores_the_terminal() {
    let sandbox = TestSandbox::start();
    let mut tui = sandbox.login_as("plain").spawn();
    tui.wait_for_screen(
        "the form on the alternate screen, bracketed paste on",
        PATIENCE,
        |s| s.contents().contains(FORM) && s.alternate_screen() && s.bracketed_paste(),
    );
    assert_eq!(
        tui.line_discipline(),
        LineDiscipline {
            echo: false,
            canonical: false
        },
        "raw mode while the TUI runs"
    );
    tui.send(CTRL_C);
    tui.expect_exit_restored(130);
}

#[test]
fn sigterm_while_waiting_quits_with_130_and_restores_the_terminal() {
    let sandbox = TestSandbox::with_slow_user(Duration::from_secs(3));
    let mut tui = sandbox.login_as("slow").spawn();
    tui.expect_text(FORM);
    tui.send(ENTER);
    tui.wait_for_screen("the waiting line, the cursor hidden", PATIENCE, |s| {
        s.contents().contains("Waiting for the server") && s.hide_cursor()
    });
    tui.signal("TERM");
    tui.expect_exit_restored(130);
}

#[test]
fn tiny_sizes_neither_crash_nor_stick_and_the_form_answers_after() {
    let sandbox = TestSandbox::start();
    let mut tui = sandbox.login_as("plain").spawn();
    let form = tui.expect_text(FORM);
    assert!(focus_on(&form, "PIN"), "{form}");

    tui.resize(1, 1);
    tui.wait_for("a 1×1 frame", PATIENCE, |t| t.trim() == "T");
    tui.resize(10, 3);
    tui.wait_for("the too-small notice at 10×3", PATIENCE, |t| {
        folded(t).starts_with("Terminal too small (10×3)")
    });
    tui.resize(40, 12);
    let small = tui.wait_for("the form at 40×12", PATIENCE, |t| {
        t.contains(FORM) && t.contains("Password")
    });
    assert!(!small.contains("too small"), "{small}");
    tui.resize(100, 30);
    tui.expect_text("Ctrl-C quit");
    assert!(tui.is_running(), "the binary survived every size");

    tui.send(TAB);
    tui.wait_for("Tab to move the focus", PATIENCE, |t| {
        focus_on(t, "API URL")
    });
    tui.send(CTRL_C);
    tui.expect_exit_restored(130);
}

/// The elapsed seconds on the waiting line ("Waiting for the server… 1.3 s").
fn waiting_seconds(screen_text: &str) -> Option<f32> {
    let (_, rest) = screen_text.split_once("Waiting for the server… ")?;
    rest.split_once(" s")?.0.parse().ok()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
