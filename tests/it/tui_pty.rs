//! The real binary in a pseudo-terminal against an in-process sandbox: logins, hostile servers, quitting.
#![cfg(unix)]

use crate::common;
use crate::pty;

use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

use common::{Served, base64, contains};
use pty::key::{CTRL_C, CTRL_Q, END, ENTER, ESC, F1, PAGE_DOWN, TAB, UP};
use pty::{Launch, LineDiscipline, PATIENCE, Tui, focus_on, folded, form_value, login_as};

/// The form's title: the TUI is up and drawn.
const FORM: &str = "AutoShares login";

#[test]
fn pin_then_code_logs_in_and_print_puts_the_token_on_stdout_only() {
    let served = Served::start();
    let user = served.user("pin-code");
    let (pin, code) = (user.pin.as_deref().unwrap(), user.code.as_deref().unwrap());
    let stdout = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("tui_pty-print-{}.out", std::process::id()));
    let mut tui = login_as(&served, "pin-code")
        .args(["--print"])
        .stdout_to(&stdout)
        .spawn();
    tui.expect_text(FORM);
    tui.send(ENTER);
    let step = tui.expect_text("Step 1: SecutityPin");
    assert!(folded(&step).contains("Enter the PIN."), "{step}");
    tui.send(pin);
    tui.wait_for("the PIN typed, masked", PATIENCE, |t| {
        form_value(t, "PIN") == Some("•".repeat(pin.chars().count()))
    });
    tui.send(ENTER);
    let step = tui.expect_text("Step 2: VerificationCode");
    assert!(
        folded(&step).contains("Enter the code sent by email or SMS."),
        "{step}"
    );
    tui.send(code);
    tui.send(ENTER);
    let success = tui.expect_text("Logged in as pin-code");
    assert!(
        success.contains("Ctrl-S shows it"),
        "the token is masked:\n{success}"
    );
    let early = std::fs::read_to_string(&stdout).expect("the stdout file");
    assert_eq!(early, "", "nothing reaches stdout while the TUI is up");

    tui.send(ESC);
    tui.expect_exit_restored(0);
    let printed = std::fs::read_to_string(&stdout).expect("the stdout file");
    let _ = std::fs::remove_file(&stdout);
    let token = printed
        .strip_suffix('\n')
        .expect("the token ends with a newline");
    assert!(
        token.len() == 64 && token.chars().all(|c| c.is_ascii_hexdigit()),
        "stdout holds exactly one line, a 64-hex token: {printed:?}"
    );
    assert!(
        !contains(&tui.raw_output(), token.as_bytes()),
        "the token never went to the terminal"
    );
}

#[test]
fn osc52_sends_the_token_to_the_terminal_in_one_sequence() {
    let served = Served::start();
    let dir = common::scratch_dir("tui_pty-osc52");
    let stdout = dir.join("stdout");
    let mut tui = login_as(&served, "plain")
        .clipboard("osc52")
        .args(["--print"])
        .stdout_to(&stdout)
        .spawn();
    tui.expect_text(FORM);
    tui.send(ENTER);
    tui.expect_text("Logged in as plain");
    let success = tui.expect_text("Sent to your terminal with OSC 52");
    assert!(
        folded(&success).contains("(your terminal must allow it)"),
        "{success}"
    );
    tui.send(ESC);
    tui.expect_exit_restored(0);

    let printed = std::fs::read_to_string(&stdout).expect("the stdout file");
    let token = printed.trim_end();
    assert_eq!(token.len(), 64, "--print wrote the token: {printed:?}");
    // crossterm's CopyToClipboard: OSC 52, selection `c`, base64, ended by ST (ESC \).
    let sequence = format!("\x1b]52;c;{}\x1b\\", base64(token.as_bytes()));
    let raw = tui.raw_output();
    assert!(
        contains(&raw, sequence.as_bytes()),
        "the PTY output holds {sequence:?}"
    );
    let osc52_count = raw.windows(5).filter(|w| w == b"\x1b]52;").count();
    assert_eq!(osc52_count, 1, "one OSC 52 sequence, for the one copy");
    assert!(
        !contains(&raw, token.as_bytes()),
        "the token itself was never drawn"
    );
    std::fs::remove_dir_all(&dir).expect("remove the scratch directory");
}

#[test]
fn the_base64_helper_matches_the_rfc_4648_vectors() {
    let vectors = [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ];
    for (plain, encoded) in vectors {
        assert_eq!(base64(plain.as_bytes()), encoded, "base64({plain:?})");
    }
    assert_eq!(base64(&[0xfb, 0xff, 0xfe]), "+//+", "the last two symbols");
}

#[test]
fn a_wrong_password_fails_then_a_retry_from_the_form_logs_in() {
    let served = Served::start();
    let mut tui = login_as(&served, "code")
        .env("AUTOSHARES_PASSWORD", "not-the-password")
        .spawn();
    tui.expect_text(FORM);
    tui.send(ENTER);
    let failure = tui.expect_text("Invalid credentials");
    for shown in ["Login refused", "401", "BaseAuthentication", "What to do"] {
        assert!(failure.contains(shown), "{shown:?} on:\n{failure}");
    }
    assert!(
        folded(&failure).contains("username or password is wrong"),
        "a hint:\n{failure}"
    );

    tui.send(ENTER);
    let form = tui.wait_for("the form, the focus on Password", PATIENCE, |t| {
        t.contains(FORM) && focus_on(t, "Password")
    });
    assert_eq!(
        form_value(&form, "Password").as_deref(),
        Some(""),
        "the refused password is emptied:\n{form}"
    );
    assert_eq!(form_value(&form, "Username").as_deref(), Some("code"));
    let password = served.password("code");
    tui.send(password);
    tui.wait_for("the new password, masked", PATIENCE, |t| {
        form_value(t, "Password") == Some("•".repeat(password.chars().count()))
    });
    tui.send(ENTER);
    tui.expect_text("Step 1: VerificationCode");
    tui.send(served.user("code").code.as_deref().unwrap());
    tui.send(ENTER);
    tui.expect_text("Logged in as code");
    tui.send(ESC);
    tui.expect_exit_restored(0);
}

#[test]
fn escape_sequences_in_a_reason_never_reach_the_terminal() {
    let served = Served::start();
    let mut tui = login_as(&served, "evil").spawn();
    tui.expect_text(FORM);
    let drawn_before_login = tui.raw_output().len();
    tui.send(ENTER);
    let step = tui.expect_text("Code sent to");
    assert!(
        step.contains("Reason    Code sent to ✉ j…@example.com"),
        "the Reason's visible text, non-ASCII intact:\n{step}"
    );
    assert!(
        step.contains("Step 1: VerificationCode"),
        "the screen was not wiped:\n{step}"
    );

    let raw = tui.raw_output();
    assert!(
        !contains(&raw, b"]0;pwned"),
        "the OSC title reached the PTY"
    );
    assert!(
        !contains(&raw, "\u{202e}".as_bytes()),
        "the bidi override reached the PTY"
    );
    assert!(
        !contains(&raw[drawn_before_login..], b"\x1b[2J"),
        "the screen was cleared after the server answered"
    );
    let (title, icon_name) = tui.titles();
    assert!(
        !title.contains("pwned") && !icon_name.contains("pwned"),
        "the window title was changed to {title:?} / {icon_name:?}"
    );
    tui.send(CTRL_C);
    tui.expect_exit_restored(130);
}

#[test]
fn esc_cancels_a_slow_request_and_its_late_answer_is_ignored() {
    let delay = Duration::from_secs(3);
    let served = Served::with_slow_user(delay);
    let mut tui = login_as(&served, "slow").spawn();
    tui.expect_text(FORM);
    tui.send(ENTER);
    let sent = Instant::now();
    tui.wait_for("the elapsed time to count past 1 s", PATIENCE, |t| {
        waiting_seconds(t).is_some_and(|s| s >= 1.0)
    });
    tui.send(ESC);
    let form = tui.expect_text("Request cancelled");
    assert!(
        form.contains(FORM) && !form.contains("Waiting for the server"),
        "{form}"
    );
    assert!(focus_on(&form, "PIN"), "the focus is where it was:\n{form}");

    // The server answers `delay` after the request: wait that out (the point of this test), then
    // check the screen, and that the app still answers keys.
    thread::sleep((delay + Duration::from_millis(500)).saturating_sub(sent.elapsed()));
    let after = tui.screen().contents();
    assert!(
        after.contains(FORM) && after.contains("Request cancelled") && !after.contains("Step"),
        "the late answer changed the screen:\n{after}"
    );
    tui.send(TAB);
    tui.wait_for("Tab to move the focus", PATIENCE, |t| {
        focus_on(t, "API URL")
    });
    tui.send(CTRL_C);
    tui.expect_exit_restored(130);
}

#[test]
fn ctrl_c_on_the_form_quits_with_130_and_restores_the_terminal() {
    let served = Served::start();
    let mut tui = login_as(&served, "plain").spawn();
    tui.wait_for_screen(
        "the form on the alternate screen, bracketed paste on",
        PATIENCE,
        |s| s.contents().contains(FORM) && s.alternate_screen() && s.bracketed_paste(),
    );
    assert_eq!(
        tui.line_discipline(),
        LineDiscipline {
            echo: false,
            canonical: false
        },
        "raw mode while the TUI runs"
    );
    tui.send(CTRL_C);
    tui.expect_exit_restored(130);
}

#[test]
fn sigterm_while_waiting_quits_with_130_and_restores_the_terminal() {
    let served = Served::with_slow_user(Duration::from_secs(3));
    let mut tui = login_as(&served, "slow").spawn();
    tui.expect_text(FORM);
    tui.send(ENTER);
    tui.wait_for_screen("the waiting line, the cursor hidden", PATIENCE, |s| {
        s.contents().contains("Waiting for the server") && s.hide_cursor()
    });
    tui.signal(libc::SIGTERM);
    tui.expect_exit_restored(130);
}

#[test]
fn tiny_sizes_neither_crash_nor_stick_and_the_form_answers_after() {
    let served = Served::start();
    let mut tui = login_as(&served, "plain").spawn();
    let form = tui.expect_text(FORM);
    assert!(focus_on(&form, "PIN"), "{form}");

    tui.resize(1, 1);
    tui.wait_for("a 1×1 frame", PATIENCE, |t| t.trim() == "T");
    tui.resize(10, 3);
    tui.wait_for("the too-small notice at 10×3", PATIENCE, |t| {
        folded(t).starts_with("Terminal too small (10×3)")
    });
    tui.resize(40, 12);
    let small = tui.wait_for("the form at 40×12", PATIENCE, |t| {
        t.contains(FORM) && t.contains("Password")
    });
    assert!(!small.contains("too small"), "{small}");
    tui.resize(24, 7);
    tui.wait_for("the focused PIN in view at 24×7", PATIENCE, |t| {
        focus_on(t, "PIN") && t.contains('↑')
    });
    tui.resize(100, 30);
    tui.expect_text("Ctrl-C quit");
    assert!(tui.is_running(), "the binary survived every size");

    tui.send(TAB);
    tui.wait_for("Tab to move the focus", PATIENCE, |t| {
        focus_on(t, "API URL")
    });
    tui.send(CTRL_C);
    tui.expect_exit_restored(130);
}

/// Waits for the form, resizes to 40×12 and waits for it drawn anew there (the card's right corner in view).
fn form_at_40x12(tui: &mut Tui) {
    tui.expect_text(FORM);
    tui.resize(40, 12);
    tui.wait_for("the form at 40×12", PATIENCE, |t| {
        t.lines()
            .any(|row| row.starts_with(&format!("╭ {FORM}")) && row.ends_with('╮'))
    });
}

#[test]
fn at_40x12_the_step_and_success_screens_keep_their_key_lines_whole() {
    let served = Served::start();
    let user = served.user("pin-code");
    let (pin, code) = (user.pin.as_deref().unwrap(), user.code.as_deref().unwrap());
    let mut tui = login_as(&served, "pin-code").clipboard("osc52").spawn();
    form_at_40x12(&mut tui);
    tui.send(ENTER);
    tui.expect_text("Step 1: SecutityPin");
    tui.send(pin);
    tui.send(ENTER);
    let step = tui.expect_text("Step 2: VerificationCode");
    assert!(
        folded(&step).contains("Enter the code sent by email or SMS.") && !step.contains("header"),
        "the trader's words, the header name left to the timeline: {step}"
    );
    tui.send(code);
    tui.send(ENTER);
    let success = tui.wait_for("who logged in and until when", PATIENCE, |t| {
        t.contains("Logged in as pin-code") && folded(t).contains("It expires")
    });
    let said = folded(&success);
    assert!(
        said.contains("(in 23 h 59 min).") || said.contains("(in 24 h 00 min)."),
        "the expiry, whole:\n{success}"
    );
    assert!(
        !said.contains("Sent to your terminal") || said.contains("(your terminal must allow it)."),
        "what copying did is whole or gone:\n{success}"
    );
    tui.send(ESC);
    tui.expect_exit_restored(0);
}

#[test]
fn at_40x12_a_failure_keeps_its_advice_whole_before_a_long_reason() {
    let served = Served::start();
    for (user, advice_ends, exit) in [
        ("expired", "then log in with the new one.", 1),
        ("proxy", "send the report to support if it persists.", 3),
    ] {
        let mut tui = login_as(&served, user).spawn();
        form_at_40x12(&mut tui);
        tui.send(ENTER);
        let failure = tui.wait_for("the advice, whole", PATIENCE, |t| {
            folded(t).contains(advice_ends)
        });
        assert!(folded(&failure).contains("What to do"), "{failure}");
        tui.send(CTRL_Q);
        tui.expect_exit_restored(exit);
    }
}

#[test]
fn enter_while_the_server_asks_to_wait_says_nothing_was_sent_in_the_countdown_alone() {
    let served = Served::start();
    let mut tui = login_as(&served, "busy").spawn();
    tui.expect_text(FORM);
    tui.send(ENTER);
    tui.expect_text("The server welcomes a retry in");
    tui.send(ENTER);
    let told = tui.wait_for("the countdown saying nothing was sent", PATIENCE, |t| {
        folded(t).contains("Nothing was sent: the server welcomes a retry in")
    });
    assert!(
        !told.contains("asked to wait"),
        "one time left only:\n{told}"
    );
    assert_eq!(served.logins(), 1, "Enter sent nothing");
    tui.send(CTRL_Q);
    tui.expect_exit_restored(4);
}

#[test]
fn on_a_small_terminal_the_demo_help_scrolls_to_the_last_sandbox_user() {
    let mut tui = Launch::app().args(["--demo"]).spawn();
    tui.expect_text(FORM);
    tui.resize(40, 12);
    tui.wait_for("the form at 40×12", PATIENCE, |t| {
        t.contains("sandbox") && t.lines().count() <= 12
    });
    tui.send(F1);
    let top = tui.expect_text("↓ more (PgDn)");
    assert!(top.contains("Enter") && !top.contains("↑ more"), "{top}");
    tui.send(END);
    let end = tui.expect_text("↑ more (PgUp)");
    assert!(
        end.contains("short     sandbox") && end.contains("--check`)") && !end.contains("↓ more"),
        "End shows the last sandbox user:\n{end}"
    );
    tui.send(PAGE_DOWN);
    tui.send(UP);
    tui.wait_for("↑ to move up at once after End and PgDn", PATIENCE, |t| {
        t.contains("↓ more (PgDn)") && t.contains("short")
    });
    tui.send(ESC);
    // A lone Esc, not the start of the F1 sequence after it.
    tui.expect_text("F1 help");
    tui.send(F1);
    tui.wait_for("the reopened help on top", PATIENCE, |t| t == top);
    tui.send(CTRL_C);
    tui.expect_exit_restored(130);
}

/// The elapsed seconds on the waiting line ("Waiting for the server… 1.3 s").
fn waiting_seconds(screen_text: &str) -> Option<f32> {
    let (_, rest) = screen_text.split_once("Waiting for the server… ")?;
    rest.split_once(" s")?.0.parse().ok()
}

#[test]
fn a_configuration_that_cannot_work_exits_2_before_the_tui_starts() {
    for (args, expected) in [
        (
            ["--cacert", "/nonexistent/ca.pem"],
            "cannot use --cacert /nonexistent/ca.pem",
        ),
        (
            ["--url", "http://trader.example/api"],
            "refusing plain http:// to trader.example",
        ),
    ] {
        // A terminal that can draw the TUI: without TERM the binary would choose line mode.
        let out = std::process::Command::new(common::BIN)
            .args(args)
            .env("TERM", "xterm-256color")
            .output()
            .expect("the binary runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(expected),
            "{args:?}"
        );
        assert!(out.stdout.is_empty());
    }
}

/// How many cells of `screen` are in a colour, bold, and in reverse video; panics on a colour a
/// 16-colour terminal does not have.
fn attribute_counts(screen: &vt100::Screen) -> (usize, usize, usize) {
    let (rows, cols) = screen.size();
    let cells = (0..rows).flat_map(|r| (0..cols).filter_map(move |c| screen.cell(r, c)));
    cells.fold((0, 0, 0), |(coloured, bold, inverse), cell| {
        let colours = [cell.fgcolor(), cell.bgcolor()];
        for colour in colours {
            assert!(
                matches!(colour, vt100::Color::Default | vt100::Color::Idx(0..16)),
                "{colour:?} is not one of the 16 ANSI colours"
            );
        }
        let is_coloured = colours.iter().any(|c| *c != vt100::Color::Default);
        (
            coloured + usize::from(is_coloured),
            bold + usize::from(cell.bold()),
            inverse + usize::from(cell.inverse()),
        )
    })
}

#[test]
fn colours_are_ansi_and_no_color_drops_them_while_bold_and_reverse_keep_the_hierarchy() {
    let served = Served::start();
    for no_color in [false, true] {
        let mut launch = login_as(&served, "code").env("AUTOSHARES_PASSWORD", "not-the-password");
        if no_color {
            launch = launch.env("NO_COLOR", "1");
        }
        let mut tui = launch.spawn();
        let form = tui.wait_for_screen("the form", PATIENCE, |s| s.contents().contains(FORM));
        let (_, bold, inverse) = attribute_counts(&form);
        assert!(
            bold > 0 && inverse > 0,
            "the title is bold, the focused field reversed"
        );
        tui.send(ENTER);
        let failure = tui.wait_for_screen("the failure", PATIENCE, |s| {
            s.contents().contains("Login refused")
        });
        let (coloured, bold, _) = attribute_counts(&failure);
        assert!(bold > 0, "NO_COLOR={no_color}: values are bold");
        if no_color {
            assert_eq!(
                coloured,
                0,
                "NO_COLOR leaves no colour:\n{}",
                failure.contents()
            );
        } else {
            assert!(coloured > 0, "a failure is also in red");
        }
        tui.send(CTRL_C);
        tui.expect_exit_restored(130);
    }
}

#[test]
fn a_profile_is_named_in_the_title_and_success_says_where_the_token_is_kept() {
    let served = Served::start();
    let home = common::Home::new("tui_pty-profile");
    home.write_config(&format!(
        "default_profile = \"desk\"\n[profiles.desk]\nurl = \"{}\"\nusername = \"plain\"\nstore = \"file\"\n",
        served.sandbox.base_url()
    ));
    let mut env: Vec<(String, String)> = home
        .env()
        .into_iter()
        .map(|(n, v)| (n.to_string(), v.display().to_string()))
        .collect();
    env.push(("AUTOSHARES_APP_KEY".into(), served.app_key().into()));
    let mut launch = pty::Launch::app().env("AUTOSHARES_PASSWORD", served.password("plain"));
    for (name, value) in &env {
        launch = launch.env(name, value);
    }
    let mut tui = launch.spawn();
    tui.expect_text("AutoShares login · profile desk");
    tui.send(ENTER);
    let screen = tui.expect_text("Token stored in");
    let said = folded(&screen);
    assert!(said.contains("profile-desk.json"), "{screen}");
    assert!(
        said.contains("(in 23 h 59 min)") || said.contains("(in 24 h 00 min)"),
        "{screen}"
    );
    assert!(said.contains("Logged in · profile desk"), "{screen}");
    tui.send(ESC);
    tui.expect_exit_restored(0);

    let sent = served.sandbox.received().len();
    let env: Vec<(&str, &str)> = env.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    let out = common::run(&["token"], &env, "");
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(
        out.stdout.trim().len(),
        64,
        "the stored token: {}",
        out.stdout
    );
    assert_eq!(served.sandbox.received().len(), sent, "no request for it");
}

#[test]
fn the_demo_logs_in_to_its_sandbox_whatever_the_default_profile_says() {
    let home = common::Home::new("tui_pty-demo-profile");
    home.write_config(
        "default_profile = \"live\"\n[profiles.live]\nurl = \"https://live.example/api\"\nusername = \"jtrader\"\nclipboard = \"off\"\n\n[profiles.other]\nusername = \"x\"\n",
    );
    let mut launch = pty::Launch::app().args(["--demo"]);
    for (name, value) in home.env() {
        launch = launch.env(name, &value.display().to_string());
    }
    let mut tui = launch.spawn();
    let form = tui.expect_text("Username");
    assert!(
        form.contains("pin-code") && !form.contains("jtrader") && !form.contains("profile live"),
        "the demo's own user, not the profile's: {form}"
    );
    tui.send("\x10");
    let said = folded(&tui.expect_text("profiles are not used"));
    assert!(said.contains("--demo logs in to its sandbox"), "{said}");
    tui.send("\x03");
    tui.expect_exit_restored(130);
}

#[test]
fn a_password_retyped_after_a_rate_limit_replaces_the_kept_one_and_is_sent_once() {
    let served = Served::with(|scenarios| {
        let busy = (scenarios.users.iter_mut())
            .find(|u| u.username == "busy")
            .expect("the built-in scenarios have user busy");
        busy.fail.as_mut().expect("busy is refused").retry_after = Some(2);
    });
    let password = served.password("busy").to_string();
    let mut tui = pty::login_form(&served, "busy").spawn();
    tui.expect_text(FORM);
    tui.send(&password);
    tui.send(ENTER);
    tui.expect_text("Too many login requests");
    tui.send(ESC);
    let kept = tui.expect_text("(kept: typing replaces it)");
    assert!(focus_on(&kept, "Password"), "{kept}");
    tui.send(&password);
    let dots = "•".repeat(password.chars().count());
    let retyped = tui.wait_for("the password retyped", PATIENCE, |t| {
        form_value(t, "Password") == Some(dots.clone())
    });
    let row = |label: &str| {
        (retyped.lines())
            .find(|l| l.contains(label))
            .unwrap_or_default()
            .to_string()
    };
    assert!(!row("Password").contains("(kept:"), "{retyped}");
    assert!(
        row("App key").contains("(kept: typing replaces it)"),
        "the app key not typed into stays kept: {retyped}"
    );
    // Enter once the server's wait is over: the login goes out again.
    thread::sleep(Duration::from_secs(2));
    tui.send(ENTER);
    tui.wait_for("the second answer", PATIENCE, |_| {
        served.sandbox.received().len() == 2
    });
    let received = served.sandbox.received();
    let sent: Vec<Option<&str>> = received.iter().map(|r| r.header("password")).collect();
    assert_eq!(
        sent,
        [Some(password.as_str()), Some(password.as_str())],
        "the retyped password went out as typed, once, not joined to the kept one"
    );
    tui.send(CTRL_C);
    tui.expect_exit_restored(130);
}
