//! Unguessable sandbox tokens: a counter run through SipHash under a key drawn at start-up.

use std::hash::{BuildHasher, RandomState};

/// Mints a new random-looking token on every call.
pub(crate) struct Mint {
    key: RandomState,
    issued: u64,
}

impl Mint {
    pub(crate) fn new() -> Mint {
        Mint {
            key: RandomState::new(),
            issued: 0,
        }
    }

    /// 64 hex digits, a fresh value each call.
    pub(crate) fn next(&mut self) -> String {
        self.issued += 1;
        (0u8..4)
            .map(|lane| format!("{:016x}", self.key.hash_one((self.issued, lane))))
            .collect()
    }
}
