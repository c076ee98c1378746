//! Fuzzes the sandbox scenarios parser: any text as a scenarios file.
#![no_main]

#[path = "../../tests/it/invariants/mod.rs"]
mod invariants;

use invariants::check_scenarios;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        check_scenarios(text);
    }
});
