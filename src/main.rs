//! Entry point: parse the command line and hand it over to `app`; exit with the contract's code.

use std::process::ExitCode;

use clap_complete::CompleteEnv;

use autoshares_login::app;
use autoshares_login::cli::{self, Command};
use autoshares_login::clipboard::{self, keeper};
use autoshares_login::exit::{Error, Exit};

fn main() -> ExitCode {
    // A shell asking for completions at Tab time (the script of `completions SHELL` sets the variable):
    // answered, and the run ends here.
    CompleteEnv::with_factory(cli::command)
        .var(autoshares_login::generate::COMPLETE_ENV)
        .complete();
    let cli = match cli::parse_from(std::env::args_os()) {
        Ok(cli) => cli,
        Err(stop) => return clap_stop(&stop),
    };
    // The detached helpers, before anything else: no settings, no runtime.
    match cli.command {
        Some(Command::KeepClipboard { clear_after }) => return keeper::run(clear_after),
        Some(Command::ClearTmuxBuffers { after }) => return clipboard::tmux::run(after),
        _ => {}
    }
    // The one place where how the program ends becomes its exit code.
    app::run(&cli).unwrap_or_else(|e| e.report()).into()
}

/// What clap's `parse` does for `--help`, `--version` or a usage error (print it, exit 0 or 2), except that
/// help or a version that stdout cannot take is reported like any other output that could not be written.
fn clap_stop(stop: &clap::Error) -> ExitCode {
    match stop.print() {
        Err(e) if !stop.use_stderr() && e.kind() != std::io::ErrorKind::BrokenPipe => {
            Error::Stdout(e).report().into()
        }
        _ => ExitCode::from(u8::try_from(stop.exit_code()).unwrap_or(Exit::Usage.code())),
    }
}
