#!/usr/bin/env bash
# Regenerates the screenshots of the README and docs/tui.md: the real binary against its built-in sandbox (--demo), in xterm
# under Xvfb, at the classic 80×24, once with a light profile (black on white, xterm's default) and once
# with a dark one (white on black), each with xterm's own 16-colour palette.
# Writes assets/screenshots/{form,step,failure,success,timeline}-{light,dark}.png. Not part of CI.
# Needs: xvfb, xterm, xdotool, imagemagick (import, convert), fonts-dejavu-core.
#   scripts/screenshots.sh              # all screens, both profiles
#   PAUSE=2 scripts/screenshots.sh      # slower machine: wait longer for each screen
set -euo pipefail
cd "$(dirname "$0")/.."

pause=${PAUSE:-1}
out=assets/screenshots
for tool in Xvfb xterm xdotool import convert; do
  command -v "$tool" >/dev/null || { echo "screenshots: $tool is missing" >&2; exit 2; }
done

cargo build --quiet
bin=$PWD/target/debug/autoshares-login
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# A display of our own: Xvfb picks a free number and writes it to fd 3.
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$work/display" 2>/dev/null &
pids+=($!)
for _ in $(seq 50); do [[ -s $work/display ]] && break; sleep 0.1; done
export DISPLAY=:$(cat "$work/display")
# The copy on the success screen goes to this display's clipboard, as at a desktop.
unset WAYLAND_DISPLAY SSH_CONNECTION SSH_CLIENT SSH_TTY TMUX NO_COLOR
mkdir -p "$out"

# Starts `autoshares-login --demo ARGS…` in an xterm of the given profile; sets $window.
start() {
  local profile=$1; shift
  local colours=(-fg black -bg white -cr black)
  [[ $profile == dark ]] && colours=(-fg white -bg black -cr white)
  xterm -class ScreenshotTerm -geometry 80x24 -fa 'DejaVu Sans Mono' -fs 11 -b 6 +sb \
    "${colours[@]}" -e "$bin" --demo "$@" &
  pids+=($!)
  window=$(timeout 10 xdotool search --sync --class ScreenshotTerm | tail -1)
  [[ -n $window ]] || { echo "screenshots: no xterm window appeared" >&2; exit 1; }
  xdotool windowfocus --sync "$window"
  sleep "$pause"
}

# Sends keys (xdotool key names) or text to the xterm, then waits for the screen to settle.
keys() { xdotool key --clearmodifiers "$@"; sleep "$pause"; }
text() { xdotool type --delay 40 "$1"; sleep "$pause"; }

# Saves the xterm's window as $out/NAME-PROFILE.png, as a 256-colour PNG without metadata.
shoot() {
  import -window "$window" "$work/shot.png"
  convert "$work/shot.png" -strip -colors 256 "PNG8:$out/$1-$2.png"
  echo "screenshots: $out/$1-$2.png ($(stat -c %s "$out/$1-$2.png") bytes)"
}

# Waits for the xterm (and the login in it) to end.
finish() {
  local xterm_pid=${pids[-1]}
  for _ in $(seq 50); do kill -0 "$xterm_pid" 2>/dev/null || return 0; sleep 0.1; done
  echo "screenshots: the xterm did not close" >&2
  exit 1
}

for profile in light dark; do
  # pin-code: the form prefilled, a PIN step, a code step, success, then the timeline.
  start "$profile"
  shoot form "$profile"
  keys Return
  text 12
  shoot step "$profile"
  text 34
  keys Return
  text 123456
  keys Return
  shoot success "$profile"
  keys F2
  keys Up
  shoot timeline "$profile"
  keys Escape
  keys Escape
  finish

  # expired: the server refuses the password.
  start "$profile" --username expired
  keys Return
  shoot failure "$profile"
  keys ctrl+q
  finish
done
