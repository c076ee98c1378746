//! Where a login's request goes: the URL's shape, and what it connects to, directly or through a proxy.

use reqwest::Url;

use super::{Check, Finding, Settings};
use crate::auth::ClientOptionError;
use crate::auth::client::token_url;
use crate::auth::proxy::{self, Proxy, variables_in_effect};
use crate::diag::sanitize::sanitize;

/// The token endpoint, and the host and port a connection to it is made to.
#[derive(Debug)]
pub(crate) struct Route {
    pub token_url: Url,
    /// The URL's host, or the proxy's when one is in effect.
    pub host: String,
    pub port: u16,
    /// The proxy in effect, as `scheme://host:port` (never its credentials).
    pub proxy: Option<String>,
}

/// Checks the URL and the proxy variables; the route when the URL is usable.
pub(crate) fn find(settings: &Settings, findings: &mut Vec<Finding>) -> Option<Route> {
    let url = match check_url(settings) {
        Ok((url, finding)) => {
            findings.push(finding);
            url
        }
        Err(finding) => {
            findings.push(finding);
            findings.push(Finding::ok(Check::Proxy, variables_in_effect()));
            return None;
        }
    };
    let proxy = proxy::for_url(&url);
    let (host, port) = match &proxy {
        Some(proxy) => (proxy.host.clone(), proxy.port),
        None => (
            url.host_str().unwrap_or_default().to_string(),
            url.port_or_known_default().unwrap_or(443),
        ),
    };
    findings.push(proxy_finding(&url, proxy.as_ref()));
    Some(Route {
        proxy: proxy.map(|p| p.shown),
        token_url: url,
        host,
        port,
    })
}

fn check_url(settings: &Settings) -> Result<(Url, Finding), Finding> {
    let Some(base) = settings.url.as_deref() else {
        return Err(Finding::fail(
            Check::Url,
            "no API URL given",
            "Give it with --url, AUTOSHARES_URL or the profile's url; it looks like https://pub-api-et-demo-prod.etnasoft.us/api.",
        ));
    };
    let url = token_url(base, settings.client.allow_http).map_err(|e| {
        let hint = match e {
            ClientOptionError::PlainHttp { .. } => "Use https://, or pass --allow-http if the server really has no TLS (the password would then cross the network unencrypted).",
            _ => "Write the API base in full, e.g. https://pub-api-et-demo-prod.etnasoft.us/api.",
        };
        Finding::fail(Check::Url, e.to_string(), hint)
    })?;
    let finding = if !url.path().ends_with("/api/token") {
        Finding::warn(
            Check::Url,
            format!("requests go to POST {url}"),
            "The API base usually ends in /api (the token endpoint is then …/api/token). Check the URL if the token endpoint check fails.",
        )
    } else if url.scheme() == "http" && !is_this_machine(&url) {
        Finding::warn(
            Check::Url,
            format!("requests go to POST {url} without TLS (allow-http is on)"),
            "Passwords would cross the network unencrypted; use https:// unless this is a test server.",
        )
    } else {
        Finding::ok(Check::Url, format!("requests go to POST {url}"))
    };
    Ok((url, finding))
}

fn is_this_machine(url: &Url) -> bool {
    token_url(url.as_str(), false).is_ok()
}

fn proxy_finding(url: &Url, proxy: Option<&Proxy>) -> Finding {
    match proxy {
        Some(proxy) => Finding::ok(
            Check::Proxy,
            format!(
                "requests go through the proxy {} (from {}); the checks below test the way through it",
                proxy.shown, proxy.variable
            ),
        ),
        None => Finding::ok(
            Check::Proxy,
            format!(
                "{} for {}",
                variables_in_effect(),
                sanitize(url.host_str().unwrap_or_default())
            ),
        ),
    }
}
