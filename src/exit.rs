//! The exit codes of the contract, which outcome maps to which, and the token on stdout.

use std::io::Write;
use std::process::ExitCode;

use secrecy::{ExposeSecret, SecretString};

use crate::auth::{Fault, Stop};

/// How the program ends: 0 token, 1 refused, 2 usage/configuration, 3 network/server fault,
/// 4 rate-limited, 130 quit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Token,
    Refused,
    Usage,
    Fault,
    RateLimited,
    Quit,
}

impl Exit {
    /// Every exit, in the order of their codes (for `--help` and the man page).
    pub const ALL: [Exit; 6] = [
        Exit::Token,
        Exit::Refused,
        Exit::Usage,
        Exit::Fault,
        Exit::RateLimited,
        Exit::Quit,
    ];

    pub fn code(self) -> u8 {
        match self {
            Exit::Token => 0,
            Exit::Refused => 1,
            Exit::Usage => 2,
            Exit::Fault => 3,
            Exit::RateLimited => 4,
            Exit::Quit => 130,
        }
    }

    /// What the code tells a script, in a few words.
    pub fn meaning(self) -> &'static str {
        match self {
            Exit::Token => "a token was obtained",
            Exit::Refused => {
                "the server refused the login (wrong password, PIN or code; locked; expired)"
            }
            Exit::Usage => {
                "usage or configuration error, a wrong app key, or the input ended before an answer"
            }
            Exit::Fault => "network, TLS or server fault",
            Exit::RateLimited => "rate-limited: retry after the time the message names",
            Exit::Quit => "quit before a token (Ctrl-C, SIGTERM, SIGHUP)",
        }
    }

    /// The exit for a login that stopped without a token.
    pub fn for_stop(stop: &Stop) -> Exit {
        match stop {
            Stop::Failed(_) => Exit::Refused,
            Stop::Fault(Fault::RateLimited { .. }) => Exit::RateLimited,
            Stop::Fault(fault) if fault.is_app_key_problem() => Exit::Usage,
            Stop::Fault(_) => Exit::Fault,
        }
    }
}

/// Writes the token and a newline to stdout, the program's only output there; a closed stdout is a fault, not a panic.
pub fn print_token(token: &SecretString) -> Exit {
    let mut stdout = std::io::stdout().lock();
    match writeln!(stdout, "{}", token.expose_secret()).and_then(|()| stdout.flush()) {
        Ok(()) => Exit::Token,
        Err(e) => {
            crate::say!("error: cannot write the token to stdout: {e}");
            Exit::Fault
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::wire::Failure;

    #[test]
    fn stops_map_to_contract_codes() {
        let failed = Stop::Failed(Failure {
            status: 401,
            step: "BaseAuthentication".into(),
            reason: "Invalid credentials".into(),
        });
        assert_eq!(Exit::for_stop(&failed).code(), 1);
        let limited = Stop::Fault(Fault::RateLimited {
            status: 429,
            reason: None,
            retry_after: None,
        });
        assert_eq!(Exit::for_stop(&limited).code(), 4);
        let app_key = Stop::Fault(Fault::AppError {
            status: 401,
            message: "Application key is not defined or does not exist".into(),
        });
        assert_eq!(Exit::for_stop(&app_key).code(), 2);
        let down = Stop::Fault(Fault::Server {
            status: 502,
            excerpt: "Bad Gateway".into(),
        });
        assert_eq!(Exit::for_stop(&down).code(), 3);
        assert_eq!((Exit::Token.code(), Exit::Quit.code()), (0, 130));
    }
}
