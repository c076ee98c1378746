//! The sandbox server over real TCP, with a minimal HTTP/1.1 client: every scenario's behaviour.

use autoshares_login::sandbox::{Sandbox, Scenarios};
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const PASSWORD: &str = "sandbox";

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    fn token(&self) -> String {
        self.json()["Token"].as_str().expect("a Token").to_owned()
    }
}

async fn start() -> Sandbox {
    Sandbox::start(Scenarios::builtin(), 0)
        .await
        .expect("sandbox starts")
}

fn authority(sandbox: &Sandbox) -> String {
    sandbox
        .base_url()
        .trim_start_matches("http://")
        .trim_end_matches("/api")
        .to_owned()
}

/// Sends raw header bytes (already `Name: value\r\n` lines) and reads the response until the server closes.
async fn exchange(sandbox: &Sandbox, method: &str, path: &str, header_lines: &[u8]) -> Response {
    let host = authority(sandbox);
    let mut stream = TcpStream::connect(&host).await.expect("connect");
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\nConnection: close\r\n"
    )
    .into_bytes();
    request.extend_from_slice(header_lines);
    request.extend_from_slice(b"\r\n");
    stream.write_all(&request).await.expect("write");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("read");
    let text = String::from_utf8(raw).expect("UTF-8 response");
    let (head, body) = text
        .split_once("\r\n\r\n")
        .expect("a blank line after the head");
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    Response {
        status,
        headers,
        body: body.to_owned(),
    }
}

async fn send(sandbox: &Sandbox, method: &str, path: &str, headers: &[(&str, &str)]) -> Response {
    let lines: String = headers
        .iter()
        .map(|(n, v)| format!("{n}: {v}\r\n"))
        .collect();
    exchange(sandbox, method, path, lines.as_bytes()).await
}

/// `POST /api/token` with the right app key, the user's credentials and `extra` headers.
async fn login(sandbox: &Sandbox, user: &str, extra: &[(&str, &str)]) -> Response {
    let key = sandbox.scenarios().app_key.clone();
    let mut headers = vec![
        ("Et-App-Key", key.as_str()),
        ("Username", user),
        ("Password", PASSWORD),
    ];
    headers.extend_from_slice(extra);
    send(sandbox, "POST", "/api/token", &headers).await
}

/// A follow-up carrying `Authorization: Bearer <token>` and `extra`.
async fn follow_up(sandbox: &Sandbox, user: &str, token: &str, extra: &[(&str, &str)]) -> Response {
    let bearer = format!("Bearer {token}");
    let mut headers = vec![("Authorization", bearer.as_str())];
    headers.extend_from_slice(extra);
    login(sandbox, user, &headers).await
}

fn assert_step(response: &Response, step: &str, reason: &str) {
    assert_eq!(response.status, 202, "{}", response.body);
    let body = response.json();
    assert_eq!(
        (
            body["State"].as_str(),
            body["Step"].as_str(),
            body["Reason"].as_str()
        ),
        (Some("Expecting"), Some(step), Some(reason))
    );
    assert!(!response.token().is_empty());
    assert!(
        response
            .header("content-type")
            .unwrap_or("")
            .starts_with("application/json")
    );
}

fn assert_failed(response: &Response, status: u16, step: &str, reason: &str) {
    assert_eq!(response.status, status, "{}", response.body);
    assert_eq!(
        response.json(),
        json!({"State": "Failed", "Step": step, "Reason": reason})
    );
}

fn assert_succeeded(response: &Response) -> String {
    assert_eq!(response.status, 200, "{}", response.body);
    assert_eq!(response.json()["State"], "Succeeded");
    response.token()
}

#[tokio::test]
async fn password_only_succeeds_with_extra_fields_and_fresh_tokens() {
    let sandbox = start().await;
    let first = login(&sandbox, "plain", &[]).await;
    let token = assert_succeeded(&first);
    let body = first.json();
    assert!(body["PersonalPhrase"].is_string());
    assert!(
        body.as_object().unwrap().len() > 3,
        "an unknown extra field: {body}"
    );
    assert_ne!(
        assert_succeeded(&login(&sandbox, "plain", &[]).await),
        token
    );
}

#[tokio::test]
async fn pin_is_asked_for_or_taken_from_the_first_request() {
    let sandbox = start().await;
    assert_succeeded(&login(&sandbox, "pin", &[("PinCode", "1234")]).await);
    let asked = login(&sandbox, "pin", &[]).await;
    assert_step(&asked, "SecutityPin", "Expecting pin code");
    let wrong = follow_up(&sandbox, "pin", &asked.token(), &[("PinCode", "9999")]).await;
    assert_step(&wrong, "SecutityPin", "Invalid pin");
    assert_ne!(wrong.token(), asked.token());
    assert_succeeded(&follow_up(&sandbox, "pin", &wrong.token(), &[("PinCode", "1234")]).await);
    assert_step(
        &login(&sandbox, "pin", &[("PinCode", "0000")]).await,
        "SecutityPin",
        "Invalid pin",
    );
}

#[tokio::test]
async fn code_flow_reasks_after_a_wrong_code_then_succeeds() {
    let sandbox = start().await;
    let asked = login(&sandbox, "code", &[]).await;
    assert_step(&asked, "VerificationCode", "Expecting confirmation code");
    let wrong = follow_up(
        &sandbox,
        "code",
        &asked.token(),
        &[("VerificationCode", "000000")],
    )
    .await;
    assert_step(&wrong, "VerificationCode", "Invalid verification code");
    assert_succeeded(
        &follow_up(
            &sandbox,
            "code",
            &wrong.token(),
            &[("VerificationCode", "123456")],
        )
        .await,
    );
}

#[tokio::test]
async fn pin_then_code_chain() {
    let sandbox = start().await;
    let pin = login(&sandbox, "pin-code", &[]).await;
    assert_step(&pin, "SecutityPin", "Expecting pin code");
    let code = follow_up(&sandbox, "pin-code", &pin.token(), &[("PinCode", "1234")]).await;
    assert_step(&code, "VerificationCode", "Expecting confirmation code");
    assert_succeeded(
        &follow_up(
            &sandbox,
            "pin-code",
            &code.token(),
            &[("VerificationCode", "123456")],
        )
        .await,
    );
    let early_pin = login(&sandbox, "pin-code", &[("PinCode", "1234")]).await;
    assert_step(
        &early_pin,
        "VerificationCode",
        "Expecting confirmation code",
    );
}

#[tokio::test]
async fn interim_tokens_work_once_and_only_for_their_user() {
    let sandbox = start().await;
    let asked = login(&sandbox, "code", &[]).await;
    let code = [("VerificationCode", "123456")];
    assert_succeeded(&follow_up(&sandbox, "code", &asked.token(), &code).await);
    let again = follow_up(&sandbox, "code", &asked.token(), &code).await;
    assert_failed(&again, 401, "VerificationCode", "Corrupted ticket");

    let other = login(&sandbox, "lockout", &[]).await;
    let stolen = follow_up(&sandbox, "code", &other.token(), &code).await;
    assert_failed(&stolen, 401, "VerificationCode", "Corrupted ticket");
    let invented = follow_up(&sandbox, "code", "not-a-token", &code).await;
    assert_failed(&invented, 401, "VerificationCode", "Corrupted ticket");
}

#[tokio::test]
async fn follow_up_without_bearer_is_a_corrupted_ticket() {
    let sandbox = start().await;
    let asked = login(&sandbox, "code", &[]).await;
    let no_auth = login(&sandbox, "code", &[("VerificationCode", "123456")]).await;
    assert_failed(&no_auth, 401, "VerificationCode", "Corrupted ticket");
    let lower = format!("bearer {}", asked.token());
    let wrong_scheme = login(
        &sandbox,
        "code",
        &[("Authorization", &lower), ("VerificationCode", "123456")],
    )
    .await;
    assert_failed(&wrong_scheme, 401, "VerificationCode", "Corrupted ticket");
}

#[tokio::test]
async fn follow_up_checks_the_password_again() {
    let sandbox = start().await;
    let asked = login(&sandbox, "code", &[]).await;
    let bearer = format!("Bearer {}", asked.token());
    let key = sandbox.scenarios().app_key.clone();
    let headers = [
        ("Et-App-Key", key.as_str()),
        ("Username", "code"),
        ("Password", "wrong"),
        ("Authorization", &bearer),
        ("VerificationCode", "123456"),
    ];
    let response = send(&sandbox, "POST", "/api/token", &headers).await;
    assert_failed(&response, 401, "BaseAuthentication", "Invalid credentials");
}

#[tokio::test]
async fn three_wrong_codes_lock_the_login() {
    let sandbox = start().await;
    let mut token = login(&sandbox, "lockout", &[]).await.token();
    for _ in 0..2 {
        let wrong = follow_up(
            &sandbox,
            "lockout",
            &token,
            &[("VerificationCode", "111111")],
        )
        .await;
        assert_step(&wrong, "VerificationCode", "Invalid verification code");
        token = wrong.token();
    }
    let locked = follow_up(
        &sandbox,
        "lockout",
        &token,
        &[("VerificationCode", "111111")],
    )
    .await;
    assert_failed(
        &locked,
        401,
        "VerificationCode",
        "Too many failed attempts, the login is locked",
    );
}

#[tokio::test]
async fn wrong_or_missing_app_key_has_its_own_shape() {
    let sandbox = start().await;
    let expected = json!({"error": "Application key is not defined or does not exist"});
    let wrong = send(
        &sandbox,
        "POST",
        "/api/token",
        &[
            ("Et-App-Key", "nope"),
            ("Username", "plain"),
            ("Password", PASSWORD),
        ],
    )
    .await;
    assert_eq!((wrong.status, wrong.json()), (401, expected.clone()));
    let missing = send(
        &sandbox,
        "POST",
        "/api/token",
        &[("Username", "plain"), ("Password", PASSWORD)],
    )
    .await;
    assert_eq!((missing.status, missing.json()), (401, expected));
}

#[tokio::test]
async fn unknown_user_and_wrong_password_are_invalid_credentials() {
    let sandbox = start().await;
    assert_failed(
        &login(&sandbox, "nobody", &[]).await,
        401,
        "BaseAuthentication",
        "Invalid credentials",
    );
    let key = sandbox.scenarios().app_key.clone();
    let wrong = send(
        &sandbox,
        "POST",
        "/api/token",
        &[
            ("Et-App-Key", &key),
            ("Username", "plain"),
            ("Password", "x"),
        ],
    )
    .await;
    assert_failed(&wrong, 401, "BaseAuthentication", "Invalid credentials");
}

#[tokio::test]
async fn refusals_after_the_password() {
    let sandbox = start().await;
    let expired = login(&sandbox, "expired", &[]).await;
    assert_failed(
        &expired,
        401,
        "BaseAuthentication",
        "Your Password has expired and must be changed",
    );
    assert_failed(
        &login(&sandbox, "no-pin", &[]).await,
        401,
        "SecutityPin",
        "PIN code is not init",
    );
}

#[tokio::test]
async fn rate_limits_as_429_with_retry_after_and_as_401() {
    let sandbox = start().await;
    let reason = "Too many login requests. Try again later.";
    let busy = login(&sandbox, "busy", &[]).await;
    assert_failed(&busy, 429, "BaseAuthentication", reason);
    assert_eq!(busy.header("retry-after"), Some("30"));
    assert_failed(
        &login(&sandbox, "busy401", &[]).await,
        401,
        "BaseAuthentication",
        reason,
    );
}

#[tokio::test]
async fn slow_user_answers_after_its_delay() {
    let sandbox = start().await;
    let delay = sandbox
        .scenarios()
        .users
        .iter()
        .find(|u| u.username == "slow")
        .expect("slow user")
        .delay_ms;
    assert!(delay > 0);
    let started = Instant::now();
    let asked = login(&sandbox, "slow", &[]).await;
    assert!(started.elapsed() >= Duration::from_millis(delay));
    assert_step(&asked, "VerificationCode", "Expecting confirmation code");
}

#[tokio::test]
async fn proxy_fault_is_an_html_502() {
    let sandbox = start().await;
    let response = login(&sandbox, "proxy", &[]).await;
    assert_eq!(response.status, 502);
    assert!(
        response
            .header("content-type")
            .unwrap_or("")
            .starts_with("text/html")
    );
    assert!(response.body.contains("<html>") && response.body.contains("Bad Gateway"));
}

#[tokio::test]
async fn unknown_step_takes_its_answer_in_either_header() {
    let sandbox = start().await;
    let reason = "Answer your security question: first pet's name";
    for header in ["VerificationCode", "PinCode"] {
        let asked = login(&sandbox, "question", &[]).await;
        assert_step(&asked, "SecurityQuestion", reason);
        assert_succeeded(
            &follow_up(&sandbox, "question", &asked.token(), &[(header, "rex")]).await,
        );
    }
}

#[tokio::test]
async fn escape_user_reason_carries_raw_control_characters() {
    let sandbox = start().await;
    let asked = login(&sandbox, "evil", &[]).await;
    assert_eq!(asked.status, 202);
    let reason = asked.json()["Reason"]
        .as_str()
        .expect("a Reason")
        .to_owned();
    assert!(
        reason.contains('\u{1b}')
            && reason.contains('\u{7}')
            && reason.contains('\u{202e}')
            && reason.contains('✉')
    );
    assert_succeeded(
        &follow_up(
            &sandbox,
            "evil",
            &asked.token(),
            &[("VerificationCode", "123456")],
        )
        .await,
    );
}

#[tokio::test]
async fn user_info_accepts_only_final_tokens_and_the_app_key() {
    let sandbox = start().await;
    let key = sandbox.scenarios().app_key.clone();
    let token = assert_succeeded(&login(&sandbox, "plain", &[]).await);
    let info = |bearer: String, key: String| {
        let sandbox = &sandbox;
        async move {
            send(
                sandbox,
                "GET",
                "/api/v1.0/users/@me/info",
                &[("Authorization", &bearer), ("Et-App-Key", &key)],
            )
            .await
        }
    };
    let ok = info(format!("Bearer {token}"), key.clone()).await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    let body = ok.json();
    assert_eq!(body["Login"], "plain");
    assert!(body["UserId"].is_u64() && body["FirstName"].is_string());
    let interim = login(&sandbox, "code", &[]).await.token();
    assert_eq!(
        info(format!("Bearer {interim}"), key.clone()).await.status,
        401
    );
    assert_eq!(info("Bearer nope".into(), key).await.status, 401);
    assert_eq!(
        info(format!("Bearer {token}"), "wrong".into()).await.status,
        403
    );
}

#[tokio::test]
async fn anything_else_is_404() {
    let sandbox = start().await;
    let key = sandbox.scenarios().app_key.clone();
    let creds = [
        ("Et-App-Key", key.as_str()),
        ("Username", "plain"),
        ("Password", PASSWORD),
    ];
    assert_eq!(
        send(&sandbox, "GET", "/api/token", &creds).await.status,
        404
    );
    assert_eq!(
        send(&sandbox, "POST", "/api/v1.0/token", &creds)
            .await
            .status,
        404
    );
    assert_eq!(send(&sandbox, "POST", "/", &creds).await.status, 404);
}

#[tokio::test]
async fn received_records_method_path_and_headers() {
    let sandbox = start().await;
    login(&sandbox, "plain", &[("X-Trace", "abc")]).await;
    let received = sandbox.received();
    let last = received.last().expect("one request recorded");
    assert_eq!(
        (last.method.as_str(), last.path.as_str(), last.body_len),
        ("POST", "/api/token", 0)
    );
    assert_eq!(last.header("USERNAME"), Some("plain"));
    assert_eq!(last.header("x-trace"), Some("abc"));
    assert!(
        last.headers
            .iter()
            .all(|(name, _)| *name == name.to_lowercase())
    );
    assert!(
        !format!("{last:?}").contains(PASSWORD),
        "Debug hides secret headers"
    );
}

#[tokio::test]
async fn hostile_input_is_answered_not_panicked_on() {
    let sandbox = start().await;
    let key = sandbox.scenarios().app_key.clone();
    let lines = [
        format!("Et-App-Key: {key}\r\n").into_bytes(),
        b"Username: pl\xffain\r\nPassword: sandbox\r\n".to_vec(),
    ]
    .concat();
    let bad_utf8 = exchange(&sandbox, "POST", "/api/token", &lines).await;
    assert_failed(&bad_utf8, 401, "BaseAuthentication", "Invalid credentials");

    let host = authority(&sandbox);
    let mut stream = TcpStream::connect(&host).await.expect("connect");
    // one byte over the 64 KiB limit, sent in full so the server leaves nothing unread when it closes
    let over_limit = 64 * 1024 + 1;
    let head = format!(
        "POST /api/token HTTP/1.1\r\nHost: {host}\r\nContent-Length: {over_limit}\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.expect("write");
    stream
        .write_all(&vec![b'x'; over_limit])
        .await
        .expect("write body");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("read");
    assert!(String::from_utf8_lossy(&raw).starts_with("HTTP/1.1 413"));
    assert_succeeded(&login(&sandbox, "plain", &[]).await);
}

#[tokio::test]
async fn dropping_the_sandbox_closes_the_port() {
    let sandbox = start().await;
    let host = authority(&sandbox);
    drop(sandbox);
    for _ in 0..100 {
        if TcpStream::connect(&host).await.is_err() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("{host} still accepts connections after drop");
}

#[tokio::test]
async fn shutdown_closes_the_port() {
    let sandbox = start().await;
    let host = authority(&sandbox);
    sandbox.shutdown().await;
    assert!(TcpStream::connect(&host).await.is_err());
}

#[tokio::test]
async fn idle_shutdown_is_prompt() {
    let sandbox = start().await;
    login(&sandbox, "plain", &[]).await;
    let started = Instant::now();
    sandbox.shutdown().await;
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "took {:?}",
        started.elapsed()
    );
}
