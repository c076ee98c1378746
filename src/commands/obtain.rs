//! A valid token for `token` and `exec`: the stored one when it has enough life left (and, with `--check`,
//! the server still takes it), else one login, under the lock, stored for the next run.

use std::time::Duration;

use jiff::Timestamp;
use secrecy::{ExposeSecret, SecretString};

use super::{Context, Login, Obtained};
use crate::auth::{CheckError, ClientConfig, Fault, TokenClient};
use crate::diag::sanitize::sanitize;
use crate::exit::{Error, Exit};
use crate::runtime::LazyRuntime;
use crate::session::{
    LockPlace, LoginLock, MAX_WAIT, Saver, StoreError, StoreKey, StoreMode, StoredSession,
    human_duration, local_time,
};
use crate::signals::Signals;

/// How much life a stored token must have, and whether the server must confirm it.
#[derive(Debug, Clone, Copy)]
pub struct Validity {
    pub min_valid: Duration,
    pub check: bool,
}

/// A session whose token has more than `validity.min_valid` left: stored, or from a new login. Before a
/// login, stderr says why one is needed.
///
/// Two runs for one key never log in at once: a line-mode login runs under the key's lock, taken here
/// (the wait bounded, Ctrl-C or SIGTERM ending it with 130), and a run that got the lock after another's
/// login reuses its token. The TUI waits for the user on its form, so it is handed the lock to take
/// itself, only while a request is under way. `--store none` shares nothing: no lock, no state dir.
pub fn obtain(
    context: &mut Context,
    validity: Validity,
    login: &Login<'_>,
    runtime: &LazyRuntime,
) -> Result<StoredSession, Exit> {
    let key = match context.key() {
        Some(key) if context.store.mode() != StoreMode::None => key,
        key => {
            let why = match key {
                Some(key) => format!("nothing is stored for {} (store: none)", key.describe()),
                None => "without a profile (or --url and --username) no token is stored".into(),
            };
            say_why(&why);
            ready(context)?;
            let obtained = (login.run)(&context.settings, None, &why)?;
            return Ok(keep(context, obtained));
        }
    };
    let (stored, damaged) = load(context, &key)?;
    let (rejected, why) = match reusable(context, &key, stored, validity, runtime)? {
        Reuse::Yes(session) => return Ok(session),
        Reuse::No { rejected, why } => (rejected, damaged.unwrap_or(why)),
    };
    // A store that will not take the token stops the run before the password is sent.
    ready(context)?;
    let place = LockPlace::new(&context.paths.state, &key);
    if (login.waits_for_the_user)() {
        context.fill_saved_app_key();
        say_why(&why);
        let obtained = (login.run)(&context.settings, Some(place), &why)?;
        return Ok(keep(context, obtained));
    }
    let _lock = wait_for_lock(&place, runtime)?;
    // The run that held the lock may have just stored a fresh token (not the one the server refused).
    let (stored, _) = load(context, &key)?;
    let fresh = |s: &&StoredSession| {
        context.is_for_this_run(s)
            && s.valid_for(validity.min_valid, Timestamp::now())
            && s.token.as_ref().map(ExposeSecret::expose_secret)
                != rejected.as_ref().map(ExposeSecret::expose_secret)
    };
    if let Some(session) = stored.as_ref().filter(fresh) {
        return Ok(session.clone());
    }
    context.fill_saved_app_key();
    say_why(&why);
    let obtained = (login.run)(&context.settings, None, &why)?;
    Ok(keep(context, obtained))
}

/// Whether the store can take the token of a login about to start (see [`crate::session::Store::ready`]);
/// when not, a configuration error naming the cause and the way out.
pub fn ready(context: &Context) -> Result<(), Exit> {
    context.store.ready().map_err(|e| Error::Store(e).report())
}

/// The one line before a login: why there is one.
fn say_why(why: &str) {
    crate::say!("{}", sanitize(&format!("Logging in: {why}.")));
}

/// Takes the login lock at `place`, waiting at most [`MAX_WAIT`] for the run that holds it; Ctrl-C or
/// SIGTERM while waiting is a quit (130).
fn wait_for_lock(place: &LockPlace, runtime: &LazyRuntime) -> Result<LoginLock, Exit> {
    let waited = runtime.block_on(async {
        let mut signals = Signals::listen();
        let waiting = |holder: &str| {
            crate::say!(
                "{}",
                sanitize(&format!(
                    "Waiting for {holder} to finish logging in ({}; lock file {}), at most {}…",
                    place.what(),
                    place.path().display(),
                    human_duration(MAX_WAIT)
                ))
            );
        };
        tokio::select! {
            taken = LoginLock::take(place, MAX_WAIT, waiting) => taken.map_err(|e| Error::Lock(e).report()),
            signal = signals.next() => {
                crate::say!("{}; gave up waiting for the login lock.", signal.describe());
                Err(Exit::Quit)
            }
        }
    });
    waited.unwrap_or_else(|e| Err(e.report()))
}

/// The stored session of `key`, and why it counts as absent when its record is damaged; a store that
/// cannot be read otherwise is a configuration error.
fn load(
    context: &Context,
    key: &StoreKey,
) -> Result<(Option<StoredSession>, Option<String>), Exit> {
    // The store has warned about an unusable record, naming the file and why: here, the short reason.
    let why = |unusable: StoreError| match unusable {
        StoreError::Damaged { path, .. } => format!("the stored record {path} is damaged"),
        StoreError::Unreachable { path, .. } => {
            format!("the stored record {path} keeps its token in a keyring this run cannot reach")
        }
        other => other.to_string(),
    };
    match context.store.load_noting(key) {
        Ok((stored, unusable)) => Ok((stored, unusable.map(|e| sanitize(&why(e))))),
        Err(e) => Err(Error::Store(e).report()),
    }
}

/// Whether a stored session can be used, and when not, why a login is needed.
enum Reuse {
    Yes(StoredSession),
    No {
        /// The token the server did not confirm (valid by the clock).
        rejected: Option<SecretString>,
        why: String,
    },
}

/// The stored session when it is this run's (its URL and username), valid long enough and, with
/// `--check`, the server still accepts it. A check the server could not answer keeps the session and
/// ends the run (exit 3): no login, no prompt.
fn reusable(
    context: &Context,
    key: &StoreKey,
    stored: Option<StoredSession>,
    validity: Validity,
    runtime: &LazyRuntime,
) -> Result<Reuse, Exit> {
    let what = key.describe();
    let no = |why: String| {
        Ok(Reuse::No {
            rejected: None,
            why,
        })
    };
    let Some(session) = stored.filter(|s| s.token.is_some()) else {
        return no(format!("no stored token for {what}"));
    };
    if !context.is_for_this_run(&session) {
        return no(format!(
            "the stored token of {what} is for {} at {}",
            session.username, session.url
        ));
    }
    let now = Timestamp::now();
    let left = session.time_left(now);
    if left.is_zero() {
        return no(format!(
            "the stored token of {what} expired at {}",
            local_time(session.expires_at)
        ));
    }
    if !session.valid_for(validity.min_valid, now) {
        return no(format!(
            "the stored token of {what} expires in {}, under --min-valid {}",
            human_duration(left),
            human_duration(validity.min_valid)
        ));
    }
    if !validity.check {
        return Ok(Reuse::Yes(session));
    }
    let checked = runtime
        .block_on(confirm(context, &session))
        .map_err(|e| e.report())?;
    let Err(error) = checked else {
        return Ok(Reuse::Yes(session));
    };
    if let Some(exit) = unreachable(&error) {
        crate::say!(
            "{}",
            sanitize(&format!(
                "error: the stored token of {what} could not be checked: the server could not be reached or failed ({error}). The stored session is kept; try again later, or without --check to use it unchecked."
            ))
        );
        return Err(exit);
    }
    Ok(Reuse::No {
        rejected: session.token,
        why: format!("the server refused the stored token of {what} (not confirmed: {error})"),
    })
}

/// How the run ends when a check got no answer on the token (network, TLS, server fault, rate limit),
/// or `None` when the server answered that it does not take it.
fn unreachable(error: &CheckError) -> Option<Exit> {
    match error {
        CheckError::Fault(Fault::RateLimited { .. }) => Some(Exit::RateLimited),
        CheckError::Fault(_) => Some(Exit::Fault),
        CheckError::Status { status, .. } if *status >= 500 => Some(Exit::Fault),
        CheckError::Config(_) | CheckError::Url(_) => Some(Exit::Usage),
        CheckError::TokenRefused
        | CheckError::AppKeyRefused
        | CheckError::NotAUser { .. }
        | CheckError::Status { .. }
        | CheckError::NoAppKey => None,
    }
}

/// Asks the server whose token it is (`GET {base}/v1.0/users/@me/info`).
pub(super) async fn confirm(context: &Context, session: &StoredSession) -> Result<(), CheckError> {
    let app_key = (context.settings.app_key.clone())
        .or_else(|| session.app_key.clone())
        .ok_or(CheckError::NoAppKey)?;
    let token = session.token.clone().ok_or(CheckError::TokenRefused)?;
    let client = TokenClient::new(&ClientConfig {
        url: session.url.clone(),
        options: context.settings.client.clone(),
    })?;
    client.user_info(&app_key, &token).await.0.map(|_| ())
}

/// The one place a login's token is stored for `token`, `exec` and a plain login: a token the front end
/// stored already (the TUI, to say where on its success screen and in its closing line) is not stored
/// again, nor said again. Says where on stderr; a store that fails is a warning, the token still goes
/// where it was asked for. The session, stored or not.
pub fn keep(context: &mut Context, obtained: Obtained) -> StoredSession {
    let (Obtained::Fresh(used) | Obtained::Stored(used, _)) = &obtained;
    if context.settings.app_key.is_none() {
        context.settings.app_key = used.app_key.clone();
    }
    let logged_in = match obtained {
        Obtained::Stored(_, kept) => return kept.session,
        Obtained::Fresh(logged_in) => logged_in,
    };
    let now = Timestamp::now();
    let saver = Saver::new(&context.settings, &context.paths.state);
    let login = (
        logged_in.url.as_str(),
        logged_in.username.as_str(),
        logged_in.app_key.as_ref(),
    );
    let kept = saver.keep(logged_in.token.clone(), login, now);
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
        &logged_in.url,
        &logged_in.username,
    );
    session.profile = context.settings.profile.clone();
    session
}

#[cfg(test)]
mod tests {
    use secrecy::ExposeSecret;

    use super::*;
    use crate::commands::LoggedIn;
    use crate::session::{Config, Layer, Paths, RunOptions, Settings, StoreMode};

    /// A context whose file store lives in `state`, for the profile `desk`.
    fn context(state: &std::path::Path) -> Context {
        let layer = Layer {
            store: Some(StoreMode::File),
            ..Layer::default()
        };
        let settings = Settings::resolve(Some("desk".into()), layer, RunOptions::default());
        let paths = Paths {
            config: state.join("config.toml"),
            state: state.to_path_buf(),
        };
        let config = Config::load(&paths.config).expect("a missing config file is empty");
        Context::new(settings, paths, config)
    }

    fn logged_in(token: &str) -> LoggedIn {
        LoggedIn {
            token: SecretString::from(token.to_string()),
            url: "https://a.example/api".into(),
            username: "plain".into(),
            app_key: None,
        }
    }

    fn stored_token(context: &Context) -> Option<String> {
        let key = context.key().expect("a profile's key");
        let stored = context.store.load(&key).expect("readable store")?;
        stored.token.map(|t| t.expose_secret().to_string())
    }

    #[test]
    fn a_fresh_token_is_stored_by_keep() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut context = context(dir.path());
        let session = keep(&mut context, Obtained::Fresh(logged_in("FRESH")));
        assert_eq!(stored_token(&context).as_deref(), Some("FRESH"));
        assert_eq!(session.profile.as_deref(), Some("desk"));
    }

    #[test]
    fn a_token_the_front_end_stored_is_not_stored_again() {
        // The TUI stored it (here: in another state dir, as a stand-in for its own store).
        let elsewhere = tempfile::tempdir().expect("temp dir");
        let theirs = context(elsewhere.path());
        let saver = Saver::new(&theirs.settings, &theirs.paths.state);
        let kept = saver
            .keep(
                SecretString::from("BY-THE-TUI".to_string()),
                ("https://a.example/api", "plain", None),
                Timestamp::now(),
            )
            .expect("a key")
            .expect("stored");
        let dir = tempfile::tempdir().expect("temp dir");
        let mut context = context(dir.path());
        let session = keep(
            &mut context,
            Obtained::Stored(logged_in("BY-THE-TUI"), kept),
        );
        assert_eq!(stored_token(&context), None, "keep stored it a second time");
        assert_eq!(
            session
                .token
                .as_ref()
                .map(|t| t.expose_secret().to_string())
                .as_deref(),
            Some("BY-THE-TUI")
        );
    }
}
