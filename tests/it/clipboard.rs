//! The clipboard with real parts: an X server (Xvfb) read with xclip, and a real tmux with set-clipboard on.

use crate::common;

use std::path::Path;
use std::time::Duration;

use common::tmux::Tmux;
use common::tools::{ci_says, require_tool, require_tools, require_tools_or_report};
use common::x11::Xvfb;
use common::{BIN, scratch_dir, wait_until};

/// Runs a demo login as `plain` in tmux; returns the token written by `--print` once the program has exited.
fn demo_login(
    tmux_name: &str,
    dir: &Path,
    flags: &str,
    env: &[(&str, &str)],
    options: &[&str],
    wait_for: &str,
) -> (Tmux, String) {
    let token_file = dir.join("token");
    let exit_file = dir.join("exit");
    let command = format!(
        "{BIN} --demo --username plain --print {flags} > {}; echo $? > {}; sleep 60",
        token_file.display(),
        exit_file.display()
    );
    let tmux = Tmux::start(tmux_name, &command, env, options);
    tmux.wait_for("AutoShares login");
    tmux.keys(&["Enter"]);
    tmux.wait_for(wait_for);
    tmux.keys(&["Escape"]);
    let exit = wait_until("the program to exit", Duration::from_secs(10), || {
        std::fs::read_to_string(&exit_file)
            .ok()
            .filter(|s| !s.is_empty())
    });
    assert_eq!(exit.trim(), "0");
    let token = std::fs::read_to_string(&token_file)
        .unwrap()
        .trim()
        .to_string();
    assert_eq!(token.len(), 64, "a sandbox token");
    (tmux, token)
}

#[test]
fn the_system_clipboard_outlives_the_program_then_clears() {
    if !require_tools(&["Xvfb", "xclip", "tmux"]) {
        return;
    }
    let x = Xvfb::start();
    let dir = scratch_dir("clipboard-system");
    let (_tmux, token) = demo_login(
        "sys",
        &dir,
        "--clipboard system --clear-after 5",
        &[("DISPLAY", &x.display)],
        &[],
        "Copied to the system clipboard",
    );
    assert_eq!(
        x.clipboard().as_deref(),
        Some(token.as_str()),
        "the token is on the clipboard after the program exited"
    );
    wait_until("the clipboard to clear", Duration::from_secs(15), || {
        x.clipboard().is_none().then_some(())
    });
}

#[test]
fn a_later_copy_by_the_user_is_left_alone() {
    if !require_tools(&["Xvfb", "xclip", "tmux"]) {
        return;
    }
    let x = Xvfb::start();
    let dir = scratch_dir("clipboard-later");
    let (_tmux, token) = demo_login(
        "later",
        &dir,
        "--clipboard system --clear-after 3",
        &[("DISPLAY", &x.display)],
        &[],
        "Copied to the system clipboard",
    );
    assert_eq!(x.clipboard().as_deref(), Some(token.as_str()));
    let mut other = x.copy_elsewhere("the user's own text");
    wait_until("the user's copy", Duration::from_secs(5), || {
        (x.clipboard().as_deref() == Some("the user's own text")).then_some(())
    });
    std::thread::sleep(Duration::from_secs(4));
    assert_eq!(
        x.clipboard().as_deref(),
        Some("the user's own text"),
        "the keeper never wipes what the user copied since"
    );
    let _ = other.kill();
    let _ = other.wait();
}

#[test]
fn a_broken_display_is_reported_not_claimed() {
    if !require_tool("tmux") {
        return;
    }
    let dir = scratch_dir("clipboard-broken");
    let (tmux, _token) = demo_login(
        "broken",
        &dir,
        "--clipboard system",
        &[("DISPLAY", ":1999")],
        &[],
        "Could not copy to the system clipboard",
    );
    drop(tmux);
}

#[test]
fn inside_tmux_osc52_lands_in_a_paste_buffer_deleted_after_clear_after() {
    if !require_tool("tmux") {
        return;
    }
    let dir = scratch_dir("clipboard-tmux");
    let (tmux, token) = demo_login(
        "osc",
        &dir,
        "--clipboard auto --clear-after 5",
        &[
            ("DISPLAY", ""),
            ("SSH_CONNECTION", "10.0.0.1 5000 10.0.0.2 22"),
        ],
        &["set-clipboard on"],
        "OSC 52",
    );
    let buffers = || -> Vec<(String, String)> {
        let names = tmux.run(&["list-buffers", "-F", "#{buffer_name}"]).stdout;
        String::from_utf8_lossy(&names)
            .lines()
            .map(|name| {
                let text = tmux.run(&["show-buffer", "-b", name]).stdout;
                (
                    name.to_string(),
                    String::from_utf8_lossy(&text).into_owned(),
                )
            })
            .collect()
    };
    let holding_the_token = buffers()
        .into_iter()
        .filter(|(_, text)| *text == token)
        .count();
    assert_eq!(holding_the_token, 1, "the copy is in a tmux buffer");
    // The user's own buffers, one of them quoting the token among other text: not the copy, kept.
    let notes = format!("token {token} noted");
    tmux.run(&["set-buffer", "-b", "mine", "the user's own text"]);
    tmux.run(&["set-buffer", "-b", "notes", &notes]);
    wait_until(
        "the buffer holding the token to be deleted",
        Duration::from_secs(15),
        || {
            buffers()
                .iter()
                .all(|(_, text)| *text != token)
                .then_some(())
        },
    );
    let mut left = buffers();
    left.sort();
    assert_eq!(
        left,
        [
            ("mine".to_string(), "the user's own text".to_string()),
            ("notes".to_string(), notes)
        ],
        "only the buffer holding the token is deleted"
    );
}

/// tmux drops an application's OSC 52 unless `set-clipboard` is `on`: the success screen and the line
/// left behind say whether the copy got through, and how to let it through when it did not.
#[test]
fn inside_tmux_the_copy_message_tells_whether_set_clipboard_lets_osc52_through() {
    if !require_tool("tmux") {
        return;
    }
    let over_ssh = [
        ("DISPLAY", ""),
        ("SSH_CONNECTION", "10.0.0.1 5000 10.0.0.2 22"),
    ];
    for setting in ["external", "off", "on"] {
        let dir = scratch_dir(&format!("clipboard-tmux-{setting}"));
        let option = format!("set-clipboard {setting}");
        let on_screen = match setting {
            "on" => "Sent to your terminal with OSC 52",
            _ => "Not copied: tmux has set-clipboard",
        };
        let (tmux, token) = demo_login(
            &format!("says-{setting}"),
            &dir,
            "--clipboard osc52",
            &over_ssh,
            &[&option],
            on_screen,
        );
        // -J: the pane's lines as written, not cut where they wrapped.
        let pane = tmux.run(&["capture-pane", "-p", "-J"]).stdout;
        let left = String::from_utf8_lossy(&pane)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let held: Vec<String> =
            String::from_utf8_lossy(&tmux.run(&["list-buffers", "-F", "#{buffer_sample}"]).stdout)
                .lines()
                .map(String::from)
                .collect();
        if setting == "on" {
            assert!(
                left.contains("the token was sent to your terminal's clipboard (OSC 52)"),
                "{left}"
            );
            assert!(held.contains(&token), "tmux took the copy: {held:?}");
        } else {
            for said in [
                format!("the token was not copied: tmux has set-clipboard {setting}"),
                "Add `set -g set-clipboard on` to ~/.tmux.conf".to_string(),
            ] {
                assert!(left.contains(&said), "{said:?} in the line left:\n{left}");
            }
            assert!(!left.contains("sent to your terminal"), "{left}");
            assert!(held.is_empty(), "tmux kept nothing: {held:?}");
        }
    }
}

#[test]
fn a_missing_tool_skips_the_test_loudly_and_fails_it_under_ci() {
    let missing = "autoshares-no-such-tool";
    // This test's own program: present whatever PATH holds.
    let present = std::env::current_exe().unwrap();
    let present = present.to_str().unwrap();
    let mut notice = Vec::new();
    assert!(require_tools_or_report(&[present], true, &mut notice));
    assert!(notice.is_empty(), "a present tool is not worth a word");

    let failed = std::panic::catch_unwind(|| {
        require_tools_or_report(&[present, missing], true, &mut Vec::new())
    })
    .expect_err("under CI a missing tool fails the test");
    let message = failed.downcast_ref::<String>().expect("a panic message");
    assert!(message.contains(missing), "{message}");
    assert!(message.contains("CI is set"), "{message}");

    assert!(!require_tools_or_report(&[missing], false, &mut notice));
    let notice = String::from_utf8(notice).unwrap();
    assert_eq!(notice.lines().count(), 1, "one line: {notice}");
    assert!(notice.starts_with("SKIPPED "), "{notice}");
    assert!(notice.contains(missing), "{notice}");
    assert!(notice.contains("apt-get install"), "{notice}");
}

#[test]
fn ci_is_on_for_any_value_but_empty_or_false() {
    for on in ["true", "1", "yes", "TRUE"] {
        assert!(ci_says(Some(on)), "{on}");
    }
    for off in [None, Some(""), Some("false"), Some("False")] {
        assert!(!ci_says(off), "{off:?}");
    }
}
