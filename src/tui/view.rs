//! Draws the app: the card with the current screen, the waiting line, the help line, popups. No IO, no state change.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};

use super::app::App;
use super::component::Component;
use super::form::FieldId;
use super::help::HelpContent;
use super::keys::KeyMap;
use super::login::Screen;
use super::{card_title, key_bar, sandbox_users, text, theme};

/// Below this size only a notice is drawn.
const MIN_WIDTH: u16 = 24;
const MIN_HEIGHT: u16 = 7;
const CARD_MAX_WIDTH: u16 = 80;
/// The other screens' card height; the success screen's card grows to what it needs.
const CARD_MAX_HEIGHT: u16 = 15;
/// The card's rows and columns around its content: the border and the top gap; the border and the
/// padding.
const CARD_CHROME: (u16, u16) = (3, 4);
/// The fewest rows the screen keeps above a notice that wraps.
const CONTENT_MIN_ROWS: u16 = 6;
/// The rows the form keeps under a heading on a small terminal: the focused field and its message.
const FORM_MIN_ROWS: u16 = 3;
/// The demo side panel appears from this width on; below it the users are in the help popup.
const DEMO_PANEL_MIN_WIDTH: u16 = 120;
const DEMO_PANEL_WIDTH: u16 = 44;

pub fn draw(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let notice = Paragraph::new(format!(
            "Terminal too small ({}×{}); enlarge it. Ctrl-C quits.",
            area.width, area.height
        ))
        .wrap(Wrap { trim: true });
        frame.render_widget(notice, area);
        return;
    }
    let [main, help_line] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
    let show_demo_panel = !app.demo_users().is_empty() && main.width >= DEMO_PANEL_MIN_WIDTH;
    let card_column = if show_demo_panel {
        let [card_column, demo_column] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Length(DEMO_PANEL_WIDTH)])
                .areas(main);
        sandbox_users::draw_panel(
            app.demo_users(),
            app.form().value(FieldId::Username),
            frame,
            demo_column,
        );
        card_column
    } else {
        main
    };
    draw_card(app, frame, card_column);
    draw_key_bar(&app.key_map(), frame, help_line);
    if let Some(timeline) = app.timeline_popup() {
        timeline.render(&app.exchanges(), frame, main);
    }
    if let Some(popup) = app.help() {
        let under = app.keys_under_help();
        popup.render(&HelpContent::of_app(app, &under), frame, main);
    }
}

/// The name of the screen, for the card's title.
fn screen_name(app: &App) -> String {
    match app.screen() {
        Screen::Form => "AutoShares login".to_string(),
        Screen::Step(step) => format!("Step {}: {}", step.prompt().step_number, step.prompt().step),
        Screen::Failure(failure) => failure.title().to_string(),
        Screen::Success(success) if success.is_from_store() => "Already logged in".to_string(),
        Screen::Success(_) => "Logged in".to_string(),
    }
}

fn draw_card(app: &App, frame: &mut Frame, column: Rect) {
    let [card] = Layout::horizontal([Constraint::Max(CARD_MAX_WIDTH)])
        .flex(Flex::Center)
        .areas(column);
    let notice = notice(app);
    let content_width = card.width.saturating_sub(CARD_CHROME.1);
    // The status line takes a row only when it has something to say: the waiting line or a notice.
    let status_rows = match &notice {
        Some(notice) => text::rows(notice, content_width).max(1),
        None => u16::from(app.in_flight().is_some()),
    };
    let height = card_height(app, content_width, status_rows);
    let [card] = Layout::vertical([Constraint::Max(height)])
        .flex(Flex::Center)
        .areas(card);
    let border = if matches!(app.screen(), Screen::Failure(_)) {
        theme::error()
    } else {
        theme::focused_border()
    };
    let sandbox = !app.demo_users().is_empty();
    let (title, tag) = card_title::fit(&screen_name(app), app.profile(), sandbox, card.width);
    let mut block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(border)
        .title(Line::styled(title, theme::title()));
    if let Some(tag) = tag {
        block = block.title_top(Line::styled(tag, theme::badge()).right_aligned());
    }
    let inner = block.inner(card);
    frame.render_widget(block, card);
    let top_gap = top_gap(app, inner, status_rows);
    let padded = Rect {
        x: inner.x.saturating_add(1),
        y: inner.y.saturating_add(top_gap),
        width: inner.width.saturating_sub(2),
        height: inner.height.saturating_sub(top_gap),
    };
    let status_rows = (status_rows.min(padded.height.saturating_sub(CONTENT_MIN_ROWS)))
        .max(u16::from(status_rows > 0));
    let [content, status] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(status_rows)]).areas(padded);
    let editable = app.in_flight().is_none() && !app.help_open();
    match app.screen() {
        Screen::Form => {
            let fields = match app.script() {
                Some(script) => below_heading(script.heading(), frame, content),
                None => content,
            };
            app.form()
                .render(&app.form_context(editable), frame, fields);
        }
        Screen::Step(step) => step.render(&editable, frame, content),
        Screen::Failure(failure) => failure.render(&app.now(), frame, content),
        Screen::Success(success) => success.render(&app.success_context(), frame, content),
    }
    draw_status(app, notice, frame, status);
}

/// Draws `heading` at the top of `content` (the rows [`FORM_MIN_ROWS`] aside) and a blank row; returns
/// the rest.
fn below_heading(heading: Paragraph, frame: &mut Frame, content: Rect) -> Rect {
    let rows = text::draw_above(frame, heading, content, FORM_MIN_ROWS);
    let taken = (rows + 1).min(content.height.saturating_sub(FORM_MIN_ROWS));
    Rect {
        y: content.y + taken,
        height: content.height - taken,
        ..content
    }
}

/// The card's rows: the success screen's grow to what it needs, the status line's `status_rows`
/// included.
fn card_height(app: &App, content_width: u16, status_rows: u16) -> u16 {
    match app.screen() {
        Screen::Success(success) => {
            let wanted = success.rows_wanted(content_width, app.now.wall);
            CARD_MAX_HEIGHT.max(wanted.saturating_add(CARD_CHROME.0 + status_rows))
        }
        _ => CARD_MAX_HEIGHT,
    }
}

/// The blank row at the top of a card `inner` of more than 10 rows; but none when the success, step or
/// failure screen needs that row to show all of itself above `status_rows`.
fn top_gap(app: &App, inner: Rect, status_rows: u16) -> u16 {
    let width = inner.width.saturating_sub(CARD_CHROME.1 - 2);
    let wanted = match app.screen() {
        Screen::Success(success) => success.rows_wanted(width, app.now.wall),
        Screen::Step(step) => step.rows_wanted(width),
        Screen::Failure(failure) => failure.rows_wanted(width, app.now()),
        Screen::Form => 0,
    };
    u16::from(inner.height > 10 && wanted + 1 + status_rows <= inner.height)
}

/// The latest notice, wrapped; none while a request is in flight (the waiting line is there). A question
/// (drop the stored token?) stands out.
fn notice(app: &App) -> Option<Paragraph<'_>> {
    let notice = app.notice().filter(|_| app.in_flight().is_none())?;
    let style = match app.screen() {
        Screen::Success(success) if success.log_out_asked() => theme::warn(),
        _ => theme::muted(),
    };
    Some(Paragraph::new(Line::styled(notice, style)).wrap(Wrap { trim: true }))
}

/// The line that moves while a request is in flight; otherwise the latest notice.
fn draw_status(app: &App, notice: Option<Paragraph>, frame: &mut Frame, area: Rect) {
    if let Some(waiting) = app.waiting() {
        waiting.render(&app.waiting_context(), frame, area);
    } else if let Some(notice) = notice {
        frame.render_widget(notice, area);
    }
}

/// The key bar: the screen's most important keys and what they do, as many as fit, and always the key
/// to the help popup, which lists the rest (in the `inspect` viewer, the key to quit too).
pub(super) fn draw_key_bar(map: &KeyMap, frame: &mut Frame, area: Rect) {
    let mut spans = Vec::new();
    for (i, entry) in key_bar::entries(map, usize::from(area.width))
        .iter()
        .enumerate()
    {
        if i > 0 {
            spans.push(Span::styled(key_bar::SEPARATOR, theme::muted()));
        }
        spans.push(Span::styled(entry.keys, theme::key()));
        spans.push(Span::styled(format!(" {}", entry.word), theme::label()));
    }
    frame.render_widget(Line::from(spans), area);
}
