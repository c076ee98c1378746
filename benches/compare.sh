# Sourced by the *_vs_curl.sh benchmarks (not run on its own): times two commands in alternation and
# prints their medians, p90s and the ratio of the medians.

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
