//! The key maps of the screens with a token: a login's success, a stored session, and the name asked
//! for when a login is saved as a profile.
//!
//! Every screen here but the profile's name is not a text field: traders type their password as the
//! tool opens (a stored session) or ahead of a login's end (a success), so no printable key acts. Copy,
//! show, save and report take Ctrl-keys, which a password cannot hold; quitting takes Esc (and Enter
//! after a login, which leaves with its token; on a stored session Enter is what ends a password); and
//! every printable key only says which screen this is (`NotTheForm`).

use super::{A, Binding, EDIT, HELP_ON_INPUT, K, Key, KeyMap, QUIT, QUIT_IN_BAR, REPORT};
use super::{SWITCH_PROFILE_IN_BAR, TIMELINE, bind};

const COPY: Binding = bind(
    "Ctrl-Y",
    "copy the token",
    &[(Key::Ctrl('y'), A::CopyAgain)],
)
.in_bar("Ctrl-Y", "copy");
// "show", not "show/hide": so the bars have room at 80 columns (F1 says "show or hide").
const REVEAL: Binding = bind(
    "Ctrl-S",
    "show or hide the token",
    &[(Key::Ctrl('s'), A::ToggleReveal)],
)
.in_bar("Ctrl-S", "show");
const LEAVE: Binding = bind(
    "Esc/Enter",
    "quit (the token stays where it is)",
    &[
        (Key::Code(K::Esc), A::Leave),
        (Key::Code(K::Enter), A::Leave),
    ],
)
.in_bar("Esc", "quit");
const SAVE_PROFILE: Binding = bind(
    "Ctrl-P",
    "save this login as a profile (name asked; the app key into the store, never the password)",
    &[(Key::Ctrl('p'), A::NameProfile)],
)
.in_bar("Ctrl-P", "save profile");
/// Last in a map: the keys above it are not text there.
const NOTHING_TO_TYPE: Binding = bind(
    "text keys",
    "nothing to type here: says which screen this is and its keys",
    &[(Key::Text, A::NotTheForm)],
);

pub(crate) const SUCCESS: &KeyMap = &[
    LEAVE,
    COPY,
    REVEAL,
    SAVE_PROFILE,
    REPORT,
    TIMELINE,
    HELP_ON_INPUT,
    QUIT,
    NOTHING_TO_TYPE,
];
/// A success that cannot be saved as a profile: with `--demo` (its sandbox lives as long as the run), or
/// a login for `token` or `exec` (which store it themselves).
pub(crate) const SUCCESS_UNSAVABLE: &KeyMap = &[
    LEAVE,
    COPY,
    REVEAL,
    REPORT,
    TIMELINE,
    HELP_ON_INPUT,
    QUIT,
    NOTHING_TO_TYPE,
];
/// A stored session the TUI opened on: as a success, but Enter, which ends a password, only says which
/// screen this is too, and there are the stored session's own keys: log in again, log out, profile.
pub(crate) const STORED: &KeyMap = &[
    bind(
        "Esc",
        "quit (the stored token stays where it is)",
        &[(Key::Code(K::Esc), A::Leave)],
    )
    .in_bar("Esc", "quit"),
    COPY,
    REVEAL,
    // "log in", not "log in again": so the bar has room at 80 columns for every key from Esc to Ctrl-X
    // and F1 (F1 lists the rest).
    bind(
        "Ctrl-N",
        "log in again: the login form (the stored token stays until the new login succeeds)",
        &[(Key::Ctrl('n'), A::LogInAgain)],
    )
    .in_bar("Ctrl-N", "log in"),
    bind(
        "Ctrl-X",
        "log out: drop the stored token (asks first: Ctrl-X again drops it; a saved app key stays)",
        &[(Key::Ctrl('x'), A::AskLogOut)],
    )
    .in_bar("Ctrl-X", "log out"),
    SWITCH_PROFILE_IN_BAR,
    TIMELINE,
    HELP_ON_INPUT,
    QUIT,
    // Last: the keys above are not text here.
    bind(
        "text keys/Enter",
        "nothing to type or send here: says this is the \"Already logged in\" screen, \
         and that Ctrl-N opens the login form",
        &[
            (Key::Text, A::NotTheForm),
            (Key::Code(K::Enter), A::NotTheForm),
        ],
    ),
];
/// A stored session after Ctrl-X: only Ctrl-X again drops the stored token, any other key keeps it.
///
/// Why Ctrl-X again and not `y`: the confirmation must be one that typed text cannot give. A `y` would
/// be safe only as long as nothing but a deliberate Ctrl-X came before it, and Ctrl-X is also the "cut"
/// of editors: a trader who presses it out of habit and then types a password beginning with `y` would
/// log out. Two Ctrl-X in a row come from nothing a password holds; every printable key, Enter and a
/// paste keep the token.
pub(crate) const CONFIRM_LOG_OUT: &KeyMap = &[
    bind(
        "Ctrl-X",
        "yes, log out: drop the stored token (a saved app key stays)",
        &[(Key::Ctrl('x'), A::LogOut)],
    )
    .in_bar("Ctrl-X", "drop the token"),
    HELP_ON_INPUT,
    QUIT,
    // Last: it takes every key the entries above do not.
    bind(
        "any other key",
        "keep the stored token",
        &[(Key::Other, A::KeepStoredToken)],
    )
    .in_bar("any other key", "keep it"),
];
/// Typing the name of a profile to save the login as.
pub(crate) const PROFILE_NAME: &KeyMap = &[
    bind(
        "Enter",
        "save the profile",
        &[(Key::Code(K::Enter), A::SaveProfile)],
    )
    .in_bar("Enter", "save"),
    bind(
        "Esc",
        "do not save",
        &[(Key::Code(K::Esc), A::CancelProfile)],
    )
    .in_bar("Esc", "cancel"),
    QUIT_IN_BAR,
    HELP_ON_INPUT,
    EDIT,
];
