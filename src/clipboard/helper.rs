//! Background helpers of this binary (the clipboard keeper, the tmux buffer sweeper): each starts with
//! a cleared environment plus only the variables its job needs, so no password or app key reaches it.

use std::ffi::OsString;
use std::process::Stdio;

/// What the desktop clipboard needs: the display to talk to and the credentials of the X server.
#[cfg(unix)]
pub(crate) const CLIPBOARD_VARS: &[&str] = &[
    "DISPLAY",
    "WAYLAND_DISPLAY",
    "XAUTHORITY",
    "XDG_RUNTIME_DIR",
];
/// A Windows process cannot even start its runtime without `SystemRoot`.
#[cfg(windows)]
pub const CLIPBOARD_VARS: &[&str] = &["SystemRoot"];

/// What running tmux needs: the program on `PATH`, and `TMUX`, which names the server to talk to.
pub const TMUX_VARS: &[&str] = &["PATH", "TMUX"];

/// This binary with `args`, stdin and stdout piped, stderr discarded, in a process group of its own (a
/// Ctrl-C at the terminal does not reach it; on Windows detached from the console, so that closing the
/// window does not end it either), and with only `vars` of the current environment.
pub(crate) fn command(args: &[&str], vars: &[&str]) -> std::io::Result<tokio::process::Command> {
    let exe = std::env::current_exe()?;
    let mut command = tokio::process::Command::new(exe);
    command
        .args(args)
        .env_clear()
        .envs(environment(vars, |name| std::env::var_os(name)))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    #[cfg(unix)]
    command.process_group(0);
    #[cfg(windows)]
    command.creation_flags(
        windows_sys::Win32::System::Threading::DETACHED_PROCESS
            | windows_sys::Win32::System::Threading::CREATE_NEW_PROCESS_GROUP,
    );
    Ok(command)
}

/// The values of `vars` that `lookup` finds set. Without `XAUTHORITY`, X clients read
/// `$HOME/.Xauthority`: that one path is passed on as `XAUTHORITY` rather than `HOME` itself.
fn environment(
    vars: &[&str],
    lookup: impl Fn(&str) -> Option<OsString>,
) -> Vec<(String, OsString)> {
    let mut kept: Vec<(String, OsString)> = vars
        .iter()
        .filter_map(|&name| Some((name.to_string(), lookup(name)?)))
        .collect();
    let has = |kept: &[(String, OsString)], name: &str| kept.iter().any(|(n, _)| n == name);
    if vars.contains(&"XAUTHORITY")
        && !has(&kept, "XAUTHORITY")
        && let Some(home) = lookup("HOME")
    {
        let file = std::path::Path::new(&home).join(".Xauthority");
        kept.push(("XAUTHORITY".to_string(), file.into_os_string()));
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup_in(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.into())
    }

    #[test]
    fn only_the_named_variables_are_kept() {
        let lookup = lookup_in(&[
            ("DISPLAY", ":5"),
            ("XAUTHORITY", "/run/user/1000/xauth"),
            ("AUTOSHARES_PASSWORD", "hunter2"),
            ("AUTOSHARES_APP_KEY", "key"),
            ("PATH", "/usr/bin"),
        ]);
        let kept = environment(
            &[
                "DISPLAY",
                "WAYLAND_DISPLAY",
                "XAUTHORITY",
                "XDG_RUNTIME_DIR",
            ],
            lookup,
        );
        assert_eq!(
            kept,
            [
                ("DISPLAY".to_string(), OsString::from(":5")),
                (
                    "XAUTHORITY".to_string(),
                    OsString::from("/run/user/1000/xauth")
                ),
            ]
        );
    }

    /// X11 is Unix's: the Windows keeper is never given `XAUTHORITY` (nor a Unix path).
    #[cfg(unix)]
    #[test]
    fn the_default_xauthority_file_is_named_instead_of_passing_home() {
        let lookup = lookup_in(&[("DISPLAY", ":0"), ("HOME", "/home/ann")]);
        let kept = environment(&["DISPLAY", "XAUTHORITY"], &lookup);
        assert_eq!(
            kept,
            [
                ("DISPLAY".to_string(), OsString::from(":0")),
                (
                    "XAUTHORITY".to_string(),
                    OsString::from("/home/ann/.Xauthority")
                ),
            ]
        );
        let without_xauthority = environment(&["DISPLAY"], &lookup);
        assert_eq!(without_xauthority.len(), 1, "{without_xauthority:?}");
    }
}
