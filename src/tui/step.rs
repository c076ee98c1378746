//! The step screen: the server's Step and Reason, which factor it wants and in which header, one input.

use std::borrow::Cow;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use secrecy::SecretString;

use super::component::Component;
use super::input::{Mask, TextField};
use super::keys::{self, Action, KeyMap};
use super::text::{self, Ranked};
use super::theme;
use crate::auth::input::{self, Field};
use crate::auth::{Factor, Prompt};

/// What a key of the step screen asks of `App`.
pub(crate) enum StepOutcome {
    /// Handled on the screen: typed, the header switched, or an answer refused (its message says why).
    Stay,
    /// Send the answer, in the factor's header.
    Answer(Factor, SecretString),
    /// Esc: back to the form, the login abandoned.
    Abandon,
}

/// A 202 being answered.
#[derive(Debug, Clone)]
pub struct StepScreen {
    prompt: Prompt,
    factor: Factor,
    input: TextField,
    message: Option<String>,
    /// With `--demo`, what the sandbox's user types here.
    demo_hint: Option<String>,
    /// How many characters typed while the request was under way the input holds: said on the screen
    /// until the input is emptied, so they are not sent unseen in front of the answer.
    typed_ahead: usize,
}

impl StepScreen {
    pub fn new(prompt: Prompt) -> Self {
        StepScreen {
            factor: prompt.factor,
            prompt,
            input: TextField::default(),
            message: None,
            demo_hint: None,
            typed_ahead: 0,
        }
    }

    /// The keys typed while the request was under way: into the input, and said on the screen.
    pub fn type_ahead(&mut self, keys: Vec<KeyEvent>) {
        keys.into_iter().for_each(|key| self.edit(key));
        self.typed_ahead = self.input.value().chars().count();
    }

    /// With `--demo`: shows what the sandbox's user types here ("the sandbox's PIN for pin-code is 1234").
    pub fn show_demo_hint(&mut self, hint: String) {
        self.demo_hint = Some(hint);
    }

    pub fn prompt(&self) -> &Prompt {
        &self.prompt
    }

    /// The answer and the header it goes in; on an empty input, or one no header can carry, `None` and a
    /// message saying why.
    fn submit(&mut self) -> Option<(Factor, SecretString)> {
        if self.input.is_blank() {
            self.message = Some(format!("Type the {} first", self.factor.label()));
            return None;
        }
        let answer = self.input.value().trim();
        let field = Field::for_step(self.factor, self.prompt.known_step);
        match input::check(field, answer) {
            Ok(()) => Some((self.factor, answer.to_string().into())),
            Err(bad) => {
                self.message = Some(text::sentence(&bad.to_string()));
                None
            }
        }
    }

    /// For a step this tool does not know: the answer goes in the other header.
    fn switch_header(&mut self) {
        if !self.prompt.known_step {
            self.factor = self.factor.toggled();
        }
    }

    /// A key for the input (a character, Backspace, the cursor keys); it clears the message.
    pub fn edit(&mut self, key: KeyEvent) {
        self.input.handle_key(key);
        self.message = None;
        if self.input.value().is_empty() {
            self.typed_ahead = 0;
        }
    }

    pub fn paste(&mut self, text: &str) {
        self.input.paste(text);
    }

    fn input_label(&self) -> &'static str {
        match (self.prompt.known_step, self.factor) {
            (false, _) => "Answer",
            (true, Factor::PinCode) => "PIN",
            (true, Factor::VerificationCode) => "Code",
        }
    }

    /// What to enter first (the PIN, the code sent by email or SMS), then whether the last answer was
    /// refused and the server's Reason and Step, ranked: on a small terminal the blank line gives way
    /// first, then the Step (it is in the card's title too), then the refusal; what to enter and the
    /// Reason stay (a Reason too long for the card shows its beginning).
    fn lines(&self) -> Vec<Ranked<'_>> {
        let p = &self.prompt;
        let reason_style = if p.reasked {
            theme::warn()
        } else {
            theme::value()
        };
        let wants = if p.known_step {
            format!("{}.", self.factor.ask())
        } else {
            format!(
                "A step this tool does not know. Your answer is sent in the {} header (Tab switches to {}).",
                self.factor.header(),
                self.factor.toggled().header()
            )
        };
        let mut lines = vec![Ranked::new(0, Line::styled(wants, theme::focused_label()))];
        if p.reasked {
            lines.push(Ranked::new(
                2,
                Line::styled(
                    "The server asked again: the last answer was not accepted.",
                    theme::warn(),
                ),
            ));
        }
        lines.extend([
            Ranked::blank(4),
            Ranked::new(
                1,
                vec![
                    Span::styled("Reason    ", theme::label()),
                    Span::styled(p.reason.as_str(), reason_style),
                ],
            )
            .cut_rather_than_hidden(),
            Ranked::new(
                3,
                vec![
                    Span::styled("Step      ", theme::label()),
                    Span::styled(p.step.as_str(), theme::value()),
                    Span::styled(
                        format!("  (step {} of this login)", p.step_number),
                        theme::muted(),
                    ),
                ],
            ),
        ]);
        if let Some(hint) = &self.demo_hint {
            lines.push(Ranked::new(2, Line::styled(hint.as_str(), theme::key())));
        }
        if self.typed_ahead > 0 {
            let said = format!(
                "The field starts with {} characters typed while waiting: Ctrl-U clears them.",
                self.typed_ahead
            );
            lines.push(Ranked::new(0, Line::styled(said, theme::warn())));
        }
        lines
    }

    /// The message under the input, wrapped, and the rows it takes at `width`: all it needs, up to
    /// half of `height` (the server's words keep the rest).
    fn message(&self, width: u16, height: u16) -> Option<(Paragraph<'_>, u16)> {
        let message = self.message.as_ref()?;
        let paragraph = text::wrapped(vec![Line::styled(format!("⚠ {message}"), theme::error())]);
        let rows = text::rows(&paragraph, width).min(height.saturating_sub(1) / 2);
        Some((paragraph, rows))
    }

    /// The rows the screen needs at `width` to show all of itself, a blank line above the input and
    /// above the message included.
    pub fn rows_wanted(&self, width: u16) -> u16 {
        let message = self
            .message(width, u16::MAX)
            .map_or(0, |(_, rows)| 1 + rows);
        text::rows_of(&self.lines(), width) + 2 + message
    }

    /// Draws the lines that fit whole above the input, which always keeps its row, and its message.
    fn draw(&self, frame: &mut Frame, area: Rect, editable: bool) {
        let message = self.message(area.width, area.height);
        let input_rows = 1 + message.as_ref().map_or(0, |(_, rows)| *rows);
        let lines = text::fit(
            self.lines(),
            area.width,
            area.height.saturating_sub(input_rows),
        );
        let text_rows = text::draw_fitted(frame, lines, area);
        // A blank row above the input, and one above the message, when there is room for both.
        let gaps = 1 + u16::from(message.is_some());
        let gap = u16::from(area.height >= text_rows + input_rows + gaps);
        let Some(input_row) = text::row(area, text_rows + gap) else {
            return;
        };
        let [label_area, value_area] =
            Layout::horizontal([Constraint::Length(12), Constraint::Fill(1)]).areas(input_row);
        frame.render_widget(
            Line::from(vec![
                Span::styled("› ", theme::key()),
                Span::styled(self.input_label(), theme::focused_label()),
            ]),
            label_area,
        );
        self.input
            .render(frame, value_area, Mask::Full, theme::value(), editable);
        if let (Some((message, _)), Some(message_row)) =
            (message, text::row(area, text_rows + gap + 1 + gap))
        {
            let below = Rect {
                height: area.bottom() - message_row.y,
                ..message_row
            };
            frame.render_widget(message, below);
        }
    }
}

impl Component for StepScreen {
    /// Whether the input takes keys now (no cursor while a request is in flight or the help is open).
    type Context<'a> = bool;
    type Outcome = StepOutcome;

    /// Tab switches the header only where the step is unknown, so only there is it listed.
    fn keys(&self, _: &bool) -> Cow<'static, KeyMap> {
        Cow::Borrowed(match self.prompt.known_step {
            true => keys::STEP,
            false => keys::STEP_UNKNOWN,
        })
    }

    fn handle(&mut self, action: Action, key: KeyEvent, _: &bool) -> StepOutcome {
        match action {
            Action::Submit => {
                if let Some((factor, answer)) = self.submit() {
                    return StepOutcome::Answer(factor, answer);
                }
            }
            Action::AbandonLogin => return StepOutcome::Abandon,
            Action::SwitchHeader => self.switch_header(),
            Action::Edit => self.edit(key),
            _ => {}
        }
        StepOutcome::Stay
    }

    fn render(&self, editable: &bool, frame: &mut Frame, area: Rect) {
        self.draw(frame, area, *editable);
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyModifiers};
    use secrecy::ExposeSecret;

    use super::*;

    fn prompt(step: &str, known: bool) -> Prompt {
        Prompt {
            step: step.into(),
            reason: "r".into(),
            factor: Factor::VerificationCode,
            known_step: known,
            step_number: 1,
            reasked: false,
        }
    }

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn enter_on_an_empty_input_asks_for_the_factor() {
        let mut screen = StepScreen::new(prompt("VerificationCode", true));
        assert!(screen.submit().is_none());
        assert_eq!(
            screen.message.as_deref(),
            Some("Type the verification code first")
        );
        screen.edit(key(KeyCode::Char('7')));
        assert_eq!(screen.message, None, "typing clears the message");
        let (factor, value) = screen.submit().expect("an answer");
        assert_eq!(
            (factor, value.expose_secret()),
            (Factor::VerificationCode, "7")
        );
    }

    #[test]
    fn the_header_switches_only_for_unknown_steps() {
        let submitted = |known: bool| {
            let mut screen = StepScreen::new(prompt("SecurityQuestion", known));
            screen.switch_header();
            screen.edit(key(KeyCode::Char('x')));
            screen.submit().expect("an answer").0
        };
        assert_eq!(submitted(true), Factor::VerificationCode);
        assert_eq!(submitted(false), Factor::PinCode);
    }
}
