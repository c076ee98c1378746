//! Line mode (`--no-tui`): prompts and server text on stderr, answers one line each from stdin, the token on stdout.

use std::io::{self, BufRead, IsTerminal, Write};

use secrecy::{ExposeSecret, SecretString};

use crate::auth::{ClientConfig, Credentials, LoginFlow, Next, TokenClient};
use crate::cli::{LoginArgs, PASSWORD_ENV};
use crate::diag::hints;
use crate::diag::log::ExchangeLog;
use crate::exit::Exit;

/// Reads one answer per line from stdin; with echo off when stdin is a terminal.
struct Answers {
    terminal: bool,
    lines: io::Lines<io::StdinLock<'static>>,
}

impl Answers {
    fn new() -> Self {
        let stdin = io::stdin();
        Answers {
            terminal: stdin.is_terminal(),
            lines: stdin.lock().lines(),
        }
    }

    /// Shows `prompt` on stderr and reads a line; `None` at the end of input.
    fn ask(&mut self, prompt: &str) -> Option<SecretString> {
        eprint!("{prompt}");
        let _ = io::stderr().flush();
        let line = if self.terminal {
            rpassword::read_password().ok()
        } else {
            // Nothing echoes a piped answer's newline: end the prompt's line here.
            let line = self.lines.next().and_then(Result::ok);
            if line.is_some() {
                eprintln!();
            }
            line
        };
        line.map(|l| SecretString::from(l.trim_end_matches(['\r', '\n']).to_string()))
    }
}

/// A value the login needs, from its flag or environment variable.
fn required(value: &Option<String>, flag: &str, env: &str) -> Result<String, String> {
    value
        .clone()
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| format!("{flag} (or {env}) is required in line mode"))
}

/// Logs in without a TUI; returns how the program should exit.
pub fn run(args: &LoginArgs, runtime: &tokio::runtime::Runtime) -> Exit {
    match prepare(args) {
        Ok((config, app_key, username, log)) => {
            runtime.block_on(login(config, app_key, username, log))
        }
        Err(message) => {
            eprintln!("error: {message}");
            Exit::Usage
        }
    }
}

type Prepared = (ClientConfig, String, String, Option<ExchangeLog>);

fn prepare(args: &LoginArgs) -> Result<Prepared, String> {
    let url = required(&args.url, "--url", "AUTOSHARES_URL")?;
    let app_key = required(&args.app_key, "--app-key", "AUTOSHARES_APP_KEY")?;
    let username = required(&args.username, "--username", "AUTOSHARES_USERNAME")?;
    let log = match &args.log {
        Some(path) => Some(
            ExchangeLog::open(path)
                .map_err(|e| format!("cannot open the log {}: {e}", path.display()))?,
        ),
        None => None,
    };
    Ok((args.client_config(&url), app_key, username, log))
}

async fn login(
    config: ClientConfig,
    app_key: String,
    username: String,
    mut log: Option<ExchangeLog>,
) -> Exit {
    let client = match TokenClient::new(&config) {
        Ok(client) => client,
        Err(e) => {
            eprintln!("error: {e}");
            return Exit::Usage;
        }
    };
    let mut answers = Answers::new();
    let password = match std::env::var(PASSWORD_ENV) {
        Ok(p) => SecretString::from(p),
        Err(_) => match answers.ask(&format!("Password for {username}: ")) {
            Some(p) => p,
            None => {
                eprintln!("\nNo password given; nothing was sent.");
                return Exit::Quit;
            }
        },
    };
    let credentials = Credentials {
        app_key: app_key.into(),
        username,
        password,
        pin: None,
    };
    let mut flow = LoginFlow::new(credentials);
    let mut request = flow.first_request();
    eprintln!("Logging in at {} …", client.url());
    loop {
        let (outcome, exchange) = client.send(&request).await;
        if let Some(log) = log.as_mut()
            && let Err(e) = log.append(&exchange)
        {
            eprintln!("warning: cannot write the log: {e}");
        }
        match flow.on_outcome(outcome) {
            Next::Ask(prompt) => {
                let again = if prompt.reasked { " (asked again)" } else { "" };
                eprintln!(
                    "Step {}: {}{again} — {}",
                    prompt.step_number, prompt.step, prompt.reason
                );
                let question = format!(
                    "Enter the {} (sent as {}): ",
                    prompt.factor.label(),
                    prompt.factor.header()
                );
                let Some(answer) = answers.ask(&question) else {
                    eprintln!("\nNo answer given; the login was abandoned.");
                    return Exit::Quit;
                };
                request = flow
                    .answer(prompt.factor, answer)
                    .expect("the flow is expecting after Ask");
            }
            Next::Done(success) => {
                if let Some(phrase) = &success.personal_phrase {
                    eprintln!("Your personal phrase: {phrase}");
                }
                eprintln!("Logged in as {}.", flow.credentials().username);
                println!("{}", success.token.expose_secret());
                return Exit::Token;
            }
            Next::Stopped(stop) => {
                match &stop {
                    crate::auth::Stop::Failed(f) => eprintln!(
                        "Login failed at step {} (HTTP {}): {}",
                        f.step, f.status, f.reason
                    ),
                    crate::auth::Stop::Fault(fault) => eprintln!("error: {fault}"),
                }
                eprintln!("hint: {}", hints::for_stop(&stop).advice);
                return Exit::for_stop(&stop);
            }
        }
    }
}
