//! The signals that end a login, caught so that it ends cleanly: Ctrl-C, SIGTERM and SIGHUP on Unix;
//! Ctrl-C, Ctrl-Break and the console window closing on Windows.

use std::io;

/// A signal that arrived: its name, and whether it is the user's own interrupt (Ctrl-C).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Caught {
    pub name: &'static str,
    pub interrupt: bool,
}

impl Caught {
    /// What ended the login, in words: "Interrupted" or "Stopped by NAME".
    pub fn describe(self) -> String {
        if self.interrupt {
            "Interrupted".to_string()
        } else {
            format!("Stopped by {}", self.name)
        }
    }
}

/// The signals that end a login, caught from its start to its end so that they end the login (its report
/// written, the terminal restored) rather than the process.
pub struct Signals(Vec<(Caught, platform::Listener)>);

impl Signals {
    /// Starts catching; a signal that cannot be caught is named in a warning on stderr (it then ends the
    /// program at once, as it would without this). Needs a Tokio runtime.
    pub fn listen() -> Signals {
        let mut listening = Vec::new();
        for (caught, listener) in platform::listen() {
            match listener {
                Ok(listener) => listening.push((caught, listener)),
                Err(e) => crate::say!(
                    "warning: cannot catch {} ({e}); it will end the program at once",
                    caught.name
                ),
            }
        }
        Signals(listening)
    }

    /// The next signal (one that arrived since the last call counts).
    pub async fn next(&mut self) -> Caught {
        let waits = self.0.iter_mut().map(|(caught, listener)| {
            Box::pin(async move {
                match listener.recv().await {
                    Some(()) => *caught,
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

type Listening = Vec<(Caught, io::Result<platform::Listener>)>;

#[cfg(unix)]
mod platform {
    use tokio::signal::unix::{Signal, SignalKind, signal};

    use super::{Caught, Listening};

    pub(crate) type Listener = Signal;

    pub(crate) fn listen() -> Listening {
        [
            ("SIGINT", true, SignalKind::interrupt()),
            ("SIGTERM", false, SignalKind::terminate()),
            ("SIGHUP", false, SignalKind::hangup()),
        ]
        .into_iter()
        .map(|(name, interrupt, kind)| (Caught { name, interrupt }, signal(kind)))
        .collect()
    }
}

#[cfg(windows)]
mod platform {
    use tokio::signal::windows::{CtrlBreak, CtrlC, CtrlClose, ctrl_break, ctrl_c, ctrl_close};

    use super::{Caught, Listening};

    /// One console control event.
    pub enum Listener {
        CtrlC(CtrlC),
        CtrlBreak(CtrlBreak),
        /// The console window is closing: Windows ends the process a few seconds later, which is time
        /// enough to write the report.
        CtrlClose(CtrlClose),
    }

    impl Listener {
        pub async fn recv(&mut self) -> Option<()> {
            match self {
                Listener::CtrlC(event) => event.recv().await,
                Listener::CtrlBreak(event) => event.recv().await,
                Listener::CtrlClose(event) => event.recv().await,
            }
        }
    }

    pub fn listen() -> Listening {
        let caught = |name, interrupt| Caught { name, interrupt };
        vec![
            (caught("Ctrl-C", true), ctrl_c().map(Listener::CtrlC)),
            (
                caught("Ctrl-Break", false),
                ctrl_break().map(Listener::CtrlBreak),
            ),
            (
                caught("the console window closing", false),
                ctrl_close().map(Listener::CtrlClose),
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_interrupt_reads_as_interrupted() {
        let ctrl_c = Caught {
            name: "SIGINT",
            interrupt: true,
        };
        let term = Caught {
            name: "SIGTERM",
            interrupt: false,
        };
        assert_eq!(ctrl_c.describe(), "Interrupted");
        assert_eq!(term.describe(), "Stopped by SIGTERM");
    }
}
