//! The subcommands that use stored sessions: `token`, `exec`, `status`, `logout`, `profiles`.
//!
//! They share one [`Context`]: the resolved settings, the config file, the store and the key of this
//! run's session. A login they need is done by the front end the entry hands them ([`Login`]).

mod exec;
mod obtain;
mod output;
mod tui_profiles;

use secrecy::SecretString;

use crate::exit::Exit;
use crate::session::{Config, Kept, LockPlace, Paths, Settings, Store, StoreKey, StoredSession};
pub use crate::session::{human_duration, local_time};

pub use exec::exec;
pub use obtain::{Validity, keep, obtain, ready};
pub use output::{logout, profiles, status, token};
pub use tui_profiles::{tui_profile, tui_profile_unread, tui_profiles};

/// Everything a subcommand needs, decided at the entry.
pub struct Context {
    pub settings: Settings,
    pub paths: Paths,
    pub config: Config,
    pub store: Store,
}

/// A login that succeeded: the token, and where and as whom (the TUI's form may differ from the settings).
pub struct LoggedIn {
    pub token: SecretString,
    pub url: String,
    pub username: String,
    pub app_key: Option<SecretString>,
    /// Where the front end stored the token already (the TUI does, to say so on its success screen).
    pub kept: Option<Kept>,
}

/// Logs in with the given settings, or says how to exit; given the login lock, takes it while a request
/// is under way.
pub type LogIn<'a> = dyn Fn(&Settings, Option<LockPlace>) -> Result<LoggedIn, Exit> + 'a;

/// The login that `token` and `exec` need, through the front end the entry chose.
pub struct Login<'a> {
    /// Logs in with the given settings, or says how to exit. Given the login lock, the front end takes
    /// it itself, only while a request is under way.
    pub run: &'a LogIn<'a>,
    /// Whether the front end waits for the user on screens of its own (the TUI): it is handed the lock
    /// instead of logging in under it, so that a form left open holds no script back. Asked only when a
    /// login is needed.
    pub waits_for_the_user: &'a dyn Fn() -> bool,
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
