#!/usr/bin/env python3
"""TUI start-up benchmark: time to the first frame, peak RSS, and CPU used while idle on the form (Linux)."""

# Usage: cargo build --release && python3 benches/tui_startup.py [--runs 20] [--idle-secs 10] [--stored]
#        [--profiles N] [--store file|keyring]
#
# Each run of ours is paired with a run of benches/minimal_tui.rs (the smallest ratatui app drawing a
# titled card, built here with `cargo bench --no-run`, same ratatui, crossterm and profile), in turn, so
# both meet the same machine; the ratio of the medians is the figure that does not drift with it.
#
# --stored: the start on a stored session instead of the form. A sandbox runs on loopback, `token --no-tui`
# logs in once in a temporary home (profile `bench`, file store), and each run opens on "Already logged
# in", reading the store; the token check it then sends goes to the sandbox after the first frame.
# --profiles N (with --stored): N more profiles in the config file (`extra1`…), each holding a stored token
# of its own, as a trader's config would: the profiles Ctrl-P switches to.
# --store keyring (with --stored): every profile keeps its token in the Secret Service, not in a file. The
# benchmark starts a private D-Bus session bus with GNOME Keyring on it (the `dbus` and `gnome-keyring`
# packages), in its temporary home, and stops both when done: a keyring read is a D-Bus round trip.
#
# Each run spawns target/release/autoshares-login in a fresh pseudo-terminal (a session leader with the
# PTY as its controlling terminal, like a shell would start it) pointed at a closed port, so nothing is
# sent: the form is on screen and the program should sleep. Measured per run:
#   first frame   from just before fork() until the PTY output contains "AutoShares login"; also
#                 until the frame's last byte (the output then stays quiet for 100 ms)
#   peak RSS      VmHWM from /proc/PID/status right after the first frame, and after the idle window
#   idle CPU      utime+stime from /proc/PID/stat (clock ticks, as ms) over --idle-secs on the form;
#                 also the per-thread run time from /proc/PID/task/*/schedstat (ns) and context
#                 switches, which resolve what the 10 ms ticks cannot
# The idle windows of all runs overlap (each process idles while later ones start), so N runs take
# about N x start-up + idle-secs instead of N x idle-secs. An idle process that is not idle would
# disturb later start-ups: that shows up in its own idle CPU figure.

import argparse
import fcntl
import os
import pty
import select
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TITLE = b"AutoShares login"
ARGS = ["--url", "http://127.0.0.1:9/api", "--app-key", "k", "--username", "u"]
STORED_TITLE = b"Already logged in"
SANDBOX_APP_KEY, SANDBOX_USER, SANDBOX_PASSWORD = "sandbox-app-key", "plain", "sandbox"
ROWS, COLS = 30, 100
QUIET = 0.1  # seconds without output after which a frame counts as complete
CLK_TCK = os.sysconf("SC_CLK_TCK")
MINIMAL_ARGS = ["--first-frame"]
MINIMAL_TITLE = b"AutoShares"  # its title's first word: ratatui moves the cursor over the space
RATIO_TARGET = 1.5  # our first frame over the minimal app's, at most
TARGETS = {  # metric: (limit, inclusive, unit)
    "first frame": (15.0, True, "ms"),
    "idle CPU (stat)": (10.0, False, "ms/10 s"),
    "peak RSS": (12.0, True, "MB"),
}


def binary_path(given):
    if given:
        return given
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target"))
    return os.path.join(target, "release", "autoshares-login")


def minimal_app():
    """Builds benches/minimal_tui.rs with the release profile; returns its executable's path."""
    import json
    built = subprocess.run(["cargo", "bench", "--no-run", "--bench", "minimal_tui", "--message-format=json"],
                           cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True)
    for line in built.stdout.decode().splitlines():
        message = json.loads(line)
        if message.get("reason") == "compiler-artifact" and message.get("executable") \
                and message["target"]["name"] == "minimal_tui":
            return message["executable"]
    sys.exit("cargo bench --no-run --bench minimal_tui built no executable")


def clean_env(extra=None):
    """This environment without AUTOSHARES_* variables, plus `extra` (a home of the benchmark's own)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUTOSHARES_")}
    env["TERM"] = "xterm-256color"
    env.update(extra or {})
    return env


def start_sandbox(binary):
    """The sandbox on a free loopback port; returns (the process, its port)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    sandbox = subprocess.Popen([binary, "sandbox", "--port", str(port)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while socket.socket().connect_ex(("127.0.0.1", port)) != 0:
        if time.monotonic() > deadline:
            sandbox.kill()
            sys.exit("the sandbox did not start")
        time.sleep(0.02)
    return sandbox, port


def start_keyring(workdir):
    """A private session bus with an unlocked GNOME Keyring on it; returns (its variables, what stops both)."""
    try:
        out = subprocess.run(["dbus-daemon", "--session", "--fork", "--print-address=1", "--print-pid=1"],
                             capture_output=True, text=True, env=clean_env({"HOME": workdir}), check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        sys.exit(f"--store keyring needs dbus-daemon (the dbus package): {e}")
    address, bus_pid = out.stdout.split()[:2]
    variables = {"HOME": workdir, "XDG_DATA_HOME": os.path.join(workdir, "data"),
                 "DBUS_SESSION_BUS_ADDRESS": address}
    try:
        keyring = subprocess.Popen(["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
                                   stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   env=clean_env(variables))
    except OSError as e:
        os.kill(int(bus_pid), signal.SIGTERM)
        sys.exit(f"--store keyring needs gnome-keyring-daemon (the gnome-keyring package): {e}")
    keyring.stdin.write(b"bench-keyring-password")  # the new login keyring's; the daemon unlocks with it
    keyring.stdin.close()
    deadline = time.monotonic() + 15
    while b"boolean true" not in subprocess.run(
            ["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
             "org.freedesktop.DBus.NameHasOwner", "string:org.freedesktop.secrets"],
            capture_output=True, env=clean_env(variables)).stdout:
        if time.monotonic() > deadline:
            keyring.kill()
            os.kill(int(bus_pid), signal.SIGTERM)
            sys.exit("GNOME Keyring did not appear on the benchmark's session bus")
        time.sleep(0.02)
    def stop_both():
        keyring.terminate()
        keyring.wait()
        os.kill(int(bus_pid), signal.SIGTERM)
    return {"DBUS_SESSION_BUS_ADDRESS": address}, stop_both


def stored_session_home(workdir, port, extra_profiles, store):
    """A home whose default profile `bench` and `extra_profiles` more each hold a stored token in `store`,
    from a login each against the sandbox on `port`; returns its variables."""
    home = {"HOME": workdir, "XDG_CONFIG_HOME": os.path.join(workdir, "config"),
            "XDG_STATE_HOME": os.path.join(workdir, "state")}
    config_dir = os.path.join(home["XDG_CONFIG_HOME"], "autoshares-login")
    os.makedirs(config_dir)
    names = ["bench"] + [f"extra{i + 1}" for i in range(extra_profiles)]
    with open(os.path.join(config_dir, "config.toml"), "w") as f:
        f.write('default_profile = "bench"\n')
        for name in names:
            f.write(f'\n[profiles.{name}]\nurl = "http://127.0.0.1:{port}/api"\n'
                    f'username = "{SANDBOX_USER}"\nstore = "{store}"\n')
    return home, names


def log_in_each(binary, home, names):
    """`token --no-tui` once for each profile of `names`, which stores its token."""
    for name in names:
        login = subprocess.run([binary, "token", "--no-tui", "--profile", name], stdin=subprocess.DEVNULL,
                               capture_output=True,
                               env=clean_env({**home, "AUTOSHARES_APP_KEY": SANDBOX_APP_KEY,
                                              "AUTOSHARES_PASSWORD": SANDBOX_PASSWORD}))
        if login.returncode != 0:
            sys.exit(f"the login that stores {name}'s token failed: {login.stderr.decode(errors='replace')}")


def spawn(argv, extra_env=None):
    """Forks argv onto a new PTY of ROWS x COLS; returns (pid, master fd, start time)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    env = clean_env(extra_env)
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # child: new session, the PTY as controlling terminal and stdio
        try:
            os.close(master)
            os.setsid()
            fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
            for fd in (0, 1, 2):
                os.dup2(slave, fd)
            if slave > 2:
                os.close(slave)
            os.execve(argv[0], argv, env)
        finally:
            os._exit(127)
    os.close(slave)
    return pid, master, start


def read_until(master, needle, timeout):
    """Reads the PTY until needle shows up; returns (seconds when seen or None, bytes read)."""
    seen = b""
    deadline = time.perf_counter() + timeout
    while True:
        left = deadline - time.perf_counter()
        if left <= 0:
            return None, seen
        ready, _, _ = select.select([master], [], [], left)
        if not ready:
            continue
        try:
            chunk = os.read(master, 65536)
        except OSError:
            return None, seen
        if not chunk:
            return None, seen
        seen += chunk
        if needle in seen[-(len(chunk) + len(needle)):]:
            return time.perf_counter(), seen


def read_until_quiet(master, quiet):
    """Reads the PTY until it has been silent for `quiet` s; returns (time of the last byte, bytes)."""
    last, seen = None, b""
    while True:
        ready, _, _ = select.select([master], [], [], quiet)
        if not ready:
            return last, seen
        try:
            chunk = os.read(master, 65536)
        except OSError:
            return last, seen
        if not chunk:
            return last, seen
        last, seen = time.perf_counter(), seen + chunk


def drain(masters):
    """Reads whatever the PTYs have (an idle TUI should have nothing); returns the byte count."""
    total = 0
    while True:
        ready, _, _ = select.select(masters, [], [], 0)
        if not ready:
            return total
        for fd in ready:
            try:
                total += len(os.read(fd, 65536))
            except OSError:
                masters.remove(fd)
        if not masters:
            return total


def status_field(pid, field):
    """A number from /proc/PID/status (kB for the Vm* fields)."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/{pid}/status")


def cpu_ticks_ms(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    utime, stime = int(fields[11]), int(fields[12])  # fields 14 and 15 of stat(5)
    return (utime + stime) * 1000.0 / CLK_TCK


def threads(pid):
    """Per thread: (run time in ns from schedstat, voluntary + involuntary context switches)."""
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                run_ns = int(f.read().split()[0])
            switches = status_field(f"{pid}/task/{tid}", "voluntary_ctxt_switches") + status_field(
                f"{pid}/task/{tid}", "nonvoluntary_ctxt_switches")
            out[tid] = (run_ns, switches)
        except (OSError, RuntimeError):
            pass  # the thread ended meanwhile
    return out


def idle_delta(before, after):
    """CPU ms and wake-ups between two `threads` snapshots (threads born meanwhile count from zero)."""
    run_ns = sum(a[0] - before.get(t, (0, 0))[0] for t, a in after.items())
    switches = sum(a[1] - before.get(t, (0, 0))[1] for t, a in after.items())
    return run_ns / 1e6, switches


def stop(pid, master):
    """Ctrl-C, as a user would; returns the exit code (130 expected)."""
    try:
        os.write(master, b"\x03")
    except OSError:
        pass
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        drain([master])
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            os.close(master)
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.01)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    os.close(master)
    return None


def first_frame_ms(argv, title):
    """One start of argv on a fresh PTY: ms to the title, then Ctrl-C."""
    pid, master, start = spawn(argv)
    seen_at, output = read_until(master, title, timeout=10)
    stop(pid, master)
    if seen_at is None:
        sys.exit(f"{argv[0]}: no first frame within 10 s; output was {output[-400:]!r}")
    return (seen_at - start) * 1000


def measure(binary, runs, idle_secs, screen, minimal=None):
    """`screen`: (the arguments, the variables, the title that says the first frame is there). With
    `minimal` (the minimal app's path), one start of it before each run of ours: their first frames."""
    args, extra_env, title = screen
    samples, live = [], []
    for i in range(runs):
        minimal_ms = first_frame_ms([minimal] + MINIMAL_ARGS, MINIMAL_TITLE) if minimal else None
        pid, master, start = spawn([binary] + args, extra_env)
        seen_at, output = read_until(master, title, timeout=10)
        if seen_at is None:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            sys.exit(f"run {i + 1}: no first frame within 10 s; output was {output[-400:]!r}")
        # The rest of the first frame: the idle window starts once the output has settled.
        last_byte, rest = read_until_quiet(master, QUIET)
        sample = {
            "first frame": (seen_at - start) * 1000,
            "first frame complete": ((last_byte or seen_at) - start) * 1000,
            "first frame bytes": len(output) + len(rest),
            "rss after first frame": status_field(pid, "VmHWM") / 1024,
            "threads": len(os.listdir(f"/proc/{pid}/task")),
            "minimal first frame": minimal_ms,
        }
        live.append((pid, master, time.monotonic(), cpu_ticks_ms(pid), threads(pid), sample))
        samples.append(sample)
    for pid, master, idle_from, ticks_before, before, sample in live:
        left = idle_from + idle_secs - time.monotonic()
        while left > 0:
            sample["idle output bytes"] = sample.get("idle output bytes", 0) + drain([master])
            time.sleep(min(left, 0.2))
            left = idle_from + idle_secs - time.monotonic()
        window = time.monotonic() - idle_from
        scale = idle_secs / window  # a late snapshot is scaled back to the nominal window
        sample["idle CPU (stat)"] = (cpu_ticks_ms(pid) - ticks_before) * scale
        run_ms, switches = idle_delta(before, threads(pid))
        sample["idle CPU (schedstat)"] = run_ms * scale
        sample["idle wake-ups"] = switches * scale
        sample["idle output bytes"] = sample.get("idle output bytes", 0) + drain([master])
        sample["peak RSS"] = status_field(pid, "VmHWM") / 1024
        sample["exit code"] = stop(pid, master)
    return samples


def floor_ms(runs):
    """The harness's own cost: fork, exec and read of a program that prints the title at once."""
    script = ["/bin/sh", "-c", "printf 'AutoShares login'; sleep 1"]
    times = []
    for _ in range(runs):
        pid, master, start = spawn(script)
        seen_at, _ = read_until(master, TITLE, timeout=5)
        if seen_at is not None:
            times.append((seen_at - start) * 1000)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(master)
    return statistics.median(times) if times else float("nan")


def verdict(metric, value):
    limit, inclusive, _ = TARGETS[metric]
    ok = value <= limit if inclusive else value < limit
    return "PASS" if ok else "MISS"


def measure_stored(binary, args):
    """The runs on a stored session: a sandbox, a keyring when asked, a home with a token per profile."""
    stop_keyring = None
    with tempfile.TemporaryDirectory() as workdir:
        sandbox, port = start_sandbox(binary)
        try:
            home, names = stored_session_home(workdir, port, args.profiles, args.store)
            if args.store == "keyring":
                bus, stop_keyring = start_keyring(workdir)
                home.update(bus)
            log_in_each(binary, home, names)
            return measure(binary, args.runs, args.idle_secs,
                           (["--app-key", SANDBOX_APP_KEY], home, STORED_TITLE), minimal_app())
        finally:
            sandbox.kill()
            sandbox.wait()
            if stop_keyring:
                stop_keyring()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20, help="runs (default 20)")
    parser.add_argument("--idle-secs", type=float, default=10.0, help="idle window (default 10)")
    parser.add_argument("--binary", help="default: target/release/autoshares-login")
    parser.add_argument("--stored", action="store_true",
                        help="start on a stored session (a sandbox and a login first) instead of the form")
    parser.add_argument("--profiles", type=int, default=0,
                        help="with --stored: N more profiles, each with a stored token (default 0)")
    parser.add_argument("--store", choices=["file", "keyring"], default="file",
                        help="with --stored: where the tokens are kept (default file)")
    args = parser.parse_args()
    if not args.stored and (args.profiles or args.store != "file"):
        parser.error("--profiles and --store go with --stored")
    binary = binary_path(args.binary)
    if not os.access(binary, os.X_OK):
        sys.exit(f"{binary} not found; build it first:\n    cargo build --release")
    if not os.path.exists("/proc/self/schedstat"):
        sys.exit("this benchmark reads /proc (Linux only)")

    print(f"binary {binary} ({os.path.getsize(binary) / 1e6:.1f} MB), {args.runs} runs, "
          f"{args.idle_secs:g} s idle, {os.cpu_count()} CPUs, PTY {COLS}x{ROWS}, "
          f"{f'a stored session ({args.store} store, {args.profiles} more profiles)' if args.stored else 'the form'}")
    if args.stored:
        samples = measure_stored(binary, args)
    else:
        samples = measure(binary, args.runs, args.idle_secs, (ARGS, None, TITLE), minimal_app())
    floor = floor_ms(min(args.runs, 10))
    per_10s = 10.0 / args.idle_secs

    rows = [
        ("first frame", "ms", 1, "first frame"),
        ("first frame complete", "ms", 1, "first frame complete"),
        ("first frame size", "bytes", 1, "first frame bytes"),
        ("peak RSS after first frame", "MB", 1, "rss after first frame"),
        ("peak RSS after idle", "MB", 1, "peak RSS"),
        ("idle CPU (stat, 10 ms ticks)", "ms/10 s", per_10s, "idle CPU (stat)"),
        ("idle CPU (schedstat, ns)", "ms/10 s", per_10s, "idle CPU (schedstat)"),
        ("idle wake-ups (ctx switches)", "/10 s", per_10s, "idle wake-ups"),
        ("idle output", "bytes", 1, "idle output bytes"),
        ("threads after first frame", "", 1, "threads"),
    ]
    print(f"\n{'metric':<30} {'median':>9} {'max':>9}  unit")
    for label, unit, scale, key in rows:
        values = [s[key] * scale for s in samples]
        print(f"{label:<30} {statistics.median(values):>9.2f} {max(values):>9.2f}  {unit}")
    print(f"{'harness floor (sh printf)':<30} {floor:>9.2f} {'':>9}  ms  (fork+exec+read, "
          "included in first frame)")
    ours = statistics.median(s["first frame"] for s in samples)
    minimal = statistics.median(s["minimal first frame"] for s in samples)
    ratio = ours / minimal
    print(f"{'minimal ratatui app, first frame':<30} {minimal:>9.2f} {max(s['minimal first frame'] for s in samples):>9.2f}"
          f"  ms  (benches/minimal_tui.rs, one start before each of ours)")
    codes = sorted({s["exit code"] for s in samples}, key=str)
    expected = "0 expected: Ctrl-C leaves with the stored token" if args.stored else "130 expected"
    print(f"exit codes after Ctrl-C: {codes} ({expected})")

    print(f"\n{'target':<30} {'limit':>12} {'median':>9} {'max':>9}")
    for metric, (limit, inclusive, unit) in TARGETS.items():
        values = [s[metric] * (per_10s if unit.endswith("10 s") else 1) for s in samples]
        med, top = statistics.median(values), max(values)
        sign = "≤" if inclusive else "<"
        print(f"{metric:<30} {sign + ' ' + f'{limit:g} ' + unit:>12} "
              f"{med:>9.2f} {top:>9.2f}  median {verdict(metric, med)}, max {verdict(metric, top)}")
    print(f"{'first frame / minimal app':<30} {'≤ ' + f'{RATIO_TARGET:g}x':>12} {ratio:>9.2f} {'':>9}  "
          f"{'PASS' if ratio <= RATIO_TARGET else 'MISS'} (ratio of the medians)")


if __name__ == "__main__":
    main()
