//! A run's context: the resolved settings, the config file, the store and the key of this run's session,
//! shared by every front end that works on stored sessions (`commands`, `doctor`).

use super::{Config, Paths, Settings, Store, StoreKey, StoredSession};

/// Everything a subcommand needs, decided at the entry.
pub struct Context {
    pub settings: Settings,
    pub paths: Paths,
    pub config: Config,
    pub store: Store,
}

impl Context {
    pub fn new(settings: Settings, paths: Paths, config: Config) -> Context {
        let store = Store::new(settings.store, &paths.state);
        Context {
            settings,
            paths,
            config,
            store,
        }
    }

    /// Whether `session` is for this run's URL and username, whichever of them the settings name.
    pub fn is_for_this_run(&self, session: &StoredSession) -> bool {
        session.is_for(
            self.settings.url.as_deref(),
            self.settings.username.as_deref(),
        )
    }

    /// Without an app key of its own (flag, variable, config), the run uses the one saved with its
    /// stored session at its URL: every front end that logs in with a profile does the same.
    pub fn fill_saved_app_key(&mut self) {
        if self.settings.app_key.is_some() {
            return;
        }
        if let Some(key) = self.key() {
            self.settings.app_key = self.store.saved_app_key(&key, self.settings.url.as_deref());
        }
    }

    /// The key of this run's stored session: the profile's, else the URL and username's.
    pub fn key(&self) -> Option<StoreKey> {
        let s = &self.settings;
        StoreKey::for_login(
            s.profile.as_deref(),
            s.url.as_deref(),
            s.username.as_deref(),
        )
    }
}
