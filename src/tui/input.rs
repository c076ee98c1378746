//! One-line text inputs (tui-input) drawn plain or masked, with the terminal cursor placed inside.

use crossterm::event::{Event, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::mem;

use tui_input::backend::crossterm::to_input_request;
use tui_input::{Input, InputRequest};

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
    /// A masked value kept from the last try: what is typed next replaces it rather than joining its
    /// hidden end, and a deleting key empties it; a cursor key makes it editable in place.
    kept: bool,
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
            kept: false,
        }
    }

    /// Marks a value kept from the last try (see [`TextField::is_kept`]); an empty field keeps nothing.
    pub(crate) fn keep(&mut self) {
        self.kept = !self.input.value().is_empty();
    }

    /// Whether the value is kept from the last try: the next text typed replaces it.
    pub(crate) fn is_kept(&self) -> bool {
        self.kept
    }

    pub(crate) fn value(&self) -> &str {
        self.input.value()
    }

    pub(crate) fn is_blank(&self) -> bool {
        self.input.value().trim().is_empty()
    }

    /// Applies an editing key (characters, Backspace, arrows, Home/End, Ctrl-W…). On a kept value, a
    /// character replaces it and a deleting key empties it; a cursor key leaves it to be edited.
    pub(crate) fn handle_key(&mut self, key: KeyEvent) {
        let event = Event::Key(key);
        let Some(request) = to_input_request(&event) else {
            return;
        };
        if mem::take(&mut self.kept) && !moves_the_cursor(&request) {
            self.input.reset();
        }
        self.input.handle(request);
    }

    /// Inserts pasted text at the cursor, as one line; a kept value is replaced by it.
    pub(crate) fn paste(&mut self, text: &str) {
        if mem::take(&mut self.kept) {
            self.input.reset();
        }
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

/// Whether `request` only moves the cursor (the value stays as it is).
fn moves_the_cursor(request: &InputRequest) -> bool {
    use InputRequest as R;
    matches!(
        request,
        R::SetCursor(_)
            | R::GoToPrevChar
            | R::GoToNextChar
            | R::GoToPrevWord
            | R::GoToNextWord
            | R::GoToStart
            | R::GoToEnd
    )
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

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    fn kept(text: &str) -> TextField {
        let mut field = TextField::new(text);
        field.keep();
        field
    }

    #[test]
    fn text_typed_into_a_kept_value_replaces_it() {
        let mut field = kept("sandbox");
        for c in "sandbox".chars() {
            field.handle_key(key(KeyCode::Char(c), KeyModifiers::NONE));
        }
        assert_eq!(field.value(), "sandbox", "not sandboxsandbox");
        assert!(!field.is_kept());
        let mut pasted = kept("sandbox");
        pasted.paste("other");
        assert_eq!(pasted.value(), "other");
    }

    #[test]
    fn a_deleting_key_empties_a_kept_value_and_a_cursor_key_edits_it_in_place() {
        for deleting in [
            key(KeyCode::Backspace, KeyModifiers::NONE),
            key(KeyCode::Delete, KeyModifiers::NONE),
            key(KeyCode::Char('u'), KeyModifiers::CONTROL),
            key(KeyCode::Char('w'), KeyModifiers::CONTROL),
        ] {
            let mut field = kept("sandbox");
            field.handle_key(deleting);
            assert_eq!(field.value(), "", "{deleting:?}");
        }
        let mut field = kept("sandbox");
        field.handle_key(key(KeyCode::End, KeyModifiers::NONE));
        field.handle_key(key(KeyCode::Char('!'), KeyModifiers::NONE));
        assert_eq!(field.value(), "sandbox!");
        let mut field = kept("sandbox");
        field.handle_key(key(KeyCode::Char('s'), KeyModifiers::CONTROL));
        assert!(
            field.is_kept(),
            "a key that edits nothing leaves the value kept"
        );
    }

    #[test]
    fn an_empty_field_keeps_nothing() {
        assert!(!kept("").is_kept());
    }

    #[test]
    fn paste_drops_line_breaks() {
        let mut field = TextField::default();
        field.paste("12 34\r\n");
        assert_eq!(field.value(), "12 34");
    }
}
