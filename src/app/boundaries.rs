//! No back-edges: a front end never imports another front end, nor the composition root (`app`); the
//! modules they share (`session`, `auth`, `diag`, …) import none of them. Checked on the source text.

use std::path::{Path, PathBuf};

/// The front ends: each a directory or a file under `src/`.
const FRONT_ENDS: [&str; 5] = ["tui", "line_mode", "commands", "doctor", "inspect"];

/// What the front ends share: they may import these, and these import no front end.
const SHARED: [&str; 9] = [
    "session",
    "auth",
    "diag",
    "clipboard",
    "sandbox",
    "demo",
    "exit",
    "console",
    "tty",
];

/// The `.rs` files of module `name` (its file, or every file under its directory).
fn files_of(src: &Path, name: &str) -> Vec<PathBuf> {
    let file = src.join(format!("{name}.rs"));
    let mut files = Vec::new();
    if file.is_file() {
        files.push(file);
    }
    let mut dirs = vec![src.join(name)];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for path in entries.map(|e| e.expect("readable dir entry").path()) {
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files
}

/// The top-level modules of the crate that `text` names: `crate::NAME` paths, and the names at the
/// first level of `crate::{…}` groups.
fn crate_modules(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let mut name = String::new();
            let mut at_start = true;
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 1 => break,
                    '}' => depth -= 1,
                    ',' if depth == 1 => at_start = true,
                    c if depth == 1 && at_start && (c.is_alphanumeric() || c == '_') => {
                        name.push(c)
                    }
                    c if c.is_whitespace() => {}
                    _ => {
                        if !name.is_empty() {
                            names.push(std::mem::take(&mut name));
                        }
                        at_start = false;
                    }
                }
                if c == ',' && depth == 1 && !name.is_empty() {
                    names.push(std::mem::take(&mut name));
                }
            }
            if !name.is_empty() {
                names.push(name);
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            names.push(name);
        }
    }
    names
}

/// Each `(file, module)` where a file of `importer` names a module of `forbidden`.
fn imports(src: &Path, importer: &str, forbidden: &[&str]) -> Vec<(PathBuf, String)> {
    let mut found = Vec::new();
    for file in files_of(src, importer) {
        let text = std::fs::read_to_string(&file).expect("readable source");
        for name in crate_modules(&text) {
            if name != importer && forbidden.contains(&name.as_str()) {
                found.push((file.clone(), name));
            }
        }
        // `autoshares_login::` is the crate's name from outside it: no module inside uses it for this.
        for other in forbidden.iter().filter(|o| **o != importer) {
            if text.contains(&format!("autoshares_login::{other}")) {
                found.push((file.clone(), (*other).to_string()));
            }
        }
    }
    found
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn the_parser_finds_plain_and_grouped_imports() {
    let text = "use crate::tui::Profile;\nuse crate::{\n    doctor, say,\n    session::{Context, Kept},\n};\nlet x = crate::line_mode::obtain();";
    assert_eq!(
        crate_modules(text),
        ["tui", "doctor", "say", "session", "line_mode"]
    );
}

#[test]
fn no_front_end_imports_another_or_the_app() {
    let src = src();
    let mut forbidden = FRONT_ENDS.to_vec();
    forbidden.push("app");
    let found: Vec<_> = FRONT_ENDS
        .iter()
        .flat_map(|front_end| imports(&src, front_end, &forbidden))
        .collect();
    assert!(
        found.is_empty(),
        "back-edges between front ends: {found:#?}"
    );
    assert!(
        !files_of(&src, "tui").is_empty() && !files_of(&src, "commands").is_empty(),
        "the check reads the sources"
    );
}

#[test]
fn the_shared_modules_import_no_front_end() {
    let src = src();
    let mut forbidden = FRONT_ENDS.to_vec();
    forbidden.push("app");
    let found: Vec<_> = SHARED
        .iter()
        .flat_map(|shared| imports(&src, shared, &forbidden))
        .collect();
    assert!(
        found.is_empty(),
        "shared modules importing a front end: {found:#?}"
    );
}
