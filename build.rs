//! Build facts for `--version` (src/build_info.rs): the commit this tree is at and the target being built.
//!
//! `AUTOSHARES_COMMIT` is `git rev-parse --short=10 HEAD`, or "unknown" where there is no git checkout
//! (a crate tarball) or no git; `AUTOSHARES_TARGET` is the target triple cargo builds for.

// Cargo reads a build script's instructions from its stdout.
#![allow(clippy::print_stdout)]

use std::path::Path;
use std::process::Command;

fn main() {
    let target = std::env::var("TARGET").expect("cargo sets TARGET for build scripts");
    println!("cargo:rustc-env=AUTOSHARES_TARGET={target}");
    println!("cargo:rerun-if-changed=build.rs");
    // Only this project's own checkout: a crate unpacked inside some other repository is not at its commit.
    let commit = if Path::new(".git").exists() {
        watch_head();
        git(&["rev-parse", "--short=10", "HEAD"])
    } else {
        None
    };
    let commit = commit.as_deref().unwrap_or("unknown");
    println!("cargo:rustc-env=AUTOSHARES_COMMIT={commit}");
}

/// Runs again when HEAD moves: a checkout changes HEAD, a commit changes the branch HEAD points to (a
/// loose ref, or packed-refs once git has packed it). `--git-path` also finds them in a worktree, whose
/// `.git` is a file and whose branches live in the main repository.
fn watch_head() {
    let mut watched = vec!["HEAD".to_owned(), "packed-refs".to_owned()];
    watched.extend(git(&["symbolic-ref", "-q", "HEAD"]));
    for name in watched {
        if let Some(path) =
            git(&["rev-parse", "--git-path", &name]).filter(|p| Path::new(p).exists())
        {
            println!("cargo:rerun-if-changed={path}");
        }
    }
}

/// `git ARGS`' one line of output, or None when git is missing or fails.
fn git(args: &[&str]) -> Option<String> {
    let output = Command::new("git").args(args).output().ok()?;
    let line = String::from_utf8(output.stdout).ok()?.trim().to_owned();
    (output.status.success() && !line.is_empty()).then_some(line)
}
