//! The success screen: who logged in, the token masked unless asked for, and what copying did.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use secrecy::{ExposeSecret, SecretString};
use std::time::SystemTime;

use super::{text, theme};
use crate::auth::{CheckError, UserInfo};
use crate::clipboard::{Copied, KeeperError};
use crate::diag::redact;
use crate::session::{Kept, StoreError};

/// A copy of the token: under way, or done and how.
#[derive(Debug)]
pub enum Copy {
    /// Waiting for the keeper or the terminal; `system_failed` when OSC 52 is the fallback being tried.
    Copying {
        system_failed: Option<KeeperError>,
    },
    Done(Copied),
}

/// A login that produced a token.
#[derive(Debug)]
pub struct SuccessScreen {
    username: String,
    token: SecretString,
    personal_phrase: Option<String>,
    revealed: bool,
    copy: Copy,
    /// Whose the token is, once the server has said so; `None` while the check runs.
    check: Option<Result<UserInfo, CheckError>>,
    /// Where the token was stored and until when it is valid, once the store has answered.
    stored: Option<String>,
}

impl SuccessScreen {
    pub fn new(
        username: String,
        token: SecretString,
        personal_phrase: Option<String>,
        copy: Copy,
    ) -> Self {
        SuccessScreen {
            username,
            token,
            personal_phrase,
            revealed: false,
            copy,
            check: None,
            stored: None,
        }
    }

    /// Says where the token went and when it expires (local time, and the time left at `now`).
    pub fn stored(&mut self, result: Result<Kept, StoreError>, now: SystemTime) {
        self.stored = Some(match result {
            Ok(kept) => {
                let expires = kept.session.expires_at;
                let now = jiff::Timestamp::try_from(now).unwrap_or(expires);
                let left = kept.session.time_left(now);
                format!(
                    "{} It expires {} (in {}).",
                    kept.saved.describe(),
                    crate::session::local_time(expires),
                    crate::session::human_duration(left)
                )
            }
            Err(e) => format!("The token could not be stored: {e}"),
        });
    }

    pub fn token(&self) -> &SecretString {
        &self.token
    }

    pub fn toggle_reveal(&mut self) {
        self.revealed = !self.revealed;
    }

    pub fn checked(&mut self, result: Result<UserInfo, CheckError>) {
        self.check = Some(result);
    }

    pub fn copy(&self) -> &Copy {
        &self.copy
    }

    pub fn copy_mut(&mut self) -> &mut Copy {
        &mut self.copy
    }

    /// Who logged in, whose the server says the token is, and the personal phrase.
    fn about(&self) -> Vec<Line<'_>> {
        let identity = match &self.check {
            None => Line::styled("  Checking the token with the server…", theme::muted()),
            Some(Ok(user)) => Line::from(vec![
                Span::styled("  ", theme::label()),
                Span::styled(user.describe(), theme::value()),
                Span::styled("  (the server accepts the token)", theme::muted()),
            ]),
            Some(Err(why)) => Line::styled(format!("  Token not confirmed: {why}"), theme::warn()),
        };
        let mut lines = vec![
            Line::from(vec![
                Span::styled("✔ Logged in as ", theme::ok()),
                Span::styled(self.username.as_str(), theme::value()),
            ]),
            identity,
        ];
        if let Some(phrase) = &self.personal_phrase {
            lines.push(Line::from(vec![
                Span::styled("Your phrase ", theme::label()),
                Span::styled(phrase.as_str(), theme::value()),
            ]));
        }
        lines
    }

    pub fn render(&self, frame: &mut Frame, area: Rect) {
        let mut lines = self.about();
        let token = self.token.expose_secret();
        let shown = if self.revealed {
            Span::styled(token, theme::value())
        } else {
            let masked = format!(
                "{}  ({} chars, s shows it)",
                "•".repeat(12),
                token.chars().count()
            );
            Span::styled(masked, theme::muted())
        };
        let block = vec![
            Line::default(),
            Line::from(vec![
                Span::styled("Token  ", theme::label()),
                shown,
                Span::styled(format!("  #{}", redact::hash_prefix(token)), theme::muted()),
            ]),
            Line::default(),
            Line::styled(
                match &self.copy {
                    Copy::Copying { .. } => "Copying…".to_string(),
                    Copy::Done(copied) => copied.to_string(),
                },
                theme::label(),
            ),
        ];
        if let Some(stored) = &self.stored {
            lines.push(Line::styled(stored.as_str(), theme::label()));
        }
        let token_block = Paragraph::new(block).wrap(Wrap { trim: false });
        // Who logged in gives way, on a small terminal, to the token line and what copying did.
        let keep = u16::try_from(token_block.line_count(area.width)).unwrap_or(u16::MAX);
        let about = Paragraph::new(lines).wrap(Wrap { trim: false });
        let about_rows = text::draw_above(frame, about, area, keep);
        let below = Rect {
            y: area.y + about_rows,
            height: area.height - about_rows,
            ..area
        };
        frame.render_widget(token_block, below);
    }
}
