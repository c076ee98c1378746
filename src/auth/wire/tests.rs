//! Classification of every answer shape the token endpoint is known to give.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use secrecy::ExposeSecret;

use super::*;

/// When the answers of these tests arrived: a fixed time, for a `Retry-After` given as a date.
fn answered_at() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000)
}

fn answer(status: u16, body: &str) -> Outcome {
    classify(RawResponse {
        status,
        content_type: Some("application/json"),
        retry_after: None,
        answered_at: answered_at(),
        body: body.as_bytes(),
        truncated_at: None,
    })
}

fn fault(outcome: Outcome) -> Fault {
    match outcome {
        Outcome::Fault(f) => f,
        other => panic!("expected a fault, got {}", other.summary()),
    }
}

// The three example bodies of the product's reference page, verbatim.
const SEED_200: &str =
    "{\n  \"State\" : \"Succeeded\",\n  \"Token\" : \"VGhpcyBpcyBleGFtcGxlIHRva2Vu...\"\n}";
const SEED_202: &str = "{\n  \"Step\" : \"SecutityPin\",\n  \"Reason\" : \"Invalid pin\",\n  \"State\" : \"Expecting\",\n  \"Token\" : \"VGhpcyBpcyBleGFtcGxlIHRva2Vu....\"\n}";
const SEED_401: &str = "{\n  \"State\" : \"Failed\",\n  \"Step\" : \"SecutityPin\",\n  \"Reason\" : \"Invalid pin\"\n}";

#[test]
fn seed_200_is_a_success_with_its_token() {
    let Outcome::Succeeded(s) = answer(200, SEED_200) else {
        panic!("not a success")
    };
    assert_eq!(s.token.expose_secret(), "VGhpcyBpcyBleGFtcGxlIHRva2Vu...");
    assert!(s.personal_phrase.is_none());
}

#[test]
fn seed_202_expects_the_misspelt_pin_step() {
    let Outcome::Expecting(e) = answer(202, SEED_202) else {
        panic!("not expecting")
    };
    assert_eq!(e.step, "SecutityPin");
    assert_eq!(e.reason, "Invalid pin");
    assert_eq!(
        e.interim_token.expose_secret(),
        "VGhpcyBpcyBleGFtcGxlIHRva2Vu...."
    );
}

#[test]
fn seed_401_is_a_failure_at_its_step() {
    let Outcome::Failed(f) = answer(401, SEED_401) else {
        panic!("not a failure")
    };
    assert_eq!(
        f,
        Failure {
            status: 401,
            step: "SecutityPin".into(),
            reason: "Invalid pin".into()
        }
    );
}

#[test]
fn success_tolerates_extra_fields_and_keeps_the_phrase() {
    let body = r#"{"State":"Succeeded","Token":"T2","ConfirmationToken":"C1","PersonalPhrase":"blue\u001b[31m heron","Image":"iVBOR","Future":{"x":1}}"#;
    let Outcome::Succeeded(s) = answer(200, body) else {
        panic!("not a success")
    };
    assert_eq!(s.personal_phrase.as_deref(), Some("blue heron"));
    assert_eq!(s.token.expose_secret(), "T2");
}

#[test]
fn server_text_is_sanitised_at_the_boundary() {
    let body = "{\"State\":\"Expecting\",\"Step\":\"Verification\\u001b[2JCode\",\"Reason\":\"sent \\u202eto you\",\"Token\":\"T\"}";
    let Outcome::Expecting(e) = answer(202, body) else {
        panic!("not expecting")
    };
    assert_eq!(e.step, "VerificationCode");
    assert_eq!(e.reason, "sent to you");
}

#[test]
fn app_key_error_shape_is_its_own_fault() {
    let f = fault(answer(
        401,
        r#"{"error":"Application key is not defined or does not exist"}"#,
    ));
    assert!(f.is_app_key_problem());
    assert_eq!(
        f.to_string(),
        "the server rejected the request (HTTP 401): Application key is not defined or does not exist"
    );
}

#[test]
fn status_429_is_rate_limited_with_retry_after() {
    let raw = RawResponse {
        status: 429,
        content_type: None,
        retry_after: Some("30"),
        answered_at: answered_at(),
        body: b"",
        truncated_at: None,
    };
    let f = fault(classify(raw));
    assert_eq!(
        f,
        Fault::RateLimited {
            status: 429,
            state: None,
            step: None,
            reason: None,
            retry_after: Some(Duration::from_secs(30))
        }
    );
    assert_eq!(
        f.to_string(),
        "rate-limited (HTTP 429): too many login requests. Retry in 30 s."
    );
}

#[test]
fn a_401_saying_too_many_login_requests_is_rate_limiting() {
    let f = fault(answer(
        401,
        r#"{"State":"Failed","Step":"BaseAuthentication","Reason":"Too many login requests. Try again later."}"#,
    ));
    assert!(matches!(
        f,
        Fault::RateLimited {
            status: 401,
            retry_after: None,
            ..
        }
    ));
}

/// `at` as an HTTP date, as a server writes it.
fn http_date(at: SystemTime) -> String {
    let at = jiff::Timestamp::try_from(at).expect("a time jiff holds");
    jiff::fmt::rfc2822::DateTimePrinter::new()
        .timestamp_to_rfc9110_string(&at)
        .expect("a time an HTTP date holds")
}

#[test]
fn an_http_date_reads_in_its_fixdate_form() {
    let at = parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT");
    assert_eq!(at, Some(UNIX_EPOCH + Duration::from_secs(784_111_777)));
    assert_eq!(
        http_date(UNIX_EPOCH + Duration::from_secs(784_111_777)),
        "Sun, 06 Nov 1994 08:49:37 GMT"
    );
    assert_eq!(parse_http_date("yesterday"), None);
}

#[test]
fn retry_after_accepts_an_http_date() {
    let now = answered_at();
    let later = http_date(now + Duration::from_secs(90));
    assert_eq!(
        parse_retry_after(&later, now),
        Some(Duration::from_secs(90))
    );
    assert_eq!(parse_retry_after("soon", now), None);
}

#[test]
fn a_retry_after_date_is_a_wait_from_when_the_answer_arrived() {
    let at = |secs| http_date(answered_at() + Duration::from_secs(secs));
    for (date, wait) in [(at(90), 90), (at(0), 0)] {
        let raw = RawResponse {
            status: 429,
            content_type: None,
            retry_after: Some(&date),
            answered_at: answered_at(),
            body: b"",
            truncated_at: None,
        };
        let Fault::RateLimited { retry_after, .. } = fault(classify(raw)) else {
            panic!("not rate-limited")
        };
        assert_eq!(retry_after, Some(Duration::from_secs(wait)), "{date}");
    }
    let past = http_date(answered_at() - Duration::from_secs(5));
    assert_eq!(
        parse_retry_after(&past, answered_at()),
        Some(Duration::ZERO)
    );
}

#[test]
fn server_errors_quote_status_and_excerpt() {
    let f = fault(answer(
        503,
        "<html>\n<h1>Service \u{1b}[5mUnavailable</h1></html>",
    ));
    assert_eq!(
        f,
        Fault::Server {
            status: 503,
            excerpt: "<html> <h1>Service Unavailable</h1></html>".into()
        }
    );
}

#[test]
fn html_from_a_proxy_is_not_json() {
    let raw = RawResponse {
        status: 200,
        content_type: Some("text/html"),
        retry_after: None,
        answered_at: answered_at(),
        body: b"<html>login portal</html>",
        truncated_at: None,
    };
    let f = fault(classify(raw));
    assert!(matches!(f, Fault::NotJson { status: 200, .. }));
    assert!(f.to_string().contains("text/html"));
    assert!(f.to_string().contains("login portal"));
}

#[test]
fn empty_body_is_a_fault() {
    assert_eq!(fault(answer(200, "  ")), Fault::EmptyBody { status: 200 });
}

#[test]
fn expecting_without_token_is_a_fault() {
    let f = fault(answer(
        202,
        r#"{"State":"Expecting","Step":"VerificationCode","Reason":"x"}"#,
    ));
    assert_eq!(
        f,
        Fault::MissingToken {
            status: 202,
            state: "Expecting".into()
        }
    );
}

#[test]
fn a_truncated_body_is_too_large() {
    let raw = RawResponse {
        status: 200,
        content_type: None,
        retry_after: None,
        answered_at: answered_at(),
        body: b"{\"State\":",
        truncated_at: Some(65536),
    };
    assert_eq!(
        fault(classify(raw)),
        Fault::BodyTooLarge {
            status: 200,
            cap: 65536
        }
    );
}

#[test]
fn a_state_that_contradicts_the_status_is_unexpected() {
    assert!(matches!(
        fault(answer(200, r#"{"State":"Failed","Step":"x","Reason":"y"}"#)),
        Fault::Unexpected { status: 200, .. }
    ));
    assert!(matches!(
        fault(answer(403, r#"{"Message":"Forbidden"}"#)),
        Fault::Unexpected { status: 403, .. }
    ));
}

#[test]
fn user_info_describes_whose_token_it_is() {
    let info: UserInfo = serde_json::from_str(
        r#"{"UserId":7,"Login":"plain","FirstName":"Paula","MiddleName":"","LastName":"Pl\u001b[31main","Email":"p@example.com","AddedDate":"2020-01-01T00:00:00"}"#,
    )
    .unwrap();
    assert_eq!(info.describe(), "Paula Plain <p@example.com>");
    let bare: UserInfo = serde_json::from_str(r#"{"Login":"plain"}"#).unwrap();
    assert_eq!(bare.describe(), "plain");
}

#[test]
fn an_absurd_retry_after_is_capped_at_a_day() {
    let raw = RawResponse {
        status: 429,
        content_type: None,
        retry_after: Some("18446744073709551615"),
        answered_at: answered_at(),
        body: b"",
        truncated_at: None,
    };
    let Fault::RateLimited { retry_after, .. } = fault(classify(raw)) else {
        panic!("not rate-limited")
    };
    assert_eq!(retry_after, Some(Duration::from_secs(24 * 60 * 60)));
}

#[test]
fn a_token_that_is_not_plain_printable_text_is_refused() {
    for bad in ["to ken", "tok\u{1b}[2Jen", "tök", &"x".repeat(9000)] {
        let body = serde_json::json!({"State": "Succeeded", "Token": bad}).to_string();
        let f = fault(answer(200, &body));
        assert!(
            matches!(f, Fault::Unexpected { status: 200, .. }),
            "{bad:?} gave {f:?}"
        );
        assert!(!f.to_string().contains(bad));
    }
}

#[test]
fn fault_excerpts_never_quote_a_token() {
    let contradicting = r#"{"State":"Expecting","Token":"LEAKY-TOKEN-1"}"#;
    let f = fault(answer(200, contradicting));
    assert!(!f.to_string().contains("LEAKY-TOKEN-1"), "{f}");
    let junk_after = r#"{"State":"Succeeded","Token":"LEAKY-TOKEN-2"} trailing"#;
    let f = fault(answer(200, junk_after));
    assert!(matches!(f, Fault::NotJson { .. }));
    assert!(!f.to_string().contains("LEAKY-TOKEN-2"), "{f}");
}

#[test]
fn server_text_is_capped() {
    let body = serde_json::json!({"State": "Failed", "Step": "BaseAuthentication", "Reason": "x".repeat(60_000)}).to_string();
    let Outcome::Failed(f) = answer(401, &body) else {
        panic!("not a failure")
    };
    assert_eq!(f.reason.chars().count(), 300);
}
