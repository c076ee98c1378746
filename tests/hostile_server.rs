//! A hostile server: its huge answers (bodies, Reasons, user-info names) are capped and sanitised on every
//! screen, stream, log and report, the whole process stays under 32 MiB of memory whatever it sends, and
//! a user-info failure that echoes the token shows it nowhere.
//!
//! A test binary of its own, apart from `tests/it`: the peak memory of a child comes from `wait4`, and
//! Linux counts in it the memory of the process that spawned the child (the child's first moments share
//! it), so the spawning process must stay small: the whole suite's binary reaches 90 MB.
#![cfg(target_os = "linux")]
// Tests may unwrap (a failed unwrap is a failed test) and print what they measured.
#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

#[path = "it/common/mod.rs"]
mod common;
#[path = "it/pty/mod.rs"]
mod pty;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};

use common::{BIN, INHERITED_ENV_TO_DROP, scratch_dir};
use pty::{Launch, PATIENCE};

/// The most memory the whole process may use at its peak.
const PEAK_LIMIT_KIB: u64 = 32 * 1024;

/// Just under the client's 2 MiB body cap: all of it is read and handled.
const HUGE: usize = 2 * 1024 * 1024 - 4096;

/// A token as a real server sends it.
const TOKEN: &str = "FINAL-TOKEN-zK70-0123456789abcdef";

/// What a hostile server answers to a request (its head).
type Reply = fn(&str) -> Vec<u8>;

/// Serves every connection on 127.0.0.1 with `reply(request head)`, each on a thread of its own; the port.
fn serve(reply: Reply) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("local address").port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || answer(stream, reply));
        }
    });
    port
}

fn answer(mut stream: TcpStream, reply: Reply) {
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(n @ 1..) => head.extend_from_slice(&buf[..n]),
            _ => return,
        }
    }
    // The client may hang up first (a body over its cap): that is the point, not an error.
    let _ = stream.write_all(&reply(&String::from_utf8_lossy(&head)));
}

fn http(status: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Text of about `len` bytes that a terminal must never get raw: escapes, bidi overrides, long words.
fn hostile_text(len: usize) -> String {
    let unit = "\\u001b[2J\\u202eNAME-zK71 ";
    unit.repeat(len / unit.len())
}

/// A token at once, then a user record whose names are 2 MiB of hostile text.
fn huge_user_info(head: &str) -> Vec<u8> {
    if head.starts_with("GET") {
        let name = hostile_text(HUGE / 2);
        http(
            "200 OK",
            &format!(r#"{{"Login":"{name}","FirstName":"{name}","Email":"x@example.com"}}"#),
        )
    } else {
        http(
            "200 OK",
            &format!(r#"{{"State":"Succeeded","Token":"{TOKEN}"}}"#),
        )
    }
}

/// A step whose Reason is 2 MiB of hostile text.
fn huge_reason(_: &str) -> Vec<u8> {
    let reason = hostile_text(HUGE);
    http(
        "202 Accepted",
        &format!(
            r#"{{"State":"Expecting","Step":"VerificationCode","Reason":"{reason}","Token":"T1"}}"#
        ),
    )
}

/// A token with 2 MiB of tiny JSON values beside it (a parse into a tree would take tens of MiB).
fn many_values(_: &str) -> Vec<u8> {
    let junk = "1,".repeat(HUGE / 2);
    http(
        "200 OK",
        &format!(r#"{{"State":"Succeeded","Token":"{TOKEN}","Junk":[{junk}1]}}"#),
    )
}

/// A 500 whose body never ends.
fn endless(_: &str) -> Vec<u8> {
    let mut reply =
        b"HTTP/1.1 500 Oops\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n".to_vec();
    reply.extend(std::iter::repeat_n(b'<', 64 * 1024 * 1024));
    reply
}

/// Line mode against `port` with `stdin`, its report and log in `dir`: the exit code, stderr, and the
/// process's peak resident memory (from `wait4`, so nothing is missed).
fn line_mode(port: u16, stdin: &str, dir: &std::path::Path) -> (i32, String, u64) {
    let url = format!("http://127.0.0.1:{port}/api");
    let (report, log) = (dir.join("report.md"), dir.join("log.jsonl"));
    let mut command = Command::new(BIN);
    command
        .args([
            "--no-tui",
            "--url",
            &url,
            "--app-key",
            "key",
            "--username",
            "u",
        ])
        .arg("--report")
        .arg(&report)
        .arg("--log")
        .arg(&log)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for name in INHERITED_ENV_TO_DROP {
        command.env_remove(name);
    }
    // Waited for with wait4 below, which also gives the peak memory.
    #[allow(clippy::zombie_processes)]
    let mut child = command.spawn().expect("the binary starts");
    let mut input = child.stdin.take().expect("stdin");
    let _ = input.write_all(stdin.as_bytes());
    drop(input);
    let mut stderr_pipe = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr_pipe.read_to_string(&mut text);
        text
    });
    let (code, peak) = wait_with_peak(child.id());
    (code, reader.join().expect("stderr read"), peak)
}

/// Waits for process `pid` and returns its exit code and peak resident memory in KiB.
#[allow(unsafe_code)]
fn wait_with_peak(pid: u32) -> (i32, u64) {
    let mut status = 0;
    // SAFETY: rusage is plain data, zero is a valid value for every field; wait4 fills it in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = libc::pid_t::try_from(pid).expect("a pid");
    // SAFETY: a child of this process, waited for once, with valid pointers to live locals.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4: {}", std::io::Error::last_os_error());
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    (code, u64::try_from(usage.ru_maxrss).unwrap_or(u64::MAX))
}

/// What a run left for the user and support: stderr, the log and the report, each of bounded size and
/// free of escapes and bidi overrides.
fn assert_capped_and_clean(stderr: &str, dir: &std::path::Path) {
    let log = std::fs::read_to_string(dir.join("log.jsonl")).expect("the log");
    let report = std::fs::read_to_string(dir.join("report.md")).expect("the report");
    for (place, text, limit) in [
        ("stderr", stderr, 8 * 1024),
        ("log", &log, 16 * 1024),
        ("report", &report, 16 * 1024),
    ] {
        assert!(text.len() < limit, "{place} holds {} bytes", text.len());
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{202e}'),
            "{place} is not sanitised"
        );
    }
}

#[test]
fn huge_answers_are_capped_and_the_process_stays_small_in_line_mode() {
    let cases: [(&str, Reply, &str, i32); 3] = [
        ("a 2 MiB Reason", huge_reason, "pw\n", 2),
        ("2 MiB of tiny JSON values", many_values, "pw\n", 0),
        ("an endless 500 body", endless, "pw\n", 3),
    ];
    for (what, reply, stdin, code) in cases {
        let dir = scratch_dir("hostile-memory-line");
        let (exit, stderr, peak) = line_mode(serve(reply), stdin, &dir);
        eprintln!("peak RSS, line mode, {what}: {peak} KiB");
        assert_eq!(exit, code, "{what}: {stderr}");
        assert!(peak < PEAK_LIMIT_KIB, "{what}: peak {peak} KiB");
        assert_capped_and_clean(&stderr, &dir);
    }
}

/// `VmHWM` (the peak resident memory so far) of process `pid`, in KiB.
fn peak_so_far(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("the status");
    let line = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .expect("a VmHWM line");
    line.split_whitespace()
        .nth(1)
        .and_then(|kib| kib.parse().ok())
        .expect("VmHWM in kB")
}

#[test]
fn a_huge_user_info_name_leaves_the_token_line_on_screen_and_the_process_small() {
    let port = serve(huge_user_info);
    for (cols, rows) in [(80, 24), (40, 12)] {
        let mut tui = Launch::app()
            .args(["--url", &format!("http://127.0.0.1:{port}/api")])
            .args(["--app-key", "key", "--username", "u"])
            .env("AUTOSHARES_PASSWORD", "pw")
            .spawn();
        // The user record is seen at 80×24: at 40×12 it gives way to where the token is and until when.
        tui.resize(80, 24);
        tui.expect_text("AutoShares login");
        tui.send(pty::key::ENTER);
        tui.wait_for("the user record shown", PATIENCE, |t| {
            t.contains("NAME-zK71") && t.contains("Token")
        });
        tui.resize(cols, rows);
        let screen = tui.wait_for("the card redrawn", PATIENCE, |t| {
            t.lines().any(|l| {
                l.trim_end().ends_with('╮') && l.trim_end().chars().count() == usize::from(cols)
            })
        });
        let peak = peak_so_far(tui.pid());
        eprintln!("peak RSS, TUI at {cols}x{rows}, a 2 MiB user-info name: {peak} KiB");
        assert!(peak < PEAK_LIMIT_KIB, "peak {peak} KiB");
        assert!(
            screen.contains("Token  ••••"),
            "the token line is on screen:\n{screen}"
        );
        let raw = tui.raw_output();
        assert!(raw.len() < 512 * 1024, "{} bytes drawn", raw.len());
        assert!(
            !common::contains(&raw, "\u{202e}".as_bytes()),
            "a bidi override drawn"
        );
        tui.send(pty::key::ESC);
        tui.expect_exit_restored(0);
    }
}

/// A token at once; then a user-info failure whose body echoes it, in the way of `kind`.
fn echoing_user_info(head: &str, kind: &str) -> Vec<u8> {
    if !head.starts_with("GET") {
        return http(
            "200 OK",
            &format!(r#"{{"State":"Succeeded","Token":"{TOKEN}"}}"#),
        );
    }
    match kind {
        "json" => http(
            "500 Internal Server Error",
            &format!(r#"{{"Message":"no session","Token":"{TOKEN}"}}"#),
        ),
        "cut-off" => http("502 Bad Gateway", &format!(r#"{{"token" : "{TOKEN}"#)),
        "not-a-user" => http("200 OK", &format!(r#"["{TOKEN}",{{"Token":"{TOKEN}"}}]"#)),
        _ => http(
            "500 Internal Server Error",
            &format!("<html><p>Authorization: Bearer {TOKEN} was not accepted</p></html>"),
        ),
    }
}

fn echo_json(head: &str) -> Vec<u8> {
    echoing_user_info(head, "json")
}
fn echo_cut_off(head: &str) -> Vec<u8> {
    echoing_user_info(head, "cut-off")
}
fn echo_not_a_user(head: &str) -> Vec<u8> {
    echoing_user_info(head, "not-a-user")
}
fn echo_bearer(head: &str) -> Vec<u8> {
    echoing_user_info(head, "bearer")
}

#[test]
fn a_user_info_failure_that_echoes_the_token_shows_it_nowhere() {
    let replies: [Reply; 4] = [echo_json, echo_cut_off, echo_not_a_user, echo_bearer];
    for (case, reply) in replies.into_iter().enumerate() {
        let port = serve(reply);
        let dir = scratch_dir(&format!("hostile-user-info-{case}"));
        let (log, report) = (dir.join("log.jsonl"), dir.join("report.md"));
        let mut tui = Launch::app()
            .args(["--url", &format!("http://127.0.0.1:{port}/api")])
            .args(["--app-key", "key", "--username", "u"])
            .args(["--log", log.to_str().expect("a UTF-8 path")])
            .args(["--report", report.to_str().expect("a UTF-8 path")])
            .env("AUTOSHARES_PASSWORD", "pw")
            .spawn();
        tui.expect_text("AutoShares login");
        tui.send(pty::key::ENTER);
        let screen = tui.expect_text("Token not confirmed");
        tui.send(pty::key::CTRL_R);
        tui.expect_text("Report written to");
        tui.send(pty::key::F2);
        tui.expect_text("Timeline: 2 exchanges");
        tui.send(pty::key::F2);
        tui.wait_for("the timeline closed", PATIENCE, |t| {
            !t.contains("Timeline:")
        });
        tui.send(pty::key::ESC);
        tui.expect_exit_restored(0);
        let token = TOKEN.as_bytes();
        let places = [
            ("PTY output", tui.raw_output()),
            ("screens", tui.screens_seen().join("\n").into_bytes()),
            ("log", std::fs::read(&log).expect("the log")),
            ("report", std::fs::read(&report).expect("the report")),
        ];
        for (place, bytes) in places {
            assert!(
                !common::contains(&bytes, token),
                "case {case}: the token is in the {place}; the screen showed:\n{screen}"
            );
        }
    }
}

/// The password the echoing servers below repeat back.
const ECHOED: &str = "Pw-echoed-zK72";

fn echo_password_in_html(_: &str) -> Vec<u8> {
    let body = format!("<html><h1>Error</h1><p>Password: {ECHOED}</p></html>");
    format!(
        "HTTP/1.1 500 Oops\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

fn echo_password_in_reason(_: &str) -> Vec<u8> {
    http(
        "401 Unauthorized",
        &format!(
            r#"{{"State":"Failed","Step":"BaseAuthentication","Reason":"wrong password {ECHOED}"}}"#
        ),
    )
}

#[test]
fn a_password_the_server_echoes_is_shown_nowhere() {
    let replies: [(Reply, i32); 2] = [(echo_password_in_html, 3), (echo_password_in_reason, 1)];
    for (reply, code) in replies {
        let dir = scratch_dir("hostile-echo-password");
        let (exit, stderr, _) = line_mode(serve(reply), &format!("{ECHOED}\n"), &dir);
        assert_eq!(exit, code, "{stderr}");
        // The server's text is withheld whole, naming what it held: no marker in the password's place,
        // no length, no word that stood next to it ("wrong password …", "Password: …").
        assert!(
            stderr.contains("[withheld: the server's text held the password]"),
            "{stderr}"
        );
        assert!(!stderr.contains("[redacted"), "{stderr}");
        let log = std::fs::read_to_string(dir.join("log.jsonl")).expect("the log");
        let report = std::fs::read_to_string(dir.join("report.md")).expect("the report");
        for (place, text) in [("stderr", &stderr), ("log", &log), ("report", &report)] {
            assert!(
                !text.contains(ECHOED),
                "the password is in the {place}:\n{text}"
            );
            for around in ["wrong password", "<p>Password:", "chars]"] {
                assert!(!text.contains(around), "{around:?} in the {place}:\n{text}");
            }
        }
    }
}
