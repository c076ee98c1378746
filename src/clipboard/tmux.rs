//! tmux keeps every OSC 52 copy in a paste buffer for good. When `--clear-after` passes, a background
//! copy of this binary deletes the buffers that still hold the token, and only those. It is given the
//! token's SHA-256 on stdin, never the token, and starts with only `PATH` and `TMUX` in its environment.
//! tmux passes an application's OSC 52 on only with `set-clipboard on`: [`set_clipboard`] reads it.

use std::io::Read;
use std::process::{Command, ExitCode, Stdio};
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;
use zeroize::Zeroizing;

use super::helper;
use crate::diag::sanitize::sanitize;

/// The hidden subcommand that runs the sweeper.
pub const SUBCOMMAND: &str = "__clear-tmux-buffers";

/// How long tmux gets to say its `set-clipboard`.
const ASK_TIMEOUT: Duration = Duration::from_secs(3);

/// Why tmux's `set-clipboard` could not be read.
#[derive(Debug, thiserror::Error)]
pub enum AskError {
    #[error("tmux did not answer within {} s", ASK_TIMEOUT.as_secs())]
    Timeout,
    /// tmux could not be run, or said why not (sanitised).
    #[error("{0}")]
    Failed(String),
}

/// `set-clipboard` of the tmux server this process runs in (`$TMUX`), sanitised: `on` passes an
/// application's OSC 52 on to the terminal; `external` and `off` drop it.
pub async fn set_clipboard() -> Result<String, AskError> {
    let asked = tokio::process::Command::new("tmux")
        .args(["show-options", "-gv", "set-clipboard"])
        .stdin(Stdio::null())
        .kill_on_drop(true)
        .output();
    match tokio::time::timeout(ASK_TIMEOUT, asked).await {
        Err(_) => Err(AskError::Timeout),
        Ok(Err(e)) => Err(AskError::Failed(sanitize(&e.to_string()))),
        Ok(Ok(output)) if output.status.success() => {
            Ok(sanitize(String::from_utf8_lossy(&output.stdout).trim()))
        }
        Ok(Ok(output)) => Err(AskError::Failed(sanitize(&String::from_utf8_lossy(
            &output.stderr,
        )))),
    }
}

/// A SHA-256 in hex: what the sweeper reads from stdin.
const DIGEST_HEX_LEN: usize = 64;

/// Starts a sweeper that deletes, in `after` seconds, the tmux buffers holding `token`.
pub async fn schedule_sweep(token: &SecretString, after: u64) -> std::io::Result<()> {
    let mut child = helper::command(
        &[SUBCOMMAND, "--after", &after.to_string()],
        helper::TMUX_VARS,
    )?
    .spawn()?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| std::io::Error::other("no pipe to the sweeper"))?;
    stdin
        .write_all(digest_hex(token.expose_secret().as_bytes()).as_bytes())
        .await
}

/// The sweeper process: reads the token's digest from stdin, waits `after` seconds, then deletes every
/// tmux buffer whose text (around white space) is the token.
pub fn run(after: u64) -> ExitCode {
    let mut digest = String::new();
    let read = std::io::stdin()
        .take(DIGEST_HEX_LEN as u64 + 1)
        .read_to_string(&mut digest);
    if read.is_err() || digest.len() != DIGEST_HEX_LEN {
        return ExitCode::FAILURE;
    }
    std::thread::sleep(Duration::from_secs(after));
    match delete_buffers_holding(&digest) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    }
}

/// Deletes the buffers of the tmux server named by `TMUX` whose trimmed text has the SHA-256 `digest`.
fn delete_buffers_holding(digest: &str) -> std::io::Result<()> {
    let names = tmux(&["list-buffers", "-F", "#{buffer_name}"])?;
    for name in String::from_utf8_lossy(&names).lines() {
        // A buffer deleted or replaced meanwhile is no longer one to delete.
        if tmux(&["show-buffer", "-b", name])
            .is_ok_and(|text| digest_hex(text.trim_ascii()) == digest)
        {
            tmux(&["delete-buffer", "-b", name])?;
        }
    }
    Ok(())
}

/// Runs `tmux ARGS`; its stdout, wiped from memory when dropped (a buffer may hold the token).
fn tmux(args: &[&str]) -> std::io::Result<Zeroizing<Vec<u8>>> {
    let output = Command::new("tmux")
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()?;
    let stdout = Zeroizing::new(output.stdout);
    if output.status.success() {
        Ok(stdout)
    } else {
        Err(std::io::Error::other(format!("tmux {} failed", args[0])))
    }
}

fn digest_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
