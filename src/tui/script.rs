//! A login that a script started (`TOKEN=$(autoshares-login token)`, `exec`): the form says which command
//! needs a token and why, and once the token is stored (and copied, when the run asked for a copy:
//! otherwise its copier is off) the TUI goes back to the script by itself, no key needed.

use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::app::App;
use super::login::Login;
use super::success::Copy;
use super::{text, theme};
use crate::diag::sanitize::sanitize;

/// Why `token` or `exec` opened the TUI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script {
    /// The subcommand that needs a token: `token` or `exec`.
    pub command: &'static str,
    /// Why a login is needed, as stderr said it before the TUI opened ("no stored token for profile p").
    pub why: String,
}

impl Script {
    /// The lines above the form: which command needs a token and why, and that the screen closes by itself.
    pub(super) fn heading(&self) -> Paragraph<'static> {
        let needs = format!("autoshares-login {}", self.command);
        text::wrapped(vec![
            Line::from(vec![
                Span::styled(needs, theme::key()),
                Span::styled(" needs a token: ", theme::label()),
                Span::styled(sanitize(&format!("{}.", self.why)), theme::value()),
            ]),
            Line::styled(
                "Log in and the token goes back to the script by itself.",
                theme::muted(),
            ),
        ])
    }
}

impl App {
    /// A script's login that has its token, stored (and copied when asked): the TUI closes with it.
    pub(super) fn return_to_script(&mut self) {
        if self.settings.script.is_none() || self.exit.is_some() {
            return;
        }
        let Login::Succeeded(success) = &self.login else {
            return;
        };
        let stored = self.settings.profile.keep.is_none() || success.store_answered();
        let copied = !matches!(success.copy(), Copy::Copying { .. });
        if stored && copied {
            self.quit();
        }
    }
}
