package ui

import (
	"strings"
	"testing"

	"mpsim/app/internal/history"
	"mpsim/app/internal/session"
	"mpsim/bridge"
	"mpsim/simulator"
)

// Right-to-left text with numbers or Latin words in it is stored in the
// order a right-to-left paragraph shows its runs (Fyne places runs in
// stored order); everything else is left alone (found by localisation QA:
// a Hebrew plan name read "א30 בבבבבבבב" in the host).
func TestVisualOrder(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"hebrew with a number", "א 30 בבבבבבבב", "בבבבבבבב \u200e30\u200e א"},
		{"arabic with arabic-indic digits", "باقة غير محدودة ٣٠ يومًا", "يومًا \u200e٣٠\u200e باقة غير محدودة"},
		{"arabic with a latin brand", "باقة Contoso", "\u200eContoso\u200e باقة"},
		{"one right-to-left run", "חבילת גלישה", "חבילת גלישה"},
		{"latin", "Contoso 5 GB — 30 days", "Contoso 5 GB — 30 days"},
		{"latin first, hebrew inside", "Plan: בבב 30 ימים", "Plan: בבב 30 ימים"},
		{"empty", "", ""},
		{"two lines are left alone", "א 30\nב", "א 30\nב"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := visualOrder(tc.in); got != tc.want {
				t.Errorf("visualOrder(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// The host's sentences place a right-to-left plan name as an isolate, and
// the History search still finds the name as the portal handed it back.
func TestRightToLeftPlanNameInTheHost(t *testing.T) {
	const plan = "א 30 בבבבבבבב"
	rep := &session.Report{Verdict: bridge.VerdictPass, Result: &bridge.Result{Success: true}}
	rep.Result.PurchaseResult.PlanName = plan
	if got := handBackText(rep, "Contoso"); !strings.Contains(got, "you bought בבבבבבבב \u200e30\u200e א.") {
		t.Errorf("handBackText = %q: the name is not in right-to-left order", got)
	}
	if _, outcome, _ := presenterOutcome(*rep, simulator.KindESIM); !strings.Contains(outcome, "בבבבבבבב \u200e30\u200e א") {
		t.Errorf("presenter outcome %q: the name is not in right-to-left order", outcome)
	}
	e := history.Entry{PlanName: plan}
	if !historyMatches(e, "א 30") {
		t.Error("the History search does not find the name as it was handed back")
	}
}
