//! The key maps of the screens with a token: a login's success, a stored session, and the name asked
//! for when a login is saved as a profile.

use super::{A, Binding, EDIT, HELP, HELP_ON_INPUT, K, Key, KeyMap, QUIT, QUIT_IN_BAR, REPORT};
use super::{SWITCH_PROFILE_IN_BAR, TIMELINE, bind};

const COPY: Binding = bind(
    "c",
    "copy the token",
    &[(Key::Code(K::Char('c')), A::CopyAgain)],
)
.in_bar("c", "copy");
const LEAVE: Binding = bind(
    "q/Esc/Enter",
    "quit (the token stays where it is)",
    &[
        (Key::Code(K::Char('q')), A::Leave),
        (Key::Code(K::Esc), A::Leave),
        (Key::Code(K::Enter), A::Leave),
    ],
)
.in_bar("q", "quit");
const REVEAL: Binding = bind(
    "s",
    "show or hide the token",
    &[(Key::Code(K::Char('s')), A::ToggleReveal)],
)
.in_bar("s", "show/hide");

pub(crate) const SUCCESS: &KeyMap = &[
    COPY,
    LEAVE,
    REVEAL,
    bind(
        "p",
        "save this login as a profile (name asked; the app key into the store, never the password)",
        &[(Key::Code(K::Char('p')), A::NameProfile)],
    )
    .in_bar("p", "save profile"),
    REPORT,
    TIMELINE,
    HELP,
    QUIT,
];
/// A success that cannot be saved as a profile: with `--demo` (its sandbox lives as long as the run), or
/// a login for `token` or `exec` (which store it themselves).
pub(crate) const SUCCESS_UNSAVABLE: &KeyMap = &[COPY, LEAVE, REVEAL, REPORT, TIMELINE, HELP, QUIT];
/// A stored session the TUI opened on.
pub(crate) const STORED: &KeyMap = &[
    COPY,
    LEAVE,
    REVEAL,
    bind(
        "l",
        "log in again (the stored token stays until the new login succeeds)",
        &[(Key::Code(K::Char('l')), A::LogInAgain)],
    )
    .in_bar("l", "log in again"),
    bind(
        "x",
        "log out: drop the stored token (asks first; a saved app key stays)",
        &[(Key::Code(K::Char('x')), A::AskLogOut)],
    )
    .in_bar("x", "log out"),
    SWITCH_PROFILE_IN_BAR,
    TIMELINE,
    HELP,
    QUIT,
    // Last: the keys above are not text here.
    bind(
        "text keys",
        "nothing to type here: says this is the \"Already logged in\" screen, and l opens the form",
        &[(Key::Text, A::NotTheForm)],
    ),
];
/// A stored session after `x`: only `y` drops the stored token, any other key keeps it.
pub(crate) const CONFIRM_LOG_OUT: &KeyMap = &[
    bind(
        "y",
        "yes, log out: drop the stored token (a saved app key stays)",
        &[(Key::Code(K::Char('y')), A::LogOut)],
    )
    .in_bar("y", "drop the token"),
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
