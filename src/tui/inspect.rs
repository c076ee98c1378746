//! The `inspect` viewer: a log's exchanges in the same timeline panel as F2, its notes above, its keys below.

use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{terminal, theme, timeline};
use crate::diag::Exchange;

/// How far PgUp and PgDn move the selection.
const PAGE: usize = 10;

/// What the viewer shows: the log's exchanges and the notes on reading it.
pub struct LogView<'a> {
    pub source: &'a str,
    pub exchanges: &'a [Exchange],
    pub notes: &'a [String],
}

/// Shows `log` until q, Esc or Ctrl-C; the terminal is restored on every way out.
pub fn inspect(log: &LogView<'_>) -> std::io::Result<()> {
    let mut session = terminal::Session::enter()?;
    let mut selected = 0;
    loop {
        session.terminal.draw(|frame| draw(log, selected, frame))?;
        let Event::Key(key) = event::read()? else {
            continue;
        };
        if key.kind == KeyEventKind::Release {
            continue;
        }
        let last = log.exchanges.len().saturating_sub(1);
        selected = match key.code {
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => return Ok(()),
            KeyCode::Char('q') | KeyCode::Esc => return Ok(()),
            KeyCode::Up => selected.saturating_sub(1),
            KeyCode::Down => (selected + 1).min(last),
            KeyCode::PageUp => selected.saturating_sub(PAGE),
            KeyCode::PageDown => (selected + PAGE).min(last),
            KeyCode::Home => 0,
            KeyCode::End => last,
            _ => selected,
        };
    }
}

/// The viewer's frame: where the log came from and its notes, the timeline, the keys.
pub fn draw(log: &LogView<'_>, selected: usize, frame: &mut Frame) {
    let notes = u16::try_from(log.notes.len()).unwrap_or(u16::MAX);
    let [head, body, keys] = Layout::vertical([
        Constraint::Length(1 + notes.min(3)),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    let mut lines = vec![Line::from(vec![
        Span::styled("inspect ", theme::title()),
        Span::raw(log.source),
    ])];
    lines.extend(
        log.notes
            .iter()
            .map(|note| Line::styled(note.as_str(), theme::warn())),
    );
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), head);
    timeline::draw(log.exchanges, (selected, 0), frame, body);
    let help = Line::from(vec![
        Span::styled("↑/↓", theme::key()),
        Span::raw(" select · "),
        Span::styled("PgUp/PgDn Home/End", theme::key()),
        Span::raw(" jump · "),
        Span::styled("q", theme::key()),
        Span::raw(" quit"),
    ]);
    frame.render_widget(Paragraph::new(help), keys);
}
