//! Words before protocol: each kind of failure is said first in one sentence a trader understands, in
//! line mode and on the TUI's failure screen, through the real binary; the protocol comes after it.
#![cfg(unix)]

use std::any::Any;
use std::time::Duration;

use crate::common::servers::{Certificate, Loopback};
use crate::common::{ClosedPort, Served, run};
use crate::pty::key::{CTRL_Q, ENTER};
use crate::pty::{Launch, folded};

/// One way a login goes wrong: where it goes, as whom, and the sentence that must come first.
struct Case {
    name: &'static str,
    url: String,
    app_key: String,
    username: &'static str,
    password: String,
    extra: Vec<&'static str>,
    /// The first thing said, word for word.
    headline: String,
    exit: u32,
    /// Servers that must live as long as the case.
    _keep: Box<dyn Any>,
}

fn cases() -> Vec<Case> {
    let served = Served::start();
    let sandbox =
        |name, username: &'static str, password: &str, app_key: &str, headline: &str, exit| Case {
            name,
            url: served.sandbox.base_url(),
            app_key: app_key.into(),
            username,
            password: password.into(),
            extra: Vec::new(),
            headline: headline.into(),
            exit,
            _keep: Box::new(()),
        };
    let mut cases = vec![
        sandbox(
            "wrong password",
            "plain",
            "not-the-password",
            served.app_key(),
            "The username or password is wrong.",
            1,
        ),
        sandbox(
            "unknown app key",
            "plain",
            served.password("plain"),
            "not-the-app-key",
            "The server does not know this app key.",
            2,
        ),
        sandbox(
            "429",
            "busy",
            served.password("busy"),
            served.app_key(),
            "The server asks to wait 30 s before the next try.",
            4,
        ),
    ];
    let elsewhere = |name,
                     url: String,
                     extra: Vec<&'static str>,
                     headline: String,
                     exit,
                     keep: Box<dyn Any>| Case {
        name,
        url,
        app_key: "any-app-key".into(),
        username: "plain",
        password: "any-password".into(),
        extra,
        headline,
        exit,
        _keep: keep,
    };
    let closed = ClosedPort::new();
    let port = closed.port;
    cases.push(elsewhere(
        "connection refused",
        closed.url(),
        Vec::new(),
        format!(
            "Could not connect to 127.0.0.1:{port}: nothing is listening there. Is the URL right?"
        ),
        3,
        Box::new(closed),
    ));
    cases.push(elsewhere(
        "DNS",
        "https://no-such-host.invalid/api".into(),
        Vec::new(),
        "Could not find no-such-host.invalid:443: no such host name. Is the URL right?".into(),
        3,
        Box::new(()),
    ));
    let silent = Loopback::silent();
    let port = silent.port();
    cases.push(elsewhere(
        "timeout",
        format!("http://127.0.0.1:{port}/api"),
        vec!["--timeout", "1"],
        format!("127.0.0.1:{port} did not answer within 1 s."),
        3,
        Box::new(silent),
    ));
    let certificate = Certificate::for_names(&["127.0.0.1", "localhost"]);
    let tls = Loopback::tls(&certificate, Vec::new());
    let port = tls.port();
    cases.push(elsewhere(
        "TLS",
        format!("https://127.0.0.1:{port}/api"),
        Vec::new(),
        format!("Could not connect securely to 127.0.0.1:{port}: its certificate is not trusted."),
        3,
        Box::new(tls),
    ));
    cases.push(Case {
        _keep: Box::new(served),
        ..elsewhere(
            "no scheme",
            "127.0.0.1:9/api".into(),
            Vec::new(),
            r#"the API URL "127.0.0.1:9/api" has no scheme: add https:// in front (https://127.0.0.1:9/api)"#.into(),
            2,
            Box::new(()),
        )
    });
    cases
}

impl Case {
    fn args(&self) -> Vec<&str> {
        let mut args = vec!["--url", &self.url, "--app-key", &self.app_key];
        args.extend(["--username", self.username, "--store", "none"]);
        args.extend(&self.extra);
        args
    }
}

#[test]
fn line_mode_says_each_failure_first_in_plain_words_then_what_to_do() {
    for case in cases() {
        let mut args = vec!["--no-tui"];
        args.extend(case.args());
        let out = run(&args, &[], &format!("{}\n", case.password));
        assert_eq!(
            out.code,
            Some(case.exit as i32),
            "{}: {}",
            case.name,
            out.stderr
        );
        // What the tool said after it set off (the password prompt and "Logging in at …" come first).
        let said: Vec<&str> = out
            .stderr
            .lines()
            .skip_while(|line| line.starts_with("Password for") || line.starts_with("Logging in"))
            .collect();
        assert_eq!(
            said.first().copied(),
            Some(format!("error: {}", case.headline).as_str()),
            "{}: {}",
            case.name,
            out.stderr
        );
        if case.exit != 2 || case.name == "unknown app key" {
            assert!(
                said.get(1).is_some_and(|l| l.starts_with("hint: ")),
                "{}: what to do comes second: {}",
                case.name,
                out.stderr
            );
        }
    }
}

/// The text inside the card, folded into one line.
fn card_text(screen: &str) -> String {
    let inside: Vec<&str> = screen
        .lines()
        .skip_while(|row| !row.trim_start().starts_with('╭'))
        .skip(1)
        .take_while(|row| !row.trim_start().starts_with('╰'))
        .collect();
    folded(&inside.join("\n"))
}

#[test]
fn the_failure_screen_leads_with_the_plain_sentence_and_the_protocol_comes_after() {
    for case in cases() {
        let mut tui = Launch::app().env("AUTOSHARES_PASSWORD", &case.password);
        for arg in case.args() {
            tui = tui.args([arg]);
        }
        let mut tui = tui.spawn();
        if case.name == "no scheme" {
            // Refused before the TUI opens, as any unusable setting is.
            let screen = tui.expect_text("has no scheme");
            let said = format!("error: {}", case.headline);
            assert!(folded(&screen).starts_with(&said), "{screen}");
            tui.expect_exit_restored(case.exit);
            continue;
        }
        tui.expect_text("AutoShares login");
        tui.send(ENTER);
        let first_words: String = case.headline.chars().take(20).collect();
        let screen = tui.wait_for(case.name, Duration::from_secs(10), |s| {
            folded(s).contains(&first_words)
        });
        let card = card_text(&screen);
        assert!(
            card.starts_with(&case.headline),
            "{}: the card does not start with the plain sentence:\n{screen}",
            case.name
        );
        let advice = card.find("What to do").unwrap_or(usize::MAX);
        for protocol in ["HTTP ", "Reason "] {
            let at = card.find(protocol);
            assert!(
                at.is_none_or(|at| at > advice),
                "{}: {protocol} before what to do:\n{screen}",
                case.name
            );
        }
        assert!(
            !card.contains("--"),
            "{}: the TUI's advice names no flag:\n{screen}",
            case.name
        );
        tui.send(CTRL_Q);
        tui.expect_exit_restored(case.exit);
    }
}
