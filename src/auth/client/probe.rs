//! `doctor`'s one request: the token endpoint asked with the app key alone, no username, no password.

use std::time::{Duration, SystemTime};

use reqwest::Method;
use secrecy::{ExposeSecret, SecretString};

use super::TokenClient;
use crate::auth::wire::{Outcome, header};
use crate::diag::Exchange;

/// What the probe found out.
#[derive(Debug)]
pub struct Probe {
    /// What the answer amounted to; a fault when none came.
    pub outcome: Outcome,
    pub exchange: Exchange,
    /// Seconds this machine's clock is ahead of the server's `Date` (negative: behind), when the server
    /// sent one. `Date` has whole seconds, so ±1 is as good as equal.
    pub clock_offset: Option<i64>,
}

impl TokenClient {
    /// Posts to the token endpoint with `app_key` (when given) and no credentials at all: the server
    /// answers its app-key error for an unknown key, and a login failure for a known one.
    pub async fn probe(&self, app_key: Option<&SecretString>) -> Probe {
        let mut headers: Vec<(&str, &str)> =
            vec![("Accept", "application/json"), ("Content-Length", "0")];
        if let Some(key) = app_key {
            headers.push((header::APP_KEY, key.expose_secret()));
        }
        let (answer, exchange) = self.call(Method::POST, &self.url, &headers).await;
        let clock_offset = answer.as_ref().ok().and_then(|a| {
            let server = crate::auth::wire::parse_http_date(a.date.as_deref()?)?;
            Some(offset(a.answered_at, server))
        });
        // A server that echoes the app key in its error has that text withheld, as in a login.
        let (outcome, exchange) = self.conclude(answer, &headers, exchange);
        Probe {
            outcome,
            exchange,
            clock_offset,
        }
    }
}

/// Whole seconds `local` is ahead of `server` (negative: behind).
fn offset(local: SystemTime, server: SystemTime) -> i64 {
    let seconds = |d: Duration| i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
    match local.duration_since(server) {
        Ok(ahead) => seconds(ahead),
        Err(behind) => -seconds(behind.duration()),
    }
}
