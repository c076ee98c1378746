//! The clipboard keeper: a background copy of this binary that owns the copy after the TUI exits.
//!
//! X11 (and XWayland) serve the clipboard from the process that set it, so a copy would vanish when the
//! TUI exits. The keeper gets the token through a pipe (never argv or the environment, and it starts
//! with only the display variables: see [`helper`]), sets it marked as excluded from clipboard history,
//! reports back, and keeps serving until `--clear-after` passes (then clears it, if it still holds the
//! token) or another program takes the clipboard.
//! Windows keeps a copy after its program exits: there the keeper only waits to clear it, detached from
//! the console so that closing the window does not end it.

use std::io::{self, Read, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use arboard::Clipboard;
use secrecy::{ExposeSecret, SecretString};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use zeroize::Zeroizing;

use super::helper;

/// The hidden subcommand that runs the keeper.
pub const SUBCOMMAND: &str = "__keep-clipboard";

/// How long the TUI waits for the keeper to confirm the copy.
const CONFIRM_TIMEOUT: Duration = Duration::from_secs(5);
/// How often the keeper checks that it still holds the clipboard.
#[cfg(not(windows))]
const POLL: Duration = Duration::from_millis(250);
/// The keeper's first line when the copy is in place.
const OK: &str = "ok";
/// The most the keeper reads from stdin: far more than any token, little enough that a stray pipe cannot
/// exhaust memory.
const MAX_TOKEN_BYTES: usize = 64 * 1024;

/// Why the keeper did not take the token: no system clipboard copy.
#[derive(Debug, thiserror::Error)]
pub enum KeeperError {
    #[error("cannot find this program: {0}")]
    NoProgram(io::Error),
    #[error("cannot start the clipboard keeper: {0}")]
    Spawn(io::Error),
    #[error("no pipe to or from the keeper")]
    NoPipe,
    #[error("cannot hand the token to the keeper: {0}")]
    Pipe(io::Error),
    /// The keeper's own words (sanitised): what the clipboard said.
    #[error("{0}")]
    Refused(String),
    #[error("the clipboard keeper stopped without a word")]
    Silent,
    #[error("the clipboard did not answer in time")]
    Timeout,
}

/// Starts a keeper for `token` and waits for it to confirm; the error says why there is no copy.
pub async fn hand_over(token: &SecretString, clear_after: u64) -> Result<(), KeeperError> {
    let mut child = helper::command(
        &[SUBCOMMAND, "--clear-after", &clear_after.to_string()],
        helper::CLIPBOARD_VARS,
    )
    .map_err(KeeperError::NoProgram)?
    .spawn()
    .map_err(KeeperError::Spawn)?;
    let mut stdin = child.stdin.take().ok_or(KeeperError::NoPipe)?;
    stdin
        .write_all(token.expose_secret().as_bytes())
        .await
        .map_err(KeeperError::Pipe)?;
    drop(stdin);
    let stdout = child.stdout.take().ok_or(KeeperError::NoPipe)?;
    let mut answer = String::new();
    let read = tokio::time::timeout(
        CONFIRM_TIMEOUT,
        BufReader::new(stdout).read_line(&mut answer),
    )
    .await;
    match read {
        Ok(Ok(_)) if answer.trim() == OK => Ok(()),
        Ok(Ok(_)) if !answer.trim().is_empty() => Err(KeeperError::Refused(
            crate::diag::sanitize::sanitize(answer.trim()),
        )),
        Ok(_) => Err(KeeperError::Silent),
        Err(_) => {
            let _ = child.start_kill();
            Err(KeeperError::Timeout)
        }
    }
}

/// The keeper process: reads the token from stdin, sets it, says `ok` (or the error) on stdout, then serves it.
pub fn run(clear_after: u64) -> ExitCode {
    let token = match read_token(std::io::stdin()) {
        Ok(token) => token,
        Err(e) => return report(Err(e)),
    };
    let mut clipboard =
        match Clipboard::new().and_then(|mut c| set_secret(&mut c, &token).map(|()| c)) {
            Ok(clipboard) => clipboard,
            Err(e) => return report(Err(e.into())),
        };
    report(Ok(()));
    serve(
        &mut clipboard,
        &token,
        deadline(Instant::now(), clear_after),
    );
    ExitCode::SUCCESS
}

/// Puts `token` on the clipboard, marked for clipboard history (and on Windows cloud sync and clipboard
/// monitors) to leave alone.
fn set_secret(clipboard: &mut Clipboard, token: &SecretString) -> Result<(), arboard::Error> {
    let set = clipboard.set();
    #[cfg(target_os = "linux")]
    let set = arboard::SetExtLinux::exclude_from_history(set);
    #[cfg(windows)]
    let set = arboard::SetExtWindows::exclude_from_monitoring(set);
    set.text(token.expose_secret())
}

fn holds(clipboard: &mut Clipboard, token: &SecretString) -> bool {
    clipboard
        .get_text()
        .is_ok_and(|text| text == token.expose_secret())
}

/// Serves the copy until another program takes the clipboard, or until `deadline` (then clears it).
#[cfg(not(windows))]
fn serve(clipboard: &mut Clipboard, token: &SecretString, deadline: Option<Instant>) {
    while holds(clipboard, token) {
        if deadline.is_some_and(|d| Instant::now() >= d) {
            let _ = clipboard.clear();
            return;
        }
        std::thread::sleep(POLL);
    }
}

/// Windows serves the copy itself: wait for `deadline`, then clear the clipboard if it still holds the
/// token. (No polling: each look opens the clipboard, which other programs would then find busy.)
#[cfg(windows)]
fn serve(clipboard: &mut Clipboard, token: &SecretString, deadline: Option<Instant>) {
    let Some(deadline) = deadline else { return };
    std::thread::sleep(deadline.saturating_duration_since(Instant::now()));
    if holds(clipboard, token) {
        let _ = clipboard.clear();
    }
}

/// Why the keeper process has no copy to serve; its words go back to the TUI on stdout.
#[derive(Debug, thiserror::Error)]
enum KeepError {
    #[error("no token on stdin")]
    NoToken,
    #[error("more than {MAX_TOKEN_BYTES} bytes on stdin: not a token")]
    TooLong,
    #[error(transparent)]
    Clipboard(#[from] arboard::Error),
}

/// The token from `input`: all of it, at most [`MAX_TOKEN_BYTES`].
fn read_token(input: impl Read) -> Result<SecretString, KeepError> {
    // Room for one byte past the limit, so that reading never reallocates (and leaves no copy behind).
    let mut token = Zeroizing::new(String::with_capacity(MAX_TOKEN_BYTES + 1));
    let limit = u64::try_from(MAX_TOKEN_BYTES + 1).unwrap_or(u64::MAX);
    if input.take(limit).read_to_string(&mut token).is_err() || token.is_empty() {
        return Err(KeepError::NoToken);
    }
    if token.len() > MAX_TOKEN_BYTES {
        return Err(KeepError::TooLong);
    }
    Ok(SecretString::from(token.as_str()))
}

/// When to clear the clipboard: `clear_after` seconds from `now`; never for 0, nor for a time too far
/// away to represent.
fn deadline(now: Instant, clear_after: u64) -> Option<Instant> {
    if clear_after == 0 {
        return None;
    }
    now.checked_add(Duration::from_secs(clear_after))
}

fn report(result: Result<(), KeepError>) -> ExitCode {
    let mut stdout = std::io::stdout();
    let (line, code) = match result {
        Ok(()) => (OK.to_string(), ExitCode::SUCCESS),
        Err(e) => (e.to_string(), ExitCode::FAILURE),
    };
    let _ = writeln!(stdout, "{line}");
    let _ = stdout.flush();
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_clear_after_means_never_rather_than_a_panic() {
        let now = Instant::now();
        assert_eq!(deadline(now, 0), None);
        assert_eq!(deadline(now, u64::MAX), None);
        assert_eq!(deadline(now, 30), Some(now + Duration::from_secs(30)));
    }

    #[test]
    fn the_token_read_is_capped() {
        let token = read_token(&b"TOKEN-abc"[..]).unwrap();
        assert_eq!(token.expose_secret(), "TOKEN-abc");
        let largest = vec![b'x'; MAX_TOKEN_BYTES];
        assert!(read_token(&largest[..]).is_ok());
        let endless = std::io::repeat(b'x');
        let err = read_token(endless).unwrap_err();
        assert!(err.to_string().contains("more than"), "{err}");
        assert!(read_token(&b""[..]).is_err());
    }
}
