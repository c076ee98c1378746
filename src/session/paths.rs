//! Where the config file and the state (stored sessions, locks) live on this platform.

use std::path::PathBuf;

use etcetera::HomeDirError;

use super::config::ConfigFileError;

/// Names the config file instead of the platform's default.
pub const CONFIG_ENV: &str = "AUTOSHARES_CONFIG";

/// The app's directories, found once.
#[derive(Debug, Clone)]
pub struct Paths {
    /// The config file (which may not exist).
    pub config: PathBuf,
    /// The state dir: stored sessions and login locks.
    pub state: PathBuf,
}

impl Paths {
    /// `AUTOSHARES_CONFIG`, else `$XDG_CONFIG_HOME/autoshares-login/config.toml`; the state in
    /// `$XDG_STATE_HOME/autoshares-login` (or the platform's equivalents).
    pub fn from_env() -> Result<Paths, ConfigFileError> {
        let (config_dir, state) = platform_dirs()
            .map_err(|e| ConfigFileError::new(format!("cannot find the home directory: {e}")))?;
        let config = std::env::var_os(CONFIG_ENV)
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| config_dir.join("config.toml"));
        Ok(Paths { config, state })
    }
}

/// The config dir and the state dir: XDG's on Linux and the BSDs, Application Support on macOS.
#[cfg(not(windows))]
fn platform_dirs() -> Result<(PathBuf, PathBuf), HomeDirError> {
    use etcetera::{AppStrategy, AppStrategyArgs};
    let strategy = etcetera::choose_app_strategy(AppStrategyArgs {
        top_level_domain: "com".into(),
        author: "AutoShares".into(),
        app_name: "autoshares-login".into(),
    })?;
    let state = strategy.state_dir().unwrap_or_else(|| strategy.data_dir());
    Ok((strategy.config_dir(), state))
}

/// Windows: the config in `%APPDATA%\autoshares-login` (it roams with the user's profile), the state in
/// `%LOCALAPPDATA%\autoshares-login` (stored tokens stay on this machine).
#[cfg(windows)]
fn platform_dirs() -> Result<(PathBuf, PathBuf), HomeDirError> {
    use etcetera::BaseStrategy;
    let base = etcetera::base_strategy::Windows::new()?;
    let app = "autoshares-login";
    Ok((base.config_dir().join(app), base.cache_dir().join(app)))
}
