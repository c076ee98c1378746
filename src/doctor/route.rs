//! Where a login's request goes: the URL's shape, and what it connects to, directly or through a proxy.

use hyper_util::client::proxy::matcher::Matcher;
use reqwest::Url;

use super::{Check, Finding, Settings};
use crate::auth::ClientOptionError;
use crate::auth::client::token_url;
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

/// The variables that can send a request through a proxy, as reqwest reads them.
pub const PROXY_VARIABLES: [&str; 8] = [
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
];

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
    let proxy = proxy_for(&url);
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

/// A proxy a request would go through.
struct Proxy {
    host: String,
    port: u16,
    shown: String,
    variable: &'static str,
}

/// The proxy reqwest would use for `url`, by the same rules (hyper-util's matcher, which reqwest uses).
fn proxy_for(url: &Url) -> Option<Proxy> {
    let uri = url.as_str().parse::<http::Uri>().ok()?;
    let intercept = Matcher::from_system().intercept(&uri)?;
    let proxy = intercept.uri();
    let host = proxy.host()?.to_string();
    let default_port = if proxy.scheme_str() == Some("https") {
        443
    } else {
        80
    };
    let port = proxy.port_u16().unwrap_or(default_port);
    let scheme = proxy.scheme_str().unwrap_or("http");
    Some(Proxy {
        shown: format!("{scheme}://{host}:{port}"),
        host,
        port,
        variable: variable_for(url.scheme()),
    })
}

/// The variable a proxy for a `scheme` URL comes from.
fn variable_for(scheme: &str) -> &'static str {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    let own: &[&'static str] = if scheme == "https" {
        &["HTTPS_PROXY", "https_proxy"]
    } else {
        &["HTTP_PROXY", "http_proxy"]
    };
    own.iter()
        .chain(&["ALL_PROXY", "all_proxy"])
        .copied()
        .find(|name| set(name))
        .unwrap_or("the system settings")
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

/// The proxy variables that are set (values without credentials), or that none is.
fn variables_in_effect() -> String {
    let set: Vec<String> = PROXY_VARIABLES
        .iter()
        .filter_map(|name| {
            let value = std::env::var(name).ok().filter(|v| !v.is_empty())?;
            Some(format!("{name}={}", without_credentials(&value)))
        })
        .collect();
    if set.is_empty() {
        "no proxy variables set: direct connection".to_string()
    } else {
        format!("direct connection ({} set)", set.join(", "))
    }
}

/// A proxy URL as it may be shown: any user name and password replaced by `***`.
fn without_credentials(value: &str) -> String {
    match Url::parse(value) {
        Ok(mut url) if url.has_host() => {
            if url.username().is_empty() && url.password().is_none() {
                return sanitize(value);
            }
            let _ = url.set_username("***");
            let _ = url.set_password(None);
            sanitize(url.as_str())
        }
        _ if value.contains('@') => "(set, not shown: it holds a credential)".to_string(),
        _ => sanitize(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proxy_credentials_are_never_shown() {
        let shown = without_credentials("http://alice:s3cret@proxy.corp:3128");
        assert!(
            !shown.contains("s3cret") && !shown.contains("alice"),
            "{shown}"
        );
        assert!(shown.contains("proxy.corp:3128"));
        assert_eq!(
            without_credentials("alice:s3cret@proxy"),
            "(set, not shown: it holds a credential)"
        );
        assert_eq!(
            without_credentials("http://proxy.corp:3128"),
            "http://proxy.corp:3128"
        );
    }
}
