//! The HTTP side: one axum handler that records each request, routes it, and turns the reply into a response.

use super::ReceivedRequest;
use super::login::{Logins, Reply};
use super::scenarios::Scenarios;
use crate::diag::sanitize::sanitize;
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// Request bodies are empty; anything longer than this is refused unread.
const MAX_BODY: usize = 64 * 1024;
/// `received()` keeps this many most recent requests.
const MAX_RECORDED: usize = 10_000;

/// State shared by every connection.
pub(crate) struct Shared {
    pub(crate) scenarios: Scenarios,
    logins: Mutex<Logins>,
    received: Mutex<VecDeque<ReceivedRequest>>,
    /// Print one line per request to stderr (the foreground server).
    log: bool,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shared {
    pub(crate) fn new(scenarios: Scenarios, log: bool) -> Shared {
        Shared {
            scenarios,
            logins: Mutex::new(Logins::new()),
            received: Mutex::new(VecDeque::new()),
            log,
        }
    }

    pub(crate) fn received(&self) -> Vec<ReceivedRequest> {
        lock(&self.received).iter().cloned().collect()
    }

    fn record(&self, request: ReceivedRequest) {
        let mut received = lock(&self.received);
        if received.len() == MAX_RECORDED {
            received.pop_front();
        }
        received.push_back(request);
    }
}

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new().fallback(handle).with_state(shared)
}

async fn handle(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let (body_len, complete) = drain(body).await;
    let headers = parts
        .headers
        .iter()
        .filter_map(|(name, value)| {
            Some((
                name.as_str().to_owned(),
                std::str::from_utf8(value.as_bytes()).ok()?.to_owned(),
            ))
        })
        .collect();
    let request = ReceivedRequest {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        headers,
        body_len,
    };
    shared.record(request.clone());
    let reply = if complete {
        route(&shared, &request).await
    } else {
        plain(StatusCode::PAYLOAD_TOO_LARGE)
    };
    if shared.log {
        let user = request
            .header("username")
            .map(|u| u.chars().take(40).collect::<String>());
        let path: String = request.path.chars().take(80).collect();
        let status = reply.status().as_u16();
        crate::say!(
            "{} {} user={} -> {status}",
            sanitize(&request.method),
            sanitize(&path),
            sanitize(user.as_deref().unwrap_or("-"))
        );
    }
    reply.into_response()
}

/// Reads the body up to `MAX_BODY`: its length so far, and whether it ended within the limit.
async fn drain(body: Body) -> (usize, bool) {
    let mut stream = body.into_data_stream();
    let mut len = 0;
    while let Some(chunk) = stream.next().await {
        let Ok(chunk) = chunk else {
            return (len, false);
        };
        len += chunk.len();
        if len > MAX_BODY {
            return (len, false);
        }
    }
    (len, true)
}

async fn route(shared: &Shared, request: &ReceivedRequest) -> Reply {
    match (request.method.as_str(), request.path.as_str()) {
        ("POST", "/api/token") => {
            let delay = request
                .header("username")
                .and_then(|name| shared.scenarios.user(name))
                .map_or(0, |(_, u)| u.delay_ms);
            if delay > 0 {
                tokio::time::sleep(Duration::from_millis(delay)).await;
            }
            lock(&shared.logins).token(&shared.scenarios, request)
        }
        ("GET", "/api/v1.0/users/@me/info") => {
            lock(&shared.logins).user_info(&shared.scenarios, request)
        }
        _ => plain(StatusCode::NOT_FOUND),
    }
}

fn plain(status: StatusCode) -> Reply {
    let body = status.canonical_reason().unwrap_or("").to_owned();
    Reply::Raw {
        status,
        content_type: "text/plain; charset=utf-8".into(),
        body,
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        match self {
            Reply::Json {
                status,
                body,
                retry_after,
            } => {
                let mut response = (
                    status,
                    [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
                    body.to_string(),
                )
                    .into_response();
                if let Some(seconds) = retry_after {
                    response
                        .headers_mut()
                        .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
                }
                response
            }
            Reply::Raw {
                status,
                content_type,
                body,
            } => {
                let content_type = HeaderValue::from_str(&content_type)
                    .unwrap_or(HeaderValue::from_static("text/plain"));
                (status, [(header::CONTENT_TYPE, content_type)], body).into_response()
            }
        }
    }
}
