#!/usr/bin/env bash
# Measures what the warm portal process (MPSIM_WARM) gains in the host
# window: Open portal → the demo portal's first paint (the report's
# launchToFirstPaintMs, from the host asking for the window to the page's
# first paint), with MPSIM_WARM=1 and =0 interleaved, ROUNDS rounds of
# SESSIONS sessions each (the first round is discarded), under a private
# Xvfb. Prints min/median/max per arm and the ratio of the medians, and the
# idle warm process's memory (PSS).
# Usage: scripts/bench-warm.sh   (MPSIM_BIN, ROUNDS=4, SESSIONS=3)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${MPSIM_BIN:-bin/mpsim}
rounds=${ROUNDS:-4}
sessions=${SESSIONS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for tool in Xvfb xdotool; do
	command -v "$tool" >/dev/null || { echo "bench-warm: $tool is missing (make deps)" >&2; exit 2; }
done
display=:$((90 + RANDOM % 50))
Xvfb "$display" -screen 0 1280x720x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null; rm -rf "$work"' EXIT
sleep 1
export DISPLAY=$display

# reports DIR prints how many sessions DIR's history holds.
reports() { find "$1" -name report.json 2>/dev/null | wc -l; }

# pss PID prints the proportional set size of PID in kB.
pss() { awk '/^Pss:/ { s += $2 } END { print s + 0 }' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0; }

# tree_pss PID prints the PSS of PID and all its descendants in kB (the
# idle process and the WebKit processes it started).
tree_pss() {
	local total kid
	total=$(pss "$1")
	for kid in $(pgrep -P "$1" || true); do total=$((total + $(tree_pss "$kid"))); done
	echo "$total"
}

run_arm() { # run_arm ARM ROUND
	local arm=$1 round=$2 dir="$work/$1-$2"
	mkdir -p "$dir/config"
	MPSIM_CONFIG_DIR="$dir/config" MPSIM_HISTORY_DIR="$dir/history" MPSIM_WARM=$arm \
		MPSIM_DEMO_CHOICE=buy MPSIM_THEME=light "$bin" >"$dir/log" 2>&1 &
	local host=$!
	xdotool search --sync --name "Mobile Plans host" >/dev/null
	for ((s = 1; s <= sessions; s++)); do
		sleep 3 # the host idle: the warm process (if any) is ready
		if [ "$arm" = 1 ] && [ "$round" = 1 ] && [ "$s" = 1 ]; then
			local idle
			idle=$(pgrep -f -n "mpsim-portal" || true)
			[ -n "$idle" ] && echo "idle warm process: PSS $(($(pss "$idle") / 1024)) MB, with its WebKit processes $(($(tree_pss "$idle") / 1024)) MB" >&2
		fi
		xdotool mousemove 60 21 click 1
		for ((i = 0; i < 300 && $(reports "$dir/history") < s; i++)); do sleep 0.1; done
	done
	kill "$host" 2>/dev/null || true
	wait "$host" 2>/dev/null || true
}

for ((r = 1; r <= rounds; r++)); do
	for arm in 1 0; do run_arm "$arm" "$r"; done
done
# stats ARM NAME prints min/median/max of the kept rounds' launchToFirstPaintMs
# (the first round is discarded when there are more) and writes the median
# to $work/median-ARM.
stats() {
	local first=1
	[ "$rounds" -gt 1 ] && first=2
	for ((r = first; r <= rounds; r++)); do
		find "$work/$1-$r/history" -name report.json -exec cat {} + 2>/dev/null
	done | grep -o '"launchToFirstPaintMs": *[0-9.]*' | sed 's/.*: *//' | sort -n |
		awk -v name="$2" -v out="$work/median-$1" '{ v[NR] = $1 } END {
			if (NR == 0) exit
			m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%-22s Open portal → first paint: min %.0f median %.0f max %.0f ms (n=%d)\n", name, v[1], m, v[NR], NR
			print m > out }'
}
stats 1 "warm (MPSIM_WARM=1)"
stats 0 "cold (MPSIM_WARM=0)"
if [ -s "$work/median-1" ] && [ -s "$work/median-0" ]; then
	awk -v w="$(cat "$work/median-1")" -v c="$(cat "$work/median-0")" 'BEGIN { printf "warm / cold (medians): %.2f\n", w / c }'
fi
