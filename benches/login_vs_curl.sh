#!/usr/bin/env bash
# A full two-step login (password, then an emailed code) in line mode against the sandbox, beside the official two-curl flow.
#
# Usage: benches/login_vs_curl.sh            (ROUNDS=50 by default; ROUNDS=200 benches/login_vs_curl.sh for more)
# Prints the median and p90 wall time of each side in ms and the ratio ours/curl. Exits non-zero if a login fails.
# The curl side extracts the interim token with bash's own regex match, so it pays for two curl processes
# and nothing else: the comparison is as favourable to curl as it can be.
set -euo pipefail

ROUNDS=${ROUNDS:-50}
USERNAME=code
cd "$(dirname "$0")/.."

# shellcheck source=benches/compare.sh
source benches/compare.sh
start_sandbox
read -r PASSWORD CODE < <(awk -v u="$USERNAME" '$1 == u { print $2, $4 }' "$work/banner")
[[ -n $PASSWORD && -n $CODE ]] || {
  echo "cannot read the sandbox banner:" >&2
  cat "$work/banner" >&2
  exit 1
}
curl -s -o /dev/null -X POST "$BASE/token" -H "Content-Length: 0" || { echo "the sandbox does not answer at $BASE" >&2; exit 1; }

ours() {
  local token
  token=$(printf '%s\n%s\n' "$PASSWORD" "$CODE" |
    "$BIN" --no-tui --url "$BASE" --app-key "$APP_KEY" --username "$USERNAME" 2>"$work/ours.err") || {
    echo "our login failed:" >&2
    cat "$work/ours.err" >&2
    return 1
  }
  [[ -n $token ]] || { echo "our login printed no token" >&2; return 1; }
}

curl_pair() {
  local first second
  first=$(curl -s -X POST "$BASE/token" -H "Username: $USERNAME" -H "Password: $PASSWORD" \
    -H "Et-App-Key: $APP_KEY" -H "Content-Length: 0")
  [[ $first =~ \"Token\":\"([^\"]+)\" ]] || { echo "the first curl got no interim token: $first" >&2; return 1; }
  second=$(curl -s -X POST "$BASE/token" -H "Username: $USERNAME" -H "Password: $PASSWORD" \
    -H "Et-App-Key: $APP_KEY" -H "Authorization: Bearer ${BASH_REMATCH[1]}" \
    -H "VerificationCode: $CODE" -H "Content-Length: 0")
  [[ $second == *'"State":"Succeeded"'* ]] || { echo "the second curl did not succeed: $second" >&2; return 1; }
}

compare "login with a verification code, $ROUNDS rounds against the sandbox at $BASE" "autoshares-login --no-tui" ours "curl + curl (PROTOCOL.md)" curl_pair
