//! A real Secret Service for a test: a private D-Bus session bus with GNOME Keyring on it, its login
//! keyring unlocked, in the test's own home. Both daemons are stopped (by pid) when dropped.

use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The tools a keyring test needs (the `dbus`, `gnome-keyring` and `libsecret-tools` packages).
pub const TOOLS: [&str; 4] = [
    "dbus-daemon",
    "dbus-send",
    "gnome-keyring-daemon",
    "secret-tool",
];

/// How long the keyring may take to appear on the bus.
const PATIENCE: Duration = Duration::from_secs(15);

/// A session bus with an unlocked GNOME Keyring serving `org.freedesktop.secrets`.
pub struct SecretService {
    pub bus_address: String,
    bus_pid: u32,
    keyring: Child,
}

impl SecretService {
    /// Starts both daemons with `home` as their home; panics when the keyring does not come up.
    pub fn start(home: &Path) -> SecretService {
        SecretService::start_with(home, true)
    }

    /// A keyring that exists but is locked, as after a desktop login whose keyring password differs: its
    /// login keyring is created (and an item stored) with [`SecretService::start`], both daemons are
    /// stopped, and GNOME Keyring is started again on a new bus without being given the password.
    pub fn start_locked(home: &Path) -> SecretService {
        {
            let first = SecretService::start(home);
            let mut store = Command::new("secret-tool")
                .args(["store", "--label=seed", "seed", "locked-test"])
                .env("DBUS_SESSION_BUS_ADDRESS", &first.bus_address)
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("secret-tool runs");
            let _ = store.stdin.take().expect("piped stdin").write_all(b"seed");
            assert!(store.wait().is_ok_and(|s| s.success()), "secret-tool store");
        }
        let locked = SecretService::start_with(home, false);
        assert!(locked.is_locked(), "the restarted keyring is locked");
        locked
    }

    /// Whether the default collection says it is locked.
    pub fn is_locked(&self) -> bool {
        let reply = Command::new("dbus-send")
            .args([
                "--session",
                "--print-reply",
                "--dest=org.freedesktop.secrets",
                "/org/freedesktop/secrets/aliases/default",
                "org.freedesktop.DBus.Properties.Get",
                "string:org.freedesktop.Secret.Collection",
                "string:Locked",
            ])
            .env("DBUS_SESSION_BUS_ADDRESS", &self.bus_address)
            .output()
            .expect("dbus-send runs");
        String::from_utf8_lossy(&reply.stdout).contains("boolean true")
    }

    fn start_with(home: &Path, unlock: bool) -> SecretService {
        let out = Command::new("dbus-daemon")
            .args(["--session", "--fork", "--print-address=1", "--print-pid=1"])
            .env("HOME", home)
            .output()
            .expect("dbus-daemon runs");
        let text = String::from_utf8_lossy(&out.stdout);
        let mut lines = text.lines();
        let bus_address = lines.next().expect("the bus address").to_string();
        let bus_pid = lines
            .next()
            .and_then(|p| p.trim().parse().ok())
            .expect("the bus pid");
        let args: &[&str] = if unlock {
            &["--foreground", "--unlock", "--components=secrets"]
        } else {
            &["--foreground", "--components=secrets"]
        };
        let mut keyring = Command::new("gnome-keyring-daemon")
            .args(args)
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("DBUS_SESSION_BUS_ADDRESS", &bus_address)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("gnome-keyring-daemon starts");
        // The password of the new login keyring; the daemon unlocks with it and reads no more.
        let mut stdin = keyring.stdin.take().expect("piped stdin");
        if unlock {
            let _ = stdin.write_all(b"keyring-test-password");
        }
        drop(stdin);
        let service = SecretService {
            bus_address,
            bus_pid,
            keyring,
        };
        service.wait_until_served();
        service
    }

    fn wait_until_served(&self) {
        let start = Instant::now();
        loop {
            let reply = Command::new("dbus-send")
                .args([
                    "--session",
                    "--print-reply",
                    "--dest=org.freedesktop.DBus",
                    "/org/freedesktop/DBus",
                    "org.freedesktop.DBus.NameHasOwner",
                    "string:org.freedesktop.secrets",
                ])
                .env("DBUS_SESSION_BUS_ADDRESS", &self.bus_address)
                .output()
                .expect("dbus-send runs");
            if String::from_utf8_lossy(&reply.stdout).contains("boolean true") {
                return;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "GNOME Keyring did not appear on the test's session bus"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// What `secret-tool search --all` finds for `attributes` (name, value pairs) in this keyring.
    pub fn search(&self, attributes: &[&str]) -> String {
        let out = Command::new("secret-tool")
            .args(["search", "--all", "--unlock"])
            .args(attributes)
            .env("DBUS_SESSION_BUS_ADDRESS", &self.bus_address)
            .output()
            .expect("secret-tool runs");
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    }
}

impl Drop for SecretService {
    fn drop(&mut self) {
        let _ = self.keyring.kill();
        let _ = self.keyring.wait();
        crate::common::send_signal(self.bus_pid, libc::SIGTERM);
    }
}
