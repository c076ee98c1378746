//! What a known failure means and what to do about it; shared by the failure screen, line mode and the report.

use reqwest::Url;

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

/// How a login that stopped at `server` is concluded in a support report: what happened (the
/// protocol's words), and in plain words what it means and what to do.
pub fn conclusion(stop: &Stop, server: &str, context: Context) -> Conclusion {
    Conclusion::Stopped {
        summary: stop.to_string(),
        advice: told(stop, server, context),
    }
}

/// The headline and the advice, as one text: for a report or a log, read away from the screen.
fn told(stop: &Stop, server: &str, context: Context) -> String {
    format!(
        "{} {}",
        headline(stop, server),
        for_stop(stop, context).advice
    )
}

/// What to do after how a login stopped, in the words of `context`; every stop gets advice.
pub fn for_stop(stop: &Stop, context: Context) -> Hint {
    match stop {
        // No PIN to type again: its advice says what to do, in the form's words when it was sent.
        Stop::Failed(failure) if refusal(&failure.step, &failure.reason) == Refusal::NoPin => {
            no_pin(context)
        }
        Stop::Failed(failure) => {
            with_next_move(for_reason(&failure.step, &failure.reason, context), context)
        }
        // The failure screen counts the server's wait down; Enter before its end sends nothing.
        Stop::Fault(fault @ Fault::RateLimited { .. }) => fault_in(fault, context),
        Stop::Fault(fault) => with_next_move(fault_in(fault, context), context),
    }
}

/// Why the server refused a login, as far as what to tell the trader goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    PasswordExpired,
    NoPin,
    StaleTicket,
    Locked,
    Credentials,
    Pin,
    Code,
    /// A reason this tool does not know; `withheld` when it repeated a secret and is not shown.
    Other {
        withheld: bool,
    },
}

/// What the server's step and reason amount to. A withheld reason says only which secret the server's
/// text held: nothing is drawn from its words (it names "the PIN" whatever the server meant), only from
/// the step.
fn refusal(step: &str, reason: &str) -> Refusal {
    let withheld = redact::is_withheld(reason);
    let reason_lower = if withheld {
        String::new()
    } else {
        reason.to_ascii_lowercase()
    };
    let has = |needle: &str| reason_lower.contains(needle);
    let base = step.eq_ignore_ascii_case("BaseAuthentication");
    if has("expired") && (base || has("password")) {
        Refusal::PasswordExpired
    } else if has("pin code is not init") {
        Refusal::NoPin
    } else if has("corrupted ticket") {
        Refusal::StaleTicket
    } else if has("too many") || has("locked") {
        Refusal::Locked
    } else if has("invalid credentials") || base {
        Refusal::Credentials
    } else if has("pin") || step.to_ascii_lowercase().contains("pin") {
        Refusal::Pin
    } else if has("code") {
        Refusal::Code
    } else {
        Refusal::Other { withheld }
    }
}

/// The one sentence a trader reads first: what happened, in plain words, with `server` (the URL's
/// `host:port`, see [`server`]) where the place matters. The protocol (status, State, Step, the
/// library's error chain) goes below it; what to do after it ([`for_stop`]).
pub fn headline(stop: &Stop, server: &str) -> String {
    match stop {
        Stop::Failed(failure) => match refusal(&failure.step, &failure.reason) {
            Refusal::PasswordExpired => "The password has expired.".into(),
            Refusal::NoPin => "This user has no PIN set up yet.".into(),
            Refusal::StaleTicket => "The server no longer accepts this login's answers.".into(),
            Refusal::Locked => "Too many wrong answers: the server has locked this login.".into(),
            Refusal::Credentials => "The username or password is wrong.".into(),
            Refusal::Pin => "The PIN is wrong.".into(),
            Refusal::Code => "The code was not accepted.".into(),
            Refusal::Other { .. } => {
                format!("The server refused the login at step {}.", failure.step)
            }
        },
        Stop::Fault(fault) => fault_headline(fault, server),
    }
}

fn fault_headline(fault: &Fault, server: &str) -> String {
    match fault {
        Fault::AppError { .. } if fault.is_app_key_problem() => {
            "The server does not know this app key.".into()
        }
        Fault::AppError { .. } => "The server refused the request.".into(),
        Fault::RateLimited {
            retry_after: Some(wait),
            ..
        } => format!(
            "The server asks to wait {} s before the next try.",
            wait.as_secs()
        ),
        Fault::RateLimited { .. } => "The server asks to wait before the next try.".into(),
        Fault::TooManySteps { .. } => {
            "The server kept asking for more steps, so the login was stopped.".into()
        }
        Fault::Server { status, .. }
        | Fault::EmptyBody { status }
        | Fault::MissingToken { status, .. }
        | Fault::BodyTooLarge { status, .. }
        | Fault::Unexpected { status, .. } => {
            format!(
                "The server at {server} failed (HTTP {status}); your login details are not the problem."
            )
        }
        Fault::Timeout {
            connecting: true,
            after,
        } => format!(
            "Could not connect to {server} within {} s. Is the URL right?",
            after.as_secs()
        ),
        Fault::Timeout { after, .. } => {
            format!("{server} did not answer within {} s.", after.as_secs())
        }
        Fault::Refused { .. } => {
            format!("Could not connect to {server}: nothing is listening there. Is the URL right?")
        }
        Fault::Dns { .. } => {
            format!("Could not find {server}: no such host name. Is the URL right?")
        }
        Fault::Tls { problem, .. } => {
            let why = match problem {
                TlsProblem::UntrustedIssuer | TlsProblem::Other => "its certificate is not trusted",
                TlsProblem::WrongName { .. } => "its certificate is for another host name",
                TlsProblem::OutsideValidity => "its certificate has expired or is not valid yet",
            };
            format!("Could not connect securely to {server}: {why}.")
        }
        Fault::PlainHttp { .. } => {
            format!("{server} speaks plain HTTP, but the URL says https://.")
        }
        Fault::NotJson { .. } => {
            format!("What answered at {server} is not the login API. Is the URL right?")
        }
        Fault::Network { .. } => format!("Could not reach {server}."),
    }
}

/// How a URL is named in a headline: `host:port`.
pub fn server(url: &Url) -> String {
    let host = url.host_str().unwrap_or("the server");
    match url.port_or_known_default() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    }
}

/// What the trader does next, where the advice is read: in the TUI the failure screen's Enter takes
/// them back to the form with the field at fault focused.
fn next_move(culprit: Culprit, context: Context) -> Option<&'static str> {
    match context {
        Context::LineMode => None,
        Context::Form { .. } => Some(match culprit {
            Culprit::Url => "Press Enter to correct the URL and try again.",
            Culprit::AppKey => "Press Enter to correct the App key and try again.",
            Culprit::Password => "Press Enter to type the password again.",
            Culprit::Pin => "Press Enter to type the PIN again.",
            Culprit::Nothing => "Press Enter to try again.",
        }),
    }
}

/// `hint` with the next move of `context` after its advice.
fn with_next_move(hint: Hint, context: Context) -> Hint {
    match next_move(hint.culprit, context) {
        Some(next) if hint.advice.is_empty() => Hint {
            advice: next.into(),
            ..hint
        },
        Some(next) => Hint {
            advice: format!("{} {next}", hint.advice),
            ..hint
        },
        None => hint,
    }
}

/// "PIN code is not init": the user has no PIN. Leaving the PIN out is the way on only where one was given.
fn no_pin(context: Context) -> Hint {
    let advice = match context {
        Context::Form { pin_sent: true } => {
            "The PIN you gave cannot be checked: empty the PIN field and log in again (or set up a PIN in Web Trader's security settings first)."
        }
        Context::Form { pin_sent: false } | Context::LineMode => {
            "The server asks for one all the same: set up a PIN in Web Trader's security settings (or ask support to), then log in again."
        }
    };
    hint(Culprit::Pin, advice)
}

fn for_reason(step: &str, reason: &str, context: Context) -> Hint {
    match refusal(step, reason) {
        Refusal::PasswordExpired => hint(
            Culprit::Password,
            "Change it in AutoShares Web Trader (or with the password reset), then log in with the new one.",
        ),
        Refusal::NoPin => no_pin(context),
        Refusal::StaleTicket => hint(
            Culprit::Nothing,
            "Its interim token was not sent back, was used twice, or expired. Start the login again.",
        ),
        Refusal::Locked => hint(
            Culprit::Nothing,
            "Wait before trying again, or ask support to unlock the user.",
        ),
        Refusal::Credentials => hint(
            Culprit::Password,
            "Passwords are case-sensitive; check Caps Lock.",
        ),
        Refusal::Pin => hint(Culprit::Pin, "Check the PIN and log in again."),
        Refusal::Code => hint(
            Culprit::Nothing,
            "Codes expire quickly: ask for a new one by logging in again.",
        ),
        Refusal::Other { withheld: true } => hint(
            Culprit::Nothing,
            "Its reason repeated what you sent, so it is not shown; ask support what this step needs.",
        ),
        Refusal::Other { withheld: false } => {
            hint(Culprit::Nothing, "Its reason is shown verbatim below.")
        }
    }
}

/// What an answer from `server` that ends a login (a failure or a fault) means and what to do, in
/// line mode's words (the log and `inspect` are read away from any form); `None` for one that goes on.
pub fn for_outcome(outcome: &Outcome, server: &str) -> Option<String> {
    let stop = match outcome {
        Outcome::Failed(failure) => Stop::Failed(failure.clone()),
        Outcome::Fault(fault) => Stop::Fault(fault.clone()),
        Outcome::Succeeded(_) | Outcome::Expecting(_) => return None,
    };
    Some(told(&stop, server, Context::LineMode))
}

/// Advice for a fault of the request itself (network, TLS, server, app key), in line mode's words.
pub fn for_fault(fault: &Fault) -> Hint {
    fault_in(fault, Context::LineMode)
}

/// Advice for a fault, naming what can be changed in `context`: flags and variables in line mode,
/// the profile's settings in the TUI (its own flags were given when it started).
fn fault_in(fault: &Fault, context: Context) -> Hint {
    let tui = context != Context::LineMode;
    match fault {
        Fault::AppError { .. } if fault.is_app_key_problem() => hint(
            Culprit::AppKey,
            if tui {
                "The app key (Et-App-Key) comes from the BO Companies widget in AutoShares Trader; correct the App key field."
            } else {
                "The app key (Et-App-Key) comes from the BO Companies widget in AutoShares Trader; set it with --app-key or AUTOSHARES_APP_KEY."
            },
        ),
        Fault::AppError { .. } => hint(Culprit::Nothing, "Its message is shown below."),
        Fault::RateLimited {
            retry_after: Some(_),
            ..
        } => hint(
            Culprit::Nothing,
            "Too many login requests: try again after the wait; retrying sooner only extends it.",
        ),
        Fault::RateLimited { .. } => hint(
            Culprit::Nothing,
            "Too many login requests: wait a minute before trying again; retrying sooner only extends the wait.",
        ),
        Fault::TooManySteps { limit, .. } => hint(
            Culprit::Nothing,
            format!(
                "It asked for {limit} steps in this login; the tool stopped rather than send your credentials again and again. Start the login again; if it happens again, send the report to support."
            ),
        ),
        Fault::Server { .. }
        | Fault::EmptyBody { .. }
        | Fault::MissingToken { .. }
        | Fault::BodyTooLarge { .. }
        | Fault::Unexpected { .. } => hint(
            Culprit::Nothing,
            "The server or a proxy in front of it failed. Try again later, and send the report to support if it persists.",
        ),
        Fault::Timeout { .. }
        | Fault::Refused { .. }
        | Fault::Dns { .. }
        | Fault::Tls { .. }
        | Fault::PlainHttp { .. }
        | Fault::Network { .. }
        | Fault::NotJson { .. } => for_connection(fault, tui),
    }
}

/// Advice for a fault on the way to the server, or of what answered there: the URL is the suspect.
/// (`fault_in` sends only these faults here; a plain network failure is the last arm.) `tui`: the
/// advice names profile settings rather than flags.
fn for_connection(fault: &Fault, tui: bool) -> Hint {
    match fault {
        Fault::Timeout {
            connecting: true, ..
        } => hint(
            Culprit::Url,
            "Something at that address accepts connections but does not complete them, or a firewall or proxy holds them. Check the host and port in the URL, and the proxy settings.",
        ),
        Fault::Timeout { .. } => hint(
            Culprit::Url,
            if tui {
                "Check the URL and your network; to allow more time, set timeout (seconds) in the profile."
            } else {
                "Check the URL and your network, or allow more time with --timeout."
            },
        ),
        Fault::Refused { .. } => hint(Culprit::Url, "Check the host and port in the URL."),
        Fault::Dns { .. } => hint(
            Culprit::Url,
            "Check it for typos in the URL, and check your network.",
        ),
        Fault::Tls { problem, .. } => hint(Culprit::Url, for_tls(problem, tui)),
        Fault::PlainHttp { .. } => hint(
            Culprit::Url,
            "The server at that port speaks plain HTTP: check the port; for a server on this machine such as the sandbox, use http://.",
        ),
        Fault::NotJson { .. } => hint(
            Culprit::Url,
            "The URL may point at the wrong place, or a proxy answered instead. The API base usually ends in /api.",
        ),
        _ => hint(Culprit::Url, "Check the URL and your network."),
    }
}

fn for_tls(problem: &TlsProblem, tui: bool) -> String {
    match problem {
        TlsProblem::UntrustedIssuer | TlsProblem::Other if tui => "If your company inspects TLS with its own CA, set cacert (that CA's PEM file) in the profile.".into(),
        TlsProblem::UntrustedIssuer | TlsProblem::Other => "If your company inspects TLS with its own CA, pass that CA with --cacert.".into(),
        TlsProblem::WrongName { presented } if presented.is_empty() => "Use the host name the certificate is for.".into(),
        TlsProblem::WrongName { presented } => format!(
            "The certificate is for {}: use a host name it is for.",
            presented.join(", ")
        ),
        TlsProblem::OutsideValidity => "Check this computer's date and time; if they are right, the server's operators must renew the certificate.".into(),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

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
        assert!(
            expired
                .advice
                .contains("Change it in AutoShares Web Trader")
        );
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
            .contains("unlock the user")
        );
    }

    #[test]
    fn a_report_concludes_a_stop_with_its_summary_and_advice() {
        let stop = Stop::Failed(Failure {
            status: 401,
            step: "VerificationCode".into(),
            reason: "Corrupted ticket".into(),
        });
        let Conclusion::Stopped { summary, advice } =
            conclusion(&stop, "h.example:443", Context::LineMode)
        else {
            panic!("a stop concludes as stopped")
        };
        assert_eq!(
            summary,
            "Failed at step VerificationCode (HTTP 401): Corrupted ticket"
        );
        assert!(
            advice.starts_with("The server no longer accepts this login's answers."),
            "{advice}"
        );
        assert!(advice.contains("interim token"), "{advice}");
    }

    #[test]
    fn each_failure_is_said_first_in_plain_words() {
        let fault = |fault: Fault| headline(&Stop::Fault(fault), "127.0.0.1:9");
        let detail = || "error sending request: client error (Connect)".to_string();
        assert_eq!(
            fault(Fault::Refused { detail: detail() }),
            "Could not connect to 127.0.0.1:9: nothing is listening there. Is the URL right?"
        );
        assert_eq!(
            fault(Fault::Dns { detail: detail() }),
            "Could not find 127.0.0.1:9: no such host name. Is the URL right?"
        );
        assert_eq!(
            fault(Fault::Timeout {
                after: Duration::from_secs(30),
                connecting: false
            }),
            "127.0.0.1:9 did not answer within 30 s."
        );
        assert_eq!(
            fault(Fault::Tls {
                problem: TlsProblem::UntrustedIssuer,
                detail: detail()
            }),
            "Could not connect securely to 127.0.0.1:9: its certificate is not trusted."
        );
        assert_eq!(
            fault(Fault::RateLimited {
                status: 429,
                state: None,
                step: None,
                reason: None,
                retry_after: Some(Duration::from_secs(29)),
            }),
            "The server asks to wait 29 s before the next try."
        );
        assert_eq!(
            fault(Fault::AppError {
                status: 401,
                message: "Application key is not defined or does not exist".into()
            }),
            "The server does not know this app key."
        );
        let refused = Stop::Failed(Failure {
            status: 401,
            step: "BaseAuthentication".into(),
            reason: "Invalid credentials".into(),
        });
        assert_eq!(
            headline(&refused, "h:443"),
            "The username or password is wrong."
        );
        for words in [detail(), "HTTP".into(), "BaseAuthentication".into()] {
            assert!(!headline(&refused, "h:443").contains(&words));
        }
    }

    #[test]
    fn the_tui_advice_says_which_key_and_which_profile_setting() {
        let form = Context::Form { pin_sent: false };
        let timeout = Stop::Fault(Fault::Timeout {
            after: Duration::from_secs(30),
            connecting: false,
        });
        let tui = super::for_stop(&timeout, form).advice;
        assert!(
            tui.contains("timeout (seconds) in the profile")
                && tui.ends_with("Press Enter to correct the URL and try again."),
            "{tui}"
        );
        assert!(
            !tui.contains("--"),
            "no flag of a process already running: {tui}"
        );
        let line = super::for_stop(&timeout, Context::LineMode).advice;
        assert!(
            line.contains("--timeout") && !line.contains("Enter"),
            "{line}"
        );
        let untrusted = Stop::Fault(Fault::Tls {
            problem: TlsProblem::UntrustedIssuer,
            detail: "x".into(),
        });
        let tui = super::for_stop(&untrusted, form).advice;
        assert!(tui.contains("set cacert") && !tui.contains("--"), "{tui}");
    }

    #[test]
    fn a_server_is_named_by_host_and_port() {
        let url = |text: &str| Url::parse(text).expect("a URL");
        assert_eq!(server(&url("http://127.0.0.1:9/api/token")), "127.0.0.1:9");
        assert_eq!(server(&url("https://h.example/api/token")), "h.example:443");
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
        assert!(limited.advice.contains("try again after the wait"));
        let proxy = for_stop(&Stop::Fault(Fault::Server {
            status: 502,
            excerpt: "<html>".into(),
        }));
        assert!(proxy.advice.contains("a proxy in front of it failed"));
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
        assert!(connecting.advice.contains("firewall or proxy"));
    }

    #[test]
    fn a_withheld_reason_gives_advice_by_the_step_alone() {
        let held = |kinds: &[redact::SecretKind]| redact::withheld(kinds);
        let password = failed("BaseAuthentication", &held(&[redact::SecretKind::Password]));
        assert_eq!(password.culprit, Culprit::Password);
        assert_eq!(
            password.advice,
            "Passwords are case-sensitive; check Caps Lock."
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
