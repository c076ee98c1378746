//! The timeline's table: one row per exchange, its columns chosen for the panel's width, and every cell
//! that does not fit its column cut with `…`, never silently.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::widgets::{Cell, Row, Table};

use super::{text, theme};
use crate::diag::Exchange;
use crate::diag::attempts::{self, Attempt};

/// What marks the selected row, in the column the table keeps for it.
const MARK: &str = "› ";
/// The columns between two columns.
const SPACING: u16 = 1;
/// The columns the outcome keeps on a narrow panel: the step, the latency, then the time give way first.
const OUTCOME_AT_LEAST: u16 = 24;

/// A column of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Number,
    Time,
    Step,
    Http,
    Ms,
    Outcome,
}

/// Every column, left to right.
const ALL: [Column; 6] = [
    Column::Number,
    Column::Time,
    Column::Step,
    Column::Http,
    Column::Ms,
    Column::Outcome,
];
/// The order in which columns give way on a narrow panel: the step first, as the outcome names it.
const GIVE_WAY: [Column; 3] = [Column::Step, Column::Ms, Column::Time];

impl Column {
    fn header(self) -> &'static str {
        match self {
            Column::Number => "#",
            Column::Time => "time",
            Column::Step => "step",
            Column::Http => "HTTP",
            Column::Ms => "ms",
            Column::Outcome => "outcome",
        }
    }

    /// How wide the column is, `numbers` being the widest exchange number.
    fn width(self, numbers: u16) -> Constraint {
        match self {
            Column::Number => Constraint::Length(numbers),
            Column::Time => Constraint::Length(8),
            Column::Step => Constraint::Length(18),
            Column::Http => Constraint::Length(4),
            Column::Ms => Constraint::Length(5),
            Column::Outcome => Constraint::Fill(1),
        }
    }

    /// The column's text for exchange `index`.
    fn cell(self, exchanges: &[Exchange], attempts: &[Attempt], index: usize) -> String {
        let exchange = &exchanges[index];
        match self {
            Column::Number => number(attempts, index),
            Column::Time => exchange.at.strftime("%H:%M:%S").to_string(),
            Column::Step => exchange.step.clone().unwrap_or_else(|| "—".into()),
            Column::Http => exchange
                .status
                .map_or_else(|| "—".to_string(), |s| s.to_string()),
            Column::Ms => exchange.latency_ms.to_string(),
            Column::Outcome => exchange.outcome.clone(),
        }
    }
}

/// An exchange's number: `attempt.exchange` when there is more than one attempt, else its place.
fn number(attempts: &[Attempt], index: usize) -> String {
    match attempts::attempt_of(attempts, index) {
        Some(a) if attempts.len() > 1 => format!("{}.{}", a + 1, index - attempts[a].first + 1),
        _ => (index + 1).to_string(),
    }
}

/// The widths `columns` get in a table `width` wide, laid out as the table lays them out: the selection
/// mark's column first, then the columns with their spacing.
fn laid_out(constraints: &[Constraint], width: u16) -> Vec<u16> {
    let mark = u16::try_from(MARK.chars().count()).unwrap_or(0);
    let [_, columns] = Layout::horizontal([Constraint::Length(mark), Constraint::Fill(0)])
        .areas(Rect::new(0, 0, width, 1));
    Layout::horizontal(constraints)
        .spacing(SPACING)
        .split(columns)
        .iter()
        .map(|column| column.width)
        .collect()
}

/// The columns shown in a table `width` wide, and the width of each: the outcome keeps at least
/// [`OUTCOME_AT_LEAST`] columns where giving way some others can make it so.
fn columns(numbers: u16, width: u16) -> Vec<(Column, u16)> {
    let mut shown = ALL.to_vec();
    let fit = |shown: &[Column]| {
        let constraints: Vec<Constraint> = shown.iter().map(|c| c.width(numbers)).collect();
        shown
            .iter()
            .copied()
            .zip(laid_out(&constraints, width))
            .collect::<Vec<_>>()
    };
    for giving_way in GIVE_WAY {
        let outcome = fit(&shown).last().map_or(0, |(_, w)| *w);
        if outcome >= OUTCOME_AT_LEAST {
            break;
        }
        shown.retain(|c| *c != giving_way);
    }
    fit(&shown)
}

/// One row per exchange, in a table `width` wide: number, time, step, status, latency, outcome (fewer on
/// a narrow panel), each cut with `…` where it does not fit; an attempt's first row in bold.
pub(crate) fn table<'a>(exchanges: &[Exchange], attempts: &[Attempt], width: u16) -> Table<'a> {
    let grouped = attempts.len() > 1;
    let numbers = (0..exchanges.len())
        .map(|i| number(attempts, i).chars().count())
        .max()
        .unwrap_or(1);
    let columns = columns(u16::try_from(numbers).unwrap_or(u16::MAX), width);
    let fitted = |text: &str, width: u16| Cell::from(text::ellipsized(text, width.into()));
    let header = Row::new(columns.iter().map(|(c, w)| fitted(c.header(), *w)));
    let rows: Vec<Row> = (0..exchanges.len())
        .map(|i| {
            let starts = grouped && attempts.iter().any(|a| a.first == i);
            let style = if starts { theme::value() } else { Style::new() };
            let cells = columns
                .iter()
                .map(|(c, w)| fitted(&c.cell(exchanges, attempts, i), *w));
            Row::new(cells.collect::<Vec<_>>()).style(style)
        })
        .collect();
    let widths: Vec<u16> = columns.iter().map(|(_, w)| *w).collect();
    Table::new(rows, widths.into_iter().map(Constraint::Length))
        .header(header.style(theme::label()))
        .column_spacing(SPACING)
        .row_highlight_style(theme::focused_label())
        .highlight_symbol(MARK)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(width: u16) -> Vec<Column> {
        columns(3, width).into_iter().map(|(c, _)| c).collect()
    }

    #[test]
    fn on_a_narrow_panel_the_step_then_the_latency_then_the_time_give_way_to_the_outcome() {
        assert_eq!(shown(78), ALL);
        assert_eq!(
            shown(62),
            [
                Column::Number,
                Column::Time,
                Column::Http,
                Column::Ms,
                Column::Outcome
            ]
        );
        assert_eq!(shown(38), [Column::Number, Column::Http, Column::Outcome]);
        let widths = columns(3, 38);
        assert_eq!(widths.last(), Some(&(Column::Outcome, 27)));
    }

    #[test]
    fn the_widths_are_those_the_table_draws() {
        let widths: Vec<u16> = columns(3, 78).iter().map(|(_, w)| *w).collect();
        let drawn = 2 + widths.iter().sum::<u16>() + SPACING * (widths.len() as u16 - 1);
        assert_eq!(drawn, 78, "{widths:?}");
    }
}
