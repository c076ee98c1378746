//! A login's requests: submitting the form or a step, sending, cancelling, the server's answers, and the
//! way back from a failure to the form (nothing resent while a Retry-After runs).

use std::mem;
use std::time::Duration;

use secrecy::SecretString;

use super::app::App;
use super::failure::{FailureScreen, wait_notice};
use super::form::FieldId;
use super::login::{InFlight, Login, Waiting};
use super::message::{Effect, RequestId};
use super::sandbox_users::DemoUser;
use super::step::StepScreen;
use crate::auth::client::token_url;
use crate::auth::hints::{self, Context, Culprit};
use crate::auth::{ClientConfig, Factor, LoginFlow, Next, Outcome, TokenRequest};
use crate::diag::{Exchange, OutcomeKind};

impl App {
    /// Enter on the form: logs in.
    pub(super) fn submit(&mut self) -> Vec<Effect> {
        match mem::replace(&mut self.login, Login::Form) {
            Login::Form => {
                let Some(submission) = self.form.submit() else {
                    return Vec::new();
                };
                if let Some(left) = self.wait_before(&submission.url) {
                    self.show_wait_message(self.form.focus(), left);
                    return Vec::new();
                }
                self.url = submission.url;
                let flow = LoginFlow::new(submission.credentials);
                let request = flow.first_request();
                self.send(flow, request, None)
            }
            other => {
                self.login = other;
                Vec::new()
            }
        }
    }

    /// The step screen's answer, sent on; where the flow takes no such answer, the step stays.
    pub(super) fn answer_step(&mut self, factor: Factor, answer: SecretString) -> Vec<Effect> {
        match mem::replace(&mut self.login, Login::Form) {
            Login::Step { mut flow, step } => match flow.answer(factor, answer) {
                Ok(request) => self.send(flow, request, Some(step)),
                Err(_) => {
                    self.login = Login::Step { flow, step };
                    Vec::new()
                }
            },
            other => {
                self.login = other;
                Vec::new()
            }
        }
    }

    /// From the failure screen to the form, the focus on the field most likely at fault; a refused password
    /// or PIN is emptied, so the next one is typed afresh rather than appended to it, and the other masked
    /// values are kept so that what is typed into them replaces them.
    pub(super) fn back_to_form(&mut self) {
        let Login::Failed(failure) = &self.login else {
            return;
        };
        self.form.keep_masked();
        let culprit = failure.hint().culprit;
        if let Some(field) = FieldId::for_culprit(culprit) {
            if matches!(culprit, Culprit::Password | Culprit::Pin) {
                self.form.clear(field);
            }
            self.form.set_focus(field);
        }
        self.notice = None;
        self.login = Login::Form;
    }

    /// Under `field` of the form: the server asked to wait, `left` to go, nothing was sent.
    fn show_wait_message(&mut self, field: FieldId, left: Duration) {
        let message = wait_notice(left);
        self.form.set_message(field, message.clone());
        self.wait_message = Some((field, message));
    }

    /// The form's message about the server's wait, anew with the time left, and gone when the wait is
    /// over; left alone once another message took its place.
    pub(super) fn count_down_wait_message(&mut self) {
        let Some((field, shown)) = self.wait_message.take() else {
            return;
        };
        if self.form.message() != Some(shown.as_str()) {
            return;
        }
        let left = self
            .retry_not_before
            .as_ref()
            .map(|(_, at)| at.saturating_duration_since(self.now.instant));
        match left.filter(|left| !left.is_zero()) {
            Some(left) => self.show_wait_message(field, left),
            None => self.form.clear_message(),
        }
    }

    /// How long the server asked to wait before the next login to `url`, if that wait still runs: no
    /// login request goes there before then.
    fn wait_before(&self, url: &str) -> Option<Duration> {
        self.retry_not_before
            .as_ref()
            .filter(|(waiting_url, _)| waiting_url == url)
            .map(|(_, at)| at.saturating_duration_since(self.now.instant))
            .filter(|left| !left.is_zero())
    }

    fn send(
        &mut self,
        flow: LoginFlow,
        request: TokenRequest,
        step: Option<StepScreen>,
    ) -> Vec<Effect> {
        let id = self.next_id;
        self.next_id += 1;
        self.notice = None;
        let headers: Vec<_> = request.headers().collect();
        let record = Exchange::request(self.now.wall, "POST", &self.token_url(), &headers);
        self.login = Login::Waiting(Box::new(Waiting {
            flow,
            request: InFlight {
                id,
                started: self.now.instant,
                record,
            },
            step,
            typeahead: Vec::new(),
        }));
        vec![Effect::Send {
            id,
            config: self.client_config(),
            request,
        }]
    }

    /// Cancels the request in flight; the timeline keeps it, marked, since the server may have used it.
    pub(super) fn cancel(&mut self) -> Vec<Effect> {
        let id = match &self.login {
            Login::Waiting(waiting) => waiting.request.id,
            _ => return Vec::new(),
        };
        let Some(Waiting {
            flow,
            request,
            step,
            ..
        }) = self.take_waiting(id)
        else {
            return Vec::new();
        };
        let mut record = request.record;
        let waited = self.now.instant.saturating_duration_since(request.started);
        record.finish(
            waited,
            None,
            OutcomeKind::Cancelled,
            "Cancelled by the user; any answer is ignored".into(),
        );
        self.exchanges.push(record);
        self.notice = Some("Request cancelled; its answer, if any, will be ignored.".into());
        match step {
            Some(step) => self.login = Login::Step { flow, step },
            // Back on the form: what is typed into a masked field replaces it, as after a failure.
            None => self.form.keep_masked(),
        }
        vec![Effect::Cancel(id)]
    }

    /// The login waiting for request `id`, taken out of the state (which becomes the form); `None`, and
    /// nothing changed, for the answer of a request that is no longer awaited.
    pub(super) fn take_waiting(&mut self, id: RequestId) -> Option<Waiting> {
        match mem::replace(&mut self.login, Login::Form) {
            Login::Waiting(waiting) if waiting.request.id == id => Some(*waiting),
            other => {
                self.login = other;
                None
            }
        }
    }

    pub(super) fn on_outcome(&mut self, waiting: Waiting, outcome: Outcome) -> Vec<Effect> {
        let Waiting {
            mut flow,
            typeahead,
            ..
        } = waiting;
        match flow.on_outcome(outcome) {
            Next::Ask(prompt) => {
                let mut step = StepScreen::new(prompt);
                let user = DemoUser::named(self.demo_users(), &flow.credentials().username);
                if let Some(hint) = user.and_then(|u| u.hint(step.prompt().factor)) {
                    step.show_demo_hint(hint);
                }
                step.type_ahead(typeahead);
                self.login = Login::Step { flow, step };
                Vec::new()
            }
            Next::Done(success) => self.succeed(flow.credentials().clone(), success),
            Next::Stopped(stop) => {
                let context = Context::Form {
                    pin_sent: flow.credentials().pin.is_some(),
                };
                let failure = FailureScreen::new(stop, &self.server(), context, self.now.instant);
                self.retry_not_before = failure.retry_at().map(|at| (self.url.clone(), at));
                self.login = Login::Failed(failure);
                Vec::new()
            }
        }
    }

    /// The token endpoint of the URL submitted last.
    pub(super) fn token_url(&self) -> String {
        token_url(&self.url, true).map_or_else(|_| self.url.clone(), String::from)
    }

    /// The server of the URL submitted last, as a headline names it (`host:port`).
    pub(super) fn server(&self) -> String {
        token_url(&self.url, true).map_or_else(|_| self.url.clone(), |url| hints::server(&url))
    }

    /// The client settings of the command line with the URL of the form.
    pub(super) fn client_config(&self) -> ClientConfig {
        ClientConfig {
            url: self.url.clone(),
            options: self.settings.profile.client.clone(),
        }
    }
}
