//! The token store: where stored sessions live (the keyring, a file, or nowhere) and how `auto` chooses.
//!
//! Every stored session has a record file in the state dir's `sessions/` folder that says where, as whom,
//! and until when, so `status` and `profiles` never need to unlock a keyring. With the file backend the
//! record also holds the token and app key; with the keyring backend those are a keyring item of their own.

mod file;
#[cfg_attr(
    not(any(target_os = "linux", target_os = "macos", windows)),
    path = "no_keyring.rs"
)]
mod keyring;

use std::fmt;
use std::path::{Path, PathBuf};

use super::settings::StoreMode;
use super::stored::{Record, StoreKey, StoredSession, same_login};

pub use file::private_dir;

/// Where a saved session went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    Keyring,
    File(PathBuf),
    /// Store mode `none` (the flag, a profile's `store = "none"`, or `--demo`).
    Nowhere,
}

impl fmt::Display for Placement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Placement::Keyring => f.write_str(keyring::NAME),
            Placement::File(path) => write!(f, "{} (readable by you only)", path.display()),
            Placement::Nowhere => f.write_str("nowhere (store: none)"),
        }
    }
}

/// A save: where it went and, when `auto` could not use the keyring, why.
#[derive(Debug, Clone)]
pub struct Saved {
    pub placement: Placement,
    pub keyring_unavailable: Option<String>,
}

impl Saved {
    /// One sentence for the user: where the token is, and why there when `auto` fell back.
    pub fn describe(&self) -> String {
        match (&self.placement, &self.keyring_unavailable) {
            (Placement::Nowhere, _) => "The token is not stored (store: none).".to_string(),
            (placement, None) => format!("Token stored in {placement}."),
            (placement, Some(why)) => {
                format!("No keyring answered ({why}); token stored in {placement}.")
            }
        }
    }
}

/// A store that could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot use the token store at {path}: {detail}")]
    Io { path: String, detail: String },
    #[error("the stored session {path} cannot be read ({detail}); `logout` removes it")]
    Damaged { path: String, detail: String },
    #[error("{name} did not work: {0}", name = keyring::NAME)]
    Keyring(String),
}

impl StoreError {
    fn io(path: &Path, error: &std::io::Error) -> StoreError {
        StoreError::Io {
            path: path.display().to_string(),
            detail: error.to_string(),
        }
    }
}

/// A stored session as its record describes it, secrets left where they are.
#[derive(Debug, Clone)]
pub struct Summary {
    pub url: String,
    pub username: String,
    pub issued_at: jiff::Timestamp,
    pub expires_at: jiff::Timestamp,
    pub has_token: bool,
    pub has_app_key: bool,
    /// The keyring's name, or the file's path.
    pub kept_in: String,
}

impl Summary {
    /// Whether the stored session is for the run's `url` and `username`, as [`StoredSession::is_for`].
    pub fn is_for(&self, url: Option<&str>, username: Option<&str>) -> bool {
        same_login((&self.url, &self.username), url, username)
    }

    /// How long the token has left at `now` (zero without a token).
    pub fn time_left(&self, now: jiff::Timestamp) -> std::time::Duration {
        if !self.has_token {
            return std::time::Duration::ZERO;
        }
        std::time::Duration::try_from(self.expires_at.duration_since(now)).unwrap_or_default()
    }
}

/// What a logout removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Dropped {
    pub token: bool,
    pub app_key: bool,
}

/// The store of one mode, over the state dir.
#[derive(Debug, Clone)]
pub struct Store {
    mode: StoreMode,
    dir: PathBuf,
}

impl Store {
    /// The store in `mode` with its records in `state_dir/sessions`.
    pub fn new(mode: StoreMode, state_dir: &Path) -> Store {
        Store {
            mode,
            dir: state_dir.join("sessions"),
        }
    }

    pub fn mode(&self) -> StoreMode {
        self.mode
    }

    /// The folder the file store keeps sessions in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether the system's keyring answers (asked for an item that does not exist), or why not.
    pub fn keyring_answers() -> Result<(), String> {
        keyring::get("doctor:probe").map(drop)
    }

    /// What the system's keyring is called, for messages.
    pub fn keyring_name() -> &'static str {
        keyring::NAME
    }

    /// The session stored under `key`, wherever its record says it is.
    pub fn load(&self, key: &StoreKey) -> Result<Option<StoredSession>, StoreError> {
        if self.mode == StoreMode::None {
            return Ok(None);
        }
        let Some(mut record) = file::read(&self.dir, &key.file_stem())? else {
            return Ok(None);
        };
        let secrets = match record.store.as_str() {
            "keyring" => match keyring::get(&key.account()).map_err(StoreError::Keyring)? {
                Some(text) => Some(serde_json::from_str(&text).map_err(|e| {
                    StoreError::Keyring(format!("the item {} is damaged: {e}", key.account()))
                })?),
                None => None,
            },
            _ => record.secrets.take(),
        };
        Ok(Some(record.session(secrets)))
    }

    /// Stores `session` under `key`: in the keyring or the file as the mode says (`auto`: the keyring
    /// when it answers, else the file).
    pub fn save(&self, key: &StoreKey, session: &StoredSession) -> Result<Saved, StoreError> {
        let saved = |placement, keyring_unavailable| Saved {
            placement,
            keyring_unavailable,
        };
        match self.mode {
            StoreMode::None => Ok(saved(Placement::Nowhere, None)),
            StoreMode::File => Ok(saved(self.save_file(key, session)?, None)),
            StoreMode::Keyring => Ok(saved(self.save_keyring(key, session)?, None)),
            StoreMode::Auto => match self.save_keyring(key, session) {
                Ok(placement) => Ok(saved(placement, None)),
                Err(StoreError::Keyring(why)) => {
                    Ok(saved(self.save_file(key, session)?, Some(why)))
                }
                Err(e) => Err(e),
            },
        }
    }

    fn save_file(&self, key: &StoreKey, session: &StoredSession) -> Result<Placement, StoreError> {
        let record = Record::of(session, "file");
        let path = file::write(&self.dir, &key.file_stem(), &record)?;
        Ok(Placement::File(path))
    }

    fn save_keyring(
        &self,
        key: &StoreKey,
        session: &StoredSession,
    ) -> Result<Placement, StoreError> {
        let mut record = Record::of(session, "keyring");
        let secrets = record.secrets.take().unwrap_or_default();
        let text =
            serde_json::to_string(&secrets).map_err(|e| StoreError::Keyring(e.to_string()))?;
        keyring::set(&key.account(), text).map_err(StoreError::Keyring)?;
        file::write(&self.dir, &key.file_stem(), &record)?;
        Ok(Placement::Keyring)
    }

    /// Drops the token stored under `key`, and the saved app key too when `forget` (or when there is
    /// nothing else left to keep).
    pub fn drop_session(&self, key: &StoreKey, forget: bool) -> Result<Dropped, StoreError> {
        let Some(mut session) = self.load_any(key)? else {
            return Ok(Dropped::default());
        };
        let dropped = Dropped {
            token: session.token.is_some(),
            app_key: forget && session.app_key.is_some(),
        };
        if forget || session.app_key.is_none() {
            let stem = key.file_stem();
            if file::read(&self.dir, &stem)?.is_some_and(|r| r.store == "keyring") {
                keyring::delete(&key.account()).map_err(StoreError::Keyring)?;
            }
            file::remove(&self.dir, &stem)?;
        } else if dropped.token {
            session.token = None;
            let kept_in = file::read(&self.dir, &key.file_stem())?.map(|r| r.store);
            match kept_in.as_deref() {
                Some("keyring") => self.save_keyring(key, &session)?,
                _ => self.save_file(key, &session)?,
            };
        }
        Ok(dropped)
    }

    /// [`Store::load`] whatever this store's mode (a logout with `--store none` still finds the token).
    fn load_any(&self, key: &StoreKey) -> Result<Option<StoredSession>, StoreError> {
        Store {
            mode: StoreMode::Auto,
            dir: self.dir.clone(),
        }
        .load(key)
    }

    /// The keys of every stored session, from their records.
    pub fn keys(&self) -> Vec<StoreKey> {
        file::list(&self.dir)
            .into_iter()
            .map(|(_, record)| record_key(&record))
            .collect()
    }

    /// Every stored session's key and summary, from one read of each record (for `status` and
    /// `profiles`, however many there are).
    pub fn summaries(&self) -> Vec<(StoreKey, Summary)> {
        file::list(&self.dir)
            .into_iter()
            .map(|(stem, record)| (record_key(&record), self.summarise(&stem, record)))
            .collect()
    }

    /// What is stored under `key`, without its secrets (no keyring call): for `status` and `profiles`.
    pub fn summary(&self, key: &StoreKey) -> Result<Option<Summary>, StoreError> {
        let stem = key.file_stem();
        Ok(file::read(&self.dir, &stem)?.map(|record| self.summarise(&stem, record)))
    }

    fn summarise(&self, stem: &str, record: Record) -> Summary {
        Summary {
            kept_in: match record.store.as_str() {
                "keyring" => keyring::NAME.to_string(),
                _ => file::path(&self.dir, stem).display().to_string(),
            },
            url: record.url,
            username: record.username,
            issued_at: record.issued_at,
            expires_at: record.expires_at,
            has_token: record.has_token,
            has_app_key: record.has_app_key,
        }
    }
}

/// The key a record is stored under: its profile's, else its URL and username's.
fn record_key(record: &Record) -> StoreKey {
    match &record.profile {
        Some(profile) => StoreKey::Profile(profile.clone()),
        None => StoreKey::Login {
            url: record.url.clone(),
            username: record.username.clone(),
        },
    }
}
