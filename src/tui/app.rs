//! The TUI's state and `update`: a message in, the state changed, maybe effects out. No IO here.

use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime};

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use secrecy::{ExposeSecret, SecretString};
use throbber_widgets_tui::ThrobberState;

use super::failure::FailureScreen;
use super::form::{FieldId, Form, Prefill};
use super::message::{Effect, Msg, RequestId};
use super::step::{StepAction, StepScreen};
use super::success::SuccessScreen;
use crate::auth::client::token_url;
use crate::auth::hints;
use crate::auth::{ClientConfig, ClientOptions, LoginFlow, Next, Outcome, TokenRequest};
use crate::clipboard::{self, Copier};
use crate::diag::Exchange;
use crate::diag::report::{Conclusion, Report};
use crate::exit::Exit;

/// The screen on show.
#[derive(Debug)]
pub enum Screen {
    Form,
    Step(StepScreen),
    Failure(FailureScreen),
    Success(SuccessScreen),
}

/// A request on its way: what to show while waiting, and how to recognise its answer.
#[derive(Debug)]
pub struct InFlight {
    pub id: RequestId,
    pub started: Instant,
    /// The request as the timeline shows it, should the user cancel before an answer comes.
    record: Exchange,
}

/// A sandbox user, shown in demo mode so a newcomer can log in at once.
#[derive(Debug, Clone)]
pub struct DemoUser {
    pub username: String,
    pub password: String,
    pub pin: String,
    pub code: String,
    pub description: String,
}

/// How the TUI ended: the exit code and, when there is one, the token (for `--print`).
#[derive(Debug)]
pub struct AppExit {
    pub exit: Exit,
    pub token: Option<SecretString>,
}

/// Everything the TUI needs that does not change while it runs.
#[derive(Debug, Clone)]
pub struct Settings {
    pub prefill: Prefill,
    /// How to talk to the server, from the command line; which server comes from the form.
    pub client: ClientOptions,
    pub demo_users: Vec<DemoUser>,
    /// How `c` and a successful login copy the token (not at all with `--clipboard off`).
    pub copier: Copier,
    /// Where `r` writes the support report (`--report FILE`); a timestamped file otherwise.
    pub report_path: Option<PathBuf>,
}

pub struct App {
    settings: Settings,
    screen: Screen,
    form: Form,
    flow: Option<LoginFlow>,
    url: String,
    in_flight: Option<InFlight>,
    next_id: RequestId,
    exchanges: Vec<Exchange>,
    /// Where the current login's exchanges start: a report covers one login.
    login_start: usize,
    notice: Option<String>,
    help_open: bool,
    /// What was typed while waiting: it goes into the next step's input, so a quick typist loses nothing.
    typeahead: Vec<KeyEvent>,
    /// The open timeline and its selected exchange.
    timeline: Option<usize>,
    spinner: ThrobberState,
    now: Instant,
    exit: Option<AppExit>,
}

/// How often the screen animates while waiting, and counts down otherwise.
const SPINNER_PERIOD: Duration = Duration::from_millis(100);
const COUNTDOWN_PERIOD: Duration = Duration::from_millis(500);

impl App {
    pub fn new(settings: Settings, now: Instant) -> Self {
        App {
            form: Form::new(&settings.prefill),
            settings,
            screen: Screen::Form,
            flow: None,
            url: String::new(),
            in_flight: None,
            next_id: 1,
            exchanges: Vec::new(),
            login_start: 0,
            notice: None,
            help_open: false,
            typeahead: Vec::new(),
            timeline: None,
            spinner: ThrobberState::default(),
            now,
            exit: None,
        }
    }

    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    pub fn form(&self) -> &Form {
        &self.form
    }

    pub fn in_flight(&self) -> Option<&InFlight> {
        self.in_flight.as_ref()
    }

    pub fn exchanges(&self) -> &[Exchange] {
        &self.exchanges
    }

    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    pub fn help_open(&self) -> bool {
        self.help_open
    }

    /// The selected exchange when the timeline is open.
    pub fn timeline(&self) -> Option<usize> {
        self.timeline
    }

    pub fn demo_users(&self) -> &[DemoUser] {
        &self.settings.demo_users
    }

    pub fn spinner(&self) -> &ThrobberState {
        &self.spinner
    }

    pub fn now(&self) -> Instant {
        self.now
    }

    /// Tells the app what time it is; the runtime calls this before every message.
    pub fn set_clock(&mut self, now: Instant) {
        self.now = now;
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
        if self.in_flight.is_some() {
            return Some(SPINNER_PERIOD);
        }
        match &self.screen {
            Screen::Failure(f) if f.retry_in(self.now).is_some() => Some(COUNTDOWN_PERIOD),
            _ => None,
        }
    }

    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Key(key) if key.kind != KeyEventKind::Release => self.on_key(key),
            Msg::Key(_) | Msg::Resized => Vec::new(),
            Msg::Paste(text) => {
                self.on_paste(text.expose_secret());
                Vec::new()
            }
            Msg::Tick => {
                if self.in_flight.is_some() {
                    self.spinner.calc_next();
                }
                Vec::new()
            }
            Msg::Answered {
                id,
                outcome,
                exchange,
            } => self.on_answer(id, outcome, exchange),
            Msg::ClientRejected { id, error } => {
                if self.take_in_flight(id) {
                    self.flow = None;
                    self.screen = Screen::Form;
                    self.form.set_focus(FieldId::Url);
                    self.form.set_message(FieldId::Url, error);
                }
                Vec::new()
            }
            Msg::ReportWritten(result) => {
                self.notice = Some(match result {
                    Ok(path) => format!("Report written to {path}"),
                    Err(e) => format!("The report could not be written: {e}"),
                });
                Vec::new()
            }
            Msg::TokenChecked { result, exchange } => {
                self.exchanges.push(*exchange);
                if let Screen::Success(success) = &mut self.screen {
                    success.set_identity(result);
                }
                Vec::new()
            }
            Msg::Copied(status) => {
                if let Screen::Success(success) = &mut self.screen {
                    success.set_copy_status(status);
                }
                Vec::new()
            }
            Msg::Terminate => {
                self.quit();
                Vec::new()
            }
        }
    }

    fn on_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
            self.quit();
            return Vec::new();
        }
        let question_mark_opens_help =
            matches!(self.screen, Screen::Failure(_) | Screen::Success(_));
        if self.help_open {
            if matches!(
                key.code,
                KeyCode::Esc | KeyCode::F(1) | KeyCode::Char('?') | KeyCode::Char('q')
            ) {
                self.help_open = false;
            }
            return Vec::new();
        }
        if key.code == KeyCode::F(1) || (key.code == KeyCode::Char('?') && question_mark_opens_help)
        {
            self.help_open = true;
            return Vec::new();
        }
        if let Some(selected) = self.timeline {
            self.on_timeline_key(selected, key);
            return Vec::new();
        }
        if key.code == KeyCode::F(2) {
            self.timeline = Some(self.exchanges.len().saturating_sub(1));
            return Vec::new();
        }
        if self.in_flight.is_some() {
            if key.code == KeyCode::Esc {
                return self.cancel();
            }
            if matches!(key.code, KeyCode::Char(_) | KeyCode::Backspace) {
                self.typeahead.push(key);
            }
            return Vec::new();
        }
        match &mut self.screen {
            Screen::Form => self.on_form_key(key),
            Screen::Step(step) => match step.handle_key(key) {
                StepAction::None => Vec::new(),
                StepAction::Submit(factor, value) => {
                    let request = self
                        .flow
                        .as_mut()
                        .and_then(|flow| flow.answer(factor, value).ok());
                    request.map(|r| self.send(r)).unwrap_or_default()
                }
                StepAction::Abandon => {
                    let step = step.prompt().step.clone();
                    self.flow = None;
                    self.screen = Screen::Form;
                    self.notice = Some(format!("Login abandoned at step {step}."));
                    Vec::new()
                }
            },
            Screen::Failure(failure) => {
                match key.code {
                    KeyCode::Enter | KeyCode::Esc => {
                        if let Some(field) = FieldId::for_culprit(failure.hint().culprit) {
                            self.form.set_focus(field);
                        }
                        self.screen = Screen::Form;
                    }
                    KeyCode::Char('q') => {
                        self.exit = Some(AppExit {
                            exit: Exit::for_stop(failure.stop()),
                            token: None,
                        })
                    }
                    KeyCode::Char('r') => return vec![self.report()],
                    _ => {}
                }
                Vec::new()
            }
            Screen::Success(success) => match key.code {
                KeyCode::Char('c') => vec![Effect::Copy(success.token().clone())],
                KeyCode::Char('r') => vec![self.report()],
                KeyCode::Char('s') => {
                    success.toggle_reveal();
                    Vec::new()
                }
                KeyCode::Char('q') | KeyCode::Esc | KeyCode::Enter => {
                    self.quit();
                    Vec::new()
                }
                _ => Vec::new(),
            },
        }
    }

    fn on_form_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if key.code != KeyCode::Enter {
            self.form.handle_key(key);
            return Vec::new();
        }
        let Some(submission) = self.form.submit() else {
            return Vec::new();
        };
        self.url = submission.url;
        self.login_start = self.exchanges.len();
        let flow = LoginFlow::new(submission.credentials);
        let request = flow.first_request();
        self.flow = Some(flow);
        self.send(request)
    }

    fn on_paste(&mut self, text: &str) {
        if self.help_open || self.timeline.is_some() {
            return;
        }
        if self.in_flight.is_some() {
            let typed = text
                .chars()
                .map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
            self.typeahead
                .extend(typed.filter(|k| !matches!(k.code, KeyCode::Char(c) if c.is_control())));
            return;
        }
        match &mut self.screen {
            Screen::Form => self.form.paste(text),
            Screen::Step(step) => step.paste(text),
            Screen::Failure(_) | Screen::Success(_) => {}
        }
    }

    /// Cancels the request in flight; the timeline keeps it, marked, since the server may have used it.
    fn cancel(&mut self) -> Vec<Effect> {
        let Some(InFlight {
            id,
            started,
            mut record,
        }) = self.in_flight.take()
        else {
            return Vec::new();
        };
        let waited = self.now.saturating_duration_since(started);
        record.finish(
            waited,
            None,
            "Cancelled by the user; any answer is ignored".into(),
        );
        self.exchanges.push(record);
        self.notice = Some("Request cancelled; its answer, if any, will be ignored.".into());
        vec![Effect::Cancel(id)]
    }

    fn send(&mut self, request: TokenRequest) -> Vec<Effect> {
        let id = self.next_id;
        self.next_id += 1;
        self.notice = None;
        self.typeahead.clear();
        let headers: Vec<_> = request.headers().collect();
        let record = Exchange::request(SystemTime::now(), "POST", &self.token_url(), &headers);
        self.in_flight = Some(InFlight {
            id,
            started: self.now,
            record,
        });
        let config = self.client_config();
        vec![Effect::Send {
            id,
            config,
            request,
        }]
    }

    /// The token endpoint of the URL submitted last.
    fn token_url(&self) -> String {
        token_url(&self.url, true).map_or_else(|_| self.url.clone(), String::from)
    }

    /// The client settings of the command line with the URL of the form.
    fn client_config(&self) -> ClientConfig {
        ClientConfig {
            url: self.url.clone(),
            options: self.settings.client.clone(),
        }
    }

    /// Clears the in-flight request if `id` is it; false for the answer of a cancelled request.
    fn take_in_flight(&mut self, id: RequestId) -> bool {
        if self.in_flight.as_ref().is_some_and(|f| f.id == id) {
            self.in_flight = None;
            true
        } else {
            false
        }
    }

    fn on_answer(
        &mut self,
        id: RequestId,
        outcome: Outcome,
        exchange: Box<Exchange>,
    ) -> Vec<Effect> {
        if !self.take_in_flight(id) {
            return Vec::new();
        }
        let typed_ahead = std::mem::take(&mut self.typeahead);
        self.exchanges.push(*exchange);
        let Some(flow) = self.flow.as_mut() else {
            return Vec::new();
        };
        match flow.on_outcome(outcome) {
            Next::Ask(prompt) => {
                let mut step = StepScreen::new(prompt);
                for key in typed_ahead {
                    step.handle_key(key);
                }
                self.screen = Screen::Step(step);
                Vec::new()
            }
            Next::Done(success) => {
                let credentials = flow.credentials().clone();
                self.flow = None;
                let mut effects = vec![Effect::CheckToken {
                    config: self.client_config(),
                    app_key: credentials.app_key,
                    token: success.token.clone(),
                }];
                let copy_status = if self.settings.copier.is_enabled() {
                    effects.push(Effect::Copy(success.token.clone()));
                    "Copying…"
                } else {
                    clipboard::OFF_NOTICE
                };
                self.screen = Screen::Success(SuccessScreen::new(
                    credentials.username,
                    success.token,
                    success.personal_phrase,
                    copy_status.to_string(),
                ));
                effects
            }
            Next::Stopped(stop) => {
                self.flow = None;
                self.screen = Screen::Failure(FailureScreen::new(stop, self.now));
                Vec::new()
            }
        }
    }

    /// The support report of this login, to be written by the runtime.
    fn report(&self) -> Effect {
        let conclusion = match &self.screen {
            Screen::Success(_) => Conclusion::Token,
            Screen::Failure(failure) => hints::conclusion(failure.stop()),
            Screen::Form | Screen::Step(_) => Conclusion::Unfinished,
        };
        let url = self.token_url();
        let report = Report {
            url: &url,
            username: self.form.value(FieldId::Username),
            exchanges: self.exchanges.get(self.login_start..).unwrap_or_default(),
            conclusion,
        };
        Effect::WriteReport {
            path: self.settings.report_path.clone(),
            text: report.render(SystemTime::now()),
        }
    }

    /// Keys for the open timeline: ↑/↓ pick an exchange, F2 or Esc close it.
    fn on_timeline_key(&mut self, selected: usize, key: KeyEvent) {
        let last = self.exchanges.len().saturating_sub(1);
        self.timeline = match key.code {
            KeyCode::Up => Some(selected.saturating_sub(1)),
            KeyCode::Down => Some((selected + 1).min(last)),
            KeyCode::Home => Some(0),
            KeyCode::End => Some(last),
            KeyCode::Esc | KeyCode::F(2) => None,
            _ => Some(selected),
        };
    }

    /// Leaves the TUI: with the token from the success screen, else as a user who quit before a token.
    fn quit(&mut self) {
        self.exit = Some(match &self.screen {
            Screen::Success(success) => AppExit {
                exit: Exit::Token,
                token: Some(success.token().clone()),
            },
            _ => AppExit {
                exit: Exit::Quit,
                token: None,
            },
        });
    }
}
