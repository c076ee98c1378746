//! A TestBackend render read as text: its frame and quotes dropped, its lines joined.

/// `screen` without its frame and quotes, its lines joined: text that wrapped reads as one.
pub fn folded(screen: &str) -> String {
    let inner = |line: &str| line.trim_matches('"').trim_matches('│').trim().to_string();
    screen.lines().map(inner).collect::<Vec<_>>().join(" ")
}
