//! One resolved value of every login setting: the flag (or its variable), else the profile, else the default.

use std::path::PathBuf;
use std::time::Duration;

use secrecy::SecretString;

use super::schema::Layer;
use crate::auth::ClientOptions;
use crate::clipboard::ClipboardMode;

/// Environment variable that may hold the password (never a flag: argv is visible to every user).
pub const PASSWORD_ENV: &str = "AUTOSHARES_PASSWORD";

/// Where tokens and saved app keys live.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StoreMode {
    /// The keyring when one answers, else the file (said once, with the path).
    #[default]
    Auto,
    /// The system's credential store (Secret Service, Keychain, Credential Manager).
    Keyring,
    /// A file only its owner can read, in the state dir.
    File,
    /// Store nothing: every run logs in.
    None,
}

impl StoreMode {
    pub fn name(self) -> &'static str {
        match self {
            StoreMode::Auto => "auto",
            StoreMode::Keyring => "keyring",
            StoreMode::File => "file",
            StoreMode::None => "none",
        }
    }
}

/// Everything a front end needs to know before a login, decided once at the entry.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The profile these settings come from, if any.
    pub profile: Option<String>,
    pub url: Option<String>,
    pub app_key: Option<SecretString>,
    pub username: Option<String>,
    pub store: StoreMode,
    pub clipboard: ClipboardMode,
    /// Seconds; 0 = never.
    pub clear_after: u64,
    pub client: ClientOptions,
    pub token_lifetime: Duration,
    pub run: RunOptions,
}

/// What this run brings besides the settings a profile may hold.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Write the token to stdout when the TUI closes.
    pub print: bool,
    pub log: Option<PathBuf>,
    pub report: Option<PathBuf>,
    /// From [`PASSWORD_ENV`], never from a flag or the config file.
    pub password: Option<SecretString>,
}

/// An environment variable whose value is not UTF-8 text.
#[derive(Debug, thiserror::Error)]
#[error("{0} is not UTF-8 text, the only text this tool reads and sends; nothing was sent")]
pub struct NotText(pub &'static str);

impl RunOptions {
    /// The password in [`PASSWORD_ENV`]; an empty one counts as unset, one that is not UTF-8 text is an
    /// error (rather than no password at all).
    pub fn password_from_env() -> Result<Option<SecretString>, NotText> {
        match std::env::var(PASSWORD_ENV) {
            Ok(p) if p.is_empty() => Ok(None),
            Ok(p) => Ok(Some(SecretString::from(p))),
            Err(std::env::VarError::NotPresent) => Ok(None),
            Err(std::env::VarError::NotUnicode(_)) => Err(NotText(PASSWORD_ENV)),
        }
    }
}

impl Settings {
    /// `layer` (the command line over the profile `profile`) completed with the defaults.
    pub fn resolve(profile: Option<String>, layer: Layer, run: RunOptions) -> Settings {
        // The defaults come from the schema, so every field below is set: `unwrap_or_default` is a formality.
        let layer = layer.over(Layer::defaults());
        Settings {
            profile,
            url: layer.url.filter(|u| !u.trim().is_empty()),
            app_key: layer.app_key,
            username: layer.username.filter(|u| !u.trim().is_empty()),
            store: layer.store.unwrap_or_default(),
            clipboard: layer.clipboard.unwrap_or_default(),
            clear_after: layer.clear_after.unwrap_or_default(),
            client: ClientOptions {
                timeout: layer.timeout.unwrap_or_default(),
                cacert: layer.cacert,
                allow_http: layer.allow_http.unwrap_or_default(),
            },
            token_lifetime: layer.token_lifetime.unwrap_or_default(),
            run,
        }
    }

    /// The settings, besides URL, app key and username, that a profile must hold to log in as these
    /// do: each one that differs from the default, a CA file by its absolute path.
    pub fn beyond_defaults(&self) -> Layer {
        let defaults = Settings::resolve(None, Layer::default(), RunOptions::default());
        fn differs<T: PartialEq>(value: T, default: T) -> Option<T> {
            (value != default).then_some(value)
        }
        Layer {
            store: differs(self.store, defaults.store),
            clipboard: differs(self.clipboard, defaults.clipboard),
            clear_after: differs(self.clear_after, defaults.clear_after),
            timeout: differs(self.client.timeout, defaults.client.timeout),
            cacert: (self.client.cacert.as_deref())
                .map(|path| std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())),
            allow_http: self.client.allow_http.then_some(true),
            token_lifetime: differs(self.token_lifetime, defaults.token_lifetime),
            ..Layer::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_upper_layer_wins_and_the_lower_fills_the_gaps() {
        let flags = Layer {
            url: Some("https://flag.example/api".into()),
            timeout: Some(Duration::from_secs(5)),
            ..Layer::default()
        };
        let profile = Layer {
            url: Some("https://profile.example/api".into()),
            username: Some("trader".into()),
            clipboard: Some(ClipboardMode::Off),
            timeout: Some(Duration::from_secs(60)),
            ..Layer::default()
        };
        let settings = Settings::resolve(
            Some("work".into()),
            flags.over(profile),
            RunOptions::default(),
        );
        assert_eq!(settings.url.as_deref(), Some("https://flag.example/api"));
        assert_eq!(settings.username.as_deref(), Some("trader"));
        assert_eq!(settings.clipboard, ClipboardMode::Off);
        assert_eq!(settings.client.timeout, Duration::from_secs(5));
    }

    #[test]
    fn beyond_the_defaults_are_the_settings_that_differ_from_them() {
        let defaults = Settings::resolve(None, Layer::default(), RunOptions::default());
        let beyond = defaults.beyond_defaults();
        assert!(
            beyond.store.is_none()
                && beyond.clipboard.is_none()
                && beyond.clear_after.is_none()
                && beyond.timeout.is_none()
                && beyond.cacert.is_none()
                && beyond.allow_http.is_none()
                && beyond.token_lifetime.is_none(),
            "{beyond:?}"
        );
        let layer = Layer {
            url: Some("http://10.0.0.5/api".into()),
            username: Some("trader".into()),
            store: Some(StoreMode::File),
            timeout: Some(Duration::from_secs(30)),
            cacert: Some("corp.pem".into()),
            allow_http: Some(true),
            token_lifetime: Some(Duration::from_hours(8)),
            ..Layer::default()
        };
        let beyond = Settings::resolve(None, layer, RunOptions::default()).beyond_defaults();
        assert_eq!(beyond.store, Some(StoreMode::File));
        assert_eq!(beyond.timeout, None, "30 s is the default");
        let cacert = beyond.cacert.expect("the CA file");
        assert!(
            cacert.is_absolute() && cacert.ends_with("corp.pem"),
            "{cacert:?}"
        );
        assert_eq!(beyond.allow_http, Some(true));
        assert_eq!(beyond.token_lifetime, Some(Duration::from_hours(8)));
        assert!(beyond.url.is_none() && beyond.username.is_none() && beyond.app_key.is_none());
    }

    #[test]
    fn defaults_follow_the_contract() {
        let settings = Settings::resolve(None, Layer::default(), RunOptions::default());
        assert_eq!(settings.store, StoreMode::Auto);
        assert_eq!(settings.clipboard, ClipboardMode::Auto);
        assert_eq!(settings.clear_after, 30);
        assert_eq!(settings.client.timeout, Duration::from_secs(30));
        assert!(!settings.client.allow_http);
        assert_eq!(settings.token_lifetime, Duration::from_hours(24));
    }
}
