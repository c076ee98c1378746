//! The integration tests, in one test binary: each module here was a binary of its own, and each of
//! those linked the whole app. Shared harness first, then one module per area (see CONTRIBUTING.md).
//! Only `tests/hostile_server.rs` stays apart: it measures its children's peak memory, which needs a
//! small parent.

// Tests may unwrap (a failed unwrap is a failed test) and print what they measured.
#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

mod common;
mod invariants;
mod key_probes;
mod pty;
mod screen_colours;
mod screen_text;

mod client_faults;
mod clipboard;
mod completions_and_man;
mod doc_links;
mod doctor;
mod fits_80_columns;
mod hostile_input;
mod inspect;
mod inspect_screens;
mod leaks;
mod line_mode;
mod line_mode_steps;
mod login_flows;
mod plain_words;
mod properties;
mod sandbox_server;
mod script_login;
mod session_lock;
mod sessions;
mod stored_records;
mod terminal_conventions;
mod tui_pty;
mod tui_screens;
mod tui_sessions;
mod version;
