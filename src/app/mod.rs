//! The composition root: given the parsed command line, resolves the settings once (`context`), chooses
//! the front end for the command (`route`) and runs it (`login`, `tools`). The only module that knows
//! every front end; it builds their inputs (`profiles`: the TUI's profiles) from `session`.

mod context;
mod login;
mod profiles;
mod route;
mod run_context;
mod tools;

#[cfg(test)]
mod boundaries;

pub use context::{context, resolve};
pub use route::{Facts, FrontEnd, Route, front_end, route};
pub use run_context::run_context;

use crate::cli::{self, Cli, Command, ENVIRONMENT};
use crate::exit::{Error, Exit};
use crate::runtime::LazyRuntime;
use crate::{generate, sandbox};

/// Runs the command of `cli` (all but the detached helpers, which the entry runs first) and says how
/// the run ended.
pub fn run(cli: &Cli) -> Result<Exit, Error> {
    let command = cli.command.as_ref();
    match command {
        Some(Command::Completions { shell }) => {
            return print(&generate::completions(*shell, &generate::completer()));
        }
        Some(Command::Man) => return print(&generate::man_page(cli::command(), ENVIRONMENT)),
        _ => {}
    }
    let runtime = LazyRuntime::default();
    let ended = match (route(command), command) {
        (Route::Sandbox, Some(Command::Sandbox { port, scenarios })) => runtime
            .block_on(sandbox::run_foreground(*port, scenarios.as_deref()))
            .and_then(|ran| {
                ran.map(|()| Exit::Success)
                    .map_err(|e| e.downcast::<Error>().unwrap_or_else(Error::Sandbox))
            }),
        (Route::Doctor, Some(Command::Doctor { json })) => {
            context(cli).and_then(|context| tools::doctor(&context, &runtime, *json))
        }
        (Route::Inspect, Some(Command::Inspect { file })) => {
            tools::inspect(file, cli.login.report.as_deref())
        }
        (Route::Session, Some(command)) => {
            context(cli).and_then(|context| login::subcommand(cli, command, context, &runtime))
        }
        _ => {
            let line_mode = !route::is_tui(&Facts::gather(cli, false));
            context(cli).and_then(|context| login::login(cli, context, line_mode, &runtime))
        }
    };
    // Ctrl-C at a line-mode prompt leaves a read of stdin blocked on a runtime thread: exit without
    // waiting for it.
    runtime.shutdown_background();
    ended
}

/// Writes generated text (a completion script, the man page) to stdout; a reader that stopped early is fine.
fn print(bytes: &[u8]) -> Result<Exit, Error> {
    crate::console::out(bytes).map(|()| Exit::Success)
}
