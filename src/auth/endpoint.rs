//! The API URL: the token endpoint it names, and the rules it must follow (https, no credentials in it).

use std::net::IpAddr;

use reqwest::Url;

/// A configuration that cannot work; reported before anything is sent.
#[derive(Debug, thiserror::Error)]
pub enum ClientOptionError {
    /// `url` as [`shown`] makes it: without credentials, query or fragment.
    #[error("the API URL {url:?} is not valid: {detail}")]
    BadUrl { url: String, detail: String },
    /// No `https://` (or `http://`) in front: `url` as [`shown`] makes it.
    #[error("the API URL {url:?} has no scheme: add https:// in front (https://{url})")]
    NoScheme { url: String },
    #[error(
        "the API URL has a username or password in it (user:password@host), which would be sent to the server and shown in logs; give the username with --username, the password at the prompt or in AUTOSHARES_PASSWORD"
    )]
    Credentials,
    #[error(
        "refusing plain http:// to {host}, which is not this machine: passwords would cross the network unencrypted (use https://, or --allow-http if you really mean it)"
    )]
    PlainHttp { host: String },
    #[error("cannot use --cacert {path}: {detail}")]
    Cacert { path: String, detail: String },
    #[error("cannot set up the HTTP client: {0}")]
    Build(String),
}

/// The token endpoint for a configured URL: `{base}/token`, or the URL as is when it already ends in `/token`.
/// A URL with credentials in it is refused without being repeated; one with a query or fragment is not an
/// API base.
pub fn token_url(base: &str, allow_http: bool) -> Result<Url, ClientOptionError> {
    let bad = |detail: &str| ClientOptionError::BadUrl {
        url: shown(base),
        detail: detail.to_string(),
    };
    let trimmed = base.trim().trim_end_matches('/');
    if authority(trimmed).contains('@') {
        return Err(ClientOptionError::Credentials);
    }
    if !has_scheme(trimmed) {
        return Err(ClientOptionError::NoScheme {
            url: shown(trimmed),
        });
    }
    if authority(base.trim()).is_empty() {
        return Err(bad("it has no host"));
    }
    let full = if trimmed.ends_with("/token") {
        trimmed.to_string()
    } else {
        format!("{trimmed}/token")
    };
    let url = Url::parse(&full).map_err(|e| bad(&e.to_string()))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(ClientOptionError::Credentials);
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("an API base has no query (?…) or fragment (#…)"));
    }
    if url.as_str().parse::<http::Uri>().is_err() {
        return Err(bad("it is too long or not a URL HTTP can send"));
    }
    let host = url
        .host_str()
        .ok_or_else(|| bad("it has no host"))?
        .to_string();
    match url.scheme() {
        "https" => Ok(url),
        "http" if allow_http || is_loopback(&host) => Ok(url),
        "http" => Err(ClientOptionError::PlainHttp { host }),
        other => Err(bad(&format!("the scheme {other}:// is not http or https"))),
    }
}

/// Whether `url` starts with a scheme: `…://`, or `http:`/`https:` written with other slashes (which the
/// parser reads as a scheme all the same). `localhost:8787/api` has none: that is a host and a port.
fn has_scheme(url: &str) -> bool {
    url.contains("://")
        || url.split_once(':').is_some_and(|(scheme, _)| {
            scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")
        })
}

/// Where the host part of `url` starts: after `scheme://`, else at the start.
fn authority_start(url: &str) -> usize {
    url.find("://").map_or(0, |at| at + 3)
}

/// The `[user[:password]@]host[:port]` part of `url`, as written (parsed or not).
fn authority(url: &str) -> &str {
    let rest = &url[authority_start(url)..];
    let end = rest.find(['/', '\\', '?', '#']).unwrap_or(rest.len());
    &rest[..end]
}

/// `url` as an error message may repeat it: credentials (`user:password@`) become `…@`, and a query or
/// fragment `?…`, whether the URL parses or not.
fn shown(url: &str) -> String {
    let url = url.trim();
    let start = authority_start(url);
    let host = authority(url);
    let path = &url[start + host.len()..];
    let host = host.rfind('@').map_or(host, |at| &host[at..]);
    let (path, cut) = match path.find(['?', '#']) {
        Some(at) => (&path[..at], "?…"),
        None => (path, ""),
    };
    let credentials = if host.starts_with('@') { "…" } else { "" };
    let whole = format!("{}{credentials}{host}{path}{cut}", &url[..start]);
    match whole.char_indices().nth(SHOWN_CHARS) {
        Some((at, _)) => format!("{}…", &whole[..at]),
        None => whole,
    }
}

/// How much of a bad URL an error message repeats.
const SHOWN_CHARS: usize = 120;

/// Whether `host` is this machine: `localhost`, 127.0.0.0/8, `::1`, or 127.x written IPv4-mapped
/// (`::ffff:127.0.0.1`, which reaches the same IPv4 loopback).
fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost")
        || bare
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.to_canonical().is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_url_appends_token_once() {
        for base in [
            "https://h.example/api",
            "https://h.example/api/",
            "https://h.example/api/token",
        ] {
            assert_eq!(
                token_url(base, false).unwrap().as_str(),
                "https://h.example/api/token"
            );
        }
    }

    #[test]
    fn plain_http_only_to_loopback_unless_allowed() {
        assert!(token_url("http://127.0.0.1:8080/api", false).is_ok());
        assert!(token_url("http://localhost/api", false).is_ok());
        assert!(token_url("http://[::1]:9/api", false).is_ok());
        // 127.0.0.1 written as an IPv4-mapped IPv6 address is this machine too.
        assert!(token_url("http://[::ffff:127.0.0.1]/api", false).is_ok());
        assert!(token_url("http://[::ffff:127.8.9.1]:8787/api", false).is_ok());
        let mapped_elsewhere = token_url("http://[::ffff:192.0.2.1]/api", false).unwrap_err();
        assert!(matches!(
            mapped_elsewhere,
            ClientOptionError::PlainHttp { .. }
        ));
        let refused = token_url("http://trader.example/api", false).unwrap_err();
        assert!(
            matches!(refused, ClientOptionError::PlainHttp { ref host } if host == "trader.example")
        );
        assert!(token_url("http://trader.example/api", true).is_ok());
    }

    #[test]
    fn nonsense_urls_are_configuration_errors() {
        for url in [
            "ftp://h.example/api",
            "https://h.example/api?k=v",
            "https://h.example/api#top",
            "http://",
            "http:///api",
            "https:///token",
        ] {
            assert!(
                matches!(token_url(url, false), Err(ClientOptionError::BadUrl { .. })),
                "{url}"
            );
        }
    }

    #[test]
    fn a_url_without_a_scheme_says_to_add_https() {
        for url in [
            "pub-api.example/api",
            "127.0.0.1:9/api",
            "localhost:8787/api",
        ] {
            let err = token_url(url, false).unwrap_err();
            assert!(
                matches!(err, ClientOptionError::NoScheme { .. }),
                "{url}: {err}"
            );
            assert!(
                err.to_string()
                    .contains(&format!("add https:// in front (https://{url})")),
                "{err}"
            );
        }
    }

    #[test]
    fn credentials_in_a_url_are_refused_and_never_repeated() {
        for url in [
            "https://user:SECRET-zK@h.example/api",
            "https://SECRET-zK@h.example/api",
            "http://user:SECRET-zK@127.0.0.1:8787/api",
            "https://u%3Ax:SECRET-zK@h.example:99999/api",
            "https://user:SE CRET-zK@h.example/api",
            "user:SECRET-zK@h.example/api",
            "https:\\\\user:SECRET-zK@h.example/api",
        ] {
            let err = token_url(url, false).unwrap_err();
            assert!(
                matches!(err, ClientOptionError::Credentials),
                "{url}: {err}"
            );
            assert!(!err.to_string().contains("SECRET"), "{err}");
        }
    }

    #[test]
    fn a_url_too_long_to_send_is_refused_and_repeated_only_in_part() {
        let long = format!("https://h.example/{}", "a".repeat(100_000));
        let err = token_url(&long, false).unwrap_err();
        assert!(matches!(err, ClientOptionError::BadUrl { .. }), "{err}");
        assert!(err.to_string().len() < 300, "{err}");
    }

    #[test]
    fn a_bad_url_is_repeated_without_credentials_or_query() {
        assert_eq!(
            shown("https://u:SECRET@h.example/api?key=K"),
            "https://…@h.example/api?…"
        );
        assert_eq!(shown("h.example:xx/api#frag"), "h.example:xx/api?…");
        let err = token_url("https://h.example/api?password=SECRET-zK", false).unwrap_err();
        assert!(!err.to_string().contains("SECRET"), "{err}");
        assert!(err.to_string().contains("https://h.example/api?…"), "{err}");
    }
}
