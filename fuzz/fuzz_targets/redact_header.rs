//! Fuzzes the redaction of request headers: any name and value.
#![no_main]

#[path = "../../tests/it/invariants/mod.rs"]
mod invariants;

use invariants::check_header_redaction;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&str, &str)| {
    let (name, value) = input;
    check_header_redaction(name, value);
});
