#!/usr/bin/env bash
# containerfile-check.sh: builds and runs the project's Containerfile without a
# container engine, to check that it still builds and that the image's
# ENTRYPOINT+CMD passes, as root and as a non-root user.
#
# Why: the machines this project is developed on may have no working container
# engine (a docker client without a daemon, no podman or buildah), so the
# Containerfile could not be built there. This script emulates
# `podman build -f Containerfile .` followed by `podman run --rm IMAGE` with
# debootstrap, chroot, mount and unshare:
#
#   - FROM docker.io/library/debian:12: `debootstrap --variant=minbase bookworm`
#     (kept as WORKDIR/base.tar and reused), plus what the official image adds on
#     top (the debuerreotype apt/dpkg settings: docker-clean, docker-gzip-indexes,
#     docker-no-languages, docker-autoremove-suggests, docker-apt-speedup,
#     policy-rc.d; deb822 sources with bookworm-updates and bookworm-security;
#     empty apt lists). Any other FROM is refused.
#   - The Containerfile is parsed, not hard-coded: ARG, ENV, WORKDIR, COPY
#     (honouring .containerignore / .dockerignore), RUN (/bin/sh -c in the root,
#     env -i with HOME=/root, the ARGs and the ENV so far, in the WORKDIR, in its
#     own PID/mount/IPC/UTS namespaces, with the host's network as podman build
#     has), ENTRYPOINT and CMD.
#   - The image is then run like `podman run`: ENTRYPOINT+CMD in new network
#     (loopback only), PID, mount, IPC and UTS namespaces, in the image's
#     WORKDIR, with the image ENV and no DISPLAY; first as root, then as uid 1000
#     (user `tester`, created for this, `chroot --userspec=1000:1000`). The
#     ENTRYPOINT is PID 1, as without `podman run --init`: orphaned descendants
#     become its children, and only it can reap them.
#
# What it does not emulate: image layers and the build cache (every run builds
# from the base again); the exact package set and files of the debian:12 image
# (debootstrap minbase is close, not identical); user namespaces and anything
# about users beyond chroot --userspec (no --userns, no subuid mapping, RUN is
# real root with all capabilities, no seccomp, no cgroup limits); arm64 or any
# architecture other than the host's (TARGETARCH is the host's); COPY --from,
# --chown, --chmod, ADD, USER, SHELL, heredocs and multi-stage builds are refused.
# Unlike podman run, the runs have no network at all (only loopback).
# If the host trusts extra CA certificates (/usr/local/share/ca-certificates: a
# TLS-intercepting proxy), they are added to the image once ca-certificates is
# installed in it, which a real build behind that proxy would not have.
#
# Usage: sudo bash scripts/containerfile-check.sh [--local-go] [--keep] [--export-base FILE] [WORKDIR]
#   --local-go  a RUN that downloads Go from go.dev copies the host's
#               /usr/local/go instead (and runs the rest of that RUN)
#   --keep      keep WORKDIR/root (the built image) at the end
#   --export-base FILE
#               only make the debian:12 root (as FROM does) and write it to
#               FILE as a tar, with the host's extra CA certificates in
#               /usr/local/share/ca-certificates (the image's ca-certificates
#               package adds them when it is installed); for an engine that
#               cannot pull debian:12 (scripts/containerfile-podman.sh)
#   WORKDIR     default /var/tmp/mpsim-containerfile-check; holds base.tar,
#               logs/ (each step's and each run's output) and root/
# MPSIM_CHECK_RUN_TIMEOUT: seconds each run may take (default 1800).
# Exits 0 only if the build and both runs exit 0.
set -euo pipefail

usage() {
	sed -n 's/^# \{0,1\}//; /^Usage:/,/^Exits/p' "${BASH_SOURCE[0]}" >&2
	exit 2
}

LOCAL_GO=0
KEEP=0
EXPORT_BASE=""
WORKDIR=/var/tmp/mpsim-containerfile-check
while (($#)); do
	case $1 in
	--local-go) LOCAL_GO=1 ;;
	--keep) KEEP=1 ;;
	--export-base)
		[ $# -ge 2 ] || usage
		EXPORT_BASE=$(realpath -m -- "$2")
		shift
		;;
	-h | --help) usage ;;
	-*) echo "containerfile-check: unknown option $1" >&2; usage ;;
	*) WORKDIR=$1 ;;
	esac
	shift
done

PROG=containerfile-check
# shellcheck source=scripts/say.sh
. "$(dirname "${BASH_SOURCE[0]}")/say.sh"

[ "$(id -u)" -eq 0 ] || {
	echo "containerfile-check: needs root (debootstrap, chroot, mount, unshare): sudo bash $0 $*" >&2
	exit 2
}

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CONTAINERFILE=$REPO/Containerfile
[ -f "$CONTAINERFILE" ] || die "no Containerfile in $REPO"
WORKDIR=$(realpath -m -- "$WORKDIR")
case $WORKDIR in / | /bin | /boot | /dev | /etc | /home | /proc | /root | /sys | /usr | /var | /tmp | "$REPO"*)
	die "refusing WORKDIR $WORKDIR (pick a directory of its own, outside the repository)" ;;
esac
R=$WORKDIR/root
LOGDIR=$WORKDIR/logs
RUN_TIMEOUT=${MPSIM_CHECK_RUN_TIMEOUT:-1800}
ARCH=$(dpkg --print-architecture 2>/dev/null || echo amd64)

for t in chroot unshare mount umount mountpoint ip tar realpath timeout awk; do
	command -v "$t" >/dev/null || die "needs $t on the host"
done
if ! command -v debootstrap >/dev/null; then
	command -v apt-get >/dev/null || die "needs debootstrap, and there is no apt-get to install it: install debootstrap first"
	say "debootstrap is not installed: apt-get update && apt-get install -y debootstrap"
	{ apt-get update -q && apt-get install -y -q debootstrap; } || die "could not install debootstrap (apt-get failed above); install it by hand"
fi

mkdir -p "$WORKDIR"
exec 9>"$WORKDIR/.lock"
flock -n 9 || die "another containerfile-check is using $WORKDIR"
rm -rf "$LOGDIR" "$WORKDIR/stage"
mkdir -p "$LOGDIR"

# ---------------------------------------------------------------------------
# Mounts and clean-up.

MOUNTED=()
mounts_under() { # prints what is mounted at or under $1, deepest last
	awk -v p="$1" '{ t = $2; gsub(/\\040/, " ", t); if (t == p || index(t, p "/") == 1) print t }' /proc/self/mounts
}
mount_one() { # mount_one TARGET mount-args...
	local target=$1
	shift
	mount "$@" "$target"
	MOUNTED+=("$target")
}
umount_all() {
	local i m left
	for ((i = ${#MOUNTED[@]} - 1; i >= 0; i--)); do
		m=${MOUNTED[i]}
		if mountpoint -q "$m"; then
			umount "$m" 2>/dev/null || umount -l "$m" || echo "containerfile-check: could not unmount $m" >&2
		fi
	done
	MOUNTED=()
	# Anything else (a crashed earlier run), deepest first.
	left=$(mounts_under "$R" | sort -r)
	if [ -n "$left" ]; then
		while IFS= read -r m; do umount "$m" 2>/dev/null || umount -l "$m" || true; done <<<"$left"
	fi
}
# Processes left running in the root (a RUN that started a daemon): only ever
# ones this script started there.
kill_strays() {
	local p root
	[ -d "$R" ] || return 0
	for p in /proc/[0-9]*; do
		root=$(readlink "$p/root" 2>/dev/null) || continue
		if [ "$root" = "$R" ] || [[ $root == "$R/"* ]]; then
			kill -9 "${p#/proc/}" 2>/dev/null || true
		fi
	done
}
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
	local rc=$?
	set +e
	kill_strays
	umount_all
	if [ -n "$(mounts_under "$R")" ]; then
		echo "containerfile-check: still mounted under $R, not removing it:" >&2
		mounts_under "$R" >&2
	elif [ "$KEEP" = 0 ] && [ -d "$R" ]; then
		rm -rf --one-file-system "$R" && say "removed $R (kept $WORKDIR/base.tar and $LOGDIR)"
	elif [ -d "$R" ]; then
		say "--keep: the image's root is $R"
	fi
	rm -rf "$WORKDIR/stage" "$WORKDIR/base.tar.part"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------
# Variables: ARG and ENV, with the Containerfile's substitution rules.

declare -A ARGV=() ENVV=() GLOBAL_ARGV=()
ARG_ORDER=()
ENV_ORDER=()
declare -A AUTO_ARGS=(
	[TARGETARCH]=$ARCH [TARGETOS]=linux [TARGETPLATFORM]=linux/$ARCH [TARGETVARIANT]=""
	[BUILDARCH]=$ARCH [BUILDOS]=linux [BUILDPLATFORM]=linux/$ARCH [BUILDVARIANT]=""
)
STAGE=0 # 0 before FROM, 1 after
LINENO_CF=0 # the Containerfile line of the instruction being run

var_get() { # var_get NAME: sets VAL; fails if NAME is not set
	if ((STAGE)) && [[ ${ENVV[$1]+x} ]]; then
		VAL=${ENVV[$1]}
	elif ((STAGE)) && [[ ${ARGV[$1]+x} ]]; then
		VAL=${ARGV[$1]}
	elif ((!STAGE)) && [[ ${GLOBAL_ARGV[$1]+x} ]]; then
		VAL=${GLOBAL_ARGV[$1]}
	else
		VAL=""
		return 1
	fi
}

# split_words STRING: WORDS=(...) split on white space outside quotes, with
# '...' literal, "..." (\" \\ \$ escapes), \x outside quotes, and $NAME,
# ${NAME}, ${NAME:-w}, ${NAME-w}, ${NAME:+w}, ${NAME+w}, ${NAME:?w} replaced.
WORDS=()
split_words() {
	local s=$1 n=${#1} i=0 c q="" w="" inword=0 nx
	WORDS=()
	while ((i < n)); do
		c=${s:i:1}
		if [ -z "$q" ]; then
			case $c in
			[[:space:]])
				if ((inword)); then WORDS+=("$w"); fi
				w="" inword=0 i=$((i + 1)) ;;
			"'" | '"') q=$c inword=1 i=$((i + 1)) ;;
			"\\") w+=${s:i+1:1} inword=1 i=$((i + 2)) ;;
			'$') expand_at ;;
			*) w+=$c inword=1 i=$((i + 1)) ;;
			esac
		elif [ "$q" = "'" ]; then
			if [ "$c" = "'" ]; then q=""; else w+=$c; fi
			i=$((i + 1))
		else
			case $c in
			'"') q="" i=$((i + 1)) ;;
			"\\")
				nx=${s:i+1:1}
				if [[ $nx == [\"\\\$] ]]; then w+=$nx i=$((i + 2)); else w+=$c i=$((i + 1)); fi ;;
			'$') expand_at ;;
			*) w+=$c i=$((i + 1)) ;;
			esac
		fi
	done
	[ -z "$q" ] || die "line $LINENO_CF: unterminated $q quote in: $s"
	if ((inword)); then WORDS+=("$w"); fi
	return 0
}
# expand_at: at s[i] == '$' inside split_words (uses its locals s, i, w, inword).
expand_at() {
	local rest=${s:i+1} name op arg set=1
	if [[ $rest =~ ^\{([A-Za-z_][A-Za-z0-9_]*)\} ]]; then
		name=${BASH_REMATCH[1]} op=""
	elif [[ $rest =~ ^\{([A-Za-z_][A-Za-z0-9_]*)(:?[-+?])([^}]*)\} ]]; then
		name=${BASH_REMATCH[1]} op=${BASH_REMATCH[2]} arg=${BASH_REMATCH[3]}
	elif [[ $rest =~ ^([A-Za-z_][A-Za-z0-9_]*) ]]; then
		name=${BASH_REMATCH[1]} op=""
	else
		w+='$' inword=1 i=$((i + 1))
		return 0
	fi
	i=$((i + 1 + ${#BASH_REMATCH[0]}))
	var_get "$name" || set=0
	case $op in
	"") ;;
	:-) [ -n "$VAL" ] || VAL=$arg ;;
	-) ((set)) || VAL=$arg ;;
	:+) if [ -n "$VAL" ]; then VAL=$arg; else VAL=""; fi ;;
	+) if ((set)); then VAL=$arg; else VAL=""; fi ;;
	:? | \?) { [ -n "$VAL" ] || { [ "$op" = "?" ] && ((set)); }; } || die "line $LINENO_CF: $name: ${arg:-is not set}" ;;
	esac
	w+=$VAL
	if [ -n "$VAL" ] || [ -n "$q" ]; then inword=1; fi
	return 0
}

# parse_json STRING: JSON=(...) if STRING is a JSON array of strings, else fails.
JSON=()
parse_json() {
	local s=$1 n i c str hex
	JSON=()
	s=${s#"${s%%[![:space:]]*}"}
	s=${s%"${s##*[![:space:]]}"}
	n=${#s}
	[[ $s == \[*\] ]] || return 1
	i=1
	while :; do
		while [[ ${s:i:1} == [[:space:]] ]]; do i=$((i + 1)); done
		if [ "${s:i:1}" = "]" ] && [ ${#JSON[@]} -eq 0 ]; then
			((i == n - 1)) && return 0
			return 1
		fi
		[ "${s:i:1}" = '"' ] || return 1
		i=$((i + 1)) str=""
		while :; do
			((i < n)) || return 1
			c=${s:i:1}
			if [ "$c" = '"' ]; then
				i=$((i + 1))
				break
			elif [ "$c" = "\\" ]; then
				c=${s:i+1:1}
				case $c in
				'"' | "\\" | /) str+=$c ;;
				b) str+=$'\b' ;; f) str+=$'\f' ;; n) str+=$'\n' ;; r) str+=$'\r' ;; t) str+=$'\t' ;;
				u)
					hex=${s:i+2:4}
					[[ $hex =~ ^[0-9A-Fa-f]{4}$ ]] || return 1
					# shellcheck disable=SC2059 # the \u escape is built here
					printf -v c "\\u$hex"
					str+=$c i=$((i + 4)) ;;
				*) return 1 ;;
				esac
				i=$((i + 2))
			else
				str+=$c i=$((i + 1))
			fi
		done
		JSON+=("$str")
		while [[ ${s:i:1} == [[:space:]] ]]; do i=$((i + 1)); done
		case ${s:i:1} in
		,) i=$((i + 1)) ;;
		"]") ((i == n - 1)) && return 0; return 1 ;;
		*) return 1 ;;
		esac
	done
}

# glob_ere PATTERN: REPLY = the pattern (filepath.Match syntax plus **, as
# .containerignore has it) as an extended regular expression, unanchored.
glob_ere() {
	local p=$1 n=${#1} i=0 c out="" j cls
	while ((i < n)); do
		c=${p:i:1}
		case $c in
		'*')
			if [ "${p:i+1:1}" = '*' ]; then
				i=$((i + 2))
				if [ "${p:i:1}" = / ]; then out+='(.*/)?' i=$((i + 1)); else out+='.*'; fi
				continue
			fi
			out+='[^/]*' ;;
		'?') out+='[^/]' ;;
		'[')
			j=$((i + 1)) cls='['
			if [[ ${p:j:1} == [!^] ]]; then cls+='^' j=$((j + 1)); fi
			while ((j < n)) && [ "${p:j:1}" != ']' ]; do
				[ "${p:j:1}" = "\\" ] && j=$((j + 1))
				cls+=${p:j:1} j=$((j + 1))
			done
			((j < n)) || die "bad pattern (no closing ]): $p"
			out+="$cls]" i=$((j + 1))
			continue ;;
		"\\") i=$((i + 1)) c=${p:i:1} ;&
		*)
			case $c in
			[.+\(\)\{\}\|\$]) out+="[$c]" ;;
			'^') out+='\^' ;;
			"\\") out+="\\\\" ;;
			*) out+=$c ;;
			esac ;;
		esac
		i=$((i + 1))
	done
	REPLY=$out
}
clean_rel() { # clean_rel PATH: PATH relative to the context, cleaned ("" for the root)
	local p
	p=$(realpath -ms -- "/$1")
	REPLY=${p#/}
}

# ---------------------------------------------------------------------------
# The build context: every path of the repository that .containerignore lets
# through, in find's order (a directory before what it holds).

CTX_LIST=$WORKDIR/context.list
make_context_list() {
	local ign="" rules=$WORKDIR/ignore.rules l neg
	if [ -f "$REPO/.containerignore" ]; then ign=$REPO/.containerignore; elif [ -f "$REPO/.dockerignore" ]; then ign=$REPO/.dockerignore; fi
	: >"$rules"
	if [ -n "$ign" ]; then
		while IFS= read -r l || [ -n "$l" ]; do
			l=${l%$'\r'}
			l=${l#"${l%%[![:space:]]*}"}
			l=${l%"${l##*[![:space:]]}"}
			[ -z "$l" ] || [[ $l == \#* ]] && continue
			neg=0
			if [[ $l == '!'* ]]; then neg=1 l=${l:1}; fi
			clean_rel "$l"
			[ -n "$REPLY" ] || continue
			glob_ere "$REPLY"
			printf '%s\t^%s(/.*)?$\n' "$neg" "$REPLY" >>"$rules"
		done <"$ign"
	fi
	(cd "$REPO" && find . -mindepth 1 -printf '%P\n') |
		awk -F'\t' 'BEGIN { n = 0 } NR == FNR { neg[n] = $1; re[n] = $2; n++; next }
			{ ex = 0; for (k = 0; k < n; k++) if ($0 ~ re[k]) ex = neg[k] ? 0 : 1; if (!ex) print }' "$rules" - >"$CTX_LIST"
	say "build context $REPO: $(wc -l <"$CTX_LIST") paths after ${ign:-no ignore file}"
}

# ---------------------------------------------------------------------------
# Running in the root.

HOSTNAME_C=mpsim-check
# in_root NET USERSPEC DIR NAME=VALUE... ARGV...: runs ARGV in the root with
# exactly those variables (env -i) in DIR, in new PID, mount, IPC and UTS
# namespaces (and a new network namespace with only loopback if NET is 1), as
# USERSPEC (uid:gid) if not empty; everything it started is killed when
# ARGV[0] ends, as a container's processes are. IN_ROOT_PREFIX (e.g. timeout)
# goes in front of unshare.
IN_ROOT_PREFIX=()
in_root() {
	local net=$1 us=$2 dir=$3
	shift 3
	local -a ns=(--pid --fork --kill-child --mount --propagation private --ipc --uts)
	((net)) && ns+=(--net)
	# shellcheck disable=SC2016 # expanded by the inner shell
	"${IN_ROOT_PREFIX[@]}" unshare "${ns[@]}" -- /bin/sh -c '
		r=$1 us=$2 dir=$3 net=$4 hn=$5; shift 5
		if [ "$net" = 1 ]; then ip link set lo up || exit 125; fi
		hostname "$hn" 2>/dev/null || :
		mount -t proc proc "$r/proc" || exit 125
		if [ "$net" = 1 ]; then mount -t sysfs sysfs "$r/sys" || exit 125; fi
		if [ -n "$us" ]; then exec chroot --userspec="$us" "$r" /usr/bin/env -i -C "$dir" "$@"; fi
		exec chroot "$r" /usr/bin/env -i -C "$dir" "$@"' \
		sh "$R" "$us" "$dir" "$net" "$HOSTNAME_C" "$@"
}

# build_env: BENV=(...) the environment of a RUN: HOME, the host's proxy
# variables (podman build passes them), the ARGs, then the ENV (which wins).
build_env() {
	local k v
	BENV=("HOME=/root" "HOSTNAME=$HOSTNAME_C")
	for k in http_proxy https_proxy ftp_proxy no_proxy HTTP_PROXY HTTPS_PROXY FTP_PROXY NO_PROXY; do
		if [ -n "${!k:-}" ]; then BENV+=("$k=${!k}"); fi
	done
	for k in "${ARG_ORDER[@]}"; do [[ ${ENVV[$k]+x} ]] || BENV+=("$k=${ARGV[$k]}"); done
	for k in "${ENV_ORDER[@]}"; do v=${ENVV[$k]}; BENV+=("$k=$v"); done
}

CA_DONE=0
maybe_add_host_ca() {
	local certs
	((CA_DONE)) && return 0
	[ -d /usr/local/share/ca-certificates ] || { CA_DONE=1; return 0; }
	certs=$(cd /usr/local/share/ca-certificates && find . -name '*.crt' \( -type f -o -type l \) | sort)
	[ -n "$certs" ] || { CA_DONE=1; return 0; }
	[ -x "$R/usr/sbin/update-ca-certificates" ] || return 0
	mkdir -p "$R/usr/local/share/ca-certificates"
	cp -rL /usr/local/share/ca-certificates/. "$R/usr/local/share/ca-certificates/"
	chroot "$R" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin update-ca-certificates >"$LOGDIR/host-ca.log" 2>&1 ||
		die "update-ca-certificates failed in the root: $(tail -3 "$LOGDIR/host-ca.log")"
	CA_DONE=1
	say "NOTE: the host trusts extra CA certificates (a TLS-intercepting proxy): copied $(echo "$certs" | wc -l) from /usr/local/share/ca-certificates ($(echo "$certs" | sed 's|^\./||' | paste -sd' ')) into the image and ran update-ca-certificates, now that ca-certificates is installed there. A real build behind this proxy would not have them."
}

# ---------------------------------------------------------------------------
# FROM: the debian:12 root.

write_image_config() {
	local d=$R/etc/apt/apt.conf.d
	# What the official image (debuerreotype) adds to a debootstrap of bookworm.
	printf '#!/bin/sh\n# As in the official image: services do not start while packages are installed.\nexit 101\n' >"$R/usr/sbin/policy-rc.d"
	chmod 0755 "$R/usr/sbin/policy-rc.d"
	printf '# As in the official image: no fsync after each unpacked file.\nforce-unsafe-io\n' >"$R/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"
	printf '# As in the official image: autoremove also what only Suggests kept.\nApt::AutoRemove::SuggestsImportant "false";\n' >"$d/docker-autoremove-suggests"
	cat >"$d/docker-clean" <<-'EOF'
		# As in the official image: no downloaded .deb files or binary caches are kept.
		DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
		APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };

		Dir::Cache::pkgcache "";
		Dir::Cache::srcpkgcache "";
	EOF
	printf '# As in the official image: package lists stay compressed.\nAcquire::GzipIndexes "true";\n' >"$d/docker-gzip-indexes"
	printf '# As in the official image: no translation files.\nAcquire::Languages "none";\n' >"$d/docker-no-languages"
	chmod 0644 "$d"/docker-* "$R/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"
	rm -f "$R/etc/apt/sources.list"
	cat >"$R/etc/apt/sources.list.d/debian.sources" <<-'EOF'
		Types: deb
		URIs: http://deb.debian.org/debian
		Suites: bookworm bookworm-updates
		Components: main
		Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

		Types: deb
		URIs: http://deb.debian.org/debian-security
		Suites: bookworm-security
		Components: main
		Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
	EOF
	# The image ships without package lists or apt caches.
	rm -rf "$R"/var/lib/apt/lists/* "$R"/var/cache/apt/*.bin "$R"/var/cache/apt/archives/*.deb
	mkdir -p "$R/var/lib/apt/lists/partial"
	# What the container runtime provides at run time.
	cp -L /etc/resolv.conf "$R/etc/resolv.conf"
	echo "$HOSTNAME_C" >"$R/etc/hostname"
	printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n127.0.1.1\t%s\n' "$HOSTNAME_C" >"$R/etc/hosts"
}

mount_root() {
	mount_one "$R/proc" -t proc proc
	mount_one "$R/sys" -t sysfs sysfs
	mount_one "$R/dev" --bind /dev
	mount --make-private "$R/dev"
	mount_one "$R/dev/pts" --bind /dev/pts
	mount --make-private "$R/dev/pts"
	mkdir -p "$R/dev/shm"
	# podman's default: a 64 MB /dev/shm of the container's own.
	mount_one "$R/dev/shm" -t tmpfs -o mode=1777,size=64m,nosuid,nodev shm
}

# make_base REF: a fresh $R holding the debian:12 root (debootstrap, or
# WORKDIR/base.tar again) with what the official image adds.
make_base() {
	local ref=$1 left
	left=$(mounts_under "$R")
	if [ -n "$left" ]; then
		say "unmounting what an earlier run left mounted under $R"
		umount_all
		[ -z "$(mounts_under "$R")" ] || die "still mounted under $R: $(mounts_under "$R" | paste -sd' ')"
	fi
	if [ -e "$R" ]; then
		say "removing the previous root $R"
		rm -rf --one-file-system "$R"
	fi
	mkdir -p "$R"
	if [ -s "$WORKDIR/base.tar" ]; then
		say "$ref: reusing $WORKDIR/base.tar (debootstrap --variant=minbase bookworm of $(date -r "$WORKDIR/base.tar" '+%Y-%m-%d %H:%M'); delete it for a fresh one)"
		tar -C "$R" --numeric-owner -xpf "$WORKDIR/base.tar"
	else
		say "$ref: debootstrap --variant=minbase --arch=$ARCH bookworm (log: $LOGDIR/debootstrap.log)"
		if ! debootstrap --variant=minbase --arch="$ARCH" bookworm "$R" http://deb.debian.org/debian >"$LOGDIR/debootstrap.log" 2>&1; then
			tail -5 "$LOGDIR/debootstrap.log" >&2
			die "debootstrap failed (log: $LOGDIR/debootstrap.log)"
		fi
		tar -C "$R" --numeric-owner -cpf "$WORKDIR/base.tar.part" . && mv "$WORKDIR/base.tar.part" "$WORKDIR/base.tar"
		say "saved the debootstrap as $WORKDIR/base.tar ($(du -sh "$WORKDIR/base.tar" | cut -f1)) for the next run"
	fi
	write_image_config
}

do_from() {
	make_base "$1"
	mount_root
	# The debian:12 image's own configuration.
	ENVV=([PATH]=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin)
	ENV_ORDER=(PATH)
	IMG_WORKDIR=/
	ENTRY=() CMD=(bash) CMD_SET=0 ENTRY_SHELL=0
}

# ---------------------------------------------------------------------------
# COPY.

copy_dir() { # copy_dir REL DEST: the contents of context directory REL into DEST
	local rel=$1 dest=$2 list=$WORKDIR/stage/list
	mkdir -p "$WORKDIR/stage"
	if [ -z "$rel" ]; then
		cp "$CTX_LIST" "$list"
	else
		p="$rel/" awk '{ p = ENVIRON["p"] } index($0, p) == 1 { print substr($0, length(p) + 1) }' "$CTX_LIST" >"$list"
	fi
	chroot "$R" mkdir -p -- "$dest"
	[ -s "$list" ] || return 0
	tar -C "$REPO/$rel" --no-recursion --verbatim-files-from -T "$list" --owner=0 --group=0 --numeric-owner -cf - |
		chroot "$R" tar -C "$dest" -xpf - || die "COPY $rel/ -> $dest failed"
	echo "  $rel/ -> $dest ($(wc -l <"$list") paths)"
}
copy_file() { # copy_file REL DIR NAME
	local rel=$1 dir=$2 name=$3 st=$WORKDIR/stage/file
	rm -rf "$st"
	mkdir -p "$st"
	cp -L --preserve=mode,timestamps -- "$REPO/$rel" "$st/$name"
	chroot "$R" mkdir -p -- "$dir"
	tar -C "$st" --owner=0 --group=0 --numeric-owner -cf - "./$name" | chroot "$R" tar -C "$dir" -xpf - ||
		die "COPY $rel -> $dir/$name failed"
	echo "  $rel -> ${dir%/}/$name"
}
do_copy() {
	local -a srcs=() rels=()
	local dest slash=0 todir=0 s rel re m
	if parse_json "$1"; then WORDS=("${JSON[@]}"); else split_words "$1"; fi
	for s in "${WORDS[@]}"; do
		[[ $s == --* ]] && die "line $LINENO_CF: COPY $s is not supported by this check"
	done
	((${#WORDS[@]} >= 2)) || die "line $LINENO_CF: COPY needs a source and a destination"
	srcs=("${WORDS[@]:0:${#WORDS[@]}-1}")
	dest=${WORDS[-1]}
	[[ $dest == */ ]] && slash=1
	[[ $dest == /* ]] || dest=$IMG_WORKDIR/$dest
	dest=$(realpath -ms -- "$dest")
	for s in "${srcs[@]}"; do
		clean_rel "$s"
		rel=$REPLY
		if [[ $rel == *[*?[]* ]]; then
			glob_ere "$rel"
			re="^$REPLY\$"
			m=$(re=$re awk '$0 ~ ENVIRON["re"]' "$CTX_LIST")
			[ -n "$m" ] || die "line $LINENO_CF: COPY $s: no match in the build context (or all excluded by .containerignore)"
			while IFS= read -r s; do rels+=("$s"); done <<<"$m"
		elif [[ $rel == ../* ]]; then
			die "line $LINENO_CF: COPY $s: outside the build context"
		elif [ -n "$rel" ] && ! grep -Fxq -- "$rel" "$CTX_LIST"; then
			die "line $LINENO_CF: COPY $s: not in the build context $REPO, or excluded by .containerignore"
		else
			rels+=("$rel")
		fi
	done
	if ((${#rels[@]} > 1)) && ((!slash)); then
		die "line $LINENO_CF: COPY with more than one source needs a destination ending in / (as podman and docker say)"
	fi
	((slash)) && todir=1
	chroot "$R" test -d "$dest" && todir=1
	for rel in "${rels[@]}"; do
		if [ -z "$rel" ] || [ -d "$REPO/$rel" ]; then
			copy_dir "$rel" "$dest"
		elif ((todir)); then
			copy_file "$rel" "$dest" "$(basename -- "$rel")"
		else
			copy_file "$rel" "$(dirname -- "$dest")" "$(basename -- "$dest")"
		fi
	done
}

# ---------------------------------------------------------------------------
# RUN.

GO_DL_RE='(go\.dev/dl/|dl\.google\.com/go/|golang\.org/dl/|[$][{]?GO_DL[}]?/)'
GO_URL_RE="https?://[^[:space:]\"']*${GO_DL_RE}[^[:space:]\"']*"
HEREDOC_RE="(^|[[:space:]])<<-?[\"']?[A-Za-z_]"
do_run() { # do_run TEXT STEP
	local text=$1 step=$2 log rc rest seg url host_go_v host_go_a
	local -a argv=() segs=()
	log=$LOGDIR/step-$(printf %02d "$step").log
	[[ $text =~ $HEREDOC_RE ]] && die "line $LINENO_CF: RUN with a heredoc is not supported by this check"
	if [[ $text == --* ]]; then die "line $LINENO_CF: RUN ${text%% *} is not supported by this check"; fi
	if parse_json "$text"; then
		argv=("${JSON[@]}")
	else
		if ((LOCAL_GO)) && [[ $text =~ $GO_DL_RE ]]; then
			[ -x /usr/local/go/bin/go ] || die "--local-go: the host has no /usr/local/go/bin/go"
			host_go_v=$(head -1 /usr/local/go/VERSION)
			host_go_a=$(env -i GOTOOLCHAIN=local HOME=/root /usr/local/go/bin/go env GOARCH 2>/dev/null || echo "?")
			say "--local-go: not running this RUN's download of Go; copying the host's /usr/local/go ($host_go_v, $host_go_a) into the image instead"
			if [[ $text =~ $GO_URL_RE ]]; then
				split_words "${BASH_REMATCH[0]}"
				url=${WORDS[0]:-}
				[[ $url == *"/$host_go_v.linux-$host_go_a."* ]] ||
					say "WARNING: --local-go: the Containerfile downloads $url, the host has $host_go_v linux/$host_go_a"
			fi
			rm -rf "$R/usr/local/go"
			cp -a /usr/local/go "$R/usr/local/go" || die "--local-go: copying /usr/local/go failed"
			chown -R 0:0 "$R/usr/local/go" || die "--local-go: chown failed"
			# The rest of the RUN (what is joined with && to the download).
			rest=""
			mapfile -t segs <<<"${text//&&/$'\n'}"
			for seg in "${segs[@]}"; do
				[[ $seg =~ $GO_DL_RE ]] && continue
				seg=${seg#"${seg%%[![:space:]]*}"}
				seg=${seg%"${seg##*[![:space:]]}"}
				[ -n "$seg" ] && rest+="${rest:+ && }$seg"
			done
			if [ -z "$rest" ]; then return 0; fi
			say "--local-go: running the rest of this RUN: $rest"
			text=$rest
		fi
		argv=(/bin/sh -c "$text")
	fi
	build_env
	# In the background, so that a signal to this script runs its trap at once.
	set +e
	in_root 0 "" "$IMG_WORKDIR" "${BENV[@]}" "${argv[@]}" </dev/null > >(tee "$log") 2>&1 &
	wait $!
	rc=$?
	wait # for tee
	set -e
	kill_strays
	return "$rc"
}

# ---------------------------------------------------------------------------
# Parse the Containerfile into instructions.

KW=() TEXT=() LINE=()
parse_containerfile() {
	local l n=0 cur="" start=0 cont=0
	finish() {
		local kw rest
		[[ $cur =~ ^[[:space:]]*([A-Za-z]+)([[:space:]]+(.*))?$ ]] || die "line $start: cannot parse: $cur"
		kw=${BASH_REMATCH[1]^^} rest=${BASH_REMATCH[3]}
		rest=${rest%"${rest##*[![:space:]]}"}
		KW+=("$kw") TEXT+=("$rest") LINE+=("$start")
		cur="" cont=0
	}
	while IFS= read -r l || [ -n "$l" ]; do
		n=$((n + 1))
		l=${l%$'\r'}
		if ((${#KW[@]} == 0 && !cont)) && [[ $l =~ ^#[[:space:]]*escape[[:space:]]*=[[:space:]]*([^[:space:]]*) ]]; then
			[ "${BASH_REMATCH[1]}" = "\\" ] || die "line $n: parser directive $l is not supported by this check"
			continue
		fi
		[[ $l =~ ^[[:space:]]*(#|$) ]] && continue
		if ((!cont)); then start=$n cur=""; fi
		cur+=$l
		if [[ $cur =~ \\[[:space:]]*$ ]]; then
			cur=${cur%"${BASH_REMATCH[0]}"}
			cont=1
		else
			finish
		fi
	done <"$CONTAINERFILE"
	((cont)) && finish
	((${#KW[@]})) || die "$CONTAINERFILE has no instructions"
	return 0
}

# ---------------------------------------------------------------------------

if [ -n "$EXPORT_BASE" ]; then
	R=$WORKDIR/base-export
	make_base docker.io/library/debian:12
	if [ -d /usr/local/share/ca-certificates ]; then
		mkdir -p "$R/usr/local/share/ca-certificates"
		cp -rL /usr/local/share/ca-certificates/. "$R/usr/local/share/ca-certificates/"
		say "NOTE: copied the host's extra CA certificates ($(find /usr/local/share/ca-certificates -name '*.crt' | wc -l)) into the base's /usr/local/share/ca-certificates; the official image has none"
	fi
	mkdir -p "$(dirname "$EXPORT_BASE")"
	tar -C "$R" --numeric-owner -cpf "$EXPORT_BASE.part" . && mv "$EXPORT_BASE.part" "$EXPORT_BASE"
	say "wrote the debian:12 root to $EXPORT_BASE ($(du -sh "$EXPORT_BASE" | cut -f1))"
	exit 0
fi

parse_containerfile
NSTEPS=${#KW[@]}
# Refuse what this check cannot do before spending time on a root.
nfrom=0
for ((k = 0; k < NSTEPS; k++)); do
	case ${KW[k]} in
	FROM) nfrom=$((nfrom + 1)) ;;
	ARG | ENV | WORKDIR | COPY | RUN | ENTRYPOINT | CMD | LABEL | EXPOSE | VOLUME | STOPSIGNAL | HEALTHCHECK | MAINTAINER) ;;
	*) die "line ${LINE[k]}: ${KW[k]} is not supported by this check" ;;
	esac
	if [ "${KW[k]}" != ARG ] && ((nfrom == 0)); then die "line ${LINE[k]}: ${KW[k]} before FROM"; fi
done
((nfrom == 1)) || die "$CONTAINERFILE has $nfrom FROM lines: only single-stage builds on debian:12 are supported"

say "containerfile-check: $CONTAINERFILE, $NSTEPS instructions; work directory $WORKDIR; $( ((LOCAL_GO)) && echo "--local-go" || echo "Go as the Containerfile fetches it")"
make_context_list

BUILD_START=$SECONDS
BUILD_RC=0
FAILED_STEP=""
IMG_WORKDIR=/
ENTRY=() CMD=() CMD_SET=0 ENTRY_SHELL=0 VOLUMES=()
for ((k = 0; k < NSTEPS; k++)); do
	kw=${KW[k]} text=${TEXT[k]} LINENO_CF=${LINE[k]} step=$((k + 1))
	say "STEP $step/$NSTEPS (line $LINENO_CF): $kw $text"
	t0=$SECONDS
	rc=0
	case $kw in
	FROM)
		split_words "$text"
		ref="" plat=""
		for w in "${WORDS[@]}"; do
			case $w in
			--platform=*) plat=${w#--platform=} ;;
			--*) die "line $LINENO_CF: FROM $w is not supported by this check" ;;
			*) [ -n "$ref" ] || ref=$w ;;
			esac
		done
		case $ref in
		debian:12 | library/debian:12 | docker.io/library/debian:12 | index.docker.io/library/debian:12 | docker.io/debian:12) ;;
		*) die "line $LINENO_CF: FROM $ref: this check can only emulate docker.io/library/debian:12 (debootstrap bookworm)" ;;
		esac
		[ -z "$plat" ] || [ "$plat" = "linux/$ARCH" ] || die "line $LINENO_CF: FROM --platform=$plat: this check only builds for the host, linux/$ARCH"
		STAGE=1
		do_from "$ref"
		;;
	ARG)
		split_words "$text"
		for w in "${WORDS[@]}"; do
			name=${w%%=*}
			[[ $name =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die "line $LINENO_CF: bad ARG $w"
			if ((!STAGE)); then
				if [[ $w == *=* ]]; then GLOBAL_ARGV[$name]=${w#*=}; else GLOBAL_ARGV[$name]=""; fi
				echo "  $name=${GLOBAL_ARGV[$name]} (before FROM)"
				continue
			fi
			if [[ ${AUTO_ARGS[$name]+x} ]]; then
				val=${AUTO_ARGS[$name]} how="set by the builder, as podman does"
			elif [[ $w == *=* ]]; then
				val=${w#*=} how="default"
			elif [[ ${GLOBAL_ARGV[$name]+x} ]]; then
				val=${GLOBAL_ARGV[$name]} how="from before FROM"
			else
				val="" how="no default: empty"
			fi
			[[ ${ARGV[$name]+x} ]] || ARG_ORDER+=("$name")
			ARGV[$name]=$val
			echo "  $name=$val ($how)"
		done
		;;
	ENV)
		split_words "$text"
		((${#WORDS[@]})) || die "line $LINENO_CF: ENV needs a value"
		pairs=()
		if [[ ${WORDS[0]} != *=* ]]; then
			# The old form: ENV NAME value with spaces.
			pairs=("${WORDS[0]}=${WORDS[*]:1}")
		else
			pairs=("${WORDS[@]}")
		fi
		for w in "${pairs[@]}"; do
			[[ $w == *=* ]] || die "line $LINENO_CF: ENV $w: expected NAME=value"
			name=${w%%=*}
			[[ $name =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die "line $LINENO_CF: bad ENV name $name"
			[[ ${ENVV[$name]+x} ]] || ENV_ORDER+=("$name")
			ENVV[$name]=${w#*=}
			echo "  $name=${ENVV[$name]}"
		done
		;;
	WORKDIR)
		split_words "$text"
		((${#WORDS[@]} == 1)) || die "line $LINENO_CF: WORKDIR needs one path"
		w=${WORDS[0]}
		[[ $w == /* ]] || w=$IMG_WORKDIR/$w
		IMG_WORKDIR=$(realpath -ms -- "$w")
		chroot "$R" mkdir -p -- "$IMG_WORKDIR"
		;;
	COPY)
		do_copy "$text"
		;;
	RUN)
		do_run "$text" "$step" || rc=$?
		;;
	ENTRYPOINT)
		if parse_json "$text"; then ENTRY=("${JSON[@]}") ENTRY_SHELL=0; else ENTRY=(/bin/sh -c "$text") ENTRY_SHELL=1; fi
		((CMD_SET)) || CMD=()
		echo "  recorded: ENTRYPOINT $(printf '[%q] ' "${ENTRY[@]}")"
		;;
	CMD)
		if parse_json "$text"; then CMD=("${JSON[@]}"); else CMD=(/bin/sh -c "$text"); fi
		CMD_SET=1
		echo "  recorded: CMD $(printf '[%q] ' "${CMD[@]}")"
		;;
	VOLUME)
		VOLUMES+=("$text")
		echo "  recorded, not emulated (the runs use the image's own directories)"
		;;
	*)
		echo "  $kw: image metadata, not emulated"
		;;
	esac
	if ((rc != 0)); then
		BUILD_RC=$rc FAILED_STEP="STEP $step/$NSTEPS (line $LINENO_CF): $kw $text"
		FAILED_LOG=$LOGDIR/step-$(printf %02d "$step").log
		say "STEP $step/$NSTEPS FAILED: exit code $rc after $((SECONDS - t0)) s (output: $FAILED_LOG)"
		break
	fi
	[ "$kw" = RUN ] && maybe_add_host_ca
	say "STEP $step/$NSTEPS done in $((SECONDS - t0)) s"
done
BUILD_TIME=$((SECONDS - BUILD_START))

if ((BUILD_RC != 0)); then
	echo
	echo "==== containerfile-check: BUILD FAILED ===="
	echo "failed:  $FAILED_STEP"
	echo "exit code $BUILD_RC; last lines of its output:"
	tail -n 5 "$FAILED_LOG" | sed 's/^/  | /'
	exit 1
fi
SIZE_BUILD=$(du -sxh "$R" | cut -f1)
say "build done in $BUILD_TIME s; root size $SIZE_BUILD"

# ---------------------------------------------------------------------------
# podman run: ENTRYPOINT+CMD, as root and as uid 1000.

if ((ENTRY_SHELL)); then RUN_ARGV=("${ENTRY[@]}"); else RUN_ARGV=("${ENTRY[@]}" "${CMD[@]}"); fi
((${#RUN_ARGV[@]})) || die "the image has neither ENTRYPOINT nor CMD"
if ! chroot "$R" getent passwd 1000 >/dev/null; then
	chroot "$R" useradd --create-home --uid 1000 --user-group --shell /bin/bash tester ||
		die "could not create user tester (uid 1000) in the root"
fi
TESTER=$(chroot "$R" getent passwd 1000 | cut -d: -f1)

declare -A RUN_RC=() RUN_TIME=()
for who in root "$TESTER"; do
	if [ "$who" = root ]; then us="" home=/root label=root; else us=1000:1000 home=$(chroot "$R" getent passwd 1000 | cut -d: -f6) label="$who (uid 1000)"; fi
	renv=("HOME=$home" "HOSTNAME=$HOSTNAME_C" container=podman)
	for k in "${ENV_ORDER[@]}"; do renv+=("$k=${ENVV[$k]}"); done
	log=$LOGDIR/run-$who.log
	say "RUN as $label: $(printf '%q ' "${RUN_ARGV[@]}")in $IMG_WORKDIR, network: loopback only, no DISPLAY (output: $log)"
	t0=$SECONDS
	set +e
	IN_ROOT_PREFIX=(timeout --kill-after=30 "$RUN_TIMEOUT")
	in_root 1 "$us" "$IMG_WORKDIR" "${renv[@]}" "${RUN_ARGV[@]}" </dev/null >"$log" 2>&1 &
	wait $!
	rc=$?
	IN_ROOT_PREFIX=()
	set -e
	kill_strays
	RUN_RC[$who]=$rc RUN_TIME[$who]=$((SECONDS - t0))
	((rc == 124)) && echo "  timed out after $RUN_TIMEOUT s (MPSIM_CHECK_RUN_TIMEOUT)"
	say "RUN as $label: exit code $rc in ${RUN_TIME[$who]} s; last 3 lines:"
	tail -n 3 "$log" | sed 's/^/  | /'
done
SIZE_END=$(du -sxh "$R" | cut -f1)

echo
echo "==== containerfile-check summary ===="
echo "build:          ok, $NSTEPS instructions in $BUILD_TIME s$( ((LOCAL_GO)) && echo " (--local-go: host /usr/local/go instead of the go.dev download)")"
for who in root "$TESTER"; do
	printf 'run as %-8s exit code %s in %s s: %s\n' "$who:" "${RUN_RC[$who]}" "${RUN_TIME[$who]}" "$(printf '%q ' "${RUN_ARGV[@]}")"
done
echo "root size:      $SIZE_BUILD after the build, $SIZE_END after the runs (du -sxh $R)"
echo "logs:           $LOGDIR"
if [ "${RUN_RC[root]}" = 0 ] && [ "${RUN_RC[$TESTER]}" = 0 ]; then
	echo "result:         PASS"
	exit 0
fi
echo "result:         FAIL (a run did not exit 0)"
exit 1
