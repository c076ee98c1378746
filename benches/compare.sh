# Sourced by the *_vs_curl.sh benchmarks (not run on its own): starts the sandbox, times two commands in
# alternation and prints their medians, p90s and the ratio of the medians.

# start_sandbox: checks curl and $ROUNDS, builds the release binary ($BIN), makes a scratch folder ($work,
# removed on exit with the sandbox) and starts the sandbox there on a free port; sets $BASE and $APP_KEY
# from its banner ($work/banner, which also lists each user's password and code).
start_sandbox() {
  command -v curl >/dev/null || { echo "curl is needed for the comparison" >&2; exit 2; }
  [[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || { echo "ROUNDS must be a positive integer" >&2; exit 2; }
  cargo build --release --quiet
  BIN=$PWD/target/release/autoshares-login
  work=$(mktemp -d)
  sandbox_pid=
  trap stop_sandbox EXIT
  # Port 0: the sandbox picks a free port and names it in its banner, printed once it is listening.
  "$BIN" sandbox --port 0 >"$work/banner" 2>"$work/sandbox.log" &
  sandbox_pid=$!
  for _ in $(seq 100); do
    grep -q '^  API base:' "$work/banner" && break
    kill -0 "$sandbox_pid" 2>/dev/null || { cat "$work/sandbox.log" >&2; exit 1; }
    sleep 0.05
  done
  BASE=$(awk '$1 == "API" && $2 == "base:" { print $3 }' "$work/banner")
  APP_KEY=$(awk '$1 == "app" && $2 == "key:" { print $3 }' "$work/banner")
  [[ -n $BASE && -n $APP_KEY ]] || {
    echo "cannot read the sandbox banner:" >&2
    cat "$work/banner" >&2
    exit 1
  }
}

stop_sandbox() {
  if [[ -n $sandbox_pid ]]; then
    kill "$sandbox_pid" 2>/dev/null || true
    wait "$sandbox_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}

# Nanoseconds one call of "$@" takes, into the array named by $1.
time_into() {
  local -n into=$1
  shift
  local start end
  start=$(date +%s%N)
  "$@"
  end=$(date +%s%N)
  into+=($((end - start)))
}

# percentile P of the nanosecond values given, in ms with two decimals
percentile() {
  local p=$1
  shift
  printf '%s\n' "$@" | sort -n | awk -v p="$p" '
    { v[NR] = $1 }
    END { i = int(p * NR + 0.999999); if (i < 1) i = 1; if (i > NR) i = NR; printf "%.2f", v[i] / 1e6 }'
}

# compare TITLE OURS_LABEL OURS_FN CURL_LABEL CURL_FN: one warm-up call of each (page cache, first
# connections), then $ROUNDS timed rounds of both, then the figures.
compare() {
  local title=$1 ours_label=$2 ours_fn=$3 curl_label=$4 curl_fn=$5
  "$ours_fn"
  "$curl_fn"
  local ours_ns=() curl_ns=()
  for _ in $(seq "$ROUNDS"); do
    time_into ours_ns "$ours_fn"
    time_into curl_ns "$curl_fn"
  done
  local ours_median curl_median
  ours_median=$(percentile 0.5 "${ours_ns[@]}")
  curl_median=$(percentile 0.5 "${curl_ns[@]}")
  echo "$title"
  printf '  %-36s median %8s ms   p90 %8s ms\n' "$ours_label" "$ours_median" "$(percentile 0.9 "${ours_ns[@]}")"
  printf '  %-36s median %8s ms   p90 %8s ms\n' "$curl_label" "$curl_median" "$(percentile 0.9 "${curl_ns[@]}")"
  awk -v a="$ours_median" -v b="$curl_median" 'BEGIN { printf "  ratio ours/curl (medians): %.2f (target <= 0.50)\n", a / b }'
}
