package ui

import (
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"mpsim/app/internal/history"
	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/bridge"
	"mpsim/simulator"
)

// The History tab shows the sessions other processes saved (mpsim run in
// a terminal, a second window) when it is shown again and on Refresh,
// keeping the verdict filter and the selected row; it read the store only
// at start and after a session of its own (found by exploratory QA).
func TestHistoryShowsSessionsSavedElsewhere(t *testing.T) {
	store := &history.Store{Dir: filepath.Join(t.TempDir(), "history")}
	save := func(v bridge.Verdict, at time.Time) string {
		t.Helper()
		rep := session.Report{Verdict: v, Ended: session.EndedHandBack}
		e := history.Entry{Source: history.SourceRun, Verdict: v, Ended: rep.Ended, SIM: simulator.KindESIM, Time: at}
		saved, err := store.Save(history.Record{Entry: e, Report: rep})
		if err != nil {
			t.Fatal(err)
		}
		return saved.ID
	}
	first := save(bridge.VerdictPass, time.Now().Add(-time.Hour))
	s, _ := historyScreen(t, t.TempDir(), store, &sessiontest.FakeOpener{})
	s.ShowTab(TabHistory)
	p := s.history
	p.verdict.SetSelected(string(bridge.VerdictPass))
	p.list.Select(0)
	if p.selected != first {
		t.Fatalf("selected %q, want %q", p.selected, first)
	}
	reopened := 0
	p.do.reopen = func(history.Entry, session.Report) { reopened++ }

	tests := []struct {
		name string
		show func()
	}{
		{"the tab shown again", func() { s.ShowTab(TabResult); s.ShowTab(TabHistory) }},
		{"Refresh", func() { test.Tap(p.refreshBtn) }},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			save(bridge.VerdictFail, time.Now().Add(time.Duration(i)*time.Second)) // filtered out
			id := save(bridge.VerdictPass, time.Now().Add(time.Duration(i)*time.Second))
			tt.show()
			if p.find(id) < 0 {
				t.Fatalf("the session saved elsewhere is not listed (%d entries)", len(p.entries))
			}
			if p.verdict.Selected != string(bridge.VerdictPass) || len(p.shown) != i+2 {
				t.Errorf("filter %q shows %d rows, want PASS and %d", p.verdict.Selected, len(p.shown), i+2)
			}
			if p.selected != first || p.shownRow(first) < 0 {
				t.Errorf("the selection is %q, want %q kept", p.selected, first)
			}
			if p.exportBtn.Disabled() {
				t.Error("Export is off with a row selected")
			}
			if reopened != 0 {
				t.Errorf("keeping the selection reopened the session %d times", reopened)
			}
		})
	}
}
