//! A profile's stored session, read when Ctrl-P first switches to it: off the UI thread, its answer
//! remembered for later visits and applied to the screen only while that screen still awaits it.

use std::time::Duration;

use jiff::Timestamp;

use super::app::App;
use super::form::{FieldId, Form};
use super::keys::Action;
use super::message::{Effect, RequestId};
use super::profile::Profile;
use crate::session::{StoreError, StoredSession};

/// A stored token with less left than this is not opened on: the TUI goes to the form for a new login
/// (as `token` and `exec` do by default).
const MIN_VALID: Duration = Duration::from_mins(5);

impl Profile {
    /// Takes in the session read from the profile's store (`None`: nothing there): a saved app key for
    /// the profile's URL prefills the form where the settings name none, and a token for its URL and
    /// username with more than five minutes left at `now` becomes `stored` (with less, but some, its
    /// expiry becomes `expiring`).
    pub fn take_stored(&mut self, session: Option<StoredSession>, now: Timestamp) {
        let url = self.prefill.url.clone();
        let username = self.prefill.username.clone();
        if self.prefill.app_key.is_none() {
            self.prefill.app_key = (session.as_ref())
                .filter(|s| s.is_for(url.as_deref(), None))
                .and_then(|s| s.app_key.clone());
        }
        let this_login = session.filter(|s| s.is_for(url.as_deref(), username.as_deref()));
        self.expiring = (this_login.as_ref())
            .filter(|s| !s.valid_for(MIN_VALID, now) && s.valid_for(Duration::ZERO, now))
            .map(|s| s.expires_at);
        self.stored = this_login.filter(|s| s.valid_for(MIN_VALID, now));
        self.store_read = true;
    }

    /// Read `id` of the profile's stored session; `None` once read, or with no store to read.
    fn read(&self, id: RequestId) -> Option<Effect> {
        let saver = self.keep.clone().filter(|_| !self.store_read)?;
        Some(Effect::ReadStored {
            id,
            profile: self.name.clone(),
            saver,
            url: self.prefill.url.clone(),
            username: self.prefill.username.clone(),
        })
    }
}

impl App {
    /// The profile Ctrl-P just put on the form: its stored session opens (its token checked) when it
    /// has been read, else its store is read and the answer does that.
    pub(super) fn open_profile(&mut self) -> Vec<Effect> {
        let id = self.next_id;
        let read = self.settings.profile.read(id);
        self.awaited_read = read.as_ref().map(|_| id);
        if let Some(read) = read {
            self.next_id += 1;
            return vec![read];
        }
        self.open_stored_session();
        self.check_stored_token()
    }

    /// Typing into the form, moving its focus, a login or Ctrl-P: the store's answer, when it comes,
    /// changes the screen no more.
    pub(super) fn moving_on(&mut self, action: Action) {
        if matches!(
            action,
            Action::Edit
                | Action::NextField
                | Action::PreviousField
                | Action::Submit
                | Action::SwitchProfile
        ) {
            self.awaited_read = None;
        }
    }

    /// The store's answer to read `id` of `profile`: remembered for later Ctrl-P visits, and on the
    /// screen that still awaits it, a saved app key fills an empty field and a stored token with time
    /// left opens its session. A read that failed is said there (and counts as nothing stored).
    pub(super) fn on_stored_read(
        &mut self,
        id: RequestId,
        profile: &Option<String>,
        result: Result<Option<StoredSession>, StoreError>,
    ) -> Vec<Effect> {
        let awaited = self
            .awaited_read
            .take_if(|awaited| *awaited == id)
            .is_some();
        let session = match result {
            Ok(session) => session,
            // Unsaid and unremembered: the next Ctrl-P to the profile reads it again.
            Err(_) if !awaited => return Vec::new(),
            Err(e) => {
                let name = profile.as_deref().unwrap_or("none");
                self.notice = Some(format!(
                    "The stored session of profile {name} could not be read: {e}"
                ));
                None
            }
        };
        let now = Timestamp::try_from(self.now.wall).unwrap_or(Timestamp::UNIX_EPOCH);
        self.for_each_entry(profile, |entry| {
            if !entry.store_read {
                entry.take_stored(session.clone(), now);
            }
        });
        if !awaited {
            return Vec::new();
        }
        let prefill = &self.settings.profile.prefill;
        if self.form.value(FieldId::AppKey).is_empty() && prefill.app_key.is_some() {
            self.form = Form::new(&self.carried_prefill(prefill));
        }
        self.open_stored_session();
        self.check_stored_token()
    }
}
