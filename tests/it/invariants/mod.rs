//! What must hold for any bytes a server or a file can send: the response classification, the redaction,
//! the sanitiser and the scenarios parser never panic, never pass a secret on, never let a control
//! character through. Each check panics when an invariant fails. Shared by the property tests
//! (`tests/properties.rs`) and the fuzz targets (`fuzz/`).
// Each user (a test crate, a fuzz target) uses a different part of this module.
#![allow(dead_code)]

use std::time::Duration;

use autoshares_login::auth::wire::{Outcome, RawResponse, classify};
use autoshares_login::diag::{redact, sanitize};
use autoshares_login::sandbox::Scenarios;
use secrecy::ExposeSecret;

/// A secret planted in hostile bytes as the value of a `"Token"` field: the bytes around it are
/// anything at all, so the body may be JSON, cut-off JSON, or no JSON.
#[derive(Debug)]
pub struct Planted<'a> {
    pub before: &'a [u8],
    pub secret: &'a str,
    pub after: &'a [u8],
}

impl Planted<'_> {
    /// Whether the planted secret can be told apart: letters and digits only (no quote to end the field
    /// early), long enough that a fingerprint's first four characters are not all of it.
    pub fn is_recognisable(&self) -> bool {
        self.secret.len() >= 12
            && self.secret.bytes().all(|b| b.is_ascii_alphanumeric())
            && !holds(self.before, self.secret)
            && !holds(self.after, self.secret)
    }

    /// `before` `secret` `after`, as text: a server's message that echoes the secret among anything.
    pub fn text(&self) -> String {
        let mut text = self.before.to_vec();
        text.extend_from_slice(self.secret.as_bytes());
        text.extend_from_slice(self.after);
        String::from_utf8_lossy(&text).into_owned()
    }

    /// `before` `"Token":"secret"` `after`.
    pub fn body(&self) -> Vec<u8> {
        let mut body = self.before.to_vec();
        body.extend_from_slice(format!("\"Token\":\"{}\"", self.secret).as_bytes());
        body.extend_from_slice(self.after);
        body
    }
}

/// A secret of letters and digits made from any bytes (one character per byte), for the fuzz targets.
pub fn alphanumeric(seed: &[u8]) -> String {
    const ALPHABET: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    seed.iter()
        .map(|&b| char::from(ALPHABET[usize::from(b) % ALPHABET.len()]))
        .collect()
}

/// Whether `bytes` hold `secret` once everything but letters and digits is dropped, as they are or as
/// the sanitiser shows them: it drops control characters, so `ab\x01cd` may rightly show as `abcd`, and
/// an escape sequence whole, letter and all, so `ab\x1bKcd` may show as `abcd` too.
fn holds(bytes: &[u8], secret: &str) -> bool {
    let letters = |bytes: &[u8]| -> Vec<u8> {
        bytes
            .iter()
            .copied()
            .filter(u8::is_ascii_alphanumeric)
            .collect()
    };
    let shown = sanitize::sanitize(&String::from_utf8_lossy(bytes));
    contains(&letters(bytes), secret.as_bytes())
        || contains(&letters(shown.as_bytes()), secret.as_bytes())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || haystack.windows(needle.len()).any(|w| w == needle)
}

/// Characters that must never reach a terminal from a server: C0, DEL, C1, and bidi controls.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` (named `what`) holds no control or bidi character.
pub fn assert_terminal_safe(what: &str, text: &str) {
    if let Some(c) = text.chars().find(|&c| is_unsafe(c)) {
        panic!("{what} lets {c:?} through: {text:?}");
    }
}

/// `text` (named `what`) does not hold `secret`.
fn assert_hides(what: &str, text: &str, secret: &str) {
    assert!(
        !text.contains(secret),
        "{what} shows the secret {secret:?}: {text:?}"
    );
}

/// The sanitiser and the excerpt: one safe line, trimmed, an excerpt no longer than asked.
pub fn check_sanitize(text: &str, max_chars: usize) {
    let clean = sanitize::sanitize(text);
    assert_terminal_safe("sanitize", &clean);
    assert_eq!(clean, clean.trim(), "sanitize trims");
    assert!(!clean.contains("  "), "sanitize folds spaces: {clean:?}");
    assert_eq!(sanitize::sanitize(&clean), clean, "sanitize is idempotent");
    let cut = sanitize::excerpt(text, max_chars);
    assert_terminal_safe("excerpt", &cut);
    assert!(
        cut.chars().count() <= max_chars.max(1),
        "an excerpt of {max_chars} chars has {}: {cut:?}",
        cut.chars().count()
    );
}

/// A response body as diagnostics show it: safe, within its length, the planted token never in it,
/// whole or cut off at `cut` (taken modulo its length).
pub fn check_body_redaction(planted: &Planted<'_>, max_chars: usize, cut: usize) {
    let whole = planted.body();
    let cut_off = &whole[..cut % (whole.len() + 1)];
    for body in [&whole[..], cut_off, planted.before] {
        let shown = redact::body(body, max_chars);
        assert_terminal_safe("the redacted body", &shown);
        assert!(shown.chars().count() <= max_chars.max(1), "{shown:?}");
        if planted.is_recognisable() {
            assert_hides("the redacted body", &shown, planted.secret);
        }
    }
}

/// A server's text that echoes a password (planted among any bytes, then cut to an excerpt of
/// `max_chars` at most, so it may be cut off too), checked against it: safe; the password never shown;
/// and either the excerpt word for word or withheld whole, naming the password: never a marker or a
/// length in the password's place, never part of the text kept around it.
pub fn check_withholding(planted: &Planted<'_>, max_chars: usize) {
    let text = sanitize::excerpt(&planted.text(), max_chars);
    let secrets = redact::Secrets::of(&[("Password", planted.secret), ("Username", "alice")]);
    let shown = secrets.withhold(&text);
    assert_terminal_safe("a withheld text", &shown);
    if shown != text {
        assert_eq!(
            shown, "[withheld: the server's text held the password]",
            "withheld whole, naming the password: {text:?}"
        );
    }
    if planted.is_recognisable() {
        assert_hides("a server's text", &shown, planted.secret);
    }
    if !planted.secret.is_empty() && text.contains(planted.secret) {
        assert!(redact::is_withheld(&shown), "{text:?} is withheld");
    }
    // Checked again (the outcome, then the record), it stays as it is.
    assert_eq!(secrets.withhold(&shown), shown, "withholding is idempotent");
}

/// A header value as diagnostics show it: safe; a password, PIN, code, bearer token or app key never
/// whole; a password, PIN or code as a marker that says whether it was empty and nothing more.
pub fn check_header_redaction(name: &str, value: &str) {
    let shown = redact::header_value(name, value);
    assert_terminal_safe("a redacted header", &shown);
    let secret_value = value.len() >= 12 && value.bytes().all(|b| b.is_ascii_alphanumeric());
    for secret_header in [
        "Password",
        "PINCODE",
        "verificationcode",
        "Et-App-Key",
        "Authorization",
    ] {
        let shown = redact::header_value(secret_header, value);
        assert_terminal_safe("a redacted header", &shown);
        if !matches!(secret_header, "Et-App-Key" | "Authorization") {
            let marker = if value.is_empty() {
                "[redacted, empty]"
            } else {
                "[redacted]"
            };
            assert_eq!(shown, marker, "{secret_header} shows no length");
        }
        if secret_value {
            assert_hides(secret_header, &shown, value);
            let bearer = redact::header_value(secret_header, &format!("Bearer {value}"));
            assert_hides(secret_header, &bearer, value);
        }
    }
}

/// One answer of the token endpoint, as hostile as a server can make it.
#[derive(Debug)]
pub struct Answer<'a> {
    pub status: u16,
    pub content_type: Option<&'a str>,
    pub retry_after: Option<&'a str>,
    pub body: Planted<'a>,
    pub truncated: bool,
}

/// The classification of any answer: no panic; everything it shows is safe and never the token; a
/// token it hands on is printable; a `Retry-After` is believed for a day at most.
pub fn check_classify(answer: &Answer<'_>) {
    let body = answer.body.body();
    let outcome = classify(RawResponse {
        status: answer.status,
        content_type: answer.content_type,
        retry_after: answer.retry_after,
        answered_at: std::time::SystemTime::UNIX_EPOCH
            + std::time::Duration::from_secs(1_000_000_000),
        body: &body,
        truncated_at: answer.truncated.then_some(body.len()),
    });
    let summary = outcome.summary();
    assert_terminal_safe("the outcome's summary", &summary);
    let debug = format!("{outcome:?}");
    // A header the server wrote the secret into itself may show it: the content type is shown as sent.
    let in_headers = [answer.content_type, answer.retry_after]
        .into_iter()
        .flatten()
        .any(|header| holds(header.as_bytes(), answer.body.secret));
    if answer.body.is_recognisable() && !in_headers {
        assert_hides("the outcome's summary", &summary, answer.body.secret);
        assert_hides("the outcome's Debug", &debug, answer.body.secret);
    }
    match &outcome {
        Outcome::Succeeded(success) => {
            assert_printable_token(success.token.expose_secret());
            if let Some(phrase) = &success.personal_phrase {
                assert_terminal_safe("the personal phrase", phrase);
            }
        }
        Outcome::Expecting(expecting) => {
            assert_printable_token(expecting.interim_token.expose_secret());
            assert_terminal_safe("the step", &expecting.step);
            assert_terminal_safe("the reason", &expecting.reason);
        }
        Outcome::Failed(failure) => {
            assert_terminal_safe("the step", &failure.step);
            assert_terminal_safe("the reason", &failure.reason);
        }
        Outcome::Fault(fault) => {
            if let autoshares_login::auth::Fault::RateLimited {
                retry_after: Some(wait),
                ..
            } = fault
            {
                assert!(*wait <= Duration::from_secs(24 * 60 * 60), "{wait:?}");
            }
        }
    }
}

fn assert_printable_token(token: &str) {
    assert!(!token.is_empty(), "an empty token is handed on");
    assert!(
        token.bytes().all(|b| b.is_ascii_graphic()),
        "a token with unprintable bytes is handed on: {token:?}"
    );
}

/// The scenarios parser on any text: no panic; what it accepts draws a banner with no control
/// character but its line breaks.
pub fn check_scenarios(text: &str) {
    if let Ok(scenarios) = Scenarios::parse(text) {
        let banner = scenarios.banner("http://127.0.0.1:8787/api");
        for line in banner.lines() {
            assert_terminal_safe("the sandbox banner", line);
        }
    }
}
