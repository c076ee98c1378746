//! The keys of each screen, listed once: the same list feeds the bottom help line and the help popup.

/// One key (or key group) and what it does on the current screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyHint {
    pub keys: &'static str,
    pub action: &'static str,
}

const fn hint(keys: &'static str, action: &'static str) -> KeyHint {
    KeyHint { keys, action }
}

pub const HELP_ON_INPUT: KeyHint = hint("F1", "help");
pub const HELP: KeyHint = hint("F1/?", "help");
pub const QUIT: KeyHint = hint("Ctrl-C", "quit");

pub const TIMELINE: KeyHint = hint("F2", "timeline");

pub const FORM: &[KeyHint] = &[
    hint("Enter", "log in"),
    hint("Tab/↓", "next"),
    hint("⇧Tab/↑", "previous"),
    TIMELINE,
    HELP_ON_INPUT,
    QUIT,
];
pub const STEP: &[KeyHint] = &[
    hint("Enter", "submit"),
    hint("Esc", "abandon login"),
    TIMELINE,
    HELP_ON_INPUT,
    QUIT,
];
pub const STEP_UNKNOWN: &[KeyHint] = &[
    hint("Enter", "submit"),
    hint("Tab", "switch header"),
    hint("Esc", "abandon login"),
    TIMELINE,
    HELP_ON_INPUT,
    QUIT,
];
pub const WAITING: &[KeyHint] = &[hint("Esc", "cancel request"), TIMELINE, HELP_ON_INPUT, QUIT];
pub const FAILURE: &[KeyHint] = &[
    hint("Enter/Esc", "form"),
    hint("r", "report"),
    hint("q", "quit"),
    TIMELINE,
    HELP,
    QUIT,
];
pub const SUCCESS: &[KeyHint] = &[
    hint("c", "copy again"),
    hint("s", "show/hide"),
    hint("r", "report"),
    hint("q/Esc/Enter", "quit"),
    TIMELINE,
    HELP,
    QUIT,
];
pub const HELP_POPUP: &[KeyHint] = &[hint("Esc/F1", "close help"), QUIT];
pub const TIMELINE_POPUP: &[KeyHint] = &[
    hint("↑/↓", "select exchange"),
    hint("Esc/F2", "close timeline"),
    HELP_ON_INPUT,
    QUIT,
];
