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

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::settings::StoreMode;
use super::stored::{Record, Secrets, StoreKey, StoredSession, same_login};

pub use file::private_dir;
pub use keyring::KeyringError;

use crate::diag::sanitize::sanitize;

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

/// A save: where it went and, when `auto` found no keyring service at all, why (the first such save of
/// a run only: the notice is said once, not on every save after it).
#[derive(Debug, Clone)]
pub struct Saved {
    pub placement: Placement,
    pub keyring_unavailable: Option<String>,
}

/// How to store in the file without being told each run that there is no keyring.
pub const SILENCE_FALLBACK: &str = "To store in the file without this note, set store = \"file\" in the profile (or --store file).";

/// Whether this is the run's first save that fell back to the file: only that one says why.
fn first_fallback() -> bool {
    static SAID: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    !SAID.swap(true, std::sync::atomic::Ordering::Relaxed)
}

impl Saved {
    /// One sentence for the user: where the token is, and why there when `auto` fell back.
    pub fn describe(&self) -> String {
        match (&self.placement, &self.keyring_unavailable) {
            (Placement::Nowhere, _) => "The token is not stored (store: none).".to_string(),
            (placement, None) => format!("Token stored in {placement}."),
            (placement, Some(why)) => format!(
                "No keyring service on this system ({why}); token stored in {placement}. {SILENCE_FALLBACK}"
            ),
        }
    }
}

/// A store that could not be read or written, by kind.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The state dir or a record could not be written (or removed).
    #[error("cannot use the token store at {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// A record that cannot be used: not a regular file, too big, not JSON, not this tool's, or holding
    /// what cannot be a token or a true time. It counts as absent.
    #[error("the stored session {path} cannot be used ({detail})")]
    Damaged { path: String, detail: String },
    /// A record whose token is in a keyring this run cannot reach. It counts as absent.
    #[error("the stored session {path} keeps its token in {name}, which cannot be reached: {source}", name = keyring::NAME)]
    Unreachable {
        path: String,
        #[source]
        source: KeyringError,
    },
    /// The keyring this run must use failed.
    #[error("{0}")]
    Keyring(#[from] KeyringError),
}

impl StoreError {
    fn io(path: &Path, source: std::io::Error) -> StoreError {
        StoreError::Io {
            path: path.display().to_string(),
            source,
        }
    }

    /// Whether this is a record that counts as absent (damaged, or its keyring out of reach).
    pub fn is_unusable_record(&self) -> bool {
        matches!(
            self,
            StoreError::Damaged { .. } | StoreError::Unreachable { .. }
        )
    }
}

/// Says once per process, on stderr, that the record at `path` counts as absent and why.
fn warn_unusable(path: &Path, error: &StoreError) {
    static WARNED: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());
    let first = WARNED
        .lock()
        .map(|mut warned| warned.insert(path.to_path_buf()))
        .unwrap_or(true);
    if first {
        crate::say!(
            "warning: {}; it counts as absent: a login replaces it, `logout` removes it.",
            sanitize(&error.to_string())
        );
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

    /// Which store holds it: the keyring or the file (where exactly is [`Summary::kept_in`]).
    pub fn store(&self) -> StoreMode {
        if self.kept_in == keyring::NAME {
            StoreMode::Keyring
        } else {
            StoreMode::File
        }
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dropped {
    pub token: bool,
    pub app_key: bool,
    /// A record that could not be used (damaged, or its keyring out of reach), removed: why it could not.
    pub unusable: Option<String>,
}

/// The store of one mode, over the state dir.
#[derive(Debug, Clone)]
pub struct Store {
    mode: StoreMode,
    dir: PathBuf,
    /// The time records are checked against (a test's clock); the system's when `None`.
    clock: Option<jiff::Timestamp>,
    /// Whether an unusable record goes unsaid (the TUI's store: stderr is its screen).
    quiet: bool,
}

impl Store {
    /// The store in `mode` with its records in `state_dir/sessions`.
    pub fn new(mode: StoreMode, state_dir: &Path) -> Store {
        Store {
            mode,
            dir: state_dir.join("sessions"),
            clock: None,
            quiet: false,
        }
    }

    /// This store, saying nothing on stderr about a record that counts as absent (for the TUI, which
    /// draws on stderr; it shows no stored session instead).
    pub fn quiet(self) -> Store {
        Store {
            quiet: true,
            ..self
        }
    }

    /// This store, checking records against `now` instead of the system's clock (for a test's clock: a
    /// record issued after the time it is read is not trusted).
    pub fn at(self, now: jiff::Timestamp) -> Store {
        Store {
            clock: Some(now),
            ..self
        }
    }

    fn warn_unusable(&self, path: &Path, error: &StoreError) {
        if !self.quiet {
            warn_unusable(path, error);
        }
    }

    fn now(&self) -> jiff::Timestamp {
        self.clock.unwrap_or_else(jiff::Timestamp::now)
    }

    pub fn mode(&self) -> StoreMode {
        self.mode
    }

    /// The folder the file store keeps sessions in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether the system's keyring can be used now (no prompt), or why not, by kind.
    pub fn keyring_answers() -> Result<(), KeyringError> {
        keyring::ready()
    }

    /// What the system's keyring is called, for messages.
    pub fn keyring_name() -> &'static str {
        keyring::NAME
    }

    /// Checked before a login, so that a store that will not take its token stops the run before the
    /// password is sent: `keyring` needs a keyring that can be used now; `auto` needs one unless the
    /// system has no keyring service at all (then the file will do); `file` and `none` need nothing.
    pub fn ready(&self) -> Result<(), StoreError> {
        if matches!(self.mode, StoreMode::None | StoreMode::File) {
            return Ok(());
        }
        match keyring::ready() {
            Ok(()) => Ok(()),
            Err(KeyringError::NoService(_)) if self.mode == StoreMode::Auto => Ok(()),
            Err(e) => Err(StoreError::Keyring(e)),
        }
    }

    /// The session stored under `key`, wherever its record says it is. A record that cannot be used
    /// (damaged, or its keyring out of reach) counts as absent, and is warned about once.
    pub fn load(&self, key: &StoreKey) -> Result<Option<StoredSession>, StoreError> {
        self.load_noting(key).map(|(session, _)| session)
    }

    /// [`Store::load`], and when the record counts as absent, why (for a line that says why a login is
    /// needed).
    pub fn load_noting(
        &self,
        key: &StoreKey,
    ) -> Result<(Option<StoredSession>, Option<StoreError>), StoreError> {
        if self.mode == StoreMode::None {
            return Ok((None, None));
        }
        match self.read(key) {
            Err(e) if e.is_unusable_record() => {
                self.warn_unusable(&file::path(&self.dir, &key.file_stem()), &e);
                Ok((None, Some(e)))
            }
            read => read.map(|session| (session, None)),
        }
    }

    /// The app key saved with the session of `key`, when that session is for `url` (never one saved for
    /// another server): what a run without an app key of its own uses.
    pub fn saved_app_key(
        &self,
        key: &StoreKey,
        url: Option<&str>,
    ) -> Option<secrecy::SecretString> {
        let stored = self.load(key).ok().flatten()?;
        stored.is_for(url, None).then_some(stored.app_key)?
    }

    /// [`Store::load`], an unusable record an error.
    fn read(&self, key: &StoreKey) -> Result<Option<StoredSession>, StoreError> {
        let stem = key.file_stem();
        let Some(mut record) = file::read(&self.dir, &stem, self.now())? else {
            return Ok(None);
        };
        let path = || file::path(&self.dir, &stem).display().to_string();
        let secrets = match record.store.as_str() {
            "keyring" => match keyring::get(&key.account()) {
                Ok(Some(text)) => Some(serde_json::from_str::<Secrets>(&text).map_err(|e| {
                    StoreError::Damaged {
                        path: path(),
                        detail: format!("its keyring item is not this tool's: {e}"),
                    }
                })?),
                Ok(None) => None,
                Err(source) => {
                    return Err(StoreError::Unreachable {
                        path: path(),
                        source,
                    });
                }
            },
            _ => record.secrets.take(),
        };
        if let Some(secrets) = &secrets {
            secrets.check().map_err(|e| StoreError::Damaged {
                path: path(),
                detail: e.to_string(),
            })?;
        }
        Ok(Some(record.session(secrets)))
    }

    /// Stores `session` under `key`: in the keyring or the file as the mode says. `auto` uses the file
    /// only when the system has no keyring service at all; a keyring that is there but locked, declined
    /// or slow is an error, never a reason for a plain copy.
    pub fn save(&self, key: &StoreKey, session: &StoredSession) -> Result<Saved, StoreError> {
        let saved = |placement, keyring_unavailable| Saved {
            placement,
            keyring_unavailable,
        };
        match self.mode {
            StoreMode::None => Ok(saved(Placement::Nowhere, None)),
            StoreMode::File => Ok(saved(self.save_file(key, session)?, None)),
            StoreMode::Keyring => Ok(saved(self.save_keyring(key, session)?, None)),
            StoreMode::Auto => match keyring::ready() {
                Ok(()) => Ok(saved(self.save_keyring(key, session)?, None)),
                Err(KeyringError::NoService(why)) => {
                    let placement = self.save_file(key, session)?;
                    Ok(saved(placement, first_fallback().then_some(why)))
                }
                Err(e) => Err(StoreError::Keyring(e)),
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
        let text = serde_json::to_string(&secrets)
            .map_err(|e| StoreError::Keyring(KeyringError::Failed(e.to_string())))?;
        keyring::set(&key.account(), text)?;
        file::write(&self.dir, &key.file_stem(), &record)?;
        Ok(Placement::Keyring)
    }

    /// Drops the token stored under `key`, and the saved app key too when `forget` (or when there is
    /// nothing else left to keep). A record that cannot be used is removed (its keyring item too, when
    /// that can be reached).
    pub fn drop_session(&self, key: &StoreKey, forget: bool) -> Result<Dropped, StoreError> {
        let stem = key.file_stem();
        let mut session = match self.read(key) {
            Ok(Some(session)) => session,
            Ok(None) => return Ok(Dropped::default()),
            Err(e) if e.is_unusable_record() => {
                if let Ok(Some(record)) = file::read(&self.dir, &stem, self.now())
                    && record.store == "keyring"
                {
                    let _ = keyring::delete(&key.account());
                }
                file::remove(&self.dir, &stem)?;
                return Ok(Dropped {
                    unusable: Some(sanitize(&e.to_string())),
                    ..Dropped::default()
                });
            }
            Err(e) => return Err(e),
        };
        let dropped = Dropped {
            token: session.token.is_some(),
            app_key: forget && session.app_key.is_some(),
            unusable: None,
        };
        let kept_in = file::read(&self.dir, &stem, self.now())
            .ok()
            .flatten()
            .map(|r| r.store);
        if forget || session.app_key.is_none() {
            if kept_in.as_deref() == Some("keyring") {
                keyring::delete(&key.account())?;
            }
            file::remove(&self.dir, &stem)?;
        } else if dropped.token {
            session.token = None;
            match kept_in.as_deref() {
                Some("keyring") => self.save_keyring(key, &session)?,
                _ => self.save_file(key, &session)?,
            };
        }
        Ok(dropped)
    }

    /// The keys of every stored session, from their records (a damaged profile record by its name).
    pub fn keys(&self) -> Vec<StoreKey> {
        file::list(&self.dir, self.now())
            .into_iter()
            .filter_map(|(stem, record)| match record {
                Ok(record) => Some(record_key(&record)),
                Err(_) => stem
                    .strip_prefix("profile-")
                    .map(|name| StoreKey::Profile(name.to_string())),
            })
            .collect()
    }

    /// Every usable stored session's key and summary, from one read of each record (for `status` and
    /// `profiles`, however many there are); a record that cannot be used counts as absent, warned about
    /// once.
    pub fn summaries(&self) -> Vec<(StoreKey, Summary)> {
        file::list(&self.dir, self.now())
            .into_iter()
            .filter_map(|(stem, record)| match record {
                Ok(record) => Some((record_key(&record), self.summarise(&stem, record))),
                Err(e) => {
                    self.warn_unusable(&file::path(&self.dir, &stem), &e);
                    None
                }
            })
            .collect()
    }

    /// What is stored under `key`, without its secrets (no keyring call): for `status` and `profiles`.
    /// A record that cannot be used counts as absent, and is warned about once.
    pub fn summary(&self, key: &StoreKey) -> Result<Option<Summary>, StoreError> {
        let stem = key.file_stem();
        match file::read(&self.dir, &stem, self.now()) {
            Ok(record) => Ok(record.map(|record| self.summarise(&stem, record))),
            Err(e) => {
                self.warn_unusable(&file::path(&self.dir, &stem), &e);
                Ok(None)
            }
        }
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
