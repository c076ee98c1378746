//! The protocol and the login flow: no UI, no terminal.

pub mod client;
mod echo;
pub mod endpoint;
pub mod flow;
pub mod hints;
pub mod input;
pub mod proxy;
mod user_info;
pub mod wire;

pub use client::{CheckError, ClientConfig, ClientOptionError, ClientOptions, TokenClient};
pub use flow::{Credentials, Factor, LoginFlow, Next, Prompt, Stop, TokenRequest};
pub use wire::{Fault, Outcome, Success, UserInfo};
