//! One request with the app key and no credentials: TLS, the API's shape, the app key, the clock.

use super::route::Route;
use super::{Check, Finding, Settings};
use crate::auth::hints::for_fault;
use crate::auth::wire::TlsProblem;
use crate::auth::{ClientConfig, Fault, Outcome, TokenClient};
use crate::diag::redact;

/// Clock skew beyond this is a warning: codes and token lifetimes depend on the time.
const MAX_SKEW_SECS: i64 = 60;

/// Sends the probe and reports the four checks that depend on its answer.
pub(crate) async fn ask(settings: &Settings, route: &Route, findings: &mut Vec<Finding>) {
    let config = ClientConfig {
        url: route.token_url.to_string(),
        options: settings.client.clone(),
    };
    let client = match TokenClient::for_probe(&config) {
        Ok(client) => client,
        Err(e) => {
            findings.push(Finding::fail(
                Check::Tls,
                e.to_string(),
                "Fix the option it names (a --cacert file must hold PEM certificates).",
            ));
            super::skip(
                findings,
                &[Check::Endpoint, Check::AppKey, Check::Clock],
                "no client",
            );
            return;
        }
    };
    let probe = client.probe(settings.app_key.as_ref()).await;
    let fault = match &probe.outcome {
        Outcome::Fault(fault) => Some(fault),
        _ => None,
    };
    let tls = tls_finding(route, fault);
    let connected = tls.status != super::Status::Fail;
    findings.push(tls);
    if !connected {
        super::skip(
            findings,
            &[Check::Endpoint, Check::AppKey, Check::Clock],
            "no TLS connection",
        );
        return;
    }
    let took = probe.exchange.latency_ms;
    findings.push(endpoint_finding(&probe.outcome, took));
    findings.push(app_key_finding(settings, &probe.outcome));
    findings.push(clock_finding(probe.clock_offset));
}

/// A fault that happened before any HTTP was spoken: the connection (TCP, proxy, TLS) itself.
fn is_connection_fault(fault: &Fault) -> bool {
    matches!(
        fault,
        Fault::Tls { .. }
            | Fault::PlainHttp { .. }
            | Fault::Refused { .. }
            | Fault::Dns { .. }
            | Fault::Timeout {
                connecting: true,
                ..
            }
    )
}

fn tls_finding(route: &Route, fault: Option<&Fault>) -> Finding {
    if route.token_url.scheme() != "https" {
        return Finding::skip(Check::Tls, "not used: the URL is plain http://");
    }
    match fault {
        Some(fault) if is_connection_fault(fault) => {
            let detail = match fault {
                Fault::Timeout { after, .. } => format!(
                    "no TLS handshake within {} s: something listens on that port but does not answer TLS",
                    after.as_secs()
                ),
                Fault::Tls { problem, detail } => tls_problem_text(problem, detail),
                Fault::PlainHttp { .. } => {
                    "the server at that port answers in plain HTTP, not TLS".into()
                }
                other => other.to_string(),
            };
            Finding::fail(Check::Tls, detail, for_fault(fault).advice)
        }
        _ => {
            let host = route.token_url.host_str().unwrap_or_default();
            Finding::ok(
                Check::Tls,
                format!("the certificate is trusted and valid for {host}"),
            )
        }
    }
}

/// A TLS failure in a few words, with the innermost error of the chain, which names the cause.
fn tls_problem_text(problem: &TlsProblem, detail: &str) -> String {
    let cause = detail.rsplit(": ").next().unwrap_or(detail);
    let what = match problem {
        TlsProblem::UntrustedIssuer => {
            "the certificate is signed by a CA this machine does not trust"
        }
        TlsProblem::WrongName { .. } => "the certificate is for another host name",
        TlsProblem::OutsideValidity => "the certificate has expired or is not valid yet",
        TlsProblem::Other => "the TLS handshake failed",
    };
    format!("{what} ({cause})")
}

fn endpoint_finding(outcome: &Outcome, took_ms: u64) -> Finding {
    let answered = |what: &str| {
        Finding::ok(
            Check::Endpoint,
            format!("answers like the API in {took_ms} ms: {what}"),
        )
    };
    match outcome {
        Outcome::Failed(failure) => answered(&format!(
            "HTTP {} State Failed at {}",
            failure.status, failure.step
        )),
        Outcome::Expecting(expecting) => {
            answered(&format!("HTTP 202 State Expecting {}", expecting.step))
        }
        Outcome::Succeeded(_) => answered("HTTP 200 State Succeeded"),
        Outcome::Fault(fault @ Fault::AppError { status, .. }) if fault.is_app_key_problem() => {
            answered(&format!("HTTP {status} with its app-key error"))
        }
        Outcome::Fault(fault @ (Fault::AppError { .. } | Fault::RateLimited { .. })) => {
            Finding::warn(
                Check::Endpoint,
                format!("answers in {took_ms} ms, refusing the request: {fault}"),
                for_fault(fault).advice,
            )
        }
        Outcome::Fault(fault) => {
            Finding::fail(Check::Endpoint, fault.to_string(), for_fault(fault).advice)
        }
    }
}

fn app_key_finding(settings: &Settings, outcome: &Outcome) -> Finding {
    use secrecy::ExposeSecret;
    let Some(key) = settings.app_key.as_ref() else {
        return Finding::warn(
            Check::AppKey,
            "no app key given, so none was checked",
            "Give it with --app-key, AUTOSHARES_APP_KEY or the profile; it comes from the BO Companies widget in AutoShares Trader.",
        );
    };
    let shown = redact::partial(key.expose_secret());
    match outcome {
        Outcome::Fault(fault) if fault.is_app_key_problem() => Finding::fail(
            Check::AppKey,
            format!("the server does not know {shown}: {fault}"),
            for_fault(fault).advice,
        ),
        Outcome::Failed(_) | Outcome::Expecting(_) | Outcome::Succeeded(_) => Finding::ok(
            Check::AppKey,
            format!("{shown} is known to the server (it answered the login without a username)"),
        ),
        _ => Finding::skip(
            Check::AppKey,
            "not checked: the token endpoint did not answer like the API",
        ),
    }
}

fn clock_finding(offset: Option<i64>) -> Finding {
    let Some(offset) = offset else {
        return Finding::skip(Check::Clock, "not checked: the server sent no Date header");
    };
    let distance =
        crate::session::human_duration(std::time::Duration::from_secs(offset.unsigned_abs()));
    let direction = if offset > 0 { "ahead of" } else { "behind" };
    if offset.abs() > MAX_SKEW_SECS {
        Finding::warn(
            Check::Clock,
            format!("this computer's clock is {distance} {direction} the server's"),
            "Set the clock right (turn on automatic time, NTP): verification codes and the token's expiry depend on it.",
        )
    } else {
        Finding::ok(
            Check::Clock,
            format!(
                "within {}s of the server's clock",
                offset.unsigned_abs().max(1)
            ),
        )
    }
}
