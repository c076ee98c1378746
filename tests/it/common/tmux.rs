//! A private tmux server (its own socket) running one command in a real terminal, read with `capture-pane`.

use std::process::Command;
use std::time::{Duration, Instant};

/// How long a test waits for text to appear in the pane; generous for a loaded CI machine.
const PATIENCE: Duration = Duration::from_secs(15);

/// One tmux server with one session; killed when dropped.
pub struct Tmux {
    socket: String,
}

impl Tmux {
    /// Starts `command` in a 100×30 pane, with extra environment `env` and global `options` (`"name value"`).
    pub fn start(name: &str, command: &str, env: &[(&str, &str)], options: &[&str]) -> Tmux {
        let tmux = Tmux {
            socket: format!("asl-{name}-{}", std::process::id()),
        };
        let mut args = vec!["new-session", "-d", "-x", "100", "-y", "30"];
        let env_args: Vec<String> = env.iter().map(|(k, v)| format!("{k}={v}")).collect();
        for e in &env_args {
            args.extend(["-e", e.as_str()]);
        }
        args.push(command);
        assert!(tmux.run(&args).status.success(), "tmux new-session failed");
        for option in options {
            let mut words: Vec<&str> = vec!["set", "-g"];
            words.extend(option.split(' '));
            tmux.run(&words);
        }
        tmux
    }

    /// Runs a tmux command against this server.
    pub fn run(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux runs")
    }

    /// The pane's text as it is now.
    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p"]).stdout).into_owned()
    }

    /// Waits until the pane shows `text`; panics with the pane after [`PATIENCE`].
    pub fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + PATIENCE;
        while !self.screen().contains(text) {
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {text:?} on screen; the pane shows:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Types `keys` (tmux key names such as `Enter`, `C-c`, or literal text).
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys"];
        args.extend(keys);
        self.run(&args);
    }

    /// Resizes the window (and its one pane) to `cols`×`rows`.
    pub fn resize(&self, cols: u16, rows: u16) {
        let (cols, rows) = (cols.to_string(), rows.to_string());
        let out = self.run(&["resize-window", "-x", &cols, "-y", &rows]);
        assert!(out.status.success(), "tmux resize-window failed");
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.run(&["kill-server"]);
    }
}
