//! Secrets a server echoes back (a password in an error page, the token in a reason): every text its
//! answer carries that holds one is withheld whole before a screen, a stream or a report shows it.

use super::wire::{Fault, Outcome};
use crate::diag::redact::{SecretKind, Secrets};

/// `outcome` with every text the server put in it that holds one of `secrets` withheld whole.
pub fn withhold(outcome: Outcome, secrets: &Secrets) -> Outcome {
    let text = |text: String| secrets.withhold(&text);
    match outcome {
        Outcome::Succeeded(mut success) => {
            success.personal_phrase = success.personal_phrase.map(text);
            Outcome::Succeeded(success)
        }
        Outcome::Expecting(mut expecting) => {
            expecting.step = text(expecting.step);
            expecting.reason = text(expecting.reason);
            Outcome::Expecting(expecting)
        }
        Outcome::Failed(mut failure) => {
            failure.step = text(failure.step);
            failure.reason = text(failure.reason);
            Outcome::Failed(failure)
        }
        Outcome::Fault(fault) => Outcome::Fault(withhold_fault(fault, secrets)),
    }
}

/// `fault` with every text the server put in it that holds one of `secrets` withheld whole.
pub fn withhold_fault(fault: Fault, secrets: &Secrets) -> Fault {
    let text = |text: String| secrets.withhold(&text);
    match fault {
        Fault::AppError { status, message } => Fault::AppError {
            status,
            message: text(message),
        },
        Fault::RateLimited {
            status,
            state,
            step,
            reason,
            retry_after,
        } => Fault::RateLimited {
            status,
            state: state.map(text),
            step: step.map(text),
            reason: reason.map(text),
            retry_after,
        },
        Fault::Server { status, excerpt } => Fault::Server {
            status,
            excerpt: text(excerpt),
        },
        Fault::NotJson {
            status,
            content_type,
            excerpt,
        } => Fault::NotJson {
            status,
            content_type,
            excerpt: text(excerpt),
        },
        Fault::Unexpected { status, excerpt } => Fault::Unexpected {
            status,
            excerpt: text(excerpt),
        },
        other => other,
    }
}

/// The secrets a request carried and the token its answer carries: a server that repeats the new
/// token in its Reason or phrase gives it away as surely as one that echoes the password.
pub fn with_answer_token(secrets: Secrets, outcome: &Outcome) -> Secrets {
    use secrecy::ExposeSecret;
    match outcome {
        Outcome::Succeeded(success) => {
            secrets.with(SecretKind::Token, success.token.expose_secret())
        }
        Outcome::Expecting(expecting) => {
            secrets.with(SecretKind::Token, expecting.interim_token.expose_secret())
        }
        Outcome::Failed(_) | Outcome::Fault(_) => secrets,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::wire::{Expecting, Failure};

    #[test]
    fn an_echoed_password_withholds_the_text_that_held_it() {
        let secrets = Secrets::of(&[("Password", "hunter2-zK"), ("Username", "alice")]);
        let failed = withhold(
            Outcome::Failed(Failure {
                status: 401,
                step: "BaseAuthentication".into(),
                reason: "alice: hunter2-zK is wrong".into(),
            }),
            &secrets,
        );
        assert_eq!(
            failed.summary(),
            "Failed at BaseAuthentication: [withheld: the server's text held the password]"
        );
        let fault = withhold(
            Outcome::Fault(Fault::Server {
                status: 500,
                excerpt: "<p>Password: hunter2-zK</p>".into(),
            }),
            &secrets,
        );
        assert!(!fault.summary().contains("hunter2"), "{}", fault.summary());
        assert!(!fault.summary().contains("<p>"), "{}", fault.summary());
        assert!(
            !fault.summary().contains("[redacted"),
            "{}",
            fault.summary()
        );
        assert!(
            fault
                .summary()
                .ends_with("[withheld: the server's text held the password]"),
            "{}",
            fault.summary()
        );
    }

    #[test]
    fn a_reason_that_is_the_password_word_for_word_is_withheld() {
        let secrets = Secrets::of(&[("Password", "credentials")]);
        let failed = withhold(
            Outcome::Failed(Failure {
                status: 401,
                step: "BaseAuthentication".into(),
                reason: "Invalid credentials".into(),
            }),
            &secrets,
        );
        let Outcome::Failed(failure) = failed else {
            panic!("still a failure")
        };
        assert_eq!(failure.step, "BaseAuthentication");
        assert_eq!(
            failure.reason,
            "[withheld: the server's text held the password]"
        );
    }

    #[test]
    fn a_reason_repeating_the_answer_s_own_token_is_withheld() {
        let outcome = Outcome::Expecting(Expecting {
            step: "VerificationCode".into(),
            reason: "Send INTERIM-0123456789 back".into(),
            interim_token: "INTERIM-0123456789".to_string().into(),
        });
        let secrets = with_answer_token(Secrets::of(&[("Password", "hunter2-zK")]), &outcome);
        let Outcome::Expecting(expecting) = withhold(outcome, &secrets) else {
            panic!("still expecting")
        };
        assert_eq!(
            expecting.reason,
            "[withheld: the server's text held a token]"
        );
    }
}
