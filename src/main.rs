//! Entry point: parse the command line, resolve the settings, choose the front end, exit with the contract's code.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use autoshares_login::auth::ClientOptionError;
use autoshares_login::auth::client::token_url;
use autoshares_login::cli::{self, Cli, Command, ENVIRONMENT};
use autoshares_login::clipboard::{self, keeper};
use autoshares_login::commands::{self, Context, LoggedIn, Login, Validity};
use autoshares_login::diag::log::ExchangeLog;
use autoshares_login::diag::log_reader;
use autoshares_login::diag::report;
use autoshares_login::diag::sanitize::sanitize;
use autoshares_login::exit::{self, Error, Exit};
use autoshares_login::runtime::LazyRuntime;
use autoshares_login::session::{Config, LocalZone, LockPlace, Paths, RunOptions, Settings};
use autoshares_login::tui;
use autoshares_login::{demo, doctor, generate, line_mode, sandbox, say, say_out, tty};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(stop) => return clap_stop(&stop),
    };
    match cli.command {
        Some(Command::KeepClipboard { clear_after }) => return keeper::run(clear_after),
        Some(Command::ClearTmuxBuffers { after }) => return clipboard::tmux::run(after),
        _ => {}
    }
    // The one place where how the program ends becomes its exit code.
    run(&cli).unwrap_or_else(|e| e.report()).into()
}

/// What `Cli::parse` does for `--help`, `--version` or a usage error (print it, exit 0 or 2), except that
/// help or a version that stdout cannot take is reported like any other output that could not be written.
fn clap_stop(stop: &clap::Error) -> ExitCode {
    match stop.print() {
        Err(e) if !stop.use_stderr() && e.kind() != std::io::ErrorKind::BrokenPipe => {
            Error::Stdout(e).report().into()
        }
        _ => ExitCode::from(u8::try_from(stop.exit_code()).unwrap_or(Exit::Usage.code())),
    }
}

fn run(cli: &Cli) -> Result<Exit, Error> {
    match &cli.command {
        Some(Command::Completions { shell }) => {
            return print(&generate::completions(*shell, Cli::command()));
        }
        Some(Command::Man) => return print(&generate::man_page(Cli::command(), ENVIRONMENT)),
        _ => {}
    }
    let runtime = LazyRuntime::default();
    let line_mode = cli.command.is_none() && (cli.no_tui || dumb_terminal());
    let ended = match &cli.command {
        Some(Command::Sandbox { port, scenarios }) => runtime
            .block_on(sandbox::run_foreground(*port, scenarios.as_deref()))
            .and_then(|ran| {
                ran.map(|()| Exit::Success)
                    .map_err(|e| e.downcast::<Error>().unwrap_or_else(Error::Sandbox))
            }),
        Some(Command::Doctor { json }) => doctor(cli, &runtime, *json),
        Some(Command::Inspect { file }) => inspect(cli, file),
        Some(command) if session_command(command) => {
            context(cli).and_then(|context| subcommand(cli, command, context, &runtime))
        }
        _ => login(cli, line_mode, &runtime),
    };
    // Ctrl-C at a line-mode prompt leaves a read of stdin blocked on a runtime thread: exit without
    // waiting for it.
    runtime.shutdown_background();
    ended
}

/// Whether `command` works on stored sessions.
fn session_command(command: &Command) -> bool {
    matches!(
        command,
        Command::Token { .. }
            | Command::Status { .. }
            | Command::Logout { .. }
            | Command::Exec { .. }
            | Command::Profiles
    )
}

/// Runs a subcommand on stored sessions.
fn subcommand(
    cli: &Cli,
    command: &Command,
    mut context: Context,
    runtime: &LazyRuntime,
) -> Result<Exit, Error> {
    let paths = context.paths.clone();
    let validity = |v: &cli::Validity| Validity {
        min_valid: v.min_valid,
        check: v.check,
    };
    // The front end is chosen when a login is needed (choosing may say why line mode), once.
    let obtain = |context: &mut Context, v: &cli::Validity| {
        let tui = std::cell::OnceCell::new();
        let tui = || *tui.get_or_init(|| tui_front_end(cli));
        let run = |settings: &Settings, lock: Option<LockPlace>| {
            login_for(tui(), settings, &paths, lock, runtime)
        };
        let login = Login {
            run: &run,
            waits_for_the_user: &tui,
        };
        commands::obtain(context, validity(v), &login, runtime)
    };
    match command {
        Command::Token { json, validity: v } => match obtain(&mut context, v) {
            Ok(session) => commands::token(&context, &session, *json),
            Err(exit) => Ok(exit),
        },
        Command::Exec {
            validity: v,
            command,
        } => match obtain(&mut context, v) {
            Ok(session) => Ok(Exit::Command(commands::exec(&context, &session, command))),
            Err(exit) => Ok(exit),
        },
        Command::Status { json, validity: v } => {
            commands::status(&context, *json, validity(v), runtime)
        }
        Command::Logout { all, forget } => Ok(commands::logout(&context, *all, *forget)),
        _ => commands::profiles(&context),
    }
}

/// The settings of this run (the command line over the selected profile over the defaults), with the
/// config file and the store they name.
fn context(cli: &Cli) -> Result<Context, Error> {
    let paths = Paths::from_env()?;
    let config = Config::load(&paths.config)?;
    for warning in &config.warnings {
        autoshares_login::say!("warning: {warning}");
    }
    // A demo logs in to its own sandbox: a profile's username or settings are not the demo's.
    let selected = if cli.demo {
        None
    } else {
        config.select(cli.login.profile.as_deref())?
    };
    let (profile, layer) = match selected {
        Some((name, profile)) => (Some(name), cli.login.layer().over(profile)),
        None => (None, cli.login.layer()),
    };
    let run = RunOptions {
        // `TOKEN=$(autoshares-login)` means --print: stdout is then a pipe or a file, never the terminal.
        print: cli.login.print || !std::io::stdout().is_terminal(),
        log: cli.login.log.clone(),
        report: cli.login.report.clone(),
        password: RunOptions::password_from_env()?,
    };
    let settings = Settings::resolve(profile, layer, run);
    Ok(Context::new(settings, paths, config))
}

/// Whether a login for `token` or `exec` is the TUI's: there is a terminal to draw on and read from,
/// and neither `--no-tui` nor `TERM` says line mode.
fn tui_front_end(cli: &Cli) -> bool {
    let terminal = std::io::stdin().is_terminal() && tty::Output::open().is_ok();
    !(cli.no_tui || !terminal || dumb_terminal())
}

/// A login for `token` or `exec`: the TUI (which takes the login `lock` while a request is under way)
/// or line mode.
fn login_for(
    tui: bool,
    settings: &Settings,
    paths: &Paths,
    lock: Option<LockPlace>,
    runtime: &LazyRuntime,
) -> Result<LoggedIn, Exit> {
    if !tui {
        let token = line_mode::obtain(settings, runtime).unwrap_or_else(|e| Err(e.report()))?;
        return Ok(LoggedIn {
            token,
            url: settings.url.clone().unwrap_or_default(),
            username: settings.username.clone().unwrap_or_default(),
            app_key: settings.app_key.clone(),
            kept: None,
        });
    }
    check_client_options(settings).map_err(|e| Error::from(e).report())?;
    // The TUI stores the token itself, so that its success screen says where and until when; it does
    // not open on a stored session: `token` and `exec` come here when that one will not do.
    let launch = tui::Start {
        profile: commands::tui_profile_unread(settings, paths),
        profiles: Vec::new(),
        config_path: None,
        demo_users: Vec::new(),
        report_path: settings.run.report.clone(),
        time_zone: LocalZone::System,
    };
    let outcome = runtime
        .block_on(tui::run(launch, None, lock))
        .and_then(|ran| ran.map_err(Error::Terminal))
        .map_err(|e| e.report())?;
    autoshares_login::say!("{}", outcome.summary);
    match (outcome.token, outcome.login) {
        (Some(token), Some(used)) => Ok(LoggedIn {
            token,
            url: used.url,
            username: used.username,
            app_key: Some(used.app_key),
            kept: used.kept,
        }),
        _ => Err(outcome.exit),
    }
}

/// Runs the doctor's checks and prints them on stdout: exit 0 when none failed, 1 when one did.
fn doctor(cli: &Cli, runtime: &LazyRuntime, json: bool) -> Result<Exit, Error> {
    let context = context(cli)?;
    let findings = runtime.block_on(doctor::run(&context))?;
    if json {
        say_out!("{}", doctor::render::json(&findings))?;
    } else {
        let marks = doctor::render::Marks::detect(std::io::stdout().is_terminal());
        say_out!("{}", doctor::render::text(&findings, marks).trim_end())?;
    }
    // Exit 1, as for a refused login: the contract's code for "checked, and the answer is no".
    Ok(if doctor::passed(&findings) {
        Exit::Success
    } else {
        Exit::Refused
    })
}

/// Opens a `--log` file in the timeline viewer, or writes the support report from it with `--report OUT`.
fn inspect(cli: &Cli, file: &std::path::Path) -> Result<Exit, Error> {
    let contents = log_reader::read(file)?;
    let source = sanitize(&file.display().to_string());
    let Some(out) = &cli.login.report else {
        let view = tui::inspect::LogView {
            source: &source,
            exchanges: &contents.exchanges,
            notes: &contents.notes,
        };
        tui::inspect::inspect(&view).map_err(|e| {
            Error::Terminal(std::io::Error::new(
                e.kind(),
                format!("{e}; without a terminal, write the report with --report OUT"),
            ))
        })?;
        return Ok(Exit::Success);
    };
    let text =
        autoshares_login::inspect::support_report(&contents, &source, std::time::SystemTime::now());
    let written = report::write(out, &text).map_err(|source| Error::Report {
        path: out.clone(),
        source,
    })?;
    for note in &contents.notes {
        say!("note: {note}");
    }
    say!("{}", sanitize(&written.to_string()));
    Ok(Exit::Success)
}

/// Whether `TERM` says the terminal cannot draw a TUI (`dumb`, or not set at all); says so on stderr.
/// Windows consoles set no `TERM` and draw the TUI all the same: there only `dumb` counts.
fn dumb_terminal() -> bool {
    let term = std::env::var_os("TERM").unwrap_or_default();
    let dumb = (term.is_empty() && cfg!(not(windows))) || term == "dumb";
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

/// Logs in through the TUI or line mode, against the demo sandbox when asked; stores the token.
fn login(cli: &Cli, line_mode: bool, runtime: &LazyRuntime) -> Result<Exit, Error> {
    let context = context(cli)?;
    let mut settings = context.settings.clone();
    let mut demo_users = Vec::new();
    let _demo = if cli.demo {
        match runtime.block_on(demo::start(settings.clone()))? {
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
    let mut context = Context::new(settings, context.paths, context.config);
    // A store that will not take the token stops the run before the password is sent.
    if let Err(exit) = commands::ready(&context) {
        return Ok(exit);
    }
    if line_mode {
        return match line_mode::obtain(&context.settings, runtime)? {
            Ok(token) => {
                let s = &context.settings;
                let logged_in = LoggedIn {
                    token: token.clone(),
                    url: s.url.clone().unwrap_or_default(),
                    username: s.username.clone().unwrap_or_default(),
                    app_key: s.app_key.clone(),
                    kept: None,
                };
                commands::keep(&mut context, logged_in);
                exit::print_token(&token)
            }
            Err(exit) => Ok(exit),
        };
    }
    let profiles = if cli.demo {
        (
            commands::tui_profile(&context.settings, &context.paths),
            Vec::new(),
        )
    } else {
        commands::tui_profiles(&context, &cli.login.layer())
    };
    tui_login(&context, (demo_users, profiles), runtime)
}

/// The TUI login of a run without a subcommand, with the sandbox's users in demo mode, else the config
/// file's profiles (the one in use, and all of them); the TUI stores the token, and it is printed when asked.
fn tui_login(
    context: &Context,
    (demo_users, (profile, profiles)): (Vec<tui::DemoUser>, (tui::Profile, Vec<tui::Profile>)),
    runtime: &LazyRuntime,
) -> Result<Exit, Error> {
    let settings = &context.settings;
    check_client_options(settings)?;
    let log = match &settings.run.log {
        Some(path) => Some(ExchangeLog::open(path).map_err(|source| Error::Log {
            path: path.clone(),
            source,
        })?),
        None => None,
    };
    let print = settings.run.print;
    let launch = tui::Start {
        profile,
        profiles,
        config_path: demo_users.is_empty().then(|| context.paths.config.clone()),
        demo_users,
        report_path: settings.run.report.clone(),
        time_zone: LocalZone::System,
    };
    let outcome = runtime
        .block_on(tui::run(launch, log, None))?
        .map_err(Error::Terminal)?;
    let ended = match (print, &outcome.token) {
        (true, Some(token)) => exit::print_token(token),
        _ => Ok(outcome.exit),
    };
    let on_stdout = match (print, &outcome.token, &ended) {
        (true, Some(_), Ok(_)) => " The token was written to stdout.",
        _ => "",
    };
    autoshares_login::say!("{}{on_stdout}", outcome.summary);
    ended
}

/// What the TUI can only find out after Enter, found out before it starts: a bad `--cacert`, or a `--url`
/// that cannot work, is a configuration error (exit 2), not a message under a field.
fn check_client_options(settings: &Settings) -> Result<(), ClientOptionError> {
    settings.client.extra_roots()?;
    if let Some(url) = &settings.url {
        token_url(url, settings.client.allow_http)?;
    }
    Ok(())
}

/// Writes generated text (a completion script, the man page) to stdout; a reader that stopped early is fine.
fn print(bytes: &[u8]) -> Result<Exit, Error> {
    autoshares_login::console::out(bytes).map(|()| Exit::Success)
}
