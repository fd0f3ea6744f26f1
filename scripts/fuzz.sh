#!/usr/bin/env bash
# Runs every fuzz target of the module (each `func FuzzX` in a _test.go file)
# on its own for a budget: a duration (10s) or a count of executions
# (1000000x). Usage: scripts/fuzz.sh BUDGET [GO]
#
# A target fails when it writes a reproducer under testdata/fuzz or fails in
# any other way — with one exception. Go 1.26's fuzz coordinator can report a
# bare "context deadline exceeded" when a duration budget runs out on a loaded
# machine (golang/go#75804: it compares the parent context's error with the
# child's before cancellation reaches the child). That failure has found
# nothing: no "Failing input written", no new file in testdata/fuzz. Such a
# run, and only such a run, is retried (at most twice) and counted as a flake.
# Count budgets (Nx) have no deadline to race and are never retried. (The
# build uses Go 1.27 now, scripts/go-env.sh; the retry stays for a build with
# GOTOOLCHAIN=local on the installed Go 1.26.)
set -euo pipefail
# shellcheck source=scripts/go-env.sh
. "$(dirname "$0")/go-env.sh"

budget=${1:?usage: scripts/fuzz.sh BUDGET [GO]}
go_cmd=${2:-go}
max_retries=2
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# corpus_files lists the files of one target's corpus directory, sorted.
corpus_files() {
	local dir=$1/testdata/fuzz/$2
	[ -d "$dir" ] && find "$dir" -type f | sort
	return 0
}

# is_deadline_flake says whether the last run's failure is the coordinator
# race and nothing else: the deadline message, no reproducer written, no new
# corpus file.
is_deadline_flake() {
	local before=$1 after=$2
	grep -q 'context deadline exceeded' "$log" || return 1
	grep -q 'Failing input written' "$log" && return 1
	grep -qE '^\s+(panic:|.*_test\.go:[0-9]+:)' "$log" && return 1
	[ "$before" = "$after" ] || return 1
	case $budget in *x) return 1 ;; esac
	return 0
}

flakes=0
targets=0
for file in $(grep -rl --include='*_test.go' '^func Fuzz' . | sort); do
	dir=${file%/*}
	for target in $(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' "$file"); do
		targets=$((targets + 1))
		attempt=0
		while :; do
			echo "== $dir $target (-fuzztime $budget)"
			before=$(corpus_files "$dir" "$target")
			status=0
			"$go_cmd" test -run '^$' -fuzz "^$target\$" -fuzztime "$budget" "$dir" 2>&1 | tee "$log" || status=$?
			[ "$status" -eq 0 ] && break
			after=$(corpus_files "$dir" "$target")
			if is_deadline_flake "$before" "$after" && [ "$attempt" -lt "$max_retries" ]; then
				attempt=$((attempt + 1))
				flakes=$((flakes + 1))
				echo "fuzz: $target: Go's coordinator reported its own -fuzztime deadline with nothing found (golang/go#75804); retry $attempt of $max_retries" >&2
				continue
			fi
			echo "fuzz: $target failed; a reproducer, if any, is in $dir/testdata/fuzz/$target" >&2
			exit 1
		done
	done
done
echo "fuzz: $targets targets passed ($flakes coordinator-deadline retries)"
