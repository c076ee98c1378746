//! The key map of each screen, as data: `App` dispatches every key through the map of what is on screen,
//! and the help line and the help popup (F1) draw the same map, so a key that works is listed and a
//! listed key works. A new key goes into a map here and gets its [`Action`] handled in `App::perform`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key asks the app to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Ctrl-C: leave at once (exit 130 before a token).
    Quit,
    /// The screen's own way out: the token on success, the failure's exit code on failure.
    Leave,
    OpenHelp,
    CloseHelp,
    OpenTimeline,
    CloseTimeline,
    SelectPrevious,
    SelectNext,
    SelectFirst,
    SelectLast,
    /// Enter on the form (log in) or on a step (send the factor).
    Submit,
    NextField,
    PreviousField,
    /// A key for the text input: a character, Backspace, the cursor keys.
    Edit,
    CancelRequest,
    AbandonLogin,
    SwitchHeader,
    BackToForm,
    WriteReport,
    CopyAgain,
    ToggleReveal,
}

/// A key, or the keys of a text input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Code(KeyCode),
    Ctrl(char),
    /// What a text input takes: any character, Backspace, Delete, ←/→, Home/End.
    Text,
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
        }
    }
}

/// One entry of a map: the keys it lists (as shown), what it does, and the action of each key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding {
    pub label: &'static str,
    pub does: &'static str,
    pub keys: &'static [(Key, Action)],
    /// Shown on the help line too, not only in the help popup.
    pub in_bar: bool,
}

/// The keys of one screen, in the order they are shown; the first match wins.
pub type KeyMap = [Binding];

/// The action `map` binds to `event`, if any.
pub fn action(map: &KeyMap, event: KeyEvent) -> Option<Action> {
    map.iter()
        .flat_map(|binding| binding.keys)
        .find(|(key, _)| key.matches(event))
        .map(|(_, action)| *action)
}

const fn bind(label: &'static str, does: &'static str, keys: &'static [(Key, Action)]) -> Binding {
    Binding {
        label,
        does,
        keys,
        in_bar: true,
    }
}

use Action as A;
use KeyCode as K;

const QUIT: Binding = bind("Ctrl-C", "quit", &[(Key::Ctrl('c'), A::Quit)]);
const TIMELINE: Binding = bind("F2", "timeline", &[(Key::Code(K::F(2)), A::OpenTimeline)]);
/// Where something is typed, `?` is text: only F1 opens the help.
const HELP_ON_INPUT: Binding = bind("F1", "help", &[(Key::Code(K::F(1)), A::OpenHelp)]);
const HELP: Binding = bind(
    "F1/?",
    "help",
    &[
        (Key::Code(K::F(1)), A::OpenHelp),
        (Key::Code(K::Char('?')), A::OpenHelp),
    ],
);
/// Typing into the input: listed in the help popup, not on the help line.
const EDIT: Binding = Binding {
    label: "text keys",
    does: "type and edit (←/→, Home/End, Backspace, Delete)",
    keys: &[(Key::Text, A::Edit)],
    in_bar: false,
};

pub const FORM: &KeyMap = &[
    bind("Enter", "log in", &[(Key::Code(K::Enter), A::Submit)]),
    bind(
        "Tab/↓",
        "next",
        &[
            (Key::Code(K::Tab), A::NextField),
            (Key::Code(K::Down), A::NextField),
        ],
    ),
    bind(
        "⇧Tab/↑",
        "previous",
        &[
            (Key::Code(K::BackTab), A::PreviousField),
            (Key::Code(K::Up), A::PreviousField),
        ],
    ),
    TIMELINE,
    HELP_ON_INPUT,
    QUIT,
    EDIT,
];
const SUBMIT: Binding = bind("Enter", "submit", &[(Key::Code(K::Enter), A::Submit)]);
const ABANDON: Binding = bind(
    "Esc",
    "abandon login",
    &[(Key::Code(K::Esc), A::AbandonLogin)],
);
pub const STEP: &KeyMap = &[SUBMIT, ABANDON, TIMELINE, HELP_ON_INPUT, QUIT, EDIT];
pub const STEP_UNKNOWN: &KeyMap = &[
    SUBMIT,
    bind(
        "Tab",
        "switch header",
        &[(Key::Code(K::Tab), A::SwitchHeader)],
    ),
    ABANDON,
    TIMELINE,
    HELP_ON_INPUT,
    QUIT,
    EDIT,
];
/// While a request is in flight, what is typed is kept for the next step (type-ahead).
pub const WAITING: &KeyMap = &[
    bind(
        "Esc",
        "cancel request",
        &[(Key::Code(K::Esc), A::CancelRequest)],
    ),
    TIMELINE,
    HELP_ON_INPUT,
    QUIT,
    Binding {
        label: "text keys",
        does: "typed ahead into the next step's input",
        keys: &[(Key::Text, A::Edit)],
        in_bar: false,
    },
];
const REPORT: Binding = bind("r", "report", &[(Key::Code(K::Char('r')), A::WriteReport)]);
pub const FAILURE: &KeyMap = &[
    bind(
        "Enter/Esc",
        "form",
        &[
            (Key::Code(K::Enter), A::BackToForm),
            (Key::Code(K::Esc), A::BackToForm),
        ],
    ),
    REPORT,
    bind("q", "quit", &[(Key::Code(K::Char('q')), A::Leave)]),
    TIMELINE,
    HELP,
    QUIT,
];
pub const SUCCESS: &KeyMap = &[
    bind(
        "c",
        "copy again",
        &[(Key::Code(K::Char('c')), A::CopyAgain)],
    ),
    bind(
        "s",
        "show/hide",
        &[(Key::Code(K::Char('s')), A::ToggleReveal)],
    ),
    REPORT,
    bind(
        "q/Esc/Enter",
        "quit",
        &[
            (Key::Code(K::Char('q')), A::Leave),
            (Key::Code(K::Esc), A::Leave),
            (Key::Code(K::Enter), A::Leave),
        ],
    ),
    TIMELINE,
    HELP,
    QUIT,
];
pub const HELP_POPUP: &KeyMap = &[
    bind(
        "Esc/F1/?/q",
        "close help",
        &[
            (Key::Code(K::Esc), A::CloseHelp),
            (Key::Code(K::F(1)), A::CloseHelp),
            (Key::Code(K::Char('?')), A::CloseHelp),
            (Key::Code(K::Char('q')), A::CloseHelp),
        ],
    ),
    QUIT,
];
pub const TIMELINE_POPUP: &KeyMap = &[
    bind(
        "↑/↓",
        "select",
        &[
            (Key::Code(K::Up), A::SelectPrevious),
            (Key::Code(K::Down), A::SelectNext),
        ],
    ),
    bind(
        "Home/End",
        "first/last",
        &[
            (Key::Code(K::Home), A::SelectFirst),
            (Key::Code(K::End), A::SelectLast),
        ],
    ),
    bind(
        "Esc/F2",
        "close",
        &[
            (Key::Code(K::Esc), A::CloseTimeline),
            (Key::Code(K::F(2)), A::CloseTimeline),
        ],
    ),
    HELP,
    QUIT,
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The name a label uses for a key.
    fn name(key: Key) -> String {
        match key {
            Key::Code(K::Char(c)) => c.to_string(),
            Key::Code(K::F(n)) => format!("F{n}"),
            Key::Code(K::Tab) => "Tab".into(),
            Key::Code(K::BackTab) => "⇧Tab".into(),
            Key::Code(K::Up) => "↑".into(),
            Key::Code(K::Down) => "↓".into(),
            Key::Code(code) => format!("{code:?}"),
            Key::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
            Key::Text => "text".into(),
        }
    }

    #[test]
    fn every_label_names_exactly_its_keys() {
        for map in [
            FORM,
            STEP,
            STEP_UNKNOWN,
            WAITING,
            FAILURE,
            SUCCESS,
            HELP_POPUP,
            TIMELINE_POPUP,
        ] {
            for binding in map {
                let names: Vec<String> = binding.keys.iter().map(|(k, _)| name(*k)).collect();
                if binding.keys.iter().any(|(k, _)| *k == Key::Text) {
                    assert!(binding.label.starts_with("text"), "{binding:?}");
                } else {
                    assert_eq!(binding.label, names.join("/"), "{binding:?}");
                }
            }
        }
    }

    #[test]
    fn ctrl_c_is_not_text_and_plain_c_is_not_ctrl_c() {
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        let c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::NONE);
        assert_eq!(action(FORM, ctrl_c), Some(Action::Quit));
        assert_eq!(action(FORM, c), Some(Action::Edit));
        assert_eq!(action(SUCCESS, c), Some(Action::CopyAgain));
        assert_eq!(action(SUCCESS, ctrl_c), Some(Action::Quit));
    }
}
