//! Logging out of a stored session: Ctrl-X asks first, Ctrl-X again drops the stored token, any other
//! key keeps it; and text typed there (meant for a form) is answered with which screen this is.

use crate::session::{Dropped, StoreError};

use super::app::App;
use super::login::Login;
use super::message::Effect;

impl App {
    /// Whose stored token this is, as the questions about it name it.
    fn stored_token_of(&self) -> String {
        match (&self.settings.profile.name, &self.login) {
            (Some(name), _) => format!("profile {name}"),
            (None, Login::Succeeded(success)) => format!("{} at {}", success.username(), self.url),
            (None, _) => self.url.clone(),
        }
    }

    /// Ctrl-X on a stored session: the screen asks whether to drop the stored token; the notice names it.
    pub(super) fn ask_log_out(&mut self) {
        let of = self.stored_token_of();
        self.notice = Some(format!(
            "Log out: drop the stored token of {of}? Ctrl-X again drops it, any other key keeps it."
        ));
    }

    /// Any key but Ctrl-X after Ctrl-X: the stored token stays, and so does the screen.
    pub(super) fn keep_stored_token(&mut self) {
        let of = self.stored_token_of();
        self.notice = Some(format!("Still logged in: the stored token of {of} stays."));
    }

    /// Ctrl-X again after Ctrl-X on a stored session: the stored token is dropped (a saved app key
    /// stays), and the form opens.
    pub(super) fn log_out(&mut self) -> Vec<Effect> {
        let Login::Succeeded(success) = &self.login else {
            return Vec::new();
        };
        let username = success.username().to_string();
        self.leave_stored_session();
        self.login = Login::Form;
        self.notice = Some("Logging out…".into());
        let Some(saver) = self.settings.profile.keep.clone() else {
            return Vec::new();
        };
        vec![Effect::LogOut {
            saver,
            url: self.url.clone(),
            username,
        }]
    }

    /// What dropping the stored token did.
    pub(super) fn on_logged_out(&mut self, result: Result<Dropped, StoreError>) {
        self.notice = Some(match result {
            Ok(dropped) if dropped.token => "Logged out: the stored token was dropped.".into(),
            Ok(_) => "Logged out: there was no stored token left to drop.".into(),
            Err(e) => format!("The stored token could not be dropped: {e}"),
        });
    }
}
