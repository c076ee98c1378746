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
use autoshares_login::exit::{self, Exit};
use autoshares_login::session::{RunOptions, Settings};
use autoshares_login::tui::{self, Prefill};
use autoshares_login::{demo, doctor, generate, line_mode, sandbox, say_out};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::KeepClipboard { clear_after }) => return keeper::run(clear_after),
        Some(Command::Completions { shell }) => {
            return print(&generate::completions(shell, Cli::command()));
        }
        Some(Command::Man) => {
            return print(&generate::man_page(Cli::command(), ENVIRONMENT));
        }
        _ => {}
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return fail(Exit::Fault, &format!("cannot start the async runtime: {e}")),
    };
    let line_mode = cli.command.is_none() && (cli.no_tui || dumb_terminal());
    let code = match &cli.command {
        Some(Command::Sandbox { port, scenarios }) => {
            match runtime.block_on(sandbox::run_foreground(*port, scenarios.as_deref())) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(Exit::Usage, &format!("{e:#}")),
            }
        }
        Some(Command::Doctor { json }) => doctor(&cli, &runtime, *json),
        Some(
            Command::Token { .. }
            | Command::Status { .. }
            | Command::Logout { .. }
            | Command::Exec { .. }
            | Command::Profiles,
        ) => fail(Exit::Usage, "this subcommand is not available yet"),
        Some(Command::KeepClipboard { .. } | Command::Completions { .. } | Command::Man) | None => {
            login(&cli, line_mode, &runtime)
        }
    };
    if line_mode {
        // Ctrl-C at a prompt leaves a read of stdin blocked on a runtime thread: exit without waiting for it.
        runtime.shutdown_background();
    }
    code
}

/// Runs the doctor's checks and prints them on stdout: exit 0 when none failed, 1 when one did.
fn doctor(cli: &Cli, runtime: &Runtime, json: bool) -> ExitCode {
    let settings = match settings(cli) {
        Ok(settings) => settings,
        Err(e) => return fail(Exit::Usage, &e),
    };
    let findings = runtime.block_on(doctor::run(&settings));
    if json {
        say_out!("{}", doctor::render::json(&findings));
    } else {
        let marks = doctor::render::Marks::detect(std::io::stdout().is_terminal());
        say_out!("{}", doctor::render::text(&findings, marks).trim_end());
    }
    if doctor::passed(&findings) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// The settings of this run: the command line (flags and their variables) over the defaults.
fn settings(cli: &Cli) -> Result<Settings, String> {
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
fn login(cli: &Cli, line_mode: bool, runtime: &Runtime) -> ExitCode {
    let mut settings = match settings(cli) {
        Ok(settings) => settings,
        Err(e) => return fail(Exit::Usage, &e),
    };
    let mut demo_users = Vec::new();
    let _demo = if cli.demo {
        match runtime.block_on(demo::start(settings.clone())) {
            Ok(demo) => {
                settings = demo.settings.clone();
                demo_users = demo.users();
                Some(demo)
            }
            Err(e) => return fail(Exit::Fault, &format!("cannot start the sandbox: {e:#}")),
        }
    } else {
        None
    };
    if line_mode {
        return line_mode::run(&settings, runtime).into();
    }
    if let Err(e) = check_client_options(&settings) {
        return fail(Exit::Usage, &e.to_string());
    }
    let log = match settings
        .run
        .log
        .as_deref()
        .map(ExchangeLog::open)
        .transpose()
    {
        Ok(log) => log,
        Err(e) => return fail(Exit::Usage, &format!("cannot open the log: {e}")),
    };
    let print = settings.run.print;
    match runtime.block_on(tui::run(tui_settings(settings, demo_users), log)) {
        Ok(outcome) => match (print, &outcome.token) {
            (true, Some(token)) => exit::print_token(token).into(),
            _ => outcome.exit.into(),
        },
        Err(e) => fail(Exit::Usage, &e.to_string()),
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
fn print(bytes: &[u8]) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => fail(Exit::Fault, &format!("cannot write to stdout: {e}")),
    }
}

fn fail(exit: Exit, message: &str) -> ExitCode {
    autoshares_login::say!("error: {message}");
    exit.into()
}
