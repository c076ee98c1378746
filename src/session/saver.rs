//! Keeps the token of a login that just succeeded: under the profile (or the URL and username), with
//! the profile's lifetime, and a saved app key kept.

use std::time::Duration;

use jiff::Timestamp;
use secrecy::SecretString;

use super::clock::{human_duration, local_time_in};
use super::settings::Settings;
use super::store::{Dropped, Saved, Store, StoreError};
use super::stored::{StoreKey, StoredSession};

/// What a front end needs to store a fresh token.
#[derive(Debug, Clone)]
pub struct Saver {
    pub(super) store: Store,
    pub(super) profile: Option<String>,
    pub(super) lifetime: Duration,
}

/// A stored token: where it went and until when it is valid.
#[derive(Debug, Clone)]
pub struct Kept {
    pub saved: Saved,
    pub session: StoredSession,
}

impl Kept {
    /// One sentence for the user: where the token is, and when it expires in `zone` (and how long that
    /// is from `now`).
    pub fn describe(&self, now: Timestamp, zone: &jiff::tz::TimeZone) -> String {
        format!("{} {}", self.saved.describe(), self.expiry(now, zone))
    }

    /// When the token expires in `zone`, and how long that is from `now`: the sentence of
    /// [`Kept::describe`] that a small screen keeps.
    pub fn expiry(&self, now: Timestamp, zone: &jiff::tz::TimeZone) -> String {
        format!(
            "It expires {} (in {}).",
            local_time_in(self.session.expires_at, zone),
            human_duration(self.session.time_left(now))
        )
    }
}

impl Saver {
    /// The saver of `settings`, with the state in `state_dir`.
    pub fn new(settings: &Settings, state_dir: &std::path::Path) -> Saver {
        Saver {
            // Quiet: the TUI stores through a saver, and draws on stderr; a command said it already.
            store: Store::new(settings.store, state_dir).quiet(),
            profile: settings.profile.clone(),
            lifetime: settings.token_lifetime,
        }
    }

    /// This saver, trusting stored records against `now` instead of the system's clock (a test's clock).
    pub fn at(self, now: Timestamp) -> Saver {
        Saver {
            store: self.store.at(now),
            ..self
        }
    }

    /// This saver for profile `name` (one just saved): the same store and token lifetime.
    pub fn for_profile(&self, name: &str) -> Saver {
        Saver {
            profile: Some(name.to_string()),
            ..self.clone()
        }
    }

    /// Stores `token`, issued `now` for `username` at `url` with `app_key`. An app key is stored only
    /// where one was saved before for that URL, and then it is the one this login used, which the
    /// server just took (one saved for another URL goes with the session it replaces).
    /// `None` when there is no key to store it under (no profile, and no URL or username).
    pub fn keep(
        &self,
        token: SecretString,
        (url, username, app_key): (&str, &str, Option<&SecretString>),
        now: Timestamp,
    ) -> Option<Result<Kept, StoreError>> {
        let key = StoreKey::for_login(self.profile.as_deref(), Some(url), Some(username))?;
        let mut session = StoredSession::issued(token, now, self.lifetime, url, username);
        session.profile = self.profile.clone();
        let before = self.store.load(&key).ok().flatten();
        session.app_key = before
            .filter(|s| s.is_for(Some(url), None))
            .and_then(|s| s.app_key)
            .map(|saved| app_key.cloned().unwrap_or(saved));
        Some(
            self.store
                .save(&key, &session)
                .map(|saved| Kept { saved, session }),
        )
    }

    /// The session stored for `username` at `url` (under the profile when there is one), as it is: for
    /// another URL or username, or expired, too. `None` when there is none, or no key to look under.
    pub fn stored_session(
        &self,
        url: Option<&str>,
        username: Option<&str>,
    ) -> Result<Option<StoredSession>, StoreError> {
        match StoreKey::for_login(self.profile.as_deref(), url, username) {
            Some(key) => self.store.load(&key),
            None => Ok(None),
        }
    }

    /// Drops the token stored for `username` at `url` (under the profile when there is one); a saved
    /// app key stays.
    pub fn drop_token(&self, url: &str, username: &str) -> Result<Dropped, StoreError> {
        match StoreKey::for_login(self.profile.as_deref(), Some(url), Some(username)) {
            Some(key) => self.store.drop_session(&key, false),
            None => Ok(Dropped::default()),
        }
    }
}

#[cfg(test)]
mod tests {
    use secrecy::ExposeSecret;

    use super::*;
    use crate::session::StoreMode;

    #[test]
    fn a_saved_app_key_stays_with_its_url_only() {
        let dir = tempfile::tempdir().unwrap();
        let saver = Saver {
            store: Store::new(StoreMode::File, dir.path()),
            profile: Some("desk".into()),
            lifetime: Duration::from_hours(1),
        };
        let key = StoreKey::Profile("desk".into());
        let mut saved = StoredSession::without_token("https://a.example/api", "plain");
        saved.app_key = Some("APPKEY-A".to_string().into());
        saver.store.save(&key, &saved).unwrap();
        let now = Timestamp::UNIX_EPOCH;
        let token = || SecretString::from("T".to_string());
        let other_user = saver.keep(token(), ("https://a.example/api/", "code", None), now);
        let kept = other_user.unwrap().unwrap().session;
        assert!(kept.app_key.is_some(), "same URL, another user: kept");
        let newer = SecretString::from("APPKEY-A2".to_string());
        let other_url = saver.keep(
            token(),
            ("https://b.example/api", "code", Some(&newer)),
            now,
        );
        let kept = other_url.unwrap().unwrap().session;
        assert!(
            kept.app_key.is_none(),
            "A's app key is not B's, nor saved unasked"
        );
    }

    #[test]
    fn a_saved_app_key_becomes_the_one_a_login_used() {
        let dir = tempfile::tempdir().unwrap();
        let saver = Saver {
            store: Store::new(StoreMode::File, dir.path()),
            profile: Some("desk".into()),
            lifetime: Duration::from_hours(1),
        };
        let mut saved = StoredSession::without_token("https://a.example/api", "plain");
        saved.app_key = Some("APPKEY-OLD".to_string().into());
        saver
            .store
            .save(&StoreKey::Profile("desk".into()), &saved)
            .unwrap();
        let (token, newer) = (
            SecretString::from("T".to_string()),
            SecretString::from("APPKEY-NEW".to_string()),
        );
        let login = ("https://a.example/api", "plain", Some(&newer));
        let kept = saver
            .keep(token, login, Timestamp::UNIX_EPOCH)
            .unwrap()
            .unwrap();
        let app_key = kept.session.app_key.expect("still saved");
        assert_eq!(
            app_key.expose_secret(),
            "APPKEY-NEW",
            "the key the server just took"
        );
    }
}
