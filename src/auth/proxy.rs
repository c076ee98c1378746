//! The proxy a login's request goes through, found by the rules reqwest itself applies (hyper-util's
//! matcher over `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`), so that `doctor` and the support
//! report say what a login does.

use hyper_util::client::proxy::matcher::Matcher;
use reqwest::Url;

use crate::diag::redact::without_credentials;

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

/// A proxy a request would go through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proxy {
    pub host: String,
    pub port: u16,
    /// `scheme://host:port`, never its credentials.
    pub shown: String,
    /// The variable it comes from, or `the system settings`.
    pub variable: &'static str,
}

/// The proxy reqwest would use for `url`, by the same rules.
pub fn for_url(url: &Url) -> Option<Proxy> {
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

/// The proxy variables that are set (values without credentials), or that none is.
pub fn variables_in_effect() -> String {
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

/// The way a request to `url` takes, in a line: the proxy and where it comes from, or the direct
/// connection and the variables set.
pub fn describe(url: &Url) -> String {
    match for_url(url) {
        Some(proxy) => format!("{} (from {})", proxy.shown, proxy.variable),
        None => variables_in_effect(),
    }
}
