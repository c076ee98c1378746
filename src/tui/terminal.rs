//! The terminal the TUI draws on: stderr, or /dev/tty when stderr is redirected; never stdout.

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, IsTerminal, Stderr, Write};

use crossterm::cursor::Show;
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

/// Where the frames go, so that `TOKEN=$(autoshares-login --print)` captures only the token.
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
            .open("/dev/tty")
            .map(Output::Tty)
            .map_err(|e| {
                io::Error::new(
                    e.kind(),
                    format!("the TUI needs a terminal ({e}); use --no-tui for line mode"),
                )
            })
    }
}

impl Output {
    /// Writes `bytes` whole, holding stderr's lock, so no other write lands in the middle.
    pub fn write_at_once(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self {
            Output::Stderr(s) => {
                let mut locked = s.lock();
                locked.write_all(bytes)?;
                locked.flush()
            }
            Output::Tty(f) => f.write_all(bytes),
        }
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

/// Buffered, so that a frame reaches the terminal in a few writes rather than hundreds of fragments.
pub type Tui = Terminal<CrosstermBackend<BufWriter<Output>>>;

/// Raw mode and the alternate screen while alive; the terminal is restored when dropped.
pub struct Session {
    pub terminal: Tui,
}

impl Session {
    /// Takes over the terminal; a panic from here on restores it before the message is printed.
    pub fn enter() -> io::Result<Session> {
        let mut output = Output::open()?;
        install_panic_hook();
        enable_raw_mode()?;
        execute!(output, EnterAlternateScreen, EnableBracketedPaste)?;
        let terminal = Terminal::new(CrosstermBackend::new(BufWriter::new(output)))?;
        Ok(Session { terminal })
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        restore();
    }
}

/// Leaves raw mode and the alternate screen and shows the cursor; safe to call more than once.
pub fn restore() {
    let _ = disable_raw_mode();
    if let Ok(mut output) = Output::open() {
        let _ = execute!(output, DisableBracketedPaste, LeaveAlternateScreen, Show);
    }
}

fn install_panic_hook() {
    let original = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        original(info);
    }));
}
