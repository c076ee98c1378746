//! A login that `token` or `exec` started for a script: the form says which command needs a token and
//! why, and the TUI closes by itself once the token is stored (and copied, when the run asked).

use super::*;
use autoshares_login::tui::Script;

const WHY: &str = "the stored token of profile desk expires in 59 s, under --min-valid 5 min";

/// The form of a login `token` started for profile `desk`, its token stored by a saver (`keep`) or not,
/// copied when the run asked (else, as `app` sets it up, copying is off).
fn script_login(keep: bool, copy_asked: bool) -> Harness {
    let saver = keep.then(|| super::sessions::saver("desk"));
    Harness::adjusted(filled_form(), Vec::new(), |start| {
        start.profile.name = Some("desk".into());
        start.profile.keep = saver;
        start.script = Some(Script {
            command: "token",
            why: WHY.into(),
        });
        if !copy_asked {
            start.profile.copier = Copier::new(ClipboardMode::Off, Environment::default(), 30);
        }
    })
}

#[test]
fn the_form_says_which_command_needs_a_token_and_why() {
    let h = script_login(true, false);
    let screen = folded(&h.render(80, 24));
    assert!(
        screen.contains(&format!("autoshares-login token needs a token: {WHY}.")),
        "{screen}"
    );
    assert!(
        screen.contains("goes back to the script by itself"),
        "{screen}"
    );
    h.snapshot("form_script");
}

#[test]
fn the_tui_closes_by_itself_once_the_token_is_stored_and_leaves_one_line() {
    let mut h = script_login(true, false);
    h.log_in(succeeded());
    assert!(
        h.app.exit().is_none(),
        "the store has not answered: the token is not safe yet"
    );
    let stored = super::stored_in(&h, "/home/alice/.local/state/sessions/profile-desk.json");
    h.msg(stored);
    let exit = h.app.exit().expect("closed without a key");
    assert_eq!(exit.exit, Exit::Success);
    assert_eq!(
        exit.token.as_ref().map(|t| t.expose_secret().to_string()),
        Some("FINAL-TOKEN-0123456789".into())
    );
    assert!(
        exit.login.as_ref().is_some_and(|l| l.kept.is_some()),
        "stored by the TUI"
    );
    assert_eq!(
        exit.summary,
        "Logged in as alice at https://api.example.test/api. Token stored in \
         /home/alice/.local/state/sessions/profile-desk.json (readable by you only). \
         It expires 2027-01-16 08:00 UTC (in 24 h 00 min).",
        "one line: who, where the token is and until when; no word of a copy the script did not ask for"
    );
}

#[test]
fn a_copy_the_run_asked_for_is_finished_before_the_tui_closes_and_said() {
    let mut h = script_login(false, true);
    h.log_in(succeeded());
    assert!(h.app.exit().is_none(), "the copy is under way");
    h.msg(Msg::Osc52Written(Copied::Osc52 {
        tmux: TmuxBuffer::NotInTmux,
    }));
    let exit = h.app.exit().expect("closed without a key");
    assert!(
        exit.summary
            .ends_with("The token was sent to your terminal's clipboard (OSC 52)."),
        "{}",
        exit.summary
    );
}

#[test]
fn a_login_without_a_script_stays_on_the_success_screen() {
    let mut h = Harness::filled();
    h.log_in(succeeded());
    h.msg(Msg::Osc52Written(Copied::Osc52 {
        tmux: TmuxBuffer::NotInTmux,
    }));
    assert!(h.app.exit().is_none(), "a person reads the success screen");
}
