//! Line mode (`--no-tui`): prompts and server text on stderr, answers one line each from stdin, the token on stdout.
//!
//! Ctrl-C (SIGINT), SIGTERM and SIGHUP are caught for the whole login: at a prompt or while the server is
//! answering, they end the login with exit 130, the report (if asked for) still written and the terminal's
//! echo back on. Answers are read on a blocking thread that an interrupted login does not wait for, so
//! whoever calls [`run`] must not wait for the runtime's blocking threads either (main shuts the runtime
//! down in the background).

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::time::SystemTime;

use rustix::termios::{LocalModes, OptionalActions, Termios, tcgetattr, tcsetattr};
use secrecy::{ExposeSecret, SecretString};
use tokio::signal::unix::{Signal, SignalKind, signal};
use zeroize::Zeroizing;

use crate::auth::{ClientConfig, Credentials, LoginFlow, Next, Stop, TokenClient};
use crate::cli::{LoginArgs, PASSWORD_ENV};
use crate::diag::Exchange;
use crate::diag::hints;
use crate::diag::log::ExchangeLog;
use crate::diag::report::{self, Conclusion, Report};
use crate::exit::{self, Exit};

/// One answer, as read.
enum Reply {
    Line(SecretString),
    /// The input ended (or the terminal could not be read) before a line.
    End,
    /// Ctrl-C (SIGINT), or SIGTERM or SIGHUP: the name.
    Signalled(&'static str),
}

/// Reads one answer per line from stdin, echo off when stdin is a terminal; on a blocking thread, so that
/// a signal is noticed while a read is pending.
struct Answers {
    terminal: bool,
}

impl Answers {
    fn new() -> Self {
        Answers {
            terminal: io::stdin().is_terminal(),
        }
    }

    /// Shows `prompt` on stderr and reads a line, unless a signal comes first.
    async fn ask(&self, prompt: &str, signals: &mut Signals) -> Reply {
        // Dropped on every way out of here, a signal included, so echo never stays off.
        let _echo_off = if self.terminal {
            match EchoOff::new() {
                Ok(echo_off) => Some(echo_off),
                Err(e) => {
                    eprintln!("error: cannot turn off echo on the terminal to read a secret: {e}");
                    return Reply::End;
                }
            }
        } else {
            None
        };
        eprint!("{prompt}");
        let _ = io::stderr().flush();
        let terminal = self.terminal;
        tokio::select! {
            read = tokio::task::spawn_blocking(move || read_answer(terminal)) => {
                read.unwrap_or(Reply::End)
            }
            signal = signals.next() => Reply::Signalled(signal),
        }
    }
}

/// One line from stdin: the answer without its line ending, or `End` when the input is over.
fn read_answer(terminal: bool) -> Reply {
    let mut line = Zeroizing::new(String::new());
    match io::stdin().read_line(&mut line) {
        Ok(0) | Err(_) => return Reply::End,
        // A terminal echoes the newline (ECHONL); nothing echoes a piped one: end the prompt's line here.
        Ok(_) if !terminal => eprintln!(),
        Ok(_) => {}
    }
    Reply::Line(SecretString::from(line.trim_end_matches(['\r', '\n'])))
}

/// Echo off on the terminal that is stdin while an answer is typed (the Enter still shows as a new line);
/// the settings as they were when dropped. Only echo changes: line editing works as usual, and Ctrl-C
/// still becomes SIGINT, which the login catches.
struct EchoOff {
    saved: Termios,
}

impl EchoOff {
    fn new() -> io::Result<EchoOff> {
        let stdin = io::stdin();
        let saved = tcgetattr(&stdin)?;
        let mut quiet = saved.clone();
        quiet.local_modes.remove(LocalModes::ECHO);
        quiet.local_modes.insert(LocalModes::ECHONL);
        tcsetattr(&stdin, OptionalActions::Now, &quiet)?;
        Ok(EchoOff { saved })
    }
}

impl Drop for EchoOff {
    fn drop(&mut self) {
        let _ = tcsetattr(io::stdin(), OptionalActions::Now, &self.saved);
    }
}

/// The signals that end a login (as they end the TUI), caught from its start to its end so that they end
/// the login, with its report, rather than the process.
struct Signals(Vec<(&'static str, Signal)>);

impl Signals {
    fn listen() -> Signals {
        let kinds = [
            ("SIGINT", SignalKind::interrupt()),
            ("SIGTERM", SignalKind::terminate()),
            ("SIGHUP", SignalKind::hangup()),
        ];
        let mut listening = Vec::new();
        for (name, kind) in kinds {
            match signal(kind) {
                Ok(signal) => listening.push((name, signal)),
                Err(e) => {
                    eprintln!("warning: cannot catch {name} ({e}); it will end the program at once")
                }
            }
        }
        Signals(listening)
    }

    /// The name of the next signal (one that arrived since the last call counts).
    async fn next(&mut self) -> &'static str {
        let waits = self.0.iter_mut().map(|(name, signal)| {
            Box::pin(async move {
                match signal.recv().await {
                    Some(()) => *name,
                    None => std::future::pending().await,
                }
            })
        });
        match waits.len() {
            0 => std::future::pending().await,
            _ => futures_util::future::select_all(waits).await.0,
        }
    }
}

/// A value the login needs, from its flag or environment variable.
fn required(value: &Option<String>, flag: &str, env: &str) -> Result<String, String> {
    value
        .clone()
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| missing(flag, env))
}

fn missing(flag: &str, env: &str) -> String {
    format!("{flag} (or {env}) is required in line mode")
}

/// Logs in without a TUI; returns how the program should exit.
///
/// A read of stdin may still be blocked when this returns (after Ctrl-C): do not wait for the runtime's
/// blocking threads afterwards (`Runtime::shutdown_background`).
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
    app_key: SecretString,
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
        // Not eprintln!, which panics when stderr is gone (a terminal hung up: SIGHUP).
        let _ = writeln!(io::stderr(), "\n{message}");
        Ending {
            exit: Exit::Quit,
            stop: None,
        }
    }

    fn signalled(signal: &str) -> Ending {
        let what = match signal {
            "SIGINT" => "Interrupted".to_string(),
            other => format!("Stopped by {other}"),
        };
        Ending::quit(&format!("{what}; the login was abandoned."))
    }
}

impl Session {
    fn open(args: &LoginArgs) -> Result<Session, String> {
        let url = required(&args.url, "--url", "AUTOSHARES_URL")?;
        let app_key = args
            .app_key
            .clone()
            .filter(|k| !k.expose_secret().trim().is_empty())
            .ok_or_else(|| missing("--app-key", "AUTOSHARES_APP_KEY"))?;
        let username = required(&args.username, "--username", "AUTOSHARES_USERNAME")?;
        let config = ClientConfig {
            url,
            options: args.client_options(),
        };
        let client = TokenClient::new(&config).map_err(|e| e.to_string())?;
        let log = match &args.log {
            Some(path) => {
                let log = ExchangeLog::open(path)
                    .map_err(|e| format!("cannot open the log {}: {e}", path.display()))?;
                if let Some(mode) = log.shared_mode() {
                    eprintln!(
                        "warning: the log {} can be read or written by others (mode {mode:o}); `chmod 600` it",
                        path.display()
                    );
                }
                Some(log)
            }
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
            let _ = match report::write(path, &text) {
                Ok(written) => writeln!(io::stderr(), "Report written to {}", written.display()),
                Err(e) => writeln!(
                    io::stderr(),
                    "warning: cannot write the report {}: {e}",
                    path.display()
                ),
            };
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
        let mut signals = Signals::listen();
        let answers = Answers::new();
        let password = match std::env::var(PASSWORD_ENV).ok().filter(|p| !p.is_empty()) {
            Some(p) => SecretString::from(p),
            None => {
                let prompt = format!("Password for {}: ", self.username);
                match answers.ask(&prompt, &mut signals).await {
                    Reply::Line(p) => p,
                    Reply::End => return Ending::quit("No password given; nothing was sent."),
                    Reply::Signalled(signal) => return Ending::signalled(signal),
                }
            }
        };
        let credentials = Credentials {
            app_key: self.app_key.clone(),
            username: self.username.clone(),
            password,
            pin: None,
        };
        let mut flow = LoginFlow::new(credentials);
        let mut request = flow.first_request();
        eprintln!("Logging in at {} …", self.client.url());
        loop {
            let (outcome, exchange) = tokio::select! {
                sent = self.client.send(&request) => sent,
                signal = signals.next() => return Ending::signalled(signal),
            };
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
                    let answer = match answers.ask(&question, &mut signals).await {
                        Reply::Line(answer) => answer,
                        Reply::End => {
                            return Ending::quit("No answer given; the login was abandoned.");
                        }
                        Reply::Signalled(signal) => return Ending::signalled(signal),
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
