//! Command-line flags, environment variables and subcommands (the contract in DESIGN.md).
//!
//! Only the entry (`main.rs`) reads these structs: it turns them into one [`Layer`] of settings that
//! the profile and the defaults complete, and no module below the entry imports this one.

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser, ValueParser};
use clap::error::ErrorKind;
use clap::parser::ValueSource;
use clap::{Arg, ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand};
use clap_complete::engine::{ArgValueCandidates, CompletionCandidate};
use secrecy::SecretString;

use crate::build_info;
use crate::clipboard::ClipboardMode;
use crate::exit::Exit;
use crate::generate::Shell;
use crate::session::{
    Choice, Config, FilePath, Layer, MAX_TIMEOUT_SECS, PASSWORD_ENV, Paths, Plain, Seconds, Secret,
    StoreMode,
};

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
        "inside tmux, an OSC 52 copy asks tmux whether `set-clipboard` lets it through",
    ),
    (
        "AUTOSHARES_TOKEN, AUTOSHARES_TOKEN_EXPIRES",
        "set by `exec` for COMMAND, with AUTOSHARES_URL, AUTOSHARES_APP_KEY and AUTOSHARES_USERNAME",
    ),
    (
        "XDG_CONFIG_HOME, XDG_STATE_HOME",
        "where the config file and the file store live (Linux)",
    ),
    (
        crate::generate::COMPLETE_ENV,
        "set by the completion scripts at Tab time: the program prints completions instead of running",
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
    version = build_info::VERSION,
    long_version = build_info::long_version(),
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
    #[arg(
        long,
        env = "AUTOSHARES_PROFILE",
        value_name = "NAME",
        global = true,
        add = ArgValueCandidates::new(profile_names)
    )]
    pub profile: Option<String>,

    /// The login settings, from the schema.
    #[command(flatten)]
    pub settings: SettingFlags,

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
    /// Print the script that makes SHELL complete the command line (it asks this program at Tab time).
    Completions {
        /// The shell: bash, zsh, fish, elvish or powershell.
        #[arg(value_enum)]
        shell: Shell,
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

/// What a subcommand uses of the options of the top level (`--demo`, `--no-tui` and the login options),
/// by their ids (the fields' names).
enum Uses {
    Only(&'static [&'static str]),
    AllBut(&'static [&'static str]),
}

impl Uses {
    fn uses(&self, id: &str) -> bool {
        match self {
            Uses::Only(ids) => ids.contains(&id),
            Uses::AllBut(ids) => !ids.contains(&id),
        }
    }
}

/// Each subcommand and the options of the top level it uses, as its code reads them: the others are
/// hidden from its `--help` and refused on its command line, before or after its name. (`--print` is
/// the TUI's: `token` always prints and `exec` never does; `status` needs the app key, the timeout and
/// the TLS settings only for `--check`; `keep-clipboard`'s own `--clear-after` shares the id.)
const USES: &[(&str, Uses)] = &[
    ("token", Uses::AllBut(&["demo", "print"])),
    ("exec", Uses::AllBut(&["demo", "print"])),
    (
        "status",
        Uses::Only(&[
            "profile",
            "url",
            "username",
            "store",
            "app_key",
            "timeout",
            "cacert",
            "allow_http",
        ]),
    ),
    (
        "logout",
        Uses::Only(&["profile", "url", "username", "store"]),
    ),
    ("profiles", Uses::Only(&[])),
    (
        "doctor",
        Uses::AllBut(&["demo", "print", "no_tui", "clear_after"]),
    ),
    ("inspect", Uses::Only(&["report"])),
    ("completions", Uses::Only(&[])),
    ("man", Uses::Only(&[])),
    ("sandbox", Uses::Only(&[])),
    (
        crate::clipboard::keeper::SUBCOMMAND,
        Uses::Only(&["clear_after"]),
    ),
    (crate::clipboard::tmux::SUBCOMMAND, Uses::Only(&[])),
];

/// Whether `subcommand` uses the option `id` of the top level (a subcommand missing from [`USES`] uses
/// none).
fn uses(subcommand: &str, id: &str) -> bool {
    (USES.iter()).any(|(name, uses)| *name == subcommand && uses.uses(id))
}

/// The command line, as `--help`, the man page and the completions show it and as it is checked: the
/// options of the top level there, and each subcommand with its own options and the ones of the top
/// level it uses ([`USES`]), before or after its name. Nothing else is accepted after its name.
pub fn command() -> clap::Command {
    let top = Cli::command().mut_args(|arg| arg.global(false));
    let names: Vec<String> = (top.get_subcommands())
        .map(|sub| sub.get_name().to_string())
        .collect();
    names.iter().fold(top, |top, name| {
        let used: Vec<Arg> = (top.get_arguments())
            .filter(|arg| uses(name, arg.get_id().as_str()))
            .cloned()
            .collect();
        top.mut_subcommand(name, |sub| {
            // An option of its own with the same id (`keep-clipboard --clear-after`) stays its own.
            let used: Vec<Arg> = (used.into_iter())
                .filter(|arg| sub.get_arguments().all(|own| own.get_id() != arg.get_id()))
                .collect();
            sub.args(used)
        })
    })
}

/// Parses `args` (the program's name first) as [`command`] defines them: `--help`, `--version` and usage
/// errors stop the run, and so does an option of the top level given on the command line, before or
/// after the subcommand, that the subcommand does not use (a variable is not refused: it may be set
/// for other runs). The values are read with every option of the top level taken everywhere (`Cli`'s
/// own definition), so that one given before the subcommand and one given after it are one setting.
pub fn parse_from<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString>,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let everywhere = Cli::command().try_get_matches_from(&args);
    let mut command = command();
    command.build();
    if let Ok(matches) = &everywhere
        && let Some((name, _)) = matches.subcommand()
    {
        let unused = (command.get_arguments()).find(|arg| {
            let id = arg.get_id().as_str();
            !matches!(id, "help" | "version")
                && !uses(name, id)
                && matches.value_source(id) == Some(ValueSource::CommandLine)
        });
        if let Some(arg) = unused {
            let flag = arg.get_long().unwrap_or(arg.get_id().as_str());
            let message = format!("--{flag} has no effect on `{name}`");
            let name = name.to_string();
            return Err(match command.find_subcommand_mut(&name) {
                Some(sub) => sub.error(ErrorKind::ArgumentConflict, message),
                None => command.error(ErrorKind::ArgumentConflict, message),
            });
        }
    }
    command.try_get_matches_from_mut(&args)?;
    Cli::from_arg_matches(&everywhere?)
}

/// The profile names of the config file a run would read, for `--profile <Tab>`: none when it is
/// missing or cannot be read (completing never fails, and never waits: the file is read size-capped,
/// and only when it is a regular file).
fn profile_names() -> Vec<CompletionCandidate> {
    let config = Paths::from_env().and_then(|paths| Config::load(&paths.config));
    (config.into_iter())
        .flat_map(|config| config.profiles.into_keys())
        .map(CompletionCandidate::new)
        .collect()
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
        self.settings.layer()
    }
}

/// How a flag parses the value of a setting read through the codec `Self` in a profile: the command
/// line's side of the schema.
trait FlagValue<T> {
    /// A secret: `--help` never shows its variable's value.
    const SECRET: bool = false;
    fn parser() -> ValueParser;
    fn action() -> ArgAction {
        ArgAction::Set
    }
    /// The setting the flag gives, from what clap parsed.
    fn given(value: Option<T>) -> Option<T> {
        value
    }
}

impl FlagValue<String> for Plain {
    fn parser() -> ValueParser {
        clap::value_parser!(String)
    }
}

impl FlagValue<u64> for Plain {
    fn parser() -> ValueParser {
        clap::value_parser!(u64).into()
    }
}

/// A switch: given, it sets the setting; absent, it leaves it to the profile (never `false` over it).
impl FlagValue<bool> for Plain {
    fn parser() -> ValueParser {
        clap::value_parser!(bool)
    }
    fn action() -> ArgAction {
        ArgAction::SetTrue
    }
    fn given(value: Option<bool>) -> Option<bool> {
        value.filter(|set| *set)
    }
}

impl FlagValue<StoreMode> for Plain {
    fn parser() -> ValueParser {
        choice::<StoreMode>()
    }
}

impl FlagValue<ClipboardMode> for Plain {
    fn parser() -> ValueParser {
        choice::<ClipboardMode>()
    }
}

/// Parsed so that `Debug` of the parsed command line shows `[REDACTED]`.
impl FlagValue<SecretString> for Secret {
    const SECRET: bool = true;
    fn parser() -> ValueParser {
        ValueParser::new(secret)
    }
}

impl FlagValue<Duration> for Seconds {
    fn parser() -> ValueParser {
        ValueParser::new(
            clap::value_parser!(u64)
                .range(1..=MAX_TIMEOUT_SECS)
                .map(Duration::from_secs),
        )
    }
}

impl FlagValue<PathBuf> for FilePath {
    fn parser() -> ValueParser {
        clap::value_parser!(PathBuf)
    }
}

/// The words of a [`Choice`], each with what it means in `--help`.
fn choice<T: Choice + Clone + Send + Sync>() -> ValueParser {
    let values = T::ALL.iter().map(|c| {
        let value = PossibleValue::new(c.name());
        match c.about() {
            Some(about) => value.help(about),
            None => value,
        }
    });
    ValueParser::new(
        PossibleValuesParser::new(values)
            .try_map(|word| T::named(&word).ok_or_else(|| format!("{word:?} is not a choice"))),
    )
}

/// Generates, from the settings' one declaration (`session::with_login_settings!`), the flag of each
/// setting that has one, with its variable, its value's name and its help.
macro_rules! login_flags {
    (
        flagged { $(
            $(#[doc = $doc:literal])+
            $name:ident : $ty:ty {
                profile: $codec:ident,
                default: $default:tt,
                env: $env:tt,
                flag: $flag:tt,
            }
        )* }
        profile_only { $($only:tt)* }
    ) => {
        /// The login settings that have a flag (and maybe a variable), generated from the schema.
        #[derive(Debug, Clone, clap::Args)]
        pub struct SettingFlags {
            $(
                $(#[doc = $doc])+
                #[arg(
                    long,
                    global = true,
                    env = login_flags!(@option $env),
                    value_name = login_flags!(@value_name $flag),
                    hide_env_values = <$codec as FlagValue<$ty>>::SECRET,
                    value_parser = <$codec as FlagValue<$ty>>::parser(),
                    action = <$codec as FlagValue<$ty>>::action()
                )]
                pub $name: Option<$ty>,
            )*
        }

        impl SettingFlags {
            /// The settings these flags give.
            pub fn layer(&self) -> Layer {
                Layer {
                    $( $name: <$codec as FlagValue<$ty>>::given(self.$name.clone()), )*
                    ..Layer::default()
                }
            }
        }
    };
    (@option none) => { None::<&'static str> };
    (@option $text:literal) => { Some($text) };
    (@value_name $value_name:literal) => { Some($value_name) };
    (@value_name $other:tt) => { None::<&'static str> };
}

crate::with_login_settings!(login_flags);

#[cfg(test)]
mod tests;
