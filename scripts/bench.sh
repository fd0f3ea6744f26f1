#!/usr/bin/env bash
# Prints mpsim's speed and memory figures; never asserts. Usage: scripts/bench.sh [RUNS]
#  0. The side-by-side harness of issue 15 (bench/driver): mpsim run, the mpsim
#     GUI, a bare webview_go window (compositing off, and default), a minimal
#     Fyne window and Chromium when installed, interleaved on one private Xvfb
#     over the same HTTPS page set, first round discarded; mpsim run (with and
#     without inspection) and the bare webview once more with the page staying
#     3 s after its data, for the memory a session holds; pixels are seen on
#     the screen (XDamage + window grabs). Prints min/median/max and the
#     ratios and writes out/bench.json. BENCH_ROUNDS (default 8, one of them
#     discarded), BENCH_ARMS (IDs, see bench/driver -h), BENCH_QUIET_WAIT
#     (default 30s: how long to wait for a load average ≤ 1), BENCH_BEFORE (an
#     older mpsim binary run alongside, plain and with compositing off in its
#     environment, for before/after figures) and BENCH_ONLY=1 (this section
#     only) tune it.
#  1. Go benchmarks of the pure packages (decoder, launch builder, envelope parsing).
#  2. N warm `mpsim run --headless --demo-choice buy` sessions: wall time, the
#     report's launchToFirstPaintMs / callToResultMs (medians), and the peak RSS
#     of the host process and of the portal subtree (portal child + WebKit helpers).
set -euo pipefail
runs=${1:-5}
bin=${MPSIM_BIN:-bin/mpsim}
# shellcheck source=scripts/go-env.sh
. "$(dirname "$0")/go-env.sh"

# The bench programs are built like mpsim (the Makefile exports the WebKitGTK
# API choice: PKG_CONFIG_PATH shim, CGO_CXXFLAGS, -tags=webkit2_41 in
# GOFLAGS), plus the bench tag that keeps them out of go test/vet ./... .
tags=$(grep -o -- '-tags=[^ ]*' <<<"${GOFLAGS:-}" | tail -1 | sed 's/^-tags=//') || true
benchflags=(-tags "${tags:+$tags,}bench")
mkdir -p out/bench
echo "== side by side (issue 15): building bench/driver, bench/bare, bench/fyne (tags ${tags:+$tags,}bench)"
for p in driver bare fyne; do
	GOFLAGS=$(sed 's/-tags=[^ ]*//g' <<<"${GOFLAGS:-}") go build "${benchflags[@]}" -o out/bench/$p ./bench/$p
done
# A private Xvfb, so that no desktop or other run shares the screen.
xdisp=""
for n in $(seq 140 180); do
	if [ ! -e /tmp/.X$n-lock ] && [ ! -e /tmp/.X11-unix/X$n ]; then xdisp=:$n; break; fi
done
Xvfb "$xdisp" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
for _ in $(seq 50); do [ -e /tmp/.X11-unix/X${xdisp#:} ] && break; sleep 0.1; done
DISPLAY=$xdisp out/bench/driver -rounds "${BENCH_ROUNDS:-8}" -arms "${BENCH_ARMS:-}" \
	-quiet-wait "${BENCH_QUIET_WAIT:-30s}" -mpsim "$bin" -before "${BENCH_BEFORE:-}" -bare out/bench/bare -fyne out/bench/fyne -out out/bench.json || true
kill "$xvfb" 2>/dev/null || true
wait "$xvfb" 2>/dev/null || true
[ -n "${BENCH_ONLY:-}" ] && exit 0

echo
echo "== Go benchmarks"
go test -run '^$' -bench . -benchmem ./bridge/ ./simulator/ 2>/dev/null | grep -E '^(Benchmark|ok|PASS)' || true

echo
echo "== $runs warm unattended sessions: $bin run --headless --demo-choice buy"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export MPSIM_CONFIG_DIR=$work/config
# One run first so the demo certificate exists and caches are warm.
DISPLAY="" "$bin" run --headless --demo-choice buy --report "$work/warm.json" 2>/dev/null || true

# sample_rss PID OUT: every 50 ms, the RSS (kB) of PID and of its portal subtree.
sample_rss() {
	local pid=$1 out=$2 host=0 sub=0
	while kill -0 "$pid" 2>/dev/null; do
		local h s
		h=$(awk '/^VmRSS/ {print $2}' /proc/"$pid"/status 2>/dev/null || echo 0)
		s=0
		for c in $(pgrep -f -- "mpsim-portal|$bin portal" 2>/dev/null) $(pgrep -f 'WebKit(Web|Network)Process' 2>/dev/null); do
			r=$(awk '/^VmRSS/ {print $2}' /proc/"$c"/status 2>/dev/null || echo 0)
			s=$((s + r))
		done
		((h > host)) && host=$h
		((s > sub)) && sub=$s
		sleep 0.05
	done
	echo "$host $sub" >"$out"
}

walls=() paints=() calls=() hosts=() subs=()
# timing prints a report's timing KEY in whole ms (0 when absent): the
# report is indented JSON with one "KEY": value per line.
timing() { sed -n "s/.*\"$1\": *\([0-9.]*\).*/\1/p" "$2" | head -1 | awk '{ printf "%.0f\n", $1 + 0 } END { if (NR == 0) print 0 }'; }
for i in $(seq 1 "$runs"); do
	start=$(date +%s%N)
	DISPLAY="" "$bin" run --headless --demo-choice buy --report "$work/r$i.json" 2>/dev/null &
	pid=$!
	sample_rss "$pid" "$work/rss$i" &
	sampler=$!
	wait "$pid" || true
	end=$(date +%s%N)
	wait "$sampler" || true
	walls+=("$(((end - start) / 1000000))")
	paints+=("$(timing launchToFirstPaintMs "$work/r$i.json")")
	calls+=("$(timing callToResultMs "$work/r$i.json")")
	read -r h s <"$work/rss$i"
	hosts+=($((h / 1024)))
	subs+=($((s / 1024)))
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
printf '%-34s %s\n' "wall time per session (ms)" "median $(median "${walls[@]}")  all: ${walls[*]}"
printf '%-34s %s\n' "launch → first paint (ms)" "median $(median "${paints[@]}")  all: ${paints[*]}"
printf '%-34s %s\n' "hand-back → result, window gone (ms)" "median $(median "${calls[@]}")  all: ${calls[*]}"
printf '%-34s %s\n' "peak RSS host process (MB)" "median $(median "${hosts[@]}")  all: ${hosts[*]}"
printf '%-34s %s\n' "peak RSS portal subtree (MB)" "median $(median "${subs[@]}")  all: ${subs[*]}"
echo "(includes starting a private Xvfb per session; wall time is exec to exit)"

# Issue 10: the recording of the portal (console, network, navigations,
# screenshots) must not slow the portal down. Interleaved runs with and
# without it; the ratio of the first-paint medians is the figure (goal ≤ 1.05).
echo
echo "== inspection cost: $runs interleaved pairs, --no-inspect vs default"
on=() off=()
for i in $(seq 1 "$runs"); do
	DISPLAY="" "$bin" run --headless --demo-choice buy --no-inspect --report "$work/off$i.json" 2>/dev/null || true
	DISPLAY="" "$bin" run --headless --demo-choice buy --report "$work/on$i.json" 2>/dev/null || true
	off+=("$(timing launchToFirstPaintMs "$work/off$i.json")")
	on+=("$(timing launchToFirstPaintMs "$work/on$i.json")")
done
mon=$(median "${on[@]}") moff=$(median "${off[@]}")
printf '%-34s %s\n' "first paint, inspection off (ms)" "median $moff  all: ${off[*]}"
printf '%-34s %s\n' "first paint, inspection on (ms)" "median $mon  all: ${on[*]}"
printf '%-34s %s\n' "ratio on/off" "$(awk -v a="$mon" -v b="$moff" 'BEGIN { if (b < 1) b = 1; printf "%.3f", a / b }') (goal ≤ 1.05)"
