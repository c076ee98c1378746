//! The signals that end a line-mode login (Ctrl-C, SIGTERM, SIGHUP), caught so that the login ends cleanly.

use tokio::signal::unix::{Signal, SignalKind, signal};

/// The signals that end a login (as they end the TUI), caught from its start to its end so that they end
/// the login, with its report, rather than the process.
pub struct Signals(Vec<(&'static str, Signal)>);

impl Signals {
    pub fn listen() -> Signals {
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
                    crate::say!(
                        "warning: cannot catch {name} ({e}); it will end the program at once"
                    )
                }
            }
        }
        Signals(listening)
    }

    /// The name of the next signal (one that arrived since the last call counts).
    pub async fn next(&mut self) -> &'static str {
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
