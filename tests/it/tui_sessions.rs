//! The TUI's stored sessions and profiles through the real binary in a pseudo-terminal, against the
//! sandbox, in a home of the test's own: opening on a stored token, logging out, switching profiles,
//! and saving a login as a profile that the next runs use.
#![cfg(unix)]

use crate::common;
use crate::pty;

use std::path::PathBuf;

use common::{Home, Served, run};
use pty::key::{CTRL_C, CTRL_N, CTRL_P, CTRL_S, CTRL_X, ENTER, ESC, F1};
use pty::{Launch, Tui, folded, form_value};

/// The binary in a PTY with `home` as its home, its stdout (for `--print`) in `stdout`.
fn tui_in(home: &Home, args: &[&str], stdout: Option<&PathBuf>) -> Tui {
    let mut launch = Launch::app();
    for (name, value) in home.env() {
        launch = launch.env(name, &value.display().to_string());
    }
    for arg in args {
        launch = launch.args([arg]);
    }
    if let Some(stdout) = stdout {
        launch = launch.stdout_to(stdout);
    }
    launch.spawn()
}

/// A run of the binary without a terminal in `home`, with more variables `env`.
fn run_in(home: &Home, args: &[&str], env: &[(&str, &str)]) -> common::Output {
    let home_env: Vec<(&str, String)> = home
        .env()
        .into_iter()
        .map(|(n, v)| (n, v.display().to_string()))
        .collect();
    let mut all: Vec<(&str, &str)> = home_env.iter().map(|(n, v)| (*n, v.as_str())).collect();
    all.extend_from_slice(env);
    run(args, &all, "")
}

/// On a form focused on its empty App key field (URL and username given): types the sandbox's app key
/// and `password`, then Enter.
fn log_in_on_the_form(tui: &mut Tui, served: &Served, password: &str) {
    tui.expect_text("App key");
    tui.send(served.app_key());
    tui.send("\t\t");
    tui.send(password);
    tui.send(ENTER);
}

/// A home whose config has profile `desk` (the default) for `plain` on the sandbox, file store.
fn home_with_profile(served: &Served, name: &str) -> Home {
    let home = Home::new(&format!("tui_sessions-{name}"));
    home.write_config(&format!(
        "default_profile = \"desk\"\n\n[profiles.desk]\nurl = \"{}\"\nusername = \"plain\"\nstore = \"file\"\n",
        served.sandbox.base_url()
    ));
    home
}

/// Writes `home`'s config: profiles `alpha` (the default) and `beta` at `url` for `usernames`, file store.
fn two_profiles(home: &Home, url: &str, usernames: (&str, &str)) {
    let profile = |name: &str, username: &str| {
        format!(
            "\n[profiles.{name}]\nurl = \"{url}\"\nusername = \"{username}\"\nstore = \"file\"\n"
        )
    };
    home.write_config(&format!(
        "default_profile = \"alpha\"\n{}{}",
        profile("alpha", usernames.0),
        profile("beta", usernames.1)
    ));
}

/// Logs `plain` in with `token --no-tui`, which stores the token; returns it.
fn stored_token(served: &Served, home: &Home) -> String {
    stored_token_with(served, home, &[])
}

/// Logs `plain` in with `token --no-tui` and more `args` (a profile), which stores the token; returns it.
fn stored_token_with(served: &Served, home: &Home, args: &[&str]) -> String {
    let env = [
        ("AUTOSHARES_APP_KEY", served.app_key()),
        ("AUTOSHARES_PASSWORD", served.password("plain")),
    ];
    let out = run_in(home, &[&["token", "--no-tui"], args].concat(), &env);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    out.stdout.trim_end().to_string()
}

#[test]
fn the_tui_opens_on_a_stored_session_and_leaves_with_its_token_without_a_login() {
    let served = Served::start();
    let home = home_with_profile(&served, "open");
    let token = stored_token(&served, &home);
    let stdout = common::scratch_dir("tui_sessions-open-out").join("stdout");
    let mut tui = tui_in(
        &home,
        &["--app-key", served.app_key(), "--print"],
        Some(&stdout),
    );
    let screen = folded(&tui.expect_text("the server accepts the token"));
    for shown in [
        "Already logged in · profile desk",
        "Logged in as plain",
        &format!("at {} stored token valid until", served.sandbox.base_url()),
        // The harness runs with copying off: said at once, and `c` is not offered.
        "Copying is off (clipboard: off).",
        "Esc quit · Ctrl-S show · Ctrl-N log in · Ctrl-X log out",
    ] {
        assert!(screen.contains(shown), "{shown:?} missing: {screen}");
    }
    assert!(!screen.contains("Ctrl-Y copy"), "{screen}");
    assert!(screen.contains("(in 23 h"), "a day's token: {screen}");
    assert!(!screen.contains(&token), "the token is masked");
    tui.send(ESC);
    tui.expect_exit_restored(0);
    let printed = std::fs::read_to_string(&stdout).expect("the stdout file");
    assert_eq!(printed.trim_end(), token, "--print gives the stored token");
    assert_eq!(served.logins(), 1, "no second login");
}

#[test]
fn a_stored_session_of_another_username_opens_the_form_for_the_one_asked() {
    let served = Served::start();
    let home = home_with_profile(&served, "other-user");
    stored_token(&served, &home);
    let mut tui = tui_in(
        &home,
        &["--app-key", served.app_key(), "--username", "code"],
        None,
    );
    let form = tui.expect_text("AutoShares login · profile desk");
    assert!(!form.contains("Already logged in"), "{form}");
    assert_eq!(form_value(&form, "Username").as_deref(), Some("code"));
    tui.send(CTRL_C);
    tui.expect_exit_restored(130);
    let status = run_in(&home, &["status"], &[]);
    assert_eq!(
        status.code,
        Some(0),
        "plain's token stays: {}",
        status.stdout
    );
}

#[test]
fn ctrl_s_shows_the_token_and_ctrl_x_twice_logs_out_and_the_form_is_ready_for_a_new_login() {
    let served = Served::start();
    let home = home_with_profile(&served, "logout");
    let token = stored_token(&served, &home);
    let mut tui = tui_in(&home, &["--app-key", served.app_key()], None);
    tui.expect_text("Already logged in · profile desk");
    // Ctrl-S reaches the TUI (raw mode: no XOFF) and shows the token, then hides it.
    tui.send(CTRL_S);
    tui.expect_text(&token);
    tui.send(CTRL_S);
    tui.expect_text("Ctrl-S shows it");
    // Ctrl-X asks; a key typed then (a password's y) keeps the token.
    tui.send(CTRL_X);
    tui.expect_text("Log out: drop the stored token of profile desk?");
    tui.send("y");
    let kept = tui.expect_text("Still logged in: the stored token of profile desk stays.");
    assert!(kept.contains("Already logged in · profile desk"), "{kept}");
    tui.send(CTRL_X);
    let asked = tui.expect_text("Log out: drop the stored token of profile desk?");
    assert!(asked.contains("Ctrl-X drop the token"), "{asked}");
    tui.send(CTRL_X);
    let form = tui.expect_text("Logged out: the stored token was dropped.");
    assert!(form.contains("AutoShares login · profile desk"), "{form}");
    assert_eq!(form_value(&form, "Username").as_deref(), Some("plain"));
    tui.send(CTRL_C);
    tui.expect_exit_restored(130);
    let status = run_in(&home, &["status"], &[]);
    assert_eq!(status.code, Some(1), "no token left: {}", status.stderr);
}

#[test]
fn a_password_typed_on_a_stored_session_changes_nothing_sends_nothing_and_shows_no_token() {
    let served = Served::start();
    let home = home_with_profile(&served, "typed");
    let token = stored_token(&served, &home);
    let stdout = common::scratch_dir("tui_sessions-typed-out").join("stdout");
    let mut tui = tui_in(
        &home,
        &["--app-key", served.app_key(), "--print"],
        Some(&stdout),
    );
    // The screen's own check of the token comes first; nothing after it may reach the server.
    tui.expect_text("the server accepts the token");
    let received = served.sandbox.received().len();
    // A trader typing the password as the tool opens: every letter the screen ever took as a hotkey
    // (q c s l x y p r ?), the real password, Enter; a Backspace and Enter again.
    let password = served.password("plain");
    tui.send(&format!("qcslxyprsx?y{password}"));
    tui.send(ENTER);
    tui.send("\x7f");
    tui.send(ENTER);
    // F1 opens the help only once every key before it was taken: then closed, the screen is as they left it.
    tui.send(F1);
    tui.expect_text("Help");
    tui.send(F1);
    let screen = tui.wait_for("the help closed", pty::PATIENCE, |s| !s.contains("Help"));
    assert!(tui.is_running(), "nothing typed quits");
    let folded_screen = folded(&screen);
    for shown in [
        "Already logged in · profile desk",
        "This is the \"Already logged in\" screen, not the login form: Ctrl-N opens the form",
        "Esc quits.",
    ] {
        assert!(folded_screen.contains(shown), "{shown:?} missing: {screen}");
    }
    for seen in tui.screens_seen() {
        assert!(!seen.contains(&token), "the token was shown:\n{seen}");
        assert!(!seen.contains(password), "the password was shown:\n{seen}");
        for not in ["Log out:", "Still logged in", "Logged out", "Password"] {
            assert!(!seen.contains(not), "{not:?} on a screen:\n{seen}");
        }
    }
    assert_eq!(
        served.sandbox.received().len(),
        received,
        "nothing typed reached the server"
    );
    tui.send(ESC);
    tui.expect_exit_restored(0);
    let printed = std::fs::read_to_string(&stdout).expect("the stdout file");
    assert_eq!(
        printed.trim_end(),
        token,
        "Esc leaves with the stored token"
    );
    let again = run_in(&home, &["token"], &[]);
    assert_eq!(again.code, Some(0), "{}", again.stderr);
    assert_eq!(again.stdout.trim_end(), token, "the same stored session");
    assert_eq!(served.logins(), 1, "no login but the one that stored it");
    assert_eq!(
        served.sandbox.received().len(),
        received,
        "nothing sent since"
    );
}

#[test]
fn a_password_typed_after_a_login_ends_shows_saves_copies_and_quits_nothing() {
    let served = Served::start();
    let home = Home::new("tui_sessions-typed-after");
    let url = served.sandbox.base_url();
    let password = served.password("plain");
    let mut tui = tui_in(
        &home,
        &["--url", &url, "--username", "plain", "--store", "file"],
        None,
    );
    log_in_on_the_form(&mut tui, &served, "not-the-password");
    tui.expect_text("Login refused");
    // Typed ahead on the failure screen: every letter a failure or a success ever took as a hotkey
    // (q r c s p ?), and the password.
    let typed = format!("qrcsp?xy{password}");
    tui.send(&typed);
    let failure = tui.expect_text("This is the failure screen, not the login form");
    assert!(tui.is_running(), "nothing typed quits:\n{failure}");
    tui.send(ENTER);
    tui.expect_text("Password");
    tui.send(password);
    tui.send(ENTER);
    let success = tui.expect_text("It expires");
    let token = std::fs::read_dir(home.state_dir().join("sessions"))
        .expect("the sessions dir")
        .count();
    assert_eq!(token, 1, "one session stored");
    let received = served.sandbox.received().len();
    tui.send(&typed);
    let said = tui.expect_text("You are logged in: nothing to type here");
    assert!(tui.is_running(), "nothing typed quits:\n{said}");
    assert!(!said.contains("Profile name"), "nor asks to save:\n{said}");
    assert!(folded(&success).contains("Ctrl-S shows it"), "{success}");
    for seen in tui.screens_seen() {
        assert!(!seen.contains(password), "the password was shown:\n{seen}");
        assert!(
            !seen.contains("Report written"),
            "a report was written:\n{seen}"
        );
    }
    assert!(!home.config_file().exists(), "no profile was saved");
    assert_eq!(
        served.sandbox.received().len(),
        received,
        "nothing typed reached the server"
    );
    tui.send(ESC);
    tui.expect_exit_restored(0);
}

#[test]
fn ctrl_n_on_a_stored_session_opens_the_form_and_the_stored_token_stays() {
    let served = Served::start();
    let home = home_with_profile(&served, "again");
    let token = stored_token(&served, &home);
    let mut tui = tui_in(&home, &["--app-key", served.app_key()], None);
    tui.expect_text("Already logged in · profile desk");
    tui.send(CTRL_N);
    let form = tui.expect_text("The stored token stays until the new login succeeds.");
    assert!(form.contains("AutoShares login · profile desk"), "{form}");
    assert_eq!(form_value(&form, "Username").as_deref(), Some("plain"));
    tui.send(CTRL_C);
    tui.expect_exit_restored(130);
    let kept = run_in(&home, &["token"], &[]);
    assert_eq!(kept.stdout.trim_end(), token, "{}", kept.stderr);
}

#[test]
fn ctrl_p_on_the_form_switches_to_the_next_profile() {
    let served = Served::start();
    let home = Home::new("tui_sessions-switch");
    two_profiles(&home, &served.sandbox.base_url(), ("plain", "pin-code"));
    let mut tui = tui_in(&home, &[], None);
    let form = tui.expect_text("AutoShares login · profile alpha");
    assert_eq!(form_value(&form, "Username").as_deref(), Some("plain"));
    tui.send("\x10");
    let form = tui.expect_text("AutoShares login · profile beta");
    assert_eq!(form_value(&form, "Username").as_deref(), Some("pin-code"));
    assert!(folded(&form).contains("Profile beta (2 of 2)"), "{form}");
    tui.send(CTRL_C);
    tui.expect_exit_restored(130);
}

#[test]
fn ctrl_p_to_a_profile_with_a_stored_token_opens_its_session_once_its_store_is_read() {
    let served = Served::start();
    let home = Home::new("tui_sessions-switch-stored");
    two_profiles(&home, &served.sandbox.base_url(), ("pin-code", "plain"));
    let token = stored_token_with(&served, &home, &["--profile", "beta"]);
    let stdout = common::scratch_dir("tui_sessions-switch-stored-out").join("stdout");
    let mut tui = tui_in(
        &home,
        &["--app-key", served.app_key(), "--print"],
        Some(&stdout),
    );
    let form = tui.expect_text("AutoShares login · profile alpha");
    assert_eq!(form_value(&form, "Username").as_deref(), Some("pin-code"));
    tui.send("\x10");
    let screen = folded(&tui.expect_text("the server accepts the token"));
    for shown in ["Already logged in · profile beta", "Logged in as plain"] {
        assert!(screen.contains(shown), "{shown:?} missing: {screen}");
    }
    tui.send("\x10");
    let form = tui.expect_text("Profile alpha (1 of 2)");
    assert_eq!(form_value(&form, "Username").as_deref(), Some("pin-code"));
    tui.send("\x10");
    tui.expect_text("Already logged in · profile beta");
    tui.send(ESC);
    tui.expect_exit_restored(0);
    let printed = std::fs::read_to_string(&stdout).expect("the stdout file");
    assert_eq!(
        printed.trim_end(),
        token,
        "Esc leaves with beta's stored token"
    );
    assert_eq!(served.logins(), 1, "no second login");
}

#[test]
fn another_profiles_damaged_record_counts_as_absent_on_ctrl_p() {
    let home = Home::new("tui_sessions-damaged");
    two_profiles(&home, "https://api.example.test/api", ("plain", "code"));
    let sessions = home.state_dir().join("sessions");
    std::fs::create_dir_all(&sessions).expect("the sessions dir");
    std::fs::write(sessions.join("profile-beta.json"), "{ not json").expect("a damaged record");
    let mut tui = tui_in(&home, &[], None);
    tui.expect_text("AutoShares login · profile alpha");
    tui.send("\x10");
    // A damaged record counts as absent: beta's form, as if nothing were stored (a login replaces it).
    let form = tui.expect_text("AutoShares login · profile beta");
    assert_eq!(
        form_value(&form, "Username").as_deref(),
        Some("code"),
        "{form}"
    );
    tui.send(CTRL_C);
    tui.expect_exit_restored(130);
    let after = tui.wait_for("the screen after the TUI", pty::PATIENCE, |_| true);
    assert!(
        !after.contains("counts as absent") || after.matches("counts as absent").count() == 1,
        "said at most once: {after}"
    );
}

#[test]
fn a_login_saved_as_a_profile_is_the_next_runs_default_with_its_app_key_and_token() {
    let served = Served::start();
    let home = Home::new("tui_sessions-save");
    let password = served.password("plain").to_string();
    let stdout = common::scratch_dir("tui_sessions-save-out").join("stdout");
    let url = served.sandbox.base_url();
    let mut tui = tui_in(
        &home,
        &[
            "--url",
            &url,
            "--username",
            "plain",
            "--store",
            "file",
            "--print",
        ],
        Some(&stdout),
    );
    log_in_on_the_form(&mut tui, &served, &password);
    // Paths wrap anywhere on the screen: looked for in its text with the spaces taken out.
    let compact = |screen: &str| folded(screen).split_whitespace().collect::<String>();
    // The path's length (the checkout's) decides where "It expires" wraps.
    let expiry = |screen: &str| folded(screen).contains("It expires");
    let logged_in = compact(&tui.wait_for("the token's expiry", pty::PATIENCE, expiry));
    assert!(logged_in.contains("sessions/login-"), "{logged_in}");
    tui.send(CTRL_P);
    tui.expect_text("Profile name");
    tui.send("desk");
    tui.send(ENTER);
    let saved = folded(&tui.expect_text("profile desk"));
    assert!(saved.contains("(now the default profile)"), "{saved}");
    let saved = compact(&saved);
    assert!(
        !saved.contains("sessions/login-")
            && saved.matches("sessions/profile-desk.json").count() == 2,
        "the token's line names where it moved, as the saved line does: {saved}"
    );
    tui.send(ESC);
    tui.expect_exit_restored(0);
    let token = std::fs::read_to_string(&stdout).expect("the stdout file");

    let config = std::fs::read_to_string(home.config_file()).expect("the config file");
    assert!(config.contains("default_profile = \"desk\""), "{config}");
    assert!(
        config.contains("[profiles.desk]") && config.contains(&url),
        "{config}"
    );
    assert!(
        config.contains("store = \"file\""),
        "the store it was run with: {config}"
    );
    for secret in [password.as_str(), served.app_key(), token.trim_end()] {
        assert!(
            !config.contains(secret),
            "no secret in the config: {config}"
        );
    }
    for entry in std::fs::read_dir(home.state_dir().join("sessions")).expect("the store") {
        let text = std::fs::read_to_string(entry.expect("an entry").path()).unwrap_or_default();
        assert!(!text.contains(&password), "no password in the store");
    }

    let next = run_in(&home, &["token"], &[]);
    assert_eq!(next.code, Some(0), "{}", next.stderr);
    assert_eq!(next.stdout, token, "the profile's stored token, no login");
    assert_eq!(served.logins(), 1);
    // `exec` hands on the saved app key, unless this run gives one: flag, then environment, then the store.
    let app_key = ["exec", "--", "sh", "-c", "echo \"$AUTOSHARES_APP_KEY\""];
    let saved = run_in(&home, &app_key, &[]);
    assert_eq!(
        saved.stdout.trim_end(),
        served.app_key(),
        "{}",
        saved.stderr
    );
    let given = run_in(&home, &app_key, &[("AUTOSHARES_APP_KEY", "NEWER-APP-KEY")]);
    assert_eq!(given.stdout.trim_end(), "NEWER-APP-KEY", "{}", given.stderr);
    let mut again = tui_in(&home, &[], None);
    let screen = again.expect_text("the server accepts the token");
    assert!(
        screen.contains("Already logged in · profile desk"),
        "the saved app key checks the token: {screen}"
    );
    again.send(ESC);
    again.expect_exit_restored(0);
    // Line mode uses the profile as the TUI does: its saved app key, without a flag or a variable.
    let line = run_in(&home, &["--no-tui"], &[("AUTOSHARES_PASSWORD", &password)]);
    assert_eq!(line.code, Some(0), "{}", line.stderr);
    assert!(!line.stderr.contains("is required"), "{}", line.stderr);
    assert_eq!(
        line.stdout.trim_end().len(),
        64,
        "a new token: {}",
        line.stdout
    );
    assert_eq!(
        served.logins(),
        2,
        "line mode logged in with the saved app key"
    );
}

#[test]
fn without_a_keyring_service_the_fallback_is_said_once_per_run_with_how_to_silence_it() {
    let served = Served::start();
    let home = Home::new("tui_sessions-fallback-once");
    let url = served.sandbox.base_url();
    let mut launch = Launch::app()
        .args(["--url", &url, "--username", "plain", "--store", "auto"])
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/autoshares-test-bus",
        );
    for (name, value) in home.env() {
        launch = launch.env(name, &value.display().to_string());
    }
    let mut tui = launch.spawn();
    log_in_on_the_form(&mut tui, &served, served.password("plain"));
    let told = |screen: &str| {
        let text = folded(screen).to_lowercase();
        text.matches("no keyring service on this system").count()
    };
    let stored = tui.wait_for("the fallback said", pty::PATIENCE, |s| told(s) == 1);
    let silence = "set store = \"file\" in the profile";
    assert!(folded(&stored).contains(silence), "{stored}");
    tui.send(CTRL_P);
    tui.expect_text("Profile name");
    tui.send("desk");
    tui.send(ENTER);
    let saved = tui.expect_text("Saved as profile desk");
    assert_eq!(
        told(&saved),
        0,
        "said once per run, not again on saving:\n{saved}"
    );
    tui.send(ESC);
    tui.expect_exit_restored(0);
}

#[test]
fn a_login_of_a_profile_saved_as_another_is_that_profile_and_leaves_no_copy_behind() {
    let served = Served::start();
    let home = home_with_profile(&served, "save-from-profile");
    let mut tui = tui_in(&home, &["--app-key", served.app_key()], None);
    tui.expect_text("AutoShares login · profile desk");
    tui.send(served.password("plain"));
    tui.send(ENTER);
    tui.wait_for("the token's expiry", pty::PATIENCE, |screen| {
        folded(screen).contains("It expires")
    });
    tui.send(CTRL_P);
    tui.expect_text("Profile name");
    tui.send("deskcopy");
    tui.send(ENTER);
    tui.expect_text("Logged in · profile deskcopy");
    tui.send(ESC);
    tui.expect_exit_restored(0);
    let status = |profile| run_in(&home, &["status", "--profile", profile], &[]).code;
    assert_eq!(status("deskcopy"), Some(0), "the token moved there");
    assert_eq!(status("desk"), Some(1), "and left desk");
}

#[test]
fn a_stored_token_the_server_no_longer_takes_opens_the_form_saying_so() {
    // The sandbox forgets plain's tokens at once; the profile still thinks they last 24 h.
    let served = Served::with(|s| {
        let plain = s.users.iter_mut().find(|u| u.username == "plain").unwrap();
        plain.token_lifetime = Some(std::time::Duration::ZERO);
    });
    let home = home_with_profile(&served, "refused");
    stored_token(&served, &home);
    let mut tui = tui_in(&home, &["--app-key", served.app_key()], None);
    let form = folded(&tui.expect_text("HTTP 401"));
    assert!(
        form.contains("The server no longer accepts the stored token (HTTP 401): log in again."),
        "{form}"
    );
    assert!(form.contains("AutoShares login · profile desk"), "{form}");
    tui.send(CTRL_C);
    tui.expect_exit_restored(130);
}

#[test]
fn the_login_token_asks_for_says_where_its_token_is_stored_and_the_next_token_reuses_it() {
    let served = Served::start();
    let home = home_with_profile(&served, "token-tui");
    let stdout = common::scratch_dir("tui_sessions-token-tui-out").join("stdout");
    let mut tui = tui_in(
        &home,
        &["token", "--app-key", served.app_key()],
        Some(&stdout),
    );
    tui.expect_text("Password");
    tui.send(served.password("plain"));
    tui.send(ENTER);
    let screen = folded(&tui.expect_text("It expires"));
    let compact: String = screen.split_whitespace().collect();
    assert!(
        compact.contains("Tokenstoredin") && compact.contains("sessions/profile-desk.json"),
        "the success screen says where the token went: {screen}"
    );
    tui.send(ESC);
    tui.expect_exit_restored(0);
    let token = std::fs::read_to_string(&stdout).expect("the stdout file");
    assert_eq!(token.trim_end().len(), 64, "the token alone: {token:?}");
    let next = run_in(&home, &["token"], &[]);
    assert_eq!(next.code, Some(0), "{}", next.stderr);
    assert_eq!(next.stdout, token, "the token the TUI stored, reused");
    assert_eq!(served.logins(), 1, "one login in all");
}
