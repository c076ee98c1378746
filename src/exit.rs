//! The exit codes of the contract, which outcome maps to which, and the token on stdout.

use std::io::Write;
use std::process::ExitCode;

use secrecy::{ExposeSecret, SecretString};

use crate::auth::{Fault, Stop};

/// How the program ends: 0 token, 1 refused, 2 usage/configuration, 3 network/server fault, 130 quit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Token,
    Refused,
    Usage,
    Fault,
    Quit,
}

impl Exit {
    pub fn code(self) -> u8 {
        match self {
            Exit::Token => 0,
            Exit::Refused => 1,
            Exit::Usage => 2,
            Exit::Fault => 3,
            Exit::Quit => 130,
        }
    }

    /// The exit for a login that stopped without a token.
    pub fn for_stop(stop: &Stop) -> Exit {
        match stop {
            Stop::Failed(_) | Stop::Fault(Fault::RateLimited { .. }) => Exit::Refused,
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
        assert_eq!(Exit::for_stop(&limited).code(), 1);
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
