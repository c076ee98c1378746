//! Where each login attempt starts in a list of exchanges: at every first request of a login (a token
//! request that answers no step: no interim token, no verification code), so a log needs no marks of its
//! own to be grouped; and how far each attempt got, in words (the story a report opens with).

use super::{Exchange, OutcomeKind};

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

/// How an attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ending {
    /// A session token was issued.
    Succeeded,
    /// The server refused the login (`State: Failed`).
    Refused,
    /// The server asked to wait before the next try.
    RateLimited,
    /// No usable answer (an HTTP error, an answer not like the API's, the network).
    Fault,
    /// The request could not be sent.
    NotSent,
    /// The user cancelled the request in flight.
    Cancelled,
    /// Neither a token nor a failure: left at a step, or the log ends there.
    Unfinished,
}

impl Ending {
    /// Every ending, in the order the counts list them.
    pub const ALL: [Ending; 7] = [
        Ending::Succeeded,
        Ending::Refused,
        Ending::RateLimited,
        Ending::Fault,
        Ending::NotSent,
        Ending::Cancelled,
        Ending::Unfinished,
    ];

    /// The ending in a word or two.
    pub fn word(self) -> &'static str {
        match self {
            Ending::Succeeded => "Succeeded",
            Ending::Refused => "Refused",
            Ending::RateLimited => "Rate-limited",
            Ending::Fault => "Fault",
            Ending::NotSent => "Not sent",
            Ending::Cancelled => "Cancelled",
            Ending::Unfinished => "Unfinished",
        }
    }
}

/// One attempt as the story tells it: when, as whom, how far it got, how it ended and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Told {
    /// When its first request was sent.
    pub when: jiff::Timestamp,
    pub username: Option<String>,
    /// The last step the server named (`BaseAuthentication`, `VerificationCode`, …), if any.
    pub reached: Option<String>,
    pub ending: Ending,
    /// The ending with the server's or the tool's words, e.g. `Refused: Invalid credentials`.
    pub outcome: String,
    /// The advice given for its failure, if any.
    pub hint: Option<String>,
}

impl Attempt {
    /// How this attempt of `exchanges` went.
    pub fn tell(&self, exchanges: &[Exchange]) -> Told {
        let own = &exchanges[self.range()];
        let first = &own[0];
        let last = own.last().unwrap_or(first);
        let ending = if own.iter().any(|e| e.kind == OutcomeKind::Succeeded) {
            Ending::Succeeded
        } else {
            match last.kind {
                OutcomeKind::Succeeded | OutcomeKind::Confirmed => Ending::Succeeded,
                OutcomeKind::Failed => Ending::Refused,
                OutcomeKind::RateLimited => Ending::RateLimited,
                OutcomeKind::Fault | OutcomeKind::NotConfirmed => Ending::Fault,
                OutcomeKind::NotSent => Ending::NotSent,
                OutcomeKind::Cancelled => Ending::Cancelled,
                OutcomeKind::Expecting | OutcomeKind::Unknown => Ending::Unfinished,
            }
        };
        let reached = own.iter().rev().find_map(|e| e.step.clone());
        let words = match ending {
            Ending::Succeeded => "a session token was issued".to_string(),
            Ending::Unfinished => match &reached {
                Some(step) => format!("no answer was given at step {step}"),
                None => "the login did not reach a token or a failure".to_string(),
            },
            _ => reason(&last.outcome),
        };
        Told {
            when: first.at,
            username: self.username.clone(),
            reached,
            ending,
            outcome: format!("{}: {words}", ending.word()),
            hint: last.hint.clone().filter(|_| ending != Ending::Succeeded),
        }
    }
}

/// An outcome line without the words its ending already says: the server's reason after `Failed at
/// STEP: ` or `Fault: rate-limited (HTTP 429) at step STEP: `, the rest after `Fault: ` or `not sent: `.
fn reason(outcome: &str) -> String {
    fn after_step(rest: &str) -> Option<&str> {
        rest.split_once(": ").map(|(_step, reason)| reason)
    }
    let failed = outcome.strip_prefix("Failed at ").and_then(after_step);
    let limited = (outcome.strip_prefix("Fault: rate-limited "))
        .and_then(|rest| rest.split_once(" at step "))
        .and_then(|(_status, rest)| after_step(rest));
    let rest = ["Fault: rate-limited ", "Fault: ", "not sent: "]
        .iter()
        .find_map(|prefix| outcome.strip_prefix(prefix));
    failed.or(limited).or(rest).unwrap_or(outcome).to_string()
}

/// How many attempts ended each way, in [`Ending::ALL`] order, the endings that none had left out.
pub fn count_endings(told: &[Told]) -> Vec<(Ending, usize)> {
    Ending::ALL
        .iter()
        .map(|&ending| (ending, told.iter().filter(|t| t.ending == ending).count()))
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// Each attempt of `exchanges`, told.
pub fn tell_all(exchanges: &[Exchange]) -> Vec<Told> {
    split(exchanges).iter().map(|a| a.tell(exchanges)).collect()
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

    fn concluded(
        headers: &[(&str, &str)],
        kind: OutcomeKind,
        step: Option<&str>,
        outcome: &str,
    ) -> Exchange {
        let mut exchange = post(headers);
        exchange.conclude(step, kind, outcome.into());
        if kind != OutcomeKind::Succeeded && kind != OutcomeKind::Expecting {
            exchange.hint = Some(format!("hint for {outcome}"));
        }
        exchange
    }

    #[test]
    fn each_attempt_is_told_with_how_far_it_got_and_how_it_ended() {
        let exchanges = [
            concluded(
                &[("Username", "alice")],
                OutcomeKind::Fault,
                None,
                "Fault: the server rejected the request (HTTP 401): Application key is not defined",
            ),
            concluded(
                &[("Username", "alice")],
                OutcomeKind::Failed,
                Some("BaseAuthentication"),
                "Failed at BaseAuthentication: Invalid credentials",
            ),
            concluded(
                &[("Username", "bob")],
                OutcomeKind::Expecting,
                Some("VerificationCode"),
                "Expecting VerificationCode: code",
            ),
            concluded(
                &[("Username", "bob"), ("Authorization", "Bearer T")],
                OutcomeKind::Succeeded,
                None,
                "Succeeded",
            ),
            concluded(
                &[("Username", "carol")],
                OutcomeKind::RateLimited,
                Some("BaseAuthentication"),
                "Fault: rate-limited (HTTP 429) at step BaseAuthentication: Too many",
            ),
            concluded(
                &[("Username", "dave")],
                OutcomeKind::Expecting,
                Some("SecutityPin"),
                "Expecting SecutityPin: pin",
            ),
        ];
        let told = tell_all(&exchanges);
        let outcomes: Vec<&str> = told.iter().map(|t| t.outcome.as_str()).collect();
        assert_eq!(
            outcomes,
            [
                "Fault: the server rejected the request (HTTP 401): Application key is not defined",
                "Refused: Invalid credentials",
                "Succeeded: a session token was issued",
                "Rate-limited: Too many",
                "Unfinished: no answer was given at step SecutityPin",
            ]
        );
        assert_eq!(told[1].reached.as_deref(), Some("BaseAuthentication"));
        assert_eq!(told[2].reached.as_deref(), Some("VerificationCode"));
        assert_eq!(told[2].username.as_deref(), Some("bob"));
        assert_eq!(told[2].hint, None);
        assert!(
            told[1]
                .hint
                .as_deref()
                .is_some_and(|h| h.contains("Invalid credentials"))
        );
        let counts = count_endings(&told);
        assert_eq!(counts.iter().map(|(_, n)| n).sum::<usize>(), told.len());
        assert_eq!(counts[0], (Ending::Succeeded, 1));
    }
}
