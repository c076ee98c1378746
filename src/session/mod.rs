//! Sessions that outlive a run: settings resolved from flags, profiles and defaults.

mod settings;

pub use settings::{
    DEFAULT_TOKEN_LIFETIME, Layer, NotText, PASSWORD_ENV, RunOptions, Settings, StoreMode,
};
