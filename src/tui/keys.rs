//! The key map of each screen, as data: `App` dispatches every key through the map of what is on screen,
//! and the help line and the help popup (F1) draw the same map, so a key that works is listed and a
//! listed key works. A new key goes into a map here and gets its [`Action`] handled by the screen's
//! `Component::handle`.

mod logged_in;

use crossterm::event::KeyCode;

use super::binding::bind;
pub use super::binding::{BarEntry, Binding, Key, KeyMap};
pub(crate) use super::binding::{action, without};
use super::help::Scroll;

pub(crate) use logged_in::{CONFIRM_LOG_OUT, PROFILE_NAME, STORED, SUCCESS, SUCCESS_UNSAVABLE};

/// What a key asks the app to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Ctrl-C: leave at once (exit 130 before a token).
    Quit,
    /// The screen's own way out: the token on success, the failure's exit code on failure.
    Leave,
    OpenHelp,
    CloseHelp,
    /// ↑/↓, PgUp/PgDn, Home/End in the help popup.
    ScrollHelp(Scroll),
    OpenTimeline,
    CloseTimeline,
    SelectPrevious,
    SelectNext,
    SelectFirst,
    SelectLast,
    /// PgUp/PgDn: scroll the selected exchange's details in the timeline.
    ScrollDetailsUp,
    ScrollDetailsDown,
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
    /// Enter on the failure screen while the server's Retry-After runs.
    ShowTimeLeft,
    WriteReport,
    CopyAgain,
    ToggleReveal,
    /// Ctrl-P on the form: the next profile of the config file.
    SwitchProfile,
    /// A stored session: a new login (the form, Ctrl-N); Ctrl-X asks whether to drop the stored token,
    /// Ctrl-X again drops it, any other key keeps it.
    LogInAgain,
    AskLogOut,
    LogOut,
    KeepStoredToken,
    /// Text typed on a screen that is not a text field (meant for a form), and on a stored session the
    /// Enter after it: says which screen this is and how to reach the form.
    NotTheForm,
    /// Ctrl-P on the success screen: ask for a name to save the login as a profile; Enter saves, Esc cancels.
    NameProfile,
    SaveProfile,
    CancelProfile,
}

use Action as A;
use KeyCode as K;

const QUIT: Binding = bind("Ctrl-C", "quit", &[(Key::Ctrl('c'), A::Quit)]);
const QUIT_IN_BAR: Binding = QUIT.in_bar("Ctrl-C", "quit");
const TIMELINE: Binding = bind(
    "F2",
    "timeline of requests",
    &[(Key::Code(K::F(2)), A::OpenTimeline)],
)
.in_bar("F2", "timeline");
/// On a login's screens `?` is text, or could be a password typed where there is no field: only F1
/// opens the help there (`HELP`, with `?`, is the `inspect` viewer's).
const HELP_ON_INPUT: Binding = bind(
    "F1",
    "help (this list)",
    &[(Key::Code(K::F(1)), A::OpenHelp)],
)
.always_in_bar("F1", "help");
pub(crate) const HELP: Binding = bind(
    "F1/?",
    "help (this list)",
    &[
        (Key::Code(K::F(1)), A::OpenHelp),
        (Key::Code(K::Char('?')), A::OpenHelp),
    ],
)
.always_in_bar("F1/?", "help");
/// Typing into the input: listed in the help popup, not on the help line, with every editing key.
const EDIT: Binding = bind(
    "text keys",
    "type; move: ←/→, Ctrl-←/→ (a word), Home/End, Ctrl-A/E; erase: Backspace, Delete, \
     Ctrl-W (a word), Ctrl-K (to the end), Ctrl-U (all); Ctrl-Y puts back",
    &[(Key::Text, A::Edit)],
);
/// The form's masked fields shown as typed, to check a kept app key before sending it again.
const REVEAL_SECRETS: Binding = bind(
    "Ctrl-S",
    "show or hide the app key, password and PIN",
    &[(Key::Ctrl('s'), A::ToggleReveal)],
);

/// The form when the config file has no other profile: Ctrl-P is in the help (it says how to make one),
/// not on the bar.
pub(crate) const FORM: &KeyMap = &[
    LOG_IN,
    NEXT_FIELD,
    PREVIOUS_FIELD,
    QUIT_IN_BAR,
    TIMELINE,
    HELP_ON_INPUT,
    SWITCH_PROFILE,
    REVEAL_SECRETS,
    EDIT,
];
/// The form when there are profiles to switch to: Ctrl-P comes on the bar before F2.
pub(crate) const FORM_WITH_PROFILES: &KeyMap = &[
    LOG_IN,
    NEXT_FIELD,
    PREVIOUS_FIELD,
    QUIT_IN_BAR,
    SWITCH_PROFILE_IN_BAR,
    TIMELINE,
    HELP_ON_INPUT,
    REVEAL_SECRETS,
    EDIT,
];
const LOG_IN: Binding = bind(
    "Enter",
    "log in (from any field)",
    &[(Key::Code(K::Enter), A::Submit)],
)
.in_bar("Enter", "log in");
const NEXT_FIELD: Binding = bind(
    "Tab/↓",
    "next field",
    &[
        (Key::Code(K::Tab), A::NextField),
        (Key::Code(K::Down), A::NextField),
    ],
)
.in_bar("Tab/↓", "next");
const PREVIOUS_FIELD: Binding = bind(
    "⇧Tab/↑",
    "previous field",
    &[
        (Key::Code(K::BackTab), A::PreviousField),
        (Key::Code(K::Up), A::PreviousField),
    ],
)
.in_bar("⇧Tab/↑", "prev");
const SWITCH_PROFILE: Binding = bind(
    "Ctrl-P",
    "switch to the next profile of the config file",
    &[(Key::Ctrl('p'), A::SwitchProfile)],
);
const SWITCH_PROFILE_IN_BAR: Binding = SWITCH_PROFILE.in_bar("Ctrl-P", "profile");
const SUBMIT: Binding = bind(
    "Enter",
    "send the answer",
    &[(Key::Code(K::Enter), A::Submit)],
)
.in_bar("Enter", "submit");
const ABANDON: Binding = bind(
    "Esc",
    "cancel the login, back to the form",
    &[(Key::Code(K::Esc), A::AbandonLogin)],
)
.in_bar("Esc", "cancel");
pub(crate) const STEP: &KeyMap = &[SUBMIT, ABANDON, QUIT_IN_BAR, TIMELINE, HELP_ON_INPUT, EDIT];
pub(crate) const STEP_UNKNOWN: &KeyMap = &[
    SUBMIT,
    bind(
        "Tab",
        "send it as a PIN or as a code",
        &[(Key::Code(K::Tab), A::SwitchHeader)],
    )
    .in_bar("Tab", "switch header"),
    ABANDON,
    QUIT_IN_BAR,
    TIMELINE,
    HELP_ON_INPUT,
    EDIT,
];
/// While a request is in flight, what is typed is kept for the next step (type-ahead).
pub(crate) const WAITING: &KeyMap = &[
    bind(
        "Esc",
        "cancel the request",
        &[(Key::Code(K::Esc), A::CancelRequest)],
    )
    .in_bar("Esc", "cancel"),
    QUIT_IN_BAR,
    TIMELINE,
    HELP_ON_INPUT,
    bind(
        "text keys",
        "typed ahead into the next step's input",
        &[(Key::Text, A::Edit)],
    ),
];
// The failure and success screens are not text fields: their actions take Ctrl-keys, which no password
// holds, and a printable key only says which screen this is (see `keys::logged_in`).
const REPORT: Binding = bind(
    "Ctrl-R",
    "write a support report",
    &[(Key::Ctrl('r'), A::WriteReport)],
)
.in_bar("Ctrl-R", "report");
const LEAVE_FAILURE: Binding = bind(
    "Ctrl-Q",
    "quit with the failure's exit code",
    &[(Key::Ctrl('q'), A::Leave)],
)
.in_bar("Ctrl-Q", "quit");
/// Last in the failure's maps: the keys above it are not text there.
const NOT_A_FIELD: Binding = bind(
    "text keys",
    "nothing to type here: says which screen this is and how to get back to the form",
    &[(Key::Text, A::NotTheForm)],
);
pub(crate) const FAILURE: &KeyMap = &[
    bind(
        "Enter/Esc",
        "back to the form, fields kept",
        &[
            (Key::Code(K::Enter), A::BackToForm),
            (Key::Code(K::Esc), A::BackToForm),
        ],
    )
    .in_bar("Enter", "back to form"),
    LEAVE_FAILURE,
    REPORT,
    TIMELINE,
    HELP_ON_INPUT,
    QUIT,
    NOT_A_FIELD,
];
/// The failure screen while the server's Retry-After runs: Enter says how long is left (nothing is
/// resent), Esc still goes back to the form.
pub(crate) const FAILURE_RETRY_WAIT: &KeyMap = &[
    bind(
        "Enter",
        "show the time left before the server welcomes a new login (nothing is sent)",
        &[(Key::Code(K::Enter), A::ShowTimeLeft)],
    )
    .in_bar("Enter", "time left"),
    bind(
        "Esc",
        "back to the form, fields kept (no login there before the wait is over)",
        &[(Key::Code(K::Esc), A::BackToForm)],
    )
    .in_bar("Esc", "back to form"),
    LEAVE_FAILURE,
    REPORT,
    TIMELINE,
    HELP_ON_INPUT,
    QUIT,
    NOT_A_FIELD,
];
/// The help over a login's screens: Esc and F1 close it, as the help opens over screens whose printable
/// keys mean nothing (or are text).
pub(crate) const HELP_POPUP: &KeyMap = &[
    bind(
        "Esc/F1",
        "close the help",
        &[
            (Key::Code(K::Esc), A::CloseHelp),
            (Key::Code(K::F(1)), A::CloseHelp),
        ],
    )
    .always_in_bar("Esc", "close help"),
    SCROLL_HELP_LINE,
    SCROLL_HELP_PAGE,
    SCROLL_HELP_ENDS,
    QUIT_IN_BAR,
];
/// The help over the `inspect` viewer, where no login happens: `?` and `q` close it too, as `?` opens it
/// and `q` quits the viewer.
pub(crate) const VIEWER_HELP_POPUP: &KeyMap = &[
    bind(
        "Esc/F1/?/q",
        "close the help",
        &[
            (Key::Code(K::Esc), A::CloseHelp),
            (Key::Code(K::F(1)), A::CloseHelp),
            (Key::Code(K::Char('?')), A::CloseHelp),
            (Key::Code(K::Char('q')), A::CloseHelp),
        ],
    )
    .always_in_bar("Esc", "close help"),
    SCROLL_HELP_LINE,
    SCROLL_HELP_PAGE,
    SCROLL_HELP_ENDS,
    QUIT_IN_BAR,
];
const SCROLL_HELP_LINE: Binding = bind(
    "↑/↓",
    "scroll a line",
    &[
        (Key::Code(K::Up), A::ScrollHelp(Scroll::LineUp)),
        (Key::Code(K::Down), A::ScrollHelp(Scroll::LineDown)),
    ],
)
.in_bar("↑/↓", "scroll");
const SCROLL_HELP_PAGE: Binding = bind(
    "PageUp/PageDown",
    "scroll a page",
    &[
        (Key::Code(K::PageUp), A::ScrollHelp(Scroll::PageUp)),
        (Key::Code(K::PageDown), A::ScrollHelp(Scroll::PageDown)),
    ],
);
const SCROLL_HELP_ENDS: Binding = bind(
    "Home/End",
    "to the top/the end",
    &[
        (Key::Code(K::Home), A::ScrollHelp(Scroll::Top)),
        (Key::Code(K::End), A::ScrollHelp(Scroll::Bottom)),
    ],
);
/// The keys of a timeline panel: F2's here, and the `inspect` viewer's.
pub(crate) const SELECT_EXCHANGE: Binding = bind(
    "↑/↓",
    "select an exchange",
    &[
        (Key::Code(K::Up), A::SelectPrevious),
        (Key::Code(K::Down), A::SelectNext),
    ],
)
.in_bar("↑/↓", "select");
pub(crate) const FIRST_OR_LAST_EXCHANGE: Binding = bind(
    "Home/End",
    "first/last exchange",
    &[
        (Key::Code(K::Home), A::SelectFirst),
        (Key::Code(K::End), A::SelectLast),
    ],
);
pub(crate) const SCROLL_DETAILS: Binding = bind(
    "PageUp/PageDown",
    "scroll the exchange's details",
    &[
        (Key::Code(K::PageUp), A::ScrollDetailsUp),
        (Key::Code(K::PageDown), A::ScrollDetailsDown),
    ],
);
pub(crate) const TIMELINE_POPUP: &KeyMap = &[
    bind(
        "Esc/F2",
        "close the timeline",
        &[
            (Key::Code(K::Esc), A::CloseTimeline),
            (Key::Code(K::F(2)), A::CloseTimeline),
        ],
    )
    .in_bar("Esc/F2", "close"),
    SELECT_EXCHANGE,
    FIRST_OR_LAST_EXCHANGE,
    SCROLL_DETAILS,
    QUIT_IN_BAR,
    HELP_ON_INPUT,
];

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crossterm::event::{KeyEvent, KeyModifiers};

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
            Key::Other => "any other key".into(),
        }
    }

    pub const ALL: [&KeyMap; 15] = [
        FORM,
        FORM_WITH_PROFILES,
        STEP,
        STEP_UNKNOWN,
        WAITING,
        FAILURE,
        FAILURE_RETRY_WAIT,
        SUCCESS,
        SUCCESS_UNSAVABLE,
        STORED,
        CONFIRM_LOG_OUT,
        PROFILE_NAME,
        HELP_POPUP,
        VIEWER_HELP_POPUP,
        TIMELINE_POPUP,
    ];

    #[test]
    fn every_label_names_exactly_its_keys() {
        for map in ALL {
            for binding in map {
                let names: Vec<String> = binding.keys.iter().map(|(k, _)| name(*k)).collect();
                if binding.keys.iter().any(|(k, _)| *k == Key::Text) {
                    assert!(binding.label.starts_with("text"), "{binding:?}");
                } else if binding.keys.iter().any(|(k, _)| *k == Key::Other) {
                    assert_eq!(binding.label, "any other key", "{binding:?}");
                } else {
                    assert_eq!(binding.label, names.join("/"), "{binding:?}");
                }
            }
        }
    }

    /// Traders type passwords where there is no field (a stored session as the tool opens, a success
    /// ahead of its end): on a screen that is not a text field, no printable key acts.
    #[test]
    fn no_printable_key_acts_where_nothing_is_typed() {
        let not_fields = [
            SUCCESS,
            SUCCESS_UNSAVABLE,
            STORED,
            FAILURE,
            FAILURE_RETRY_WAIT,
            HELP_POPUP,
            TIMELINE_POPUP,
        ];
        for map in not_fields {
            for c in ' '..='~' {
                for modifiers in [KeyModifiers::NONE, KeyModifiers::SHIFT] {
                    let key = KeyEvent::new(KeyCode::Char(c), modifiers);
                    let acted = action(map, key);
                    assert!(
                        matches!(acted, None | Some(Action::NotTheForm)),
                        "{c:?} does {acted:?} in {map:?}"
                    );
                }
            }
        }
        // After Ctrl-X on a stored session, a printable key keeps the token: it drops nothing.
        let y = KeyEvent::new(KeyCode::Char('y'), KeyModifiers::NONE);
        assert_eq!(action(CONFIRM_LOG_OUT, y), Some(Action::KeepStoredToken));
    }

    #[test]
    fn ctrl_c_is_not_text_and_plain_c_is_not_ctrl_c() {
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        let c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::NONE);
        assert_eq!(action(FORM, ctrl_c), Some(Action::Quit));
        assert_eq!(action(FORM, c), Some(Action::Edit));
        assert_eq!(action(SUCCESS, c), Some(Action::NotTheForm));
        assert_eq!(action(SUCCESS, ctrl_c), Some(Action::Quit));
    }
}
