//! What the subcommands print: the token (bare or JSON), the status of stored sessions, logouts, profiles;
//! text for people fits 80 columns (`console::wrapped`).

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use jiff::Timestamp;
use secrecy::ExposeSecret;
use serde_json::json;

use super::obtain::confirm;
use super::{Context, Validity, human_duration, local_time};
use crate::auth::CheckError;
use crate::console::wrapped;
use crate::diag::sanitize::sanitize;
use crate::exit::{self, Error, Exit};
use crate::runtime::LazyRuntime;
use crate::session::{Dropped, StoreError, StoreKey, StoredSession, Summary};

/// `token`: the token and a newline on stdout, or with `json` the contract's object.
pub fn token(context: &Context, session: &StoredSession, json: bool) -> Result<Exit, Error> {
    let Some(token) = &session.token else {
        return Ok(Exit::Refused);
    };
    if !json {
        return exit::print_token(token);
    }
    let object = json!({
        "token": token.expose_secret(),
        "issued_at": session.issued_at.to_string(),
        "expires_at": session.expires_at.to_string(),
        "username": session.username,
        "url": session.url,
        "profile": context.settings.profile,
    });
    exit::print_token(&object.to_string().into())
}

/// The keys `status` and `logout --all` look at: this run's, or every stored one and every profile's.
fn keys(context: &Context, all: bool) -> Vec<StoreKey> {
    if let (Some(key), false) = (context.key(), all) {
        return vec![key];
    }
    let mut keys: Vec<StoreKey> = context
        .config
        .profiles
        .keys()
        .map(|name| StoreKey::Profile(name.clone()))
        .collect();
    // A set, not a search of the list per stored key: linear in profiles and sessions.
    let mut seen: HashSet<String> = keys.iter().map(StoreKey::account).collect();
    for key in context.store.keys() {
        if seen.insert(key.account()) {
            keys.push(key);
        }
    }
    keys
}

/// What `status` lists: this run's key, or every profile and then every other stored session, each with
/// its summary; every record read once, every key looked up in a map (linear in profiles and sessions).
fn listed(context: &Context) -> Vec<(StoreKey, Option<Summary>)> {
    if let Some(key) = context.key() {
        let summary = context.store.summary(&key).ok().flatten();
        return vec![(key, summary)];
    }
    let stored = context.store.summaries();
    let mut order = Vec::with_capacity(stored.len());
    let mut by_account: HashMap<String, Summary> = HashMap::with_capacity(stored.len());
    for (key, summary) in stored {
        if by_account.insert(key.account(), summary).is_none() {
            order.push(key);
        }
    }
    let profiles = (context.config.profiles.keys()).map(|name| StoreKey::Profile(name.clone()));
    let mut listed: Vec<(StoreKey, Option<Summary>)> = profiles
        .map(|key| {
            let summary = by_account.remove(&key.account());
            (key, summary)
        })
        .collect();
    for key in order {
        if let Some(summary) = by_account.remove(&key.account()) {
            listed.push((key, Some(summary)));
        }
    }
    listed
}

/// `status`: one line (or JSON object) per session; exit 0 when one holds a token valid beyond
/// `--min-valid` (and, with `--check`, still accepted by the server).
pub fn status(
    context: &Context,
    json: bool,
    validity: Validity,
    runtime: &LazyRuntime,
) -> Result<Exit, Error> {
    let now = Timestamp::now();
    let mut any_valid = false;
    let mut objects = Vec::new();
    let listed = listed(context);
    let nothing = listed.is_empty();
    for (key, summary) in listed {
        let someone_elses = summary
            .as_ref()
            .filter(|s| s.has_token && !for_this_run(context, &key, s));
        let mut left = summary
            .as_ref()
            .filter(|_| someone_elses.is_none())
            .map(|s| s.time_left(now))
            .unwrap_or_default();
        let unconfirmed = (validity.check && !left.is_zero())
            .then(|| confirmed(context, &key, runtime).err())
            .flatten();
        if unconfirmed.is_some() {
            left = Duration::ZERO;
        }
        let valid = left > validity.min_valid;
        any_valid |= valid;
        if json {
            objects.push(status_json(&key, summary.as_ref(), left, valid));
            continue;
        }
        let line = match (someone_elses, &unconfirmed, summary.as_ref()) {
            (Some(stored), _, _) => someone_elses_line(context, &key, stored),
            (None, Some(why), Some(stored)) => format!(
                "{}: the token of {} is not confirmed: {why}",
                key.describe(),
                stored.username
            ),
            (None, _, stored) => {
                let short_of = (!valid).then_some(validity.min_valid);
                status_line(&key, stored, left, short_of)
            }
        };
        crate::say_out!("{}", wrapped(&sanitize(&line), 0, INDENT))?;
    }
    if json {
        crate::say_out!("{}", serde_json::Value::Array(objects))?;
    } else if nothing {
        crate::say_out!("No stored sessions and no profiles (see `autoshares-login profiles`).")?;
    }
    Ok(if any_valid {
        Exit::Success
    } else {
        Exit::Refused
    })
}

/// Why `status --check` does not count a stored token as confirmed.
#[derive(Debug, thiserror::Error)]
enum Unconfirmed {
    /// No runtime to ask the server on.
    #[error(transparent)]
    Runtime(Error),
    /// The server refused the token, or could not be asked.
    #[error(transparent)]
    Check(CheckError),
    #[error("it is gone from the store")]
    Gone,
    #[error(transparent)]
    Store(StoreError),
}

/// Whether the server still accepts the token stored under `key`, or why not.
fn confirmed(context: &Context, key: &StoreKey, runtime: &LazyRuntime) -> Result<(), Unconfirmed> {
    match context.store.load(key) {
        Ok(Some(session)) => runtime
            .block_on(confirm(context, &session))
            .map_err(Unconfirmed::Runtime)
            .and_then(|checked| checked.map_err(Unconfirmed::Check)),
        Ok(None) => Err(Unconfirmed::Gone),
        Err(e) => Err(Unconfirmed::Store(e)),
    }
}

/// Whether the session stored under `key` is for this run's URL and username. Only this run's own key
/// is compared: the list of every stored session (a run without a key) shows each as it is.
fn for_this_run(context: &Context, key: &StoreKey, stored: &Summary) -> bool {
    let settings = &context.settings;
    context.key().as_ref() != Some(key)
        || stored.is_for(settings.url.as_deref(), settings.username.as_deref())
}

/// The status of this run's key when its stored token is another username's or URL's.
fn someone_elses_line(context: &Context, key: &StoreKey, stored: &Summary) -> String {
    let settings = &context.settings;
    format!(
        "{}: not logged in as {} at {} (the stored token is for {} at {})",
        key.describe(),
        settings.username.as_deref().unwrap_or(&stored.username),
        settings.url.as_deref().unwrap_or(&stored.url),
        stored.username,
        stored.url
    )
}

/// Who is logged in where and until when under `key`, or why not; `short_of` the `--min-valid` the time
/// left falls short of. A key without a profile is named by its username and URL already.
fn status_line(
    key: &StoreKey,
    summary: Option<&Summary>,
    left: Duration,
    short_of: Option<Duration>,
) -> String {
    let who = |s: &Summary| match key {
        StoreKey::Profile(_) => format!(" as {} at {}", s.username, s.url),
        StoreKey::Login { .. } => String::new(),
    };
    let short = short_of.map_or_else(String::new, |min| {
        format!(", less than --min-valid {}", human_duration(min))
    });
    match summary {
        // Which store, not its path: `--json` and `doctor` give the path.
        Some(s) if !left.is_zero() => format!(
            "{}: logged in{} until {} ({} left{short}), in the {} store",
            key.describe(),
            who(s),
            local_time(s.expires_at),
            human_duration(left),
            s.store().name()
        ),
        Some(s) if s.has_token => format!(
            "{}: not logged in (the token of {} expired at {})",
            key.describe(),
            s.username,
            local_time(s.expires_at)
        ),
        _ => format!("{}: not logged in", key.describe()),
    }
}

fn status_json(
    key: &StoreKey,
    summary: Option<&Summary>,
    left: Duration,
    valid: bool,
) -> serde_json::Value {
    let profile = match key {
        StoreKey::Profile(name) => Some(name.as_str()),
        StoreKey::Login { .. } => None,
    };
    json!({
        "profile": profile,
        "url": summary.map(|s| &s.url),
        "username": summary.map(|s| &s.username),
        "logged_in": !left.is_zero(),
        "valid": valid,
        "expires_at": summary.filter(|s| s.has_token).map(|s| s.expires_at.to_string()),
        "seconds_left": left.as_secs(),
        "store": summary.map(|s| &s.kept_in),
    })
}

/// `logout`: drops this run's token (or every one with `all`), and the saved app key with `forget`.
pub fn logout(context: &Context, all: bool, forget: bool) -> Exit {
    if context.key().is_none() && !all {
        return Error::LogoutWhom.report();
    }
    let mut failed = None;
    let mut dropped_any = false;
    for key in keys(context, all) {
        match context.store.drop_session(&key, forget) {
            Ok(Dropped {
                unusable: Some(why),
                ..
            }) => {
                crate::say!(
                    "{}: removed a stored session that could not be used: {why}.",
                    key.describe()
                );
                dropped_any = true;
            }
            Ok(dropped) if dropped.token || dropped.app_key => {
                let what = match (dropped.token, dropped.app_key) {
                    (true, true) => "token and saved app key dropped",
                    (true, false) => "token dropped",
                    _ => "saved app key dropped",
                };
                crate::say!("{}: logged out ({what}).", key.describe());
                dropped_any = true;
            }
            Ok(_) if all => {}
            Ok(_) => crate::say!("{}: nothing to drop, no token was stored.", key.describe()),
            Err(e) => {
                crate::say!("error: {}: {e}", key.describe());
                failed = Some(Error::Store(e));
            }
        }
    }
    if all && !dropped_any && failed.is_none() {
        crate::say!("Nothing to drop: no token was stored.");
    }
    failed.map_or(Exit::Success, |e| e.exit())
}

/// `profiles`: name, URL, username, where its secrets live, and its token's time left.
pub fn profiles(context: &Context) -> Result<Exit, Error> {
    let config = &context.config;
    if config.profiles.is_empty() {
        crate::say_out!(
            "No profiles in {}: log in and press Ctrl-P on the success screen to save one, or write \
             one (`autoshares-login man`, section CONFIGURATION, shows every key).",
            config.path.display()
        )?;
        return Ok(Exit::Success);
    }
    let now = Timestamp::now();
    // Every record read once, each profile's looked up in a map: linear in profiles and sessions.
    let mut stored: HashMap<String, Summary> = (context.store.summaries().into_iter())
        .map(|(key, summary)| (key.account(), summary))
        .collect();
    for (name, layer) in &config.profiles {
        let summary = stored.remove(&StoreKey::Profile(name.clone()).account());
        let left = summary
            .as_ref()
            .map(|s| s.time_left(now))
            .unwrap_or_default();
        // A token stored for another username or URL (a run that overrode the profile's) is not its own.
        let anothers = (summary.as_ref()).is_some_and(|s| {
            s.has_token && !s.is_for(layer.url.as_deref(), layer.username.as_deref())
        });
        let default = config.default_profile.as_deref() == Some(name);
        let store = summary
            .as_ref()
            .map_or_else(|| layer.store.unwrap_or_default(), Summary::store)
            .name();
        let left = match (anothers, left.is_zero()) {
            (true, _) => "no token of its own (another login's is stored)".to_string(),
            (false, true) => "no token".to_string(),
            (false, false) => format!("{} left", human_duration(left)),
        };
        let dash = || "-".to_string();
        let mark = if default { "* " } else { "  " };
        crate::say_out!("{}", wrapped(&format!("{mark}{}", sanitize(name)), 0, 2))?;
        let details = [
            format!(
                "{} at {}",
                layer.username.clone().unwrap_or_else(dash),
                layer.url.clone().unwrap_or_else(dash)
            ),
            format!("{store} store, {left}"),
        ];
        for line in details {
            crate::say_out!("{}", wrapped(&sanitize(&line), INDENT, INDENT + 2))?;
        }
    }
    if config.default_profile.is_some() {
        crate::say_out!("(* the default profile)")?;
    }
    Ok(Exit::Success)
}

/// How far the lines after a first line are indented.
const INDENT: usize = 4;
