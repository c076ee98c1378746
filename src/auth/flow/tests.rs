//! The flow decides factors, follows chains, re-asks, and never sends on its own.

use secrecy::{ExposeSecret, SecretString};

use super::*;
use crate::auth::wire::{Expecting, Failure, Success};

fn creds(pin: Option<&str>) -> Credentials {
    Credentials {
        app_key: "APPKEY".to_string().into(),
        username: "alice".into(),
        password: "pa55word".to_string().into(),
        pin: pin.map(|p| SecretString::from(p.to_string())),
    }
}

fn expecting(step: &str, reason: &str, token: &str) -> Outcome {
    Outcome::Expecting(Expecting {
        step: step.into(),
        reason: reason.into(),
        interim_token: token.to_string().into(),
    })
}

fn ask(next: Next) -> Prompt {
    match next {
        Next::Ask(p) => p,
        other => panic!("expected a prompt, got {other:?}"),
    }
}

fn names(req: &TokenRequest) -> Vec<&'static str> {
    req.headers().map(|(n, _)| n).collect()
}

#[test]
fn first_request_carries_key_and_credentials_only() {
    let flow = LoginFlow::new(creds(None));
    let req = flow.first_request();
    assert_eq!(names(&req), ["Et-App-Key", "Username", "Password"]);
    assert_eq!(req.header("password"), Some("pa55word"));
}

#[test]
fn a_known_pin_goes_on_the_first_request() {
    let req = LoginFlow::new(creds(Some("4321"))).first_request();
    assert_eq!(req.header("PinCode"), Some("4321"));
}

#[test]
fn steps_map_to_factors() {
    assert_eq!(Factor::for_step("SecutityPin"), Some(Factor::PinCode));
    assert_eq!(Factor::for_step("SecurityPIN"), Some(Factor::PinCode));
    assert_eq!(
        Factor::for_step("VerificationCode"),
        Some(Factor::VerificationCode)
    );
    assert_eq!(Factor::for_step("SecurityQuestion"), None);
}

#[test]
fn pin_then_code_chain_resends_credentials_pin_and_bearer() {
    let mut flow = LoginFlow::new(creds(None));
    let pin_step = ask(flow.on_outcome(expecting("SecutityPin", "Expecting pin code", "T1")));
    assert_eq!(
        (pin_step.factor, pin_step.step_number, pin_step.reasked),
        (Factor::PinCode, 1, false)
    );

    let second = flow
        .answer(pin_step.factor, "1234".to_string().into())
        .unwrap();
    assert_eq!(
        names(&second),
        [
            "Et-App-Key",
            "Username",
            "Password",
            "PinCode",
            "Authorization"
        ]
    );
    assert_eq!(second.header("Authorization"), Some("Bearer T1"));
    assert_eq!(second.header("PinCode"), Some("1234"));

    let code_step = ask(flow.on_outcome(expecting(
        "VerificationCode",
        "Expecting confirmation code",
        "T2",
    )));
    assert_eq!(
        (code_step.factor, code_step.step_number),
        (Factor::VerificationCode, 2)
    );
    let third = flow
        .answer(code_step.factor, "123456".to_string().into())
        .unwrap();
    assert_eq!(third.header("Authorization"), Some("Bearer T2"));
    assert_eq!(third.header("VerificationCode"), Some("123456"));
    assert_eq!(third.header("PinCode"), Some("1234"));
    assert_eq!(third.header("Username"), Some("alice"));
    assert_eq!(third.header("Password"), Some("pa55word"));

    let done = flow.on_outcome(Outcome::Succeeded(Success {
        token: "FINAL".to_string().into(),
        personal_phrase: None,
    }));
    let Next::Done(success) = done else {
        panic!("not done")
    };
    assert_eq!(success.token.expose_secret(), "FINAL");
    assert!(flow.prompt().is_none());
}

#[test]
fn a_wrong_code_is_reasked_with_the_new_reason_and_token() {
    let mut flow = LoginFlow::new(creds(None));
    ask(flow.on_outcome(expecting(
        "VerificationCode",
        "Expecting confirmation code",
        "T1",
    )));
    flow.answer(Factor::VerificationCode, "000000".to_string().into())
        .unwrap();
    let again = ask(flow.on_outcome(expecting(
        "VerificationCode",
        "Invalid verification code",
        "T2",
    )));
    assert!(again.reasked);
    assert_eq!(again.step_number, 1, "a re-asked step keeps its number");
    assert_eq!(again.reason, "Invalid verification code");
    let retry = flow
        .answer(again.factor, "123456".to_string().into())
        .unwrap();
    assert_eq!(retry.header("Authorization"), Some("Bearer T2"));
}

#[test]
fn an_unknown_step_is_kept_verbatim_and_answered_in_either_header() {
    let mut flow = LoginFlow::new(creds(None));
    let prompt = ask(flow.on_outcome(expecting("SecurityQuestion", "First pet?", "T1")));
    assert_eq!(
        (prompt.step.as_str(), prompt.known_step, prompt.factor),
        ("SecurityQuestion", false, Factor::VerificationCode)
    );
    let as_pin = flow
        .answer(prompt.factor.toggled(), "rex".to_string().into())
        .unwrap();
    assert_eq!(as_pin.header("PinCode"), Some("rex"));
    assert_eq!(as_pin.header("VerificationCode"), None);
}

#[test]
fn failures_and_faults_stop_without_a_request() {
    let mut flow = LoginFlow::new(creds(None));
    ask(flow.on_outcome(expecting(
        "VerificationCode",
        "Expecting confirmation code",
        "T1",
    )));
    let failure = Failure {
        status: 401,
        step: "VerificationCode".into(),
        reason: "Corrupted ticket".into(),
    };
    let Next::Stopped(Stop::Failed(f)) = flow.on_outcome(Outcome::Failed(failure.clone())) else {
        panic!("not stopped")
    };
    assert_eq!(f, failure);
    assert_eq!(
        flow.answer(Factor::VerificationCode, "1".to_string().into())
            .unwrap_err(),
        FlowError::NotExpecting
    );

    let Next::Stopped(Stop::Fault(_)) =
        flow.on_outcome(Outcome::Fault(Fault::EmptyBody { status: 502 }))
    else {
        panic!("not stopped")
    };
}

#[test]
fn debug_output_never_shows_secrets() {
    let mut flow = LoginFlow::new(creds(Some("9876")));
    ask(flow.on_outcome(expecting("VerificationCode", "x", "INTERIM-SECRET")));
    let req = flow
        .answer(Factor::VerificationCode, "CODE-SECRET".to_string().into())
        .unwrap();
    let shown = format!("{req:?} {:?}", flow.credentials());
    for secret in [
        "APPKEY",
        "pa55word",
        "9876",
        "INTERIM-SECRET",
        "CODE-SECRET",
    ] {
        assert!(!shown.contains(secret), "{secret} leaked in {shown}");
    }
}

#[test]
fn an_unknown_step_answered_as_a_pin_never_replaces_the_pin() {
    let mut flow = LoginFlow::new(creds(Some("1111")));
    let question = ask(flow.on_outcome(expecting("SecurityQuestion", "Your pet?", "T1")));
    assert!(!question.known_step);
    let answered = flow
        .answer(Factor::PinCode, "rex".to_string().into())
        .unwrap();
    assert_eq!(answered.header("PinCode"), Some("rex"), "sent once, there");
    assert_eq!(
        names(&answered).iter().filter(|n| **n == "PinCode").count(),
        1,
        "one PinCode header"
    );
    let code = ask(flow.on_outcome(expecting("VerificationCode", "code", "T2")));
    let later = flow
        .answer(code.factor, "123456".to_string().into())
        .unwrap();
    assert_eq!(later.header("PinCode"), Some("1111"), "the real PIN again");
    assert_eq!(
        flow.credentials().pin.as_ref().unwrap().expose_secret(),
        "1111"
    );

    let mut without_pin = LoginFlow::new(creds(None));
    ask(without_pin.on_outcome(expecting("SecurityQuestion", "Your pet?", "T1")));
    without_pin
        .answer(Factor::PinCode, "rex".to_string().into())
        .unwrap();
    ask(without_pin.on_outcome(expecting("VerificationCode", "code", "T2")));
    let later = without_pin
        .answer(Factor::VerificationCode, "123456".to_string().into())
        .unwrap();
    assert_eq!(later.header("PinCode"), None, "the answer is not resent");
    assert!(without_pin.credentials().pin.is_none());
}

#[test]
fn a_login_stops_after_twenty_steps_whatever_they_are() {
    for steps in [["VerificationCode"; 2], ["SecutityPin", "SecurityQuestion"]] {
        let mut flow = LoginFlow::new(creds(None));
        for n in 0..MAX_STEPS {
            let step = steps[n % 2];
            let prompt = ask(flow.on_outcome(expecting(step, "again", &format!("T{n}"))));
            flow.answer(prompt.factor, "1".to_string().into()).unwrap();
        }
        let next = flow.on_outcome(expecting(steps[0], "again", "T-last"));
        let Next::Stopped(Stop::Fault(fault)) = next else {
            panic!("step {} was asked: {next:?}", MAX_STEPS + 1)
        };
        assert_eq!(
            fault,
            Fault::TooManySteps {
                limit: 20,
                step: steps[0].into()
            }
        );
        assert!(fault.to_string().contains("after 20"), "{fault}");
        assert!(flow.prompt().is_none(), "nothing left to answer");
    }
}
