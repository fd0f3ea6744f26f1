package matrix

import (
	"fmt"

	"mpsim/app/internal/session"
)

// StepNotRun is a scenario step a cell's session never reached: its number
// (from 1) and what it does in the cell (Cell.StepString).
type StepNotRun struct {
	Index int    `json:"index"`
	Step  string `json:"step"`
}

// StepsNotRun are the cell's scenario steps its session ended before, in
// order, and why in a phrase ("the portal handed back after step 3"):
// a hand-back a click brought about, a failed step, a timeout. They are
// nil for a cell whose session never ran (its Error says why) and one
// whose steps all ran.
func (r CellResult) StepsNotRun() ([]StepNotRun, string) {
	rep := r.Report
	if rep == nil || len(r.Scenario.Steps) == 0 {
		return nil, ""
	}
	ran := 0
	for _, e := range rep.Log {
		if e.Kind == session.KindStep && e.Step != nil {
			ran = max(ran, e.Step.Index)
		}
	}
	if ran >= len(r.Scenario.Steps) {
		return nil, ""
	}
	var out []StepNotRun
	for i := ran; i < len(r.Scenario.Steps); i++ {
		out = append(out, StepNotRun{Index: i + 1, Step: r.StepString(i)})
	}
	return out, notRunWhy(rep.Ended, ran)
}

// notRunWhy says why the steps after step ran (0: before any) were not
// run, from how the session ended.
func notRunWhy(ended string, ran int) string {
	after := "before the first step"
	if ran > 0 {
		after = fmt.Sprintf("after step %d", ran)
	}
	switch ended {
	case session.EndedHandBack:
		return "the portal handed back " + after
	case session.EndedStepFailed:
		return fmt.Sprintf("step %d failed", ran)
	case session.EndedTimeout:
		return "the session timed out " + after
	case session.EndedClosed:
		return "the portal window was closed " + after
	case session.EndedCrashed:
		return "the portal's window process died " + after
	case session.EndedUserCancelled:
		return "the portal left the operator experience " + after
	case session.EndedLoadFailed:
		return "the portal did not load"
	case session.EndedCancelled:
		return "the session was cancelled " + after
	case "":
		return "the session ended " + after
	}
	return fmt.Sprintf("the session ended (%s) %s", ended, after)
}

// StepsNotRunLine is StepsNotRun in one line for the command line and
// JUnit ("steps 4–5 not run: the portal handed back after step 3"), ""
// when every step ran.
func (r CellResult) StepsNotRunLine() string {
	steps, why := r.StepsNotRun()
	switch len(steps) {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf("step %d not run: %s", steps[0].Index, why)
	}
	return fmt.Sprintf("steps %d–%d not run: %s", steps[0].Index, steps[len(steps)-1].Index, why)
}
