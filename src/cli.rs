//! Command-line flags, environment variables and subcommands (the contract in DESIGN.md).

use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, Subcommand};
use secrecy::SecretString;

use crate::auth::ClientOptions;
use crate::clipboard::ClipboardMode;

/// Environment variable that may hold the password (never a flag: argv is visible to every user).
pub const PASSWORD_ENV: &str = "AUTOSHARES_PASSWORD";

#[derive(Debug, Parser)]
#[command(
    name = "autoshares-login",
    version,
    about = "Log in to the AutoShares Trading API from a terminal and put the session token on the clipboard"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Use the built-in sandbox server on loopback, with the form prefilled.
    #[arg(long)]
    pub demo: bool,

    /// Line mode for scripts and dumb terminals: prompts on stderr, answers from stdin, token on stdout.
    #[arg(long)]
    pub no_tui: bool,

    #[command(flatten)]
    pub login: LoginArgs,
}

/// Where and as whom to log in, and how to handle the token.
#[derive(Debug, Clone, clap::Args)]
pub struct LoginArgs {
    /// API base, e.g. https://pub-api-et-demo-prod.etnasoft.us/api (the request goes to URL/token).
    #[arg(long, env = "AUTOSHARES_URL", value_name = "URL")]
    pub url: Option<String>,

    /// Application key, sent as Et-App-Key (prefer AUTOSHARES_APP_KEY: argv is visible to other users).
    #[arg(
        long,
        env = "AUTOSHARES_APP_KEY",
        value_name = "KEY",
        hide_env_values = true,
        value_parser = secret
    )]
    pub app_key: Option<SecretString>,

    /// The user to log in as.
    #[arg(long, env = "AUTOSHARES_USERNAME", value_name = "NAME")]
    pub username: Option<String>,

    /// Where the token is copied.
    #[arg(long, value_enum, default_value_t = ClipboardMode::Auto, value_name = "MODE")]
    pub clipboard: ClipboardMode,

    /// Clear the clipboard after SECS if it still holds the token (0 = never).
    #[arg(long, default_value_t = 30, value_name = "SECS")]
    pub clear_after: u64,

    /// After the TUI closes, write the token and a newline to stdout.
    #[arg(long)]
    pub print: bool,

    /// Append one JSON line per HTTP exchange to FILE, secrets redacted.
    #[arg(long, value_name = "FILE")]
    pub log: Option<PathBuf>,

    /// Write the support report (Markdown, secrets redacted) to FILE: at the end in line mode, on `r` in the TUI.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,

    /// Per-request timeout in seconds.
    #[arg(long, default_value_t = 30, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout: u64,

    /// Extra PEM root certificate(s) to trust.
    #[arg(long, value_name = "FILE")]
    pub cacert: Option<PathBuf>,

    /// Permit plain http:// to a host that is not loopback.
    #[arg(long)]
    pub allow_http: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Internal: serve the system clipboard after the TUI exits (the token comes on stdin).
    #[command(name = crate::clipboard::keeper::SUBCOMMAND, hide = true)]
    KeepClipboard {
        #[arg(long, default_value_t = 30)]
        clear_after: u64,
    },
    /// Run the sandbox server in the foreground (for trying the tool and support training).
    Sandbox {
        /// Port on 127.0.0.1 (0 picks a free one).
        #[arg(long, default_value_t = 8787)]
        port: u16,
        /// A scenarios file in the format of assets/sandbox.toml.
        #[arg(long, value_name = "FILE")]
        scenarios: Option<PathBuf>,
    },
}

/// Parses a flag that holds a secret, so that `Debug` of the parsed command line shows `[REDACTED]`.
fn secret(value: &str) -> Result<SecretString, std::convert::Infallible> {
    Ok(SecretString::from(value))
}

impl LoginArgs {
    /// How these flags say to talk to a server.
    pub fn client_options(&self) -> ClientOptions {
        ClientOptions {
            timeout: Duration::from_secs(self.timeout),
            cacert: self.cacert.clone(),
            allow_http: self.allow_http,
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn defaults_follow_the_contract() {
        let cli = Cli::try_parse_from(["autoshares-login"]).unwrap();
        assert_eq!(cli.login.clipboard, ClipboardMode::Auto);
        assert_eq!((cli.login.clear_after, cli.login.timeout), (30, 30));
        assert!(!cli.login.print && !cli.no_tui && !cli.demo);
    }

    #[test]
    fn there_is_no_flag_for_a_password() {
        assert!(Cli::try_parse_from(["autoshares-login", "--password", "x"]).is_err());
        assert!(Cli::try_parse_from(["autoshares-login", "--pin", "1"]).is_err());
    }

    #[test]
    fn debug_output_hides_the_app_key() {
        let cli = Cli::try_parse_from(["autoshares-login", "--app-key", "APPKEY-SECRET-1"]);
        let shown = format!("{cli:?}");
        assert!(!shown.contains("APPKEY-SECRET-1"), "{shown}");
        let key = cli.unwrap().login.app_key.expect("the key was given");
        assert_eq!(
            secrecy::ExposeSecret::expose_secret(&key),
            "APPKEY-SECRET-1"
        );
    }

    #[test]
    fn a_zero_timeout_is_a_usage_error() {
        let err = Cli::try_parse_from(["autoshares-login", "--timeout", "0"]).unwrap_err();
        assert_eq!(err.exit_code(), 2);
    }
}
