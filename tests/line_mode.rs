//! The real binary in line mode (`--no-tui`) against an in-process sandbox: stdout, stderr, exit codes, the log.

mod common;

use common::{Served, run, token_owner, user};

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
        out.stderr.contains("BaseAuthentication") && out.stderr.contains("Invalid credentials"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("hint: The username or password is wrong"),
        "{}",
        out.stderr
    );
    out.assert_hides("not-the-password-zK89");
}

#[test]
fn rate_limited_login_exits_1() {
    let served = Served::start();
    let password = user(&served.sandbox, "busy").password.clone();
    let out = served.line_mode("busy", &[], &format!("{password}\n"));
    assert_eq!(out.code, Some(1), "stderr: {}", out.stderr);
    assert!(out.stderr.contains("retry in 30 s"), "{}", out.stderr);
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
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("local address").port()
    };
    let url = format!("http://127.0.0.1:{port}/api");
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
fn input_ending_before_the_code_exits_130() {
    let served = Served::start();
    let [password, pin, _] = pin_code_secrets(&served);
    let out = served.line_mode("pin-code", &[], &format!("{password}\n{pin}\n"));
    assert_eq!(out.code, Some(130), "stderr: {}", out.stderr);
    assert!(out.stdout.is_empty());
    assert!(out.stderr.contains("Step 2: VerificationCode"));
    assert_eq!(
        served.sandbox.received().len(),
        2,
        "nothing sent after the input ended"
    );
}

#[test]
fn log_file_gets_one_redacted_json_line_per_exchange() {
    let served = Served::start();
    let [password, pin, code] = pin_code_secrets(&served);
    let path =
        std::env::temp_dir().join(format!("autoshares-line-mode-{}.jsonl", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let log = path.to_str().expect("a UTF-8 temp path");
    let out = served.line_mode(
        "pin-code",
        &["--log", log],
        &format!("{password}\n{pin}\n{code}\n"),
    );
    let text = std::fs::read_to_string(&path).expect("the log was written");
    std::fs::remove_file(&path).expect("remove the log");
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    let token = out.stdout.trim_end();
    let interim = served.interim_tokens();
    assert_eq!(interim.len(), 2);
    let statuses: Vec<u64> = text
        .lines()
        .map(|line| {
            let record: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
            record["status"].as_u64().expect("a status")
        })
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
