package session

import (
	"fmt"
	"strings"

	"mpsim/bridge"
)

// Change is what changed from one report to the next, for the developer
// loop (a run again after the portal changed): the verdicts, and the errors
// and warnings that went and came, by code and field ("enum-missing
// [purchaseResult.line]"; their messages quote values of each run, like its
// transactionId).
type Change struct {
	VerdictBefore, VerdictAfter bridge.Verdict
	Gone, New                   []string
}

// Changes compares the report before with the report after.
func Changes(before, after Report) Change {
	return Change{VerdictBefore: before.Verdict, VerdictAfter: after.Verdict,
		Gone: findingsNotIn(before.Findings, after.Findings), New: findingsNotIn(after.Findings, before.Findings)}
}

// String says it all: "verdict fail → pass; gone 2 (enum-missing
// [purchaseResult.line], …); new 1 (args-count [args])", or "the same
// verdict and errors and warnings".
func (c Change) String() string {
	if c.same() {
		return "the same verdict and errors and warnings"
	}
	return fmt.Sprintf("%sgone %s; new %s", c.verdict(), listOrNone(c.Gone), listOrNone(c.New))
}

// Short says it in counts, for a status line: "verdict fail → pass; 2
// gone, 1 new".
func (c Change) Short() string {
	if c.same() {
		return "the same verdict and errors and warnings"
	}
	return fmt.Sprintf("%s%d gone, %d new", c.verdict(), len(c.Gone), len(c.New))
}

func (c Change) same() bool {
	return c.VerdictBefore == c.VerdictAfter && len(c.Gone) == 0 && len(c.New) == 0
}

func (c Change) verdict() string {
	if c.VerdictBefore == c.VerdictAfter {
		return ""
	}
	return fmt.Sprintf("verdict %s → %s; ", c.VerdictBefore, c.VerdictAfter)
}

// findingsNotIn lists the errors and warnings of a that b does not have as
// many times, by code and field.
func findingsNotIn(a, b []bridge.Finding) []string {
	key := func(f bridge.Finding) string {
		if f.Field == "" {
			return f.Code
		}
		return f.Code + " [" + f.Field + "]"
	}
	left := map[string]int{}
	for _, f := range b {
		left[key(f)]++
	}
	var out []string
	for _, f := range a {
		if f.Severity == bridge.SeverityInfo {
			continue
		}
		if k := key(f); left[k] > 0 {
			left[k]--
		} else {
			out = append(out, k)
		}
	}
	return out
}

func listOrNone(items []string) string {
	if len(items) == 0 {
		return "none"
	}
	return fmt.Sprintf("%d (%s)", len(items), strings.Join(items, ", "))
}
