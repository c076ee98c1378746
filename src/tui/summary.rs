//! The one line the TUI leaves on stderr when it closes: who logged in where and where the token went,
//! or how the login ended without one. Never the token.

use std::time::Duration;

use jiff::Timestamp;

use super::app::App;
use super::failure::whole_seconds;
use super::form::FieldId;
use super::login::Login;
use super::success::{Copy, SuccessScreen};
use super::text;
use crate::auth::{Fault, Stop};
use crate::clipboard::{ALLOW_IN_TMUX, Copied};

impl App {
    /// What happened, in one line, for the terminal after the TUI is gone.
    pub(super) fn summary(&self) -> String {
        let username = self.form.value(FieldId::Username).trim();
        let at = match self.url.as_str() {
            "" => String::new(),
            url => format!(" at {url}"),
        };
        match &self.login {
            Login::Succeeded(success) if self.settings.script.is_some() => {
                self.script_summary(success, &at)
            }
            Login::Succeeded(success) => {
                let stored = if success.is_from_store() {
                    " (a stored token)"
                } else {
                    ""
                };
                format!(
                    "Logged in as {}{at}{stored}; {}",
                    success.username(),
                    copy_summary(success.copy())
                )
            }
            Login::Failed(failure) => match failure.stop() {
                Stop::Fault(fault @ Fault::RateLimited { .. }) => {
                    let left = failure.retry_in(self.now.instant);
                    format!("Login as {username}{at} was {}", rate_limited(fault, left))
                }
                stop => format!("Login as {username}{at} failed: {stop}"),
            },
            Login::Step { step, .. } => format!(
                "Login as {username}{at} abandoned at step {}; no token.",
                step.prompt().step
            ),
            Login::Waiting(_) => {
                format!("Login as {username}{at} abandoned while waiting for the server; no token.")
            }
            Login::Form => "Quit before logging in; no token.".to_string(),
        }
    }
}

impl App {
    /// A script's login, in the one line it leaves: who, where the token is stored until when, and
    /// where it was copied when the run asked for a copy (without `--clipboard`, copying is off).
    fn script_summary(&self, success: &SuccessScreen, at: &str) -> String {
        let mut line = format!("Logged in as {}{at}.", success.username());
        if let Some(kept) = success.kept() {
            let now = Timestamp::try_from(self.now.wall).unwrap_or(kept.session.issued_at);
            let zone = self.settings.time_zone.zone();
            line = format!("{line} {}", kept.describe(now, &zone));
        }
        if !matches!(success.copy(), Copy::Done(Copied::Off)) {
            line = format!("{line} {}", text::sentence(&copy_summary(success.copy())));
        }
        line
    }
}

/// A rate limit as the server gave it, with the wait it asked for as it stands now (`left`, whole
/// seconds rounded up), or that it is over.
fn rate_limited(fault: &Fault, left: Option<Duration>) -> String {
    let mut now = fault.clone();
    let mut over = false;
    if let Fault::RateLimited { retry_after, .. } = &mut now {
        over = retry_after.is_some() && left.is_none();
        *retry_after = left.map(|left| Duration::from_secs(whole_seconds(left)));
    }
    let mut text = now.to_string();
    if over {
        if !text.ends_with(['.', '!', '?']) {
            text.push('.');
        }
        text.push_str(" You may retry now.");
    }
    text
}

/// Where the copy put the token, and when it goes away.
fn copy_summary(copy: &Copy) -> String {
    match copy {
        Copy::NotYet => "the token was not copied.".into(),
        Copy::Copying { .. } => "the copy to the clipboard had not finished.".into(),
        Copy::Done(copied) => copied_summary(copied),
    }
}

fn copied_summary(copied: &Copied) -> String {
    match copied {
        Copied::Off => "the token was not copied (clipboard: off).".into(),
        Copied::System { clear_after: 0 } => "the token is on the system clipboard.".into(),
        Copied::System { clear_after } => format!(
            "the token is on the system clipboard until it clears in {clear_after} s (unless you copy something else first)."
        ),
        Copied::Osc52 { .. } => "the token was sent to your terminal's clipboard (OSC 52).".into(),
        Copied::SystemFailed(e) => format!("the token was not copied: {e}."),
        Copied::Osc52Failed(e) => format!("the token was not copied: OSC 52 failed ({e})."),
        Copied::Osc52Blocked { setting } => format!(
            "the token was not copied: tmux has set-clipboard {setting}, which stops OSC 52. {ALLOW_IN_TMUX}"
        ),
        Copied::FellBack { osc52, .. } => copied_summary(osc52),
    }
}
