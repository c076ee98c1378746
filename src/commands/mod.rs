//! The subcommands that use stored sessions: `token`, `exec`, `status`, `logout`, `profiles`.
//!
//! They share one [`Context`] (the session's): the resolved settings, the config file, the store and the
//! key of this run's session. A login they need is done by the front end the entry hands them ([`Login`]).

mod exec;
mod obtain;
mod output;

use secrecy::SecretString;

use crate::exit::Exit;
pub use crate::session::Context;
use crate::session::{Kept, LockPlace, Settings};
pub use crate::session::{human_duration, local_time};

pub use exec::exec;
pub use obtain::{Validity, keep, obtain, ready};
pub use output::{logout, profiles, status, token};

/// A login that succeeded: the token, and where and as whom (the TUI's form may differ from the settings).
pub struct LoggedIn {
    pub token: SecretString,
    pub url: String,
    pub username: String,
    pub app_key: Option<SecretString>,
}

/// What a front end hands back from a login: whether the token is stored already decides who stores it,
/// so that it is stored once.
pub enum Obtained {
    /// Not stored yet: [`keep`] stores it (line mode; or a TUI whose store did not take it).
    Fresh(LoggedIn),
    /// Stored by the front end, which said where and until when on a screen of its own and in the line it
    /// leaves on stderr (the TUI's): [`keep`] says nothing more.
    Stored(LoggedIn, Kept),
}

/// Logs in with the given settings, or says how to exit; given the login lock, takes it while a request
/// is under way. The `&str` is why a login is needed, as stderr said it ("no stored token for profile
/// p"): a front end with a screen says it there too.
pub type LogIn<'a> = dyn Fn(&Settings, Option<LockPlace>, &str) -> Result<Obtained, Exit> + 'a;

/// The login that `token` and `exec` need, through the front end the entry chose.
pub struct Login<'a> {
    /// Logs in with the given settings, or says how to exit. Given the login lock, the front end takes
    /// it itself, only while a request is under way.
    pub run: &'a LogIn<'a>,
    /// Whether the front end waits for the user on screens of its own (the TUI): it is handed the lock
    /// instead of logging in under it, so that a form left open holds no script back. Asked only when a
    /// login is needed.
    pub waits_for_the_user: &'a dyn Fn() -> bool,
}
