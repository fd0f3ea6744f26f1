# shellcheck shell=bash
# say.sh: the timestamped messages of the project's long-running check scripts
# (containerfile-check.sh, containerfile-podman.sh, arm64-check.sh). Source it
# after setting PROG to the script's name.

# ts prints the time of day.
ts() { date +%H:%M:%S; }
# say prints its arguments after the time.
say() { printf '[%s] %s\n' "$(ts)" "$*"; }
# die prints its arguments after the time and the script's name on standard
# error, and exits 1.
die() {
	printf '[%s] %s: %s\n' "$(ts)" "${PROG:-check}" "$*" >&2
	exit 1
}
