//! The `inspect` viewer: a log's exchanges in the same timeline panel as F2, with its keys, its notes above,
//! the key bar below.

use crossterm::event::{self, Event, KeyCode, KeyEventKind};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::binding::{Key, KeyMap, action, bind};
use super::keys::Action;
use super::{terminal, text, theme, timeline, view};
use crate::diag::Exchange;

/// What the viewer shows: the log's exchanges and the notes on reading it.
pub struct LogView<'a> {
    pub source: &'a str,
    pub exchanges: &'a [Exchange],
    pub notes: &'a [String],
}

/// The viewer's keys, most important first: one map drives both their handling and the key bar. The
/// timeline's keys are those of F2, so its `↓ more (PgDn)` marker means the same here.
const KEYS: &KeyMap = &[
    bind(
        "q/Esc/Ctrl-C",
        "quit",
        &[
            (Key::Code(KeyCode::Char('q')), Action::Quit),
            (Key::Code(KeyCode::Esc), Action::Quit),
            (Key::Ctrl('c'), Action::Quit),
        ],
    )
    .always_in_bar("q", "quit"),
    bind(
        "↑/↓",
        "select an exchange",
        &[
            (Key::Code(KeyCode::Up), Action::SelectPrevious),
            (Key::Code(KeyCode::Down), Action::SelectNext),
        ],
    )
    .in_bar("↑/↓", "select"),
    bind(
        "PgUp/PgDn",
        "scroll the exchange's details",
        &[
            (Key::Code(KeyCode::PageUp), Action::ScrollDetailsUp),
            (Key::Code(KeyCode::PageDown), Action::ScrollDetailsDown),
        ],
    )
    .in_bar("PgUp/PgDn", "details"),
    bind(
        "Home/End",
        "first/last exchange",
        &[
            (Key::Code(KeyCode::Home), Action::SelectFirst),
            (Key::Code(KeyCode::End), Action::SelectLast),
        ],
    )
    .in_bar("Home/End", "first/last"),
];

/// Where the viewer is: the selected exchange and how many lines of its details are scrolled off.
pub type At = (usize, u16);

/// Shows `log` until q, Esc or Ctrl-C; the terminal is restored on every way out.
pub fn inspect(log: &LogView<'_>) -> std::io::Result<()> {
    let mut session = terminal::Session::enter()?;
    let mut at = (0, 0);
    loop {
        session.terminal.draw(|frame| draw(log, at, frame))?;
        let Event::Key(key) = event::read()? else {
            continue;
        };
        if key.kind == KeyEventKind::Release {
            continue;
        }
        let Some(action) = action(KEYS, key) else {
            continue;
        };
        match after(log.exchanges, at, action) {
            Some(next) => at = next,
            None => return Ok(()),
        }
    }
}

/// Where the viewer is after `action` from `at`; `None` when it quits. A new selection starts at the
/// top of its details.
fn after(exchanges: &[Exchange], (selected, scroll): At, action: Action) -> Option<At> {
    let last = exchanges.len().saturating_sub(1);
    let select = |selected| Some((selected, 0));
    match action {
        Action::Quit => None,
        Action::SelectPrevious => select(selected.saturating_sub(1)),
        Action::SelectNext => select((selected + 1).min(last)),
        Action::SelectFirst => select(0),
        Action::SelectLast => select(last),
        Action::ScrollDetailsUp | Action::ScrollDetailsDown => Some((
            selected,
            timeline::scrolled(exchanges, (selected, scroll), action),
        )),
        _ => Some((selected, scroll)),
    }
}

/// The viewer's frame: where the log came from and its notes, the timeline, the keys.
pub fn draw(log: &LogView<'_>, at: At, frame: &mut Frame) {
    let [page, keys] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(frame.area());
    let mut lines = vec![Line::from(vec![
        Span::styled("inspect ", theme::title()),
        Span::raw(log.source),
    ])];
    lines.extend(
        log.notes
            .iter()
            .map(|note| Line::styled(note.as_str(), theme::warn())),
    );
    // The notes wrap in full, as long as the timeline keeps half the rows.
    let head = Paragraph::new(lines).wrap(Wrap { trim: true });
    let rows = text::draw_above(frame, head, page, page.height.div_ceil(2));
    let body = Rect {
        y: page.y + rows,
        height: page.height - rows,
        ..page
    };
    timeline::draw(log.exchanges, at, frame, body);
    view::draw_key_bar(KEYS, frame, keys);
}

#[cfg(test)]
mod tests {
    use std::time::SystemTime;

    use super::*;

    fn exchanges(n: usize) -> Vec<Exchange> {
        let request = || {
            Exchange::request(
                SystemTime::UNIX_EPOCH,
                "POST",
                "https://h.test/api/token",
                &[],
            )
        };
        (0..n).map(|_| request()).collect()
    }

    #[test]
    fn the_keys_select_scroll_and_quit() {
        let log = exchanges(3);
        let key = |code| action(KEYS, crossterm::event::KeyEvent::from(code)).unwrap();
        assert_eq!(after(&log, (0, 0), key(KeyCode::Down)), Some((1, 0)));
        assert_eq!(after(&log, (2, 0), key(KeyCode::Down)), Some((2, 0)));
        assert_eq!(after(&log, (1, 3), key(KeyCode::Up)), Some((0, 0)));
        assert_eq!(after(&log, (0, 0), key(KeyCode::End)), Some((2, 0)));
        assert_eq!(after(&log, (2, 4), key(KeyCode::Home)), Some((0, 0)));
        assert_eq!(after(&log, (1, 7), key(KeyCode::PageUp)), Some((1, 2)));
        assert_eq!(after(&log, (1, 0), key(KeyCode::Char('q'))), None);
        assert_eq!(after(&log, (1, 0), key(KeyCode::Esc)), None);
        assert_eq!(after(&[], (0, 0), key(KeyCode::Down)), Some((0, 0)));
    }

    #[test]
    fn page_down_scrolls_the_details_but_never_past_their_end() {
        let log = exchanges(2);
        let down = action(KEYS, KeyCode::PageDown.into()).unwrap();
        let mut at = (1, 0);
        for _ in 0..100 {
            at = after(&log, at, down).unwrap();
        }
        assert_eq!(at.0, 1, "the selection stays");
        assert!(at.1 > 0, "the details scrolled");
        assert_eq!(after(&log, at, down), Some(at), "and stop at their end");
    }
}
