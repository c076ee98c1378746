//! The TUI's profiles: the one in use and every profile of the config file, each resolved over the
//! command line, with its stored session when that holds a token with time left for its URL and username.

use std::time::Duration;

use jiff::Timestamp;

use super::Context;
use crate::clipboard::{Copier, Environment};
use crate::session::{Layer, Paths, Saver, Settings, Store, StoreKey, StoreMode};
use crate::tui::{Prefill, Profile};

/// A stored token with less left than this is not opened on: the TUI goes to the form for a new login
/// (as `token` and `exec` do by default).
const MIN_VALID: Duration = Duration::from_mins(5);

/// The TUI's view of `settings`: its form prefilled (a saved app key included), how it copies, and,
/// with the app's `paths` (`None`: the caller stores the token), its stored session and the saver of its
/// fresh tokens.
pub fn tui_profile(settings: &Settings, paths: Option<&Paths>) -> Profile {
    let stored = paths.and_then(|paths| load(settings, paths));
    let (url, username) = (settings.url.as_deref(), settings.username.as_deref());
    let saved_app_key = stored.as_ref().filter(|s| s.is_for(url, None));
    let app_key =
        (settings.app_key.clone()).or_else(|| saved_app_key.and_then(|s| s.app_key.clone()));
    Profile {
        name: settings.profile.clone(),
        prefill: Prefill {
            url: settings.url.clone(),
            app_key,
            username: settings.username.clone(),
            password: settings.run.password.clone(),
        },
        client: settings.client.clone(),
        copier: Copier::new(
            settings.clipboard,
            Environment::from_env(),
            settings.clear_after,
        ),
        keep: paths.map(|paths| Saver::new(settings, &paths.state)),
        stored: stored
            .filter(|s| s.is_for(url, username) && s.valid_for(MIN_VALID, Timestamp::now())),
        beyond_defaults: settings.beyond_defaults(),
    }
}

/// The profile in use, and every profile of the config file in name order, each resolved as the run's
/// own (`command_line` over it). The one in use comes from that list when it is a profile, so its store
/// is read once.
pub fn tui_profiles(context: &Context, command_line: &Layer) -> (Profile, Vec<Profile>) {
    let (settings, paths) = (&context.settings, &context.paths);
    let profiles: Vec<Profile> = (context.config.profiles.iter())
        .map(|(name, layer)| {
            let layer = command_line.clone().over(layer.clone());
            let run = settings.run.clone();
            tui_profile(
                &Settings::resolve(Some(name.clone()), layer, run),
                Some(paths),
            )
        })
        .collect();
    let in_use = (settings.profile.as_ref())
        .and_then(|name| profiles.iter().find(|p| p.name.as_ref() == Some(name)))
        .cloned()
        .unwrap_or_else(|| tui_profile(settings, Some(paths)));
    (in_use, profiles)
}

/// The stored session of `settings`; a store that cannot be read is said once and counts as empty.
fn load(settings: &Settings, paths: &Paths) -> Option<crate::session::StoredSession> {
    if settings.store == StoreMode::None {
        return None;
    }
    let key = StoreKey::for_login(
        settings.profile.as_deref(),
        settings.url.as_deref(),
        settings.username.as_deref(),
    )?;
    match Store::new(settings.store, &paths.state).load(&key) {
        Ok(stored) => stored,
        Err(e) => {
            crate::say!("warning: {e}");
            None
        }
    }
}
