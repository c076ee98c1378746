//! Where each login attempt starts in a list of exchanges: at every first request of a login (a token
//! request that answers no step: no interim token, no verification code), so a log needs no marks of its
//! own to be grouped.

use super::Exchange;

/// One login attempt: a run of exchanges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// Index of its first exchange.
    pub first: usize,
    /// How many exchanges it has.
    pub len: usize,
    /// The username its first request named, when it named one.
    pub username: Option<String>,
}

impl Attempt {
    /// Indexes of its exchanges.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.first..self.first + self.len
    }
}

fn header<'a>(exchange: &'a Exchange, name: &str) -> Option<&'a str> {
    exchange
        .request_headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Whether `exchange` is the first request of a login: a token request that answers no step, neither
/// with an interim token (`Authorization`) nor a code (a follow-up that lost its interim token still
/// sends the code, and belongs to its login).
pub fn starts_attempt(exchange: &Exchange) -> bool {
    exchange.method.eq_ignore_ascii_case("POST")
        && exchange.url.trim_end_matches('/').ends_with("/token")
        && header(exchange, "Authorization").is_none()
        && header(exchange, "VerificationCode").is_none()
}

/// The attempts in `exchanges`, in order; exchanges before the first start form an attempt of their own.
pub fn split(exchanges: &[Exchange]) -> Vec<Attempt> {
    let mut attempts: Vec<Attempt> = Vec::new();
    for (index, exchange) in exchanges.iter().enumerate() {
        match attempts.last_mut() {
            Some(current) if !starts_attempt(exchange) => current.len += 1,
            _ => attempts.push(Attempt {
                first: index,
                len: 1,
                username: header(exchange, "Username").map(str::to_string),
            }),
        }
    }
    attempts
}

/// The attempt (0-based) holding exchange `index`.
pub fn attempt_of(attempts: &[Attempt], index: usize) -> Option<usize> {
    attempts.iter().position(|a| a.range().contains(&index))
}

#[cfg(test)]
mod tests {
    use std::time::SystemTime;

    use super::*;

    fn post(headers: &[(&str, &str)]) -> Exchange {
        Exchange::request(
            SystemTime::UNIX_EPOCH,
            "POST",
            "https://h.example/api/token",
            headers,
        )
    }

    #[test]
    fn every_request_without_an_interim_token_starts_an_attempt() {
        let user_info = Exchange::request(
            SystemTime::UNIX_EPOCH,
            "GET",
            "https://h.example/api/v1.0/users/@me/info",
            &[("Authorization", "Bearer T")],
        );
        let exchanges = [
            post(&[("Username", "alice")]),
            post(&[("Username", "alice"), ("Authorization", "Bearer T1")]),
            post(&[("Username", "bob")]),
            post(&[("Username", "bob"), ("Authorization", "Bearer T2")]),
            post(&[("Username", "bob"), ("VerificationCode", "123456")]),
            user_info,
        ];
        let attempts = split(&exchanges);
        assert_eq!(attempts.len(), 2);
        assert_eq!((attempts[0].first, attempts[0].len), (0, 2));
        assert_eq!((attempts[1].first, attempts[1].len), (2, 4));
        assert_eq!(attempts[1].username.as_deref(), Some("bob"));
        assert_eq!(attempt_of(&attempts, 5), Some(1));
    }

    #[test]
    fn a_log_that_starts_mid_login_still_has_a_first_attempt() {
        let attempts = split(&[post(&[("Authorization", "Bearer T")])]);
        assert_eq!(attempts.len(), 1);
        assert_eq!(attempts[0].username, None);
    }
}
