//! The terminal the program talks to: stderr, or the terminal itself (/dev/tty, the Windows console's
//! CONOUT$) when stderr is redirected; never stdout.
//!
//! Both the TUI's frames and the OSC 52 clipboard sequence go here (through the TUI's loop), so that
//! `TOKEN=$(autoshares-login --print)` captures only the token.

use std::fs::{File, OpenOptions};
use std::io::{self, IsTerminal, Stderr, Write};

/// The terminal itself, whatever the standard streams are.
#[cfg(unix)]
const TERMINAL: &str = "/dev/tty";
#[cfg(windows)]
const TERMINAL: &str = "CONOUT$";

/// Where the frames (and OSC 52 sequences) go.
pub enum Output {
    Stderr(Stderr),
    Tty(File),
}

impl Output {
    /// stderr when it is a terminal, else the controlling terminal.
    pub fn open() -> io::Result<Output> {
        let stderr = io::stderr();
        if stderr.is_terminal() {
            return Ok(Output::Stderr(stderr));
        }
        OpenOptions::new()
            .write(true)
            .open(TERMINAL)
            .map(Output::Tty)
            .map_err(|e| {
                io::Error::new(
                    e.kind(),
                    format!("the TUI needs a terminal ({e}); use --no-tui for line mode"),
                )
            })
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::Stderr(s) => s.write(buf),
            Output::Tty(f) => f.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Stderr(s) => s.flush(),
            Output::Tty(f) => f.flush(),
        }
    }
}
