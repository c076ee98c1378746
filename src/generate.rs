//! What is generated from the command-line definition: shell completion scripts and the man page.

use std::io::{self, Write};

use std::path::PathBuf;

use clap::{Arg, Command};
use clap_complete::env::{self, EnvCompleter};
use clap_mangen::Man;
use roff::{Roff, bold, italic, roman};

use crate::exit::Exit;
use crate::session::SETTINGS;

/// The program's name, as the shell and `man` know it.
const BIN: &str = "autoshares-login";

/// A shell whose completion `completions SHELL` registers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    Bash,
    Elvish,
    Fish,
    Powershell,
    Zsh,
}

impl Shell {
    fn adapter(self) -> &'static dyn EnvCompleter {
        match self {
            Shell::Bash => &env::Bash,
            Shell::Elvish => &env::Elvish,
            Shell::Fish => &env::Fish,
            Shell::Powershell => &env::Powershell,
            Shell::Zsh => &env::Zsh,
        }
    }
}

/// The variable that asks the program for completions instead of a run (`main` answers it first).
pub const COMPLETE_ENV: &str = "COMPLETE";

/// The script that registers completion for `shell`: at Tab time it runs `completer` (this program) with
/// [`COMPLETE_ENV`] set, which answers from the command line's definition and from what the user has
/// (the config's profile names), so the script never goes stale.
pub fn completions(shell: Shell, completer: &str) -> Vec<u8> {
    let mut script = Vec::new();
    (shell.adapter())
        .write_registration(COMPLETE_ENV, BIN, BIN, completer, &mut script)
        .expect("writing to memory cannot fail");
    script
}

/// This program as the completion script should run it: the name it was called by, which the shell
/// finds on PATH at Tab time, or a path made absolute (as `CompleteEnv` itself does).
pub fn completer() -> String {
    let called = std::env::args_os().next().map(PathBuf::from);
    let called = called.unwrap_or_else(|| PathBuf::from(BIN));
    let absolute = match std::env::current_dir() {
        Ok(dir) if called.components().count() > 1 => dir.join(called),
        _ => called,
    };
    absolute.to_string_lossy().into_owned()
}

/// The man page (section 1, roff) of `command`: clap_mangen's name, synopsis, description and options,
/// then this page's own [`SECTIONS`] (the subcommands, the files, `environment`, the exit codes, examples).
pub fn man_page(command: Command, environment: &[(&str, &str)]) -> Vec<u8> {
    let mut page = Vec::new();
    write_man_page(command, environment, &mut page).expect("writing to memory cannot fail");
    page
}

fn write_man_page(
    mut command: Command,
    environment: &[(&str, &str)],
    out: &mut dyn Write,
) -> io::Result<()> {
    command.build();
    let man = Man::new(command.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    let mut roff = Roff::default();
    let page = Page {
        command: &command,
        environment,
    };
    for (title, write) in SECTIONS {
        roff.control("SH", [*title]);
        write(&mut roff, &page);
    }
    roff.to_writer(out)?;
    man.render_version_section(out)
}

/// What the page's own sections are written from.
struct Page<'a> {
    command: &'a Command,
    environment: &'a [(&'a str, &'a str)],
}

/// What writes a section's body (its heading is written for it).
type WriteSection = fn(&mut Roff, &Page);

/// The sections after OPTIONS, in order, each with its writer: a new section is one entry here.
const SECTIONS: &[(&str, WriteSection)] = &[
    ("COMMANDS", subcommands_section),
    ("CONFIGURATION", configuration_section),
    ("FILES", files_section),
    ("ENVIRONMENT", environment_section),
    ("EXIT STATUS", exit_status_section),
    ("EXAMPLES", examples_section),
];

/// The files the program reads and writes, and what is in them.
const FILES: &[(&str, &str)] = &[
    (
        "$XDG_CONFIG_HOME/autoshares-login/config.toml",
        "The config file (~/.config/autoshares-login/config.toml on Linux; the platform's config folder elsewhere; AUTOSHARES_CONFIG names another): default_profile and the [profiles.NAME] tables. Never a password.",
    ),
    (
        "$XDG_STATE_HOME/autoshares-login/sessions/",
        "The file store (--store file, or auto without a keyring): one record per profile with its token, expiry and saved app key, readable by its owner only.",
    ),
    (
        "$XDG_STATE_HOME/autoshares-login/locks/",
        "The login locks that keep two token or exec runs of one profile from logging in at once.",
    ),
    (
        "--log FILE",
        "The exchange log you name: one JSON line per HTTP exchange, secrets redacted, after a run line with the run's context (version, system, profile, settings); owner-only, appended to.",
    ),
    (
        "--report FILE",
        "The support report (Markdown, secrets redacted); without --report, Ctrl-R in the TUI writes autoshares-login-report-TIMESTAMP.md in the current folder (or the temp folder).",
    ),
];

/// The everyday commands, then a support session, each with what it does.
const EXAMPLES: &[(&str, &str)] = &[
    (
        "autoshares-login",
        "Log in in the TUI; the token goes to the clipboard.",
    ),
    (
        "autoshares-login --demo",
        "Try it against the built-in sandbox, the form prefilled.",
    ),
    (
        "TOKEN=$(autoshares-login token --profile live)",
        "A valid token for a script: the stored one, or a login first.",
    ),
    (
        "autoshares-login exec --profile live -- ./trade.sh",
        "Run a script with AUTOSHARES_TOKEN and the other variables set.",
    ),
    (
        "autoshares-login status",
        "Who is logged in, per profile, and for how long.",
    ),
    (
        "autoshares-login --profile live --log login.jsonl",
        "Support, step 1: log in once more with every exchange logged (secrets redacted).",
    ),
    (
        "autoshares-login doctor --log login.jsonl --report ticket.md",
        "Support, step 2: the checks, the context and the log's report in one file to attach to the ticket.",
    ),
    (
        "autoshares-login inspect login.jsonl",
        "Support staff: read a customer's log in the timeline viewer (--report OUT writes its report).",
    ),
];

/// Each visible subcommand with its usage, what it does and its own options, all on this one page.
fn subcommands_section(roff: &mut Roff, page: &Page) {
    let command = page.command;
    roff.text([roman(
        "Each subcommand takes its own options and, before or after its name, those of the options above that it uses (named under it); any other is a usage error there.",
    )]);
    let above = |arg: &Arg| (command.get_arguments()).any(|top| top.get_id() == arg.get_id());
    let documented = command
        .get_subcommands()
        .filter(|sub| !sub.is_hide_set() && sub.get_name() != "help");
    for sub in documented {
        let usage = sub.clone().render_usage().to_string();
        let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage).to_string();
        roff.control("TP", []);
        roff.text([bold(usage)]);
        if let Some(about) = sub.get_about() {
            roff.text([roman(about.to_string())]);
        }
        let (login, own): (Vec<&Arg>, Vec<&Arg>) = (sub.get_arguments())
            .filter(|arg| is_documented(arg))
            .partition(|arg| above(arg));
        let login: Vec<String> = (login.iter())
            .filter_map(|arg| arg.get_long().map(|long| format!("--{long}")))
            .collect();
        if !login.is_empty() {
            roff.control("br", []);
            roff.text([roman(format!("Also takes {}.", login.join(", ")))]);
        }
        for arg in own {
            roff.control("RS", []);
            roff.control("TP", []);
            roff.text(arg_synopsis(arg));
            if let Some(help) = arg.get_help() {
                roff.text([roman(help.to_string())]);
            }
            roff.control("RE", []);
        }
    }
}

/// An argument a user may give (not `--help`, `--version` or a hidden one).
fn is_documented(arg: &Arg) -> bool {
    !arg.is_hide_set() && !matches!(arg.get_id().as_str(), "help" | "version")
}

/// `--port PORT` or `SHELL`, in the man page's bold-and-italic convention.
fn arg_synopsis(arg: &Arg) -> Vec<roff::Inline> {
    let values = arg
        .get_value_names()
        .map(|names| names.iter().map(|n| n.to_string()).collect::<Vec<_>>())
        .unwrap_or_else(|| vec![arg.get_id().to_string().to_uppercase()]);
    match arg.get_long() {
        Some(long) if arg.get_action().takes_values() => {
            vec![
                bold(format!("--{long}")),
                roman(" "),
                italic(values.join(" ")),
            ]
        }
        Some(long) => vec![bold(format!("--{long}"))],
        None => vec![italic(values.join(" "))],
    }
}

/// Terms in bold, each followed by its meaning.
fn term_list(roff: &mut Roff, terms: &[(&str, &str)]) {
    for (term, meaning) in terms {
        roff.control("TP", []);
        roff.text([bold(*term)]);
        roff.text([roman(*meaning)]);
    }
}

/// The config file's keys: `default_profile`, then every login setting a profile may hold, from the
/// schema (so a new setting is documented here by being declared).
fn configuration_section(roff: &mut Roff, page: &Page) {
    roff.text([roman(
        "The config file (see FILES) holds profiles: [profiles.NAME] tables of login settings. A run \
         takes each setting from its flag, else its variable, else the profile (--profile NAME, \
         AUTOSHARES_PROFILE, else default_profile), else the default. An unknown key or a bad value \
         stops the run (exit 2) naming the file, the line and the key. Passwords, PINs and codes are \
         never read from it.",
    )]);
    roff.control("TP", []);
    roff.text([bold("default_profile = \"NAME\"")]);
    roff.text([roman(
        "The profile used when neither --profile nor AUTOSHARES_PROFILE names one.",
    )]);
    for setting in SETTINGS {
        roff.control("TP", []);
        roff.text([bold(setting.profile_key)]);
        let mut text = setting.doc.trim().replace('\n', " ");
        if let Some(flag) = setting.flag {
            let values = possible_values(page.command, flag);
            if !values.is_empty() {
                text.push_str(&format!(" One of: {}.", values.join(", ")));
            }
            text.push_str(&format!(" Flag: {flag}."));
        }
        if let Some(env) = setting.env {
            text.push_str(&format!(" Variable: {env}."));
        }
        roff.text([roman(text)]);
    }
    roff.control("PP", []);
    roff.text([roman("For example:")]);
    roff.control("nf", []);
    roff.control("RS", []);
    for line in EXAMPLE_CONFIG {
        roff.text([roman(*line)]);
        roff.control("br", []);
    }
    roff.control("RE", []);
    roff.control("fi", []);
}

/// A config file with one profile, as CONFIGURATION shows it.
const EXAMPLE_CONFIG: &[&str] = &[
    "default_profile = \"live\"",
    "",
    "[profiles.live]",
    "url = \"https://pub-api-et-demo-prod.etnasoft.us/api\"",
    "username = \"jtrader\"",
    "store = \"auto\"",
];

/// The values the option `flag` (`--store`) takes, when it names them.
fn possible_values(command: &Command, flag: &str) -> Vec<String> {
    let long = flag.trim_start_matches("--");
    (command.get_arguments())
        .find(|arg| arg.get_long() == Some(long))
        .map(|arg| {
            (arg.get_possible_values().iter())
                .filter(|value| !value.is_hide_set())
                .map(|value| value.get_name().to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn files_section(roff: &mut Roff, _: &Page) {
    term_list(roff, FILES);
}

fn environment_section(roff: &mut Roff, page: &Page) {
    term_list(roff, page.environment);
}

fn examples_section(roff: &mut Roff, _: &Page) {
    term_list(roff, EXAMPLES);
}

fn exit_status_section(roff: &mut Roff, _: &Page) {
    for exit in Exit::ALL {
        roff.control("TP", []);
        roff.text([bold(exit.code().to_string())]);
        roff.text([roman(exit.meaning())]);
    }
}
