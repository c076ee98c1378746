//! PTY harness: the real binary in a pseudo-terminal, its output parsed by vt100, a sandbox on the side.
// Each test crate uses a different part of this module.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, SlavePty};

use crate::common::{BIN, INHERITED_ENV_TO_DROP, Served, fresh_home};

/// How long one expected screen may take to appear; generous for a loaded CI machine.
pub const PATIENCE: Duration = Duration::from_secs(5);

/// How long the output must stay quiet before a screen counts as drawn. The binary writes a frame in
/// many small writes, so a reader can see half a frame; a wait is over only once the frame is whole.
pub const SETTLE: Duration = Duration::from_millis(40);

/// The terminal size tests start with (columns, rows).
pub const SIZE: (u16, u16) = (100, 30);

/// Bytes a terminal sends for keys.
pub mod key {
    pub const ENTER: &str = "\r";
    pub const ESC: &str = "\x1b";
    pub const TAB: &str = "\t";
    pub const CTRL_C: &str = "\x03";
    pub const CTRL_N: &str = "\x0e";
    pub const CTRL_P: &str = "\x10";
    pub const CTRL_Q: &str = "\x11";
    pub const CTRL_R: &str = "\x12";
    pub const CTRL_S: &str = "\x13";
    pub const CTRL_X: &str = "\x18";
    pub const CTRL_Y: &str = "\x19";
    /// Deletes the whole line in the focused input (tui-input's binding).
    pub const CTRL_U: &str = "\x15";
    pub const UP: &str = "\x1b[A";
    pub const DOWN: &str = "\x1b[B";
    pub const F1: &str = "\x1bOP";
    pub const F2: &str = "\x1bOQ";
    pub const END: &str = "\x1b[F";
    pub const PAGE_DOWN: &str = "\x1b[6~";
}

/// The binary pointed at `served` as `username`, the right password in `AUTOSHARES_PASSWORD`.
pub fn login_as(served: &Served, username: &str) -> Launch {
    login_form(served, username).env("AUTOSHARES_PASSWORD", served.password(username))
}

/// The binary pointed at `served` as `username`, the password left for the form (where the focus starts).
pub fn login_form(served: &Served, username: &str) -> Launch {
    Launch::app()
        .args(["--url", &served.sandbox.base_url()])
        .args(["--app-key", served.app_key()])
        .args(["--username", username])
}

/// How to start the binary: its arguments, environment, and where its stdout goes.
pub struct Launch {
    /// `--clipboard MODE`, for a run that copies (not `inspect`, which refuses the option).
    clipboard: Option<String>,
    args: Vec<String>,
    /// Variables to set (`Some`) or to remove (`None`).
    env: Vec<(String, Option<String>)>,
    stdout_to: Option<PathBuf>,
}

impl Launch {
    /// The binary with `--clipboard off` unless [`Launch::clipboard`] says otherwise, so a test never
    /// touches the developer's clipboard by accident.
    pub fn app() -> Launch {
        Launch {
            clipboard: Some("off".into()),
            args: Vec::new(),
            env: vec![("TERM".into(), Some("xterm-256color".into()))],
            stdout_to: None,
        }
    }

    /// `inspect LOG`: the timeline viewer, which copies nothing (and takes no `--clipboard`).
    pub fn inspect(log: &Path) -> Launch {
        let launch = Launch {
            clipboard: None,
            ..Launch::app()
        };
        launch.args(["inspect", log.to_str().expect("a UTF-8 path")])
    }

    pub fn args<const N: usize>(mut self, args: [&str; N]) -> Launch {
        self.args.extend(args.iter().map(|a| a.to_string()));
        self
    }

    /// `--clipboard MODE` instead of `off`.
    pub fn clipboard(mut self, mode: &str) -> Launch {
        self.clipboard = Some(mode.into());
        self
    }

    pub fn env(mut self, name: &str, value: &str) -> Launch {
        self.env.retain(|(n, _)| n != name);
        self.env.push((name.into(), Some(value.into())));
        self
    }

    /// Starts the binary without `name` in its environment (`TERM`, say), whatever the tests inherit.
    pub fn env_unset(mut self, name: &str) -> Launch {
        self.env.retain(|(n, _)| n != name);
        self.env.push((name.into(), None));
        self
    }

    /// Sends the child's stdout to `file` (the PTY gets stdin and stderr only, where the TUI draws).
    pub fn stdout_to(mut self, file: &Path) -> Launch {
        self.stdout_to = Some(file.to_path_buf());
        self
    }

    /// Starts the binary in a fresh PTY of [`SIZE`].
    pub fn spawn(self) -> Tui {
        let (cols, rows) = SIZE;
        let pair = portable_pty::native_pty_system()
            .openpty(pty_size(cols, rows))
            .expect("a pseudo-terminal");
        let mut command = match &self.stdout_to {
            None => CommandBuilder::new(BIN),
            Some(file) => {
                // `exec` keeps the binary the PTY's session leader, so signals reach it directly.
                let mut sh = CommandBuilder::new("sh");
                sh.args(["-c", r#"exec "$0" "$@" > "$PTY_TEST_STDOUT""#, BIN]);
                sh.env("PTY_TEST_STDOUT", file);
                sh
            }
        };
        if let Some(mode) = &self.clipboard {
            command.args(["--clipboard", mode]);
        }
        command.args(&self.args);
        INHERITED_ENV_TO_DROP
            .iter()
            .for_each(|name| command.env_remove(name));
        for (name, value) in fresh_home().env() {
            command.env(name, value);
        }
        for (name, value) in &self.env {
            match value {
                Some(value) => command.env(name, value),
                None => command.env_remove(name),
            }
        }
        let child = pair
            .slave
            .spawn_command(command)
            .expect("the binary starts");
        let output = Arc::new(Output {
            state: Mutex::new(State {
                parser: vt100::Parser::new_with_callbacks(rows, cols, 0, Titles::default()),
                raw: Vec::new(),
                seen: Vec::new(),
                last_output: Instant::now(),
            }),
            changed: Condvar::new(),
        });
        let reader = pair.master.try_clone_reader().expect("a PTY reader");
        let feed = output.clone();
        thread::spawn(move || feed.pump(reader));
        Tui {
            writer: pair.master.take_writer().expect("a PTY writer"),
            master: pair.master,
            // Kept open like a terminal emulator would, so the PTY's settings outlive the child.
            _slave: pair.slave,
            child,
            output,
        }
    }
}

/// The window title and icon name the program asked for (OSC 0/1/2), which vt100 leaves to callbacks.
#[derive(Default)]
struct Titles {
    title: Vec<u8>,
    icon_name: Vec<u8>,
}

impl vt100::Callbacks for Titles {
    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.title = title.to_vec();
    }

    fn set_window_icon_name(&mut self, _: &mut vt100::Screen, icon_name: &[u8]) {
        self.icon_name = icon_name.to_vec();
    }
}

/// Everything the child wrote to the PTY: parsed, and raw.
struct State {
    parser: vt100::Parser<Titles>,
    raw: Vec<u8>,
    /// The screen's text after each read that changed it.
    seen: Vec<String>,
    last_output: Instant,
}

struct Output {
    state: Mutex<State>,
    changed: Condvar,
}

impl Output {
    /// Feeds the PTY's output into the parser until the PTY closes.
    fn pump(&self, mut reader: Box<dyn Read + Send>) {
        let mut buf = [0u8; 8192];
        while let Ok(n @ 1..) = reader.read(&mut buf) {
            let mut state = self.lock();
            state.parser.process(&buf[..n]);
            state.raw.extend_from_slice(&buf[..n]);
            let text = state.parser.screen().contents();
            if state.seen.last() != Some(&text) {
                state.seen.push(text);
            }
            state.last_output = Instant::now();
            drop(state);
            self.changed.notify_all();
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Echo and canonical (line) input: what a shell needs back after a full-screen program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineDiscipline {
    pub echo: bool,
    pub canonical: bool,
}

impl LineDiscipline {
    pub const COOKED: LineDiscipline = LineDiscipline {
        echo: true,
        canonical: true,
    };
}

/// The binary running in a PTY.
pub struct Tui {
    writer: Box<dyn Write + Send>,
    master: Box<dyn MasterPty + Send>,
    _slave: Box<dyn SlavePty + Send>,
    child: Box<dyn Child + Send + Sync>,
    output: Arc<Output>,
}

impl Tui {
    /// Waits until the screen's text satisfies `ready`; panics after `timeout` showing the screen.
    pub fn wait_for(&self, what: &str, timeout: Duration, ready: impl Fn(&str) -> bool) -> String {
        self.wait_for_screen(what, timeout, |screen| ready(&screen.contents()))
            .contents()
    }

    /// Waits until the screen shows `needle`; returns the screen's text.
    pub fn expect_text(&self, needle: &str) -> String {
        self.wait_for(
            &format!("the screen to show {needle:?}"),
            PATIENCE,
            |text| text.contains(needle),
        )
    }

    /// Waits until the parsed terminal (text, modes, cursor) satisfies `ready` and the output has
    /// been quiet for [`SETTLE`]; returns it.
    pub fn wait_for_screen(
        &self,
        what: &str,
        timeout: Duration,
        ready: impl Fn(&vt100::Screen) -> bool,
    ) -> vt100::Screen {
        let deadline = Instant::now() + timeout;
        let mut state = self.output.lock();
        loop {
            let ready_now = ready(state.parser.screen());
            let quiet_for = state.last_output.elapsed();
            if ready_now && quiet_for >= SETTLE {
                return state.parser.screen().clone();
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                let why = if ready_now { "settled" } else { "shown" };
                panic!(
                    "timed out after {timeout:?} waiting for {what} (never {why}); the screen shows:\n{}",
                    state.parser.screen().contents()
                );
            }
            let wait = if ready_now { SETTLE - quiet_for } else { left };
            state = self
                .output
                .changed
                .wait_timeout(state, wait.min(left))
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// The terminal as it is now.
    pub fn screen(&self) -> vt100::Screen {
        self.output.lock().parser.screen().clone()
    }

    /// Every byte the child wrote to the PTY so far.
    pub fn raw_output(&self) -> Vec<u8> {
        self.output.lock().raw.clone()
    }

    /// The text of every screen the child drew so far, oldest first: each state the terminal showed
    /// after a read from the PTY. Unlike [`Tui::raw_output`], a string drawn in pieces (a frame redraws
    /// only the cells that changed) shows up here whole.
    pub fn screens_seen(&self) -> Vec<String> {
        self.output.lock().seen.clone()
    }

    /// The window title and icon name the child has set, lossily decoded.
    pub fn titles(&self) -> (String, String) {
        let state = self.output.lock();
        let titles = state.parser.callbacks();
        (
            String::from_utf8_lossy(&titles.title).into_owned(),
            String::from_utf8_lossy(&titles.icon_name).into_owned(),
        )
    }

    /// Types `keys` as a terminal would send them.
    pub fn send(&mut self, keys: &str) {
        self.writer
            .write_all(keys.as_bytes())
            .and_then(|()| self.writer.flush())
            .expect("the PTY takes input");
    }

    /// Resizes the terminal (the child gets SIGWINCH) and the parser with it.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.output.lock().parser.screen_mut().set_size(rows, cols);
        self.master
            .resize(pty_size(cols, rows))
            .expect("the PTY resizes");
    }

    /// Sends `signal` (`libc::SIGTERM`, …) to the child.
    #[cfg(unix)]
    pub fn signal(&self, signal: libc::c_int) {
        crate::common::send_signal(self.pid(), signal);
    }

    /// The child's process id.
    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("the child's pid")
    }

    /// Whether the child is still running.
    pub fn is_running(&mut self) -> bool {
        self.child.try_wait().expect("the child's status").is_none()
    }

    /// Waits for the child to end and returns its exit code; panics if it ends by a signal or not at all.
    pub fn exit_code(&mut self) -> u32 {
        let status = self.wait_exit();
        assert!(
            status.signal().is_none(),
            "the binary was killed by a signal: {status:?}"
        );
        status.exit_code()
    }

    fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().expect("the child's status") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "the binary did not exit within {PATIENCE:?}; the screen shows:\n{}",
                self.screen().contents()
            );
            thread::sleep(Duration::from_millis(10));
        }
    }

    /// Echo and canonical mode of the PTY now (what the child set, or left behind). Unix's: ConPTY has
    /// no termios to read.
    #[cfg(unix)]
    pub fn line_discipline(&self) -> LineDiscipline {
        let termios = self.master.get_termios().expect("the PTY's termios");
        // portable-pty hands out nix's `Termios`, whose bits are the platform's `tcflag_t`, as are
        // libc's flags (a u32 on Linux, a u64 on macOS).
        let flags = termios.local_flags.bits();
        LineDiscipline {
            echo: flags & libc::ECHO != 0,
            canonical: flags & libc::ICANON != 0,
        }
    }

    /// Waits until the child has left the alternate screen, shown the cursor and turned bracketed
    /// paste off: what the shell's user sees after the program is gone.
    pub fn expect_terminal_restored(&self) {
        self.wait_for_screen(
            "the terminal to be restored (main screen, cursor shown, bracketed paste off)",
            PATIENCE,
            |s| !s.alternate_screen() && !s.hide_cursor() && !s.bracketed_paste(),
        );
    }

    /// The child ends with `code` and leaves the terminal as it found it: main screen, cursor shown,
    /// bracketed paste off, echo and line input back on.
    pub fn expect_exit_restored(&mut self, code: u32) {
        assert_eq!(self.exit_code(), code, "exit code");
        self.expect_terminal_restored();
        #[cfg(unix)]
        assert_eq!(
            self.line_discipline(),
            LineDiscipline::COOKED,
            "echo and canonical input are back on the terminal after exit"
        );
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Whether the form's focus marker `›` is on the field labelled `label`.
pub fn focus_on(screen_text: &str, label: &str) -> bool {
    screen_text.contains(&format!("› {label}"))
}

/// What the form shows in the field labelled `label` (masked as on screen), without the borders.
pub fn form_value(screen_text: &str, label: &str) -> Option<String> {
    screen_text.lines().find_map(|line| {
        let after = line.split_once(&format!(" {label} "))?.1;
        Some(after.trim().trim_end_matches('│').trim().to_string())
    })
}

/// The text as one line: card borders dropped, every run of whitespace (line breaks included) one space,
/// so a check does not depend on where the text wrapped.
pub fn folded(screen_text: &str) -> String {
    screen_text
        .split(|c: char| c.is_whitespace() || c == '│')
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn pty_size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}
