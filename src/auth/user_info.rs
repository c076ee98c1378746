//! The current user's record, as `GET {base}/v1.0/users/@me/info` answers it: whose a token is.

use serde::Deserialize;

use crate::diag::redact::Secrets;
use crate::diag::sanitize::excerpt;

/// The longest user-info field kept, and the longest description of a user.
const MAX_USER_FIELD_CHARS: usize = 80;
const MAX_USER_CHARS: usize = 160;

/// The current user's record (`GET /v1.0/users/@me/info`); every field optional, unknown ones ignored.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserInfo {
    pub login: Option<String>,
    pub first_name: Option<String>,
    pub middle_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
}

impl UserInfo {
    /// The user's name, login and email as one sanitised line, e.g. `Paula Plain <p@example.com>`.
    pub fn describe(&self) -> String {
        let name: Vec<&str> = [&self.first_name, &self.middle_name, &self.last_name]
            .into_iter()
            .filter_map(|part| part.as_deref().filter(|p| !p.trim().is_empty()))
            .collect();
        let who = if name.is_empty() {
            self.login
                .clone()
                .unwrap_or_else(|| "an unnamed user".into())
        } else {
            name.join(" ")
        };
        let text = match &self.email {
            Some(email) if !email.trim().is_empty() => format!("{who} <{email}>"),
            _ => who,
        };
        excerpt(&text, MAX_USER_CHARS)
    }

    /// The record with every field that holds one of `secrets` (a token the server echoes into a name)
    /// withheld whole.
    pub fn withholding(self, secrets: &Secrets) -> UserInfo {
        let check = |field: Option<String>| field.map(|f| secrets.withhold(&f));
        UserInfo {
            login: check(self.login),
            first_name: check(self.first_name),
            middle_name: check(self.middle_name),
            last_name: check(self.last_name),
            email: check(self.email),
        }
    }

    /// The record with every field a sanitised line of at most [`MAX_USER_FIELD_CHARS`]: what a server
    /// sends is kept no larger than a screen can show.
    pub fn capped(self) -> UserInfo {
        let cap = |field: Option<String>| field.map(|f| excerpt(&f, MAX_USER_FIELD_CHARS));
        UserInfo {
            login: cap(self.login),
            first_name: cap(self.first_name),
            middle_name: cap(self.middle_name),
            last_name: cap(self.last_name),
            email: cap(self.email),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_hostile_record_is_capped_to_one_short_line() {
        let huge = "\u{1b}[2J\u{202e}Name ".repeat(100_000);
        let json = serde_json::to_string(&huge).unwrap();
        let info: UserInfo = serde_json::from_str(&format!(
            r#"{{"FirstName":{json},"Email":{json},"Extra":[1,2]}}"#
        ))
        .unwrap();
        let info = info.capped();
        let first = info.first_name.as_deref().unwrap();
        assert_eq!(first.chars().count(), MAX_USER_FIELD_CHARS);
        assert!(!first.contains('\u{1b}') && !first.contains('\u{202e}'));
        assert!(info.describe().chars().count() <= MAX_USER_CHARS);
    }

    #[test]
    fn a_field_holding_the_token_is_withheld_whole() {
        let secrets = Secrets::of(&[("Authorization", "Bearer TOKEN-0123456789")]);
        let info = UserInfo {
            first_name: Some("Paula TOKEN-0123456789".into()),
            last_name: Some("Plain".into()),
            ..UserInfo::default()
        }
        .withholding(&secrets);
        assert_eq!(
            info.first_name.as_deref(),
            Some("[withheld: the server's text held a token]")
        );
        assert_eq!(info.last_name.as_deref(), Some("Plain"));
    }
}
