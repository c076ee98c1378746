//! The login's state: one enum whose variants own what each phase needs, so that an impossible mix (a
//! request in flight on the success screen, a step without its flow) cannot be built.

use std::time::Instant;

use crossterm::event::KeyEvent;

use super::failure::FailureScreen;
use super::step::StepScreen;
use super::success::SuccessScreen;
use crate::auth::LoginFlow;
use crate::diag::Exchange;

use super::message::RequestId;

/// Where the login is. (No `Debug`: the flow holds the password, the type-ahead maybe a code.)
pub(crate) enum Login {
    /// The form is being filled in; no login is under way.
    Form,
    /// The server asked for another factor.
    Step {
        flow: LoginFlow,
        step: StepScreen,
    },
    /// A request is on its way.
    Waiting(Box<Waiting>),
    Failed(FailureScreen),
    Succeeded(SuccessScreen),
}

/// A login waiting for the server.
pub(crate) struct Waiting {
    pub flow: LoginFlow,
    pub request: InFlight,
    /// The step being answered, shown while waiting; `None` for the first request, sent from the form.
    pub step: Option<StepScreen>,
    /// What was typed meanwhile: it goes into the next step's input, so a quick typist loses nothing.
    pub typeahead: Vec<KeyEvent>,
}

/// A request on its way: what to show while waiting, and how to recognise its answer.
#[derive(Debug)]
pub struct InFlight {
    pub id: RequestId,
    pub started: Instant,
    /// The request as the timeline shows it, should the user cancel before an answer comes.
    pub(crate) record: Exchange,
}

/// What is on screen, borrowed from the login's state.
#[derive(Debug, Clone, Copy)]
pub enum Screen<'a> {
    Form,
    Step(&'a StepScreen),
    Failure(&'a FailureScreen),
    Success(&'a SuccessScreen),
}

impl Login {
    pub(crate) fn screen(&self) -> Screen<'_> {
        match self {
            Login::Form => Screen::Form,
            Login::Waiting(waiting) => match &waiting.step {
                Some(step) => Screen::Step(step),
                None => Screen::Form,
            },
            Login::Step { step, .. } => Screen::Step(step),
            Login::Failed(failure) => Screen::Failure(failure),
            Login::Succeeded(success) => Screen::Success(success),
        }
    }

    pub(crate) fn in_flight(&self) -> Option<&InFlight> {
        match self {
            Login::Waiting(waiting) => Some(&waiting.request),
            _ => None,
        }
    }
}
