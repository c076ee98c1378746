//! Stored sessions through the real binary against the sandbox: profiles from a config file in a home of
//! the test's own, reuse without a request, expiry, `--check`, `exec`, `status`/`logout`, one login for
//! concurrent runs, owner-only store files free of the password and codes.

use crate::common;

use std::time::Duration;

use common::trader::{Trader, token_line};
use common::{Home, Running, Served, run};

#[test]
fn a_profile_logs_in_once_and_the_next_token_sends_no_request() {
    let trader = Trader::new("reuse", "plain", "");
    let login = trader.run(&["token", "--no-tui"], "");
    assert_eq!(login.code, Some(0), "{}", login.stderr);
    assert!(
        login
            .stderr
            .contains("profile-p.json (readable by you only). It expires ")
            && ["(in 23 h 59 min).", "(in 24 h 00 min)."]
                .iter()
                .any(|left| login.stderr.contains(left)),
        "where the token went and until when: {}",
        login.stderr
    );
    let first = token_line(&login);
    assert_eq!(trader.logins(), 1);
    let sent = trader.requests();
    let out = trader.run(&["token"], "");
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(token_line(&out), first, "the stored token comes back");
    assert_eq!(trader.requests(), sent, "no request for a stored token");
    assert_eq!(out.stderr, "", "nothing to say when the token is reused");
}

#[test]
fn token_json_follows_the_contract() {
    let trader = Trader::new("json", "plain", "");
    let token = trader.token(&[]);
    let out = trader.run(&["token", "--json"], "");
    let object: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON on stdout");
    assert_eq!(object["token"], token.as_str());
    assert_eq!(object["username"], "plain");
    assert_eq!(object["profile"], "p");
    assert_eq!(object["url"], trader.served.sandbox.base_url().as_str());
    let issued: jiff::Timestamp = object["issued_at"].as_str().unwrap().parse().unwrap();
    let expires: jiff::Timestamp = object["expires_at"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        expires.duration_since(issued).as_secs(),
        24 * 3600,
        "24 h by default"
    );
}

#[test]
fn a_short_lifetime_or_min_valid_forces_a_new_login() {
    let trader = Trader::new("lifetime", "plain", "token_lifetime = \"10m\"");
    let first = trader.token(&[]);
    assert_eq!(
        trader.token(&["--min-valid", "5m"]),
        first,
        "10 min left is enough"
    );
    let second = trader.token(&["--min-valid", "15m"]);
    assert_ne!(second, first, "10 min left is not 15: a new login");
    assert_eq!(trader.logins(), 2);
}

#[test]
fn check_logs_in_again_when_the_server_no_longer_takes_the_token() {
    // The sandbox forgets this user's tokens at once; the profile still thinks they last 24 h.
    let served = Served::with(|s| {
        let plain = s.users.iter_mut().find(|u| u.username == "plain").unwrap();
        plain.token_lifetime = Some(Duration::ZERO);
    });
    let trader = Trader::on(served, "check", "plain", "");
    let first = trader.token(&[]);
    assert_eq!(
        trader.token(&[]),
        first,
        "without --check the stored token is used"
    );
    assert_eq!(trader.run(&["status"], "").code, Some(0));
    let status = trader.run(&["status", "--check"], "");
    assert_eq!(status.code, Some(1), "{}", status.stdout);
    assert_eq!(
        status.stdout,
        "profile p: the token of plain is not confirmed: the server did not accept the\n    token (HTTP 401)\n",
        "refused, not 'expired' at a time to come"
    );
    let out = trader.run(&["token", "--no-tui", "--check"], "");
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_ne!(
        token_line(&out),
        first,
        "a new token after the 401: {}",
        out.stderr
    );
    assert!(out.stderr.contains("not confirmed"), "{}", out.stderr);
    assert_eq!(trader.logins(), 2);
}

#[test]
fn exec_passes_the_session_and_the_command_exit_code() {
    let trader = Trader::new("exec", "plain", "");
    let token = trader.token(&[]);
    // The command lists its environment and exits 7: a POSIX shell, or cmd on Windows.
    let command: &[&str] = if cfg!(windows) {
        &["cmd", "/C", "set & exit 7"]
    } else {
        &["sh", "-c", "env; exit 7"]
    };
    let out = trader.run(&[&["exec", "--"], command].concat(), "");
    assert_eq!(out.code, Some(7), "the command's own code: {}", out.stderr);
    let var = |name: &str| {
        out.stdout
            .lines()
            .find_map(|line| line.trim_end().strip_prefix(&format!("{name}=")))
    };
    assert_eq!(var("AUTOSHARES_TOKEN"), Some(token.as_str()));
    assert_eq!(
        var("AUTOSHARES_PASSWORD"),
        None,
        "the password is not passed on"
    );
    assert_eq!(
        var("AUTOSHARES_URL"),
        Some(trader.served.sandbox.base_url().as_str())
    );
    assert_eq!(var("AUTOSHARES_USERNAME"), Some("plain"));
    assert_eq!(var("AUTOSHARES_APP_KEY"), Some(trader.served.app_key()));
    let expires = var("AUTOSHARES_TOKEN_EXPIRES").expect("the expiry");
    assert!(expires.parse::<jiff::Timestamp>().is_ok(), "{expires}");
    let missing = trader.run(&["exec", "--", "no-such-program-h11"], "");
    assert_eq!(missing.code, Some(127), "{}", missing.stderr);
}

#[test]
fn status_and_logout_say_and_exit_as_the_contract_says() {
    let trader = Trader::new("status", "plain", "");
    let before = trader.run(&["status"], "");
    assert_eq!(before.code, Some(1), "nothing stored: {}", before.stdout);
    trader.token(&[]);
    let after = trader.run(&["status"], "");
    assert_eq!(after.code, Some(0), "{}", after.stderr);
    assert!(
        after.stdout.contains("logged in as plain"),
        "{}",
        after.stdout
    );
    let json = trader.run(&["status", "--json"], "");
    let objects: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(objects[0]["valid"], true, "{}", json.stdout);
    let short = trader.run(&["status", "--min-valid", "25h"], "");
    assert_eq!(short.code, Some(1));
    assert!(
        short
            .stdout
            .contains("min left, less than --min-valid 25 h 00 min),"),
        "why a logged-in profile exits 1: {}",
        short.stdout
    );
    let out = trader.run(&["logout"], "");
    assert_eq!(out.code, Some(0));
    assert!(out.stderr.contains("logged out"), "{}", out.stderr);
    let again = trader.run(&["logout"], "");
    assert_eq!(again.code, Some(0), "logout is idempotent");
    assert!(again.stderr.contains("nothing to drop"), "{}", again.stderr);
    let all = trader.run(&["logout", "--all"], "");
    assert_eq!(all.code, Some(0), "logout --all is idempotent");
    assert_eq!(all.stderr, "Nothing to drop: no token was stored.\n");
    assert_eq!(trader.run(&["status"], "").code, Some(1));
}

#[test]
fn a_token_for_another_username_is_their_own_login_and_replaces_the_stored_one() {
    let mut trader = Trader::new("other-user", "plain", "");
    let plains = trader.token(&[]);
    let short_password = trader.served.password("short").to_string();
    trader
        .extra_env
        .push(("AUTOSHARES_PASSWORD".into(), short_password));
    let out = trader.run(&["token", "--no-tui", "--username", "short"], "");
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let shorts = token_line(&out);
    assert_ne!(shorts, plains, "not plain's stored token");
    assert_eq!(trader.logins(), 2, "short logged in");
    assert!(
        out.stderr
            .contains("Logging in: the stored token of profile p is for plain at"),
        "{}",
        out.stderr
    );
    let status = trader.run(&["status"], "");
    assert_eq!(status.code, Some(1), "plain's token was replaced");
    let said = status
        .stdout
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        said.contains("not logged in as plain at")
            && said.contains("(the stored token is for short at"),
        "{}",
        status.stdout
    );
    assert_eq!(
        trader.run(&["status", "--username", "short"], "").code,
        Some(0)
    );
    let profiles = trader.run(&["profiles"], "");
    assert!(
        (profiles.stdout)
            .contains("\n    file store, no token of its own (another login's is stored)\n"),
        "the profile's own login has no time left: {}",
        profiles.stdout
    );
    trader
        .extra_env
        .push(("AUTOSHARES_USERNAME".into(), "short".into()));
    let command: &[&str] = if cfg!(windows) {
        &["cmd", "/C", "echo %AUTOSHARES_USERNAME% %AUTOSHARES_TOKEN%"]
    } else {
        &["sh", "-c", "echo $AUTOSHARES_USERNAME $AUTOSHARES_TOKEN"]
    };
    let exec = trader.run(&[&["exec", "--"], command].concat(), "");
    assert_eq!(exec.code, Some(0), "{}", exec.stderr);
    assert_eq!(
        exec.stdout.trim_end(),
        format!("short {shorts}"),
        "short's stored token, no login"
    );
    assert_eq!(trader.logins(), 2);
    trader.extra_env.clear();
    let json = trader.run(&["token", "--json"], "");
    let object: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON on stdout");
    assert_eq!(object["username"], "plain", "the profile's own user again");
    assert_ne!(object["token"], shorts.as_str());
    assert_ne!(object["token"], plains.as_str(), "a new login");
    assert_eq!(trader.logins(), 3);
}

#[test]
fn a_token_at_another_url_is_a_login_there() {
    let trader = Trader::new("other-url", "plain", "");
    let stored = trader.token(&[]);
    let elsewhere = Served::start();
    let url = elsewhere.sandbox.base_url();
    let out = trader.run(&["token", "--no-tui", "--url", &url], "");
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_ne!(token_line(&out), stored);
    assert_eq!(elsewhere.logins(), 1, "a login at the URL asked for");
    let same = format!("{url}/token/");
    assert_eq!(
        trader.token(&["--url", &same]),
        token_line(&out),
        "the same URL written another way reuses the token"
    );
    assert_eq!(elsewhere.logins(), 1);
    assert_eq!(trader.logins(), 1, "nothing sent to the profile's URL");
}

#[test]
fn three_runs_at_once_cause_one_login() {
    let served = Served::with(|s| {
        let plain = s.users.iter_mut().find(|u| u.username == "plain").unwrap();
        plain.delay_ms = 400;
    });
    let trader = Trader::on(served, "concurrent", "plain", "");
    let runs: Vec<Running> = (0..3)
        .map(|_| trader.spawn(&["token", "--no-tui"]))
        .collect();
    let tokens: Vec<String> = runs
        .into_iter()
        .map(|r| {
            let out = r.finish(Duration::from_secs(20));
            assert_eq!(out.code, Some(0), "{}", out.stderr);
            token_line(&out)
        })
        .collect();
    assert_eq!(trader.logins(), 1, "one login for three runs");
    assert!(tokens.iter().all(|t| t == &tokens[0]), "{tokens:?}");
}

#[test]
fn store_files_are_owner_only_and_hold_no_password_or_code() {
    let trader = Trader::new("files", "pin-code", "");
    let user = trader.served.user("pin-code");
    let answers = format!(
        "{}\n{}\n",
        user.pin.as_deref().unwrap(),
        user.code.as_deref().unwrap()
    );
    let out = trader.run(&["token", "--no-tui"], &answers);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let sessions = trader.home.state_dir().join("sessions");
    let file = sessions.join("profile-p.json");
    let text = std::fs::read_to_string(&file).expect("the session file");
    assert!(
        text.contains(&token_line(&out)),
        "the file store holds the token"
    );
    for secret in [
        user.password.as_str(),
        user.pin.as_deref().unwrap(),
        user.code.as_deref().unwrap(),
    ] {
        assert!(!text.contains(secret), "a password, PIN or code was stored");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&file), 0o600);
        assert_eq!(mode(&sessions), 0o700);
        assert_eq!(mode(&trader.home.state_dir()), 0o700);
    }
}

#[test]
fn a_bad_config_is_exit_2_naming_file_line_and_key() {
    let trader = Trader::new("badconfig", "plain", "");
    trader
        .home
        .write_config("[profiles.p]\nurl = \"http://127.0.0.1:9/api\"\nclipbaord = \"off\"\n");
    let out = trader.run(&["token"], "");
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    let config = trader.home.config_file().display().to_string();
    assert!(
        out.stderr
            .contains(&format!("{config}:3: key `profiles.p.clipbaord`")),
        "{}",
        out.stderr
    );
    trader.home.write_config("[profiles.p]\n[profiles.q]\n");
    let unknown = trader.run(&["status", "--profile", "live"], "");
    assert_eq!(unknown.code, Some(2));
    assert!(
        unknown.stderr.contains("no profile \"live\"") && unknown.stderr.contains("p, q"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn profiles_lists_name_url_user_store_and_time_left() {
    let trader = Trader::new("profiles", "plain", "");
    trader.token(&[]);
    let out = trader.run(&["profiles"], "");
    assert_eq!(out.code, Some(0));
    let lines: Vec<&str> = out.stdout.lines().collect();
    let at = (lines.iter().position(|l| *l == "* p")).expect("p, marked the default");
    assert_eq!(
        lines[at + 1],
        format!("    plain at {}", trader.served.sandbox.base_url()),
        "{}",
        out.stdout
    );
    assert!(
        lines[at + 2].starts_with("    file store, ") && lines[at + 2].ends_with(" left"),
        "{}",
        out.stdout
    );
}

#[test]
fn escapes_in_a_config_or_flag_never_reach_the_terminal_from_profiles_status_or_logout() {
    let trader = Trader::new(
        "escapes",
        "plain",
        "\n[profiles.shared]\nurl = \"http://127.0.0.1:9/a\\u001b[2Jpi\"\nusername = \"u\\u001b]0;pwned\\u0007v\"\n",
    );
    let escaped = [
        "--url",
        "http://127.0.0.1:9/\u{1b}[2Japi",
        "--username",
        "x\u{1b}]0;t\u{7}",
    ];
    for args in [
        vec!["profiles"],
        vec!["status"],
        vec!["status", "--profile", "shared"],
        [&["status"][..], &escaped].concat(),
        [&["logout"][..], &escaped].concat(),
    ] {
        let out = trader.run(&args, "");
        let shown = format!("{}{}", out.stdout, out.stderr);
        assert!(
            !shown.chars().any(|c| c.is_control() && c != '\n'),
            "{args:?}: {shown:?}"
        );
        assert!(!shown.contains("panicked"), "{shown}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn the_keyring_backend_keeps_the_token_in_a_real_secret_service() {
    if !common::tools::require_tools(&common::keyring::TOOLS) {
        return;
    }
    let mut trader = Trader::new("keyring", "plain", "");
    let service = common::keyring::SecretService::start(&trader.home.dir);
    trader.extra_env.push((
        "DBUS_SESSION_BUS_ADDRESS".into(),
        service.bus_address.clone(),
    ));
    let out = trader.run(&["token", "--no-tui", "--store", "keyring"], "");
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let token = token_line(&out);
    assert!(
        out.stderr.contains("Token stored in the keyring"),
        "{}",
        out.stderr
    );
    let found = service.search(&["service", "autoshares-login", "username", "profile:p"]);
    assert!(
        found.contains(&token),
        "the keyring holds the token: {found}"
    );
    let record = std::fs::read_to_string(trader.home.state_dir().join("sessions/profile-p.json"))
        .expect("the record file");
    assert!(
        !record.contains(&token),
        "the record file holds no token: {record}"
    );
    assert!(record.contains("\"keyring\""), "{record}");

    let sent = trader.requests();
    let again = trader.run(&["token", "--store", "keyring"], "");
    assert_eq!(token_line(&again), token, "read back from the keyring");
    assert_eq!(trader.requests(), sent, "no request");

    let auto = trader.run(&["logout"], "");
    assert_eq!(auto.code, Some(0), "{}", auto.stderr);
    let found = service.search(&["service", "autoshares-login", "username", "profile:p"]);
    assert!(
        !found.contains(&token),
        "logout removed the keyring item: {found}"
    );
}

#[test]
fn profiles_without_a_config_file_says_how_to_make_one_without_the_source_tree() {
    let home = Home::new("sessions-no-profiles");
    let env: Vec<(&str, String)> = (home.env().into_iter())
        .map(|(name, value)| (name, value.display().to_string()))
        .collect();
    let env: Vec<(&str, &str)> = env.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let out = run(&["profiles"], &env, "");
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    for said in [
        "No profiles in",
        "Ctrl-P",
        "`autoshares-login man`, section CONFIGURATION",
    ] {
        assert!(out.stdout.contains(said), "{said:?} in {}", out.stdout);
    }
    assert!(!out.stdout.contains("assets/"), "{}", out.stdout);
}

/// "Login options go before or after the subcommand": `--profile` and `--no-tui` before `token` select
/// the profile and line mode as they do after it.
#[test]
fn login_options_before_the_subcommand_are_taken_as_after_it() {
    let trader = Trader::new(
        "before",
        "plain",
        "\n[profiles.closed]\nurl = \"http://127.0.0.1:9/api\"\nusername = \"plain\"\nstore = \"file\"\n",
    );
    let out = trader.run(&["--profile", "p", "--no-tui", "token"], "");
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    token_line(&out);
    let out = trader.run(&["--profile", "closed", "--no-tui", "token"], "");
    assert_eq!(out.code, Some(3), "the other profile's URL: {}", out.stderr);
    assert!(out.stderr.contains("127.0.0.1:9"), "{}", out.stderr);
    let out = trader.run(&["--profile", "p", "profiles"], "");
    assert_eq!(
        out.code,
        Some(2),
        "profiles takes no --profile: {}",
        out.stderr
    );
}
