//! The token endpoint on the wire: header names, response bodies, and their classification into outcomes.

use std::time::{Duration, SystemTime};

use secrecy::SecretString;
use serde::Deserialize;

pub use super::user_info::UserInfo;
use crate::diag::redact;
use crate::diag::sanitize::excerpt;

/// Header names of `POST {base}/token`; every parameter is a header.
pub mod header {
    pub const APP_KEY: &str = "Et-App-Key";
    pub const USERNAME: &str = "Username";
    pub const PASSWORD: &str = "Password";
    pub const PIN_CODE: &str = "PinCode";
    pub const VERIFICATION_CODE: &str = "VerificationCode";
    pub const AUTHORIZATION: &str = "Authorization";
}

/// How much of a body a fault message quotes.
const FAULT_EXCERPT_CHARS: usize = 160;
/// The most of a Step, Reason or message that is kept: enough for any real one, not a page.
const MAX_SERVER_TEXT_CHARS: usize = 300;
/// The longest token accepted; real ones are a few hundred bytes.
const MAX_TOKEN_LEN: usize = 8 * 1024;

/// The answer as read off the wire, before it means anything.
#[derive(Debug, Clone, Copy)]
pub struct RawResponse<'a> {
    pub status: u16,
    pub content_type: Option<&'a str>,
    pub retry_after: Option<&'a str>,
    /// When the answer arrived, by this machine's clock: a `Retry-After` given as an HTTP date is a wait
    /// from then (`auth` reads no clock of its own).
    pub answered_at: SystemTime,
    pub body: &'a [u8],
    /// The body was longer than the client's cap and was not read to the end.
    pub truncated_at: Option<usize>,
}

/// The token endpoint's JSON body; every field optional, unknown fields ignored.
#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
struct TokenBody {
    #[serde(alias = "state")]
    state: Option<String>,
    #[serde(alias = "step")]
    step: Option<String>,
    #[serde(alias = "reason")]
    reason: Option<String>,
    #[serde(alias = "token")]
    token: Option<String>,
    #[serde(alias = "personalPhrase")]
    personal_phrase: Option<String>,
    #[serde(rename = "error", alias = "Error")]
    error: Option<String>,
}

/// The longest Content-Type quoted in a fault.
const MAX_CONTENT_TYPE_CHARS: usize = 100;

/// What one request to the token endpoint amounted to.
#[derive(Debug)]
pub enum Outcome {
    Succeeded(Success),
    Expecting(Expecting),
    Failed(Failure),
    Fault(Fault),
}

/// 200 `Succeeded`: the session token and what came with it.
#[derive(Debug)]
pub struct Success {
    pub token: SecretString,
    /// The anti-phishing phrase the user chose, sanitised.
    pub personal_phrase: Option<String>,
}

/// 202 `Expecting`: the server wants another factor. Step and Reason are sanitised.
#[derive(Debug)]
pub struct Expecting {
    pub step: String,
    pub reason: String,
    pub interim_token: SecretString,
}

/// 401 `Failed`: the login stopped at `step` for `reason` (both sanitised).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub status: u16,
    pub step: String,
    pub reason: String,
}

/// Anything that is not a login result: a refusal of the request itself, a server or network fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Fault {
    #[error("the server rejected the request (HTTP {status}): {message}")]
    AppError { status: u16, message: String },
    #[error("{}", rate_limited_message(*status, step.as_deref(), reason.as_deref(), *retry_after))]
    RateLimited {
        status: u16,
        /// The body's State and Step, when it had them (sanitised).
        state: Option<String>,
        step: Option<String>,
        reason: Option<String>,
        retry_after: Option<Duration>,
    },
    #[error("the server failed (HTTP {status}): {excerpt}")]
    Server { status: u16, excerpt: String },
    #[error("the answer is not JSON (HTTP {status}{}), perhaps a proxy or a wrong URL: {excerpt}", content_type.as_deref().map(|t| format!(", {t}")).unwrap_or_default())]
    NotJson {
        status: u16,
        content_type: Option<String>,
        excerpt: String,
    },
    #[error("the server answered HTTP {status} with an empty body")]
    EmptyBody { status: u16 },
    #[error("the server answered HTTP {status} {state} without a Token")]
    MissingToken { status: u16, state: String },
    #[error("the answer (HTTP {status}) is larger than {cap} bytes; not read")]
    BodyTooLarge { status: u16, cap: usize },
    #[error("unexpected answer (HTTP {status}): {excerpt}")]
    Unexpected { status: u16, excerpt: String },
    #[error(
        "the server asked for yet another step ({step}) after {limit}; the login was stopped there"
    )]
    TooManySteps { limit: usize, step: String },
    #[error("{} within {} s", if *connecting { "no connection" } else { "no answer" }, .after.as_secs_f32())]
    Timeout {
        after: Duration,
        /// The connection (TCP, proxy, TLS) was not made in time, as opposed to an answer that did not come.
        connecting: bool,
    },
    #[error("connection refused: {detail}")]
    Refused { detail: String },
    #[error("cannot resolve the host: {detail}")]
    Dns { detail: String },
    #[error("the server at this address answers in plain HTTP, not TLS (https://): {detail}")]
    PlainHttp { detail: String },
    #[error("TLS failure: {detail}")]
    Tls { problem: TlsProblem, detail: String },
    #[error("network failure: {detail}")]
    Network { detail: String },
}

/// What went wrong in a TLS handshake, as far as advice is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TlsProblem {
    /// The certificate is not signed by a CA this machine trusts (a company's TLS inspection, say).
    UntrustedIssuer,
    /// The certificate is for other names than the URL's host; `presented` lists them when known.
    WrongName {
        presented: Vec<String>,
    },
    /// The certificate has expired or is not valid yet (or this machine's clock is wrong).
    OutsideValidity,
    Other,
}

/// One or two sentences: `rate-limited (HTTP 429) at step S: Reason. Retry in 30 s.`
fn rate_limited_message(
    status: u16,
    step: Option<&str>,
    reason: Option<&str>,
    retry_after: Option<Duration>,
) -> String {
    let at = step.map(|s| format!(" at step {s}")).unwrap_or_default();
    let reason = reason.unwrap_or("too many login requests");
    let mut text = format!("rate-limited (HTTP {status}){at}: {}", reason.trim_end());
    if let Some(wait) = retry_after {
        if !text.ends_with(['.', '!', '?']) {
            text.push('.');
        }
        text.push_str(&format!(" Retry in {} s.", wait.as_secs()));
    }
    text
}

impl Fault {
    /// The HTTP status, when an answer came at all.
    pub fn status(&self) -> Option<u16> {
        match self {
            Fault::AppError { status, .. }
            | Fault::RateLimited { status, .. }
            | Fault::Server { status, .. }
            | Fault::NotJson { status, .. }
            | Fault::EmptyBody { status }
            | Fault::MissingToken { status, .. }
            | Fault::BodyTooLarge { status, .. }
            | Fault::Unexpected { status, .. } => Some(*status),
            Fault::TooManySteps { .. }
            | Fault::Timeout { .. }
            | Fault::Refused { .. }
            | Fault::Dns { .. }
            | Fault::Tls { .. }
            | Fault::PlainHttp { .. }
            | Fault::Network { .. } => None,
        }
    }

    /// The `{"error": …}` shape that a wrong or missing `Et-App-Key` gets.
    pub fn is_app_key_problem(&self) -> bool {
        matches!(self, Fault::AppError { message, .. } if message.to_ascii_lowercase().contains("application key"))
    }
}

impl Outcome {
    /// One line for a timeline or a log: what this answer amounted to.
    pub fn summary(&self) -> String {
        match self {
            Outcome::Succeeded(_) => "Succeeded".to_string(),
            Outcome::Expecting(e) => format!("Expecting {}: {}", e.step, e.reason),
            Outcome::Failed(f) => format!("Failed at {}: {}", f.step, f.reason),
            Outcome::Fault(fault) => format!("Fault: {fault}"),
        }
    }

    /// The kind of outcome, as the log records it.
    pub fn kind(&self) -> crate::diag::OutcomeKind {
        use crate::diag::OutcomeKind;
        match self {
            Outcome::Succeeded(_) => OutcomeKind::Succeeded,
            Outcome::Expecting(_) => OutcomeKind::Expecting,
            Outcome::Failed(_) => OutcomeKind::Failed,
            Outcome::Fault(Fault::RateLimited { .. }) => OutcomeKind::RateLimited,
            Outcome::Fault(_) => OutcomeKind::Fault,
        }
    }

    /// The step the server named, if any.
    pub fn step(&self) -> Option<&str> {
        match self {
            Outcome::Expecting(e) => Some(&e.step),
            Outcome::Failed(f) => Some(&f.step),
            _ => None,
        }
    }
}

/// The longest wait a `Retry-After` is believed for; a larger one is taken as this.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// Parses a `Retry-After` value (delay-seconds or an HTTP date), at most a day.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    let wait = match value.parse::<u64>() {
        Ok(secs) => Duration::from_secs(secs),
        Err(_) => {
            let at = parse_http_date(value)?;
            at.duration_since(now).unwrap_or(Duration::ZERO)
        }
    };
    Some(wait.min(MAX_RETRY_AFTER))
}

/// Parses an HTTP date (`Date`, `Retry-After`) in its IMF-fixdate form, `Sun, 06 Nov 1994 08:49:37 GMT`.
pub fn parse_http_date(value: &str) -> Option<SystemTime> {
    static PARSER: jiff::fmt::rfc2822::DateTimeParser = jiff::fmt::rfc2822::DateTimeParser::new();
    let at = PARSER.parse_timestamp(value.trim()).ok()?;
    Some(SystemTime::from(at))
}

fn is_too_many_requests(reason: &str) -> bool {
    reason
        .to_ascii_lowercase()
        .contains("too many login requests")
}

/// Server text (Step, Reason, messages) as the terminal may show it: sanitised, one line, capped.
fn server_text(text: Option<&str>) -> String {
    excerpt(text.unwrap_or(""), MAX_SERVER_TEXT_CHARS)
}

/// A body excerpt for a fault message, with any token in it fingerprinted.
fn body_excerpt(body: &[u8]) -> String {
    if body.iter().all(u8::is_ascii_whitespace) {
        "(empty body)".to_string()
    } else {
        redact::body(body, FAULT_EXCERPT_CHARS)
    }
}

/// A token as the server must send it: printable ASCII without spaces, of a sane length. Anything else
/// could carry escape sequences to the terminal (`s`, `--print`) or break a header.
fn token(value: Option<String>, status: u16, state: &str) -> Result<SecretString, Fault> {
    let value = value
        .filter(|t| !t.is_empty())
        .ok_or_else(|| Fault::MissingToken {
            status,
            state: state.into(),
        })?;
    if value.len() <= MAX_TOKEN_LEN && value.bytes().all(|b| b.is_ascii_graphic()) {
        Ok(value.into())
    } else {
        Err(Fault::Unexpected {
            status,
            excerpt: format!(
                "the {state} Token is not a plain printable string ({} bytes)",
                value.len()
            ),
        })
    }
}

/// Classifies an answer of the token endpoint into a typed outcome.
pub fn classify(raw: RawResponse<'_>) -> Outcome {
    classify_answer(raw).unwrap_or_else(Outcome::Fault)
}

fn classify_answer(raw: RawResponse<'_>) -> Result<Outcome, Fault> {
    let status = raw.status;
    // From the bytes: no copy of a body that may be megabytes (JSON that is not UTF-8 is not JSON).
    let parsed = serde_json::from_slice::<TokenBody>(raw.body);
    if status == 429 {
        let body = parsed.unwrap_or_default();
        let text = |value: Option<String>| value.map(|v| server_text(Some(&v)));
        return Err(Fault::RateLimited {
            status,
            state: text(body.state),
            step: text(body.step),
            reason: text(body.reason.or(body.error)),
            retry_after: retry_after(&raw),
        });
    }
    if let Some(cap) = raw.truncated_at {
        return Err(Fault::BodyTooLarge { status, cap });
    }
    if status >= 500 {
        return Err(Fault::Server {
            status,
            excerpt: body_excerpt(raw.body),
        });
    }
    if raw.body.iter().all(u8::is_ascii_whitespace) {
        return Err(Fault::EmptyBody { status });
    }
    let body = parsed.map_err(|_| Fault::NotJson {
        status,
        content_type: raw.content_type.map(|t| excerpt(t, MAX_CONTENT_TYPE_CHARS)),
        excerpt: body_excerpt(raw.body),
    })?;
    if let Some(message) = body.error {
        return Err(Fault::AppError {
            status,
            message: server_text(Some(&message)),
        });
    }
    classify_body(&raw, body)
}

/// The wait a `Retry-After` header names, from when the answer arrived, if it names one that can be read.
fn retry_after(raw: &RawResponse<'_>) -> Option<Duration> {
    raw.retry_after
        .and_then(|v| parse_retry_after(v, raw.answered_at))
}

/// A JSON answer that is not an error: its status and State say which outcome it is.
fn classify_body(raw: &RawResponse<'_>, body: TokenBody) -> Result<Outcome, Fault> {
    let status = raw.status;
    let state = body.state.as_deref().map(str::to_ascii_lowercase);
    let step = server_text(body.step.as_deref());
    let reason = server_text(body.reason.as_deref());
    match (status, state.as_deref()) {
        (200, Some("succeeded") | None) => Ok(Outcome::Succeeded(Success {
            token: token(body.token, status, "Succeeded")?,
            personal_phrase: body.personal_phrase.map(|p| server_text(Some(&p))),
        })),
        (202, Some("expecting") | None) => Ok(Outcome::Expecting(Expecting {
            interim_token: token(body.token, status, "Expecting")?,
            step,
            reason,
        })),
        (401, _) if is_too_many_requests(&reason) => Err(Fault::RateLimited {
            status,
            state: body.state.as_deref().map(|s| server_text(Some(s))),
            step: Some(step).filter(|s| !s.is_empty()),
            reason: Some(reason),
            retry_after: retry_after(raw),
        }),
        (401, Some("failed") | None) => Ok(Outcome::Failed(Failure {
            status,
            step,
            reason,
        })),
        _ => Err(Fault::Unexpected {
            status,
            excerpt: body_excerpt(raw.body),
        }),
    }
}

#[cfg(test)]
mod tests;
