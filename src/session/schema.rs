//! The login settings, each declared once: its type, how a profile reads and writes it, its default, its
//! flag and environment variable, and its words for `--help`. Everything else is generated from the one
//! declaration in [`with_login_settings!`]: the [`Layer`] of optional settings and its [`Layer::over`]
//! (the one place precedence is applied), the profile table the config file is read into (strict: an
//! unknown key is refused), the profile table a new profile is written from, and [`SETTINGS`], the list
//! the docs and the tests check against. The command line's flags are generated from the same
//! declaration in `cli.rs` (this module knows nothing of clap).

use std::marker::PhantomData;
use std::path::PathBuf;
use std::time::Duration;

use secrecy::SecretString;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::settings::StoreMode;
use crate::clipboard::ClipboardMode;

/// How a token lasts when the profile does not say: the API's 24 hours.
pub const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_hours(24);
/// The longest per-request timeout, in seconds: an hour is already no timeout to a person waiting.
pub const MAX_TIMEOUT_SECS: u64 = 3600;
/// The longest token lifetime a profile may claim: the API's tokens live 24 hours, so more than a month is a typo.
const MAX_TOKEN_LIFETIME: Duration = Duration::from_hours(31 * 24);

/// The one declaration of the login settings. It hands its text to `$callback!`, which makes of it what
/// its module needs: [`settings!`] here, `login_flags!` in `cli.rs`.
///
/// Each setting: its doc (the flag's help), `name: Type`, then `profile` (the [`Codec`] a profile reads
/// and writes it with), `default` (the value and its text, or `none`), `env` (a variable, or `none`) and
/// `flag` (the value's name in `--help`, or `switch` for a flag without a value). The settings under
/// `profile_only` have no flag.
#[macro_export]
macro_rules! with_login_settings {
    ($callback:path) => {
        $callback! {
            flagged {
                /// API base, e.g. https://pub-api-et-demo-prod.etnasoft.us/api (the request goes to URL/token).
                url: String {
                    profile: Plain, default: none, env: "AUTOSHARES_URL", flag: "URL",
                }
                /// Application key, sent as Et-App-Key (prefer AUTOSHARES_APP_KEY: argv is visible to other users).
                app_key: SecretString {
                    profile: Secret, default: none, env: "AUTOSHARES_APP_KEY", flag: "KEY",
                }
                /// The user to log in as.
                username: String {
                    profile: Plain, default: none, env: "AUTOSHARES_USERNAME", flag: "NAME",
                }
                /// Where tokens and saved app keys live [default: auto].
                store: StoreMode {
                    profile: Plain, default: (StoreMode::Auto, "auto"), env: none, flag: "MODE",
                }
                /// Where the token is copied [default: auto].
                clipboard: ClipboardMode {
                    profile: Plain, default: (ClipboardMode::Auto, "auto"), env: none, flag: "MODE",
                }
                /// Clear the clipboard (and, in tmux, the paste buffers) after SECS if it still holds the token;
                /// 0 = never [default: 30].
                clear_after: u64 {
                    profile: Plain, default: (30, "30"), env: none, flag: "SECS",
                }
                /// Per-request timeout in seconds, 1 to 3600 [default: 30].
                timeout: Duration {
                    profile: Seconds, default: (Duration::from_secs(30), "30"), env: none, flag: "SECS",
                }
                /// Extra PEM root certificate(s) to trust.
                cacert: PathBuf {
                    profile: FilePath, default: none, env: none, flag: "FILE",
                }
                /// Permit plain http:// to a host that is not loopback.
                allow_http: bool {
                    profile: Plain, default: (false, "false"), env: none, flag: switch,
                }
            }
            profile_only {
                /// How long a token lasts from when it is issued, e.g. "8h 30m" (at most 31 days) [default: 24h].
                token_lifetime: Duration {
                    profile: Lifetime, default: (DEFAULT_TOKEN_LIFETIME, "24h"), env: none, flag: none,
                }
            }
        }
    };
}

/// What the docs and the tests know of one login setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SettingInfo {
    /// The key in a `[profiles.NAME]` table, and the name in code.
    pub profile_key: &'static str,
    /// `--url`; `None` for a setting only a profile holds.
    pub flag: Option<&'static str>,
    /// The value's name after the flag (`URL`); `None` for a switch or a setting without a flag.
    pub value_name: Option<&'static str>,
    pub env: Option<&'static str>,
    /// The default as the config file writes it; `None` when there is none.
    pub default: Option<&'static str>,
    /// The help text.
    pub doc: &'static str,
}

/// How a profile reads one setting (checking it) and how a new profile writes it.
pub trait Codec<T> {
    /// Whether a profile saved by the tool holds it (an app key goes to the store instead).
    const SAVED: bool = true;
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<T, D::Error>;
    fn write<S: Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error>;
}

/// The value as serde reads and writes it.
pub struct Plain;
impl<T: for<'de> Deserialize<'de> + Serialize> Codec<T> for Plain {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
        T::deserialize(d)
    }
    fn write<S: Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
        value.serialize(s)
    }
}

/// A secret: read as text, never written (it goes to the store).
pub struct Secret;
impl Codec<SecretString> for Secret {
    const SAVED: bool = false;
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<SecretString, D::Error> {
        String::deserialize(d).map(SecretString::from)
    }
    fn write<S: Serializer>(_: &SecretString, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_none()
    }
}

/// Whole seconds, from 1 to [`MAX_TIMEOUT_SECS`].
pub struct Seconds;
impl Codec<Duration> for Seconds {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        match u64::deserialize(d)? {
            secs @ 1..=MAX_TIMEOUT_SECS => Ok(Duration::from_secs(secs)),
            _ => Err(serde::de::Error::custom(format!(
                "the timeout is in seconds, from 1 to {MAX_TIMEOUT_SECS}"
            ))),
        }
    }
    fn write<S: Serializer>(value: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(value.as_secs())
    }
}

/// A token lifetime such as `"8h 30m"`: more than nothing, at most 31 days.
pub struct Lifetime;
impl Codec<Duration> for Lifetime {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        let text = String::deserialize(d)?;
        match super::parse_duration(&text) {
            Ok(d) if d.is_zero() => Err(serde::de::Error::custom(
                "a token lifetime of 0 is no lifetime",
            )),
            Ok(d) if d > MAX_TOKEN_LIFETIME => Err(serde::de::Error::custom(format!(
                "{text:?} is longer than the 31 days a token lifetime may be (the API's tokens live 24 hours)"
            ))),
            Ok(d) => Ok(d),
            Err(e) => Err(serde::de::Error::custom(format!(
                "{text:?} is not a duration ({e}); write e.g. \"24h\" or \"8h 30m\", at most 31 days"
            ))),
        }
    }
    fn write<S: Serializer>(value: &Duration, s: S) -> Result<S::Ok, S::Error> {
        match jiff::SignedDuration::try_from(*value) {
            Ok(t) => s.serialize_str(&format!("{t:#}")),
            Err(_) => s.serialize_none(),
        }
    }
}

/// A path; one that is not UTF-8 is written as near as TOML can (reading the file back then tells).
pub struct FilePath;
impl Codec<PathBuf> for FilePath {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<PathBuf, D::Error> {
        PathBuf::deserialize(d)
    }
    fn write<S: Serializer>(value: &PathBuf, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&value.to_string_lossy())
    }
}

/// A value read from a profile through its codec `C`.
pub(super) struct Read<T, C>(pub T, PhantomData<C>);
impl<'de, T, C: Codec<T>> Deserialize<'de> for Read<T, C> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        C::read(d).map(|value| Read(value, PhantomData))
    }
}

/// A value written to a profile through its codec `C`.
pub(super) struct Write<'a, T, C>(&'a T, PhantomData<C>);
impl<T, C: Codec<T>> Serialize for Write<'_, T, C> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        C::write(self.0, s)
    }
}

/// A setting whose value is one of a few words (`--store`, `--clipboard` and their profile keys).
pub trait Choice: Copy + Sized + 'static {
    const ALL: &'static [Self];
    /// The word on the command line and in the config file.
    fn name(self) -> &'static str;
    /// What choosing it means, for `--help`.
    fn about(self) -> Option<&'static str>;
    /// The value `word` names.
    fn named(word: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.name() == word)
    }
}

impl Choice for StoreMode {
    const ALL: &'static [Self] = &[
        StoreMode::Auto,
        StoreMode::Keyring,
        StoreMode::File,
        StoreMode::None,
    ];
    fn name(self) -> &'static str {
        StoreMode::name(self)
    }
    fn about(self) -> Option<&'static str> {
        Some(match self {
            StoreMode::Auto => {
                "The keyring when one answers, else the file (said once, with the path)"
            }
            StoreMode::Keyring => {
                "The system's credential store (Secret Service, Keychain, Credential Manager)"
            }
            StoreMode::File => "A file only its owner can read, in the state dir",
            StoreMode::None => "Store nothing: every run logs in",
        })
    }
}

impl Choice for ClipboardMode {
    const ALL: &'static [Self] = &[
        ClipboardMode::Auto,
        ClipboardMode::System,
        ClipboardMode::Osc52,
        ClipboardMode::Off,
    ];
    fn name(self) -> &'static str {
        match self {
            ClipboardMode::Auto => "auto",
            ClipboardMode::System => "system",
            ClipboardMode::Osc52 => "osc52",
            ClipboardMode::Off => "off",
        }
    }
    fn about(self) -> Option<&'static str> {
        match self {
            ClipboardMode::Auto => {
                Some("The system clipboard locally, OSC 52 over SSH or without a display")
            }
            _ => None,
        }
    }
}

/// Generates, from [`with_login_settings!`], what `session` needs of the settings.
macro_rules! settings {
    (
        flagged { $($flagged:tt)* }
        profile_only { $($only:tt)* }
    ) => {
        settings! { @all $($flagged)* $($only)* }
    };
    (@all $(
        $(#[doc = $doc:literal])+
        $name:ident : $ty:ty {
            profile: $codec:ident,
            default: $default:tt,
            env: $env:tt,
            flag: $flag:tt,
        }
    )*) => {
        /// Settings from one source (the command line, or a profile), each of them optional.
        #[derive(Debug, Clone, Default)]
        pub struct Layer {
            $(
                $(#[doc = $doc])+
                pub $name: Option<$ty>,
            )*
        }

        impl Layer {
            /// Each setting of `self`, or where `self` has none, of `lower`: the one rule of precedence
            /// (flag, then environment, then profile, then default), applied a layer at a time.
            pub fn over(self, lower: Layer) -> Layer {
                Layer { $( $name: self.$name.or(lower.$name), )* }
            }

            /// The built-in defaults, the lowest layer.
            pub fn defaults() -> Layer {
                Layer { $( $name: settings!(@default $default), )* }
            }
        }

        /// A `[profiles.NAME]` table as read: every key optional, any other key refused.
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        pub(super) struct ProfileText {
            $(
                #[serde(default)]
                $name: Option<Read<$ty, $codec>>,
            )*
        }

        impl ProfileText {
            /// Whether the table holds the setting whose codec is [`Secret`] (an app key).
            pub(super) fn holds_secret(&self) -> bool {
                false $( || (self.$name.is_some() && !<$codec as Codec<$ty>>::SAVED) )*
            }

            pub(super) fn into_layer(self) -> Layer {
                Layer { $( $name: self.$name.map(|read| read.0), )* }
            }
        }

        /// A profile's table as written: what its layer sets, never a secret (that goes to the store).
        /// TOML has no null: a setting left to the default is left out.
        #[derive(Serialize)]
        pub(super) struct ProfileOut<'a> {
            $( $name: Option<Write<'a, $ty, $codec>>, )*
        }

        impl<'a> From<&'a Layer> for ProfileOut<'a> {
            fn from(layer: &'a Layer) -> Self {
                ProfileOut {
                    $(
                        $name: (layer.$name.as_ref())
                            .filter(|_| <$codec as Codec<$ty>>::SAVED)
                            .map(|value| Write(value, PhantomData)),
                    )*
                }
            }
        }

        /// Every login setting, in the order of the declaration.
        pub const SETTINGS: &[SettingInfo] = &[
            $(
                SettingInfo {
                    profile_key: stringify!($name),
                    flag: settings!(@flag $name $flag),
                    value_name: settings!(@value_name $flag),
                    env: settings!(@option $env),
                    default: settings!(@default_text $default),
                    doc: concat!($($doc, "\n"),+),
                },
            )*
        ];
    };
    (@default none) => { None };
    (@default ($value:expr, $text:literal)) => { Some($value) };
    (@default_text none) => { None };
    (@default_text ($value:expr, $text:literal)) => { Some($text) };
    (@option none) => { None };
    (@option $text:literal) => { Some($text) };
    (@flag $name:ident none) => { None };
    (@flag $name:ident $flag:tt) => {
        Some(const_str_flag!($name))
    };
    (@value_name $value_name:literal) => { Some($value_name) };
    (@value_name $other:tt) => { None };
}

/// `--name-with-dashes` for the setting `name_with_underscores`, at compile time.
macro_rules! const_str_flag {
    ($name:ident) => {{
        const NAME: &str = stringify!($name);
        const LEN: usize = NAME.len() + 2;
        const BYTES: [u8; LEN] = {
            let mut out = [b'-'; LEN];
            let name = NAME.as_bytes();
            let mut i = 0;
            while i < name.len() {
                out[i + 2] = if name[i] == b'_' { b'-' } else { name[i] };
                i += 1;
            }
            out
        };
        match std::str::from_utf8(&BYTES) {
            Ok(flag) => flag,
            Err(_) => panic!("a setting's name is ASCII"),
        }
    }};
}

with_login_settings!(settings);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_names_every_setting_once_with_its_flag_and_variable() {
        let mut names: Vec<&str> = SETTINGS.iter().map(|s| s.profile_key).collect();
        names.extend(SETTINGS.iter().filter_map(|s| s.flag));
        names.extend(SETTINGS.iter().filter_map(|s| s.env));
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count, "a key, flag or variable twice");
        let setting = |key: &str| SETTINGS.iter().find(|s| s.profile_key == key).unwrap();
        assert_eq!(setting("clear_after").flag, Some("--clear-after"));
        assert_eq!(setting("allow_http").value_name, None);
        assert_eq!(setting("token_lifetime").flag, None);
        assert_eq!(setting("app_key").env, Some("AUTOSHARES_APP_KEY"));
        assert_eq!(setting("timeout").default, Some("30"));
    }

    #[test]
    fn the_help_of_each_setting_with_a_value_names_its_default() {
        for setting in SETTINGS {
            let switch = setting.flag.is_some() && setting.value_name.is_none();
            if let (Some(default), false) = (setting.default, switch) {
                let said = format!("[default: {default}]");
                assert!(
                    setting.doc.contains(&said),
                    "{}: no {said}",
                    setting.profile_key
                );
            }
        }
    }

    #[test]
    fn each_default_text_is_how_a_profile_writes_the_default() {
        let table = toml::to_string(&ProfileOut::from(&Layer::defaults())).unwrap();
        let written: toml::Table = toml::from_str(&table).unwrap();
        for setting in SETTINGS {
            let value = written.get(setting.profile_key).map(|v| match v {
                toml::Value::String(s) => s.clone(),
                other => other.to_string(),
            });
            assert_eq!(value.as_deref(), setting.default, "{}", setting.profile_key);
        }
    }

    /// A profile holding every setting of the list, each with its default or a sample text.
    fn every_key() -> String {
        let mut text = String::from("[profiles.p]\n");
        for setting in SETTINGS {
            let value = match setting.default {
                Some(default)
                    if toml::from_str::<toml::Table>(&format!("v = {default}")).is_ok() =>
                {
                    default.to_string()
                }
                Some(default) => format!("{default:?}"),
                None => "\"sample\"".to_string(),
            };
            text.push_str(&format!("{} = {value}\n", setting.profile_key));
        }
        text
    }

    #[test]
    fn a_profile_accepts_every_key_of_the_list_and_no_other() {
        let path = std::path::Path::new("every.toml");
        let text = every_key();
        let config = super::super::config::Config::parse(path, &text)
            .unwrap_or_else(|e| panic!("{e}\n{text}"));
        let layer = format!("{:?}", config.profiles["p"]);
        assert!(!layer.contains("None"), "a key was not read: {layer}");
        let err = super::super::config::Config::parse(path, &format!("{text}tiemout = 5\n"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(&format!(
                "every.toml:{}: key `profiles.p.tiemout`",
                SETTINGS.len() + 2
            )),
            "{err}"
        );
    }
}
