#!/usr/bin/env bash
# Takes real screenshots of the host window and the portal window under a
# private Xvfb: OUT-portal.png while the demo portal is open (slow back end, so
# the portal stays on screen), OUT (the path given) after the hand-back.
# Usage: scripts/screenshot.sh out/demo.png [demo-choice]
set -euo pipefail
out=${1:-out/demo.png}
choice=${2:-buy-slow}
bin=${MPSIM_BIN:-bin/mpsim}
mkdir -p "$(dirname "$out")"
portal_shot="${out%.png}-portal.png"
export MPSIM_CONFIG_DIR=${MPSIM_CONFIG_DIR:-$(mktemp -d)}
xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
	set -e
	MPSIM_AUTOOPEN=1 MPSIM_DEMO_CHOICE="$1" "$2" &
	pid=$!
	sleep 4
	import -window root "$3"
	sleep 6
	import -window root "$4"
	kill $pid 2>/dev/null || true
	wait $pid 2>/dev/null || true
' _ "$choice" "$bin" "$portal_shot" "$out"
echo "screenshots: $portal_shot $out"
