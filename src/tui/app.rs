//! The TUI's state and `update`: a message (with the time it happened) in, the state changed, maybe
//! effects out. No IO here, and no clock: time comes with every message.

use std::mem;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crossterm::event::{KeyEvent, KeyEventKind};
use secrecy::ExposeSecret;
use throbber_widgets_tui::ThrobberState;

use super::component::{Component, Popup};
use super::failure::FailureOutcome;
use super::form::FormOutcome;
use super::form::{FieldId, Form};
use super::help::{HelpContent, HelpPopup};
use super::keys::{self, Action};
use super::login::{InFlight, Login, Screen};
use super::login::{WaitingContext, WaitingOutcome};
use super::message::{Effect, Msg, Now, RequestId};
pub use super::outcome::{AppExit, LoginUsed};
use super::profile::Profile;
use super::sandbox_users::DemoUser;
use super::script::Script;
use super::step::StepOutcome;
use super::success::{NOT_THE_FORM, SuccessOutcome};
use super::timeline::TimelinePopup;
use crate::auth::hints;
use crate::diag::redact::without_credentials;
use crate::diag::report::{Conclusion, Report};
use crate::diag::{Exchange, RunContext};

/// Everything the TUI starts with: the profiles it offers, where it saves and reports (not to be
/// confused with the resolved login settings, `session::Settings`).
#[derive(Debug, Clone)]
pub struct Start {
    /// The profile in use (named in the title), or the command line's settings alone.
    pub profile: Profile,
    /// Every profile of the config file, in name order, for Ctrl-P on the form.
    pub profiles: Vec<Profile>,
    /// The config file Ctrl-P on the success screen saves a profile to (`None`: not offered).
    pub config_path: Option<PathBuf>,
    pub demo_users: Vec<DemoUser>,
    /// Where Ctrl-R writes the support report (`--report FILE`); a timestamped file otherwise.
    pub report_path: Option<PathBuf>,
    /// The zone times are shown in (the system's, looked up when a screen first shows a time).
    pub time_zone: crate::session::LocalZone,
    /// A login that `token` or `exec` started for a script: said on the form; the TUI closes by itself
    /// once it has the token.
    pub script: Option<Script>,
}

pub struct App {
    pub(super) settings: Start,
    pub(super) login: Login,
    pub(super) form: Form,
    /// The URL of the login under way, or of the last one.
    pub(super) url: String,
    pub(super) next_id: RequestId,
    /// The store read whose answer the profile Ctrl-P switched to awaits, until the user moves on.
    pub(super) awaited_read: Option<RequestId>,
    pub(super) exchanges: Vec<Exchange>,
    pub(super) notice: Option<String>,
    /// The popups over the screen, each a [`Component`]: the help over everything, the timeline below it.
    help: Option<HelpPopup>,
    timeline: Option<TimelinePopup>,
    /// A server that asked to wait (Retry-After) gets no new login before then: its URL and the time.
    pub(super) retry_not_before: Option<(String, Instant)>,
    /// The form's message about that wait, as last set: it counts down while it is the form's message.
    pub(super) wait_message: Option<(FieldId, String)>,
    spinner: ThrobberState,
    pub(super) now: Now,
    pub(super) exit: Option<AppExit>,
}

/// How often the screen animates while waiting, and counts down otherwise.
const SPINNER_PERIOD: Duration = Duration::from_millis(100);
const COUNTDOWN_PERIOD: Duration = Duration::from_millis(500);

impl App {
    /// The app on the form, or on the stored session of the profile when it has one.
    pub fn new(settings: Start, now: Now) -> Self {
        let mut app = App {
            form: Form::new(&settings.profile.prefill),
            settings,
            login: Login::Form,
            url: String::new(),
            next_id: 1,
            awaited_read: None,
            exchanges: Vec::new(),
            notice: None,
            help: None,
            timeline: None,
            retry_not_before: None,
            wait_message: None,
            spinner: ThrobberState::default(),
            now,
            exit: None,
        };
        app.open_stored_session();
        app
    }

    pub fn screen(&self) -> Screen<'_> {
        self.login.screen()
    }

    pub fn form(&self) -> &Form {
        &self.form
    }

    pub fn in_flight(&self) -> Option<&InFlight> {
        self.login.in_flight()
    }

    pub fn exchanges(&self) -> &[Exchange] {
        &self.exchanges
    }

    /// The context of this run as the log and the report record it: the profile's, with the URL of the
    /// login under way (or the last one) and the form's username.
    pub fn run_context(&self) -> RunContext {
        let mut context = self.settings.profile.context.clone();
        let settings = &mut context.settings;
        if !self.url.is_empty() {
            settings.url = Some(without_credentials(&self.url));
        }
        let username = self.form.value(FieldId::Username);
        if !username.is_empty() {
            settings.username = Some(username.to_string());
        }
        context
    }

    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    pub fn help_open(&self) -> bool {
        self.help.is_some()
    }

    /// The open help popup.
    pub(super) fn help(&self) -> Option<&HelpPopup> {
        self.help.as_ref()
    }

    /// The selected exchange when the timeline is open.
    pub fn timeline(&self) -> Option<usize> {
        self.timeline.as_ref().map(TimelinePopup::selected)
    }

    /// The open timeline.
    pub(super) fn timeline_popup(&self) -> Option<&TimelinePopup> {
        self.timeline.as_ref()
    }

    /// The profile in use, if any.
    pub fn profile(&self) -> Option<&str> {
        self.settings.profile.name.as_deref()
    }

    /// The script this login is for, when `token` or `exec` started it.
    pub fn script(&self) -> Option<&Script> {
        self.settings.script.as_ref()
    }

    pub fn demo_users(&self) -> &[DemoUser] {
        &self.settings.demo_users
    }

    pub fn spinner(&self) -> &ThrobberState {
        &self.spinner
    }

    /// The time of the latest message.
    pub fn now(&self) -> Instant {
        self.now.instant
    }

    /// `Some` once the TUI should close.
    pub fn exit(&self) -> Option<&AppExit> {
        self.exit.as_ref()
    }

    pub fn take_exit(&mut self) -> Option<AppExit> {
        self.exit.take()
    }

    /// How soon a `Tick` is needed; `None` when nothing moves, so an idle TUI wakes for nothing.
    pub fn tick_period(&self) -> Option<Duration> {
        match &self.login {
            Login::Waiting(_) => Some(SPINNER_PERIOD),
            Login::Failed(f) if f.retry_in(self.now.instant).is_some() => Some(COUNTDOWN_PERIOD),
            Login::Form if self.wait_message.is_some() => Some(COUNTDOWN_PERIOD),
            // A stored token's time left: seconds show in its last hour, minutes before.
            Login::Succeeded(s) => s.stored_time_left(self.now.wall).map(|left| {
                if left < Duration::from_hours(1) {
                    Duration::from_secs(1)
                } else {
                    Duration::from_mins(1)
                }
            }),
            _ => None,
        }
    }

    /// Takes in `msg`, which happened at `now`.
    pub fn update(&mut self, msg: Msg, now: Now) -> Vec<Effect> {
        self.now = now;
        let effects = self.take_in(msg);
        self.return_to_script();
        effects
    }

    /// What `msg` changes, and the effects it asks for.
    fn take_in(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Key(key) if key.kind != KeyEventKind::Release => self.on_key(key),
            Msg::Key(_) | Msg::Resized => Vec::new(),
            Msg::Paste(text) => {
                self.on_paste(text.expose_secret());
                Vec::new()
            }
            Msg::Tick => {
                if let Login::Waiting(_) = self.login {
                    self.spinner.calc_next();
                }
                self.check_stored_expiry();
                self.count_down_wait_message();
                Vec::new()
            }
            Msg::Answered {
                id,
                outcome,
                exchange,
            } => match self.take_waiting(id) {
                Some(waiting) => {
                    self.exchanges.push(*exchange);
                    self.on_outcome(waiting, outcome)
                }
                None => Vec::new(),
            },
            Msg::LockNotTaken { id, why } => {
                if self.take_waiting(id).is_some() {
                    self.notice = Some(format!("Not sent: {why}."));
                }
                Vec::new()
            }
            Msg::ClientRejected { id, error } => {
                if self.take_waiting(id).is_some() {
                    self.form.set_focus(FieldId::Url);
                    self.form.set_message(FieldId::Url, error.to_string());
                }
                Vec::new()
            }
            other => self.on_result(other),
        }
    }

    /// The results of effects that are not a login's answer.
    fn on_result(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::TokenChecked {
                id,
                result,
                exchange,
            } => {
                self.exchanges.push(*exchange);
                self.on_token_checked(id, result);
            }
            Msg::Stored(result) => self.on_stored(result),
            Msg::LoggedOut(result) => self.on_logged_out(result),
            Msg::ProfileSaved(result) => self.on_profile_saved(result),
            Msg::StoredRead {
                id,
                profile,
                result,
            } => return self.on_stored_read(id, &profile, result),
            Msg::Copied(copied) => return self.on_copied(copied),
            Msg::Osc52Written(written) => self.on_osc52_written(written),
            Msg::ReportWritten(result) => {
                self.notice = Some(match result {
                    Ok(written) => written.to_string(),
                    Err(e) => format!("The report could not be written: {e}"),
                });
            }
            Msg::Terminate => self.quit(),
            Msg::Key(_) | Msg::Paste(_) | Msg::Resized | Msg::Tick => {}
            Msg::Answered { .. } | Msg::ClientRejected { .. } | Msg::LockNotTaken { .. } => {}
        }
        Vec::new()
    }

    /// Routes a key of the map on screen: Ctrl-C and F1 anywhere, the rest to the component on top.
    fn on_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Some(action) = keys::action(&self.key_map(), key) else {
            return Vec::new();
        };
        match action {
            Action::Quit => self.quit(),
            Action::OpenHelp => self.help = Some(HelpPopup::default()),
            _ if self.help.is_some() => self.on_help_key(action, key),
            Action::OpenTimeline => self.timeline = Some(TimelinePopup::new(&self.exchanges)),
            _ if self.timeline.is_some() => {
                if let Some(timeline) = &mut self.timeline
                    && timeline.handle(action, key, &self.exchanges.as_slice()) == Popup::Closed
                {
                    self.timeline = None;
                }
            }
            _ => return self.on_screen_key(action, key),
        }
        Vec::new()
    }

    /// A key for the screen: its component's outcome carried out.
    fn on_screen_key(&mut self, action: Action, key: KeyEvent) -> Vec<Effect> {
        self.moving_on(action);
        let success_context = self.success_context();
        let form_context = self.form_context(true);
        match &mut self.login {
            Login::Form => match self.form.handle(action, key, &form_context) {
                FormOutcome::Stay => {}
                FormOutcome::Submit => return self.submit(),
                FormOutcome::SwitchProfile => return self.switch_profile(),
            },
            Login::Waiting(waiting) => {
                let context = WaitingContext {
                    now: self.now.instant,
                    spinner: &self.spinner,
                };
                match waiting.handle(action, key, &context) {
                    WaitingOutcome::Stay => {}
                    WaitingOutcome::Cancel => return self.cancel(),
                }
            }
            Login::Failed(failure) => match failure.handle(action, key, &self.now.instant) {
                FailureOutcome::Stay => {}
                FailureOutcome::BackToForm => self.back_to_form(),
                FailureOutcome::Leave => self.leave(),
                FailureOutcome::WriteReport => return vec![self.report()],
                FailureOutcome::Say(notice) => self.notice = Some(notice.into()),
            },
            Login::Step { step, .. } => match step.handle(action, key, &true) {
                StepOutcome::Stay => {}
                StepOutcome::Answer(factor, answer) => return self.answer_step(factor, answer),
                StepOutcome::Abandon => self.abandon(),
            },
            Login::Succeeded(success) => match success.handle(action, key, &success_context) {
                SuccessOutcome::Stay => {}
                SuccessOutcome::Leave => self.leave(),
                SuccessOutcome::CopyAgain => return self.copy_again(),
                SuccessOutcome::WriteReport => return vec![self.report()],
                SuccessOutcome::Say(notice) => self.notice = Some(notice),
                SuccessOutcome::SaveProfile => return self.save_profile(),
                SuccessOutcome::LogOutAsked => self.ask_log_out(),
                SuccessOutcome::TokenKept => self.keep_stored_token(),
                SuccessOutcome::LogOut => return self.log_out(),
                SuccessOutcome::LogInAgain => self.log_in_again(),
                SuccessOutcome::SwitchProfile => return self.switch_profile(),
            },
        }
        Vec::new()
    }

    fn on_help_key(&mut self, action: Action, key: KeyEvent) {
        let Some(mut help) = self.help.take() else {
            return;
        };
        let under = self.keys_under_help();
        if help.handle(action, key, &HelpContent::of_app(self, &under)) == Popup::Open {
            self.help = Some(help);
        }
    }

    fn on_paste(&mut self, text: &str) {
        if self.help.is_some() || self.timeline.is_some() {
            return;
        }
        self.awaited_read = None;
        match &mut self.login {
            Login::Form => self.form.paste(text),
            Login::Step { step, .. } => step.paste(text),
            Login::Waiting(waiting) => waiting.typeahead.extend(
                text.chars()
                    .filter(|c| !c.is_control())
                    .map(|c| KeyEvent::from(crossterm::event::KeyCode::Char(c))),
            ),
            Login::Succeeded(success) if success.is_from_store() && !success.log_out_asked() => {
                self.notice = Some(NOT_THE_FORM.into());
            }
            Login::Succeeded(success) => success.paste_profile_name(text),
            Login::Failed(_) => {}
        }
    }

    /// The support report of the whole session (every attempt, as the timeline shows them), to be
    /// written by the runtime.
    fn report(&self) -> Effect {
        let conclusion = match &self.login {
            Login::Succeeded(_) => Conclusion::Token,
            Login::Failed(failure) => {
                hints::conclusion(failure.stop(), &self.server(), failure.context())
            }
            Login::Form | Login::Step { .. } | Login::Waiting(_) => Conclusion::Unfinished,
        };
        let context = self.run_context();
        let report = Report {
            exchanges: &self.exchanges,
            conclusion,
            context: Some(&context),
            source: None,
        };
        Effect::WriteReport {
            path: self.settings.report_path.clone(),
            text: report.render(self.now.wall),
        }
    }

    /// Esc on a step: back to the form, where what is typed into a masked field replaces it (as after a
    /// failure) rather than joining its hidden end.
    fn abandon(&mut self) {
        if let Login::Step { step, .. } = mem::replace(&mut self.login, Login::Form) {
            self.notice = Some(format!("Login abandoned at step {}.", step.prompt().step));
            self.form.keep_masked();
        }
    }
}
