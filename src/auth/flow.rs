//! The login state machine: credentials and answered steps in, the next request out. Pure: no IO, no clock.

use secrecy::{ExposeSecret, SecretString};

use super::wire::{Expecting, Failure, Fault, Outcome, Success, header};

/// What the user types on the form; secrets stay in secret types.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub app_key: SecretString,
    pub username: String,
    pub password: SecretString,
    /// Sent from the first request on when known; learned from a PIN step otherwise.
    pub pin: Option<SecretString>,
}

/// Which header answers a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Factor {
    PinCode,
    VerificationCode,
}

impl Factor {
    /// The factor a step asks for, or `None` for a step this tool does not know.
    pub fn for_step(step: &str) -> Option<Factor> {
        let lower = step.to_ascii_lowercase();
        if lower == "verificationcode" {
            Some(Factor::VerificationCode)
        } else if lower == "secutitypin" || lower.contains("pin") {
            Some(Factor::PinCode)
        } else {
            None
        }
    }

    /// The request header that carries this factor.
    pub fn header(self) -> &'static str {
        match self {
            Factor::PinCode => header::PIN_CODE,
            Factor::VerificationCode => header::VERIFICATION_CODE,
        }
    }

    /// What to call it when asking a person.
    pub fn label(self) -> &'static str {
        match self {
            Factor::PinCode => "PIN",
            Factor::VerificationCode => "verification code",
        }
    }

    /// What a person is asked to do for this factor, in their words (the header stays in the timeline).
    pub fn ask(self) -> &'static str {
        match self {
            Factor::PinCode => "Enter the PIN",
            Factor::VerificationCode => "Enter the code sent by email or SMS",
        }
    }

    /// The other factor: an unknown step may be answered in either header.
    pub fn toggled(self) -> Factor {
        match self {
            Factor::PinCode => Factor::VerificationCode,
            Factor::VerificationCode => Factor::PinCode,
        }
    }
}

/// One request to send: header names and values. `Debug` shows the names only.
pub struct TokenRequest {
    headers: Vec<(&'static str, SecretString)>,
}

impl TokenRequest {
    /// The headers with their values exposed, for the client alone to put on the wire.
    pub fn headers(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.headers
            .iter()
            .map(|(name, value)| (*name, value.expose_secret()))
    }

    /// The value sent in `name`, if any.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }
}

impl std::fmt::Debug for TokenRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenRequest")
            .field(
                "headers",
                &self.headers.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
            )
            .finish()
    }
}

/// What the front end asks the user for after a 202.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    /// The server's Step, sanitised, verbatim otherwise.
    pub step: String,
    pub reason: String,
    /// The header the answer goes in; for an unknown step the front end may toggle it.
    pub factor: Factor,
    /// False for a step this tool does not know.
    pub known_step: bool,
    /// How many different steps the server has asked for in this login, this one included
    /// (a step asked again after a wrong answer keeps its number).
    pub step_number: usize,
    /// The server asked the same step again (a wrong code).
    pub reasked: bool,
}

/// Where a login stopped without a token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Stop {
    #[error("Failed at step {} (HTTP {}): {}", .0.step, .0.status, .0.reason)]
    Failed(Failure),
    #[error("Fault: {0}")]
    Fault(Fault),
}

/// What happens after an answer from the server.
#[derive(Debug)]
pub enum Next {
    Ask(Prompt),
    Done(Success),
    Stopped(Stop),
}

/// Misuse of the flow by a front end; a bug, never a server's doing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FlowError {
    #[error("the server is not expecting a factor now")]
    NotExpecting,
}

/// A pending step: what was asked and the interim token to answer it with.
struct Pending {
    prompt: Prompt,
    interim_token: SecretString,
}

/// The most steps (202 answers, a step asked again included) one login answers: a server that keeps
/// asking is stopped, rather than sent the credentials again for every answer the user gives.
pub const MAX_STEPS: usize = 20;

/// One login, from the first request to a token or a stop.
pub struct LoginFlow {
    credentials: Credentials,
    pending: Option<Pending>,
    /// Different steps asked so far (a step asked again keeps its number).
    steps_seen: usize,
    /// Every step asked so far, a step asked again included.
    steps_asked: usize,
}

impl LoginFlow {
    pub fn new(credentials: Credentials) -> Self {
        LoginFlow {
            credentials,
            pending: None,
            steps_seen: 0,
            steps_asked: 0,
        }
    }

    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// The step waiting for an answer, if any.
    pub fn prompt(&self) -> Option<&Prompt> {
        self.pending.as_ref().map(|p| &p.prompt)
    }

    /// The first request: app key, username, password, and the PIN when known.
    pub fn first_request(&self) -> TokenRequest {
        TokenRequest {
            headers: self.base_headers(),
        }
    }

    /// Answers the pending step in `factor`'s header; the interim token and credentials go along.
    /// Only the answer to a PIN step becomes the PIN sent on every later request: an unknown step
    /// answered in the PinCode header sends its answer there once, and the PIN stays what it was.
    pub fn answer(
        &mut self,
        factor: Factor,
        value: SecretString,
    ) -> Result<TokenRequest, FlowError> {
        let pending = self.pending.as_ref().ok_or(FlowError::NotExpecting)?;
        let bearer = format!("Bearer {}", pending.interim_token.expose_secret());
        let pin_step = pending.prompt.known_step && pending.prompt.factor == Factor::PinCode;
        if factor == Factor::PinCode && pin_step {
            self.credentials.pin = Some(value.clone());
        }
        let mut headers = self.base_headers();
        if factor == Factor::PinCode {
            headers.retain(|(name, _)| *name != header::PIN_CODE);
            headers.push((header::PIN_CODE, value));
            headers.push((header::AUTHORIZATION, bearer.into()));
        } else {
            headers.push((header::AUTHORIZATION, bearer.into()));
            headers.push((header::VERIFICATION_CODE, value));
        }
        Ok(TokenRequest { headers })
    }

    /// Takes the server's answer to the last request and says what comes next.
    /// Never produces a request by itself: every POST is the front end's explicit call.
    pub fn on_outcome(&mut self, outcome: Outcome) -> Next {
        match outcome {
            Outcome::Succeeded(success) => {
                self.pending = None;
                Next::Done(success)
            }
            Outcome::Expecting(expecting) if self.steps_asked >= MAX_STEPS => {
                self.pending = None;
                Next::Stopped(Stop::Fault(Fault::TooManySteps {
                    limit: MAX_STEPS,
                    step: expecting.step,
                }))
            }
            Outcome::Expecting(expecting) => Next::Ask(self.expect(expecting)),
            Outcome::Failed(failure) => {
                self.pending = None;
                Next::Stopped(Stop::Failed(failure))
            }
            Outcome::Fault(fault) => {
                self.pending = None;
                Next::Stopped(Stop::Fault(fault))
            }
        }
    }

    fn expect(&mut self, expecting: Expecting) -> Prompt {
        let reasked = self.prompt().is_some_and(|p| p.step == expecting.step);
        if !reasked {
            self.steps_seen += 1;
        }
        self.steps_asked += 1;
        let known = Factor::for_step(&expecting.step);
        let prompt = Prompt {
            factor: known.unwrap_or(Factor::VerificationCode),
            known_step: known.is_some(),
            step: expecting.step,
            reason: expecting.reason,
            step_number: self.steps_seen,
            reasked,
        };
        self.pending = Some(Pending {
            prompt: prompt.clone(),
            interim_token: expecting.interim_token,
        });
        prompt
    }

    fn base_headers(&self) -> Vec<(&'static str, SecretString)> {
        let c = &self.credentials;
        let mut headers = vec![
            (header::APP_KEY, c.app_key.clone()),
            (header::USERNAME, c.username.clone().into()),
            (header::PASSWORD, c.password.clone()),
        ];
        if let Some(pin) = &c.pin {
            headers.push((header::PIN_CODE, pin.clone()));
        }
        headers
    }
}

#[cfg(test)]
mod tests;
