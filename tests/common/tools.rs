//! External tools a test needs (Xvfb, xclip, tmux, …): a missing one fails the test, unless
//! `AUTOSHARES_TEST_ALLOW_SKIP=1` lets it skip, and then it says so loudly.

use std::io::Write;

/// The environment variable that lets a test without its tools skip instead of fail.
pub const ALLOW_SKIP: &str = "AUTOSHARES_TEST_ALLOW_SKIP";

/// True when every one of `tools` is on `PATH`: the test goes on. When one is missing, the test fails
/// naming it, or, with `AUTOSHARES_TEST_ALLOW_SKIP=1`, this says loudly on stderr that the test is
/// skipped and returns false: the test must then return at once.
///
/// ```ignore
/// if !require_tools(&["Xvfb", "xclip"]) {
///     return;
/// }
/// ```
#[must_use = "the test must return when this is false"]
pub fn require_tools(tools: &[&str]) -> bool {
    let allow_skip = std::env::var(ALLOW_SKIP).as_deref() == Ok("1");
    // Straight to the process's stderr: the test harness captures `eprintln!` of a passing test.
    require_tools_or_report(tools, allow_skip, &mut std::io::stderr())
}

/// [`require_tools`] for one tool.
#[must_use = "the test must return when this is false"]
pub fn require_tool(tool: &str) -> bool {
    require_tools(&[tool])
}

/// [`require_tools`] with the skip permission given and the skip notice written to `notice`.
pub fn require_tools_or_report(tools: &[&str], allow_skip: bool, notice: &mut dyn Write) -> bool {
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
    let what = format!(
        "{test} needs {} and it is not installed (bash .ci/run installs what the tests need)",
        missing.join(", ")
    );
    assert!(
        allow_skip,
        "{what}; set {ALLOW_SKIP}=1 to skip such tests instead"
    );
    let _ = writeln!(
        notice,
        "\n!!! SKIPPED, NOT PASSED: {what}; {ALLOW_SKIP}=1 allowed the skip !!!\n"
    );
    false
}
