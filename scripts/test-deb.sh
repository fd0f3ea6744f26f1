#!/usr/bin/env bash
# Usage: test-deb.sh API
# Tests the .deb that `make deb` built for WebKitGTK API (4.0 or 4.1): its
# declared dependencies, that apt could install it here (simulated), its
# files, and the mpsim it installs: unpacked into a scratch root, its portal
# window (/usr/libexec/mpsim/mpsim-portal) must link only that WebKitGTK and
# mpsim none; mpsim must print its version (or help) and pass a headless demo
# session, which it runs in that mpsim-portal. Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
api=${1:?usage: test-deb.sh API}
case "$api" in
4.0) want=libwebkit2gtk-4.0-37 other=libwebkit2gtk-4.1-0 ;;
4.1) want=libwebkit2gtk-4.1-0 other=libwebkit2gtk-4.0-37 ;;
*) echo "test-deb: API must be 4.0 or 4.1, not $api" >&2; exit 2 ;;
esac
fail() { echo "test-deb: FAIL: $*" >&2; exit 1; }

shopt -s nullglob
debs=(dist/mpsim_*.deb)
((${#debs[@]} == 1)) || fail "want exactly one dist/mpsim_*.deb, found ${#debs[@]} (run make deb)"
deb=${debs[0]}
echo "test-deb: $deb"

depends=$(dpkg-deb -f "$deb" Depends)
recommends=$(dpkg-deb -f "$deb" Recommends)
echo "test-deb: Depends: $depends"
for p in "$want" libgtk-3-0 libgl1; do
	grep -qw -- "$p" <<<"$depends" || fail "Depends lacks $p"
done
! grep -qw -- "$other" <<<"$depends" || fail "Depends names $other, the other WebKitGTK API"
grep -qw xvfb <<<"$recommends" || fail "Recommends lacks xvfb: $recommends"
[ "$(dpkg-deb -f "$deb" Package)" = mpsim ] || fail "package name is not mpsim"

# apt must be able to resolve every dependency name on this distribution.
if command -v apt-get >/dev/null; then
	apt-get install -s -q "./$deb" >out/test-deb-apt.log 2>&1 || { cat out/test-deb-apt.log >&2; fail "apt-get install -s ./$deb"; }
	echo "test-deb: apt-get install -s ./$deb resolves"
fi

root=$(mktemp -d)
cfg=$(mktemp -d)
trap 'rm -rf "$root" "$cfg"' EXIT
dpkg-deb -x "$deb" "$root"
for f in usr/bin/mpsim usr/libexec/mpsim/mpsim-portal usr/libexec/mpsim/mpsim-host usr/share/applications/io.github.mpsim.desktop usr/share/icons/hicolor/512x512/apps/io.github.mpsim.png; do
	[ -f "$root/$f" ] || fail "the package does not install /$f"
done
for f in usr/bin/mpsim usr/libexec/mpsim/mpsim-portal usr/libexec/mpsim/mpsim-host; do
	[ -x "$root/$f" ] || fail "/$f is not executable"
done
desktop=$root/usr/share/applications/io.github.mpsim.desktop
grep -qx 'Exec=mpsim' "$desktop" || fail "desktop entry: want Exec=mpsim, have $(grep ^Exec= "$desktop")"
grep -qx 'Icon=io.github.mpsim' "$desktop" || fail "desktop entry: want Icon=io.github.mpsim"
grep -q '^Categories=Development;Network;$' "$desktop" || fail "desktop entry: Categories are not FyneApp.toml's"
if command -v desktop-file-validate >/dev/null; then desktop-file-validate "$desktop" || fail "desktop-file-validate"; fi

mpsim=$root/usr/bin/mpsim
# Only the portal window loads WebKitGTK; the command line loads none of it,
# nor GTK or GL (issue 15).
bash scripts/check-webkit-link.sh "$root/usr/libexec/mpsim/mpsim-portal" "$api"
bash scripts/check-webkit-link.sh "$mpsim" none
export MPSIM_CONFIG_DIR=$cfg
if "$mpsim" help 2>&1 | grep -q -- --version; then
	out=$("$mpsim" --version) || fail "mpsim --version"
	echo "test-deb: mpsim --version: $out"
	grep -q "WebKitGTK $api" <<<"$out" || fail "mpsim --version does not say WebKitGTK $api"
else
	"$mpsim" help >/dev/null || fail "mpsim help"
	echo "test-deb: mpsim help works (this mpsim has no --version yet)"
fi
report=$cfg/report.json
"$mpsim" run --headless --demo-choice buy --timeout 90s --report "$report" || fail "mpsim run --headless --demo-choice buy exited $?"
grep -q '"verdict": *"pass"' "$report" || fail "the report's verdict is not pass: $(grep -m1 verdict "$report")"
echo "test-deb: PASS: the packaged mpsim ran a headless demo session (verdict pass)"
