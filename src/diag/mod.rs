//! Diagnostics: exchange records, redaction, sanitising server text, hints, and the exchange log.

pub mod exchange;
pub mod hints;
pub mod log;
pub mod redact;
pub mod sanitize;

pub use exchange::Exchange;
