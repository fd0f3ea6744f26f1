#!/usr/bin/env bash
# Installs what mpsim needs on Debian or Ubuntu that the machine does not have
# yet: the C toolchain and libraries for Fyne (GLFW/GL) and webview_go (GTK 3
# and WebKitGTK), Xvfb and ImageMagick for headless runs and screenshots, and
# a font for Chinese, Japanese and Korean and one for Thai where no installed
# font covers them.
#
# The CJK font: Fyne's bundled font has none of their glyphs, and Fyne 2.7
# takes a missing glyph from the system's fonts; with none, the host drew a
# ja-JP plan name or language as boxes, and WebKit drew no text of a ja-JP
# portal page. fonts-wqy-microhei (WenQuanYi Micro Hei, Debian 12 main:
# about 1.6 MB to fetch, 5 MB installed; fonts-noto-cjk is 56 MB and 91 MB)
# covers all three for fontconfig (ja, ko, zh-cn, zh-tw). It is installed
# only when fc-list finds no font for one of ja, ko and zh-cn (a desk with
# fonts-noto-cjk keeps it alone), for both of the README's commands and so
# for CI, which runs the second: TestHostDrawsCJKText checks there that the
# host draws such text.
#
# The Thai font: DejaVu and WenQuanYi have no Thai glyph (fc-list :lang=th
# is empty with both), so WebKit drew no text of a th-TH portal page and the
# host drew a Thai plan name as boxes. fonts-thai-tlwg (TLWG's Thai fonts,
# Debian 12 main: about 3.8 MB to fetch, 8 MB installed; fonts-noto-core is
# 12 MB and 42 MB) is installed only when fc-list finds no font for th.
#
# WebKitGTK: every API the distribution offers is installed, 4.1 (libsoup 3:
# Debian 12 and later, Ubuntu 22.04 and later) and 4.0 (libsoup 2: up to
# Debian 12 and Ubuntu 22.04), so that `make test` tests both where both exist
# (Debian 12). WEBKIT=4.0 or WEBKIT=4.1 installs only that one. On another
# distribution it checks with pkg-config and says what to install (Fedora: see
# docs/portability.md).
#
# Runs apt-get as root, or through sudo. Safe to run again: it installs only
# what is missing and does not touch apt when nothing is. Go itself must
# already be installed (Go 1.26, /usr/local/go): its go command fetches the
# toolchain the build uses (go1.27.3, scripts/go-env.sh) from the Go module
# proxy, which this script does the first time and checks.
set -euo pipefail
# shellcheck source=scripts/go-env.sh
. "$(dirname "$0")/go-env.sh"

packages=(
	build-essential pkg-config
	libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev libgl1-mesa-dev
	libgtk-3-dev
	libfontconfig-dev # the portal window prunes fontconfig's configuration (app/internal/window/fontconf)
	xvfb xauth imagemagick x11-apps x11-utils
	xdotool openbox
	ca-certificates curl
	nodejs    # the bridge shim's hostile-page tests run it in Node (bridge/shim_node_test.go)
	shellcheck # the lint gate checks the shell scripts (scripts/lint.sh)
	libxml2-utils # xmllint: the JUnit test checks --junit-schema xunit against Jenkins xUnit's junit-10.xsd (app/internal/matrix)
)
case "${WEBKIT:-}" in
4.0) webkit_packages=(libwebkit2gtk-4.0-dev) ;;
4.1) webkit_packages=(libwebkit2gtk-4.1-dev) ;;
"") webkit_packages=(libwebkit2gtk-4.1-dev libwebkit2gtk-4.0-dev) ;;
*) echo "install-deps: WEBKIT must be 4.0 or 4.1, not $WEBKIT" >&2; exit 2 ;;
esac

cjk_font=fonts-wqy-microhei
thai_font=fonts-thai-tlwg
# covered says whether fontconfig finds an installed font for each language
# named (fontconfig's names: ja, zh-cn, th; false without fc-list, which
# comes with GTK's fontconfig).
covered() {
	local l
	command -v fc-list >/dev/null 2>&1 || return 1
	for l in "$@"; do
		[ -n "$(fc-list ":lang=$l" family 2>/dev/null)" ] || return 1
	done
}
# cjk_covered says whether a font covers each of Japanese, Korean and Chinese.
cjk_covered() { covered ja ko zh-cn; }

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
	# Not Debian or Ubuntu: check, do not install.
	if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists gtk+-3.0 fontconfig x11 gl &&
		{ pkg-config --exists webkit2gtk-4.1 || pkg-config --exists webkit2gtk-4.0; }; then
		echo "install-deps: not a Debian/Ubuntu system; GTK 3, WebKitGTK and the X11/GL headers are present"
		if ! cjk_covered; then
			echo "install-deps: no installed font covers Chinese, Japanese and Korean: the host draws their text as boxes (Fedora: sudo dnf install wqy-microhei-fonts)" >&2
		fi
		if ! covered th; then
			echo "install-deps: no installed font covers Thai: WebKit draws no Thai text (Fedora: sudo dnf install google-noto-sans-thai-fonts)" >&2
		fi
		exit 0
	fi
	echo "install-deps: not a Debian/Ubuntu system and the build libraries are missing. On Fedora:" >&2
	echo "  sudo dnf install gcc gcc-c++ pkgconf-pkg-config gtk3-devel fontconfig-devel webkit2gtk4.1-devel libX11-devel libXcursor-devel libXrandr-devel libXinerama-devel libXi-devel libXxf86vm-devel mesa-libGL-devel xorg-x11-server-Xvfb xorg-x11-xauth ImageMagick" >&2
	exit 1
fi

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
# offered prints the WebKitGTK dev packages apt has a candidate for.
offered() {
	local p c
	for p in "${webkit_packages[@]}"; do
		c=$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ { print $2 }')
		if [ -n "$c" ] && [ "$c" != "(none)" ]; then echo "$p"; fi
	done
}
# missing_webkit prints the offered WebKitGTK dev packages not installed yet.
missing_webkit() {
	local p
	for p in $(offered); do installed "$p" || echo "$p"; done
}

missing=()
for p in "${packages[@]}"; do
	installed "$p" || missing+=("$p")
done
if ! installed "$cjk_font" && ! cjk_covered; then
	missing+=("$cjk_font")
fi
if ! installed "$thai_font" && ! covered th; then
	missing+=("$thai_font")
fi
webkit_ok=no
# Everything asked for installed, or what apt offers installed: no apt-get update needed.
all=yes
for p in "${webkit_packages[@]}"; do installed "$p" || all=no; done
if [ "$all" = yes ] || { [ -n "$(offered)" ] && [ -z "$(missing_webkit)" ]; }; then
	webkit_ok=yes
fi

if ((${#missing[@]})) || [ "$webkit_ok" = no ]; then
	if [ "$(id -u)" -eq 0 ]; then
		SUDO=()
	elif command -v sudo >/dev/null 2>&1; then
		SUDO=(sudo)
	else
		echo "install-deps: need root or sudo to install: ${missing[*]} and WebKitGTK" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	"${SUDO[@]}" apt-get update -q
	# After the update, apt knows which WebKitGTK APIs this distribution offers.
	mapfile -t webkit_missing < <(missing_webkit)
	if [ -z "$(offered)" ]; then
		echo "install-deps: apt offers none of ${webkit_packages[*]}; this distribution is not supported (docs/portability.md)" >&2
		exit 1
	fi
	missing+=("${webkit_missing[@]}")
	if ((${#missing[@]})); then
		echo "install-deps: installing ${missing[*]}"
		"${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
	fi
else
	echo "install-deps: system packages present"
fi
echo "install-deps: WebKitGTK dev packages installed: $(for p in libwebkit2gtk-4.1-dev libwebkit2gtk-4.0-dev; do installed "$p" && printf '%s ' "$p"; done)(the build uses 4.1 when present)"

# Go: the installed one (go-env.sh put /usr/local/go/bin on PATH) must be
# Go 1.26 or newer; the toolchain it runs is GOTOOLCHAIN's.
if ! command -v go >/dev/null 2>&1; then
	echo "install-deps: Go 1.26 is not installed (https://go.dev/doc/install); Debian 12's golang package is too old" >&2
	exit 1
fi
go_installed=$(GOTOOLCHAIN=local go env GOVERSION 2>/dev/null) || go_installed=unknown
case $go_installed in
go1.2[6-9] | go1.2[6-9].* | go1.[3-9][0-9] | go1.[3-9][0-9].*) ;;
*)
	echo "install-deps: $(command -v go) is $go_installed; Go 1.26 or newer is needed (https://go.dev/doc/install, at /usr/local/go); Debian 12's golang package is too old" >&2
	exit 1
	;;
esac
# The first time, this downloads the toolchain from the Go module proxy.
if ! go_used=$(go env GOVERSION); then
	echo "install-deps: the installed $go_installed could not run GOTOOLCHAIN=$GOTOOLCHAIN (fetched from the Go module proxy); see the go command's message above" >&2
	exit 1
fi
if [[ $GOTOOLCHAIN == go1.* && $go_used != "$GOTOOLCHAIN" ]]; then
	echo "install-deps: GOTOOLCHAIN=$GOTOOLCHAIN, but the go command runs $go_used" >&2
	exit 1
fi
echo "install-deps: Go $go_installed installed ($(command -v go)); the build uses $go_used (GOTOOLCHAIN=$GOTOOLCHAIN$([ "$GOTOOLCHAIN" = "$PROJECT_GOTOOLCHAIN" ] || echo ", not the project's $PROJECT_GOTOOLCHAIN"))"

# axe-core for the accessibility policy: pinned, checked, not committed.
bash "$(dirname "$0")/fetch-axe.sh"
