//! autoshares-login: a terminal login assistant for the AutoShares (ETNA Trader) token endpoint.

pub mod app;
pub mod auth;
pub(crate) mod bounded_read;
pub mod build_info;
pub mod cli;
pub mod clipboard;
pub mod commands;
pub mod console;
pub mod demo;
pub mod diag;
pub mod doctor;
pub mod exit;
pub mod generate;
pub mod inspect;
pub mod line_mode;
pub mod runtime;
pub mod sandbox;
pub mod session;
pub(crate) mod signals;
pub mod tty;
pub mod tui;
