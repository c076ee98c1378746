//! Wrapped text that gives way to the rows a screen must keep (an input, a countdown) on a small terminal.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use unicode_truncate::UnicodeTruncateStr;

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

/// `text` as it fits in `width` columns (by display width): whole, or cut with `…` as its last column so
/// that a cut never goes unseen.
pub(crate) fn ellipsized(text: &str, width: usize) -> String {
    let (whole, _) = text.unicode_truncate(width);
    if whole.len() == text.len() {
        return text.to_string();
    }
    match width {
        0 => String::new(),
        _ => format!("{}…", text.unicode_truncate(width - 1).0.trim_end()),
    }
}

/// A line of a screen, its rank and its indent: on a small terminal the lines of the highest rank give
/// way first; the rows it wraps onto keep its indent.
#[derive(Debug, Clone)]
pub(crate) struct Ranked<'a> {
    rank: u8,
    indent: u16,
    line: Line<'a>,
    /// Whether the line, when taller than all the rows (it could never fit whole), is cut rather than
    /// hidden.
    cut_rather_than_hidden: bool,
}

impl<'a> Ranked<'a> {
    pub(crate) fn new(rank: impl Into<u8>, line: impl Into<Line<'a>>) -> Self {
        Ranked {
            rank: rank.into(),
            indent: 0,
            line: line.into(),
            cut_rather_than_hidden: false,
        }
    }

    /// The line, which when it could never fit whole (taller than all the rows) gets the rows left when
    /// its turn comes: the server's words, say, of which the start is better than nothing.
    pub(crate) fn cut_rather_than_hidden(self) -> Self {
        Ranked {
            cut_rather_than_hidden: true,
            ..self
        }
    }

    /// A line two columns in.
    pub(crate) fn indented(rank: impl Into<u8>, line: impl Into<Line<'a>>) -> Self {
        Ranked {
            indent: 2,
            ..Ranked::new(rank, line)
        }
    }

    /// A blank line, the first to give way when `rank` is the highest.
    pub(crate) fn blank(rank: impl Into<u8>) -> Self {
        Ranked::new(rank, Line::default())
    }

    fn is_blank(&self) -> bool {
        self.line.width() == 0
    }

    /// The rows the line takes at `width`.
    fn rows(&self, width: u16) -> u16 {
        rows(
            &wrapped(vec![self.line.clone()]),
            width.saturating_sub(self.indent),
        )
    }

    /// Draws the line wrapped into `area`, its indent left blank.
    fn draw(self, frame: &mut Frame, area: Rect) {
        let indent = self.indent.min(area.width);
        let area = Rect {
            x: area.x + indent,
            width: area.width - indent,
            ..area
        };
        frame.render_widget(wrapped(vec![self.line]), area);
    }
}

/// Of `lines`, in their order, those that fit whole in `rows` rows at `width`, each with the rows it
/// takes: the lowest ranks are placed first, and every line that still fits after them is kept, so
/// no row stays empty while a line that would fit is hidden. No line is cut, but one marked
/// [`Ranked::cut_rather_than_hidden`] that is taller than all `rows`.
pub(crate) fn fit(lines: Vec<Ranked<'_>>, width: u16, rows: u16) -> Vec<(Ranked<'_>, u16)> {
    let heights: Vec<u16> = lines.iter().map(|line| line.rows(width)).collect();
    let mut order: Vec<usize> = (0..lines.len()).collect();
    order.sort_by_key(|&i| lines[i].rank);
    let mut given = vec![0; lines.len()];
    let mut left = rows;
    for i in order {
        let height = heights[i];
        let cut = lines[i].cut_rather_than_hidden && height > rows && left > 0;
        if height <= left || cut {
            given[i] = height.min(left);
            left -= given[i];
        }
    }
    let mut fitted: Vec<(Ranked, u16)> = (lines.into_iter().zip(given))
        .filter(|&(_, rows)| rows > 0)
        .collect();
    // A blank line only separates: none first, last or under another.
    let mut shown_above = false;
    fitted.retain(|(line, _)| {
        let keep = !line.is_blank() || shown_above;
        shown_above = !line.is_blank();
        keep
    });
    if fitted.last().is_some_and(|(line, _)| line.is_blank()) {
        fitted.pop();
    }
    fitted
}

/// The rows all of `lines` take at `width`.
pub(crate) fn rows_of(lines: &[Ranked], width: u16) -> u16 {
    lines.iter().map(|line| line.rows(width)).sum()
}

/// Draws `lines` (as [`fit`] gave them) one under the other from the top of `area`, each wrapped into
/// its rows; returns the rows they took.
pub(crate) fn draw_fitted(frame: &mut Frame, lines: Vec<(Ranked, u16)>, area: Rect) -> u16 {
    let mut y = area.y;
    for (line, height) in lines {
        let height = height.min(area.bottom().saturating_sub(y));
        line.draw(frame, Rect { y, height, ..area });
        y += height;
    }
    y - area.y
}

/// `lines` wrapped as the screens draw them: words kept whole, no row starting with a space.
pub(crate) fn wrapped(lines: Vec<Line<'_>>) -> Paragraph<'_> {
    Paragraph::new(lines).wrap(Wrap { trim: true })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_does_not_fit_ends_with_an_ellipsis_by_display_width() {
        assert_eq!(ellipsized("Succeeded", 9), "Succeeded");
        assert_eq!(ellipsized("Succeeded", 12), "Succeeded");
        assert_eq!(ellipsized("Failed at BaseAuthentication", 10), "Failed at…");
        assert_eq!(ellipsized("Failed at BaseAuthentication", 11), "Failed at…");
        // Two columns a character: four fit in nine columns with the ellipsis, not eight.
        assert_eq!(ellipsized("認証に失敗しました", 9), "認証に失…");
        assert_eq!(ellipsized("認証に失敗", 10), "認証に失敗");
        assert_eq!(ellipsized("abc", 1), "…");
        assert_eq!(ellipsized("abc", 0), "");
    }
}
