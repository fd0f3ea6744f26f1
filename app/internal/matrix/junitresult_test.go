package matrix

import (
	"strings"
	"testing"

	"mpsim/app/internal/session"
	"mpsim/bridge"
)

// A cell's JUnit system-out says what its hand-back was: a decoded one's
// success, status and plan, and for a payload that did not decode that
// there was none (not "success false, moDirectStatus , planName """).
func TestCellTextSaysWhatTheHandBackWas(t *testing.T) {
	malformed := bridge.Finding{Code: bridge.CodeJSONMalformed, Severity: bridge.SeverityError, Message: "m"}
	for _, tc := range []struct {
		name     string
		rep      session.Report
		want     string
		unwanted string
	}{
		{"decoded", session.Report{Result: &bridge.Result{Success: true, PurchaseResult: bridge.PurchaseResult{MoDirectStatus: "Complete", PlanName: "P"}}},
			`result: success true, moDirectStatus Complete, planName "P"`, ""},
		{"did not decode", session.Report{Result: &bridge.Result{}, Findings: []bridge.Finding{malformed}},
			"result: no decodable hand-back (json-malformed)", "success false"},
		{"none", session.Report{}, "", "result:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := cellText(CellResult{Cell: Cell{ID: "c"}, Status: StatusMet, Report: &tc.rep})
			if tc.want != "" && !strings.Contains(text, tc.want) || tc.unwanted != "" && strings.Contains(text, tc.unwanted) {
				t.Errorf("system-out:\n%s\nwant %q, not %q", text, tc.want, tc.unwanted)
			}
		})
	}
}
