//! autoshares-login: a terminal login assistant for the AutoShares (ETNA Trader) token endpoint.

pub mod auth;
pub mod cli;
pub mod clipboard;
pub mod demo;
pub mod diag;
pub mod exit;
pub mod line_mode;
pub mod sandbox;
pub mod tty;
pub mod tui;
