//! The keyring backend: the system's credential store, through the `keyring` crate. On Linux that is the
//! Secret Service (GNOME Keyring, KWallet, KeePassXC) over D-Bus.
//!
//! Each call runs on a thread of its own and is given a limit: a keyring that never answers (a D-Bus
//! service that does not start, a prompt nobody sees) must not hang a login, and the D-Bus client must
//! not run on the async runtime's threads. Every failure is a [`KeyringError`] of one kind, so that
//! `auto` can tell "there is no keyring here" (use the file) from "there is one, and it said no" (stop).

use std::sync::mpsc;
use std::time::Duration;

use crate::diag::sanitize::sanitize;

/// The service name every item is filed under.
pub const SERVICE: &str = "autoshares-login";

/// How long a keyring call may take; an unlock prompt needs a human, so this is not short.
const PATIENCE: Duration = Duration::from_secs(20);

/// How long the look for a keyring before a login may take: no prompt is involved.
const PROBE_PATIENCE: Duration = Duration::from_secs(10);

/// What the keyring is called on this system, for messages.
pub const NAME: &str = if cfg!(target_os = "macos") {
    "the macOS Keychain"
} else if cfg!(windows) {
    "the Windows Credential Manager"
} else {
    "the keyring (Secret Service)"
};

/// Why the keyring could not be used, by kind. Details are sanitised: they may quote a D-Bus peer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyringError {
    /// No keyring service exists here (no session bus, nothing provides the Secret Service).
    #[error("no keyring service is running ({0}); start one, or use `--store file`")]
    NoService(String),
    /// The keyring exists but is locked, and this run cannot unlock it.
    #[error("{name} is locked; unlock it (log in to the desktop session, or `secret-tool`/`seahorse`), or use `--store file`", name = NAME)]
    Locked,
    /// The keyring asked the user, and the prompt was dismissed (or access was refused).
    #[error("{name} declined: {0}; allow it, or use `--store file`", name = NAME)]
    Declined(String),
    /// The keyring did not answer in time.
    #[error("{name} did not answer within {0} s (is it locked behind a prompt nobody sees?); unlock it, or use `--store file`", name = NAME)]
    Timeout(u64),
    /// The item is there but does not hold what this tool stores.
    #[error("the {name} item {account} is damaged ({detail})", name = NAME)]
    Damaged { account: String, detail: String },
    /// Any other failure of the keyring.
    #[error("{name} failed: {0}; or use `--store file`", name = NAME)]
    Failed(String),
}

/// The secret stored for `account`, or `None` when there is none.
pub fn get(account: &str) -> Result<Option<String>, KeyringError> {
    let account = account.to_string();
    call(PATIENCE, move || match entry(&account)?.get_password() {
        Ok(secret) => Ok(Some(secret)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(keyring::Error::BadEncoding(_)) => Err(KeyringError::Damaged {
            account: sanitize(&account),
            detail: "not UTF-8".into(),
        }),
        Err(e) => Err(classify(e)),
    })
}

/// Stores `secret` for `account`, replacing what was there.
pub fn set(account: &str, secret: String) -> Result<(), KeyringError> {
    let account = account.to_string();
    call(PATIENCE, move || {
        entry(&account)?.set_password(&secret).map_err(classify)
    })
}

/// Deletes the item of `account`; false when there was none.
pub fn delete(account: &str) -> Result<bool, KeyringError> {
    let account = account.to_string();
    call(PATIENCE, move || {
        match entry(&account)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(classify(e)),
        }
    })
}

/// Whether a keyring is here and can be used without a prompt: `Err(NoService)` when there is none at
/// all, `Err(Locked)` (or another kind) when there is one that would not take a token now.
pub fn ready() -> Result<(), KeyringError> {
    call(PROBE_PATIENCE, platform_ready)
}

fn entry(account: &str) -> Result<keyring::Entry, KeyringError> {
    keyring::Entry::new(SERVICE, account).map_err(classify)
}

/// The kind of a `keyring` crate error.
fn classify(error: keyring::Error) -> KeyringError {
    match error {
        keyring::Error::NoStorageAccess(inner) => {
            platform_kind(inner.as_ref()).unwrap_or(KeyringError::Locked)
        }
        keyring::Error::PlatformFailure(inner) => platform_kind(inner.as_ref())
            .unwrap_or_else(|| KeyringError::Failed(sanitize(&inner.to_string()))),
        other => KeyringError::Failed(sanitize(&other.to_string())),
    }
}

/// The kind of a Secret Service error, when it is one.
#[cfg(target_os = "linux")]
fn platform_kind(inner: &(dyn std::error::Error + Send + Sync + 'static)) -> Option<KeyringError> {
    use dbus_secret_service::Error as Ss;
    Some(match inner.downcast_ref::<Ss>()? {
        Ss::Locked | Ss::NoResult => KeyringError::Locked,
        Ss::Prompt => KeyringError::Declined("the unlock prompt was dismissed".into()),
        Ss::Unavailable => KeyringError::NoService("no Secret Service provider on D-Bus".into()),
        Ss::Dbus(e) => dbus_kind(e),
        other => KeyringError::Failed(sanitize(&other.to_string())),
    })
}

#[cfg(not(target_os = "linux"))]
fn platform_kind(_inner: &(dyn std::error::Error + Send + Sync + 'static)) -> Option<KeyringError> {
    None
}

/// The kind of a D-Bus error, by its name.
#[cfg(target_os = "linux")]
fn dbus_kind(error: &dbus::Error) -> KeyringError {
    let name = error.name().unwrap_or_default();
    let detail = sanitize(&format!("{name}: {}", error.message().unwrap_or_default()));
    kind_of_dbus_name(name, detail)
}

/// The kind of the D-Bus error called `name`, `detail` saying it in full.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn kind_of_dbus_name(name: &str, detail: String) -> KeyringError {
    const NO_SERVICE: [&str; 7] = [
        "org.freedesktop.DBus.Error.ServiceUnknown",
        "org.freedesktop.DBus.Error.NoServer",
        "org.freedesktop.DBus.Error.FileNotFound",
        "org.freedesktop.DBus.Error.BadAddress",
        "org.freedesktop.DBus.Error.NameHasNoOwner",
        "org.freedesktop.DBus.Error.Disconnected",
        "org.freedesktop.DBus.Error.NoNetwork",
    ];
    if NO_SERVICE.contains(&name) || name.starts_with("org.freedesktop.DBus.Error.Spawn.") {
        KeyringError::NoService(detail)
    } else if name.ends_with(".IsLocked") {
        KeyringError::Locked
    } else if name == "org.freedesktop.DBus.Error.AccessDenied" {
        KeyringError::Declined(detail)
    } else if matches!(
        name,
        "org.freedesktop.DBus.Error.NoReply"
            | "org.freedesktop.DBus.Error.Timeout"
            | "org.freedesktop.DBus.Error.TimedOut"
    ) {
        KeyringError::Timeout(PATIENCE.as_secs())
    } else {
        KeyringError::Failed(detail)
    }
}

/// Linux: a session bus, something on it providing `org.freedesktop.secrets` (or able to start it), and a
/// default collection that is not locked. Nothing here opens a prompt.
#[cfg(target_os = "linux")]
fn platform_ready() -> Result<(), KeyringError> {
    use dbus_secret_service::{EncryptionType, SecretService};
    const SECRETS: &str = "org.freedesktop.secrets";
    let bus = dbus::blocking::Connection::new_session().map_err(|e| {
        KeyringError::NoService(sanitize(&format!(
            "no D-Bus session bus: {}",
            e.message().unwrap_or_default()
        )))
    })?;
    let daemon = bus.with_proxy(
        "org.freedesktop.DBus",
        "/org/freedesktop/DBus",
        PROBE_PATIENCE,
    );
    let (owned,): (bool,) = daemon
        .method_call("org.freedesktop.DBus", "NameHasOwner", (SECRETS,))
        .map_err(|e| dbus_kind(&e))?;
    if !owned {
        let (names,): (Vec<String>,) = daemon
            .method_call("org.freedesktop.DBus", "ListActivatableNames", ())
            .map_err(|e| dbus_kind(&e))?;
        if !names.iter().any(|n| n == SECRETS) {
            return Err(KeyringError::NoService(format!(
                "nothing on the D-Bus session bus provides {SECRETS}"
            )));
        }
    }
    let from = |e: dbus_secret_service::Error| {
        platform_kind(&e).unwrap_or_else(|| KeyringError::Failed(sanitize(&e.to_string())))
    };
    let service = SecretService::connect(EncryptionType::Plain).map_err(from)?;
    let collection = service.get_default_collection().map_err(from)?;
    if collection.is_locked().map_err(from)? {
        return Err(KeyringError::Locked);
    }
    Ok(())
}

/// macOS and Windows: the credential store is part of the system; it answers a lookup.
#[cfg(not(target_os = "linux"))]
fn platform_ready() -> Result<(), KeyringError> {
    match entry("doctor:probe")?.get_password() {
        Ok(_) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(classify(e)),
    }
}

/// Runs `work` on a thread of its own, waiting at most `patience` for it.
fn call<T: Send + 'static>(
    patience: Duration,
    work: impl FnOnce() -> Result<T, KeyringError> + Send + 'static,
) -> Result<T, KeyringError> {
    let (done, result) = mpsc::channel();
    std::thread::Builder::new()
        .name("keyring".into())
        .spawn(move || {
            let _ = done.send(work());
        })
        .map_err(|e| KeyringError::Failed(format!("cannot start the keyring call: {e}")))?;
    result
        .recv_timeout(patience)
        .unwrap_or(Err(KeyringError::Timeout(patience.as_secs())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dbus_errors_are_told_apart_by_name() {
        let kind = |name: &str| kind_of_dbus_name(name, format!("{name}: detail"));
        for none in [
            "org.freedesktop.DBus.Error.ServiceUnknown",
            "org.freedesktop.DBus.Error.NoServer",
            "org.freedesktop.DBus.Error.Spawn.ChildExited",
        ] {
            assert!(matches!(kind(none), KeyringError::NoService(_)), "{none}");
        }
        assert_eq!(
            kind("org.freedesktop.Secret.Error.IsLocked"),
            KeyringError::Locked
        );
        assert!(matches!(
            kind("org.freedesktop.DBus.Error.AccessDenied"),
            KeyringError::Declined(_)
        ));
        assert!(matches!(
            kind("org.freedesktop.DBus.Error.NoReply"),
            KeyringError::Timeout(_)
        ));
        assert!(matches!(
            kind("org.example.Whatever"),
            KeyringError::Failed(_)
        ));
    }

    #[test]
    fn every_kind_but_no_service_names_the_way_out() {
        for kind in [
            KeyringError::Locked,
            KeyringError::Declined("dismissed".into()),
            KeyringError::Timeout(20),
            KeyringError::Failed("x".into()),
        ] {
            assert!(kind.to_string().contains("--store file"), "{kind}");
        }
        assert!(KeyringError::Locked.to_string().contains("locked"));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn secret_service_errors_are_told_apart_by_kind() {
        use dbus_secret_service::Error as Ss;
        let wrap = |e: Ss| keyring::Error::NoStorageAccess(Box::new(e));
        assert_eq!(classify(wrap(Ss::Locked)), KeyringError::Locked);
        assert!(matches!(
            classify(wrap(Ss::Prompt)),
            KeyringError::Declined(_)
        ));
        let failure = keyring::Error::PlatformFailure(Box::new(Ss::Unavailable));
        assert!(matches!(classify(failure), KeyringError::NoService(_)));
    }
}
