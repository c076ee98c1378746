//! Where the token is copied: the system clipboard through a keeper process, or the terminal through OSC 52.

mod helper;
pub mod keeper;
mod osc52;

use secrecy::SecretString;

/// Where the token is copied, as the user asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClipboardMode {
    /// The system clipboard locally, OSC 52 over SSH or without a display.
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

/// Copies tokens as the command line asked, and says in words exactly what happened.
#[derive(Debug, Clone)]
pub struct Copier {
    mode: ClipboardMode,
    env: Environment,
    clear_after: u64,
}

/// What the success screen says with `--clipboard off`.
pub const OFF_NOTICE: &str = "Copying is off (--clipboard off).";

impl Copier {
    /// False with `--clipboard off`: a login's token is then not copied at all.
    pub fn is_enabled(&self) -> bool {
        self.mode != ClipboardMode::Off
    }

    pub fn new(mode: ClipboardMode, env: Environment, clear_after: u64) -> Self {
        Copier {
            mode,
            env,
            clear_after,
        }
    }

    /// Copies `token`; the answer is for the success screen. Never claims a copy that did not happen.
    pub async fn copy(&self, token: &SecretString) -> String {
        match choose(self.mode, self.env) {
            None => OFF_NOTICE.to_string(),
            Some(Method::Osc52) => self.copy_osc52(token),
            Some(Method::System) => match keeper::hand_over(token, self.clear_after).await {
                Ok(()) if self.clear_after == 0 => "Copied to the system clipboard.".to_string(),
                Ok(()) => format!(
                    "Copied to the system clipboard; it clears in {} s unless you copy something else first.",
                    self.clear_after
                ),
                Err(e) if self.mode == ClipboardMode::Auto => {
                    format!(
                        "The system clipboard failed ({e}). {}",
                        self.copy_osc52(token)
                    )
                }
                Err(e) => format!(
                    "Could not copy to the system clipboard: {e}. Press s to show the token."
                ),
            },
        }
    }

    fn copy_osc52(&self, token: &SecretString) -> String {
        let tmux_note = if self.env.tmux {
            " In tmux this needs `set -g set-clipboard on`."
        } else {
            ""
        };
        match osc52::send(token) {
            Ok(()) => format!(
                "Sent to your terminal with OSC 52 (your terminal must allow it).{tmux_note}"
            ),
            Err(e) => {
                format!("Could not send OSC 52 to the terminal: {e}. Press s to show the token.")
            }
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
