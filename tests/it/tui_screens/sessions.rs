//! The screens of stored sessions and profiles: opening on a stored token, logging out or in again
//! (Ctrl-X, Ctrl-N: no printable key acts there), Ctrl-P between profiles, and `p` saving a login as
//! a profile.

use super::*;
use autoshares_login::session::{
    Dropped, Kept, NewProfile, Placement, ProfileSaved, RunOptions, SaveProfileError, Saved, Saver,
    StoreError, StoreMode, StoredSession,
};

const STORED_TOKEN: &str = "STORED-TOKEN-abcdef123456";

/// A session of `username` at `url` stored `age` ago with a 24-hour lifetime, seen from the harness's start.
fn stored(url: &str, username: &str, age: Duration) -> StoredSession {
    let start = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
    let issued = jiff::Timestamp::try_from(start - age).unwrap();
    let token = STORED_TOKEN.to_string().into();
    StoredSession::issued(token, issued, Duration::from_hours(24), url, username)
}

/// A saver of profile `name` over a state dir that is never written here.
pub(super) fn saver(name: &str) -> Saver {
    let layer = Layer {
        store: Some(StoreMode::File),
        ..Layer::default()
    };
    let settings = autoshares_login::session::Settings::resolve(
        Some(name.into()),
        layer,
        RunOptions::default(),
    );
    Saver::new(&settings, std::path::Path::new("/nonexistent-state"))
}

/// The app started on profile `work`, whose token was stored 19 hours ago (5 hours left).
pub(super) fn on_stored_session() -> Harness {
    on_stored_session_with(|profile| profile.keep = Some(saver("work")))
}

/// [`on_stored_session`] with the profile's `clipboard = "off"`.
fn on_stored_session_copying_off() -> Harness {
    on_stored_session_with(|profile| {
        profile.copier = Copier::new(ClipboardMode::Off, Environment::default(), 30);
    })
}

/// The app started on profile `work` as `adjust` changed it, its token stored 19 hours ago.
fn on_stored_session_with(adjust: impl FnOnce(&mut Profile)) -> Harness {
    Harness::adjusted(filled_form(), Vec::new(), |settings| {
        settings.profile.name = Some("work".into());
        settings.profile.stored = Some(stored(
            "https://api.example.test/api",
            "alice",
            Duration::from_hours(19),
        ));
        adjust(&mut settings.profile);
    })
}

#[test]
fn a_stored_token_about_to_expire_opens_the_form_saying_when_it_expires() {
    let mut h = Harness::adjusted(filled_form(), Vec::new(), |settings| {
        let now = jiff::Timestamp::from_second(1_800_000_000).unwrap();
        let session = stored(
            "https://api.example.test/api",
            "alice",
            Duration::from_hours(24) - Duration::from_mins(3),
        );
        settings.profile.take_stored(Some(session), now);
    });
    assert!(matches!(h.app.screen(), Screen::Form));
    shows_whole(
        &h.render(100, 30),
        &[
            "The stored token expires at 2027-01-15 08:03 UTC (in 3 min 00 s): log in for a new one.",
        ],
    );
    assert!(h.ctrl('y').is_empty());
}

#[test]
fn with_copying_off_a_stored_session_says_so_from_the_start_and_offers_no_ctrl_y() {
    let mut h = on_stored_session_copying_off();
    for (width, height) in [(80, 24), (40, 12)] {
        let screen = h.render(width, height);
        shows_whole(&screen, &["Copying is off (clipboard: off)."]);
        assert!(!screen.contains("Not copied yet"), "{screen}");
        let bar = screen.lines().last().unwrap();
        assert!(!bar.contains("copy"), "{bar}");
        assert!(bar.contains("F1 help"), "{bar}");
    }
    assert!(
        h.render(80, 24)
            .lines()
            .last()
            .unwrap()
            .contains("Esc quit")
    );
    assert!(h.ctrl('y').is_empty(), "Ctrl-Y copies nothing");
    h.key(KeyCode::F(1));
    let help = h.render(80, 24);
    assert!(!help.contains("copy the token"), "{help}");
    assert!(help.contains("show or hide the token"), "{help}");
}

/// The app started without a profile on `prefill`, alice's token stored an hour ago.
fn stored_an_hour_ago(prefill: Prefill) -> Harness {
    Harness::adjusted(prefill, Vec::new(), |settings| {
        settings.profile.stored = Some(stored(
            "https://api.example.test/api",
            "alice",
            Duration::from_hours(1),
        ));
    })
}

#[test]
fn a_stored_session_opens_on_who_is_logged_in_where_and_until_when() {
    let mut h = on_stored_session();
    let checked = matches!(
        h.started.as_slice(),
        [Effect::CheckToken { token, config, .. }]
            if token.expose_secret() == STORED_TOKEN && config.url == "https://api.example.test/api"
    );
    assert!(
        checked,
        "the stored token is checked with the server: {:?}",
        h.started
    );
    h.token_checked(Ok(UserInfo {
        login: Some("alice".into()),
        first_name: Some("Alice".into()),
        middle_name: None,
        last_name: Some("Archer".into()),
        email: None,
    }));
    let screen = h.render(100, 30);
    for shown in [
        "Already logged in · profile work",
        "Logged in as alice",
        "  at https://api.example.test/api",
        "stored token valid until",
        "(in 5 h 00 min)",
        "the server accepts the token",
        "Not copied yet: Ctrl-Y copies it.",
        "(25 chars, Ctrl-S shows it)",
    ] {
        assert!(screen.contains(shown), "{shown:?} missing:\n{screen}");
    }
    assert!(
        !screen.contains(STORED_TOKEN),
        "the token is masked\n{screen}"
    );
    let small = h.render(40, 12);
    assert!(small.contains("alice"), "{small}");
    h.key(KeyCode::Char('s'));
    assert!(!h.render(100, 30).contains(STORED_TOKEN), "s is text here");
    assert!(h.ctrl('s').is_empty());
    assert!(h.render(100, 30).contains(STORED_TOKEN), "Ctrl-S shows it");
    h.ctrl('s');
    assert!(!h.render(100, 30).contains(STORED_TOKEN), "and hides it");
}

#[test]
fn a_stored_token_the_server_refuses_is_given_up_for_a_new_login() {
    let mut h = on_stored_session();
    h.token_checked(Err(CheckError::TokenRefused));
    assert!(matches!(h.app.screen(), Screen::Form));
    let screen = h.render(100, 30);
    assert!(
        screen.contains("The server no longer accepts the stored token (HTTP 401): log in again."),
        "{screen}"
    );
    h.ctrl('c');
    let exit = h.app.take_exit().expect("Ctrl-C leaves");
    assert_eq!(exit.exit, Exit::Quit, "no token to leave with");
    assert!(exit.token.is_none());
}

#[test]
fn a_stored_token_that_cannot_be_checked_for_another_reason_stays_usable() {
    let mut h = on_stored_session();
    h.token_checked(Err(CheckError::Status {
        status: 503,
        excerpt: "busy".into(),
    }));
    let screen = h.render(100, 30);
    assert!(
        screen.contains("Token not confirmed: HTTP 503: busy"),
        "{screen}"
    );
    assert!(
        h.app.key_map().iter().any(|b| b.label == "Ctrl-X"),
        "still the stored session"
    );
}

#[test]
fn a_stored_token_that_expires_while_shown_is_given_up_within_a_second() {
    let mut h = stored_an_hour_ago(filled_form());
    assert_eq!(
        h.app.tick_period(),
        Some(Duration::from_mins(1)),
        "23 h left"
    );
    // 22 h 59 min 30 s later: its last 30 s, shown by the second.
    h.at((22 * 3600 + 59 * 60 + 30) * 1000).msg(Msg::Tick);
    assert_eq!(h.app.tick_period(), Some(Duration::from_secs(1)));
    assert!(h.render(100, 30).contains("(in 30 s)"));
    h.at(23 * 3600 * 1000).msg(Msg::Tick);
    assert!(matches!(h.app.screen(), Screen::Form));
    assert!(
        h.render(100, 30)
            .contains("The stored token has expired: log in again.")
    );
}

#[test]
fn a_late_check_answer_does_not_mark_the_next_screen() {
    let mut h = on_stored_session();
    let stale = h.checks.pop().expect("the stored token's check");
    h.ctrl('n');
    h.log_in(succeeded());
    h.msg(Msg::TokenChecked {
        id: stale,
        result: Err(CheckError::TokenRefused),
        exchange: Box::new(Exchange::request(SystemTime::UNIX_EPOCH, "GET", "u", &[])),
    });
    let screen = h.render(100, 30);
    assert!(
        screen.contains("Checking the token with the server"),
        "{screen}"
    );
    assert!(matches!(h.app.screen(), Screen::Success(_)));
}

#[test]
fn without_an_app_key_the_stored_token_is_not_checked_and_the_screen_says_why() {
    let h = stored_an_hour_ago(Prefill {
        app_key: None,
        ..filled_form()
    });
    assert!(h.started.is_empty(), "{:?}", h.started);
    assert!(
        h.render(100, 30)
            .contains("no app key to ask the server with")
    );
}

#[test]
fn ctrl_y_copies_the_stored_token_and_esc_leaves_with_it() {
    let mut h = on_stored_session();
    assert!(h.key(KeyCode::Char('c')).is_empty(), "c is text here");
    let copy = matches!(
        h.ctrl('y').as_slice(),
        [Effect::Osc52 { token, .. }] if token.expose_secret() == STORED_TOKEN
    );
    assert!(copy, "Ctrl-Y copies the stored token");
    for typed in [KeyCode::Char('q'), KeyCode::Enter] {
        assert!(h.key(typed).is_empty());
        assert!(h.app.exit().is_none(), "{typed:?} is not a way out here");
    }
    h.key(KeyCode::Esc);
    let exit = h.app.take_exit().expect("Esc leaves");
    assert_eq!(exit.exit, Exit::Success);
    assert_eq!(
        exit.token.map(|t| t.expose_secret().to_string()).as_deref(),
        Some(STORED_TOKEN)
    );
    assert!(
        exit.summary
            .contains("Logged in as alice at https://api.example.test/api (a stored token)"),
        "{}",
        exit.summary
    );
    assert!(!exit.summary.contains(STORED_TOKEN));
}

#[test]
fn ctrl_x_asks_first_and_ctrl_x_again_logs_out_of_the_stored_session_and_opens_the_form() {
    let mut h = on_stored_session();
    assert!(h.ctrl('x').is_empty(), "Ctrl-X alone drops nothing");
    assert!(matches!(h.app.screen(), Screen::Success(_)));
    let asked = h.render(80, 24);
    insta::assert_snapshot!("stored_session_log_out_asked_80x24", asked);
    let small = h.render(40, 12);
    insta::assert_snapshot!("stored_session_log_out_asked_40x12", small);
    shows_whole(
        &small,
        &["drop the stored token of profile work? Ctrl-X again drops it"],
    );
    shows_whole(
        &asked,
        &[
            "Log out: drop the stored token of profile work? Ctrl-X again drops it, any other key \
             keeps it.",
        ],
    );
    let bar = asked.lines().last().unwrap();
    assert!(bar.contains("Ctrl-X drop the token"), "{bar}");
    assert!(bar.contains("any other key keep it"), "{bar}");
    h.key(KeyCode::F(1));
    let help = h.render(80, 24);
    assert!(help.contains("keep the stored token"), "{help}");
    h.key(KeyCode::Esc);
    let effects = h.ctrl('x');
    let drops = matches!(
        effects.as_slice(),
        [Effect::LogOut { url, username, .. }]
            if url == "https://api.example.test/api" && username == "alice"
    );
    assert!(drops, "{effects:?}");
    assert!(matches!(h.app.screen(), Screen::Form));
    h.msg(Msg::LoggedOut(Ok(Dropped {
        token: true,
        app_key: false,
        unusable: None,
    })));
    let screen = h.render(80, 24);
    assert!(
        screen.contains("Logged out: the stored token was dropped."),
        "{screen}"
    );
    assert!(
        screen.contains("AutoShares login · profile work"),
        "{screen}"
    );
}

#[test]
fn any_key_but_ctrl_x_after_ctrl_x_keeps_the_stored_token_and_the_screen() {
    let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
    let plain = |code| KeyEvent::new(code, KeyModifiers::NONE);
    for key in [
        plain(KeyCode::Enter),
        plain(KeyCode::Esc),
        plain(KeyCode::Char('n')),
        plain(KeyCode::Char('x')),
        plain(KeyCode::Char('y')),
        plain(KeyCode::Char('Y')),
        ctrl('y'),
        ctrl('n'),
    ] {
        let mut h = on_stored_session();
        h.ctrl('x');
        assert!(h.msg(Msg::Key(key)).is_empty(), "{key:?} drops nothing");
        assert!(h.app.exit().is_none(), "{key:?} does not quit either");
        let screen = h.render(80, 24);
        assert!(screen.contains("Already logged in"), "{key:?}: {screen}");
        shows_whole(
            &screen,
            &["Still logged in: the stored token of profile work stays."],
        );
        let bar = screen.lines().last().unwrap();
        assert!(
            bar.contains("Ctrl-X log out"),
            "back to the screen's own keys: {bar}"
        );
    }
}

/// The note every printable key and Enter give on a stored session.
const NOT_THE_FORM: &str = "This is the \"Already logged in\" screen, not the login form: Ctrl-N opens \
                            the form (the stored token stays until the new login succeeds), Esc quits.";

#[test]
fn a_password_typed_on_a_stored_session_drops_nothing_and_says_where_the_form_is() {
    let mut h = on_stored_session();
    h.key(KeyCode::Char('a'));
    let screen = h.render(80, 24);
    insta::assert_snapshot!("stored_session_text_typed_80x24", screen);
    shows_whole(&screen, &[NOT_THE_FORM]);
    // Every key the screens without a text field ever took as a hotkey, in a password, then Enter,
    // Backspace and Enter again.
    let mut typed = Vec::new();
    for c in "qcslxyprsx?yXYQCSL".chars() {
        typed.extend(h.key(KeyCode::Char(c)));
        assert!(h.app.exit().is_none(), "{c:?} does not quit");
        let screen = h.render(80, 24);
        assert!(!screen.contains(STORED_TOKEN), "{c:?} reveals nothing");
        assert!(
            matches!(h.app.screen(), Screen::Success(s) if s.is_from_store() && !s.log_out_asked()),
            "{c:?} neither leaves the screen nor asks anything"
        );
        assert!(!h.app.help_open(), "{c:?} opens no help");
        shows_whole(&screen, &[NOT_THE_FORM]);
    }
    for key in [KeyCode::Enter, KeyCode::Backspace, KeyCode::Enter] {
        typed.extend(h.key(key));
    }
    assert!(typed.is_empty(), "nothing copied or sent: {typed:?}");
    assert!(
        h.app.exit().is_none(),
        "Enter after a password does not quit"
    );
    assert!(matches!(h.app.screen(), Screen::Success(s) if s.is_from_store()));
    let screen = h.render(80, 24);
    shows_whole(&screen, &[NOT_THE_FORM]);
    assert!(!screen.contains(STORED_TOKEN), "{screen}");
    assert!(!screen.contains("Still logged in"), "nothing was asked");
    h.key(KeyCode::Esc);
    let exit = h.app.take_exit().expect("Esc leaves");
    assert_eq!(exit.exit, Exit::Success, "with the stored token");
}

#[test]
fn a_password_pasted_on_a_stored_session_says_where_the_form_is_too() {
    let mut h = on_stored_session();
    assert!(h.msg(Msg::Paste("sandbox".to_string().into())).is_empty());
    let screen = h.render(80, 24);
    shows_whole(&screen, &[NOT_THE_FORM]);
    assert!(!screen.contains("sandbox"), "{screen}");
    h.ctrl('x');
    h.msg(Msg::Paste("sandbox".to_string().into()));
    let asked = h.render(80, 24);
    assert!(
        asked.contains("Log out: drop the stored token of profile work?"),
        "a paste neither answers the question nor hides it: {asked}"
    );
}

#[test]
fn ctrl_n_logs_in_again_from_the_prefilled_form() {
    let mut h = stored_an_hour_ago(Prefill {
        password: None,
        ..filled_form()
    });
    assert!(h.key(KeyCode::Char('l')).is_empty());
    assert!(
        matches!(h.app.screen(), Screen::Success(_)),
        "l is text here"
    );
    assert!(h.ctrl('n').is_empty());
    assert!(matches!(h.app.screen(), Screen::Form));
    assert_eq!(h.app.form().focus(), FieldId::Password);
    assert_eq!(h.app.form().value(FieldId::Username), "alice");
    let screen = h.render(80, 24);
    assert!(
        screen.contains("The stored token stays until the new login succeeds."),
        "{screen}"
    );
}

const PAPER_URL: &str = "https://paper.example.test/api";

/// Profile `paper`: bob at its own URL, with `app_key` from the config; its store not read yet.
fn paper(app_key: Option<&str>) -> Profile {
    let mut paper = profile(
        Some("paper"),
        Prefill {
            url: Some(PAPER_URL.into()),
            app_key: app_key.map(|key| key.to_string().into()),
            username: Some("bob".into()),
            password: None,
        },
    );
    paper.keep = Some(saver("paper"));
    paper.store_read = false;
    paper
}

/// Profiles `paper` (its store not read yet) and `work` (alice, read, nothing stored); the app starts
/// on `work`'s form, filled with `prefill`.
fn profiles_on(prefill: Prefill, paper: Profile) -> Harness {
    Harness::adjusted(prefill, Vec::new(), |settings| {
        settings.profile.name = Some("work".into());
        settings.profiles = vec![paper, settings.profile.clone()];
    })
}

fn with_two_profiles() -> Harness {
    profiles_on(filled_form(), paper(Some("paper-app-key")))
}

/// The two profiles, neither with an app key in the config, nor the form.
fn without_app_keys() -> Harness {
    let no_app_key = Prefill {
        app_key: None,
        ..filled_form()
    };
    profiles_on(no_app_key, paper(None))
}

/// Bob's token at paper's URL, stored an hour ago.
fn bobs_session() -> StoredSession {
    stored(PAPER_URL, "bob", Duration::from_hours(1))
}

/// The store's answer to the one read that `effects` ask for.
fn answer_read(
    h: &mut Harness,
    effects: &[Effect],
    result: Result<Option<StoredSession>, StoreError>,
) -> Vec<Effect> {
    let [Effect::ReadStored { id, profile, .. }] = effects else {
        panic!("one read of the store: {effects:?}");
    };
    h.msg(Msg::StoredRead {
        id: *id,
        profile: profile.clone(),
        result,
    })
}

#[test]
fn ctrl_p_to_a_profile_not_read_yet_shows_its_form_at_once_and_reads_its_store() {
    let mut h = with_two_profiles();
    let form = h.render(80, 24);
    assert!(
        form.contains("Ctrl-P profile · F1 help"),
        "the bar offers Ctrl-P at 80 columns: {form}"
    );
    let effects = h.ctrl('p');
    let reads = matches!(
        effects.as_slice(),
        [Effect::ReadStored { profile, url, username, .. }]
            if profile.as_deref() == Some("paper")
                && url.as_deref() == Some(PAPER_URL)
                && username.as_deref() == Some("bob")
    );
    assert!(reads, "paper's store is read: {effects:?}");
    assert!(matches!(h.app.screen(), Screen::Form));
    assert_eq!(h.app.profile(), Some("paper"));
    assert_eq!(h.app.form().value(FieldId::Url), PAPER_URL);
    assert_eq!(h.app.form().value(FieldId::Username), "bob");
    assert_eq!(h.app.form().value(FieldId::AppKey), "paper-app-key");
    let screen = h.render(80, 24);
    assert!(
        screen.contains("AutoShares login · profile paper"),
        "{screen}"
    );
    assert!(screen.contains("Profile paper (1 of 2)"), "{screen}");
}

#[test]
fn ctrl_p_switches_between_profiles_and_opens_a_stored_session_once_read() {
    let mut h = with_two_profiles();
    let read = h.ctrl('p');
    let effects = answer_read(&mut h, &read, Ok(Some(bobs_session())));
    let checked = matches!(
        effects.as_slice(),
        [Effect::CheckToken { config, app_key, .. }]
            if config.url == PAPER_URL && app_key.expose_secret() == "paper-app-key"
    );
    assert!(checked, "paper's stored token is checked: {effects:?}");
    let screen = h.render(100, 30);
    assert!(
        screen.contains("Already logged in · profile paper"),
        "{screen}"
    );
    assert!(screen.contains("Logged in as bob"), "{screen}");
    assert!(h.ctrl('p').is_empty(), "work was read as the app started");
    assert_eq!(h.app.profile(), Some("work"));
    let again = h.ctrl('p');
    assert!(
        matches!(again.as_slice(), [Effect::CheckToken { .. }]),
        "paper is remembered, not read again: {again:?}"
    );
    assert!(
        h.render(100, 30)
            .contains("Already logged in · profile paper")
    );
    h.ctrl('x');
    h.ctrl('x');
    h.ctrl('p');
    assert_eq!(h.app.profile(), Some("work"));
    assert_eq!(
        h.app.form().value(FieldId::Url),
        "https://api.example.test/api"
    );
    assert_eq!(h.app.form().value(FieldId::Username), "alice");
    assert!(h.render(80, 24).contains("Profile work (2 of 2)"));
    assert!(h.ctrl('p').is_empty());
    assert!(
        matches!(h.app.screen(), Screen::Form),
        "a session logged out of is not opened again"
    );
    assert_eq!(h.app.form().value(FieldId::Username), "bob");
}

#[test]
fn a_saved_app_key_read_for_the_profile_fills_its_empty_field() {
    let mut h = without_app_keys();
    let read = h.ctrl('p');
    assert_eq!(h.app.form().value(FieldId::AppKey), "");
    assert_eq!(h.app.form().focus(), FieldId::AppKey);
    let mut saved = StoredSession::without_token(PAPER_URL, "bob");
    saved.app_key = Some("saved-paper-key".to_string().into());
    assert!(answer_read(&mut h, &read, Ok(Some(saved))).is_empty());
    assert_eq!(h.app.form().value(FieldId::AppKey), "saved-paper-key");
    assert_eq!(
        h.app.form().focus(),
        FieldId::Password,
        "on to the first empty field"
    );
    assert!(matches!(h.app.screen(), Screen::Form), "no token stored");
    assert!(h.render(80, 24).contains("Profile paper (1 of 2)"));
}

#[test]
fn an_answer_after_the_user_typed_changes_nothing_but_is_remembered() {
    let mut h = without_app_keys();
    let read = h.ctrl('p');
    h.type_text("typed");
    let mut session = bobs_session();
    session.app_key = Some("saved-paper-key".to_string().into());
    assert!(answer_read(&mut h, &read, Ok(Some(session))).is_empty());
    assert!(matches!(h.app.screen(), Screen::Form), "not taken away");
    assert_eq!(h.app.form().value(FieldId::AppKey), "typed");
    h.ctrl('p');
    let again = h.ctrl('p');
    assert!(
        matches!(again.as_slice(), [Effect::CheckToken { .. }]),
        "the next visit opens paper's session at once: {again:?}"
    );
    assert!(
        h.render(100, 30)
            .contains("Already logged in · profile paper")
    );
}

#[test]
fn an_answer_after_ctrl_p_again_or_a_login_changes_nothing() {
    let mut h = with_two_profiles();
    let read = h.ctrl('p');
    h.ctrl('p');
    assert!(answer_read(&mut h, &read, Ok(Some(bobs_session()))).is_empty());
    assert_eq!(h.app.profile(), Some("work"));
    assert!(matches!(h.app.screen(), Screen::Form));
    assert!(h.render(80, 24).contains("Profile work (2 of 2)"));

    let mut h = with_two_profiles();
    let read = h.ctrl('p');
    h.type_text("secret");
    let login = h.key(KeyCode::Enter);
    assert!(
        matches!(login.as_slice(), [Effect::Send { .. }]),
        "{login:?}"
    );
    assert!(answer_read(&mut h, &read, Ok(Some(bobs_session()))).is_empty());
    assert!(h.app.in_flight().is_some(), "the login goes on");
}

#[test]
fn a_store_that_cannot_be_read_is_said_on_the_notice_line() {
    let mut h = with_two_profiles();
    let read = h.ctrl('p');
    let failed = StoreError::Keyring(autoshares_login::session::KeyringError::Failed(
        "the collection is locked".into(),
    ));
    assert!(answer_read(&mut h, &read, Err(failed)).is_empty());
    assert!(matches!(h.app.screen(), Screen::Form));
    let screen = h.render(100, 24);
    shows_whole(
        &screen,
        &[
            "The stored session of profile paper could not be read:",
            "the collection is locked",
        ],
    );
    let small = h.render(40, 12);
    assert!(
        small.contains("Username bob"),
        "the form keeps its rows:\n{small}"
    );
    shows_whole(&small, &["The stored session of profile paper"]);
    h.ctrl('p');
    assert!(h.ctrl('p').is_empty(), "said once, not read again");
    assert_eq!(h.app.form().value(FieldId::Username), "bob");
}

#[test]
fn a_token_read_for_another_username_or_about_to_expire_opens_nothing() {
    for session in [
        stored(PAPER_URL, "carol", Duration::from_hours(1)),
        stored(
            PAPER_URL,
            "bob",
            Duration::from_hours(24) - Duration::from_mins(5),
        ),
    ] {
        let mut h = with_two_profiles();
        let read = h.ctrl('p');
        assert!(answer_read(&mut h, &read, Ok(Some(session))).is_empty());
        assert!(matches!(h.app.screen(), Screen::Form));
        assert_eq!(h.app.form().value(FieldId::Username), "bob");
    }
}

#[test]
fn ctrl_p_on_a_stored_session_goes_on_and_a_typed_app_key_comes_along() {
    let mut h = without_app_keys();
    assert_eq!(h.app.form().focus(), FieldId::AppKey);
    h.type_text("typed-app-key");
    let read = h.ctrl('p');
    let effects = answer_read(&mut h, &read, Ok(Some(bobs_session())));
    let checked = matches!(
        effects.as_slice(),
        [Effect::CheckToken { app_key, .. }] if app_key.expose_secret() == "typed-app-key"
    );
    assert!(
        checked,
        "paper's token is checked with the key typed: {effects:?}"
    );
    assert!(h.app.key_map().iter().any(|b| b.label == "Ctrl-P"));
    h.ctrl('p');
    assert!(matches!(h.app.screen(), Screen::Form));
    assert_eq!(h.app.profile(), Some("work"));
    assert_eq!(h.app.form().value(FieldId::AppKey), "typed-app-key");
}

#[test]
fn ctrl_p_without_other_profiles_says_how_to_make_one() {
    let mut h = Harness::filled();
    assert!(
        !h.render(100, 24).contains("Ctrl-P"),
        "no profile to switch to: Ctrl-P is in the help only"
    );
    h.ctrl('p');
    let screen = h.render(100, 24);
    assert!(
        screen.contains("No profiles: add [profiles.NAME]"),
        "{screen}"
    );
    assert_eq!(
        h.app.form().value(FieldId::Password),
        "correct horse",
        "nothing typed is lost"
    );
}

/// A successful login of a run that can save profiles; `work` is taken.
pub(super) fn saving_profiles() -> Harness {
    let mut h = Harness::adjusted(filled_form(), Vec::new(), |settings| {
        settings.profile.keep = Some(saver("unused"));
        settings.config_path = Some("/home/alice/.config/autoshares-login/config.toml".into());
        settings.profiles = vec![profile(Some("work"), Prefill::default())];
    });
    h.log_in(succeeded());
    h
}

#[test]
fn ctrl_p_saves_the_login_as_a_profile_under_a_name_it_asks_for() {
    let mut h = saving_profiles();
    h.ctrl('p');
    assert!(h.app.key_map().iter().any(|b| b.does == "save the profile"));
    assert!(h.render(80, 24).contains("Profile name"));
    h.enter("no spaces");
    assert!(
        h.render(80, 24).contains("cannot name a profile"),
        "a bad name is refused"
    );
    (0..9).for_each(|_| {
        h.key(KeyCode::Backspace);
    });
    let taken = h.enter("work");
    assert!(taken.is_empty());
    assert!(h.render(80, 24).contains("A profile named work exists"));
    (0..4).for_each(|_| {
        h.key(KeyCode::Backspace);
    });
    let effects = h.enter("paper");
    let [Effect::SaveProfile { new, config, .. }] = effects.as_slice() else {
        panic!("Enter saves: {effects:?}");
    };
    assert_eq!(
        config,
        std::path::Path::new("/home/alice/.config/autoshares-login/config.toml")
    );
    assert_eq!(
        (new.name.as_str(), new.username.as_str()),
        ("paper", "alice")
    );
    assert_eq!(new.url, "https://api.example.test/api");
    assert_eq!(new.app_key.expose_secret(), "sandbox-app-key");
    assert_eq!(
        new.settings.clipboard,
        Some(ClipboardMode::Osc52),
        "the run's own settings go with it"
    );
    let token = new.token.as_ref().map(|(t, _)| t.expose_secret());
    assert_eq!(token, Some("FINAL-TOKEN-0123456789"));
    assert!(
        !format!("{effects:?}").contains("correct horse"),
        "never the password"
    );
    assert!(h.render(80, 24).contains("Saving…"));
    h.msg(paper_saved(config.clone(), Placement::Keyring));
    let screen = h.render(120, 30);
    assert!(screen.contains("profile paper"), "{screen}");
    assert!(
        !screen.contains("Profile name"),
        "the prompt is closed\n{screen}"
    );
    assert!(
        !h.app.key_map().iter().any(|b| b.label == "Ctrl-P"),
        "saved: Ctrl-P is not offered again"
    );
}

#[test]
fn esc_on_the_profile_name_saves_nothing() {
    let mut h = saving_profiles();
    h.ctrl('p');
    h.type_text("paper");
    assert!(h.key(KeyCode::Esc).is_empty());
    assert!(h.app.exit().is_none(), "Esc closes the prompt, not the app");
    assert!(!h.render(80, 24).contains("Profile name"));
}

#[test]
fn ctrl_p_is_not_offered_where_a_profile_cannot_be_saved() {
    let mut h = Harness::filled();
    h.log_in(succeeded());
    assert!(
        !h.app.key_map().iter().any(|b| b.label == "Ctrl-P"),
        "--demo, token, exec"
    );
    assert!(!h.render(120, 24).contains("save profile"));
}

#[test]
fn a_profile_that_cannot_be_written_shows_the_table_to_add_by_hand() {
    let mut h = saving_profiles();
    h.ctrl('p');
    h.enter("paper");
    let by_hand = "[profiles.paper]\nurl = \"https://api.example.test/api\"\nusername = \"alice\"";
    h.msg(Msg::ProfileSaved(Err(SaveProfileError::Symlink {
        path: "/home/alice/.config/autoshares-login/config.toml".into(),
        by_hand: by_hand.into(),
    })));
    let screen = h.render(100, 30);
    for line in [
        "symlink, which this tool",
        "[profiles.paper]",
        "url = \"https://api.example.test/api\"",
        "username = \"alice\"",
    ] {
        assert!(screen.contains(line), "{line:?} missing:\n{screen}");
    }
}

/// The store's answer to the login just made: its token kept in `placement` for 24 hours.
pub(super) fn token_kept(h: &mut Harness, placement: Placement) {
    let issued = jiff::Timestamp::try_from(h.now.wall).unwrap();
    let token = "FINAL-TOKEN-0123456789".to_string().into();
    let url = "https://api.example.test/api";
    let session = StoredSession::issued(token, issued, Duration::from_hours(24), url, "alice");
    let saved = Saved {
        placement,
        keyring_unavailable: None,
    };
    h.msg(Msg::Stored(Ok(Kept { saved, session })));
}

/// The server's word on the login's token: Paula Plain's.
pub(super) fn checked_as_paula(h: &mut Harness) {
    h.token_checked(Ok(UserInfo {
        login: Some("alice".into()),
        first_name: Some("Paula".into()),
        middle_name: None,
        last_name: Some("Plain".into()),
        email: Some("paula@example.test".into()),
    }));
}

/// Asserts that `screen` shows each of `shown` whole, on one row or wrapped over several.
pub(super) fn shows_whole(screen: &str, shown: &[&str]) {
    let rows: Vec<&str> = screen
        .lines()
        .map(|row| row.trim_matches('"').trim_matches(['│', ' ']))
        .collect();
    let text = rows.join(" ");
    for phrase in shown {
        assert!(text.contains(phrase), "{phrase:?} missing:\n{screen}");
    }
}

#[test]
fn where_the_token_is_and_until_when_stay_in_view_as_a_profile_is_saved() {
    // The file store: its place reads the same on every system (the keyring's name does not).
    let in_file =
        || Placement::File("/home/alice/.local/state/autoshares-login/sessions/x.json".into());
    let mut h = saving_profiles();
    token_kept(&mut h, in_file());
    checked_as_paula(&mut h);
    let expiry = ["Token stored in", "It expires", "(in 24 h 00 min)."];
    h.ctrl('p');
    h.type_text("paper");
    let naming = h.render(80, 24);
    shows_whole(&naming, &expiry);
    shows_whole(
        &naming,
        &["Profile name", "Paula Plain", "Your phrase blue heron"],
    );
    h.key(KeyCode::Enter);
    h.msg(paper_saved(
        "/home/alice/.config/autoshares-login/config.toml".into(),
        in_file(),
    ));
    let saved = h.render(80, 24);
    shows_whole(&saved, &expiry);
    shows_whole(
        &saved,
        &["profile paper", "Paula Plain", "Your phrase blue heron"],
    );
    insta::assert_snapshot!("profile_saved_80x24", saved);
}

#[test]
fn with_store_none_the_expiry_stays_in_view() {
    let mut h = Harness::filled();
    h.log_in(succeeded());
    token_kept(&mut h, Placement::Nowhere);
    checked_as_paula(&mut h);
    let screen = h.render(80, 24);
    shows_whole(
        &screen,
        &[
            "The token is not stored (store: none).",
            "It expires",
            "(in 24 h 00 min).",
        ],
    );
    insta::assert_snapshot!("stored_nowhere_80x24", screen);
}

#[test]
fn a_demo_login_says_why_its_token_is_not_stored_without_blaming_a_store_setting() {
    let users = vec![demo_user("alice", "–", "–", "plain")];
    let mut h = Harness::new(filled_form(), users);
    h.log_in(succeeded());
    token_kept(&mut h, Placement::Nowhere);
    let screen = h.render(80, 24);
    shows_whole(
        &screen,
        &["The token is not stored: a demo's tokens end with its sandbox."],
    );
    assert!(!screen.contains("store: none"), "{screen}");
}

#[test]
fn on_a_small_terminal_a_stored_session_keeps_until_when_over_whose_it_is() {
    let mut h = on_stored_session();
    checked_as_paula(&mut h);
    let small = h.render(40, 12);
    insta::assert_snapshot!("stored_session_40x12", small);
    // A row fewer: whose the token is (two rows) gives way, whole, and the one-row copy hint
    // takes the row it leaves.
    let smaller = h.render(40, 11);
    shows_whole(
        &smaller,
        &[
            "at https://api.example.test/api",
            "stored token valid until",
            "(in 5 h 00 min)",
        ],
    );
    assert!(
        !smaller.contains("Paula"),
        "whose the token is gives way, whole:\n{smaller}"
    );
    shows_whole(&smaller, &["Token", "Not copied yet: Ctrl-Y copies it."]);
    shows_whole(&h.render(80, 24), &["Paula Plain", "(in 5 h 00 min)"]);
}

/// The screens of this module, for the key-map check of every screen.
pub(super) fn screens() -> Vec<(&'static str, ScreenBuilder)> {
    vec![
        ("stored session", on_stored_session),
        ("stored session, copying off", on_stored_session_copying_off),
        ("stored session, log out asked", || {
            let mut h = on_stored_session();
            h.ctrl('x');
            h
        }),
        ("profile name", || {
            let mut h = saving_profiles();
            h.ctrl('p');
            h
        }),
        ("form with profiles", with_two_profiles),
    ]
}

#[test]
fn new_profile_debug_shows_no_secret() {
    let new = NewProfile {
        name: "paper".into(),
        url: "u".into(),
        username: "alice".into(),
        app_key: "APP-KEY-SECRET".to_string().into(),
        token: Some((
            "TOKEN-SECRET".to_string().into(),
            jiff::Timestamp::UNIX_EPOCH,
        )),
        settings: Layer::default(),
    };
    let shown = format!("{new:?}");
    assert!(!shown.contains("SECRET"), "{shown}");
}

#[test]
fn a_login_of_profile_work_saved_as_another_becomes_that_profile_and_takes_its_token_along() {
    let dir = tempfile::tempdir().unwrap();
    let (config, state) = (dir.path().join("config.toml"), dir.path().join("state"));
    std::fs::write(&config, "default_profile = \"work\"\n[profiles.work]\n").unwrap();
    let layer = Layer {
        store: Some(StoreMode::File),
        ..Layer::default()
    };
    let work = autoshares_login::session::Settings::resolve(
        Some("work".into()),
        layer,
        RunOptions::default(),
    );
    // The harness's clock is the store's: a record issued after the system's clock is not trusted.
    let clock = jiff::Timestamp::from_second(1_800_000_000).unwrap();
    let work = Saver::new(&work, &state).at(clock);
    let mut h = Harness::adjusted(filled_form(), Vec::new(), |settings| {
        settings.profile.name = Some("work".into());
        settings.profile.keep = Some(work.clone());
        settings.config_path = Some(config.clone());
    });
    // The runtime's part, as `effects` does it: the store, then the profile saved.
    for effect in h.log_in(succeeded()) {
        if let Some(stored) = effect.in_the_store() {
            h.msg(stored);
        }
    }
    let holds_token = |saver: &Saver| {
        let stored = saver.stored_session(None, None).unwrap();
        stored
            .and_then(|s| s.token)
            .map(|t| t.expose_secret().to_string())
    };
    assert_eq!(
        holds_token(&work).as_deref(),
        Some("FINAL-TOKEN-0123456789")
    );
    assert!(h.render(80, 24).contains("Logged in · profile work"));

    h.ctrl('p');
    let effects = h.enter("codep");
    let Ok([save @ Effect::SaveProfile { .. }]) = <[Effect; 1]>::try_from(effects) else {
        panic!("Enter saves");
    };
    h.msg(save.in_the_store().expect("the profile saved"));

    let screen = h.render(80, 24);
    shows_whole(
        &screen,
        &["Logged in · profile codep", "Saved as profile codep"],
    );
    assert!(!screen.contains("profile work"), "{screen}");
    assert_eq!(holds_token(&work), None, "work no longer holds this token");
    let codep = work.for_profile("codep");
    assert_eq!(
        holds_token(&codep).as_deref(),
        Some("FINAL-TOKEN-0123456789")
    );
}

/// The store's answer to `p` saving the login as profile `paper` (the default now) in `config`, its
/// app key and token at `placement`.
pub(super) fn paper_saved(config: std::path::PathBuf, placement: Placement) -> Msg {
    Msg::ProfileSaved(Ok(ProfileSaved {
        name: "paper".into(),
        config,
        made_default: true,
        with_token: true,
        saved: Saved {
            placement,
            keyring_unavailable: None,
        },
        warning: None,
    }))
}
