#!/usr/bin/env bash
# `autoshares-login token` with a stored valid token, beside one curl GET of the token-check endpoint
# (GET {base}/v1.0/users/@me/info) on the sandbox: what a script pays to get its token all day.
#
# Usage: benches/stored_token_vs_curl.sh     (ROUNDS=100 by default; STORE=file or keyring, default file)
# Prints the median and p90 wall time of each side in ms and the ratio ours/curl (target: at most 0.5).
# The profile and the stored session live in a temporary home; STORE=keyring needs a Secret Service on
# the session bus (DBUS_SESSION_BUS_ADDRESS).
set -euo pipefail

ROUNDS=${ROUNDS:-100}
STORE=${STORE:-file}
USERNAME=plain
cd "$(dirname "$0")/.."

# shellcheck source=benches/compare.sh
source benches/compare.sh
start_sandbox
PASSWORD=$(awk -v u="$USERNAME" '$1 == u { print $2 }' "$work/banner")

export HOME=$work/home XDG_CONFIG_HOME=$work/home/.config XDG_STATE_HOME=$work/home/.local/state
export AUTOSHARES_APP_KEY=$APP_KEY
mkdir -p "$XDG_CONFIG_HOME/autoshares-login"
printf 'default_profile = "bench"\n[profiles.bench]\nurl = "%s"\nusername = "%s"\nstore = "%s"\n' \
  "$BASE" "$USERNAME" "$STORE" >"$XDG_CONFIG_HOME/autoshares-login/config.toml"
TOKEN=$(AUTOSHARES_PASSWORD=$PASSWORD "$BIN" token --no-tui 2>"$work/login.err") || {
  cat "$work/login.err" >&2
  exit 1
}

ours() {
  local token
  token=$("$BIN" token 2>"$work/ours.err") || { cat "$work/ours.err" >&2; return 1; }
  [[ $token == "$TOKEN" ]] || { echo "token gave another token: the stored one was not reused" >&2; return 1; }
}

curl_check() {
  local body
  body=$(curl -s "$BASE/v1.0/users/@me/info" -H "Et-App-Key: $APP_KEY" -H "Authorization: Bearer $TOKEN")
  [[ $body == *'"Login"'* ]] || { echo "the curl check failed: $body" >&2; return 1; }
}

compare "a stored valid token (store: $STORE) vs one token check with curl, $ROUNDS rounds, sandbox at $BASE" "autoshares-login token" ours "curl GET users/@me/info" curl_check
