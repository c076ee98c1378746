//! The keyring backend: the system's credential store, through the `keyring` crate. On Linux that is the
//! Secret Service (GNOME Keyring, KWallet, KeePassXC) over D-Bus.
//!
//! Each call runs on a thread of its own and is given [`PATIENCE`]: a keyring that never answers (a D-Bus
//! service that does not start) must not hang a login, and the D-Bus client must not run on the async
//! runtime's threads.

use std::sync::mpsc;
use std::time::Duration;

/// The service name every item is filed under.
pub const SERVICE: &str = "autoshares-login";

/// How long a keyring call may take; an unlock prompt needs a human, so this is not short.
const PATIENCE: Duration = Duration::from_secs(20);

/// What the keyring is called on this system, for messages.
pub const NAME: &str = if cfg!(target_os = "macos") {
    "the macOS Keychain"
} else if cfg!(windows) {
    "the Windows Credential Manager"
} else {
    "the keyring (Secret Service)"
};

/// The secret stored for `account`, or `None` when there is none.
pub fn get(account: &str) -> Result<Option<String>, String> {
    let account = account.to_string();
    call(move || match entry(&account)?.get_password() {
        Ok(secret) => Ok(Some(secret)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(e.to_string()),
    })
}

/// Stores `secret` for `account`, replacing what was there.
pub fn set(account: &str, secret: String) -> Result<(), String> {
    let account = account.to_string();
    call(move || {
        entry(&account)?
            .set_password(&secret)
            .map_err(|e| e.to_string())
    })
}

/// Deletes the item of `account`; false when there was none.
pub fn delete(account: &str) -> Result<bool, String> {
    let account = account.to_string();
    call(move || match entry(&account)?.delete_credential() {
        Ok(()) => Ok(true),
        Err(keyring::Error::NoEntry) => Ok(false),
        Err(e) => Err(e.to_string()),
    })
}

fn entry(account: &str) -> Result<keyring::Entry, String> {
    keyring::Entry::new(SERVICE, account).map_err(|e| e.to_string())
}

/// Runs `work` on a thread of its own, waiting at most [`PATIENCE`] for it.
fn call<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, String> {
    let (done, result) = mpsc::channel();
    std::thread::Builder::new()
        .name("keyring".into())
        .spawn(move || {
            let _ = done.send(work());
        })
        .map_err(|e| format!("cannot start the keyring call: {e}"))?;
    result.recv_timeout(PATIENCE).unwrap_or_else(|_| {
        Err(format!(
            "no answer within {} s (is the keyring locked, or its service not running?)",
            PATIENCE.as_secs()
        ))
    })
}
