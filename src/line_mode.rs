//! Line mode (`--no-tui`): prompts and server text on stderr, answers one line each from stdin, the token on stdout.

use std::io::{self, BufRead, IsTerminal, Write};

use secrecy::SecretString;

use std::path::PathBuf;
use std::time::SystemTime;

use crate::auth::{Credentials, LoginFlow, Next, Stop, TokenClient};
use crate::cli::{LoginArgs, PASSWORD_ENV};
use crate::diag::Exchange;
use crate::diag::hints;
use crate::diag::log::ExchangeLog;
use crate::diag::report::{self, Conclusion, Report};
use crate::exit::{self, Exit};

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
    let session = match Session::open(args) {
        Ok(session) => session,
        Err(message) => {
            eprintln!("error: {message}");
            return Exit::Usage;
        }
    };
    runtime.block_on(session.login())
}

/// One line-mode login: where it goes, as whom, and what it records.
struct Session {
    client: TokenClient,
    app_key: String,
    username: String,
    log: Option<ExchangeLog>,
    report_path: Option<PathBuf>,
    exchanges: Vec<Exchange>,
}

/// How a login ended: the exit code and, for a stop, why.
struct Ending {
    exit: Exit,
    stop: Option<Stop>,
}

impl Ending {
    fn quit(message: &str) -> Ending {
        eprintln!("\n{message}");
        Ending {
            exit: Exit::Quit,
            stop: None,
        }
    }
}

impl Session {
    fn open(args: &LoginArgs) -> Result<Session, String> {
        let url = required(&args.url, "--url", "AUTOSHARES_URL")?;
        let app_key = required(&args.app_key, "--app-key", "AUTOSHARES_APP_KEY")?;
        let username = required(&args.username, "--username", "AUTOSHARES_USERNAME")?;
        let client = TokenClient::new(&args.client_config(&url)).map_err(|e| e.to_string())?;
        let log = match &args.log {
            Some(path) => Some(
                ExchangeLog::open(path)
                    .map_err(|e| format!("cannot open the log {}: {e}", path.display()))?,
            ),
            None => None,
        };
        Ok(Session {
            client,
            app_key,
            username,
            log,
            report_path: args.report.clone(),
            exchanges: Vec::new(),
        })
    }

    async fn login(mut self) -> Exit {
        let ending = self.converse().await;
        if let Some(path) = &self.report_path {
            let conclusion = match (&ending.stop, ending.exit) {
                (Some(stop), _) => Conclusion::Stopped(stop),
                (None, Exit::Token) => Conclusion::Token,
                (None, _) => Conclusion::Unfinished,
            };
            let url = self.client.url().to_string();
            let text = Report {
                url: &url,
                username: &self.username,
                exchanges: &self.exchanges,
                conclusion,
            }
            .render(SystemTime::now());
            match report::write(path, &text) {
                Ok(written) => eprintln!("Report written to {}", written.display()),
                Err(e) => eprintln!("warning: cannot write the report {}: {e}", path.display()),
            }
        }
        ending.exit
    }

    /// Keeps the exchange for the report and appends it to the log.
    fn record(&mut self, exchange: Exchange) {
        if let Some(log) = self.log.as_mut()
            && let Err(e) = log.append(&exchange)
        {
            eprintln!("warning: cannot write the log: {e}");
        }
        self.exchanges.push(exchange);
    }

    async fn converse(&mut self) -> Ending {
        let mut answers = Answers::new();
        let password = match std::env::var(PASSWORD_ENV).ok().filter(|p| !p.is_empty()) {
            Some(p) => SecretString::from(p),
            None => match answers.ask(&format!("Password for {}: ", self.username)) {
                Some(p) => p,
                None => return Ending::quit("No password given; nothing was sent."),
            },
        };
        let credentials = Credentials {
            app_key: self.app_key.clone().into(),
            username: self.username.clone(),
            password,
            pin: None,
        };
        let mut flow = LoginFlow::new(credentials);
        let mut request = flow.first_request();
        eprintln!("Logging in at {} …", self.client.url());
        loop {
            let (outcome, exchange) = self.client.send(&request).await;
            self.record(exchange);
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
                        return Ending::quit("No answer given; the login was abandoned.");
                    };
                    request = match flow.answer(prompt.factor, answer) {
                        Ok(request) => request,
                        Err(e) => return Ending::quit(&e.to_string()),
                    };
                }
                Next::Done(success) => {
                    if let Some(phrase) = &success.personal_phrase {
                        eprintln!("Your personal phrase: {phrase}");
                    }
                    eprintln!("Logged in as {}.", self.username);
                    let exit = exit::print_token(&success.token);
                    return Ending { exit, stop: None };
                }
                Next::Stopped(stop) => {
                    match &stop {
                        Stop::Failed(f) => eprintln!(
                            "Login failed at step {} (HTTP {}): {}",
                            f.step, f.status, f.reason
                        ),
                        Stop::Fault(fault) => eprintln!("error: {fault}"),
                    }
                    eprintln!("hint: {}", hints::for_stop(&stop).advice);
                    return Ending {
                        exit: Exit::for_stop(&stop),
                        stop: Some(stop),
                    };
                }
            }
        }
    }
}
