//! Which front end serves a run: a pure choice over a few facts about the command and the terminal,
//! gathered at the entry.

use std::ffi::OsString;
use std::io::IsTerminal;

use crate::cli::{Cli, Command};

/// What a command asks of the program, before any settings are resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// `completions`, `man`: generated text on stdout.
    Generate,
    /// `sandbox`: the built-in server in the foreground.
    Sandbox,
    Doctor,
    Inspect,
    /// `token`, `exec`, `status`, `logout`, `profiles`: work on stored sessions.
    Session,
    /// No subcommand: a login, through the TUI or line mode.
    Login,
    /// `keep-clipboard`, `clear-tmux-buffers`: the detached helpers, before anything else.
    Helper,
}

/// The route of `command`.
pub fn route(command: Option<&Command>) -> Route {
    match command {
        None => Route::Login,
        Some(Command::Completions { .. } | Command::Man) => Route::Generate,
        Some(Command::Sandbox { .. }) => Route::Sandbox,
        Some(Command::Doctor { .. }) => Route::Doctor,
        Some(Command::Inspect { .. }) => Route::Inspect,
        Some(
            Command::Token { .. }
            | Command::Status { .. }
            | Command::Logout { .. }
            | Command::Exec { .. }
            | Command::Profiles,
        ) => Route::Session,
        Some(Command::KeepClipboard { .. } | Command::ClearTmuxBuffers { .. }) => Route::Helper,
    }
}

/// What decides between the TUI and line mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    /// `--no-tui`.
    pub no_tui: bool,
    /// Whether stdin is a terminal and there is one to draw on; `None` when not asked (a plain login's
    /// TUI finds out for itself, and says so).
    pub terminal: Option<bool>,
    /// `TERM` (`None`: not set).
    pub term: Option<OsString>,
    /// Windows consoles set no `TERM` and draw the TUI all the same.
    pub windows: bool,
}

/// The front end a login goes through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontEnd {
    Tui,
    /// Line mode, and why when the user did not ask for it (`TERM`): said on stderr.
    LineMode {
        why: Option<&'static str>,
    },
}

impl Facts {
    /// The facts of this run. For `token` and `exec` (`ask_terminal`), whether there is a terminal;
    /// a plain login does not ask.
    pub fn gather(cli: &Cli, ask_terminal: bool) -> Facts {
        Facts {
            no_tui: cli.no_tui,
            terminal: (ask_terminal && !cli.no_tui)
                .then(|| std::io::stdin().is_terminal() && crate::tty::Output::open().is_ok()),
            term: std::env::var_os("TERM"),
            windows: cfg!(windows),
        }
    }
}

/// The front end for `facts`: line mode when asked (`--no-tui`), without a terminal, or when `TERM`
/// says the terminal cannot draw (`dumb`, or not set outside Windows); else the TUI.
pub fn front_end(facts: &Facts) -> FrontEnd {
    if facts.no_tui || facts.terminal == Some(false) {
        return FrontEnd::LineMode { why: None };
    }
    let term = facts.term.clone().unwrap_or_default();
    if term.is_empty() && !facts.windows {
        return FrontEnd::LineMode {
            why: Some("TERM is not set"),
        };
    }
    if term == "dumb" {
        return FrontEnd::LineMode {
            why: Some("TERM is dumb"),
        };
    }
    FrontEnd::Tui
}

/// [`front_end`], saying on stderr why line mode when `TERM` decided it: whether it is the TUI.
pub fn is_tui(facts: &Facts) -> bool {
    match front_end(facts) {
        FrontEnd::Tui => true,
        FrontEnd::LineMode { why } => {
            if let Some(why) = why {
                crate::say!("{why}: using line mode (as --no-tui).");
            }
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    fn facts(no_tui: bool, terminal: Option<bool>, term: Option<&str>, windows: bool) -> Facts {
        Facts {
            no_tui,
            terminal,
            term: term.map(OsString::from),
            windows,
        }
    }

    #[test]
    fn each_command_has_its_route() {
        let of = |args: &[&str]| {
            let cli = Cli::try_parse_from(
                std::iter::once("autoshares-login").chain(args.iter().copied()),
            );
            route(cli.expect("parses").command.as_ref())
        };
        assert_eq!(of(&[]), Route::Login);
        assert_eq!(of(&["--no-tui"]), Route::Login);
        assert_eq!(of(&["man"]), Route::Generate);
        assert_eq!(of(&["completions", "bash"]), Route::Generate);
        assert_eq!(of(&["sandbox"]), Route::Sandbox);
        assert_eq!(of(&["doctor"]), Route::Doctor);
        assert_eq!(of(&["inspect", "log.jsonl"]), Route::Inspect);
        for session in [
            &["token"][..],
            &["status"],
            &["logout"],
            &["profiles"],
            &["exec", "--", "env"],
        ] {
            assert_eq!(of(session), Route::Session, "{session:?}");
        }
    }

    #[test]
    fn a_drawing_terminal_gets_the_tui() {
        assert_eq!(
            front_end(&facts(false, None, Some("xterm-256color"), false)),
            FrontEnd::Tui
        );
        assert_eq!(
            front_end(&facts(false, Some(true), Some("xterm"), false)),
            FrontEnd::Tui
        );
    }

    #[test]
    fn no_tui_or_no_terminal_is_line_mode_without_a_word() {
        let quiet = FrontEnd::LineMode { why: None };
        assert_eq!(front_end(&facts(true, None, Some("xterm"), false)), quiet);
        assert_eq!(
            front_end(&facts(true, None, Some("dumb"), false)),
            quiet,
            "--no-tui needs no reason"
        );
        assert_eq!(
            front_end(&facts(false, Some(false), Some("xterm"), false)),
            quiet
        );
        assert_eq!(front_end(&facts(false, Some(false), None, false)), quiet);
    }

    #[test]
    fn term_decides_line_mode_and_says_why() {
        assert_eq!(
            front_end(&facts(false, None, Some("dumb"), false)),
            FrontEnd::LineMode {
                why: Some("TERM is dumb")
            }
        );
        assert_eq!(
            front_end(&facts(false, Some(true), None, false)),
            FrontEnd::LineMode {
                why: Some("TERM is not set")
            }
        );
        assert_eq!(
            front_end(&facts(false, None, Some(""), false)),
            FrontEnd::LineMode {
                why: Some("TERM is not set")
            }
        );
    }

    #[test]
    fn windows_draws_without_term_but_not_on_dumb() {
        assert_eq!(
            front_end(&facts(false, Some(true), None, true)),
            FrontEnd::Tui
        );
        assert_eq!(
            front_end(&facts(false, None, Some("dumb"), true)),
            FrontEnd::LineMode {
                why: Some("TERM is dumb")
            }
        );
    }
}
