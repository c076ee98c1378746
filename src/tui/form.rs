//! The form screen's state: the five fields, the focus, validation and inline messages.

mod render;

use std::borrow::Cow;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::component::Component;
use super::input::{Mask, TextField};
use super::keys::{self, Action, KeyMap};
use super::text;
use crate::auth::Credentials;
use crate::auth::client::token_url;
use crate::auth::hints::Culprit;
use crate::auth::input::Field;
use secrecy::{ExposeSecret, SecretString};

/// The fields, in the order Tab walks them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldId {
    Url,
    AppKey,
    Username,
    Password,
    Pin,
}

impl FieldId {
    pub const ALL: [FieldId; 5] = [
        FieldId::Url,
        FieldId::AppKey,
        FieldId::Username,
        FieldId::Password,
        FieldId::Pin,
    ];

    fn index(self) -> usize {
        self as usize
    }

    pub fn label(self) -> &'static str {
        match self {
            FieldId::Url => "API URL",
            FieldId::AppKey => "App key",
            FieldId::Username => "Username",
            FieldId::Password => "Password",
            FieldId::Pin => "PIN",
        }
    }

    fn placeholder(self) -> &'static str {
        match self {
            FieldId::Url => "https://…/api",
            FieldId::AppKey => "Et-App-Key, from the BO Companies widget",
            FieldId::Username => "",
            FieldId::Password => "",
            FieldId::Pin => "optional",
        }
    }

    fn required_message(self) -> &'static str {
        match self {
            FieldId::Url => "Required: the API base URL, e.g. https://…/api",
            FieldId::AppKey => "Required: the app key (Et-App-Key)",
            FieldId::Username => "Required: the username",
            FieldId::Password => "Required: the password",
            FieldId::Pin => "",
        }
    }

    fn mask(self) -> Mask {
        match self {
            FieldId::Url | FieldId::Username => Mask::Plain,
            FieldId::AppKey => Mask::AfterHead(4),
            FieldId::Password | FieldId::Pin => Mask::Full,
        }
    }

    fn required(self) -> bool {
        self != FieldId::Pin
    }

    /// The form field that holds a value of `field`.
    fn for_input(field: Field) -> FieldId {
        match field {
            Field::AppKey => FieldId::AppKey,
            Field::Username => FieldId::Username,
            Field::Password => FieldId::Password,
            Field::Pin | Field::VerificationCode | Field::Answer => FieldId::Pin,
        }
    }

    /// The field a hint blames; `None` when nothing typed is at fault.
    pub fn for_culprit(culprit: Culprit) -> Option<FieldId> {
        match culprit {
            Culprit::Url => Some(FieldId::Url),
            Culprit::AppKey => Some(FieldId::AppKey),
            Culprit::Password => Some(FieldId::Password),
            Culprit::Pin => Some(FieldId::Pin),
            Culprit::Nothing => None,
        }
    }
}

/// What the form starts with: flags, environment, or the demo sandbox.
#[derive(Debug, Clone, Default)]
pub struct Prefill {
    pub url: Option<String>,
    pub app_key: Option<SecretString>,
    pub username: Option<String>,
    pub password: Option<SecretString>,
}

/// A form that passed validation: where to log in and as whom.
#[derive(Debug)]
pub struct Submission {
    pub url: String,
    pub credentials: Credentials,
}

/// The form's fields, which one has the focus, and the message under the fields.
#[derive(Debug, Clone)]
pub struct Form {
    fields: [TextField; 5],
    focus: FieldId,
    message: Option<(FieldId, String)>,
    /// Ctrl-S: the app key, password and PIN shown as typed.
    revealed: bool,
}

impl Form {
    /// A form filled from `prefill`, the focus on the first empty field.
    pub fn new(prefill: &Prefill) -> Self {
        let plain = |v: &Option<String>| TextField::new(v.as_deref().unwrap_or(""));
        let secret =
            |v: &Option<SecretString>| TextField::new(v.as_ref().map_or("", |s| s.expose_secret()));
        let fields = [
            plain(&prefill.url),
            secret(&prefill.app_key),
            plain(&prefill.username),
            secret(&prefill.password),
            TextField::default(),
        ];
        let focus = FieldId::ALL
            .into_iter()
            .find(|f| fields[f.index()].is_blank())
            .unwrap_or(FieldId::Pin);
        Form {
            fields,
            focus,
            message: None,
            revealed: false,
        }
    }

    /// Back from a failure with the fields kept: a masked value (app key, password, PIN) is replaced by
    /// what is typed into it next, never joined to its hidden end.
    pub fn keep_masked(&mut self) {
        for field in FieldId::ALL.into_iter().filter(|f| f.mask() != Mask::Plain) {
            self.fields[field.index()].keep();
        }
    }

    /// Whether `field` holds a value kept from the last try (see [`Form::keep_masked`]).
    pub fn is_kept(&self, field: FieldId) -> bool {
        self.fields[field.index()].is_kept()
    }

    /// Whether the app key, password and PIN are shown as typed (Ctrl-S).
    pub fn revealed(&self) -> bool {
        self.revealed
    }

    pub fn focus(&self) -> FieldId {
        self.focus
    }

    pub fn set_focus(&mut self, field: FieldId) {
        self.focus = field;
    }

    /// Empties `field` (a refused password or PIN).
    pub fn clear(&mut self, field: FieldId) {
        self.fields[field.index()] = TextField::default();
    }

    pub fn value(&self, field: FieldId) -> &str {
        self.fields[field.index()].value()
    }

    /// An inline message under the fields, pointing at `field`.
    pub fn set_message(&mut self, field: FieldId, message: impl Into<String>) {
        self.message = Some((field, message.into()));
    }

    pub fn clear_message(&mut self) {
        self.message = None;
    }

    pub fn message(&self) -> Option<&str> {
        self.message.as_ref().map(|(_, m)| m.as_str())
    }

    /// Moves the focus to the next field, from the last back to the first.
    fn focus_next(&mut self) {
        self.focus = FieldId::ALL[(self.focus.index() + 1) % FieldId::ALL.len()];
    }

    /// Moves the focus to the previous field, from the first round to the last.
    fn focus_previous(&mut self) {
        let count = FieldId::ALL.len();
        self.focus = FieldId::ALL[(self.focus.index() + count - 1) % count];
    }

    /// Applies an editing key to the focused field; typing there clears the message that blames it.
    fn edit(&mut self, key: KeyEvent) {
        self.fields[self.focus.index()].handle_key(key);
        if self.message.as_ref().is_some_and(|(f, _)| *f == self.focus) {
            self.message = None;
        }
    }

    pub fn paste(&mut self, text: &str) {
        self.fields[self.focus.index()].paste(text);
    }

    /// Checks the form; on a problem, focuses the field at fault with an inline message.
    pub fn submit(&mut self) -> Option<Submission> {
        if let Some(missing) = FieldId::ALL
            .into_iter()
            .find(|f| f.required() && self.fields[f.index()].is_blank())
        {
            self.focus = missing;
            self.set_message(missing, missing.required_message());
            return None;
        }
        let url = self.value(FieldId::Url).trim().to_string();
        if let Err(e) = token_url(&url, true) {
            self.focus = FieldId::Url;
            self.set_message(FieldId::Url, e.to_string());
            return None;
        }
        let pin = Some(self.value(FieldId::Pin).trim())
            .filter(|p| !p.is_empty())
            .map(|p| p.to_string().into());
        let credentials = Credentials {
            app_key: self.value(FieldId::AppKey).trim().to_string().into(),
            username: self.value(FieldId::Username).trim().to_string(),
            password: self.value(FieldId::Password).to_string().into(),
            pin,
        };
        if let Err(bad) = credentials.check() {
            let field = FieldId::for_input(bad.field);
            self.focus = field;
            self.set_message(field, text::sentence(&bad.to_string()));
            return None;
        }
        self.message = None;
        Some(Submission { url, credentials })
    }
}

/// What the form reads of the app.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FormContext {
    /// Whether the fields take keys now (no cursor while a request is in flight or the help is open).
    pub editable: bool,
    /// Whether the config file has another profile for Ctrl-P.
    pub can_switch_profile: bool,
}

/// What a key of the form asks of `App`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FormOutcome {
    /// Handled on the form: typed, or the focus moved.
    Stay,
    /// Enter: log in with what the form holds.
    Submit,
    /// Ctrl-P: the next profile of the config file.
    SwitchProfile,
}

impl Component for Form {
    type Context<'a> = FormContext;
    type Outcome = FormOutcome;

    /// With profiles to switch to, Ctrl-P is on the bar; without, only the help lists it.
    fn keys(&self, context: &FormContext) -> Cow<'static, KeyMap> {
        Cow::Borrowed(match context.can_switch_profile {
            true => keys::FORM_WITH_PROFILES,
            false => keys::FORM,
        })
    }

    fn handle(&mut self, action: Action, key: KeyEvent, _: &FormContext) -> FormOutcome {
        match action {
            Action::Submit => return FormOutcome::Submit,
            Action::SwitchProfile => return FormOutcome::SwitchProfile,
            Action::NextField => self.focus_next(),
            Action::PreviousField => self.focus_previous(),
            Action::Edit => self.edit(key),
            Action::ToggleReveal => self.revealed = !self.revealed,
            _ => {}
        }
        FormOutcome::Stay
    }

    fn render(&self, context: &FormContext, frame: &mut Frame, area: Rect) {
        self.draw(frame, area, context.editable);
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyModifiers};
    use secrecy::ExposeSecret;

    use super::*;

    fn type_text(form: &mut Form, text: &str) {
        text.chars()
            .for_each(|c| form.edit(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
    }

    fn prefilled() -> Prefill {
        Prefill {
            url: Some("https://api.example/api".into()),
            app_key: Some("KEY".into()),
            username: None,
            password: None,
        }
    }

    #[test]
    fn focus_starts_on_the_first_empty_field() {
        assert_eq!(Form::new(&Prefill::default()).focus(), FieldId::Url);
        assert_eq!(Form::new(&prefilled()).focus(), FieldId::Username);
    }

    #[test]
    fn the_focus_walks_the_fields_and_wraps() {
        let mut form = Form::new(&prefilled());
        form.focus_next();
        assert_eq!(form.focus(), FieldId::Password);
        form.focus_next();
        form.focus_next();
        assert_eq!(form.focus(), FieldId::Url);
        form.focus_previous();
        assert_eq!(form.focus(), FieldId::Pin);
        form.focus_previous();
        assert_eq!(form.focus(), FieldId::Password);
    }

    #[test]
    fn a_missing_required_field_gets_the_focus_and_a_message() {
        let mut form = Form::new(&prefilled());
        form.focus_next();
        type_text(&mut form, "secret");
        assert!(form.submit().is_none());
        assert_eq!(form.focus(), FieldId::Username);
        assert_eq!(form.message(), Some("Required: the username"));
        type_text(&mut form, "alice");
        assert_eq!(
            form.message(),
            None,
            "typing in the blamed field clears its message"
        );
        let submission = form.submit().expect("complete form");
        assert_eq!(submission.credentials.username, "alice");
        assert_eq!(submission.credentials.password.expose_secret(), "secret");
        assert!(submission.credentials.pin.is_none());
    }

    #[test]
    fn a_bad_url_is_blamed_inline() {
        let mut form = Form::new(&Prefill {
            url: Some("api.example".into()),
            app_key: Some("K".into()),
            username: Some("u".into()),
            password: Some("p".into()),
        });
        assert!(form.submit().is_none());
        assert_eq!(form.focus(), FieldId::Url);
        assert!(
            form.message()
                .unwrap()
                .contains("has no scheme: add https:// in front")
        );
    }
}
