//! The context of a run, as a ticket needs it: which build, on which system and terminal, with which
//! profile and settings. Never a secret (URLs and proxies without their credentials, no app key); a path
//! under the home directory is written with `~`. The log records it (a `run` line), the reports and
//! `doctor` show it.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::sanitize::sanitize;

/// What a run was, and with which settings. Every field defaults, so a header written by another version
/// still reads.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RunContext {
    pub tool: Tool,
    pub system: System,
    pub terminal: Terminal,
    pub settings: LoginContext,
}

/// The build: version, git commit and target triple.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Tool {
    pub version: String,
    pub commit: String,
    pub target: String,
}

/// The operating system and architecture, with the system's own name for its release when it has one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct System {
    pub os: String,
    pub arch: String,
    pub release: Option<String>,
}

/// The terminal: `TERM`, and whether the run was inside tmux or over SSH.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Terminal {
    pub term: Option<String>,
    pub tmux: bool,
    pub ssh: bool,
}

/// The settings a login used: the profile and the config file they came from, and each value in effect.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LoginContext {
    pub profile: Option<String>,
    pub config: String,
    pub url: Option<String>,
    pub username: Option<String>,
    pub store: String,
    pub clipboard: String,
    pub timeout_secs: u64,
    pub cacert: Option<String>,
    pub proxy: String,
}

impl RunContext {
    /// The context as rows of a two-column table, labels first, every value sanitised (a context read
    /// from a customer's log is text like any other).
    pub fn rows(&self) -> Vec<(&'static str, String)> {
        let (tool, system, terminal, settings) =
            (&self.tool, &self.system, &self.terminal, &self.settings);
        let or = |value: &Option<String>, absent: &str| {
            value.clone().unwrap_or_else(|| absent.to_string())
        };
        let system_text = match &system.release {
            Some(release) => format!("{} {} ({release})", system.os, system.arch),
            None => format!("{} {}", system.os, system.arch),
        };
        let term = match &terminal.term {
            Some(term) => format!("TERM={term}"),
            None => "TERM not set".to_string(),
        };
        let inside = |yes: bool, what: &str| format!("{}{what}", if yes { "" } else { "not " });
        let rows = [
            (
                "Tool",
                format!(
                    "autoshares-login {} (commit {}, {})",
                    tool.version, tool.commit, tool.target
                ),
            ),
            ("System", system_text),
            (
                "Terminal",
                format!(
                    "{term}, {}, {}",
                    inside(terminal.tmux, "inside tmux"),
                    inside(terminal.ssh, "over SSH")
                ),
            ),
            ("Profile", or(&settings.profile, "none")),
            ("Config file", settings.config.clone()),
            ("URL", or(&settings.url, "none")),
            ("Username", or(&settings.username, "none")),
            ("Store", settings.store.clone()),
            ("Clipboard", settings.clipboard.clone()),
            ("Timeout", format!("{} s", settings.timeout_secs)),
            ("CA file", or(&settings.cacert, "none")),
            ("Proxy", settings.proxy.clone()),
        ];
        rows.into_iter()
            .map(|(label, value)| (label, sanitize(&value)))
            .collect()
    }
}

/// `path` as it may be shown: under the home directory, as `~/…`.
pub fn home_relative(path: &Path) -> String {
    let shown = etcetera::home_dir()
        .ok()
        .filter(|home| home.parent().is_some())
        .and_then(|home| path.strip_prefix(home).ok().map(Path::to_path_buf))
        .map(|rest| Path::new("~").join(rest));
    shown.as_deref().unwrap_or(path).display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_name_every_part_and_say_what_is_absent() {
        let context = RunContext {
            tool: Tool {
                version: "0.1.0".into(),
                commit: "abc1234".into(),
                target: "x86_64-unknown-linux-gnu".into(),
            },
            system: System {
                os: "linux".into(),
                arch: "x86_64".into(),
                release: Some("Debian GNU/Linux 12".into()),
            },
            terminal: Terminal {
                term: Some("xterm\u{1b}]0;x\u{7}".into()),
                tmux: true,
                ssh: false,
            },
            settings: LoginContext {
                config: "~/.config/autoshares-login/config.toml".into(),
                store: "auto".into(),
                clipboard: "off".into(),
                timeout_secs: 30,
                proxy: "no proxy variables set: direct connection".into(),
                ..LoginContext::default()
            },
        };
        let rows = context.rows();
        let value = |label: &str| &rows.iter().find(|(l, _)| *l == label).unwrap().1;
        assert_eq!(
            value("Tool"),
            "autoshares-login 0.1.0 (commit abc1234, x86_64-unknown-linux-gnu)"
        );
        assert_eq!(value("System"), "linux x86_64 (Debian GNU/Linux 12)");
        assert!(!value("Terminal").contains('\u{1b}'));
        assert!(value("Terminal").ends_with("inside tmux, not over SSH"));
        assert_eq!(value("Profile"), "none");
        assert_eq!(value("Timeout"), "30 s");
        assert_eq!(value("CA file"), "none");
    }

    #[test]
    fn a_header_of_another_version_reads_with_what_it_has() {
        let read: RunContext =
            serde_json::from_str(r#"{"tool":{"version":"9.0"},"future":1}"#).unwrap();
        assert_eq!(read.tool.version, "9.0");
        assert_eq!(read.settings, LoginContext::default());
    }

    #[test]
    fn paths_under_the_home_directory_start_with_a_tilde() {
        let home = etcetera::home_dir().unwrap();
        let shown = home_relative(&home.join(".config").join("x.toml"));
        assert!(shown.starts_with('~'), "{shown}");
        assert!(!shown.contains(&*home.to_string_lossy()), "{shown}");
        assert_eq!(home_relative(Path::new("/etc/x")), "/etc/x");
    }
}
