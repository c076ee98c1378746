//! The success screen: who logged in, the token masked unless asked for, and what copying did.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use secrecy::{ExposeSecret, SecretString};

use super::theme;
use crate::auth::UserInfo;
use crate::diag::redact;

/// A login that produced a token.
#[derive(Debug, Clone)]
pub struct SuccessScreen {
    username: String,
    token: SecretString,
    personal_phrase: Option<String>,
    revealed: bool,
    copy_status: String,
    /// Whose the token is, once the server has said so.
    identity: Option<Result<UserInfo, String>>,
}

impl SuccessScreen {
    pub fn new(
        username: String,
        token: SecretString,
        personal_phrase: Option<String>,
        copy_status: String,
    ) -> Self {
        SuccessScreen {
            username,
            token,
            personal_phrase,
            revealed: false,
            copy_status,
            identity: None,
        }
    }

    pub fn token(&self) -> &SecretString {
        &self.token
    }

    pub fn toggle_reveal(&mut self) {
        self.revealed = !self.revealed;
    }

    pub fn set_identity(&mut self, identity: Result<UserInfo, String>) {
        self.identity = Some(identity);
    }

    pub fn set_copy_status(&mut self, status: String) {
        self.copy_status = status;
    }

    pub fn render(&self, frame: &mut Frame, area: Rect) {
        let [
            heading,
            identity_area,
            phrase_area,
            _,
            token_area,
            _,
            copy_area,
        ] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(u16::from(self.personal_phrase.is_some())),
            Constraint::Length(1),
            Constraint::Length(if self.revealed { 3 } else { 1 }),
            Constraint::Length(1),
            Constraint::Fill(1),
        ])
        .areas(area);
        frame.render_widget(
            Line::from(vec![
                Span::styled("✔ Logged in as ", theme::ok()),
                Span::styled(self.username.as_str(), theme::value()),
            ]),
            heading,
        );
        let identity = match &self.identity {
            None => Line::styled("  Checking the token with the server…", theme::muted()),
            Some(Ok(user)) => Line::from(vec![
                Span::styled("  ", theme::label()),
                Span::styled(user.describe(), theme::value()),
                Span::styled("  (the server accepts the token)", theme::muted()),
            ]),
            Some(Err(why)) => Line::styled(format!("  Token not confirmed: {why}"), theme::warn()),
        };
        frame.render_widget(identity, identity_area);
        if let Some(phrase) = &self.personal_phrase {
            frame.render_widget(
                Line::from(vec![
                    Span::styled("Your phrase ", theme::label()),
                    Span::styled(phrase.as_str(), theme::value()),
                ]),
                phrase_area,
            );
        }
        let token = self.token.expose_secret();
        let shown = if self.revealed {
            Span::styled(token, theme::value())
        } else {
            Span::styled(
                format!(
                    "{}  ({} chars, press s to show)",
                    "•".repeat(12),
                    token.chars().count()
                ),
                theme::muted(),
            )
        };
        let fingerprint = Span::styled(
            format!(
                "  #{}",
                redact::fingerprint(token).rsplit('#').next().unwrap_or("")
            ),
            theme::muted(),
        );
        let token_line = Line::from(vec![
            Span::styled("Token  ", theme::label()),
            shown,
            fingerprint,
        ]);
        frame.render_widget(
            Paragraph::new(token_line).wrap(Wrap { trim: false }),
            token_area,
        );
        frame.render_widget(
            Paragraph::new(Line::styled(self.copy_status.as_str(), theme::label()))
                .wrap(Wrap { trim: true }),
            copy_area,
        );
    }
}
