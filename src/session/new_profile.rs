//! Saving a successful login as a profile: its URL, username and settings into the config file, its app
//! key and token into the store, never the password.

use std::fmt;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use secrecy::{ExposeSecret, SecretString};

use super::config::{self, Config, ConfigFileError, PROFILE_NAME_RULE, valid_profile_name};
use super::config_append::{self, Addition};
use super::saver::Saver;
use super::schema::Layer;
use super::store::{Placement, SILENCE_FALLBACK, Saved, StoreError};
use super::stored::{StoreKey, StoredSession};

/// A successful login to save as a profile. `Debug` shows neither the app key nor the token.
#[derive(Debug)]
pub struct NewProfile {
    pub name: String,
    pub url: String,
    pub username: String,
    pub app_key: SecretString,
    /// The login's token and when it was issued: stored under the new profile, so the profile is logged in at once.
    pub token: Option<(SecretString, Timestamp)>,
    /// The login's other settings the profile holds, so that it logs in as this login did (those that
    /// differ from the defaults: [`Settings::beyond_defaults`](super::Settings::beyond_defaults)); their URL, username and app key are
    /// the ones above.
    pub settings: Layer,
}

/// What saving did: the config file written, whether the profile became the default, where the app key
/// (and token) went.
#[derive(Debug, Clone)]
pub struct ProfileSaved {
    pub name: String,
    pub config: PathBuf,
    pub made_default: bool,
    /// Whether a token was saved with the app key.
    pub with_token: bool,
    pub saved: Saved,
    /// Why the copy of this login stored under its URL and username (before it had a profile) is still
    /// there, when it could not be removed.
    pub warning: Option<String>,
}

impl ProfileSaved {
    /// Which profile the login was saved as: what a small screen keeps of [`ProfileSaved`]'s sentence.
    pub fn headline(&self) -> String {
        let default = if self.made_default {
            " (now the default profile)"
        } else {
            ""
        };
        format!("Saved as profile {}{default}.", self.name)
    }

    /// Where the profile, its app key (and token) went; why a copy is left over, if one is.
    pub fn detail(&self) -> String {
        let config = self.config.display();
        let what = if self.with_token {
            "its app key and token are"
        } else {
            "its app key is"
        };
        let mut detail = match (&self.saved.placement, &self.saved.keyring_unavailable) {
            (Placement::Nowhere, _) => format!(
                "The profile is in {config}; the app key was not stored (store: none): set AUTOSHARES_APP_KEY when you use it."
            ),
            (placement, None) => format!("The profile is in {config}; {what} in {placement}."),
            (placement, Some(why)) => format!(
                "The profile is in {config}; no keyring service on this system ({why}), so {what} in \
                 {placement}. {SILENCE_FALLBACK}"
            ),
        };
        if let Some(warning) = &self.warning {
            detail = format!("{detail} {warning}");
        }
        detail
    }
}

impl fmt::Display for ProfileSaved {
    /// What saving did, in full: [`ProfileSaved::headline`] and [`ProfileSaved::detail`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.headline(), self.detail())
    }
}

/// Why a login could not be saved as a profile. Every case but [`SaveProfileError::Store`] wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum SaveProfileError {
    #[error("{name:?} cannot name a profile: {rule}", rule = PROFILE_NAME_RULE)]
    InvalidName { name: String },
    #[error("a profile named {name} exists in {}; choose another name", path.display())]
    NameTaken { name: String, path: PathBuf },
    /// The config file cannot be read, or does not parse as it is.
    #[error("nothing was saved: {0}")]
    Config(#[from] ConfigFileError),
    #[error("nothing was saved: cannot write the config file {}: {detail}", path.display())]
    Write { path: PathBuf, detail: String },
    #[error(
        "the config file {} is a symlink, which this tool neither writes through nor replaces; nothing was saved. Add this to the file it points to:\n\n{by_hand}",
        path.display()
    )]
    Symlink { path: PathBuf, by_hand: String },
    /// The file's own text keeps the new table from reading back as written (an inline `profiles = {…}`).
    #[error(
        "the profile cannot be added to {} as it is written ({detail}); nothing was saved. Add this by hand:\n\n{by_hand}",
        path.display()
    )]
    CannotAppend {
        path: PathBuf,
        detail: ReadBackError,
        by_hand: String,
    },
    #[error(
        "profile {name} was saved in {}, but its app key was not stored: {source}",
        config.display()
    )]
    Store {
        name: String,
        config: PathBuf,
        /// Boxed: a store error is large (the Windows keyring's above all), and every other case is small.
        source: Box<StoreError>,
    },
}

impl Saver {
    /// Saves `new` as a profile: its `[profiles.NAME]` table (URL and username) appended to the config file
    /// at `config_path` (and `default_profile` set when the file has none), then its app key and token
    /// stored under the profile with this saver's store and lifetime. The copy of the login's token stored
    /// as it succeeded (under its URL and username, or the profile it ran with) moves to the new profile,
    /// so `logout --profile NAME` leaves no token behind.
    pub fn save_profile(
        &self,
        config_path: &Path,
        new: NewProfile,
    ) -> Result<ProfileSaved, SaveProfileError> {
        let made_default = add_to_config(config_path, &new)?;
        let session = match new.token {
            Some((token, issued_at)) => {
                StoredSession::issued(token, issued_at, self.lifetime, &new.url, &new.username)
            }
            None => StoredSession::without_token(&new.url, &new.username),
        };
        let session = StoredSession {
            profile: Some(new.name.clone()),
            app_key: Some(new.app_key),
            ..session
        };
        let saved = self
            .store
            .save(&StoreKey::Profile(new.name.clone()), &session)
            .map_err(|source| SaveProfileError::Store {
                name: new.name.clone(),
                config: config_path.to_path_buf(),
                source: Box::new(source),
            })?;
        let warning = self.drop_login_copy(&session, &saved);
        Ok(ProfileSaved {
            name: new.name,
            config: config_path.to_path_buf(),
            made_default,
            with_token: session.token.is_some(),
            saved,
            warning,
        })
    }

    /// Once the profile's copy is stored, drops the copy of the same token this saver stored as the login
    /// succeeded: under the profile the login ran with, or its URL and username without one (whose saved
    /// app key moves to the new profile too; a profile keeps its own). A copy holding another token (an
    /// earlier or later login's) stays. Why not, when that fails.
    fn drop_login_copy(&self, session: &StoredSession, saved: &Saved) -> Option<String> {
        let token = session.token.as_ref()?.expose_secret();
        if saved.placement == Placement::Nowhere {
            return None;
        }
        let key = StoreKey::for_login(
            self.profile.as_deref(),
            Some(&session.url),
            Some(&session.username),
        )?;
        let not_removed = |e: StoreError| {
            format!(
                "The copy stored for {} before could not be removed: {e}.",
                key.describe()
            )
        };
        let copy = match self.store.load(&key) {
            Ok(copy) => copy?,
            Err(e) => return Some(not_removed(e)),
        };
        if copy.token.as_ref()?.expose_secret() != token {
            return None;
        }
        let forget = self.profile.is_none();
        self.store.drop_session(&key, forget).err().map(not_removed)
    }
}

/// Appends `new`'s table to the config file, checked first by reading the new text back as
/// [`Config::load`] would. True when the profile became the default.
fn add_to_config(path: &Path, new: &NewProfile) -> Result<bool, SaveProfileError> {
    if !valid_profile_name(&new.name) {
        return Err(SaveProfileError::InvalidName {
            name: new.name.clone(),
        });
    }
    let text = config::read_text(path)?.unwrap_or_default();
    let before = Config::parse(path, &text)?;
    if before.profiles.contains_key(&new.name) {
        return Err(SaveProfileError::NameTaken {
            name: new.name.clone(),
            path: path.to_path_buf(),
        });
    }
    let made_default = before.default_profile.is_none();
    let table = Layer {
        url: Some(new.url.clone()),
        username: Some(new.username.clone()),
        app_key: None,
        ..new.settings.clone()
    };
    let addition = Addition::new(&new.name, &table, made_default);
    let text = addition.apply_to(&text);
    if let Err(detail) = reads_back(path, &text, &new.name, &table) {
        return Err(SaveProfileError::CannotAppend {
            path: path.to_path_buf(),
            detail,
            by_hand: addition.by_hand(),
        });
    }
    if path.is_symlink() {
        return Err(SaveProfileError::Symlink {
            path: path.to_path_buf(),
            by_hand: addition.by_hand(),
        });
    }
    config_append::replace(path, &text).map_err(|e| SaveProfileError::Write {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })?;
    Ok(made_default)
}

/// Why a config with a new profile appended does not read back as written.
#[derive(Debug, thiserror::Error)]
pub enum ReadBackError {
    #[error(transparent)]
    Config(#[from] ConfigFileError),
    #[error("the profile is not there")]
    Missing,
    #[error("its settings read back otherwise")]
    Otherwise,
}

/// Whether `text` reads as a config whose profile `name` holds the settings of `table`, or why not.
fn reads_back(path: &Path, text: &str, name: &str, table: &Layer) -> Result<(), ReadBackError> {
    let after = Config::parse(path, text)?;
    let (_, read) = after.select(Some(name))?.ok_or(ReadBackError::Missing)?;
    let same = read.url == table.url
        && read.username == table.username
        && read.store == table.store
        && read.clipboard == table.clipboard
        && read.clear_after == table.clear_after
        && read.timeout == table.timeout
        && read.cacert == table.cacert
        && read.allow_http == table.allow_http
        && read.token_lifetime == table.token_lifetime;
    if same {
        Ok(())
    } else {
        Err(ReadBackError::Otherwise)
    }
}

#[cfg(test)]
mod tests;
