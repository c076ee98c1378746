#!/usr/bin/env python3
"""`status` and `profiles` with many profiles and stored sessions: the median wall time of a few runs."""

# Usage: python3 benches/many_profiles.py [--count 10000] [--runs 5] [--no-build]
#
# Builds the release binary (`cargo build --release`, into $CARGO_TARGET_DIR when set, else target/),
# then writes, in a temporary home (XDG_CONFIG_HOME, XDG_STATE_HOME, HOME):
#   - a config file with COUNT profiles `p00000`… (url, username, store = "file"), none the default;
#   - COUNT file-store records in $XDG_STATE_HOME/autoshares-login/sessions/profile-pNNNNN.json, one per
#     profile, half of them holding a token valid for a day and half an expired one, owner-only, as the
#     file store writes them (src/session/stored.rs: Record).
# Then it times `status` (without a profile it lists every profile and stored session) and `profiles`
# (wall time, and the CPU time the run used, which other work on the machine inflates less), each RUNS times, and prints the median and the slowest run in milliseconds. Both
# should be linear in COUNT: the figures for --count 1000 and 10000 should differ about tenfold.
# Nothing is sent anywhere: neither command makes a request without --check.

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
URL = "https://api.example.invalid/api"


def rfc3339(at):
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


def build():
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(REPO, "target")
    return os.path.join(target, "release", "autoshares-login")


def populate(home, count):
    config_dir = os.path.join(home, ".config", "autoshares-login")
    sessions = os.path.join(home, ".local", "state", "autoshares-login", "sessions")
    os.makedirs(config_dir, mode=0o700)
    os.makedirs(sessions, mode=0o700)
    names = [f"p{i:05d}" for i in range(count)]
    # No default_profile: `status` without one lists every profile and every stored session.
    lines = []
    for name in names:
        lines += [f"[profiles.{name}]", f'url = "{URL}"', f'username = "u{name}"', 'store = "file"', ""]
    with open(os.path.join(config_dir, "config.toml"), "w") as f:
        f.write("\n".join(lines))
    now = datetime.now(timezone.utc).replace(microsecond=0)
    for i, name in enumerate(names):
        issued = now - timedelta(hours=1 if i % 2 == 0 else 48)
        record = {
            "version": 1,
            "store": "file",
            "url": URL,
            "username": f"u{name}",
            "profile": name,
            "issued_at": rfc3339(issued),
            "expires_at": rfc3339(issued + timedelta(hours=24)),
            "has_token": True,
            "has_app_key": False,
            "secrets": {"token": f"{i:064x}"},
        }
        path = os.path.join(sessions, f"profile-{name}.json")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            json.dump(record, f, indent=2)


def time_runs(binary, args, env, runs):
    """Wall times and CPU times (user + system, which a busy machine inflates less) in ms."""
    times, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run([binary, *args], env=env, capture_output=True)
        times.append((time.perf_counter() - start) * 1000)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
        # `status` exits 1 when no listed token is valid; anything else is a failure.
        if done.returncode not in (0, 1) or not done.stdout:
            sys.exit(f"{' '.join(args)} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return times, cpu, done.stdout.count(b"\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-build", action="store_true", help="use the release binary as it is")
    options = parser.parse_args()
    binary = (
        os.path.join(os.environ.get("CARGO_TARGET_DIR") or os.path.join(REPO, "target"), "release", "autoshares-login")
        if options.no_build
        else build()
    )
    with tempfile.TemporaryDirectory(prefix="many-profiles-") as home:
        populate(home, options.count)
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": home,
            "XDG_CONFIG_HOME": os.path.join(home, ".config"),
            "XDG_STATE_HOME": os.path.join(home, ".local", "state"),
            "TERM": "dumb",
        }
        print(f"{options.count} profiles and {options.count} stored sessions (file store), {options.runs} runs each")
        for label, args in [("status", ["status"]), ("profiles", ["profiles"])]:
            times, cpu, lines = time_runs(binary, args, env, options.runs)
            print(
                f"  {label:<10} wall median {statistics.median(times):7.1f} ms, slowest {max(times):7.1f} ms;"
                f" CPU median {statistics.median(cpu):7.1f} ms   ({lines} lines)"
            )


if __name__ == "__main__":
    main()
