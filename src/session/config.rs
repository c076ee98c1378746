//! The config file: `default_profile` and `[profiles.NAME]` tables, checked strictly; every error names
//! the file, the line and the key.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::schema::{Layer, ProfileText};

/// The config file as read.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub path: PathBuf,
    pub default_profile: Option<String>,
    /// The profiles by name, each a layer of settings.
    pub profiles: BTreeMap<String, Layer>,
    /// Things worth saying that do not stop the run (a shared file holding an app key).
    pub warnings: Vec<String>,
}

/// A config file that cannot be used: exit 2. Its message is sanitised like server text: it may quote
/// the file's bytes (a bad value) or a path, and neither may bring an escape sequence to the terminal.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigFileError(String);

impl ConfigFileError {
    pub(super) fn new(message: String) -> ConfigFileError {
        ConfigFileError(crate::diag::sanitize::sanitize(&message))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileText {
    default_profile: Option<toml::Spanned<String>>,
    #[serde(default)]
    profiles: BTreeMap<String, ProfileText>,
}

/// What a profile name may hold, for messages.
pub(super) const PROFILE_NAME_RULE: &str =
    "a profile name may hold letters, digits, '-', '_' and '.' only (at most 64)";

/// Whether `name` can name a profile: letters, digits, `-`, `_` and `.`, at most 64.
pub fn valid_profile_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

impl Config {
    /// Reads the config file at `path`; a missing file is an empty config.
    pub fn load(path: &Path) -> Result<Config, ConfigFileError> {
        Config::parse(path, &read_text(path)?.unwrap_or_default())
    }

    /// The config in `text`, the contents of the file at `path`: what [`Config::load`] makes of it.
    pub(super) fn parse(path: &Path, text: &str) -> Result<Config, ConfigFileError> {
        let parsed: FileText = toml::from_str(text).map_err(|e| {
            let at = e.span().map_or(0, |s| s.start);
            ConfigFileError::new(located(path, text, at, e.message()))
        })?;
        Config::from_text(path, text, parsed)
    }

    fn from_text(path: &Path, text: &str, parsed: FileText) -> Result<Config, ConfigFileError> {
        let mut profiles = BTreeMap::new();
        let mut holds_app_key = false;
        for (name, table) in parsed.profiles {
            if !valid_profile_name(&name) {
                let at = text.find(&format!("profiles.{name}")).unwrap_or(0);
                return Err(ConfigFileError::new(located(
                    path,
                    text,
                    at,
                    PROFILE_NAME_RULE,
                )));
            }
            holds_app_key |= table.holds_secret();
            profiles.insert(name, table.into_layer());
        }
        let default_profile = match parsed.default_profile {
            Some(name) if !profiles.contains_key(name.get_ref()) => {
                let message = format!(
                    "default_profile names {:?}, which is not a [profiles.NAME] table here",
                    name.get_ref()
                );
                return Err(ConfigFileError::new(located(
                    path,
                    text,
                    name.span().start,
                    &message,
                )));
            }
            other => other.map(toml::Spanned::into_inner),
        };
        let mut warnings = Vec::new();
        if holds_app_key && let Some(mode) = readable_by_others(path) {
            warnings.push(format!(
                "the config file {} holds an app key and others can read it (mode {mode:o}); `chmod 600` it",
                path.display()
            ));
        }
        Ok(Config {
            path: path.to_path_buf(),
            default_profile,
            profiles,
            warnings,
        })
    }

    /// The profile to use: `asked` (`--profile`, `AUTOSHARES_PROFILE`), else `default_profile`, else none.
    pub fn select(&self, asked: Option<&str>) -> Result<Option<(String, Layer)>, ConfigFileError> {
        let Some(name) = asked.or(self.default_profile.as_deref()) else {
            return Ok(None);
        };
        match self.profiles.get(name) {
            Some(layer) => Ok(Some((name.to_string(), layer.clone()))),
            None if self.profiles.is_empty() => Err(ConfigFileError::new(format!(
                "no profile {name:?}: {} has no [profiles.NAME] tables",
                self.path.display()
            ))),
            None => Err(ConfigFileError::new(format!(
                "no profile {name:?} in {} (it has: {})",
                self.path.display(),
                self.profiles.keys().cloned().collect::<Vec<_>>().join(", ")
            ))),
        }
    }
}

/// The text of the config file at `path`; `None` when there is no such file.
pub(super) fn read_text(path: &Path) -> Result<Option<String>, ConfigFileError> {
    match crate::bounded_read::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(ConfigFileError::new(format!(
            "cannot read the config file {}: {e}",
            path.display()
        ))),
    }
}

/// `FILE:LINE: KEY: message`, the key found on the line at byte `at` (with its table's name).
fn located(path: &Path, text: &str, at: usize, message: &str) -> String {
    let before = text.get(..at).unwrap_or(text);
    let line_number = before.matches('\n').count() + 1;
    let line = text.lines().nth(line_number - 1).unwrap_or("").trim();
    let table = before
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(|l| l.trim_matches(['[', ']']).trim());
    let key = match (line.split_once('=').map(|(k, _)| k.trim()), table) {
        (Some(key), Some(table)) if !line.starts_with('[') => format!("{table}.{key}"),
        (Some(key), _) => key.to_string(),
        (None, _) => line.trim_matches(['[', ']']).to_string(),
    };
    format!(
        "{}:{line_number}: key `{key}`: {}",
        path.display(),
        message.trim()
    )
}

/// The file's mode when its group or others may read it.
fn readable_by_others(path: &Path) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
        (mode & 0o044 != 0).then_some(mode)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clipboard::ClipboardMode;
    use crate::session::StoreMode;
    use std::time::Duration;

    fn load(name: &str, text: &str) -> Result<Config, ConfigFileError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("{name}.toml"));
        std::fs::write(&path, text).unwrap();
        Config::load(&path)
    }

    const GOOD: &str = r#"
default_profile = "work"

[profiles.work]
url = "https://work.example/api"
username = "trader"
clipboard = "osc52"
timeout = 10
token_lifetime = "8h"

[profiles.demo]
url = "http://127.0.0.1:8787/api"
store = "none"
"#;

    #[test]
    fn profiles_and_the_default_are_read() {
        let config = load("good", GOOD).unwrap();
        let (name, work) = config.select(None).unwrap().expect("the default profile");
        assert_eq!(name, "work");
        assert_eq!(work.username.as_deref(), Some("trader"));
        assert_eq!(work.clipboard, Some(ClipboardMode::Osc52));
        assert_eq!(work.timeout, Some(Duration::from_secs(10)));
        assert_eq!(work.token_lifetime, Some(Duration::from_hours(8)));
        let (_, demo) = config.select(Some("demo")).unwrap().unwrap();
        assert_eq!(demo.store, Some(StoreMode::None));
    }

    #[test]
    fn an_unknown_key_names_file_line_and_key() {
        let text = "[profiles.work]\nurl = \"https://w.example/api\"\nclipbaord = \"off\"\n";
        let err = load("unknown", text).unwrap_err().to_string();
        assert!(err.contains("unknown.toml:3:"), "{err}");
        assert!(err.contains("key `profiles.work.clipbaord`"), "{err}");
    }

    #[test]
    fn a_bad_value_names_file_line_and_key() {
        let err = load("badvalue", "[profiles.p]\n\nclipboard = \"sometimes\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("badvalue.toml:3: key `profiles.p.clipboard`"),
            "{err}"
        );
        assert!(err.contains("sometimes"), "{err}");
        let err = load("badlife", "[profiles.p]\ntoken_lifetime = \"a day\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains(":2: key `profiles.p.token_lifetime`"), "{err}");
        let err = load(
            "hugelife",
            "[profiles.p]\ntoken_lifetime = \"99999999999y\"\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains(":2: key `profiles.p.token_lifetime`"), "{err}");
        assert!(err.contains("31 days"), "{err}");
        for timeout in ["0", "3601", "9223372036854775808"] {
            let err = load("timeout", &format!("[profiles.p]\ntimeout = {timeout}\n"))
                .unwrap_err()
                .to_string();
            assert!(err.contains(":2: key `profiles.p.timeout`"), "{err}");
        }
    }

    #[test]
    fn an_error_quoting_escape_bytes_shows_none() {
        let err = load(
            "escapes",
            "[profiles.p]\nclipboard = \"\\u001b]52;c;eA==\\u0007\\u001b[2J\"\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains(":2: key `profiles.p.clipboard`"), "{err}");
        assert!(!err.chars().any(char::is_control), "{err:?}");
    }

    #[test]
    fn a_default_or_asked_profile_that_is_not_there_is_an_error() {
        let err = load("nodefault", "default_profile = \"live\"\n[profiles.demo]\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains(":1: key `default_profile`"), "{err}");
        let config = load("noasked", GOOD).unwrap();
        let err = config.select(Some("live")).unwrap_err().to_string();
        assert!(
            err.contains("\"live\"") && err.contains("demo, work"),
            "{err}"
        );
    }

    #[test]
    fn a_missing_file_is_an_empty_config() {
        let config = Config::load(Path::new("/nonexistent/autoshares/config.toml")).unwrap();
        assert!(config.profiles.is_empty());
        assert!(config.select(None).unwrap().is_none());
    }

    #[cfg(unix)]
    #[test]
    fn an_app_key_in_a_file_others_can_read_is_warned_about() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "[profiles.p]\napp_key = \"k\"\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let warned = Config::load(&path).unwrap().warnings;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        let private = Config::load(&path).unwrap().warnings;
        assert!(warned[0].contains("mode 644"), "{warned:?}");
        assert!(private.is_empty(), "{private:?}");
    }
}
