//! The keys the "every key listed is handled, and no other" checks press: of the login TUI's screens
//! (`tui_screens.rs`) and of the `inspect` viewer (`inspect_screens.rs`).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use autoshares_login::tui::Key;

/// Keys a user may press on any screen: every key some map lists, and others that none does.
pub fn probe_keys() -> Vec<KeyEvent> {
    let codes = [
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::Tab,
        KeyCode::BackTab,
        KeyCode::Up,
        KeyCode::Down,
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::Home,
        KeyCode::End,
        KeyCode::PageUp,
        KeyCode::PageDown,
        KeyCode::Backspace,
        KeyCode::Delete,
        KeyCode::Insert,
    ];
    let function_keys = (1..=12).map(KeyCode::F);
    // The letters some screen took as a hotkey (a stored session's took them all once: a password's
    // letters must do nothing there), and others.
    let characters = "aqcsrlxyp?1 ".chars().map(KeyCode::Char);
    let mut keys: Vec<KeyEvent> = codes
        .into_iter()
        .chain(function_keys)
        .chain(characters)
        .map(|code| KeyEvent::new(code, KeyModifiers::NONE))
        .collect();
    let ctrl = ['c', 'w', 'x', 's', 'y', 'n', 'p'];
    keys.extend(ctrl.map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)));
    keys
}

/// A key event that `key` of a map matches.
pub fn example(key: Key) -> KeyEvent {
    match key {
        Key::Code(code) => KeyEvent::new(code, KeyModifiers::NONE),
        Key::Ctrl(c) => KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL),
        Key::Text => KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE),
        Key::Other => KeyEvent::new(KeyCode::Char('z'), KeyModifiers::NONE),
    }
}
