//! OSC 52: the token sent to the terminal the TUI draws on, which puts it on its own clipboard.

use std::io;

use crossterm::clipboard::CopyToClipboard;
use crossterm::execute;
use secrecy::{ExposeSecret, SecretString};

use crate::tui::terminal::Output;

/// Writes the OSC 52 sequence for `token` to the TUI's terminal (stderr, or /dev/tty).
pub fn send(token: &SecretString) -> io::Result<()> {
    let mut terminal = Output::open()?;
    execute!(
        terminal,
        CopyToClipboard::to_clipboard_from(token.expose_secret())
    )
}
