//! The TUI: one loop over terminal input, effect results and signals; it redraws only when something changed.

mod app;
mod effects;
mod failure;
mod form;
mod input;
mod keys;
mod message;
mod step;
mod success;
pub mod terminal;
mod text;
mod theme;
mod timeline;
mod view;

use std::time::Instant;

use crossterm::event::{Event, EventStream};
use futures_util::StreamExt;
use tokio::sync::mpsc;

pub use app::{App, AppExit, DemoUser, Screen, Settings};
pub use form::{FieldId, Prefill};
pub use keys::KeyHint;
pub use message::{Effect, Msg, RequestId};
pub use theme::{READABLE_BACKGROUNDS, READABLE_FOREGROUNDS};
pub use view::{current_keys, draw};

use crate::diag::Exchange;
use crate::diag::log::ExchangeLog;
use crate::signals::Signals;
use effects::Effects;

/// Runs the TUI until the user quits or a token is taken; the terminal is restored on every way out.
pub async fn run(settings: Settings, log: Option<ExchangeLog>) -> std::io::Result<AppExit> {
    // Before the screen is taken over, so that a warning about a signal is readable.
    let mut signals = Signals::listen();
    let mut session = terminal::Session::enter()?;
    let (sender, mut messages) = mpsc::unbounded_channel();
    let mut effects = Effects::new(sender, settings.copier.clone());
    let mut app = App::new(settings, Instant::now());
    let mut log = LogWriter {
        log,
        written: 0,
        error: None,
    };
    let mut input = EventStream::new();
    let mut dirty = true;
    loop {
        if dirty {
            session.terminal.draw(|frame| view::draw(&app, frame))?;
        }
        let tick = app.tick_period();
        let msg = tokio::select! {
            event = input.next() => match event {
                Some(Ok(Event::Key(key))) => Msg::Key(key),
                Some(Ok(Event::Paste(text))) => Msg::Paste(text.into()),
                Some(Ok(Event::Resize(..))) => Msg::Resized,
                Some(Ok(_)) => {
                    dirty = false;
                    continue;
                }
                Some(Err(e)) => return Err(e),
                None => Msg::Terminate,
            },
            Some(msg) = messages.recv() => msg,
            () = sleep_or_never(tick) => Msg::Tick,
            _ = signals.next() => Msg::Terminate,
        };
        dirty = true;
        for msg in std::iter::once(msg).chain(std::iter::from_fn(|| messages.try_recv().ok())) {
            app.set_clock(Instant::now());
            for effect in app.update(msg) {
                effects.run(effect);
            }
        }
        log.catch_up(app.exchanges());
        if let Some(exit) = app.take_exit() {
            drop(session);
            if let Some(e) = log.error {
                crate::say!("warning: the exchange log could not be written: {e}");
            }
            return Ok(exit);
        }
    }
}

/// Appends to `--log` every exchange the timeline gains, so the log and the timeline always agree.
struct LogWriter {
    log: Option<ExchangeLog>,
    written: usize,
    error: Option<std::io::Error>,
}

impl LogWriter {
    fn catch_up(&mut self, exchanges: &[Exchange]) {
        let new = exchanges.get(self.written..).unwrap_or_default();
        self.written = exchanges.len();
        let Some(log) = self.log.as_mut() else { return };
        if let Err(e) = new.iter().try_for_each(|exchange| log.append(exchange)) {
            self.error = Some(e);
            self.log = None;
        }
    }
}

async fn sleep_or_never(period: Option<std::time::Duration>) {
    match period {
        Some(period) => tokio::time::sleep(period).await,
        None => std::future::pending().await,
    }
}
