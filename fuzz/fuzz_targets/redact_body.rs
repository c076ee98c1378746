//! Fuzzes the redaction of response bodies (any bytes around a planted token, whole and cut off), and the
//! withholding of a server's text that echoes a password among the same bytes.
#![no_main]

#[path = "../../tests/it/invariants/mod.rs"]
mod invariants;

use invariants::{Planted, alphanumeric, check_body_redaction, check_withholding};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&[u8], [u8; 16], &[u8], u16, usize)| {
    let (before, seed, after, max_chars, cut) = input;
    let secret = alphanumeric(&seed);
    let planted = Planted {
        before,
        secret: &secret,
        after,
    };
    check_body_redaction(&planted, usize::from(max_chars), cut);
    check_withholding(&planted, usize::from(max_chars));
});
