package matrix

import (
	"bytes"
	"strings"
	"testing"

	"mpsim/app/internal/session"
)

// stepsCell is a met cell of the steps scenario (stepsFile: 7 steps) whose
// session logged ran steps, the last of them ok unless lastFailed, and
// ended as ended.
func stepsCell(t *testing.T, ran int, lastFailed bool, ended string) CellResult {
	t.Helper()
	ss, err := parse(t, stepsFile)
	if err != nil {
		t.Fatal(err)
	}
	c := Expand(ss, nil)[0]
	steps, err := c.Scenario.sessionSteps(c.Lang)
	if err != nil {
		t.Fatal(err)
	}
	rep := &session.Report{Ended: ended}
	for i := range ran {
		res := session.StepResult{Index: i + 1, Step: steps[i], OK: true, Detail: "did it"}
		if lastFailed && i == ran-1 {
			res.OK, res.Error = false, "no visible element"
		}
		rep.Log = append(rep.Log, session.LogEntry{Kind: session.KindStep, Text: res.Text(), Step: &res})
	}
	return CellResult{Cell: c, Status: StatusMet, Report: rep}
}

// TestStepsNotRunSaysWhichAndWhy: the steps a session ended before (a
// click that made the portal hand back, a failed step, a timeout) are
// listed with why, so that a scenario whose later steps never ran does not
// read as if they had (last session's QA: the CLI and the report said
// nothing of them; only the GUI did).
func TestStepsNotRunSaysWhichAndWhy(t *testing.T) {
	tests := []struct {
		name       string
		ran        int
		lastFailed bool
		ended      string
		want       string
		first      string
	}{
		{"hand-back after step 4", 4, false, session.EndedHandBack, "steps 5–7 not run: the portal handed back after step 4", `screenshot "after-buy"`},
		{"hand-back before any step", 0, false, session.EndedHandBack, "steps 1–7 not run: the portal handed back before the first step", `wait_for "#form"`},
		{"a failed step", 2, true, session.EndedStepFailed, "steps 3–7 not run: step 2 failed", `choose "Unlimited" in "#plan"`},
		{"one left at a timeout", 6, false, session.EndedTimeout, "step 7 not run: the session timed out after step 6", "close the portal"},
		{"every step ran", 7, false, session.EndedClosed, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := stepsCell(t, tc.ran, tc.lastFailed, tc.ended)
			if got := r.StepsNotRunLine(); got != tc.want {
				t.Errorf("line = %q, want %q", got, tc.want)
			}
			steps, _ := r.StepsNotRun()
			if tc.first != "" && (len(steps) == 0 || steps[0].Step != tc.first || steps[0].Index != tc.ran+1) {
				t.Errorf("steps not run = %+v, want the first %d. %s", steps, tc.ran+1, tc.first)
			}
			if !strings.Contains(cellText(r), tc.want) {
				t.Errorf("JUnit system-out lacks %q:\n%s", tc.want, cellText(r))
			}
		})
	}
	if line := (CellResult{Cell: stepsCell(t, 0, false, "").Cell, Status: StatusError, Error: "no window"}).StepsNotRunLine(); line != "" {
		t.Errorf("a cell that never ran: %q, want nothing (its error says why)", line)
	}
}

// TestHTMLListsStepsNotRun: the report's steps table goes on after the
// steps a session performed with those it ended before, dimmed, each with
// why.
func TestHTMLListsStepsNotRun(t *testing.T) {
	r := stepsCell(t, 4, false, session.EndedHandBack)
	var b bytes.Buffer
	if err := WriteHTML(&b, Results{Cells: []CellResult{r}}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<tr class="met"><td><span role="img" aria-label="done">✓</span> 4</td>`,
		`<tr class="skipped"><td><span role="img" aria-label="not run">–</span> 5</td><td><code><bdi>screenshot &#34;<bdi>after-buy</bdi>&#34;</bdi></code></td><td><bdi>not run: the portal handed back after step 4</bdi></td>`,
		`<tr class="skipped"><td><span role="img" aria-label="not run">–</span> 7</td><td><code><bdi>close the portal</bdi></code></td>`,
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %s", want)
		}
	}
}
