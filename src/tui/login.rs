//! The login's state: one enum whose variants own what each phase needs, so that an impossible mix (a
//! request in flight on the success screen, a step without its flow) cannot be built.

use std::borrow::Cow;
use std::time::Instant;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use throbber_widgets_tui::{Throbber, ThrobberState};

use super::component::Component;
use super::failure::FailureScreen;
use super::keys::{self, Action, KeyMap};
use super::step::StepScreen;
use super::success::SuccessScreen;
use crate::auth::LoginFlow;
use crate::diag::Exchange;

use super::message::RequestId;
use super::theme;

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

/// What the waiting line reads of the app: the time, and the spinner's frame.
pub(crate) struct WaitingContext<'a> {
    pub now: Instant,
    pub spinner: &'a ThrobberState,
}

/// What a key asks of `App` while a request is on its way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WaitingOutcome {
    /// Typed ahead: kept for the next step.
    Stay,
    /// Esc: cancel the request.
    Cancel,
}

impl Component for Waiting {
    type Context<'a> = WaitingContext<'a>;
    type Outcome = WaitingOutcome;

    fn keys(&self, _: &WaitingContext) -> Cow<'static, KeyMap> {
        Cow::Borrowed(keys::WAITING)
    }

    fn handle(&mut self, action: Action, key: KeyEvent, _: &WaitingContext) -> WaitingOutcome {
        match action {
            Action::CancelRequest => return WaitingOutcome::Cancel,
            Action::Edit => self.typeahead.push(key),
            _ => {}
        }
        WaitingOutcome::Stay
    }

    /// The line that moves while the request is on its way (the screen above it is the form's or the
    /// step's).
    fn render(&self, context: &WaitingContext, frame: &mut Frame, area: Rect) {
        let elapsed = context.now.saturating_duration_since(self.request.started);
        let spinner = Throbber::default()
            .throbber_set(throbber_widgets_tui::BRAILLE_SIX)
            .throbber_style(theme::key());
        let line = Line::from(vec![
            spinner.to_symbol_span(context.spinner),
            Span::raw(format!(
                "Waiting for the server… {:.1} s  ",
                elapsed.as_secs_f32()
            )),
            Span::styled("Esc cancels", theme::muted()),
        ]);
        frame.render_widget(line, area);
    }
}
