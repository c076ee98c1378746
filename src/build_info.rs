//! What this binary is: its version, the git commit it was built from and the target it was built for.

/// The package's version, e.g. `0.1.0`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The short git commit the binary was built from, or `unknown` (built outside a git checkout).
pub const COMMIT: &str = env!("BUILD_GIT_COMMIT");

/// The target triple, e.g. `x86_64-unknown-linux-gnu`.
pub const TARGET: &str = env!("BUILD_TARGET_TRIPLE");

/// `0.1.0 (commit 1a2b3c4, x86_64-unknown-linux-gnu)`: what `--version` prints after the name.
pub const LONG_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("BUILD_GIT_COMMIT"),
    ", ",
    env!("BUILD_TARGET_TRIPLE"),
    ")"
);
