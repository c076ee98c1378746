//! What a failed request amounts to: reqwest's error chain read into a [`Fault`], TLS problems named.

use rustls::CertificateError;

use super::Limits;
use crate::auth::wire::{Fault, TlsProblem};
use crate::diag::sanitize::{excerpt, sanitize};

/// The longest network error detail kept: a certificate may name any number of hosts.
const MAX_DETAIL_CHARS: usize = 400;

/// The fault for a request that got no answer, under the client's time `limits`.
pub(super) fn fault(error: &reqwest::Error, limits: Limits) -> Fault {
    if error.is_timeout() {
        let connecting = error.is_connect();
        return Fault::Timeout {
            after: if connecting {
                limits.connect
            } else {
                limits.total
            },
            connecting,
        };
    }
    let causes = causes(error);
    let chain = messages(&causes);
    let detail = excerpt(&chain.join(": "), MAX_DETAIL_CHARS);
    let mentions = |needle: &str| {
        chain
            .iter()
            .any(|m| m.to_ascii_lowercase().contains(needle))
    };
    let refused = causes
        .iter()
        .filter_map(|e| e.downcast_ref::<std::io::Error>())
        .any(|io| io.kind() == std::io::ErrorKind::ConnectionRefused);
    let tls = causes
        .iter()
        .find_map(|e| e.downcast_ref::<rustls::Error>());
    // What a TLS client makes of a plain-HTTP answer: its first byte is no TLS record type.
    let not_tls = matches!(
        tls,
        Some(rustls::Error::InvalidMessage(
            rustls::InvalidMessage::InvalidContentType
        ))
    );
    if refused || mentions("connection refused") {
        Fault::Refused { detail }
    } else if not_tls {
        Fault::PlainHttp { detail }
    } else if mentions("dns error") || mentions("failed to lookup address") {
        Fault::Dns { detail }
    } else if let Some(tls) = tls {
        Fault::Tls {
            problem: tls_problem(tls),
            detail,
        }
    } else if mentions("certificate") || mentions("tls") || mentions("handshake") {
        Fault::Tls {
            problem: TlsProblem::Other,
            detail,
        }
    } else {
        Fault::Network { detail }
    }
}

/// Names the TLS failures a user can act on.
fn tls_problem(error: &rustls::Error) -> TlsProblem {
    match error {
        rustls::Error::InvalidCertificate(certificate) => match certificate {
            CertificateError::UnknownIssuer => TlsProblem::UntrustedIssuer,
            CertificateError::NotValidForName => TlsProblem::WrongName {
                presented: Vec::new(),
            },
            CertificateError::NotValidForNameContext { presented, .. } => TlsProblem::WrongName {
                presented: presented.iter().map(|name| san_name(name)).collect(),
            },
            CertificateError::Expired
            | CertificateError::ExpiredContext { .. }
            | CertificateError::NotValidYet
            | CertificateError::NotValidYetContext { .. } => TlsProblem::OutsideValidity,
            _ => TlsProblem::Other,
        },
        _ => TlsProblem::Other,
    }
}

/// `DnsName("host.example")` as rustls lists a certificate's names, as `host.example`.
fn san_name(presented: &str) -> String {
    let inner = presented
        .split_once('(')
        .and_then(|(_, rest)| rest.strip_suffix(')'))
        .unwrap_or(presented);
    sanitize(inner.trim_matches('"'))
}

/// Every error in `error`'s chain, outermost first. An `io::Error`'s `source()` skips the error it
/// wraps (a rustls error in the TLS handshake, wrapped twice), so the walk looks inside it instead.
fn causes(error: &reqwest::Error) -> Vec<&(dyn std::error::Error + 'static)> {
    let mut causes = Vec::new();
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = current {
        causes.push(e);
        current = match e
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref)
        {
            Some(inner) => Some(inner),
            None => e.source(),
        };
    }
    causes
}

/// The messages of a chain of errors, without repeats.
fn messages(causes: &[&(dyn std::error::Error + 'static)]) -> Vec<String> {
    let mut messages: Vec<String> = Vec::new();
    for e in causes {
        let message = e.to_string();
        if !messages.iter().any(|m| m.contains(&message)) {
            messages.push(message);
        }
    }
    messages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn certificate_names_are_shown_bare() {
        assert_eq!(san_name(r#"DnsName("other.example")"#), "other.example");
        assert_eq!(san_name("IpAddress(10.0.0.1)"), "10.0.0.1");
        assert_eq!(san_name("plain"), "plain");
    }

    #[test]
    fn certificate_errors_map_to_problems_a_user_can_act_on() {
        let invalid = rustls::Error::InvalidCertificate;
        assert_eq!(
            tls_problem(&invalid(CertificateError::UnknownIssuer)),
            TlsProblem::UntrustedIssuer
        );
        assert_eq!(
            tls_problem(&invalid(CertificateError::Expired)),
            TlsProblem::OutsideValidity
        );
        assert_eq!(
            tls_problem(&invalid(CertificateError::NotValidForName)),
            TlsProblem::WrongName { presented: vec![] }
        );
        assert_eq!(
            tls_problem(&invalid(CertificateError::BadSignature)),
            TlsProblem::Other
        );
    }
}
