//! Which key map is in force: that of the component on top (the help popup, the timeline, or the
//! screen), and what each component reads of the app to choose it. The key handling, the key bar and
//! the help all ask here.

use std::borrow::Cow;

use super::app::App;
use super::component::Component;
use super::form::FormContext;
use super::help::HelpContent;
use super::keys::KeyMap;
use super::login::{Login, Waiting, WaitingContext};
use super::success::SuccessContext;

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
            Login::Waiting(waiting) => waiting.keys(&self.waiting_context()),
            Login::Form => self.form.keys(&self.form_context(true)),
            Login::Succeeded(success) => success.keys(&self.success_context()),
        }
    }

    /// What the form reads of the app; `editable`: whether its fields take keys now.
    pub(super) fn form_context(&self, editable: bool) -> FormContext {
        FormContext {
            editable,
            can_switch_profile: self.can_switch_profile(),
        }
    }

    /// The login waiting for the server, if one is.
    pub(super) fn waiting(&self) -> Option<&Waiting> {
        match &self.login {
            Login::Waiting(waiting) => Some(waiting),
            _ => None,
        }
    }

    /// What the waiting line reads of the app.
    pub(super) fn waiting_context(&self) -> WaitingContext<'_> {
        WaitingContext {
            now: self.now.instant,
            spinner: self.spinner(),
        }
    }

    /// What the success screen reads of the app.
    pub(super) fn success_context(&self) -> SuccessContext {
        SuccessContext {
            now: self.now.wall,
            can_save_profile: self.can_save_profile(),
            copying_on: self.copying_on(),
        }
    }
}
