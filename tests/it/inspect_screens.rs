//! The `inspect` viewer drawn into a `TestBackend` from a small log fixture (`tests/fixtures/customer.jsonl`:
//! three attempts written by real logins against the sandbox, and a last line cut off mid-write), at 80×24
//! and 40×12, checked with insta snapshots; every render's colours checked as in `tui_screens.rs`. Keys are
//! pressed through the viewer as the terminal would send them.

use crate::key_probes;
use crate::screen_colours;
use crate::screen_text;

use std::path::Path;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use autoshares_login::diag::log_reader::{self, LogContents};
use autoshares_login::tui::inspect::{At, LogView, Viewer};
use key_probes::{example, probe_keys};
use screen_colours::unreadable_cells;
use screen_text::folded;

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

fn view(log: &LogContents) -> LogView<'_> {
    LogView {
        source: "customer.jsonl",
        exchanges: &log.exchanges,
        notes: &log.notes,
    }
}

/// What `viewer` shows of `log`, as text; its colours checked on the way.
fn render(log: &LogContents, viewer: &mut Viewer, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| viewer.draw(&view(log), frame))
        .unwrap();
    let unreadable = unreadable_cells(terminal.backend().buffer());
    assert!(
        unreadable.is_empty(),
        "at {width}x{height}, text in colours that read on only one background: {unreadable:?}"
    );
    terminal.backend().to_string()
}

/// Snapshots the viewer at both sizes at `at` after `keys`; the way out and the key to the help (in the
/// help, the key that closes it) are on screen at each; returns the screens.
fn snapshot(name: &str, at: At, keys: &[KeyCode]) -> Vec<String> {
    let log = customer_log();
    let mut screens = Vec::new();
    for (width, height) in SIZES {
        let mut viewer = Viewer::at(at);
        for key in keys {
            render(&log, &mut viewer, width, height);
            assert!(viewer.press(&view(&log), (*key).into()), "{key:?} quit");
        }
        let screen = render(&log, &mut viewer, width, height);
        let key_bar = screen.lines().last().unwrap_or_default();
        let always: &[&str] = match keys.last() {
            Some(KeyCode::F(1)) => &["Esc close help"],
            _ => &["q quit", "F1/? help"],
        };
        for shown in always {
            assert!(
                key_bar.contains(shown),
                "{name} at {width}x{height}: no {shown:?} in {key_bar}"
            );
        }
        insta::assert_snapshot!(format!("{name}_{width}x{height}"), screen);
        screens.push(screen);
    }
    screens
}

#[test]
fn the_viewer_opens_on_the_first_exchange_under_the_logs_note_in_full() {
    for screen in snapshot("inspect_first", (0, 0), &[]) {
        assert!(
            folded(&screen).contains("the file was cut); it is left out."),
            "the note wraps, not cut off:\n{screen}"
        );
    }
}

#[test]
fn at_80x24_the_first_screen_tells_each_attempt_above_the_timeline() {
    let log = customer_log();
    let screen = render(&log, &mut Viewer::default(), 80, 24);
    assert!(
        screen.contains("3 attempts: 1 succeeded, 1 refused, 1 rate-limited"),
        "{screen}"
    );
    let story: Vec<&str> = screen
        .lines()
        .filter(|line| line.contains(" 03:50:33 ") && !line.contains('.'))
        .collect();
    let endings = [
        "Refused: Invalid credentials",
        "Succeeded:",
        "Rate-limited:",
    ];
    assert_eq!(
        story.len(),
        endings.len(),
        "one line per attempt:\n{screen}"
    );
    for (line, ending) in story.iter().zip(endings) {
        assert!(line.contains(ending), "{ending:?} not in {line:?}");
    }
    assert!(
        screen.contains("The username or password is wrong."),
        "the hint under its attempt:\n{screen}"
    );
    let story_at = screen.find("3 attempts:").unwrap();
    assert!(story_at < screen.find("Timeline:").unwrap(), "{screen}");
}

#[test]
fn a_failure_scrolled_to_the_end_of_its_details_shows_its_hint() {
    // Past the end: the details stop at their last line, as PgDn does.
    for screen in snapshot("inspect_rate_limited_end", (4, u16::MAX), &[]) {
        assert!(
            folded(&screen).contains("Retrying sooner only extends the wait."),
            "the hint, at the end of the details:\n{screen}"
        );
        assert!(screen.contains("↑ more (PgUp)"), "{screen}");
    }
}

#[test]
fn f1_lists_every_key_of_the_viewer_and_scrolls_on_a_small_terminal() {
    let screens = snapshot("inspect_help", (2, 0), &[KeyCode::F(1)]);
    let [large, small] = &screens[..] else {
        unreachable!("two sizes")
    };
    for listed in [
        "q/Esc/Ctrl-C",
        "↑/↓",
        "select an exchange",
        "PageUp/PageDown",
        "scroll the exchange's details",
        "Home/End",
        "first/last exchange",
        "F1/?",
        "The log holds no secrets",
    ] {
        assert!(folded(large).contains(listed), "{listed:?} in\n{large}");
    }
    assert!(small.contains("↓ more (PgDn)"), "{small}");
    let log = customer_log();
    let mut viewer = Viewer::at((2, 0));
    for key in [KeyCode::Char('?'), KeyCode::End] {
        render(&log, &mut viewer, 40, 12);
        viewer.press(&view(&log), key.into());
    }
    let end = render(&log, &mut viewer, 40, 12);
    assert!(end.contains("↑ more (PgUp)"), "{end}");
    assert!(
        folded(&end).contains("redacted as it was written."),
        "{end}"
    );
    viewer.press(&view(&log), KeyCode::Char('q').into());
    let closed = render(&log, &mut viewer, 40, 12);
    assert!(
        closed.contains("q quit"),
        "q closes the help only:\n{closed}"
    );
}

/// A viewer at the middle exchange scrolled a line into its details, with `keys` pressed, each after a
/// draw at 40×12 (where the details and the help both scroll).
fn viewer_after(log: &LogContents, keys: &[KeyCode]) -> Viewer {
    let mut viewer = Viewer::at((2, 1));
    for key in keys {
        render(log, &mut viewer, 40, 12);
        viewer.press(&view(log), (*key).into());
    }
    viewer
}

#[test]
fn every_key_the_viewer_and_its_help_list_does_something_and_no_other_key_does() {
    let log = customer_log();
    let seen = |viewer: &mut Viewer| SIZES.map(|(w, h)| render(&log, viewer, w, h));
    for opened in [&[][..], &[KeyCode::F(1), KeyCode::Down][..]] {
        let handled = |key: KeyEvent| {
            let before = seen(&mut viewer_after(&log, opened));
            let mut viewer = viewer_after(&log, opened);
            let quit = !viewer.press(&view(&log), key);
            quit || seen(&mut viewer) != before
        };
        let map = viewer_after(&log, opened).key_map();
        for binding in map {
            for (key, _) in binding.keys {
                let pressed = example(*key);
                assert!(
                    handled(pressed),
                    "{opened:?}: {pressed:?} is listed but does nothing"
                );
            }
        }
        for key in probe_keys() {
            let listed = map.iter().flat_map(|b| b.keys).any(|(k, _)| k.matches(key));
            assert_eq!(listed, handled(key), "{opened:?}: {key:?} listed: {listed}");
        }
    }
}

#[test]
fn a_log_without_exchanges_is_never_described_as_a_login_still_to_send() {
    let empty = LogContents::default();
    for (width, height) in SIZES {
        let screen = render(&empty, &mut Viewer::default(), width, height);
        assert!(!screen.contains("Nothing sent yet"), "{screen}");
        assert!(
            folded(&screen).contains("This log holds no exchange"),
            "{screen}"
        );
    }
}
