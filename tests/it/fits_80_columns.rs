//! `profiles` and `status` fit an 80-column terminal with long profile names, URLs and usernames:
//! wrapped at spaces with a hanging indent, no path where it is not the point, no colour in a pipe.

use crate::common::{Home, Output, Served, run};

/// Three profiles whose name, URL and username are each long; the last one points at `sandbox`.
fn long_profiles(sandbox: &str) -> [(String, String, String); 3] {
    [
        (
            "paper-trading-account-for-the-long-weekend-strategy".into(),
            "https://pub-api-et-demo-prod.etnasoft.us/api".into(),
            "alexandra.konstantinopoulou.trading-desk@example-brokerage.com".into(),
        ),
        (
            "live-account-of-the-family-office-in-zurich-switzerland".into(),
            "https://api.a-rather-long-brokerage-hostname.example.com:8443/api".into(),
            "family.office.zurich.operations.team@example.ch".into(),
        ),
        (
            "sandbox-for-the-quarterly-training-session-of-new-traders".into(),
            sandbox.into(),
            "plain".into(),
        ),
    ]
}

fn run_in(home: &Home, args: &[&str], env: &[(&str, &str)], stdin: &str) -> Output {
    let paths: Vec<(&str, String)> = (home.env().into_iter())
        .map(|(name, path)| (name, path.display().to_string()))
        .collect();
    let mut all: Vec<(&str, &str)> = paths.iter().map(|(n, p)| (*n, p.as_str())).collect();
    all.extend(env);
    run(args, &all, stdin)
}

/// Every line of `text` fits 80 columns, and holds no escape sequence (colour).
fn assert_fits(what: &str, text: &str) {
    for line in text.lines() {
        assert!(
            line.chars().count() <= 80,
            "{what}: a line of {} columns:\n{text}",
            line.chars().count()
        );
    }
    assert!(!text.contains('\x1b'), "{what}: colour in a pipe:\n{text}");
}

/// `text` as one line of words, so a check does not depend on where it wrapped.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn profiles_and_status_fit_80_columns_with_three_long_profiles() {
    let served = Served::start();
    let home = Home::new("fits-80-columns");
    let profiles = long_profiles(&served.sandbox.base_url());
    let mut config = format!("default_profile = \"{}\"\n", profiles[0].0);
    for (name, url, username) in &profiles {
        config.push_str(&format!(
            "\n[profiles.{name}]\nurl = \"{url}\"\nusername = \"{username}\"\nstore = \"file\"\n"
        ));
    }
    home.write_config(&config);
    let sandbox_profile = profiles[2].0.as_str();
    let login = run_in(
        &home,
        &["token", "--no-tui", "--profile", sandbox_profile],
        &[
            ("AUTOSHARES_APP_KEY", served.app_key()),
            ("AUTOSHARES_PASSWORD", served.password("plain")),
        ],
        "",
    );
    assert_eq!(login.code, Some(0), "{}", login.stderr);

    let listed = run_in(&home, &["profiles"], &[], "");
    assert_eq!(listed.code, Some(0), "{}", listed.stderr);
    assert_fits("profiles", &listed.stdout);
    let shown = words(&listed.stdout);
    for (name, url, username) in &profiles {
        for whole in [name, url, username] {
            assert!(
                shown.contains(whole.as_str()),
                "{whole} whole in:\n{}",
                listed.stdout
            );
        }
    }
    assert!(
        listed.stdout.contains(&format!("* {}", profiles[0].0)),
        "the default is marked:\n{}",
        listed.stdout
    );
    assert!(
        shown.contains("file store, 23 h 59 min left") || shown.contains("file store, 24 h"),
        "the sandbox profile's store and time left:\n{}",
        listed.stdout
    );
    assert!(
        !listed
            .stdout
            .contains(&home.state_dir().display().to_string()),
        "no path where it is not the point:\n{}",
        listed.stdout
    );

    let status = run_in(&home, &["status", "--profile", sandbox_profile], &[], "");
    assert_eq!(status.code, Some(0), "{}", status.stderr);
    assert_fits("status", &status.stdout);
    let lines: Vec<&str> = status.stdout.lines().collect();
    assert!(
        lines.len() > 1,
        "one long line is wrapped:\n{}",
        status.stdout
    );
    assert!(
        lines[1..].iter().all(|l| l.starts_with("    ")),
        "a hanging indent under the first line:\n{}",
        status.stdout
    );
    let told = words(&status.stdout);
    assert!(
        told.starts_with(&format!(
            "profile {sandbox_profile}: logged in as plain at "
        )) && told.ends_with("in the file store"),
        "{}",
        status.stdout
    );
}
