//! The profiles the TUI logs in with: the one in use and the others the form switches to (Ctrl-P),
//! each with its own settings and its stored session (read when Ctrl-P first switches to it).

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::auth::{CheckError, ClientOptions};
use crate::clipboard::{Copied, Copier};
use crate::diag::RunContext;
use crate::session::{Layer, Saver, StoredSession, human_duration, local_time_in};

use super::app::{App, Start};
use super::form::{FieldId, Form, Prefill};
use super::login::Login;
use super::message::Effect;
use super::success::{Copy, SuccessScreen};

/// What one profile (or the command line without a profile) sets for a login in the TUI.
#[derive(Debug, Clone)]
pub struct Profile {
    /// `None`: the command line's settings alone.
    pub name: Option<String>,
    pub prefill: Prefill,
    /// How to talk to the server; which server comes from the form.
    pub client: ClientOptions,
    /// How Ctrl-Y and a successful login copy the token (not at all with `--clipboard off`).
    pub copier: Copier,
    /// Stores a successful login's token, and reads the stored session (`None`: the caller stores it).
    pub keep: Option<Saver>,
    /// A stored token with time left: the TUI opens on it instead of the form.
    pub stored: Option<StoredSession>,
    /// When the stored token of this login expires, when it has some time left but too little to open
    /// on: the form says so.
    pub expiring: Option<Timestamp>,
    /// Whether `stored` (and a saved app key in `prefill`) has been read from the store. The profile in
    /// use is read as the TUI starts, the others when Ctrl-P first switches to them.
    pub store_read: bool,
    /// What a profile saved from a login with these settings holds besides URL and username (Ctrl-P).
    pub beyond_defaults: Layer,
    /// The run's context with these settings, for the log and the report.
    pub context: RunContext,
}

impl App {
    /// The effects of the first screen: a stored session's token is checked with the server.
    pub fn start(&mut self) -> Vec<Effect> {
        self.check_stored_token()
    }

    /// Whether Ctrl-P on the form has another profile to switch to.
    pub(super) fn can_switch_profile(&self) -> bool {
        let current = &self.settings.profile.name;
        self.settings.profiles.iter().any(|p| p.name != *current)
    }

    /// Ctrl-P on the form or a stored session: the next profile of the config file (in name order) fills
    /// the form, or opens on its stored session. A password typed for the same username is kept, and an
    /// app key typed where the next profile has none.
    pub(super) fn switch_profile(&mut self) -> Vec<Effect> {
        if !self.can_switch_profile() {
            let demo = !self.settings.demo_users.is_empty();
            self.notice = Some(match self.settings.profiles.len() {
                _ if demo => {
                    "--demo logs in to its sandbox: the config file's profiles are not used."
                        .to_string()
                }
                0 => "No profiles: add [profiles.NAME] to the config file, or save a login as one."
                    .to_string(),
                _ => "This is the only profile.".to_string(),
            });
            return Vec::new();
        }
        let profiles = &self.settings.profiles;
        let next = profiles
            .iter()
            .position(|p| p.name == self.settings.profile.name)
            .map_or(0, |i| (i + 1) % profiles.len());
        let profile = profiles[next].clone();
        self.form = Form::new(&self.carried_prefill(&profile.prefill));
        self.login = Login::Form;
        self.notice = Some(format!(
            "Profile {} ({} of {}); Ctrl-P switches to the next.",
            profile.name.as_deref().unwrap_or("none"),
            next + 1,
            profiles.len()
        ));
        self.settings.profile = profile;
        self.open_profile()
    }

    /// `prefill` with what the form holds carried over: a password typed for the same username, and an
    /// app key typed where `prefill` has none.
    pub(super) fn carried_prefill(&self, prefill: &Prefill) -> Prefill {
        let mut prefill = prefill.clone();
        let same_user = prefill.username.as_deref() == Some(self.form.value(FieldId::Username));
        let typed = self.form.value(FieldId::Password);
        if prefill.password.is_none() && same_user && !typed.is_empty() {
            prefill.password = Some(typed.to_string().into());
        }
        let app_key = self.form.value(FieldId::AppKey);
        if prefill.app_key.is_none() && !app_key.is_empty() {
            prefill.app_key = Some(app_key.to_string().into());
        }
        prefill
    }

    /// Opens on the profile's stored session when it holds a token with time left. With copying off,
    /// the screen says so from the start (and Ctrl-Y is not offered).
    pub(super) fn open_stored_session(&mut self) {
        let Some(stored) = &self.settings.profile.stored else {
            if let (Login::Form, Some(expires)) = (&self.login, self.settings.profile.expiring) {
                let now = Timestamp::try_from(self.now.wall).unwrap_or(expires);
                self.notice = Some(expiring_notice(
                    expires,
                    now,
                    self.settings.time_zone.zone(),
                ));
            }
            return;
        };
        if let (Login::Form, Some(mut screen)) = (
            &self.login,
            SuccessScreen::from_store(stored, self.settings.time_zone.zone()),
        ) {
            if !self.copying_on() {
                *screen.copy_mut() = Copy::Done(Copied::Off);
            }
            self.url.clone_from(&stored.url);
            self.login = Login::Succeeded(screen);
        }
    }

    /// Whether the profile in use copies tokens at all (not with `clipboard: off`).
    pub(super) fn copying_on(&self) -> bool {
        self.settings.profile.copier.method().is_some()
    }

    /// Asks the server whether it still takes the stored token on screen (with the form's app key).
    pub(super) fn check_stored_token(&mut self) -> Vec<Effect> {
        let app_key = self.form.value(FieldId::AppKey).to_string();
        let token = match &mut self.login {
            Login::Succeeded(success) if success.is_from_store() => {
                if app_key.is_empty() {
                    success.checked(Err(CheckError::NoAppKey));
                    return Vec::new();
                }
                success.token().clone()
            }
            _ => return Vec::new(),
        };
        let (id, check) = self.check_token(app_key.into(), token);
        if let Login::Succeeded(success) = &mut self.login {
            success.await_check(id);
        }
        vec![check]
    }

    /// A stored session that can no longer be used (refused, expired): the form opens, saying why.
    pub(super) fn give_up_stored_session(&mut self, why: String) {
        self.leave_stored_session();
        self.login = Login::Form;
        self.notice = Some(why);
    }

    /// On a stored session, whether its token has expired by now: then it is given up.
    pub(super) fn check_stored_expiry(&mut self) {
        if let Login::Succeeded(success) = &self.login
            && success.stored_token_expired(self.now.wall)
        {
            self.give_up_stored_session("The stored token has expired: log in again.".into());
        }
    }

    /// The profile's stored session is not opened again, here or after Ctrl-P back to the profile.
    pub(super) fn leave_stored_session(&mut self) {
        let name = self.settings.profile.name.clone();
        self.for_each_entry(&name, |profile| profile.stored = None);
    }

    /// Does `change` to profile `name` as in use (when it is) and as listed for Ctrl-P.
    pub(super) fn for_each_entry(
        &mut self,
        name: &Option<String>,
        mut change: impl FnMut(&mut Profile),
    ) {
        let Start {
            profile, profiles, ..
        } = &mut self.settings;
        let in_use = Some(profile).filter(|p| p.name == *name);
        let listed = profiles.iter_mut().find(|p| p.name == *name);
        in_use.into_iter().chain(listed).for_each(&mut change);
    }

    /// `l` on a stored session: the form, for a new login; the stored token stays until it succeeds.
    pub(super) fn log_in_again(&mut self) {
        self.leave_stored_session();
        self.login = Login::Form;
        self.notice = Some("The stored token stays until the new login succeeds.".into());
    }
}

/// What the form says of a stored token that expires at `expires`, too soon to open on.
fn expiring_notice(expires: Timestamp, now: Timestamp, zone: TimeZone) -> String {
    let left = std::time::Duration::try_from(expires.duration_since(now)).unwrap_or_default();
    format!(
        "The stored token expires at {} (in {}): log in for a new one.",
        local_time_in(expires, &zone),
        human_duration(left)
    )
}
