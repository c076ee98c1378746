//! Files that hold diagnostics: created readable by their owner only, never written through a symlink.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Opens `path` for appending, creating it with mode 0600; a symlink at `path` is refused, not followed,
/// and so is a named pipe or socket (opening one never blocks). A device such as `/dev/null` is allowed.
///
/// An existing file keeps its mode (see [`shared_mode`]).
pub(crate) fn open_append(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        &mut options,
        libc::O_NOFOLLOW | libc::O_NONBLOCK,
    );
    let opened = private(&mut options).open(path);
    #[cfg(unix)]
    let opened = opened.map_err(|e| match e.raw_os_error() {
        Some(libc::ELOOP) => io::Error::new(
            e.kind(),
            "it is a symbolic link, which is never written through",
        ),
        Some(libc::ENXIO) => not_a_file(),
        _ => e,
    });
    let file = opened?;
    let kind = file.metadata()?.file_type();
    if !kind.is_file() && !is_device(&kind) {
        return Err(not_a_file());
    }
    Ok(file)
}

fn not_a_file() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        "it is not a regular file (a named pipe, socket or device)",
    )
}

/// A character device (`/dev/null`, a terminal): written to, never replaced.
fn is_device(kind: &std::fs::FileType) -> bool {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileTypeExt::is_char_device(kind)
    }
    #[cfg(not(unix))]
    {
        let _ = kind;
        false
    }
}

/// Creates `path` with mode 0600, failing with `AlreadyExists` when anything is there already, a symlink
/// included (O_CREAT | O_EXCL: nothing planted at that name is followed or overwritten).
pub(crate) fn create_new(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    private(&mut options).open(path)
}

/// What was at a path before [`replace`] put a new file there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replaced {
    /// Nothing, or a file only its owner could read.
    Nothing,
    /// A file others could read or write, with this mode.
    Shared(u32),
    /// A symbolic link: the link itself is replaced, the file it pointed to left alone.
    Symlink,
}

/// Writes `bytes` to a new owner-only file beside `path` and renames it into place: whatever was at
/// `path` (a file of any mode, a symlink to a file or to nothing) is replaced whole, never written
/// through. A directory, device, named pipe or socket (or a symlink to one, such as `/dev/stdout`) is
/// refused and left alone. Returns what it replaced and the absolute path.
pub(crate) fn replace(path: &Path, bytes: &[u8]) -> io::Result<(PathBuf, Replaced)> {
    let path = std::path::absolute(path)?;
    let replaced = match std::fs::symlink_metadata(&path) {
        Ok(meta) if meta.file_type().is_symlink() => match std::fs::metadata(&path) {
            Ok(target) if !target.is_file() => return Err(not_replaceable(&target)),
            _ => Replaced::Symlink,
        },
        Ok(meta) if !meta.is_file() => return Err(not_replaceable(&meta)),
        Ok(meta) => mode_open_to_others(&meta).map_or(Replaced::Nothing, Replaced::Shared),
        Err(_) => Replaced::Nothing,
    };
    let (temporary, mut file) = create_beside(&path)?;
    let written = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| std::fs::rename(&temporary, &path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(e);
    }
    Ok((path, replaced))
}

/// Why a report is not put in place of `meta`'s directory, device, pipe or socket.
fn not_replaceable(meta: &std::fs::Metadata) -> io::Error {
    if meta.is_dir() {
        io::Error::new(io::ErrorKind::IsADirectory, "it is a directory")
    } else {
        not_a_file()
    }
}

/// A new owner-only file in `path`'s directory with a hidden name derived from `path`'s.
fn create_beside(path: &Path) -> io::Result<(PathBuf, File)> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "it names no file"))?
        .to_string_lossy();
    let mut last = None;
    for attempt in 0..100 {
        let temporary =
            path.with_file_name(format!(".{name}.{}-{attempt}.tmp", std::process::id()));
        match create_new(&temporary) {
            Ok(file) => return Ok((temporary, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::ErrorKind::AlreadyExists.into()))
}

/// The mode of the open `file` when others may read or write it (any group or other bit), else `None`.
/// A device such as `/dev/null` has no mode worth a warning.
pub(crate) fn shared_mode(file: &File) -> Option<u32> {
    let meta = file.metadata().ok()?;
    mode_open_to_others(&meta).filter(|_| meta.is_file())
}

/// The mode in `meta` when group or others have any permission, else `None`.
pub(crate) fn mode_open_to_others(meta: &std::fs::Metadata) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o7777;
        (mode & 0o077 != 0).then_some(mode)
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

fn private(options: &mut OpenOptions) -> &mut OpenOptions {
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(options, 0o600);
    options
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::symlink_metadata(path)
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    }

    #[test]
    fn replace_puts_a_new_private_file_in_place_of_whatever_was_there() {
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path();
        let target = dir.join("elsewhere");
        std::fs::write(&target, "keep").unwrap();
        let link = dir.join("link.md");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert_eq!(replace(&link, b"new").unwrap().1, Replaced::Symlink);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");
        assert_eq!(std::fs::read_to_string(&link).unwrap(), "new");
        assert_eq!(mode(&link), 0o600, "a file now, not a link");

        let open = dir.join("open.md");
        std::fs::write(&open, "old").unwrap();
        std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(replace(&open, b"new").unwrap().1, Replaced::Shared(0o644));
        assert_eq!(mode(&open), 0o600);
        assert_eq!(replace(&open, b"again").unwrap().1, Replaced::Nothing);
        assert_eq!(
            replace(&dir.join("fresh.md"), b"x").unwrap().1,
            Replaced::Nothing
        );
        assert!(replace(dir, b"x").is_err(), "a directory is not replaced");
        let left: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(left.is_empty(), "no temporary file left: {left:?}");
    }

    #[test]
    fn an_appended_file_is_never_reached_through_a_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path();
        let target = dir.join("elsewhere");
        std::fs::write(&target, "keep").unwrap();
        let link = dir.join("log.jsonl");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let err = open_append(&link).unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");
    }

    #[test]
    fn pipes_sockets_and_devices_are_never_replaced_and_a_pipe_never_blocks() {
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path();
        let fifo = dir.join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.unwrap().success(), "mkfifo");
        let err = open_append(&fifo).unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
        let err = replace(&fifo, b"x").unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
        assert!(
            std::fs::symlink_metadata(&fifo)
                .unwrap()
                .file_type()
                .is_fifo()
        );
        let to_device = dir.join("stdout");
        std::os::unix::fs::symlink("/dev/null", &to_device).unwrap();
        assert!(replace(&to_device, b"x").is_err(), "a link to a device");
        assert!(std::fs::symlink_metadata(&to_device).unwrap().is_symlink());
        assert!(
            open_append(Path::new("/dev/null")).is_ok(),
            "a device is written to"
        );
    }
}
