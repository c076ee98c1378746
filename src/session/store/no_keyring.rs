//! No keyring on this system: every call says so, and `auto` uses the file.

pub const NAME: &str = "the keyring";

const NONE: &str = "there is no keyring on this system";

pub fn get(_account: &str) -> Result<Option<String>, String> {
    Err(NONE.into())
}

pub fn set(_account: &str, _secret: String) -> Result<(), String> {
    Err(NONE.into())
}

pub fn delete(_account: &str) -> Result<bool, String> {
    Err(NONE.into())
}
