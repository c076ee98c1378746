//! Files that hold diagnostics are created readable by their owner only.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

/// Opens `path` for writing (appending, or replacing), creating it with mode 0600.
pub fn open(path: &Path, append: bool) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true);
    if append {
        options.append(true);
    } else {
        options.write(true).truncate(true);
    }
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}
