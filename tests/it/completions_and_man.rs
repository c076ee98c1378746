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

/// A scratch folder for a completion test: a config file with three profiles, and in the folder a file
/// whose name a file-name completion would offer for `--profile d`.
struct Profiles {
    dir: std::path::PathBuf,
    config: std::path::PathBuf,
}

/// The names of [`Profiles`]'s config, as completed (sorted, as the config holds them).
const PROFILE_NAMES: [&str; 3] = ["desk", "live-eu", "paper"];

impl Profiles {
    fn new(name: &str) -> Profiles {
        let dir = scratch_dir(name);
        let config = dir.join("config.toml");
        std::fs::write(
            &config,
            "default_profile = \"desk\"\n\n[profiles.paper]\nurl = \"https://paper.example/api\"\n\n\
             [profiles.desk]\nusername = \"jtrader\"\n\n[profiles.live-eu]\nstore = \"file\"\n",
        )
        .unwrap();
        std::fs::write(dir.join("desk-notes.txt"), "not a profile").unwrap();
        Profiles { dir, config }
    }

    /// The environment a shell completes in: this config.
    fn env(&self) -> [(&str, &str); 1] {
        [("AUTOSHARES_CONFIG", self.config.to_str().unwrap())]
    }
}

impl Drop for Profiles {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// What bash completes for the words of `line` (the last word being completed), with the script loaded
/// the way a user's `~/.bashrc` or bash-completion directory loads it, run in `profiles`'s folder with
/// its config.
fn bash_completes(script: &Path, profiles: &Profiles, line: &str) -> Vec<String> {
    let program = r#"source "$SCRIPT"
read -ra COMP_WORDS <<< "$LINE"
[[ "$LINE" == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
COMP_LINE="$LINE"; COMP_POINT=${#LINE}; COMP_TYPE=9
function=$(complete -p autoshares-login | sed -E 's/.*-F ([^ ]+).*/\1/')
prev=""; (( COMP_CWORD > 0 )) && prev="${COMP_WORDS[COMP_CWORD-1]}"
"$function" autoshares-login "${COMP_WORDS[COMP_CWORD]}" "$prev" 2>/dev/null
printf '%s\n' "${COMPREPLY[@]}""#;
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", program])
        .current_dir(&profiles.dir)
        .envs(profiles.env())
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
    let profiles = Profiles::new("completions-bash");
    let script = profiles.dir.join("autoshares-login.bash");
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
    let completes = |line: &str| bash_completes(&script, &profiles, line);
    assert_eq!(completes("autoshares-login sa"), ["sandbox"]);
    assert_eq!(completes("autoshares-login com"), ["completions"]);
    assert_eq!(completes("autoshares-login --clipb"), ["--clipboard"]);
    assert_eq!(
        completes("autoshares-login --clipboard "),
        ["auto", "system", "osc52", "off"]
    );
    assert_eq!(completes("autoshares-login completions f"), ["fish"]);
    assert_eq!(
        completes("autoshares-login token --cl"),
        ["--clipboard", "--clear-after"]
    );
    assert_eq!(
        completes("autoshares-login man --c"),
        Vec::<String>::new(),
        "man takes no login option, so none is offered"
    );
    let everything = completes("autoshares-login ");
    assert!(everything.contains(&"doctor".to_string()), "{everything:?}");
    assert!(
        everything.iter().all(|word| !word.contains("keep")),
        "the internal clipboard keeper is not offered: {everything:?}"
    );
}

#[test]
fn bash_completes_the_profile_names_of_the_config() {
    if !require_tool("bash") {
        return;
    }
    let profiles = Profiles::new("completions-bash-profiles");
    let script = profiles.dir.join("autoshares-login.bash");
    std::fs::write(&script, generated(&["completions", "bash"])).unwrap();
    let completes = |line: &str| bash_completes(&script, &profiles, line);
    assert_eq!(completes("autoshares-login --profile "), PROFILE_NAMES);
    assert_eq!(completes("autoshares-login token --profile d"), ["desk"]);
    assert_eq!(
        completes("autoshares-login status --profile l"),
        ["live-eu"]
    );
    std::fs::remove_file(&profiles.config).unwrap();
    assert_eq!(
        completes("autoshares-login --profile d"),
        Vec::<String>::new(),
        "without a config: no names, and no file names either"
    );
}

/// What fish completes for `line` (`complete -C`): the words, without their descriptions.
fn fish_completes(script: &Path, profiles: &Profiles, line: &str) -> Vec<String> {
    let out = Command::new("fish")
        .args(["--no-config", "-c"])
        .arg(format!("source {}; complete -C '{line}'", script.display()))
        .current_dir(&profiles.dir)
        .envs(profiles.env())
        .output()
        .expect("fish runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "fish failed: {stderr}");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.split('\t').next().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn the_fish_script_completes_subcommands_values_and_profile_names() {
    if !require_tool("fish") {
        return;
    }
    let profiles = Profiles::new("completions-fish");
    let script = profiles.dir.join("autoshares-login.fish");
    std::fs::write(&script, generated(&["completions", "fish"])).unwrap();
    let words = |line: &str| fish_completes(&script, &profiles, line);
    assert_eq!(words("autoshares-login sa"), ["sandbox"]);
    let modes = words("autoshares-login --clipboard=");
    for mode in ["auto", "system", "osc52", "off"] {
        assert!(modes.contains(&format!("--clipboard={mode}")), "{modes:?}");
    }
    assert_eq!(words("autoshares-login --profile "), PROFILE_NAMES);
    assert_eq!(words("autoshares-login exec --profile d"), ["desk"]);
}

/// zsh in tmux with `~/.zshrc` as a user writes it (compinit, then the script sourced), in `profiles`'s
/// folder with its config.
fn zsh_in_tmux(profiles: &Profiles, name: &str) -> common::tmux::Tmux {
    std::fs::write(
        profiles.dir.join(".zshrc"),
        format!(
            "PROMPT='zsh> '\nautoload -U compinit && compinit -u -d {dir}/zcompdump\n\
             source <({BIN} completions zsh)\ncd {dir}\n",
            dir = profiles.dir.display(),
        ),
    )
    .unwrap();
    let mut env = vec![("ZDOTDIR", profiles.dir.to_str().unwrap())];
    env.extend(profiles.env());
    let tmux = common::tmux::Tmux::start(name, "zsh", &env, &[]);
    tmux.wait_for("zsh>");
    tmux
}

#[test]
fn the_zsh_script_completes_in_a_terminal() {
    if !require_tool("zsh") || !require_tool("tmux") {
        return;
    }
    let profiles = Profiles::new("completions-zsh");
    let tmux = zsh_in_tmux(&profiles, "zsh-completion");
    tmux.keys(&["autoshares-login sa", "Tab"]);
    tmux.wait_for("zsh> autoshares-login sandbox");
    tmux.keys(&["C-u", "autoshares-login completions el", "Tab"]);
    tmux.wait_for("zsh> autoshares-login completions elvish");
    tmux.keys(&["C-u", "autoshares-login token --clip", "Tab"]);
    tmux.wait_for("zsh> autoshares-login token --clipboard");
}

#[test]
fn zsh_completes_the_profile_names_of_the_config() {
    if !require_tool("zsh") || !require_tool("tmux") {
        return;
    }
    let profiles = Profiles::new("completions-zsh-profiles");
    let tmux = zsh_in_tmux(&profiles, "zsh-profiles");
    tmux.keys(&["autoshares-login --profile d", "Tab"]);
    tmux.wait_for("zsh> autoshares-login --profile desk");
    tmux.keys(&["C-u", "autoshares-login status --profile ", "Tab"]);
    tmux.wait_for("live-eu");
    let screen = tmux.screen();
    for name in PROFILE_NAMES {
        assert!(screen.contains(name), "{name} not listed:\n{screen}");
    }
    assert!(
        !screen.contains("desk-notes"),
        "a file name offered:\n{screen}"
    );
}

#[test]
fn every_shell_gets_a_script_that_asks_the_program_at_tab_time() {
    for (shell, marker) in [
        ("bash", "complete -o nospace"),
        ("zsh", "#compdef autoshares-login"),
        (
            "fish",
            "complete --keep-order --exclusive --command autoshares-login",
        ),
        ("elvish", "edit:completion:arg-completer[autoshares-login]"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let script = generated(&["completions", shell]);
        // The program, as it was called, asked with COMPLETE naming the shell.
        for expected in [marker, BIN, "COMPLETE", shell] {
            assert!(
                script.contains(expected),
                "{shell}: no {expected:?}\n{script}"
            );
        }
    }
    let out = run(&["completions", "tcsh"], &[], "");
    assert_eq!(out.code, Some(2), "an unknown shell is a usage error");
    assert!(out.stderr.contains("possible values"), "{}", out.stderr);
}

/// The options `autoshares-login ARGS -h` lists (`--json`, `--profile`, …; `<FILE>` for a positional).
fn options_in_help(args: &[&str]) -> Vec<String> {
    let mut args = args.to_vec();
    args.push("-h");
    let help = generated(&args);
    let options = help.split("\nOptions:\n").nth(1).unwrap_or_default();
    let arguments = help.split("\nArguments:\n").nth(1).unwrap_or_default();
    let mut found: Vec<String> = (options.lines())
        .map(str::trim_start)
        .filter(|line| line.starts_with("--") || line.starts_with("-h"))
        .filter_map(|line| {
            let line = line.strip_prefix("-h, ").unwrap_or(line);
            line.split([' ', '=']).next().map(str::to_string)
        })
        .collect();
    found.extend(
        (arguments.lines())
            .take_while(|line| !line.is_empty())
            .filter_map(|line| line.split_whitespace().next())
            .filter(|word| word.starts_with('<'))
            .map(str::to_string),
    );
    found
}

/// Every subcommand's `--help` lists its own options and the login options its code reads, and no other.
#[test]
fn each_subcommand_help_lists_the_options_it_uses_and_no_other() {
    let login = [
        "--profile",
        "--url",
        "--app-key",
        "--username",
        "--store",
        "--clipboard",
        "--clear-after",
        "--timeout",
        "--cacert",
        "--allow-http",
        "--log",
        "--report",
    ];
    let cases: [(&[&str], &[&str]); 10] = [
        (
            &["token"],
            &["--json", "--min-valid", "--check", "--no-tui"],
        ),
        (
            &["exec"],
            &["--min-valid", "--check", "--no-tui", "<COMMAND>..."],
        ),
        (&["status"], &["--json", "--min-valid", "--check"]),
        (&["logout"], &["--all", "--forget"]),
        (&["profiles"], &[]),
        (&["doctor"], &["--json"]),
        (&["inspect"], &["<FILE>"]),
        (&["sandbox"], &["--port", "--scenarios"]),
        (&["completions"], &["<SHELL>"]),
        (&["man"], &[]),
    ];
    let login_of = |command: &str| -> Vec<&str> {
        let only: &[&str] = match command {
            "token" | "exec" => &login,
            "status" => &[
                "--profile",
                "--url",
                "--app-key",
                "--username",
                "--store",
                "--timeout",
                "--cacert",
                "--allow-http",
            ],
            "logout" => &["--profile", "--url", "--username", "--store"],
            "doctor" => &login,
            "inspect" => &["--report"],
            _ => &[],
        };
        let skip: &[&str] = if command == "doctor" {
            &["--clear-after"]
        } else {
            &[]
        };
        only.iter().copied().filter(|o| !skip.contains(o)).collect()
    };
    for (args, own) in cases {
        let mut expected: Vec<&str> = own.to_vec();
        expected.extend(login_of(args[0]));
        expected.push("--help");
        let mut shown = options_in_help(args);
        shown.sort();
        expected.sort();
        assert_eq!(shown, expected, "{args:?} --help");
    }
    let man = generated(&["man", "--help"]);
    assert!(man.lines().count() < 15, "man --help is short:\n{man}");
    let top = options_in_help(&[]);
    for option in login.iter().chain(&["--demo", "--no-tui", "--print"]) {
        assert!(
            top.iter().any(|o| o == option),
            "{option} in --help: {top:?}"
        );
    }
}

#[test]
fn an_option_a_subcommand_does_not_use_is_a_usage_error_there_but_a_variable_is_not() {
    for (args, said) in [
        (
            &["man", "--clipboard", "off"][..],
            "--clipboard has no effect on `man`",
        ),
        (
            &["--profile", "live", "man"],
            "--profile has no effect on `man`",
        ),
        (
            &["status", "--clear-after", "5"],
            "--clear-after has no effect on `status`",
        ),
        (
            &["profiles", "--store", "file"],
            "--store has no effect on `profiles`",
        ),
    ] {
        let out = run(args, &[], "");
        assert_eq!(out.code, Some(2), "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains(said), "{args:?}: {}", out.stderr);
        assert_eq!(out.stdout, "", "{args:?}");
    }
    let out = run(
        &["man"],
        &[("AUTOSHARES_URL", "x"), ("AUTOSHARES_PROFILE", "live")],
        "",
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stdout.contains(".TH autoshares-login 1"),
        "the man page"
    );
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
        "autoshares-login completions <SHELL>",
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
