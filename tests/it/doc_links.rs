//! The documents link only to what exists: every relative link and `#anchor` in the repository's Markdown
//! (`*.md` at the top, `docs/**/*.md`) names a file or folder of the repository, and a heading of it.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// A Markdown file as a reader of it on GitHub meets it: where its links lead, and the anchors of its
/// headings.
struct Document {
    links: Vec<String>,
    anchors: HashSet<String>,
}

impl Document {
    fn read(path: &Path) -> Document {
        let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut links = Vec::new();
        let mut anchors = HashSet::new();
        let mut taken = HashMap::<String, usize>::new();
        let mut heading: Option<String> = None;
        for event in Parser::new_ext(&text, Options::ENABLE_TABLES) {
            match event {
                Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                    links.push(dest_url.into_string());
                }
                Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
                Event::Text(text) | Event::Code(text) => {
                    if let Some(heading) = &mut heading {
                        heading.push_str(&text);
                    }
                }
                Event::End(TagEnd::Heading(_)) => {
                    let slug = slug(&heading.take().unwrap_or_default());
                    // GitHub numbers a repeated heading's anchor: `usage`, `usage-1`, `usage-2`.
                    let seen = taken.entry(slug.clone()).or_default();
                    anchors.insert(match *seen {
                        0 => slug,
                        n => format!("{slug}-{n}"),
                    });
                    *seen += 1;
                }
                _ => {}
            }
        }
        Document { links, anchors }
    }
}

/// GitHub's anchor for a heading's text: lower case, punctuation dropped, each space a hyphen.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The Markdown files under `root` a reader is sent to: the top-level ones and those in `docs/`.
fn documents(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![(root.to_path_buf(), false)];
    while let Some((folder, recurse)) = folders.pop() {
        for entry in fs::read_dir(&folder).unwrap().map(Result::unwrap) {
            let path = entry.path();
            if path.is_dir() {
                if recurse || path == root.join("docs") {
                    folders.push((path, true));
                }
            } else if path.extension().is_some_and(|e| e == "md") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Every relative link of the documents under `root` that leads nowhere, as `FILE: LINK (WHY)`.
fn broken_links(root: &Path) -> Vec<String> {
    let mut parsed = HashMap::<PathBuf, Document>::new();
    let mut broken = Vec::new();
    for source in documents(root) {
        let links = parsed
            .entry(source.clone())
            .or_insert_with(|| Document::read(&source))
            .links
            .clone();
        for link in links {
            if link.contains("://") || link.starts_with("mailto:") {
                continue;
            }
            let (file, anchor) = link.split_once('#').unwrap_or((&link, ""));
            let target = match file {
                "" => source.clone(),
                file => source.parent().unwrap().join(file),
            };
            let why = if !target.exists() {
                Some("no such file".to_owned())
            } else if anchor.is_empty() {
                None
            } else if target.extension().is_none_or(|e| e != "md") {
                Some("an anchor in a file that is not Markdown".to_owned())
            } else {
                let anchors = &parsed
                    .entry(target.clone())
                    .or_insert_with(|| Document::read(&target))
                    .anchors;
                (!anchors.contains(anchor)).then(|| {
                    let file = target.strip_prefix(root).unwrap_or(&target).display();
                    format!("no heading in {file} has this anchor")
                })
            };
            if let Some(why) = why {
                let file = source.strip_prefix(root).unwrap_or(&source).display();
                broken.push(format!("{file}: {link} ({why})"));
            }
        }
    }
    broken
}

#[test]
fn every_relative_link_and_anchor_in_the_documents_resolves() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let documents = documents(root);
    assert!(
        documents.contains(&root.join("README.md")),
        "the README is among the documents checked: {documents:?}"
    );
    let broken = broken_links(root);
    assert!(
        broken.is_empty(),
        "links that lead nowhere:\n{}",
        broken.join("\n")
    );
}

#[test]
fn anchors_are_github_s_slugs() {
    for (heading, anchor) in [
        ("Exit codes", "exit-codes"),
        (
            "`doctor`: what is wrong, without a password",
            "doctor-what-is-wrong-without-a-password",
        ),
        ("Install → macOS", "install--macos"),
        (
            "1. 2026-11-27T20:47:25.389Z POST",
            "1-2026-11-27t204725389z-post",
        ),
        ("snake_case and CamelCase", "snake_case-and-camelcase"),
    ] {
        assert_eq!(slug(heading), anchor, "{heading:?}");
    }
}

/// The check finds what it is there to find: a missing file, a missing anchor, here and in another
/// document, an anchor into a file that is not Markdown; and only those, in `docs/` as at the top.
#[test]
fn a_missing_file_or_heading_is_reported_and_nothing_else() {
    let scratch = tempfile::tempdir().unwrap();
    let root = scratch.path();
    fs::create_dir_all(root.join("docs/deep")).unwrap();
    fs::create_dir_all(root.join("assets")).unwrap();
    fs::create_dir_all(root.join("notes")).unwrap();
    fs::write(root.join("assets/shot.png"), "").unwrap();
    fs::write(
        root.join("README.md"),
        "# Tool\n\n## Usage\n\n## Usage\n\n```sh\n# not a heading\n```\n\n\
         [a](#usage) [b](#usage-1) [c](#usage-2) [d](#not-a-heading) ![e](assets/shot.png)\n\
         [f](DESIGN.md) [g](docs/deep/keys.md#the-keys) [h](docs/deep/keys.md#gone) [i](assets/shot.png#x)\n\
         [j](https://example.com/missing.md) [k](docs/) [l][ref]\n\n[ref]: CONTRIBUTING.md\n",
    )
    .unwrap();
    fs::write(
        root.join("docs/deep/keys.md"),
        "## The keys\n\n[back](../../README.md#tool) [up](#nowhere)\n",
    )
    .unwrap();
    fs::write(root.join("notes/ignored.md"), "[x](missing.md)\n").unwrap();

    assert_eq!(
        broken_links(root),
        [
            "README.md: #usage-2 (no heading in README.md has this anchor)",
            "README.md: #not-a-heading (no heading in README.md has this anchor)",
            "README.md: DESIGN.md (no such file)",
            "README.md: docs/deep/keys.md#gone (no heading in docs/deep/keys.md has this anchor)",
            "README.md: assets/shot.png#x (an anchor in a file that is not Markdown)",
            "README.md: CONTRIBUTING.md (no such file)",
            "docs/deep/keys.md: #nowhere (no heading in docs/deep/keys.md has this anchor)",
        ]
    );
}
