//! What is generated from the command-line definition: shell completion scripts and the man page.

use std::io::{self, Write};

use clap::{Arg, Command};
use clap_complete::Shell;
use clap_mangen::Man;
use roff::{Roff, bold, italic, roman};

use crate::build_info;
use crate::exit::Exit;

/// The program's name, as the shell and `man` know it.
const BIN: &str = "autoshares-login";

/// The completion script of `command` (the whole command line) for `shell`.
pub fn completions(shell: Shell, command: Command) -> Vec<u8> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut public(command), BIN, &mut script);
    if shell == Shell::Bash {
        fix_bash_states(&mut script);
    }
    script
}

/// clap_complete's bash script spells a subcommand's state two ways when the program's name has a hyphen
/// (`autoshares__login__subcmd__man` in the loop that finds it, `autoshares__subcmd__login__subcmd__man` in
/// the arms that complete it), so nothing after a subcommand would complete (clap-rs/clap#6421).
fn fix_bash_states(script: &mut Vec<u8>) {
    let text =
        String::from_utf8_lossy(script).replace("autoshares__subcmd__login", "autoshares__login");
    *script = text.into_bytes();
}

/// The command line a user may type: without the hidden, internal subcommands (clap_complete would offer them).
fn public(full: Command) -> Command {
    let public = full
        .get_subcommands()
        .filter(|sub| !sub.is_hide_set())
        .cloned()
        .collect::<Vec<_>>();
    Command::new(BIN)
        .version(build_info::VERSION)
        .args(full.get_arguments().cloned())
        .subcommands(public)
}

/// The man page (section 1, roff) of `command`: the flags, the subcommands, `environment` (each variable
/// with what it does) and the exit codes.
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
    subcommands_section(&mut roff, &command);
    environment_section(&mut roff, environment);
    exit_status_section(&mut roff);
    roff.to_writer(out)?;
    man.render_version_section(out)
}

/// Each visible subcommand with its usage, what it does and its own options, all on this one page.
fn subcommands_section(roff: &mut Roff, command: &Command) {
    roff.control("SH", ["COMMANDS"]);
    roff.text([roman(
        "Each subcommand also takes the options above that concern a login (--profile, --url, …), before or after its name.",
    )]);
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
        for arg in sub.get_arguments().filter(|a| is_documented(a)) {
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

/// An argument of the subcommand itself (not a global option, listed once above, nor `--help`, `--version`
/// or a hidden one).
fn is_documented(arg: &Arg) -> bool {
    !arg.is_hide_set()
        && !arg.is_global_set()
        && !matches!(arg.get_id().as_str(), "help" | "version")
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

fn environment_section(roff: &mut Roff, environment: &[(&str, &str)]) {
    roff.control("SH", ["ENVIRONMENT"]);
    for (name, meaning) in environment {
        roff.control("TP", []);
        roff.text([bold(*name)]);
        roff.text([roman(*meaning)]);
    }
}

fn exit_status_section(roff: &mut Roff) {
    roff.control("SH", ["EXIT STATUS"]);
    for exit in Exit::ALL {
        roff.control("TP", []);
        roff.text([bold(exit.code().to_string())]);
        roff.text([roman(exit.meaning())]);
    }
}
