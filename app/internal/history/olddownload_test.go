package history

import (
	"path/filepath"
	"testing"

	"mpsim/app/internal/session"
	"mpsim/bridge"
)

// lifecycleLog is a report's log with the lifecycle steps steps (a
// failed step's State is the activation result).
func lifecycleLog(steps ...session.LifecycleEvent) []session.LogEntry {
	log := []session.LogEntry{{Kind: session.KindResult, Text: "result"}}
	for i := range steps {
		log = append(log, session.LogEntry{Kind: session.KindLifecycle, Text: string(steps[i].Step), Lifecycle: &steps[i]})
	}
	return log
}

// History rows and reports saved before they said a failed eSIM download
// say it once read again, from the lifecycle steps of the report's log: a
// row whose launch asked for a failing activation is brought up to date
// as the history is listed, any row once its report is read
// (UpgradeOutcome: a full eSIM fails whatever the activation result). A
// download that succeeded after the failure, and rows that already say
// it, are kept. Before, such rows said only what the portal handed back.
func TestOldRowsSayTheFailedDownload(t *testing.T) {
	started := session.LifecycleEvent{Step: session.StepDownloadStarted}
	failed := func(result string) session.LifecycleEvent {
		return session.LifecycleEvent{Step: session.StepDownloadFailed, State: result}
	}
	installed := session.LifecycleEvent{Step: session.StepProfileInstalled}
	for _, c := range []struct {
		name       string
		activation string // the launch's lifecycle ActivationResult
		outcome    string // the row as an old version saved it
		log        []session.LogEntry
		listed     string // the row's Outcome as List gives it
		read       string // and once its report is read (UpgradeOutcome)
		failure    string // the report's DownloadFailure.Result, "" for none
	}{
		{"a failing activation", "serverFailure", "Complete", lifecycleLog(started, failed("serverFailure")),
			"Complete, eSIM download failed (serverFailure)", "Complete, eSIM download failed (serverFailure)", "serverFailure"},
		{"saved before rows kept an outcome", "serverFailure", "", lifecycleLog(started, failed("serverFailure")),
			"Complete, eSIM download failed (serverFailure)", "Complete, eSIM download failed (serverFailure)", "serverFailure"},
		{"a later download installed the profile", "serverFailure", "Complete", lifecycleLog(started, failed("serverFailure"), started, installed),
			"Complete", "Complete", ""},
		{"no download", "serverFailure", "Complete", lifecycleLog(), "Complete", "Complete", ""},
		{"a full eSIM", "", "Complete", lifecycleLog(started, failed(session.ActivationFull)),
			"Complete", "Complete, eSIM download failed (" + session.ActivationFull + ")", session.ActivationFull},
		{"a row that says it already", "serverFailure", "Complete, eSIM download failed (serverFailure)", lifecycleLog(started, failed("serverFailure")),
			"Complete, eSIM download failed (serverFailure)", "Complete, eSIM download failed (serverFailure)", "serverFailure"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := &Store{Dir: filepath.Join(t.TempDir(), "h")}
			rec := sampleRecord("old", bridge.VerdictPass)
			rec.Report.Result = &bridge.Result{Success: true}
			rec.Report.Result.PurchaseResult.MoDirectStatus = "Complete"
			rec.Report.Log = c.log // and no DownloadFailure: saved before reports kept it
			rec.Entry.Outcome = c.outcome
			rec.Entry.Launch.Lifecycle.ActivationResult = c.activation
			saved, err := s.Save(rec)
			if err != nil {
				t.Fatal(err)
			}
			list, _, err := s.List()
			if err != nil || len(list) != 1 {
				t.Fatalf("List = %+v, %v", list, err)
			}
			if got := list[0].Outcome; got != c.listed {
				t.Errorf("listed row's outcome %q, want %q", got, c.listed)
			}
			rep, err := s.Report(saved.ID)
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if f := rep.DownloadFailure; f != nil {
				got = f.Result
			}
			if got != c.failure {
				t.Errorf("the report's failed download %q, want %q", got, c.failure)
			}
			e := list[0]
			if changed := UpgradeOutcome(&e, rep); e.Outcome != c.read || changed != (c.read != c.listed) {
				t.Errorf("UpgradeOutcome: %q (changed %v), want %q", e.Outcome, changed, c.read)
			}
		})
	}
}
