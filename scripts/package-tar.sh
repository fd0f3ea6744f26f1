#!/usr/bin/env bash
# Usage: package-tar.sh TARBALL HELPER...
# Adds mpsim's window programs (bin/mpsim-portal, bin/mpsim-host; issue 15)
# to the desktop package the fyne tool wrote (`make package`): each HELPER
# goes next to the mpsim executable in the tarball (mpsim finds it there,
# app/internal/sibling), and the tarball's Makefile installs and uninstalls
# it with mpsim. The fyne tool knows only one executable.
set -euo pipefail
tarball=${1:?usage: package-tar.sh TARBALL HELPER...}
shift
(($# > 0)) || { echo "package-tar: name at least one helper" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xJf "$tarball" -C "$work"
exe=$(find "$work" -path '*/bin/mpsim' -type f | head -1)
[ -n "$exe" ] || { echo "package-tar: $tarball has no bin/mpsim" >&2; exit 1; }
mk=$(find "$work" -maxdepth 2 -name Makefile | head -1)
[ -n "$mk" ] || { echo "package-tar: $tarball has no Makefile" >&2; exit 1; }
for h in "$@"; do
	[ -x "$h" ] || { echo "package-tar: $h is not an executable; run make build" >&2; exit 1; }
	name=$(basename "$h")
	install -m 0755 "$h" "$(dirname "$exe")/$name"
	# Each recipe line that installs or removes bin/$(Exec) gets a twin for
	# the helper, right after it.
	sed -i -E "/^\t(install -Dm00755|-rm) .*bin\/\\\$\(Exec\)/{p;s/\\\$\(Exec\)/$name/g}" "$mk"
done
grep -q 'mpsim-portal' "$mk" || { echo "package-tar: could not add the helpers to $mk" >&2; exit 1; }
# The same top-level entries as the fyne tool wrote (mpsim/…), not ./mpsim/….
(cd "$work" && tar -cJf - -- *) >"$tarball.new"
mv "$tarball.new" "$tarball"
echo "package-tar: $tarball now holds $(for h in "$@"; do basename "$h"; done | paste -sd' ') next to mpsim"
