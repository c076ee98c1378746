//! What this binary is: its version, the commit it was built from and the target it was built for (build.rs).

/// The package version (Cargo.toml).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
/// The commit the binary was built from (10 hex digits), or "unknown" when built outside a git checkout.
pub const COMMIT: &str = env!("AUTOSHARES_COMMIT");
/// The target triple the binary was built for, e.g. `x86_64-unknown-linux-musl`.
pub const TARGET: &str = env!("AUTOSHARES_TARGET");

/// `--version`'s text after the program's name: `0.1.0 (abc1234567 x86_64-unknown-linux-musl)`.
pub fn long_version() -> &'static str {
    concat!(
        env!("CARGO_PKG_VERSION"),
        " (",
        env!("AUTOSHARES_COMMIT"),
        " ",
        env!("AUTOSHARES_TARGET"),
        ")"
    )
}
