package ui

import (
	"fmt"
	"strings"
	"testing"

	insp "mpsim/app/internal/inspect"
	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/app/internal/workspace"
	"mpsim/bridge"
	"mpsim/simulator"
)

// The status line after a session says what the verdict leaves out, as
// mpsim run's standard error does: a failed download (and the close-after
// step it made impossible), and a profile that did not fit on the saved
// eSIM, which is not "the device was not saved": the rest of it was.
func TestStatusSaysWhatTheVerdictLeavesOut(t *testing.T) {
	didNotFit := fmt.Errorf("%w: 8988247000100003319 (the eSIM holds 8 of its 8)", workspace.ErrProfileDidNotFit)
	tests := []struct {
		name      string
		out       workspace.Outcome
		want, not []string
	}{
		{"a failed download", workspace.Outcome{Report: session.Report{Verdict: "pass", Ended: session.EndedClosed,
			DownloadFailure: &session.DownloadFailure{Result: "insufficientSpaceOnCard", Detail: "the simulated eSIM is full", Unreached: session.StepRegistered}}, DeviceSaved: true},
			[]string{"Session ended (closed): verdict pass.", "The profile download failed with insufficientSpaceOnCard (the simulated eSIM is full), so networkRegistered could never come"}, []string{"not saved"}},
		{"a profile that did not fit", workspace.Outcome{Report: session.Report{Verdict: "pass", Ended: session.EndedHandBack}, DeviceSaved: true, DeviceSaveErr: didNotFit},
			[]string{"A profile the session installed did not fit on the saved eSIM"}, []string{"The device was not saved"}},
		{"a device not saved", workspace.Outcome{Report: session.Report{Verdict: "pass", Ended: session.EndedHandBack}, DeviceSaveErr: fmt.Errorf("disk full")},
			[]string{"The device was not saved: disk full"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestScreen(t, &sessiontest.FakeOpener{})
			plan := workspace.Plan{Config: session.Config{Device: simulator.Device{Kind: simulator.KindESIM}}}
			s.onSessionEnded(plan, tt.out, nil)
			for _, w := range tt.want {
				if !strings.Contains(s.status.Text, w) {
					t.Errorf("status %q lacks %q", s.status.Text, w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(s.status.Text, n) {
					t.Errorf("status %q says %q", s.status.Text, n)
				}
			}
		})
	}
}

// TestStatusFollowsTheRouteOfASinglePageApp: the status line names the
// page shown: after a pushState (a same-document navigation) its new URL,
// not the last page load's; other navigations (a sub-frame, a pop-up) do
// not change it.
func TestStatusFollowsTheRouteOfASinglePageApp(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	s.follow(session.LogEntry{Kind: session.KindNavigated, URL: "https://p.example/app/plans"})
	s.follow(session.LogEntry{Kind: session.KindNavigation, URL: "https://p.example/app/checkout",
		Navigation: &insp.Navigation{Kind: insp.NavSameDocument, URL: "https://p.example/app/checkout"}})
	if want := "Portal at https://p.example/app/checkout"; s.status.Text != want {
		t.Errorf("status after pushState %q, want %q", s.status.Text, want)
	}
	s.follow(session.LogEntry{Kind: session.KindNavigation, URL: "https://pay.example/popup",
		Navigation: &insp.Navigation{Kind: insp.NavPopup, URL: "https://pay.example/popup"}})
	if want := "Portal at https://p.example/app/checkout"; s.status.Text != want {
		t.Errorf("status after a pop-up %q, want %q", s.status.Text, want)
	}
}

// QA ciuser: after a watch's save the status line said what changed since
// the last run, cut off at the default window's width; the Result card
// names the findings gone and new in full.
func TestResultSaysWhatChangedSinceTheLastRun(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	plan := workspace.Plan{Config: session.Config{Device: simulator.Device{Kind: simulator.KindPSIM}}}
	before := session.Report{Verdict: "pass", Ended: session.EndedHandBack}
	after := session.Report{Verdict: "fail", Ended: session.EndedHandBack,
		Findings: []bridge.Finding{{Code: "iccid-missing-on-success", Severity: bridge.SeverityWarning, Field: "iccid"}}}
	s.onSessionEnded(plan, workspace.Outcome{Report: after}, &before)
	want := "Since the last run: verdict pass → fail; gone none; new 1 (iccid-missing-on-success [iccid])."
	if !strings.Contains(s.result.summary.Text, want) {
		t.Errorf("Result summary %q lacks %q", s.result.summary.Text, want)
	}
	if !strings.Contains(s.status.Text, "Since the last run: verdict pass → fail; 0 gone, 1 new.") {
		t.Errorf("status %q lacks the counts", s.status.Text)
	}
	s.onSessionEnded(plan, workspace.Outcome{Report: after}, nil)
	if strings.Contains(s.result.summary.Text, "Since the last run") {
		t.Errorf("a session not started by the watch still says %q", s.result.summary.Text)
	}
}
