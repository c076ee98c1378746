//! Answers typed or piped to line mode: one line each, echo off on a terminal, a signal noticed mid-read.

use std::io::{self, BufRead, IsTerminal, Read};

use secrecy::SecretString;
use zeroize::Zeroizing;

use super::echo::{ENTER_ECHOED, EchoOff};
use crate::auth::input::MAX_VALUE_BYTES;
use crate::signals::{Caught, Signals};

/// One answer, as read.
pub(crate) enum Reply {
    Line(SecretString),
    /// The input ended (or the terminal could not be read) before a line.
    End,
    /// The line is not UTF-8 text.
    NotText,
    /// Ctrl-C, or another signal that ends the login.
    Signalled(Caught),
}

/// Reads one answer per line from stdin, echo off when stdin is a terminal; on a blocking thread, so that
/// a signal is noticed while a read is pending.
pub(crate) struct Answers {
    terminal: bool,
}

impl Answers {
    pub(crate) fn new() -> Self {
        Answers {
            terminal: io::stdin().is_terminal(),
        }
    }

    /// Shows `prompt` on stderr and reads a line, unless a signal comes first.
    pub(crate) async fn ask(&self, prompt: &str, signals: &mut Signals) -> Reply {
        // Dropped on every way out of here, a signal included, so echo never stays off.
        let _echo_off = if self.terminal {
            match EchoOff::new() {
                Ok(echo_off) => Some(echo_off),
                Err(e) => {
                    crate::say!(
                        "error: cannot turn off echo on the terminal to read a secret: {e}"
                    );
                    return Reply::End;
                }
            }
        } else {
            None
        };
        crate::console::prompt(prompt);
        let terminal = self.terminal;
        tokio::select! {
            read = tokio::task::spawn_blocking(move || read_answer(terminal)) => {
                read.unwrap_or(Reply::End)
            }
            signal = signals.next() => Reply::Signalled(signal),
        }
    }
}

/// One line from stdin: the answer without its line ending, `End` when the input is over, `NotText` when
/// it is not UTF-8. At most a little over [`MAX_VALUE_BYTES`] is read: a longer line is cut there (and
/// then refused as too long), so endless input cannot fill the memory.
fn read_answer(terminal: bool) -> Reply {
    let limit = MAX_VALUE_BYTES + 2;
    // Room for the whole line, so that reading never reallocates (and leaves no copy behind).
    let mut line = Zeroizing::new(Vec::with_capacity(limit));
    let read = io::stdin()
        .lock()
        .take(u64::try_from(limit).unwrap_or(u64::MAX))
        .read_until(b'\n', &mut line);
    match read {
        Ok(0) | Err(_) => return Reply::End,
        // A Unix terminal echoes the Enter (ECHONL); nothing echoes a piped newline, nor the Windows
        // console with echo off: end the prompt's line here.
        Ok(_) if !(terminal && ENTER_ECHOED) => crate::say!(""),
        Ok(_) => {}
    }
    let end = line
        .iter()
        .rposition(|b| !matches!(b, b'\r' | b'\n'))
        .map_or(0, |last| last + 1);
    match std::str::from_utf8(&line[..end]) {
        Ok(text) => Reply::Line(SecretString::from(text)),
        Err(_) => Reply::NotText,
    }
}
