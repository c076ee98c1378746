//! The login lock and what `token` says and does before a login, through the real binary against the
//! sandbox: a TUI on its form holds no script back, a wait on the lock names its holder and ends with
//! Ctrl-C (130), the lock file is never a symlink, `--store none` needs no state dir, `--check` against a
//! server that is gone keeps the session (exit 3), and the line that says why a login is needed.

use crate::common;

use std::time::Duration;

use common::trader::token_line;
use common::{Home, Output, Running, Served};

/// A home whose config has profile `p` (the default) for `plain` on `served`, file store.
fn home_for(served: &Served, name: &str, profile_extra: &str) -> Home {
    let home = Home::new(&format!("session_lock-{name}"));
    home.write_config(&format!(
        "default_profile = \"p\"\n\n[profiles.p]\nurl = \"{}\"\nusername = \"plain\"\nstore = \"file\"\n{profile_extra}\n",
        served.sandbox.base_url()
    ));
    home
}

/// The variables of a shell in `home` with the app key and plain's password, and `extra` over them.
fn env_of(served: &Served, home: &Home, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut env: Vec<(String, String)> = (home.env().into_iter())
        .map(|(n, v)| (n.to_string(), v.display().to_string()))
        .collect();
    env.push(("AUTOSHARES_APP_KEY".into(), served.app_key().into()));
    env.push((
        "AUTOSHARES_PASSWORD".into(),
        served.password("plain").into(),
    ));
    env.extend(extra.iter().map(|(n, v)| (n.to_string(), v.to_string())));
    env
}

fn borrowed(env: &[(String, String)]) -> Vec<(&str, &str)> {
    env.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect()
}

fn run_in(served: &Served, home: &Home, args: &[&str], extra: &[(&str, &str)]) -> Output {
    let env = env_of(served, home, extra);
    common::run(args, &borrowed(&env), "")
}

#[cfg(unix)]
fn spawn_in(served: &Served, home: &Home, args: &[&str]) -> Running {
    let env = env_of(served, home, &[]);
    Running::spawn(args, &borrowed(&env))
}

/// The lock file of profile `p` in `home`.
#[cfg(unix)]
fn lock_file(home: &Home) -> std::path::PathBuf {
    home.state_dir().join("locks").join("profile-p.lock")
}

#[cfg(unix)]
#[test]
fn a_tui_sitting_on_its_form_does_not_hold_a_script_back() {
    use crate::pty::Launch;
    use crate::pty::key::CTRL_C;

    let served = Served::start();
    let home = home_for(&served, "tui-form", "");
    let mut launch = Launch::app();
    for (name, value) in home.env() {
        launch = launch.env(name, &value.display().to_string());
    }
    let mut tui = launch
        .args(["token", "--app-key", served.app_key()])
        .spawn();
    // `token` needs a login (nothing stored): its TUI opens on the form and waits for the user.
    tui.expect_text("Password");
    let started = std::time::Instant::now();
    let script = spawn_in(&served, &home, &["token", "--no-tui"]);
    let out = script.finish(Duration::from_secs(20));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    token_line(&out);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "the script logged in without waiting for the TUI: {:?}",
        started.elapsed()
    );
    assert!(!out.stderr.contains("Waiting"), "{}", out.stderr);
    assert_eq!(
        served.logins(),
        1,
        "the script's login; the TUI sent nothing"
    );
    tui.send(CTRL_C);
    tui.expect_exit_restored(130);
}

/// Holds profile `p`'s lock as another run would (the same `flock`), its note saying who holds it.
#[cfg(unix)]
fn hold_the_lock(home: &Home) -> std::fs::File {
    use std::io::Write;
    let path = lock_file(home);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(true)
        .write(true)
        .open(&path)
        .unwrap();
    file.try_lock().expect("nobody holds it yet");
    file.write_all(b"pid 424242 (autoshares-login token)\n")
        .unwrap();
    file
}

#[cfg(unix)]
#[test]
fn a_run_waiting_on_the_lock_names_its_holder_and_ctrl_c_ends_the_wait_with_130() {
    let served = Served::start();
    let home = home_for(&served, "held", "");
    let held = hold_the_lock(&home);
    let waiting = spawn_in(&served, &home, &["token", "--no-tui"]);
    waiting.wait_for_stderr("Waiting for", Duration::from_secs(10));
    std::thread::sleep(Duration::from_millis(300));
    waiting.interrupt();
    let out = waiting.finish(Duration::from_secs(10));
    assert_eq!(out.code, Some(130), "{}", out.stderr);
    let path = lock_file(&home).display().to_string();
    for shown in [
        "pid 424242 (autoshares-login token)",
        "profile p",
        path.as_str(),
        "at most 2 min",
        "Interrupted; gave up waiting for the login lock.",
    ] {
        assert!(
            out.stderr.contains(shown),
            "{shown:?} missing: {}",
            out.stderr
        );
    }
    assert_eq!(out.stdout, "");
    assert_eq!(
        served.logins(),
        0,
        "no login while another run holds the lock"
    );
    drop(held);
    let after = run_in(&served, &home, &["token", "--no-tui"], &[]);
    assert_eq!(after.code, Some(0), "the lock let go: {}", after.stderr);
}

#[cfg(unix)]
#[test]
fn a_symlink_in_place_of_the_lock_file_is_refused_and_not_followed() {
    let served = Served::start();
    let home = home_for(&served, "symlink", "");
    let path = lock_file(&home);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let target = home.dir.join("planted-target");
    std::os::unix::fs::symlink(&target, &path).unwrap();
    let out = run_in(&served, &home, &["token", "--no-tui"], &[]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr.contains("symbolic link") && out.stderr.contains("profile-p.lock"),
        "{}",
        out.stderr
    );
    assert!(!target.exists(), "nothing created through the link");
    assert_eq!(served.logins(), 0, "no login without the lock");
}

#[test]
fn store_none_logs_in_without_a_state_dir() {
    let served = Served::start();
    let home = home_for(&served, "store-none", "");
    // A regular file where the state dir's parent should be: no folder can be made under it.
    let blocked = home.dir.join("state-is-a-file");
    std::fs::create_dir_all(&home.dir).unwrap();
    std::fs::write(&blocked, "not a folder").unwrap();
    let state_var = if cfg!(windows) {
        "LOCALAPPDATA"
    } else {
        "XDG_STATE_HOME"
    };
    let blocked = blocked.display().to_string();
    let out = run_in(
        &served,
        &home,
        &["token", "--no-tui", "--store", "none"],
        &[(state_var, &blocked)],
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    token_line(&out);
    assert!(
        out.stderr
            .contains("Logging in: nothing is stored for profile p (store: none)."),
        "{}",
        out.stderr
    );
}

#[test]
fn check_against_a_server_that_is_gone_keeps_the_session_and_exits_3() {
    let served = Served::start();
    let home = home_for(&served, "check-gone", "");
    let first = run_in(&served, &home, &["token", "--no-tui"], &[]);
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    let token = token_line(&first);
    let (app_key, password) = (
        served.app_key().to_string(),
        served.password("plain").to_string(),
    );
    drop(served);
    let env: Vec<(String, String)> = (home.env().into_iter())
        .map(|(n, v)| (n.to_string(), v.display().to_string()))
        .chain([
            ("AUTOSHARES_APP_KEY".to_string(), app_key),
            ("AUTOSHARES_PASSWORD".to_string(), password),
        ])
        .collect();
    // No password in the environment for the check: a prompt would wait on stdin (held open).
    let no_password: Vec<(&str, &str)> = borrowed(&env)
        .into_iter()
        .filter(|(n, _)| *n != "AUTOSHARES_PASSWORD")
        .collect();
    let check = Running::spawn(&["token", "--check"], &no_password).finish(Duration::from_secs(30));
    assert_eq!(check.code, Some(3), "{}", check.stderr);
    assert_eq!(check.stdout, "");
    assert!(
        check.stderr.contains("could not be reached")
            && check.stderr.contains("The stored session is kept"),
        "{}",
        check.stderr
    );
    for never in ["Password", "logging in", "Logging in"] {
        assert!(!check.stderr.contains(never), "{never:?}: {}", check.stderr);
    }
    let again = common::run(&["token"], &borrowed(&env), "");
    assert_eq!(again.code, Some(0), "{}", again.stderr);
    assert_eq!(token_line(&again), token, "the stored session was kept");
}

#[test]
fn before_a_login_token_says_why() {
    let served = Served::start();
    let home = home_for(&served, "why", "token_lifetime = \"10m\"");
    let first = run_in(&served, &home, &["token", "--no-tui"], &[]);
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    let lines: Vec<&str> = first.stderr.lines().collect();
    assert_eq!(
        lines.first().copied(),
        Some("Logging in: no stored token for profile p."),
        "the first line says why: {}",
        first.stderr
    );
    let reused = run_in(&served, &home, &["token", "--min-valid", "5m"], &[]);
    assert_eq!(reused.code, Some(0), "{}", reused.stderr);
    assert_eq!(reused.stderr, "", "no login, nothing to say");
    let short = run_in(
        &served,
        &home,
        &["token", "--no-tui", "--min-valid", "15m"],
        &[],
    );
    assert_eq!(short.code, Some(0), "{}", short.stderr);
    let why = short.stderr.lines().next().unwrap_or_default();
    assert!(
        why.starts_with("Logging in: the stored token of profile p expires in 9 min ")
            && why.ends_with(" s, under --min-valid 15 min 00 s."),
        "{}",
        short.stderr
    );
    assert_eq!(served.logins(), 2);
}
