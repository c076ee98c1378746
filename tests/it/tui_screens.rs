//! Every TUI screen driven by keys and messages into a TestBackend, at 80×24 and 40×12; every render is
//! also checked for colours that read on only a dark or only a light background.

use std::time::{Duration, Instant, SystemTime};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use autoshares_login::auth::wire::{Expecting, Failure, Fault, Outcome, Success};
use autoshares_login::auth::{CheckError, ClientOptions, UserInfo};
use autoshares_login::clipboard::{ClipboardMode, Copied, Copier, Environment, TmuxBuffer};
use autoshares_login::diag::RunContext;
use autoshares_login::diag::report::{Replaced, Written};
use autoshares_login::diag::{Exchange, OutcomeKind};
use autoshares_login::exit::Exit;
use autoshares_login::session::Layer;
use autoshares_login::tui::{
    self, App, BarEntry, DemoUser, Effect, FieldId, Msg, Now, Prefill, Profile, RequestId, Screen,
    Start,
};
use secrecy::ExposeSecret;

use crate::key_probes;
use crate::screen_colours;
use crate::screen_text;
use key_probes::{example, probe_keys};
use screen_colours::unreadable_cells;
use screen_text::folded;

const SIZES: [(u16, u16); 2] = [(80, 24), (40, 12)];

struct Harness {
    app: App,
    start: Now,
    /// The time of the next message.
    now: Now,
    sent: Vec<RequestId>,
    /// What the app asked for as it started (a stored token's check).
    started: Vec<Effect>,
    /// The token checks sent, oldest first.
    checks: Vec<RequestId>,
}

/// A profile named `name` that fills the form with `prefill`; nothing stored, copies by OSC 52 (which
/// a profile saved from it keeps).
fn profile(name: Option<&str>, prefill: Prefill) -> Profile {
    Profile {
        name: name.map(str::to_string),
        prefill,
        client: ClientOptions {
            timeout: Duration::from_secs(30),
            cacert: None,
            allow_http: false,
        },
        // Never carried out here: the harness only looks at the effects `update` returns.
        copier: Copier::new(ClipboardMode::Osc52, Environment::default(), 30),
        keep: None,
        stored: None,
        expiring: None,
        store_read: true,
        beyond_defaults: Layer {
            clipboard: Some(ClipboardMode::Osc52),
            ..Layer::default()
        },
        context: RunContext::default(),
    }
}

impl Harness {
    fn new(prefill: Prefill, demo_users: Vec<DemoUser>) -> Self {
        Harness::adjusted(prefill, demo_users, |_| {})
    }

    /// A harness whose settings `adjust` changed (a profile, a store).
    fn adjusted(
        prefill: Prefill,
        demo_users: Vec<DemoUser>,
        adjust: impl FnOnce(&mut Start),
    ) -> Self {
        let start = Now {
            instant: Instant::now(),
            wall: SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000),
        };
        let mut settings = Start {
            profile: profile(None, prefill),
            profiles: Vec::new(),
            config_path: None,
            demo_users,
            report_path: None,
            // Times on screen read the same wherever the tests run.
            time_zone: autoshares_login::session::LocalZone::Fixed(jiff::tz::TimeZone::UTC),
            script: None,
        };
        adjust(&mut settings);
        let mut app = App::new(settings, start);
        let started = app.start();
        let mut h = Harness {
            app,
            start,
            now: start,
            sent: Vec::new(),
            started: Vec::new(),
            checks: Vec::new(),
        };
        h.note_requests(&started);
        h.started = started;
        h
    }

    fn filled() -> Self {
        Harness::new(filled_form(), Vec::new())
    }

    /// Moves the clock to `millis` after the start; the next message (a `Tick` at least) tells the app.
    fn at(&mut self, millis: u64) -> &mut Self {
        let later = Duration::from_millis(millis);
        self.now = Now {
            instant: self.start.instant + later,
            wall: self.start.wall + later,
        };
        self
    }

    fn msg(&mut self, msg: Msg) -> Vec<Effect> {
        let effects = self.app.update(msg, self.now);
        self.note_requests(&effects);
        effects
    }

    /// Notes the ids of the logins and token checks that `effects` send, for the answers.
    fn note_requests(&mut self, effects: &[Effect]) {
        for effect in effects {
            match effect {
                Effect::Send { id, .. } => self.sent.push(*id),
                Effect::CheckToken { id, .. } => self.checks.push(*id),
                _ => {}
            }
        }
    }

    fn key(&mut self, code: KeyCode) -> Vec<Effect> {
        self.msg(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
    }

    fn ctrl(&mut self, c: char) -> Vec<Effect> {
        self.msg(Msg::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::CONTROL,
        )))
    }

    fn type_text(&mut self, text: &str) {
        text.chars().for_each(|c| {
            self.key(KeyCode::Char(c));
        });
    }

    /// Types `text` and presses Enter.
    fn enter(&mut self, text: &str) -> Vec<Effect> {
        self.type_text(text);
        self.key(KeyCode::Enter)
    }

    /// Presses Enter on the filled form, and the server answers the login with `outcome`.
    fn log_in(&mut self, outcome: Outcome) -> Vec<Effect> {
        self.key(KeyCode::Enter);
        self.answer(outcome)
    }

    /// Enters `factor` on the step screen, and the server answers it with `outcome`.
    fn step_answered(&mut self, factor: &str, outcome: Outcome) -> Vec<Effect> {
        self.enter(factor);
        self.answer(outcome)
    }

    /// Answers the latest request with `outcome`.
    fn answer(&mut self, outcome: Outcome) -> Vec<Effect> {
        let id = *self.sent.last().expect("a request was sent");
        self.answer_request(id, outcome)
    }

    fn answer_request(&mut self, id: RequestId, outcome: Outcome) -> Vec<Effect> {
        let mut sent = vec![
            ("Et-App-Key", "sandbox-app-key"),
            ("Username", "alice"),
            ("Password", "correct horse"),
        ];
        // A follow-up (sent from a step) carries the interim token back, as the real flow's does.
        if matches!(self.app.screen(), Screen::Step(_)) {
            sent.push(("Authorization", "Bearer INTERIM"));
        }
        let mut exchange = Exchange::request(
            SystemTime::UNIX_EPOCH,
            "POST",
            "https://api.example.test/api/token",
            &sent,
        );
        let status = match &outcome {
            Outcome::Succeeded(_) => Some(200),
            Outcome::Expecting(_) => Some(202),
            Outcome::Failed(f) => Some(f.status),
            Outcome::Fault(f) => f.status(),
        };
        if let Some(status) = status {
            let body = format!(
                r#"{{"State":"…","Step":"{}","Token":"INTERIM"}}"#,
                outcome.step().unwrap_or("")
            );
            exchange.record_response(
                status,
                &[("Content-Type", "application/json")],
                body.as_bytes(),
            );
        }
        exchange.finish(
            Duration::from_millis(42),
            outcome.step(),
            outcome.kind(),
            outcome.summary(),
        );
        self.msg(Msg::Answered {
            id,
            outcome,
            exchange: Box::new(exchange),
        })
    }

    /// The filled form sent, answered with an HTTP 500 whose response `record` writes, and the timeline
    /// (F2) opened on it.
    fn in_timeline_of_a_500(record: impl FnOnce(&mut Exchange)) -> Harness {
        let mut h = Harness::filled();
        h.key(KeyCode::Enter);
        let id = *h.sent.last().expect("a request was sent");
        let url = "https://api.example.test/api/token";
        let mut exchange = Exchange::request(SystemTime::UNIX_EPOCH, "POST", url, &[]);
        record(&mut exchange);
        exchange.finish(
            Duration::from_millis(9),
            None,
            OutcomeKind::Fault,
            "HTTP 500".into(),
        );
        let outcome = Outcome::Fault(Fault::Server {
            status: 500,
            excerpt: "…".into(),
        });
        let exchange = Box::new(exchange);
        h.msg(Msg::Answered {
            id,
            outcome,
            exchange,
        });
        h.key(KeyCode::F(2));
        h
    }

    /// The server's answer to the success screen's token check.
    fn token_checked(&mut self, result: Result<UserInfo, CheckError>) {
        let url = "https://api.example.test/api/v1.0/users/@me/info";
        let exchange = Exchange::request(SystemTime::UNIX_EPOCH, "GET", url, &[]);
        let id = *self.checks.last().expect("a token check was sent");
        self.msg(Msg::TokenChecked {
            id,
            result,
            exchange: Box::new(exchange),
        });
    }

    /// The screen as text; every cell's colours are checked on the way (see [`unreadable_cells`]).
    fn render(&self, width: u16, height: u16) -> String {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal.draw(|frame| tui::draw(&self.app, frame)).unwrap();
        let unreadable = unreadable_cells(terminal.backend().buffer());
        assert!(
            unreadable.is_empty(),
            "at {width}x{height}, text in colours that read on only one background: {unreadable:?}"
        );
        terminal.backend().to_string()
    }

    /// Snapshots the screen at both sizes, and checks the key bar: the key to the help popup at any
    /// size, and at 80 columns the screen's most important key, each with what it does.
    fn snapshot(&self, name: &str) {
        let map = self.app.key_map();
        let said = |entry: Option<BarEntry>| entry.map(|e| format!("{} {}", e.keys, e.word));
        let help = said(map.iter().filter_map(|b| b.bar).find(|e| e.always));
        let help = help.expect("a key always in the bar");
        let first = said(map[0].bar).expect("the first key is in the bar");
        for (width, height) in SIZES {
            let screen = self.render(width, height);
            let key_bar = screen.lines().last().unwrap_or_default();
            assert!(
                key_bar.contains(&help),
                "{name} at {width}x{height}: {help:?} missing from {key_bar}"
            );
            assert!(
                width < 80 || key_bar.contains(&first),
                "{name}: {first:?} missing from {key_bar}"
            );
            insta::assert_snapshot!(format!("{name}_{width}x{height}"), screen);
        }
    }
}

fn expecting(step: &str, reason: &str) -> Outcome {
    Outcome::Expecting(Expecting {
        step: step.into(),
        reason: reason.into(),
        interim_token: "INTERIM".to_string().into(),
    })
}

fn failed(step: &str, reason: &str) -> Outcome {
    Outcome::Failed(Failure {
        status: 401,
        step: step.into(),
        reason: reason.into(),
    })
}

/// The value of header `name` in the request that `effects` send.
fn sent_header(effects: &[Effect], name: &str) -> Option<String> {
    match effects {
        [Effect::Send { request, .. }] => request.header(name).map(str::to_string),
        other => panic!("expected one request to be sent, got {other:?}"),
    }
}

fn demo_user(username: &str, pin: &str, code: &str, description: &str) -> DemoUser {
    DemoUser {
        username: username.into(),
        password: "sandbox".into(),
        pin: pin.into(),
        code: code.into(),
        description: description.into(),
    }
}

fn filled_form() -> Prefill {
    Prefill {
        url: Some("https://api.example.test/api".into()),
        app_key: Some("sandbox-app-key".into()),
        username: Some("alice".into()),
        password: Some("correct horse".into()),
    }
}

fn succeeded() -> Outcome {
    Outcome::Succeeded(Success {
        token: "FINAL-TOKEN-0123456789".to_string().into(),
        personal_phrase: Some("blue heron".into()),
    })
}

#[test]
fn empty_form_focuses_the_url() {
    let h = Harness::new(Prefill::default(), Vec::new());
    assert_eq!(h.app.form().focus(), FieldId::Url);
    h.snapshot("form_empty");
}

/// What is typed while a request is under way goes into the next step's input (a quick typist loses
/// nothing), and the step says so: a password retyped there would otherwise be sent unseen in front of
/// the code.
#[test]
fn text_typed_while_waiting_lands_in_the_step_which_says_so_and_ctrl_u_clears_it() {
    let mut h = Harness::filled();
    h.key(KeyCode::Enter);
    h.type_text("sandbox");
    h.answer(expecting("VerificationCode", "Expecting confirmation code"));
    let said = "The field starts with 7 characters typed while waiting: Ctrl-U clears them.";
    let screen = h.render(80, 24);
    assert!(screen.contains("•••••••"), "{screen}");
    sessions::shows_whole(&screen, &[said]);
    h.ctrl('u');
    assert!(!h.render(80, 24).contains("typed while"));
    h.type_text("123456");
    let sent = h.key(KeyCode::Enter);
    assert_eq!(
        sent_header(&sent, "VerificationCode").as_deref(),
        Some("123456")
    );
}

/// A `--demo` form filled for the sandbox's `pin-code` user (a PIN, then a code).
fn demo_pin_code() -> Harness {
    let users = vec![demo_user("pin-code", "1234", "123456", "PIN, then a code")];
    Harness::new(
        Prefill {
            url: Some("http://127.0.0.1:4000/api".into()),
            app_key: Some("sandbox-app-key".into()),
            username: Some("pin-code".into()),
            password: Some("sandbox".into()),
        },
        users,
    )
}

#[test]
fn demo_form_lists_the_sandbox_users_in_the_help_popup() {
    let mut h = demo_pin_code();
    h.snapshot("form_demo");
    h.key(KeyCode::F(1));
    assert!(h.render(80, 24).contains("Sandbox users"));
    h.snapshot("help_popup_demo");
    // Below the keys, a page down at 80×24 (the step screen names the PIN and code itself).
    h.key(KeyCode::End);
    let normal = h.render(80, 24);
    assert!(
        normal.contains("pin-code  sandbox   1234  123456") && normal.contains("PIN, then a code"),
        "the user and its scenario:\n{normal}"
    );
    assert!(
        normal.contains("↑ more (PgUp)") && !normal.contains("↓ more"),
        "scrolled to the end, the marker says what is above:\n{normal}"
    );
    h.key(KeyCode::Esc);
    assert!(!h.app.help_open());
}

#[test]
fn a_demo_step_says_what_the_sandbox_user_types() {
    let mut h = demo_pin_code();
    h.log_in(expecting("SecutityPin", "Expecting pin code"));
    let pin = h.render(80, 24);
    assert!(
        pin.contains("--demo: the sandbox's PIN for pin-code is 1234"),
        "on the step screen, not a page down in F1:\n{pin}"
    );
    h.snapshot("step_demo");
    h.step_answered(
        "1234",
        expecting("VerificationCode", "Expecting confirmation code"),
    );
    let code = h.render(80, 24);
    assert!(
        code.contains("--demo: the sandbox's verification code for pin-code is 123456"),
        "{code}"
    );
}

/// The text rows of the help popup on a terminal 40 columns wide, which the popup spans.
fn help_rows(screen: &str) -> Vec<String> {
    let rows: Vec<&str> = screen.lines().map(|l| l.trim_matches('"')).collect();
    let top = rows.iter().position(|r| r.starts_with("╭ Help"));
    let top = top.unwrap_or_else(|| panic!("no help popup:\n{screen}"));
    rows[top + 1..]
        .iter()
        .take_while(|r| !r.starts_with('╰'))
        .map(|r| r.trim_matches('│').trim().to_string())
        .collect()
}

#[test]
fn on_a_small_terminal_the_help_scrolls_down_to_the_last_sandbox_user_and_back() {
    let users = vec![
        demo_user("plain", "–", "–", "Password only"),
        demo_user("pin", "1234", "–", "A PIN step"),
        demo_user("code", "–", "123456", "A code step"),
        demo_user("busy", "–", "–", "Rate-limited"),
    ];
    let mut h = Harness::new(filled_form(), users);
    h.key(KeyCode::F(1));
    let top = h.render(40, 12);
    let first = help_rows(&top);
    assert!(
        first[0].starts_with("Enter"),
        "the first key on top:\n{top}"
    );
    assert!(
        top.contains("↓ more (PgDn)") && !top.contains("↑ more"),
        "the cut-off help says so:\n{top}"
    );
    assert!(!top.contains("Rate-limited"));

    h.key(KeyCode::PageDown);
    let page = help_rows(&h.render(40, 12));
    assert_eq!(
        page[0],
        first[first.len() - 1],
        "a page down keeps the last line in view, on top"
    );

    h.key(KeyCode::End);
    let end = h.render(40, 12);
    let last = help_rows(&end);
    assert_eq!(last[last.len() - 2], "busy   sandbox   –     –", "{end}");
    assert_eq!(last[last.len() - 1], "Rate-limited", "{end}");
    assert!(
        end.contains("↑ more (PgUp)") && !end.contains("↓ more"),
        "at the end the marker points up:\n{end}"
    );
    h.key(KeyCode::PageDown);
    assert_eq!(h.render(40, 12), end, "nothing lies past the end");

    h.key(KeyCode::Up);
    let up = help_rows(&h.render(40, 12));
    assert_eq!(
        up[1..],
        last[..last.len() - 1],
        "↑ after End and PgDn moves up a line at once"
    );

    h.key(KeyCode::Esc);
    h.key(KeyCode::F(1));
    assert_eq!(h.render(40, 12), top, "reopened, the help starts on top");
}

#[test]
fn a_missing_field_gets_the_focus_and_a_message() {
    let mut h = Harness::new(
        Prefill {
            url: Some("https://api.example.test/api".into()),
            app_key: Some("k".into()),
            username: None,
            password: None,
        },
        Vec::new(),
    );
    h.key(KeyCode::Tab);
    assert!(h.enter("pw").is_empty(), "nothing is sent");
    assert_eq!(h.app.form().focus(), FieldId::Username);
    h.snapshot("form_missing_username");
}

#[test]
fn a_value_no_header_can_carry_is_blamed_on_its_field_and_not_sent() {
    let cases = [
        ("ali\rce-zK", "correct horse", FieldId::Username, "username"),
        ("alice", "pass\nword-zK", FieldId::Password, "password"),
        ("alice", " padded-zK", FieldId::Password, "space"),
    ];
    for (username, password, field, said) in cases {
        let mut h = Harness::new(
            Prefill {
                url: Some("https://api.example.test/api".into()),
                app_key: Some("sandbox-app-key".into()),
                username: Some(username.into()),
                password: Some(password.to_string().into()),
            },
            Vec::new(),
        );
        assert!(h.key(KeyCode::Enter).is_empty(), "nothing is sent");
        assert_eq!(h.app.form().focus(), field);
        let message = h.app.form().message().expect("an inline message");
        assert!(message.contains(said), "{message}");
        assert!(!message.contains("zK"), "the value is not shown: {message}");
    }
}

#[test]
fn a_url_with_credentials_typed_in_the_form_is_refused_without_repeating_them() {
    let mut h = Harness::new(
        Prefill {
            url: Some("https://alice:URL-SECRET-zK@api.example.test/api".into()),
            app_key: Some("sandbox-app-key".into()),
            username: Some("alice".into()),
            password: Some("correct horse".into()),
        },
        Vec::new(),
    );
    assert!(h.key(KeyCode::Enter).is_empty(), "nothing is sent");
    assert_eq!(h.app.form().focus(), FieldId::Url);
    let message = h.app.form().message().expect("an inline message");
    assert!(message.contains("username or password"), "{message}");
    assert!(!message.contains("URL-SECRET"), "{message}");
}

#[test]
fn a_step_answer_with_a_control_character_gets_a_message_and_is_not_sent() {
    let mut h = Harness::filled();
    h.log_in(expecting("VerificationCode", "Expecting confirmation code"));
    assert!(h.enter("12\u{85}34").is_empty(), "nothing is sent");
    h.snapshot("step_control_character");
    let screen = h.render(80, 24);
    assert!(screen.contains("control character"), "{screen}");
    h.key(KeyCode::Backspace);
    h.key(KeyCode::Backspace);
    h.key(KeyCode::Backspace);
    let effects = h.enter("34");
    assert_eq!(
        sent_header(&effects, "VerificationCode").as_deref(),
        Some("1234"),
        "the control character and what followed it erased, 34 typed again"
    );
}

#[test]
fn waiting_shows_a_spinner_and_the_elapsed_time() {
    let mut h = Harness::filled();
    let effects = h.key(KeyCode::Enter);
    assert!(
        matches!(effects.as_slice(), [Effect::Send { config, .. }] if config.url == "https://api.example.test/api")
    );
    h.at(1500).msg(Msg::Tick);
    assert!(h.render(80, 24).contains("Waiting for the server… 1.5 s"));
    assert_eq!(
        h.app.tick_period(),
        Some(Duration::from_millis(100)),
        "the spinner needs ticks"
    );
    h.snapshot("waiting");
}

#[test]
fn esc_cancels_and_the_late_answer_is_ignored() {
    let mut h = Harness::filled();
    h.key(KeyCode::Enter);
    let id = h.sent[0];
    assert!(
        matches!(h.key(KeyCode::Esc).as_slice(), [Effect::Cancel(cancelled)] if *cancelled == id)
    );
    assert!(h.app.in_flight().is_none());
    let cancelled = &h.app.exchanges()[0];
    assert!(
        cancelled.outcome.starts_with("Cancelled by the user"),
        "the timeline keeps the cancelled request"
    );
    assert_eq!(cancelled.status, None);
    assert!(
        cancelled
            .request_headers
            .iter()
            .any(|(n, v)| n == "Password" && v == "[redacted]")
    );
    h.answer_request(id, succeeded());
    assert!(
        matches!(h.app.screen(), Screen::Form),
        "a cancelled request's answer changes nothing"
    );
    assert!(h.render(80, 24).contains("Request cancelled"));
    assert_eq!(h.app.tick_period(), None, "an idle form needs no ticks");
}

#[test]
fn step_screen_shows_step_reason_factor_and_header() {
    let mut h = Harness::filled();
    h.log_in(expecting("VerificationCode", "Expecting confirmation code"));
    h.snapshot("step_code");
    h.type_text("12");
    let screen = h.render(80, 24);
    assert!(
        screen.contains("••") && !screen.contains("12 "),
        "the code is masked"
    );
}

#[test]
fn a_reasked_step_shows_the_new_reason_with_an_empty_input() {
    let mut h = Harness::filled();
    h.log_in(expecting("VerificationCode", "Expecting confirmation code"));
    let effects = h.enter("000000");
    assert_eq!(
        sent_header(&effects, "VerificationCode").as_deref(),
        Some("000000")
    );
    h.answer(expecting("VerificationCode", "Invalid verification code"));
    assert!(
        !h.render(80, 24).contains("••••••"),
        "the input starts empty"
    );
    h.snapshot("step_reasked");
}

#[test]
fn an_unknown_step_lets_the_user_switch_the_header() {
    let mut h = Harness::filled();
    h.log_in(expecting(
        "SecurityQuestion",
        "Answer your security question: first pet's name",
    ));
    h.key(KeyCode::Tab);
    h.snapshot("step_unknown_as_pin");
    let effects = h.enter("rex");
    assert_eq!(sent_header(&effects, "PinCode").as_deref(), Some("rex"));
}

#[test]
fn an_unknown_step_answered_as_a_pin_leaves_the_pin_of_the_form_alone() {
    let mut h = Harness::filled();
    assert_eq!(h.app.form().focus(), FieldId::Pin, "the only empty field");
    let first = h.enter("4321");
    assert_eq!(sent_header(&first, "PinCode").as_deref(), Some("4321"));
    h.answer(expecting("SecurityQuestion", "first pet's name"));
    h.key(KeyCode::Tab);
    let answered = h.enter("rex");
    assert_eq!(sent_header(&answered, "PinCode").as_deref(), Some("rex"));
    h.answer(expecting("VerificationCode", "Expecting confirmation code"));
    let later = h.enter("123456");
    assert_eq!(
        sent_header(&later, "PinCode").as_deref(),
        Some("4321"),
        "the PIN typed on the form, not the question's answer"
    );
}

#[test]
fn esc_on_a_step_abandons_the_login() {
    let mut h = Harness::filled();
    h.log_in(expecting("SecutityPin", "Expecting pin code"));
    h.key(KeyCode::Esc);
    assert!(matches!(h.app.screen(), Screen::Form));
    assert!(
        h.render(80, 24)
            .contains("Login abandoned at step SecutityPin")
    );
}

#[test]
fn failure_returns_to_the_form_with_the_culprit_focused() {
    let mut h = Harness::filled();
    h.log_in(failed("BaseAuthentication", "Invalid credentials"));
    h.snapshot("failure_credentials");
    h.key(KeyCode::Enter);
    assert!(matches!(h.app.screen(), Screen::Form));
    assert_eq!(h.app.form().focus(), FieldId::Password);
    assert_eq!(
        h.app.form().value(FieldId::Password),
        "",
        "the refused password is emptied"
    );
    for (field, kept) in [
        (FieldId::Url, "https://api.example.test/api"),
        (FieldId::AppKey, "sandbox-app-key"),
        (FieldId::Username, "alice"),
    ] {
        assert_eq!(h.app.form().value(field), kept, "{field:?} is kept");
    }
    h.type_text("right");
    assert_eq!(
        h.app.form().value(FieldId::Password),
        "right",
        "the new password is not appended to the refused one"
    );
}

#[test]
fn a_refused_pin_is_emptied_and_the_password_kept() {
    let mut h = Harness::filled();
    assert_eq!(h.app.form().focus(), FieldId::Pin, "the first empty field");
    h.type_text("9999");
    h.log_in(failed("SecutityPin", "Invalid pin"));
    h.key(KeyCode::Esc);
    assert_eq!(h.app.form().focus(), FieldId::Pin);
    assert_eq!(h.app.form().value(FieldId::Pin), "");
    assert_eq!(h.app.form().value(FieldId::Password), "correct horse");
}

#[test]
fn rate_limiting_counts_down_the_retry_after() {
    let mut h = rate_limited_for_30_s();
    assert!(h.render(80, 24).contains("retry in 30 s"));
    h.at(12_200).msg(Msg::Tick);
    assert!(h.render(80, 24).contains("retry in 18 s"));
    h.snapshot("failure_rate_limited");
    let screen = h.render(80, 24);
    for shown in ["State     Failed", "Step      BaseAuthentication"] {
        assert!(screen.contains(shown), "{shown:?} in\n{screen}");
    }

    assert!(h.key(KeyCode::Enter).is_empty(), "Enter sends nothing");
    assert!(matches!(h.app.screen(), Screen::Failure(_)));
    assert!(
        folded(&h.render(80, 24))
            .contains("Nothing was sent: the server welcomes a retry in 18 s.")
    );
    h.key(KeyCode::Esc);
    assert!(matches!(h.app.screen(), Screen::Form), "Esc edits the form");
    h.at(20_000);
    assert!(h.key(KeyCode::Enter).is_empty(), "no resend from the form");
    assert_eq!(
        h.app.form().message(),
        Some("The server asked to wait: 10 s left before a new login (nothing was sent).")
    );
    h.at(24_500).msg(Msg::Tick);
    assert_eq!(
        h.app.form().message(),
        Some("The server asked to wait: 6 s left before a new login (nothing was sent)."),
        "the form's message counts down"
    );

    h.at(31_000).msg(Msg::Tick);
    assert_eq!(h.app.form().message(), None, "the wait is over");
    assert_eq!(h.app.tick_period(), None, "the countdown is over");
    let resent = h.key(KeyCode::Enter);
    assert!(
        resent.iter().any(|e| matches!(e, Effect::Send { .. })),
        "after the wait Enter logs in again"
    );
}

#[test]
fn after_enter_the_wait_is_told_once_counting_down_and_gone_when_over() {
    let mut h = rate_limited_for_30_s();
    h.at(1_000).key(KeyCode::Enter);
    for (millis, said) in [
        (
            1_000,
            "Nothing was sent: the server welcomes a retry in 29 s.",
        ),
        (
            12_200,
            "Nothing was sent: the server welcomes a retry in 18 s.",
        ),
    ] {
        h.at(millis).msg(Msg::Tick);
        for (width, height) in [(80, 24), (40, 12)] {
            let screen = folded(&h.render(width, height));
            assert!(
                screen.contains(said),
                "{said:?} at {width}x{height}:\n{screen}"
            );
            assert!(
                !screen.contains("asked to wait"),
                "no other time left:\n{screen}"
            );
        }
    }
    h.at(31_000).msg(Msg::Tick);
    let screen = folded(&h.render(80, 24));
    assert!(screen.contains("You may retry now."), "{screen}");
    for gone in ["Nothing was sent", "asked to wait", "left before"] {
        assert!(!screen.contains(gone), "{gone:?} after the wait:\n{screen}");
    }
}

/// The failure screen of a login the server rate-limited for 30 s.
fn rate_limited_for_30_s() -> Harness {
    let mut h = Harness::filled();
    h.log_in(Outcome::Fault(Fault::RateLimited {
        status: 429,
        state: Some("Failed".into()),
        step: Some("BaseAuthentication".into()),
        reason: Some("Too many login requests. Try again later.".into()),
        retry_after: Some(Duration::from_secs(30)),
    }));
    h
}

#[test]
fn while_the_wait_runs_the_key_bar_and_the_help_say_what_enter_and_esc_do() {
    let mut h = rate_limited_for_30_s();
    let key_bar = |h: &Harness, width| h.render(width, 24).lines().last().unwrap().to_string();
    for width in [80, 60] {
        let bar = key_bar(&h, width);
        assert!(bar.contains("Enter time left"), "{bar}");
        assert!(!bar.contains("Enter back to form"), "{bar}");
    }
    assert!(key_bar(&h, 80).contains("Esc back to form"));
    h.key(KeyCode::F(1));
    let help = h.render(80, 24);
    for listed in [
        "Enter      show the time left before the server welcomes a",
        "Esc        back to the form, fields kept (no login there",
    ] {
        assert!(help.contains(listed), "{listed:?} in\n{help}");
    }
    h.key(KeyCode::Esc);

    h.at(31_000).msg(Msg::Tick);
    let bar = key_bar(&h, 80);
    assert!(
        bar.contains("Enter back to form"),
        "the wait is over: {bar}"
    );
}

#[test]
fn leaving_a_rate_limit_sums_it_up_with_the_wait_left_not_as_a_fault() {
    let leave_at = |millis| {
        let mut h = rate_limited_for_30_s();
        h.at(millis).ctrl('q');
        h.app.take_exit().expect("Ctrl-Q leaves")
    };
    let exit = leave_at(12_200);
    assert_eq!(exit.exit, Exit::RateLimited);
    assert_eq!(
        exit.summary,
        "Login as alice at https://api.example.test/api was rate-limited (HTTP 429) at step \
         BaseAuthentication: Too many login requests. Try again later. Retry in 18 s."
    );
    let exit = leave_at(31_000);
    assert!(
        exit.summary
            .ends_with("Try again later. You may retry now."),
        "{}",
        exit.summary
    );
}

#[test]
fn the_wait_shows_on_the_failure_screen_until_it_is_over() {
    let mut h = Harness::filled();
    h.log_in(Outcome::Fault(Fault::RateLimited {
        status: 401,
        state: Some("Failed".into()),
        step: Some("BaseAuthentication".into()),
        reason: Some("Too many login requests. Try again later.".into()),
        retry_after: Some(Duration::from_secs(5)),
    }));
    h.at(6_000).msg(Msg::Tick);
    assert!(h.render(80, 24).contains("You may retry now"));
    h.key(KeyCode::Enter);
    assert!(matches!(h.app.screen(), Screen::Form), "the wait is over");
}

#[test]
fn a_proxy_fault_shows_status_and_excerpt() {
    let mut h = Harness::filled();
    h.log_in(Outcome::Fault(Fault::Server {
        status: 502,
        excerpt: "<html><head><title>502 Bad Gateway</title>".into(),
    }));
    h.snapshot("failure_proxy");
    h.ctrl('q');
    assert_eq!(h.app.exit().map(|e| e.exit), Some(Exit::Fault));
}

#[test]
fn success_masks_the_token_until_asked() {
    let mut h = Harness::filled();
    let effects = h.log_in(succeeded());
    assert!(
        matches!(effects.as_slice(), [Effect::CheckToken { token, .. }, Effect::Osc52 { .. }] if token.expose_secret() == "FINAL-TOKEN-0123456789"),
        "the token is checked and copied on success"
    );
    assert!(
        h.render(80, 24)
            .contains("Checking the token with the server")
    );
    let alice = UserInfo {
        first_name: Some("Alice".into()),
        last_name: Some("Liddell".into()),
        email: Some("alice@example.test".into()),
        ..UserInfo::default()
    };
    h.token_checked(Ok(alice));
    assert_eq!(h.app.exchanges().len(), 2, "the check is on the timeline");
    h.msg(Msg::Copied(Copied::System { clear_after: 30 }));
    assert!(!h.render(80, 24).contains("FINAL-TOKEN"));
    h.snapshot("success_masked");
    h.ctrl('s');
    assert!(h.render(80, 24).contains("FINAL-TOKEN-0123456789"));
    assert!(matches!(h.ctrl('y').as_slice(), [Effect::Osc52 { .. }]));
    assert!(
        !h.render(80, 24).contains("Ctrl-Y:"),
        "nothing said before it is done"
    );
    h.msg(Msg::Osc52Written(Copied::Osc52 {
        tmux: TmuxBuffer::NotInTmux,
    }));
    let said = h.render(80, 24);
    assert!(
        said.contains("Ctrl-Y: Sent to your terminal with OSC 52"),
        "Ctrl-Y says what it did:\n{said}"
    );
    h.key(KeyCode::Esc);
    let exit = h.app.exit().expect("quit");
    assert_eq!(exit.exit, Exit::Success);
    assert!(exit.token.is_some());
}

/// A password typed after the login ended (type-ahead, or a trader who thinks the form is still up):
/// on the success and failure screens it copies, reveals, saves, reports and quits nothing, and only
/// says which screen this is.
#[test]
fn text_typed_on_the_success_or_failure_screen_does_nothing_but_say_where_it_is() {
    let typed = "csqpr?xyl Password1!";
    let mut h = Harness::filled();
    h.log_in(succeeded());
    h.msg(Msg::Copied(Copied::System { clear_after: 30 }));
    for c in typed.chars() {
        assert!(h.key(KeyCode::Char(c)).is_empty(), "{c:?} acted");
    }
    assert!(h.app.exit().is_none(), "typed text does not quit");
    let screen = h.render(80, 24);
    assert!(
        !screen.contains("FINAL-TOKEN"),
        "nor shows the token\n{screen}"
    );
    assert!(
        !screen.contains("Profile name"),
        "nor asks to save\n{screen}"
    );
    assert!(
        screen.contains("You are logged in: nothing to type here"),
        "{screen}"
    );

    let mut h = Harness::filled();
    h.log_in(failed("BaseAuthentication", "Invalid credentials"));
    for c in typed.chars() {
        assert!(h.key(KeyCode::Char(c)).is_empty(), "{c:?} acted");
    }
    assert!(h.app.exit().is_none());
    assert!(matches!(h.app.screen(), Screen::Failure(_)));
    let screen = h.render(80, 24);
    assert!(
        screen.contains("This is the failure screen, not the login form"),
        "{screen}"
    );
}

#[test]
fn ctrl_c_quits_from_anywhere_before_a_token_with_130() {
    let mut h = Harness::filled();
    h.key(KeyCode::Enter);
    h.ctrl('c');
    assert_eq!(
        h.app.exit().map(|e| (e.exit, e.token.is_some())),
        Some((Exit::Quit, false))
    );
    assert_eq!(Exit::Quit.code(), 130);
}

#[test]
fn any_size_down_to_1x1_renders_without_panic() {
    let mut h = Harness::filled();
    for (w, h_) in [
        (1, 1),
        (2, 1),
        (10, 3),
        (23, 6),
        (24, 7),
        (30, 9),
        (200, 60),
    ] {
        h.render(w, h_);
    }
    assert!(h.render(10, 3).contains("Terminal"));
    h.log_in(failed("SecutityPin", "Invalid pin"));
    for (w, h_) in [(1, 1), (24, 7), (30, 9)] {
        h.render(w, h_);
    }
}

#[test]
fn the_timeline_lists_exchanges_and_details_the_selected_one() {
    let mut h = Harness::filled();
    h.key(KeyCode::F(2));
    assert!(h.render(80, 24).contains("Nothing sent yet"));
    h.key(KeyCode::F(2));
    h.log_in(expecting("VerificationCode", "Expecting confirmation code"));
    h.step_answered("123456", failed("VerificationCode", "Corrupted ticket"));
    h.key(KeyCode::F(2));
    assert_eq!(h.app.timeline(), Some(1), "the latest exchange is selected");
    h.snapshot("timeline");
    h.key(KeyCode::Up);
    assert_eq!(h.app.timeline(), Some(0));
    let screen = h.render(80, 24);
    assert!(screen.contains("Expecting VerificationCode"));
    assert!(screen.contains("Password: [redacted]"));
    assert!(!screen.contains("chars]"), "no length of the password");
    assert!(
        !screen.contains("correct horse") && !screen.contains("INTERIM\""),
        "secrets stay redacted"
    );
    h.key(KeyCode::Esc);
    assert_eq!(h.app.timeline(), None);
    assert!(
        matches!(h.app.screen(), Screen::Failure(_)),
        "Esc closed the timeline, not the failure screen"
    );
}

#[test]
fn on_a_small_terminal_pgdn_scrolls_the_timeline_details_into_view() {
    let mut h = Harness::filled();
    h.log_in(expecting("VerificationCode", "Expecting confirmation code"));
    h.step_answered("123456", failed("VerificationCode", "Corrupted ticket"));
    h.key(KeyCode::F(2));
    let top = h.render(40, 12);
    assert!(top.contains("↓ more"), "the cut-off details say so:\n{top}");
    assert!(
        !top.contains("Response"),
        "40×12 cuts the response off:\n{top}"
    );
    let mut seen = top.clone();
    for _ in 0..10 {
        h.key(KeyCode::PageDown);
        seen.push_str(&h.render(40, 12));
    }
    assert!(
        seen.contains("Response"),
        "PgDn brings the response into view:\n{seen}"
    );
    let bottom = h.render(40, 12);
    assert!(
        bottom.contains("↑ more"),
        "at the end the marker points up:\n{bottom}"
    );
    for _ in 0..10 {
        h.key(KeyCode::PageUp);
    }
    assert_eq!(h.render(40, 12), top, "PgUp goes back to the top");
}

#[test]
fn pgdn_reaches_the_end_of_details_that_wrap_on_a_small_terminal() {
    // One body line of 600 characters (shown up to its cap, ending in …): many rows once wrapped at 40
    // columns, one line unwrapped.
    let body = format!(r#"{{"Reason":"{}"}}"#, "x".repeat(600));
    let json = [("Content-Type", "application/json")];
    let mut h = Harness::in_timeline_of_a_500(|exchange| {
        exchange.record_response(500, &json, body.as_bytes());
    });
    let mut screen = h.render(40, 12);
    for _ in 0..40 {
        h.key(KeyCode::PageDown);
        screen = h.render(40, 12);
    }
    assert!(
        screen.contains("x…") && !screen.contains("↓ more"),
        "PgDn reaches the end of the body:\n{screen}"
    );
}

#[test]
fn pgup_after_the_terminal_grew_scrolls_back_at_once() {
    // Details longer than even a 100×30 panel shows at once.
    let names: Vec<String> = (1..=40).map(|i| format!("X-Trace-{i:02}")).collect();
    let headers: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "seen")).collect();
    let mut h = Harness::in_timeline_of_a_500(|exchange| {
        exchange.record_response(500, &headers, b"{}");
    });
    h.render(40, 12);
    for _ in 0..40 {
        h.key(KeyCode::PageDown);
        h.render(40, 12);
    }
    assert!(h.render(40, 12).contains("X-Trace-40"), "at the end");
    let grown = h.render(100, 30);
    assert!(
        grown.contains("X-Trace-40") && grown.contains("↑ more"),
        "the wider terminal still shows the end:\n{grown}"
    );
    h.key(KeyCode::PageUp);
    let up = h.render(100, 30);
    assert_ne!(up, grown, "the first PgUp scrolls");
    assert!(!up.contains("X-Trace-40"), "it scrolled up:\n{up}");
}

#[test]
fn ctrl_r_writes_a_report_of_the_failure_and_shows_where() {
    let mut h = Harness::filled();
    h.log_in(failed("BaseAuthentication", "Invalid credentials"));
    let effects = h.ctrl('r');
    let [Effect::WriteReport { path: None, text }] = effects.as_slice() else {
        panic!("no report effect: {effects:?}")
    };
    assert!(text.contains("Failed at step BaseAuthentication (HTTP 401): Invalid credentials"));
    assert!(text.contains("| Username | alice |"));
    assert!(
        !text.contains("correct horse"),
        "the password never reaches a report"
    );
    h.msg(Msg::ReportWritten(Ok(Written {
        path: "/tmp/autoshares-login-report-1.md".into(),
        replaced: Replaced::Nothing,
    })));
    assert!(
        h.render(80, 24)
            .contains("Report written to /tmp/autoshares-login-report-1.md")
    );
    h.msg(Msg::ReportWritten(Ok(Written {
        path: "/tmp/r.md".into(),
        replaced: Replaced::Shared(0o644),
    })));
    let screen = h.render(80, 24);
    assert!(
        screen.contains("Report written to /tmp/r.md (warning: the file it replaced"),
        "{screen}"
    );
}

#[test]
fn a_code_typed_while_waiting_lands_in_the_next_step() {
    let mut h = Harness::filled();
    h.key(KeyCode::Enter);
    h.type_text("1234");
    h.key(KeyCode::Backspace);
    h.answer(expecting("VerificationCode", "Expecting confirmation code"));
    let effects = h.key(KeyCode::Enter);
    assert_eq!(
        sent_header(&effects, "VerificationCode").as_deref(),
        Some("123")
    );
}

#[test]
fn the_demo_panel_describes_the_user_in_the_form_on_a_wide_terminal() {
    let users = vec![
        demo_user("plain", "–", "–", "Password only"),
        demo_user("pin-code", "1234", "123456", "PIN, then a code"),
    ];
    let h = Harness::new(
        Prefill {
            username: Some("pin-code".into()),
            ..Prefill::default()
        },
        users,
    );
    let wide = h.render(130, 30);
    assert!(wide.contains("Sandbox users") && wide.contains("pin-code: PIN, then a code"));
    assert!(
        !h.render(80, 24).contains("Sandbox users"),
        "narrow terminals keep the users in the help popup"
    );
}

#[test]
fn a_token_the_server_does_not_confirm_is_said_so() {
    let mut h = Harness::filled();
    h.log_in(succeeded());
    h.token_checked(Err(CheckError::TokenRefused));
    assert!(
        h.render(80, 24)
            .contains("Token not confirmed: the server did not accept the token (HTTP 401)")
    );
}

#[test]
fn a_report_covers_every_attempt_of_the_session() {
    let mut h = Harness::filled();
    h.log_in(failed("BaseAuthentication", "Invalid credentials"));
    h.key(KeyCode::Enter);
    h.type_text("correct horse");
    h.log_in(succeeded());
    let timeline = h.app.exchanges().len();
    assert_eq!(timeline, 2, "the timeline keeps both attempts");
    let effects = h.ctrl('r');
    let [Effect::WriteReport { text, .. }] = effects.as_slice() else {
        panic!("no report: {effects:?}")
    };
    assert!(
        text.contains(&format!("| Exchanges | {timeline} |")),
        "{text}"
    );
    assert!(text.contains("| Attempts | 2 |"), "{text}");
    let refused = text.find("| alice | BaseAuthentication | Refused: Invalid credentials |");
    let succeeded = text.find("| Succeeded: a session token was issued | — |");
    assert!(
        refused.is_some_and(|r| succeeded.is_some_and(|s| r < s)),
        "the story tells both attempts in order: {text}"
    );
    assert!(
        text.contains("\n## Context\n") && text.contains("| Username | alice |"),
        "{text}"
    );
    let first = text.find("## Attempt 1 of 2: username alice").expect(text);
    let second = text.find("## Attempt 2 of 2: username alice").expect(text);
    let failure = first + text[first..].find("Invalid credentials").expect(text);
    assert!(
        first < failure && failure < second,
        "attempts in order: {text}"
    );
    assert_eq!(text.matches("\n### ").count(), timeline, "{text}");
}

/// Builds a harness showing one screen, afresh each time it is called.
type ScreenBuilder = fn() -> Harness;

/// Every screen (and popup), by name.
fn every_screen() -> Vec<(&'static str, ScreenBuilder)> {
    let mut screens: Vec<(&'static str, ScreenBuilder)> = vec![
        ("form", Harness::filled),
        ("waiting", || {
            let mut h = Harness::filled();
            h.key(KeyCode::Enter);
            h
        }),
        ("step", || {
            let mut h = Harness::filled();
            h.log_in(expecting("VerificationCode", "Expecting confirmation code"));
            h
        }),
        ("unknown step", || {
            let mut h = Harness::filled();
            h.log_in(expecting("SecurityQuestion", "Your first pet's name"));
            h
        }),
        ("failure", || {
            let mut h = Harness::filled();
            h.log_in(failed("BaseAuthentication", "Invalid credentials"));
            h
        }),
        ("failure while the Retry-After runs", rate_limited_for_30_s),
        ("success", || {
            let mut h = Harness::filled();
            h.log_in(succeeded());
            h.msg(Msg::Osc52Written(Copied::Osc52 {
                tmux: TmuxBuffer::NotInTmux,
            }));
            h
        }),
        ("help", || {
            let mut h = Harness::filled();
            h.log_in(failed("BaseAuthentication", "Invalid credentials"));
            h.key(KeyCode::F(1));
            // Drawn on the small terminal and scrolled a line, so that every scroll key shows a change.
            h.render(40, 12);
            h.key(KeyCode::Down);
            h
        }),
        ("timeline", || {
            let mut h = Harness::filled();
            h.log_in(expecting("VerificationCode", "Expecting confirmation code"));
            h.step_answered("1", expecting("VerificationCode", "Invalid code"));
            h.step_answered("2", failed("VerificationCode", "Corrupted ticket"));
            h.key(KeyCode::F(2));
            h.key(KeyCode::Up);
            // Drawn on the small terminal and scrolled a page, so that both PgUp and PgDn show a change.
            h.render(40, 12);
            h.key(KeyCode::PageDown);
            h
        }),
    ];
    screens.extend(sessions::screens());
    screens
}

/// Everything a user can tell about `h` on a big and on a small terminal: the screen with its cursor, and
/// for a request in flight, what the next step will show (type-ahead lands there).
fn observed(mut h: Harness) -> String {
    if h.app.in_flight().is_some() {
        h.answer(expecting("VerificationCode", "Expecting confirmation code"));
    }
    [(80, 24), (40, 12)]
        .map(|(width, height)| {
            let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
            terminal.draw(|frame| tui::draw(&h.app, frame)).unwrap();
            let cursor = terminal.get_cursor_position().unwrap();
            format!("{}\ncursor {cursor:?}", terminal.backend())
        })
        .join("\n")
}

/// Whether pressing `key` on the screen `at` builds does anything a user could notice.
fn handled(at: ScreenBuilder, key: KeyEvent) -> bool {
    let mut pressed = at();
    let effects = pressed.msg(Msg::Key(key));
    !effects.is_empty() || pressed.app.exit().is_some() || observed(pressed) != observed(at())
}

#[test]
fn every_screen_handles_exactly_the_keys_its_map_lists() {
    for (screen, at) in every_screen() {
        let map = at().app.key_map();
        for binding in map.iter() {
            for (key, _) in binding.keys {
                assert!(
                    handled(at, example(*key)),
                    "{screen}: {:?} is listed ({}) but does nothing",
                    example(*key),
                    binding.label
                );
            }
        }
        for key in probe_keys() {
            let listed = map
                .iter()
                .flat_map(|binding| binding.keys)
                .any(|(k, _)| k.matches(key));
            assert!(
                listed || !handled(at, key),
                "{screen}: {key:?} does something but is not listed"
            );
        }
    }
}

#[test]
fn with_a_profile_the_title_names_it_and_success_says_where_the_token_is_kept_and_until_when() {
    use autoshares_login::session::{RunOptions, Saver, StoreMode};
    let layer = Layer {
        store: Some(StoreMode::File),
        ..Layer::default()
    };
    let session_settings = autoshares_login::session::Settings::resolve(
        Some("work".into()),
        layer,
        RunOptions::default(),
    );
    let mut h = Harness::adjusted(filled_form(), Vec::new(), |settings| {
        settings.profile.name = Some("work".into());
        let state = std::path::Path::new("/nonexistent-state");
        settings.profile.keep = Some(Saver::new(&session_settings, state));
    });
    assert!(h.render(80, 24).contains("AutoShares login · profile work"));
    let effects = h.log_in(succeeded());
    let store = effects.iter().find_map(|e| match e {
        Effect::Store { url, username, .. } => Some((url.clone(), username.clone())),
        _ => None,
    });
    assert_eq!(
        store,
        Some(("https://api.example.test/api".into(), "alice".into())),
        "the token is stored as the form said"
    );
    h.msg(stored_in(
        &h,
        "/home/alice/.local/state/autoshares-login/sessions/profile-work.json",
    ));
    let screen = h.render(100, 30);
    assert!(screen.contains("profile-work.json"), "{screen}");
    assert!(screen.contains("(in 24 h 00 min)"), "{screen}");
    assert!(screen.contains("Logged in · profile work"), "{screen}");
    assert!(!screen.contains("FINAL-TOKEN"), "{screen}");
}

#[test]
fn the_no_pin_hint_fits_what_the_form_sent() {
    let mut with_pin = Harness::filled();
    with_pin.type_text("1234");
    let sent = with_pin.key(KeyCode::Enter);
    assert_eq!(sent_header(&sent, "PinCode").as_deref(), Some("1234"));
    with_pin.answer(failed("SecutityPin", "PIN code is not init"));
    let screen = with_pin.render(80, 24);
    assert!(
        screen.contains("empty the PIN field"),
        "a PIN was typed: leave it out\n{screen}"
    );

    let mut without = Harness::filled();
    without.log_in(failed("SecutityPin", "PIN code is not init"));
    let screen = without.render(80, 24);
    assert!(
        screen.contains("set up a PIN") && !screen.contains("empty the PIN"),
        "no PIN was typed: nothing to leave out\n{screen}"
    );
}

/// The stored session, the profile switch and saving a login as a profile.
/// The store's answer to `succeeded()`'s token, issued as `h` stands: kept in the file `path`.
fn stored_in(h: &Harness, path: &str) -> Msg {
    use autoshares_login::session::{Kept, Placement, Saved, StoredSession};
    let issued = jiff::Timestamp::try_from(h.now.wall).unwrap();
    let session = StoredSession::issued(
        "FINAL-TOKEN-0123456789".to_string().into(),
        issued,
        Duration::from_hours(24),
        "https://api.example.test/api",
        "alice",
    );
    let saved = Saved {
        placement: Placement::File(path.into()),
        keyring_unavailable: None,
    };
    Msg::Stored(Ok(Kept { saved, session }))
}

mod sessions;

/// The success, "Already logged in" and step screens on small terminals.
mod small_screens;

/// A login that `token` or `exec` started for a script.
mod script;

/// Masked fields kept after a failure: replaced by what is typed, shown with Ctrl-S.
mod kept_fields;
