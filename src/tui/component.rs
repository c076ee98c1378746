//! A component: a screen or a popup that owns its state, lists its keys once (the key bar, the help popup
//! and the key handling all read that one list), carries out the actions of those keys, and draws itself.
//! `App` routes each key to the component on top and does what its [`Component::Outcome`] asks: the
//! component changes only itself, never what is shared (settings, profiles, the exchanges, the login).

use std::borrow::Cow;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::keys::{Action, KeyMap};

pub(crate) trait Component {
    /// What the component reads of the shared state (the exchanges, the time, the help's content):
    /// handed to each method, never kept.
    type Context<'a>;
    /// What a key asks of `App` beyond the component's own state.
    type Outcome;

    /// Its keys, most important first: the key bar and the help popup show them, and only their actions
    /// reach [`Component::handle`].
    fn keys(&self, context: &Self::Context<'_>) -> Cow<'static, KeyMap>;

    /// Carries out `action`, the action [`Component::keys`] binds to `key` (a text input wants the key).
    fn handle(
        &mut self,
        action: Action,
        key: KeyEvent,
        context: &Self::Context<'_>,
    ) -> Self::Outcome;

    /// Draws the component in `area`; state, not IO: it may note what the draw had room for.
    fn render(&self, context: &Self::Context<'_>, frame: &mut Frame, area: Rect);
}

/// What a key does to a popup: it stays open or closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Popup {
    Open,
    Closed,
}
