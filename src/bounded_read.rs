//! Reading a file the user names (config, CA bundle, scenarios, stored records, logs): regular files only,
//! opened without blocking, and never more than a limit, so a FIFO, `/dev/zero` or a runaway file is an
//! error at once, not a hang or unbounded memory.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// The most any such file may hold: far beyond a real config or CA bundle.
pub(crate) const MAX_BYTES: u64 = 4 * 1024 * 1024;

/// Opens `path` for reading when it is a regular file (a symlink to one is followed). A FIFO, socket or
/// device is refused at once, naming what it is: on Unix the open itself cannot block (`O_NONBLOCK`),
/// and the kind is taken from the opened file, so nothing can be swapped in between.
pub(crate) fn open_regular(path: &Path) -> io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(path)?;
    let kind = file.metadata()?.file_type();
    if kind.is_file() {
        return Ok(file);
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("it is {}, not a regular file", describe(&kind)),
    ))
}

/// What kind of file `kind` is, for messages: "a FIFO", "a device", "a folder".
fn describe(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        "a folder"
    } else {
        "not a file"
    }
}

/// The bytes of `path`, a regular file, or an error when it holds more than `max` bytes.
pub(crate) fn read_capped(path: &Path, max: u64) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    open_regular(path)?.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(io::Error::new(
            io::ErrorKind::FileTooLarge,
            if max >= 1024 * 1024 {
                format!("it holds more than {} MiB", max / (1024 * 1024))
            } else {
                format!("it holds more than {} KiB", max / 1024)
            },
        ));
    }
    Ok(bytes)
}

/// The bytes of `path`, a regular file, or an error when it holds more than [`MAX_BYTES`].
pub(crate) fn read(path: &Path) -> io::Result<Vec<u8>> {
    read_capped(path, MAX_BYTES)
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

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use super::*;

    #[test]
    fn a_device_is_refused_not_read() {
        for device in ["/dev/zero", "/dev/null"] {
            let err = read(Path::new(device)).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{device}");
            assert!(err.to_string().contains("a device"), "{err}");
        }
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("zero");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        assert!(read(&link).unwrap_err().to_string().contains("a device"));
    }

    #[test]
    fn a_fifo_is_refused_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        let err = read(&fifo).unwrap_err();
        assert!(err.to_string().contains("a FIFO"), "{err}");
        assert!(read(dir.path()).is_err(), "a folder");
    }

    #[test]
    fn a_file_over_the_cap_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big");
        std::fs::write(&path, vec![b'x'; 2049]).unwrap();
        let err = read_capped(&path, 2048).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::FileTooLarge);
        assert!(err.to_string().contains("more than 2 KiB"), "{err}");
        assert_eq!(read_capped(&path, 4096).unwrap().len(), 2049);
    }
}
