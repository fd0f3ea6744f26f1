package matrix

import (
	"fmt"
	"time"

	"mpsim/app/internal/session"
	"mpsim/app/internal/workspace"
)

// CellOutcome is what a cell's expectations said of its session, as the
// run reports the cell: its status, each expectation met or not, and why
// it could not run. The history keeps it with the cell's session, so that
// the session exported from there (mpsim history export, the History
// tab's Export HTML…) shows the expectations the cell had, not ones made
// up for it.
type CellOutcome struct {
	Status Status  `json:"status"`
	Checks []Check `json:"checks,omitempty"`
	// Error says why the session could not run (StatusError).
	Error string `json:"error,omitempty"`
}

// CellRecorder is a workspace.Recorder that keeps a cell's outcome with
// its session (mpsim's history). RunCell hands it each cell's outcome as
// the session is saved; a Recorder that is no CellRecorder saves the
// session alone.
type CellRecorder interface {
	workspace.Recorder
	// RecordCell saves the session of a cell as Record does, with out,
	// what the cell's expectations said of it.
	RecordCell(plan workspace.Plan, rep session.Report, out CellOutcome) (string, error)
}

// CellReplacer is a CellRecorder that saves a cell's session again, with
// its outcome, in place of the one it saved as id (see
// workspace.Replacer).
type CellReplacer interface {
	CellRecorder
	ReplaceCell(id string, plan workspace.Plan, rep session.Report, out CellOutcome) (string, error)
}

// judgeCell is what the session of cell c, whose report is rep and which
// took took, says of the cell: skipped when the run was stopped under it
// (stopped), could not run when its window never came up, else met or not
// by the scenario's expectations (Evaluate).
func judgeCell(c Cell, rep session.Report, took time.Duration, stopped bool) CellOutcome {
	if rep.Ended == session.EndedCancelled && stopped {
		return CellOutcome{Status: StatusSkipped}
	}
	if !windowStarted(rep) {
		// Nothing of the portal was seen: the machine, not the portal, failed.
		why := fmt.Sprintf("the portal window never came up (session ended: %s after %s)", rep.Ended, took.Round(100*time.Millisecond))
		if last := rep.LastWindowError(); last != "" {
			why += ": " + last
		} else {
			why += "; the machine may be overloaded or WebKit broken — run again with --verbose"
		}
		return CellOutcome{Status: StatusError, Error: why}
	}
	checks := Evaluate(c.Scenario.Expect, rep, took)
	out := CellOutcome{Status: StatusMet, Checks: checks}
	for _, ch := range checks {
		if !ch.Met {
			out.Status = StatusUnmet
		}
	}
	return out
}

// cellRecording saves the session of one cell through a CellRecorder with
// the cell's outcome, judged (judgeCell) when the session is saved. It
// keeps how long the session took, measured then, for RunCell to judge
// the cell by the same measure as the history keeps it (an expectation
// may bound the duration).
type cellRecording struct {
	rec   CellRecorder
	cell  Cell
	start time.Time
	// stopped says whether the run was stopped (its context done).
	stopped func() bool
	// took is how long the session took, measured at its first save; 0
	// before it.
	took time.Duration
}

// judge is the outcome of the cell whose session's report is rep.
func (r *cellRecording) judge(rep session.Report) CellOutcome {
	if r.took == 0 {
		r.took = time.Since(r.start)
	}
	return judgeCell(r.cell, rep, r.took, r.stopped())
}

// Record saves the cell's session with its outcome.
func (r *cellRecording) Record(plan workspace.Plan, rep session.Report) (string, error) {
	return r.rec.RecordCell(plan, rep, r.judge(rep))
}

// cellReplacing is a cellRecording through a CellReplacer: a workspace
// Replacer too.
type cellReplacing struct {
	*cellRecording
	rep CellReplacer
}

// Replace saves the cell's session again, with its outcome, in place of
// the entry id.
func (r cellReplacing) Replace(id string, plan workspace.Plan, rep session.Report) (string, error) {
	return r.rep.ReplaceCell(id, plan, rep, r.judge(rep))
}

// cellRecorderFor is the recorder RunCell saves cell c's session with: rec
// itself unless it is a CellRecorder, else a cellRecording of it (a
// workspace.Replacer when rec is a CellReplacer), returned too.
func cellRecorderFor(rec workspace.Recorder, c Cell, start time.Time, stopped func() bool) (workspace.Recorder, *cellRecording) {
	cr, ok := rec.(CellRecorder)
	if !ok {
		return rec, nil
	}
	r := &cellRecording{rec: cr, cell: c, start: start, stopped: stopped}
	if rp, ok := rec.(CellReplacer); ok {
		return cellReplacing{r, rp}, r
	}
	return r, r
}
