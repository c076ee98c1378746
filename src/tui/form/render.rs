//! Draws the form: the fields one per row, scrolled to keep the focused one in view on a short
//! terminal (an arrow says more fields are above or below), and the message under them.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{FieldId, Form};
use crate::tui::input::Mask;
use crate::tui::{text, theme};

/// Beside a value kept from the last try: what typing into it does.
const KEPT_NOTE: &str = "(kept: typing replaces it)";
/// The columns of a field's marker and label.
const LABEL_WIDTH: u16 = 11;
/// The columns kept right of the values for the scroll arrows, when the fields scroll.
const ARROW_WIDTH: u16 = 2;

impl Form {
    /// Draws the fields, one per row, and the message; `editable` false while a request is in flight.
    /// When not all fields fit, those around the focused one show, an arrow at the right of the top
    /// (bottom) row when more are above (below); a message keeps its rows under them (one field at least).
    pub(super) fn draw(&self, frame: &mut Frame, area: Rect, editable: bool) {
        let message = self.message.as_ref().map(|(_, message)| {
            text::wrapped(vec![Line::styled(format!("⚠ {message}"), theme::error())])
        });
        let all_rows = u16::try_from(FieldId::ALL.len()).unwrap_or(u16::MAX);
        // All the fields and a blank row above the message when there is room; else the message first.
        let (fields_rows, message_top) = match &message {
            Some(_) if area.height > all_rows + 1 => (all_rows, all_rows + 1),
            Some(message) => {
                let rows = area.height.saturating_sub(text::rows(message, area.width));
                let rows = rows.clamp(1, all_rows).min(area.height);
                (rows, rows)
            }
            None => (area.height.min(all_rows), area.height),
        };
        let fields_area = Rect {
            height: fields_rows,
            ..area
        };
        self.render_fields(frame, fields_area, editable);
        if let (Some(message), Some(top)) = (message, text::row(area, message_top)) {
            let below = Rect {
                height: area.bottom() - top.y,
                ..top
            };
            frame.render_widget(message, below);
        }
    }

    /// The fields that fit in `area`, the focused one among them, and the arrows when some are hidden.
    fn render_fields(&self, frame: &mut Frame, area: Rect, editable: bool) {
        let count = FieldId::ALL.len();
        let shown = usize::from(area.height).min(count);
        let first = (self.focus.index() + 1).saturating_sub(shown);
        let scrolls = shown < count;
        let arrows = if scrolls { ARROW_WIDTH } else { 0 };
        let fields_area = Rect {
            width: area.width.saturating_sub(arrows),
            ..area
        };
        for (offset, field) in FieldId::ALL[first..first + shown].iter().enumerate() {
            let offset = u16::try_from(offset).unwrap_or(u16::MAX);
            if let Some(row) = text::row(fields_area, offset) {
                self.render_field(frame, row, *field, editable);
            }
        }
        if scrolls {
            self.render_arrows(frame, area, first > 0, first + shown < count);
        }
    }

    /// `↑` at the right of the top row when fields are hidden above, `↓` at the right of the bottom row
    /// when fields are hidden below.
    fn render_arrows(&self, frame: &mut Frame, area: Rect, above: bool, below: bool) {
        let column = Rect {
            x: area.right().saturating_sub(1),
            width: area.width.min(1),
            ..area
        };
        let top = text::row(column, 0).filter(|_| above);
        let bottom = text::row(column, area.height.saturating_sub(1)).filter(|_| below);
        for (row, arrow) in [(top, "↑"), (bottom, "↓")] {
            if let Some(row) = row {
                frame.render_widget(Span::styled(arrow, theme::key()), row);
            }
        }
    }

    /// One field on its row: the marker and label, then the value (masked as the field says) or its
    /// placeholder.
    fn render_field(&self, frame: &mut Frame, row: Rect, field: FieldId, editable: bool) {
        let focused = field == self.focus;
        let (marker, label_style) = if focused {
            ("›", theme::focused_label())
        } else {
            (" ", theme::label())
        };
        let label_area = Rect {
            width: LABEL_WIDTH.min(row.width),
            ..row
        };
        frame.render_widget(
            Line::from(vec![
                Span::styled(marker, theme::key()),
                Span::raw(" "),
                Span::styled(field.label(), label_style),
            ]),
            label_area,
        );
        let value_area = Rect {
            x: row.x.saturating_add(LABEL_WIDTH),
            width: row.width.saturating_sub(LABEL_WIDTH),
            ..row
        };
        let text = &self.fields[field.index()];
        if text.value().is_empty() && !field.placeholder().is_empty() {
            frame.render_widget(
                Span::styled(field.placeholder(), theme::muted()),
                value_area,
            );
        }
        let mask = if self.revealed {
            Mask::Plain
        } else {
            field.mask()
        };
        text.render(frame, value_area, mask, theme::value(), focused && editable);
        if text.is_kept() {
            let shown = u16::try_from(text.value().chars().count()).unwrap_or(u16::MAX);
            let note = Rect {
                x: value_area.x.saturating_add(shown.saturating_add(2)),
                width: value_area.width.saturating_sub(shown.saturating_add(2)),
                ..value_area
            };
            frame.render_widget(Span::styled(KEPT_NOTE, theme::muted()), note);
        }
    }
}
