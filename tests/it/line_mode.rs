//! The real binary in line mode (`--no-tui`) against an in-process sandbox: stdout, stderr, exit codes, the log.
//! On Windows (under wine in CI) all but the terminal and signal tests run (those marked `cfg(unix)`):
//! wine has no pseudo-terminal (ConPTY) to drive, nor a console in which a test could press Ctrl-C for
//! the binary alone.

use crate::common;
#[cfg(unix)]
use crate::pty;

#[cfg(unix)]
use std::time::Duration;

#[cfg(unix)]
use common::scratch_dir;
use common::{ClosedPort, Gone, Served, run, run_with_gone, token_owner, user};
#[cfg(unix)]
use pty::{LineDiscipline, key, login_form};

/// The password, PIN and code of the `pin-code` user.
fn pin_code_secrets(served: &Served) -> [String; 3] {
    let u = user(&served.sandbox, "pin-code");
    [
        u.password.clone(),
        u.pin.clone().unwrap(),
        u.code.clone().unwrap(),
    ]
}

#[test]
fn pin_then_code_login_prints_only_the_token() {
    let served = Served::start();
    let [password, pin, code] = pin_code_secrets(&served);
    let out = served.line_mode("pin-code", &[], &format!("{password}\n{pin}\n{code}\n"));
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    let token = out
        .stdout
        .strip_suffix('\n')
        .expect("the token ends with a newline");
    assert!(!token.is_empty() && !token.contains(char::is_whitespace));
    assert!(![&password, &pin, &code].contains(&&token.to_string()));
    assert_eq!(
        served.block_on(token_owner(&served.sandbox, token)),
        Some("pin-code".into()),
        "the printed token is a session the sandbox issued to pin-code"
    );
    for shown in [
        "Step 1: SecutityPin",
        "Expecting pin code",
        "Step 2: VerificationCode",
        "Expecting confirmation code",
        "Logged in as pin-code.",
    ] {
        assert!(out.stderr.contains(shown), "{shown:?} in {}", out.stderr);
    }
    assert!(!out.stderr.contains(token), "the token goes to stdout only");
    for secret in [&password, &pin, &code] {
        out.assert_hides(secret);
    }
}

#[test]
fn an_empty_password_variable_counts_as_unset() {
    let served = Served::start();
    let u = user(&served.sandbox, "code");
    let (password, code) = (u.password.clone(), u.code.clone().unwrap());
    let out = served.line_mode_with(
        "code",
        &[],
        &[("AUTOSHARES_PASSWORD", "")],
        &format!("{password}\n{code}\n"),
    );
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    assert!(
        out.stderr.contains("Password for code"),
        "the password is asked for: {}",
        out.stderr
    );
}

#[test]
fn password_may_come_from_the_environment() {
    let served = Served::start();
    let u = user(&served.sandbox, "code");
    let (password, code) = (u.password.clone(), u.code.clone().unwrap());
    let out = served.line_mode_with(
        "code",
        &[],
        &[("AUTOSHARES_PASSWORD", &password)],
        &format!("{code}\n"),
    );
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    assert!(
        !out.stderr.contains("Password for"),
        "no password prompt: {}",
        out.stderr
    );
    let token = out.stdout.trim_end();
    assert_eq!(
        served.block_on(token_owner(&served.sandbox, token)),
        Some("code".into())
    );
    out.assert_hides(&password);
    out.assert_hides(&code);
}

#[test]
fn wrong_password_exits_1_with_the_reason_and_a_hint() {
    let served = Served::start();
    let out = served.line_mode("plain", &[], "not-the-password-zK89\n");
    assert_eq!(out.code, Some(1), "stderr: {}", out.stderr);
    assert!(out.stdout.is_empty());
    assert!(
        out.stderr.contains(
            "error: The username or password is wrong.\nhint: Passwords are case-sensitive"
        ),
        "the plain words first, then what to do: {}",
        out.stderr
    );
    assert!(
        out.stderr.contains(
            "the server: login failed at step BaseAuthentication (HTTP 401): Invalid credentials"
        ),
        "the protocol below: {}",
        out.stderr
    );
    out.assert_hides("not-the-password-zK89");
}

#[test]
fn rate_limited_login_exits_4() {
    let served = Served::start();
    let password = user(&served.sandbox, "busy").password.clone();
    let out = served.line_mode("busy", &[], &format!("{password}\n"));
    assert_eq!(out.code, Some(4), "stderr: {}", out.stderr);
    assert!(
        out.stderr
            .contains("error: The server asks to wait 30 s before the next try.\n"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains(
            "details: rate-limited (HTTP 429) at step BaseAuthentication: Too many login requests. Try again later. Retry in 30 s.\n"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn wrong_app_key_exits_2() {
    let served = Served::start();
    let url = served.sandbox.base_url();
    let password = user(&served.sandbox, "plain").password.clone();
    let out = run(
        &[
            "--no-tui",
            "--url",
            &url,
            "--app-key",
            "not-the-app-key",
            "--username",
            "plain",
        ],
        &[],
        &format!("{password}\n"),
    );
    assert_eq!(out.code, Some(2), "stderr: {}", out.stderr);
    assert!(
        out.stderr
            .contains("Application key is not defined or does not exist"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("--app-key"), "{}", out.stderr);
    out.assert_hides(&password);
}

#[test]
fn nothing_listening_exits_3() {
    let closed = ClosedPort::new();
    let url = closed.url();
    let out = run(
        &[
            "--no-tui",
            "--url",
            &url,
            "--app-key",
            "k",
            "--username",
            "u",
        ],
        &[],
        "some-password-zK88\n",
    );
    assert_eq!(out.code, Some(3), "stderr: {}", out.stderr);
    assert!(out.stderr.contains("connection refused"), "{}", out.stderr);
    out.assert_hides("some-password-zK88");
}

#[test]
fn missing_url_is_a_usage_error_and_sends_nothing() {
    let out = run(
        &["--no-tui", "--app-key", "k", "--username", "u"],
        &[],
        "some-password\n",
    );
    assert_eq!(out.code, Some(2), "stderr: {}", out.stderr);
    assert!(out.stderr.contains("--url"), "{}", out.stderr);
    assert!(
        !out.stderr.contains("Password for"),
        "not even asked: {}",
        out.stderr
    );
}

#[test]
fn input_ending_before_the_code_exits_2_naming_what_was_missing() {
    let served = Served::start();
    let [password, pin, _] = pin_code_secrets(&served);
    let out = served.line_mode("pin-code", &[], &format!("{password}\n{pin}\n"));
    assert_eq!(out.code, Some(2), "stderr: {}", out.stderr);
    assert!(out.stdout.is_empty());
    assert!(out.stderr.contains("Step 2: VerificationCode"));
    assert!(
        out.stderr.contains(
            "error: the input ended before the verification code for step VerificationCode was given; the login was abandoned."
        ),
        "{}",
        out.stderr
    );
    assert_eq!(
        served.sandbox.received().len(),
        2,
        "nothing sent after the input ended"
    );
}

#[test]
fn empty_input_exits_2_before_sending_anything() {
    let served = Served::start();
    let out = served.line_mode("code", &[], "");
    assert_eq!(out.code, Some(2), "stderr: {}", out.stderr);
    assert!(
        out.stderr.contains(
            "error: the input ended before the password for code was given; nothing was sent."
        ),
        "{}",
        out.stderr
    );
    assert!(served.sandbox.received().is_empty(), "nothing was sent");
}

#[test]
fn log_file_gets_one_redacted_json_line_per_exchange() {
    let served = Served::start();
    let [password, pin, code] = pin_code_secrets(&served);
    let dir = tempfile::tempdir().expect("a scratch directory");
    let path = dir.path().join("exchanges.jsonl");
    let log = path.to_str().expect("a UTF-8 temp path");
    let out = served.line_mode(
        "pin-code",
        &["--log", log],
        &format!("{password}\n{pin}\n{code}\n"),
    );
    let text = std::fs::read_to_string(&path).expect("the log was written");
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    let token = out.stdout.trim_end();
    let interim = served.interim_tokens();
    assert_eq!(interim.len(), 2);
    let records: Vec<serde_json::Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect();
    let (runs, exchanges): (Vec<_>, Vec<_>) = records.iter().partition(|r| r.get("run").is_some());
    assert_eq!(runs.len(), 1, "one run line: {text}");
    assert!(
        records[0].get("run").is_some(),
        "the run line comes first: {text}"
    );
    assert_eq!(runs[0]["run"]["settings"]["username"], "pin-code");
    let statuses: Vec<u64> = exchanges
        .iter()
        .map(|record| record["status"].as_u64().expect("a status"))
        .collect();
    assert_eq!(statuses, [202, 202, 200]);
    let app_key = &served.sandbox.scenarios().app_key;
    for secret in [&password, &pin, &code, app_key, &token.to_string()]
        .into_iter()
        .chain(&interim)
    {
        assert!(
            !text.contains(secret.as_str()),
            "a secret of {} chars is in the log: {text}",
            secret.len()
        );
    }
}

/// How long an interrupted login may take to end.
#[cfg(unix)]
const PROMPTLY: Duration = Duration::from_secs(5);

#[cfg(unix)]
#[test]
fn ctrl_c_at_a_prompt_quits_with_130_and_still_writes_the_report() {
    let served = Served::start();
    let password = served.password("code").to_string();
    let report = scratch_dir("line-mode-interrupt").join("report.md");
    let running = served.spawn_line_mode(
        "code",
        &["--report", report.to_str().expect("a UTF-8 path")],
        &[("AUTOSHARES_PASSWORD", &password)],
    );
    running.wait_for_stderr("Enter the", Duration::from_secs(10));
    running.interrupt();
    let out = running.finish(PROMPTLY);
    assert_eq!(out.code, Some(130), "stderr: {}", out.stderr);
    assert!(out.stdout.is_empty());
    assert!(out.stderr.contains("Interrupted"), "{}", out.stderr);
    let text = std::fs::read_to_string(&report).expect("the report was written");
    assert!(text.contains("Unfinished"), "{text}");
    assert!(text.contains("| Exchanges | 1 |"), "{text}");
    assert!(!text.contains(&password));
    assert_eq!(
        served.sandbox.received().len(),
        1,
        "nothing sent after Ctrl-C"
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_while_the_server_is_answering_quits_with_130() {
    let served = Served::with_slow_user(Duration::from_secs(60));
    let password = served.password("slow").to_string();
    let report = scratch_dir("line-mode-interrupt-post").join("report.md");
    let running = served.spawn_line_mode(
        "slow",
        &["--report", report.to_str().expect("a UTF-8 path")],
        &[("AUTOSHARES_PASSWORD", &password)],
    );
    running.wait_for_stderr("Logging in at", Duration::from_secs(10));
    running.interrupt();
    let out = running.finish(PROMPTLY);
    assert_eq!(out.code, Some(130), "stderr: {}", out.stderr);
    assert!(out.stderr.contains("Interrupted"), "{}", out.stderr);
    let text = std::fs::read_to_string(&report).expect("the report was written");
    assert!(text.contains("Unfinished"), "{text}");
}

/// Line mode with its stdin, stdout and stderr on a terminal, as a person at a shell runs it.
#[cfg(unix)]
fn at_a_terminal(served: &Served, username: &str) -> pty::Tui {
    login_form(served, username).args(["--no-tui"]).spawn()
}

#[cfg(unix)]
#[test]
fn at_a_terminal_answers_are_not_echoed_and_the_login_works() {
    let served = Served::start();
    let u = user(&served.sandbox, "code");
    let (password, code) = (u.password.clone(), u.code.clone().unwrap());
    let stdout = scratch_dir("line-mode-terminal").join("stdout");
    let mut term = login_form(&served, "code")
        .args(["--no-tui"])
        .stdout_to(&stdout)
        .spawn();
    term.expect_text("Password for code: ");
    assert!(
        !term.line_discipline().echo,
        "echo is off while a secret is typed"
    );
    term.send(&format!("{password}{}", key::ENTER));
    term.expect_text("Enter the");
    term.send(&format!("{code}{}", key::ENTER));
    assert_eq!(term.exit_code(), 0, "{}", term.screen().contents());
    assert_eq!(term.line_discipline(), LineDiscipline::COOKED);
    // The last output may still be on its way from the PTY when the process has ended.
    let screen = term.expect_text("Logged in as code.");
    assert!(
        !screen.contains(&password) && !screen.contains(&code),
        "{screen}"
    );
    let token = std::fs::read_to_string(&stdout).expect("stdout went to the file");
    assert_eq!(
        served.block_on(token_owner(&served.sandbox, token.trim_end())),
        Some("code".into())
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_typed_at_a_terminal_prompt_quits_with_130_and_echo_back_on() {
    let served = Served::start();
    let mut term = at_a_terminal(&served, "code");
    term.expect_text("Password for code: ");
    term.send("half-typed");
    term.send(key::CTRL_C);
    assert_eq!(term.exit_code(), 130, "{}", term.screen().contents());
    term.expect_text("Interrupted");
    assert_eq!(term.line_discipline(), LineDiscipline::COOKED);
    assert!(!term.screen().contents().contains("half-typed"));
    assert!(served.sandbox.received().is_empty(), "nothing was sent");
}

#[cfg(unix)]
#[test]
fn a_signal_from_elsewhere_at_a_terminal_prompt_leaves_echo_on() {
    let served = Served::start();
    for signal in [libc::SIGINT, libc::SIGTERM] {
        let mut term = at_a_terminal(&served, "code");
        term.expect_text("Password for code: ");
        term.signal(signal);
        assert_eq!(
            term.exit_code(),
            130,
            "signal {signal}: {}",
            term.screen().contents()
        );
        assert_eq!(
            term.line_discipline(),
            LineDiscipline::COOKED,
            "after signal {signal}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_log_others_can_read_gets_a_warning_and_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let served = Served::start();
    let path = scratch_dir("line-mode-log-mode").join("exchanges.jsonl");
    std::fs::write(&path, "").expect("the log file");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let log = path.to_str().expect("a UTF-8 path");
    let password = served.password("plain").to_string();
    let out = served.line_mode("plain", &["--log", log], &format!("{password}\n"));
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    assert_eq!(
        out.stderr
            .matches("can be read or written by others")
            .count(),
        1,
        "one warning: {}",
        out.stderr
    );
    let mode = std::fs::metadata(&path)
        .expect("the log")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o644, "the mode is left as it was");
    let text = std::fs::read_to_string(&path).expect("the log");
    assert_eq!(
        text.lines().count(),
        2,
        "a run line and one exchange: {text}"
    );
}

/// Exit 101 is Rust's panic; a panic message names the thread.
fn assert_no_panic(out: &common::Output, what: &str) {
    assert_ne!(
        out.code,
        Some(101),
        "{what}: panicked; stderr: {}",
        out.stderr
    );
    assert!(!out.stderr.contains("panicked"), "{what}: {}", out.stderr);
}

#[test]
fn a_closed_stdout_loses_the_token_with_exit_3_and_says_so() {
    let served = Served::start();
    let password = served.password("plain").to_string();
    let out = served.line_mode_gone("plain", &format!("{password}\n"), Gone::Stdout);
    assert_no_panic(&out, "stdout gone");
    assert_eq!(out.code, Some(3), "stderr: {}", out.stderr);
    assert!(
        out.stderr.contains("cannot write the token to stdout"),
        "{}",
        out.stderr
    );
}

#[test]
fn closed_output_streams_never_panic_whatever_the_ending() {
    let served = Served::start();
    let u = user(&served.sandbox, "pin-code");
    let (password, pin) = (u.password.clone(), u.pin.clone().unwrap());
    let endings = [
        ("plain", format!("{}\n", served.password("plain")), 3),
        ("plain", "wrong-password-zK90\n".to_string(), 1),
        ("pin-code", format!("{password}\n{pin}\n"), 2),
    ];
    for gone in [Gone::Stdout, Gone::Stderr, Gone::Both] {
        for (username, stdin, code) in &endings {
            let out = served.line_mode_gone(username, stdin, gone);
            let what = format!("{username} with {gone:?} gone");
            assert_no_panic(&out, &what);
            let expected = if gone == Gone::Stderr && *code == 3 {
                0
            } else {
                *code
            };
            assert_eq!(out.code, Some(expected), "{what}: {}", out.stderr);
        }
    }
    let usage = run_with_gone(&["--no-tui", "--username", "u"], &[], "", Gone::Both);
    assert_no_panic(&usage, "a usage error");
    assert_eq!(usage.code, Some(2));
    let help = run_with_gone(&["--help"], &[], "", Gone::Both);
    assert_no_panic(&help, "--help");
    assert_eq!(help.code, Some(0));
}

#[test]
fn a_server_that_asks_forever_is_stopped_after_twenty_steps() {
    let served = Served::with(|scenarios| {
        for user in &mut scenarios.users {
            user.max_attempts = 1000;
        }
    });
    let password = served.password("lockout").to_string();
    let wrong_codes = "WRONG-zK91\n".repeat(30);
    let out = served.line_mode("lockout", &[], &format!("{password}\n{wrong_codes}"));
    assert_eq!(out.code, Some(3), "stderr: {}", out.stderr);
    assert!(out.stderr.contains("after 20"), "{}", out.stderr);
    assert!(
        out.stderr.contains("kept asking"),
        "the hint: {}",
        out.stderr
    );
    assert_eq!(
        out.stderr.matches("Enter the").count(),
        20,
        "twenty prompts: {}",
        out.stderr
    );
    assert_eq!(
        served.sandbox.received().len(),
        21,
        "the first request and twenty answers, nothing more"
    );
}

#[test]
fn https_to_the_plain_http_sandbox_gets_a_hint_that_says_so() {
    let served = Served::start();
    let url = served.sandbox.base_url().replace("http://", "https://");
    let password = served.password("plain").to_string();
    let out = run(
        &[
            "--no-tui",
            "--url",
            &url,
            "--app-key",
            served.app_key(),
            "--username",
            "plain",
        ],
        &[],
        &format!("{password}\n"),
    );
    assert_eq!(out.code, Some(3), "stderr: {}", out.stderr);
    assert!(
        out.stderr.contains("speaks plain HTTP") && out.stderr.contains("use http://"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("--cacert"), "{}", out.stderr);
}

// Symlinks and modes are Unix's (making a symlink on Windows needs a privilege).
#[cfg(unix)]
#[test]
fn the_report_replaces_a_symlink_or_an_open_file_and_never_writes_through() {
    use std::os::unix::fs::PermissionsExt;
    let served = Served::start();
    let dir = scratch_dir("line-mode-report-replace");
    let elsewhere = dir.join("elsewhere");
    std::fs::write(&elsewhere, "someone else's file").expect("a file");
    let link = dir.join("link.md");
    std::os::unix::fs::symlink(&elsewhere, &link).expect("a symlink");
    let open = dir.join("open.md");
    std::fs::write(&open, "old report").expect("a file");
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let password = served.password("plain").to_string();
    for (report, warning) in [(&link, "symbolic link"), (&open, "mode 644")] {
        let path = report.to_str().expect("a UTF-8 path");
        let out = served.line_mode("plain", &["--report", path], &format!("{password}\n"));
        assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
        assert!(out.stderr.contains("Report written to"), "{}", out.stderr);
        assert!(out.stderr.contains(warning), "{}", out.stderr);
        let meta = std::fs::symlink_metadata(report).expect("the report");
        assert!(meta.is_file(), "a file of its own, not a link");
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
        let text = std::fs::read_to_string(report).expect("the report");
        assert!(
            text.starts_with("# autoshares-login support report"),
            "{text}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(&elsewhere).expect("the other file"),
        "someone else's file"
    );
    let again = served.line_mode(
        "plain",
        &["--report", open.to_str().expect("a UTF-8 path")],
        &format!("{password}\n"),
    );
    assert!(!again.stderr.contains("warning"), "{}", again.stderr);
}

#[test]
fn an_unknown_step_is_answered_in_the_header_the_line_names() {
    for (typed, header) in [
        ("{answer}", "VerificationCode"),
        ("PinCode:{answer}", "PinCode"),
        ("verificationcode: {answer}", "VerificationCode"),
    ] {
        let served = Served::start();
        let u = user(&served.sandbox, "question");
        let answer = u.question.as_ref().unwrap().answer.clone();
        let line = typed.replace("{answer}", &answer);
        let out = served.line_mode("question", &[], &format!("{}\n{line}\n", u.password));
        assert_eq!(out.code, Some(0), "{typed}: {}", out.stderr);
        assert!(
            out.stderr.contains(
                "Enter the answer (sent as VerificationCode; type PinCode:ANSWER to send it as PinCode): "
            ),
            "{}",
            out.stderr
        );
        let received = served.sandbox.received();
        let second = received.get(1).expect("the answer was sent");
        assert_eq!(second.header(header), Some(answer.as_str()), "{typed}");
        let other = if header == "PinCode" {
            "VerificationCode"
        } else {
            "PinCode"
        };
        assert_eq!(second.header(other), None, "{typed}: only one header");
    }
}

// Named pipes are Unix's.
#[cfg(unix)]
#[test]
fn a_named_pipe_or_device_is_never_a_log_target_nor_replaced_by_a_report() {
    let served = Served::start();
    let dir = scratch_dir("line-mode-special-files");
    let fifo = dir.join("fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.expect("mkfifo").success());
    let fifo_path = fifo.to_str().expect("a UTF-8 path");
    let password = served.password("plain").to_string();
    let log = served.line_mode("plain", &["--log", fifo_path], &format!("{password}\n"));
    assert_eq!(log.code, Some(2), "refused, not blocked: {}", log.stderr);
    assert!(log.stderr.contains("not a regular file"), "{}", log.stderr);
    assert!(served.sandbox.received().is_empty(), "nothing sent");
    let report = served.line_mode("plain", &["--report", fifo_path], &format!("{password}\n"));
    assert_eq!(report.code, Some(0), "stderr: {}", report.stderr);
    assert!(
        report.stderr.contains("cannot write the report"),
        "{}",
        report.stderr
    );
    let kind = std::fs::symlink_metadata(&fifo)
        .expect("still there")
        .file_type();
    assert!(
        std::os::unix::fs::FileTypeExt::is_fifo(&kind),
        "the pipe left alone"
    );
    let null = served.line_mode("plain", &["--log", "/dev/null"], &format!("{password}\n"));
    assert_eq!(null.code, Some(0), "stderr: {}", null.stderr);
    assert!(
        !null.stderr.contains("chmod"),
        "no advice to chmod a device: {}",
        null.stderr
    );
}

#[test]
fn line_mode_hints_speak_of_flags_and_input_not_of_form_fields() {
    let served = Served::start();
    let no_pin = served.line_mode("no-pin", &[], &format!("{}\n", served.password("no-pin")));
    assert_eq!(no_pin.code, Some(1), "{}", no_pin.stderr);
    assert!(
        no_pin.stderr.contains(
            "error: This user has no PIN set up yet.\nhint: The server asks for one all the same: set up a PIN"
        ),
        "{}",
        no_pin.stderr
    );
    let out = run(
        &[
            "--no-tui",
            "--url",
            &served.sandbox.base_url(),
            "--app-key",
            "not-the-app-key",
            "--username",
            "plain",
        ],
        &[],
        &format!("{}\n", served.password("plain")),
    );
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(out.stderr.contains("AUTOSHARES_APP_KEY"), "{}", out.stderr);
    for stderr in [&no_pin.stderr, &out.stderr] {
        let hint = stderr
            .lines()
            .find(|l| l.starts_with("hint:"))
            .unwrap_or_default();
        assert!(!hint.contains("field") && !hint.contains("form"), "{hint}");
    }
}

#[test]
fn demo_prompts_say_what_the_sandbox_user_types() {
    let scenarios = autoshares_login::sandbox::Scenarios::builtin();
    let user = (scenarios.users.iter())
        .find(|u| u.username == "pin-code")
        .expect("the demo's user");
    let (pin, code) = (user.pin.clone().unwrap(), user.code.clone().unwrap());
    let out = common::run(&["--demo", "--no-tui"], &[], &format!("{pin}\n{code}\n"));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    for hint in [
        "Password for pin-code: filled in by --demo (the sandbox's password).".to_string(),
        format!("(--demo: the sandbox's PIN for pin-code is {pin}) Enter the PIN"),
        format!(
            "(--demo: the sandbox's verification code for pin-code is {code}) Enter the code sent by email or SMS"
        ),
    ] {
        assert!(out.stderr.contains(&hint), "{hint:?} in {}", out.stderr);
    }
}
