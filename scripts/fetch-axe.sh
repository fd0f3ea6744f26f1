#!/usr/bin/env bash
# Fetches axe-core (the accessibility engine the policy audit runs in the
# portal, docs/policies.md) from the npm registry: a pinned version, checked
# against the registry's sha512 integrity, kept in the user's cache, and
# unpacked into assets/inspect/axe/ where the build embeds it. The file is not
# committed (.gitignore); a binary built without it reports the accessibility
# policy as manual and says why. Safe to run again: it does nothing when the
# pinned version is in place. Called by scripts/install-deps.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

version=4.14.1
integrity=sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==
url=https://registry.npmjs.org/axe-core/-/axe-core-$version.tgz
dest=assets/inspect/axe
stamp=$dest/.version

if [ -f "$dest/axe.min.js" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$version" ]; then
	echo "install-deps: axe-core $version present"
	exit 0
fi
cache=${XDG_CACHE_HOME:-$HOME/.cache}/mpsim/npm
mkdir -p "$cache"
tgz=$cache/axe-core-$version.tgz
want=$(printf '%s' "${integrity#sha512-}" | base64 -d | od -An -v -tx1 | tr -d ' \n')
check() { [ -f "$1" ] && [ "$(sha512sum "$1" | cut -d' ' -f1)" = "$want" ]; }
if ! check "$tgz"; then
	echo "install-deps: fetching axe-core $version from the npm registry"
	curl -fsSL --retry 3 -o "$tgz.tmp" "$url"
	if ! check "$tgz.tmp"; then
		rm -f "$tgz.tmp"
		echo "install-deps: axe-core $version from $url does not match its sha512 integrity; not installed" >&2
		exit 1
	fi
	mv "$tgz.tmp" "$tgz"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tar -xzf "$tgz" -C "$tmp" package/axe.min.js package/LICENSE
mkdir -p "$dest"
cp "$tmp/package/axe.min.js" "$dest/axe.min.js"
cp "$tmp/package/LICENSE" "$dest/LICENSE"
echo "$version" >"$stamp"
echo "install-deps: axe-core $version installed in $dest (MPL-2.0, $dest/LICENSE)"
