//! Where the token is copied: the system clipboard through a keeper process, or the terminal through OSC 52.

mod helper;
pub mod keeper;
pub mod osc52;
pub mod tmux;

use std::{fmt, io};

use secrecy::SecretString;

pub use keeper::KeeperError;

/// Where the user asked for the token to be copied (`--clipboard`, or `clipboard` in a profile).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ClipboardMode {
    /// The system clipboard locally, OSC 52 over SSH or without a display.
    #[default]
    Auto,
    System,
    Osc52,
    Off,
}

/// How a copy is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// The desktop clipboard (X11, or Wayland through XWayland, served by a keeper process; Windows').
    System,
    /// An OSC 52 escape sequence to the terminal, which puts it on the clipboard of the user's own machine.
    Osc52,
}

/// What the environment says about where the user sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Environment {
    /// A desktop clipboard is at hand: `DISPLAY` or `WAYLAND_DISPLAY` is set, or this is Windows.
    pub display: bool,
    /// `SSH_CONNECTION`, `SSH_CLIENT` or `SSH_TTY` is set: the desktop here is not the user's.
    pub remote: bool,
    /// Inside tmux, which passes OSC 52 on with `set-clipboard on`.
    pub tmux: bool,
}

impl Environment {
    pub fn from_env() -> Self {
        let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
        Environment {
            display: cfg!(windows) || set("DISPLAY") || set("WAYLAND_DISPLAY"),
            remote: set("SSH_CONNECTION") || set("SSH_CLIENT") || set("SSH_TTY"),
            tmux: set("TMUX"),
        }
    }
}

/// The method for a mode in an environment; `None` when copying is off.
pub fn choose(mode: ClipboardMode, env: Environment) -> Option<Method> {
    match mode {
        ClipboardMode::Off => None,
        ClipboardMode::System => Some(Method::System),
        ClipboardMode::Osc52 => Some(Method::Osc52),
        ClipboardMode::Auto if env.display && !env.remote => Some(Method::System),
        ClipboardMode::Auto => Some(Method::Osc52),
    }
}

/// How tokens are copied, as the command line asked: the policy only; the copying is [`keeper`]'s (the
/// system clipboard) or the front end's (OSC 52, written to the terminal it draws on).
#[derive(Debug, Clone)]
pub struct Copier {
    mode: ClipboardMode,
    env: Environment,
    clear_after: u64,
}

impl Copier {
    pub fn new(mode: ClipboardMode, env: Environment, clear_after: u64) -> Self {
        Copier {
            mode,
            env,
            clear_after,
        }
    }

    /// How a copy is made here; `None` with `--clipboard off`, when a login's token is not copied at all.
    pub fn method(&self) -> Option<Method> {
        choose(self.mode, self.env)
    }

    /// Whether OSC 52 is tried when the system clipboard fails (`auto` only: an explicit mode is obeyed).
    pub fn falls_back_to_osc52(&self) -> bool {
        self.mode == ClipboardMode::Auto
    }

    /// Hands `token` to a keeper process that serves the system clipboard.
    pub async fn copy_to_system(&self, token: &SecretString) -> Copied {
        match keeper::hand_over(token, self.clear_after).await {
            Ok(()) => Copied::System {
                clear_after: self.clear_after,
            },
            Err(e) => Copied::SystemFailed(e),
        }
    }

    /// What writing `token`'s OSC 52 sequence to the terminal (`written`) did. Inside tmux, which keeps
    /// the copy in a paste buffer, this schedules the buffer's deletion after `--clear-after`.
    pub async fn osc52_written(&self, token: &SecretString, written: io::Result<()>) -> Copied {
        if let Err(e) = written {
            return Copied::Osc52Failed(e);
        }
        // tmux drops an application's OSC 52 unless set-clipboard is on: then nothing was copied (and
        // no paste buffer holds it). When tmux cannot say, the copy is taken as sent, with the setting
        // it needs named.
        if self.env.tmux
            && let Ok(setting) = tmux::set_clipboard().await
            && setting != "on"
        {
            return Copied::Osc52Blocked { setting };
        }
        let tmux = match (self.env.tmux, self.clear_after) {
            (false, _) => TmuxBuffer::NotInTmux,
            (true, 0) => TmuxBuffer::Kept,
            (true, after) => match tmux::schedule_sweep(token, after).await {
                Ok(()) => TmuxBuffer::DeletedAfter(after),
                Err(e) => TmuxBuffer::SweeperFailed(e),
            },
        };
        Copied::Osc52 { tmux }
    }
}

/// How to let OSC 52 copies through tmux (doctor's advice too).
pub const ALLOW_IN_TMUX: &str =
    "Add `set -g set-clipboard on` to ~/.tmux.conf and run `tmux source-file ~/.tmux.conf`.";

/// What a copy did, for the success screen to say. Never claims a copy that did not happen.
#[derive(Debug)]
pub enum Copied {
    /// Copying is off (`--clipboard off`, or a profile's `clipboard = "off"`).
    Off,
    /// On the system clipboard, served by a keeper that clears it after `clear_after` s (0 = never).
    System { clear_after: u64 },
    /// The system clipboard failed, and the mode allows nothing else.
    SystemFailed(KeeperError),
    /// Sent to the terminal with OSC 52.
    Osc52 { tmux: TmuxBuffer },
    /// The OSC 52 sequence could not be written to the terminal.
    Osc52Failed(io::Error),
    /// Sent, but tmux drops it: its `set-clipboard` is `setting` (`external` or `off`), not `on`.
    Osc52Blocked { setting: String },
    /// The system clipboard failed, so OSC 52 was tried: `osc52` says how that went.
    FellBack {
        system: KeeperError,
        osc52: Box<Copied>,
    },
}

/// What becomes of the copy tmux keeps of an OSC 52 copy in a paste buffer.
#[derive(Debug)]
pub enum TmuxBuffer {
    /// Not inside tmux: there is none.
    NotInTmux,
    /// Kept for good (`--clear-after 0`).
    Kept,
    /// Deleted after so many seconds, if it still holds the token.
    DeletedAfter(u64),
    /// The sweeper that would delete it did not start: it stays.
    SweeperFailed(io::Error),
}

impl Copied {
    /// Whether the token was copied and where: what a small screen keeps of the sentence.
    pub fn headline(&self) -> String {
        match self {
            Copied::Off => "Copying is off (clipboard: off).".into(),
            Copied::System { clear_after: 0 } => "Copied to the system clipboard.".into(),
            Copied::System { clear_after } => format!(
                "Copied to the system clipboard; it clears in {clear_after} s unless you copy something else first."
            ),
            Copied::SystemFailed(e) => format!("Could not copy to the system clipboard: {e}."),
            Copied::Osc52 { .. } => {
                "Sent to your terminal with OSC 52 (your terminal must allow it).".into()
            }
            Copied::Osc52Failed(e) => format!("Could not send OSC 52 to the terminal: {e}."),
            Copied::Osc52Blocked { setting } => {
                format!("Not copied: tmux has set-clipboard {setting}, which stops OSC 52 copies.")
            }
            Copied::FellBack { system, osc52 } => {
                format!(
                    "The system clipboard failed ({system}). {}",
                    osc52.headline()
                )
            }
        }
    }

    /// Whether the token reached no clipboard although copying was on.
    pub fn failed(&self) -> bool {
        match self {
            Copied::SystemFailed(_) | Copied::Osc52Failed(_) | Copied::Osc52Blocked { .. } => true,
            Copied::FellBack { osc52, .. } => osc52.failed(),
            Copied::Off | Copied::System { .. } | Copied::Osc52 { .. } => false,
        }
    }

    /// What tmux needs for an OSC 52 copy and what becomes of its paste buffer, inside tmux.
    pub fn detail(&self) -> Option<String> {
        let setting = "In tmux this needs `set -g set-clipboard on`";
        match self {
            Copied::Osc52 { tmux } => match tmux {
                TmuxBuffer::NotInTmux => None,
                TmuxBuffer::Kept => Some(format!("{setting}.")),
                TmuxBuffer::DeletedAfter(after) => Some(format!(
                    "{setting}; its paste buffer is deleted in {after} s."
                )),
                TmuxBuffer::SweeperFailed(e) => Some(format!(
                    "{setting}. Its paste buffer stays: cannot start the tmux buffer sweeper: {e}."
                )),
            },
            Copied::Osc52Blocked { .. } => Some(ALLOW_IN_TMUX.into()),
            Copied::FellBack { osc52, .. } => osc52.detail(),
            _ => None,
        }
    }
}

impl fmt::Display for Copied {
    /// What the copy did, in full: [`Copied::headline`] and any [`Copied::detail`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.headline())?;
        match self.detail() {
            Some(detail) => write!(f, " {detail}"),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCAL: Environment = Environment {
        display: true,
        remote: false,
        tmux: false,
    };
    const SSH: Environment = Environment {
        display: true,
        remote: true,
        tmux: false,
    };
    const HEADLESS: Environment = Environment {
        display: false,
        remote: false,
        tmux: true,
    };

    #[test]
    fn auto_uses_the_desktop_only_when_it_is_the_users() {
        assert_eq!(choose(ClipboardMode::Auto, LOCAL), Some(Method::System));
        assert_eq!(
            choose(ClipboardMode::Auto, SSH),
            Some(Method::Osc52),
            "X forwarding over SSH is not the user's clipboard"
        );
        assert_eq!(choose(ClipboardMode::Auto, HEADLESS), Some(Method::Osc52));
    }

    #[test]
    fn explicit_modes_are_obeyed() {
        assert_eq!(
            choose(ClipboardMode::System, HEADLESS),
            Some(Method::System)
        );
        assert_eq!(choose(ClipboardMode::Osc52, LOCAL), Some(Method::Osc52));
        assert_eq!(choose(ClipboardMode::Off, LOCAL), None);
    }
}
