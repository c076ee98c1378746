//! What a known failure means and what to do about it; shared by the failure screen, line mode and the report.

use std::time::Duration;

use super::wire::TlsProblem;
use super::{Fault, Outcome, Stop};
use crate::diag::redact;
use crate::diag::report::Conclusion;

/// The form field most likely at fault, so the form can put the focus there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Culprit {
    Url,
    AppKey,
    Password,
    Pin,
    /// Nothing the user typed: the server, the network, or time.
    Nothing,
}

/// A reason a support person would recognise, with its advice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub advice: String,
    pub culprit: Culprit,
}

fn hint(culprit: Culprit, advice: impl Into<String>) -> Hint {
    Hint {
        advice: advice.into(),
        culprit,
    }
}

/// Where the advice is read, so that it speaks of what the user can change there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Line mode (and the report of a line-mode login): flags, variables and input lines; no form.
    LineMode,
    /// The TUI's form, and whether the login sent a PIN (typed on the form or given at a step).
    Form { pin_sent: bool },
}

/// How a login that stopped is concluded in a support report: what happened, and what to do.
pub fn conclusion(stop: &Stop, context: Context) -> Conclusion {
    Conclusion::Stopped {
        summary: stop.to_string(),
        advice: for_stop(stop, context).advice,
    }
}

/// Advice for how a login stopped, in the words of `context`; every stop gets one.
pub fn for_stop(stop: &Stop, context: Context) -> Hint {
    match stop {
        Stop::Failed(failure) => for_reason(&failure.step, &failure.reason, context),
        Stop::Fault(fault) if fault.is_app_key_problem() && context != Context::LineMode => hint(
            Culprit::AppKey,
            "The app key (Et-App-Key) is wrong or missing. It comes from the BO Companies widget in AutoShares Trader; correct the App key field.",
        ),
        Stop::Fault(fault) => for_fault(fault),
    }
}

/// "PIN code is not init": the user has no PIN. Leaving the PIN out is the way on only where one was given.
fn no_pin(context: Context) -> Hint {
    let advice = match context {
        Context::Form { pin_sent: true } => {
            "This user has no PIN set up yet, so the PIN you gave cannot be checked: empty the PIN field and log in again (or set up a PIN in Web Trader's security settings first)."
        }
        Context::Form { pin_sent: false } | Context::LineMode => {
            "This user has no PIN set up yet, and the server asks for one: set up a PIN in Web Trader's security settings (or ask support to), then log in again."
        }
    };
    hint(Culprit::Pin, advice)
}

fn for_reason(step: &str, reason: &str, context: Context) -> Hint {
    // A withheld reason says only which secret the server's text held: no advice is drawn from its words
    // (it names "the PIN" whatever the server meant), only from the step.
    let withheld = redact::is_withheld(reason);
    let reason_lower = if withheld {
        String::new()
    } else {
        reason.to_ascii_lowercase()
    };
    let has = |needle: &str| reason_lower.contains(needle);
    let base = step.eq_ignore_ascii_case("BaseAuthentication");
    if has("expired") && (base || has("password")) {
        hint(
            Culprit::Password,
            "The password has expired. Change it in AutoShares Web Trader (or with the password reset), then log in with the new one.",
        )
    } else if has("pin code is not init") {
        no_pin(context)
    } else if has("corrupted ticket") {
        hint(
            Culprit::Nothing,
            "The server no longer accepts this login's interim token (it was not sent back, was used twice, or expired). Start the login again.",
        )
    } else if has("too many") || has("locked") {
        hint(
            Culprit::Nothing,
            "Too many wrong answers: the server has locked this login. Wait before trying again, or ask support to unlock the user.",
        )
    } else if has("invalid credentials") || step.eq_ignore_ascii_case("BaseAuthentication") {
        hint(
            Culprit::Password,
            "The username or password is wrong. Passwords are case-sensitive; check Caps Lock.",
        )
    } else if has("pin") || step.to_ascii_lowercase().contains("pin") {
        hint(Culprit::Pin, "The PIN is wrong.")
    } else if has("code") {
        hint(
            Culprit::Nothing,
            "The verification code was not accepted. Codes expire quickly: ask for a new one by logging in again.",
        )
    } else if withheld {
        hint(
            Culprit::Nothing,
            format!(
                "The server stopped the login at step {step}. Its reason repeated what you sent, so it is not shown; ask support what this step needs."
            ),
        )
    } else {
        hint(
            Culprit::Nothing,
            format!(
                "The server stopped the login at step {step}. Its reason is shown verbatim above."
            ),
        )
    }
}

fn wait_text(retry_after: Option<Duration>) -> String {
    match retry_after {
        Some(wait) => format!("wait {} s before trying again", wait.as_secs()),
        None => "wait a minute before trying again".to_string(),
    }
}

/// Advice for an answer that ends a login (a failure or a fault), in line mode's words (the log and
/// `inspect` are read away from any form); `None` for one that goes on.
pub fn for_outcome(outcome: &Outcome) -> Option<Hint> {
    match outcome {
        Outcome::Failed(failure) => {
            Some(for_stop(&Stop::Failed(failure.clone()), Context::LineMode))
        }
        Outcome::Fault(fault) => Some(for_fault(fault)),
        Outcome::Succeeded(_) | Outcome::Expecting(_) => None,
    }
}

/// Advice for a fault of the request itself (network, TLS, server, app key).
pub fn for_fault(fault: &Fault) -> Hint {
    match fault {
        Fault::AppError { .. } if fault.is_app_key_problem() => hint(
            Culprit::AppKey,
            "The app key (Et-App-Key) is wrong or missing. It comes from the BO Companies widget in AutoShares Trader; set it with --app-key or AUTOSHARES_APP_KEY.",
        ),
        Fault::AppError { .. } => hint(
            Culprit::Nothing,
            "The server refused the request itself; its message is shown above.",
        ),
        Fault::RateLimited { retry_after, .. } => hint(
            Culprit::Nothing,
            format!(
                "Too many login requests: {}. Retrying sooner only extends the wait.",
                wait_text(*retry_after)
            ),
        ),
        Fault::TooManySteps { limit, .. } => hint(
            Culprit::Nothing,
            format!(
                "The server kept asking for more steps ({limit} in this login), so the tool stopped rather than send your credentials again and again. Start the login again; if it happens again, send the report to support."
            ),
        ),
        Fault::Server { status, .. }
        | Fault::EmptyBody { status }
        | Fault::MissingToken { status, .. }
        | Fault::BodyTooLarge { status, .. }
        | Fault::Unexpected { status, .. } => hint(
            Culprit::Nothing,
            format!(
                "The server or a proxy in front of it failed (HTTP {status}). This is not a problem with your credentials; try again later, and send the report to support if it persists."
            ),
        ),
        Fault::Timeout { .. }
        | Fault::Refused { .. }
        | Fault::Dns { .. }
        | Fault::Tls { .. }
        | Fault::PlainHttp { .. }
        | Fault::Network { .. }
        | Fault::NotJson { .. } => for_connection(fault),
    }
}

/// Advice for a fault on the way to the server, or of what answered there: the URL is the suspect.
/// (`for_fault` sends only these faults here; a plain network failure is the last arm.)
fn for_connection(fault: &Fault) -> Hint {
    match fault {
        Fault::Timeout {
            connecting: true, ..
        } => hint(
            Culprit::Url,
            "No connection in time: something at that address accepts connections but does not complete them, or a firewall or proxy holds them. Check the host and port in the URL, and the proxy settings.",
        ),
        Fault::Timeout { .. } => hint(
            Culprit::Url,
            "No answer in time. Check the URL and your network, or allow more time with --timeout.",
        ),
        Fault::Refused { .. } => hint(
            Culprit::Url,
            "Nothing is listening at that address. Check the host and port in the URL.",
        ),
        Fault::Dns { .. } => hint(
            Culprit::Url,
            "The host name in the URL cannot be resolved. Check it for typos and check your network.",
        ),
        Fault::Tls { problem, .. } => hint(Culprit::Url, for_tls(problem)),
        Fault::PlainHttp { .. } => hint(
            Culprit::Url,
            "The URL says https:// but the server at that host and port speaks plain HTTP. Check the port; for a server on this machine such as the sandbox, use http://.",
        ),
        Fault::NotJson { .. } => hint(
            Culprit::Url,
            "The answer is not the token endpoint's JSON: the URL may point at the wrong place, or a proxy answered instead. The API base usually ends in /api.",
        ),
        _ => hint(
            Culprit::Url,
            "The connection failed. Check the URL and your network.",
        ),
    }
}

fn for_tls(problem: &TlsProblem) -> String {
    match problem {
        TlsProblem::UntrustedIssuer | TlsProblem::Other => "The server's certificate is not trusted. If your company inspects TLS with its own CA, pass that CA with --cacert.".into(),
        TlsProblem::WrongName { presented } if presented.is_empty() => "The server's certificate is for another host name than the one in the URL. Use the host name the certificate is for.".into(),
        TlsProblem::WrongName { presented } => format!(
            "The server's certificate is for {}, not for the host in the URL. Use the host name the certificate is for.",
            presented.join(", ")
        ),
        TlsProblem::OutsideValidity => "The server's certificate has expired or is not valid yet. Check this computer's date and time; if they are right, the server's operators must renew the certificate.".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::wire::Failure;

    /// The advice as line mode gives it.
    fn for_stop(stop: &Stop) -> Hint {
        super::for_stop(stop, Context::LineMode)
    }

    fn failed(step: &str, reason: &str) -> Hint {
        for_stop(&Stop::Failed(Failure {
            status: 401,
            step: step.into(),
            reason: reason.into(),
        }))
    }

    #[test]
    fn known_reasons_get_their_advice_and_culprit() {
        assert_eq!(
            failed("BaseAuthentication", "Invalid credentials").culprit,
            Culprit::Password
        );
        let expired = failed(
            "BaseAuthentication",
            "Your Password has expired and must be changed",
        );
        assert!(expired.advice.contains("expired"));
        assert_eq!(
            failed("SecutityPin", "PIN code is not init").culprit,
            Culprit::Pin
        );
        assert_eq!(failed("SecutityPin", "Invalid pin").culprit, Culprit::Pin);
        assert!(
            failed("VerificationCode", "Corrupted ticket")
                .advice
                .contains("interim token")
        );
        assert!(
            failed(
                "VerificationCode",
                "Too many failed attempts, the login is locked"
            )
            .advice
            .contains("locked")
        );
    }

    #[test]
    fn a_report_concludes_a_stop_with_its_summary_and_advice() {
        let stop = Stop::Failed(Failure {
            status: 401,
            step: "VerificationCode".into(),
            reason: "Corrupted ticket".into(),
        });
        let Conclusion::Stopped { summary, advice } = conclusion(&stop, Context::LineMode) else {
            panic!("a stop concludes as stopped")
        };
        assert_eq!(
            summary,
            "Failed at step VerificationCode (HTTP 401): Corrupted ticket"
        );
        assert!(advice.contains("interim token"), "{advice}");
    }

    #[test]
    fn advice_speaks_of_the_front_end_and_of_what_was_sent() {
        let no_pin = Stop::Failed(Failure {
            status: 401,
            step: "SecutityPin".into(),
            reason: "PIN code is not init".into(),
        });
        let typed = super::for_stop(&no_pin, Context::Form { pin_sent: true }).advice;
        assert!(typed.contains("empty the PIN field"), "{typed}");
        for context in [Context::Form { pin_sent: false }, Context::LineMode] {
            let advice = super::for_stop(&no_pin, context).advice;
            assert!(advice.contains("set up a PIN"), "{advice}");
            assert!(
                !advice.contains("empty") && !advice.contains("field"),
                "{advice}"
            );
        }
        let app_key = Stop::Fault(Fault::AppError {
            status: 401,
            message: "Application key is not defined or does not exist".into(),
        });
        let line = super::for_stop(&app_key, Context::LineMode).advice;
        assert!(
            line.contains("AUTOSHARES_APP_KEY") && !line.contains("field"),
            "{line}"
        );
        let form = super::for_stop(&app_key, Context::Form { pin_sent: false }).advice;
        assert!(form.contains("App key field"), "{form}");
    }

    #[test]
    fn faults_point_at_the_url_or_at_nothing() {
        let app_key = for_stop(&Stop::Fault(Fault::AppError {
            status: 401,
            message: "Application key is not defined or does not exist".into(),
        }));
        assert_eq!(app_key.culprit, Culprit::AppKey);
        assert!(app_key.advice.contains("BO Companies"));
        let limited = for_stop(&Stop::Fault(Fault::RateLimited {
            status: 429,
            state: None,
            step: None,
            reason: None,
            retry_after: Some(Duration::from_secs(30)),
        }));
        assert!(limited.advice.contains("wait 30 s"));
        let proxy = for_stop(&Stop::Fault(Fault::Server {
            status: 502,
            excerpt: "<html>".into(),
        }));
        assert!(proxy.advice.contains("HTTP 502"));
        assert_eq!(
            for_stop(&Stop::Fault(Fault::Refused { detail: "x".into() })).culprit,
            Culprit::Url
        );
    }

    #[test]
    fn tls_problems_get_advice_of_their_own() {
        let tls = |problem| {
            for_fault(&Fault::Tls {
                problem,
                detail: "x".into(),
            })
            .advice
        };
        assert!(tls(TlsProblem::UntrustedIssuer).contains("--cacert"));
        assert!(
            tls(TlsProblem::WrongName {
                presented: vec!["a.example".into(), "b.example".into()]
            })
            .contains("for a.example, b.example")
        );
        assert!(tls(TlsProblem::OutsideValidity).contains("date and time"));
        let connecting = for_fault(&Fault::Timeout {
            after: Duration::from_secs(5),
            connecting: true,
        });
        assert!(connecting.advice.contains("No connection in time"));
    }

    #[test]
    fn a_withheld_reason_gives_advice_by_the_step_alone() {
        let held = |kinds: &[redact::SecretKind]| redact::withheld(kinds);
        let password = failed("BaseAuthentication", &held(&[redact::SecretKind::Password]));
        assert_eq!(password.culprit, Culprit::Password);
        assert_eq!(
            password.advice,
            "The username or password is wrong. Passwords are case-sensitive; check Caps Lock."
        );
        // "held the PIN" is the tool's word, not the server's: it does not make a PIN hint.
        let other = failed("SomeStep", &held(&[redact::SecretKind::Pin]));
        assert_eq!(other.culprit, Culprit::Nothing);
        assert!(other.advice.contains("is not shown"), "{}", other.advice);
        assert!(!other.advice.contains("verbatim"), "{}", other.advice);
        let code = failed("VerificationCode", &held(&[redact::SecretKind::Code]));
        assert_eq!(code.culprit, Culprit::Nothing);
    }
}
