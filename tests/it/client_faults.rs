//! Faults the sandbox does not produce, from a throwaway raw-TCP server and from dead or fake addresses.

use crate::common;

use std::time::Duration;

use autoshares_login::auth::client::BODY_CAP;
use autoshares_login::auth::{
    ClientConfig, ClientOptionError, ClientOptions, Credentials, Fault, Stop, TokenClient, hints,
};
use common::servers::http;
use common::{ClosedPort, Run, TIMEOUT, client, drive};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Starts a server on 127.0.0.1 that answers its first connection with `response` verbatim, then closes
/// it; returns the port. It reads the request first (to its blank line, or one read of a TLS hello), so
/// the close is a clean one and not a reset.
async fn answer_once(response: impl Into<Vec<u8>>) -> u16 {
    let response = response.into();
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("local address").port();
    tokio::spawn(async move {
        let Ok((mut stream, _)) = listener.accept().await else {
            return;
        };
        let mut request = Vec::new();
        let mut buf = [0u8; 4096];
        while let Ok(n @ 1..) = stream.read(&mut buf).await {
            request.extend_from_slice(&buf[..n]);
            let tls_hello = request.first() == Some(&0x16);
            if tls_hello || request.windows(4).any(|w| w == b"\r\n\r\n") {
                break;
            }
        }
        // The client may hang up first (a body over the cap): that is the point, not an error.
        let _ = stream.write_all(&response).await;
        let _ = stream.shutdown().await;
    });
    port
}

fn someone() -> Credentials {
    Credentials {
        app_key: "some-app-key".to_string().into(),
        username: "someone".into(),
        password: "some-password".to_string().into(),
        pin: None,
    }
}

/// One login attempt against `url`, with no answers scripted.
async fn attempt(url: &str) -> Run {
    drive(&client(url, TIMEOUT), someone(), &[]).await
}

/// One login attempt against a server that answers `response`.
async fn attempt_against(response: impl Into<Vec<u8>>) -> Run {
    let port = answer_once(response).await;
    attempt(&format!("http://127.0.0.1:{port}/api")).await
}

#[tokio::test]
async fn truncated_body_is_a_network_fault_not_a_login_result() {
    let response =
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{\"State\":\"Succ";
    let run = attempt_against(response.to_vec()).await;
    let fault = run.fault();
    assert!(matches!(fault, Fault::Network { .. }), "{fault:?}");
    assert_eq!(run.exchanges[0].status, None);
}

#[tokio::test]
async fn body_over_the_cap_is_not_read() {
    let huge = format!(
        "{{\"State\":\"Succeeded\",\"Token\":\"{}\"}}",
        "A".repeat(BODY_CAP)
    );
    let run = attempt_against(http("200 OK", "Content-Type: application/json\r\n", &huge)).await;
    assert_eq!(
        run.fault(),
        &Fault::BodyTooLarge {
            status: 200,
            cap: BODY_CAP
        }
    );
    let recorded = &run.exchanges[0].response_body;
    assert!(recorded.len() < 4096, "the record keeps an excerpt only");
}

#[tokio::test]
async fn empty_200_is_an_empty_body_fault() {
    let run = attempt_against(http("200 OK", "", "")).await;
    assert_eq!(run.fault(), &Fault::EmptyBody { status: 200 });
    assert!(run.fault().to_string().contains("HTTP 200"));
}

#[tokio::test]
async fn expecting_202_without_a_token_is_a_fault() {
    let body =
        r#"{"State":"Expecting","Step":"VerificationCode","Reason":"Expecting confirmation code"}"#;
    let run = attempt_against(http("202 Accepted", "", body)).await;
    assert_eq!(
        run.fault(),
        &Fault::MissingToken {
            status: 202,
            state: "Expecting".into()
        }
    );
    assert!(run.prompts.is_empty(), "nothing to answer without a token");
}

#[tokio::test]
async fn html_200_is_not_json() {
    let run = attempt_against(http(
        "200 OK",
        "Content-Type: text/html\r\n",
        "<!doctype html><title>Sign in</title>",
    ))
    .await;
    let fault = run.fault();
    assert_eq!(
        fault,
        &Fault::NotJson {
            status: 200,
            content_type: Some("text/html".into()),
            excerpt: "<!doctype html><title>Sign in</title>".into(),
        }
    );
    assert!(fault.to_string().contains("HTTP 200, text/html"), "{fault}");
}

#[tokio::test]
async fn fault_message_shows_the_status_and_a_short_clean_excerpt() {
    let body = format!(
        "\u{1b}[31m<h1>Service\tUnavailable</h1>\u{7}\r\n\u{202e}{}",
        "x".repeat(2000)
    );
    let run = attempt_against(http("503 Service Unavailable", "", &body)).await;
    let message = run.fault().to_string();
    assert!(
        message.starts_with("the server failed (HTTP 503): <h1>Service Unavailable</h1>"),
        "{message}"
    );
    assert!(!message.chars().any(char::is_control), "{message:?}");
    assert!(!message.contains('\u{202e}'), "{message:?}");
    assert!(message.chars().count() < 300, "short: {message}");
    assert!(message.ends_with('…'), "{message}");
}

#[tokio::test]
async fn nothing_listening_is_connection_refused() {
    let closed = ClosedPort::new();
    let run = attempt(&closed.url()).await;
    assert!(
        matches!(run.fault(), Fault::Refused { .. }),
        "{:?}",
        run.fault()
    );
    assert_eq!(run.exchanges[0].status, None);
}

#[tokio::test]
async fn unresolvable_host_is_a_dns_fault() {
    let run = attempt("https://autoshares-login-test.invalid/api").await;
    assert!(
        matches!(run.fault(), Fault::Dns { .. }),
        "{:?}",
        run.fault()
    );
}

#[tokio::test]
async fn https_to_a_port_that_speaks_plain_http_says_so() {
    for plain_answer in [
        http("400 Bad Request", "", "not TLS"),
        b"HTTP/1.0 400 Bad Request\r\n\r\n".to_vec(),
        http("200 OK", "Content-Type: application/json\r\n", "{}"),
    ] {
        let port = answer_once(plain_answer).await;
        let run = attempt(&format!("https://127.0.0.1:{port}/api")).await;
        let fault = run.fault();
        assert!(matches!(fault, Fault::PlainHttp { .. }), "{fault:?}");
        let stop = Stop::Fault(fault.clone());
        let headline = hints::headline(&stop, "127.0.0.1:1");
        assert!(headline.contains("plain HTTP"), "{headline}");
        let hint = hints::for_stop(&stop, hints::Context::LineMode);
        assert!(hint.advice.contains("use http://"), "{}", hint.advice);
        assert!(!hint.advice.contains("--cacert"), "{}", hint.advice);
    }
}

#[test]
fn plain_http_to_another_host_is_refused_before_sending() {
    let config = |allow_http| ClientConfig {
        url: "http://trader.example/api".into(),
        options: ClientOptions {
            timeout: Duration::from_secs(5),
            cacert: None,
            allow_http,
        },
    };
    let refused = TokenClient::new(&config(false)).err();
    assert!(
        matches!(&refused, Some(ClientOptionError::PlainHttp { host }) if host == "trader.example"),
        "{refused:?}"
    );
    assert!(refused.unwrap().to_string().contains("--allow-http"));
    assert!(TokenClient::new(&config(true)).is_ok());
}
