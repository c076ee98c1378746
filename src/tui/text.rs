//! Wrapped text that gives way to the rows a screen must keep (an input, a countdown) on a small terminal.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

/// Draws `paragraph` at the top of `area`, leaving at least `keep` rows below it free; returns the
/// rows it took (its wrapped height, or less where the terminal is too small for all of it).
pub(crate) fn draw_above(frame: &mut Frame, paragraph: Paragraph, area: Rect, keep: u16) -> u16 {
    let wanted = rows(&paragraph, area.width);
    let rows = wanted.min(area.height.saturating_sub(keep));
    frame.render_widget(
        paragraph,
        Rect {
            height: rows,
            ..area
        },
    );
    rows
}

/// The rows `paragraph` takes at `width`.
pub(crate) fn rows(paragraph: &Paragraph, width: u16) -> u16 {
    u16::try_from(paragraph.line_count(width)).unwrap_or(u16::MAX)
}

/// The first of `lines` that fit, whole, in `rows` rows wrapped at `width`, so that none is cut
/// mid-sentence; but the next line, when it is longer than all the rows (it could never fit), is kept to
/// be cut rather than hidden.
pub(crate) fn whole_lines(lines: Vec<Line<'_>>, width: u16, rows: u16) -> Vec<Line<'_>> {
    let mut left = rows;
    let mut kept = Vec::new();
    for line in lines {
        let taken = self::rows(
            &Paragraph::new(line.clone()).wrap(Wrap { trim: false }),
            width,
        );
        if taken > left {
            if taken > rows {
                kept.push(line);
            }
            break;
        }
        left -= taken;
        kept.push(line);
    }
    kept
}

/// The row `offset` rows below the top of `area`, if the area has it.
pub(crate) fn row(area: Rect, offset: u16) -> Option<Rect> {
    (offset < area.height).then(|| Rect {
        y: area.y + offset,
        height: 1,
        ..area
    })
}

/// `message` as a sentence on screen: its first letter capitalised ("the password…" → "The password…").
pub(crate) fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
