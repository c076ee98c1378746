//! The success screen: who logged in, the token masked unless asked for, and what copying did; also
//! the screen a stored session opens on (who, where, until when).

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use secrecy::{ExposeSecret, SecretString};
use std::borrow::Cow;
use std::time::SystemTime;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::component::Component;
use super::keys::{self, Action, KeyMap};
use super::message::RequestId;
use super::save_profile::ProfilePrompt;
use super::text::{self, Ranked};
use super::theme;
use crate::auth::{CheckError, UserInfo};
use crate::clipboard::{Copied, KeeperError};
use crate::diag::redact;
use crate::session::{
    Kept, Placement, ProfileSaved, Saved, StoreError, StoredSession, human_duration, local_time_in,
};

/// Which lines of the success screen give way first on a small terminal: the later a variant, the sooner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    Who,
    Until,
    Where,
    ProfileSaved,
    Token,
    Copied,
    ServerSays,
    Phrase,
    ProfileDetail,
    CopyDetail,
    SpaceAboveToken,
    SpaceBelowToken,
    SpaceAboveSaved,
}

impl From<Rank> for u8 {
    fn from(rank: Rank) -> u8 {
        rank as u8
    }
}

/// What a key of the success screen asks of `App`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SuccessOutcome {
    /// Handled on the screen: the token shown or hidden, the profile prompt typed in or closed.
    Stay,
    /// Leave with the token.
    Leave,
    CopyAgain,
    WriteReport,
    /// Say this in the notice line.
    Say(String),
    /// Enter on the profile prompt: save the login under its name.
    SaveProfile,
    /// Ctrl-X on a stored session: the screen asks whether to drop the stored token (`App` names it).
    LogOutAsked,
    /// Any other key after that: the stored token stays.
    TokenKept,
    /// Ctrl-X again: drop the stored token.
    LogOut,
    /// Ctrl-N on a stored session: the form, for a new login.
    LogInAgain,
    /// Ctrl-P on a stored session: the next profile of the config file.
    SwitchProfile,
}

/// What the success screen reads of the app: the time, and what this run can do with a token.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SuccessContext {
    pub now: SystemTime,
    /// A config file and a store to save a profile to.
    pub can_save_profile: bool,
    /// A clipboard to copy to (Ctrl-Y is offered only then).
    pub copying_on: bool,
}

/// What text typed on a stored session (meant for a form) gets: which screen this is, and the way to
/// the form.
pub(crate) const NOT_THE_FORM: &str = "This is the \"Already logged in\" screen, not the login form: \
    Ctrl-N opens the form (the stored token stays until the new login succeeds), Esc quits.";

/// The key of `ToggleReveal` in this screen's maps, for the lines that name it.
const REVEAL: &str = "Ctrl-S";

/// What text typed after a login gets: which screen this is, and its keys.
pub(crate) const NOTHING_TO_TYPE: &str = "You are logged in: nothing to type here. Esc quits, \
    Ctrl-Y copies the token, Ctrl-S shows it, F1 lists the keys.";

/// Where a `--demo` login's token is: nowhere, by the demo's design, not a store setting's.
const DEMO_NOT_STORED: &str = "The token is not stored: a demo's tokens end with its sandbox.";

/// A copy of the token: not asked for yet, under way, or done and how.
#[derive(Debug)]
pub enum Copy {
    /// A stored session's token, until Ctrl-Y copies it.
    NotYet,
    /// Waiting for the keeper or the terminal; `system_failed` when OSC 52 is the fallback being tried;
    /// `again` when Ctrl-Y asked for it (the notice line then says what it did).
    Copying {
        system_failed: Option<KeeperError>,
        again: bool,
    },
    Done(Copied),
}

/// A login that produced a token.
#[derive(Debug)]
pub struct SuccessScreen {
    /// Where times are shown: the system's zone (tests fix one).
    zone: TimeZone,
    username: String,
    token: SecretString,
    personal_phrase: Option<String>,
    revealed: bool,
    copy: Copy,
    /// Whose the token is, once the server has said so; `None` while the check runs.
    check: Option<Result<UserInfo, CheckError>>,
    /// The check this screen waits for.
    check_id: Option<RequestId>,
    /// Where the token was stored and until when it is valid, once the store has answered; why not,
    /// when it could not be stored.
    stored: Option<Result<Box<Kept>, StoreError>>,
    /// A token from the store (where and until when), not from a login just now.
    from_store: Option<(String, Timestamp)>,
    issued_at: Timestamp,
    /// The name asked for when the login is being saved as a profile.
    profile_prompt: Option<ProfilePrompt>,
    /// What saving the login as a profile did.
    saved_as: Option<Box<ProfileSaved>>,
    /// A `--demo` login: not storing its token is the demo's doing, not a store setting's.
    demo: bool,
    /// A stored session after Ctrl-X: whether to drop its token is being asked.
    log_out_asked: bool,
}

impl SuccessScreen {
    /// The screen of a token issued at `issued_at` for `username`, its times shown in `zone`.
    pub fn new(
        (username, token, issued_at): (String, SecretString, Timestamp),
        personal_phrase: Option<String>,
        copy: Copy,
        zone: TimeZone,
    ) -> Self {
        SuccessScreen {
            zone,
            issued_at,
            profile_prompt: None,
            saved_as: None,
            username,
            token,
            personal_phrase,
            revealed: false,
            copy,
            check: None,
            check_id: None,
            stored: None,
            from_store: None,
            demo: false,
            log_out_asked: false,
        }
    }

    /// Marks the screen as a `--demo` login's.
    pub fn in_demo(&mut self) {
        self.demo = true;
    }

    /// The screen of a stored session: its token is not copied until Ctrl-Y. `None` without a token.
    pub fn from_store(session: &StoredSession, zone: TimeZone) -> Option<Self> {
        let token = session.token.clone()?;
        let issued = (session.username.clone(), token, session.issued_at);
        let mut screen = SuccessScreen::new(issued, None, Copy::NotYet, zone);
        screen.from_store = Some((session.url.clone(), session.expires_at));
        Some(screen)
    }

    /// Whether the token came from the store rather than a login just now.
    pub fn is_from_store(&self) -> bool {
        self.from_store.is_some()
    }

    /// Whether the stored session asks whether to drop its token (after Ctrl-X).
    pub fn log_out_asked(&self) -> bool {
        self.log_out_asked
    }

    /// A stored session's server, and how long its token has left at `now`.
    fn store_lines(&self, now: SystemTime) -> Vec<Ranked<'_>> {
        let Some(((url, expires), left)) = self.from_store.as_ref().zip(self.stored_time_left(now))
        else {
            return Vec::new();
        };
        let until = if left.is_zero() {
            let at = local_time_in(*expires, &self.zone);
            format!("expired at {at}: Ctrl-N logs in again")
        } else {
            let (until, left) = (local_time_in(*expires, &self.zone), human_duration(left));
            format!("valid until {until} (in {left})")
        };
        let at = vec![
            Span::styled("at ", theme::label()),
            Span::styled(url.as_str(), theme::value()),
        ];
        vec![
            Ranked::indented(Rank::Where, at),
            Ranked::indented(
                Rank::Until,
                Line::styled(format!("stored token {until}"), theme::label()),
            ),
        ]
    }

    /// The store's answer: where the token went and until when it is valid.
    pub fn stored(&mut self, result: Result<Kept, StoreError>) {
        self.stored = Some(result.map(Box::new));
    }

    /// Whether the store has answered, that it took the token or why not.
    pub fn store_answered(&self) -> bool {
        self.stored.is_some()
    }

    /// Where the token was stored, once the store has answered that it was.
    pub fn kept(&self) -> Option<&Kept> {
        self.stored.as_ref()?.as_ref().ok().map(|kept| &**kept)
    }

    /// The token was moved to `saved` (a profile's store): where it is now.
    pub(crate) fn moved_to(&mut self, saved: Saved) {
        if let Some(Ok(kept)) = &mut self.stored {
            kept.saved = saved;
        }
    }

    /// Where the token is and when it expires (local time, and the time left at `now`), or why it was
    /// not stored.
    fn stored_lines(&self, now: SystemTime) -> Vec<Ranked<'_>> {
        let line = |rank, text| Ranked::indented(rank, Line::styled(text, theme::label()));
        match &self.stored {
            None => Vec::new(),
            Some(Ok(kept)) => {
                let now = jiff::Timestamp::try_from(now).unwrap_or(kept.session.expires_at);
                let placed = match kept.saved.placement {
                    Placement::Nowhere if self.demo => DEMO_NOT_STORED.to_string(),
                    _ => kept.saved.describe(),
                };
                vec![
                    line(Rank::Where, placed),
                    line(Rank::Until, kept.expiry(now, &self.zone)),
                ]
            }
            Some(Err(e)) => vec![line(
                Rank::Where,
                format!("The token could not be stored: {e}"),
            )],
        }
    }

    pub fn token(&self) -> &SecretString {
        &self.token
    }

    pub fn username(&self) -> &str {
        &self.username
    }

    pub fn issued_at(&self) -> Timestamp {
        self.issued_at
    }

    /// Whether the name of a profile to save the login as is being asked for.
    pub fn naming_profile(&self) -> bool {
        self.profile_prompt.is_some()
    }

    fn open_profile_prompt(&mut self) {
        self.profile_prompt = Some(ProfilePrompt::default());
    }

    pub(crate) fn close_profile_prompt(&mut self) {
        self.profile_prompt = None;
    }

    pub(crate) fn profile_prompt_mut(&mut self) -> Option<&mut ProfilePrompt> {
        self.profile_prompt.as_mut()
    }

    /// A key typed into the profile's name, when it is asked for.
    fn edit_profile_name(&mut self, key: KeyEvent) {
        if let Some(prompt) = &mut self.profile_prompt {
            prompt.edit(key);
        }
    }

    pub(crate) fn paste_profile_name(&mut self, text: &str) {
        if let Some(prompt) = &mut self.profile_prompt {
            prompt.paste(text);
        }
    }

    /// What saving the login as a profile did, once it is saved.
    pub fn saved_as(&self) -> Option<&ProfileSaved> {
        self.saved_as.as_deref()
    }

    pub(crate) fn set_saved_as(&mut self, saved: ProfileSaved) {
        self.saved_as = Some(Box::new(saved));
    }

    fn toggle_reveal(&mut self) {
        self.revealed = !self.revealed;
    }

    pub fn checked(&mut self, result: Result<UserInfo, CheckError>) {
        self.check = Some(result);
    }

    /// Waits for the answer of check `id`; any other answer is not this screen's.
    pub(crate) fn await_check(&mut self, id: RequestId) {
        self.check_id = Some(id);
    }

    pub(crate) fn awaits_check(&self, id: RequestId) -> bool {
        self.check.is_none() && self.check_id == Some(id)
    }

    /// Whether the token came from the store and has expired at `now`.
    pub fn stored_token_expired(&self, now: SystemTime) -> bool {
        self.stored_time_left(now)
            .is_some_and(|left| left.is_zero())
    }

    /// How long a stored token has left at `now` (`None` for a fresh login's token).
    pub fn stored_time_left(&self, now: SystemTime) -> Option<std::time::Duration> {
        let (_, expires) = self.from_store.as_ref()?;
        let now = Timestamp::try_from(now).unwrap_or(*expires);
        Some(std::time::Duration::try_from(expires.duration_since(now)).unwrap_or_default())
    }

    pub fn copy(&self) -> &Copy {
        &self.copy
    }

    pub fn copy_mut(&mut self) -> &mut Copy {
        &mut self.copy
    }

    /// Who logged in, where the token is and until when, whose the server says the token is, the
    /// personal phrase, then the token's lines; each ranked (see [`Rank`]).
    fn lines(&self, now: SystemTime) -> Vec<Ranked<'_>> {
        let identity = match &self.check {
            None => Line::styled("Checking the token with the server…", theme::muted()),
            Some(Ok(user)) => Line::from(vec![
                Span::styled(user.describe(), theme::value()),
                Span::styled("  (the server accepts the token)", theme::muted()),
            ]),
            Some(Err(why)) => Line::styled(format!("Token not confirmed: {why}"), theme::warn()),
        };
        let mut lines = vec![Ranked::new(
            Rank::Who,
            vec![
                Span::styled("✔ Logged in as ", theme::ok()),
                Span::styled(self.username.as_str(), theme::value()),
            ],
        )];
        lines.extend(self.store_lines(now));
        lines.extend(self.stored_lines(now));
        lines.push(Ranked::indented(Rank::ServerSays, identity));
        if let Some(phrase) = &self.personal_phrase {
            lines.push(Ranked::new(
                Rank::Phrase,
                vec![
                    Span::styled("Your phrase ", theme::label()),
                    Span::styled(phrase.as_str(), theme::value()),
                ],
            ));
        }
        lines.extend(self.token_lines());
        lines
    }

    /// Draws the profile's name prompt, when open, in the last two rows of `area`; returns the rest.
    fn render_profile_prompt(&self, frame: &mut Frame, area: Rect) -> Rect {
        let Some(prompt) = self.profile_prompt.as_ref().filter(|_| area.height >= 2) else {
            return area;
        };
        let rows = prompt.rows(area.width).min(area.height);
        prompt.render(
            frame,
            Rect {
                y: area.bottom() - rows,
                height: rows,
                ..area
            },
        );
        Rect {
            height: area.height - rows,
            ..area
        }
    }

    /// The rows the screen needs at `width` to show all of itself as of `now`.
    pub fn rows_wanted(&self, width: u16, now: SystemTime) -> u16 {
        let prompt = if self.profile_prompt.is_some() { 2 } else { 0 };
        text::rows_of(&self.lines(now), width) + prompt
    }

    /// The token (masked unless shown) after a blank line, what copying did after another, and what
    /// saving a profile did; each ranked (see [`Rank`]).
    fn token_lines(&self) -> Vec<Ranked<'_>> {
        let token = self.token.expose_secret();
        let shown = if self.revealed {
            Span::styled(token, theme::value())
        } else {
            let masked = format!(
                "{}  ({} chars, {REVEAL} shows it)",
                "•".repeat(12),
                token.chars().count()
            );
            Span::styled(masked, theme::muted())
        };
        let (copied, detail) = match &self.copy {
            Copy::NotYet => ("Not copied yet: Ctrl-Y copies it.".to_string(), None),
            Copy::Copying { .. } => ("Copying…".to_string(), None),
            Copy::Done(copied) if copied.failed() => (
                format!("{} Press {REVEAL} to show the token.", copied.headline()),
                copied.detail(),
            ),
            Copy::Done(copied) => (copied.headline(), copied.detail()),
        };
        let mut lines = vec![
            Ranked::blank(Rank::SpaceAboveToken),
            Ranked::new(
                Rank::Token,
                vec![
                    Span::styled("Token  ", theme::label()),
                    shown,
                    Span::styled(format!("  #{}", redact::hash_prefix(token)), theme::muted()),
                ],
            ),
            Ranked::blank(Rank::SpaceBelowToken),
            Ranked::new(Rank::Copied, Line::styled(copied, theme::label())),
        ];
        if let Some(detail) = detail {
            lines.push(Ranked::new(
                Rank::CopyDetail,
                Line::styled(detail, theme::label()),
            ));
        }
        if let Some(saved) = &self.saved_as {
            lines.push(Ranked::blank(Rank::SpaceAboveSaved));
            lines.push(Ranked::new(
                Rank::ProfileSaved,
                Line::styled(saved.headline(), theme::ok()),
            ));
            lines.push(Ranked::new(
                Rank::ProfileDetail,
                Line::styled(saved.detail(), theme::label()),
            ));
        }
        lines
    }

    /// Draws the screen as of `now` (a stored token's time left): the lines that fit, whole.
    fn draw(&self, frame: &mut Frame, area: Rect, now: SystemTime) {
        let area = self.render_profile_prompt(frame, area);
        let lines = text::fit(self.lines(now), area.width, area.height);
        text::draw_fitted(frame, lines, area);
    }
}

impl Component for SuccessScreen {
    type Context<'a> = SuccessContext;
    type Outcome = SuccessOutcome;

    /// By what the screen shows: the profile prompt, the log-out question, a stored session or a new
    /// token (with Ctrl-P only where a profile can be saved and is not yet, Ctrl-Y only where copying
    /// is on).
    fn keys(&self, context: &SuccessContext) -> Cow<'static, KeyMap> {
        let map = if self.naming_profile() {
            keys::PROFILE_NAME
        } else if self.log_out_asked {
            keys::CONFIRM_LOG_OUT
        } else if self.is_from_store() {
            keys::STORED
        } else if context.can_save_profile && self.saved_as.is_none() {
            keys::SUCCESS
        } else {
            keys::SUCCESS_UNSAVABLE
        };
        match context.copying_on {
            true => Cow::Borrowed(map),
            false => Cow::Owned(keys::without(map, Action::CopyAgain)),
        }
    }

    fn handle(&mut self, action: Action, key: KeyEvent, _: &SuccessContext) -> SuccessOutcome {
        match action {
            Action::Leave => return SuccessOutcome::Leave,
            Action::CopyAgain => return SuccessOutcome::CopyAgain,
            Action::WriteReport => return SuccessOutcome::WriteReport,
            Action::ToggleReveal => self.toggle_reveal(),
            Action::NameProfile => self.open_profile_prompt(),
            Action::Edit => self.edit_profile_name(key),
            Action::SaveProfile => return SuccessOutcome::SaveProfile,
            Action::CancelProfile => self.close_profile_prompt(),
            Action::AskLogOut => {
                self.log_out_asked = true;
                return SuccessOutcome::LogOutAsked;
            }
            Action::KeepStoredToken => {
                self.log_out_asked = false;
                return SuccessOutcome::TokenKept;
            }
            Action::LogOut => return SuccessOutcome::LogOut,
            Action::LogInAgain => return SuccessOutcome::LogInAgain,
            Action::SwitchProfile => return SuccessOutcome::SwitchProfile,
            Action::NotTheForm if self.is_from_store() => {
                return SuccessOutcome::Say(NOT_THE_FORM.into());
            }
            Action::NotTheForm => return SuccessOutcome::Say(NOTHING_TO_TYPE.into()),
            _ => {}
        }
        SuccessOutcome::Stay
    }

    fn render(&self, context: &SuccessContext, frame: &mut Frame, area: Rect) {
        self.draw(frame, area, context.now);
    }
}
