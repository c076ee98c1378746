//! Reaching the server: the host name resolved, then a TCP connection made, each within `--timeout`.

use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use tokio::net::{TcpStream, lookup_host};

use super::route::Route;
use super::{Check, Finding};
use crate::auth::Fault;
use crate::auth::hints::for_fault;
use crate::diag::sanitize::sanitize;

/// At most this many addresses are named on the DNS line.
const SHOWN_ADDRESSES: usize = 3;

/// Resolves and connects; true when a TCP connection was made.
pub(crate) async fn reach(route: &Route, timeout: Duration, findings: &mut Vec<Finding>) -> bool {
    let host = sanitize(&route.host);
    let what = if route.proxy.is_some() {
        "the proxy host "
    } else {
        ""
    };
    let addresses = match resolve(route, timeout).await {
        Ok(addresses) => addresses,
        Err(fault) => {
            findings.push(failure(
                Check::Dns,
                format!("{what}{host}: {fault}"),
                &fault,
            ));
            findings.push(Finding::skip(
                Check::Tcp,
                "not checked: the host has no address",
            ));
            return false;
        }
    };
    findings.push(dns_finding(route, &addresses, what));
    let finding = connect(&addresses, timeout).await;
    let reached = finding.status == super::Status::Ok;
    findings.push(finding);
    reached
}

fn failure(check: Check, detail: String, fault: &Fault) -> Finding {
    Finding::fail(check, detail, for_fault(fault).advice)
}

fn dns_finding(route: &Route, addresses: &[SocketAddr], what: &str) -> Finding {
    let host = sanitize(&route.host);
    if host.trim_matches(['[', ']']).parse::<IpAddr>().is_ok() {
        return Finding::ok(
            Check::Dns,
            format!("{what}{host} is an address: nothing to resolve"),
        );
    }
    let mut shown: Vec<String> = addresses
        .iter()
        .take(SHOWN_ADDRESSES)
        .map(|a| a.ip().to_string())
        .collect();
    if addresses.len() > SHOWN_ADDRESSES {
        shown.push(format!("{} more", addresses.len() - SHOWN_ADDRESSES));
    }
    Finding::ok(
        Check::Dns,
        format!("{what}{host} resolves to {}", shown.join(", ")),
    )
}

async fn resolve(route: &Route, timeout: Duration) -> Result<Vec<SocketAddr>, Fault> {
    let host = route.host.trim_matches(['[', ']']);
    let lookup = lookup_host((host, route.port));
    match tokio::time::timeout(timeout, lookup).await {
        Err(_) => Err(Fault::Dns {
            detail: format!("no answer from the resolver within {} s", timeout.as_secs()),
        }),
        Ok(Err(e)) => Err(Fault::Dns {
            detail: sanitize(&e.to_string()),
        }),
        Ok(Ok(found)) => {
            let found: Vec<SocketAddr> = found.collect();
            if found.is_empty() {
                Err(Fault::Dns {
                    detail: "the name has no address".into(),
                })
            } else {
                Ok(found)
            }
        }
    }
}

/// Connects to each address in turn until one answers, all within `timeout`.
async fn connect(addresses: &[SocketAddr], timeout: Duration) -> Finding {
    let started = Instant::now();
    let mut last = None;
    for &address in addresses {
        let left = timeout.saturating_sub(started.elapsed());
        match tokio::time::timeout(left, TcpStream::connect(address)).await {
            Ok(Ok(_stream)) => {
                let took = started.elapsed().as_millis();
                return Finding::ok(Check::Tcp, format!("connected to {address} in {took} ms"));
            }
            Ok(Err(e)) => last = Some((address, connect_fault(&e))),
            Err(_) => {
                last = Some((
                    address,
                    Fault::Timeout {
                        after: timeout,
                        connecting: true,
                    },
                ));
                break;
            }
        }
    }
    let (address, fault) = last.unwrap_or((
        SocketAddr::from(([0, 0, 0, 0], 0)),
        Fault::Network {
            detail: "no address to connect to".into(),
        },
    ));
    failure(Check::Tcp, format!("{address}: {fault}"), &fault)
}

fn connect_fault(error: &std::io::Error) -> Fault {
    let detail = sanitize(&error.to_string());
    if error.kind() == std::io::ErrorKind::ConnectionRefused {
        Fault::Refused { detail }
    } else {
        Fault::Network { detail }
    }
}
