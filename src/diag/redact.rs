//! The one redaction used by the timeline, the log and the report: secrets become markers or fingerprints.

use sha2::{Digest, Sha256};

use super::sanitize::{excerpt, prefix, sanitize};

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
    let head: String = sanitize(prefix(token, 64)).chars().take(4).collect();
    format!("{head}…#{}", hash_prefix(token))
}

/// The first six hex digits of the token's SHA-256: the part of a fingerprint that reveals nothing.
pub fn hash_prefix(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().take(3).map(|b| format!("{b:02x}")).collect()
}

/// The first four characters of an app key and its length.
pub fn partial(key: &str) -> String {
    let head: String = sanitize(prefix(key, 64)).chars().take(4).collect();
    format!("{head}…({} chars)", key.chars().count())
}

/// A header value as diagnostics may show it.
pub fn header_value(name: &str, value: &str) -> String {
    match rule_for_header(name) {
        Rule::Hidden => hidden(value),
        Rule::Partial => partial(value),
        Rule::Fingerprint => match value.split_once(' ') {
            Some((scheme, token)) => format!("{} {}", excerpt(scheme, 20), fingerprint(token)),
            None => fingerprint(value),
        },
        Rule::Plain => excerpt(value, MAX_HEADER_CHARS),
    }
}

/// The secret values a request carried, each with what may be shown in its place: to take out of the
/// answer's text a server that echoes them. No `Debug`: it holds secrets.
pub struct Secrets(Vec<(String, String)>);

/// Secrets shorter than this are not searched for: a short PIN would match digits anywhere.
const MIN_SECRET_CHARS: usize = 4;

impl Secrets {
    /// The values of `headers` that diagnostics never show whole.
    pub fn of(headers: &[(&str, &str)]) -> Secrets {
        let mut secrets = Vec::new();
        for (name, value) in headers {
            let value = match rule_for_header(name) {
                Rule::Plain => continue,
                Rule::Fingerprint => value.split_once(' ').map_or(*value, |(_, token)| token),
                Rule::Hidden | Rule::Partial => value,
            };
            if value.chars().count() >= MIN_SECRET_CHARS {
                secrets.push((value.to_string(), header_value(name, value)));
            }
        }
        Secrets(secrets)
    }

    /// `text` (a short excerpt) with every secret replaced by what may be shown of it, and a secret cut
    /// off by the excerpt's `…` taken out too.
    pub fn hide(&self, text: &str) -> String {
        let mut shown = text.to_string();
        for (secret, instead) in &self.0 {
            shown = shown.replace(secret.as_str(), instead);
            if let Some(cut) = shown.strip_suffix('…') {
                let head = (MIN_SECRET_CHARS..secret.len())
                    .rev()
                    .filter(|at| secret.is_char_boundary(*at))
                    .find(|at| cut.ends_with(&secret[..*at]));
                if let Some(at) = head {
                    shown = format!("{}{instead}…", &cut[..cut.len() - at]);
                }
            }
        }
        shown
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
///
/// Its cost is bounded whatever the body: only a body of few values is parsed whole (a tree of megabytes
/// of tiny values would take many times their size), and only the start of any other is looked at.
pub fn body(raw: &[u8], max_chars: usize) -> String {
    let values = raw
        .iter()
        .filter(|b| matches!(b, b',' | b':' | b'[' | b'{'))
        .count();
    if values <= MAX_JSON_VALUES
        && let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(raw)
    {
        redact_json(&mut value, max_chars);
        return excerpt(&json_start(&value, max_chars), max_chars);
    }
    let start = &raw[..raw.len().min(SCAN_BYTES.max(max_chars.saturating_mul(8)))];
    excerpt(
        &scrub_token_fields(&String::from_utf8_lossy(start)),
        max_chars,
    )
}

/// How many values (counted by `,` `:` `[` `{`) a body may hold to be parsed whole: a real answer has a
/// dozen.
const MAX_JSON_VALUES: usize = 4096;
/// The most of a body that is looked at when it is not parsed whole.
const SCAN_BYTES: usize = 64 * 1024;
/// The longest header value shown.
const MAX_HEADER_CHARS: usize = 200;

/// The start of `value` as JSON text: enough for an excerpt of `max_chars`, not the whole of it.
fn json_start(value: &serde_json::Value, max_chars: usize) -> String {
    let mut start = Capped {
        bytes: Vec::new(),
        cap: max_chars.saturating_mul(4).saturating_add(64),
    };
    // Stops with an error once the cap is reached: what was written by then is the point.
    let _ = serde_json::to_writer(&mut start, value);
    String::from_utf8_lossy(&start.bytes).into_owned()
}

/// A writer that takes `cap` bytes, then refuses more.
struct Capped {
    bytes: Vec<u8>,
    cap: usize,
}

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let room = self.cap.saturating_sub(self.bytes.len());
        if room == 0 {
            return Err(std::io::Error::other("enough for an excerpt"));
        }
        let taken = buf.len().min(room);
        self.bytes.extend_from_slice(&buf[..taken]);
        Ok(taken)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
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

/// Fingerprints the tokens in `value`, and makes its text sanitised excerpts of at most `max_chars`.
fn redact_json(value: &mut serde_json::Value, max_chars: usize) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            for (key, field) in map.iter_mut() {
                match field {
                    Value::String(s) if is_token_field(key) => *s = fingerprint(s),
                    Value::String(s) if key.eq_ignore_ascii_case("image") => {
                        *s = format!("[image, {} bytes]", s.len())
                    }
                    Value::String(s) => *s = excerpt(s, max_chars),
                    other => redact_json(other, max_chars),
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| redact_json(item, max_chars)),
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
    fn secrets_a_server_echoes_are_hidden_even_when_cut_off() {
        let sent = [
            ("Password", "hunter2-zK"),
            ("Authorization", "Bearer TOKEN-0123456789"),
            ("PinCode", "12"),
            ("Username", "alice"),
        ];
        let secrets = Secrets::of(&sent);
        let shown = secrets.hide("bad password hunter2-zK for alice, 12 tries");
        assert_eq!(
            shown,
            "bad password [redacted, 10 chars] for alice, 12 tries"
        );
        let cut = secrets.hide("rejected: TOKEN-0123…");
        assert!(!cut.contains("TOKEN-0"), "{cut}");
        assert!(
            cut.ends_with(&format!("{}…", fingerprint("TOKEN-0123456789"))),
            "{cut}"
        );
    }

    #[test]
    fn non_json_body_becomes_an_excerpt() {
        let shown = body(b"<html><body>502 Bad Gateway</body></html>", 30);
        assert_eq!(shown.chars().count(), 30);
        assert!(shown.starts_with("<html><body>502 Bad Gateway"));
    }
}
