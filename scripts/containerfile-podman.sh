#!/usr/bin/env bash
# containerfile-podman.sh: builds the project's Containerfile with podman (a
# real container engine) and runs the image as a CI job would: the bundled
# examples/ with JUnit and HTML written to a mounted directory, as root and as
# uid 1000, with --init and no network.
#
# It adapts to a machine that cannot do everything a developer's desk can,
# and says so each time:
#   - no registry (a closed network): debian:12 is made from Debian's own
#     packages (scripts/containerfile-check.sh --export-base: debootstrap
#     minbase plus what the official image adds) and imported under its name;
#   - --local-go: Go is served from the host's /usr/local/go on 127.0.0.1 and
#     the build is given --build-arg GO_DL=<that address> (the build then uses
#     the host's network, which podman build does by default anyway);
#   - a sandbox without CAP_SYS_RESOURCE or with hybrid cgroups, where crun
#     cannot start a container: runc, with the resource limits the host has.
#
# Usage: sudo bash scripts/containerfile-podman.sh [--local-go] [OUT]
#   --local-go  serve the host's /usr/local/go at http://127.0.0.1:18780
#               (MPSIM_GO_DL_PORT) for the build instead of go.dev
#   OUT  where the runs write junit.xml, report.html and their logs
#        (default /var/tmp/mpsim-containerfile-podman)
# Exits 0 only if the build and both runs exit 0.
set -euo pipefail

LOCAL_GO=0
OUT=/var/tmp/mpsim-containerfile-podman
while (($#)); do
	case $1 in
	--local-go) LOCAL_GO=1 ;;
	-h | --help)
		sed -n 's/^# \{0,1\}//; /^Usage:/,/^Exits/p' "${BASH_SOURCE[0]}" >&2
		exit 2
		;;
	-*) echo "containerfile-podman: unknown option $1" >&2; exit 2 ;;
	*) OUT=$1 ;;
	esac
	shift
done

PROG=containerfile-podman
# shellcheck source=scripts/say.sh
. "$(dirname "${BASH_SOURCE[0]}")/say.sh"

[ "$(id -u)" -eq 0 ] || die "needs root (podman's rootful storage, apt-get): sudo bash $0"
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
IMAGE=localhost/mpsim:containerfile-check
BASE=docker.io/library/debian:12
mkdir -p "$OUT"
OUT=$(realpath -- "$OUT")
LOG=$OUT/logs
rm -rf "$LOG"
mkdir -p "$LOG"

if ! command -v podman >/dev/null || ! command -v runc >/dev/null; then
	say "installing podman and runc (apt-get)"
	{ apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q podman runc; } >"$LOG/apt.log" 2>&1 ||
		die "could not install podman and runc: $(tail -3 "$LOG/apt.log")"
fi
say "$(podman --version)"

SERVER_PID=""
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
	[ -z "$SERVER_PID" ] || kill "$SERVER_PID" 2>/dev/null || true
}
trap cleanup EXIT

# The base image: pulled when the registry answers, else made from Debian.
if podman image exists "$BASE"; then
	say "$BASE: already in podman's storage ($(podman image inspect --format '{{.Created}}' "$BASE"))"
elif podman pull -q "$BASE" >"$LOG/pull.log" 2>&1; then
	say "$BASE: pulled"
else
	say "$BASE: cannot be pulled ($(tail -1 "$LOG/pull.log" | cut -c1-160)); making it from Debian's packages"
	bash "$REPO/scripts/containerfile-check.sh" --export-base "$OUT/debian-12.tar" >"$LOG/base.log" 2>&1 ||
		die "could not make the base: $(tail -3 "$LOG/base.log")"
	podman import -q "$OUT/debian-12.tar" "$BASE" >/dev/null || die "podman import of $OUT/debian-12.tar failed"
	rm -f "$OUT/debian-12.tar"
	say "$BASE: imported (debootstrap minbase of bookworm; see $LOG/base.log)"
fi

# The flags this machine's engine needs.
ENGINE=()
if ! podman run --rm "$BASE" true >"$LOG/probe.log" 2>&1; then
	ENGINE=(--runtime runc --ulimit "nofile=$(ulimit -Hn):$(ulimit -Hn)" --ulimit "nproc=20000:20000")
	say "podman's default runtime cannot start a container here ($(tail -1 "$LOG/probe.log" | cut -c1-160)); using ${ENGINE[*]}"
	podman run --rm "${ENGINE[@]}" "$BASE" true >"$LOG/probe.log" 2>&1 ||
		die "podman cannot start a container here even with ${ENGINE[*]}: $(tail -1 "$LOG/probe.log")"
fi

BUILD_ARGS=()
if ((LOCAL_GO)); then
	[ -x /usr/local/go/bin/go ] || die "--local-go: the host has no /usr/local/go/bin/go"
	gov=$(head -1 /usr/local/go/VERSION)
	want=$(sed -n 's/^ARG GO_VERSION=//p' "$REPO/Containerfile")
	[ "$gov" = "go$want" ] || die "--local-go: the host has $gov, the Containerfile wants go$want"
	mkdir -p "$OUT/go-dl"
	tarball=$OUT/go-dl/$gov.linux-$(dpkg --print-architecture).tar.gz
	[ -s "$tarball" ] || tar -C /usr/local -czf "$tarball" go
	# A fixed port: the address is a build argument, so a new one each time
	# would defeat podman's cache of the steps after it.
	port=${MPSIM_GO_DL_PORT:-18780}
	python3 -m http.server --bind 127.0.0.1 --directory "$OUT/go-dl" "$port" >"$LOG/go-dl.log" 2>&1 &
	SERVER_PID=$!
	sleep 1
	BUILD_ARGS=(--build-arg "GO_DL=http://127.0.0.1:$port")
	say "--local-go: serving the host's $gov at http://127.0.0.1:$port for the build (GO_DL)"
fi

say "podman build (output: $LOG/build.log)"
t0=$SECONDS
if ! podman build "${ENGINE[@]}" --network host "${BUILD_ARGS[@]}" -t "$IMAGE" -f "$REPO/Containerfile" "$REPO" >"$LOG/build.log" 2>&1; then
	tail -5 "$LOG/build.log" >&2
	die "podman build failed after $((SECONDS - t0)) s (log: $LOG/build.log)"
fi
BUILD_TIME=$((SECONDS - t0))
say "built $IMAGE in $BUILD_TIME s ($(podman image inspect --format '{{.Size}}' "$IMAGE" | numfmt --to=iec))"

declare -A RC=() TIME=()
for who in root 1000; do
	dir=$OUT/$who
	rm -rf "$dir"
	mkdir -p "$dir"
	chmod 0777 "$dir"
	say "podman run as $who: mpsim test /src/examples/ --junit --html, --init, no network (output: $LOG/run-$who.log)"
	t0=$SECONDS
	set +e
	podman run --rm --init --network none --user "$who" "${ENGINE[@]}" -v "$dir:/work/out" "$IMAGE" \
		test /src/examples/ --junit out/junit.xml --html out/report.html >"$LOG/run-$who.log" 2>&1
	RC[$who]=$?
	set -e
	TIME[$who]=$((SECONDS - t0))
	say "run as $who: exit code ${RC[$who]} in ${TIME[$who]} s; last 3 lines:"
	tail -n 3 "$LOG/run-$who.log" | sed 's/^/  | /'
done

echo
echo "==== containerfile-podman summary ===="
echo "build:    ok in $BUILD_TIME s$( ((LOCAL_GO)) && echo " (--local-go)")${ENGINE[*]:+, with ${ENGINE[*]}}"
for who in root 1000; do
	printf 'run as %-5s exit code %s in %s s; %s\n' "$who:" "${RC[$who]}" "${TIME[$who]}" "$(ls "$OUT/$who" | paste -sd' ')"
done
echo "logs:     $LOG"
if [ "${RC[root]}" != 0 ] || [ "${RC[1000]}" != 0 ]; then
	echo "result:   FAIL"
	exit 1
fi
echo "result:   PASS"
