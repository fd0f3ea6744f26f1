#!/usr/bin/env bash
# The lint gate that `make lint` (and so `make test` and .ci/run) runs:
#
#   gofmt        every Go file is gofmt-formatted
#   vet          go vet, in the main module and in tools/
#   staticcheck  honnef.co/go/tools, pinned in tools/go.mod
#   gocyclo      no function (tests aside) over 15, except those in
#                scripts/gocyclo-allow.txt, a list that may only shrink
#   "shellcheck" the shell scripts (scripts/*.sh, .ci/run): no warning or
#                error from shellcheck (Debian's, installed by install-deps.sh)
#   tidy         go mod tidy -diff changes nothing (main module and tools/)
#   govulncheck  golang.org/x/vuln, pinned in tools/go.mod, against a local
#                database built from the golang.org/x/vulndb module
#   race         go test -race on every package that does not link WebKit
#
# Usage: scripts/lint.sh [CHECK...]   (no argument: every check, in that order)
#
# Every check runs even when an earlier one fails; the summary at the end
# names the failed checks and how to fix each locally. The linters come from
# the Go module proxy the first time and from the Go caches after that.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
# shellcheck source=scripts/go-env.sh
. scripts/go-env.sh
GO=${GO:-go}
TOOL=("$GO" tool -modfile=tools/go.mod)
GOFMT="$("$GO" env GOROOT)/bin/gofmt"

# The golang.org/x/vulndb version whose data/osv govulncheck reads. Newer
# data: pick a version from `go list -m -versions golang.org/x/vulndb`
# (the newest is listed last) and put it here.
VULNDB_VERSION=v0.0.0-20261105234957-e22db6528018
CACHE=${MPSIM_LINT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mpsim-lint}
CYCLO_OVER=15
CYCLO_ALLOW=scripts/gocyclo-allow.txt

failed=()

# fail records a failed check and prints how to fix it.
fail() {
	local check=$1
	shift
	failed+=("$check")
	printf 'lint: FAIL %s\n' "$check"
	printf '  fix: %s\n' "$@"
}

# begin prints the check's heading and starts its clock.
begin() {
	printf '\n== %s\n' "$1"
	SECONDS=0
}

# done_ok prints that the check passed and how long it took.
done_ok() {
	printf 'lint: ok %s (%ss)\n' "$1" "$SECONDS"
}

check_gofmt() {
	begin gofmt
	local files bad
	mapfile -t files < <(git ls-files --cached --others --exclude-standard '*.go')
	bad=$("$GOFMT" -l "${files[@]}")
	if [ -n "$bad" ]; then
		printf 'gofmt would change:\n%s\n' "$bad"
		fail gofmt "gofmt -w $(echo $bad)"
		return
	fi
	done_ok gofmt
}

check_vet() {
	begin vet
	if ! "$GO" vet ./... || ! (cd tools && "$GO" vet ./...); then
		fail vet "go vet ./...  (and: cd tools && go vet ./...) shows each report; fix the code"
		return
	fi
	done_ok vet
}

check_staticcheck() {
	begin staticcheck
	if ! "${TOOL[@]}" staticcheck ./... || ! (cd tools && "$GO" tool staticcheck ./...); then
		fail staticcheck "go tool -modfile=tools/go.mod staticcheck ./...  shows each finding; fix the code," \
			"or, where the finding is wrong, add //lint:ignore CHECK reason on the line before"
		return
	fi
	done_ok staticcheck
}

# check_gocyclo compares gocyclo's list of functions over $CYCLO_OVER with the
# allow-list. A line of the allow-list is "COMPLEXITY PACKAGE FUNCTION FILE",
# as gocyclo prints it without the line number. It fails when a function not
# on the list is over the limit, when a listed function grew, and when a
# listed function shrank, went under the limit or is gone, so that the list
# is trimmed as the code improves and can only get shorter.
check_gocyclo() {
	begin gocyclo
	local out errs
	errs=$(mktemp)
	# gocyclo exits 1 when it lists a function; only what it says on stderr
	# (the go command's download notes aside) means it did not run.
	out=$("${TOOL[@]}" gocyclo -over "$CYCLO_OVER" -ignore '_test\.go$|^third_party/' . 2>"$errs")
	grep -E '^go: (downloading|finding|extracting) ' "$errs" >&2
	if grep -qvE '^go: (downloading|finding|extracting) ' "$errs"; then
		cat "$errs"
		rm -f "$errs"
		fail gocyclo "go tool -modfile=tools/go.mod gocyclo -over $CYCLO_OVER . did not run; see its error above"
		return
	fi
	rm -f "$errs"
	local -A now=() allowed=()
	local n pkg fn file key problems=()
	while read -r n pkg fn file; do
		[ -n "$n" ] || continue
		key="$pkg $fn ${file%:*:*}"
		now[$key]=$n
	done <<<"$out"
	while read -r n pkg fn file; do
		[[ -z "$n" || "$n" == \#* ]] && continue
		key="$pkg $fn $file"
		allowed[$key]=$n
		if [ -z "${now[$key]:-}" ]; then
			problems+=("$key is on $CYCLO_ALLOW but now at most $CYCLO_OVER or gone: delete its line")
		elif ((now[$key] > n)); then
			problems+=("$key grew from $n to ${now[$key]}: simplify it back to $n or less (split it into functions)")
		elif ((now[$key] < n)); then
			problems+=("$key shrank from $n to ${now[$key]}: well done; write ${now[$key]} for it in $CYCLO_ALLOW")
		fi
	done <"$CYCLO_ALLOW"
	for key in "${!now[@]}"; do
		if [ -z "${allowed[$key]:-}" ]; then
			problems+=("$key has cyclomatic complexity ${now[$key]}, over $CYCLO_OVER: split it into smaller functions (new entries on $CYCLO_ALLOW are not the fix)")
		fi
	done
	if ((${#problems[@]})); then
		printf '%s\n' "${problems[@]}" | sort
		fail gocyclo "see each line above; check with: go tool -modfile=tools/go.mod gocyclo -over $CYCLO_OVER -ignore '_test\\.go\$' ."
		return
	fi
	printf '%d functions over %d, all on %s at their recorded complexity\n' "${#now[@]}" "$CYCLO_OVER" "$CYCLO_ALLOW"
	done_ok gocyclo
}

check_tidy() {
	begin tidy
	local ok=1
	"$GO" mod tidy -diff || ok=0
	(cd tools && "$GO" mod tidy -diff) || ok=0
	if ((!ok)); then
		fail tidy "go mod tidy  (and for the linters: cd tools && go mod tidy), then commit go.mod and go.sum"
		return
	fi
	done_ok tidy
}

# vulndb prints the folder of the local vulnerability database, building it
# from the golang.org/x/vulndb module the first time. Its messages go to
# stderr.
vulndb() {
	local db="$CACHE/vulndb-$VULNDB_VERSION" mod="golang.org/x/vulndb@$VULNDB_VERSION" info
	if [ ! -f "$db/index/db.json" ]; then
		mkdir -p "$CACHE" || return 1
		# Outside any module, so that go.sum is not touched.
		if ! info=$(cd "$CACHE" && "$GO" mod download "$mod" &&
			"$GO" list -m -f '{{.Dir}}|{{.Time.UTC.Format "2006-01-02T15:04:05Z07:00"}}' "$mod"); then
			echo "govulncheck: cannot download $mod from the Go module proxy" >&2
			return 1
		fi
		(cd tools && "$GO" run ./vulndb -osv "${info%|*}/data/osv" -modified "${info#*|}" -out "$db") >&2 || return 1
	fi
	echo "$db"
}

# check_govulncheck fails on a called vulnerability in a required module (the
# fix is in go.mod). Called vulnerabilities of the standard library are
# printed as a warning and do not fail the gate: their fix is a newer Go
# toolchain (PROJECT_GOTOOLCHAIN in scripts/go-env.sh), which may not be
# released yet.
check_govulncheck() {
	begin govulncheck
	local db out rc
	if ! db=$(vulndb); then
		fail govulncheck "the vulnerability data could not be built; see the messages above"
		return
	fi
	echo "govulncheck: database golang.org/x/vulndb@$VULNDB_VERSION (data/osv), published $(sed 's/.*"modified":"\([^"]*\)".*/\1/' "$db/index/db.json"), in $db"
	out=$("${TOOL[@]}" govulncheck -db "file://$db" ./... 2>&1)
	rc=$?
	printf '%s\n' "$out"
	case $rc in
	0) ;;
	3)
		if grep -q '^  Module: ' <<<"$out"; then
			fail govulncheck "go get MODULE@FIXED-VERSION for each module above ('Fixed in'), then go mod tidy"
			return
		fi
		echo "lint: WARNING govulncheck: the vulnerabilities above are in the Go standard library of $("$GO" env GOVERSION) (GOTOOLCHAIN=$GOTOOLCHAIN);" \
			"they are fixed by the newer Go release named in 'Fixed in': name it in PROJECT_GOTOOLCHAIN in scripts/go-env.sh. This does not fail the gate."
		;;
	*)
		fail govulncheck "govulncheck did not run (exit $rc); see its output above"
		return
		;;
	esac
	done_ok govulncheck
}

check_shellcheck() {
	begin shellcheck
	if ! command -v shellcheck >/dev/null; then
		fail shellcheck "shellcheck is not installed: run make deps (scripts/install-deps.sh installs it)"
		return
	fi
	local files
	mapfile -t files < <(git ls-files --cached --others --exclude-standard '*.sh' .ci/run)
	if ! shellcheck -S warning "${files[@]}"; then
		fail shellcheck "see each finding above (https://www.shellcheck.net/wiki/SCxxxx explains a code); check one file with: shellcheck -S warning FILE"
		return
	fi
	done_ok shellcheck
}

# racepackages prints the main module's packages that neither link WebKit
# nor have tests that do: those are the ones the race detector can run
# without a display or a web process. A package links WebKit when it, or
# anything it or its tests import, uses pkg-config's webkit2gtk.
racepackages() {
	local -A webkit=()
	local p cfg pkg deps d
	while read -r p cfg; do
		[[ "$cfg" == *webkit2gtk* ]] && webkit[$p]=1
	done < <("$GO" list -test -deps -f '{{if .CgoPkgConfig}}{{.ImportPath}} {{join .CgoPkgConfig " "}}{{end}}' ./...)
	local -A skip=()
	while read -r pkg deps; do
		pkg=${pkg%.test}
		for d in $pkg $deps; do
			if [ -n "${webkit[$d]:-}" ]; then
				skip[$pkg]=1
				break
			fi
		done
	done < <("$GO" list -test -f '{{.ImportPath}} {{join .Deps " "}}' ./... | sed 's/ \[[^]]*\]//')
	for p in $("$GO" list ./...); do
		if [ -n "${skip[$p]:-}" ]; then
			echo "race: skipping $p (links WebKit)" >&2
		else
			echo "$p"
		fi
	done
}

check_race() {
	begin race
	local pkgs
	if ! pkgs=$(racepackages) || [ -z "$pkgs" ]; then
		fail race "go list ./... failed; see its error above"
		return
	fi
	# The UI package's tests under the race detector took 17 min on 2 busy
	# cores (2026-12-06), so each package binary gets 30 min.
	# shellcheck disable=SC2086 # one package a word
	if ! "$GO" test -race -count=1 -timeout 30m $pkgs; then
		fail race "reproduce with: go test -race -count=1 -run TESTNAME ./PACKAGE; a DATA RACE report names the two goroutines"
		return
	fi
	done_ok race
}

all=(gofmt vet staticcheck gocyclo shellcheck tidy govulncheck race)
checks=("$@")
((${#checks[@]})) || checks=("${all[@]}")
for c in "${checks[@]}"; do
	if ! declare -F "check_$c" >/dev/null; then
		echo "lint: no check named $c; the checks are: ${all[*]}" >&2
		exit 2
	fi
done
start=$(date +%s)
for c in "${checks[@]}"; do
	"check_$c"
done
echo
if ((${#failed[@]})); then
	echo "lint: FAILED: ${failed[*]} ($(($(date +%s) - start))s). Each FAIL above says how to fix it; rerun one check with: scripts/lint.sh CHECK"
	exit 1
fi
echo "lint: all passed: ${checks[*]} ($(($(date +%s) - start))s)"
