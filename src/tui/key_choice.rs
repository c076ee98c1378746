//! Which key map is in force: the screen's (or the open timeline's, or the help popup's), filtered where
//! a key would do nothing (no `c` with copying off). The key handling, the key bar and the help all ask here.

use std::borrow::Cow;

use super::app::App;
use super::component::Component;
use super::help::HelpContent;
use super::keys::{self, Action, KeyMap};
use super::login::Login;
use super::success::SuccessScreen;

impl App {
    /// The keys of what is on screen now: the map keys are dispatched through, and the help line shows.
    pub fn key_map(&self) -> Cow<'static, KeyMap> {
        match self.help() {
            Some(help) => help.keys(&HelpContent::of_app(self, &self.keys_under_help())),
            None => self.keys_under_help(),
        }
    }

    /// The keys of what is on screen with the help popup closed: the popup explains exactly these.
    pub fn keys_under_help(&self) -> Cow<'static, KeyMap> {
        if let Some(timeline) = self.timeline_popup() {
            return timeline.keys(&self.exchanges());
        }
        match &self.login {
            Login::Failed(failure) => failure.keys(&self.now.instant),
            Login::Step { step, .. } => step.keys(&true),
            Login::Waiting(_) => Cow::Borrowed(keys::WAITING),
            Login::Form if self.can_switch_profile() => Cow::Borrowed(keys::FORM_WITH_PROFILES),
            Login::Form => Cow::Borrowed(keys::FORM),
            Login::Succeeded(success) => self.success_keys(success),
        }
    }

    /// The success screen's keys, by what it shows. With copying off, a token's screen does not offer `c`.
    fn success_keys(&self, success: &SuccessScreen) -> Cow<'static, KeyMap> {
        let map = if success.naming_profile() {
            keys::PROFILE_NAME
        } else if success.log_out_asked() {
            keys::CONFIRM_LOG_OUT
        } else if success.is_from_store() {
            keys::STORED
        } else if self.can_save_profile() {
            keys::SUCCESS
        } else {
            keys::SUCCESS_UNSAVABLE
        };
        match self.copying_on() {
            true => Cow::Borrowed(map),
            false => Cow::Owned(keys::without(map, Action::CopyAgain)),
        }
    }
}
