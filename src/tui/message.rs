//! What flows into `update` (messages, each with the time it happened) and out of it (effects for the
//! runtime to carry out).

use std::io;
use std::path::PathBuf;
use std::time::{Instant, SystemTime};

use crossterm::event::KeyEvent;
use secrecy::SecretString;

use crate::auth::{CheckError, ClientConfig, ClientOptionError, Outcome, TokenRequest, UserInfo};
use crate::clipboard::Copied;
use crate::clipboard::Copier;
use crate::diag::Exchange;
use crate::diag::report;
use crate::session::{
    Dropped, Kept, NewProfile, ProfileSaved, SaveProfileError, Saver, StoreError, StoredSession,
};

/// Identifies one request, so the answer of a cancelled one can be recognised and ignored.
pub type RequestId = u64;

/// When a message happened: the monotonic clock for waits and countdowns, the wall clock for records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Now {
    pub instant: Instant,
    pub wall: SystemTime,
}

impl Now {
    /// The time of the machine; only the runtime asks, `update` is told.
    pub fn read() -> Now {
        Now {
            instant: Instant::now(),
            wall: SystemTime::now(),
        }
    }
}

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
    /// Request `id` was not sent: the login lock could not be taken (another run's login took too long).
    LockNotTaken {
        id: RequestId,
        why: String,
    },
    /// The client could not be set up for request `id` (bad --cacert, say).
    ClientRejected {
        id: RequestId,
        error: ClientOptionError,
    },
    /// Whose the token of check `id` is (the user-info check), or why that could not be confirmed.
    TokenChecked {
        id: RequestId,
        result: Result<UserInfo, CheckError>,
        exchange: Box<Exchange>,
    },
    /// What a copy to the system clipboard did.
    Copied(Copied),
    /// What the OSC 52 copy did (the sequence written by the loop, between frames; tmux's buffer seen to).
    Osc52Written(Copied),
    /// Where the support report went, or why it could not be written.
    ReportWritten(Result<report::Written, ReportError>),
    /// Where the fresh token was stored and until when it is valid, or why it could not be stored.
    Stored(Result<Kept, StoreError>),
    /// What dropping the stored token did (`x` on a stored session).
    LoggedOut(Result<Dropped, StoreError>),
    /// What saving the login as a profile did.
    ProfileSaved(Result<ProfileSaved, SaveProfileError>),
    /// Read `id`'s answer: the session stored for `profile`, as the store holds it, or why it could not
    /// be read.
    StoredRead {
        id: RequestId,
        profile: Option<String>,
        result: Result<Option<StoredSession>, StoreError>,
    },
    /// SIGTERM or SIGHUP: leave at once, terminal restored.
    Terminate,
}

/// Why the support report could not be written.
#[derive(Debug, thiserror::Error)]
#[error("{}{source}", .path.as_ref().map(|p| format!("{}: ", p.display())).unwrap_or_default())]
pub struct ReportError {
    /// The `--report` file, when one was named.
    pub path: Option<PathBuf>,
    pub source: io::Error,
}

#[derive(Debug)]
pub enum Effect {
    Send {
        id: RequestId,
        config: ClientConfig,
        request: TokenRequest,
    },
    Cancel(RequestId),
    /// Hand the token to a keeper process for the system clipboard.
    CopyToSystem {
        copier: Copier,
        token: SecretString,
    },
    /// Write the token's OSC 52 sequence to the terminal; the loop does it, between two frames.
    Osc52 {
        copier: Copier,
        token: SecretString,
    },
    /// Ask the server whose the token is, which also proves that it works; `id` recognises the answer.
    CheckToken {
        id: RequestId,
        config: ClientConfig,
        app_key: SecretString,
        token: SecretString,
    },
    /// Store the fresh token of `username` at `url`, issued `at` (a saved app key becomes `app_key`,
    /// the one that logged in).
    Store {
        saver: Saver,
        token: SecretString,
        app_key: SecretString,
        url: String,
        username: String,
        at: SystemTime,
    },
    /// Drop the token stored for `username` at `url` (or under the saver's profile).
    LogOut {
        saver: Saver,
        url: String,
        username: String,
    },
    /// Read the session stored for `profile`'s `username` at `url` (Ctrl-P to a profile not yet read);
    /// `id` recognises the answer.
    ReadStored {
        id: RequestId,
        profile: Option<String>,
        saver: Saver,
        url: Option<String>,
        username: Option<String>,
    },
    /// Save the login as a profile in the `config` file, its app key and token in the store.
    SaveProfile {
        saver: Saver,
        config: PathBuf,
        new: Box<NewProfile>,
    },
    /// Write the support report to `path`, or to a timestamped file when `None`.
    WriteReport {
        path: Option<PathBuf>,
        text: String,
    },
}
