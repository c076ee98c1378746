//! One stored session: the token, when it was issued and expires, where and as whom, and the saved app key.

use std::time::Duration;

use jiff::Timestamp;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Which stored session: a profile's, or (without a profile) a URL and username's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreKey {
    Profile(String),
    Login { url: String, username: String },
}

impl StoreKey {
    /// The profile's key, else the URL and username's; `None` when neither is known.
    pub fn for_login(
        profile: Option<&str>,
        url: Option<&str>,
        username: Option<&str>,
    ) -> Option<StoreKey> {
        match (profile, url, username) {
            (Some(profile), _, _) => Some(StoreKey::Profile(profile.to_string())),
            (None, Some(url), Some(username)) => Some(StoreKey::Login {
                url: normalise_url(url),
                username: username.to_string(),
            }),
            _ => None,
        }
    }

    /// The keyring account name: `profile:NAME` or `login:USER@URL`.
    pub fn account(&self) -> String {
        match self {
            StoreKey::Profile(name) => format!("profile:{name}"),
            StoreKey::Login { url, username } => format!("login:{username}@{url}"),
        }
    }

    /// A file name stem safe on every file system: `profile-NAME`, or `login-` and a hash of the account.
    pub fn file_stem(&self) -> String {
        match self {
            StoreKey::Profile(name) => format!("profile-{name}"),
            StoreKey::Login { .. } => {
                let digest = Sha256::digest(self.account().as_bytes());
                let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
                format!("login-{hex}")
            }
        }
    }

    /// How a person would name it: `profile work` or `trader at https://…/api`, on one line with any
    /// control character of a username or URL from a flag or the config taken out.
    pub fn describe(&self) -> String {
        crate::diag::sanitize::sanitize(&match self {
            StoreKey::Profile(name) => format!("profile {name}"),
            StoreKey::Login { url, username } => format!("{username} at {url}"),
        })
    }
}

/// The API base without surrounding blanks, trailing slashes or a `/token` suffix.
fn normalise_url(url: &str) -> String {
    let trimmed = url.trim().trim_end_matches('/');
    trimmed
        .strip_suffix("/token")
        .unwrap_or(trimmed)
        .to_string()
}

/// Whether a session stored for `stored_url` and `stored_username` serves a run that names `url` and
/// `username`: each is compared only when the run names it, URLs normalised, usernames exactly.
pub(super) fn same_login(
    (stored_url, stored_username): (&str, &str),
    url: Option<&str>,
    username: Option<&str>,
) -> bool {
    url.is_none_or(|url| normalise_url(url) == normalise_url(stored_url))
        && username.is_none_or(|username| username == stored_username)
}

/// A stored session. `Debug` shows neither the token nor the app key.
#[derive(Debug, Clone)]
pub struct StoredSession {
    pub url: String,
    pub username: String,
    pub profile: Option<String>,
    /// `None` after a logout that kept the app key.
    pub token: Option<SecretString>,
    pub issued_at: Timestamp,
    pub expires_at: Timestamp,
    /// Saved only when the user asked to.
    pub app_key: Option<SecretString>,
}

impl StoredSession {
    /// A token issued `now` that lives `lifetime`.
    pub fn issued(
        token: SecretString,
        now: Timestamp,
        lifetime: Duration,
        url: &str,
        username: &str,
    ) -> StoredSession {
        let lifetime =
            jiff::SignedDuration::try_from(lifetime).unwrap_or(jiff::SignedDuration::MAX);
        StoredSession {
            url: normalise_url(url),
            username: username.to_string(),
            profile: None,
            token: Some(token),
            issued_at: now,
            expires_at: now.saturating_add(lifetime).unwrap_or(Timestamp::MAX),
            app_key: None,
        }
    }

    /// A session without a token: the URL and username (and the app key, once set) alone.
    pub fn without_token(url: &str, username: &str) -> StoredSession {
        StoredSession {
            url: normalise_url(url),
            username: username.to_string(),
            profile: None,
            token: None,
            issued_at: Timestamp::UNIX_EPOCH,
            expires_at: Timestamp::UNIX_EPOCH,
            app_key: None,
        }
    }

    /// How long the token has left at `now` (zero once expired, or without a token).
    pub fn time_left(&self, now: Timestamp) -> Duration {
        if self.token.is_none() {
            return Duration::ZERO;
        }
        Duration::try_from(self.expires_at.duration_since(now)).unwrap_or(Duration::ZERO)
    }

    /// Whether this session is for the run's `url` and `username`, whichever of them the run names.
    pub fn is_for(&self, url: Option<&str>, username: Option<&str>) -> bool {
        same_login((&self.url, &self.username), url, username)
    }

    /// Whether the token has more than `min` left at `now`.
    pub fn valid_for(&self, min: Duration, now: Timestamp) -> bool {
        self.token.is_some() && self.time_left(now) > min
    }
}

/// The stored form: what goes into the file, or (the secret part) into the keyring.
#[derive(Serialize, Deserialize, Default)]
pub(super) struct Record {
    pub version: u32,
    /// `file` or `keyring`: where the token and app key are.
    pub store: String,
    pub url: String,
    pub username: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    pub issued_at: Timestamp,
    pub expires_at: Timestamp,
    #[serde(default)]
    pub has_token: bool,
    #[serde(default)]
    pub has_app_key: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secrets: Option<Secrets>,
}

/// The secret part of a record.
#[derive(Serialize, Deserialize, Default)]
pub(super) struct Secrets {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_key: Option<String>,
}

/// The longest token (or app key) served from the store: far beyond the API's, short of anything hostile.
pub(super) const MAX_SECRET_BYTES: usize = 8 * 1024;

/// How far in the future a record's issue time may lie (clocks drift; a token is never issued ahead).
pub(super) const MAX_CLOCK_SKEW: jiff::SignedDuration = jiff::SignedDuration::from_mins(5);

/// The longest lifetime a record may claim: a profile's `token_lifetime` is at most 31 days.
pub(super) const MAX_LIFETIME: jiff::SignedDuration = jiff::SignedDuration::from_hours(31 * 24);

/// Why a record (or its secrets) cannot be trusted: it then counts as absent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unusable {
    #[error("record version {0}, which this tool does not know")]
    Version(u32),
    #[error("it says its secrets are in {0:?}, which is no store this tool has")]
    Store(String),
    #[error("its {0} is not one: printable ASCII without spaces, at most 8 KiB")]
    NotASecret(&'static str),
    #[error("it was issued at {0}, in the future")]
    IssuedInTheFuture(Timestamp),
    #[error("it expires before it was issued")]
    ExpiresBeforeIssued,
    #[error("it claims a lifetime over 31 days")]
    TooLong,
}

/// Whether `secret` looks like a token or app key: printable ASCII, no spaces, not empty, capped.
pub(super) fn looks_like_a_secret(secret: &str) -> bool {
    (1..=MAX_SECRET_BYTES).contains(&secret.len()) && secret.bytes().all(|b| b.is_ascii_graphic())
}

impl Secrets {
    /// Whether the token and app key look like ones this tool stored.
    pub(super) fn check(&self) -> Result<(), Unusable> {
        if self
            .token
            .as_deref()
            .is_some_and(|t| !looks_like_a_secret(t))
        {
            return Err(Unusable::NotASecret("token"));
        }
        if self
            .app_key
            .as_deref()
            .is_some_and(|k| !looks_like_a_secret(k))
        {
            return Err(Unusable::NotASecret("app key"));
        }
        Ok(())
    }
}

impl Record {
    pub(super) const VERSION: u32 = 1;

    /// Whether this record can be trusted at all: a version and store this tool knows, times that can be
    /// true at `now` (not issued ahead of it beyond [`MAX_CLOCK_SKEW`], a lifetime of at most
    /// [`MAX_LIFETIME`]), and secrets that look like ones.
    pub(super) fn check_at(&self, now: Timestamp) -> Result<(), Unusable> {
        if self.version != Record::VERSION {
            return Err(Unusable::Version(self.version));
        }
        if !matches!(self.store.as_str(), "file" | "keyring") {
            return Err(Unusable::Store(self.store.clone()));
        }
        if self.has_token {
            if self.issued_at > now.saturating_add(MAX_CLOCK_SKEW).unwrap_or(Timestamp::MAX) {
                return Err(Unusable::IssuedInTheFuture(self.issued_at));
            }
            let lifetime = self.expires_at.duration_since(self.issued_at);
            if lifetime.is_negative() {
                return Err(Unusable::ExpiresBeforeIssued);
            }
            if lifetime > MAX_LIFETIME {
                return Err(Unusable::TooLong);
            }
        }
        self.secrets.as_ref().map_or(Ok(()), Secrets::check)
    }

    /// The record of `session` kept in `store`, with its secrets.
    pub(super) fn of(session: &StoredSession, store: &str) -> Record {
        let expose = |s: &Option<SecretString>| s.as_ref().map(|s| s.expose_secret().to_string());
        Record {
            version: Record::VERSION,
            store: store.to_string(),
            url: session.url.clone(),
            username: session.username.clone(),
            profile: session.profile.clone(),
            issued_at: session.issued_at,
            expires_at: session.expires_at,
            has_token: session.token.is_some(),
            has_app_key: session.app_key.is_some(),
            secrets: Some(Secrets {
                token: expose(&session.token),
                app_key: expose(&session.app_key),
            }),
        }
    }

    /// The session this record and `secrets` describe.
    pub(super) fn session(&self, secrets: Option<Secrets>) -> StoredSession {
        let secrets = secrets.unwrap_or_default();
        StoredSession {
            url: self.url.clone(),
            username: self.username.clone(),
            profile: self.profile.clone(),
            token: secrets.token.filter(|_| self.has_token).map(Into::into),
            issued_at: self.issued_at,
            expires_at: self.expires_at,
            app_key: secrets.app_key.filter(|_| self.has_app_key).map(Into::into),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_is_issue_time_plus_lifetime() {
        let now: Timestamp = "2026-03-02T08:00:00Z".parse().unwrap();
        let session = StoredSession::issued(
            "T".to_string().into(),
            now,
            Duration::from_hours(24),
            "https://h.example/api/token",
            "trader",
        );
        assert_eq!(session.expires_at.to_string(), "2026-03-03T08:00:00Z");
        assert_eq!(session.url, "https://h.example/api");
        let later: Timestamp = "2026-03-03T07:56:00Z".parse().unwrap();
        assert_eq!(session.time_left(later), Duration::from_mins(4));
        assert!(
            !session.valid_for(Duration::from_mins(5), later),
            "4 min is less than 5"
        );
        assert!(session.valid_for(Duration::from_mins(3), later));
        let after: Timestamp = "2026-03-04T00:00:00Z".parse().unwrap();
        assert_eq!(session.time_left(after), Duration::ZERO);
    }

    #[test]
    fn keys_name_a_profile_or_a_login() {
        let profile = StoreKey::for_login(Some("work"), Some("u"), Some("n")).unwrap();
        assert_eq!(profile.file_stem(), "profile-work");
        let login = StoreKey::for_login(None, Some("https://h.example/api/"), Some("t")).unwrap();
        assert_eq!(login.account(), "login:t@https://h.example/api");
        let same = StoreKey::for_login(None, Some("https://h.example/api/token"), Some("t"));
        assert_eq!(same.unwrap().file_stem(), login.file_stem());
        assert!(StoreKey::for_login(None, Some("u"), None).is_none());
    }

    #[test]
    fn a_session_is_for_the_url_and_username_the_run_names() {
        let session = StoredSession::without_token("https://h.example/api/", "plain");
        assert!(session.is_for(Some("https://h.example/api"), Some("plain")));
        assert!(
            session.is_for(Some(" https://h.example/api/token/ "), Some("plain")),
            "the URL is compared normalised"
        );
        assert!(session.is_for(None, None), "a run that names neither");
        assert!(session.is_for(None, Some("plain")));
        assert!(session.is_for(Some("https://h.example/api"), None));
        assert!(!session.is_for(Some("https://h.example/api"), Some("code")));
        assert!(
            !session.is_for(None, Some("Plain")),
            "usernames compare exactly"
        );
        assert!(!session.is_for(Some("https://other.example/api"), Some("plain")));
        assert!(!session.is_for(Some("http://h.example/api"), None));
    }

    fn record(token: &str, issued: &str, expires: &str) -> Record {
        Record {
            version: Record::VERSION,
            store: "file".into(),
            issued_at: issued.parse().unwrap(),
            expires_at: expires.parse().unwrap(),
            has_token: true,
            secrets: Some(Secrets {
                token: Some(token.into()),
                app_key: None,
            }),
            ..Record::default()
        }
    }

    #[test]
    fn a_record_is_trusted_only_when_it_could_be_true() {
        let now: Timestamp = "2026-03-02T08:00:00Z".parse().unwrap();
        let good = record("abc123", "2026-03-02T07:00:00Z", "2026-03-03T07:00:00Z");
        assert_eq!(good.check_at(now), Ok(()));
        let skewed = record("abc123", "2026-03-02T08:04:00Z", "2026-03-03T08:04:00Z");
        assert_eq!(skewed.check_at(now), Ok(()), "within the skew");
        let ahead = record("abc123", "2027-03-02T08:00:00Z", "2027-03-03T08:00:00Z");
        assert!(matches!(
            ahead.check_at(now),
            Err(Unusable::IssuedInTheFuture(_))
        ));
        let long = record("abc123", "2026-03-02T07:00:00Z", "2026-05-03T07:00:00Z");
        assert_eq!(long.check_at(now), Err(Unusable::TooLong));
        let backwards = record("abc123", "2026-03-02T07:00:00Z", "2026-03-01T07:00:00Z");
        assert_eq!(backwards.check_at(now), Err(Unusable::ExpiresBeforeIssued));
        for bad in [
            "",
            "has space",
            "\u{1b}]52;c;eA==\u{7}",
            "caf\u{e9}",
            &"x".repeat(8193),
        ] {
            let r = record(bad, "2026-03-02T07:00:00Z", "2026-03-03T07:00:00Z");
            assert_eq!(
                r.check_at(now),
                Err(Unusable::NotASecret("token")),
                "{bad:?}"
            );
        }
        let mut foreign = good;
        foreign.version = 7;
        assert_eq!(foreign.check_at(now), Err(Unusable::Version(7)));
    }

    #[test]
    fn debug_hides_the_secrets() {
        let mut session = StoredSession::issued(
            "TOKEN-SECRET-1".to_string().into(),
            Timestamp::UNIX_EPOCH,
            Duration::from_secs(1),
            "u",
            "n",
        );
        session.app_key = Some("APPKEY-SECRET-1".to_string().into());
        let shown = format!("{session:?}");
        assert!(!shown.contains("SECRET-1"), "{shown}");
    }
}
