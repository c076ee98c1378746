//! The clipboard route a login would take: the desktop's clipboard, or OSC 52 to the terminal (through tmux).

use std::time::Duration;

use super::{Check, Finding};
use crate::clipboard::{ALLOW_IN_TMUX, ClipboardMode, Environment, Method, choose, tmux};
use crate::diag::sanitize::sanitize;

/// How long the display gets to answer.
const ASK_TIMEOUT: Duration = Duration::from_secs(5);

pub(crate) async fn check(mode: ClipboardMode) -> Finding {
    let env = Environment::from_env();
    match choose(mode, env) {
        None => Finding::ok(
            Check::Clipboard,
            "copying is off (clipboard: off): the success screen shows the token on Ctrl-S",
        ),
        Some(Method::System) => system(mode).await,
        Some(Method::Osc52) => osc52(env).await,
    }
}

fn display_name() -> String {
    ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .find_map(|name| {
            let value = std::env::var(name).ok().filter(|v| !v.is_empty())?;
            Some(format!("{name}={}", sanitize(&value)))
        })
        .unwrap_or_else(|| "no display variable".to_string())
}

/// Opens the desktop's clipboard as the keeper would; a display that does not answer is reported.
async fn system(mode: ClipboardMode) -> Finding {
    let display = display_name();
    let opened = tokio::time::timeout(
        ASK_TIMEOUT,
        tokio::task::spawn_blocking(|| arboard::Clipboard::new().map(drop)),
    )
    .await;
    let error = match opened {
        Ok(Ok(Ok(()))) => {
            return Finding::ok(
                Check::Clipboard,
                format!(
                    "the system clipboard ({display}) answers; a background process keeps the token there after exit"
                ),
            );
        }
        Ok(Ok(Err(e))) => sanitize(&e.to_string()),
        Ok(Err(e)) => sanitize(&e.to_string()),
        Err(_) => format!("no answer within {} s", ASK_TIMEOUT.as_secs()),
    };
    let detail = format!("the system clipboard ({display}) does not answer: {error}");
    if mode == ClipboardMode::Auto {
        Finding::warn(
            Check::Clipboard,
            format!("{detail}; auto falls back to OSC 52"),
            "Check that DISPLAY names a running X server you may use (XAUTHORITY), or choose --clipboard osc52.",
        )
    } else {
        Finding::fail(
            Check::Clipboard,
            detail,
            "Check that DISPLAY names a running X server you may use (XAUTHORITY), or choose --clipboard osc52 or auto.",
        )
    }
}

async fn osc52(env: Environment) -> Finding {
    let why = if env.remote {
        "over SSH"
    } else if env.display {
        "chosen"
    } else {
        "no display here"
    };
    let route = format!("OSC 52 to your terminal ({why})");
    if !env.tmux {
        return Finding::ok(
            Check::Clipboard,
            format!(
                "{route}; the terminal must allow it (kitty, iTerm2 and others ask for it to be enabled)"
            ),
        );
    }
    match tmux::set_clipboard().await {
        Ok(value) if value == "on" => Finding::ok(
            Check::Clipboard,
            format!("{route} through tmux, which passes it on (set-clipboard on)"),
        ),
        Ok(value) => Finding::warn(
            Check::Clipboard,
            format!("{route}, but tmux has set-clipboard {value}: the copy stops in tmux"),
            ALLOW_IN_TMUX,
        ),
        Err(e) => Finding::warn(
            Check::Clipboard,
            format!("{route} inside tmux, whose set-clipboard could not be read: {e}"),
            "tmux passes OSC 52 on only with `set -g set-clipboard on` in ~/.tmux.conf.",
        ),
    }
}
