//! The login paths: a plain login (the TUI or line mode, the demo sandbox when asked) and the login that
//! `token` and `exec` need. `LoggedIn` and `tui::Start` are built here, once each.

use std::cell::OnceCell;
use std::path::PathBuf;

use crate::auth::ClientOptionError;
use crate::auth::client::token_url;
use crate::cli::{self, Cli, Command};
use crate::clipboard::ClipboardMode;
use crate::commands::{self, LoggedIn, Login, Obtained, Validity};
use crate::diag::log::ExchangeLog;
use crate::exit::{self, Error, Exit};
use crate::runtime::LazyRuntime;
use crate::session::{Context, LocalZone, LockPlace, Paths, Settings};
use crate::tui::{self, AppExit, DemoUser, Profile, Script};
use crate::{demo, line_mode};

use super::profiles;
use super::route::{Facts, is_tui};

/// Logs in through the TUI or line mode (`line_mode`), against the demo sandbox when asked; stores the
/// token, and prints it when asked.
pub fn login(
    cli: &Cli,
    context: Context,
    line_mode: bool,
    runtime: &LazyRuntime,
) -> Result<Exit, Error> {
    let mut settings = context.settings.clone();
    let mut demo_users = Vec::new();
    let _demo = if cli.demo {
        let demo = runtime
            .block_on(demo::start(settings.clone()))?
            .map_err(Error::Demo)?;
        settings = demo.settings.clone();
        demo_users = demo::users(&demo);
        Some(demo)
    } else {
        None
    };
    let mut context = Context::new(settings, context.paths, context.config);
    // A store that will not take the token stops the run before the password is sent.
    if let Err(exit) = commands::ready(&context) {
        return Ok(exit);
    }
    if line_mode {
        // The TUI prefills the saved app key from the profile's stored session; line mode uses it too.
        context.fill_saved_app_key();
        let username = context.settings.username.as_deref().unwrap_or_default();
        let demo_user = DemoUser::named(&demo_users, username);
        return match line_login(&context.settings, &context.paths, demo_user, runtime) {
            Ok(logged_in) => {
                let token = logged_in.token.clone();
                commands::keep(&mut context, Obtained::Fresh(logged_in));
                exit::print_token(&token)
            }
            Err(exit) => Ok(exit),
        };
    }
    let (profile, profiles) = if cli.demo {
        (
            profiles::tui_profile(&context.settings, &context.paths),
            Vec::new(),
        )
    } else {
        profiles::tui_profiles(&context, &cli.login.layer())
    };
    tui_login(&context, profile, profiles, demo_users, runtime)
}

/// The TUI login of a run without a subcommand, with the sandbox's users in demo mode, else the config
/// file's profiles (the one in use, and all of them); the TUI stores the token, and it is printed when asked.
fn tui_login(
    context: &Context,
    profile: Profile,
    profiles: Vec<Profile>,
    demo_users: Vec<DemoUser>,
    runtime: &LazyRuntime,
) -> Result<Exit, Error> {
    let settings = &context.settings;
    check_client_options(settings)?;
    let log = open_log(settings)?;
    let print = settings.run.print;
    let config_path = demo_users.is_empty().then(|| context.paths.config.clone());
    let tui = Tui {
        profile,
        profiles,
        config_path,
        demo_users,
        log,
        lock: None,
        script: None,
    };
    let outcome = run_tui(tui, settings, runtime)?;
    let ended = match (print, &outcome.token) {
        (true, Some(token)) => exit::print_token(token),
        _ => Ok(outcome.exit),
    };
    let on_stdout = match (print, &outcome.token, &ended) {
        (true, Some(_), Ok(_)) => " The token was written to stdout.",
        _ => "",
    };
    crate::say!("{}{on_stdout}", outcome.summary);
    ended
}

/// The `--log` file the TUI appends its exchanges to, when the run names one.
fn open_log(settings: &Settings) -> Result<Option<ExchangeLog>, Error> {
    let Some(path) = &settings.run.log else {
        return Ok(None);
    };
    ExchangeLog::open(path)
        .map(Some)
        .map_err(|source| Error::Log {
            path: path.clone(),
            source,
        })
}

/// What a TUI run is started with besides the settings.
struct Tui {
    profile: Profile,
    profiles: Vec<Profile>,
    config_path: Option<PathBuf>,
    demo_users: Vec<DemoUser>,
    log: Option<ExchangeLog>,
    lock: Option<LockPlace>,
    script: Option<Script>,
}

/// Runs the TUI: the one place a `tui::Start` is built.
fn run_tui(tui: Tui, settings: &Settings, runtime: &LazyRuntime) -> Result<AppExit, Error> {
    let start = tui::Start {
        profile: tui.profile,
        profiles: tui.profiles,
        config_path: tui.config_path,
        demo_users: tui.demo_users,
        report_path: settings.run.report.clone(),
        time_zone: LocalZone::System,
        script: tui.script,
    };
    runtime
        .block_on(tui::run(start, tui.log, tui.lock))?
        .map_err(Error::Terminal)
}

/// A line-mode login with `settings` (its config file among `paths`; as `demo_user`, a sandbox user,
/// with `--demo`): the token, not stored yet.
fn line_login(
    settings: &Settings,
    paths: &Paths,
    demo_user: Option<&DemoUser>,
    runtime: &LazyRuntime,
) -> Result<LoggedIn, Exit> {
    let context = super::run_context(settings, &paths.config);
    let token = line_mode::obtain(settings, &context, demo_user, runtime)
        .unwrap_or_else(|e| Err(e.report()))?;
    Ok(logged_in(
        token,
        settings.url.clone().unwrap_or_default(),
        settings.username.clone().unwrap_or_default(),
        settings.app_key.clone(),
    ))
}

/// The one place a [`LoggedIn`] is built.
fn logged_in(
    token: secrecy::SecretString,
    url: String,
    username: String,
    app_key: Option<secrecy::SecretString>,
) -> LoggedIn {
    LoggedIn {
        token,
        url,
        username,
        app_key,
    }
}

/// Runs `token`, `exec`, `status`, `logout` or `profiles` on stored sessions.
pub fn subcommand(
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
    // A script asked for the token: the TUI copies it only when this run says so (`--clipboard`).
    let copy_asked = cli.login.layer().clipboard.is_some();
    // The front end is chosen when a login is needed (choosing may say why line mode), once.
    let obtain = |context: &mut Context, v: &cli::Validity, command: &'static str| {
        let tui = OnceCell::new();
        let tui = || *tui.get_or_init(|| is_tui(&Facts::gather(cli, true)));
        let run = |settings: &Settings, lock: Option<LockPlace>, why: &str| {
            if !tui() {
                return line_login(settings, &paths, None, runtime).map(Obtained::Fresh);
            }
            let script = Script {
                command,
                why: why.to_string(),
            };
            tui_login_for(script, copy_asked, settings, &paths, lock, runtime)
        };
        let login = Login {
            run: &run,
            waits_for_the_user: &tui,
        };
        commands::obtain(context, validity(v), &login, runtime)
    };
    match command {
        Command::Token { json, validity: v } => match obtain(&mut context, v, "token") {
            Ok(session) => commands::token(&context, &session, *json),
            Err(exit) => Ok(exit),
        },
        Command::Exec {
            validity: v,
            command,
        } => match obtain(&mut context, v, "exec") {
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

/// The TUI login `token` or `exec` needs (which takes the login `lock` while a request is under way): it
/// says why on its form, copies the token only when the run asked, and goes back to the script by
/// itself once the token is stored, leaving one line on stderr.
fn tui_login_for(
    script: Script,
    copy_asked: bool,
    settings: &Settings,
    paths: &Paths,
    lock: Option<LockPlace>,
    runtime: &LazyRuntime,
) -> Result<Obtained, Exit> {
    check_client_options(settings).map_err(|e| Error::from(e).report())?;
    let log = open_log(settings).map_err(|e| e.report())?;
    let mut settings = settings.clone();
    if !copy_asked {
        settings.clipboard = ClipboardMode::Off;
    }
    // The TUI stores the token itself, so that its success screen says where and until when; it does
    // not open on a stored session: `token` and `exec` come here when that one will not do.
    let tui = Tui {
        profile: profiles::tui_profile_unread(&settings, paths),
        profiles: Vec::new(),
        config_path: None,
        demo_users: Vec::new(),
        log,
        lock,
        script: Some(script),
    };
    let outcome = run_tui(tui, &settings, runtime).map_err(|e| e.report())?;
    crate::say!("{}", outcome.summary);
    match (outcome.token, outcome.login) {
        (Some(token), Some(used)) => {
            let logged_in = logged_in(token, used.url, used.username, Some(used.app_key));
            Ok(match used.kept {
                Some(kept) => Obtained::Stored(logged_in, kept),
                None => Obtained::Fresh(logged_in),
            })
        }
        _ => Err(outcome.exit),
    }
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
