package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/widget"

	"mpsim/app/internal/history"
	"mpsim/app/internal/session"
	"mpsim/bridge"
	"mpsim/simulator"
)

// bought is the conforming hand-back of a purchase.
func bought() *bridge.Result {
	return &bridge.Result{Success: true, ICCID: "8988247000101997790", ActivationCode: "1$smdp.contoso.example$ABC",
		PurchaseResult: bridge.PurchaseResult{UserAccount: "New", MoDirectStatus: "Complete", PlanName: "Contoso 5 GB — 30 days"}}
}

// A purchase whose eSIM download failed is not "You're connected": the
// plan was bought and nothing was installed, and the Result header and the
// History row say the download failed too (found by exploratory QA, who
// filled the eSIM to 8 of 8 and was told the customer was connected).
func TestPresenterSaysTheDownloadFailed(t *testing.T) {
	full := &session.DownloadFailure{Result: session.ActivationFull, Detail: "the simulated eSIM is full: 8 of 8 — full"}
	other := &session.DownloadFailure{Result: "other"}
	tests := []struct {
		name    string
		rep     session.Report
		outcome string // the presenter's outcome contains it
		detail  string // the presenter's caption or detail contains it
		verdict string // the Result header contains it
		row     string // the History row's outcome contains it
	}{
		{"eSIM full after a legacy hand-back",
			session.Report{Verdict: bridge.VerdictPass, Ended: session.EndedUserCancelled, Result: bought(), DownloadFailure: full},
			"Plan bought — but the eSIM download failed", "no room", "the eSIM download failed (insufficientSpaceOnCard)", "eSIM download failed (insufficientSpaceOnCard)"},
		{"another activation error",
			session.Report{Verdict: bridge.VerdictPass, Ended: session.EndedHandBack, Result: bought(), DownloadFailure: other},
			"Plan bought — but the eSIM download failed", "nothing was installed", "the eSIM download failed (other)", "eSIM download failed (other)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPresenterView("Contoso Mobile", nil, func() {}, func() {})
			p.buildUI()
			p.done(tt.rep, simulator.KindESIM)
			if !strings.Contains(p.outcome.Text, tt.outcome) || strings.Contains(p.outcome.Text, "connected") {
				t.Errorf("outcome %q, want %q", p.outcome.Text, tt.outcome)
			}
			if text := p.caption.Text + "\n" + p.detail.Text; !strings.Contains(text, tt.detail) || strings.Contains(text, "now uses the new plan") {
				t.Errorf("caption and detail:\n%s\nwant %q", text, tt.detail)
			}
			if p.outcome.Importance == widget.SuccessImportance {
				t.Error("a failed download is drawn as a success")
			}
			if got := verdictText(tt.rep); !strings.Contains(got, tt.verdict) {
				t.Errorf("verdict %q, want %q", got, tt.verdict)
			}
			if got := history.OutcomeOf(tt.rep); !strings.Contains(got, tt.row) || !strings.HasPrefix(got, "Complete") {
				t.Errorf("History outcome %q, want Complete and %q", got, tt.row)
			}
		})
	}
}
