//! A valid token for `token` and `exec`: the stored one when it has enough life left (and, with `--check`,
//! the server still takes it), else one login, under the lock, stored for the next run.

use std::time::Duration;

use jiff::Timestamp;
use secrecy::{ExposeSecret, SecretString};

use super::{Context, LoggedIn, Login};
use crate::auth::{ClientConfig, TokenClient};
use crate::diag::sanitize::sanitize;
use crate::exit::{Error, Exit};
use crate::runtime::LazyRuntime;
use crate::session::{LoginLock, Saver, StoreKey, StoreMode, StoredSession};

/// How much life a stored token must have, and whether the server must confirm it.
#[derive(Debug, Clone, Copy)]
pub struct Validity {
    pub min_valid: Duration,
    pub check: bool,
}

/// A session whose token has more than `validity.min_valid` left: stored, or from a new login.
pub fn obtain(
    context: &mut Context,
    validity: Validity,
    login: &Login<'_>,
    runtime: &LazyRuntime,
) -> Result<StoredSession, Exit> {
    let Some(key) = context.key() else {
        ready(context)?;
        let logged_in = login(&context.settings)?;
        return Ok(keep(context, logged_in));
    };
    let stored = load(context, &key)?;
    let rejected = match reusable(context, stored, validity, runtime) {
        Reuse::Yes(session) => return Ok(session),
        Reuse::NotConfirmed(token) => Some(token),
        Reuse::No => None,
    };
    // A store that will not take the token stops the run before the password is sent.
    ready(context)?;
    // `--store none` stores nothing, so there is nothing to wait for (and no state dir to need).
    let _lock = (context.store.mode() != StoreMode::None)
        .then(|| {
            LoginLock::acquire(&context.paths.state, &key, || {
                crate::say!(
                    "Waiting for another autoshares-login to finish logging in ({})…",
                    key.describe()
                );
            })
        })
        .transpose()
        .map_err(|e| Error::Lock(e).report())?;
    // The run that held the lock may have just stored a fresh token (not the one the server refused).
    let stored = load(context, &key)?;
    let fresh = |s: &&StoredSession| {
        context.is_for_this_run(s)
            && s.valid_for(validity.min_valid, Timestamp::now())
            && s.token.as_ref().map(ExposeSecret::expose_secret)
                != rejected.as_ref().map(ExposeSecret::expose_secret)
    };
    if let Some(session) = stored.as_ref().filter(fresh) {
        return Ok(session.clone());
    }
    if context.settings.app_key.is_none() {
        let same_url = |s: &StoredSession| s.is_for(context.settings.url.as_deref(), None);
        context.settings.app_key = stored.filter(same_url).and_then(|s| s.app_key);
    }
    let logged_in = login(&context.settings)?;
    Ok(keep(context, logged_in))
}

/// Whether the store can take the token of a login about to start (see [`crate::session::Store::ready`]);
/// when not, a configuration error naming the cause and the way out.
pub fn ready(context: &Context) -> Result<(), Exit> {
    context.store.ready().map_err(|e| Error::Store(e).report())
}

/// The stored session of `key`; a store that cannot be read is a configuration error.
fn load(context: &Context, key: &StoreKey) -> Result<Option<StoredSession>, Exit> {
    context
        .store
        .load(key)
        .map_err(|e| Error::Store(e).report())
}

/// Whether a stored session can be used.
enum Reuse {
    Yes(StoredSession),
    /// Valid by the clock, but the server did not confirm this token.
    NotConfirmed(SecretString),
    No,
}

/// The stored session when it is this run's (its URL and username), valid long enough and, with
/// `--check`, the server still accepts it.
fn reusable(
    context: &Context,
    stored: Option<StoredSession>,
    validity: Validity,
    runtime: &LazyRuntime,
) -> Reuse {
    let Some(session) = stored.filter(|s| s.valid_for(validity.min_valid, Timestamp::now())) else {
        return Reuse::No;
    };
    if !context.is_for_this_run(&session) {
        crate::say!(
            "{}",
            sanitize(&format!(
                "The stored token is for {} at {}; logging in again.",
                session.username, session.url
            ))
        );
        return Reuse::No;
    }
    if !validity.check {
        return Reuse::Yes(session);
    }
    let confirmed = runtime.block_on(confirm(context, &session));
    match confirmed.unwrap_or_else(|e| Err(e.to_string())) {
        Ok(()) => Reuse::Yes(session),
        Err(why) => {
            crate::say!("The stored token was not confirmed ({why}); logging in again.");
            session.token.map_or(Reuse::No, Reuse::NotConfirmed)
        }
    }
}

/// Asks the server whose token it is (`GET {base}/v1.0/users/@me/info`).
pub(super) async fn confirm(context: &Context, session: &StoredSession) -> Result<(), String> {
    let app_key = (context.settings.app_key.clone())
        .or_else(|| session.app_key.clone())
        .ok_or("no app key to ask with")?;
    let token = session.token.clone().ok_or("no token")?;
    let client = TokenClient::new(&ClientConfig {
        url: session.url.clone(),
        options: context.settings.client.clone(),
    })
    .map_err(|e| e.to_string())?;
    client
        .user_info(&app_key, &token)
        .await
        .0
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Stores the session of a login that just succeeded and says where (on stderr); a store that fails is
/// a warning, the token still goes where it was asked for. The session, stored or not.
pub fn keep(context: &mut Context, logged_in: LoggedIn) -> StoredSession {
    if context.settings.app_key.is_none() {
        context.settings.app_key = logged_in.app_key.clone();
    }
    let now = Timestamp::now();
    let (url, username) = (&logged_in.url, &logged_in.username);
    // The TUI may have stored the token already; else it is stored here.
    let kept = logged_in.kept.map(Ok).or_else(|| {
        let saver = Saver::new(&context.settings, &context.paths.state);
        let login = (url.as_str(), username.as_str(), logged_in.app_key.as_ref());
        saver.keep(logged_in.token.clone(), login, now)
    });
    match kept {
        Some(Ok(kept)) => {
            crate::say!(
                "{}",
                kept.describe(now, &crate::session::LocalZone::System.zone())
            );
            return kept.session;
        }
        Some(Err(e)) => crate::say!("warning: the token could not be stored: {e}"),
        None => crate::say!(
            "note: without a profile (or --url and --username) this login cannot be stored for the next run."
        ),
    }
    let mut session = StoredSession::issued(
        logged_in.token,
        now,
        context.settings.token_lifetime,
        url,
        username,
    );
    session.profile = context.settings.profile.clone();
    session
}
