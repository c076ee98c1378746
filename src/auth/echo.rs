//! Secrets a server echoes back (a password in an error page, the token in a reason), taken out of every
//! text its answer carries before a screen, a stream or a report shows it.

use super::wire::{Fault, Outcome};
use crate::diag::redact::Secrets;

/// `outcome` with the request's `secrets` taken out of every text the server put in it.
pub fn hide(outcome: Outcome, secrets: &Secrets) -> Outcome {
    let text = |text: String| secrets.hide(&text);
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
        Outcome::Fault(fault) => Outcome::Fault(hide_in_fault(fault, secrets)),
    }
}

fn hide_in_fault(fault: Fault, secrets: &Secrets) -> Fault {
    let text = |text: String| secrets.hide(&text);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::wire::Failure;

    #[test]
    fn an_echoed_password_leaves_no_text_of_the_outcome() {
        let secrets = Secrets::of(&[("Password", "hunter2-zK"), ("Username", "alice")]);
        let failed = hide(
            Outcome::Failed(Failure {
                status: 401,
                step: "BaseAuthentication".into(),
                reason: "alice: hunter2-zK is wrong".into(),
            }),
            &secrets,
        );
        assert!(
            !failed.summary().contains("hunter2"),
            "{}",
            failed.summary()
        );
        let fault = hide(
            Outcome::Fault(Fault::Server {
                status: 500,
                excerpt: "<p>Password: hunter2-zK</p>".into(),
            }),
            &secrets,
        );
        assert!(!fault.summary().contains("hunter2"), "{}", fault.summary());
        assert!(fault.summary().contains("[redacted, 10 chars]"));
    }
}
