//! Entry point: parse the command line, resolve the settings, choose the front end, exit with the contract's code.
#![deny(clippy::print_stdout, clippy::print_stderr)]

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use tokio::runtime::Runtime;

use autoshares_login::auth::ConfigError;
use autoshares_login::auth::client::token_url;
use autoshares_login::cli::{Cli, Command, ENVIRONMENT};
use autoshares_login::clipboard::{Copier, Environment, keeper};
use autoshares_login::diag::log::ExchangeLog;
use autoshares_login::exit::{self, Error, Exit};
use autoshares_login::session::{NotText, RunOptions, Settings};
use autoshares_login::tui::{self, Prefill};
use autoshares_login::{demo, doctor, generate, line_mode, sandbox, say_out};

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::KeepClipboard { clear_after }) = cli.command {
        return keeper::run(clear_after);
    }
    // The one place where how the program ends becomes its exit code.
    run(&cli).unwrap_or_else(|e| e.report()).into()
}

fn run(cli: &Cli) -> Result<Exit, Error> {
    match &cli.command {
        Some(Command::Completions { shell }) => {
            return print(&generate::completions(*shell, Cli::command()));
        }
        Some(Command::Man) => return print(&generate::man_page(Cli::command(), ENVIRONMENT)),
        _ => {}
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(Error::Runtime)?;
    let line_mode = cli.command.is_none() && (cli.no_tui || dumb_terminal());
    let ended = match &cli.command {
        Some(Command::Sandbox { port, scenarios }) => runtime
            .block_on(sandbox::run_foreground(*port, scenarios.as_deref()))
            .map(|()| Exit::Token)
            .map_err(Error::Sandbox),
        Some(Command::Doctor { json }) => doctor(cli, &runtime, *json),
        Some(
            Command::Token { .. }
            | Command::Status { .. }
            | Command::Logout { .. }
            | Command::Exec { .. }
            | Command::Profiles,
        ) => Err(Error::Unavailable),
        Some(Command::KeepClipboard { .. } | Command::Completions { .. } | Command::Man) | None => {
            login(cli, line_mode, &runtime)
        }
    };
    if line_mode {
        // Ctrl-C at a prompt leaves a read of stdin blocked on a runtime thread: exit without waiting for it.
        runtime.shutdown_background();
    }
    ended
}

/// Runs the doctor's checks and prints them on stdout: exit 0 when none failed, 1 when one did.
fn doctor(cli: &Cli, runtime: &Runtime, json: bool) -> Result<Exit, Error> {
    let settings = settings(cli)?;
    let findings = runtime.block_on(doctor::run(&settings));
    if json {
        say_out!("{}", doctor::render::json(&findings));
    } else {
        let marks = doctor::render::Marks::detect(std::io::stdout().is_terminal());
        say_out!("{}", doctor::render::text(&findings, marks).trim_end());
    }
    // Exit 1, as for a refused login: the contract's code for "checked, and the answer is no".
    Ok(if doctor::passed(&findings) {
        Exit::Token
    } else {
        Exit::Refused
    })
}

/// The settings of this run: the command line (flags and their variables) over the defaults.
fn settings(cli: &Cli) -> Result<Settings, NotText> {
    let run = RunOptions {
        // `TOKEN=$(autoshares-login)` means --print: stdout is then a pipe or a file, never the terminal.
        print: cli.login.print || !std::io::stdout().is_terminal(),
        log: cli.login.log.clone(),
        report: cli.login.report.clone(),
        password: RunOptions::password_from_env()?,
    };
    Ok(Settings::resolve(
        cli.login.profile.clone(),
        cli.login.layer(),
        run,
    ))
}

/// Whether `TERM` says the terminal cannot draw a TUI (`dumb`, or not set at all); says so on stderr.
fn dumb_terminal() -> bool {
    let term = std::env::var_os("TERM").unwrap_or_default();
    let dumb = term.is_empty() || term == "dumb";
    if dumb {
        let why = if term.is_empty() {
            "TERM is not set"
        } else {
            "TERM is dumb"
        };
        autoshares_login::say!("{why}: using line mode (as --no-tui).");
    }
    dumb
}

/// Logs in through the TUI or line mode, against the demo sandbox when asked.
fn login(cli: &Cli, line_mode: bool, runtime: &Runtime) -> Result<Exit, Error> {
    let mut settings = settings(cli)?;
    let mut demo_users = Vec::new();
    let _demo = if cli.demo {
        match runtime.block_on(demo::start(settings.clone())) {
            Ok(demo) => {
                settings = demo.settings.clone();
                demo_users = demo.users();
                Some(demo)
            }
            Err(e) => return Err(Error::Demo(e)),
        }
    } else {
        None
    };
    if line_mode {
        return line_mode::run(&settings, runtime);
    }
    check_client_options(&settings)?;
    let log = match &settings.run.log {
        Some(path) => Some(ExchangeLog::open(path).map_err(|source| Error::Log {
            path: path.clone(),
            source,
        })?),
        None => None,
    };
    let print = settings.run.print;
    let outcome = runtime
        .block_on(tui::run(tui_settings(settings, demo_users), log))
        .map_err(Error::Terminal)?;
    match (print, &outcome.token) {
        (true, Some(token)) => exit::print_token(token),
        _ => Ok(outcome.exit),
    }
}

/// What the TUI can only find out after Enter, found out before it starts: a bad `--cacert`, or a `--url`
/// that cannot work, is a configuration error (exit 2), not a message under a field.
fn check_client_options(settings: &Settings) -> Result<(), ConfigError> {
    settings.client.extra_roots()?;
    if let Some(url) = &settings.url {
        token_url(url, settings.client.allow_http)?;
    }
    Ok(())
}

fn tui_settings(settings: Settings, demo_users: Vec<tui::DemoUser>) -> tui::Settings {
    tui::Settings {
        prefill: Prefill {
            url: settings.url,
            app_key: settings.app_key,
            username: settings.username,
            password: settings.run.password,
        },
        client: settings.client,
        copier: Copier::new(
            settings.clipboard,
            Environment::from_env(),
            settings.clear_after,
        ),
        report_path: settings.run.report,
        demo_users,
    }
}

/// Writes generated text (a completion script, the man page) to stdout; a reader that stopped early is fine.
fn print(bytes: &[u8]) -> Result<Exit, Error> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Stdout(e)),
        _ => Ok(Exit::Token),
    }
}
