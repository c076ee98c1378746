//! A login's requests: submitting the form or a step, sending, cancelling, and the server's answers.

use std::mem;

use super::app::App;
use super::failure::FailureScreen;
use super::login::{InFlight, Login, Waiting};
use super::message::{Effect, RequestId};
use super::step::StepScreen;
use crate::auth::client::token_url;
use crate::auth::{ClientConfig, LoginFlow, Next, Outcome, TokenRequest};
use crate::diag::Exchange;

impl App {
    /// Enter: logs in from the form, or sends the step's answer.
    pub(super) fn submit(&mut self) -> Vec<Effect> {
        match mem::replace(&mut self.login, Login::Form) {
            Login::Form => {
                let Some(submission) = self.form.submit() else {
                    return Vec::new();
                };
                self.url = submission.url;
                self.login_start = self.exchanges.len();
                let flow = LoginFlow::new(submission.credentials);
                let request = flow.first_request();
                self.send(flow, request, None)
            }
            Login::Step { mut flow, mut step } => {
                let answer = step.submit();
                match answer.and_then(|(factor, value)| flow.answer(factor, value).ok()) {
                    Some(request) => self.send(flow, request, Some(step)),
                    None => {
                        self.login = Login::Step { flow, step };
                        Vec::new()
                    }
                }
            }
            other => {
                self.login = other;
                Vec::new()
            }
        }
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
            "Cancelled by the user; any answer is ignored".into(),
        );
        self.exchanges.push(record);
        self.notice = Some("Request cancelled; its answer, if any, will be ignored.".into());
        if let Some(step) = step {
            self.login = Login::Step { flow, step };
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
                typeahead.into_iter().for_each(|key| step.edit(key));
                self.login = Login::Step { flow, step };
                Vec::new()
            }
            Next::Done(success) => self.succeed(flow.credentials().clone(), success),
            Next::Stopped(stop) => {
                self.login = Login::Failed(FailureScreen::new(stop, self.now.instant));
                Vec::new()
            }
        }
    }

    /// The token endpoint of the URL submitted last.
    pub(super) fn token_url(&self) -> String {
        token_url(&self.url, true).map_or_else(|_| self.url.clone(), String::from)
    }

    /// The client settings of the command line with the URL of the form.
    pub(super) fn client_config(&self) -> ClientConfig {
        ClientConfig {
            url: self.url.clone(),
            options: self.settings.client.clone(),
        }
    }
}
