//! How the TUI ends, for the entry: the exit code, the token, and where and as whom it was obtained.

use secrecy::SecretString;

use super::app::App;
use super::form::FieldId;
use super::login::Login;
use crate::exit::Exit;
use crate::session::Kept;

/// How the TUI ended: the exit code and, when there is one, the token (for `--print`) and whose it is.
#[derive(Debug)]
pub struct AppExit {
    pub exit: Exit,
    pub token: Option<SecretString>,
    /// The URL, username and app key the token was obtained with (for the store).
    pub login: Option<LoginUsed>,
    /// One line for the terminal once the TUI is gone (never the token).
    pub summary: String,
}

/// Where and as whom the token of a successful login was obtained, as the form said, and where the TUI
/// stored it (when it did: then the caller need not).
#[derive(Debug, Clone)]
pub struct LoginUsed {
    pub url: String,
    pub username: String,
    pub app_key: SecretString,
    pub kept: Option<Kept>,
}

impl App {
    /// `q` on the failure screen (its exit code) or the success screen (the token).
    pub(super) fn leave(&mut self) {
        match &self.login {
            Login::Failed(failure) => {
                self.exit = Some(AppExit {
                    exit: Exit::for_stop(failure.stop()),
                    token: None,
                    login: None,
                    summary: self.summary(),
                });
            }
            _ => self.quit(),
        }
    }

    /// Leaves the TUI: with the token from the success screen, else as a user who quit before a token.
    /// A stored token that has expired meanwhile is no token.
    pub(super) fn quit(&mut self) {
        self.check_stored_expiry();
        self.exit = Some(match &self.login {
            Login::Succeeded(success) => AppExit {
                exit: Exit::Success,
                token: Some(success.token().clone()),
                login: Some(LoginUsed {
                    url: self.url.clone(),
                    username: success.username().to_string(),
                    app_key: self.form.value(FieldId::AppKey).to_string().into(),
                    kept: success.kept().cloned(),
                }),
                summary: self.summary(),
            },
            _ => AppExit {
                exit: Exit::Quit,
                token: None,
                login: None,
                summary: self.summary(),
            },
        });
    }
}
