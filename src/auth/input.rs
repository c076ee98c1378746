//! What may go in a request header: every value the user gives is checked here before anything is sent.
//!
//! HTTP carries the credentials as header values, which cannot hold control characters (CR or LF would end
//! the header) and lose spaces at either end. Text beyond ASCII (é, ü, emoji) is sent as its UTF-8 bytes,
//! which HTTP allows (`obs-text`) and as the protocol's curl samples send it.

use super::flow::{Credentials, Factor};
use secrecy::ExposeSecret;

/// The longest value sent in one header: far more than any real key, name, password or code, little
/// enough for every server's header limits.
pub const MAX_VALUE_BYTES: usize = 1024;

/// A value the user gives that goes into a request header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    AppKey,
    Username,
    Password,
    Pin,
    VerificationCode,
    /// The answer to a step this tool does not know.
    Answer,
}

impl Field {
    /// What the field is called in a message.
    pub fn name(self) -> &'static str {
        match self {
            Field::AppKey => "app key",
            Field::Username => "username",
            Field::Password => "password",
            Field::Pin => "PIN",
            Field::VerificationCode => "verification code",
            Field::Answer => "answer",
        }
    }

    /// The field that answers a step: its factor's, or an answer for a step this tool does not know.
    pub fn for_step(factor: Factor, known_step: bool) -> Field {
        match (known_step, factor) {
            (false, _) => Field::Answer,
            (true, Factor::PinCode) => Field::Pin,
            (true, Factor::VerificationCode) => Field::VerificationCode,
        }
    }
}

/// Why a value cannot be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    Empty,
    /// A control character: CR, LF, NUL, tab, any other C0 or C1 character, or DEL.
    ControlCharacter,
    /// A space at either end, which HTTP strips from a header value.
    EdgeSpace,
    TooLong,
}

/// A value that cannot be sent in its header, naming the field (never the value).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{}", describe(*field, *problem))]
pub struct BadInput {
    pub field: Field,
    pub problem: Problem,
}

fn describe(field: Field, problem: Problem) -> String {
    let name = field.name();
    match problem {
        Problem::Empty => format!("the {name} is empty"),
        Problem::ControlCharacter => format!(
            "the {name} has a control character (line break, tab, NUL…) that an HTTP header cannot carry"
        ),
        Problem::EdgeSpace => {
            format!("the {name} begins or ends with a space, which HTTP drops from a header")
        }
        Problem::TooLong => format!(
            "the {name} is longer than {MAX_VALUE_BYTES} bytes, too long for an HTTP header"
        ),
    }
}

/// Checks that `value` can be sent as `field`'s header exactly as given.
pub fn check(field: Field, value: &str) -> Result<(), BadInput> {
    let problem = if value.is_empty() {
        Some(Problem::Empty)
    } else if value.len() > MAX_VALUE_BYTES {
        Some(Problem::TooLong)
    } else if value.chars().any(char::is_control) {
        Some(Problem::ControlCharacter)
    } else if value.starts_with(' ') || value.ends_with(' ') {
        Some(Problem::EdgeSpace)
    } else {
        None
    };
    match problem {
        Some(problem) => Err(BadInput { field, problem }),
        None => Ok(()),
    }
}

impl Credentials {
    /// Checks every value of the first request, in the order a form shows them.
    pub fn check(&self) -> Result<(), BadInput> {
        check(Field::AppKey, self.app_key.expose_secret())?;
        check(Field::Username, &self.username)?;
        check(Field::Password, self.password.expose_secret())?;
        match &self.pin {
            Some(pin) => check(Field::Pin, pin.expose_secret()),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_control_character_is_refused_naming_the_field_not_the_value() {
        let controls = (0u32..0x20).chain([0x7f]).chain(0x80..0xa0);
        for c in controls.filter_map(char::from_u32) {
            let value = format!("ab{c}cd-SECRET");
            let err = check(Field::Password, &value).unwrap_err();
            assert_eq!(err.problem, Problem::ControlCharacter, "{:?}", c);
            let shown = err.to_string();
            assert!(
                shown.contains("password") && !shown.contains("SECRET"),
                "{shown}"
            );
        }
    }

    #[test]
    fn text_beyond_ascii_is_allowed() {
        for value in ["Pässwörd", "пароль", "密码", "pw-🙂", "tab\u{a0}nbsp"] {
            assert_eq!(check(Field::Password, value), Ok(()), "{value}");
        }
    }

    #[test]
    fn empty_edge_spaces_and_huge_values_are_refused() {
        let problem = |v: &str| check(Field::Username, v).unwrap_err().problem;
        assert_eq!(problem(""), Problem::Empty);
        assert_eq!(problem(" bob"), Problem::EdgeSpace);
        assert_eq!(problem("bob "), Problem::EdgeSpace);
        assert_eq!(problem(&"x".repeat(MAX_VALUE_BYTES + 1)), Problem::TooLong);
        assert_eq!(check(Field::Username, "bob smith"), Ok(()));
        assert_eq!(check(Field::Username, &"x".repeat(MAX_VALUE_BYTES)), Ok(()));
    }

    #[test]
    fn credentials_are_checked_field_by_field() {
        let credentials = |app_key: &str, pin: Option<&str>| Credentials {
            app_key: app_key.to_string().into(),
            username: "alice".into(),
            password: "pw".to_string().into(),
            pin: pin.map(|p| p.to_string().into()),
        };
        assert_eq!(credentials("key", None).check(), Ok(()));
        assert_eq!(
            credentials("key", Some("12\n")).check().unwrap_err().field,
            Field::Pin
        );
        assert_eq!(
            credentials("k\0ey", None).check().unwrap_err().field,
            Field::AppKey
        );
    }
}
