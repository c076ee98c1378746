//! Fuzzes the token endpoint's response classification: any status, headers and body, a token planted in it.
#![no_main]

#[path = "../../tests/it/invariants/mod.rs"]
mod invariants;

use invariants::{Answer, Planted, alphanumeric, check_classify};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (
    u16,
    Option<&str>,
    Option<&str>,
    &[u8],
    [u8; 16],
    &[u8],
    bool
)| {
    let (status, content_type, retry_after, before, seed, after, truncated) = input;
    let secret = alphanumeric(&seed);
    check_classify(&Answer {
        status,
        content_type,
        retry_after,
        body: Planted {
            before,
            secret: &secret,
            after,
        },
        truncated,
    });
});
