//! Fuzzes the sanitiser and the excerpt: any bytes, read as text.
#![no_main]

#[path = "../../tests/it/invariants/mod.rs"]
mod invariants;

use invariants::check_sanitize;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&max_chars, text)) = data.split_first() else {
        return;
    };
    check_sanitize(&String::from_utf8_lossy(text), usize::from(max_chars));
});
