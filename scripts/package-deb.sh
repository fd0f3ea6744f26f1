#!/usr/bin/env bash
# Usage: package-deb.sh BINARY API
# Builds dist/mpsim_VERSION-BUILD_ARCH.deb with nfpm from packaging/nfpm.yaml:
# BINARY as /usr/bin/mpsim with the window programs built next to it
# (mpsim-portal for WebKitGTK API 4.0 or 4.1, mpsim-host) in
# /usr/libexec/mpsim, a desktop
# entry written from FyneApp.toml (Exec=mpsim) and the icon. The package
# depends on the WebKitGTK runtime of that API. Prints the .deb's path last.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/go-env.sh
. scripts/go-env.sh
bin=${1:?usage: package-deb.sh BINARY API}
api=${2:?usage: package-deb.sh BINARY API}
NFPM=(go run github.com/goreleaser/nfpm/v2/cmd/nfpm@v2.45.2)

case "$api" in
4.0) webkit_pkg=libwebkit2gtk-4.0-37 ;;
4.1) webkit_pkg=libwebkit2gtk-4.1-0 ;;
*) echo "package-deb: API must be 4.0 or 4.1, not $api" >&2; exit 2 ;;
esac
# The window programs are built next to the command line (make build).
portal=$(dirname "$bin")/mpsim-portal
host=$(dirname "$bin")/mpsim-host
for b in "$bin" "$portal" "$host"; do
	[ -x "$b" ] || { echo "package-deb: $b is not an executable; run make build" >&2; exit 1; }
done

# toml SECTION KEY prints the value of KEY in [SECTION] of FyneApp.toml; a
# string array comes out as the desktop-entry list "a;b;".
toml() {
	awk -v sec="[$1]" -v key="$2" '
		/^\[/ { in_sec = ($0 == sec); next }
		in_sec && $0 ~ "^" key "[ \t]*=" {
			v = $0; sub(/^[^=]*=[ \t]*/, "", v)
			if (v ~ /^\[/) {
				gsub(/^\[|\][ \t]*$/, "", v); n = split(v, parts, ",")
				out = ""
				for (i = 1; i <= n; i++) { p = parts[i]; gsub(/^[ \t]*"|"[ \t]*$/, "", p); out = out p ";" }
				print out
			} else { gsub(/^"|"[ \t]*$/, "", v); print v }
			exit
		}' FyneApp.toml
}

name=$(toml Details Name)
id=$(toml Details ID)
version=$(toml Details Version)
build=$(toml Details Build)
comment=$(toml LinuxAndBSD Comment)
for v in name id version build comment; do
	[ -n "${!v}" ] || { echo "package-deb: FyneApp.toml has no $v" >&2; exit 1; }
done
[ "$id" = io.github.mpsim ] || { echo "package-deb: packaging/nfpm.yaml names the files io.github.mpsim, FyneApp.toml says $id" >&2; exit 1; }

stage=out/package
mkdir -p "$stage" dist
cat >"$stage/$id.desktop" <<DESKTOP
[Desktop Entry]
Type=Application
Name=$name
GenericName=$(toml LinuxAndBSD GenericName)
Comment=$comment
Exec=mpsim
Icon=$id
Terminal=false
Categories=$(toml LinuxAndBSD Categories)
Keywords=$(toml LinuxAndBSD Keywords)
StartupWMClass=$name
DESKTOP

arch=$(go env GOARCH)
deb="dist/mpsim_${version}-${build}_${arch}.deb"
rm -f "$deb"
PKG_ARCH=$arch PKG_VERSION=$version PKG_BUILD=$build PKG_COMMENT=$comment \
	PKG_WEBKIT=$api PKG_WEBKIT_PACKAGE=$webkit_pkg PKG_BINARY=$bin PKG_PORTAL=$portal PKG_HOST=$host PKG_STAGE=$stage \
	"${NFPM[@]}" pkg --config packaging/nfpm.yaml --packager deb --target "$deb" >&2
echo "$deb"
