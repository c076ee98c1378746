//! Entry point: parse the command line, build the runtime, choose the front end, exit with the contract's code.

use std::process::ExitCode;

use clap::Parser;

use autoshares_login::cli::{Cli, Command};
use autoshares_login::exit::Exit;
use autoshares_login::{line_mode, sandbox};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return Exit::Fault.into();
        }
    };
    match &cli.command {
        Some(Command::Sandbox { port, scenarios }) => {
            match runtime.block_on(sandbox::run_foreground(*port, scenarios.as_deref())) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e:#}");
                    Exit::Usage.into()
                }
            }
        }
        None => line_mode::run(&cli.login, &runtime).into(),
    }
}
