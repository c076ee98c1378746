//! The styles of every screen, in one place: the terminal's own foreground with bold and dim for hierarchy.
//!
//! Users pick black on white as often as white on black, and the terminal maps the ANSI colours through
//! its own palette, so a style may only use a foreground that reads on both: the terminal's default
//! foreground, or a colour that keeps its contrast on either background ([`READABLE_FOREGROUNDS`]).
//! No style sets a background colour: what must stand out (the focused field, the selected row, the
//! sandbox badge) is in reverse video, which swaps the user's own foreground and background. Colour is
//! never the only signal: the focused field also has a `›`, a failure says so in words next to a `⚠`,
//! success has a `✔`. With `NO_COLOR` set, crossterm drops the colour and bold, dim and reverse carry
//! everything; a 16-colour terminal has every colour used here.

use ratatui::style::{Color, Modifier, Style};

/// The foreground colours a style may use. `Reset` is the terminal's own foreground, readable on the
/// background the user chose. Red keeps at least 3:1 against the dark and the light background in
/// every common palette (the tests below compute it). Every other ANSI colour fails on one side in
/// some palette: yellow, cyan, green, white and grey nearly vanish on white, blue on black, magenta on
/// Windows Terminal's black, and bright black is the very background of Solarized dark.
pub const READABLE_FOREGROUNDS: [Color; 2] = [Color::Reset, Color::Red];

/// The background colours a style may use: only the terminal's own.
pub const READABLE_BACKGROUNDS: [Color; 1] = [Color::Reset];

/// The colour of failures; always next to words that say what failed.
const ERROR: Color = Color::Red;

/// A card's or popup's title.
pub(crate) fn title() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

/// The border of a panel beside the main card.
pub(crate) fn border() -> Style {
    Style::new().add_modifier(Modifier::DIM)
}

/// The border of the card or popup in front.
pub(crate) fn focused_border() -> Style {
    Style::new()
}

/// A field's or row's name.
pub(crate) fn label() -> Style {
    Style::new()
}

/// The name of the focused field, or the selected row.
pub(crate) fn focused_label() -> Style {
    Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
}

/// Secondary text: placeholders, separators, explanations in brackets.
pub(crate) fn muted() -> Style {
    Style::new().add_modifier(Modifier::DIM)
}

/// A key name, and the headings that introduce a section.
pub(crate) fn key() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

/// A failure, said in words next to it.
pub(crate) fn error() -> Style {
    Style::new().fg(ERROR).add_modifier(Modifier::BOLD)
}

/// Something to mind that is not a failure (a re-asked step, a wait before a retry), said in words.
pub(crate) fn warn() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

/// A success, said in words next to a `✔`.
pub(crate) fn ok() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

/// A value: what was typed, what the server said.
pub(crate) fn value() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

/// A badge in a title (the sandbox): reverse video, so it stands out on any background.
pub(crate) fn badge() -> Style {
    Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A palette's sixteen ANSI colours (`0xRRGGBB`, in ANSI order) and the dark and light backgrounds
    /// it is used with.
    struct Palette {
        name: &'static str,
        colours: [u32; 16],
        dark: u32,
        light: u32,
    }

    const PALETTES: [Palette; 6] = [
        Palette {
            name: "xterm",
            colours: [
                0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
                0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
            ],
            dark: 0x000000,
            light: 0xffffff,
        },
        Palette {
            name: "GNOME Tango",
            colours: [
                0x2e3436, 0xcc0000, 0x4e9a06, 0xc4a000, 0x3465a4, 0x75507b, 0x06989a, 0xd3d7cf,
                0x555753, 0xef2929, 0x8ae234, 0xfce94f, 0x729fcf, 0xad7fa8, 0x34e2e2, 0xeeeeec,
            ],
            dark: 0x000000,
            light: 0xffffff,
        },
        Palette {
            name: "Windows Terminal Campbell",
            colours: [
                0x0c0c0c, 0xc50f1f, 0x13a10e, 0xc19c00, 0x0037da, 0x881798, 0x3a96dd, 0xcccccc,
                0x767676, 0xe74856, 0x16c60c, 0xf9f1a5, 0x3b78ff, 0xb4009e, 0x61d6d6, 0xf2f2f2,
            ],
            dark: 0x0c0c0c,
            light: 0xffffff,
        },
        Palette {
            name: "VS Code",
            colours: [
                0x000000, 0xcd3131, 0x0dbc79, 0xe5e510, 0x2472c8, 0xbc3fbc, 0x11a8cd, 0xe5e5e5,
                0x666666, 0xf14c4c, 0x23d18b, 0xf5f543, 0x3b8eea, 0xd670d6, 0x29b8db, 0xe5e5e5,
            ],
            dark: 0x1e1e1e,
            light: 0xffffff,
        },
        Palette {
            name: "PuTTY",
            colours: [
                0x000000, 0xbb0000, 0x00bb00, 0xbbbb00, 0x0000bb, 0xbb00bb, 0x00bbbb, 0xbbbbbb,
                0x555555, 0xff5555, 0x55ff55, 0xffff55, 0x5555ff, 0xff55ff, 0x55ffff, 0xffffff,
            ],
            dark: 0x000000,
            light: 0xffffff,
        },
        Palette {
            name: "Solarized",
            colours: [
                0x073642, 0xdc322f, 0x859900, 0xb58900, 0x268bd2, 0xd33682, 0x2aa198, 0xeee8d5,
                0x002b36, 0xcb4b16, 0x586e75, 0x657b83, 0x839496, 0x6c71c4, 0x93a1a1, 0xfdf6e3,
            ],
            dark: 0x002b36,
            light: 0xfdf6e3,
        },
    ];

    /// The ANSI number of a named colour; `None` for the terminal's default and for non-ANSI colours.
    fn ansi_index(colour: Color) -> Option<usize> {
        let ansi = [
            Color::Black,
            Color::Red,
            Color::Green,
            Color::Yellow,
            Color::Blue,
            Color::Magenta,
            Color::Cyan,
            Color::Gray,
            Color::DarkGray,
            Color::LightRed,
            Color::LightGreen,
            Color::LightYellow,
            Color::LightBlue,
            Color::LightMagenta,
            Color::LightCyan,
            Color::White,
        ];
        ansi.iter().position(|c| *c == colour)
    }

    /// WCAG relative luminance of `0xRRGGBB`.
    fn luminance(rgb: u32) -> f64 {
        let linear = |shift: u32| {
            let c = f64::from((rgb >> shift) & 0xff) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(16) + 0.7152 * linear(8) + 0.0722 * linear(0)
    }

    /// WCAG contrast ratio, 1 (none) to 21 (black on white).
    fn contrast(a: u32, b: u32) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    /// The lower of `colour`'s contrast against the palette's dark and light background.
    fn worst_contrast(palette: &Palette, colour: Color) -> f64 {
        let rgb = palette.colours[ansi_index(colour).expect("an ANSI colour")];
        contrast(rgb, palette.dark).min(contrast(rgb, palette.light))
    }

    /// The lowest contrast a colour may have against either background of any palette: WCAG's floor for
    /// large text (the red text here is bold).
    const MIN_CONTRAST: f64 = 3.0;

    fn readable(colour: Color) -> bool {
        PALETTES
            .iter()
            .all(|p| worst_contrast(p, colour) >= MIN_CONTRAST)
    }

    #[test]
    fn every_allowed_colour_reads_on_dark_and_light_backgrounds() {
        for colour in READABLE_FOREGROUNDS
            .into_iter()
            .filter(|c| *c != Color::Reset)
        {
            for palette in &PALETTES {
                let worst = worst_contrast(palette, colour);
                assert!(
                    worst >= MIN_CONTRAST,
                    "{colour:?} in {}: only {worst:.1}:1 on one background",
                    palette.name
                );
            }
        }
    }

    #[test]
    fn the_colours_left_out_fail_on_one_background() {
        let left_out = [
            Color::Yellow,
            Color::Cyan,
            Color::Green,
            Color::Gray,
            Color::DarkGray,
            Color::Blue,
            Color::Magenta,
            Color::LightCyan,
            Color::White,
        ];
        for colour in left_out {
            assert!(!readable(colour), "{colour:?} would be readable");
        }
    }

    #[test]
    fn the_theme_uses_only_readable_colours() {
        let styles = [
            title(),
            border(),
            focused_border(),
            label(),
            focused_label(),
            muted(),
            key(),
            error(),
            warn(),
            ok(),
            value(),
            badge(),
        ];
        for style in styles {
            let fg = style.fg.unwrap_or(Color::Reset);
            let bg = style.bg.unwrap_or(Color::Reset);
            assert!(READABLE_FOREGROUNDS.contains(&fg), "{style:?}");
            assert!(READABLE_BACKGROUNDS.contains(&bg), "{style:?}");
        }
    }
}
