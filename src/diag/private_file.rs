//! Files that hold diagnostics are created readable by their owner only.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

/// Opens `path` for writing (appending, or replacing), creating it with mode 0600.
///
/// An existing file keeps its mode (see [`shared_mode`]).
pub fn open(path: &Path, append: bool) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true);
    if append {
        options.append(true);
    } else {
        options.write(true).truncate(true);
    }
    private(&mut options).open(path)
}

/// Creates `path` with mode 0600, failing with `AlreadyExists` when anything is there already, a symlink
/// included (O_CREAT | O_EXCL: nothing planted at that name is followed or overwritten).
pub fn create_new(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    private(&mut options).open(path)
}

/// The mode of the open `file` when others may read or write it (any group or other bit), else `None`.
pub fn shared_mode(file: &File) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = file.metadata().ok()?.permissions().mode() & 0o7777;
        (mode & 0o077 != 0).then_some(mode)
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        None
    }
}

fn private(options: &mut OpenOptions) -> &mut OpenOptions {
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(options, 0o600);
    options
}
