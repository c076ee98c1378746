//! The command line's definition against the contract.

use clap::CommandFactory;
use secrecy::ExposeSecret;

use super::*;

fn try_parse(args: &[&str]) -> Result<Cli, clap::Error> {
    parse_from(std::iter::once("autoshares-login").chain(args.iter().copied()))
}

fn parse(args: &[&str]) -> Cli {
    try_parse(args).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

#[test]
fn the_command_line_definition_is_consistent() {
    Cli::command().debug_assert();
    command().debug_assert();
}

#[test]
fn every_subcommand_says_which_options_of_the_top_level_it_uses() {
    let top = Cli::command();
    let ids: Vec<&str> = top.get_arguments().map(|a| a.get_id().as_str()).collect();
    for sub in top.get_subcommands() {
        let listed = USES.iter().filter(|(name, _)| *name == sub.get_name());
        assert_eq!(listed.count(), 1, "{} in USES once", sub.get_name());
    }
    for (name, uses) in USES {
        assert!(
            top.find_subcommand(name).is_some(),
            "{name} is a subcommand"
        );
        let (Uses::Only(named) | Uses::AllBut(named)) = uses;
        for id in *named {
            assert!(
                ids.contains(id),
                "{name}: {id} is no option of the top level"
            );
        }
    }
}

#[test]
fn an_option_a_subcommand_does_not_use_is_refused_before_or_after_it() {
    for args in [
        &["man", "--clipboard", "off"][..],
        &["--clipboard", "off", "man"],
        &["man", "--clipboard=off"],
        &["status", "--clipboard", "off"],
        &["logout", "--timeout", "5"],
        &["--demo", "token"],
        &["token", "--print"],
        &["doctor", "--no-tui"],
        &["inspect", "log.jsonl", "--profile", "p"],
    ] {
        let err = try_parse(args).expect_err("refused");
        assert_eq!(err.exit_code(), 2, "{args:?}");
        let flag = args.iter().find(|a| a.starts_with("--")).unwrap();
        let flag = flag.split('=').next().unwrap();
        assert!(
            err.to_string()
                .contains(&format!("{flag} has no effect on `")),
            "{args:?}: {err}"
        );
    }
    let cli = parse(&["--profile", "live", "--no-tui", "token"]);
    assert_eq!(cli.login.profile.as_deref(), Some("live"));
    assert!(cli.no_tui);
    let cli = parse(&["--store", "file", "logout", "--username", "bob"]);
    assert_eq!(cli.login.settings.store, Some(StoreMode::File));
    assert_eq!(cli.login.settings.username.as_deref(), Some("bob"));
    assert_eq!(
        parse(&["inspect", "f", "--report", "r"]).login.report,
        Some("r".into())
    );
    assert_eq!(
        parse(&["--clear-after", "5"]).login.settings.clear_after,
        Some(5)
    );
}

#[test]
fn unset_options_are_left_to_the_profile_and_the_defaults() {
    let cli = parse(&[]);
    let layer = cli.login.layer();
    assert_eq!(layer.clipboard, None);
    assert_eq!((layer.clear_after, layer.timeout), (None, None));
    assert_eq!((layer.store, layer.allow_http), (None, None));
    assert!(!cli.login.print && !cli.no_tui && !cli.demo);
}

#[test]
fn login_options_are_accepted_after_a_subcommand() {
    let cli = parse(&[
        "token",
        "--no-tui",
        "--profile",
        "work",
        "--store",
        "file",
        "--timeout",
        "5",
    ]);
    assert!(cli.no_tui);
    assert_eq!(cli.login.profile.as_deref(), Some("work"));
    assert_eq!(cli.login.settings.store, Some(StoreMode::File));
    assert_eq!(cli.login.layer().timeout, Some(Duration::from_secs(5)));
    assert!(matches!(cli.command, Some(Command::Token { .. })));
}

#[test]
fn subcommand_flags_follow_the_contract() {
    let Some(Command::Token { json, validity }) =
        parse(&["token", "--json", "--min-valid", "90s", "--check"]).command
    else {
        panic!("token parses");
    };
    assert!(json && validity.check);
    assert_eq!(validity.min_valid, Duration::from_secs(90));
    let Some(Command::Status { validity, .. }) = parse(&["status"]).command else {
        panic!("status parses");
    };
    assert_eq!(
        validity.min_valid,
        Duration::from_secs(300),
        "5m by default"
    );
    assert!(matches!(
        parse(&["logout", "--all", "--forget"]).command,
        Some(Command::Logout {
            all: true,
            forget: true
        })
    ));
    assert!(matches!(
        parse(&["profiles"]).command,
        Some(Command::Profiles)
    ));
}

#[test]
fn exec_takes_the_command_after_two_dashes() {
    let Some(Command::Exec { command, .. }) = parse(&[
        "exec",
        "--profile",
        "p",
        "--",
        "python",
        "bot.py",
        "--url",
        "x",
    ])
    .command
    else {
        panic!("exec parses");
    };
    assert_eq!(command, ["python", "bot.py", "--url", "x"]);
    assert!(try_parse(&["exec"]).is_err());
    assert!(try_parse(&["token", "--min-valid", "soon"]).is_err());
}

#[test]
fn there_is_no_flag_for_a_password() {
    assert!(try_parse(&["--password", "x"]).is_err());
    assert!(try_parse(&["--pin", "1"]).is_err());
    assert!(try_parse(&["token", "--password", "x"]).is_err());
}

#[test]
fn debug_output_hides_the_app_key() {
    let cli = try_parse(&["--app-key", "APPKEY-SECRET-1"]);
    let shown = format!("{cli:?}");
    assert!(!shown.contains("APPKEY-SECRET-1"), "{shown}");
    let key = cli
        .unwrap()
        .login
        .settings
        .app_key
        .expect("the key was given");
    assert_eq!(key.expose_secret(), "APPKEY-SECRET-1");
}

#[test]
fn a_timeout_outside_one_second_to_an_hour_is_a_usage_error() {
    for secs in ["0", "3601", "9223372036854775808"] {
        let err = try_parse(&["--timeout", secs]).unwrap_err();
        assert_eq!(err.exit_code(), 2, "{secs}");
    }
    let cli = try_parse(&["--timeout", "3600"]).unwrap();
    assert_eq!(cli.login.layer().timeout, Some(Duration::from_hours(1)));
}

#[test]
fn status_help_says_what_check_and_json_do_there() {
    let mut cli = command();
    let help = |cli: &mut clap::Command, name: &str| {
        let sub = cli.find_subcommand_mut(name).expect("the subcommand");
        sub.render_long_help().to_string()
    };
    let status = help(&mut cli, "status");
    assert!(status.contains("A JSON array"), "{status}");
    assert!(
        !status.contains("log in again"),
        "status never logs in: {status}"
    );
    let token = help(&mut cli, "token");
    assert!(token.contains("log in again on 401"), "{token}");
}
