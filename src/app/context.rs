//! A run's settings, resolved once: the command line over the selected profile over the defaults, with
//! the config file and the store they name.

use std::io::IsTerminal;

use secrecy::SecretString;

use crate::cli::Cli;
use crate::exit::Error;
use crate::session::{Config, ConfigFileError, Context, Paths, RunOptions, Settings};

/// The context of this run: its paths from the environment, the config file read (its warnings said on
/// stderr), the settings resolved.
pub fn context(cli: &Cli) -> Result<Context, Error> {
    let paths = Paths::from_env()?;
    let config = Config::load(&paths.config)?;
    for warning in &config.warnings {
        crate::say!("warning: {warning}");
    }
    let password = RunOptions::password_from_env()?;
    let settings = resolve(cli, &config, std::io::stdout().is_terminal(), password)?;
    Ok(Context::new(settings, paths, config))
}

/// The settings of `cli` over the profile it selects from `config` (none in a demo: a profile's username
/// or settings are not the demo's), given whether stdout is a terminal and the password from the
/// environment.
pub fn resolve(
    cli: &Cli,
    config: &Config,
    stdout_is_terminal: bool,
    password: Option<SecretString>,
) -> Result<Settings, ConfigFileError> {
    let selected = if cli.demo {
        None
    } else {
        config.select(cli.login.profile.as_deref())?
    };
    let (profile, layer) = match selected {
        Some((name, profile)) => (Some(name), cli.login.layer().over(profile)),
        None => (None, cli.login.layer()),
    };
    let run = RunOptions {
        // `TOKEN=$(autoshares-login)` means --print: stdout is then a pipe or a file, never the terminal.
        print: cli.login.print || !stdout_is_terminal,
        log: cli.login.log.clone(),
        report: cli.login.report.clone(),
        password,
    };
    Ok(Settings::resolve(profile, layer, run))
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    fn cli(args: &[&str]) -> Cli {
        Cli::try_parse_from(std::iter::once("autoshares-login").chain(args.iter().copied()))
            .expect("parses")
    }

    fn config(text: &str) -> (tempfile::TempDir, Config) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("config.toml");
        std::fs::write(&path, text).expect("written");
        let config = Config::load(&path).expect("valid config");
        (dir, config)
    }

    const TWO_PROFILES: &str = r#"
default_profile = "demo"

[profiles.demo]
url = "https://demo.example/api"
username = "alice"

[profiles.live]
url = "https://live.example/api"
username = "bob"
"#;

    #[test]
    fn the_default_profile_is_used_and_the_command_line_wins_over_it() {
        let (_dir, config) = config(TWO_PROFILES);
        let settings =
            resolve(&cli(&["--username", "carol"]), &config, true, None).expect("resolves");
        assert_eq!(settings.profile.as_deref(), Some("demo"));
        assert_eq!(settings.url.as_deref(), Some("https://demo.example/api"));
        assert_eq!(settings.username.as_deref(), Some("carol"));
        assert!(!settings.run.print, "a terminal on stdout: no --print");
    }

    #[test]
    fn profile_selects_another_and_an_unknown_one_is_an_error() {
        let (_dir, config) = config(TWO_PROFILES);
        let live = resolve(&cli(&["--profile", "live"]), &config, true, None).expect("resolves");
        assert_eq!(live.username.as_deref(), Some("bob"));
        assert!(resolve(&cli(&["--profile", "nope"]), &config, true, None).is_err());
    }

    #[test]
    fn a_demo_uses_no_profile() {
        let (_dir, config) = config(TWO_PROFILES);
        let demo = resolve(&cli(&["--demo"]), &config, true, None).expect("resolves");
        assert_eq!(demo.profile, None);
        assert_eq!(demo.username, None);
    }

    #[test]
    fn stdout_that_is_no_terminal_means_print() {
        let (_dir, config) = config("");
        let settings = resolve(&cli(&[]), &config, false, None).expect("resolves");
        assert!(settings.run.print);
        assert_eq!(settings.profile, None);
    }
}
