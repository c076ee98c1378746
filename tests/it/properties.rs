//! Property tests: the response classification, the redaction, the sanitiser and the scenarios parser
//! on generated hostile input (any bytes, and bytes built from the pieces of JSON and escape sequences
//! that matter). The invariants themselves are in `tests/invariants`, shared with the fuzz targets.

use crate::invariants;

use invariants::{
    Answer, Planted, check_body_redaction, check_classify, check_header_redaction, check_sanitize,
    check_scenarios, check_withholding,
};
use proptest::prelude::*;

/// Pieces a hostile server strings together: JSON structure and the fields that matter, escape
/// sequences, line breaks, bidi overrides, C1 controls, invalid UTF-8, and plain text.
const PIECES: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    "\\\"",
    "\\u001b",
    "\\u0000",
    " ",
    "null",
    "1",
    "true",
    "\"State\":",
    "\"Succeeded\"",
    "\"Expecting\"",
    "\"Failed\"",
    "\"Step\":",
    "\"Reason\":",
    "\"Token\":",
    "\"token\" : ",
    "\"ConfirmationToken\":",
    "\"PersonalPhrase\":",
    "\"error\":",
    "\"Image\":",
    "\"too many login requests\"",
    "\x1b[2J",
    "\x1b]0;title\x07",
    "\x1b]52;c;QQ==\x1b\\",
    "\x1bP",
    "\x1b",
    "\x07",
    "\r\n",
    "\t",
    "\u{202e}",
    "\u{2066}",
    "\u{9b}31m",
    "\u{85}",
    "\u{7f}",
    "é",
    "✉",
    "[redacted",
    "[withheld: the server's text held the password]",
    "…",
    "Bearer ",
];

/// Bytes for a body or a header: either any bytes at all, or a string of [`PIECES`] and stray bytes.
fn hostile_bytes() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        4 => proptest::sample::select(PIECES).prop_map(|p| p.as_bytes().to_vec()),
        1 => proptest::collection::vec(any::<u8>(), 1..4),
    ];
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..200),
        proptest::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat()),
    ]
}

/// Text: [`hostile_bytes`] read as UTF-8 (lossily), or any string.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        hostile_bytes().prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        any::<String>(),
    ]
}

fn secret() -> impl Strategy<Value = String> {
    "[A-Za-z0-9]{12,40}"
}

fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        proptest::sample::select(&[200u16, 202, 400, 401, 403, 429, 500, 502][..]),
        any::<u16>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn the_sanitiser_lets_no_control_character_through(text in hostile_text(), max in 0usize..80) {
        check_sanitize(&text, max);
    }

    #[test]
    fn a_redacted_body_never_shows_its_token(
        before in hostile_bytes(),
        secret in secret(),
        after in hostile_bytes(),
        max in 0usize..400,
        cut in any::<usize>(),
    ) {
        check_body_redaction(&Planted { before: &before, secret: &secret, after: &after }, max, cut);
    }

    #[test]
    fn a_redacted_json_body_never_shows_its_token(
        fields in proptest::collection::vec((hostile_text(), hostile_text()), 0..4),
        secret in secret(),
        cut in any::<usize>(),
    ) {
        // Well-formed JSON around the token, whole and cut off anywhere.
        let mut object = serde_json::Map::new();
        for (key, value) in fields {
            object.insert(key, value.into());
        }
        let fields = serde_json::to_vec(&object).unwrap();
        let before = match fields.len() {
            2 => b"{".to_vec(),
            n => [&fields[..n - 1], b","].concat(),
        };
        check_body_redaction(&Planted { before: &before, secret: &secret, after: b"}" }, 400, cut);
    }

    #[test]
    fn a_server_text_that_echoes_the_password_is_withheld_whole(
        before in hostile_bytes(),
        secret in prop_oneof![secret(), "[A-Za-z]{1,12}", proptest::sample::select(&["password", "credentials", "wrong"][..]).prop_map(String::from)],
        after in hostile_bytes(),
        max in 0usize..400,
    ) {
        check_withholding(&Planted { before: &before, secret: &secret, after: &after }, max);
    }

    #[test]
    fn a_redacted_header_never_shows_a_secret(name in hostile_text(), value in hostile_text(), secret in secret()) {
        check_header_redaction(&name, &value);
        check_header_redaction(&name, &secret);
    }

    #[test]
    fn any_answer_is_classified_safely(
        status in status(),
        content_type in proptest::option::of(hostile_text()),
        retry_after in proptest::option::of(hostile_text()),
        before in hostile_bytes(),
        secret in secret(),
        after in hostile_bytes(),
        truncated in proptest::bool::weighted(0.1),
    ) {
        check_classify(&Answer {
            status,
            content_type: content_type.as_deref(),
            retry_after: retry_after.as_deref(),
            body: Planted { before: &before, secret: &secret, after: &after },
            truncated,
        });
    }

    #[test]
    fn any_scenarios_file_is_parsed_or_refused(text in hostile_text()) {
        check_scenarios(&text);
    }

    #[test]
    fn hostile_strings_in_a_valid_scenarios_file_stay_off_the_terminal(
        which in any::<proptest::sample::Index>(),
        text in hostile_text(),
    ) {
        check_scenarios(&with_string_replaced(BUILTIN_SCENARIOS, which, &text));
    }
}

const BUILTIN_SCENARIOS: &str = include_str!("../../assets/sandbox.toml");

/// `toml` with one of its `"…"` strings (the `which`th) replaced by `text`, escaped as TOML does.
fn with_string_replaced(toml: &str, which: proptest::sample::Index, text: &str) -> String {
    let quotes: Vec<usize> = toml.match_indices('"').map(|(i, _)| i).collect();
    let pair = which.index(quotes.len() / 2) * 2;
    let (open, close) = (quotes[pair], quotes[pair + 1]);
    let escaped: String = text
        .chars()
        .map(|c| match c {
            '"' | '\\' => format!("\\{c}"),
            c if c.is_control() => format!("\\u{:04X}", u32::from(c)),
            c => c.to_string(),
        })
        .collect();
    format!("{}{escaped}{}", &toml[..=open], &toml[close..])
}

/// Inputs the fuzz targets (`fuzz/`) found, kept so that every `cargo test` runs them again.
#[test]
fn answers_the_fuzzer_found_are_classified_safely() {
    // The content type itself spells the token once its escape sequences (`ESC w`) are taken out: the
    // server's own header, shown as sent, not the body's token passed on.
    check_classify(&Answer {
        status: 1,
        content_type: Some("\u{1b}wAAAAAAA\u{1}\0\u{1}\u{1b}wAAAAAAAAAAA{*{{{{{{"),
        retry_after: None,
        body: Planted {
            before: b"{\"AAADD\xff}JJJJ\n\n\n\n\n\nAAAA\nAAAAA{*{{{{{{\xd4{\"AAADD\xff}JJJJ\n\n\n\n\n\nAAAA\nA\n\n",
            secret: "AAAAAAAAAAAAAAAA",
            after: b"",
        },
        truncated: false,
    });
    // The body itself spells the token before its `"Token"` field once `ESC K` is taken out: the body's
    // own text, shown as the server sent it.
    check_classify(&Answer {
        status: 65290,
        content_type: None,
        retry_after: None,
        body: Planted {
            before: b"0E0\xffHAAAAAAAAAAAAAAA\x1bKA/\nu\t\0\0\0\0\0",
            secret: "AAAAAAAAAAAAAAAA",
            after: b"",
        },
        truncated: false,
    });
}
