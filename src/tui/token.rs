//! A fresh token: the success screen, the check that the server accepts it, the copies and the store,
//! each tracked from the effect that starts it to the message that ends it.

use jiff::Timestamp;
use secrecy::SecretString;

use super::app::App;
use super::login::Login;
use super::message::{Effect, RequestId};
use super::success::{Copy, SuccessScreen};
use crate::auth::{CheckError, Credentials, Success, UserInfo};
use crate::clipboard::{Copied, Method};
use crate::session::{Kept, StoreError};

impl App {
    /// The login got its token: show it, check it with the server, and copy it.
    pub(super) fn succeed(&mut self, credentials: Credentials, success: Success) -> Vec<Effect> {
        let (check_id, check) =
            self.check_token(credentials.app_key.clone(), success.token.clone());
        let mut effects = vec![check];
        let (copy, effect) = self.start_copy(&success.token, false);
        effects.extend(effect);
        if let Some(saver) = &self.settings.profile.keep {
            effects.push(Effect::Store {
                saver: saver.clone(),
                token: success.token.clone(),
                app_key: credentials.app_key,
                url: self.url.clone(),
                username: credentials.username.clone(),
                at: self.now.wall,
            });
        }
        let issued_at = Timestamp::try_from(self.now.wall).unwrap_or(Timestamp::UNIX_EPOCH);
        let mut screen = SuccessScreen::new(
            (credentials.username, success.token, issued_at),
            success.personal_phrase,
            copy,
            self.settings.time_zone.zone(),
        );
        screen.await_check(check_id);
        if !self.demo_users().is_empty() {
            screen.in_demo();
        }
        self.login = Login::Succeeded(screen);
        effects
    }

    /// The check of `token` with the server (whose it is, and that it works), and the id of its answer.
    pub(super) fn check_token(
        &mut self,
        app_key: SecretString,
        token: SecretString,
    ) -> (RequestId, Effect) {
        let id = self.next_id;
        self.next_id += 1;
        let config = self.client_config();
        let check = Effect::CheckToken {
            id,
            config,
            app_key,
            token,
        };
        (id, check)
    }

    /// The server's answer to check `id`, for the screen that waits for it (a late one is only recorded).
    /// A stored token the server refuses is given up: the form opens for a new login.
    pub(super) fn on_token_checked(&mut self, id: RequestId, result: Result<UserInfo, CheckError>) {
        let Login::Succeeded(success) = &mut self.login else {
            return;
        };
        if !success.awaits_check(id) {
            return;
        }
        if success.is_from_store() && matches!(result, Err(CheckError::TokenRefused)) {
            self.give_up_stored_session(
                "The server no longer accepts the stored token (HTTP 401): log in again.".into(),
            );
        } else {
            success.checked(result);
        }
    }

    /// The store's answer: the success screen says where the token is kept and until when.
    pub(super) fn on_stored(&mut self, result: Result<Kept, StoreError>) {
        if let Login::Succeeded(success) = &mut self.login {
            success.stored(result);
        }
    }

    /// Ctrl-Y: copies the token again, unless a copy is under way.
    pub(super) fn copy_again(&mut self) -> Vec<Effect> {
        let token = match &self.login {
            Login::Succeeded(success) if matches!(success.copy(), Copy::Done(_) | Copy::NotYet) => {
                success.token().clone()
            }
            _ => return Vec::new(),
        };
        let (copy, effect) = self.start_copy(&token, true);
        if let Login::Succeeded(success) = &mut self.login {
            *success.copy_mut() = copy;
        }
        effect.into_iter().collect()
    }

    /// The copy to start for `token` (`again`: by Ctrl-Y), as the copier says, and its state until it
    /// is done.
    fn start_copy(&self, token: &SecretString, again: bool) -> (Copy, Option<Effect>) {
        let copying = Copy::Copying {
            system_failed: None,
            again,
        };
        let copier = self.settings.profile.copier.clone();
        let token = token.clone();
        match copier.method() {
            None => (Copy::Done(Copied::Off), None),
            Some(Method::System) => (copying, Some(Effect::CopyToSystem { copier, token })),
            Some(Method::Osc52) => (copying, Some(Effect::Osc52 { copier, token })),
        }
    }

    /// The system clipboard's answer; in `auto` mode a failure falls back to OSC 52.
    pub(super) fn on_copied(&mut self, copied: Copied) -> Vec<Effect> {
        let copier = &self.settings.profile.copier;
        let falls_back = copier.falls_back_to_osc52();
        let Login::Succeeded(success) = &mut self.login else {
            return Vec::new();
        };
        let again = matches!(success.copy(), Copy::Copying { again: true, .. });
        match copied {
            Copied::SystemFailed(system) if falls_back => {
                *success.copy_mut() = Copy::Copying {
                    system_failed: Some(system),
                    again,
                };
                vec![Effect::Osc52 {
                    copier: copier.clone(),
                    token: success.token().clone(),
                }]
            }
            copied => {
                self.copy_done(copied);
                Vec::new()
            }
        }
    }

    /// A copy is over: the screen shows what it did, and after Ctrl-Y the notice line says so too (the
    /// screen's line may read as it did before the key).
    fn copy_done(&mut self, copied: Copied) {
        let Login::Succeeded(success) = &mut self.login else {
            return;
        };
        if matches!(success.copy(), Copy::Copying { again: true, .. }) {
            self.notice = Some(format!("Ctrl-Y: {}", copied.headline()));
        }
        *success.copy_mut() = Copy::Done(copied);
    }

    /// Whether the loop got the OSC 52 sequence to the terminal.
    pub(super) fn on_osc52_written(&mut self, osc52: Copied) {
        if let Login::Succeeded(success) = &mut self.login
            && let Copy::Copying { system_failed, .. } = success.copy_mut()
        {
            let done = match system_failed.take() {
                Some(system) => Copied::FellBack {
                    system,
                    osc52: Box::new(osc52),
                },
                None => osc52,
            };
            self.copy_done(done);
        }
    }
}
