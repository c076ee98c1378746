//! The HTTP side: an HTTP/1.1 server on hyper whose one handler records each request, routes it, and
//! turns the reply into a response.

use super::ReceivedRequest;
use super::login::{Logins, Reply};
use super::scenarios::Scenarios;
use crate::diag::sanitize::sanitize;
use bytes::Bytes;
use http::{HeaderValue, Request, Response, StatusCode, header};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use std::collections::VecDeque;
use std::convert::Infallible;
use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;
use tokio::net::TcpListener;

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

/// How long the server pauses after a failed accept (out of file descriptors, say) before the next.
const ACCEPT_PAUSE: Duration = Duration::from_millis(100);

/// Serves connections from `listener` until `stop` completes, then lets open ones finish.
pub(crate) async fn serve(
    listener: TcpListener,
    shared: Arc<Shared>,
    stop: impl Future<Output = ()>,
) {
    let connections = GracefulShutdown::new();
    let http = http1::Builder::new();
    tokio::pin!(stop);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else {
                    tokio::time::sleep(ACCEPT_PAUSE).await;
                    continue;
                };
                let shared = shared.clone();
                let service = service_fn(move |request| {
                    let shared = shared.clone();
                    async move { Ok::<_, Infallible>(handle(&shared, request).await) }
                });
                let connection = connections.watch(http.serve_connection(TokioIo::new(stream), service));
                tokio::spawn(connection);
            }
            () = &mut stop => break,
        }
    }
    connections.shutdown().await;
}

async fn handle(shared: &Shared, request: Request<Incoming>) -> Response<Full<Bytes>> {
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
        route(shared, &request).await
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
async fn drain(mut body: Incoming) -> (usize, bool) {
    let mut len = 0;
    while let Some(frame) = body.frame().await {
        let Ok(frame) = frame else {
            return (len, false);
        };
        len += frame.data_ref().map_or(0, Bytes::len);
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

impl Reply {
    fn into_response(self) -> Response<Full<Bytes>> {
        let (status, content_type, body, retry_after) = match self {
            Reply::Json {
                status,
                body,
                retry_after,
            } => (
                status,
                HeaderValue::from_static("application/json; charset=utf-8"),
                body.to_string(),
                retry_after,
            ),
            Reply::Raw {
                status,
                content_type,
                body,
            } => (
                status,
                HeaderValue::from_str(&content_type)
                    .unwrap_or(HeaderValue::from_static("text/plain")),
                body,
                None,
            ),
        };
        let mut response = Response::new(Full::new(Bytes::from(body)));
        *response.status_mut() = status;
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, content_type);
        if let Some(seconds) = retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}
