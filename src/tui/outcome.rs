//! How the TUI ended, for the entry: the exit code, the token, and where and as whom it was obtained.

use secrecy::SecretString;

use crate::exit::Exit;

/// How the TUI ended: the exit code and, when there is one, the token (for `--print`) and whose it is.
#[derive(Debug)]
pub struct AppExit {
    pub exit: Exit,
    pub token: Option<SecretString>,
    /// The URL, username and app key the token was obtained with (for the store).
    pub login: Option<LoginUsed>,
    /// One line for the terminal once the TUI is gone (never the token).
    pub summary: String,
}

/// Where and as whom the token of a successful login was obtained, as the form said.
#[derive(Debug, Clone)]
pub struct LoginUsed {
    pub url: String,
    pub username: String,
    pub app_key: SecretString,
}
