//! What flows into `update` (messages) and out of it (effects for the runtime to carry out).

use std::path::PathBuf;

use crossterm::event::KeyEvent;
use secrecy::SecretString;

use crate::auth::{ClientConfig, Outcome, TokenRequest, UserInfo};
use crate::diag::Exchange;

/// Identifies one request, so the answer of a cancelled one can be recognised and ignored.
pub type RequestId = u64;

#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    /// Pasted text; it may be a password.
    Paste(SecretString),
    Resized,
    /// Time passed: animate the spinner, count down.
    Tick,
    /// The server answered (or the network failed) for request `id`.
    Answered {
        id: RequestId,
        outcome: Outcome,
        exchange: Box<Exchange>,
    },
    /// The client could not be set up for request `id` (bad --cacert, say).
    ClientRejected {
        id: RequestId,
        error: String,
    },
    /// Whose the fresh token is (the user-info check), or why that could not be confirmed.
    TokenChecked {
        result: Result<UserInfo, String>,
        exchange: Box<Exchange>,
    },
    /// The result of a copy, in words for the success screen.
    Copied(String),
    /// Where the support report went (a path to show), or why it could not be written.
    ReportWritten(Result<String, String>),
    /// SIGTERM or SIGHUP: leave at once, terminal restored.
    Terminate,
}

#[derive(Debug)]
pub enum Effect {
    Send {
        id: RequestId,
        config: ClientConfig,
        request: TokenRequest,
    },
    Cancel(RequestId),
    Copy(SecretString),
    /// Ask the server whose the fresh token is, which also proves that it works.
    CheckToken {
        config: ClientConfig,
        app_key: SecretString,
        token: SecretString,
    },
    /// Write the support report to `path`, or to a timestamped file when `None`.
    WriteReport {
        path: Option<PathBuf>,
        text: String,
    },
}
