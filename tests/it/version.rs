//! `--version` says which build this is, for a bug report from a downloaded binary: the version, the
//! commit it was built from and the target it was built for. `-V` stays the short form.

use std::path::Path;
use std::process::Command;

use crate::common::run;

/// The commit of this checkout, as `git rev-parse --short=10 HEAD` gives it; "unknown" outside one.
fn this_commit() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !root.join(".git").exists() {
        return "unknown".to_owned();
    }
    Command::new("git")
        .args(["rev-parse", "--short=10", "HEAD"])
        .current_dir(root)
        .output()
        .ok()
        .filter(|out| out.status.success())
        .map_or("unknown".to_owned(), |out| {
            String::from_utf8(out.stdout).unwrap().trim().to_owned()
        })
}

#[test]
fn version_names_the_version_the_commit_and_the_target() {
    let out = run(&["--version"], &[], "");
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let line = out.stdout.strip_suffix('\n').expect("one line");
    let (head, details) = line
        .strip_suffix(')')
        .and_then(|l| l.split_once(" ("))
        .unwrap_or_else(|| panic!("NAME VERSION (COMMIT TARGET): {line:?}"));
    assert_eq!(
        head,
        format!("autoshares-login {}", env!("CARGO_PKG_VERSION"))
    );
    let (commit, target) = details.split_once(' ').expect("COMMIT TARGET");
    assert_eq!(commit, this_commit(), "the commit checked out");
    // The target triple of the machine the tests run on: its architecture first, its system within.
    let system = match std::env::consts::OS {
        "macos" => "darwin",
        os => os,
    };
    assert!(
        target.starts_with(&format!("{}-", std::env::consts::ARCH)) && target.contains(system),
        "a target triple for {} on {system}: {target:?}",
        std::env::consts::ARCH
    );
}

#[test]
fn short_version_is_the_name_and_version_alone() {
    let out = run(&["-V"], &[], "");
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(
        out.stdout,
        format!("autoshares-login {}\n", env!("CARGO_PKG_VERSION"))
    );
}
