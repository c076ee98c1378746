//! The context of a run (`diag::RunContext`), built here from the resolved settings and what the
//! machine says: the build, the system, the terminal, the proxy a login would go through.

use std::path::Path;
use std::sync::OnceLock;

use crate::auth::client::token_url;
use crate::auth::proxy;
use crate::build_info;
use crate::clipboard::Environment;
use crate::diag::redact::without_credentials;
use crate::diag::run_context::{LoginContext, RunContext, System, Terminal, Tool, home_relative};
use crate::session::{Choice, Settings};

/// The context of a run with `settings`, whose config file is `config` (which may not exist).
pub fn run_context(settings: &Settings, config: &Path) -> RunContext {
    let (tool, system) = machine().clone();
    let env = Environment::from_env();
    RunContext {
        tool,
        system,
        terminal: Terminal {
            term: std::env::var("TERM").ok().filter(|t| !t.is_empty()),
            tmux: env.tmux,
            ssh: env.remote,
        },
        settings: LoginContext {
            profile: settings.profile.clone(),
            config: home_relative(config),
            url: settings.url.as_deref().map(without_credentials),
            username: settings.username.clone(),
            store: settings.store.name().to_string(),
            clipboard: settings.clipboard.name().to_string(),
            timeout_secs: settings.client.timeout.as_secs(),
            cacert: settings.client.cacert.as_deref().map(home_relative),
            proxy: proxy_in_effect(settings),
        },
    }
}

/// The proxy a login with `settings` goes through, or the variables in effect when it has no usable URL.
fn proxy_in_effect(settings: &Settings) -> String {
    let url = settings.url.as_deref();
    match url.and_then(|url| token_url(url, settings.client.allow_http).ok()) {
        Some(url) => proxy::describe(&url),
        None => proxy::variables_in_effect(),
    }
}

/// The build and the system, found once per run.
fn machine() -> &'static (Tool, System) {
    static MACHINE: OnceLock<(Tool, System)> = OnceLock::new();
    MACHINE.get_or_init(|| {
        let tool = Tool {
            version: build_info::VERSION.to_string(),
            commit: build_info::COMMIT.to_string(),
            target: build_info::TARGET.to_string(),
        };
        let system = System {
            os: std::env::consts::OS.to_string(),
            arch: std::env::consts::ARCH.to_string(),
            release: release(),
        };
        (tool, system)
    })
}

/// The system's name for its release: `PRETTY_NAME` of `/etc/os-release` (Linux).
fn release() -> Option<String> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    let text = crate::bounded_read::read_capped(Path::new("/etc/os-release"), 64 * 1024).ok()?;
    String::from_utf8_lossy(&text).lines().find_map(|line| {
        let value = line.strip_prefix("PRETTY_NAME=")?;
        Some(value.trim().trim_matches('"').to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{Layer, RunOptions};

    #[test]
    fn the_context_holds_the_settings_but_no_credential() {
        let layer = Layer {
            url: Some("https://alice:s3cret@api.example/api".into()),
            username: Some("alice".into()),
            app_key: Some("APPKEY-never-shown".to_string().into()),
            ..Layer::default()
        };
        let settings = Settings::resolve(Some("work".into()), layer, RunOptions::default());
        let context = run_context(&settings, Path::new("/etc/autoshares/config.toml"));
        let shown = serde_json::to_string(&context).unwrap();
        assert!(
            !shown.contains("s3cret") && !shown.contains("APPKEY"),
            "{shown}"
        );
        assert_eq!(context.settings.profile.as_deref(), Some("work"));
        assert_eq!(context.settings.config, "/etc/autoshares/config.toml");
        assert_eq!(context.settings.store, "auto");
        assert_eq!(context.settings.timeout_secs, 30);
        assert_eq!(context.tool.version, build_info::VERSION);
        assert_eq!(context.system.os, std::env::consts::OS);
    }
}
