//! The client and the login flow against the real in-process sandbox: one test per scenario, headers checked on the server side.

use crate::common;

use std::time::Duration;

use autoshares_login::auth::{CheckError, Credentials, Factor, Fault};
use autoshares_login::diag::redact::fingerprint;
use autoshares_login::sandbox::{ReceivedRequest, Sandbox};
use common::{Run, TIMEOUT, client, credentials, drive, start_sandbox, token_owner, user};
use secrecy::{ExposeSecret, SecretString};

/// What a login showed, and the requests the sandbox received for it.
struct Login {
    run: Run,
    received: Vec<ReceivedRequest>,
}

/// Logs `credentials` in against `sandbox` with scripted answers, then checks what every login must
/// satisfy: the requests on the wire follow the protocol, no exchange record holds a secret, and a
/// token obtained is one the sandbox accepts for this user.
async fn login_as(sandbox: &Sandbox, credentials: Credentials, answers: &[&str]) -> Login {
    let client = client(&sandbox.base_url(), TIMEOUT);
    let run = drive(&client, credentials.clone(), answers).await;
    let received = sandbox.received();
    assert_protocol(sandbox, &credentials, answers, &run, &received);
    assert_records_hold_no_secret(&credentials, answers, &run, &received);
    if let common::End::Token(success) = &run.end {
        assert_eq!(
            token_owner(sandbox, success.token.expose_secret()).await,
            Some(credentials.username.clone()),
            "the sandbox accepts the token for the user who logged in"
        );
    }
    Login { run, received }
}

/// [`login_as`] with the user's right app key and password and no PIN up front.
async fn login(sandbox: &Sandbox, username: &str, answers: &[&str]) -> Login {
    login_as(sandbox, credentials(sandbox, username), answers).await
}

fn pin(sandbox: &Sandbox, username: &str) -> String {
    user(sandbox, username).pin.clone().expect("a PIN user")
}

fn code(sandbox: &Sandbox, username: &str) -> String {
    user(sandbox, username).code.clone().expect("a code user")
}

/// Checks every request the sandbox received against the protocol and the script that produced it.
fn assert_protocol(
    sandbox: &Sandbox,
    credentials: &Credentials,
    answers: &[&str],
    run: &Run,
    received: &[ReceivedRequest],
) {
    assert_eq!(
        received.len(),
        run.exchanges.len(),
        "one request on the wire per exchange record, never a retry"
    );
    let mut pin = credentials
        .pin
        .as_ref()
        .map(|p| p.expose_secret().to_string());
    for (i, request) in received.iter().enumerate() {
        let at = format!("request {} of {:?}", i + 1, credentials.username);
        assert_eq!(
            (request.method.as_str(), request.path.as_str()),
            ("POST", "/api/token"),
            "{at}"
        );
        let lengths: Vec<_> = request
            .headers
            .iter()
            .filter(|(name, _)| name == "content-length")
            .map(|(_, value)| value.as_str())
            .collect();
        assert_eq!(lengths, ["0"], "{at}: exactly one Content-Length: 0");
        assert_eq!(request.body_len, 0, "{at}: empty body");
        assert_eq!(request.header("Accept"), Some("application/json"), "{at}");
        assert_eq!(
            request.header("Et-App-Key"),
            Some(credentials.app_key.expose_secret()),
            "{at}"
        );
        assert_eq!(
            request.header("Username"),
            Some(credentials.username.as_str()),
            "{at}"
        );
        assert_eq!(
            request.header("Password"),
            Some(credentials.password.expose_secret()),
            "{at}: the password goes on every request"
        );
        let mut code = None;
        if i == 0 {
            assert_eq!(request.header("Authorization"), None, "{at}");
        } else {
            let bearer = request
                .header("Authorization")
                .and_then(|v| v.strip_prefix("Bearer "))
                .unwrap_or_else(|| panic!("{at}: a follow-up carries Authorization: Bearer"));
            assert!(
                run.exchanges[i - 1]
                    .response_body
                    .contains(&fingerprint(bearer)),
                "{at}: the Bearer token is the interim token of the answer before"
            );
            let answer = answers[i - 1].to_string();
            match run.prompts[i - 1].factor {
                Factor::PinCode => pin = Some(answer),
                Factor::VerificationCode => code = Some(answer),
            }
        }
        assert_eq!(
            request.header("PinCode"),
            pin.as_deref(),
            "{at}: PinCode once known"
        );
        assert_eq!(
            request.header("VerificationCode"),
            code.as_deref(),
            "{at}: VerificationCode only with its answer"
        );
    }
    let base = sandbox.base_url();
    for exchange in &run.exchanges {
        assert_eq!(exchange.url, format!("{base}/token"));
        assert_eq!(exchange.method, "POST");
    }
}

/// No exchange record, in `Debug` or as JSON, holds a password, PIN, code, app key or token.
fn assert_records_hold_no_secret(
    credentials: &Credentials,
    answers: &[&str],
    run: &Run,
    received: &[ReceivedRequest],
) {
    let mut secrets: Vec<String> = vec![
        credentials.password.expose_secret().into(),
        credentials.app_key.expose_secret().into(),
    ];
    secrets.extend(
        credentials
            .pin
            .iter()
            .map(|p| p.expose_secret().to_string()),
    );
    secrets.extend(answers.iter().map(|a| a.to_string()));
    secrets.extend(
        received
            .iter()
            .filter_map(|r| r.header("Authorization")?.strip_prefix("Bearer "))
            .map(str::to_string),
    );
    if let common::End::Token(success) = &run.end {
        secrets.push(success.token.expose_secret().into());
    }
    for exchange in &run.exchanges {
        let shown = [
            format!("{exchange:?}"),
            serde_json::to_string(exchange).expect("an exchange serialises"),
        ];
        for text in &shown {
            for secret in &secrets {
                assert!(
                    !text.contains(secret.as_str()),
                    "a secret of {} chars leaked into an exchange record: {text}",
                    secret.len()
                );
            }
        }
    }
}

#[tokio::test]
async fn password_only_user_gets_a_token_with_one_request() {
    let sandbox = start_sandbox().await;
    let login = login(&sandbox, "plain", &[]).await;
    assert!(login.run.prompts.is_empty());
    assert_eq!(login.received.len(), 1);
    let success = login.run.success();
    assert_eq!(
        success.personal_phrase.as_deref(),
        Some("Blue heron at dawn")
    );
    assert!(!login.run.token().is_empty());
    assert_eq!(login.run.exchanges[0].status, Some(200));
    assert_eq!(login.run.exchanges[0].outcome, "Succeeded");
}

#[tokio::test]
async fn pin_user_is_asked_for_the_pin_then_gets_a_token() {
    let sandbox = start_sandbox().await;
    let pin = pin(&sandbox, "pin");
    let login = login(&sandbox, "pin", &[&pin]).await;
    assert_eq!(login.run.steps(), ["SecutityPin"]);
    let prompt = &login.run.prompts[0];
    assert_eq!(prompt.factor, Factor::PinCode);
    assert!(prompt.known_step && !prompt.reasked);
    assert_eq!(login.received.len(), 2);
    assert_eq!(login.received[1].header("PinCode"), Some(pin.as_str()));
    assert!(!login.run.token().is_empty());
    assert_eq!(login.run.exchanges[0].status, Some(202));
    assert_eq!(login.run.exchanges[0].step.as_deref(), Some("SecutityPin"));
}

#[tokio::test]
async fn pin_given_up_front_logs_in_with_one_request() {
    let sandbox = start_sandbox().await;
    let mut credentials = credentials(&sandbox, "pin");
    credentials.pin = Some(pin(&sandbox, "pin").into());
    let login = login_as(&sandbox, credentials, &[]).await;
    assert!(login.run.prompts.is_empty());
    assert_eq!(login.received.len(), 1);
    assert!(!login.run.token().is_empty());
}

#[tokio::test]
async fn code_user_answers_the_verification_code_step() {
    let sandbox = start_sandbox().await;
    let code = code(&sandbox, "code");
    let login = login(&sandbox, "code", &[&code]).await;
    assert_eq!(login.run.steps(), ["VerificationCode"]);
    let prompt = &login.run.prompts[0];
    assert_eq!(prompt.reason, "Expecting confirmation code");
    assert_eq!(prompt.factor, Factor::VerificationCode);
    assert_eq!(login.received[1].header("VerificationCode"), Some(&*code));
    assert_eq!(login.received[1].header("PinCode"), None);
    assert!(!login.run.token().is_empty());
}

#[tokio::test]
async fn pin_then_code_chain_resends_the_pin_with_the_code() {
    let sandbox = start_sandbox().await;
    let (pin, code) = (pin(&sandbox, "pin-code"), code(&sandbox, "pin-code"));
    let login = login(&sandbox, "pin-code", &[&pin, &code]).await;
    assert_eq!(login.run.steps(), ["SecutityPin", "VerificationCode"]);
    let numbers: Vec<_> = login.run.prompts.iter().map(|p| p.step_number).collect();
    assert_eq!(numbers, [1, 2]);
    assert_eq!(login.received.len(), 3);
    let last = &login.received[2];
    assert_eq!(last.header("PinCode"), Some(&*pin));
    assert_eq!(last.header("VerificationCode"), Some(&*code));
    assert_ne!(
        login.received[1].header("Authorization"),
        last.header("Authorization"),
        "each follow-up answers the newest interim token"
    );
    assert!(!login.run.token().is_empty());
}

#[tokio::test]
async fn a_wrong_code_is_asked_again_and_the_right_one_succeeds() {
    let sandbox = start_sandbox().await;
    let code = code(&sandbox, "code");
    let login = login(&sandbox, "code", &["000000", &code]).await;
    assert_eq!(login.run.steps(), ["VerificationCode", "VerificationCode"]);
    let again = &login.run.prompts[1];
    assert!(again.reasked);
    assert_eq!(again.reason, "Invalid verification code");
    assert!(!login.run.token().is_empty());
}

#[tokio::test]
async fn too_many_wrong_codes_lock_the_login() {
    let sandbox = start_sandbox().await;
    let tries = user(&sandbox, "lockout").max_attempts as usize;
    let wrong: Vec<String> = (0..tries).map(|i| format!("wrong-{i}")).collect();
    let wrong: Vec<&str> = wrong.iter().map(String::as_str).collect();
    let login = login(&sandbox, "lockout", &wrong).await;
    assert_eq!(login.run.prompts.len(), tries);
    assert!(login.run.prompts[1..].iter().all(|p| p.reasked));
    let failure = login.run.failure();
    assert_eq!(failure.status, 401);
    assert_eq!(failure.step, "VerificationCode");
    assert!(failure.reason.contains("locked"), "{}", failure.reason);
}

#[tokio::test]
async fn expired_password_is_a_login_failure() {
    let sandbox = start_sandbox().await;
    let login = login(&sandbox, "expired", &[]).await;
    let failure = login.run.failure();
    assert_eq!(
        (
            failure.status,
            failure.step.as_str(),
            failure.reason.as_str()
        ),
        (
            401,
            "BaseAuthentication",
            "Your Password has expired and must be changed"
        )
    );
}

#[tokio::test]
async fn wrong_password_is_invalid_credentials() {
    let sandbox = start_sandbox().await;
    let mut credentials = credentials(&sandbox, "plain");
    credentials.password = "not-the-password".to_string().into();
    let login = login_as(&sandbox, credentials, &[]).await;
    let failure = login.run.failure();
    assert_eq!(failure.step, "BaseAuthentication");
    assert_eq!(failure.reason, "Invalid credentials");
}

#[tokio::test]
async fn user_without_a_pin_set_up_is_told_so() {
    let sandbox = start_sandbox().await;
    let login = login(&sandbox, "no-pin", &[]).await;
    let failure = login.run.failure();
    assert_eq!(
        (
            failure.status,
            failure.step.as_str(),
            failure.reason.as_str()
        ),
        (401, "SecutityPin", "PIN code is not init")
    );
}

#[tokio::test]
async fn rate_limited_429_carries_retry_after() {
    let sandbox = start_sandbox().await;
    let login = login(&sandbox, "busy", &[]).await;
    let fault = login.run.fault();
    assert_eq!(
        fault,
        &Fault::RateLimited {
            status: 429,
            state: Some("Failed".into()),
            step: Some("BaseAuthentication".into()),
            reason: Some("Too many login requests. Try again later.".into()),
            retry_after: Some(Duration::from_secs(30)),
        }
    );
    assert_eq!(
        fault.to_string(),
        "rate-limited (HTTP 429) at step BaseAuthentication: Too many login requests. Try again later. Retry in 30 s.",
    );
}

#[tokio::test]
async fn rate_limited_401_too_many_login_requests_is_a_fault_not_a_failure() {
    let sandbox = start_sandbox().await;
    let login = login(&sandbox, "busy401", &[]).await;
    assert!(
        matches!(
            login.run.fault(),
            Fault::RateLimited { status: 401, retry_after: None, reason: Some(r), .. }
                if r.starts_with("Too many login requests")
        ),
        "{:?}",
        login.run.fault()
    );
}

#[tokio::test]
async fn wrong_app_key_is_an_app_key_problem() {
    let sandbox = start_sandbox().await;
    let mut credentials = credentials(&sandbox, "plain");
    credentials.app_key = "not-the-app-key".to_string().into();
    let login = login_as(&sandbox, credentials, &[]).await;
    let fault = login.run.fault();
    assert!(
        matches!(fault, Fault::AppError { status: 401, message }
            if message == "Application key is not defined or does not exist"),
        "{fault:?}"
    );
    assert!(fault.is_app_key_problem());
}

#[tokio::test]
async fn slow_answer_times_out_after_one_request() {
    let sandbox = start_sandbox().await;
    let delay = Duration::from_millis(user(&sandbox, "slow").delay_ms);
    let timeout = Duration::from_millis(300);
    assert!(delay > timeout * 4, "the scenario is slow enough to test");
    let client = client(&sandbox.base_url(), timeout);
    let run = drive(&client, credentials(&sandbox, "slow"), &[]).await;
    assert_eq!(
        run.fault(),
        &Fault::Timeout {
            after: timeout,
            connecting: false
        },
        "the server accepted the connection; its answer is what did not come"
    );
    assert_eq!(run.exchanges.len(), 1);
    assert_eq!(run.exchanges[0].status, None);
    assert_eq!(
        sandbox.received().len(),
        1,
        "a timed-out login POST is not retried"
    );
}

#[tokio::test]
async fn proxy_fault_is_a_server_fault_with_a_clean_excerpt() {
    let sandbox = start_sandbox().await;
    let login = login(&sandbox, "proxy", &[]).await;
    let Fault::Server { status, excerpt } = login.run.fault() else {
        panic!("expected a server fault, got {:?}", login.run.fault());
    };
    assert_eq!(*status, 502);
    assert!(
        excerpt.starts_with("<html> <head><title>502 Bad Gateway</title></head>"),
        "{excerpt}"
    );
    assert!(!excerpt.chars().any(char::is_control), "{excerpt:?}");
    let message = login.run.fault().to_string();
    assert!(message.contains("HTTP 502") && message.contains("502 Bad Gateway"));
}

#[tokio::test]
async fn unknown_step_is_shown_verbatim_and_answered_as_verification_code() {
    let sandbox = start_sandbox().await;
    let question = user(&sandbox, "question").question.clone().unwrap();
    let login = login(&sandbox, "question", &[&question.answer]).await;
    let prompt = &login.run.prompts[0];
    assert_eq!(prompt.step, "SecurityQuestion");
    assert_eq!(prompt.reason, question.reason);
    assert!(!prompt.known_step);
    assert_eq!(prompt.factor, Factor::VerificationCode);
    assert_eq!(
        login.received[1].header("VerificationCode"),
        Some(question.answer.as_str())
    );
    assert!(!login.run.token().is_empty());
}

#[tokio::test]
async fn escape_sequences_in_a_reason_arrive_sanitised() {
    let sandbox = start_sandbox().await;
    let code = code(&sandbox, "evil");
    let login = login(&sandbox, "evil", &[&code]).await;
    let reason = &login.run.prompts[0].reason;
    assert_eq!(reason, "Code sent to ✉ j…@example.comevil");
    let recorded = &login.run.exchanges[0].response_body;
    for c in ['\u{1b}', '\u{7}', '\u{202e}'] {
        assert!(!reason.contains(c), "{reason:?} holds {c:?}");
        assert!(!recorded.contains(c), "{recorded:?} holds {c:?}");
    }
    assert!(
        recorded.contains("Code sent to ✉ j…@example.comevil"),
        "{recorded}"
    );
    assert!(!login.run.token().is_empty());
}

#[tokio::test]
async fn the_user_info_check_names_the_owner_and_refuses_a_made_up_token() {
    let sandbox = start_sandbox().await;
    let token = login(&sandbox, "plain", &[]).await.run.token().to_string();
    let app_key = SecretString::from(sandbox.scenarios().app_key.clone());
    let client = client(&sandbox.base_url(), TIMEOUT);

    let (info, exchange) = client
        .user_info(&app_key, &SecretString::from(token.clone()))
        .await;
    assert_eq!(
        info.expect("the fresh token is accepted").describe(),
        "Paula Plain <paula.plain@example.com>"
    );
    assert!(exchange.url.ends_with("/api/v1.0/users/@me/info"));
    assert!(exchange.outcome.starts_with("Token accepted"));
    assert!(
        !format!("{exchange:?}").contains(&token),
        "the token is fingerprinted in the record"
    );

    let (refused, exchange) = client
        .user_info(&app_key, &SecretString::from("made-up".to_string()))
        .await;
    let refused = refused.unwrap_err();
    assert!(matches!(refused, CheckError::TokenRefused), "{refused:?}");
    assert_eq!(
        refused.to_string(),
        "the server did not accept the token (HTTP 401)"
    );
    assert_eq!(exchange.status, Some(401));
}
