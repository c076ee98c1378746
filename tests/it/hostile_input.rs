//! Input that cannot go on the wire, from every source (flag, environment, stdin), refused before it is sent.
#![cfg(unix)]

use crate::common;
use crate::pty;

use common::{Output, Served, run, run_bytes, user};

/// A usage error (exit 2) that names `field`, shows no raw control character and nothing of `value`,
/// and left the sandbox with `sent` requests.
fn assert_refused(served: &Served, out: &Output, field: &str, value: &str, sent: usize) {
    assert_eq!(out.code, Some(2), "stderr: {}", out.stderr);
    assert!(out.stdout.is_empty(), "no token: {}", out.stdout);
    let error = out
        .stderr
        .lines()
        .find(|l| l.starts_with("error: "))
        .unwrap_or_else(|| panic!("an error line: {:?}", out.stderr));
    assert!(error.contains(field), "names the {field}: {error}");
    let visible: String = value.chars().filter(|c| !c.is_control()).collect();
    for part in visible.split(' ').filter(|p| p.len() > 3) {
        assert!(
            !out.stderr.contains(part),
            "echoes {part:?}: {}",
            out.stderr
        );
    }
    assert!(
        !out.stderr.chars().any(|c| c.is_control() && c != '\n'),
        "a raw control character on stderr: {:?}",
        out.stderr
    );
    assert_eq!(served.sandbox.received().len(), sent, "requests sent");
}

/// Control characters of every kind: C0 (CR, LF, NUL as far as the source allows, ESC, tab), DEL and C1.
const CONTROLS: [char; 7] = ['\r', '\n', '\t', '\u{1b}', '\u{7f}', '\u{85}', '\u{1}'];

#[test]
fn a_control_character_in_a_flag_or_variable_is_refused_before_anything_is_sent() {
    let served = Served::start();
    let password = served.password("plain").to_string();
    let app_key = served.app_key().to_string();
    for c in CONTROLS {
        let name = format!("pla{c}in-zK92");
        let mut args = served.line_mode_args("plain", &[]);
        let at = args
            .iter()
            .position(|a| a == "plain")
            .expect("--username plain");
        args[at] = name.clone();
        let out = run(&args, &[("AUTOSHARES_PASSWORD", &password)], "");
        assert_refused(&served, &out, "username", &name, 0);
        assert!(out.stderr.contains("--username"), "{}", out.stderr);

        let key = format!("{app_key}{c}x");
        let mut args = served.line_mode_args("plain", &[]);
        let at = args.iter().position(|a| *a == app_key).expect("--app-key");
        args.drain(at - 1..=at);
        let env = [
            ("AUTOSHARES_APP_KEY", key.as_str()),
            ("AUTOSHARES_PASSWORD", &password),
        ];
        let out = run(&args, &env, "");
        assert_refused(&served, &out, "app key", &key, 0);

        let bad_password = format!("Pw-{c}-zK93");
        let out =
            served.line_mode_with("plain", &[], &[("AUTOSHARES_PASSWORD", &bad_password)], "");
        assert_refused(&served, &out, "password", &bad_password, 0);
        assert!(out.stderr.contains("AUTOSHARES_PASSWORD"), "{}", out.stderr);
    }
}

#[test]
fn a_control_character_on_stdin_is_refused_for_the_password_and_every_answer() {
    let served = Served::start();
    for c in CONTROLS.into_iter().filter(|c| *c != '\n') {
        let bad = format!("Sec{c}ret-zK94");
        let out = served.line_mode("plain", &[], &format!("{bad}\n"));
        assert_refused(&served, &out, "password", &bad, 0);
    }
    let nul = served.line_mode("plain", &[], "Pw-\0-zK95\n");
    assert_refused(&served, &nul, "password", "Pw-\0-zK95", 0);
    let mut sent = 0;
    for (username, field) in [
        ("pin", "PIN"),
        ("code", "verification code"),
        ("question", "answer"),
    ] {
        let password = served.password(username).to_string();
        let out = served.line_mode(username, &[], &format!("{password}\n12\u{1b}[2J34\n"));
        sent += 1;
        assert_refused(&served, &out, field, "12\u{1b}[2J34", sent);
    }
}

#[test]
fn input_that_is_not_utf8_is_named_as_such() {
    let served = Served::start();
    let args = served.line_mode_args("plain", &[]);
    let out = run_bytes(&args, &[], b"Pw-\xff\xfe-zK96\n");
    assert_refused(&served, &out, "not UTF-8", "", 0);
    let code_args = served.line_mode_args("code", &[]);
    let password = served.password("code").as_bytes().to_vec();
    let out = run_bytes(
        &code_args,
        &[("AUTOSHARES_PASSWORD", &password)],
        b"12\xc334\n",
    );
    assert_refused(&served, &out, "not UTF-8", "", 1);
    let out = run_bytes(&args, &[("AUTOSHARES_PASSWORD", b"Pw-\xff-zK97")], b"");
    assert_refused(&served, &out, "AUTOSHARES_PASSWORD is not UTF-8", "", 1);
}

#[test]
fn spaces_at_the_ends_of_a_password_and_endless_lines_are_refused() {
    let served = Served::start();
    let out = served.line_mode("plain", &[], " Pw-plain-zK81\n");
    assert_refused(&served, &out, "begins or ends with a space", "", 0);
    let endless = "x".repeat(5 * 1024 * 1024);
    let out = served.line_mode("plain", &[], &endless);
    assert_refused(&served, &out, "longer than 1024 bytes", "", 0);
}

#[test]
fn a_password_beyond_ascii_is_sent_as_utf8_and_logs_in() {
    let password = "Pässwörd-ü-密码-🙂";
    let served = Served::with(|scenarios| {
        for user in &mut scenarios.users {
            user.password = password.to_string();
        }
    });
    let code = user(&served.sandbox, "code").code.clone().expect("a code");
    let out = served.line_mode("code", &[], &format!("{password}\n  {code} \n"));
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    let received = served.sandbox.received();
    assert_eq!(received[0].header("password"), Some(password));
    assert_eq!(
        received[1].header("verificationcode"),
        Some(code.as_str()),
        "trimmed"
    );
}

#[test]
fn a_url_with_credentials_is_refused_without_repeating_them() {
    let served = Served::start();
    let base = served.sandbox.base_url();
    let with_credentials = base.replace("http://", "http://plain:URL-SECRET-zK99@");
    let password = served.password("plain").to_string();
    let mut flag = served.line_mode_args("plain", &[]);
    let at = flag.iter().position(|a| *a == base).expect("--url");
    flag[at] = with_credentials.clone();
    let mut variable = flag.clone();
    variable.drain(at - 1..=at);
    let runs = [
        (flag, vec![("AUTOSHARES_PASSWORD", password.as_str())]),
        (
            variable,
            vec![
                ("AUTOSHARES_URL", with_credentials.as_str()),
                ("AUTOSHARES_PASSWORD", &password),
            ],
        ),
    ];
    for (args, env) in runs {
        let out = run(&args, &env, "");
        let said = "username or password in it";
        assert_refused(&served, &out, said, &with_credentials, 0);
        out.assert_hides("URL-SECRET");
    }

    let mut tui = pty::Launch::app()
        .args(["--url", &with_credentials, "--username", "plain"])
        .spawn();
    assert_eq!(tui.exit_code(), 2, "{}", tui.screen().contents());
    let shown = tui.expect_text("username or password in it");
    assert!(!shown.contains("URL-SECRET"), "{shown}");
    assert!(served.sandbox.received().is_empty());
}

#[test]
fn a_url_with_no_host_or_too_long_to_send_is_a_usage_error_repeated_in_part() {
    let served = Served::start();
    let base = served.sandbox.base_url();
    let password = served.password("plain").to_string();
    let too_long = format!("{base}/{}", "a".repeat(100_000));
    for url in ["http://", "http:///api", "https:///api/token", &too_long] {
        let mut args = served.line_mode_args("plain", &["--allow-http"]);
        let at = args.iter().position(|a| *a == base).expect("--url");
        args[at] = url.to_string();
        let out = run(&args, &[("AUTOSHARES_PASSWORD", &password)], "");
        assert_eq!(out.code, Some(2), "{url:.40}: {}", out.stderr);
        assert!(out.stderr.contains("is not valid"), "{}", out.stderr);
        assert!(out.stderr.len() < 400, "capped: {:.400}", out.stderr);
    }
    assert!(served.sandbox.received().is_empty());
}

#[test]
fn an_endless_config_ca_bundle_or_scenarios_file_is_a_usage_error_not_a_hang() {
    let served = Served::start();
    let profiles = run(&["profiles"], &[("AUTOSHARES_CONFIG", "/dev/zero")], "");
    assert_eq!(profiles.code, Some(2), "{}", profiles.stderr);
    assert!(
        profiles.stderr.contains("not a regular file"),
        "a device is refused before a byte is read: {}",
        profiles.stderr
    );
    let args = served.line_mode_args("plain", &["--cacert", "/dev/zero"]);
    let password = served.password("plain").to_string();
    let login = run(&args, &[("AUTOSHARES_PASSWORD", &password)], "");
    assert_eq!(login.code, Some(2), "{}", login.stderr);
    assert!(
        login.stderr.contains("--cacert /dev/zero"),
        "{}",
        login.stderr
    );
    let sandbox = run(
        &["sandbox", "--port", "0", "--scenarios", "/dev/zero"],
        &[],
        "",
    );
    assert_eq!(sandbox.code, Some(2), "{}", sandbox.stderr);
    assert!(served.sandbox.received().is_empty());
}
