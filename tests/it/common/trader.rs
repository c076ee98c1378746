//! A trader of the tests: a sandbox, a home of their own with a config file holding profile `p`, and the
//! variables of their shell (the app key, the password); runs of the binary in that home.

use std::path::PathBuf;
use std::time::Duration;

use super::{Home, Output, Running, Served, run};

/// A trader with a profile `p` for `username` on a sandbox, in a home of their own.
pub struct Trader {
    pub served: Served,
    pub home: Home,
    pub username: &'static str,
    /// More variables for every run (a session bus, say).
    pub extra_env: Vec<(String, String)>,
}

impl Trader {
    /// Profile `p` keeps its token in the file store; `profile_extra` is more of its table.
    pub fn new(name: &str, username: &'static str, profile_extra: &str) -> Trader {
        Trader::on(Served::start(), name, username, profile_extra)
    }

    /// [`Trader::new`] on a sandbox of the test's own.
    pub fn on(served: Served, name: &str, username: &'static str, profile_extra: &str) -> Trader {
        Trader::with(
            served,
            &format!("sessions-{name}"),
            username,
            "file",
            profile_extra,
        )
    }

    /// `plain`, whose profile `p` keeps its token where `store` says.
    pub fn storing_in(name: &str, store: &str) -> Trader {
        Trader::with(
            Served::start(),
            &format!("records-{name}"),
            "plain",
            store,
            "",
        )
    }

    fn with(
        served: Served,
        home: &str,
        username: &'static str,
        store: &str,
        profile_extra: &str,
    ) -> Trader {
        let home = Home::new(home);
        home.write_config(&format!(
            "default_profile = \"p\"\n\n[profiles.p]\nurl = \"{}\"\nusername = \"{username}\"\nstore = \"{store}\"\n{profile_extra}\n",
            served.sandbox.base_url()
        ));
        Trader {
            served,
            home,
            username,
            extra_env: Vec::new(),
        }
    }

    /// The variables of this trader's shell: the home, the app key and the password.
    pub fn env(&self) -> Vec<(String, String)> {
        let mut env: Vec<(String, String)> = (self.home.env().into_iter())
            .map(|(n, v)| (n.to_string(), v.display().to_string()))
            .collect();
        env.push(("AUTOSHARES_APP_KEY".into(), self.served.app_key().into()));
        env.push((
            "AUTOSHARES_PASSWORD".into(),
            self.served.password(self.username).into(),
        ));
        env.extend(self.extra_env.iter().cloned());
        env
    }

    pub fn run(&self, args: &[&str], stdin: &str) -> Output {
        let env = self.env();
        let env: Vec<(&str, &str)> = env.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        run(args, &env, stdin)
    }

    pub fn spawn(&self, args: &[&str]) -> Running {
        let env = self.env();
        let env: Vec<(&str, &str)> = env.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        Running::spawn(args, &env)
    }

    /// Runs the binary with `args` and no input, failing the test when it is not done within `within`
    /// (for what must never hang).
    pub fn run_within(&self, args: &[&str], within: Duration) -> Output {
        self.spawn(args).finish(within)
    }

    /// Logins sent to the sandbox so far.
    pub fn logins(&self) -> usize {
        self.served.logins()
    }

    /// Everything sent to the sandbox so far.
    pub fn requests(&self) -> usize {
        self.served.sandbox.received().len()
    }

    /// The file store's folder.
    pub fn sessions(&self) -> PathBuf {
        self.home.state_dir().join("sessions")
    }

    /// The file store's record of profile `p`.
    pub fn record(&self) -> PathBuf {
        self.sessions().join("profile-p.json")
    }

    /// A token from `token --no-tui` with `extra` arguments, which must succeed.
    pub fn token(&self, extra: &[&str]) -> String {
        let mut args = vec!["token", "--no-tui"];
        args.extend_from_slice(extra);
        let out = self.run(&args, "");
        assert_eq!(out.code, Some(0), "token failed: {}", out.stderr);
        token_line(&out)
    }
}

/// The one line of a run's stdout, which must be a sandbox token (64 hex digits).
pub fn token_line(out: &Output) -> String {
    let token = out.stdout.strip_suffix('\n').expect("a line on stdout");
    assert!(
        token.len() == 64 && token.chars().all(|c| c.is_ascii_hexdigit()),
        "stdout is one token: {:?}",
        out.stdout
    );
    token.to_string()
}
