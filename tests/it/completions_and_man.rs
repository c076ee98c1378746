//! `completions SHELL` and `man`, as a user installs them: the scripts load in real shells and complete,
//! the man page renders with `man`; `--help`, the README and `docs/` agree on the environment, the options
//! and the exit codes.
#![cfg(unix)]

use crate::common;

use std::path::Path;
use std::process::Command;

use autoshares_login::session::SETTINGS;
use common::tools::require_tool;
use common::{BIN, run, scratch_dir};

/// What `autoshares-login ARGS` prints on stdout; it must succeed and print nothing on stderr.
fn generated(args: &[&str]) -> String {
    let out = run(args, &[], "");
    assert_eq!(out.code, Some(0), "{args:?} failed: {}", out.stderr);
    assert_eq!(out.stderr, "", "{args:?} wrote to stderr");
    out.stdout
}

/// Runs `script` in `shell` (with `args` before `-c`) and returns its stdout; it must succeed.
fn shell(shell: &str, args: &[&str], script: &str) -> String {
    let out = Command::new(shell)
        .args(args)
        .arg("-c")
        .arg(script)
        .output()
        .unwrap_or_else(|e| panic!("{shell} runs: {e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{shell} failed: {stderr}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// What bash completes for the words of `line` (the last word being completed), with the script loaded
/// the way a user's `~/.bashrc` or bash-completion directory loads it.
fn bash_completes(script: &Path, line: &str) -> Vec<String> {
    let program = r#"source "$SCRIPT"
read -ra COMP_WORDS <<< "$LINE"
[[ "$LINE" == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
COMP_LINE="$LINE"; COMP_POINT=${#LINE}
function=$(complete -p autoshares-login | sed -E 's/.*-F ([^ ]+).*/\1/')
prev=""; (( COMP_CWORD > 0 )) && prev="${COMP_WORDS[COMP_CWORD-1]}"
"$function" autoshares-login "${COMP_WORDS[COMP_CWORD]}" "$prev"
printf '%s\n' "${COMPREPLY[@]}""#;
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", program])
        .env("SCRIPT", script)
        .env("LINE", line)
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "bash failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn the_bash_script_registers_and_completes_subcommands_flags_and_values() {
    if !require_tool("bash") {
        return;
    }
    let dir = scratch_dir("completions-bash");
    let script = dir.join("autoshares-login.bash");
    std::fs::write(&script, generated(&["completions", "bash"])).unwrap();
    let registered = shell(
        "bash",
        &["--norc", "--noprofile"],
        &format!("source {}; complete -p autoshares-login", script.display()),
    );
    assert!(
        registered.starts_with("complete ") && registered.contains(" autoshares-login"),
        "{registered}"
    );
    assert_eq!(bash_completes(&script, "autoshares-login sa"), ["sandbox"]);
    assert_eq!(
        bash_completes(&script, "autoshares-login com"),
        ["completions"]
    );
    assert_eq!(
        bash_completes(&script, "autoshares-login --clipb"),
        ["--clipboard"]
    );
    assert_eq!(
        bash_completes(&script, "autoshares-login --clipboard "),
        ["auto", "system", "osc52", "off"]
    );
    assert_eq!(
        bash_completes(&script, "autoshares-login completions f"),
        ["fish"]
    );
    let everything = bash_completes(&script, "autoshares-login ");
    assert!(
        everything.iter().all(|word| !word.contains("keep")),
        "the internal clipboard keeper is not offered: {everything:?}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_fish_script_completes_subcommands_and_values() {
    if !require_tool("fish") {
        return;
    }
    let dir = scratch_dir("completions-fish");
    let script = dir.join("autoshares-login.fish");
    std::fs::write(&script, generated(&["completions", "fish"])).unwrap();
    let source = format!("source {}; ", script.display());
    let words = |line: &str| -> Vec<String> {
        shell(
            "fish",
            &["--no-config"],
            &format!("{source}complete -C '{line}'"),
        )
        .lines()
        .map(|l| l.split('\t').next().unwrap_or_default().to_string())
        .collect()
    };
    assert_eq!(words("autoshares-login sa"), ["sandbox"]);
    let modes = words("autoshares-login --clipboard=");
    for mode in ["auto", "system", "osc52", "off"] {
        assert!(modes.contains(&format!("--clipboard={mode}")), "{modes:?}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_zsh_script_is_found_on_fpath_and_completes_in_a_terminal() {
    if !require_tool("zsh") || !require_tool("tmux") {
        return;
    }
    let dir = scratch_dir("completions-zsh");
    std::fs::write(
        dir.join("_autoshares-login"),
        generated(&["completions", "zsh"]),
    )
    .unwrap();
    let bin_dir = Path::new(BIN).parent().unwrap();
    // A user's ~/.zshrc: the script's directory on fpath, then compinit.
    std::fs::write(
        dir.join(".zshrc"),
        format!(
            "fpath=({} $fpath)\nPATH={}:$PATH\nPROMPT='zsh> '\nautoload -U compinit && compinit -u -d {}/zcompdump\n",
            dir.display(),
            bin_dir.display(),
            dir.display()
        ),
    )
    .unwrap();
    let tmux = common::tmux::Tmux::start(
        "zsh-completion",
        "zsh",
        &[("ZDOTDIR", dir.to_str().unwrap())],
        &[],
    );
    tmux.wait_for("zsh>");
    tmux.keys(&["autoshares-login sa", "Tab"]);
    tmux.wait_for("zsh> autoshares-login sandbox");
    tmux.keys(&["C-u", "autoshares-login completions el", "Tab"]);
    tmux.wait_for("zsh> autoshares-login completions elvish");
    drop(tmux);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn every_shell_gets_a_script_that_knows_the_subcommands_and_flags() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef autoshares-login"),
        ("fish", "complete -c autoshares-login"),
        ("elvish", "edit:completion:arg-completer[autoshares-login]"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let script = generated(&["completions", shell]);
        for expected in [marker, "sandbox", "completions", "clipboard"] {
            assert!(script.contains(expected), "{shell}: no {expected:?}");
        }
    }
    let out = run(&["completions", "tcsh"], &[], "");
    assert_eq!(out.code, Some(2), "an unknown shell is a usage error");
    assert!(out.stderr.contains("possible values"), "{}", out.stderr);
}

#[test]
fn the_man_page_renders_with_man() {
    if !require_tool("man") {
        return;
    }
    let dir = scratch_dir("man-page");
    let page = dir.join("autoshares-login.1");
    std::fs::write(&page, generated(&["man"])).unwrap();
    let out = Command::new("man")
        .args(["--warnings", "-l", "-"])
        .stdin(std::fs::File::open(&page).unwrap())
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "80")
        .output()
        .expect("man runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let warnings = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "man failed: {warnings}");
    assert_eq!(warnings, "", "groff warnings");
    // Bold and underline come as overstrikes when the pager is cat: compare the plain letters.
    let plain = strip_overstrikes(&text);
    for expected in [
        "autoshares-login(1)",
        "SYNOPSIS",
        "--clipboard <MODE>",
        "AUTOSHARES_URL",
        "COMMANDS",
        "autoshares-login completions [OPTIONS] <SHELL>",
        "autoshares-login sandbox [OPTIONS]",
        "--port N",
        "ENVIRONMENT",
        "AUTOSHARES_PASSWORD",
        "EXIT STATUS",
        "rate-limited: retry after the time the message names",
        "FILES",
        "$XDG_CONFIG_HOME/autoshares-login/config.toml",
        "$XDG_STATE_HOME/autoshares-login/sessions/",
        "--log FILE",
        "EXAMPLES",
        "TOKEN=$(autoshares-login token --profile live)",
        "autoshares-login doctor --log login.jsonl --report ticket.md",
        "autoshares-login inspect login.jsonl",
    ] {
        assert!(plain.contains(expected), "{expected:?} not in\n{plain}");
    }
    let headings: Vec<&str> = plain
        .lines()
        .filter(|line| line.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
        .map(str::trim_end)
        .collect();
    let order = [
        "COMMANDS",
        "CONFIGURATION",
        "FILES",
        "ENVIRONMENT",
        "EXIT STATUS",
        "EXAMPLES",
    ];
    let at: Vec<usize> = order
        .iter()
        .map(|h| {
            headings
                .iter()
                .position(|l| l == h)
                .unwrap_or_else(|| panic!("no {h} heading in {headings:?}"))
        })
        .collect();
    assert!(
        at.windows(2).all(|w| w[0] < w[1]),
        "sections out of order: {headings:?}"
    );
    // CONFIGURATION names every key a profile may hold, so a binary user has the reference.
    let configuration = plain
        .split("\nCONFIGURATION\n")
        .nth(1)
        .and_then(|rest| rest.split("\nFILES\n").next())
        .expect("a CONFIGURATION section");
    let mut keys = vec!["default_profile"];
    keys.extend(SETTINGS.iter().map(|s| s.profile_key));
    for key in keys {
        assert!(
            configuration
                .lines()
                .any(|l| l.trim_start().starts_with(key)),
            "{key} not in CONFIGURATION:\n{configuration}"
        );
    }
    assert!(
        configuration.contains("auto, keyring, file, none"),
        "{configuration}"
    );
    assert!(
        !plain.contains("keep-clipboard"),
        "internal subcommand shown"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `X\bX` (bold) and `_\bX` (underline) as `X`, as `man` writes them for a terminal-less pager.
fn strip_overstrikes(text: &str) -> String {
    let mut out: Vec<char> = Vec::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{8}' {
            out.pop();
            if let Some(next) = chars.next() {
                out.push(next);
            }
        } else {
            out.push(c);
        }
    }
    out.into_iter().collect()
}

/// The exit codes of the README's table, in order.
fn readme_exit_codes() -> Vec<String> {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("the README");
    let section = readme
        .split("\n## Exit codes")
        .nth(1)
        .expect("the README has an Exit codes section");
    let table = section.split("\n## ").next().unwrap_or(section);
    table
        .lines()
        .filter_map(|line| line.strip_prefix("| "))
        .filter_map(|row| row.split(" |").next())
        .filter(|code| code.chars().all(|c| c.is_ascii_digit()))
        .map(str::to_string)
        .collect()
}

#[test]
fn help_lists_every_variable_the_code_reads_and_the_readme_exit_codes() {
    let help = generated(&["--help"]);
    let mut names = Vec::new();
    collect_variables(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")),
        &mut names,
    );
    names.extend(["TERM".to_string()]);
    assert!(
        names.iter().any(|n| n == "AUTOSHARES_PASSWORD"),
        "{names:?}"
    );
    for name in &names {
        assert!(help.contains(name.as_str()), "{name} missing from --help");
    }
    let listed = help
        .split("Exit codes:")
        .nth(1)
        .expect("--help has an Exit codes section");
    let help_codes: Vec<String> = listed
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect();
    assert_eq!(help_codes, ["0", "1", "2", "3", "4", "130"]);
    assert_eq!(readme_exit_codes(), help_codes, "README and --help agree");
}

/// Every `AUTOSHARES_…` name written in the sources under `dir`, but those in `env!("…")`: build.rs's
/// facts, which the compiler reads, not the program.
fn collect_variables(dir: &Path, names: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_variables(&path, names);
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for (start, _) in text.match_indices("AUTOSHARES_") {
            if text[..start].ends_with("env!(\"") {
                continue;
            }
            let name: String = text[start..]
                .chars()
                .take_while(|c| c.is_ascii_uppercase() || *c == '_')
                .collect();
            if name.len() > "AUTOSHARES_".len() && !names.contains(&name) {
                names.push(name);
            }
        }
    }
}

/// `docs/configuration.md`, where the options and the profile keys are documented.
fn configuration_doc() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/configuration.md");
    std::fs::read_to_string(path).expect("docs/configuration.md")
}

/// The rows of the documented option table (`docs/configuration.md`): (the flag as written, e.g. `--url
/// URL`; the variable, if any).
fn documented_options() -> Vec<(String, Option<String>)> {
    configuration_doc()
        .lines()
        .skip_while(|line| *line != "| option | environment | meaning |")
        .skip(2)
        .take_while(|line| line.starts_with("| `--"))
        .map(|row| {
            let cells: Vec<&str> = row.split('|').skip(1).collect();
            let cell = |i: usize| {
                cells
                    .get(i)
                    .map(|c| c.trim_matches(['|', ' ', '`']).to_string())
            };
            (
                cell(0).unwrap_or_default(),
                cell(1).filter(|c| !c.is_empty()),
            )
        })
        .collect()
}

/// Each login setting is declared once, in the schema (`session::SETTINGS`): `--help`, the man page and
/// the documented option table each show every setting that has a flag, with its value and its variable,
/// and the documented example config is `assets/config.example.toml` as it is. (The config file's side,
/// every profile key accepted and no other, is `session::schema`'s unit test.)
#[test]
fn help_man_page_and_docs_show_every_setting_of_the_schema() {
    use autoshares_login::session::SETTINGS;
    let help = generated(&["--help"]);
    let man = generated(&["man"]);
    let readme = documented_options();
    assert!(
        !readme.is_empty(),
        "docs/configuration.md has an option table"
    );
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/config.example.toml");
    let example = std::fs::read_to_string(example).expect("the example config");
    assert!(
        configuration_doc().contains(example.trim_end()),
        "docs/configuration.md shows assets/config.example.toml as it is"
    );
    for setting in SETTINGS {
        let Some(flag) = setting.flag else {
            assert!(
                !help.contains(&format!("--{}", setting.profile_key.replace('_', "-"))),
                "{} has no flag",
                setting.profile_key
            );
            continue;
        };
        let shown = match setting.value_name {
            Some(value) => format!("{flag} <{value}>"),
            None => flag.to_string(),
        };
        assert!(help.contains(&shown), "{shown:?} missing from --help");
        let in_roff = format!("\\fB{}\\fR", flag.replace('-', "\\-"));
        assert!(man.contains(&in_roff), "{flag} missing from the man page");
        let written = match setting.value_name {
            Some(value) => format!("{flag} {value}"),
            None => flag.to_string(),
        };
        let row = readme.iter().find(|(option, _)| *option == written);
        let Some((_, env)) = row else {
            panic!("the documented option table has no row `{written}`: {readme:?}");
        };
        assert_eq!(
            env.as_deref(),
            setting.env,
            "the documented variable for {flag}"
        );
        if let Some(env) = setting.env {
            assert!(
                help.contains(&format!("[env: {env}")),
                "{env} missing from --help"
            );
            assert!(man.contains(env), "{env} missing from the man page");
        }
    }
    for (option, _) in &readme {
        let flag = option.split(' ').next().unwrap_or_default();
        assert!(
            help.contains(flag),
            "the documented {flag} is not in --help"
        );
    }
}
