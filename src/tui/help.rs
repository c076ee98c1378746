//! The help popup (F1), of the login TUI and of the `inspect` viewer: the keys of the screen under it and
//! its own, a word on secrets and in `--demo` the sandbox users, scrolled a line or a page at a time where the terminal is too small for all of it.

use std::borrow::Cow;
use std::cell::Cell;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Padding, Paragraph};
use textwrap::Options;
use textwrap::core::display_width;

use super::app::App;
use super::component::{Component, Popup};
use super::keys::{self, Action, Binding, KeyMap};
use super::sandbox_users::DemoUser;
use super::theme;

const POPUP_MAX_WIDTH: u16 = 64;
/// The columns between a key and what it does, and between the columns of the users' table.
const GAP: usize = 2;

/// How a key of the popup scrolls it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scroll {
    LineUp,
    LineDown,
    PageUp,
    PageDown,
    Top,
    Bottom,
}

/// The open help popup: how far it is scrolled.
#[derive(Debug, Default)]
pub(crate) struct HelpPopup {
    /// Lines scrolled off the top.
    offset: u16,
    /// What the latest draw had room for. Keys scroll within it, so that a key pressed at the end
    /// leaves the popup at the end, and the next key the other way moves it at once.
    drawn: Cell<Viewport>,
}

/// The popup as last drawn: its rows of text, and the offset that shows its last line at the bottom.
#[derive(Debug, Clone, Copy)]
struct Viewport {
    rows: u16,
    last_offset: u16,
}

impl Default for Viewport {
    /// Not drawn yet: no limit known.
    fn default() -> Self {
        Viewport {
            rows: 1,
            last_offset: u16::MAX,
        }
    }
}

impl HelpPopup {
    /// Scrolls as `scroll` asks, never past the end; a page keeps one line of the last one in view.
    fn scroll(&mut self, scroll: Scroll) {
        let Viewport { rows, last_offset } = self.drawn.get();
        let page = rows.saturating_sub(1).max(1);
        let at = self.offset.min(last_offset);
        let to = match scroll {
            Scroll::LineUp => at.saturating_sub(1),
            Scroll::LineDown => at.saturating_add(1),
            Scroll::PageUp => at.saturating_sub(page),
            Scroll::PageDown => at.saturating_add(page),
            Scroll::Top => 0,
            Scroll::Bottom => last_offset,
        };
        self.offset = to.min(last_offset);
    }
}

/// What the popup explains: the keys of the screen under it, the popup's own keys, a word on secrets,
/// and in `--demo` the sandbox users.
pub(crate) struct HelpContent<'a> {
    pub under: &'a KeyMap,
    /// The popup's own keys: `HELP_POPUP` over a login's screens, `VIEWER_HELP_POPUP` over `inspect`.
    pub own: &'static KeyMap,
    pub note: &'a str,
    pub users: &'a [DemoUser],
}

impl<'a> HelpContent<'a> {
    /// The login TUI's: the keys of `under` (what `app` shows beneath the popup) and its sandbox users.
    pub(super) fn of_app(app: &'a App, under: &'a KeyMap) -> Self {
        HelpContent {
            under,
            own: keys::HELP_POPUP,
            note: "Secrets are masked unless you ask; nothing typed is logged.",
            users: app.demo_users(),
        }
    }
}

impl Component for HelpPopup {
    type Context<'a> = HelpContent<'a>;
    type Outcome = Popup;

    fn keys(&self, content: &HelpContent) -> Cow<'static, KeyMap> {
        Cow::Borrowed(content.own)
    }

    fn handle(&mut self, action: Action, _: KeyEvent, _: &HelpContent) -> Popup {
        match action {
            Action::CloseHelp => return Popup::Closed,
            Action::ScrollHelp(scroll) => self.scroll(scroll),
            _ => {}
        }
        Popup::Open
    }

    /// Draws the popup in the middle of `area`, scrolled as far as it is; where lines are cut off, its
    /// border says so, and with which key they come into view.
    fn render(&self, content: &HelpContent, frame: &mut Frame, area: Rect) {
        draw(content, self, frame, area);
    }
}

fn draw(content: &HelpContent, help: &HelpPopup, frame: &mut Frame, area: Rect) {
    let [column] = Layout::horizontal([Constraint::Max(POPUP_MAX_WIDTH)])
        .flex(Flex::Center)
        .areas(area);
    let mut block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme::focused_border())
        .padding(Padding::horizontal(1))
        .title(Line::styled(" Help ", theme::title()));
    let lines = lines(content, block.inner(column).width);
    let total = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let height = total.saturating_add(2).min(area.height.saturating_sub(2));
    let [popup] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(column);
    let inner = block.inner(popup);
    let last_offset = total.saturating_sub(inner.height);
    help.drawn.set(Viewport {
        rows: inner.height,
        last_offset,
    });
    let offset = help.offset.min(last_offset);
    let marker = |text: &'static str| Line::styled(text, theme::key()).right_aligned();
    if offset > 0 {
        block = block.title_top(marker(" ↑ more (PgUp) "));
    }
    if offset < last_offset {
        block = block.title_bottom(marker(" ↓ more (PgDn) "));
    }
    frame.render_widget(Clear, popup);
    frame.render_widget(block, popup);
    frame.render_widget(Paragraph::new(lines).scroll((offset, 0)), inner);
}

/// Everything the popup says, wrapped to `width`: the keys of the screen under it, those of the popup
/// itself in a sentence, the word on secrets, and the sandbox users.
fn lines(content: &HelpContent, width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width);
    let under = content.under;
    let longest = under.iter().map(|b| display_width(b.label)).max();
    let key_width = (longest.unwrap_or(0) + GAP).min(width / 2);
    let mut lines: Vec<Line> = under
        .iter()
        .flat_map(|binding| key_lines(binding, key_width, width))
        .collect();
    // A key of the screen that does something else in the popup (↑/↓ selects there, scrolls here) is
    // said again; one that does the same (Ctrl-C) is not.
    let same = |a: &Binding, b: &Binding| a.label == b.label && a.does == b.does;
    let own: Vec<String> = (content.own.iter())
        .filter(|binding| !under.iter().any(|u| same(u, binding)))
        .map(|binding| format!("{} {}", binding.label, binding.does))
        .collect();
    lines.push(Line::default());
    let own = format!("In this help: {}.", own.join(", "));
    lines.extend(wrapped(&own, width, "", theme::muted()));
    lines.extend(wrapped(content.note, width, "", theme::muted()));
    if !content.users.is_empty() {
        lines.push(Line::default());
        lines.push(Line::styled("Sandbox users", theme::title()));
        lines.extend(user_lines(content.users, width));
    }
    lines
}

/// `binding`'s keys in a column `key_width` wide and what they do beside them, each wrapped in its column.
fn key_lines(binding: &Binding, key_width: usize, width: usize) -> Vec<Line<'static>> {
    let keys = textwrap::wrap(binding.label, key_width.saturating_sub(GAP).max(1));
    let does = textwrap::wrap(binding.does, width.saturating_sub(key_width).max(1));
    (0..keys.len().max(does.len()))
        .map(|i| {
            let key = keys.get(i).map_or("", |k| k.as_ref());
            let pad = " ".repeat(key_width.saturating_sub(display_width(key)));
            Line::from(vec![
                Span::styled(format!("{key}{pad}"), theme::key()),
                Span::raw(does.get(i).map_or_else(String::new, |d| d.to_string())),
            ])
        })
        .collect()
}

/// The sandbox users as a table (a column per credential, each as wide as its widest entry) with each
/// user's scenario below its row.
fn user_lines(users: &[DemoUser], width: usize) -> Vec<Line<'static>> {
    let rows: Vec<[&str; 4]> = users
        .iter()
        .map(|u| [&*u.username, &*u.password, &*u.pin, &*u.code])
        .collect();
    let header = ["user", "password", "PIN", "code"];
    let widths: Vec<usize> = (0..header.len())
        .map(|c| {
            let entries = rows.iter().map(|row| row[c]).chain([header[c]]);
            entries.map(display_width).max().unwrap_or(0)
        })
        .collect();
    let row_text = |row: [&str; 4]| {
        let cells = row.iter().zip(&widths).map(|(cell, w)| {
            let pad = " ".repeat(w.saturating_sub(display_width(cell)));
            format!("{cell}{pad}")
        });
        let text: Vec<String> = cells.collect();
        text.join(&" ".repeat(GAP)).trim_end().to_string()
    };
    let mut lines = wrapped(&row_text(header), width, "", theme::label());
    for (user, row) in users.iter().zip(rows) {
        lines.extend(wrapped(&row_text(row), width, "", Style::new()));
        lines.extend(wrapped(&user.description, width, "  ", theme::muted()));
    }
    lines
}

/// `text` wrapped to `width`, each line after `indent`, in `style`.
fn wrapped(text: &str, width: usize, indent: &str, style: Style) -> Vec<Line<'static>> {
    let options = Options::new(width.max(1))
        .initial_indent(indent)
        .subsequent_indent(indent);
    textwrap::wrap(text, options)
        .into_iter()
        .map(|line| Line::styled(line.into_owned(), style))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drawn(rows: u16, last_offset: u16) -> Cell<Viewport> {
        Cell::new(Viewport { rows, last_offset })
    }

    #[test]
    fn keys_scroll_within_what_was_last_drawn_and_a_key_past_the_end_is_not_lost() {
        let mut help = HelpPopup {
            offset: 0,
            drawn: drawn(5, 10),
        };
        help.scroll(Scroll::PageDown);
        assert_eq!(help.offset, 4, "a page of 5 rows keeps one in view");
        help.scroll(Scroll::Bottom);
        help.scroll(Scroll::PageDown);
        help.scroll(Scroll::LineDown);
        assert_eq!(help.offset, 10, "never past the end");
        help.scroll(Scroll::LineUp);
        assert_eq!(help.offset, 9, "the way back starts at once");
        help.drawn = drawn(12, 3);
        help.scroll(Scroll::LineUp);
        assert_eq!(
            help.offset, 2,
            "after a resize, from the end of the new size"
        );
        help.scroll(Scroll::Top);
        help.scroll(Scroll::PageUp);
        assert_eq!(help.offset, 0);
    }
}
