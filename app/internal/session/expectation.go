package session

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"mpsim/bridge"
)

var (
	// leadingStatus matches expectations that start by naming the status a
	// correct portal hands back: "moDirectStatus InvalidSIM …".
	leadingStatus = regexp.MustCompile(`^\s*moDirectStatus\s+([A-Za-z]+(?:\s+or\s+[A-Za-z]+)*)`)
	orWord        = regexp.MustCompile(`\s+or\s+`)
	// strictStatus matches expectations that are nothing else.
	strictStatus = regexp.MustCompile(`^\s*moDirectStatus\s+[A-Za-z]+\s*$`)
)

// checkExpectation compares the moDirectStatus of a hand-back with the one a
// preset's expectation leads with. "moDirectStatus InvalidSIM" alone is
// strict (an error when missed); "moDirectStatus InvalidSIM or a clear error
// page" allows not handing back, so another status is a warning. Prose that
// does not lead with a status, or no hand-back, gives no finding.
func checkExpectation(expect string, res *bridge.Result) (bridge.Finding, bool) {
	m := leadingStatus.FindStringSubmatch(expect)
	if m == nil || res == nil {
		return bridge.Finding{}, false
	}
	var allowed []string
	for _, v := range orWord.Split(m[1], -1) {
		if slices.Contains(bridge.MoDirectStatusValues(), v) {
			allowed = append(allowed, v)
		}
	}
	if len(allowed) == 0 {
		return bridge.Finding{}, false
	}
	got := res.PurchaseResult.MoDirectStatus
	for _, v := range allowed {
		if strings.EqualFold(v, got) {
			return bridge.Finding{}, false
		}
	}
	want := strings.Join(allowed, " or ")
	code, sev := bridge.CodeExpectationDiffers, bridge.SeverityWarning
	if strictStatus.MatchString(expect) {
		code, sev = bridge.CodeExpectationNotMet, bridge.SeverityError
	}
	return bridge.Finding{
		Code: code, Severity: sev, Field: "purchaseResult.moDirectStatus", Section: "§2.2",
		Message: fmt.Sprintf("For this launch a correct portal hands back moDirectStatus %s (preset: %q); this one handed back %q.", want, expect, got),
	}, true
}
