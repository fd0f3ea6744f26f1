#!/usr/bin/env bash
# Times `mpsim test` on the 24 demo-portal cells of scripts/bench/matrix.toml
# with --parallel 1 and --parallel 2 (one private Xvfb, one portal window
# process per session) and prints, for each, the wall time, the CPU the whole
# machine spent (from /proc/stat: WebKit's processes are not all waited for by
# mpsim's tree, so `time` would miss them) and the peak PSS of mpsim's process
# tree (sampled once a second); then the time ratio and the memory each extra
# parallel session costs (issue 14).
# Usage: scripts/bench-matrix.sh [path/to/mpsim]   (default bin/mpsim)
# BENCH_MATRIX_FLAGS: more flags for `mpsim test`, like --no-inspect.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-bin/mpsim}
FILE=scripts/bench/matrix.toml
MPSIM_CONFIG_DIR=$(mktemp -d)
export MPSIM_CONFIG_DIR
pid=""
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$MPSIM_CONFIG_DIR"' EXIT

# cpu_jiffies prints the machine's busy and idle jiffies (all CPUs).
cpu_jiffies() {
	awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat
}

# tree_pss_kb prints the PSS in kB of process $1 and all its descendants:
# one awk over /proc/*/status for the tree, one over their smaps_rollup, so
# that sampling costs little of the CPU being measured.
tree_pss_kb() {
	local pids
	pids=$(awk -v root="$1" '/^PPid:/ { split(FILENAME, f, "/"); parent[f[3]] = $2 }
		END {
			want[root] = 1; n = 1
			while (n) { n = 0; for (p in parent) if (!(p in want) && (parent[p] in want)) { want[p] = 1; n++ } }
			for (p in want) printf "/proc/%s/smaps_rollup\n", p
		}' /proc/[0-9]*/status 2>/dev/null)
	# shellcheck disable=SC2086 # one path a word
	{ cat $pids 2>/dev/null || true; } | awk '/^Pss:/ { s += $2 } END { print s + 0 }' # processes come and go
}

declare -A took peak busy
hz=$(getconf CLK_TCK)
for p in 1 2; do
	read -r busy0 idle0 < <(cpu_jiffies)
	start=$(date +%s.%N)
	# shellcheck disable=SC2086 # one flag a word
	"$BIN" test "$FILE" --headless --parallel "$p" ${BENCH_MATRIX_FLAGS:-} >/dev/null 2>"$MPSIM_CONFIG_DIR/p$p.log" &
	pid=$!
	max=0
	while kill -0 "$pid" 2>/dev/null; do
		kb=$(tree_pss_kb "$pid")
		((kb > max)) && max=$kb
		sleep 1
	done
	wait "$pid" || { cat "$MPSIM_CONFIG_DIR/p$p.log"; exit 1; }
	took[$p]=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
	read -r busy1 idle1 < <(cpu_jiffies)
	busy[$p]=$(awk -v b=$((busy1 - busy0)) -v hz="$hz" 'BEGIN { print b / hz }')
	peak[$p]=$max
	printf 'parallel %d: %6.1f s, CPU busy %5.1f s (idle %5.1f core-s), peak PSS of the tree %4d MB  (%s)\n' \
		"$p" "${took[$p]}" "${busy[$p]}" "$(awk -v i=$((idle1 - idle0)) -v hz="$hz" 'BEGIN { print i / hz }')" \
		$((max / 1024)) "$BIN test $FILE --headless --parallel $p${BENCH_MATRIX_FLAGS:+ $BENCH_MATRIX_FLAGS}"
done
printf 'ratio parallel 2 / parallel 1: %.2f   (load average now: %s)\n' "$(awk -v a="${took[2]}" -v b="${took[1]}" 'BEGIN { print a / b }')" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'memory of the extra parallel session (peak PSS, parallel 2 − parallel 1): %d MB\n' $(((peak[2] - peak[1]) / 1024))
printf 'CPU floor on %d cores: %.2f of the serial time (CPU-seconds of parallel 2 / cores / serial wall time)\n' \
	"$(nproc)" "$(awk -v b="${busy[2]}" -v n="$(nproc)" -v w="${took[1]}" 'BEGIN { print b / n / w }')"
