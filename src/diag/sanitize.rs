//! Makes server-supplied text safe for a terminal: no escape sequences, control or bidi characters.

/// Characters that reorder text on screen and can disguise what a line says (Trojan Source).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `text` holds anything [`sanitize`] would remove: a control or bidi character (every escape
/// sequence starts with one). Cheap, so that clean text can skip the full pass.
pub fn needs_sanitizing(text: &str) -> bool {
    text.chars().any(|c| c.is_control() || is_bidi_control(c))
}

/// Returns `text` with escape sequences removed and every other control or bidi character dropped;
/// tabs and line breaks become single spaces, so the result is always one line.
pub fn sanitize(text: &str) -> String {
    let spaced = text.replace(['\t', '\n', '\r'], " ");
    let stripped = strip_ansi_escapes::strip_str(&spaced);
    let mut out = String::with_capacity(stripped.len());
    for c in stripped.chars() {
        if c == ' ' {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else if !c.is_control() && !is_bidi_control(c) {
            out.push(c);
        }
    }
    out.trim().to_string()
}

/// The most of a text an excerpt looks at: any excerpt's worth, escape sequences and all, without copying
/// megabytes a hostile server sent.
const SCAN_BYTES: usize = 64 * 1024;

/// The longest prefix of `text` of at most `max_bytes` bytes that ends on a character boundary.
pub fn prefix(text: &str, max_bytes: usize) -> &str {
    let mut end = max_bytes.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// A sanitised, single-line excerpt of at most `max_chars` characters, ending in `…` when cut. Only the
/// start of a huge text is looked at, so its cost does not grow with what the server sent.
pub fn excerpt(text: &str, max_chars: usize) -> String {
    let scanned = prefix(text, SCAN_BYTES.max(max_chars.saturating_mul(8)));
    let clean = sanitize(scanned);
    let (mut collapsed, mut count) = (String::new(), 0);
    for word in clean.split_whitespace() {
        if count > max_chars {
            break;
        }
        if count > 0 {
            collapsed.push(' ');
            count += 1;
        }
        collapsed.push_str(word);
        count += word.chars().count();
    }
    if count <= max_chars && scanned.len() == text.len() {
        return collapsed;
    }
    let mut cut: String = collapsed
        .chars()
        .take(max_chars.saturating_sub(1))
        .collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_csi_and_osc_sequences_whole() {
        let evil = "Code sent\u{1b}[2J\u{1b}]0;pwned\u{7} to you\u{1b}[31m!";
        assert_eq!(sanitize(evil), "Code sent to you!");
    }

    #[test]
    fn removes_bidi_overrides_and_c1_controls() {
        assert_eq!(sanitize("abc\u{202e}fed\u{2066}x\u{9b}y"), "abcfedxy");
    }

    #[test]
    fn keeps_non_ascii_text() {
        assert_eq!(
            sanitize("Код отправлен ✉ на j…@example.com"),
            "Код отправлен ✉ на j…@example.com"
        );
    }

    #[test]
    fn folds_line_breaks_into_one_line() {
        assert_eq!(sanitize("one\r\ntwo\tthree\u{0}"), "one two three");
    }

    #[test]
    fn excerpt_cuts_long_text_with_an_ellipsis() {
        let html = format!("<html>\n<body>{}</body></html>", "x".repeat(500));
        let cut = excerpt(&html, 40);
        assert_eq!(cut.chars().count(), 40);
        assert!(cut.starts_with("<html> <body>xxx"));
        assert!(cut.ends_with('…'));
        assert_eq!(excerpt("short", 40), "short");
    }

    #[test]
    fn an_excerpt_of_a_huge_text_looks_only_at_its_start() {
        let huge = format!("start {}", "\u{1b}[2J\u{202e}word ".repeat(1 << 20));
        let cut = excerpt(&huge, 50);
        assert_eq!(cut.chars().count(), 50);
        assert!(cut.starts_with("start word word"), "{cut}");
        assert!(cut.ends_with('…'));
        assert!(!cut.contains('\u{1b}') && !cut.contains('\u{202e}'));
        assert_eq!(prefix("aé", 2), "a", "never inside a character");
    }
}
