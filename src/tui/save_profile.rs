//! Ctrl-P on the success screen: the login saved as a profile of the config file, its name asked first; the
//! app key goes into the store, the password nowhere.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Paragraph, Wrap};

use super::app::App;
use super::form::FieldId;
use super::input::{Mask, TextField};
use super::login::Login;
use super::message::Effect;
use super::{text, theme};
use crate::diag::sanitize::sanitize;
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

    /// Below the name: why the last name was refused or not saved (wrapped, line by line: a table to
    /// add by hand keeps its lines), that it is being saved, or what Enter does.
    fn message(&self) -> Paragraph<'_> {
        let text: Text = match (&self.message, self.saving) {
            (Some(message), _) => message
                .lines()
                .enumerate()
                .map(|(i, line)| {
                    let mark = if i == 0 { "⚠ " } else { "" };
                    Line::styled(format!("{mark}{}", sanitize(line)), theme::error())
                })
                .collect(),
            (None, true) => Line::styled("Saving…", theme::muted()).into(),
            (None, false) => Line::styled(
                "Letters, digits, - _ . ; Enter saves the URL, username and settings (never the password).",
                theme::muted(),
            )
            .into(),
        };
        Paragraph::new(text).wrap(Wrap { trim: false })
    }

    /// The rows the prompt wants at `width`: the name's, and its message's as wrapped.
    pub(crate) fn rows(&self, width: u16) -> u16 {
        let message = u16::try_from(self.message().line_count(width)).unwrap_or(u16::MAX);
        message.saturating_add(1)
    }

    /// The prompt in `area`: the name on the first row, the message below it.
    pub(crate) fn render(&self, frame: &mut Frame, area: Rect) {
        let [input_row, message_area] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
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
        frame.render_widget(self.message(), message_area);
    }
}

impl App {
    /// Whether this run can save a login as a profile: it has a config file to write and a store (not
    /// with `--demo`, nor for the login `token` and `exec` ask for, which are given no config file).
    pub(super) fn can_save_profile(&self) -> bool {
        self.settings.config_path.is_some() && self.settings.profile.keep.is_some()
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
        let refused = if !valid_profile_name(&name) {
            let name = name.clone();
            Some(SaveProfileError::InvalidName { name })
        } else if taken(&name) {
            let (name, path) = (name.clone(), config.clone());
            Some(SaveProfileError::NameTaken { name, path })
        } else {
            None
        };
        prompt.message = refused.map(|e| text::sentence(&e.to_string()));
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
            settings: self.settings.profile.beyond_defaults.clone(),
        };
        vec![Effect::SaveProfile {
            saver,
            config,
            new: Box::new(new),
        }]
    }

    /// The profile just saved becomes the one in use: the title names it, and what acts on the stored
    /// token from now on acts on its copy.
    fn use_saved_profile(&mut self, name: &str) {
        let profile = &mut self.settings.profile;
        profile.name = Some(name.to_string());
        profile.keep = profile.keep.as_ref().map(|saver| saver.for_profile(name));
    }

    /// What saving the profile did: the success screen says it, or the prompt says why not.
    pub(super) fn on_profile_saved(&mut self, result: Result<ProfileSaved, SaveProfileError>) {
        let Login::Succeeded(success) = &mut self.login else {
            return;
        };
        match result {
            Ok(saved) => {
                success.close_profile_prompt();
                if saved.with_token {
                    success.moved_to(saved.saved.clone());
                }
                let name = saved.name.clone();
                success.set_saved_as(saved);
                self.use_saved_profile(&name);
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
