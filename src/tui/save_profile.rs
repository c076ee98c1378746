//! `p` on the success screen: the login saved as a profile of the config file, its name asked first; the
//! app key goes into the store, the password nowhere.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

use super::app::App;
use super::form::FieldId;
use super::input::{Mask, TextField};
use super::login::Login;
use super::message::Effect;
use super::{text, theme};
use crate::session::{NewProfile, ProfileSaved, SaveProfileError, valid_profile_name};

/// The name being typed, and why the last one was refused or whether it is being saved.
#[derive(Debug, Default)]
pub struct ProfilePrompt {
    name: TextField,
    message: Option<String>,
    saving: bool,
}

impl ProfilePrompt {
    pub(crate) fn edit(&mut self, key: KeyEvent) {
        if !self.saving {
            self.name.handle_key(key);
            self.message = None;
        }
    }

    pub(crate) fn paste(&mut self, text: &str) {
        if !self.saving {
            self.name.paste(text);
        }
    }

    /// The prompt's two rows at the bottom of `area`: the name, then a message or what Enter does.
    pub(crate) fn render(&self, frame: &mut Frame, area: Rect) {
        let [input_row, message_row] = Layout::vertical([Constraint::Length(1); 2]).areas(area);
        let [label_area, value_area] =
            Layout::horizontal([Constraint::Length(16), Constraint::Fill(1)]).areas(input_row);
        frame.render_widget(
            Line::from(vec![
                Span::styled("› ", theme::key()),
                Span::styled("Profile name", theme::focused_label()),
            ]),
            label_area,
        );
        self.name
            .render(frame, value_area, Mask::Plain, theme::value(), !self.saving);
        let line = match (&self.message, self.saving) {
            (Some(message), _) => Line::styled(format!("⚠ {message}"), theme::error()),
            (None, true) => Line::styled("Saving…", theme::muted()),
            (None, false) => Line::styled(
                "Letters, digits, - _ . ; Enter saves URL and username (never the password).",
                theme::muted(),
            ),
        };
        frame.render_widget(line, message_row);
    }
}

impl App {
    /// `p`: asks for the profile's name, when this run can save one.
    pub(super) fn name_profile(&mut self) {
        let savable = self.settings.config_path.is_some() && self.settings.profile.keep.is_some();
        let Login::Succeeded(success) = &mut self.login else {
            return;
        };
        if !savable {
            self.notice = Some(
                "A profile can be saved when autoshares-login runs on its own, not for token or exec."
                    .into(),
            );
        } else if let Some(saved) = success.saved_as() {
            self.notice = Some(format!("Already saved: {saved}"));
        } else {
            success.open_profile_prompt();
        }
    }

    /// Enter on the name: saves the profile, unless the name is not one a profile can have or is taken.
    pub(super) fn save_profile(&mut self) -> Vec<Effect> {
        let taken = |name: &str| {
            self.settings
                .profiles
                .iter()
                .any(|p| p.name.as_deref() == Some(name))
        };
        let (Some(config), Some(saver)) = (
            self.settings.config_path.clone(),
            self.settings.profile.keep.clone(),
        ) else {
            return Vec::new();
        };
        let Login::Succeeded(success) = &mut self.login else {
            return Vec::new();
        };
        let Some(prompt) = success.profile_prompt_mut() else {
            return Vec::new();
        };
        let name = prompt.name.value().trim().to_string();
        prompt.message = if !valid_profile_name(&name) {
            Some("A name of 1 to 64 letters, digits, '-', '_' or '.'".into())
        } else if taken(&name) {
            Some(format!(
                "A profile named {name} exists; choose another name"
            ))
        } else {
            None
        };
        if prompt.message.is_some() || prompt.saving {
            return Vec::new();
        }
        prompt.saving = true;
        let new = NewProfile {
            name,
            url: self.url.clone(),
            username: self.form.value(FieldId::Username).trim().to_string(),
            app_key: self.form.value(FieldId::AppKey).to_string().into(),
            token: Some((success.token().clone(), success.issued_at())),
        };
        vec![Effect::SaveProfile { saver, config, new }]
    }

    /// Esc on the name: nothing saved.
    pub(super) fn cancel_profile(&mut self) {
        if let Login::Succeeded(success) = &mut self.login {
            success.close_profile_prompt();
        }
    }

    /// What saving the profile did: the success screen says it, or the prompt says why not.
    pub(super) fn on_profile_saved(&mut self, result: Result<ProfileSaved, SaveProfileError>) {
        let Login::Succeeded(success) = &mut self.login else {
            return;
        };
        match result {
            Ok(saved) => {
                success.close_profile_prompt();
                success.set_saved_as(saved.to_string());
            }
            Err(e) => {
                if let Some(prompt) = success.profile_prompt_mut() {
                    prompt.saving = false;
                    prompt.message = Some(text::sentence(&e.to_string()));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    #[test]
    fn a_prompt_being_saved_takes_no_more_typing() {
        let mut prompt = ProfilePrompt::default();
        prompt.edit(KeyEvent::new(KeyCode::Char('w'), KeyModifiers::NONE));
        prompt.saving = true;
        prompt.edit(KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE));
        prompt.paste("yz");
        assert_eq!(prompt.name.value(), "w");
    }
}
