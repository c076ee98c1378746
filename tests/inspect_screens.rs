//! The `inspect` viewer drawn into a `TestBackend` from a small log fixture (`tests/fixtures/customer.jsonl`:
//! three attempts written by real logins against the sandbox, and a last line cut off mid-write), at 80×24
//! and 40×12, checked with insta snapshots; every render's colours checked as in `tui_screens.rs`.

mod screen_colours;

use std::path::Path;

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use autoshares_login::diag::log_reader::{self, LogContents};
use autoshares_login::tui::inspect::{At, LogView, draw};
use screen_colours::unreadable_cells;

const SIZES: [(u16, u16); 2] = [(80, 24), (40, 12)];

/// The fixture as `inspect` reads it: five exchanges (`plain` refused; `code` asked, a wrong code, then
/// logged in; `busy` rate-limited) and the note on its cut-off last line.
fn customer_log() -> LogContents {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/customer.jsonl");
    let contents = log_reader::read(&path).expect("the fixture reads as a log");
    assert_eq!(contents.exchanges.len(), 5);
    assert_eq!(contents.notes.len(), 1, "{:?}", contents.notes);
    contents
}

/// The viewer at `at` (the selected exchange, the lines of its details scrolled off), as text; its colours
/// checked on the way.
fn render(log: &LogContents, at: At, width: u16, height: u16) -> String {
    let view = LogView {
        source: "customer.jsonl",
        exchanges: &log.exchanges,
        notes: &log.notes,
    };
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| {
            draw(&view, at, frame);
        })
        .unwrap();
    let unreadable = unreadable_cells(terminal.backend().buffer());
    assert!(
        unreadable.is_empty(),
        "at {width}x{height}, text in colours that read on only one background: {unreadable:?}"
    );
    terminal.backend().to_string()
}

/// Snapshots the viewer at both sizes at `at`; the key to quit is on screen at each; returns the screens.
fn snapshot(name: &str, at: At) -> Vec<String> {
    let log = customer_log();
    let mut screens = Vec::new();
    for (width, height) in SIZES {
        let screen = render(&log, at, width, height);
        let key_bar = screen.lines().last().unwrap_or_default();
        assert!(
            key_bar.contains("q quit"),
            "{name} at {width}x{height}: no way out in {key_bar}"
        );
        insta::assert_snapshot!(format!("{name}_{width}x{height}"), screen);
        screens.push(screen);
    }
    screens
}

/// `screen` without its frame and quotes, its lines joined: text that wrapped reads as one.
fn folded(screen: &str) -> String {
    let inner = |line: &str| line.trim_matches('"').trim_matches('│').trim().to_string();
    screen.lines().map(inner).collect::<Vec<_>>().join(" ")
}

#[test]
fn the_viewer_opens_on_the_first_exchange_under_the_logs_note_in_full() {
    for screen in snapshot("inspect_first", (0, 0)) {
        assert!(
            folded(&screen).contains("the file was cut); it is left out."),
            "the note wraps, not cut off:\n{screen}"
        );
    }
}

#[test]
fn a_failure_scrolled_to_the_end_of_its_details_shows_its_hint() {
    // Past the end: the details stop at their last line, as PgDn does.
    for screen in snapshot("inspect_rate_limited_end", (4, u16::MAX)) {
        assert!(
            folded(&screen).contains("Retrying sooner only extends the wait."),
            "the hint, at the end of the details:\n{screen}"
        );
        assert!(screen.contains("↑ more (PgUp)"), "{screen}");
    }
}
