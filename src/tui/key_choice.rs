//! Which key map is in force: the screen's (or the open timeline's, or the help popup's), filtered where
//! a key would do nothing (no `c` with copying off). The key handling, the key bar and the help all ask here.

use std::borrow::Cow;

use super::app::App;
use super::component::Component;
use super::help::HelpContent;
use super::keys::{self, Action, KeyMap};
use super::login::{Login, Screen};

impl App {
    /// The keys of what is on screen now: the map keys are dispatched through, and the help line shows.
    pub fn key_map(&self) -> Cow<'static, KeyMap> {
        match self.help() {
            Some(help) => help.keys(&HelpContent::of_app(self, &self.keys_under_help())),
            None => self.keys_under_help(),
        }
    }

    /// The keys of what is on screen with the help popup closed: the popup explains exactly these. With
    /// copying off, a token's screen does not offer `c`.
    pub fn keys_under_help(&self) -> Cow<'static, KeyMap> {
        if let Some(timeline) = self.timeline_popup() {
            return timeline.keys(&self.exchanges());
        }
        if let Login::Failed(failure) = &self.login {
            return failure.keys(&self.now.instant);
        }
        let map = self.screen_keys();
        match self.login {
            Login::Succeeded(_) if !self.copying_on() => {
                Cow::Owned(keys::without(map, Action::CopyAgain))
            }
            _ => Cow::Borrowed(map),
        }
    }

    /// The key map of a screen not yet a [`Component`], under the popups.
    fn screen_keys(&self) -> &'static KeyMap {
        match (&self.login, self.login.screen()) {
            (Login::Waiting(_), _) => keys::WAITING,
            (_, Screen::Form) if self.can_switch_profile() => keys::FORM_WITH_PROFILES,
            (_, Screen::Form) => keys::FORM,
            (_, Screen::Step(step)) if step.prompt().known_step => keys::STEP,
            (_, Screen::Step(_)) => keys::STEP_UNKNOWN,
            (_, Screen::Failure(_)) => keys::FAILURE,
            (_, Screen::Success(s)) if s.naming_profile() => keys::PROFILE_NAME,
            (_, Screen::Success(s)) if s.log_out_asked() => keys::CONFIRM_LOG_OUT,
            (_, Screen::Success(s)) if s.is_from_store() => keys::STORED,
            (_, Screen::Success(_)) if self.can_save_profile() => keys::SUCCESS,
            (_, Screen::Success(_)) => keys::SUCCESS_UNSAVABLE,
        }
    }
}
