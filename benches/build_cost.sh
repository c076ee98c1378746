#!/usr/bin/env bash
# What the project costs to build and test, from a fresh clone of the committed tree: a clean release
# build's time, the binary's size, the crates built, and a fresh clone's `cargo test`: its build (with
# a bare PATH: only Rust, a C compiler, git, coreutils and sh, as on a fresh machine), then its run with
# the test suite's outside tools on PATH and without them (the tests that need one skip, a line each),
# and the bare PATH with CI=true, where a missing tool must fail the run.
#
# Usage: benches/build_cost.sh [--no-tests]     (about 15 minutes on 2 cores; 2 GB in a temporary dir)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
tests=yes
[[ ${1:-} == --no-tests ]] && tests=no

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone --quiet "$repo" "$work/clone"
cd "$work/clone"
export CARGO_TARGET_DIR="$work/target" CARGO_INCREMENTAL=0
unset CI
cargo fetch --quiet

seconds() { date +%s.%N; }
took() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

start=$(seconds)
cargo build --release 2>"$work/release.log"
release_time=$(took "$start" "$(seconds)")
binary="$CARGO_TARGET_DIR/release/autoshares-login"
binary_bytes=$(stat -c %s "$binary")
crates=$(grep -c '^ *Compiling ' "$work/release.log")

# A PATH with nothing but what a fresh machine has: the Rust toolchain, the C compiler and the binutils
# it calls, git, coreutils and sh.
bare="$work/bare-bin"
mkdir -p "$bare"
for tool in "$(dirname "$(command -v cargo)")"/*; do ln -sf "$tool" "$bare/"; done
for tool in cc gcc as ld ar ranlib git sh $(dpkg -L coreutils | grep '/bin/'); do
  path=$(command -v "$(basename "$tool")" || true)
  [[ -n $path ]] && ln -sf "$path" "$bare/$(basename "$tool")"
done

test_run() { # label, PATH, extra env…; prints the time, the result line and the skip lines
  local label=$1 path=$2
  shift 2
  local start code=0
  start=$(seconds)
  env PATH="$path" "$@" cargo test >"$work/$label.out" 2>"$work/$label.err" || code=$?
  local time
  time=$(took "$start" "$(seconds)")
  local passed skipped
  passed=$(grep -h '^test result:' "$work/$label.out" | awk '{p += $4; f += $6} END {print p " passed, " f " failed"}')
  skipped=$(grep -c '^SKIPPED ' "$work/$label.err" || true)
  printf '%-34s %8s s  exit %s  %s, %s skip lines\n' "  run, $label" "$time" "$code" "$passed" "$skipped"
  grep -h '^SKIPPED ' "$work/$label.err" | sed 's/ (apt-get.*//; s/^/    /' || true
  if [[ $label == *CI* ]]; then
    grep -ho 'needs [^;]*; CI is set' "$work/$label.out" | sort -u | sed 's/^/    fails: /' || true
  fi
}

echo "autoshares-login build cost ($(nproc) cores, $(git rev-parse --short HEAD), $(cargo --version))"
printf '%-34s %8s s\n' "clean release build" "$release_time"
printf '%-34s %8s bytes (%.2f MB)\n' "release binary" "$binary_bytes" "$(awk -v b="$binary_bytes" 'BEGIN { print b / 1e6 }')"
printf '%-34s %8s\n' "crates compiled" "$crates"
if [[ $tests == yes ]]; then
  start=$(seconds)
  env PATH="$bare" cargo test --no-run 2>"$work/test-build.log"
  printf '%-34s %8s s\n' "cargo test: build (bare PATH)" "$(took "$start" "$(seconds)")"
  test_run "tools on PATH" "$PATH"
  test_run "bare PATH" "$bare"
  test_run "bare PATH, CI=true" "$bare" CI=true
fi
