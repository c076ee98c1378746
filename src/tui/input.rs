//! One-line text inputs (tui-input) drawn plain or masked, with the terminal cursor placed inside.

use crossterm::event::{Event, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

/// How an input's value is shown on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mask {
    Plain,
    /// Every character shown as `•`.
    Full,
    /// The first N characters shown, the rest as `•` (an app key: recognisable, not readable).
    AfterHead(usize),
}

pub(crate) const MASK_CHAR: char = '•';

/// A text field: the editing is tui-input's, the masking and drawing ours.
#[derive(Clone, Default)]
pub(crate) struct TextField {
    input: Input,
}

/// Shows the length only: a field may hold a password (and tui-input keeps a cut buffer too).
impl std::fmt::Debug for TextField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TextField({} chars)", self.input.value().chars().count())
    }
}

impl TextField {
    pub(crate) fn new(value: &str) -> Self {
        TextField {
            input: Input::new(value.to_string()),
        }
    }

    pub(crate) fn value(&self) -> &str {
        self.input.value()
    }

    pub(crate) fn is_blank(&self) -> bool {
        self.input.value().trim().is_empty()
    }

    /// Applies an editing key (characters, Backspace, arrows, Home/End, Ctrl-W…).
    pub(crate) fn handle_key(&mut self, key: KeyEvent) {
        self.input.handle_event(&Event::Key(key));
    }

    /// Inserts pasted text at the cursor, as one line.
    pub(crate) fn paste(&mut self, text: &str) {
        for c in text.chars().filter(|c| !c.is_control()) {
            self.input.handle(tui_input::InputRequest::InsertChar(c));
        }
    }

    /// Draws the value into `area` (one line) and, when focused, puts the cursor in it.
    pub(crate) fn render(
        &self,
        frame: &mut Frame,
        area: Rect,
        mask: Mask,
        style: Style,
        focused: bool,
    ) {
        if area.width == 0 || area.height == 0 {
            return;
        }
        let shown: String = match mask {
            Mask::Plain => self.input.value().to_string(),
            Mask::Full => mask_all(self.input.value().chars().count()),
            Mask::AfterHead(head) => {
                let chars: Vec<char> = self.input.value().chars().collect();
                let visible: String = chars.iter().take(head).collect();
                visible + &mask_all(chars.len().saturating_sub(head))
            }
        };
        let cursor = match mask {
            Mask::Plain => self.input.visual_cursor(),
            Mask::Full | Mask::AfterHead(_) => self.input.cursor(),
        };
        let width = usize::from(area.width.saturating_sub(1)).max(1);
        let scroll = if focused {
            cursor.saturating_sub(width)
        } else {
            0
        };
        let scroll_cols = u16::try_from(scroll).unwrap_or(u16::MAX);
        frame.render_widget(
            Paragraph::new(Line::from(Span::styled(shown, style))).scroll((0, scroll_cols)),
            area,
        );
        if focused {
            let x = area
                .x
                .saturating_add(u16::try_from(cursor - scroll).unwrap_or(u16::MAX));
            frame.set_cursor_position(Position::new(x.min(area.right().saturating_sub(1)), area.y));
        }
    }
}

fn mask_all(count: usize) -> String {
    std::iter::repeat_n(MASK_CHAR, count).collect()
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyModifiers};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;

    fn typed(text: &str) -> TextField {
        let mut field = TextField::default();
        for c in text.chars() {
            field.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
        field
    }

    fn drawn(field: &TextField, mask: Mask, width: u16) -> String {
        let mut terminal = Terminal::new(TestBackend::new(width, 1)).unwrap();
        terminal
            .draw(|f| field.render(f, f.area(), mask, Style::new(), true))
            .unwrap();
        terminal
            .backend()
            .buffer()
            .content()
            .iter()
            .map(|c| c.symbol())
            .collect::<String>()
            .trim_end()
            .to_string()
    }

    #[test]
    fn masks_hide_what_was_typed() {
        let field = typed("hunter2");
        assert_eq!(drawn(&field, Mask::Full, 20), "•••••••");
        assert_eq!(drawn(&field, Mask::AfterHead(3), 20), "hun••••");
        assert_eq!(drawn(&field, Mask::Plain, 20), "hunter2");
    }

    #[test]
    fn long_values_scroll_to_keep_the_cursor_visible() {
        let field = typed("abcdefghijklmnopqrstuvwxyz");
        assert_eq!(drawn(&field, Mask::Plain, 10), "rstuvwxyz");
    }

    #[test]
    fn paste_drops_line_breaks() {
        let mut field = TextField::default();
        field.paste("12 34\r\n");
        assert_eq!(field.value(), "12 34");
    }
}
