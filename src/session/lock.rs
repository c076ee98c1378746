//! One login at a time per stored session: a lock file that a second `token` or `exec` run waits on.
//!
//! The wait is bounded ([`MAX_WAIT`]) and says who holds the lock: the holder writes its pid and command
//! into the file. The file is never opened through a symlink, and never anything but a regular file.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::store::private_dir;
use super::stored::StoreKey;
use crate::diag::sanitize::sanitize;

/// The longest a run waits for another run's login before it gives up.
pub const MAX_WAIT: Duration = Duration::from_secs(120);

/// How often a waiting run tries the lock again.
const POLL: Duration = Duration::from_millis(100);

/// The most of the holder's note that is read back.
const NOTE_CAP: u64 = 256;

/// The lock of one stored session: its file, and the session it guards in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockPlace {
    path: PathBuf,
    what: String,
}

impl LockPlace {
    /// The lock of `key`: `state_dir/locks/STEM.lock`.
    pub fn new(state_dir: &Path, key: &StoreKey) -> LockPlace {
        LockPlace {
            path: state_dir
                .join("locks")
                .join(format!("{}.lock", key.file_stem())),
            what: key.describe(),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The stored session it guards, in words (`profile work`).
    pub fn what(&self) -> &str {
        &self.what
    }
}

/// Why the lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(
        "gave up after {} waiting for {holder} to finish logging in ({what}; lock file {}); try again when it is done, or end it",
        crate::session::human_duration(*waited),
        path.display()
    )]
    TimedOut {
        waited: Duration,
        holder: String,
        what: String,
        path: PathBuf,
    },
    #[error("cannot use the login lock {}: {detail}", path.display())]
    Unusable { path: PathBuf, detail: String },
}

impl LockError {
    fn unusable(path: &Path, error: &io::Error) -> LockError {
        LockError::Unusable {
            path: path.to_path_buf(),
            detail: error.to_string(),
        }
    }

    /// A wait that ran out is worth another try later; a lock file that cannot be used is not.
    pub fn timed_out(&self) -> bool {
        matches!(self, LockError::TimedOut { .. })
    }
}

/// Held while one run logs in for a key; released when dropped (or when the process ends).
#[derive(Debug)]
pub struct LoginLock {
    _file: File,
}

impl LoginLock {
    /// Takes the lock at `place` when nobody holds it: `None` when another run does.
    pub fn try_take(place: &LockPlace) -> Result<Option<LoginLock>, LockError> {
        let file = open(&place.path)?;
        match file.try_lock() {
            Ok(()) => Ok(Some(LoginLock::holding(file))),
            Err(TryLockError::WouldBlock) => Ok(None),
            Err(TryLockError::Error(e)) => Err(LockError::unusable(&place.path, &e)),
        }
    }

    /// Takes the lock at `place`, waiting at most `max_wait` for the run that holds it; when it is held,
    /// calls `waiting` once with who holds it. Dropping the future stops the wait.
    pub async fn take(
        place: &LockPlace,
        max_wait: Duration,
        waiting: impl FnOnce(&str),
    ) -> Result<LoginLock, LockError> {
        let start = Instant::now();
        let file = open(&place.path)?;
        let mut waiting = Some(waiting);
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(LoginLock::holding(file)),
                Err(TryLockError::WouldBlock) => {}
                Err(TryLockError::Error(e)) => return Err(LockError::unusable(&place.path, &e)),
            }
            if let Some(waiting) = waiting.take() {
                waiting(&holder(&place.path));
            }
            let waited = start.elapsed();
            if waited >= max_wait {
                return Err(LockError::TimedOut {
                    waited,
                    holder: holder(&place.path),
                    what: place.what.clone(),
                    path: place.path.clone(),
                });
            }
            tokio::time::sleep(POLL.min(max_wait - waited)).await;
        }
    }

    /// The lock in `file`, taken: the file says who holds it (this process's pid and command), for a run
    /// that waits. A note that cannot be written leaves the lock as good.
    fn holding(mut file: File) -> LoginLock {
        let note = format!("pid {} ({})\n", std::process::id(), command());
        let _ = file
            .set_len(0)
            .and_then(|()| file.write_all(note.as_bytes()))
            .and_then(|()| file.flush());
        LoginLock { _file: file }
    }
}

/// This program's name and subcommand (no other argument: they may hold an app key).
fn command() -> String {
    let mut args = std::env::args_os();
    let program = args
        .next()
        .as_deref()
        .map(Path::new)
        .and_then(Path::file_stem)
        .map_or_else(
            || "autoshares-login".to_string(),
            |s| s.to_string_lossy().into_owned(),
        );
    let subcommand = args
        .map(|a| a.to_string_lossy().into_owned())
        .find(|a| !a.starts_with('-'))
        .filter(|a| ["token", "exec"].contains(&a.as_str()));
    match subcommand {
        Some(subcommand) => format!("{program} {subcommand}"),
        None => program,
    }
}

/// Who holds the lock at `path`, as its note says (`pid 4242 (autoshares-login token)`), else in general
/// words (the note cannot be read while the lock is held on Windows).
fn holder(path: &Path) -> String {
    let note = open_existing(path).ok().and_then(|file| {
        let mut text = String::new();
        file.take(NOTE_CAP).read_to_string(&mut text).ok()?;
        let line = text.lines().next()?.trim().to_string();
        line.starts_with("pid ").then(|| sanitize(&line))
    });
    note.map_or_else(
        || "another autoshares-login run".to_string(),
        |note| format!("another autoshares-login run, {note},"),
    )
}

/// Opens (creating it, owner-only) the lock file at `path` in its private folder; a symlink there is
/// refused, never followed, and so is anything but a regular file.
fn open(path: &Path) -> Result<File, LockError> {
    if let Some(dir) = path.parent() {
        private_dir(dir).map_err(|e| LockError::unusable(dir, &e))?;
    }
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    opened(path, &mut options)
}

/// Opens the lock file at `path` to read its note, under the same rules.
fn open_existing(path: &Path) -> Result<File, LockError> {
    opened(path, OpenOptions::new().read(true))
}

fn opened(path: &Path, options: &mut OpenOptions) -> Result<File, LockError> {
    let refused = |detail: &str| LockError::Unusable {
        path: path.to_path_buf(),
        detail: detail.to_string(),
    };
    const SYMLINK: &str = "it is a symbolic link, which is never followed; remove it and try again";
    const NOT_A_FILE: &str = "it is not a regular file; remove it and try again";
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        options,
        libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC,
    );
    #[cfg(windows)]
    {
        // The link itself is opened, never its target; it is refused below.
        const FILE_FLAG_OPEN_REPARSE_POINT: u32 = 0x0020_0000;
        std::os::windows::fs::OpenOptionsExt::custom_flags(options, FILE_FLAG_OPEN_REPARSE_POINT);
    }
    let file = match options.open(path) {
        Ok(file) => file,
        #[cfg(unix)]
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => return Err(refused(SYMLINK)),
        #[cfg(unix)]
        Err(e) if e.raw_os_error() == Some(libc::ENXIO) => return Err(refused(NOT_A_FILE)),
        Err(e) => return Err(LockError::unusable(path, &e)),
    };
    let kind = file
        .metadata()
        .map_err(|e| LockError::unusable(path, &e))?
        .file_type();
    if kind.is_symlink() {
        return Err(refused(SYMLINK));
    }
    if !kind.is_file() {
        return Err(refused(NOT_A_FILE));
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(dir: &Path) -> LockPlace {
        LockPlace::new(dir, &StoreKey::Profile("p".into()))
    }

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap()
    }

    #[test]
    fn a_second_taker_waits_until_the_first_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let place = place(dir.path());
        let first = LoginLock::try_take(&place)
            .unwrap()
            .expect("nobody holds it");
        assert!(LoginLock::try_take(&place).unwrap().is_none(), "held");
        let (tx, rx) = std::sync::mpsc::channel();
        let waiter = {
            let place = place.clone();
            std::thread::spawn(move || {
                let mut told = None;
                let taken = runtime().block_on(LoginLock::take(&place, MAX_WAIT, |holder| {
                    told = Some(holder.to_string());
                }));
                tx.send((taken.is_ok(), told)).unwrap();
            })
        };
        assert!(
            rx.recv_timeout(Duration::from_millis(300)).is_err(),
            "the second taker got the lock while the first held it"
        );
        drop(first);
        let (taken, told) = rx.recv().unwrap();
        assert!(taken);
        let told = told.expect("the second taker was told it waits");
        assert!(
            told.contains(&format!("pid {}", std::process::id())),
            "the holder's pid: {told}"
        );
        waiter.join().unwrap();
    }

    #[test]
    fn a_wait_is_bounded_and_names_the_holder_and_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let place = place(dir.path());
        let _held = LoginLock::try_take(&place).unwrap().unwrap();
        let started = Instant::now();
        let error = runtime()
            .block_on(LoginLock::take(&place, Duration::from_millis(300), |_| {}))
            .expect_err("still held");
        assert!(started.elapsed() < Duration::from_secs(5));
        assert!(error.timed_out());
        let text = error.to_string();
        for shown in [
            format!("pid {}", std::process::id()),
            place.path().display().to_string(),
            "profile p".to_string(),
        ] {
            assert!(text.contains(&shown), "{shown:?} missing: {text}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_in_place_of_the_lock_file_is_refused_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let place = place(dir.path());
        std::fs::create_dir_all(place.path().parent().unwrap()).unwrap();
        let target = dir.path().join("target");
        std::os::unix::fs::symlink(&target, place.path()).unwrap();
        let error = LoginLock::try_take(&place).expect_err("a symlink");
        assert!(error.to_string().contains("symbolic link"), "{error}");
        assert!(!target.exists(), "nothing created through the link");
    }
}
