//! Saving a login as a profile into a real config file and the file store, in a temporary folder.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use secrecy::ExposeSecret;

use super::*;
use crate::session::store::Store;
use crate::session::{Layer, RunOptions, Settings, StoreMode};

const TOKEN: &str = "TOKEN-3f9a-SECRET";
const APP_KEY: &str = "APPKEY-77c1-SECRET";
const ISSUED: &str = "2026-03-02T08:00:00Z";

/// A temporary home: the config file (in folders not made yet) and the state dir.
struct Home {
    _dir: tempfile::TempDir,
    config: PathBuf,
    state: PathBuf,
}

fn home() -> Home {
    let dir = tempfile::tempdir().unwrap();
    Home {
        config: dir.path().join("config/autoshares-login/config.toml"),
        state: dir.path().join("state"),
        _dir: dir,
    }
}

/// A temporary home whose config file holds `text`.
fn home_with(text: &str) -> Home {
    let home = home();
    fs::create_dir_all(home.config.parent().unwrap()).unwrap();
    fs::write(&home.config, text).unwrap();
    home
}

impl Home {
    /// The saver of a login in `profile` (or none) with `store`.
    fn saver(&self, profile: Option<&str>, store: StoreMode) -> Saver {
        let layer = Layer {
            store: Some(store),
            token_lifetime: Some(Duration::from_hours(8)),
            ..Layer::default()
        };
        Saver::new(
            &Settings::resolve(profile.map(Into::into), layer, RunOptions::default()),
            &self.state,
        )
    }

    fn save(&self, store: StoreMode, name: &str) -> Result<ProfileSaved, SaveProfileError> {
        self.saver(None, store)
            .save_profile(&self.config, login(name))
    }

    fn config_text(&self) -> String {
        fs::read_to_string(&self.config).unwrap()
    }

    /// Saving `name` fails, and leaves the config file (holding `before`) and the store as they were.
    fn refused(&self, name: &str, before: &str) -> SaveProfileError {
        let err = self.save(StoreMode::File, name).unwrap_err();
        assert_eq!(self.config_text(), before, "the file is unchanged");
        assert!(self.stored(name).is_none(), "nothing is stored");
        err
    }

    fn stored(&self, name: &str) -> Option<StoredSession> {
        let store = Store::new(StoreMode::File, &self.state);
        store.load(&StoreKey::Profile(name.to_string())).unwrap()
    }
}

fn login(name: &str) -> NewProfile {
    NewProfile {
        name: name.to_string(),
        url: "https://work.example/api".to_string(),
        username: "trader \"one\"".to_string(),
        app_key: APP_KEY.to_string().into(),
        token: Some((TOKEN.to_string().into(), ISSUED.parse().unwrap())),
        settings: Layer::default(),
    }
}

/// Asserts the config file at `config` holds the profile `name` as saved, and returns the config.
fn assert_selects(config: &Path, name: &str) -> Config {
    let config = Config::load(config).unwrap();
    let (selected, layer) = config.select(Some(name)).unwrap().expect("the profile");
    assert_eq!(selected, name);
    assert_eq!(layer.url.as_deref(), Some("https://work.example/api"));
    assert_eq!(layer.username.as_deref(), Some("trader \"one\""));
    assert!(layer.app_key.is_none(), "the app key is not in the config");
    config
}

#[test]
fn a_first_profile_creates_the_config_as_the_default_and_stores_key_and_token() {
    let home = home();
    let saved = home.save(StoreMode::File, "work").unwrap();
    let config = assert_selects(&home.config, "work");
    assert_eq!(config.default_profile.as_deref(), Some("work"));
    assert!(saved.made_default && saved.with_token);

    let stored = home.stored("work").expect("a stored session");
    assert_eq!(stored.profile.as_deref(), Some("work"));
    assert_eq!(stored.token.unwrap().expose_secret(), TOKEN);
    assert_eq!(stored.app_key.unwrap().expose_secret(), APP_KEY);
    assert_eq!(stored.issued_at.to_string(), ISSUED);
    assert_eq!(stored.expires_at.to_string(), "2026-03-02T16:00:00Z");

    let text = home.config_text();
    assert!(!text.contains(APP_KEY) && !text.contains(TOKEN), "{text}");
    let Placement::File(store_file) = &saved.saved.placement else {
        panic!("the file store: {:?}", saved.saved.placement);
    };
    assert_eq!(
        saved.to_string(),
        format!(
            "Saved as profile work (now the default profile). The profile is in {}; its app key and token are in {} (readable by you only).",
            home.config.display(),
            store_file.display()
        )
    );
}

#[test]
fn an_existing_file_keeps_its_text_and_gets_a_default_only_when_it_has_none() {
    let demo = "[profiles.demo]\nurl = \"http://127.0.0.1:8787/api\" # local\n";
    let with_default = format!("# my logins\ndefault_profile = \"demo\"  # the sandbox\n\n{demo}");
    let without = format!("# my logins\n\n{demo}");
    let default_added = format!("# my logins\n\ndefault_profile = \"work\"\n\n{demo}");
    for (before, kept, default) in [
        (&with_default, &with_default, "demo"),
        (&without, &default_added, "work"),
    ] {
        let home = home_with(before);
        let saved = home.save(StoreMode::File, "work").unwrap();
        assert_eq!(saved.made_default, default == "work");
        let said = saved.to_string();
        assert_eq!(
            said.contains("(now the default profile)"),
            saved.made_default
        );
        let text = home.config_text();
        assert!(text.starts_with(kept.as_str()), "{text}");
        let config = assert_selects(&home.config, "work");
        assert_eq!(config.default_profile.as_deref(), Some(default));
        assert!(config.profiles.contains_key("demo"));
    }
}

#[test]
fn a_taken_or_invalid_name_is_refused_and_nothing_written() {
    let before = "[profiles.work]\nurl = \"https://old.example/api\"\n";
    let home = home_with(before);
    let err = home.refused("work", before);
    assert!(matches!(err, SaveProfileError::NameTaken { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!(
            "a profile named work exists in {}; choose another name",
            home.config.display()
        )
    );
    for bad in ["", "my work", "wörk", "a/b", &"x".repeat(65)] {
        let err = home.refused(bad, before);
        assert!(
            matches!(err, SaveProfileError::InvalidName { .. }),
            "{err:?}"
        );
        assert!(err.to_string().contains("letters, digits"), "{err}");
    }
}

#[test]
fn a_config_that_does_not_parse_is_left_alone() {
    let before = "[profiles.demo]\nclipbaord = \"off\"\n";
    let home = home_with(before);
    let err = home.refused("work", before).to_string();
    assert!(
        err.contains("config.toml:2: key `profiles.demo.clipbaord`"),
        "{err}"
    );
}

#[test]
fn an_inline_profiles_table_is_refused_with_the_table_to_add_by_hand() {
    let before = "profiles = { demo = { url = \"http://127.0.0.1:8787/api\" } }\n";
    let home = home_with(before);
    let err = home.refused("work", before);
    assert!(
        matches!(err, SaveProfileError::CannotAppend { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("[profiles.work]\nurl = "), "{err}");
}

#[cfg(unix)]
#[test]
fn a_symlinked_config_is_refused_and_its_target_unchanged() {
    let home = home();
    let target = home.state.with_file_name("dotfiles.toml");
    let before = "[profiles.demo]\n";
    fs::write(&target, before).unwrap();
    fs::create_dir_all(home.config.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(&target, &home.config).unwrap();
    let err = home.refused("work", before);
    assert!(matches!(err, SaveProfileError::Symlink { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("is a symlink"), "{message}");
    assert!(
        message.contains("default_profile = \"work\"  # at the top")
            && message.contains("[profiles.work]\nurl = \"https://work.example/api\""),
        "{message}"
    );
    assert!(home.config.is_symlink(), "the link is not replaced");
}

#[cfg(unix)]
#[test]
fn a_new_config_is_owner_only_and_an_existing_one_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |path: &Path| fs::metadata(path).unwrap().permissions().mode() & 0o777;
    let home = home();
    home.save(StoreMode::File, "work").unwrap();
    assert_eq!(mode(&home.config), 0o600);
    assert_eq!(mode(home.config.parent().unwrap()), 0o700);

    fs::set_permissions(&home.config, fs::Permissions::from_mode(0o644)).unwrap();
    home.save(StoreMode::File, "demo").unwrap();
    assert_eq!(mode(&home.config), 0o644);
}

#[test]
fn with_store_none_nothing_is_stored_and_the_message_says_so() {
    let home = home();
    let saved = home.save(StoreMode::None, "work").unwrap();
    assert_selects(&home.config, "work");
    assert_eq!(saved.saved.placement, Placement::Nowhere);
    assert!(home.stored("work").is_none());
    assert!(!home.state.exists(), "no state written");
    assert_eq!(
        saved.headline(),
        "Saved as profile work (now the default profile).",
        "what a small screen keeps"
    );
    assert!(
        saved.to_string().ends_with(
            "config.toml; the app key was not stored (store: none): set AUTOSHARES_APP_KEY when you use it."
        ),
        "{saved}"
    );
}

#[test]
fn without_a_token_the_app_key_alone_is_stored() {
    let home = home();
    let new = NewProfile {
        token: None,
        ..login("work")
    };
    let saved = home
        .saver(None, StoreMode::File)
        .save_profile(&home.config, new)
        .unwrap();
    let stored = home.stored("work").unwrap();
    assert!(stored.token.is_none());
    assert_eq!(stored.app_key.unwrap().expose_secret(), APP_KEY);
    assert!(!saved.with_token);
    assert!(
        saved.to_string().contains("; its app key is in "),
        "{saved}"
    );
}

#[test]
fn a_store_failure_after_the_config_says_the_profile_was_saved() {
    let home = home();
    fs::write(&home.state, "a file where the state folder should be").unwrap();
    let err = home.save(StoreMode::File, "work").unwrap_err();
    assert!(matches!(err, SaveProfileError::Store { .. }), "{err:?}");
    let message = err.to_string();
    let saved_in = format!("profile work was saved in {}", home.config.display());
    assert!(message.starts_with(&saved_in), "{message}");
    assert!(
        message.contains("but its app key was not stored"),
        "{message}"
    );
    assert_selects(&home.config, "work");
}

#[test]
fn debug_hides_the_app_key_and_token() {
    let shown = format!("{:?}", login("work"));
    assert!(shown.contains("work.example"), "{shown}");
    assert!(!shown.contains("SECRET"), "{shown}");
}

#[test]
fn a_login_stored_without_a_profile_moves_to_the_profile() {
    let home = home();
    let store = Store::new(StoreMode::File, &home.state);
    let new = login("work");
    let login_key = StoreKey::for_login(None, Some(&new.url), Some(&new.username)).unwrap();
    let (token, issued) = new.token.clone().unwrap();
    let saver = home.saver(None, StoreMode::File);
    let kept = saver.keep(token, (&new.url, &new.username, None), issued);
    kept.unwrap().unwrap();
    assert!(store.load(&login_key).unwrap().is_some());

    // A login in another profile did not store that copy, and leaves it alone.
    let in_demo = home.saver(Some("demo"), StoreMode::File);
    in_demo.save_profile(&home.config, login("second")).unwrap();
    assert!(store.load(&login_key).unwrap().is_some());

    let saved = saver.save_profile(&home.config, new).unwrap();
    assert!(saved.warning.is_none(), "{saved}");
    assert!(
        store.load(&login_key).unwrap().is_none(),
        "moved, not copied"
    );
    let keys = store.keys();
    assert_eq!(
        keys,
        [
            StoreKey::Profile("second".into()),
            StoreKey::Profile("work".into())
        ]
    );
}

#[test]
fn a_damaged_login_copy_counts_as_absent_and_stays_for_logout() {
    let home = home();
    let new = login("work");
    let login_key = StoreKey::for_login(None, Some(&new.url), Some(&new.username)).unwrap();
    let sessions = home.state.join("sessions");
    fs::create_dir_all(&sessions).unwrap();
    let damaged = sessions.join(format!("{}.json", login_key.file_stem()));
    fs::write(&damaged, "not json").unwrap();
    let saved = home.save(StoreMode::File, "work").unwrap();
    assert!(home.stored("work").is_some());
    let said = saved.to_string();
    assert!(!said.contains("could not be removed"), "{said}");
    assert!(
        damaged.exists(),
        "not this login's copy: `logout` removes it"
    );
}

#[test]
fn the_logins_own_settings_read_back_from_the_saved_profile() {
    let home = home();
    let settings = Layer {
        store: Some(StoreMode::File),
        timeout: Some(Duration::from_secs(90)),
        cacert: Some("/etc/ssl/corp ca.pem".into()),
        allow_http: Some(true),
        token_lifetime: Some(Duration::from_hours(8)),
        ..Layer::default()
    };
    let new = NewProfile {
        settings: settings.clone(),
        ..login("work")
    };
    home.saver(None, StoreMode::File)
        .save_profile(&home.config, new)
        .unwrap();
    let config = assert_selects(&home.config, "work");
    let (_, layer) = config.select(Some("work")).unwrap().unwrap();
    assert_eq!(layer.store, settings.store);
    assert_eq!(layer.timeout, settings.timeout);
    assert_eq!(layer.cacert, settings.cacert);
    assert_eq!(layer.allow_http, settings.allow_http);
    assert_eq!(layer.token_lifetime, settings.token_lifetime);
    assert_eq!(layer.clipboard, None, "a default is left out");
}

#[cfg(unix)]
#[test]
fn a_ca_file_path_toml_cannot_hold_is_refused_with_the_table_to_add_by_hand() {
    use std::os::unix::ffi::OsStrExt;
    let home = home();
    let cacert = PathBuf::from(std::ffi::OsStr::from_bytes(b"/etc/ssl/corp-\xff.pem"));
    let new = NewProfile {
        settings: Layer {
            cacert: Some(cacert),
            ..Layer::default()
        },
        ..login("work")
    };
    let err = home
        .saver(None, StoreMode::File)
        .save_profile(&home.config, new)
        .unwrap_err();
    assert!(
        matches!(err, SaveProfileError::CannotAppend { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("read back otherwise"), "{err}");
    assert!(!home.config.exists(), "nothing written");
}

#[test]
fn a_login_in_a_profile_moves_its_token_to_the_new_profile_and_the_profile_keeps_its_app_key() {
    let home = home();
    let store = Store::new(StoreMode::File, &home.state);
    let work = StoreKey::Profile("work".into());
    let new = login("codep");
    let mut before = StoredSession::without_token(&new.url, "plain");
    before.app_key = Some("WORK-APPKEY".to_string().into());
    store.save(&work, &before).unwrap();
    let (token, issued) = new.token.clone().unwrap();
    let saver = home.saver(Some("work"), StoreMode::File);
    saver
        .keep(token, (&new.url, &new.username, None), issued)
        .unwrap()
        .unwrap();

    let saved = saver.save_profile(&home.config, new).unwrap();
    assert!(saved.warning.is_none(), "{saved}");
    let left = store.load(&work).unwrap().expect("work keeps its app key");
    assert!(left.token.is_none(), "this login's token left profile work");
    assert_eq!(left.app_key.unwrap().expose_secret(), "WORK-APPKEY");
    let moved = home.stored("codep").unwrap();
    assert_eq!(moved.token.unwrap().expose_secret(), TOKEN);
}

#[test]
fn another_logins_token_in_the_profile_is_never_dropped() {
    let home = home();
    let store = Store::new(StoreMode::File, &home.state);
    let new = login("codep");
    let saver = home.saver(Some("work"), StoreMode::File);
    let (_, issued) = new.token.clone().unwrap();
    let other = SecretString::from("ANOTHER-LOGINS-TOKEN".to_string());
    saver
        .keep(other, (&new.url, "plain", None), issued)
        .unwrap()
        .unwrap();

    saver.save_profile(&home.config, new).unwrap();
    let work = store.load(&StoreKey::Profile("work".into())).unwrap();
    let token = work.and_then(|s| s.token).expect("work's own token stays");
    assert_eq!(token.expose_secret(), "ANOTHER-LOGINS-TOKEN");
}
