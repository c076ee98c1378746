//! The `inspect` viewer: the story of a log's attempts (one line each, with the failure's hint), then its
//! exchanges in the same timeline panel as F2, with its keys, its notes above, the key bar below, and the
//! help popup (F1) that lists every key.

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::binding::{Key, KeyMap, action, bind};
use super::component::{Component, Popup};
use super::help::{HelpContent, HelpPopup};
use super::keys::{self, Action};
use super::{story, terminal, text, theme, timeline, view};
use crate::diag::{Exchange, attempts};

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
    keys::SELECT_EXCHANGE,
    keys::SCROLL_DETAILS.in_bar("PgUp/PgDn", "details"),
    keys::FIRST_OR_LAST_EXCHANGE.in_bar("Home/End", "first/last"),
    keys::HELP,
];

/// What the viewer says of a log without an exchange (`inspect` refuses such a file; nothing was sent by
/// the viewer, so never the live login's words).
const NO_EXCHANGE: &str = "This log holds no exchange to show.";

/// What the help popup explains: the viewer's keys, and below them a word on secrets.
const HELP_CONTENT: HelpContent = HelpContent {
    under: KEYS,
    own: keys::VIEWER_HELP_POPUP,
    note: "The log holds no secrets: they were redacted as it was written.",
    users: &[],
};

/// Where the viewer is: the selected exchange and how many lines of its details are scrolled off.
pub type At = (usize, u16);

/// The viewer's state: where it is, how far the details could scroll as last drawn, and the help popup
/// when it is open.
#[derive(Debug, Default)]
pub struct Viewer {
    at: At,
    furthest: u16,
    help: Option<HelpPopup>,
}

impl Viewer {
    /// The viewer at `at`, its help closed.
    pub fn at(at: At) -> Self {
        Viewer {
            at,
            ..Viewer::default()
        }
    }

    /// The keys of what is on screen: the help popup's while it is open.
    pub fn key_map(&self) -> &'static KeyMap {
        match self.help {
            Some(_) => HELP_CONTENT.own,
            None => KEYS,
        }
    }

    /// Takes in `key` on the viewer of `log`; false when it quits.
    pub fn press(&mut self, log: &LogView<'_>, key: KeyEvent) -> bool {
        let Some(action) = action(self.key_map(), key) else {
            return true;
        };
        match action {
            Action::OpenHelp => self.help = Some(HelpPopup::default()),
            Action::CloseHelp | Action::ScrollHelp(_) => {
                if let Some(help) = &mut self.help
                    && help.handle(action, key, &HELP_CONTENT) == Popup::Closed
                {
                    self.help = None;
                }
            }
            _ => match after(log.exchanges.len(), self.at, action, self.furthest) {
                Some(next) => self.at = next,
                None => return false,
            },
        }
        true
    }

    /// The viewer's frame: where the log came from and its notes, the timeline, the keys, and the help
    /// popup over them when it is open.
    pub fn draw(&mut self, log: &LogView<'_>, frame: &mut Frame) {
        let [page, key_bar] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(frame.area());
        self.furthest = draw_log(log, self.at, frame, page);
        // A larger terminal has less to scroll: PgUp then moves from what is on screen.
        self.at.1 = self.at.1.min(self.furthest);
        view::draw_key_bar(self.key_map(), frame, key_bar);
        if let Some(popup) = &self.help {
            popup.render(&HELP_CONTENT, frame, page);
        }
    }
}

/// Shows `log` until q, Esc or Ctrl-C; the terminal is restored on every way out.
pub fn inspect(log: &LogView<'_>) -> std::io::Result<()> {
    let mut session = terminal::Session::enter()?;
    let mut viewer = Viewer::default();
    loop {
        session.terminal.draw(|frame| viewer.draw(log, frame))?;
        let Event::Key(key) = event::read()? else {
            continue;
        };
        if key.kind != KeyEventKind::Release && !viewer.press(log, key) {
            return Ok(());
        }
    }
}

/// Where the viewer of `count` exchanges is after `action` from `at`, its details scrolling no further
/// than `furthest` (as last drawn); `None` when it quits. A new selection starts at the top of its details.
fn after(count: usize, (selected, scroll): At, action: Action, furthest: u16) -> Option<At> {
    let last = count.saturating_sub(1);
    let select = |selected| Some((selected, 0));
    match action {
        Action::Quit => None,
        Action::SelectPrevious => select(selected.saturating_sub(1)),
        Action::SelectNext => select((selected + 1).min(last)),
        Action::SelectFirst => select(0),
        Action::SelectLast => select(last),
        Action::ScrollDetailsUp | Action::ScrollDetailsDown => Some((
            selected,
            timeline::scrolled_within(scroll, action, furthest),
        )),
        _ => Some((selected, scroll)),
    }
}

/// Where the log came from and its notes, the story of its attempts (when there is room), and the
/// timeline at `at`, in `page`. Returns the furthest the selected exchange's details can scroll as drawn
/// (0 when they fit).
fn draw_log(log: &LogView<'_>, at: At, frame: &mut Frame, page: Rect) -> u16 {
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
    let rest = Rect {
        y: page.y + rows,
        height: page.height - rows,
        ..page
    };
    // The story takes up to two rows in five of what is left; the timeline keeps the others.
    let told = attempts::tell_all(log.exchanges);
    let story_rows = story::height(&told, rest.width, rest.height * 2 / 5);
    let [story_area, body] =
        Layout::vertical([Constraint::Length(story_rows), Constraint::Fill(1)]).areas(rest);
    if story_rows > 0 {
        story::draw(&told, frame, story_area);
    }
    timeline::draw((log.exchanges, NO_EXCHANGE), at, frame, body)
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyEvent, KeyModifiers};

    use super::*;

    fn key(code: KeyCode) -> Action {
        action(KEYS, code.into()).expect("a key of the viewer")
    }

    #[test]
    fn the_keys_select_and_quit_and_a_new_selection_starts_at_the_top() {
        let after = |at, code| after(3, at, key(code), 20);
        assert_eq!(after((0, 0), KeyCode::Down), Some((1, 0)));
        assert_eq!(after((2, 0), KeyCode::Down), Some((2, 0)));
        assert_eq!(after((1, 3), KeyCode::Up), Some((0, 0)));
        assert_eq!(after((0, 0), KeyCode::End), Some((2, 0)));
        assert_eq!(after((2, 4), KeyCode::Home), Some((0, 0)));
        assert_eq!(after((1, 0), KeyCode::Char('q')), None);
        assert_eq!(after((1, 0), KeyCode::Esc), None);
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(action(KEYS, ctrl_c), Some(Action::Quit));
    }

    #[test]
    fn page_keys_scroll_the_details_as_far_as_they_go_as_drawn() {
        let (down, up) = (key(KeyCode::PageDown), key(KeyCode::PageUp));
        assert_eq!(after(3, (1, 0), down, 12), Some((1, 5)));
        assert_eq!(after(3, (1, 10), down, 12), Some((1, 12)));
        assert_eq!(after(3, (1, 12), down, 12), Some((1, 12)), "no further");
        assert_eq!(after(3, (1, 0), down, 0), Some((1, 0)), "details that fit");
        assert_eq!(after(3, (1, 7), up, 12), Some((1, 2)));
        assert_eq!(after(3, (1, 2), up, 12), Some((1, 0)));
    }
}
