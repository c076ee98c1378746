//! Leak test: whole logins (TUI in a PTY, line mode) with unmistakable secrets, and all they wrote searched for each.
#![cfg(unix)]

use crate::common;
use crate::pty;

use std::path::{Path, PathBuf};

use common::tools::require_tools;
use common::x11::Xvfb;
use common::{Served, base64, contains, scratch_dir};
use pty::key::{CTRL_Q, CTRL_R, CTRL_S, CTRL_Y, DOWN, ENTER, ESC, F2, UP};
use pty::{Launch, PATIENCE, Tui, folded, form_value, login_as, login_form};

/// The form's title: the TUI is up and drawn.
const FORM: &str = "AutoShares login";

/// A value the program must write nowhere the user did not ask for it, named by its kind.
struct Secret {
    kind: String,
    value: String,
}

impl Secret {
    fn new(kind: impl Into<String>, value: &str) -> Secret {
        assert!(!value.is_empty(), "an empty secret would be found anywhere");
        Secret {
            kind: kind.into(),
            value: value.to_string(),
        }
    }
}

/// What one login must keep to itself: the user's password and factors (the right ones and any typed
/// wrongly), the app key in full, and every interim token the sandbox saw sent back.
fn secrets_of(served: &Served, username: &str, typed_wrong: &[&str]) -> Vec<Secret> {
    let user = served.user(username);
    let mut secrets = vec![
        Secret::new("password", &user.password),
        Secret::new("app key", served.app_key()),
    ];
    secrets.extend(user.pin.as_deref().map(|pin| Secret::new("PIN", pin)));
    secrets.extend(user.code.as_deref().map(|code| Secret::new("code", code)));
    for (i, wrong) in typed_wrong.iter().enumerate() {
        secrets.push(Secret::new(format!("wrong code {}", i + 1), wrong));
    }
    for (i, interim) in served.interim_tokens().iter().enumerate() {
        secrets.push(Secret::new(format!("interim token {}", i + 1), interim));
    }
    secrets
}

/// Something the program wrote, named by where it went.
struct Written {
    place: String,
    bytes: Vec<u8>,
}

impl Written {
    fn file(place: &str, path: &Path) -> Written {
        let bytes = std::fs::read(path)
            .unwrap_or_else(|e| panic!("the {place} {} was written: {e}", path.display()));
        assert!(!bytes.is_empty(), "the {place} {} is empty", path.display());
        Written {
            place: place.to_string(),
            bytes,
        }
    }

    fn text(place: &str, text: &str) -> Written {
        Written {
            place: place.to_string(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    /// The screens a user saw, each as drawn and squeezed (whitespace and card borders dropped), so a
    /// secret wrapped over two rows is found as well.
    fn screens(place: &str, screens: &[String]) -> Written {
        let squeezed = |s: &String| -> String {
            s.chars()
                .filter(|c| !c.is_whitespace() && *c != '│')
                .collect()
        };
        let all: Vec<String> = screens
            .iter()
            .flat_map(|s| [s.clone(), squeezed(s)])
            .collect();
        Written::text(place, &all.join("\n"))
    }
}

/// What the binary wrote to the terminal: the raw byte stream (escape sequences and all) and the
/// screens it drew (a redraw writes only changed cells, so a string can be on screen without being in
/// the stream in one piece).
fn terminal_output(tui: &Tui) -> [Written; 2] {
    [
        Written {
            place: "PTY output".into(),
            bytes: tui.raw_output(),
        },
        Written::screens("screen", &tui.screens_seen()),
    ]
}

/// `"<secret kind> in <place>"` for every secret found in every place: the leaks.
fn found(secrets: &[Secret], written: &[Written]) -> Vec<String> {
    written
        .iter()
        .flat_map(|w| {
            secrets
                .iter()
                .filter(|s| contains(&w.bytes, s.value.as_bytes()))
                .map(|s| format!("{} in {}", s.kind, w.place))
        })
        .collect()
}

/// The files one run writes, in a scratch directory of its own.
struct Files {
    dir: PathBuf,
    log: PathBuf,
    report: PathBuf,
    stdout: PathBuf,
}

impl Files {
    fn new(name: &str) -> Files {
        let dir = scratch_dir(name);
        Files {
            log: dir.join("exchanges.jsonl"),
            report: dir.join("report.md"),
            stdout: dir.join("stdout"),
            dir,
        }
    }

    fn args(&self) -> [String; 4] {
        let path = |p: &PathBuf| p.to_str().expect("a UTF-8 scratch path").to_string();
        [
            "--log".into(),
            path(&self.log),
            "--report".into(),
            path(&self.report),
        ]
    }

    /// The log and the report, after checking they hold one record per exchange and the run's context
    /// (the log's `run` line, the report's context block), so that the search covers those too.
    fn diagnostics(&self, exchanges: usize) -> [Written; 2] {
        let log = Written::file("log", &self.log);
        let text = String::from_utf8_lossy(&log.bytes);
        let (runs, records): (Vec<&str>, Vec<&str>) =
            text.lines().partition(|line| line.contains(r#""run":{"#));
        assert_eq!(records.len(), exchanges, "one log line per exchange");
        assert!(!runs.is_empty(), "the run's context is in the log:\n{text}");
        assert!(text.starts_with(runs[0]), "a run line comes first:\n{text}");
        let report = Written::file("report", &self.report);
        let heading = format!("\n### {exchanges}. ");
        assert!(
            contains(&report.bytes, heading.as_bytes()),
            "the report lists {exchanges} exchanges"
        );
        for block in [
            "\n## Context\n",
            "\n| Tool | autoshares-login ",
            "\n| URL | http://127.0.0.1:",
        ] {
            assert!(
                contains(&report.bytes, block.as_bytes()),
                "the report's context block has {block:?}"
            );
        }
        [log, report]
    }

    /// The token `--print` wrote: one line of 64 hex digits.
    fn printed_token(&self) -> String {
        let printed = std::fs::read_to_string(&self.stdout).expect("the stdout file");
        let token = printed.strip_suffix('\n').unwrap_or_default();
        assert!(
            token.len() == 64 && token.chars().all(|c| c.is_ascii_hexdigit()),
            "stdout holds one line, a 64-hex token: {printed:?}"
        );
        token.to_string()
    }

    fn remove(self) {
        std::fs::remove_dir_all(&self.dir).expect("remove the scratch directory");
    }
}

/// Spawns the binary with the diagnostics of `files` switched on and waits for the form.
fn spawn_with(launch: Launch, files: &Files) -> Tui {
    let [log_flag, log, report_flag, report] = files.args();
    let tui = launch
        .args([&log_flag, &log, &report_flag, &report])
        .stdout_to(&files.stdout)
        .spawn();
    tui.expect_text(FORM);
    tui
}

/// Waits for the step titled `step` to ask (a fresh, empty input), types `answer` and submits it.
fn answer_step(tui: &mut Tui, step: &str, answer: &str) {
    // A step asked again has the same title: the empty input tells the new screen from the old one.
    tui.wait_for(&format!("{step} asking"), PATIENCE, |t| {
        t.contains(step) && !t.contains('•') && !t.contains("Waiting for the server")
    });
    tui.send(answer);
    let masked = "•".repeat(answer.chars().count());
    tui.wait_for("the answer typed, masked", PATIENCE, |t| {
        t.contains(&masked)
    });
    tui.send(ENTER);
}

/// On a final screen: writes the report with `r`, then opens the timeline and selects every one of
/// its `exchanges` with ↑ and ↓ so each one's request and response are drawn, then closes it.
fn report_and_walk_the_timeline(tui: &mut Tui, exchanges: usize) {
    tui.send(CTRL_R);
    tui.expect_text("Report written to");
    tui.send(F2);
    let plural = if exchanges == 1 { "" } else { "s" };
    tui.expect_text(&format!("Timeline: {exchanges} exchange{plural}"));
    let selected = |n: usize| {
        let row = format!("› {n} ");
        move |t: &str| t.contains(&row) && t.contains("Request  ") && t.contains("Response ")
    };
    tui.wait_for("the last exchange selected", PATIENCE, selected(exchanges));
    for n in (1..exchanges).rev() {
        tui.send(UP);
        tui.wait_for(&format!("exchange {n} selected"), PATIENCE, selected(n));
    }
    for n in 2..=exchanges {
        tui.send(DOWN);
        tui.wait_for(&format!("exchange {n} selected"), PATIENCE, selected(n));
    }
    tui.send(F2);
    tui.wait_for("the timeline closed", PATIENCE, |t| {
        !t.contains("Timeline:")
    });
}

#[test]
fn a_tui_login_with_pin_and_code_writes_only_the_printed_token() {
    let served = Served::start();
    let files = Files::new("leaks-tui-pin-code");
    let user = served.user("pin-code");
    let (pin, code) = (user.pin.as_deref().unwrap(), user.code.as_deref().unwrap());
    // The token is stored too (the file store, in this run's own home): the store is checked below.
    let home = files.dir.join("home");
    let state = home.join(".local/state");
    std::fs::create_dir_all(&home).expect("the run's home");
    let launch = login_as(&served, "pin-code")
        .args(["--print", "--store", "file"])
        .env("HOME", home.to_str().expect("a UTF-8 path"))
        .env("XDG_STATE_HOME", state.to_str().expect("a UTF-8 path"));
    let mut tui = spawn_with(launch, &files);
    tui.send(ENTER);
    answer_step(&mut tui, "Step 1: SecutityPin", pin);
    answer_step(&mut tui, "Step 2: VerificationCode", code);
    tui.expect_text("Logged in as pin-code");
    // The success screen checks the token (GET …/users/@me/info): a fourth exchange, the token in it.
    let success = tui.expect_text("(the server accepts the token)");
    assert!(success.contains("chars, Ctrl-S shows it"), "{success}");
    report_and_walk_the_timeline(&mut tui, 4);
    tui.send(ESC);
    tui.expect_exit_restored(0);

    let mut secrets = secrets_of(&served, "pin-code", &[]);
    assert_eq!(
        served.interim_tokens().len(),
        2,
        "two interim tokens sent back"
    );
    secrets.push(Secret::new("final token", &files.printed_token()));
    let mut written = Vec::from(terminal_output(&tui));
    written.extend(files.diagnostics(4));
    written.push(Written::file("stdout", &files.stdout));
    let sessions = state.join("autoshares-login/sessions");
    let stored: Vec<PathBuf> = std::fs::read_dir(&sessions)
        .expect("the store's folder")
        .map(|entry| entry.expect("an entry").path())
        .collect();
    assert_eq!(stored.len(), 1, "one stored session: {stored:?}");
    written.push(Written::file("the stored session", &stored[0]));
    assert_eq!(
        found(&secrets, &written),
        ["final token in stdout", "final token in the stored session"],
        "secrets found in what the program wrote (files in {})",
        files.dir.display()
    );
    files.remove();
}

#[test]
fn a_tui_login_locked_after_wrong_codes_writes_no_secret() {
    let served = Served::start();
    let files = Files::new("leaks-tui-lockout");
    let wrong = ["WRONG-1-zK85", "WRONG-2-zK85", "WRONG-3-zK85"];
    let mut tui = spawn_with(login_form(&served, "lockout"), &files);
    let password = served.password("lockout");
    tui.send(password);
    tui.wait_for("the password typed, masked", PATIENCE, |t| {
        form_value(t, "Password") == Some("•".repeat(password.len()))
    });
    tui.send(ENTER);
    for wrong_code in wrong {
        // A step asked again after a wrong answer keeps its number.
        answer_step(&mut tui, "Step 1: VerificationCode", wrong_code);
    }
    let failure = tui.expect_text("Login refused");
    assert!(
        folded(&failure).contains("the login is locked"),
        "{failure}"
    );
    report_and_walk_the_timeline(&mut tui, 4);
    tui.send(CTRL_Q);
    tui.expect_exit_restored(1);

    let secrets = secrets_of(&served, "lockout", &wrong);
    assert_eq!(
        served.interim_tokens().len(),
        3,
        "three interim tokens sent back"
    );
    let mut written = Vec::from(terminal_output(&tui));
    written.extend(files.diagnostics(4));
    let stdout = std::fs::read(&files.stdout).expect("the stdout file");
    assert!(stdout.is_empty(), "no token, nothing on stdout");
    assert_eq!(
        found(&secrets, &written),
        [] as [String; 0],
        "secrets found in what the program wrote (files in {})",
        files.dir.display()
    );
    files.remove();
}

#[test]
fn the_token_reaches_the_screen_only_when_s_shows_it() {
    let served = Served::start();
    let files = Files::new("leaks-tui-reveal");
    let mut tui = spawn_with(login_as(&served, "plain").args(["--print"]), &files);
    tui.send(ENTER);
    tui.expect_text("chars, Ctrl-S shows it");
    let (raw_before, screens_before) = (tui.raw_output().len(), tui.screens_seen().len());
    tui.send(CTRL_S);
    tui.wait_for("the token shown", PATIENCE, |t| {
        t.contains("Token  ") && !t.contains("chars, Ctrl-S shows it")
    });
    tui.send(ESC);
    tui.expect_exit_restored(0);

    let token = [Secret::new("final token", &files.printed_token())];
    let screens = tui.screens_seen();
    let written = [
        Written {
            place: "PTY output before s".into(),
            bytes: tui.raw_output()[..raw_before].to_vec(),
        },
        Written::screens("screen before s", &screens[..screens_before]),
        Written::screens("screen after s", &screens[screens_before..]),
    ];
    assert_eq!(found(&token, &written), ["final token in screen after s"]);
    files.remove();
}

#[test]
fn a_line_mode_login_with_pin_and_code_writes_only_the_token_on_stdout() {
    let served = Served::start();
    let files = Files::new("leaks-line-mode");
    let user = served.user("pin-code");
    let stdin = format!(
        "{}\n{}\n{}\n",
        user.password,
        user.pin.as_deref().unwrap(),
        user.code.as_deref().unwrap()
    );
    let args = files.args();
    let out = served.line_mode("pin-code", &args.each_ref().map(String::as_str), &stdin);
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    assert!(out.stderr.contains("Report written to"), "{}", out.stderr);

    let mut secrets = secrets_of(&served, "pin-code", &[]);
    assert_eq!(
        served.interim_tokens().len(),
        2,
        "two interim tokens sent back"
    );
    let token = out.stdout.strip_suffix('\n').expect("one line on stdout");
    secrets.push(Secret::new("final token", token));
    let mut written = vec![
        Written::text("stdout", &out.stdout),
        Written::text("stderr", &out.stderr),
    ];
    written.extend(files.diagnostics(3));
    assert_eq!(
        found(&secrets, &written),
        ["final token in stdout"],
        "secrets found in what the program wrote (files in {})",
        files.dir.display()
    );
    files.remove();
}

/// The variables the clipboard keeper may start with: what a clipboard needs, nothing else.
const KEEPER_ENV: [&str; 4] = [
    "DISPLAY",
    "WAYLAND_DISPLAY",
    "XAUTHORITY",
    "XDG_RUNTIME_DIR",
];

/// The processes whose parent is `parent`, from `/proc/*/stat`.
fn children_of(parent: u32) -> Vec<u32> {
    let entries = std::fs::read_dir("/proc").expect("/proc");
    entries
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            // `pid (comm) state ppid …`; comm may hold spaces and parentheses, so split after the last `)`.
            let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
                return false;
            };
            let after_comm = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
            after_comm.split_whitespace().nth(1) == Some(&parent.to_string())
        })
        .collect()
}

/// `/proc/PID/FILE` of the clipboard keeper the program started (its child running `__keep-clipboard`).
fn keeper_proc_file(program: u32, file: &str) -> Written {
    let keeper = children_of(program)
        .into_iter()
        .find(|pid| {
            let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
            contains(&cmdline, b"__keep-clipboard")
        })
        .unwrap_or_else(|| panic!("no clipboard keeper among the children of {program}"));
    Written::file(
        &format!("keeper {file}"),
        Path::new(&format!("/proc/{keeper}/{file}")),
    )
}

#[test]
fn a_system_clipboard_copy_holds_the_token_and_its_keeper_no_secret() {
    if !require_tools(&["Xvfb", "xclip"]) {
        return;
    }
    let x = Xvfb::start();
    let served = Served::start();
    let files = Files::new("leaks-system-clipboard");
    let user = served.user("pin-code");
    let (pin, code) = (user.pin.as_deref().unwrap(), user.code.as_deref().unwrap());
    // The password and the app key both in the program's environment, as a careful user passes them.
    let launch = login_as(&served, "pin-code")
        .clipboard("system")
        .args(["--print", "--clear-after", "600"])
        .env("DISPLAY", &x.display)
        .env("AUTOSHARES_APP_KEY", served.app_key());
    let mut tui = spawn_with(launch, &files);
    tui.send(ENTER);
    answer_step(&mut tui, "Step 1: SecutityPin", pin);
    answer_step(&mut tui, "Step 2: VerificationCode", code);
    tui.expect_text("Copied to the system clipboard");
    let environ = keeper_proc_file(tui.pid(), "environ");
    let names: Vec<String> = environ
        .bytes
        .split(|&b| b == 0)
        .filter(|var| !var.is_empty())
        .map(|var| {
            String::from_utf8_lossy(var)
                .split('=')
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(
        names.iter().all(|name| KEEPER_ENV.contains(&name.as_str())),
        "the keeper starts with only what a clipboard needs: {names:?}"
    );
    assert!(names.contains(&"DISPLAY".to_string()), "{names:?}");
    let cmdline = keeper_proc_file(tui.pid(), "cmdline");
    report_and_walk_the_timeline(&mut tui, 4);
    tui.send(ESC);
    tui.expect_exit_restored(0);

    let token = files.printed_token();
    let clipboard = x.clipboard().expect("the token on the clipboard");
    assert_eq!(clipboard, token, "the clipboard holds the token, alone");
    let mut secrets = secrets_of(&served, "pin-code", &[]);
    secrets.push(Secret::new("final token", &token));
    let mut written = Vec::from(terminal_output(&tui));
    written.extend(files.diagnostics(4));
    written.extend([environ, cmdline, Written::text("clipboard", &clipboard)]);
    written.push(Written::file("stdout", &files.stdout));
    assert_eq!(
        found(&secrets, &written),
        ["final token in clipboard", "final token in stdout"],
        "secrets found in what the program wrote (files in {})",
        files.dir.display()
    );
    files.remove();
}

/// The payload of every OSC 52 sequence in `raw` (`ESC ] 52 ; c ; PAYLOAD` ended by ST or BEL).
fn osc52_payloads(raw: &[u8]) -> Vec<String> {
    const START: &[u8] = b"\x1b]52;";
    let mut payloads = Vec::new();
    let mut rest = raw;
    while let Some(at) = rest.windows(START.len()).position(|w| w == START) {
        let sequence = &rest[at + START.len()..];
        let end = sequence
            .iter()
            .position(|&b| b == 0x1b || b == 0x07)
            .expect("an OSC 52 sequence ends");
        payloads.push(String::from_utf8_lossy(&sequence[..end]).into_owned());
        rest = &sequence[end..];
    }
    payloads
}

#[test]
fn an_osc52_copy_carries_the_token_and_nothing_else() {
    let served = Served::start();
    let files = Files::new("leaks-osc52");
    let user = served.user("pin-code");
    let (pin, code) = (user.pin.as_deref().unwrap(), user.code.as_deref().unwrap());
    let launch = login_as(&served, "pin-code")
        .clipboard("osc52")
        .args(["--print"])
        .env("AUTOSHARES_APP_KEY", served.app_key());
    let mut tui = spawn_with(launch, &files);
    tui.send(ENTER);
    answer_step(&mut tui, "Step 1: SecutityPin", pin);
    answer_step(&mut tui, "Step 2: VerificationCode", code);
    tui.expect_text("Sent to your terminal with OSC 52");
    tui.send(CTRL_Y);
    let deadline = std::time::Instant::now() + PATIENCE;
    while osc52_payloads(&tui.raw_output()).len() < 2 {
        assert!(std::time::Instant::now() < deadline, "c copies again");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    report_and_walk_the_timeline(&mut tui, 4);
    tui.send(ESC);
    tui.expect_exit_restored(0);

    let token = files.printed_token();
    let expected = format!("c;{}", base64(token.as_bytes()));
    assert_eq!(
        osc52_payloads(&tui.raw_output()),
        [expected.clone(), expected],
        "each copy (the login's and c's) sends the token, alone"
    );
    let mut secrets = secrets_of(&served, "pin-code", &[]);
    secrets.push(Secret::new("final token", &token));
    // A secret inside an OSC 52 payload would be base64: look for that form too, at each alignment.
    let encoded: Vec<Secret> = secrets
        .iter()
        .flat_map(|s| {
            (0..3).map(move |pad| {
                let padded = format!("{}{}", "x".repeat(pad), s.value);
                let skip = pad.div_ceil(3) * 4;
                let encoded = base64(padded.as_bytes());
                let body = encoded[skip..].trim_end_matches('=');
                Secret::new(format!("{} in base64", s.kind), &body[..body.len() - 4])
            })
        })
        .collect();
    let mut written = Vec::from(terminal_output(&tui));
    written.extend(files.diagnostics(4));
    written.push(Written::file("stdout", &files.stdout));
    let mut leaks = found(&secrets, &written);
    leaks.extend(found(&encoded[..], &written[..1]));
    leaks.dedup();
    assert_eq!(
        leaks,
        [
            "final token in stdout",
            "final token in base64 in PTY output"
        ],
        "secrets found in what the program wrote (files in {})",
        files.dir.display()
    );
    files.remove();
}

/// The tool's own advice for a refused password, whole: a password that is one of its words must leave
/// it as it is, never with a marker where the word was.
/// What the tool says of a refused password: what happened, then what to do (each whole).
const PASSWORD_HINT: [&str; 2] = [
    "The username or password is wrong.",
    "Passwords are case-sensitive; check Caps Lock.",
];

/// What stands for a server's text that held the password.
const WITHHELD_PASSWORD: &str = "[withheld: the server's text held the password]";

/// Passwords that are ordinary words: the tool's hint holds two of them, the sandbox's Reason the third.
const WORD_PASSWORDS: [&str; 3] = ["password", "credentials", "wrong"];

/// Users whose password is `word` and whose login is refused at BaseAuthentication even so, each with
/// its Reason: the sandbox's own, and one that holds every word of [`WORD_PASSWORDS`].
const WORD_USERS: [(&str, &str); 2] = [
    ("word-hint", "Invalid credentials"),
    ("word-echo", "Wrong password: invalid credentials"),
];

/// The sandbox with [`WORD_USERS`], each with `word` as its password.
fn served_with_word_password(word: &str) -> Served {
    Served::with(|scenarios| {
        let plain = scenarios
            .users
            .iter()
            .find(|u| u.username == "plain")
            .cloned()
            .expect("the built-in scenarios have user plain");
        for (name, reason) in WORD_USERS {
            let mut user = plain.clone();
            user.username = name.into();
            user.password = word.into();
            user.fail = Some(autoshares_login::sandbox::Failure {
                status: 401,
                step: "BaseAuthentication".into(),
                reason: reason.into(),
                retry_after: None,
            });
            scenarios.users.push(user);
        }
    })
}

/// Every `[redacted` in `text` is a factor header's value (`Password: [redacted]`, or the log's
/// `["Password","[redacted]"]`) and says no more than empty or not: never a length, never in a sentence.
fn markers_out_of_place(text: &str) -> Vec<String> {
    let mut wrong = Vec::new();
    for (at, _) in text.match_indices("[redacted") {
        let before = &text[..at];
        let after = &text[at..];
        let as_value = ["Password", "PinCode", "VerificationCode"]
            .iter()
            .any(|name| {
                [": ", ":", "\",\""]
                    .iter()
                    .any(|sep| before.ends_with(&format!("{name}{sep}")))
            });
        let plain = after.starts_with("[redacted]") || after.starts_with("[redacted, empty]");
        if !(as_value && plain) {
            let start = before.char_indices().rev().nth(40).map_or(0, |(i, _)| i);
            let end = after.char_indices().nth(40).map_or(after.len(), |(i, _)| i);
            wrong.push(format!("{}{}", &before[start..], &after[..end]));
        }
    }
    wrong
}

/// What a login refused with `reason` for a password `word` may show, place by place: no marker but a
/// header's, no length; the tool's hint whole wherever `hint_in` says it is given; the server's
/// Reason withheld whole where it held the word, shown word for word where it did not.
fn assert_word_cannot_be_read_back(
    word: &str,
    reason: &str,
    written: &[Written],
    hint_in: &[&str],
    dir: &Path,
) {
    let held = reason.to_lowercase().contains(word);
    for w in written {
        let text = String::from_utf8_lossy(&w.bytes);
        let context = format!(
            "password {word:?}, Reason {reason:?}, in the {} (files in {}):\n{text}",
            w.place,
            dir.display()
        );
        assert_eq!(
            markers_out_of_place(&text),
            [] as [String; 0],
            "a marker out of place: {context}"
        );
        assert!(!text.contains("chars]"), "a length: {context}");
        // The hint's start is only ever followed by its own words: no hole a word fits in.
        for (at, _) in text.match_indices("The username or") {
            let rest = &text[at..];
            assert!(
                rest.starts_with("The username or password is wrong"),
                "the hint with a hole: {context}"
            );
        }
        if hint_in.contains(&w.place.as_str()) {
            assert!(
                PASSWORD_HINT.iter().all(|words| text.contains(words)),
                "the hint, whole: {context}"
            );
        }
        if held {
            assert!(!text.contains(reason), "the Reason that held it: {context}");
        }
    }
    // Where the Reason was told (stderr, the log, the report): withheld whole, or word for word.
    let told = if held { WITHHELD_PASSWORD } else { reason };
    for w in written
        .iter()
        .filter(|w| hint_in.contains(&w.place.as_str()))
    {
        assert!(
            contains(&w.bytes, told.as_bytes()),
            "{told:?} in the {} for password {word:?} (files in {})",
            w.place,
            dir.display()
        );
    }
}

#[test]
fn a_password_that_is_an_ordinary_word_cannot_be_read_back_in_line_mode() {
    for word in WORD_PASSWORDS {
        let served = served_with_word_password(word);
        for (user, reason) in WORD_USERS {
            let files = Files::new(&format!("leaks-word-line-{word}-{user}"));
            let args = files.args();
            let out = served.line_mode(
                user,
                &args.each_ref().map(String::as_str),
                &format!("{word}\n"),
            );
            assert_eq!(out.code, Some(1), "{word}, {user}: {}", out.stderr);
            let mut written = vec![Written::text("stderr", &out.stderr)];
            written.extend(files.diagnostics(1));
            assert_word_cannot_be_read_back(
                word,
                reason,
                &written,
                &["stderr", "log", "report"],
                &files.dir,
            );
            files.remove();
        }
    }
}

#[test]
fn a_password_that_is_an_ordinary_word_cannot_be_read_back_in_the_tui() {
    for word in WORD_PASSWORDS {
        let served = served_with_word_password(word);
        for (user, reason) in WORD_USERS {
            let files = Files::new(&format!("leaks-word-tui-{word}-{user}"));
            let mut tui = spawn_with(login_as(&served, user), &files);
            tui.send(ENTER);
            let failure = tui.expect_text("Login refused");
            assert!(
                PASSWORD_HINT
                    .iter()
                    .all(|words| folded(&failure).contains(words)),
                "the hint, whole, on the failure screen: {failure}"
            );
            report_and_walk_the_timeline(&mut tui, 1);
            tui.send(CTRL_Q);
            tui.expect_exit_restored(1);
            // The screens folded (borders and wrapping gone) so a sentence over two rows is one.
            let screens = tui.screens_seen();
            let mut written = vec![Written::text(
                "screens",
                &screens
                    .iter()
                    .map(|s| folded(s))
                    .collect::<Vec<_>>()
                    .join("\n"),
            )];
            written.extend(files.diagnostics(1));
            assert_word_cannot_be_read_back(
                word,
                reason,
                &written,
                &["screens", "log", "report"],
                &files.dir,
            );
            files.remove();
        }
    }
}

/// `doctor --report` with every secret it could meet (the app key given in full, a password in the
/// environment, credentials in the URL and the proxy variable) and a log of a refused login: the ticket
/// file holds the checks, the context and the log's report, and none of those secrets.
#[test]
fn a_doctor_report_holds_the_context_and_no_secret() {
    let served = Served::start();
    let files = Files::new("leaks-doctor-report");
    let log = files.log.to_str().unwrap();
    let refused = served.line_mode("plain", &["--log", log], "wrong-Pw-zK85\n");
    assert_eq!(refused.code, Some(1), "{}", refused.stderr);
    let url = served
        .sandbox
        .base_url()
        .replace("http://", "http://urluser:URLPW-zK86@");
    let proxy_password = "PROXYPW-zK87";
    let proxy = format!("http://proxyuser:{proxy_password}@127.0.0.1:9");
    let out = common::run(
        &[
            "doctor",
            "--url",
            &url,
            "--allow-http",
            "--username",
            "plain",
            "--store",
            "none",
            "--clipboard",
            "off",
            "--timeout",
            "2",
            "--log",
            log,
            "--report",
            files.report.to_str().unwrap(),
        ],
        &[
            ("AUTOSHARES_APP_KEY", served.app_key()),
            ("AUTOSHARES_PASSWORD", "ENVPW-zK88"),
            ("NO_PROXY", "*"),
            ("HTTP_PROXY", &proxy),
        ],
        "",
    );
    assert!(out.stderr.contains("Report written to"), "{}", out.stderr);
    let report = Written::file("doctor report", &files.report);
    let text = String::from_utf8_lossy(&report.bytes).to_string();
    for part in [
        "## Checks",
        "## Context",
        "| Config file |",
        "## autoshares-login support report",
        "Refused: Invalid credentials",
    ] {
        assert!(text.contains(part), "{part:?} not in\n{text}");
    }
    let mut secrets = secrets_of(&served, "plain", &["wrong-Pw-zK85"]);
    secrets.extend([
        Secret::new("password in the environment", "ENVPW-zK88"),
        Secret::new("URL password", "URLPW-zK86"),
        Secret::new("proxy password", proxy_password),
    ]);
    let written = [
        report,
        Written::text("stdout", &out.stdout),
        Written::text("stderr", &out.stderr),
    ];
    assert_eq!(found(&secrets, &written), Vec::<String>::new());
    files.remove();
}
