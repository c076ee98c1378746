//! Diagnostics: exchange records, redaction, sanitising server text, the exchange log and the report.

pub mod attempts;
pub mod exchange;
pub mod log;
pub mod log_reader;
mod private_file;
pub mod redact;
pub mod report;
pub mod run_context;
pub mod sanitize;

pub use exchange::{Exchange, OutcomeKind};
pub(crate) use private_file::mode_open_to_others;
pub use run_context::RunContext;
