//! Line mode (`--no-tui`): prompts and server text on stderr, answers one line each from stdin, the token on stdout.
//!
//! Ctrl-C, SIGTERM and SIGHUP (on Windows Ctrl-C, Ctrl-Break and the console closing) are caught for the
//! whole login: at a prompt or while the server is answering, they end the login with exit 130, the report
//! (if asked for) still written and the terminal's echo back on. Answers are read on a blocking thread that an interrupted login does not wait for, so
//! whoever calls [`run`] must not wait for the runtime's blocking threads either (main shuts the runtime
//! down in the background).

use std::path::PathBuf;
use std::time::SystemTime;

use secrecy::{ExposeSecret, SecretString};

use crate::auth::hints::{self, Context};
use crate::auth::input::{self, Field};
use crate::auth::{
    ClientConfig, Credentials, Factor, LoginFlow, Next, Prompt, Stop, Success, TokenClient,
};
use crate::demo::DemoUser;
use crate::diag::log::ExchangeLog;
use crate::diag::report::{self, Conclusion, Report};
use crate::diag::{Exchange, RunContext};
use crate::exit::{Error, Exit};
use crate::runtime::LazyRuntime;
use crate::session::{PASSWORD_ENV, Settings};

mod answers;
mod echo;
mod step_line;
mod unknown_step;

use crate::signals::{Caught, Signals};

/// Why a line of input cannot be used at all.
const NOT_TEXT: &str =
    "stdin: the line is not UTF-8 text, the only text this tool reads and sends; it was not sent";

use answers::{Answers, Reply};
use step_line::StepLines;

/// A value the login needs, from its flag or environment variable, trimmed.
fn required(value: Option<&str>, flag: &'static str, env: &'static str) -> Result<String, Error> {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .ok_or(Error::Missing { flag, env })
}

/// `value`, when it can go in `field`'s header as it is; else why not, naming where it came from.
fn sendable(field: Field, value: &str, source: &'static str) -> Result<(), Error> {
    input::check(field, value).map_err(|problem| Error::Unsendable {
        from: source,
        problem,
    })
}

/// Logs in without a TUI: the token, or how the program should exit (or why the login could not
/// start). Nothing goes to stdout. With `--demo`, `demo_user` is the sandbox user logging in: each
/// step's prompt says what that user types.
///
/// A read of stdin may still be blocked when this returns (after Ctrl-C): do not wait for the runtime's
/// blocking threads afterwards (`LazyRuntime::shutdown_background`).
pub fn obtain(
    settings: &Settings,
    context: &RunContext,
    demo_user: Option<&DemoUser>,
    runtime: &LazyRuntime,
) -> Result<Result<SecretString, Exit>, Error> {
    let mut session = LineLogin::open(settings, context.clone())?;
    session.demo_user = demo_user.cloned();
    runtime.block_on(session.login())
}

/// One line-mode login: where it goes, as whom, and what it records.
struct LineLogin {
    client: TokenClient,
    app_key: SecretString,
    username: String,
    password: Option<SecretString>,
    log: Option<ExchangeLog>,
    report_path: Option<PathBuf>,
    exchanges: Vec<Exchange>,
    demo_user: Option<DemoUser>,
    /// What the log's `run` line and the report say of this run.
    context: RunContext,
}

/// How a login ended: the exit code and, for a stop, why.
struct Ending {
    exit: Exit,
    token: Option<SecretString>,
    stop: Option<Stop>,
}

impl Ending {
    /// An ending without a token or a stop, said in `line` on stderr.
    fn without_token(exit: Exit, line: &str) -> Ending {
        crate::say!("{line}");
        Ending {
            exit,
            token: None,
            stop: None,
        }
    }

    fn quit(message: &str) -> Ending {
        Ending::without_token(Exit::Quit, &format!("\n{message}"))
    }

    /// The input ended (EOF) where an answer was due: a usage error that names what was missing.
    fn input_ended(missing: &str, consequence: &str) -> Ending {
        crate::say!("");
        Ending::unusable(&format!(
            "the input ended before {missing} was given; {consequence}"
        ))
    }

    /// Input that cannot be used: a usage error (exit 2), and why.
    fn unusable(message: &str) -> Ending {
        Ending::without_token(Exit::Usage, &format!("error: {message}"))
    }

    fn signalled(signal: Caught) -> Ending {
        Ending::quit(&format!("{}; the login was abandoned.", signal.describe()))
    }
}

impl LineLogin {
    fn open(settings: &Settings, context: RunContext) -> Result<LineLogin, Error> {
        let url = required(settings.url.as_deref(), "--url", "AUTOSHARES_URL")?;
        let app_key = required(
            settings.app_key.as_ref().map(ExposeSecret::expose_secret),
            "--app-key",
            "AUTOSHARES_APP_KEY",
        )?;
        sendable(Field::AppKey, &app_key, "--app-key / AUTOSHARES_APP_KEY")?;
        let app_key = SecretString::from(app_key);
        let username = required(
            settings.username.as_deref(),
            "--username",
            "AUTOSHARES_USERNAME",
        )?;
        sendable(
            Field::Username,
            &username,
            "--username / AUTOSHARES_USERNAME",
        )?;
        let config = ClientConfig {
            url,
            options: settings.client.clone(),
        };
        let client = TokenClient::new(&config)?;
        let log = match &settings.run.log {
            Some(path) => {
                let log = ExchangeLog::open(path).map_err(|source| Error::Log {
                    path: path.clone(),
                    source,
                })?;
                if let Some(mode) = log.shared_mode() {
                    crate::say!(
                        "warning: the log {} can be read or written by others (mode {mode:o}); `chmod 600` it",
                        path.display()
                    );
                }
                Some(log)
            }
            None => None,
        };
        Ok(LineLogin {
            client,
            app_key,
            username,
            password: settings.run.password.clone(),
            log,
            report_path: settings.run.report.clone(),
            exchanges: Vec::new(),
            demo_user: None,
            context,
        })
    }

    async fn login(mut self) -> Result<SecretString, Exit> {
        let ending = self.converse().await;
        if let Some(path) = &self.report_path {
            let conclusion = match (&ending.stop, ending.exit) {
                (Some(stop), _) => hints::conclusion(stop, &self.server(), Context::LineMode),
                (None, Exit::Success) => Conclusion::Token,
                (None, _) => Conclusion::Unfinished,
            };
            let text = Report {
                exchanges: &self.exchanges,
                conclusion,
                context: Some(&self.context),
                source: None,
            }
            .render(SystemTime::now());
            match report::write(path, &text) {
                Ok(written) => crate::say!("{written}"),
                Err(e) => crate::say!("warning: cannot write the report {}: {e}", path.display()),
            }
        }
        ending.token.ok_or(ending.exit)
    }

    /// The server, as a headline names it (`host:port`).
    fn server(&self) -> String {
        hints::server(self.client.url())
    }

    /// Keeps the exchange for the report and appends it to the log.
    fn record(&mut self, exchange: Exchange) {
        if let Some(log) = self.log.as_mut()
            && let Err(e) = log.append(&self.context, &exchange)
        {
            crate::say!("warning: cannot write the log: {e}");
        }
        self.exchanges.push(exchange);
    }

    async fn converse(&mut self) -> Ending {
        let mut signals = Signals::listen();
        let answers = Answers::new();
        let password = match self.password(&answers, &mut signals).await {
            Ok(password) => password,
            Err(ending) => return ending,
        };
        let credentials = Credentials {
            app_key: self.app_key.clone(),
            username: self.username.clone(),
            password,
            pin: None,
        };
        let mut flow = LoginFlow::new(credentials);
        let mut request = flow.first_request();
        let mut step_lines = StepLines::default();
        crate::say!("Logging in at {} …", self.client.url());
        loop {
            let (outcome, exchange) = tokio::select! {
                sent = self.client.send(&request) => sent,
                signal = signals.next() => return Ending::signalled(signal),
            };
            self.record(exchange);
            let prompt = match flow.on_outcome(outcome) {
                Next::Ask(prompt) => prompt,
                Next::Done(success) => return self.succeeded(success),
                Next::Stopped(stop) => return stopped(stop, &self.server()),
            };
            crate::say!("{}", step_lines.introduce(&prompt));
            let hint = (self.demo_user.as_ref()).and_then(|u| u.hint(prompt.factor));
            let (factor, answer) = match ask_step(&prompt, hint, &answers, &mut signals).await {
                Ok(answered) => answered,
                Err(ending) => return ending,
            };
            request = match flow.answer(factor, answer) {
                Ok(request) => request,
                Err(e) => return Ending::quit(&e.to_string()),
            };
        }
    }

    /// The password: `--demo`'s, else from the environment, else the first line of input; checked before
    /// it is sent.
    async fn password(
        &self,
        answers: &Answers,
        signals: &mut Signals,
    ) -> Result<SecretString, Ending> {
        let (password, source) = match self.password.clone() {
            // `--demo` fills in the sandbox user's password: said, so piped answers go to the steps.
            Some(p) if self.demo_user.is_some() => {
                crate::say!(
                    "Password for {}: filled in by --demo (the sandbox's password).",
                    self.username
                );
                (p, "--demo")
            }
            Some(p) => (p, PASSWORD_ENV),
            None => {
                let prompt = format!("Password for {}: ", self.username);
                match answers.ask(&prompt, signals).await {
                    Reply::Line(p) => (p, "stdin"),
                    Reply::End => {
                        let missing = format!("the password for {}", self.username);
                        return Err(Ending::input_ended(&missing, "nothing was sent."));
                    }
                    Reply::NotText => return Err(Ending::unusable(NOT_TEXT)),
                    Reply::Signalled(signal) => return Err(Ending::signalled(signal)),
                }
            }
        };
        sendable(Field::Password, password.expose_secret(), source)
            .map_err(|e| Ending::unusable(&e.to_string()))?;
        Ok(password)
    }

    fn succeeded(&self, success: Success) -> Ending {
        if let Some(phrase) = &success.personal_phrase {
            crate::say!("Your personal phrase: {phrase}");
        }
        crate::say!("Logged in as {}.", self.username);
        Ending {
            exit: Exit::Success,
            token: Some(success.token),
            stop: None,
        }
    }
}

/// Reads the answer to the server's step, checked before it is sent, with the header it goes in; a
/// `--demo` hint (what the sandbox's user types) goes before the question.
async fn ask_step(
    prompt: &Prompt,
    hint: Option<String>,
    answers: &Answers,
    signals: &mut Signals,
) -> Result<(Factor, SecretString), Ending> {
    let mut question = unknown_step::question(prompt);
    if let Some(hint) = hint {
        question = format!("({hint}) {question}");
    }
    let answer = match answers.ask(&question, signals).await {
        Reply::Line(answer) => SecretString::from(answer.expose_secret().trim()),
        Reply::End => {
            let missing = format!("the {} for step {}", prompt.factor.label(), prompt.step);
            return Err(Ending::input_ended(&missing, "the login was abandoned."));
        }
        Reply::NotText => return Err(Ending::unusable(NOT_TEXT)),
        Reply::Signalled(signal) => return Err(Ending::signalled(signal)),
    };
    let (factor, answer) = if prompt.known_step {
        (prompt.factor, answer)
    } else {
        unknown_step::header_and_answer(prompt.factor, answer)
    };
    let field = Field::for_step(factor, prompt.known_step);
    sendable(field, answer.expose_secret(), "stdin")
        .map_err(|e| Ending::unusable(&e.to_string()))?;
    Ok((factor, answer))
}

/// The login stopped at `server`: what happened in plain words, what to do, then what the server (or
/// the network library) said.
fn stopped(stop: Stop, server: &str) -> Ending {
    crate::say!("error: {}", hints::headline(&stop, server));
    crate::say!("hint: {}", hints::for_stop(&stop, Context::LineMode).advice);
    match &stop {
        Stop::Failed(f) => crate::say!(
            "  the server: login failed at step {} (HTTP {}): {}",
            f.step,
            f.status,
            f.reason
        ),
        Stop::Fault(fault) => crate::say!("  details: {fault}"),
    }
    Ending {
        exit: Exit::for_stop(&stop),
        token: None,
        stop: Some(stop),
    }
}
