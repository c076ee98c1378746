//! The timeline panel: one row per HTTP exchange, and the selected one's request and response, redacted.

use std::borrow::Cow;
use std::cell::Cell;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, TableState, Wrap};

use super::component::{Component, Popup};
use super::keys::{self, Action, KeyMap};
use super::theme;
use crate::diag::Exchange;
use crate::diag::attempts::{self, Attempt};

/// The open timeline (F2): its selected exchange, and how far that exchange's details are scrolled.
#[derive(Debug, Default)]
pub(crate) struct TimelinePopup {
    selected: usize,
    details_scroll: u16,
    /// How far the details could scroll as last drawn (wrapped at the panel's width): PgDn's limit.
    details_furthest: Cell<u16>,
}

impl TimelinePopup {
    /// The timeline of `exchanges`, the latest selected.
    pub(crate) fn new(exchanges: &[Exchange]) -> Self {
        TimelinePopup {
            selected: exchanges.len().saturating_sub(1),
            ..TimelinePopup::default()
        }
    }

    pub(crate) fn selected(&self) -> usize {
        self.selected
    }
}

impl Component for TimelinePopup {
    /// The exchanges of the login TUI so far.
    type Context<'a> = &'a [Exchange];
    type Outcome = Popup;

    fn keys(&self, _: &&[Exchange]) -> Cow<'static, KeyMap> {
        Cow::Borrowed(keys::TIMELINE_POPUP)
    }

    fn handle(&mut self, action: Action, _: KeyEvent, exchanges: &&[Exchange]) -> Popup {
        match action {
            Action::CloseTimeline => return Popup::Closed,
            Action::SelectPrevious
            | Action::SelectNext
            | Action::SelectFirst
            | Action::SelectLast => {
                let last = exchanges.len().saturating_sub(1);
                self.details_scroll = 0;
                self.selected = selected_after(self.selected, action, last);
            }
            Action::ScrollDetailsUp | Action::ScrollDetailsDown => {
                let furthest = self.details_furthest.get();
                self.details_scroll = scrolled_within(self.details_scroll, action, furthest);
            }
            _ => {}
        }
        Popup::Open
    }

    fn render(&self, exchanges: &&[Exchange], frame: &mut Frame, area: Rect) {
        let at = (self.selected, self.details_scroll);
        let furthest = draw((exchanges, NOTHING_SENT), at, frame, area);
        self.details_furthest.set(furthest);
    }
}

/// The exchange selected after ↑/↓/Home/End (`action`) from `selected`, of exchanges `0..=last`.
pub(crate) fn selected_after(selected: usize, action: Action, last: usize) -> usize {
    match action {
        Action::SelectPrevious => selected.saturating_sub(1),
        Action::SelectNext => (selected + 1).min(last),
        Action::SelectFirst => 0,
        _ => last,
    }
}

/// How many lines PgUp/PgDn scroll the details by.
const DETAILS_PAGE: u16 = 5;

/// The details' scroll offset after PgUp or PgDn (`action`) from `scroll`, never past `furthest` (what
/// [`draw`] said of the details as drawn: wrapped at the panel's width). A `scroll` past `furthest` (the
/// terminal grew since) counts from `furthest`, where the draw showed it.
pub(crate) fn scrolled_within(scroll: u16, action: Action, furthest: u16) -> u16 {
    let shown = scroll.min(furthest);
    if action == Action::ScrollDetailsDown {
        shown.saturating_add(DETAILS_PAGE).min(furthest)
    } else {
        shown.saturating_sub(DETAILS_PAGE)
    }
}

/// What the timeline of a login says before its first request.
pub(crate) const NOTHING_SENT: &str =
    "Nothing sent yet. Each request to the server will appear here, secrets redacted.";

/// Draws the panel over `area`: the exchanges of `shown`, or its words for none. `selected` indexes the
/// exchanges, `scroll` is how many lines of its details are scrolled off the top. Returns the furthest
/// the details can scroll in this area (0 when they fit).
pub(crate) fn draw(
    shown: (&[Exchange], &str),
    (selected, scroll): (usize, u16),
    frame: &mut Frame,
    area: Rect,
) -> u16 {
    let (exchanges, when_empty) = shown;
    frame.render_widget(Clear, area);
    let attempts = attempts::split(exchanges);
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let title = match attempts.len() {
        0 | 1 => format!(
            " Timeline: {} exchange{} ",
            exchanges.len(),
            plural(exchanges.len())
        ),
        n => format!(
            " Timeline: {} exchange{} in {n} attempts ",
            exchanges.len(),
            plural(exchanges.len())
        ),
    };
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme::focused_border())
        .title(Line::styled(title, theme::title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if exchanges.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(when_empty, theme::muted())).wrap(Wrap { trim: true }),
            inner,
        );
        return 0;
    }
    let table_height = u16::try_from(exchanges.len() + 1)
        .unwrap_or(u16::MAX)
        .min(inner.height / 2)
        .max(2);
    let [table_area, details_area] =
        Layout::vertical([Constraint::Length(table_height), Constraint::Fill(1)]).areas(inner);
    let table = super::timeline_table::table(exchanges, &attempts, table_area.width);
    let selected = selected.min(exchanges.len() - 1);
    frame.render_stateful_widget(
        table,
        table_area,
        &mut TableState::default().with_selected(Some(selected)),
    );
    draw_details(
        details(exchanges, &attempts, selected),
        scroll,
        frame,
        details_area,
    )
}

/// The details from line `scroll` on; when they do not fit, the last row is kept for a marker that says
/// more lies below or above, so that it hides none of them. Returns the furthest they can scroll.
fn draw_details(lines: Vec<Line>, scroll: u16, frame: &mut Frame, area: Rect) -> u16 {
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    let total = u16::try_from(paragraph.line_count(area.width)).unwrap_or(u16::MAX);
    if total <= area.height {
        frame.render_widget(paragraph, area);
        return 0;
    }
    let [text, last] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
    let furthest = total.saturating_sub(text.height);
    let scroll = scroll.min(furthest);
    frame.render_widget(paragraph.scroll((scroll, 0)), text);
    let marker = if scroll + text.height < total {
        "↓ more (PgDn)"
    } else {
        "↑ more (PgUp)"
    };
    let [_, corner] = Layout::horizontal([Constraint::Fill(1), Constraint::Length(14)]).areas(last);
    frame.render_widget(Line::styled(marker, theme::key()), corner);
    furthest
}

/// The request and the response of exchange `index`, as lines: with its attempt when there are several,
/// and the failure's hint when it has one.
fn details<'a>(exchanges: &'a [Exchange], attempts: &[Attempt], index: usize) -> Vec<Line<'a>> {
    let exchange = &exchanges[index];
    let header = |(name, value): &(String, String)| {
        Line::from(vec![
            Span::styled(format!("  {name}: "), theme::label()),
            Span::raw(value.clone()),
        ])
    };
    let place = attempts::attempt_of(attempts, index)
        .filter(|_| attempts.len() > 1)
        .map(|a| {
            let attempt = &attempts[a];
            let who = attempt
                .username
                .as_deref()
                .map(|u| format!(" as {u}"))
                .unwrap_or_default();
            Line::styled(
                format!(
                    "Attempt {} of {}{who}: exchange {} of {}",
                    a + 1,
                    attempts.len(),
                    index - attempt.first + 1,
                    attempt.len
                ),
                theme::label(),
            )
        });
    let mut lines = vec![
        place.unwrap_or_default(),
        Line::from(vec![
            Span::styled("Request  ", theme::key()),
            Span::raw(format!("{} {}", exchange.method, exchange.url)),
        ]),
    ];
    lines.extend(exchange.request_headers.iter().map(header));
    let answer = match exchange.status {
        Some(status) => format!("HTTP {status} in {} ms", exchange.latency_ms),
        None => format!("no answer after {} ms", exchange.latency_ms),
    };
    lines.push(Line::from(vec![
        Span::styled("Response ", theme::key()),
        Span::raw(answer),
    ]));
    lines.extend(exchange.response_headers.iter().map(header));
    if !exchange.response_body.is_empty() {
        lines.push(Line::from(vec![
            Span::styled("  body: ", theme::label()),
            Span::raw(exchange.response_body.as_str()),
        ]));
    }
    if let Some(hint) = &exchange.hint {
        lines.push(Line::from(vec![
            Span::styled("Hint     ", theme::key()),
            Span::raw(hint.as_str()),
        ]));
    }
    lines
}
