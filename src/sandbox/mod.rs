//! The sandbox: a loopback HTTP server that answers `POST /api/token` like AutoShares, from scenarios.

mod login;
mod scenarios;
mod server;
mod token;

pub use scenarios::{Failure, Question, RawReply, Scenarios, UserScenario};

use crate::signals::Signals;
use anyhow::{Context, Result};
use server::Shared;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// How long `shutdown` waits for open connections before cutting them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);
/// Headers whose values `Debug` hides.
const SECRET_HEADERS: [&str; 5] = [
    "password",
    "pincode",
    "verificationcode",
    "authorization",
    "et-app-key",
];

/// A running sandbox server; it stops when dropped or shut down.
pub struct Sandbox {
    shared: Arc<Shared>,
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl Sandbox {
    /// Serves `scenarios` on 127.0.0.1:`port` (0 picks a free port).
    pub async fn start(scenarios: Scenarios, port: u16) -> Result<Sandbox> {
        Self::launch(scenarios, port, false).await
    }

    async fn launch(scenarios: Scenarios, port: u16, log: bool) -> Result<Sandbox> {
        let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, port))
            .await
            .with_context(|| format!("cannot listen on 127.0.0.1:{port}"))?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared::new(scenarios, log));
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(server::serve(listener, shared.clone(), async move {
            let _ = stopped.await;
        }));
        Ok(Sandbox {
            shared,
            addr,
            stop: Some(stop),
            task,
        })
    }

    /// The API base, e.g. `http://127.0.0.1:PORT/api`; the token endpoint is this plus `/token`.
    pub fn base_url(&self) -> String {
        format!("http://{}/api", self.addr)
    }

    pub fn scenarios(&self) -> &Scenarios {
        &self.shared.scenarios
    }

    /// The requests received so far, oldest first (the most recent 10 000).
    pub fn received(&self) -> Vec<ReceivedRequest> {
        self.shared.received()
    }

    /// Stops accepting, lets open requests finish for a moment, then cuts them.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if tokio::time::timeout(SHUTDOWN_GRACE, &mut self.task)
            .await
            .is_err()
        {
            self.task.abort();
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// One request as the sandbox saw it. `Debug` hides secret header values.
#[derive(Clone)]
pub struct ReceivedRequest {
    pub method: String,
    pub path: String,
    /// Lower-cased names; values that are not UTF-8 are left out.
    pub headers: Vec<(String, String)>,
    pub body_len: usize,
}

impl ReceivedRequest {
    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl std::fmt::Debug for ReceivedRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str(),
                    if SECRET_HEADERS.contains(&n.as_str()) {
                        "<redacted>"
                    } else {
                        v.as_str()
                    },
                )
            })
            .collect();
        f.debug_struct("ReceivedRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("headers", &headers)
            .field("body_len", &self.body_len)
            .finish()
    }
}

/// `autoshares-login sandbox`: prints the banner to stdout, logs requests to stderr, serves until Ctrl-C,
/// SIGTERM or SIGHUP (on Windows Ctrl-C, Ctrl-Break or the console closing).
pub async fn run_foreground(port: u16, scenarios_file: Option<&Path>) -> Result<()> {
    let scenarios = match scenarios_file {
        Some(path) => Scenarios::load(path)?,
        None => Scenarios::builtin(),
    };
    let sandbox = Sandbox::launch(scenarios, port, true).await?;
    // Caught before the banner says the sandbox is up, so that a stop sent on seeing it is not missed.
    let mut stop = Signals::listen();
    crate::say_out!("{}", sandbox.scenarios().banner(&sandbox.base_url()))?;
    crate::say!("Sandbox running; press Ctrl-C to stop.");
    stop.next().await;
    crate::say!("Sandbox stopping.");
    sandbox.shutdown().await;
    Ok(())
}
