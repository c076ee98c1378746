//! OSC 52: the token sent to the terminal the TUI draws on, which puts it on its own clipboard.

use std::io::{self, Write};

use crossterm::Command;
use crossterm::clipboard::CopyToClipboard;
use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

/// Writes the OSC 52 sequence for `token` to `terminal` in one write, and flushes it. The front end
/// passes the writer its frames go through, so a frame can never land inside the sequence.
pub fn write(terminal: &mut impl Write, token: &SecretString) -> io::Result<()> {
    let mut sequence = Zeroizing::new(String::new());
    CopyToClipboard::to_clipboard_from(token.expose_secret())
        .write_ansi(&mut *sequence)
        .map_err(io::Error::other)?;
    terminal.write_all(sequence.as_bytes())?;
    terminal.flush()
}
