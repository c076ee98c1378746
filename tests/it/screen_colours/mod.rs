//! The colour check of every TestBackend render: text must read on a dark and on a light background alike.

use ratatui::buffer::Buffer;
use ratatui::style::Color;

use autoshares_login::tui;

/// The runs of cells whose foreground or background is outside what the theme allows, as
/// (row, text, foreground, background): such text reads on a dark or on a light background, not on both.
pub fn unreadable_cells(buffer: &Buffer) -> Vec<(u16, String, Color, Color)> {
    let mut runs: Vec<(u16, String, Color, Color)> = Vec::new();
    let mut last: Option<(u16, u16)> = None;
    for at in buffer.area.positions() {
        let cell = &buffer[at];
        if tui::READABLE_FOREGROUNDS.contains(&cell.fg)
            && tui::READABLE_BACKGROUNDS.contains(&cell.bg)
        {
            continue;
        }
        let continues = last == Some((at.x.wrapping_sub(1), at.y))
            && runs
                .last()
                .is_some_and(|(_, _, fg, bg)| (*fg, *bg) == (cell.fg, cell.bg));
        match runs.last_mut() {
            Some(run) if continues => run.1.push_str(cell.symbol()),
            _ => runs.push((at.y, cell.symbol().to_string(), cell.fg, cell.bg)),
        }
        last = Some((at.x, at.y));
    }
    runs
}

mod tests {
    use ratatui::layout::Rect;
    use ratatui::style::{Modifier, Style};

    use super::*;

    #[test]
    fn the_colour_check_catches_a_colour_that_reads_on_one_background_only() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 20, 2));
        buffer.set_string(0, 0, "readable", Style::new().add_modifier(Modifier::BOLD));
        buffer.set_string(0, 1, "xy", Style::new().fg(Color::Yellow));
        buffer.set_string(5, 1, "z", Style::new().bg(Color::Blue));
        assert_eq!(
            unreadable_cells(&buffer),
            [
                (1, "xy".to_string(), Color::Yellow, Color::Reset),
                (1, "z".to_string(), Color::Reset, Color::Blue)
            ]
        );
    }
}
