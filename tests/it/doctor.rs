//! `doctor` through the real binary: every check against the sandbox or a purpose-built loopback server
//! (refused port, silent port, self-signed TLS, plain HTTP on the TLS port, a skewed `Date`, an HTML proxy page).

use crate::common;
// A pseudo-terminal is Unix's here (wine has no ConPTY).
#[cfg(unix)]
use crate::pty;

use std::time::{Duration, SystemTime};

use common::servers::{Certificate, Loopback, app_key_error_at, http};
use common::{ClosedPort, Output, Served, run, scratch_dir};

/// Variables of the machine running the tests that would change what the doctor finds, besides the proxy
/// variables: none of them leaks in (an empty value counts as unset).
const CLIPBOARD_ENV: [&str; 6] = [
    "DISPLAY",
    "WAYLAND_DISPLAY",
    "TMUX",
    "SSH_CONNECTION",
    "SSH_CLIENT",
    "SSH_TTY",
];

/// Runs `doctor ARGS` without a terminal, with `env` over a neutral environment.
fn doctor(args: &[&str], env: &[(&str, &str)]) -> Output {
    let neutral = CLIPBOARD_ENV
        .iter()
        .chain(&autoshares_login::doctor::PROXY_VARIABLES);
    let mut all: Vec<(&str, &str)> = neutral.map(|name| (*name, "")).collect();
    all.extend_from_slice(env);
    let mut argv = vec!["doctor"];
    argv.extend_from_slice(args);
    if !args.contains(&"--timeout") {
        argv.extend(["--timeout", "2"]);
    }
    run(&argv, &all, "")
}

/// The line of check `title` (its mark in words, name and detail) with the lines it wraps onto and its
/// hint, folded into one line: each wrapped line's indent becomes one space.
fn line(output: &Output, title: &str) -> String {
    let lines: Vec<&str> = output.stdout.lines().collect();
    let at = lines
        .iter()
        .position(|l| {
            l.get(5..)
                .is_some_and(|rest| rest.starts_with(&format!("{title} ")))
        })
        .unwrap_or_else(|| panic!("no {title} line in\n{}", output.stdout));
    let wrapped = lines[at + 1..]
        .iter()
        .take_while(|l| l.starts_with("     ") && !l.trim().is_empty());
    std::iter::once(lines[at])
        .chain(wrapped.map(|l| l.trim_start()))
        .collect::<Vec<_>>()
        .join(" ")
}

fn expect(output: &Output, title: &str, mark: &str, needles: &[&str]) {
    let line = line(output, title);
    assert!(
        line.starts_with(mark),
        "{title} is not {mark}: {line}\n{}",
        output.stdout
    );
    for needle in needles {
        assert!(line.contains(needle), "{needle:?} not in {line:?}");
    }
}

#[test]
fn against_the_sandbox_every_check_passes_with_one_request_and_no_password() {
    let served = Served::start();
    let password = "PASSWORD-never-sent-zK99";
    let output = doctor(
        &[
            "--url",
            &served.sandbox.base_url(),
            "--app-key",
            served.app_key(),
            "--username",
            "plain",
        ],
        &[("AUTOSHARES_PASSWORD", password)],
    );
    assert_eq!(output.code, Some(0), "{}\n{}", output.stdout, output.stderr);
    expect(&output, "URL", "ok", &["/api/token"]);
    expect(&output, "DNS", "ok", &["127.0.0.1 is an address"]);
    expect(&output, "TCP", "ok", &["connected to 127.0.0.1:"]);
    expect(&output, "TLS", "skip", &["plain http://"]);
    expect(
        &output,
        "Token endpoint",
        "ok",
        &["State Failed at BaseAuthentication"],
    );
    expect(&output, "App key", "ok", &["APPK…(20 chars) is known"]);
    expect(&output, "Clock", "ok", &["of the server's clock"]);
    assert!(
        output.stdout.ends_with("No check failed.\n"),
        "{}",
        output.stdout
    );
    output.assert_hides(password);
    output.assert_hides(served.app_key());
    let received = served.sandbox.received();
    assert_eq!(received.len(), 1, "one request: {received:?}");
    let probe = &received[0];
    assert_eq!(
        (probe.method.as_str(), probe.path.as_str()),
        ("POST", "/api/token")
    );
    assert_eq!(probe.header("Et-App-Key"), Some(served.app_key()));
    for credential in [
        "Username",
        "Password",
        "PinCode",
        "VerificationCode",
        "Authorization",
    ] {
        assert_eq!(probe.header(credential), None, "{credential} was sent");
    }
}

#[test]
fn an_unknown_app_key_fails_with_the_failure_screens_hint() {
    let served = Served::start();
    let url = served.sandbox.base_url();
    let output = doctor(&["--url", &url, "--app-key", "not-the-key"], &[]);
    assert_eq!(output.code, Some(1));
    expect(&output, "Token endpoint", "ok", &["its app-key error"]);
    expect(
        &output,
        "App key",
        "FAIL",
        &["not-…(11 chars)", "hint:", "BO Companies"],
    );
    assert!(output.stdout.ends_with("1 check failed.\n"));
    let without = doctor(&["--url", &url], &[]);
    assert_eq!(without.code, Some(0), "a missing app key is a warning");
    expect(
        &without,
        "App key",
        "warn",
        &["no app key given", "AUTOSHARES_APP_KEY"],
    );
}

#[test]
fn a_refused_port_fails_tcp_and_skips_what_needs_it() {
    let closed = ClosedPort::new();
    let output = doctor(&["--url", &closed.url()], &[]);
    assert_eq!(output.code, Some(1));
    expect(
        &output,
        "TCP",
        "FAIL",
        &["connection refused", "Check the host and port in the URL"],
    );
    expect(&output, "Token endpoint", "skip", &["cannot be reached"]);
}

#[test]
fn a_silent_port_is_a_timeout_of_the_answer_or_of_the_tls_handshake() {
    let silent = Loopback::silent();
    let plain = doctor(&["--url", &silent.base_url("http"), "--timeout", "1"], &[]);
    assert_eq!(plain.code, Some(1));
    expect(&plain, "TCP", "ok", &[]);
    expect(
        &plain,
        "Token endpoint",
        "FAIL",
        &["no answer within 2 s", "--timeout"],
    );
    let tls = doctor(&["--url", &silent.base_url("https"), "--timeout", "1"], &[]);
    assert_eq!(tls.code, Some(1));
    expect(
        &tls,
        "TLS",
        "FAIL",
        &["no TLS handshake within 1 s", "hint:"],
    );
}

#[test]
fn a_self_signed_certificate_gets_the_cacert_hint_and_passes_with_its_ca() {
    let certificate = Certificate::for_names(&["127.0.0.1", "localhost"]);
    let server = Loopback::tls(&certificate, app_key_error_at(SystemTime::now()));
    let url = server.base_url("https");
    let untrusted = doctor(&["--url", &url], &[]);
    assert_eq!(untrusted.code, Some(1));
    expect(
        &untrusted,
        "TLS",
        "FAIL",
        &["does not trust", "UnknownIssuer", "--cacert"],
    );
    let ca = scratch_dir("doctor-ca").join("ca.pem");
    std::fs::write(&ca, &certificate.ca_pem).unwrap();
    let trusted = doctor(&["--url", &url, "--cacert", ca.to_str().unwrap()], &[]);
    expect(&trusted, "TLS", "ok", &["trusted and valid for 127.0.0.1"]);
    expect(&trusted, "Token endpoint", "ok", &["app-key error"]);
    assert_eq!(trusted.code, Some(0), "{}", trusted.stdout);
}

#[test]
fn a_certificate_for_another_name_says_which_names_it_is_for() {
    let certificate = Certificate::for_names(&["trader.example"]);
    let server = Loopback::tls(&certificate, app_key_error_at(SystemTime::now()));
    let ca = scratch_dir("doctor-name").join("ca.pem");
    std::fs::write(&ca, &certificate.ca_pem).unwrap();
    let output = doctor(
        &[
            "--url",
            &server.base_url("https"),
            "--cacert",
            ca.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(output.code, Some(1));
    expect(
        &output,
        "TLS",
        "FAIL",
        &["another host name", "certificate is for trader.example"],
    );
}

#[test]
fn plain_http_on_the_tls_port_is_named_as_such() {
    let served = Served::start();
    let url = served.sandbox.base_url().replace("http://", "https://");
    let output = doctor(&["--url", &url], &[]);
    assert_eq!(output.code, Some(1));
    expect(
        &output,
        "TLS",
        "FAIL",
        &["plain HTTP, not TLS", "speaks plain HTTP"],
    );
}

#[test]
fn a_skewed_server_clock_is_a_warning_not_a_failure() {
    let two_hours_ago = SystemTime::now() - Duration::from_secs(2 * 60 * 60);
    let server = Loopback::answering(app_key_error_at(two_hours_ago));
    let output = doctor(&["--url", &server.base_url("http")], &[]);
    expect(
        &output,
        "Clock",
        "warn",
        &["2 h 00 min", "ahead of the server's", "automatic time"],
    );
    assert_eq!(output.code, Some(0), "{}", output.stdout);
}

#[test]
fn an_html_page_from_a_proxy_fails_the_endpoint_check_and_the_proxy_is_named() {
    let proxy = Loopback::answering(http(
        "200 OK",
        "Content-Type: text/html\r\n",
        "<html><body>Access denied by the proxy</body></html>",
    ));
    let proxy_url = format!("http://127.0.0.1:{}", proxy.port());
    let output = doctor(
        &["--url", "http://trader.example/api", "--allow-http"],
        &[("HTTP_PROXY", &proxy_url)],
    );
    assert_eq!(output.code, Some(1));
    expect(&output, "URL", "warn", &["without TLS"]);
    expect(
        &output,
        "Proxy",
        "ok",
        &[&format!("through the proxy {proxy_url}"), "HTTP_PROXY"],
    );
    expect(&output, "DNS", "ok", &["the proxy host 127.0.0.1"]);
    expect(
        &output,
        "Token endpoint",
        "FAIL",
        &["not JSON", "text/html", "a proxy answered"],
    );
}

#[test]
fn proxy_credentials_stay_out_of_the_output() {
    let output = doctor(
        &["--url", "https://trader.example/api"],
        &[
            ("HTTPS_PROXY", "http://alice:PROXY-SECRET-zK98@127.0.0.1:9"),
            ("NO_PROXY", "trader.example"),
        ],
    );
    output.assert_hides("PROXY-SECRET-zK98");
    expect(
        &output,
        "Proxy",
        "ok",
        &["direct connection", "NO_PROXY=trader.example"],
    );
}

#[test]
fn an_unresolvable_host_fails_dns() {
    let output = doctor(&["--url", "https://autoshares-login-test.invalid/api"], &[]);
    assert_eq!(output.code, Some(1));
    expect(
        &output,
        "DNS",
        "FAIL",
        &["cannot resolve", "Check it for typos"],
    );
    expect(&output, "TCP", "skip", &[]);
}

#[test]
fn url_shapes_are_checked_before_anything_is_sent() {
    let missing = doctor(&[], &[]);
    assert_eq!(missing.code, Some(1));
    expect(&missing, "URL", "FAIL", &["no API URL given", "--url"]);
    expect(&missing, "DNS", "skip", &["needs a usable URL"]);
    let no_scheme = doctor(&["--url", "pub-api.example/api"], &[]);
    expect(&no_scheme, "URL", "FAIL", &["add https://", "in full"]);
    let plain = doctor(&["--url", "http://trader.example/api"], &[]);
    expect(
        &plain,
        "URL",
        "FAIL",
        &["refusing plain http://", "--allow-http"],
    );
    let closed = ClosedPort::new();
    let odd = doctor(&["--url", &closed.url().replace("/api", "/v2")], &[]);
    expect(&odd, "URL", "warn", &["/v2/token", "usually ends in /api"]);
}

#[test]
fn json_output_is_one_document_with_every_check() {
    let served = Served::start();
    let output = doctor(
        &[
            "--json",
            "--url",
            &served.sandbox.base_url(),
            "--app-key",
            "wrong",
        ],
        &[],
    );
    assert_eq!(output.code, Some(1));
    let report: serde_json::Value = serde_json::from_str(&output.stdout).expect("JSON on stdout");
    let checks = report["checks"].as_array().expect("a list of checks");
    let ids: Vec<&str> = checks
        .iter()
        .map(|c| c["check"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "url",
            "proxy",
            "dns",
            "tcp",
            "tls",
            "endpoint",
            "app_key",
            "clock",
            "clipboard",
            "store",
            "token"
        ]
    );
    let app_key = &checks[6];
    assert_eq!(app_key["status"], "fail");
    assert!(app_key["hint"].as_str().unwrap().contains("BO Companies"));
    assert_eq!(report["failed"], 1);
}

#[test]
fn inside_tmux_the_clipboard_check_reads_set_clipboard() {
    if !common::tools::require_tool("tmux") {
        return;
    }
    let tmux = common::tmux::Tmux::start("doctor", "sh", &[], &[]);
    let socket = tmux.run(&["display-message", "-p", "#{socket_path}"]);
    let socket = String::from_utf8_lossy(&socket.stdout).trim().to_string();
    // What tmux sets in the programs it runs: socket path, server pid, session.
    let inside = format!("{socket},1,0");
    let check = |value: &str| {
        assert!(
            tmux.run(&["set", "-g", "set-clipboard", value])
                .status
                .success()
        );
        doctor(&["--clipboard", "osc52"], &[("TMUX", &inside)])
    };
    let off = check("off");
    expect(
        &off,
        "Clipboard",
        "warn",
        &["set-clipboard off", "set -g set-clipboard on"],
    );
    let external = check("external");
    expect(&external, "Clipboard", "warn", &["set-clipboard external"]);
    let on = check("on");
    expect(
        &on,
        "Clipboard",
        "ok",
        &["through tmux", "set-clipboard on"],
    );
}

#[test]
fn the_system_clipboard_check_asks_the_display() {
    if !common::tools::require_tool("Xvfb") {
        return;
    }
    let xvfb = common::x11::Xvfb::start();
    let answering = doctor(&["--clipboard", "auto"], &[("DISPLAY", &xvfb.display)]);
    expect(
        &answering,
        "Clipboard",
        "ok",
        &["system clipboard", &xvfb.display, "answers"],
    );
    let broken = doctor(&["--clipboard", "auto"], &[("DISPLAY", ":997")]);
    expect(
        &broken,
        "Clipboard",
        "warn",
        &["does not answer", "falls back to OSC 52"],
    );
    let required = doctor(&["--clipboard", "system"], &[("DISPLAY", ":997")]);
    expect(
        &required,
        "Clipboard",
        "FAIL",
        &["does not answer", "--clipboard osc52"],
    );
    let remote = doctor(
        &["--clipboard", "auto"],
        &[
            ("DISPLAY", &xvfb.display),
            ("SSH_CONNECTION", "10.0.0.1 22 10.0.0.2 22"),
        ],
    );
    expect(&remote, "Clipboard", "ok", &["OSC 52", "over SSH"]);
}

#[cfg(unix)]
#[test]
fn on_a_utf8_colour_terminal_the_marks_are_glyphs() {
    let served = Served::start();
    let mut tui = pty::Launch::app()
        .env("LANG", "C.UTF-8")
        .args([
            "doctor",
            "--url",
            &served.sandbox.base_url(),
            "--app-key",
            served.app_key(),
        ])
        .spawn();
    let screen = tui.expect_text("No check failed.");
    assert!(screen.contains("✓ URL"), "{screen}");
    assert!(screen.contains("- TLS"), "{screen}");
    assert!(
        screen.contains("✓ Clipboard      copying is off"),
        "{screen}"
    );
    assert_eq!(tui.exit_code(), 0);
    let mut plain = pty::Launch::app()
        .env("LANG", "C.UTF-8")
        .env("NO_COLOR", "1")
        .args(["doctor", "--url", &served.sandbox.base_url()])
        .spawn();
    let screen = plain.expect_text("No check failed");
    assert!(
        screen.contains("ok   URL"),
        "NO_COLOR gives words: {screen}"
    );
    assert_eq!(plain.exit_code(), 0);
}

/// A home of its own for runs that must share their store, as variables for [`doctor`].
fn home_env(home: &common::Home) -> Vec<(&'static str, String)> {
    home.env()
        .into_iter()
        .map(|(name, path)| (name, path.display().to_string()))
        .collect()
}

fn as_refs<'a>(env: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    env.iter()
        .map(|(name, value)| (*name, value.as_str()))
        .collect()
}

#[test]
fn the_file_store_is_private_and_writable_and_the_stored_tokens_time_left_is_shown() {
    let served = Served::start();
    let home = common::Home::new("doctor-store");
    let env = home_env(&home);
    let env = as_refs(&env);
    let url = served.sandbox.base_url();
    let args = [
        "--store",
        "file",
        "--url",
        &url,
        "--username",
        "plain",
        "--app-key",
        served.app_key(),
    ];
    let before = doctor(&args, &env);
    expect(
        &before,
        "Store",
        "ok",
        &["created readable by you only at the first login"],
    );
    expect(
        &before,
        "Stored token",
        "ok",
        &["none stored for plain at", "the next login stores one"],
    );
    let password = format!("{}\n", served.password("plain"));
    let login = served.line_mode_with("plain", &["--store", "file"], &env, &password);
    assert_eq!(login.code, Some(0), "{}", login.stderr);
    let after = doctor(&args, &env);
    expect(
        &after,
        "Store",
        "ok",
        &["readable by you only, and writable"],
    );
    expect(
        &after,
        "Stored token",
        "ok",
        &["plain at", "valid for 23 h 59 min"],
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let sessions = home.state_dir().join("sessions");
        std::fs::set_permissions(&sessions, std::fs::Permissions::from_mode(0o755)).unwrap();
        let shared = doctor(&args, &env);
        expect(
            &shared,
            "Store",
            "warn",
            &["others may read (mode 755)", "chmod 700"],
        );
        assert_eq!(shared.code, Some(0), "a warning does not fail");
    }
    let none = doctor(&["--store", "none", "--url", &url], &env);
    expect(&none, "Store", "ok", &["nothing is stored (store: none)"]);
    expect(
        &none,
        "Stored token",
        "skip",
        &["nothing is stored (store: none)"],
    );
}

#[test]
fn settings_from_a_profile_are_named_without_blaming_a_flag_the_user_never_passed() {
    let home = common::Home::new("doctor-profile-words");
    home.write_config(
        "default_profile = \"lab\"\n[profiles.lab]\nurl = \"http://trader.invalid/api\"\n\
         allow_http = true\nclipboard = \"off\"\nstore = \"none\"\n",
    );
    let env = home_env(&home);
    let output = doctor(&[], &as_refs(&env));
    expect(&output, "URL", "warn", &["without TLS (allow-http is on)"]);
    expect(
        &output,
        "Clipboard",
        "ok",
        &["copying is off (clipboard: off)"],
    );
    expect(&output, "Store", "ok", &["nothing is stored (store: none)"]);
    for title in ["URL", "Clipboard", "Store", "Stored token"] {
        let line = line(&output, title);
        for flag in ["--allow-http", "--clipboard", "--store"] {
            assert!(!line.contains(flag), "{title} blames {flag}: {line}");
        }
    }
}

#[test]
fn a_profile_holding_another_usernames_token_is_a_warning_naming_both() {
    let served = Served::start();
    let home = common::Home::new("doctor-other-user");
    let url = served.sandbox.base_url();
    home.write_config(&format!(
        "[profiles.desk]\nurl = \"{url}\"\nusername = \"plain\"\nstore = \"file\"\n"
    ));
    let env = home_env(&home);
    let env = as_refs(&env);
    let password = format!("{}\n", served.password("plain"));
    let login = served.line_mode_with("plain", &["--profile", "desk"], &env, &password);
    assert_eq!(login.code, Some(0), "{}", login.stderr);
    let app_key = ["--app-key", served.app_key()];
    let own = doctor(&[&["--profile", "desk"][..], &app_key].concat(), &env);
    expect(&own, "Stored token", "ok", &["valid for 23 h 59 min"]);
    let other = ["--profile", "desk", "--username", "code"];
    let other = doctor(&[&other[..], &app_key].concat(), &env);
    expect(
        &other,
        "Stored token",
        "warn",
        &[
            &format!("profile desk: the stored token is for plain at {url}, not for code at {url}"),
            "logs in as this run asks",
        ],
    );
}

#[test]
fn a_keyring_that_does_not_answer_fails_and_auto_falls_back_to_the_file() {
    let home = common::Home::new("doctor-keyring");
    let env = home_env(&home);
    let mut env = as_refs(&env);
    // No session bus: no Secret Service can answer.
    env.push(("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus"));
    let keyring = doctor(&["--store", "keyring"], &env);
    expect(
        &keyring,
        "Store",
        "FAIL",
        &["does not answer", "--store file"],
    );
    assert_eq!(keyring.code, Some(1));
    let auto = doctor(&["--store", "auto"], &env);
    expect(
        &auto,
        "Store",
        "ok",
        &["auto: no keyring service", "files in"],
    );
}

/// A config whose default profile `live` points at a closed port as `alice`, in a home of its own.
fn home_with_a_live_profile(name: &str, closed: &ClosedPort) -> common::Home {
    let home = common::Home::new(name);
    home.write_config(&format!(
        "default_profile = \"live\"\n[profiles.live]\nurl = \"{}\"\nusername = \"alice\"\n\
         store = \"none\"\nclipboard = \"off\"\n",
        closed.url()
    ));
    home
}

#[test]
fn every_check_uses_the_run_s_overrides_and_json_names_the_profile_and_config_used() {
    let served = Served::start();
    let closed = ClosedPort::new();
    let home = home_with_a_live_profile("doctor-overrides", &closed);
    let env = home_env(&home);
    let env = as_refs(&env);
    let app_key = ["--app-key", served.app_key()];
    // The profile alone: its URL is a closed port.
    let profile = doctor(&app_key, &env);
    expect(&profile, "TCP", "FAIL", &["refused"]);
    // The same profile with the URL and username of this run: every check goes where a login would.
    let url = served.sandbox.base_url();
    let args = [
        &app_key[..],
        &["--json", "--url", &url, "--username", "plain"],
    ]
    .concat();
    let output = doctor(&args, &env);
    assert_eq!(output.code, Some(0), "{}\n{}", output.stdout, output.stderr);
    let report: serde_json::Value = serde_json::from_str(&output.stdout).expect("JSON");
    let checks = report["checks"].as_array().unwrap();
    let failed: Vec<&serde_json::Value> = checks.iter().filter(|c| c["status"] == "fail").collect();
    assert!(failed.is_empty(), "{failed:?}");
    assert!(
        checks[0]["detail"].as_str().unwrap().contains(&url),
        "{:?}",
        checks[0]
    );
    let context = &report["context"];
    let settings = &context["settings"];
    assert_eq!(settings["profile"], "live");
    assert_eq!(settings["url"], url.as_str());
    assert_eq!(settings["username"], "plain");
    assert_eq!(settings["store"], "none");
    assert_eq!(settings["clipboard"], "off");
    assert_eq!(settings["timeout_secs"], 2);
    let config = settings["config"].as_str().unwrap();
    assert_eq!(
        config,
        format!(
            "~/{}",
            home.config_file()
                .strip_prefix(&home.dir)
                .unwrap()
                .display()
        ),
        "the config file used, under ~"
    );
    assert_eq!(context["tool"]["version"], env!("CARGO_PKG_VERSION"));
    assert!(
        context["tool"]["commit"]
            .as_str()
            .is_some_and(|c| !c.is_empty())
    );
    assert_eq!(context["system"]["os"], std::env::consts::OS);
    assert_eq!(context["system"]["arch"], std::env::consts::ARCH);
    assert_eq!(context["terminal"]["tmux"], false);
    assert!(
        settings["proxy"]
            .as_str()
            .unwrap()
            .contains("direct connection")
    );
    assert!(!output.stdout.contains(served.app_key()));
}

#[test]
fn doctor_report_writes_the_checks_the_context_and_the_logs_report_in_one_file() {
    let served = Served::start();
    let dir = scratch_dir("doctor-report");
    let log = dir.join("customer.jsonl");
    let log_arg = log.to_str().unwrap();
    let refused = served.line_mode("plain", &["--log", log_arg], "not-the-password\n");
    assert_eq!(refused.code, Some(1), "{}", refused.stderr);
    let ticket = dir.join("ticket.md");
    let url = served.sandbox.base_url();
    let output = doctor(
        &[
            "--url",
            &url,
            "--app-key",
            served.app_key(),
            "--store",
            "none",
            "--log",
            log_arg,
            "--report",
            ticket.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(output.code, Some(0), "{}\n{}", output.stdout, output.stderr);
    assert!(
        output.stdout.ends_with("No check failed.\n"),
        "{}",
        output.stdout
    );
    assert!(
        output.stderr.contains("Report written to"),
        "{}",
        output.stderr
    );
    let text = std::fs::read_to_string(&ticket).unwrap();
    let order = [
        "# autoshares-login doctor report",
        "## Checks",
        "| App key | ok |",
        "No check failed.",
        "## Context",
        "| Store | none |",
        "## autoshares-login support report",
        "### What happened",
        "Refused: Invalid credentials",
        "### Context",
        "### Exchanges",
    ];
    let mut from = 0;
    for part in order {
        let at = text[from..]
            .find(part)
            .unwrap_or_else(|| panic!("{part:?} not after byte {from} in\n{text}"));
        from += at + part.len();
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&ticket).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the ticket is yours alone");
    }
    // A log that is not one stops the run before anything is sent.
    std::fs::write(&log, "not a log\n").unwrap();
    let before = served.sandbox.received().len();
    let bad = doctor(
        &[
            "--url",
            &url,
            "--log",
            log_arg,
            "--report",
            ticket.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(bad.code, Some(2), "{}", bad.stderr);
    assert!(bad.stderr.contains("line 1"), "{}", bad.stderr);
    assert_eq!(served.sandbox.received().len(), before);
}

#[test]
fn text_fits_80_columns_with_long_settings_and_a_pipe_gets_no_colour() {
    let closed = ClosedPort::new();
    let home = common::Home::new("doctor-80-columns");
    let long = "a-profile-name-long-enough-to-push-the-lines-past-the-edge-64";
    home.write_config(&format!(
        "default_profile = \"{long}\"\n[profiles.{long}]\nurl = \"{}\"\n\
         username = \"trader.with.a.very.long.username@corporate-domain.example\"\n\
         store = \"file\"\nclipboard = \"osc52\"\n",
        closed
            .url()
            .replace("/api", "/api/some/longer/base/path/than/usual/api")
    ));
    let env = home_env(&home);
    let output = doctor(&[], &as_refs(&env));
    assert_eq!(
        output.code,
        Some(1),
        "the port is closed: {}",
        output.stdout
    );
    assert!(!output.stdout.contains('\u{1b}'), "no colour in a pipe");
    for line in output.stdout.lines() {
        assert!(
            line.chars().count() <= 80,
            "{} columns: {line:?}",
            line.chars().count()
        );
    }
    // Wrapped lines hang under their column: the check's detail under the detail, the hint's under
    // the hint; and no word is cut in two.
    let tcp = line(&output, "TCP");
    assert!(tcp.contains("hint:"), "{tcp}");
    let lines: Vec<&str> = output.stdout.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("FAIL TCP"))
        .unwrap();
    let hint = lines[at..]
        .iter()
        .position(|l| l.trim_start().starts_with("hint: "))
        .unwrap()
        + at;
    assert!(lines[hint].starts_with(&" ".repeat(20)), "{}", lines[hint]);
    // A hint too long for its line wraps under itself (the unit test of `doctor::render` makes one wrap).
    let next = lines.get(hint + 1).copied().unwrap_or_default();
    assert!(
        !next.starts_with(&" ".repeat(20)) || next.starts_with(&" ".repeat(26)),
        "the hint wraps under itself:\n{}",
        output.stdout
    );
    assert!(
        output.stdout.contains("Store          files in ~/"),
        "{}",
        output.stdout
    );
    let words: Vec<&str> = output.stdout.split_whitespace().collect();
    assert!(words.contains(&"OSC"), "{}", output.stdout);
}
