//! The sandbox users of `--demo`: the panel beside the form on a wide terminal (the help popup lists
//! them too), so a newcomer can log in at once.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Cell, Paragraph, Row, Table, TableState, Wrap};

use super::theme;
pub use crate::demo::DemoUser;

fn demo_table(users: &[DemoUser]) -> Table<'_> {
    let header = Row::new(["user", "password", "PIN", "code"]).style(theme::label());
    let rows = users.iter().map(|u| {
        Row::new([
            Cell::from(u.username.as_str()),
            Cell::from(u.password.as_str()),
            Cell::from(u.pin.as_str()),
            Cell::from(u.code.as_str()),
        ])
    });
    Table::new(
        rows,
        [
            Constraint::Length(9),
            Constraint::Length(9),
            Constraint::Length(5),
            Constraint::Length(7),
        ],
    )
    .header(header)
    .column_spacing(1)
}

/// The sandbox users, the one named in the form highlighted and described below the table.
pub(super) fn draw_panel(users: &[DemoUser], username: &str, frame: &mut Frame, area: Rect) {
    let rows = u16::try_from(users.len()).unwrap_or(u16::MAX);
    let [area] = Layout::vertical([Constraint::Max(rows.saturating_add(7))])
        .flex(Flex::Center)
        .areas(area);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme::border())
        .title(Line::styled(" Sandbox users ", theme::title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [table_area, _, about_area] = Layout::vertical([
        Constraint::Length(rows.saturating_add(1)),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(inner);
    let selected = users.iter().position(|u| u.username == username.trim());
    let mut state = TableState::default().with_selected(selected);
    let table = demo_table(users).row_highlight_style(theme::focused_label());
    frame.render_stateful_widget(table, table_area, &mut state);
    let about = match selected.map(|i| &users[i]) {
        Some(user) => Line::from(vec![
            Span::styled(format!("{}: ", user.username), theme::key()),
            Span::styled(user.description.as_str(), theme::label()),
        ]),
        None => Line::styled(
            "Type a username from the table to try its scenario.",
            theme::muted(),
        ),
    };
    frame.render_widget(Paragraph::new(about).wrap(Wrap { trim: true }), about_area);
}
