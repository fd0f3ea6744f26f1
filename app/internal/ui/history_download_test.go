package ui

import (
	"path/filepath"
	"strings"
	"testing"

	"mpsim/app/internal/history"
	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/app/internal/workspace"
	"mpsim/bridge"
)

// A History row saved before rows said a failed eSIM download (its report
// without DownloadFailure, its launch with no failing activation: the
// eSIM was full) says the download failed once its report is read, when
// the row is selected, and the reopened session's line says it too.
func TestOldHistoryRowSaysTheFailedDownloadWhenReopened(t *testing.T) {
	store := &history.Store{Dir: filepath.Join(t.TempDir(), "history")}
	ev := []session.LifecycleEvent{{Step: session.StepDownloadStarted}, {Step: session.StepDownloadFailed, State: session.ActivationFull}}
	rep := session.Report{Verdict: bridge.VerdictPass, Ended: session.EndedHandBack, Result: &bridge.Result{Success: true},
		Log: []session.LogEntry{{Kind: session.KindLifecycle, Lifecycle: &ev[0]}, {Kind: session.KindLifecycle, Lifecycle: &ev[1]}}}
	rep.Result.PurchaseResult.MoDirectStatus = "Complete"
	e := history.EntryFor(history.SourceHost, workspace.Plan{}, rep)
	e.Outcome = "Complete" // as the version before saved it
	if _, err := store.Save(history.Record{Entry: e, Report: rep}); err != nil {
		t.Fatal(err)
	}
	s, _ := historyScreen(t, t.TempDir(), store, &sessiontest.FakeOpener{})
	want := "eSIM download failed (" + session.ActivationFull + ")"
	if line := historyLine(s.history.entries[0]); strings.Contains(line, want) {
		t.Fatalf("the row says %q before its report was read; the test needs an old row", line)
	}
	s.ShowTab(TabHistory)
	s.history.list.Select(0)
	if line := historyLine(s.history.entries[0]); !strings.Contains(line, want) {
		t.Errorf("row %q once reopened, want it to say %q", line, want)
	}
	if got := reopenedOutcome(s.shownEntry(), rep); !strings.Contains(got, want) {
		t.Errorf("reopened outcome %q, want it to say %q", got, want)
	}
}
