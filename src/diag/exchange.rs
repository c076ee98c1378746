//! One HTTP exchange as diagnostics see it: what was sent and answered, already redacted.

use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use super::redact;
use super::sanitize::excerpt;

/// Longest step name and outcome line kept in a record.
const MAX_STEP_CHARS: usize = 120;
const MAX_OUTCOME_CHARS: usize = 600;
/// Longest response body excerpt kept in a record.
const BODY_EXCERPT_CHARS: usize = 600;

/// What an exchange came to, as the log records it beside its one-line outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    /// The login is done: the server issued the session token.
    Succeeded,
    /// The server asked for another step.
    Expecting,
    /// The server refused the login (`State: Failed`).
    Failed,
    /// The server answered that there were too many requests.
    RateLimited,
    /// No usable answer: an HTTP error, an answer not like the API's, a network failure.
    Fault,
    /// The request could not be sent at all.
    NotSent,
    /// The user cancelled the request in flight.
    Cancelled,
    /// The server accepted the token (`users/@me/info`).
    Confirmed,
    /// The token was not confirmed.
    NotConfirmed,
    /// Not concluded yet, or an outcome a log holds that this version does not recognise.
    #[default]
    Unknown,
}

impl OutcomeKind {
    /// The kind an outcome line written before kinds were recorded says, from how each kind's line
    /// begins. Only for reading old logs.
    pub fn from_old_outcome(outcome: &str) -> OutcomeKind {
        let kinds = [
            ("Succeeded", OutcomeKind::Succeeded),
            ("Expecting ", OutcomeKind::Expecting),
            ("Failed at ", OutcomeKind::Failed),
            ("Fault: rate-limited ", OutcomeKind::RateLimited),
            ("Fault: ", OutcomeKind::Fault),
            ("not sent: ", OutcomeKind::NotSent),
            ("Cancelled by the user", OutcomeKind::Cancelled),
            ("Token accepted", OutcomeKind::Confirmed),
            ("Token not confirmed", OutcomeKind::NotConfirmed),
        ];
        kinds
            .into_iter()
            .find(|(start, _)| outcome.starts_with(start))
            .map_or(OutcomeKind::Unknown, |(_, kind)| kind)
    }
}

/// A redacted record of one request and its answer; safe to show, log and attach to a ticket.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Exchange {
    /// When the request was sent, to the millisecond; written as RFC 3339 in UTC with milliseconds.
    #[serde(with = "millis")]
    pub at: jiff::Timestamp,
    pub method: String,
    pub url: String,
    pub request_headers: Vec<(String, String)>,
    /// `None` when no answer came (timeout, refused connection, TLS failure).
    pub status: Option<u16>,
    pub response_headers: Vec<(String, String)>,
    pub response_body: String,
    pub latency_ms: u64,
    /// The step the server named, if any.
    pub step: Option<String>,
    /// What kind of end this exchange came to; the log reader derives it from `outcome` for logs written
    /// before it was recorded.
    #[serde(rename = "outcome_kind", skip_deserializing)]
    pub kind: OutcomeKind,
    /// One line: what this exchange amounted to.
    pub outcome: String,
    /// For a failure or fault: the advice the failure screen gives for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Exchange {
    /// Starts a record for a request about to be sent; the headers are redacted here.
    pub fn request(at: SystemTime, method: &str, url: &str, headers: &[(&str, &str)]) -> Self {
        Exchange {
            at: to_millis(jiff::Timestamp::try_from(at).unwrap_or_default()),
            method: method.to_string(),
            url: url.to_string(),
            request_headers: headers
                .iter()
                .map(|(name, value)| (name.to_string(), redact::header_value(name, value)))
                .collect(),
            status: None,
            response_headers: Vec::new(),
            response_body: String::new(),
            latency_ms: 0,
            step: None,
            kind: OutcomeKind::Unknown,
            outcome: String::new(),
            hint: None,
        }
    }

    /// A request that could not be sent at all, and why.
    pub fn not_sent(method: &str, url: &str, reason: &str) -> Self {
        let mut exchange = Exchange::request(SystemTime::now(), method, url, &[]);
        exchange.conclude(None, OutcomeKind::NotSent, format!("not sent: {reason}"));
        exchange
    }

    /// Records the answer: status, the headers that matter, and the body redacted.
    pub fn record_response(&mut self, status: u16, headers: &[(&str, &str)], body: &[u8]) {
        self.status = Some(status);
        self.response_headers = headers
            .iter()
            .map(|(name, value)| (name.to_string(), redact::header_value(name, value)))
            .collect();
        self.response_body = redact::body(body, BODY_EXCERPT_CHARS);
    }

    /// Records how long the answer took.
    pub fn record_latency(&mut self, latency: Duration) {
        self.latency_ms = u64::try_from(latency.as_millis()).unwrap_or(u64::MAX);
    }

    /// Records what the exchange amounted to: the step the server named, its kind and a one-line outcome.
    pub fn conclude(&mut self, step: Option<&str>, kind: OutcomeKind, outcome: String) {
        self.step = step.map(|step| excerpt(step, MAX_STEP_CHARS));
        self.kind = kind;
        self.outcome = excerpt(&outcome, MAX_OUTCOME_CHARS);
    }

    /// Withholds whole every text of the server's in the record that holds one of `secrets` (a server may
    /// echo them): the body, the response headers' values and the step. The outcome line must be made of
    /// text already checked (see `auth::echo`), and the hint is the tool's own sentence: neither is
    /// touched, so a password that is an ordinary word cannot punch a hole in it.
    pub fn withhold(&mut self, secrets: &redact::Secrets) {
        self.response_body = secrets.withhold(&self.response_body);
        for (_, value) in &mut self.response_headers {
            *value = secrets.withhold(value);
        }
        self.step = self.step.as_deref().map(|step| secrets.withhold(step));
    }

    /// Records latency and outcome at once.
    pub fn finish(
        &mut self,
        latency: Duration,
        step: Option<&str>,
        kind: OutcomeKind,
        outcome: String,
    ) {
        self.record_latency(latency);
        self.conclude(step, kind, outcome);
    }
}
/// `at` cut to the millisecond, as a record holds it.
fn to_millis(at: jiff::Timestamp) -> jiff::Timestamp {
    jiff::Timestamp::from_millisecond(at.as_millisecond()).unwrap_or(at)
}

/// A record's time as logs have always held it: `2026-11-27T20:47:25.389Z`, milliseconds always written.
pub(super) mod millis {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(at: &jiff::Timestamp, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!("{at:.3}"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<jiff::Timestamp, D::Error> {
        jiff::Timestamp::deserialize(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_time_is_written_to_the_millisecond_and_read_back() {
        let whole = SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_812_445);
        let exchange = Exchange::request(whole + Duration::from_micros(389_999), "POST", "u", &[]);
        let json = serde_json::to_value(&exchange).unwrap();
        assert_eq!(json["at"], "2026-11-27T20:47:25.389Z");
        let read: Exchange = serde_json::from_value(json).unwrap();
        assert_eq!(read.at, exchange.at);
        let exchange = Exchange::request(whole, "POST", "u", &[]);
        let json = serde_json::to_value(&exchange).unwrap();
        assert_eq!(json["at"], "2026-11-27T20:47:25.000Z");
    }
}
