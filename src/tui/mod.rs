//! The TUI: one loop over terminal input, effect results and signals; it redraws only when something changed.
//!
//! The flow is one way: a key (or a result) becomes a [`Msg`]; [`App::update`] changes the state and may
//! return [`Effect`]s; the loop hands those to [`Effects`], whose tasks answer with messages; the view
//! draws the state. Every write to the terminal (frames, OSC 52) happens here, in the loop.

mod app;
mod binding;
mod card_title;
mod component;
mod effects;
mod failure;
mod form;
mod help;
mod input;
pub mod inspect;
mod key_bar;
mod key_choice;
mod keys;
mod log_out;
mod login;
mod message;
mod outcome;
mod profile;
mod profile_read;
mod requests;
mod sandbox_users;
mod save_profile;
mod script;
mod step;
mod story;
mod success;
mod summary;
mod terminal;
mod text;
mod theme;
mod timeline;
mod timeline_table;
mod token;
mod view;

use std::io;
use std::time::Duration;

use crossterm::event::{Event, EventStream};
use futures_util::StreamExt;
use tokio::sync::mpsc::{self, UnboundedReceiver};

pub use app::{App, AppExit, LoginUsed, Start};
pub use form::{FieldId, Prefill};
pub use keys::{Action, BarEntry, Binding, Key, KeyMap};
pub use login::{InFlight, Screen};
pub use message::{Effect, Msg, Now, ReportError, RequestId};
pub use profile::Profile;
pub use sandbox_users::DemoUser;
pub use script::Script;
pub use success::Copy;
pub use theme::{READABLE_BACKGROUNDS, READABLE_FOREGROUNDS};
pub use view::draw;

use crate::clipboard::osc52;
use crate::diag::log::ExchangeLog;
use crate::session::LockPlace;
use crate::signals::Signals;
use effects::Effects;

/// Runs the TUI until the user quits or a token is taken; the terminal is restored on every way out.
/// Given a login lock (`token` and `exec`), it takes it only while a login request is under way (and
/// until the token it brought is stored), never while it waits for the user.
pub async fn run(
    settings: Start,
    log: Option<ExchangeLog>,
    login_lock: Option<LockPlace>,
) -> io::Result<AppExit> {
    // Before the screen is taken over, so that a warning about a signal is readable.
    let signals = Signals::listen();
    let mut session = terminal::Session::enter()?;
    let mut inputs = Inputs {
        terminal: EventStream::new(),
        signals,
    };
    let (sender, mut messages) = mpsc::unbounded_channel();
    let mut effects = Effects::new(sender.clone(), login_lock);
    let mut app = App::new(settings, Now::read());
    for effect in app.start() {
        effects.run(effect);
    }
    let mut log = LogWriter {
        log,
        written: 0,
        error: None,
    };
    let mut dirty = true;
    loop {
        if dirty {
            session.terminal.draw(|frame| view::draw(&app, frame))?;
        }
        let Some(msg) = inputs.next(&mut messages, app.tick_period()).await? else {
            dirty = false;
            continue;
        };
        dirty = true;
        for msg in std::iter::once(msg).chain(std::iter::from_fn(|| messages.try_recv().ok())) {
            for effect in app.update(msg, Now::read()) {
                effects.run(effect);
            }
            for copy in effects.take_osc52() {
                let written = osc52::write(session.terminal.backend_mut(), &copy.token);
                effects.osc52_written(copy, written);
            }
        }
        log.catch_up(&app);
        if let Some(exit) = app.take_exit() {
            drop(session);
            if let Some(e) = log.error {
                crate::say!("warning: the exchange log could not be written: {e}");
            }
            effects.settle().await;
            return Ok(exit);
        }
    }
}

/// What the loop waits on besides effect results: the terminal and the signals that end the program.
struct Inputs {
    terminal: EventStream,
    signals: Signals,
}

impl Inputs {
    /// The next message; `None` for a terminal event that changes nothing (focus, mouse).
    async fn next(
        &mut self,
        messages: &mut UnboundedReceiver<Msg>,
        tick: Option<Duration>,
    ) -> io::Result<Option<Msg>> {
        let msg = tokio::select! {
            event = self.terminal.next() => match event {
                Some(Ok(Event::Key(key))) => Msg::Key(key),
                Some(Ok(Event::Paste(text))) => Msg::Paste(text.into()),
                Some(Ok(Event::Resize(..))) => Msg::Resized,
                Some(Ok(_)) => return Ok(None),
                Some(Err(e)) => return Err(e),
                None => Msg::Terminate,
            },
            Some(msg) = messages.recv() => msg,
            () = sleep_or_never(tick) => Msg::Tick,
            _ = self.signals.next() => Msg::Terminate,
        };
        Ok(Some(msg))
    }
}

/// Appends to `--log` every exchange the timeline gains, so the log and the timeline always agree.
struct LogWriter {
    log: Option<ExchangeLog>,
    written: usize,
    error: Option<io::Error>,
}

impl LogWriter {
    fn catch_up(&mut self, app: &App) {
        let exchanges = app.exchanges();
        let new = exchanges.get(self.written..).unwrap_or_default();
        self.written = exchanges.len();
        let Some(log) = self.log.as_mut().filter(|_| !new.is_empty()) else {
            return;
        };
        let context = app.run_context();
        if let Err(e) = (new.iter()).try_for_each(|exchange| log.append(&context, exchange)) {
            self.error = Some(e);
            self.log = None;
        }
    }
}

async fn sleep_or_never(period: Option<Duration>) {
    match period {
        Some(period) => tokio::time::sleep(period).await,
        None => std::future::pending().await,
    }
}
