#!/usr/bin/env bash
# arm64-check.sh: builds mpsim for arm64 on an amd64 Debian 12 machine and runs
# it there under QEMU's user-mode emulation, as far as an arm64 desk would:
#   1. the three programs: mpsim (pure Go) and the two windows, mpsim-portal
#      and mpsim-host (cgo: WebKitGTK 4.1, GTK 3, GL), cross-compiled with
#      Debian's aarch64 compiler against a sysroot of Debian's arm64 packages
#      (mmdebstrap --variant=extract: unpacked, no emulation needed);
#   2. the unit tests of the packages without a window, as arm64 test binaries
#      (the tests that start the test binary again included);
#   3. one whole demo session (`mpsim run --demo-choice buy`) under Xvfb, every
#      process of it arm64: mpsim, mpsim-portal and WebKit's web and network
#      processes, which the emulated WebKit starts itself; run with the
#      sysroot as the root directory (chroot), where WebKit's helpers are;
#   4. the host window (mpsim-host) mapped on the same Xvfb, and a screenshot.
# Emulation makes it slow (minutes for a session); the timings say nothing of
# an arm64 machine's speed.
#
# It needs root: apt-get (qemu-user-static, mmdebstrap, the cross compiler,
# Xvfb), and to register QEMU with the kernel's binfmt_misc when nothing has
# (a container or a machine without systemd-binfmt): then arm64 programs,
# WebKit's helpers among them, start like native ones.
#
# Usage: sudo bash scripts/arm64-check.sh [WORKDIR]
#   WORKDIR  default /var/tmp/mpsim-arm64-check: sysroot/ (kept and reused;
#            delete it for a fresh one), bin/, logs/, shots/
# Exits 0 only if every step passed.
set -euo pipefail

WORKDIR=${1:-/var/tmp/mpsim-arm64-check}
case $WORKDIR in -h | --help)
	sed -n 's/^# \{0,1\}//; /^Usage:/,/^Exits/p' "${BASH_SOURCE[0]}" >&2
	exit 2
	;;
esac

PROG=arm64-check
# shellcheck source=scripts/say.sh
. "$(dirname "${BASH_SOURCE[0]}")/say.sh"

[ "$(id -u)" -eq 0 ] || die "needs root (apt-get, binfmt_misc): sudo bash $0 $*"
[ "$(dpkg --print-architecture)" = amd64 ] || die "made for an amd64 host; this one is $(dpkg --print-architecture)"
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mkdir -p "$WORKDIR"
WORKDIR=$(realpath -- "$WORKDIR")
S=$WORKDIR/sysroot
B=$WORKDIR/bin
LOG=$WORKDIR/logs
rm -rf "$LOG" "$B" "$WORKDIR/shots" "$WORKDIR/config"
mkdir -p "$LOG" "$B" "$WORKDIR/shots"
export PATH=/usr/local/go/bin:$PATH
# shellcheck source=scripts/go-env.sh
. "$REPO/scripts/go-env.sh"

declare -A RESULT=()
ORDER=()
result() { # result STEP TEXT
	RESULT[$1]=$2
	ORDER+=("$1")
	say "$1: $2"
}

# 0. What the check needs on the host.
need=()
command -v qemu-aarch64-static >/dev/null || need+=(qemu-user-static)
command -v mmdebstrap >/dev/null || need+=(mmdebstrap)
command -v aarch64-linux-gnu-gcc >/dev/null || need+=(gcc-aarch64-linux-gnu)
command -v aarch64-linux-gnu-g++ >/dev/null || need+=(g++-aarch64-linux-gnu)
command -v Xvfb >/dev/null || need+=(xvfb)
command -v import >/dev/null || need+=(imagemagick)
command -v xdotool >/dev/null || need+=(xdotool)
command -v glib-compile-schemas >/dev/null || need+=(libglib2.0-bin)
if ((${#need[@]})); then
	say "installing ${need[*]} (apt-get)"
	{ apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}"; } >"$LOG/apt.log" 2>&1 ||
		die "apt-get failed: $(tail -3 "$LOG/apt.log")"
fi

# binfmt_misc: arm64 programs start through QEMU, children included.
if [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
	[ -e /proc/sys/fs/binfmt_misc/register ] || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc ||
		die "binfmt_misc is not mounted and cannot be"
	conf=/usr/lib/binfmt.d/qemu-aarch64.conf
	[ -s "$conf" ] || die "no $conf (qemu-user-static)"
	cat "$conf" >/proc/sys/fs/binfmt_misc/register || die "could not register $conf with binfmt_misc"
	say "registered QEMU for arm64 programs with binfmt_misc (nothing had: no systemd-binfmt here)"
fi

# 1. The sysroot: Debian's arm64 packages of what install-deps.sh installs for
# WebKitGTK 4.1, unpacked.
if [ ! -e "$S/usr/lib/aarch64-linux-gnu/pkgconfig/webkit2gtk-4.1.pc" ]; then
	say "making the arm64 sysroot with mmdebstrap (log: $LOG/sysroot.log)"
	rm -rf "$S"
	mmdebstrap --arch=arm64 --variant=extract \
		--include=libc6-dev,libwebkit2gtk-4.1-dev,libgtk-3-dev,libgl1-mesa-dev,libx11-dev,libxcursor-dev,libxrandr-dev,libxinerama-dev,libxi-dev,libxxf86vm-dev \
		bookworm "$S" http://deb.debian.org/debian >"$LOG/sysroot.log" 2>&1 || die "mmdebstrap failed: $(tail -3 "$LOG/sysroot.log")"
fi
# What the packages' own scripts would have made, had they run: GTK aborts
# without compiled GSettings schemas (the format is the same on every
# architecture).
glib-compile-schemas "$S/usr/share/glib-2.0/schemas" || die "glib-compile-schemas failed in $S"
say "sysroot $S: $(du -sh "$S" | cut -f1)"

# 2. The programs.
cd "$REPO"
bash scripts/fetch-axe.sh >"$LOG/axe.log" 2>&1 || die "fetch-axe.sh failed: $(tail -3 "$LOG/axe.log")"
t0=$SECONDS
GOARCH=arm64 CGO_ENABLED=0 go build -tags webkit2_41 -o "$B/mpsim" ./app >"$LOG/build-mpsim.log" 2>&1 || die "mpsim for arm64: $(tail -3 "$LOG/build-mpsim.log")"
if ! env GOARCH=arm64 CGO_ENABLED=1 CC=aarch64-linux-gnu-gcc CXX=aarch64-linux-gnu-g++ \
	PKG_CONFIG_SYSROOT_DIR="$S" PKG_CONFIG_LIBDIR="$S/usr/lib/aarch64-linux-gnu/pkgconfig:$S/usr/share/pkgconfig" \
	PKG_CONFIG_PATH="$REPO/build/pkgconfig-webkit2_41" \
	CGO_CFLAGS="--sysroot=$S -O2 -g" CGO_CXXFLAGS="--sysroot=$S -O2 -g -DBUILD_FOR_WEBKIT2_41" CGO_LDFLAGS="--sysroot=$S" \
	go build -tags webkit2_41 -o "$B/" ./app/cmd/mpsim-portal ./app/cmd/mpsim-host >"$LOG/build-windows.log" 2>&1; then
	tail -5 "$LOG/build-windows.log" >&2
	die "the windows for arm64 did not build (log: $LOG/build-windows.log)"
fi
result build "mpsim, mpsim-portal, mpsim-host for arm64 in $((SECONDS - t0)) s ($(file -b "$B/mpsim-portal" | cut -d, -f1-2))"
"$B/mpsim" --version >"$LOG/version.log" 2>&1 || die "mpsim --version under QEMU: $(cat "$LOG/version.log")"
result version "$(cat "$LOG/version.log")"

# 3. Unit tests of the packages without a window, as arm64 programs.
pkgs=(./bridge/... ./simulator/... ./app/internal/inspect ./app/internal/audit ./app/internal/matrix
	./app/internal/session ./app/internal/workspace ./app/internal/history ./app/internal/ipc ./app/internal/cli
	./app/internal/termsafe ./app/internal/suggest ./app/internal/settings)
t0=$SECONDS
if GOARCH=arm64 CGO_ENABLED=0 go test -count=1 -timeout 30m "${pkgs[@]}" >"$LOG/unit.log" 2>&1; then
	result unit "$(grep -c '^ok' "$LOG/unit.log") packages pass in $((SECONDS - t0)) s"
else
	result unit "FAIL (log: $LOG/unit.log): $(grep -E '^(FAIL|---)' "$LOG/unit.log" | head -5 | paste -sd' ')"
fi

# 4. A whole session, and the host window, on an Xvfb of their own, in the
# sysroot as the root directory: WebKit starts its helpers by their absolute
# arm64 paths, which exist only there (QEMU's library prefix does not apply to
# the programs a program starts). binfmt_misc's F flag lets QEMU start there.
disp=$((170 + RANDOM % 50))
Xvfb ":$disp" -screen 0 1280x800x24 -nolisten tcp >"$LOG/xvfb.log" 2>&1 &
XVFB=$!
trap 'kill $XVFB 2>/dev/null || true' EXIT
sleep 1
mkdir -p "$S/opt/mpsim" "$S/proc" "$S/dev" "$S/tmp/.X11-unix" "$S/work" "$S/root"
chmod 1777 "$S/tmp"
rm -rf "$S/work/config" "$S/work/report.json" "$S/root/.cache/mpsim"
cp "$B"/mpsim "$B"/mpsim-portal "$B"/mpsim-host "$S/opt/mpsim/"
in_sysroot() { # in_sysroot COMMAND...: COMMAND in the sysroot, in a mount namespace of its own
	unshare -m sh -c 'S=$1; shift; mount --make-rprivate / && mount --rbind /dev "$S/dev" && mount -t proc proc "$S/proc" &&
		mount --bind /tmp/.X11-unix "$S/tmp/.X11-unix" &&
		exec /usr/bin/env -i PATH=/usr/bin:/bin HOME=/root DISPLAY="$DISP" MPSIM_CONFIG_DIR=/work/config \
			MPSIM_HISTORY_DIR=/work/config/history /usr/sbin/chroot "$S" "$@"' sh "$S" "$@"
}
export DISP=:$disp
t0=$SECONDS
set +e
in_sysroot /opt/mpsim/mpsim run --demo-choice buy --timeout 15m --report /work/report.json >"$LOG/session.log" 2>&1
rc=$?
set -e
cp -r "$S/root/.cache/mpsim/screenshots/." "$WORKDIR/shots/" 2>/dev/null || true
verdict=$(grep -o '"verdict": *"[^"]*"' "$S/work/report.json" 2>/dev/null | head -1 | sed 's/.*: *//; s/"//g')
if ((rc == 0)); then
	result session "mpsim run --demo-choice buy: exit 0, verdict ${verdict:-?}, in $((SECONDS - t0)) s under emulation"
else
	result session "FAIL: mpsim run exit $rc after $((SECONDS - t0)) s (log: $LOG/session.log): $(tail -2 "$LOG/session.log" | paste -sd' ')"
fi

in_sysroot /opt/mpsim/mpsim >"$LOG/host.log" 2>&1 &
HOST=$!
t0=$SECONDS
win=""
while [ -z "$win" ] && ((SECONDS - t0 < 300)) && kill -0 "$HOST" 2>/dev/null; do
	sleep 2
	win=$(DISPLAY=:$disp xdotool search --name "Mobile Plans host" 2>/dev/null | head -1 || true)
done
if [ -n "$win" ]; then
	mapped=$((SECONDS - t0))
	sleep 20 # the host screen is built after the window maps
	import -display ":$disp" -window root "$WORKDIR/shots/host-arm64.png"
	result host "mpsim-host mapped its window in about $mapped s; screenshot $WORKDIR/shots/host-arm64.png"
else
	result host "FAIL: no host window within 300 s (log: $LOG/host.log): $(tail -2 "$LOG/host.log" | paste -sd' ')"
fi
pkill -f "/opt/mpsim/mpsim" 2>/dev/null || true
kill "$HOST" 2>/dev/null || true

echo
echo "==== arm64-check summary ===="
fail=0
for k in "${ORDER[@]}"; do
	printf '%-8s %s\n' "$k:" "${RESULT[$k]}"
	[[ ${RESULT[$k]} == FAIL* ]] && fail=1
done
echo "logs:    $LOG"
((fail == 0)) || { echo "result:  FAIL"; exit 1; }
echo "result:  PASS"
