package session

import (
	"strings"

	"mpsim/bridge"
)

// Expectation is what a correct portal does for a launch (a preset's
// expect, expect_status and expect_strict).
type Expectation struct {
	// Text says it in words, for people.
	Text string
	// Statuses are the moDirectStatus values a correct portal may hand back;
	// empty: no status is checked.
	Statuses []string
	// Strict makes another status an error; otherwise a warning, because a
	// clear error page instead of a hand-back is also correct.
	Strict bool
}

// check compares the moDirectStatus of a hand-back with the expected ones.
// met is nil when nothing was checked (no statuses, or no hand-back).
func (e Expectation) check(res *bridge.Result) (f bridge.Finding, met *bool) {
	if len(e.Statuses) == 0 || res == nil {
		return bridge.Finding{}, nil
	}
	got := res.PurchaseResult.MoDirectStatus
	ok := false
	for _, v := range e.Statuses {
		if strings.EqualFold(v, got) {
			ok = true
		}
	}
	if ok {
		return bridge.Finding{}, &ok
	}
	code := bridge.CodeExpectationDiffers
	if e.Strict {
		code = bridge.CodeExpectationNotMet
	}
	return bridge.NewFinding(code, "purchaseResult.moDirectStatus",
		"For this launch a correct portal hands back moDirectStatus %s (preset: %q); this one handed back %q.",
		strings.Join(e.Statuses, " or "), e.Text, got), &ok
}
