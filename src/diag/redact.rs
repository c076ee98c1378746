//! The one redaction used by the timeline, the log and the report: secrets become markers or fingerprints,
//! and a server's text that holds one is withheld whole.
//!
//! Only what the server sent is checked for secrets (Step, Reason, messages, bodies, header values,
//! user-info fields). The tool's own sentences (hints, advice, prompts, headings) never hold a secret and
//! are never touched: a password that is an ordinary word ("password", "wrong") must not turn
//! "The username or password is wrong" into a sentence with a hole the word fits in.

use sha2::{Digest, Sha256};
use zeroize::Zeroize;

use super::sanitize::{excerpt, prefix, sanitize};

/// How a header's value is shown in diagnostics.
enum Rule {
    /// Shown as a fixed marker that says only whether it was empty.
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

/// The marker of a password, PIN or code: whether it was empty, never its length (a length narrows a
/// guess, and next to the server's words can give a short password away).
pub fn hidden(secret: &str) -> String {
    if secret.is_empty() {
        HIDDEN_EMPTY.to_string()
    } else {
        HIDDEN.to_string()
    }
}

/// The marker of a password, PIN or code that was sent.
pub const HIDDEN: &str = "[redacted]";
/// The marker of a password, PIN or code header that was sent empty.
pub const HIDDEN_EMPTY: &str = "[redacted, empty]";

/// A token as logs and reports show it: its SHA-256 prefix, marked (`[token #2c1668]`). Equal tokens give
/// equal fingerprints; no character of the token itself is shown.
pub fn fingerprint(token: &str) -> String {
    format!("[token #{}]", hash_prefix(token))
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

/// A URL (an API base, a proxy) as it may be shown: any user name and password in it replaced by `***`;
/// text that is not a URL but holds an `@` is not shown at all.
pub fn without_credentials(value: &str) -> String {
    match reqwest::Url::parse(value) {
        Ok(mut url) if url.has_host() => {
            if url.username().is_empty() && url.password().is_none() {
                return sanitize(value);
            }
            let _ = url.set_username("***");
            let _ = url.set_password(None);
            sanitize(url.as_str())
        }
        _ if value.contains('@') => "(set, not shown: it holds a credential)".to_string(),
        _ => sanitize(value),
    }
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

/// Which secret a request (or the answer itself) carried: what a withheld text names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SecretKind {
    Password,
    Pin,
    Code,
    AppKey,
    /// An interim or final token.
    Token,
}

impl SecretKind {
    /// How a withheld text names it.
    fn name(self) -> &'static str {
        match self {
            SecretKind::Password => "the password",
            SecretKind::Pin => "the PIN",
            SecretKind::Code => "the verification code",
            SecretKind::AppKey => "the app key",
            SecretKind::Token => "a token",
        }
    }

    /// The secret a request header carries, if it carries one.
    fn of_header(name: &str) -> Option<SecretKind> {
        match name.to_ascii_lowercase().as_str() {
            "password" => Some(SecretKind::Password),
            "pincode" => Some(SecretKind::Pin),
            "verificationcode" => Some(SecretKind::Code),
            "et-app-key" => Some(SecretKind::AppKey),
            "authorization" => Some(SecretKind::Token),
            _ => None,
        }
    }
}

/// How every withheld text starts.
const WITHHELD_START: &str = "[withheld: the server's text held ";

/// What is shown instead of a server's text that held the secrets `kinds` (sorted, at least one): the
/// whole text goes, so no word next to the secret is left to give it away.
pub fn withheld(kinds: &[SecretKind]) -> String {
    let names: Vec<&str> = kinds.iter().map(|kind| kind.name()).collect();
    let listed = match names.split_last() {
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => "a secret".to_string(),
    };
    format!("{WITHHELD_START}{listed}]")
}

/// Whether `text` is what [`withheld`] shows instead of a server's text: it says nothing of what the
/// server meant, so advice cannot be drawn from its words.
pub fn is_withheld(text: &str) -> bool {
    const KINDS: [SecretKind; 5] = [
        SecretKind::Password,
        SecretKind::Pin,
        SecretKind::Code,
        SecretKind::AppKey,
        SecretKind::Token,
    ];
    let Some(listed) = text
        .strip_prefix(WITHHELD_START)
        .and_then(|rest| rest.strip_suffix(']'))
    else {
        return false;
    };
    let listed = listed.replacen(" and ", ", ", 1);
    listed
        .split(", ")
        .all(|name| KINDS.iter().any(|kind| kind.name() == name))
}

/// The secret values a request carried, each with its kind: a server's text that holds one is withheld
/// whole. No `Debug`, and wiped when dropped: it holds secrets.
pub struct Secrets(Vec<Known>);

/// One secret, in the forms a server's text may hold it.
struct Known {
    kind: SecretKind,
    /// As the text would show it ([`folded`]), and as a JSON string would (quotes and backslashes
    /// escaped), when that differs; never empty.
    forms: Vec<Vec<char>>,
}

impl Drop for Known {
    fn drop(&mut self) {
        for form in &mut self.forms {
            form.zeroize();
        }
    }
}

/// A cut-off text (ending in `…`) that ends with this many characters of a secret's start is withheld:
/// fewer would withhold most cut texts for a secret as common as a digit.
const CUT_PREFIX_CHARS: usize = 3;

/// `text` as it is compared: sanitised, lower-cased, each run of whitespace one space.
fn folded(text: &str) -> String {
    let lower = sanitize(text).to_lowercase();
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Secrets {
    /// The values of `headers` that diagnostics never show whole: password, PIN, code, app key and
    /// bearer token, however short (a short one is the easiest to read back from its neighbours).
    pub fn of(headers: &[(&str, &str)]) -> Secrets {
        let mut secrets = Secrets(Vec::new());
        for (name, value) in headers {
            let Some(kind) = SecretKind::of_header(name) else {
                continue;
            };
            let value = match kind {
                SecretKind::Token => value.split_once(' ').map_or(*value, |(_, token)| token),
                _ => value,
            };
            secrets.add(kind, value);
        }
        secrets
    }

    /// These secrets and `value` of `kind` (the token an answer carries, say).
    pub fn with(mut self, kind: SecretKind, value: &str) -> Secrets {
        self.add(kind, value);
        self
    }

    fn add(&mut self, kind: SecretKind, value: &str) {
        let mut forms: Vec<Vec<char>> = Vec::new();
        let escaped = serde_json::to_string(value).unwrap_or_default();
        let escaped = escaped
            .strip_prefix('"')
            .and_then(|e| e.strip_suffix('"'))
            .unwrap_or_default();
        for form in [folded(value), folded(escaped)] {
            let chars: Vec<char> = form.chars().collect();
            if !chars.is_empty() && !forms.contains(&chars) {
                forms.push(chars);
            }
        }
        if !forms.is_empty() {
            self.0.push(Known { kind, forms });
        }
    }

    /// The kinds of secret `text` holds (case and spacing aside), sorted; a secret whose start is cut
    /// off by an excerpt's `…` counts.
    pub fn held(&self, text: &str) -> Vec<SecretKind> {
        let shown: Vec<char> = folded(text).chars().collect();
        let cut = shown.strip_suffix(&['…']);
        let mut kinds: Vec<SecretKind> = self
            .0
            .iter()
            .filter(|known| {
                known.forms.iter().any(|form| {
                    holds(&shown, form)
                        || cut.is_some_and(|cut| {
                            let least = CUT_PREFIX_CHARS.min(form.len() - 1).max(1);
                            (least..form.len()).any(|at| cut.ends_with(&form[..at]))
                        })
                })
            })
            .map(|known| known.kind)
            .collect();
        kinds.sort();
        kinds.dedup();
        kinds
    }

    /// A server's `text` as diagnostics and screens may show it: as it is, or, when it holds a secret,
    /// withheld whole, naming the secret. Never a marker in the secret's place.
    pub fn withhold(&self, text: &str) -> String {
        let kinds = self.held(text);
        if kinds.is_empty() || is_withheld(text) {
            text.to_string()
        } else {
            withheld(&kinds)
        }
    }
}

fn holds(text: &[char], secret: &[char]) -> bool {
    text.windows(secret.len()).any(|window| window == secret)
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
    fn factor_markers_say_only_whether_the_value_was_empty() {
        for (name, value) in [
            ("Password", "hunter2!"),
            ("Password", "password"),
            ("pincode", "1234"),
            ("VerificationCode", "123456"),
            ("PASSWORD", "x"),
        ] {
            let shown = header_value(name, value);
            assert_eq!(shown, "[redacted]", "{name}: {value}");
            assert!(!shown.chars().any(|c| c.is_ascii_digit()), "{shown}");
        }
        assert_eq!(header_value("Password", ""), "[redacted, empty]");
        assert_eq!(header_value("PinCode", ""), "[redacted, empty]");
        assert_eq!(hidden("a long passphrase of many words"), hidden("ab"));
    }

    #[test]
    fn bearer_tokens_are_fingerprinted_consistently() {
        let a = header_value("Authorization", "Bearer SECRET-INTERIM-TOKEN-1");
        let b = header_value("authorization", "Bearer SECRET-INTERIM-TOKEN-1");
        let c = header_value("Authorization", "Bearer SECRET-INTERIM-TOKEN-2");
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert!(a.starts_with("Bearer [token #"), "{a}");
        assert!(!a.contains("SECR"), "no character of the token: {a}");
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
    fn a_reason_holding_the_password_is_withheld_whole_naming_it() {
        let secrets = Secrets::of(&[("Password", "credentials"), ("Username", "alice")]);
        let shown = secrets.withhold("Invalid credentials");
        assert_eq!(shown, "[withheld: the server's text held the password]");
        assert!(!shown.contains("Invalid") && !shown.contains("credentials"));
        // Case and spacing do not hide it.
        assert!(is_withheld(&secrets.withhold("INVALID  Credentials")));
        // A text without it is left as it is, word for word.
        assert_eq!(secrets.withhold("Invalid password"), "Invalid password");
    }

    #[test]
    fn ordinary_word_passwords_withhold_server_text_and_no_marker_takes_their_place() {
        for password in ["password", "credentials", "wrong", "a"] {
            let secrets = Secrets::of(&[("Password", password)]);
            for reason in [
                format!("The username or {password} is wrong"),
                format!("Invalid {password}"),
                format!("{password}!"),
            ] {
                let shown = secrets.withhold(&reason);
                assert_eq!(shown, withheld(&[SecretKind::Password]), "{reason}");
                assert!(!shown.contains("[redacted"), "{shown}");
            }
        }
    }

    #[test]
    fn short_secrets_are_withheld_too() {
        let secrets = Secrets::of(&[("PinCode", "12"), ("VerificationCode", "7")]);
        assert_eq!(
            secrets.withhold("PIN 12 is wrong"),
            "[withheld: the server's text held the PIN]"
        );
        assert_eq!(
            secrets.withhold("code 7 and PIN 12 both wrong"),
            "[withheld: the server's text held the PIN and the verification code]"
        );
        assert_eq!(secrets.withhold("Invalid pin"), "Invalid pin");
    }

    #[test]
    fn every_secret_held_is_named_and_an_empty_one_matches_nothing() {
        let sent = [
            ("Password", "hunter2-zK"),
            ("Authorization", "Bearer TOKEN-0123456789"),
            ("Et-App-Key", "APPKEY-0123"),
            ("PinCode", ""),
            ("Username", "alice"),
        ];
        let secrets = Secrets::of(&sent);
        assert_eq!(
            secrets.withhold("hunter2-zK TOKEN-0123456789 appkey-0123"),
            "[withheld: the server's text held the password, the app key and a token]"
        );
        assert_eq!(
            secrets.withhold("bad password for alice"),
            "bad password for alice"
        );
        assert_eq!(secrets.withhold(""), "");
    }

    #[test]
    fn a_secret_cut_off_by_an_excerpt_is_withheld() {
        let secrets = Secrets::of(&[("Authorization", "Bearer TOKEN-0123456789")]);
        assert_eq!(
            secrets.withhold("rejected: TOKEN-0123…"),
            "[withheld: the server's text held a token]"
        );
        let password = Secrets::of(&[("Password", "credentials")]);
        assert!(is_withheld(
            &password.withhold(r#"{"Reason":"Invalid cre…"#)
        ));
        // Two characters of its start are too common to withhold for.
        assert_eq!(password.withhold("Invalid cr…"), "Invalid cr…");
        assert_eq!(password.withhold("Invalid …"), "Invalid …");
    }

    #[test]
    fn a_secret_in_json_escaped_form_is_found() {
        let secrets = Secrets::of(&[("Password", r#"pa"ss\word"#)]);
        let text = format!(r#"{{"Reason":{}}}"#, serde_json::json!(r#"bad pa"ss\word"#));
        assert!(text.contains(r#"pa\"ss\\word"#), "{text}");
        assert!(is_withheld(&secrets.withhold(&text)), "{text}");
    }

    #[test]
    fn a_withheld_text_is_left_as_it_is_and_a_lookalike_is_not() {
        // Checked twice (in the outcome, then in the record), it still names what it held.
        let once = withheld(&[SecretKind::Password]);
        let pin = Secrets::of(&[("PinCode", "the password")]);
        assert_eq!(pin.withhold(&once), once);
        let secrets = Secrets::of(&[("Password", "hunter2")]);
        let smuggled = "[withheld: the server's text held the password] hunter2]";
        assert!(!is_withheld(smuggled));
        assert_eq!(secrets.withhold(smuggled), once);
    }

    #[test]
    fn non_json_body_becomes_an_excerpt() {
        let shown = body(b"<html><body>502 Bad Gateway</body></html>", 30);
        assert_eq!(shown.chars().count(), 30);
        assert!(shown.starts_with("<html><body>502 Bad Gateway"));
    }

    #[test]
    fn credentials_in_a_url_are_never_shown() {
        let shown = without_credentials("http://alice:s3cret@proxy.corp:3128");
        assert!(
            !shown.contains("s3cret") && !shown.contains("alice"),
            "{shown}"
        );
        assert!(shown.contains("proxy.corp:3128"));
        assert_eq!(
            without_credentials("alice:s3cret@proxy"),
            "(set, not shown: it holds a credential)"
        );
        assert_eq!(
            without_credentials("http://proxy.corp:3128"),
            "http://proxy.corp:3128"
        );
    }
}
