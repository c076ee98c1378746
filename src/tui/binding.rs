//! A key binding: the keys it lists, what it does, the action of each key and how the key bar shows it;
//! the screens' maps of bindings are in `keys`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::keys::Action;

/// A key, or the keys of a text input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Code(KeyCode),
    Ctrl(char),
    /// What a text input takes: any character, Backspace, Delete, ←/→, Home/End.
    Text,
    /// Any key at all: last in a map, it takes every key the entries before it do not.
    Other,
}

impl Key {
    pub fn matches(self, event: KeyEvent) -> bool {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        match self {
            Key::Code(code) => event.code == code && !ctrl,
            Key::Ctrl(c) => ctrl && event.code == KeyCode::Char(c),
            Key::Text => matches!(
                event.code,
                KeyCode::Char(_)
                    | KeyCode::Backspace
                    | KeyCode::Delete
                    | KeyCode::Left
                    | KeyCode::Right
                    | KeyCode::Home
                    | KeyCode::End
            ),
            Key::Other => true,
        }
    }
}

/// One entry of a map: the keys it lists (as shown), what it does, and the action of each key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding {
    pub label: &'static str,
    pub does: &'static str,
    pub keys: &'static [(Key, Action)],
    /// How the key bar shows it; `None`: only the help popup lists it.
    pub bar: Option<BarEntry>,
}

/// A binding in the key bar: its main key (one of the label's) and a word or two for what it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BarEntry {
    pub keys: &'static str,
    pub word: &'static str,
    /// In the bar at any width: the key to the help popup, which lists the rest.
    pub always: bool,
}

impl Binding {
    /// In the key bar as `keys word` when there is room.
    pub(super) const fn in_bar(self, keys: &'static str, word: &'static str) -> Binding {
        let always = false;
        Binding {
            bar: Some(BarEntry { keys, word, always }),
            ..self
        }
    }

    /// In the key bar as `keys word` at any width.
    pub(super) const fn always_in_bar(self, keys: &'static str, word: &'static str) -> Binding {
        let always = true;
        Binding {
            bar: Some(BarEntry { keys, word, always }),
            ..self
        }
    }
}

/// The keys of one screen, most important first: the help popup lists them in this order, and the key
/// bar shows as many from the top as fit. The first match wins.
pub type KeyMap = [Binding];

/// The action `map` binds to `event`, if any.
pub(crate) fn action(map: &KeyMap, event: KeyEvent) -> Option<Action> {
    map.iter()
        .flat_map(|binding| binding.keys)
        .find(|(key, _)| key.matches(event))
        .map(|(_, action)| *action)
}

/// `map` without the bindings of `action`: a key that would do nothing here is neither handled nor listed.
pub(crate) fn without(map: &KeyMap, action: Action) -> Vec<Binding> {
    let binds = |binding: &Binding| binding.keys.iter().any(|(_, a)| *a == action);
    map.iter().filter(|b| !binds(b)).copied().collect()
}

/// A binding only the help popup lists; see [`Binding::in_bar`].
pub(super) const fn bind(
    label: &'static str,
    does: &'static str,
    keys: &'static [(Key, Action)],
) -> Binding {
    Binding {
        label,
        does,
        keys,
        bar: None,
    }
}
