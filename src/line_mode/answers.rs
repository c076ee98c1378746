//! Answers typed or piped to line mode: one line each, echo off on a terminal, a signal noticed mid-read.

use std::io::{self, IsTerminal};

use secrecy::SecretString;
use zeroize::Zeroizing;

use super::echo::{ENTER_ECHOED, EchoOff};
use crate::signals::{Caught, Signals};

/// One answer, as read.
pub enum Reply {
    Line(SecretString),
    /// The input ended (or the terminal could not be read) before a line.
    End,
    /// Ctrl-C, or another signal that ends the login.
    Signalled(Caught),
}

/// Reads one answer per line from stdin, echo off when stdin is a terminal; on a blocking thread, so that
/// a signal is noticed while a read is pending.
pub struct Answers {
    terminal: bool,
}

impl Answers {
    pub fn new() -> Self {
        Answers {
            terminal: io::stdin().is_terminal(),
        }
    }

    /// Shows `prompt` on stderr and reads a line, unless a signal comes first.
    pub async fn ask(&self, prompt: &str, signals: &mut Signals) -> Reply {
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

/// One line from stdin: the answer without its line ending, or `End` when the input is over.
fn read_answer(terminal: bool) -> Reply {
    let mut line = Zeroizing::new(String::new());
    match io::stdin().read_line(&mut line) {
        Ok(0) | Err(_) => return Reply::End,
        // A Unix terminal echoes the Enter (ECHONL); nothing echoes a piped newline, nor the Windows
        // console with echo off: end the prompt's line here.
        Ok(_) if !(terminal && ENTER_ECHOED) => crate::say!(""),
        Ok(_) => {}
    }
    Reply::Line(SecretString::from(line.trim_end_matches(['\r', '\n'])))
}
