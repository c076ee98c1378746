//! The yardstick for `benches/tui_startup.py`: the smallest ratatui app that draws a titled card and
//! waits for a key, built as this crate builds (same ratatui, crossterm, profile), so the benchmark can
//! print our first frame as a ratio of this one's, measured in the same run on the same machine.

// A program of its own, apart from the app: it says on stdout why it did nothing.
#![allow(clippy::print_stdout)]

use std::io::{IsTerminal, stderr};

use crossterm::event::{self, Event};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::widgets::{Block, Paragraph};

fn main() -> std::io::Result<()> {
    // `cargo bench` runs every bench target: this one only means something in the benchmark's PTY.
    if !std::env::args().any(|arg| arg == "--first-frame") || !stderr().is_terminal() {
        println!(
            "minimal_tui: run by benches/tui_startup.py (it needs --first-frame and a terminal)"
        );
        return Ok(());
    }
    enable_raw_mode()?;
    execute!(stderr(), EnterAlternateScreen)?;
    let mut terminal = Terminal::new(CrosstermBackend::new(stderr()))?;
    terminal.draw(|frame| {
        let card =
            Paragraph::new("Press any key").block(Block::bordered().title("AutoShares login"));
        frame.render_widget(card, frame.area());
    })?;
    while !matches!(event::read()?, Event::Key(_)) {}
    disable_raw_mode()?;
    execute!(stderr(), LeaveAlternateScreen)
}
