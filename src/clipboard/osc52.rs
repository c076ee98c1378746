//! OSC 52: the token sent to the terminal the TUI draws on, which puts it on its own clipboard.

use std::io;

use crossterm::Command;
use crossterm::clipboard::CopyToClipboard;
use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

use crate::tty::Output;

/// Writes the OSC 52 sequence for `token` to the TUI's terminal (stderr, or /dev/tty) in one write,
/// so that a frame drawn at the same moment cannot land inside it.
pub fn send(token: &SecretString) -> io::Result<()> {
    let mut sequence = Zeroizing::new(String::new());
    CopyToClipboard::to_clipboard_from(token.expose_secret())
        .write_ansi(&mut *sequence)
        .map_err(io::Error::other)?;
    Output::open()?.write_at_once(sequence.as_bytes())
}
