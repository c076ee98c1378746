//! No keyring on this system: every call says so, and `auto` uses the file.

pub const NAME: &str = "the keyring";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyringError {
    #[error("no keyring service is running ({0}); start one, or use `--store file`")]
    NoService(String),
    #[error("the keyring is locked; unlock it, or use `--store file`")]
    Locked,
    #[error("the keyring declined: {0}; allow it, or use `--store file`")]
    Declined(String),
    #[error("the keyring did not answer within {0} s; unlock it, or use `--store file`")]
    Timeout(u64),
    #[error("the keyring item {account} is damaged ({detail})")]
    Damaged { account: String, detail: String },
    #[error("the keyring failed: {0}; or use `--store file`")]
    Failed(String),
}

fn none() -> KeyringError {
    KeyringError::NoService("there is no keyring on this system".into())
}

pub fn get(_account: &str) -> Result<Option<String>, KeyringError> {
    Err(none())
}

pub fn set(_account: &str, _secret: String) -> Result<(), KeyringError> {
    Err(none())
}

pub fn delete(_account: &str) -> Result<bool, KeyringError> {
    Err(none())
}

pub fn ready() -> Result<(), KeyringError> {
    Err(none())
}
