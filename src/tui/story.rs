//! The inspect viewer's story: one line per login attempt (its number, when, as whom, the step it
//! reached and how it ended) with the failure's hint under it, in a box whose title counts the endings.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};

use super::{text, theme};
use crate::diag::attempts::{self, Ending, Told};

/// The columns of an attempt's line before its outcome: number, time, username, step reached.
const USER_WIDTH: usize = 10;
const STEP_WIDTH: usize = 18;
/// How far a hint is indented under its attempt.
const HINT_INDENT: &str = "    ";

/// `3 attempts: 1 succeeded, 1 refused, 1 fault`.
fn title(told: &[Told]) -> String {
    let counts: Vec<String> = attempts::count_endings(told)
        .iter()
        .map(|(ending, n)| format!("{n} {}", ending.word().to_lowercase()))
        .collect();
    let attempts = match told.len() {
        1 => "1 attempt".to_string(),
        n => format!("{n} attempts"),
    };
    format!(" {attempts}: {} ", counts.join(", "))
}

/// The attempt's line, cut to `width`: `1 06:32:06 plain      BaseAuthentication Refused: …`.
fn attempt_line(number: usize, told: &Told, width: usize) -> Line<'static> {
    let cut = |text: &str, width: usize| format!("{:<width$}", text::ellipsized(text, width));
    let facts = format!(
        "{number} {} {} {} ",
        told.when.strftime("%H:%M:%S"),
        cut(told.username.as_deref().unwrap_or("(none)"), USER_WIDTH),
        cut(told.reached.as_deref().unwrap_or("—"), STEP_WIDTH),
    );
    let left = width.saturating_sub(facts.chars().count());
    let style = match told.ending {
        Ending::Succeeded => theme::ok(),
        Ending::Unfinished | Ending::Cancelled => theme::warn(),
        _ => theme::error(),
    };
    Line::from(vec![
        Span::styled(text::ellipsized(&facts, width), theme::value()),
        Span::styled(text::ellipsized(&told.outcome, left), style),
    ])
}

/// The lines of the story within `rows` and `width`: every attempt with its hint when all fit, else
/// every attempt without hints, else the first attempts and a line counting the rest.
fn lines(told: &[Told], width: usize, rows: usize) -> Vec<Line<'static>> {
    let hint = |told: &Told| {
        let hint = told.hint.as_deref()?;
        let shown = text::ellipsized(hint, width.saturating_sub(HINT_INDENT.len()));
        Some(Line::styled(
            format!("{HINT_INDENT}{shown}"),
            theme::muted(),
        ))
    };
    let with_hints: Vec<Line> = (told.iter().enumerate())
        .flat_map(|(i, t)| std::iter::once(attempt_line(i + 1, t, width)).chain(hint(t)))
        .collect();
    if with_hints.len() <= rows {
        return with_hints;
    }
    let mut plain: Vec<Line> = (told.iter().enumerate())
        .map(|(i, t)| attempt_line(i + 1, t, width))
        .collect();
    if plain.len() > rows {
        let shown = rows.saturating_sub(1);
        let more = plain.len() - shown;
        plain.truncate(shown);
        plain.push(Line::styled(
            format!("… and {more} more: see the timeline"),
            theme::muted(),
        ));
    }
    plain
}

/// The rows the story of `told` takes at most within `budget` rows: none when it has no attempt or
/// no room for a line in its box.
pub fn height(told: &[Told], width: u16, budget: u16) -> u16 {
    if told.is_empty() || budget < 3 {
        return 0;
    }
    let inner = usize::from(width.saturating_sub(2));
    let wanted = lines(told, inner, usize::from(budget - 2)).len();
    u16::try_from(wanted + 2).unwrap_or(budget).min(budget)
}

/// Draws the story of `told` in `area` (as tall as [`height`] said).
pub fn draw(told: &[Told], frame: &mut Frame, area: Rect) {
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme::border())
        .title(Line::styled(title(told), theme::title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lines = lines(told, usize::from(inner.width), usize::from(inner.height));
    frame.render_widget(Paragraph::new(lines), inner);
}
