//! Stored records and the files the tool reads, through the real binary: a locked keyring gets no plain
//! copy, `--store keyring` without one stops before the login, and FIFOs, device links, truncated and
//! foreign records never hang a run or block a login; `logout` removes what cannot be used. Unix's:
//! FIFOs, devices, symlinks and a Secret Service.
#![cfg(unix)]

use crate::common;

use std::path::Path;
use std::time::Duration;

use common::trader::Trader;
use common::{Home, Output, Running};

/// How long any of these runs may take: they never wait for anything.
const PROMPT: Duration = Duration::from_secs(10);

fn mkfifo(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let _ = std::fs::remove_file(path);
    let made = std::process::Command::new("mkfifo").arg(path).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo {}", path.display());
}

/// Whether `out` warned exactly once that the record counts as absent, naming it.
fn warned_once(out: &Output, record: &Path) -> bool {
    out.stderr.matches("counts as absent").count() == 1
        && out.stderr.contains(&record.display().to_string())
}

#[test]
fn a_locked_keyring_gets_no_plain_copy_and_stops_before_the_login() {
    if !common::tools::require_tools(&common::keyring::TOOLS) {
        return;
    }
    let mut desk = Trader::storing_in("locked", "auto");
    let service = common::keyring::SecretService::start_locked(&desk.home.dir);
    desk.extra_env.push((
        "DBUS_SESSION_BUS_ADDRESS".into(),
        service.bus_address.clone(),
    ));
    for args in [
        &["token", "--no-tui"][..],
        &["--no-tui"][..],
        &["token", "--no-tui", "--store", "keyring"][..],
    ] {
        let out = desk.run_within(args, PROMPT);
        assert_eq!(out.code, Some(2), "{args:?}: {}", out.stderr);
        assert!(
            out.stderr.contains("is locked") && out.stderr.contains("--store file"),
            "{args:?}: the cause and the way out: {}",
            out.stderr
        );
        assert_eq!(out.stdout, "", "{args:?}");
    }
    assert_eq!(desk.requests(), 0, "no password was sent");
    let files: Vec<_> = std::fs::read_dir(desk.sessions())
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    assert!(files.is_empty(), "no plain copy: {files:?}");
    // The way out works.
    let out = desk.run_within(&["token", "--no-tui", "--store", "file"], PROMPT);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
}

#[test]
fn store_keyring_without_a_session_bus_fails_before_the_login() {
    let mut desk = Trader::storing_in("nobus", "keyring");
    desk.extra_env.push((
        "DBUS_SESSION_BUS_ADDRESS".into(),
        "unix:path=/nonexistent/autoshares-test-bus".into(),
    ));
    let out = desk.run_within(&["token", "--no-tui"], PROMPT);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr.contains("no keyring service") && out.stderr.contains("--store file"),
        "{}",
        out.stderr
    );
    assert_eq!(desk.requests(), 0, "nothing reached the sandbox");
    // `auto` without a keyring service uses the file, and says so with the path.
    let out = desk.run_within(&["token", "--no-tui", "--store", "auto"], PROMPT);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stderr.contains("No keyring service on this system")
            && out.stderr.contains("profile-p.json"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_fifo_in_place_of_a_record_hangs_nothing_and_a_login_replaces_it() {
    let desk = Trader::storing_in("fifo-record", "file");
    mkfifo(&desk.record());
    let status = desk.run_within(&["status"], PROMPT);
    assert_eq!(status.code, Some(1), "{}", status.stderr);
    assert!(warned_once(&status, &desk.record()), "{}", status.stderr);
    assert!(status.stderr.contains("FIFO"), "{}", status.stderr);
    let profiles = desk.run_within(&["profiles"], PROMPT);
    assert_eq!(profiles.code, Some(0), "{}", profiles.stderr);
    let logout = desk.run_within(&["logout"], PROMPT);
    assert_eq!(logout.code, Some(0), "{}", logout.stderr);
    assert!(!desk.record().exists(), "logout removed it");

    mkfifo(&desk.record());
    let token = desk.run_within(&["token", "--no-tui"], PROMPT);
    assert_eq!(token.code, Some(0), "{}", token.stderr);
    assert!(warned_once(&token, &desk.record()), "{}", token.stderr);
    let meta = std::fs::symlink_metadata(desk.record()).unwrap();
    assert!(meta.is_file(), "the login replaced the FIFO");
}

#[test]
fn a_fifo_in_place_of_the_config_or_the_ca_file_is_refused_at_once() {
    let desk = Trader::storing_in("fifo-config", "file");
    let config = desk.home.config_file();
    mkfifo(&config);
    for args in [
        &["status"][..],
        &["token", "--no-tui"][..],
        &["profiles"][..],
        &["logout"][..],
    ] {
        let out = desk.run_within(args, PROMPT);
        assert_eq!(out.code, Some(2), "{args:?}: {}", out.stderr);
        assert!(
            out.stderr.contains("FIFO") && out.stderr.contains("config.toml"),
            "{args:?}: {}",
            out.stderr
        );
    }
    std::fs::remove_file(&config).unwrap();

    let desk = Trader::storing_in("fifo-ca", "file");
    let ca = desk.home.dir.join("ca.pem");
    mkfifo(&ca);
    let out = desk.run_within(
        &["token", "--no-tui", "--cacert", ca.to_str().unwrap()],
        PROMPT,
    );
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(out.stderr.contains("FIFO"), "{}", out.stderr);
    assert_eq!(desk.requests(), 0);
}

#[test]
fn a_record_linked_to_dev_zero_is_refused_not_read() {
    let desk = Trader::storing_in("zero", "file");
    std::fs::create_dir_all(desk.sessions()).unwrap();
    std::os::unix::fs::symlink("/dev/zero", desk.record()).unwrap();
    let status = desk.run_within(&["status"], PROMPT);
    assert_eq!(status.code, Some(1), "{}", status.stderr);
    assert!(warned_once(&status, &desk.record()), "{}", status.stderr);
    assert!(status.stderr.contains("a device"), "{}", status.stderr);
    let token = desk.run_within(&["token", "--no-tui"], PROMPT);
    assert_eq!(token.code, Some(0), "{}", token.stderr);
    assert!(std::fs::symlink_metadata(desk.record()).unwrap().is_file());
    std::fs::remove_file(desk.record()).unwrap();
    std::os::unix::fs::symlink("/dev/zero", desk.record()).unwrap();
    let logout = desk.run_within(&["logout"], PROMPT);
    assert_eq!(logout.code, Some(0), "{}", logout.stderr);
    assert!(std::fs::symlink_metadata(desk.record()).is_err(), "removed");
}

/// A record this tool would write, with `token` and `issued` (expiring a day later).
fn record_text(desk: &Trader, token: &str, issued: jiff::Timestamp) -> String {
    let expires = issued + jiff::SignedDuration::from_hours(24);
    serde_json::json!({
        "version": 1,
        "store": "file",
        "url": desk.served.sandbox.base_url(),
        "username": "plain",
        "profile": "p",
        "issued_at": issued.to_string(),
        "expires_at": expires.to_string(),
        "has_token": true,
        "has_app_key": false,
        "secrets": {"token": token},
    })
    .to_string()
}

#[test]
fn truncated_foreign_and_future_records_count_as_absent_and_logout_removes_them() {
    let desk = Trader::storing_in("damaged", "file");
    let now = jiff::Timestamp::now();
    let good = record_text(&desk, "abcdef0123456789", now);
    let cases = [
        ("empty", String::new()),
        ("truncated", good[..good.len() / 2].to_string()),
        (
            "escape token",
            record_text(&desk, "\u{1b}]52;c;aGk=\u{7}\u{1b}[2J", now),
        ),
        ("spaced token", record_text(&desk, "not a token", now)),
        (
            "future",
            record_text(
                &desk,
                "abcdef0123456789",
                now + jiff::SignedDuration::from_hours(24 * 400),
            ),
        ),
    ];
    for (what, text) in &cases {
        std::fs::create_dir_all(desk.sessions()).unwrap();
        std::fs::write(desk.record(), text).unwrap();
        let logins = desk.served.logins();
        let token = desk.run_within(&["token", "--no-tui"], PROMPT);
        assert_eq!(token.code, Some(0), "{what}: {}", token.stderr);
        assert!(
            warned_once(&token, &desk.record()),
            "{what}: {}",
            token.stderr
        );
        let why = format!(
            "Logging in: the stored record {} is damaged",
            desk.record().display()
        );
        assert!(token.stderr.contains(&why), "{what}: {}", token.stderr);
        assert_eq!(
            desk.served.logins(),
            logins + 1,
            "{what}: a login replaced it"
        );
        assert!(!token.stdout.contains('\u{1b}') && !token.stdout.contains("not a token"));
        let replaced = std::fs::read_to_string(desk.record()).unwrap();
        assert!(replaced.contains(token.stdout.trim()), "{what}: replaced");

        std::fs::write(desk.record(), text).unwrap();
        let logout = desk.run_within(&["logout"], PROMPT);
        assert_eq!(logout.code, Some(0), "{what}: {}", logout.stderr);
        assert!(!desk.record().exists(), "{what}: logout removed it");
    }
}

#[test]
fn a_config_error_quoting_escape_bytes_shows_none() {
    let home = Home::new("records-escape-config");
    home.write_config("[profiles.p]\nclipboard = \"\\u001b]52;c;aGk=\\u0007\\u001b[2J\"\nstore = \"\u{1b}[31mred\"\n");
    let env: Vec<(String, String)> = (home.env().into_iter())
        .map(|(n, v)| (n.to_string(), v.display().to_string()))
        .collect();
    let env: Vec<(&str, &str)> = env.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    let out = Running::spawn(&["profiles"], &env).finish(PROMPT);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(out.stderr.contains("config.toml:"), "{}", out.stderr);
    assert!(!out.stderr.contains('\u{1b}'), "{:?}", out.stderr);
}

#[test]
fn store_none_needs_no_state_dir() {
    let mut desk = Trader::storing_in("none", "none");
    let blocker = desk.home.dir.join("state-is-a-file");
    std::fs::write(&blocker, "not a folder").unwrap();
    desk.extra_env
        .push(("XDG_STATE_HOME".into(), blocker.display().to_string()));
    let out = desk.run_within(&["token", "--no-tui"], PROMPT);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stderr.contains("not stored"), "{}", out.stderr);
    let out = desk.run_within(&["--no-tui"], PROMPT);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
}
