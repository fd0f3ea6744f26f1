#!/usr/bin/env bash
# Usage: check-webkit-link.sh BINARY API
# Checks with ldd that BINARY links exactly one WebKitGTK (API none: none,
# and no GTK, GL or X11 either): API 4.0 means
# libwebkit2gtk-4.0 with libsoup 2.4, API 4.1 means libwebkit2gtk-4.1 with
# libsoup 3 (docs/portability.md). A binary that loads both would crash when
# the second registers the same GObject types. Prints the lines it checked.
set -euo pipefail
bin=${1:?usage: check-webkit-link.sh BINARY API}
api=${2:?usage: check-webkit-link.sh BINARY API}
if [ "$api" = none ]; then
	# The mpsim command line (issue 15): no WebKitGTK, GTK, GL or X11 at all,
	# so that the commands without a window start in milliseconds.
	libs=$(ldd "$bin" 2>&1) || true
	if grep -E 'libwebkit2gtk|libjavascriptcoregtk|libsoup|libgtk|libGL|libX11|libglfw' <<<"$libs"; then
		echo "check-webkit-link: $bin links the libraries above; the command line must link none of them" >&2
		exit 1
	fi
	echo "check-webkit-link: $(basename "$bin"): no WebKitGTK, GTK, GL or X11 ($(grep -c '=>' <<<"$libs" || true) shared libraries)"
	exit 0
fi
case "$api" in
4.0) want=(libwebkit2gtk-4.0.so libjavascriptcoregtk-4.0.so libsoup-2.4.so) not=(libwebkit2gtk-4.1.so libjavascriptcoregtk-4.1.so libsoup-3.0.so) ;;
4.1) want=(libwebkit2gtk-4.1.so libjavascriptcoregtk-4.1.so libsoup-3.0.so) not=(libwebkit2gtk-4.0.so libjavascriptcoregtk-4.0.so libsoup-2.4.so) ;;
*) echo "check-webkit-link: API must be 4.0, 4.1 or none, not $api" >&2; exit 2 ;;
esac
libs=$(ldd "$bin") || { echo "check-webkit-link: ldd $bin failed" >&2; exit 1; }
if grep -q "not found" <<<"$libs"; then
	echo "check-webkit-link: $bin has unresolved libraries:" >&2
	grep "not found" <<<"$libs" >&2
	exit 1
fi
fail=0
for l in "${want[@]}"; do
	grep -q "$l" <<<"$libs" || { echo "check-webkit-link: $bin does not link $l (want WebKitGTK $api)" >&2; fail=1; }
done
for l in "${not[@]}"; do
	if grep -q "$l" <<<"$libs"; then echo "check-webkit-link: $bin links $l, but it was built for WebKitGTK $api" >&2; fail=1; fi
done
grep -E 'libwebkit2gtk|libjavascriptcoregtk|libsoup' <<<"$libs" | sed "s|^|check-webkit-link: $(basename "$bin"): |"
exit "$fail"
