//! The HTTP client: timeouts, a body cap, extra roots, one exchange record per call.

use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime};

use reqwest::{Method, Url, header as http_header};

pub use super::endpoint::{ClientOptionError, token_url};
use secrecy::{ExposeSecret, SecretString};

use super::echo;
use super::flow::TokenRequest;
use super::wire::{Fault, Outcome, RawResponse, UserInfo, classify, header};
use crate::diag::redact::{self, Secrets};
use crate::diag::{Exchange, OutcomeKind};

mod faults;
mod probe;

pub use probe::Probe;

/// Where the current user's record is, relative to the token URL (`…/api/token` → `…/api/v1.0/users/@me/info`).
const USER_INFO_PATH: &str = "v1.0/users/@me/info";

/// The most of a response body this client reads: a token answer is small, but a 200 may carry the user's
/// anti-phishing `Image` (base64), so leave room for a picture.
pub const BODY_CAP: usize = 2 * 1024 * 1024;

/// How to talk to a server, whichever it is: what the command line says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientOptions {
    pub timeout: Duration,
    /// Extra PEM root certificates to trust besides the system's.
    pub cacert: Option<PathBuf>,
    /// Permit plain `http://` to a host that is not loopback.
    pub allow_http: bool,
}

/// Which server, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientConfig {
    /// The API base (`…/api`) or the token URL itself (`…/api/token`).
    pub url: String,
    pub options: ClientOptions,
}

impl ClientOptions {
    /// Reads the `--cacert` bundle: at least one PEM certificate, or why not.
    pub fn extra_roots(&self) -> Result<Vec<reqwest::Certificate>, ClientOptionError> {
        let Some(path) = &self.cacert else {
            return Ok(Vec::new());
        };
        let cacert_error = |detail: String| ClientOptionError::Cacert {
            path: path.display().to_string(),
            detail,
        };
        let pem = crate::bounded_read::read(path).map_err(|e| cacert_error(e.to_string()))?;
        let certs =
            reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| cacert_error(e.to_string()))?;
        if certs.is_empty() {
            return Err(cacert_error("no PEM certificate in it".into()));
        }
        Ok(certs)
    }
}

/// Why the user-info check could not confirm a fresh token.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error("the server did not accept the token (HTTP 401)")]
    TokenRefused,
    #[error("the server refused the app key (HTTP 403)")]
    AppKeyRefused,
    #[error("HTTP 200 but not a user record: {excerpt}")]
    NotAUser { excerpt: String },
    #[error("HTTP {status}: {excerpt}")]
    Status { status: u16, excerpt: String },
    #[error("cannot build the user-info URL: {0}")]
    Url(String),
    #[error("there is no app key to ask the server with")]
    NoAppKey,
    #[error(transparent)]
    Fault(#[from] Fault),
    #[error(transparent)]
    Config(#[from] ClientOptionError),
}

impl CheckError {
    /// The error with the server text it quotes withheld whole when it holds one of `secrets`.
    fn withholding(self, secrets: &Secrets) -> CheckError {
        match self {
            CheckError::NotAUser { excerpt } => CheckError::NotAUser {
                excerpt: secrets.withhold(&excerpt),
            },
            CheckError::Status { status, excerpt } => CheckError::Status {
                status,
                excerpt: secrets.withhold(&excerpt),
            },
            CheckError::Fault(fault) => CheckError::Fault(echo::withhold_fault(fault, secrets)),
            other => other,
        }
    }
}

/// Sends requests to one server; reused for every login to the same URL with the same settings.
pub struct TokenClient {
    http: reqwest::Client,
    url: Url,
    limits: Limits,
}

/// How long a request may take: to connect (TCP, proxy, TLS), and as a whole.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub(crate) connect: Duration,
    pub(crate) total: Duration,
}

impl TokenClient {
    /// A client for logins: `--timeout` bounds each request as a whole.
    pub fn new(config: &ClientConfig) -> Result<Self, ClientOptionError> {
        let timeout = config.options.timeout;
        Self::build(
            config,
            Limits {
                connect: timeout,
                total: timeout,
            },
        )
    }

    /// A client for `doctor`'s probe: `--timeout` bounds the connection (TCP, proxy, TLS), and twice that
    /// the whole request, so that a silent TLS handshake is told apart from a server that does not answer.
    pub fn for_probe(config: &ClientConfig) -> Result<Self, ClientOptionError> {
        let timeout = config.options.timeout;
        Self::build(
            config,
            Limits {
                connect: timeout,
                total: timeout * 2,
            },
        )
    }

    fn build(config: &ClientConfig, limits: Limits) -> Result<Self, ClientOptionError> {
        let options = &config.options;
        let url = token_url(&config.url, options.allow_http)?;
        let builder = reqwest::Client::builder()
            .user_agent(concat!("autoshares-login/", env!("CARGO_PKG_VERSION")))
            .timeout(limits.total);
        let builder = if limits.connect < limits.total {
            builder.connect_timeout(limits.connect)
        } else {
            builder
        };
        let mut builder = builder
            .redirect(reqwest::redirect::Policy::none())
            // Reading the system's root certificates is most of a login's start-up; a client that only
            // ever posts to one http:// URL (redirects are not followed) has no use for them.
            .tls_built_in_root_certs(url.scheme() == "https");
        for cert in options.extra_roots()? {
            builder = builder.add_root_certificate(cert);
        }
        let http = builder
            .build()
            .map_err(|e| ClientOptionError::Build(e.to_string()))?;
        Ok(TokenClient { http, url, limits })
    }

    /// The token endpoint this client posts to.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// Sends one request, once: never retried here or anywhere else.
    pub async fn send(&self, request: &TokenRequest) -> (Outcome, Exchange) {
        let mut headers: Vec<(&str, &str)> =
            vec![("Accept", "application/json"), ("Content-Length", "0")];
        headers.extend(request.headers());
        let (answer, exchange) = self.call(Method::POST, &self.url, &headers).await;
        self.conclude(answer, &headers, exchange)
    }

    /// A token-endpoint answer to a request with `headers` (or the fault in its place), as the user and
    /// the log see it. What the server said is checked for the secrets sent, and for the token it sent
    /// back; the summary and the hint are then made of checked text and the tool's own words.
    fn conclude(
        &self,
        answer: Result<Answer, Fault>,
        headers: &[(&str, &str)],
        mut exchange: Exchange,
    ) -> (Outcome, Exchange) {
        let outcome = match answer {
            Ok(answer) => classify(answer.raw()),
            Err(fault) => Outcome::Fault(fault),
        };
        let secrets = echo::with_answer_token(Secrets::of(headers), &outcome);
        let outcome = echo::withhold(outcome, &secrets);
        exchange.conclude(outcome.step(), outcome.kind(), outcome.summary());
        exchange.hint =
            crate::auth::hints::for_outcome(&outcome, &crate::auth::hints::server(&self.url));
        exchange.withhold(&secrets);
        (outcome, exchange)
    }

    /// `GET {base}/v1.0/users/@me/info` with a fresh token: proves that it works and says whose it is.
    pub async fn user_info(
        &self,
        app_key: &SecretString,
        token: &SecretString,
    ) -> (Result<UserInfo, CheckError>, Exchange) {
        let url = match self.url.join(USER_INFO_PATH) {
            Ok(url) => url,
            Err(e) => {
                return (
                    Err(CheckError::Url(e.to_string())),
                    Exchange::not_sent("GET", USER_INFO_PATH, &e.to_string()),
                );
            }
        };
        let bearer = format!("Bearer {}", token.expose_secret());
        let headers = [
            ("Accept", "application/json"),
            (header::APP_KEY, app_key.expose_secret()),
            (header::AUTHORIZATION, bearer.as_str()),
        ];
        let (answer, mut exchange) = self.call(Method::GET, &url, &headers).await;
        // A server may echo the token (or the app key) in its failure or in the user's record: a text
        // that holds one is withheld whole.
        let secrets = Secrets::of(&headers);
        let result = answer
            .map_err(CheckError::from)
            .and_then(Answer::user_info)
            .map(|info| info.withholding(&secrets))
            .map_err(|e| e.withholding(&secrets));
        let (kind, summary) = match &result {
            Ok(info) => (
                OutcomeKind::Confirmed,
                format!("Token accepted: {}", info.describe()),
            ),
            Err(e) => (
                OutcomeKind::NotConfirmed,
                format!("Token not confirmed: {e}"),
            ),
        };
        exchange.conclude(None, kind, summary);
        exchange.withhold(&secrets);
        (result, exchange)
    }

    /// Sends one request with `headers` and reads the answer (body capped); the record is timed from here.
    async fn call(
        &self,
        method: Method,
        url: &Url,
        headers: &[(&str, &str)],
    ) -> (Result<Answer, Fault>, Exchange) {
        let mut exchange =
            Exchange::request(SystemTime::now(), method.as_str(), url.as_str(), headers);
        let started = Instant::now();
        let answer = self.read_answer(method, url, headers).await;
        exchange.record_latency(started.elapsed());
        if let Ok(answer) = &answer {
            let response_headers = answer.headers();
            let header_refs: Vec<(&str, &str)> = response_headers
                .iter()
                .map(|(n, v)| (*n, v.as_str()))
                .collect();
            exchange.record_response(answer.status, &header_refs, &answer.body);
        }
        (answer, exchange)
    }

    async fn read_answer(
        &self,
        method: Method,
        url: &Url,
        headers: &[(&str, &str)],
    ) -> Result<Answer, Fault> {
        let mut builder = self.http.request(method.clone(), url.clone());
        if method == Method::POST {
            builder = builder.body(Vec::<u8>::new());
        }
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let mut response = builder
            .send()
            .await
            .map_err(|e| faults::fault(&e, self.limits))?;
        let text_header = |name: http_header::HeaderName| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let mut answer = Answer {
            status: response.status().as_u16(),
            content_type: text_header(http_header::CONTENT_TYPE),
            retry_after: text_header(http_header::RETRY_AFTER),
            content_length: text_header(http_header::CONTENT_LENGTH),
            date: text_header(http_header::DATE),
            answered_at: SystemTime::now(),
            body: Vec::new(),
            truncated_at: None,
        };
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| faults::fault(&e, self.limits))?
        {
            if answer.body.len() + chunk.len() > BODY_CAP {
                answer.truncated_at = Some(BODY_CAP);
                break;
            }
            answer.body.extend_from_slice(&chunk);
        }
        Ok(answer)
    }
}

/// A response read off the wire, body capped.
struct Answer {
    status: u16,
    content_type: Option<String>,
    retry_after: Option<String>,
    content_length: Option<String>,
    /// The server's clock when it answered (`Date`), as sent.
    date: Option<String>,
    /// This machine's clock when the answer's headers arrived.
    answered_at: SystemTime,
    body: Vec<u8>,
    truncated_at: Option<usize>,
}

impl Answer {
    /// The user-info answer: the user on 200, else why the token was not confirmed.
    fn user_info(self) -> Result<UserInfo, CheckError> {
        // The same redaction as every other body: a token the server echoes is fingerprinted.
        let body_excerpt = || redact::body(&self.body, 80);
        match self.status {
            200 => serde_json::from_slice::<UserInfo>(&self.body)
                .map(UserInfo::capped)
                .map_err(|_| CheckError::NotAUser {
                    excerpt: body_excerpt(),
                }),
            401 => Err(CheckError::TokenRefused),
            403 => Err(CheckError::AppKeyRefused),
            status => Err(CheckError::Status {
                status,
                excerpt: body_excerpt(),
            }),
        }
    }

    fn raw(&self) -> RawResponse<'_> {
        RawResponse {
            status: self.status,
            content_type: self.content_type.as_deref(),
            retry_after: self.retry_after.as_deref(),
            answered_at: self.answered_at,
            body: &self.body,
            truncated_at: self.truncated_at,
        }
    }

    /// The response headers worth keeping in a record.
    fn headers(&self) -> Vec<(&'static str, String)> {
        let mut kept = Vec::new();
        if let Some(length) = &self.content_length {
            kept.push(("Content-Length", length.clone()));
        }
        if let Some(t) = &self.content_type {
            kept.push(("Content-Type", t.clone()));
        }
        if let Some(r) = &self.retry_after {
            kept.push(("Retry-After", r.clone()));
        }
        if let Some(date) = &self.date {
            kept.push(("Date", date.clone()));
        }
        kept
    }
}
