package ui

import (
	"strings"
	"testing"

	"mpsim/app/internal/history"
	"mpsim/app/internal/session"
	"mpsim/bridge"
	"mpsim/simulator"
)

// Comparing an en-US and a ja-JP purchase names the language (the
// Accept-Language header) and the SIM kind, and leaves out transactionId,
// which differs in every launch: it said only "The launch URLs differ:
// parameters transactionId" (found by exploratory QA).
func TestCompareNamesLanguageAndSIMNotTransactionID(t *testing.T) {
	launch := func(tx, lang string) simulator.Launch {
		return simulator.Launch{URL: "https://p.example/?market=US&transactionId=" + tx + "&eid=1",
			Headers: map[string]string{simulator.HeaderAcceptLanguage: lang}}
	}
	bought := &bridge.Result{Success: true, PurchaseResult: bridge.PurchaseResult{MoDirectStatus: "Complete", PlanName: "MyPlan"}}
	tests := []struct {
		name    string
		a, b    session.Report
		ea, eb  history.Entry
		want    []string
		notWant string
	}{
		{"language", session.Report{Verdict: bridge.VerdictPass, Result: bought, Launch: launch("a", "en-US")},
			session.Report{Verdict: bridge.VerdictPass, Result: bought, Launch: launch("b", "ja-JP")},
			history.Entry{SIM: simulator.KindESIM}, history.Entry{SIM: simulator.KindESIM},
			[]string{"Language en-US, then ja-JP (Accept-Language)."}, "transactionId"},
		{"SIM kind", session.Report{Verdict: bridge.VerdictPass, Result: bought, Launch: launch("a", "en-US")},
			session.Report{Verdict: bridge.VerdictPass, Result: bought, Launch: launch("b", "en-US")},
			history.Entry{SIM: simulator.KindESIM}, history.Entry{SIM: simulator.KindPSIM},
			[]string{"SIM eSIM, then Physical SIM."}, "transactionId"},
		{"only the transactionId", session.Report{Verdict: bridge.VerdictPass, Result: bought, Launch: launch("a", "en-US")},
			session.Report{Verdict: bridge.VerdictPass, Result: bought, Launch: launch("b", "en-US")},
			history.Entry{}, history.Entry{},
			[]string{"The same verdict, calls and findings."}, "launch URLs differ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := strings.Join(compareReports(tt.ea, tt.eb, tt.a, tt.b).Difference, "\n")
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("differences lack %q:\n%s", w, got)
				}
			}
			if strings.Contains(got, tt.notWant) {
				t.Errorf("differences name %q:\n%s", tt.notWant, got)
			}
		})
	}
}
