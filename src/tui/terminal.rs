//! The terminal the TUI draws on: stderr, or /dev/tty when stderr is redirected; never stdout.

use std::io::{self, BufWriter};

use crossterm::cursor::Show;
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::tty::Output;

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

/// A panic anywhere (the UI or an effect's task) restores the terminal, reports, and ends the program:
/// a TUI that kept drawing on a restored terminal, or waited for a task that died, would be worse.
fn install_panic_hook() {
    let original = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        original(info);
        std::process::exit(101);
    }));
}
