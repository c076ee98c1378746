//! `exec -- COMMAND`: the command run with the session in its environment, its exit code passed on.

use std::ffi::OsString;
use std::process::Command;

use secrecy::ExposeSecret;

use super::Context;
use crate::exit::Exit;
use crate::session::{PASSWORD_ENV, StoredSession};

/// The code a shell gives for a command it cannot find, and for one it cannot run.
const NOT_FOUND: u8 = 127;
const NOT_RUNNABLE: u8 = 126;

/// Runs `command` with `AUTOSHARES_TOKEN`, `_URL`, `_APP_KEY`, `_USERNAME` and `_TOKEN_EXPIRES` set, stdin,
/// stdout and stderr inherited; returns its exit code. The password variable is not passed on.
pub fn exec(context: &Context, session: &StoredSession, command: &[OsString]) -> u8 {
    let Some((program, args)) = command.split_first() else {
        return Exit::Usage.code();
    };
    let mut child = Command::new(program);
    child.args(args).env_remove(PASSWORD_ENV);
    if let Some(token) = &session.token {
        child.env("AUTOSHARES_TOKEN", token.expose_secret());
    }
    child
        .env("AUTOSHARES_URL", &session.url)
        .env("AUTOSHARES_USERNAME", &session.username)
        .env("AUTOSHARES_TOKEN_EXPIRES", session.expires_at.to_string());
    // The run's own app key (flag, environment, profile) comes before one saved in the store.
    let app_key = (context.settings.app_key.as_ref()).or(session.app_key.as_ref());
    if let Some(app_key) = app_key {
        child.env("AUTOSHARES_APP_KEY", app_key.expose_secret());
    }
    run(child, program)
}

/// Replaces this process with the command, so signals and the exit status are the command's own.
#[cfg(unix)]
fn run(mut child: Command, program: &OsString) -> u8 {
    use std::os::unix::process::CommandExt;
    let error = child.exec();
    cannot_run(program, &error)
}

#[cfg(not(unix))]
fn run(mut child: Command, program: &OsString) -> u8 {
    match child.status() {
        Ok(status) => status
            .code()
            .map_or(1, |code| u8::try_from(code & 0xff).unwrap_or(1)),
        Err(error) => cannot_run(program, &error),
    }
}

fn cannot_run(program: &OsString, error: &std::io::Error) -> u8 {
    crate::say!("error: cannot run {}: {error}", program.to_string_lossy());
    if error.kind() == std::io::ErrorKind::NotFound {
        NOT_FOUND
    } else {
        NOT_RUNNABLE
    }
}
