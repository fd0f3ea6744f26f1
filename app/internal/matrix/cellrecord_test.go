package matrix

import (
	"testing"
	"time"

	"mpsim/app/internal/session"
	"mpsim/app/internal/workspace"
	"mpsim/bridge"
)

// plainRecorder saves sessions alone (a workspace.Recorder only).
type plainRecorder struct{ saved *int }

func (r plainRecorder) Record(workspace.Plan, session.Report) (string, error) {
	*r.saved++
	return "id", nil
}

// outcomeRecorder keeps the outcomes it is handed (a CellRecorder, no
// Replacer).
type outcomeRecorder struct{ outcomes *[]CellOutcome }

func (r outcomeRecorder) Record(workspace.Plan, session.Report) (string, error) { return "id", nil }
func (r outcomeRecorder) RecordCell(_ workspace.Plan, _ session.Report, out CellOutcome) (string, error) {
	*r.outcomes = append(*r.outcomes, out)
	return "id", nil
}

// outcomeReplacer is an outcomeRecorder that replaces too (a CellReplacer).
type outcomeReplacer struct{ outcomeRecorder }

func (r outcomeReplacer) ReplaceCell(id string, _ workspace.Plan, _ session.Report, out CellOutcome) (string, error) {
	*r.outcomes = append(*r.outcomes, out)
	return id + "-again", nil
}

// A cell's session goes to the history with what the cell's expectations
// said of it, judged as RunCell judges the cell (met, not met, could not
// run, skipped when the run was stopped), through a recorder that keeps
// it; one that does not is handed the session alone, and a recorder that
// cannot replace an entry is not made one (a workspace.Replacer).
func TestCellRecorderIsHandedTheCellsOutcome(t *testing.T) {
	c := Cell{ID: "hangs/esim/en-US", Scenario: Scenario{Name: "hangs", Expect: Expect{Verdict: "no-callback", Ended: session.EndedTimeout}}}
	ready := []session.LogEntry{{Kind: session.KindReady}}
	tests := []struct {
		name    string
		rep     session.Report
		stopped bool
		want    Status
	}{
		{"met", session.Report{Verdict: bridge.VerdictNoCallback, Ended: session.EndedTimeout, Log: ready}, false, StatusMet},
		{"not met", session.Report{Verdict: bridge.VerdictFail, Ended: session.EndedHandBack, Log: ready}, false, StatusUnmet},
		{"window never came up", session.Report{Verdict: bridge.VerdictNoCallback, Ended: session.EndedCrashed}, false, StatusError},
		{"stopped", session.Report{Verdict: bridge.VerdictNoCallback, Ended: session.EndedCancelled, Log: ready}, true, StatusSkipped},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []CellOutcome
			rec, recording := cellRecorderFor(outcomeReplacer{outcomeRecorder{&got}}, c, time.Now(), func() bool { return tt.stopped })
			if _, err := rec.Record(workspace.Plan{}, tt.rep); err != nil {
				t.Fatal(err)
			}
			id, err := rec.(workspace.Replacer).Replace("id", workspace.Plan{}, tt.rep)
			if err != nil || id != "id-again" {
				t.Fatalf("Replace = %q, %v", id, err)
			}
			if len(got) != 2 || got[0].Status != tt.want || got[1].Status != tt.want {
				t.Fatalf("outcomes %+v, want %s", got, tt.want)
			}
			judged := judgeCell(c, tt.rep, recording.took, tt.stopped)
			if judged.Status != got[0].Status || judged.Error != got[0].Error || len(judged.Checks) != len(got[0].Checks) {
				t.Errorf("RunCell would judge %+v, the history keeps %+v", judged, got[0])
			}
			if tt.want == StatusError && got[0].Error == "" {
				t.Error("no reason the cell could not run")
			}
		})
	}
	var got []CellOutcome
	if rec, _ := cellRecorderFor(outcomeRecorder{&got}, c, time.Now(), func() bool { return false }); rec == nil {
		t.Error("no recorder")
	} else if _, ok := rec.(workspace.Replacer); ok {
		t.Error("a CellRecorder that cannot replace became a workspace.Replacer")
	}
	saved := 0
	if rec, recording := cellRecorderFor(plainRecorder{&saved}, c, time.Now(), func() bool { return false }); recording != nil || rec != (plainRecorder{&saved}) {
		t.Errorf("a plain recorder was wrapped: %T", rec)
	}
	if rec, _ := cellRecorderFor(nil, c, time.Now(), func() bool { return false }); rec != nil {
		t.Errorf("no recorder became %T", rec)
	}
}
