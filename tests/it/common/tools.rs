//! External tools a test needs (Xvfb, xclip, tmux, …): a missing one skips the test, loudly, on a
//! developer's machine, and fails it under CI (`CI` set to anything but empty or `false`).

use std::io::Write;

/// The Debian/Ubuntu packages behind every outside tool the tests use (`.ci/run` installs the same list).
const PACKAGES: &str = include_str!("../../../.ci/test-packages");

/// True when every one of `tools` is on `PATH`: the test goes on. When one is missing, the test fails
/// naming it under CI; elsewhere this writes one line straight to the process's stderr (a passing test's
/// `eprintln!` is captured, this is not) and returns false: the test must then return at once.
///
/// ```ignore
/// if !require_tools(&["Xvfb", "xclip"]) {
///     return;
/// }
/// ```
#[must_use = "the test must return when this is false"]
pub fn require_tools(tools: &[&str]) -> bool {
    require_tools_or_report(tools, in_ci(), &mut std::io::stderr())
}

/// [`require_tools`] for one tool.
#[must_use = "the test must return when this is false"]
pub fn require_tool(tool: &str) -> bool {
    require_tools(&[tool])
}

/// True when the environment says this run is CI's: `CI` set to anything but empty or `false`, as CI
/// services set it and `.ci/run` exports it.
pub fn in_ci() -> bool {
    ci_says(std::env::var("CI").ok().as_deref())
}

/// [`in_ci`] for a given value of `CI`.
pub fn ci_says(value: Option<&str>) -> bool {
    value.is_some_and(|value| !value.is_empty() && !value.eq_ignore_ascii_case("false"))
}

/// [`require_tools`] with CI's strictness given and the skip line written to `notice`.
pub fn require_tools_or_report(tools: &[&str], in_ci: bool, notice: &mut dyn Write) -> bool {
    let missing: Vec<&str> = tools
        .iter()
        .copied()
        .filter(|tool| which::which(tool).is_err())
        .collect();
    if missing.is_empty() {
        return true;
    }
    let test = std::thread::current()
        .name()
        .unwrap_or("this test")
        .to_string();
    let what = format!("{test} needs {} (not on PATH)", missing.join(", "));
    let install = format!("apt-get install {}", PACKAGES.trim());
    assert!(
        !in_ci,
        "{what}; CI is set, so a missing tool fails the test ({install})"
    );
    let _ = writeln!(notice, "SKIPPED {what} ({install})");
    false
}
