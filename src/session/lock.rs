//! One login at a time per stored session: a lock file that a second `token` or `exec` run waits on.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

use super::store::private_dir;
use super::stored::StoreKey;

/// Held while one run logs in for a key; released when dropped (or when the process ends).
#[derive(Debug)]
pub struct LoginLock {
    _file: File,
}

impl LoginLock {
    /// Takes the login lock of `key` in `state_dir/locks`; when another run holds it, calls `waiting`
    /// once and then waits for it.
    pub fn acquire(
        state_dir: &Path,
        key: &StoreKey,
        waiting: impl FnOnce(),
    ) -> std::io::Result<LoginLock> {
        let dir = state_dir.join("locks");
        private_dir(&dir)?;
        let path = dir.join(format!("{}.lock", key.file_stem()));
        let mut options = OpenOptions::new();
        options.write(true).create(true).truncate(false);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options.open(&path)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                waiting();
                file.lock()?;
            }
            Err(TryLockError::Error(e)) => return Err(e),
        }
        Ok(LoginLock { _file: file })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_taker_waits_until_the_first_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path();
        let key = StoreKey::Profile("p".into());
        let first = LoginLock::acquire(dir, &key, || panic!("nobody holds it yet")).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let waiter = {
            let (dir, key) = (dir.to_path_buf(), key.clone());
            std::thread::spawn(move || {
                let mut waited = false;
                let _second = LoginLock::acquire(&dir, &key, || waited = true).unwrap();
                tx.send(waited).unwrap();
            })
        };
        assert!(
            rx.recv_timeout(std::time::Duration::from_millis(200))
                .is_err(),
            "the second taker got the lock while the first held it"
        );
        drop(first);
        assert!(rx.recv().unwrap(), "the second taker was told it waits");
        waiter.join().unwrap();
    }
}
