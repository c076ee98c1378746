//! `--demo`: the sandbox started in-process on a free loopback port, and the form prefilled to use it.

use secrecy::SecretString;

use crate::auth::Factor;
use crate::sandbox::{Sandbox, Scenarios};
use crate::session::{Settings, StoreMode};

/// The user the demo form is prefilled with: a PIN step, then an emailed code.
pub const DEMO_USER: &str = "pin-code";

/// What a sandbox user's table shows where the user is asked for no such factor.
pub const NO_FACTOR: &str = "–";

/// A sandbox user, shown in demo mode (the TUI's panel and help, the step screen, line mode's prompts)
/// so a newcomer can log in at once.
#[derive(Debug, Clone)]
pub struct DemoUser {
    pub username: String,
    pub password: String,
    /// The PIN, or [`NO_FACTOR`].
    pub pin: String,
    /// The code (or a question's answer), or [`NO_FACTOR`].
    pub code: String,
    pub description: String,
}

impl DemoUser {
    /// What this user types when the server asks for `factor`, when the sandbox asks it for one.
    pub fn answer(&self, factor: Factor) -> Option<&str> {
        let answer = match factor {
            Factor::PinCode => &self.pin,
            Factor::VerificationCode => &self.code,
        };
        Some(answer.as_str()).filter(|a| *a != NO_FACTOR)
    }

    /// `answer` for `factor` said as a hint: "--demo: the sandbox's PIN for pin-code is 1234".
    pub fn hint(&self, factor: Factor) -> Option<String> {
        let answer = self.answer(factor)?;
        Some(format!(
            "--demo: the sandbox's {} for {} is {answer}",
            factor.label(),
            self.username
        ))
    }

    /// The sandbox user named `username` among `users`.
    pub fn named<'a>(users: &'a [DemoUser], username: &str) -> Option<&'a DemoUser> {
        users.iter().find(|u| u.username == username.trim())
    }
}

/// The demo sandbox's users, as the TUI's help and panel and line mode's prompts show them.
pub fn users(demo: &Demo) -> Vec<DemoUser> {
    let or_none = |v: Option<&String>| v.cloned().unwrap_or_else(|| NO_FACTOR.to_string());
    demo.sandbox
        .scenarios()
        .users
        .iter()
        .map(|u| DemoUser {
            username: u.username.clone(),
            password: u.password.clone(),
            pin: or_none(u.pin.as_ref()),
            code: or_none(u.code.as_ref().or(u.question.as_ref().map(|q| &q.answer))),
            description: u.description.clone(),
        })
        .collect()
}

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
