//! `--demo`: the sandbox started in-process on a free loopback port, and the form prefilled to use it.

use secrecy::SecretString;

use crate::sandbox::{Sandbox, Scenarios};
use crate::session::{Settings, StoreMode};

/// The user the demo form is prefilled with: a PIN step, then an emailed code.
pub const DEMO_USER: &str = "pin-code";

/// A running demo sandbox and the settings that point at it.
pub struct Demo {
    pub sandbox: Sandbox,
    pub settings: Settings,
}

/// Starts the sandbox and points `settings` at it; a `--username` given on the command line is kept.
/// A demo stores nothing: its tokens die with its sandbox.
pub async fn start(mut settings: Settings) -> anyhow::Result<Demo> {
    let sandbox = Sandbox::start(Scenarios::builtin(), 0).await?;
    let scenarios = sandbox.scenarios();
    let username = settings
        .username
        .clone()
        .unwrap_or_else(|| DEMO_USER.to_string());
    let password = scenarios
        .users
        .iter()
        .find(|u| u.username == username)
        .map(|u| SecretString::from(u.password.as_str()))
        .unwrap_or_default();
    settings.url = Some(sandbox.base_url());
    settings.app_key = Some(SecretString::from(scenarios.app_key.as_str()));
    settings.username = Some(username);
    settings.store = StoreMode::None;
    settings.profile = None;
    settings.run.password = Some(password);
    Ok(Demo { sandbox, settings })
}
