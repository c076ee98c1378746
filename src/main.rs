//! Entry point: parse the command line, build the runtime, choose the front end, exit with the contract's code.
#![deny(clippy::print_stdout, clippy::print_stderr)]

use std::process::ExitCode;

use clap::Parser;
use secrecy::SecretString;
use tokio::runtime::Runtime;

use autoshares_login::auth::ConfigError;
use autoshares_login::auth::client::token_url;
use autoshares_login::cli::{Cli, Command, LoginArgs, PASSWORD_ENV};
use autoshares_login::clipboard::{Copier, Environment, keeper};
use autoshares_login::diag::log::ExchangeLog;
use autoshares_login::exit::{self, Exit};
use autoshares_login::tui::{self, Prefill, Settings};
use autoshares_login::{demo, line_mode, sandbox};

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::KeepClipboard { clear_after }) = cli.command {
        return keeper::run(clear_after);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return fail(Exit::Fault, &format!("cannot start the async runtime: {e}")),
    };
    let code = match &cli.command {
        Some(Command::Sandbox { port, scenarios }) => {
            match runtime.block_on(sandbox::run_foreground(*port, scenarios.as_deref())) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(Exit::Usage, &format!("{e:#}")),
            }
        }
        _ => login(&cli, &runtime),
    };
    if cli.no_tui {
        // Ctrl-C at a prompt leaves a read of stdin blocked on a runtime thread: exit without waiting for it.
        runtime.shutdown_background();
    }
    code
}

/// Logs in through the TUI or line mode, against the demo sandbox when asked.
fn login(cli: &Cli, runtime: &Runtime) -> ExitCode {
    let mut args = cli.login.clone();
    let mut demo_users = Vec::new();
    let mut demo_password = None;
    let _demo = if cli.demo {
        match runtime.block_on(demo::start(args.clone())) {
            Ok(demo) => {
                args = demo.args.clone();
                demo_users = demo.users();
                demo_password = Some(demo.password.clone());
                Some(demo)
            }
            Err(e) => return fail(Exit::Fault, &format!("cannot start the sandbox: {e:#}")),
        }
    } else {
        None
    };
    if cli.no_tui {
        return line_mode::run(&args, runtime).into();
    }
    if let Err(e) = check_client_options(&args) {
        return fail(Exit::Usage, &e.to_string());
    }
    let log = match args.log.as_deref().map(ExchangeLog::open).transpose() {
        Ok(log) => log,
        Err(e) => return fail(Exit::Usage, &format!("cannot open the log: {e}")),
    };
    let settings = tui_settings(&args, demo_password, demo_users);
    match runtime.block_on(tui::run(settings, log)) {
        Ok(outcome) => match (args.print, &outcome.token) {
            (true, Some(token)) => exit::print_token(token).into(),
            _ => outcome.exit.into(),
        },
        Err(e) => fail(Exit::Usage, &e.to_string()),
    }
}

/// What the TUI can only find out after Enter, found out before it starts: a bad `--cacert`, or a `--url`
/// that cannot work, is a configuration error (exit 2), not a message under a field.
fn check_client_options(args: &LoginArgs) -> Result<(), ConfigError> {
    let options = args.client_options();
    options.extra_roots()?;
    if let Some(url) = &args.url {
        token_url(url, options.allow_http)?;
    }
    Ok(())
}

fn tui_settings(
    args: &LoginArgs,
    demo_password: Option<SecretString>,
    demo_users: Vec<tui::DemoUser>,
) -> Settings {
    Settings {
        prefill: Prefill {
            url: args.url.clone(),
            app_key: args.app_key.clone(),
            username: args.username.clone(),
            password: demo_password.or_else(|| {
                std::env::var(PASSWORD_ENV)
                    .ok()
                    .filter(|p| !p.is_empty())
                    .map(SecretString::from)
            }),
        },
        client: args.client_options(),
        copier: Copier::new(args.clipboard, Environment::from_env(), args.clear_after),
        report_path: args.report.clone(),
        demo_users,
    }
}

fn fail(exit: Exit, message: &str) -> ExitCode {
    autoshares_login::say!("error: {message}");
    exit.into()
}
