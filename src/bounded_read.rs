//! Reading a file the user names (config, CA bundle, scenarios): never more than a limit, so `/dev/zero`
//! or a runaway file is an error, not unbounded memory.

use std::io::{self, Read};
use std::path::Path;

/// The most any such file may hold: far beyond a real config or CA bundle.
pub(crate) const MAX_BYTES: u64 = 4 * 1024 * 1024;

/// The bytes of `path`, or an error when it holds more than [`MAX_BYTES`].
pub(crate) fn read(path: &Path) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(io::Error::new(
            io::ErrorKind::FileTooLarge,
            format!("it holds more than {} MiB", MAX_BYTES / (1024 * 1024)),
        ));
    }
    Ok(bytes)
}

/// The text of `path` (UTF-8), or an error when it holds more than [`MAX_BYTES`].
pub(crate) fn read_to_string(path: &Path) -> io::Result<String> {
    String::from_utf8(read(path)?).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        )
    })
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn an_endless_file_is_an_error_not_a_hang() {
        let err = read(Path::new("/dev/zero")).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::FileTooLarge);
        assert!(err.to_string().contains("more than 4 MiB"), "{err}");
        assert_eq!(read(Path::new("/dev/null")).unwrap(), b"");
    }
}
