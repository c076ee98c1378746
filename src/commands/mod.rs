//! The subcommands that use stored sessions: `token`, `exec`, `status`, `logout`, `profiles`.
//!
//! They share one [`Context`]: the resolved settings, the config file, the store and the key of this
//! run's session. A login they need is done by the front end the entry hands them ([`Login`]).

mod exec;
mod obtain;
mod report;

use std::time::Duration;

use secrecy::SecretString;

use crate::exit::Exit;
use crate::session::{Config, Paths, Settings, Store, StoreKey};

pub use exec::exec;
pub use obtain::{Validity, obtain, store_login};
pub use report::{logout, profiles, status, token};

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
}

/// Logs in with the given settings through the front end the entry chose, or says how to exit.
pub type Login<'a> = dyn Fn(&Settings) -> Result<LoggedIn, Exit> + 'a;

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

/// `1 h 05 min`, `4 min 10 s`, `12 s`: a time left, to the unit that matters.
pub fn human_duration(left: Duration) -> String {
    let secs = left.as_secs();
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    match (h, m) {
        (0, 0) => format!("{s} s"),
        (0, _) => format!("{m} min {s:02} s"),
        _ => format!("{h} h {m:02} min"),
    }
}

/// A time as the user's clock shows it, e.g. `2026-03-02 17:05 CET`.
pub fn local_time(at: jiff::Timestamp) -> String {
    at.to_zoned(jiff::tz::TimeZone::system())
        .strftime("%Y-%m-%d %H:%M %Z")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_like_a_clock() {
        assert_eq!(human_duration(Duration::from_secs(12)), "12 s");
        assert_eq!(human_duration(Duration::from_secs(250)), "4 min 10 s");
        assert_eq!(human_duration(Duration::from_secs(3900)), "1 h 05 min");
        assert_eq!(human_duration(Duration::from_hours(24)), "24 h 00 min");
    }
}
