//! Fields kept after a failure: a masked value (app key, password, PIN) is replaced by what is typed into
//! it, never joined to its hidden end, and Ctrl-S shows it before it is sent again.

use super::*;

fn unknown_app_key() -> Outcome {
    Outcome::Fault(Fault::AppError {
        status: 401,
        message: "Application key is not defined or does not exist".into(),
    })
}

#[test]
fn a_kept_password_retyped_is_sent_as_typed_once() {
    let mut h = rate_limited_for_30_s();
    h.key(KeyCode::Esc);
    h.snapshot("form_kept_after_rate_limit");
    h.key(KeyCode::BackTab);
    assert_eq!(h.app.form().focus(), FieldId::Password);
    assert!(h.app.form().is_kept(FieldId::Password));
    h.type_text("correct horse");
    assert!(!h.app.form().is_kept(FieldId::Password));
    h.at(31_000);
    let sent = h.key(KeyCode::Enter);
    assert_eq!(
        sent_header(&sent, "Password").as_deref(),
        Some("correct horse"),
        "not the kept password with the retyped one after it"
    );
}

#[test]
fn a_deleting_key_empties_a_kept_field() {
    let mut h = rate_limited_for_30_s();
    h.key(KeyCode::Esc);
    h.key(KeyCode::BackTab);
    h.key(KeyCode::Backspace);
    assert_eq!(h.app.form().value(FieldId::Password), "");
}

#[test]
fn a_kept_app_key_can_be_seen_before_it_is_fixed() {
    let mut h = Harness::filled();
    h.log_in(unknown_app_key());
    h.key(KeyCode::Enter);
    assert_eq!(h.app.form().focus(), FieldId::AppKey, "the field at fault");
    let masked = h.render(80, 24);
    assert!(
        !masked.contains("sandbox-app-key") && masked.contains("(kept: typing replaces it)"),
        "{masked}"
    );
    h.ctrl('s');
    assert!(h.app.form().revealed());
    let shown = h.render(80, 24);
    assert!(shown.contains("App key  sandbox-app-key"), "{shown}");
    assert!(
        shown.contains("Password correct horse"),
        "every masked field is shown: {shown}"
    );
    h.type_text("live-app-key");
    let fixed = h.render(80, 24);
    assert!(fixed.contains("App key  live-app-key "), "{fixed}");
    h.ctrl('s');
    let hidden = h.render(80, 24);
    assert!(!hidden.contains("live-app-key"), "{hidden}");
    let sent = h.key(KeyCode::Enter);
    assert_eq!(
        sent_header(&sent, "Et-App-Key").as_deref(),
        Some("live-app-key")
    );
}

#[test]
fn f1_lists_every_editing_key_and_the_key_that_shows_secrets() {
    let mut h = Harness::filled();
    h.key(KeyCode::F(1));
    let help = folded(&h.render(80, 24));
    for key in [
        "Ctrl-S",
        "←/→",
        "Ctrl-←/→",
        "Home/End",
        "Ctrl-A/E",
        "Backspace",
        "Delete",
        "Ctrl-W",
        "Ctrl-K",
        "Ctrl-U",
        "Ctrl-Y",
    ] {
        assert!(help.contains(key), "{key} in F1:\n{help}");
    }
}

/// Esc on a step, or on a request under way, goes back to the form with the password kept: retyped, it
/// replaces the kept one instead of joining its hidden end (a doubled password counts toward a lockout).
#[test]
fn after_esc_on_a_step_or_a_request_the_retyped_password_replaces_the_kept_one() {
    let mut on_step = Harness::filled();
    on_step.log_in(expecting("VerificationCode", "Expecting confirmation code"));
    on_step.key(KeyCode::Esc);
    let mut waiting = Harness::filled();
    waiting.key(KeyCode::Enter);
    waiting.key(KeyCode::Esc);
    for (what, mut h) in [("a step", on_step), ("a request", waiting)] {
        assert!(matches!(h.app.screen(), Screen::Form), "{what}");
        assert!(h.app.form().is_kept(FieldId::Password), "{what}");
        while h.app.form().focus() != FieldId::Password {
            h.key(KeyCode::Tab);
        }
        h.type_text("correct horse");
        let sent = h.key(KeyCode::Enter);
        assert_eq!(
            sent_header(&sent, "Password").as_deref(),
            Some("correct horse"),
            "after Esc on {what}: sent once, not doubled"
        );
    }
}
