//! Sandbox scenarios: who can log in and what each login shows, read from TOML (see assets/sandbox.toml).

use anyhow::{Result, anyhow};
use serde::Deserialize;
use std::fmt::Write as _;
use std::path::Path;

use crate::diag::sanitize::sanitize;

const BUILTIN: &str = include_str!("../../assets/sandbox.toml");
const DEFAULT_MAX_ATTEMPTS: u32 = 3;

/// The app key every user must send, and the users.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenarios {
    pub app_key: String,
    pub users: Vec<UserScenario>,
}

/// One user and the behaviour their login shows.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserScenario {
    pub username: String,
    pub password: String,
    /// What the scenario shows, for the banner.
    pub description: String,
    /// Asked for first, in a `SecutityPin` step (or taken from `PinCode` on the first request).
    pub pin: Option<String>,
    /// Asked for next, in a `VerificationCode` step.
    pub code: Option<String>,
    /// Overrides the Reason of the `VerificationCode` step.
    pub code_reason: Option<String>,
    /// A step the client does not know, asked for last.
    pub question: Option<Question>,
    /// Wrong answers in one login before it is locked.
    #[serde(default = "default_max_attempts")]
    pub max_attempts: u32,
    /// Wait before every answer to this user.
    #[serde(default)]
    pub delay_ms: u64,
    /// Refuse the login once the password is right.
    pub fail: Option<Failure>,
    /// Answer like a proxy in front of the API, before any check.
    pub raw: Option<RawReply>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    /// Extra fields merged into the 200 body.
    #[serde(default)]
    pub success_extra: serde_json::Map<String, serde_json::Value>,
    /// How long this user's tokens are accepted, e.g. "3s" (default: 24 h, as the API).
    #[serde(default, deserialize_with = "lifetime")]
    pub token_lifetime: Option<std::time::Duration>,
}

fn lifetime<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<std::time::Duration>, D::Error> {
    let text = String::deserialize(d)?;
    crate::session::parse_duration(&text)
        .map(Some)
        .map_err(|e| serde::de::Error::custom(format!("token_lifetime {text:?}: {e}")))
}

/// A custom step: its name, the Reason shown, and the answer accepted.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub step: String,
    pub reason: String,
    pub answer: String,
}

/// A refusal with the usual `{"State":"Failed",...}` body.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Failure {
    pub status: u16,
    pub step: String,
    pub reason: String,
    /// Seconds, sent as a `Retry-After` header.
    pub retry_after: Option<u64>,
}

/// A verbatim answer (status, content type, body).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReply {
    pub status: u16,
    pub content_type: String,
    pub body: String,
}

fn default_max_attempts() -> u32 {
    DEFAULT_MAX_ATTEMPTS
}

impl Scenarios {
    /// The scenarios shipped in `assets/sandbox.toml`.
    pub fn builtin() -> Scenarios {
        Self::parse(BUILTIN).expect("assets/sandbox.toml is valid (proved by a unit test)")
    }

    /// Reads and checks a scenarios file.
    pub fn load(path: &Path) -> Result<Scenarios> {
        let text = crate::bounded_read::read_to_string(path)
            .map_err(|e| anyhow!("cannot read sandbox scenarios {}: {e}", path.display()))?;
        Self::parse(&text).map_err(|e| anyhow!("bad sandbox scenarios {}: {e}", path.display()))
    }

    /// Parses and checks scenarios in the format of `assets/sandbox.toml`.
    pub fn parse(text: &str) -> Result<Scenarios> {
        let scenarios: Scenarios = toml::from_str(text)?;
        scenarios.check()?;
        Ok(scenarios)
    }

    fn check(&self) -> Result<()> {
        if self.app_key.trim().is_empty() {
            return Err(anyhow!("app_key is empty"));
        }
        if self.users.is_empty() {
            return Err(anyhow!("no [[users]]"));
        }
        for (i, user) in self.users.iter().enumerate() {
            let earlier = &self.users[..i];
            user.check(earlier)
                .map_err(|e| anyhow!("users[{i}] ({:?}): {e}", user.username))?;
        }
        Ok(())
    }

    /// The user with this exact username.
    pub(crate) fn user(&self, username: &str) -> Option<(usize, &UserScenario)> {
        self.users
            .iter()
            .enumerate()
            .find(|(_, u)| u.username == username)
    }

    /// The URL, the app key, and a table of the users, for a terminal.
    pub fn banner(&self, base_url: &str) -> String {
        let mut rows =
            vec![["username", "password", "PIN", "code", "what it shows"].map(String::from)];
        rows.extend(self.users.iter().map(|u| {
            let answer = u
                .code
                .as_deref()
                .or(u.question.as_ref().map(|q| q.answer.as_str()));
            [
                &*u.username,
                &u.password,
                u.pin.as_deref().unwrap_or("-"),
                answer.unwrap_or("-"),
                &u.description,
            ]
            .map(sanitize)
        }));
        let widths: Vec<usize> = (0..4)
            .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
            .collect();
        let mut out = format!(
            "AutoShares sandbox\n  API base:  {}\n  token URL: {}/token\n  app key:   {}\n\n",
            sanitize(base_url),
            sanitize(base_url),
            sanitize(&self.app_key)
        );
        for row in &rows {
            out.push(' ');
            for (cell, width) in row.iter().zip(&widths) {
                let _ = write!(out, " {cell:<width$}");
            }
            let _ = writeln!(out, " {}", row[4]);
        }
        out
    }
}

impl UserScenario {
    fn check(&self, earlier: &[UserScenario]) -> Result<()> {
        let blank = |s: &Option<String>| s.as_deref().is_some_and(|s| s.trim().is_empty());
        if self.username.trim().is_empty() || self.password.is_empty() {
            return Err(anyhow!("username and password must not be empty"));
        }
        if earlier.iter().any(|u| u.username == self.username) {
            return Err(anyhow!("username appears twice"));
        }
        if self.description.trim().is_empty() {
            return Err(anyhow!("description is empty"));
        }
        if blank(&self.pin)
            || blank(&self.code)
            || self.question.as_ref().is_some_and(|q| q.answer.is_empty())
        {
            return Err(anyhow!("an empty pin, code or answer could never be typed"));
        }
        if self.max_attempts == 0 {
            return Err(anyhow!("max_attempts must be at least 1"));
        }
        if let Some(fail) = &self.fail
            && !(400..=599).contains(&fail.status)
        {
            return Err(anyhow!(
                "fail.status {} is not a 4xx or 5xx status",
                fail.status
            ));
        }
        if let Some(raw) = &self.raw {
            http::StatusCode::from_u16(raw.status)
                .map_err(|_| anyhow!("raw.status {} is not a status", raw.status))?;
            http::HeaderValue::from_str(&raw.content_type)
                .map_err(|_| anyhow!("raw.content_type is not a valid header value"))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_text(text: &str) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("scenarios.toml");
        std::fs::write(&path, text).unwrap();
        let err = Scenarios::load(&path).unwrap_err().to_string();
        assert!(err.contains(&path.display().to_string()), "{err}");
        err
    }

    #[test]
    fn builtin_parses_and_describes_every_user() {
        let s = Scenarios::builtin();
        assert!(!s.app_key.is_empty());
        assert!(s.users.len() >= 12);
        for u in &s.users {
            assert!(
                !u.description.trim().is_empty(),
                "{} has no description",
                u.username
            );
        }
    }

    #[test]
    fn load_reads_the_builtin_file() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sandbox.toml");
        assert_eq!(
            Scenarios::load(&path).unwrap().users.len(),
            Scenarios::builtin().users.len()
        );
    }

    #[test]
    fn load_names_file_and_problem() {
        let err = load_text("app_key = \"k\"\n[[users]]\nusername = \"a\"\npassword = \"p\"\n");
        assert!(err.contains("description"), "{err}");
        let err = load_text(
            "app_key = \"k\"\n[[users]]\nusername = \"a\"\npassword = \"p\"\ndescription = \"d\"\npni = \"1\"\n",
        );
        assert!(err.contains("pni"), "{err}");
        let err = load_text(
            "app_key = \"k\"\n[[users]]\nusername = \"a\"\npassword = \"p\"\ndescription = \"\"\n",
        );
        assert!(err.contains("description is empty"), "{err}");
        let err = load_text(
            "app_key = \"k\"\n[[users]]\nusername = \"a\"\npassword = \"p\"\ndescription = \"d\"\nfail = { status = 200, step = \"s\", reason = \"r\" }\n",
        );
        assert!(err.contains("fail.status"), "{err}");
        let missing = Path::new("/nonexistent/sandbox.toml");
        let err = Scenarios::load(missing).unwrap_err().to_string();
        assert!(err.contains("/nonexistent/sandbox.toml"), "{err}");
    }

    #[test]
    fn banner_lists_url_key_and_users() {
        let s = Scenarios::builtin();
        let banner = s.banner("http://127.0.0.1:9/api");
        assert!(banner.contains("http://127.0.0.1:9/api/token"));
        assert!(banner.contains(&s.app_key));
        for u in &s.users {
            assert!(banner.contains(&u.username) && banner.contains(&u.description));
        }
        assert!(!banner.chars().any(|c| c == '\u{1b}' || c == '\u{202e}'));
    }

    #[test]
    fn operator_text_in_the_banner_cannot_drive_the_terminal() {
        let mut s = Scenarios::builtin();
        s.users[0].description = "evil\u{1b}[2J\u{202e}\u{061c}text".into();
        let banner = s.banner("http://127.0.0.1:9/api");
        assert!(banner.contains("eviltext"), "{banner}");
        assert!(!banner.contains(['\u{1b}', '\u{202e}', '\u{061c}']));
    }
}
