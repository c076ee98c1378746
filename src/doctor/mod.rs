//! `autoshares-login doctor`: every check that needs no password, in order, one finding each.

mod clipboard;
mod network;
mod probe;
pub mod render;
mod route;
mod store;

use serde::Serialize;

pub use crate::auth::proxy::PROXY_VARIABLES;

use crate::session::Context;
pub use crate::session::Settings;

/// What the doctor checks, in the order it reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    Url,
    Proxy,
    Dns,
    Tcp,
    Tls,
    Endpoint,
    AppKey,
    Clock,
    Clipboard,
    Store,
    Token,
}

impl Check {
    /// The check's name on its line.
    pub fn title(self) -> &'static str {
        match self {
            Check::Url => "URL",
            Check::Proxy => "Proxy",
            Check::Dns => "DNS",
            Check::Tcp => "TCP",
            Check::Tls => "TLS",
            Check::Endpoint => "Token endpoint",
            Check::AppKey => "App key",
            Check::Clock => "Clock",
            Check::Clipboard => "Clipboard",
            Check::Store => "Store",
            Check::Token => "Stored token",
        }
    }
}

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    /// Works, but something deserves attention; never changes the exit code.
    Warn,
    Fail,
    /// Not checked, because a check it needs failed or it does not apply.
    Skip,
}

/// One check's result: what was found, and for a failure or warning, what to do.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub check: Check,
    pub status: Status,
    pub detail: String,
    pub hint: Option<String>,
}

impl Finding {
    pub fn ok(check: Check, detail: impl Into<String>) -> Finding {
        Finding::new(check, Status::Ok, detail, None)
    }

    pub fn skip(check: Check, detail: impl Into<String>) -> Finding {
        Finding::new(check, Status::Skip, detail, None)
    }

    pub fn warn(check: Check, detail: impl Into<String>, hint: impl Into<String>) -> Finding {
        Finding::new(check, Status::Warn, detail, Some(hint.into()))
    }

    pub fn fail(check: Check, detail: impl Into<String>, hint: impl Into<String>) -> Finding {
        Finding::new(check, Status::Fail, detail, Some(hint.into()))
    }

    fn new(check: Check, status: Status, detail: impl Into<String>, hint: Option<String>) -> Self {
        Finding {
            check,
            status,
            detail: detail.into(),
            hint,
        }
    }
}

/// Runs every check with the settings, store and stored session a login would use; the findings come in
/// [`Check`] order.
pub async fn run(context: &Context) -> Vec<Finding> {
    let mut settings = context.settings.clone();
    if settings.app_key.is_none() {
        settings.app_key = store::saved_app_key(context).await;
    }
    let mut findings = network_and_server(&settings).await;
    findings.push(clipboard::check(settings.clipboard).await);
    findings.extend(store::check(context).await);
    findings
}

/// The checks from the URL to the server's clock.
async fn network_and_server(settings: &Settings) -> Vec<Finding> {
    let mut findings = Vec::new();
    let route = route::find(settings, &mut findings);
    match route {
        Some(route) => {
            let reached = network::reach(&route, settings.client.timeout, &mut findings).await;
            if reached {
                probe::ask(settings, &route, &mut findings).await;
            } else {
                skip(
                    &mut findings,
                    &[Check::Tls, Check::Endpoint, Check::AppKey, Check::Clock],
                    "the server cannot be reached",
                );
            }
        }
        None => skip(
            &mut findings,
            &[
                Check::Dns,
                Check::Tcp,
                Check::Tls,
                Check::Endpoint,
                Check::AppKey,
                Check::Clock,
            ],
            "needs a usable URL",
        ),
    }
    findings
}

fn skip(findings: &mut Vec<Finding>, checks: &[Check], why: &str) {
    findings.extend(
        checks
            .iter()
            .map(|&check| Finding::skip(check, format!("not checked: {why}"))),
    );
}

/// True when no check failed.
pub fn passed(findings: &[Finding]) -> bool {
    findings.iter().all(|f| f.status != Status::Fail)
}
