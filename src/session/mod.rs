//! Sessions that outlive a run: the config file and its profiles, settings resolved from flags, profiles
//! and defaults, the token store, expiry, and the login lock.

mod clock;
mod config;
mod config_append;
mod context;
mod lock;
mod new_profile;
mod paths;
mod saver;
mod schema;
mod settings;
mod store;
mod stored;

pub use clock::{LocalZone, human_duration, local_time, local_time_in, parse_duration};
pub use config::{Config, ConfigFileError, valid_profile_name};
pub use context::Context;
pub use lock::{LockError, LockPlace, LoginLock, MAX_WAIT};
pub use new_profile::{NewProfile, ProfileSaved, ReadBackError, SaveProfileError};
pub use paths::{CONFIG_ENV, Paths};
pub use saver::{Kept, Saver};
pub use schema::{
    Choice, Codec, DEFAULT_TOKEN_LIFETIME, FilePath, Layer, Lifetime, MAX_TIMEOUT_SECS, Plain,
    SETTINGS, Seconds, Secret, SettingInfo,
};
pub use settings::{NotText, PASSWORD_ENV, RunOptions, Settings, StoreMode};
pub use store::{Dropped, KeyringError, Placement, Saved, Store, StoreError, Summary};
pub use stored::{StoreKey, StoredSession};
