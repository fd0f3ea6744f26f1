#!/usr/bin/env bash
# Installs what mpsim needs on Debian 12 that the machine does not have yet:
# the C toolchain and libraries for Fyne (GLFW/GL) and webview_go (GTK 3,
# WebKitGTK 4.0), Xvfb and ImageMagick for headless runs and screenshots.
# Runs apt-get as root, or through sudo. Safe to run again: it installs only
# what is missing. Go itself must already be installed (Go 1.26, /usr/local/go).
set -euo pipefail

packages=(
	build-essential pkg-config
	libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev libgl1-mesa-dev
	libgtk-3-dev libwebkit2gtk-4.0-dev
	xvfb xauth imagemagick x11-apps
	ca-certificates
)

missing=()
for p in "${packages[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing+=("$p")
	fi
done

if ((${#missing[@]})); then
	echo "install-deps: installing ${missing[*]}"
	if [ "$(id -u)" -eq 0 ]; then
		SUDO=()
	elif command -v sudo >/dev/null 2>&1; then
		SUDO=(sudo)
	else
		echo "install-deps: need root or sudo to install: ${missing[*]}" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	"${SUDO[@]}" apt-get update -q
	"${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
else
	echo "install-deps: system packages present"
fi

if ! command -v go >/dev/null 2>&1; then
	if [ -x /usr/local/go/bin/go ]; then
		echo "install-deps: Go is at /usr/local/go/bin; add it to PATH" >&2
	else
		echo "install-deps: Go 1.26 is not installed (https://go.dev/doc/install); Debian 12's golang package is too old" >&2
		exit 1
	fi
fi
