//! On a small terminal the success, "Already logged in", step and failure screens keep their most important lines,
//! each whole, and leave no row empty while a line that would fit is hidden.

use autoshares_login::session::Placement;
use ratatui::widgets::{Paragraph, Wrap};

use super::sessions::{
    checked_as_paula, on_stored_session, paper_saved, saving_profiles, token_kept,
};
use super::*;

/// The sizes each screen is snapshotted at.
const SMALL_SIZES: [(u16, u16); 4] = [(40, 12), (40, 13), (40, 16), (80, 24)];

/// A fresh login whose token is not stored, copied with OSC 52 inside tmux: the longest copy message.
fn fresh_login() -> Harness {
    let mut h = Harness::filled();
    h.log_in(succeeded());
    token_kept(&mut h, Placement::Nowhere);
    checked_as_paula(&mut h);
    h.msg(Msg::Copied(Copied::Osc52 {
        tmux: TmuxBuffer::DeletedAfter(30),
    }));
    h
}

/// Profile `work`'s stored session, which the server says is Paula's.
fn already_logged_in() -> Harness {
    let mut h = on_stored_session();
    checked_as_paula(&mut h);
    h
}

/// A login stored in a file, copied to the system clipboard, then saved as profile `paper` with `p`.
fn profile_saved() -> Harness {
    let in_file =
        || Placement::File("/home/alice/.local/state/autoshares-login/sessions/x.json".into());
    let mut h = saving_profiles();
    token_kept(&mut h, in_file());
    checked_as_paula(&mut h);
    h.msg(Msg::Copied(Copied::System { clear_after: 30 }));
    h.ctrl('p');
    h.enter("paper");
    h.msg(paper_saved(
        "/home/alice/.config/autoshares-login/config.toml".into(),
        in_file(),
    ));
    h
}

/// A step whose Reason takes three rows at 40 columns.
fn step_with_a_long_reason() -> Harness {
    let mut h = Harness::filled();
    h.log_in(expecting(
        "VerificationCode",
        "Expecting confirmation code: we sent six digits to the phone ending in 42, valid for 10 minutes",
    ));
    h
}

/// The failure screen of a login refused with `reason` at `step`.
fn refused(step: &str, reason: &str) -> Harness {
    let mut h = Harness::filled();
    h.log_in(failed(step, reason));
    h
}

fn password_expired() -> Harness {
    refused(
        "BaseAuthentication",
        "Your Password has expired and must be changed",
    )
}

fn no_pin() -> Harness {
    refused("SecutityPin", "PIN code is not init")
}

/// A proxy in front of the API answered its own HTML page.
fn proxy_page() -> Harness {
    let mut h = Harness::filled();
    h.log_in(Outcome::Fault(Fault::Server {
        status: 502,
        excerpt: "<html> <head><title>502 Bad Gateway</title></head> <body> <center><h1>502 Bad \
                  Gateway</h1></center> <hr><center>nginx</center> </body> </html>"
            .into(),
    }));
    h
}

/// Nothing listens at the URL: the error chain as the HTTP client gives it.
fn connection_refused() -> Harness {
    let mut h = Harness::filled();
    h.log_in(Outcome::Fault(Fault::Refused {
        detail: "error sending request for url (http://127.0.0.1:1/api/token): client error \
                 (Connect): tcp connect error: Connection refused (os error 111)"
            .into(),
    }));
    h
}

/// A screen and the lines of its card, as they read unwrapped (two leading spaces: indented); the first
/// `kept` are the most important, shown at every size from 40×12 on.
struct Case {
    name: &'static str,
    build: fn() -> Harness,
    lines: &'static [&'static str],
    kept: &'static [&'static str],
}

const WHO: &str = "✔ Logged in as alice";
const PAULA: &str = "  Paula Plain <paula@example.test>  (the server accepts the token)";
const PHRASE: &str = "Your phrase blue heron";
const FRESH_TOKEN: &str = "Token  ••••••••••••  (22 chars, Ctrl-S shows it)  #2c1668";
const EXPIRES: &str = "  It expires 2027-01-16 08:00 UTC (in 24 h 00 min).";
const NOT_STORED: &str = "  The token is not stored (store: none).";
const OSC52: &str = "Sent to your terminal with OSC 52 (your terminal must allow it).";
const TMUX: &str =
    "In tmux this needs `set -g set-clipboard on`; its paste buffer is deleted in 30 s.";
const STORED_AT: &str = "  at https://api.example.test/api";
const VALID_UNTIL: &str = "  stored token valid until 2027-01-15 13:00 UTC (in 5 h 00 min)";
const NOT_COPIED: &str = "Not copied yet: Ctrl-Y copies it.";
const IN_FILE: &str = "  Token stored in /home/alice/.local/state/autoshares-login/sessions/x.json (readable by you only).";
const COPIED: &str =
    "Copied to the system clipboard; it clears in 30 s unless you copy something else first.";
const SAVED: &str = "Saved as profile paper (now the default profile).";
const SAVED_WHERE: &str = "The profile is in /home/alice/.config/autoshares-login/config.toml; its app key and token are in /home/alice/.local/state/autoshares-login/sessions/x.json (readable by you only).";
const STEP: &str = "Step      VerificationCode  (step 1 of this login)";
const REASON: &str = "Reason    Expecting confirmation code: we sent six digits to the phone ending in 42, valid for 10 minutes";
const WANTS: &str = "Enter the code sent by email or SMS.";

const EXPIRED_HEADLINE: &str = "The password has expired.";
const EXPIRED_ADVICE: &str = "What to do  Change it in AutoShares Web Trader (or with the password reset), then log in with the new one. Press Enter to type the password again.";
const NO_PIN_HEADLINE: &str = "This user has no PIN set up yet.";
const NO_PIN_ADVICE: &str = "What to do  The server asks for one all the same: set up a PIN in Web Trader's security settings (or ask support to), then log in again.";
const PROXY_REASON: &str = "Reason    the server failed (HTTP 502): <html> <head><title>502 Bad Gateway</title></head> <body> <center><h1>502 Bad Gateway</h1></center> <hr><center>nginx</center> </body> </html>";
const PROXY_HEADLINE: &str =
    "The server at api.example.test:443 failed (HTTP 502); your login details are not the problem.";
const PROXY_ADVICE: &str = "What to do  The server or a proxy in front of it failed. Try again later, and send the report to support if it persists. Press Enter to try again.";
const BUSY_HEADLINE: &str = "The server asks to wait 30 s before the next try.";
const BUSY_ADVICE: &str = "What to do  Too many login requests: try again after the wait; retrying sooner only extends it.";
const REFUSED_REASON: &str = "Reason    connection refused: error sending request for url (http://127.0.0.1:1/api/token): client error (Connect): tcp connect error: Connection refused (os error 111)";
const REFUSED_HEADLINE: &str =
    "Could not connect to api.example.test:443: nothing is listening there. Is the URL right?";
const REFUSED_ADVICE: &str =
    "What to do  Check the host and port in the URL. Press Enter to correct the URL and try again.";
const NO_STATE: &str = "State     —";
const NO_STEP: &str = "Step      —";
const BASE_STEP: &str = "Step      BaseAuthentication";

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "small_fresh_login",
            build: fresh_login,
            lines: &[
                WHO,
                NOT_STORED,
                EXPIRES,
                PAULA,
                PHRASE,
                FRESH_TOKEN,
                OSC52,
                TMUX,
            ],
            kept: &[WHO, NOT_STORED, EXPIRES],
        },
        Case {
            name: "small_already_logged_in",
            build: already_logged_in,
            lines: &[
                WHO,
                STORED_AT,
                VALID_UNTIL,
                PAULA,
                "Token  ••••••••••••  (25 chars, Ctrl-S shows it)  #854c73",
                NOT_COPIED,
            ],
            kept: &[WHO, STORED_AT, VALID_UNTIL],
        },
        Case {
            name: "small_profile_saved",
            build: profile_saved,
            lines: &[
                WHO,
                IN_FILE,
                EXPIRES,
                PAULA,
                PHRASE,
                FRESH_TOKEN,
                COPIED,
                SAVED,
                SAVED_WHERE,
            ],
            kept: &[WHO, EXPIRES, SAVED],
        },
        Case {
            name: "small_step",
            build: step_with_a_long_reason,
            lines: &[WANTS, REASON, STEP],
            kept: &[WANTS, REASON, "› Code"],
        },
        Case {
            name: "small_failure_expired",
            build: password_expired,
            lines: &[
                EXPIRED_HEADLINE,
                EXPIRED_ADVICE,
                "HTTP      401",
                "State     Failed",
                BASE_STEP,
                "Reason    Your Password has expired and must be changed",
            ],
            kept: &[EXPIRED_HEADLINE, EXPIRED_ADVICE],
        },
        Case {
            name: "small_failure_no_pin",
            build: no_pin,
            lines: &[
                NO_PIN_HEADLINE,
                NO_PIN_ADVICE,
                "HTTP      401",
                "State     Failed",
                "Step      SecutityPin",
                "Reason    PIN code is not init",
            ],
            kept: &[NO_PIN_HEADLINE, NO_PIN_ADVICE],
        },
        Case {
            name: "small_failure_proxy",
            build: proxy_page,
            lines: &[
                PROXY_HEADLINE,
                PROXY_ADVICE,
                "HTTP      502",
                NO_STATE,
                NO_STEP,
                PROXY_REASON,
            ],
            kept: &[PROXY_HEADLINE, PROXY_ADVICE],
        },
        Case {
            name: "small_failure_busy",
            build: super::rate_limited_for_30_s,
            lines: &[
                BUSY_HEADLINE,
                BUSY_ADVICE,
                "HTTP      429",
                "State     Failed",
                BASE_STEP,
                "Reason    Too many login requests. Try again later.",
            ],
            kept: &[
                BUSY_HEADLINE,
                BUSY_ADVICE,
                "The server welcomes a retry in 30 s",
            ],
        },
        Case {
            name: "small_failure_refused",
            build: connection_refused,
            lines: &[
                REFUSED_HEADLINE,
                REFUSED_ADVICE,
                "HTTP      — (no answer)",
                NO_STATE,
                NO_STEP,
                REFUSED_REASON,
            ],
            kept: &[REFUSED_HEADLINE, REFUSED_ADVICE],
        },
    ]
}

/// `text` (a line, or a screen's rows in quotes) without quotes, card borders or blanks: the same
/// whichever way the text wrapped, a long path broken mid-word included.
fn squeezed(text: &str) -> String {
    let rows = text.lines().map(|row| row.trim_matches('"'));
    rows.flat_map(str::chars)
        .filter(|c| !c.is_whitespace() && *c != '│')
        .collect()
}

/// The card's rows with nothing on them.
fn empty_card_rows(screen: &str) -> u16 {
    let rows = screen.lines().map(|row| row.trim_matches(['"', ' ']));
    let inside = rows
        .skip_while(|row| !row.starts_with('╭'))
        .skip(1)
        .take_while(|row| !row.starts_with('╰'));
    let empty = inside.filter(|row| row.trim_matches(['│', ' ']).is_empty());
    u16::try_from(empty.count()).unwrap()
}

/// The rows `line` takes in a card `width` columns wide (its border and padding left out).
fn rows_needed(line: &str, width: u16) -> u16 {
    let content = width.min(80) - 4;
    let (text, indent) = match line.strip_prefix("  ") {
        Some(text) => (text, 2),
        None => (line, 0),
    };
    let paragraph = Paragraph::new(text).wrap(Wrap { trim: true });
    u16::try_from(paragraph.line_count(content - indent)).unwrap()
}

/// What is wrong with `screen` of `case` at `width`: a line cut mid-way, a kept line missing, or a
/// line hidden while enough rows are empty to show it.
fn faults(case: &Case, screen: &str, width: u16) -> Vec<String> {
    let text = squeezed(screen);
    let empty = empty_card_rows(screen);
    let mut faults = Vec::new();
    for line in case.lines {
        let whole = squeezed(line);
        let start: String = whole.chars().take(14).collect();
        let shown = text.contains(&whole);
        if !shown && text.contains(&start) {
            faults.push(format!("cut mid-way: {line:?}"));
        }
        if !shown && rows_needed(line, width) <= empty {
            faults.push(format!("hidden, though {empty} rows are empty: {line:?}"));
        }
    }
    for line in case.kept {
        if !text.contains(&squeezed(line)) {
            faults.push(format!("missing: {line:?}"));
        }
    }
    faults
}

#[test]
fn small_screens_keep_their_key_lines_whole_and_use_every_row() {
    for case in cases() {
        let h = (case.build)();
        for (width, height) in SMALL_SIZES {
            let screen = h.render(width, height);
            let faults = faults(&case, &screen, width);
            assert!(
                faults.is_empty(),
                "{} at {width}x{height}: {faults:#?}\n{screen}",
                case.name
            );
            insta::assert_snapshot!(format!("{}_{width}x{height}", case.name), screen);
        }
    }
}

#[test]
fn at_every_size_from_40x12_to_100x30_no_line_is_cut_and_the_key_lines_show() {
    for case in cases() {
        let h = (case.build)();
        for width in 40..=100 {
            for height in 12..=30 {
                let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
                terminal.draw(|frame| tui::draw(&h.app, frame)).unwrap();
                let screen = terminal.backend().to_string();
                let faults = faults(&case, &screen, width);
                assert!(
                    faults.is_empty(),
                    "{} at {width}x{height}: {faults:#?}\n{screen}",
                    case.name
                );
            }
        }
    }
}

/// The card's top border in `screen`.
fn top_border(screen: &str) -> String {
    let row = screen.lines().find(|row| row.contains('╭')).unwrap();
    row.trim_matches(['"', ' ']).to_string()
}

#[test]
fn narrow_titles_drop_the_profile_and_the_tag_whole_before_cutting_the_name() {
    let on_profile_work = |s: &mut Start| s.profile = super::profile(Some("work"), filled_form());
    let demo = || vec![demo_user("plain", "", "", "Password only")];
    let mut h = Harness::adjusted(filled_form(), demo(), on_profile_work);
    let mut borders = Vec::new();
    for width in [80, 40, 30] {
        borders.push(top_border(&h.render(width, 24)));
    }
    h.log_in(Outcome::Fault(Fault::Refused {
        detail: "tcp connect error".into(),
    }));
    for width in [80, 40, 30] {
        borders.push(top_border(&h.render(width, 24)));
    }
    for border in &borders {
        let title = border.trim_start_matches("╭ ");
        let end = title.find(" ─").or_else(|| title.find(" ╮")).unwrap();
        let title = &title[..end];
        let whole = [
            "AutoShares login · profile work",
            "AutoShares login · work",
            "AutoShares login",
            "The server could not be used · profile work",
            "The server could not be used · work",
            "The server could not be used",
        ];
        assert!(
            whole.contains(&title) || title.ends_with('…') && !title.contains('·'),
            "a title cut, or cut with its profile: {border}"
        );
        let tag_whole_or_gone = border.contains(" sandbox ╮") || !border.contains("sand");
        assert!(border.ends_with('╮') && tag_whole_or_gone, "{border}");
    }
    assert!(
        borders[2].contains(" · work "),
        "at 30 columns the profile is named before the tag shows: {}",
        borders[2]
    );
    insta::assert_snapshot!("narrow_titles", borders.join("\n"));
}

/// The form's rows in `screen`, inside the card, without its borders.
fn form_rows(screen: &str) -> Vec<String> {
    let rows = screen.lines().map(|row| row.trim_matches('"'));
    let inside = rows
        .skip_while(|row| !row.contains('╭'))
        .skip(1)
        .take_while(|row| !row.contains('╰'));
    inside
        .map(|row| row.trim_matches([' ', '│']).to_string())
        .collect()
}

#[test]
fn on_a_short_terminal_the_form_scrolls_to_keep_the_focused_field_in_view() {
    let mut h = Harness::filled();
    assert_eq!(h.app.form().focus(), FieldId::Pin);
    // Each size, its fields in view as the focus walks from the PIN round with Tab.
    for (width, height) in [(24, 7), (30, 7), (30, 8)] {
        for (focus, hint) in [
            (FieldId::Pin, "↑"),
            (FieldId::Url, "↓"),
            (FieldId::AppKey, "↓"),
            (FieldId::Username, "↓"),
            (FieldId::Password, "↓"),
        ] {
            assert_eq!(h.app.form().focus(), focus);
            let screen = h.render(width, height);
            let rows = form_rows(&screen);
            let focused = format!("› {}", focus.label());
            assert!(
                rows.iter().any(|row| row.starts_with(&focused)),
                "{focused:?} in view at {width}x{height}:\n{screen}"
            );
            let shown = rows.iter().filter(|row| !row.is_empty()).count();
            if shown < FieldId::ALL.len() {
                assert!(
                    rows.iter().any(|row| row.ends_with(hint)),
                    "{hint:?} says more fields are out of view at {width}x{height}:\n{screen}"
                );
            }
            h.key(KeyCode::Tab);
        }
    }
    h.type_text("12");
    let screen = h.render(24, 7);
    assert!(
        form_rows(&screen)
            .iter()
            .any(|row| row.starts_with("› PIN") && row.contains("••")),
        "what is typed shows in the focused field:\n{screen}"
    );
    insta::assert_snapshot!("form_24x7_pin", screen);
    h.key(KeyCode::BackTab);
    h.key(KeyCode::BackTab);
    h.key(KeyCode::BackTab);
    h.key(KeyCode::BackTab);
    insta::assert_snapshot!("form_24x7_url", h.render(24, 7));
    insta::assert_snapshot!("form_30x8_url", h.render(30, 8));
}

#[test]
fn on_a_short_terminal_the_form_keeps_rows_for_its_message_under_the_focused_field() {
    let without_password = Prefill {
        password: None,
        ..filled_form()
    };
    let mut h = Harness::new(without_password, Vec::new());
    assert!(h.key(KeyCode::Enter).is_empty(), "nothing sent");
    for (width, height) in [(24, 7), (30, 7), (30, 8)] {
        let screen = h.render(width, height);
        let rows = form_rows(&screen);
        assert!(
            rows.iter().any(|row| row.starts_with("› Password")),
            "the blamed field at {width}x{height}:\n{screen}"
        );
        assert!(
            folded(&screen).contains("⚠ Required: the password"),
            "its message at {width}x{height}:\n{screen}"
        );
    }
    insta::assert_snapshot!("form_24x7_message", h.render(24, 7));
}

#[test]
fn a_reason_taller_than_the_card_shows_its_beginning_below_the_whole_headline_and_advice() {
    let mut h = Harness::filled();
    h.log_in(Outcome::Fault(Fault::Server {
        status: 502,
        excerpt: "<p>upstream timed out</p> ".repeat(40),
    }));
    for (width, height) in [(40, 12), (80, 24)] {
        let screen = h.render(width, height);
        let text = squeezed(&screen);
        assert!(
            text.contains(&squeezed(
                "Reason    the server failed (HTTP 502): <p>upstream"
            )),
            "the Reason's beginning at {width}x{height}:\n{screen}"
        );
        assert!(
            text.contains(&squeezed(PROXY_HEADLINE)) && text.contains(&squeezed(PROXY_ADVICE)),
            "what happened and the advice, whole at {width}x{height}:\n{screen}"
        );
        assert_eq!(empty_card_rows(&screen), 0, "every row used:\n{screen}");
    }
    insta::assert_snapshot!(
        "failure_reason_taller_than_the_card_40x12",
        h.render(40, 12)
    );
}
