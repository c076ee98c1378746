//! The colours and styles of every screen, in one place: calm, with a clear focus.

use ratatui::style::{Color, Modifier, Style};

pub const ACCENT: Color = Color::Cyan;
pub const MUTED: Color = Color::DarkGray;
pub const OK: Color = Color::Green;
pub const WARN: Color = Color::Yellow;
pub const ERROR: Color = Color::LightRed;

pub fn title() -> Style {
    Style::new().fg(ACCENT).add_modifier(Modifier::BOLD)
}

pub fn border() -> Style {
    Style::new().fg(MUTED)
}

pub fn focused_border() -> Style {
    Style::new().fg(ACCENT)
}

pub fn label() -> Style {
    Style::new().fg(Color::Gray)
}

pub fn focused_label() -> Style {
    Style::new().fg(ACCENT).add_modifier(Modifier::BOLD)
}

pub fn muted() -> Style {
    Style::new().fg(MUTED)
}

pub fn key() -> Style {
    Style::new().fg(ACCENT).add_modifier(Modifier::BOLD)
}

pub fn error() -> Style {
    Style::new().fg(ERROR)
}

pub fn warn() -> Style {
    Style::new().fg(WARN)
}

pub fn ok() -> Style {
    Style::new().fg(OK).add_modifier(Modifier::BOLD)
}

pub fn value() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}
