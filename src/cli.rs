//! Command-line flags, environment variables and subcommands (the contract in DESIGN.md).
//!
//! Only the entry (`main.rs`) reads these structs: it turns them into one [`Layer`] of settings that
//! the profile and the defaults complete, and no module below the entry imports this one.

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, Subcommand};
use secrecy::SecretString;

use crate::clipboard::ClipboardMode;
use crate::exit::Exit;
use crate::session::{Layer, MAX_TIMEOUT_SECS, PASSWORD_ENV, StoreMode};

/// Every environment variable the program reads, and what it does: `--help` and the man page list these.
pub const ENVIRONMENT: &[(&str, &str)] = &[
    ("AUTOSHARES_PROFILE", "the profile, as --profile"),
    (
        "AUTOSHARES_CONFIG",
        "the config file (default: the platform's config dir, e.g. ~/.config/autoshares-login/config.toml)",
    ),
    ("AUTOSHARES_URL", "the API base, as --url"),
    (
        "AUTOSHARES_APP_KEY",
        "the app key, as --app-key (preferred: argv is visible to other users)",
    ),
    ("AUTOSHARES_USERNAME", "the user, as --username"),
    (
        PASSWORD_ENV,
        "the password: line mode then reads no password line, the TUI starts with it filled in",
    ),
    (
        "TERM",
        "when `dumb` or unset (on Windows: `dumb`), line mode (as --no-tui)",
    ),
    (
        "DISPLAY, WAYLAND_DISPLAY",
        "a desktop whose clipboard --clipboard auto uses",
    ),
    (
        "SSH_CONNECTION, SSH_CLIENT, SSH_TTY",
        "over SSH, --clipboard auto copies through the terminal (OSC 52)",
    ),
    (
        "TMUX",
        "inside tmux, the copy message names `set-clipboard on`",
    ),
    (
        "AUTOSHARES_TOKEN, AUTOSHARES_TOKEN_EXPIRES",
        "set by `exec` for COMMAND, with AUTOSHARES_URL, AUTOSHARES_APP_KEY and AUTOSHARES_USERNAME",
    ),
    (
        "XDG_CONFIG_HOME, XDG_STATE_HOME",
        "where the config file and the file store live (Linux)",
    ),
];

/// The text after the options in `--help`: the environment and the exit codes.
fn after_help() -> String {
    let width = ENVIRONMENT
        .iter()
        .map(|(name, _)| name.len())
        .max()
        .unwrap_or(0);
    let mut text = String::from("Environment:\n");
    for (name, meaning) in ENVIRONMENT {
        text.push_str(&format!("  {name:<width$}  {meaning}\n"));
    }
    text.push_str("\nExit codes:\n");
    for exit in Exit::ALL {
        text.push_str(&format!("  {:<3}  {}\n", exit.code(), exit.meaning()));
    }
    text
}

#[derive(Debug, Parser)]
#[command(
    name = "autoshares-login",
    version,
    about = "Log in to the AutoShares Trading API from a terminal and put the session token on the clipboard",
    after_help = after_help()
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Use the built-in sandbox server on loopback, with the form prefilled (the config file's profiles
    /// are not used).
    #[arg(long)]
    pub demo: bool,

    /// Line mode for scripts and dumb terminals: prompts on stderr, answers from stdin, token on stdout.
    #[arg(long, global = true)]
    pub no_tui: bool,

    #[command(flatten)]
    pub login: LoginArgs,
}

/// Where and as whom to log in, and how to handle the token. Accepted before or after a subcommand.
#[derive(Debug, Clone, clap::Args)]
pub struct LoginArgs {
    /// Settings from the config file's [profiles.NAME] (else its default_profile).
    #[arg(long, env = "AUTOSHARES_PROFILE", value_name = "NAME", global = true)]
    pub profile: Option<String>,

    /// API base, e.g. https://pub-api-et-demo-prod.etnasoft.us/api (the request goes to URL/token).
    #[arg(long, env = "AUTOSHARES_URL", value_name = "URL", global = true)]
    pub url: Option<String>,

    /// Application key, sent as Et-App-Key (prefer AUTOSHARES_APP_KEY: argv is visible to other users).
    #[arg(
        long,
        env = "AUTOSHARES_APP_KEY",
        value_name = "KEY",
        hide_env_values = true,
        value_parser = secret,
        global = true
    )]
    pub app_key: Option<SecretString>,

    /// The user to log in as.
    #[arg(long, env = "AUTOSHARES_USERNAME", value_name = "NAME", global = true)]
    pub username: Option<String>,

    /// Where tokens and saved app keys live [default: auto].
    #[arg(long, value_enum, value_name = "MODE", global = true)]
    pub store: Option<StoreMode>,

    /// Where the token is copied [default: auto].
    #[arg(long, value_enum, value_name = "MODE", global = true)]
    pub clipboard: Option<ClipboardMode>,

    /// Clear the clipboard (and, in tmux, the paste buffers) after SECS if it still holds the token;
    /// 0 = never [default: 30].
    #[arg(long, value_name = "SECS", global = true)]
    pub clear_after: Option<u64>,

    /// After the TUI closes, write the token and a newline to stdout (implied when stdout is not a terminal).
    #[arg(long, global = true)]
    pub print: bool,

    /// Append one JSON line per HTTP exchange to FILE, secrets redacted.
    #[arg(long, value_name = "FILE", global = true)]
    pub log: Option<PathBuf>,

    /// Write the support report (Markdown, secrets redacted) to FILE: at the end in line mode, on `r` in the
    /// TUI; with `inspect`, from the log instead of opening the viewer.
    #[arg(long, value_name = "FILE", global = true)]
    pub report: Option<PathBuf>,

    /// Per-request timeout in seconds, 1 to 3600 [default: 30].
    #[arg(
        long,
        value_name = "SECS",
        value_parser = clap::value_parser!(u64).range(1..=MAX_TIMEOUT_SECS),
        global = true
    )]
    pub timeout: Option<u64>,

    /// Extra PEM root certificate(s) to trust.
    #[arg(long, value_name = "FILE", global = true)]
    pub cacert: Option<PathBuf>,

    /// Permit plain http:// to a host that is not loopback.
    #[arg(long, global = true)]
    pub allow_http: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print a valid token on stdout, logging in first if the stored one is missing or about to expire.
    Token {
        /// Print {"token","issued_at","expires_at","username","url","profile"} instead of the bare token.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        validity: Validity,
    },
    /// Who is logged in, per profile, and for how long (exit 0 when the token is valid, 1 when not).
    #[command(mut_arg("check", |check| check.help(
        "Confirm the stored token with the server (GET {base}/v1.0/users/@me/info): one it refuses is not valid"
    )))]
    Status {
        /// A JSON array instead of text: one object per session, with "valid" and "seconds_left".
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        validity: Validity,
    },
    /// Drop the stored token (saying so when there was none).
    Logout {
        /// Every profile's token, not only this one's.
        #[arg(long)]
        all: bool,
        /// The stored app key too.
        #[arg(long)]
        forget: bool,
    },
    /// Run COMMAND with AUTOSHARES_TOKEN, _URL, _APP_KEY, _USERNAME and _TOKEN_EXPIRES in its environment.
    Exec {
        #[command(flatten)]
        validity: Validity,
        /// The program and its arguments, after `--`.
        #[arg(required = true, last = true, value_name = "COMMAND")]
        command: Vec<OsString>,
    },
    /// List the profiles: name, URL, username, where secrets live, time left.
    Profiles,
    /// Check what a login needs, without a password: URL, proxy, DNS, TCP, TLS, the token endpoint, the
    /// app key, the clock and the clipboard (exit 0 when no check failed, 1 when one did).
    Doctor {
        /// One JSON document on stdout, for a ticket.
        #[arg(long)]
        json: bool,
    },
    /// Read a --log FILE (a customer's) in the timeline viewer, grouped by attempt, with each failure's
    /// hint; with --report OUT, write the support report from it instead.
    Inspect {
        /// The log file, one JSON line per HTTP exchange.
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Internal: serve the system clipboard after the TUI exits (the token comes on stdin).
    #[command(name = crate::clipboard::keeper::SUBCOMMAND, hide = true)]
    KeepClipboard {
        #[arg(long, default_value_t = 30)]
        clear_after: u64,
    },
    /// Print the completion script for SHELL on stdout.
    Completions {
        /// The shell: bash, zsh, fish, elvish or powershell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) on stdout.
    Man,
    /// Internal: delete the tmux paste buffers holding the token after SECS (its SHA-256 comes on stdin).
    #[command(name = crate::clipboard::tmux::SUBCOMMAND, hide = true)]
    ClearTmuxBuffers {
        #[arg(long, value_name = "SECS")]
        after: u64,
    },
    /// Run the sandbox server in the foreground (for trying the tool and support training).
    Sandbox {
        /// Port on 127.0.0.1 (0 picks a free one).
        #[arg(long, default_value_t = 8787, value_name = "N")]
        port: u16,
        /// A scenarios file in the format of assets/sandbox.toml.
        #[arg(long, value_name = "FILE")]
        scenarios: Option<PathBuf>,
    },
}

/// How much life a stored token must have left, and whether to ask the server first.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct Validity {
    /// A stored token with less than DUR left counts as expired (e.g. 90s, 5m, 1h).
    #[arg(long, value_name = "DUR", default_value = "5m", value_parser = duration)]
    pub min_valid: Duration,
    /// Confirm a stored token with the server first (GET {base}/v1.0/users/@me/info); log in again on 401.
    #[arg(long)]
    pub check: bool,
}

/// Parses a flag that holds a secret, so that `Debug` of the parsed command line shows `[REDACTED]`.
fn secret(value: &str) -> Result<SecretString, std::convert::Infallible> {
    Ok(SecretString::from(value))
}

/// A duration flag that does not parse: the parser's words, and how to write one.
#[derive(Debug, thiserror::Error)]
#[error("{0} (write e.g. 90s, 5m or 1h)")]
struct BadDuration(String);

/// Parses a duration such as `90s`, `5m` or `1h 30m`.
fn duration(value: &str) -> Result<Duration, BadDuration> {
    crate::session::parse_duration(value).map_err(|e| BadDuration(e.to_string()))
}

impl LoginArgs {
    /// The settings these flags (and their environment variables) give; unset ones are left to the
    /// profile and the defaults.
    pub fn layer(&self) -> Layer {
        Layer {
            url: self.url.clone(),
            app_key: self.app_key.clone(),
            username: self.username.clone(),
            store: self.store,
            clipboard: self.clipboard,
            clear_after: self.clear_after,
            timeout: self.timeout.map(Duration::from_secs),
            cacert: self.cacert.clone(),
            allow_http: self.allow_http.then_some(true),
            token_lifetime: None,
        }
    }
}

#[cfg(test)]
mod tests;
