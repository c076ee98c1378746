//! Shared test helpers: a sandbox with recognisable secrets, clients, and a login driver with scripted answers.
// Each test crate uses a different part of this module.
#![allow(dead_code)]

#[cfg(unix)]
pub mod keyring;
pub mod servers;
pub mod tmux;
pub mod tools;
pub mod trader;
pub mod x11;

use std::path::{Path, PathBuf};
use std::time::Duration;

use autoshares_login::auth::{
    ClientConfig, ClientOptions, Credentials, Fault, LoginFlow, Next, Prompt, Stop, Success,
    TokenClient, wire::Failure,
};
use autoshares_login::diag::Exchange;
use autoshares_login::sandbox::{Sandbox, Scenarios, UserScenario};
use secrecy::{ExposeSecret, SecretString};

/// A per-request timeout for tests that do not test timeouts: long enough never to fire by accident.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// The built-in scenarios with every secret made unmistakable, so a leak check cannot be fooled by a
/// common word (`sandbox`) or a short number (`1234`) turning up in a URL, a port or a timestamp.
/// Behaviour (steps, reasons, failures, delays) is exactly the built-in one.
pub fn scenarios() -> Scenarios {
    let mut scenarios = Scenarios::builtin();
    scenarios.app_key = "APPKEY-q7Lw2Vx9-test".into();
    for user in &mut scenarios.users {
        let name = &user.username;
        user.password = format!("Pw-{name}-zK81");
        user.pin = user.pin.as_ref().map(|_| format!("PIN-{name}-zK82"));
        user.code = user.code.as_ref().map(|_| format!("CODE-{name}-zK83"));
        if let Some(question) = &mut user.question {
            question.answer = format!("ANSWER-{name}-zK84");
        }
    }
    scenarios
}

/// An in-process sandbox with [`scenarios`], on a free loopback port.
pub async fn start_sandbox() -> Sandbox {
    Sandbox::start(scenarios(), 0)
        .await
        .expect("the sandbox starts")
}

/// A sandbox on a runtime of its own, for tests that block the test thread (running the real binary).
pub struct Served {
    // Declared first: dropped (and told to stop) while its runtime still exists.
    pub sandbox: Sandbox,
    runtime: tokio::runtime::Runtime,
}

impl Served {
    /// Logins received so far (first requests of a login: no interim token).
    pub fn logins(&self) -> usize {
        self.sandbox
            .received()
            .iter()
            .filter(|r| r.method == "POST" && r.header("Authorization").is_none())
            .count()
    }

    /// [`scenarios`] on a free loopback port.
    pub fn start() -> Served {
        Served::with(|_| {})
    }

    /// [`scenarios`] changed by `adjust` (a shorter delay, say) on a free loopback port.
    pub fn with(adjust: impl FnOnce(&mut Scenarios)) -> Served {
        let mut adjusted = scenarios();
        adjust(&mut adjusted);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a runtime for the sandbox");
        let sandbox = runtime
            .block_on(Sandbox::start(adjusted, 0))
            .expect("the sandbox starts");
        Served { sandbox, runtime }
    }

    /// [`scenarios`] with user `slow` answering after `delay` instead of 4 s.
    pub fn with_slow_user(delay: Duration) -> Served {
        Served::with(|scenarios| {
            let slow = scenarios
                .users
                .iter_mut()
                .find(|u| u.username == "slow")
                .expect("the built-in scenarios have user slow");
            slow.delay_ms = u64::try_from(delay.as_millis()).expect("a short delay");
        })
    }

    /// Runs `future` to completion on the sandbox's runtime.
    pub fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    /// The scenario of `username`; panics on a name the sandbox does not have.
    pub fn user(&self, username: &str) -> &UserScenario {
        user(&self.sandbox, username)
    }

    /// The scenario password of `username`.
    pub fn password(&self, username: &str) -> &str {
        &self.user(username).password
    }

    pub fn app_key(&self) -> &str {
        &self.sandbox.scenarios().app_key
    }

    /// The interim tokens sent back so far, oldest first: the `Authorization: Bearer …` of each
    /// request to the token endpoint (a final token sent elsewhere is not one).
    pub fn interim_tokens(&self) -> Vec<String> {
        self.sandbox
            .received()
            .iter()
            .filter(|r| r.method == "POST" && r.path == "/api/token")
            .filter_map(|r| {
                Some(
                    r.header("Authorization")?
                        .strip_prefix("Bearer ")?
                        .to_string(),
                )
            })
            .collect()
    }

    /// Runs the binary in line mode against this sandbox as `username`, with the right app key.
    pub fn line_mode(&self, username: &str, extra: &[&str], stdin: &str) -> Output {
        self.line_mode_with(username, extra, &[], stdin)
    }

    /// [`Served::line_mode`] with extra environment `env`.
    pub fn line_mode_with(
        &self,
        username: &str,
        extra: &[&str],
        env: &[(&str, &str)],
        stdin: &str,
    ) -> Output {
        run(&self.line_mode_args(username, extra), env, stdin)
    }

    /// [`Served::line_mode`] with the `gone` output streams closed (EPIPE on every write).
    pub fn line_mode_gone(&self, username: &str, stdin: &str, gone: Gone) -> Output {
        run_with_gone(&self.line_mode_args(username, &[]), &[], stdin, gone)
    }

    /// Starts the binary in line mode as `username`, with stdin held open and nothing written to it.
    pub fn spawn_line_mode(&self, username: &str, extra: &[&str], env: &[(&str, &str)]) -> Running {
        Running::spawn(&self.line_mode_args(username, extra), env)
    }

    /// The arguments of a line-mode login as `username` against this sandbox, then `extra`.
    pub fn line_mode_args(&self, username: &str, extra: &[&str]) -> Vec<String> {
        let mut args: Vec<String> = [
            "--no-tui",
            "--url",
            &self.sandbox.base_url(),
            "--app-key",
            self.app_key(),
            "--username",
            username,
        ]
        .map(String::from)
        .into();
        args.extend(extra.iter().map(|a| a.to_string()));
        args
    }
}

/// The binary under test, built by Cargo for the test crates.
pub const BIN: &str = env!("CARGO_BIN_EXE_autoshares-login");

/// Environment the binary reads that must not leak in from the developer's shell. Without a session
/// bus no keyring answers, so the store's `auto` falls back to the file in the run's own home.
pub const INHERITED_ENV_TO_DROP: [&str; 8] = [
    // A developer's NO_COLOR would change what the screen tests see.
    "NO_COLOR",
    "AUTOSHARES_URL",
    "AUTOSHARES_APP_KEY",
    "AUTOSHARES_USERNAME",
    "AUTOSHARES_PROFILE",
    "AUTOSHARES_PASSWORD",
    "AUTOSHARES_CONFIG",
    "DBUS_SESSION_BUS_ADDRESS",
];

/// A fresh home for one run of the binary: `HOME` and the XDG config and state dirs point into it, so
/// a run never reads the developer's config or stores a token in their home. A test that wants two
/// runs to share a home passes these variables itself (see [`Home`]).
pub fn fresh_home() -> Home {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static RUN: AtomicUsize = AtomicUsize::new(0);
    Home::new(&format!("home-{}", RUN.fetch_add(1, Ordering::Relaxed)))
}

/// A home directory for runs of the binary, with its config and state dirs.
#[derive(Clone)]
pub struct Home {
    pub dir: PathBuf,
}

impl Home {
    /// An empty home under Cargo's scratch directory for tests.
    pub fn new(name: &str) -> Home {
        Home {
            dir: scratch_dir(name),
        }
    }

    /// `$XDG_CONFIG_HOME/autoshares-login/config.toml`, where the binary looks for its config
    /// (`%APPDATA%\autoshares-login\config.toml` on Windows).
    pub fn config_file(&self) -> PathBuf {
        self.config_home()
            .join("autoshares-login")
            .join("config.toml")
    }

    /// `$XDG_STATE_HOME/autoshares-login`, where the file store keeps tokens
    /// (`%LOCALAPPDATA%\autoshares-login` on Windows).
    pub fn state_dir(&self) -> PathBuf {
        self.state_home().join("autoshares-login")
    }

    /// Writes `text` as the config file.
    pub fn write_config(&self, text: &str) {
        let path = self.config_file();
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("the config dir");
        std::fs::write(&path, text).expect("the config file");
    }

    /// The variables that point the binary at this home.
    #[cfg(not(windows))]
    pub fn env(&self) -> Vec<(&'static str, PathBuf)> {
        vec![
            ("HOME", self.dir.clone()),
            ("XDG_CONFIG_HOME", self.config_home()),
            ("XDG_STATE_HOME", self.state_home()),
        ]
    }

    /// The variables that point the binary at this home.
    #[cfg(windows)]
    pub fn env(&self) -> Vec<(&'static str, PathBuf)> {
        vec![
            ("USERPROFILE", self.dir.clone()),
            ("APPDATA", self.config_home()),
            ("LOCALAPPDATA", self.state_home()),
        ]
    }

    #[cfg(not(windows))]
    fn config_home(&self) -> PathBuf {
        self.dir.join(".config")
    }

    #[cfg(not(windows))]
    fn state_home(&self) -> PathBuf {
        self.dir.join(".local").join("state")
    }

    #[cfg(windows)]
    fn config_home(&self) -> PathBuf {
        self.dir.join("AppData").join("Roaming")
    }

    #[cfg(windows)]
    fn state_home(&self) -> PathBuf {
        self.dir.join("AppData").join("Local")
    }
}

/// What one run of the binary without a terminal showed.
pub struct Output {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    /// Fails with everything the run printed when `secret` is in it.
    pub fn assert_hides(&self, secret: &str) {
        assert!(
            !self.stdout.contains(secret) && !self.stderr.contains(secret),
            "a secret of {} chars was printed:\nstdout: {}\nstderr: {}",
            secret.len(),
            self.stdout,
            self.stderr
        );
    }
}

/// The binary with `args` and extra environment `env` (none of the caller's `AUTOSHARES_*`), all three
/// standard streams piped.
fn command(args: &[impl AsRef<std::ffi::OsStr>], env: &[(&str, &str)]) -> std::process::Command {
    use std::process::{Command, Stdio};

    let mut command = Command::new(BIN);
    command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for name in INHERITED_ENV_TO_DROP {
        command.env_remove(name);
    }
    command.envs(fresh_home().env());
    command.envs(env.iter().copied());
    command
}

/// Runs the binary with `args`, extra environment `env` (none of the caller's `AUTOSHARES_*`) and `stdin`.
pub fn run(args: &[impl AsRef<std::ffi::OsStr>], env: &[(&str, &str)], stdin: &str) -> Output {
    finish(command(args, env), stdin.as_bytes())
}

#[cfg(unix)]
/// [`run`] with environment values and stdin as bytes, which need not be UTF-8.
pub fn run_bytes(
    args: &[impl AsRef<std::ffi::OsStr>],
    env: &[(&str, &[u8])],
    stdin: &[u8],
) -> Output {
    use std::os::unix::ffi::OsStrExt;

    let mut command = command(args, &[]);
    for (name, value) in env {
        command.env(name, std::ffi::OsStr::from_bytes(value));
    }
    finish(command, stdin)
}

/// Output streams of the binary that are gone: pipes whose reader has closed, so that every write to
/// them fails with EPIPE, as when the reading end of a shell pipeline quits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gone {
    Stdout,
    Stderr,
    Both,
}

/// [`run`] with the `gone` streams closed; what the others showed is returned (the gone ones read empty).
pub fn run_with_gone(
    args: &[impl AsRef<std::ffi::OsStr>],
    env: &[(&str, &str)],
    stdin: &str,
    gone: Gone,
) -> Output {
    let closed = || {
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        std::process::Stdio::from(writer)
    };
    let mut command = command(args, env);
    if gone != Gone::Stderr {
        command.stdout(closed());
    }
    if gone != Gone::Stdout {
        command.stderr(closed());
    }
    finish(command, stdin.as_bytes())
}

/// [`run`] with stdout on `/dev/full`, where every write fails with ENOSPC, as on a full disk; what
/// stderr showed is returned (stdout reads empty).
#[cfg(target_os = "linux")]
pub fn run_with_stdout_full(
    args: &[impl AsRef<std::ffi::OsStr>],
    env: &[(&str, &str)],
    stdin: &str,
) -> Output {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full opens for writing");
    let mut command = command(args, env);
    command.stdout(full);
    finish(command, stdin.as_bytes())
}

/// Starts `command`, writes `stdin` to it and closes it, and collects what it printed.
fn finish(mut command: std::process::Command, stdin: &[u8]) -> Output {
    use std::io::Write;

    let mut child = command.spawn().expect("the binary starts");
    let mut input = child.stdin.take().expect("piped stdin");
    // The binary may exit before reading it all (a usage error): a broken pipe is fine.
    let _ = input.write_all(stdin);
    drop(input);
    let output = child.wait_with_output().expect("the binary ends");
    Output {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The binary running without a terminal: stdin held open (so a read of it blocks), stdout and stderr
/// collected as they come.
pub struct Running {
    child: std::process::Child,
    stdin: Option<std::process::ChildStdin>,
    stdout: Collected,
    stderr: Collected,
}

impl Running {
    /// Starts the binary with `args` and extra environment `env`.
    pub fn spawn(args: &[impl AsRef<std::ffi::OsStr>], env: &[(&str, &str)]) -> Running {
        let mut child = command(args, env).spawn().expect("the binary starts");
        let stdin = child.stdin.take();
        let stdout = collect(child.stdout.take().expect("piped stdout"));
        let stderr = collect(child.stderr.take().expect("piped stderr"));
        Running {
            child,
            stdin,
            stdout,
            stderr,
        }
    }

    /// What the binary has written to stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr.text()
    }

    /// Waits until stderr contains `text`; panics with what it does show after `timeout`.
    pub fn wait_for_stderr(&self, text: &str, timeout: Duration) {
        let start = std::time::Instant::now();
        while !self.stderr().contains(text) {
            assert!(
                start.elapsed() < timeout,
                "{text:?} not on stderr after {timeout:?}: {}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Sends SIGINT, as Ctrl-C in a terminal would.
    #[cfg(unix)]
    pub fn interrupt(&self) {
        send_signal(self.child.id(), libc::SIGINT);
    }

    /// Waits for the binary to exit, at most `timeout` (then kills it and panics), and returns what it showed.
    pub fn finish(mut self, timeout: Duration) -> Output {
        let start = std::time::Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("the binary's status") {
                break status;
            }
            if start.elapsed() > timeout {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!(
                    "the binary was still running after {timeout:?}; stderr: {}",
                    self.stderr()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        drop(self.stdin.take());
        Output {
            code: status.code(),
            stdout: self.stdout.finish(),
            stderr: self.stderr.finish(),
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A stream of the binary's output, copied into a buffer on a thread of its own as it comes.
struct Collected {
    buffer: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
    reader: Option<std::thread::JoinHandle<()>>,
}

impl Collected {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.buffer.lock().expect("the output buffer")).into_owned()
    }

    /// Everything the stream yielded, once it has ended (the process has exited, so it ends).
    fn finish(&mut self) -> String {
        if let Some(reader) = self.reader.take() {
            reader.join().expect("the reading thread");
        }
        self.text()
    }
}

/// Starts copying everything `stream` yields into a shared buffer.
fn collect(mut stream: impl std::io::Read + Send + 'static) -> Collected {
    let buffer = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let shared = buffer.clone();
    let reader = std::thread::spawn(move || {
        let mut chunk = [0u8; 4096];
        while let Ok(n) = stream.read(&mut chunk) {
            if n == 0 {
                break;
            }
            shared
                .lock()
                .expect("the output buffer")
                .extend_from_slice(&chunk[..n]);
        }
    });
    Collected {
        buffer,
        reader: Some(reader),
    }
}

/// A loopback port that nothing listens on, held for as long as this lives: the socket is bound (so no
/// other test can take the port) but never listens, so a connection to it is refused.
pub struct ClosedPort {
    _socket: tokio::net::TcpSocket,
    pub port: u16,
}

impl ClosedPort {
    pub fn new() -> ClosedPort {
        let socket = tokio::net::TcpSocket::new_v4().expect("a TCP socket");
        socket
            .bind(std::net::SocketAddr::from(([127, 0, 0, 1], 0)))
            .expect("bind a loopback port");
        let port = socket.local_addr().expect("the bound address").port();
        ClosedPort {
            _socket: socket,
            port,
        }
    }

    /// An API base URL at this port.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/api", self.port)
    }
}

/// A fresh, empty directory for one test's files, under Cargo's scratch directory for tests.
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

/// Whether `needle` occurs in `haystack`, byte for byte.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    assert!(!needle.is_empty(), "searching for nothing finds everything");
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Standard base64 (RFC 4648 alphabet, `=` padding), as OSC 52 carries the copied text.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
        for i in 0..4 {
            out.push(if i <= chunk.len() {
                char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize])
            } else {
                '='
            });
        }
    }
    out
}

/// The scenario of `username`; panics on a name the sandbox does not have.
pub fn user<'a>(sandbox: &'a Sandbox, username: &str) -> &'a UserScenario {
    sandbox
        .scenarios()
        .users
        .iter()
        .find(|u| u.username == username)
        .unwrap_or_else(|| panic!("the sandbox has no user {username:?}"))
}

/// The right app key and password for `username`, without a PIN.
pub fn credentials(sandbox: &Sandbox, username: &str) -> Credentials {
    Credentials {
        app_key: sandbox.scenarios().app_key.clone().into(),
        username: username.to_string(),
        password: user(sandbox, username).password.clone().into(),
        pin: None,
    }
}

/// A client for `url` (an API base or token URL) with the given per-request timeout.
pub fn client(url: &str, timeout: Duration) -> TokenClient {
    TokenClient::new(&ClientConfig {
        url: url.to_string(),
        options: ClientOptions {
            timeout,
            cacert: None,
            allow_http: false,
        },
    })
    .unwrap_or_else(|e| panic!("a client for {url}: {e}"))
}

/// How a driven login ended.
#[derive(Debug)]
pub enum End {
    Token(Success),
    Stopped(Stop),
    /// The server asked for another factor and the script had no more answers.
    Unanswered,
}

/// Everything one driven login showed: the prompts, the exchange records, and how it ended.
#[derive(Debug)]
pub struct Run {
    pub prompts: Vec<Prompt>,
    pub exchanges: Vec<Exchange>,
    pub end: End,
}

impl Run {
    pub fn token(&self) -> &str {
        match &self.end {
            End::Token(success) => success.token.expose_secret(),
            other => panic!("expected a token, the login ended with {other:?}"),
        }
    }

    pub fn success(&self) -> &Success {
        match &self.end {
            End::Token(success) => success,
            other => panic!("expected a token, the login ended with {other:?}"),
        }
    }

    pub fn failure(&self) -> &Failure {
        match &self.end {
            End::Stopped(Stop::Failed(failure)) => failure,
            other => panic!("expected a login failure, the login ended with {other:?}"),
        }
    }

    pub fn fault(&self) -> &Fault {
        match &self.end {
            End::Stopped(Stop::Fault(fault)) => fault,
            other => panic!("expected a fault, the login ended with {other:?}"),
        }
    }

    /// The steps the server asked for, in order.
    pub fn steps(&self) -> Vec<&str> {
        self.prompts.iter().map(|p| p.step.as_str()).collect()
    }
}

/// Logs in with `credentials`, answering each step the server asks for with the next scripted answer,
/// in the header the flow chose for it. Every request is the script's: nothing is retried.
pub async fn drive(client: &TokenClient, credentials: Credentials, answers: &[&str]) -> Run {
    let mut flow = LoginFlow::new(credentials);
    let mut request = flow.first_request();
    let mut answers = answers.iter();
    let mut prompts = Vec::new();
    let mut exchanges = Vec::new();
    let end = loop {
        let (outcome, exchange) = client.send(&request).await;
        exchanges.push(exchange);
        match flow.on_outcome(outcome) {
            Next::Ask(prompt) => {
                let factor = prompt.factor;
                prompts.push(prompt);
                let Some(answer) = answers.next() else {
                    break End::Unanswered;
                };
                request = flow
                    .answer(factor, SecretString::from(answer.to_string()))
                    .expect("the flow expects an answer after Ask");
            }
            Next::Done(success) => break End::Token(success),
            Next::Stopped(stop) => break End::Stopped(stop),
        }
    };
    let unused: Vec<_> = answers.collect();
    assert!(
        unused.is_empty(),
        "the login ended ({end:?}) with {} scripted answer(s) unused",
        unused.len()
    );
    Run {
        prompts,
        exchanges,
        end,
    }
}

/// Asks the sandbox whose session `token` is, through the client's user-info check
/// (`GET {base}/v1.0/users/@me/info`): the `Login` it names, or `None` when the token is not accepted.
pub async fn token_owner(sandbox: &Sandbox, token: &str) -> Option<String> {
    let app_key = SecretString::from(sandbox.scenarios().app_key.clone());
    let (info, _) = client(&sandbox.base_url(), TIMEOUT)
        .user_info(&app_key, &SecretString::from(token.to_string()))
        .await;
    info.ok().and_then(|info| info.login)
}

/// Sends `signal` to process `pid`, as `kill` would (without needing procps on the machine).
#[cfg(unix)]
#[allow(unsafe_code)]
pub fn send_signal(pid: u32, signal: libc::c_int) {
    let pid = libc::pid_t::try_from(pid).expect("a pid fits pid_t");
    // SAFETY: kill(2) takes plain integers and has no memory effects in this process.
    let sent = unsafe { libc::kill(pid, signal) };
    assert_eq!(
        sent,
        0,
        "kill({pid}, {signal}) failed: {}",
        std::io::Error::last_os_error()
    );
}

/// Waits until `probe` gives a value and returns it; panics naming `what` after `timeout`.
pub fn wait_until<T>(what: &str, timeout: Duration, mut probe: impl FnMut() -> Option<T>) -> T {
    let deadline = std::time::Instant::now() + timeout;
    loop {
        if let Some(value) = probe() {
            return value;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
