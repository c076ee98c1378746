//! The token store a login would use (the keyring answers; the file store is private and writable), and the
//! stored token's time left. Keyring calls block, so these checks run off the async runtime's threads.

use std::path::Path;

use secrecy::SecretString;

use super::{Check, Finding};
use crate::diag::mode_open_to_others;
use crate::diag::run_context::home_relative;
use crate::diag::sanitize::sanitize;
use crate::session::{
    Context, KeyringError, Store, StoreKey, StoreMode, human_duration, local_time,
};

/// The store's finding and the stored token's.
pub async fn check(context: &Context) -> Vec<Finding> {
    let store = context.store.clone();
    let key = context.key();
    let settings = &context.settings;
    let login = (settings.url.clone(), settings.username.clone());
    let checked = tokio::task::spawn_blocking(move || {
        vec![
            store_finding(&store),
            token_finding(&store, key.as_ref(), &login),
        ]
    })
    .await;
    checked.unwrap_or_else(|e| {
        vec![
            Finding::fail(Check::Store, format!("the check stopped: {e}"), STORE_HINT),
            Finding::skip(Check::Token, "not checked: the store check stopped"),
        ]
    })
}

/// The app key a login would use when none is given: the one saved with the stored session, when that
/// is for this run's URL (never one saved for another server).
pub async fn saved_app_key(context: &Context) -> Option<SecretString> {
    let (store, key) = (context.store.clone(), context.key()?);
    let url = context.settings.url.clone();
    tokio::task::spawn_blocking(move || store.saved_app_key(&key, url.as_deref()))
        .await
        .ok()
        .flatten()
}

const STORE_HINT: &str = "Start or unlock the keyring (on Linux a Secret Service such as gnome-keyring-daemon, over D-Bus), or choose --store file.";

fn store_finding(store: &Store) -> Finding {
    let keyring = Store::keyring_name();
    match store.mode() {
        StoreMode::None => Finding::ok(
            Check::Store,
            "nothing is stored (store: none), so every `token` and `exec` logs in",
        ),
        StoreMode::Keyring => match Store::keyring_answers() {
            Ok(()) => Finding::ok(Check::Store, format!("{keyring} answers")),
            Err(why) => Finding::fail(
                Check::Store,
                format!("{keyring} does not answer: {}", sanitize(&why.to_string())),
                STORE_HINT,
            ),
        },
        StoreMode::File => file_finding(store.dir(), ""),
        StoreMode::Auto => match Store::keyring_answers() {
            Ok(()) => Finding::ok(
                Check::Store,
                format!("auto: {keyring} answers; tokens are kept there"),
            ),
            Err(KeyringError::NoService(why)) => {
                let why = format!("auto: no keyring service ({}), so ", sanitize(&why));
                file_finding(store.dir(), &why)
            }
            // A keyring that is there but will not take a token is a login that stops: never a plain copy.
            Err(why) => Finding::fail(
                Check::Store,
                format!("auto: {}", sanitize(&why.to_string())),
                STORE_HINT,
            ),
        },
    }
}

/// The file store's folder: private and writable, or what is wrong with it.
fn file_finding(dir: &Path, prefix: &str) -> Finding {
    let shown = sanitize(&home_relative(dir));
    let fail = |detail: String| {
        Finding::fail(
            Check::Store,
            format!("{prefix}{detail}"),
            "Fix the folder's owner and permissions (or remove it: it is created again), or choose --store keyring.",
        )
    };
    let meta = match std::fs::symlink_metadata(dir) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Finding::ok(
                Check::Store,
                format!(
                    "{prefix}files in {shown}, created readable by you only at the first login"
                ),
            );
        }
        Err(e) => return fail(format!("{shown}: {e}")),
    };
    if meta.file_type().is_symlink() || !meta.is_dir() {
        return fail(format!("{shown} is a symlink or not a folder"));
    }
    if let Err(e) = probe_write(dir) {
        return fail(format!("{shown} is not writable: {e}"));
    }
    match mode_open_to_others(&meta) {
        Some(mode) => Finding::warn(
            Check::Store,
            format!("{prefix}files in {shown}, which others may read (mode {mode:o})"),
            "The next login makes it readable by you only; or run `chmod 700` on it now.",
        ),
        None => Finding::ok(
            Check::Store,
            format!("{prefix}files in {shown}: readable by you only, and writable"),
        ),
    }
}

/// Creates and removes a file in `dir`.
fn probe_write(dir: &Path) -> std::io::Result<()> {
    let probe = dir.join(format!(".doctor-{}", std::process::id()));
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)?;
    std::fs::remove_file(&probe)
}

/// The token stored under `key`, and whether it is for the run's `login` (URL and username): a profile
/// may hold another username's token when the run names one of its own.
fn token_finding(
    store: &Store,
    key: Option<&StoreKey>,
    login: &(Option<String>, Option<String>),
) -> Finding {
    if store.mode() == StoreMode::None {
        return Finding::skip(Check::Token, "not checked: nothing is stored (store: none)");
    }
    let Some(key) = key else {
        return Finding::skip(
            Check::Token,
            "not checked: no profile, and no URL and username to name a stored session",
        );
    };
    let whose = sanitize(&key.describe());
    let (url, username) = (login.0.as_deref(), login.1.as_deref());
    match store.summary(key) {
        Ok(Some(summary)) if summary.has_token && !summary.is_for(url, username) => Finding::warn(
            Check::Token,
            sanitize(&format!(
                "{whose}: the stored token is for {} at {}, not for {} at {}",
                summary.username,
                summary.url,
                username.unwrap_or(&summary.username),
                url.unwrap_or(&summary.url)
            )),
            "The next `token` or `exec` logs in as this run asks and stores that token in its place.",
        ),
        Ok(Some(summary)) if summary.has_token => {
            let left = summary.time_left(jiff::Timestamp::now());
            let until = local_time(summary.expires_at);
            if left.is_zero() {
                Finding::warn(
                    Check::Token,
                    format!("{whose}: expired at {until}"),
                    "The next `token` or `exec` logs in again; so does `autoshares-login` now.",
                )
            } else {
                Finding::ok(
                    Check::Token,
                    format!(
                        "{whose}: valid for {} (until {until})",
                        human_duration(left)
                    ),
                )
            }
        }
        Ok(_) => Finding::ok(
            Check::Token,
            format!("none stored for {whose}: the next login stores one"),
        ),
        Err(e) => Finding::fail(
            Check::Token,
            sanitize(&e.to_string()),
            "`autoshares-login logout` (with the same --profile) removes the stored session; the next login stores a new one.",
        ),
    }
}
