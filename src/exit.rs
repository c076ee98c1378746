//! The exit codes of the contract and the one place where an outcome becomes one: a login's stop
//! ([`Exit::for_stop`]) or an [`Error`] around it ([`Error::exit`]); and the token on stdout.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use secrecy::{ExposeSecret, SecretString};

use crate::auth::input::BadInput;
use crate::auth::{ClientOptionError, Fault, Stop};
use crate::session::{NotText, StoreError};

/// How the program ends: 0 success (a token, or any other command that did its job), 1 refused,
/// 2 usage/configuration, 3 network/server fault, 4 rate-limited, 130 quit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Success,
    Refused,
    Usage,
    Fault,
    RateLimited,
    Quit,
    /// `exec`: the command's own exit code.
    Command(u8),
}

impl Exit {
    /// Every exit, in the order of their codes (for `--help` and the man page).
    pub const ALL: [Exit; 6] = [
        Exit::Success,
        Exit::Refused,
        Exit::Usage,
        Exit::Fault,
        Exit::RateLimited,
        Exit::Quit,
    ];

    pub fn code(self) -> u8 {
        match self {
            Exit::Success => 0,
            Exit::Refused => 1,
            Exit::Usage => 2,
            Exit::Fault => 3,
            Exit::RateLimited => 4,
            Exit::Quit => 130,
            Exit::Command(code) => code,
        }
    }

    /// What the code tells a script, in a few words.
    pub fn meaning(self) -> &'static str {
        match self {
            Exit::Success => "a token was obtained",
            Exit::Refused => {
                "the server refused the login (wrong password, PIN or code; locked; expired)"
            }
            Exit::Usage => {
                "usage or configuration error, a wrong app key, or the input ended before an answer"
            }
            Exit::Fault => {
                "network, TLS or server fault; or stdout cannot be written (a full disk)"
            }
            Exit::RateLimited => "rate-limited: retry after the time the message names",
            Exit::Quit => "quit before a token (Ctrl-C, SIGTERM, SIGHUP)",
            Exit::Command(_) => "exec: the command's own exit code",
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

/// What kept the program from a login, or from finishing one, in words for the user.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A value line mode needs, given neither as a flag nor in the environment.
    #[error("{flag} (or {env}) is required in line mode")]
    Missing {
        flag: &'static str,
        env: &'static str,
    },
    /// A value from a flag or the environment that cannot go in its header as it is.
    #[error("{from}: {problem}; it was not sent")]
    Unsendable {
        /// Where the value came from: the flag and its variable.
        from: &'static str,
        problem: BadInput,
    },
    #[error(transparent)]
    Config(#[from] ClientOptionError),
    #[error(transparent)]
    Environment(#[from] NotText),
    /// The token store could not be read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The login lock could not be taken: its file is unusable, or the wait for its holder ran out.
    #[error(transparent)]
    Lock(#[from] crate::session::LockError),
    #[error(
        "logout needs a profile (--profile, or default_profile in the config), or --url and --username, or --all"
    )]
    LogoutWhom,
    /// The config file (or its profile) cannot be used.
    #[error(transparent)]
    Settings(#[from] crate::session::ConfigFileError),
    #[error("cannot open the log {}: {source}", path.display())]
    Log { path: PathBuf, source: io::Error },
    /// The sandbox's scenarios or port cannot be used (`sandbox`).
    #[error("{0:#}")]
    Sandbox(anyhow::Error),
    /// The built-in sandbox of `--demo` did not start.
    #[error("cannot start the sandbox: {0:#}")]
    Demo(anyhow::Error),
    #[error("cannot start the async runtime: {0}")]
    Runtime(io::Error),
    /// The TUI could not take over the terminal, or lost it.
    #[error("{0}")]
    Terminal(io::Error),
    #[error("cannot write the token to stdout: {0}")]
    Token(io::Error),
    #[error("cannot write to stdout: {0}")]
    Stdout(io::Error),
    /// `inspect FILE`: the file cannot be read as a log (the error names the line).
    #[error(transparent)]
    ReadLog(#[from] crate::diag::log_reader::LogError),
    #[error("cannot write the report to {}: {source}", path.display())]
    Report { path: PathBuf, source: io::Error },
}

impl Error {
    pub fn exit(&self) -> Exit {
        match self {
            Error::Missing { .. }
            | Error::Unsendable { .. }
            | Error::Config(_)
            | Error::Environment(_)
            | Error::Store(_)
            | Error::LogoutWhom
            | Error::Log { .. }
            | Error::Sandbox(_)
            | Error::Settings(_)
            | Error::Terminal(_)
            | Error::ReadLog(_)
            | Error::Report { .. } => Exit::Usage,
            // A wait that ran out is worth another try, as a fault is; a lock file that cannot be used is not.
            Error::Lock(e) if e.timed_out() => Exit::Fault,
            Error::Lock(_) => Exit::Usage,
            Error::Demo(_) | Error::Runtime(_) | Error::Token(_) | Error::Stdout(_) => Exit::Fault,
        }
    }

    /// Says what went wrong on stderr, and how the program exits for it.
    pub fn report(&self) -> Exit {
        crate::say!("error: {self}");
        self.exit()
    }
}

/// Writes the token and a newline to stdout, the program's only output there; a closed stdout is a fault, not a panic.
pub fn print_token(token: &SecretString) -> Result<Exit, Error> {
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{}", token.expose_secret())
        .and_then(|()| stdout.flush())
        .map_err(Error::Token)?;
    Ok(Exit::Success)
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
            state: None,
            step: None,
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
        assert_eq!((Exit::Success.code(), Exit::Quit.code()), (0, 130));
    }

    #[test]
    fn errors_map_to_contract_codes() {
        let missing = Error::Missing {
            flag: "--url",
            env: "AUTOSHARES_URL",
        };
        assert_eq!(missing.exit().code(), 2);
        assert_eq!(
            missing.to_string(),
            "--url (or AUTOSHARES_URL) is required in line mode"
        );
        let bad_url = ClientOptionError::PlainHttp {
            host: "trader.example".into(),
        };
        assert_eq!(Error::from(bad_url).exit().code(), 2);
        let closed = || io::Error::from(io::ErrorKind::BrokenPipe);
        assert_eq!(Error::Token(closed()).exit().code(), 3);
        assert_eq!(Error::Terminal(closed()).exit().code(), 2);
    }
}
