//! Adding a profile to the config file's text: its table appended, `default_profile` put above the first
//! table when the file has none, every other byte kept; and the file replaced in one step.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use super::schema::{Layer, ProfileOut};

/// What a new profile adds to the config file, as TOML the serializer wrote (strings escaped as TOML says).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Addition {
    /// `[profiles.NAME]` with `url`, `username` and the settings that differ from the defaults.
    pub table: String,
    /// `default_profile = "NAME"`, when the file names no default yet.
    pub default_line: Option<String>,
}

#[derive(Serialize)]
struct Profiles<'a> {
    profiles: BTreeMap<&'a str, ProfileOut<'a>>,
}

#[derive(Serialize)]
struct DefaultProfile<'a> {
    default_profile: &'a str,
}

impl Addition {
    /// The profile `name` with the settings of `profile` (its app key never); the default too when
    /// `make_default`.
    pub fn new(name: &str, profile: &Layer, make_default: bool) -> Addition {
        let profiles = Profiles {
            profiles: BTreeMap::from([(name, ProfileOut::from(profile))]),
        };
        let default_line = make_default.then(|| {
            to_toml(&DefaultProfile {
                default_profile: name,
            })
        });
        Addition {
            table: to_toml(&profiles),
            default_line,
        }
    }

    /// `text` with this addition: the default line above the first statement (and the comment lines
    /// right above that), the table at the end, in the file's own line ending.
    pub fn apply_to(&self, text: &str) -> String {
        let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let in_file = |added: &str| added.replace('\n', newline);
        let at = self
            .default_line
            .as_ref()
            .map_or(text.len(), |_| top_of(text));
        let (head, tail) = text.split_at(at);
        let mut out = String::from(head);
        if let Some(line) = &self.default_line {
            end_line(&mut out, newline);
            out.push_str(&in_file(line));
            if !tail.is_empty() {
                out.push_str(newline);
            }
        }
        out.push_str(tail);
        end_line(&mut out, newline);
        if !nothing_but_a_bom(&out) && !out.ends_with(&newline.repeat(2)) {
            out.push_str(newline);
        }
        out.push_str(&in_file(&self.table));
        out
    }

    /// The TOML to add by hand when the file cannot be written: the table, and the default line with a
    /// comment saying where it goes.
    pub fn by_hand(&self) -> String {
        match &self.default_line {
            Some(line) => format!(
                "{}  # at the top, above every [table]\n\n{}",
                line.trim_end(),
                self.table
            ),
            None => self.table.clone(),
        }
    }
}

/// `value` as TOML. Serializing these plain structs of strings, numbers and booleans cannot fail.
fn to_toml(value: &impl Serialize) -> String {
    toml::to_string(value).expect("a table of strings serializes")
}

/// Ends `out` with a newline unless it is empty (but for a byte order mark) or ends with one.
fn end_line(out: &mut String, newline: &str) {
    if !nothing_but_a_bom(out) && !out.ends_with('\n') {
        out.push_str(newline);
    }
}

fn nothing_but_a_bom(text: &str) -> bool {
    text.trim_start_matches('\u{feff}').is_empty()
}

/// Where a top-level key can go in `text`: before its first statement (a table header or a key) and the
/// comment lines directly above it; the end when it holds only comments. After a byte order mark.
fn top_of(text: &str) -> usize {
    let mut offset = text.len() - text.trim_start_matches('\u{feff}').len();
    let mut comments_from = None;
    for line in text[offset..].split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            comments_from = None;
        } else if trimmed.starts_with('#') {
            comments_from.get_or_insert(offset);
        } else {
            return comments_from.unwrap_or(offset);
        }
        offset += line.len();
    }
    text.len()
}

/// Replaces the file at `path` with `text` in one step (a temporary file in its folder, renamed over it),
/// so a reader sees the old file or the new one. An existing file keeps its permissions; a new one is
/// readable by its owner only (0600 on Unix), in folders created owner-only where missing.
pub(super) fn replace(path: &Path, text: &str) -> io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let kept = match fs::metadata(path) {
        Ok(meta) => Some(meta.permissions()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    if kept.is_none() {
        let mut builder = fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir)?;
    }
    // tempfile creates the file owner-only (0600) on Unix.
    let mut file = tempfile::Builder::new()
        .prefix(".config-")
        .suffix(".toml.tmp")
        .tempfile_in(dir)?;
    file.write_all(text.as_bytes())?;
    if let Some(permissions) = kept {
        file.as_file().set_permissions(permissions)?;
    }
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clipboard::ClipboardMode;
    use crate::session::StoreMode;

    const TABLE: &str = "[profiles.work]\nurl = \"https://w.example/api\"\nusername = \"trader\"\n";

    fn profile(url: &str, username: &str) -> Layer {
        Layer {
            url: Some(url.into()),
            username: Some(username.into()),
            ..Layer::default()
        }
    }

    fn work() -> Layer {
        profile("https://w.example/api", "trader")
    }

    #[test]
    fn the_table_is_toml_with_its_strings_escaped() {
        let addition = Addition::new("a.b", &profile("https://h/api", "say \"hi\"\\"), false);
        assert_eq!(
            addition.table,
            "[profiles.\"a.b\"]\nurl = \"https://h/api\"\nusername = 'say \"hi\"\\'\n"
        );
        let parsed: toml::Table = toml::from_str(&addition.table).unwrap();
        assert_eq!(
            parsed["profiles"]["a.b"]["username"].as_str(),
            Some("say \"hi\"\\")
        );
        assert_eq!(addition.default_line, None);
    }

    #[test]
    fn settings_beyond_url_and_username_are_written_and_an_app_key_never() {
        let layer = Layer {
            app_key: Some("APPKEY-77c1-SECRET".to_string().into()),
            store: Some(StoreMode::File),
            clipboard: Some(ClipboardMode::Osc52),
            clear_after: Some(0),
            timeout: Some(std::time::Duration::from_secs(90)),
            cacert: Some("/etc/ssl/corp ca.pem".into()),
            allow_http: Some(true),
            token_lifetime: Some(std::time::Duration::from_secs(8 * 3600 + 30 * 60)),
            ..work()
        };
        assert_eq!(
            Addition::new("work", &layer, false).table,
            "[profiles.work]\nurl = \"https://w.example/api\"\nusername = \"trader\"\nstore = \"file\"\n\
             clipboard = \"osc52\"\nclear_after = 0\ntimeout = 90\ncacert = \"/etc/ssl/corp ca.pem\"\n\
             allow_http = true\ntoken_lifetime = \"8h 30m\"\n"
        );
    }

    #[test]
    fn into_an_empty_file_go_the_default_and_the_table() {
        let addition = Addition::new("work", &work(), true);
        let text = addition.apply_to("");
        assert_eq!(text, format!("default_profile = \"work\"\n\n{TABLE}"));
    }

    #[test]
    fn the_default_goes_above_the_first_table_and_its_comments() {
        let addition = Addition::new("work", &work(), true);
        let before = "# my config\n\n# the demo\n[profiles.demo]\nurl = \"x\"";
        let after = addition.apply_to(before);
        assert_eq!(
            after,
            format!(
                "# my config\n\ndefault_profile = \"work\"\n\n# the demo\n[profiles.demo]\nurl = \"x\"\n\n{TABLE}"
            )
        );
    }

    #[test]
    fn without_a_default_line_the_text_is_kept_and_the_table_appended() {
        let addition = Addition::new("work", &work(), false);
        let before = "default_profile = \"demo\" # mine\n[profiles.demo]\n\n";
        assert_eq!(addition.apply_to(before), format!("{before}{TABLE}"));
    }

    #[test]
    fn a_file_of_comments_only_gets_the_default_after_them() {
        let addition = Addition::new("work", &work(), true);
        assert_eq!(
            addition.apply_to("# nothing yet"),
            format!("# nothing yet\ndefault_profile = \"work\"\n\n{TABLE}")
        );
    }

    #[test]
    fn a_windows_file_keeps_its_line_ending_and_bom() {
        let addition = Addition::new("work", &work(), true);
        let after = addition.apply_to("\u{feff}[profiles.demo]\r\n");
        assert_eq!(
            after,
            format!(
                "\u{feff}default_profile = \"work\"\r\n\r\n[profiles.demo]\r\n\r\n{}",
                TABLE.replace('\n', "\r\n")
            )
        );
    }

    #[test]
    fn by_hand_names_where_the_default_goes() {
        let addition = Addition::new("work", &work(), true);
        let text = addition.by_hand();
        assert!(
            text.starts_with("default_profile = \"work\"  # at the top"),
            "{text}"
        );
        assert!(text.ends_with(TABLE), "{text}");
        toml::from_str::<toml::Table>(&text).expect("the snippet is TOML");
    }
}
