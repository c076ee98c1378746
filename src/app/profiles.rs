//! The TUI's profiles, built here (the composition root) from the session's settings: the one in use, its stored session read at the start, and every profile of the
//! config file, each resolved over the command line, its stored session left for Ctrl-P to read.

use jiff::Timestamp;

use crate::clipboard::{Copier, Environment};
use crate::session::{Context, Layer, Paths, Saver, Settings, StoreMode};
use crate::tui::{Prefill, Profile};

/// The TUI's view of `settings`: its form prefilled (a saved app key included), how it copies, its
/// stored session (read from the store in the app's `paths`) and the saver of its fresh tokens.
pub fn tui_profile(settings: &Settings, paths: &Paths) -> Profile {
    let mut profile = tui_profile_unread(settings, paths);
    read_now(&mut profile);
    profile
}

/// The profile in use, and every profile of the config file in name order, each resolved as the run's
/// own (`command_line` over it). Only the one in use has its store read: when it is a profile, as the
/// listed one, so that Ctrl-P back to it does not read it again.
pub fn tui_profiles(context: &Context, command_line: &Layer) -> (Profile, Vec<Profile>) {
    let (settings, paths) = (&context.settings, &context.paths);
    let mut profiles: Vec<Profile> = (context.config.profiles.iter())
        .map(|(name, layer)| {
            let layer = command_line.clone().over(layer.clone());
            let run = settings.run.clone();
            tui_profile_unread(&Settings::resolve(Some(name.clone()), layer, run), paths)
        })
        .collect();
    let listed = (settings.profile.as_ref())
        .and_then(|name| profiles.iter_mut().find(|p| p.name.as_ref() == Some(name)));
    let in_use = match listed {
        Some(profile) => {
            read_now(profile);
            profile.clone()
        }
        None => tui_profile(settings, paths),
    };
    (in_use, profiles)
}

/// The TUI's view of `settings`, its store not read yet (with `--store none`, nothing to read): for
/// Ctrl-P to read later, or for the login `token` and `exec` ask for, which must not open on the stored
/// session they found wanting; its fresh token is stored in `paths`' state dir either way.
pub fn tui_profile_unread(settings: &Settings, paths: &Paths) -> Profile {
    Profile {
        name: settings.profile.clone(),
        prefill: Prefill {
            url: settings.url.clone(),
            app_key: settings.app_key.clone(),
            username: settings.username.clone(),
            password: settings.run.password.clone(),
        },
        client: settings.client.clone(),
        copier: Copier::new(
            settings.clipboard,
            Environment::from_env(),
            settings.clear_after,
        ),
        keep: Some(Saver::new(settings, &paths.state)),
        stored: None,
        expiring: None,
        store_read: settings.store == StoreMode::None,
        beyond_defaults: settings.beyond_defaults(),
        context: super::run_context(settings, &paths.config),
    }
}

/// Reads the profile's stored session now; a store that cannot be read is said once and counts as empty.
fn read_now(profile: &mut Profile) {
    let Some(saver) = profile.keep.as_ref().filter(|_| !profile.store_read) else {
        return;
    };
    let (url, username) = (
        profile.prefill.url.as_deref(),
        profile.prefill.username.as_deref(),
    );
    let stored = saver.stored_session(url, username).unwrap_or_else(|e| {
        crate::say!("warning: {e}");
        None
    });
    profile.take_stored(stored, Timestamp::now());
}
