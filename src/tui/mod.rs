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
mod theme;
mod timeline;
mod view;

use std::time::Instant;

use crossterm::event::{Event, EventStream};
use futures_util::StreamExt;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;

pub use app::{App, AppExit, DemoUser, Screen, Settings};
pub use form::{FieldId, Prefill};
pub use message::{Effect, Msg, RequestId};
pub use view::draw;

use crate::diag::log::ExchangeLog;
use effects::Effects;

/// Runs the TUI until the user quits or a token is taken; the terminal is restored on every way out.
pub async fn run(settings: Settings, mut log: Option<ExchangeLog>) -> std::io::Result<AppExit> {
    let mut session = terminal::Session::enter()?;
    let (sender, mut messages) = mpsc::unbounded_channel();
    let mut effects = Effects::new(sender, settings.copier.clone());
    let mut app = App::new(settings, Instant::now());
    let mut input = EventStream::new();
    let mut terminate = signal(SignalKind::terminate())?;
    let mut hangup = signal(SignalKind::hangup())?;
    let mut log_error = None;
    let mut dirty = true;
    loop {
        if dirty {
            session.terminal.draw(|frame| view::draw(&app, frame))?;
        }
        let tick = app.tick_period();
        let msg = tokio::select! {
            event = input.next() => match event {
                Some(Ok(Event::Key(key))) => Msg::Key(key),
                Some(Ok(Event::Paste(text))) => Msg::Paste(text),
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
            _ = terminate.recv() => Msg::Terminate,
            _ = hangup.recv() => Msg::Terminate,
        };
        dirty = true;
        for msg in std::iter::once(msg).chain(std::iter::from_fn(|| messages.try_recv().ok())) {
            if let (Some(exchange), Some(file)) = (msg.exchange(), log.as_mut())
                && let Err(e) = file.append(exchange)
            {
                log_error = Some(e);
                log = None;
            }
            app.set_clock(Instant::now());
            for effect in app.update(msg) {
                effects.run(effect);
            }
        }
        if let Some(exit) = app.take_exit() {
            drop(session);
            if let Some(e) = log_error {
                eprintln!("warning: the exchange log could not be written: {e}");
            }
            return Ok(exit);
        }
    }
}

async fn sleep_or_never(period: Option<std::time::Duration>) {
    match period {
        Some(period) => tokio::time::sleep(period).await,
        None => std::future::pending().await,
    }
}
