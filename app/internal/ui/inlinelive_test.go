package ui

import (
	"strings"
	"testing"

	"mpsim/app/internal/session"
	"mpsim/bridge"
)

// Loop QA: an inline call (the portal stays open, as in the app) was shown
// live as a hand-back, "recording the final page", with no verdict coming
// until the session's timeout.
func TestLiveResultOfAnInlineCallIsNoHandBack(t *testing.T) {
	res := &bridge.Result{Success: true, PurchaseResult: bridge.PurchaseResult{MoDirectStatus: "Complete", PlanName: "5 GB"}}
	tests := []struct {
		api, wantVerdict, wantSummary string
	}{
		{"MobilePlansInlineOperations.notifyProfileDownload", "Inline call — no errors so far", "made the inline call MobilePlansInlineOperations.notifyProfileDownload: it stays open, as in the app"},
		{"DataMart.notifyPurchaseResult", "Handed back — no errors so far", "The portal handed back; mpsim is recording its final page."},
	}
	for _, tc := range tests {
		t.Run(tc.api, func(t *testing.T) {
			c, _ := goldenResultCard(t)
			c.running("https://portal.example/")
			c.observe(session.LogEntry{Kind: session.KindCall, Call: &session.CallRecord{API: tc.api, Accepted: true}})
			c.observe(session.LogEntry{Kind: session.KindResult, Result: res})
			if got := c.verdict.Text; got != tc.wantVerdict {
				t.Errorf("verdict = %q, want %q", got, tc.wantVerdict)
			}
			if got := c.summary.Text; !strings.Contains(got, tc.wantSummary) {
				t.Errorf("summary = %q, want %q in it", got, tc.wantSummary)
			}
		})
	}
}

// Loop QA: the portal pane said "you bought …" while the Result tab said
// FAIL.
func TestHandBackTextOfAFailedHandBack(t *testing.T) {
	res := &bridge.Result{Success: true, PurchaseResult: bridge.PurchaseResult{PlanName: "Unlimited 5G"}}
	for _, tc := range []struct {
		verdict bridge.Verdict
		warn    bool
	}{{bridge.VerdictPass, false}, {bridge.VerdictFail, true}} {
		got := handBackText(&session.Report{Verdict: tc.verdict, Result: res}, "Contoso")
		if !strings.Contains(got, "you bought Unlimited 5G") || strings.Contains(got, "verdict fail") != tc.warn {
			t.Errorf("verdict %s: %q", tc.verdict, got)
		}
	}
}
