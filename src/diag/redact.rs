//! The one redaction used by the timeline, the log and the report: secrets become markers or fingerprints.

use sha2::{Digest, Sha256};

use super::sanitize::{excerpt, sanitize};

/// How a header's value is shown in diagnostics.
enum Rule {
    /// Shown as a fixed marker with its length only.
    Hidden,
    /// Shown as a fingerprint, so two exchanges can be seen to carry the same token.
    Fingerprint,
    /// Shown in part: enough to tell which key it is, not enough to use it.
    Partial,
    /// Not secret: shown sanitised.
    Plain,
}

fn rule_for_header(name: &str) -> Rule {
    match name.to_ascii_lowercase().as_str() {
        "password" | "pincode" | "verificationcode" => Rule::Hidden,
        "authorization" => Rule::Fingerprint,
        "et-app-key" => Rule::Partial,
        _ => Rule::Plain,
    }
}

/// A marker that shows only how long a secret is.
pub fn hidden(secret: &str) -> String {
    format!("[redacted, {} chars]", secret.chars().count())
}

/// First four characters and a SHA-256 prefix: equal tokens give equal fingerprints.
pub fn fingerprint(token: &str) -> String {
    let head: String = sanitize(token).chars().take(4).collect();
    format!("{head}…#{}", hash_prefix(token))
}

/// The first six hex digits of the token's SHA-256: the part of a fingerprint that reveals nothing.
pub fn hash_prefix(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().take(3).map(|b| format!("{b:02x}")).collect()
}

/// The first four characters of an app key and its length.
pub fn partial(key: &str) -> String {
    let head: String = sanitize(key).chars().take(4).collect();
    format!("{head}…({} chars)", key.chars().count())
}

/// A header value as diagnostics may show it.
pub fn header_value(name: &str, value: &str) -> String {
    match rule_for_header(name) {
        Rule::Hidden => hidden(value),
        Rule::Partial => partial(value),
        Rule::Fingerprint => match value.split_once(' ') {
            Some((scheme, token)) => format!("{} {}", sanitize(scheme), fingerprint(token)),
            None => fingerprint(value),
        },
        Rule::Plain => sanitize(value),
    }
}

fn is_token_field(key: &str) -> bool {
    matches!(
        key.to_ascii_lowercase().as_str(),
        "token" | "confirmationtoken"
    )
}

/// A response body as diagnostics may show it: JSON with its tokens fingerprinted and its text
/// sanitised, anything else as a short sanitised excerpt.
pub fn body(raw: &[u8], max_chars: usize) -> String {
    let text = String::from_utf8_lossy(raw);
    match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(mut value) => {
            redact_json(&mut value);
            excerpt(&value.to_string(), max_chars)
        }
        Err(_) => excerpt(&scrub_token_fields(&text), max_chars),
    }
}

/// In text that is not whole JSON (a cut-off body, JSON with trailing junk), fingerprints the value of
/// every `"…token": "…"` field, so a token cannot slip through in clear.
fn scrub_token_fields(text: &str) -> String {
    // ASCII lower-casing keeps every byte offset, so positions found in `lower` hold in `text`.
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let (mut copied, mut search) = (0, 0);
    while let Some(found) = lower[search..].find("token\"") {
        let key_end = search + found + "token\"".len();
        // The next search starts right after this key, not after its value: without JSON to go by,
        // the value may itself be the key of the next field (`"Token":"Token":"…"`).
        search = key_end;
        let Some(value) = text[key_end..]
            .trim_start()
            .strip_prefix(':')
            .map(str::trim_start)
            .and_then(|v| v.strip_prefix('"'))
        else {
            continue;
        };
        let value_start = text.len() - value.len();
        let value_end = value_start + json_string_len(value);
        out.push_str(&text[copied..value_start]);
        out.push_str(&fingerprint(&text[value_start..value_end]));
        copied = value_end;
    }
    out.push_str(&text[copied..]);
    out
}

/// The length in bytes of the JSON string that starts `text` (just after its opening quote), up to its
/// closing quote, or all of `text` when it is cut off; an escaped quote (`\"`) does not end it.
fn json_string_len(text: &str) -> usize {
    let mut escaped = false;
    for (at, byte) in text.bytes().enumerate() {
        match byte {
            b'"' if !escaped => return at,
            b'\\' => escaped = !escaped,
            _ => escaped = false,
        }
    }
    text.len()
}

fn redact_json(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            for (key, field) in map.iter_mut() {
                match field {
                    Value::String(s) if is_token_field(key) => *s = fingerprint(s),
                    Value::String(s) if key.eq_ignore_ascii_case("image") => {
                        *s = format!("[image, {} bytes]", s.len())
                    }
                    Value::String(s) => *s = sanitize(s),
                    other => redact_json(other),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact_json),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factors_show_only_their_length() {
        assert_eq!(header_value("Password", "hunter2!"), "[redacted, 8 chars]");
        assert_eq!(header_value("pincode", "1234"), "[redacted, 4 chars]");
        assert_eq!(
            header_value("VerificationCode", "123456"),
            "[redacted, 6 chars]"
        );
    }

    #[test]
    fn bearer_tokens_are_fingerprinted_consistently() {
        let a = header_value("Authorization", "Bearer SECRET-INTERIM-TOKEN-1");
        let b = header_value("authorization", "Bearer SECRET-INTERIM-TOKEN-1");
        let c = header_value("Authorization", "Bearer SECRET-INTERIM-TOKEN-2");
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert!(a.starts_with("Bearer SECR…#"));
        assert!(!a.contains("INTERIM"));
    }

    #[test]
    fn app_key_is_shown_in_part() {
        let shown = header_value("Et-App-Key", "0123456789abcdef");
        assert_eq!(shown, "0123…(16 chars)");
    }

    #[test]
    fn json_body_tokens_are_fingerprinted_and_text_sanitised() {
        let raw = br#"{"State":"Succeeded","Token":"FINAL-TOKEN-XYZ","ConfirmationToken":"CONF-123","PersonalPhrase":"hi\u001b[2Jthere"}"#;
        let shown = body(raw, 500);
        assert!(!shown.contains("FINAL-TOKEN-XYZ"));
        assert!(!shown.contains("CONF-123"));
        assert!(shown.contains(&fingerprint("FINAL-TOKEN-XYZ")));
        assert!(!shown.contains('\u{1b}'));
    }

    #[test]
    fn tokens_in_a_cut_off_body_are_fingerprinted() {
        let cut =
            br#"{"State":"Succeeded","Token" : "FINAL-TOKEN-XYZ","Image":"iVBORw0KGgoAAAANSUhEU"#;
        let shown = body(cut, 500);
        assert!(!shown.contains("FINAL-TOKEN-XYZ"), "{shown}");
        assert!(shown.contains(&fingerprint("FINAL-TOKEN-XYZ")));
        let trailing = br#"{"ConfirmationToken":"CONF-1"} junk"#;
        assert!(!body(trailing, 500).contains("CONF-1"));
        let cut_inside = br#"{"token":"HALF-A-TOK"#;
        assert!(!body(cut_inside, 500).contains("HALF-A-TOK"));
    }

    #[test]
    fn a_token_field_after_a_value_that_looks_like_a_key_is_fingerprinted() {
        let chained = br#"{"Token":"Token":"FINAL-TOKEN-XYZ""#;
        assert!(!body(chained, 500).contains("FINAL-TOKEN-XYZ"));
        let escaped = br#"{"Token":"FINAL\"-TOKEN-XYZ"  junk"#;
        let shown = body(escaped, 500);
        assert!(!shown.contains("TOKEN-XYZ"), "{shown}");
    }

    #[test]
    fn non_json_body_becomes_an_excerpt() {
        let shown = body(b"<html><body>502 Bad Gateway</body></html>", 30);
        assert_eq!(shown.chars().count(), 30);
        assert!(shown.starts_with("<html><body>502 Bad Gateway"));
    }
}
