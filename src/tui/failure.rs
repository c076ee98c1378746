//! The failure screen: what happened in one plain sentence and what to do, then the status, State, Step
//! and Reason as the server gave them.

use std::borrow::Cow;
use std::time::{Duration, Instant};

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::component::Component;
use super::keys::{self, Action, KeyMap};
use super::text::{self, Ranked};
use super::theme;
use crate::auth::hints::{self, Context, Hint};
use crate::auth::{Fault, Stop};

/// What a key of the failure screen asks of `App`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FailureOutcome {
    /// Handled on the screen (Enter while the server's wait runs).
    Stay,
    /// Back to the form, its fields kept (the culprit's secret cleared and focused: [`Hint::culprit`]).
    BackToForm,
    /// Leave with the failure's exit code.
    Leave,
    WriteReport,
    /// Text typed here (meant for the form): say this in the notice line.
    Say(&'static str),
}

/// What text typed on the failure screen gets: which screen this is, and the way back to the form.
pub(crate) const NOT_THE_FORM: &str = "This is the failure screen, not the login form: Enter or Esc \
    goes back to the form (your fields are kept), Ctrl-Q quits, F1 lists the keys.";

/// A login that stopped without a token.
#[derive(Debug, Clone)]
pub struct FailureScreen {
    stop: Stop,
    /// What happened, in a trader's words: the screen's first line.
    headline: String,
    hint: Hint,
    context: Context,
    /// When the server said a retry is welcome (Retry-After).
    retry_at: Option<Instant>,
    /// Whether Enter was pressed while the wait ran: the countdown says nothing was sent.
    refused_enter: bool,
}

impl FailureScreen {
    /// The screen for `stop` at `server` (the URL's `host:port`), its advice in the words of `context`.
    pub fn new(stop: Stop, server: &str, context: Context, now: Instant) -> Self {
        let retry_at = match &stop {
            Stop::Fault(Fault::RateLimited {
                retry_after: Some(wait),
                ..
            }) => now.checked_add(*wait),
            _ => None,
        };
        FailureScreen {
            headline: hints::headline(&stop, server),
            hint: hints::for_stop(&stop, context),
            context,
            stop,
            retry_at,
            refused_enter: false,
        }
    }

    /// Enter while the wait runs: nothing is sent, and the countdown says so until the wait is over.
    fn nothing_sent(&mut self, now: Instant) {
        self.refused_enter = self.retry_in(now).is_some();
    }

    pub fn stop(&self) -> &Stop {
        &self.stop
    }

    pub fn context(&self) -> Context {
        self.context
    }

    pub fn hint(&self) -> &Hint {
        &self.hint
    }

    /// Time left before the server welcomes a retry; `None` when it named no wait or the wait is over.
    pub fn retry_in(&self, now: Instant) -> Option<Duration> {
        self.retry_at
            .map(|at| at.saturating_duration_since(now))
            .filter(|left| !left.is_zero())
    }

    /// When the server welcomes the next login, if it named a time.
    pub fn retry_at(&self) -> Option<Instant> {
        self.retry_at
    }

    pub fn title(&self) -> &'static str {
        match &self.stop {
            Stop::Failed(_) => "Login refused",
            Stop::Fault(Fault::RateLimited { .. }) => "Too many login requests",
            Stop::Fault(Fault::AppError { .. }) => "Request rejected",
            Stop::Fault(_) => "The server could not be used",
        }
    }

    /// HTTP status, State, Step and Reason as the server gave them (a dash where it gave none).
    fn facts(&self) -> [(&'static str, String); 4] {
        let (status, state, step, reason) = match &self.stop {
            Stop::Failed(f) => (
                f.status.to_string(),
                "Failed".to_string(),
                f.step.clone(),
                f.reason.clone(),
            ),
            Stop::Fault(fault) => {
                let status = fault
                    .status()
                    .map_or_else(|| "— (no answer)".to_string(), |s| s.to_string());
                let (state, step) = match fault {
                    Fault::RateLimited { state, step, .. } => (state.clone(), step.clone()),
                    _ => (None, None),
                };
                let dash = || "—".to_string();
                let reason = match fault {
                    Fault::RateLimited {
                        reason: Some(reason),
                        ..
                    }
                    | Fault::AppError {
                        message: reason, ..
                    } => reason.clone(),
                    _ => fault.to_string(),
                };
                (
                    status,
                    state.unwrap_or_else(dash),
                    step.unwrap_or_else(dash),
                    reason,
                )
            }
        };
        [
            ("HTTP", status),
            ("State", state),
            ("Step", step),
            ("Reason", reason),
        ]
    }

    /// What happened and what to do first, then the server's facts, ranked: on a small terminal the
    /// blank line gives way first, then the State, the Step and the HTTP status; the Reason before the
    /// headline and the advice, which stay (a Reason too long for the whole card shows its beginning).
    fn lines(&self) -> Vec<Ranked<'_>> {
        let [http, state, step, reason] = self.facts().map(|(name, value)| {
            Line::from(vec![
                Span::styled(format!("{name:<10}"), theme::label()),
                Span::styled(value, theme::value()),
            ])
        });
        vec![
            Ranked::new(0, Line::styled(self.headline.as_str(), theme::error())),
            Ranked::new(
                0,
                vec![
                    Span::styled("What to do  ", theme::key()),
                    Span::raw(self.hint.advice.as_str()),
                ],
            ),
            Ranked::blank(5),
            Ranked::new(2, http),
            Ranked::new(4, state),
            Ranked::new(3, step),
            Ranked::new(1, reason).cut_rather_than_hidden(),
        ]
    }

    /// The rows the screen needs at `width` to show all of itself, the countdown included.
    pub fn rows_wanted(&self, width: u16, now: Instant) -> u16 {
        let countdown = self.countdown(now).map_or(0, |c| text::rows(&c, width));
        text::rows_of(&self.lines(), width) + countdown
    }

    /// Draws the lines that fit whole, the advice first, above the countdown, which keeps its rows.
    fn draw(&self, frame: &mut Frame, area: Rect, now: Instant) {
        let countdown = self.countdown(now);
        let keep = countdown
            .as_ref()
            .map_or(0, |c| text::rows(c, area.width).min(area.height));
        let lines = text::fit(self.lines(), area.width, area.height - keep);
        text::draw_fitted(frame, lines, area);
        if let Some(countdown) = countdown {
            let countdown_area = Rect {
                y: area.bottom() - keep,
                height: keep,
                ..area
            };
            frame.render_widget(countdown, countdown_area);
        }
    }

    /// The Retry-After countdown (whole seconds rounded up), wrapped; `None` when the server named no wait.
    fn countdown(&self, now: Instant) -> Option<Paragraph<'static>> {
        self.retry_at?;
        let line = match self.retry_in(now) {
            Some(left) => {
                let welcomes = format!("the server welcomes a retry in {} s", whole_seconds(left));
                let said = if self.refused_enter {
                    format!("Nothing was sent: {welcomes}.")
                } else {
                    text::sentence(&welcomes)
                };
                Line::styled(said, theme::warn())
            }
            None => Line::styled("You may retry now.", theme::ok()),
        };
        Some(text::wrapped(vec![line]))
    }
}

impl Component for FailureScreen {
    /// The time now: the server's wait runs or is over.
    type Context<'a> = Instant;
    type Outcome = FailureOutcome;

    /// Enter says how long is left while the server's wait runs, and goes back to the form after it.
    fn keys(&self, now: &Instant) -> Cow<'static, KeyMap> {
        Cow::Borrowed(match self.retry_in(*now) {
            Some(_) => keys::FAILURE_RETRY_WAIT,
            None => keys::FAILURE,
        })
    }

    fn handle(&mut self, action: Action, _: KeyEvent, now: &Instant) -> FailureOutcome {
        match action {
            Action::BackToForm => FailureOutcome::BackToForm,
            Action::Leave => FailureOutcome::Leave,
            Action::WriteReport => FailureOutcome::WriteReport,
            Action::NotTheForm => FailureOutcome::Say(NOT_THE_FORM),
            Action::ShowTimeLeft => {
                self.nothing_sent(*now);
                FailureOutcome::Stay
            }
            _ => FailureOutcome::Stay,
        }
    }

    fn render(&self, now: &Instant, frame: &mut Frame, area: Rect) {
        self.draw(frame, area, *now);
    }
}

/// Seconds left, rounded up: a wait of 0.2 s still shows as 1 s.
pub(super) fn whole_seconds(left: Duration) -> u64 {
    left.as_secs() + u64::from(left.subsec_nanos() > 0)
}

/// What Enter on the form says while the server's Retry-After runs (the failure screen counts down).
pub fn wait_notice(left: Duration) -> String {
    format!(
        "The server asked to wait: {} s left before a new login (nothing was sent).",
        whole_seconds(left)
    )
}
