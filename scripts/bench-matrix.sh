#!/usr/bin/env bash
# Times `mpsim test` on the 24 demo-portal cells of scripts/bench/matrix.toml
# with --parallel 1 and --parallel 2 (one private Xvfb, one portal window
# process per session) and prints the wall times and their ratio.
# Usage: scripts/bench-matrix.sh [path/to/mpsim]   (default bin/mpsim)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-bin/mpsim}
FILE=scripts/bench/matrix.toml
export MPSIM_CONFIG_DIR=$(mktemp -d)
trap 'rm -rf "$MPSIM_CONFIG_DIR"' EXIT
declare -A took
for p in 1 2; do
  start=$(date +%s.%N)
  "$BIN" test "$FILE" --headless --parallel "$p" >/dev/null 2>"$MPSIM_CONFIG_DIR/p$p.log" || { cat "$MPSIM_CONFIG_DIR/p$p.log"; exit 1; }
  took[$p]=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
  printf 'parallel %d: %6.1f s  (%s)\n' "$p" "${took[$p]}" "$BIN test $FILE --headless --parallel $p"
done
printf 'ratio parallel 2 / parallel 1: %.2f   (load average now: %s)\n' "$(awk -v a="${took[2]}" -v b="${took[1]}" 'BEGIN { print a / b }')" "$(cut -d' ' -f1-3 /proc/loadavg)"
