//! The real binary in line mode against the sandbox: how each step the server asks for is introduced on
//! stderr, a step asked again after a wrong answer included.

use crate::common;

use common::Served;

/// Each line of `stderr` that introduces a step.
fn step_lines(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.starts_with("Step ")).collect()
}

#[test]
fn a_step_asked_again_with_the_reason_already_shown_gets_one_short_line() {
    let served = Served::start();
    let password = served.password("code").to_string();
    let code = served.user("code").code.clone().expect("code's code");
    let stdin = format!("{password}\nWRONG-111111\nWRONG-222222\n{code}\n");
    let out = served.line_mode("code", &[], &stdin);
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    assert_eq!(
        step_lines(&out.stderr),
        [
            "Step 1: VerificationCode — Expecting confirmation code",
            // The first wrong code: the server's reason changed, so it is shown.
            "Step 1: VerificationCode (asked again) — Invalid verification code",
            // The second: the same step and reason as the ask before, not repeated.
            "Step 1 again (VerificationCode): the server's reason is unchanged.",
        ],
        "{}",
        out.stderr
    );
    assert_eq!(
        out.stderr
            .matches("Enter the code sent by email or SMS")
            .count(),
        3,
        "every ask still prompts: {}",
        out.stderr
    );
}
