//! A login that a script started (`TOKEN=$(autoshares-login token)`), in a real terminal (tmux) with an X
//! clipboard (Xvfb): the form says why it opened, the TUI goes back to the script by itself after the
//! success, the token reaches the script's stdout, and the clipboard is touched only when the run asked.
#![cfg(unix)]

use crate::common;

use std::path::Path;
use std::time::Duration;

use common::tmux::Tmux;
use common::tools::require_tools;
use common::x11::Xvfb;
use common::{BIN, Home, Served, wait_until};

const THE_TRADERS_OWN: &str = "the trader's own clipboard";

/// What a script's `TOKEN=$(autoshares-login token …)` did, seen from the script.
struct Scripted {
    tmux: Tmux,
    served: Served,
    home: Home,
    /// The token the script got, and the code `token` exited with.
    token: String,
    exit: String,
}

/// A script in tmux, on an X display with the trader's own text on the clipboard, that takes a token for
/// profile `p` (none stored) with `flags`; the form is answered with Enter (the password comes from the
/// environment) and no key after it.
fn script_takes_a_token(name: &str, x: &Xvfb, flags: &str) -> Scripted {
    let served = Served::start();
    let home = Home::new(&format!("script_login-{name}"));
    home.write_config(&format!(
        "default_profile = \"p\"\n[profiles.p]\nurl = \"{}\"\nusername = \"plain\"\nstore = \"file\"\n",
        served.sandbox.base_url()
    ));
    let (token_file, exit_file) = (home.dir.join("token"), home.dir.join("exit"));
    let command = format!(
        "TOKEN=$({BIN} token {flags}); echo $? > {exit}; printf %s \"$TOKEN\" > {token}; echo SCRIPT-GOES-ON; sleep 60",
        exit = exit_file.display(),
        token = token_file.display()
    );
    let home_env: Vec<(&str, String)> = (home.env().into_iter())
        .map(|(n, v)| (n, v.display().to_string()))
        .collect();
    let mut env: Vec<(&str, &str)> = home_env.iter().map(|(n, v)| (*n, v.as_str())).collect();
    env.extend([
        ("DISPLAY", x.display.as_str()),
        ("AUTOSHARES_APP_KEY", served.app_key()),
        ("AUTOSHARES_PASSWORD", served.password("plain")),
    ]);
    let tmux = Tmux::start(&format!("script-{name}"), &command, &env, &[]);
    tmux.wait_for("needs a token");
    let form = tmux.screen();
    let said = form.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        said.contains("autoshares-login token needs a token: no stored token for profile p.")
            && said.contains("goes back to the script by itself"),
        "the form says which command needs a token, for which profile, and why:\n{form}"
    );
    tmux.keys(&["Enter"]);
    let exit = wait_until("the script to go on", Duration::from_secs(15), || {
        read(&exit_file)
    });
    let token = read(&token_file).unwrap_or_default();
    let tmux_home = (tmux, served, home);
    Scripted {
        tmux: tmux_home.0,
        served: tmux_home.1,
        home: tmux_home.2,
        token,
        exit,
    }
}

/// The file's text, once it has some.
fn read(path: &Path) -> Option<String> {
    (std::fs::read_to_string(path).ok()).filter(|text| !text.is_empty())
}

#[test]
fn a_script_s_login_returns_by_itself_with_the_token_and_leaves_the_clipboard_alone() {
    if !require_tools(&["Xvfb", "xclip", "tmux"]) {
        return;
    }
    let x = Xvfb::start();
    let mut own = x.copy_elsewhere(THE_TRADERS_OWN);
    wait_until("the trader's copy", Duration::from_secs(5), || {
        (x.clipboard().as_deref() == Some(THE_TRADERS_OWN)).then_some(())
    });
    let run = script_takes_a_token("quiet", &x, "");
    assert_eq!(run.exit.trim(), "0");
    assert!(
        run.token.len() == 64 && run.token.chars().all(|c| c.is_ascii_hexdigit()),
        "the token on the script's stdout: {:?}",
        run.token
    );
    run.tmux.wait_for("SCRIPT-GOES-ON");
    let screen = run.tmux.screen();
    let lines: Vec<&str> = screen.lines().filter(|l| !l.trim().is_empty()).collect();
    let why = lines
        .iter()
        .position(|l| l.starts_with("Logging in: no stored token"));
    let goes_on = lines.iter().position(|l| *l == "SCRIPT-GOES-ON");
    let (Some(why), Some(goes_on)) = (why, goes_on) else {
        panic!("the why line, then the script:\n{screen}");
    };
    // The line wraps anywhere at 100 columns: compared without its spaces.
    let closing: String = lines[why + 1..goes_on]
        .concat()
        .split_whitespace()
        .collect();
    assert!(
        closing.starts_with("Loggedinasplainat")
            && closing.contains("profile-p.json(readablebyyouonly).Itexpires")
            && !closing.contains("clipboard"),
        "one line on stderr after the TUI, the TUI itself gone, no copy spoken of:\n{screen}"
    );
    assert_eq!(
        x.clipboard().as_deref(),
        Some(THE_TRADERS_OWN),
        "the script never asked for a copy: the clipboard is untouched"
    );
    assert_eq!(run.served.logins(), 1);
    let home_env: Vec<(&str, String)> = (run.home.env().into_iter())
        .map(|(n, v)| (n, v.display().to_string()))
        .collect();
    let env: Vec<(&str, &str)> = home_env.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let again = common::run(&["token"], &env, "");
    assert_eq!(
        again.stdout.trim_end(),
        run.token,
        "stored for the next run"
    );
    let _ = own.kill();
    let _ = own.wait();
}

#[test]
fn a_script_that_asks_for_a_copy_gets_one_and_its_log() {
    if !require_tools(&["Xvfb", "xclip", "tmux"]) {
        return;
    }
    let x = Xvfb::start();
    // With --log, the script's login through the TUI is logged as any login is.
    let log = common::scratch_dir("script_login-log").join("login.jsonl");
    let flags = format!("--clipboard system --clear-after 0 --log {}", log.display());
    let run = script_takes_a_token("copied", &x, &flags);
    assert_eq!(run.exit.trim(), "0");
    let logged = std::fs::read_to_string(&log).expect("the --log file");
    assert!(
        logged.contains("\"status\":200") && !logged.contains(run.served.password("plain")),
        "the login's exchanges, redacted: {logged}"
    );
    assert_eq!(
        x.clipboard().as_deref(),
        Some(run.token.as_str()),
        "--clipboard given: the token is copied"
    );
    run.tmux.wait_for("SCRIPT-GOES-ON");
    assert!(
        run.tmux
            .screen()
            .contains("The token is on the system clipboard."),
        "{}",
        run.tmux.screen()
    );
}
